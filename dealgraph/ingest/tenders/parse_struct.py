"""Structured downloads (JSON such as OCDS releases, XML such as eForms notices) -> "label: value" lines -> Document.

Portals offer a notice as data as well as a page. Each leaf value becomes a line labelled by its last keys in
words ("tender.tenderPeriod.endDate" -> "Tender Period End Date: …", "cbc:EstimatedOverallContractAmount
currencyID=EUR" -> "Estimated Overall Contract Amount: 1240000 EUR"); an amount beside its currency is one value,
a date beside its time one instant; each object of a list opens a numbered heading ("Lot 2"). The text parser and
the field extractors then read the lines as they read any notice.
"""

from __future__ import annotations

import json
import re

from ...errors import InputError
from .model import Document
from .parse_text import parse_text

# Keys that say nothing alone: the key above them names the field ("buyer.name" -> "Buyer Name").
_GENERIC = {"name", "id", "title", "value", "amount", "description", "text", "date", "enddate", "starttime", "endtime",
            "startdate", "currency", "content", "label", "code", "type", "url", "uri", "identifier", "number"}


def _words(key: str) -> str:
    key = key.split(":")[-1].split("}")[-1]  # XML prefixes and namespaces
    key = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|[_\-.]", " ", key)
    return " ".join(w[:1].upper() + w[1:] for w in key.split())


# Containers that only wrap a name or an id ("cac:Party/cac:PartyName/cbc:Name"): the key above them names it.
_WRAPPERS = {"party", "partyname", "partyidentification", "partylegalentity", "company", "organization", "organisation"}


def _label(path: list[str]) -> str:
    keys = [k for k in path if not k.isdigit()]
    if not keys:
        return "Value"
    last = keys[-1]
    if len(keys) == 1 or last.split(":")[-1].lower() not in _GENERIC:
        return _words(last)
    up = [k for k in keys[:-1] if k.split(":")[-1].lower() not in _WRAPPERS] or keys[:-1]
    parent = _words(up[-1])
    word = _words(last)
    return parent if parent.endswith(word) else f"{parent} {word}"


def _lines_json(node, path: list[str], out: list[str]) -> None:
    if isinstance(node, dict):
        low = {k.lower(): k for k in node}
        if "amount" in low and "currency" in low and not isinstance(node[low["amount"]], (dict, list)):
            out.append(f"{_label(path)}: {node[low['amount']]} {node[low['currency']]}")
            rest = {k: v for k, v in node.items() if k not in (low["amount"], low["currency"])}
            node = rest
        for date_key, time_key in (("enddate", "endtime"), ("startdate", "starttime")):
            if date_key in low and time_key in low:
                node = dict(node)
                node[low[date_key]] = f"{node[low[date_key]]} {node.pop(low[time_key])}"
        for k, v in node.items():
            _lines_json(v, path + [k], out)
    elif isinstance(node, list):
        if all(not isinstance(x, (dict, list)) for x in node):
            if node:
                out.append(f"{_label(path)}: {', '.join(str(x) for x in node)}")
            return
        name = re.sub(r"(?<=[^s])s$", "", _words(path[-1])) if path else "Item"  # "lots" -> "Lot"
        for i, x in enumerate(node, start=1):
            title = next((x[k] for k in x if k.lower() in ("title", "name")), None) if isinstance(x, dict) else None
            money = next((k for k, v in x.items() if isinstance(v, dict) and {"amount", "currency"} <= {a.lower() for a in v}),
                         None) if isinstance(x, dict) else None
            line = f"{name} {i}: {title}" if title else f"{name} {i}"  # "Lot 2: Servers, budget: 36000 GBP"
            if money:
                m = {a.lower(): v for a, v in x[money].items()}
                line += f", budget: {m['amount']} {m['currency']}"
            out.append(line)
            rest = {k: v for k, v in x.items() if k.lower() not in ("title", "name", "id") and k != money} \
                if isinstance(x, dict) else x
            _lines_json(rest, path[:-1] + [name], out)
    elif node not in (None, ""):
        out.append(f"{_label(path)}: {node}")


def _lines_xml(elem, path: list[str], out: list[str]) -> None:
    tag = elem.tag.split("}")[-1]
    here = path + [tag]
    text = (elem.text or "").strip()
    kids = list(elem)
    units = " ".join(v for k, v in elem.attrib.items() if re.search(r"currency|unit", k, re.IGNORECASE))
    if text and not kids:
        out.append(f"{_label(here)}: {text}{' ' + units if units else ''}")
        return
    names = [k.tag.split("}")[-1].lower() for k in kids]
    done = set()
    if "enddate" in names and "endtime" in names:  # eForms: <cbc:EndDate> and <cbc:EndTime> of one period
        d, t = kids[names.index("enddate")], kids[names.index("endtime")]
        day = re.sub(r"(?<=\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})$", "", (d.text or "").strip())  # the zone is the time's
        out.append(f"{_label(here + ['EndDate'])}: {day} {(t.text or '').strip()}")
        done = {id(d), id(t)}
    for k in kids:
        if id(k) not in done:
            _lines_xml(k, here, out)


def struct_text(data: bytes, source: str) -> str | None:
    """The lines of a JSON or XML download, or None when the data is neither."""
    head = data.lstrip()[:200]
    if head[:1] in (b"{", b"["):
        try:
            obj = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            return None
        out: list[str] = []
        _lines_json(obj, [], out)
        return "\n".join(out)
    if head.startswith(b"<?xml") and b"<html" not in data[:2000].lower():
        import xml.etree.ElementTree as ET

        try:
            root = ET.fromstring(data)
        except ET.ParseError as e:
            raise InputError(f"{source}: XML that does not parse ({e}); save the notice as PDF or HTML and retry.") from e
        out = []
        _lines_xml(root, [], out)
        return "\n".join(out)
    return None


def parse_struct(text: str, source: str, fmt: str) -> Document:
    doc = parse_text(text, source)
    doc.fmt = fmt
    return doc
