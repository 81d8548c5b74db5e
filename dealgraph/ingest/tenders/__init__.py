"""Tender documents (招标公告 / 采购公告 / RFPs): parse PDF, HTML and text into fields with provenance.

    from dealgraph.ingest.tenders import parse_file
    parsed = parse_file("notice.pdf")      # -> ParsedTender; .to_dict() for JSON
"""

from .parse import parse_bytes, parse_file

__all__ = ["parse_bytes", "parse_file"]
