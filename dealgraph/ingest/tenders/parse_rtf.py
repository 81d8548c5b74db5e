"""RTF tender notices (older e-procurement systems and word processors save them) -> plain text -> Document.

The control words that carry text are read: paragraphs (\\par, \\line) end lines, table cells (\\cell) become
"|" cells of a row (\\row), \\tab a tab, \\'hh a byte in the document's code page (\\ansicpg, e.g. 936 for
Chinese), \\uN a Unicode character (its fallback character skipped). Destinations that hold no text of the
notice (font and colour tables, styles, document info, pictures, {\\* …} groups) are dropped.
"""

from __future__ import annotations

import re

from ...errors import InputError
from .model import Document
from .parse_text import parse_text

_TOKEN = re.compile(r"\\([a-zA-Z]+)(-?\d+)? ?|\\'([0-9a-fA-F]{2})|\\([\\{}~_\-*])|([{}])|([^\\{}]+)", re.DOTALL)
_SKIP = {"fonttbl", "colortbl", "stylesheet", "info", "pict", "header", "footer", "headerl", "headerr", "footerl",
         "footerr", "listtable", "listoverridetable", "revtbl", "rsidtbl", "generator", "xmlnstbl", "themedata",
         "colorschememapping", "datastore", "latentstyles", "object", "fldinst", "filetbl", "bkmkstart", "bkmkend"}


def rtf_text(data: bytes) -> str:
    raw = data.decode("latin-1")
    cp = re.search(r"\\ansicpg(\d+)", raw[:2000])
    codepage = f"cp{cp.group(1)}" if cp else "cp1252"
    out: list[str] = []
    pending = bytearray()  # \'hh bytes of one multi-byte character (GBK, Big5) collected before decoding
    stack: list[tuple[bool, int]] = []
    skip, uc, skip_next = False, 1, 0

    def flush() -> None:
        if pending:
            try:
                out.append(pending.decode(codepage, errors="replace"))
            except LookupError:
                out.append(pending.decode("cp1252", errors="replace"))
            pending.clear()

    for m in _TOKEN.finditer(raw):
        word, arg, hexbyte, escaped, brace, text = m.groups()
        if brace == "{":
            flush()
            stack.append((skip, uc))
            continue
        if brace == "}":
            flush()
            skip, uc = stack.pop() if stack else (False, 1)
            continue
        if skip_next and (hexbyte or text):  # the fallback after \uN
            if hexbyte:
                skip_next -= 1
                continue
            n = min(skip_next, len(text))
            text, skip_next = text[n:], skip_next - n
            if not text:
                continue
        if hexbyte:
            if not skip:
                pending.append(int(hexbyte, 16))
            continue
        flush()
        if escaped:
            if escaped == "*":
                skip = True
            elif not skip:
                out.append({"~": "\u00a0", "_": "-", "-": ""}.get(escaped, escaped))
            continue
        if word:
            if word in _SKIP:
                skip = True
            elif skip:
                continue
            elif word in ("par", "line", "sect", "page") or word == "row":
                out.append("\n")
            elif word == "cell":
                out.append(" | ")
            elif word == "tab":
                out.append("\t")
            elif word == "uc" and arg:
                uc = int(arg)
            elif word == "u" and arg:
                out.append(chr(int(arg) % 65536))
                skip_next = uc
            continue
        if text and not skip:
            out.append(text.replace("\r", "").replace("\n", ""))
    flush()
    # A row's cells end in " | ": one row per line, "a | b | c".
    return "\n".join(line.strip().removesuffix("|").strip() for line in "".join(out).split("\n"))


def parse_rtf(data: bytes, source: str) -> Document:
    text = rtf_text(data)
    if not text.strip():
        raise InputError(f"{source}: an RTF file with no text in it.")
    doc = parse_text(text, source)
    doc.fmt = "rtf"
    return doc
