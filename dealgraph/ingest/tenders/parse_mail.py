"""E-mail notices (.eml, raw MIME) -> Document: the cover mail first, then each attachment as a section.

Subject becomes the title candidate. The mail's Date header is *not* offered as a publication date: it is when
the mail was sent, which the notice itself may contradict, so it is left out of the tree. A calendar invite's
DTSTART/DTEND are kept as key/value lines ("Calendar start: ...") the extractors can see, never as the deadline.
Attachments are parsed from memory; nothing is written to disk.
"""

from __future__ import annotations

import email
import re
from email import policy
from email.message import Message

from ...errors import InputError
from .model import Block, Document

_MAIL_HEAD = re.compile(rb"^(?:(?:Return-Path|Received|From|To|Subject|Date|Message-ID|MIME-Version|Content-Type|"
                        rb"X-[\w-]+|Delivered-To|Reply-To|Cc)\s*:.*\r?\n(?:[ \t].*\r?\n)*){3,}", re.IGNORECASE)


def looks_like_mail(data: bytes, source: str) -> bool:
    if source.lower().endswith(".eml"):
        return True
    head = data[:8192]
    return bool(_MAIL_HEAD.match(head)) and b"\n\n" in head.replace(b"\r\n", b"\n") and re.search(
        rb"^(?:MIME-Version|Content-Type)\s*:", head, re.IGNORECASE | re.MULTILINE) is not None


def _text_of(part: Message) -> str:
    raw = part.get_payload(decode=True) or b""
    cs = (part.get_content_charset() or "").lower()
    # gb2312/gbk mails often carry GB18030-only characters; GB18030 is their superset.
    tries = (["gb18030"] if cs in ("gb2312", "gbk", "gb18030", "x-gbk") else [cs] if cs else []) + \
        ["utf-8", "gb18030", "big5"]
    for enc in tries:
        try:
            return raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("utf-8", errors="replace")


def _calendar(text: str) -> list[str]:
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    out = []
    names = {"SUMMARY": "Calendar summary", "DTSTART": "Calendar start", "DTEND": "Calendar end",
             "LOCATION": "Calendar location"}
    for line in unfolded.splitlines():
        m = re.match(r"^(SUMMARY|DTSTART|DTEND|LOCATION)((?:;[^:]*)?):(.*)$", line.strip())
        if not m:
            continue
        value = m.group(3).strip()
        d = re.fullmatch(r"(\d{4})(\d\d)(\d\d)(?:T(\d\d)(\d\d)(\d\d)?(Z)?)?", value)
        if d:
            value = f"{d[1]}-{d[2]}-{d[3]}" + (f" {d[4]}:{d[5]}" if d[4] else "") + (" UTC" if d[7] else "")
            tz = re.search(r"TZID=([^;:]+)", m.group(2) or "")
            if tz and not d[7]:
                value += f" ({tz.group(1)})"
        out.append(f"{names[m.group(1)]}: {value}")
    return out


_KNOWN = (".pdf", ".docx", ".xlsx", ".xlsm", ".csv", ".tsv", ".html", ".htm", ".txt", ".eml", ".md")


def _readable_kind(name: str, payload: bytes) -> bool:
    """A notice format by name or by content; other binaries (images, archives, signatures) are skipped."""
    if name.lower().endswith(_KNOWN) or payload[:5] == b"%PDF-":
        return True
    return b"\x00" not in payload[:4096] and payload[:4] != b"PK\x03\x04"


def parse_mail(data: bytes, source: str) -> Document:
    from .parse import to_document  # the attachment's own parser, chosen by content like any file
    from .parse_html import parse_html
    from .parse_text import parse_text

    msg = email.message_from_bytes(data, policy=policy.default)
    subject = str(msg.get("Subject") or "").strip() or None
    blocks: list[Block] = []
    plain: str | None = None
    html: str | None = None
    attachments: list[tuple[str, bytes]] = []
    calendar: list[str] = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        filename = part.get_filename()
        if ctype == "text/calendar":
            calendar += _calendar(_text_of(part))
        elif filename or part.get_content_disposition() == "attachment":
            payload = part.get_payload(decode=True) or b""
            # Only the name's last component is used, as a label: the mail's path is never trusted or written.
            name = re.split(r"[\\/]", filename or "attachment")[-1] or "attachment"
            if payload.strip():
                attachments.append((name, payload))
        elif ctype == "text/plain" and plain is None:
            plain = _text_of(part)
        elif ctype == "text/html" and html is None:
            html = _text_of(part)
    pages = 1
    if subject:
        blocks.append(Block("line", 1, subject, level=1))
    if plain and plain.strip():
        blocks += parse_text(plain, source).blocks
    elif html and html.strip():
        blocks += parse_html(html, source).blocks
    blocks += [Block("line", 1, c) for c in calendar]
    unreadable = []
    for name, payload in attachments:
        if not _readable_kind(name, payload):
            unreadable.append(f"{name} (not a notice format)")
            continue
        try:
            sub = to_document(payload, name)
        except InputError as exc:
            unreadable.append(f"{name} ({exc})")
            continue
        blocks.append(Block("line", pages + 1 if sub.pages else pages, f"附件 Attachment: {name}", level=1))
        blocks += [Block(b.kind, b.page + pages, b.text, b.rows, b.level if b.level is None else b.level + 1, b.tag)
                   for b in sub.blocks]
        pages += sub.pages
    if not any((b.text or b.rows) for b in blocks if b.text != subject):
        why = f"; attachments not readable: {'; '.join(unreadable)}" if unreadable else ""
        raise InputError(f"{source}: a mail with no readable text part or attachment{why}.")
    return Document(source, "mail", pages, blocks, subject)
