"""Entry point: a file or bytes -> ParsedTender, choosing the parser from content, not only the name."""

from __future__ import annotations

from pathlib import Path

from ...errors import InputError
from .extract import extract
from .model import Document, ParsedTender
from .parse_html import parse_html
from .parse_text import parse_text


def _decode(data: bytes, source: str) -> str:
    for enc in ("utf-8-sig", "gb18030", "big5"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{source}: text is neither UTF-8 nor GB18030; save it as UTF-8 and retry.")


def parse_pdf_auto(data: bytes, source: str) -> Document:
    """pdfplumber for ordinary notices; PDFium past `DEALGRAPH_PDF_FAST_PAGES` pages (default 10), where
    pdfplumber's pure-Python glyph interpretation (~0.2 s a page) would take too long. Both give the same
    Document; `DEALGRAPH_PDF_ENGINE=pdfplumber|pdfium` forces one."""
    import io

    from ...config import get_settings

    settings = get_settings()
    engine = settings.pdf_engine.lower()
    src = source if Path(source).is_file() else io.BytesIO(data)
    if engine == "auto":
        try:
            import pypdfium2 as pdfium

            doc = pdfium.PdfDocument(data)
            pages = len(doc)
            doc.close()
        except Exception:  # noqa: BLE001 - any PDFium failure falls back to pdfplumber
            pages = 0
        engine = "pdfium" if pages > settings.pdf_fast_pages else "pdfplumber"
    if engine == "pdfium":
        from .parse_pdfium import parse_pdfium

        return parse_pdfium(data, source)
    from .parse_pdf import parse_pdf

    return parse_pdf(src, source)


def to_document(data: bytes, source: str) -> Document:
    head = data[:1024].lstrip().lower()
    if data[:5] == b"%PDF-" or source.lower().endswith(".pdf"):

        return parse_pdf_auto(data, source)
    if data[:4] == b"PK\x03\x04" and (source.lower().endswith(".docx") or b"word/document.xml" in data[:65536]):
        from .parse_docx import parse_docx

        return parse_docx(data, source)
    if data[:4] == b"PK\x03\x04" and (source.lower().endswith((".xlsx", ".xlsm")) or b"xl/workbook.xml" in data[:65536]):
        from .parse_sheet import parse_xlsx

        return parse_xlsx(data, source)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" and source.lower().endswith((".xlsx", ".xlsm")):
        raise InputError(f"{source}: an encrypted (password-protected) workbook; remove the password and retry.")
    if source.lower().endswith(".docx"):
        raise InputError(f"{source}: not a Word .docx file (no ZIP package inside); save it again as .docx or PDF.")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" and source.lower().endswith(".msg"):
        raise InputError(f"{source}: an Outlook .msg message; save it as .eml (or print the notice to PDF) and retry.")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" and source.lower().endswith(".xls"):
        raise InputError(f"{source}: a legacy Excel .xls workbook; save it as .xlsx or CSV and retry.")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise InputError(f"{source}: a legacy Word .doc file; save it as .docx or PDF and retry.")
    if data.lstrip()[:1] in (b"{", b"[") or data.lstrip()[:5] == b"<?xml":
        from .parse_struct import parse_struct, struct_text

        lines = struct_text(data, source)
        if lines is not None:
            return parse_struct(lines, source, "json" if data.lstrip()[:1] in (b"{", b"[") else "xml")
    if data.lstrip()[:5] == b"{\\rtf":
        from .parse_rtf import parse_rtf

        return parse_rtf(data, source)
    from .parse_mail import looks_like_mail

    if looks_like_mail(data, source):
        from .parse_mail import parse_mail

        return parse_mail(data, source)
    if source.lower().endswith((".csv", ".tsv")):
        from .parse_sheet import parse_csv

        return parse_csv(data, source)
    text = _decode(data, source)
    if source.lower().endswith((".html", ".htm", ".xhtml")) or head.startswith((b"<!doctype html", b"<html")) \
            or b"<table" in data[:20000].lower() or b"<body" in data[:4096].lower():
        return parse_html(text, source)
    return parse_text(text, source)


def parse_bytes(data: bytes, source: str = "<bytes>") -> ParsedTender:
    if not data.strip():
        raise InputError(f"{source}: the file is empty; give a tender notice in PDF, HTML, Word .docx or text.")
    doc = to_document(data, source)
    if not any(t.strip() for _, t in doc.lines()):
        what = "a scanned image without a text layer? Run OCR first" if doc.fmt == "pdf" else "nothing to read"
        raise InputError(f"{source}: no text found ({what}).")
    return extract(doc)


def parse_file(path: str | Path) -> ParsedTender:
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file; give the path of a tender notice (PDF, HTML, Word .docx or text).")
    return parse_bytes(p.read_bytes(), str(p))
