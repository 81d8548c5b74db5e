"""The one event format of the stream (README "Stream"), validated and normalised before it is produced.

    {"event_id": "e1", "kind": "page_view", "at": "2026-11-05T10:00:00+08:00", "channel": "website",
     "cookie_id": "ck-9", "email": "li@example.cn", "phone": "138 0013 8000", "unionid": "...",
     "wecom_id": "...", "lead_id": "L1", "account_id": "ACC1", "account_name": "华东电力", "payload": {...}}

`event_id`, `kind` and `at` are required, and at least one identifier. Phones become E.164 and
emails lower case (the ingest parsers), so one person's events meet on one key whatever the source
wrote. `at_ms` (epoch milliseconds) is added for the Flink job's event time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..schema.models import clean_id, clean_text, parse_datetime, parse_email, parse_phone

KINDS = ("page_view", "ad_click", "form_submit", "search_lead", "wecom_message", "email_open", "call", "meeting")
IDENTIFIERS = ("lead_id", "phone", "email", "unionid", "wecom_id", "cookie_id")
HINTS = ("account_id", "account_name", "name", "company", "channel")
MAX_PAYLOAD_BYTES = 16_000
_KIND = re.compile(r"^[a-z][a-z0-9_.-]{0,63}$")


class BadEvent(InputError):
    def __init__(self, field: str, reason: str, value: Any = None):
        self.field, self.reason, self.value = field, reason, value
        super().__init__(f"{field}: {reason}")


def normalise(raw: Any) -> dict[str, Any]:
    """One event in canonical form, or BadEvent naming the field."""
    if not isinstance(raw, dict):
        raise BadEvent("(event)", "an event is a JSON object")
    ev: dict[str, Any] = {}
    ev["event_id"] = clean_id(raw.get("event_id"))
    if not ev["event_id"] or len(ev["event_id"]) > 200:
        raise BadEvent("event_id", "required, at most 200 characters", raw.get("event_id"))
    kind = (clean_text(raw.get("kind")) or "").lower().replace(" ", "_")
    if not _KIND.match(kind):
        raise BadEvent("kind", f"required: one of {', '.join(KINDS)} or another lower-case word", raw.get("kind"))
    ev["kind"] = kind
    try:
        at = parse_datetime(raw.get("at"))
    except ValueError as e:
        raise BadEvent("at", f"not a date-time ({e})", raw.get("at")) from None
    if not at:
        raise BadEvent("at", "required (ISO 8601, e.g. 2026-11-05T10:00:00+08:00)")
    ev["at"] = at  # UTC, "2026-11-05T02:00:00Z", as ingest stores times (no offset given: taken as UTC)
    ev["at_ms"] = int(datetime.fromisoformat(at).timestamp() * 1000)
    for key, parse in (("phone", parse_phone), ("email", parse_email)):
        try:
            ev[key] = parse(raw.get(key))
        except ValueError as e:
            raise BadEvent(key, str(e), raw.get(key)) from None
    for key in ("lead_id", "unionid", "wecom_id", "cookie_id", "account_id"):
        v = clean_id(raw.get(key))
        if v and len(v) > 200:
            raise BadEvent(key, "at most 200 characters", v[:40])
        ev[key] = v
    for key in ("account_name", "name", "company", "channel"):
        ev[key] = clean_text(raw.get(key))
    if not any(ev.get(k) for k in IDENTIFIERS):
        raise BadEvent("(identifiers)", f"give at least one of {', '.join(IDENTIFIERS)}")
    payload = raw.get("payload")
    if payload is not None:
        if not isinstance(payload, dict):
            raise BadEvent("payload", "must be a JSON object")
        text = json.dumps(payload, ensure_ascii=False)
        if len(text.encode()) > MAX_PAYLOAD_BYTES:
            raise BadEvent("payload", f"larger than {MAX_PAYLOAD_BYTES} bytes")
        ev["payload"] = text  # kept as a JSON string: the Flink job reads fields with JSON_VALUE
    return {k: v for k, v in ev.items() if v is not None}


def encode(ev: dict[str, Any]) -> bytes:
    return json.dumps(ev, ensure_ascii=False, separators=(",", ":")).encode()


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, dict[str, Any] | None]]:
    """(line, event, reject) per non-blank line: a bad line is a reject naming file, line and field."""
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield n, normalise(json.loads(line)), None
            except json.JSONDecodeError as e:
                yield n, None, {"file": str(path), "line": n, "field": "(json)", "reason": f"not JSON: {e.msg}"}
            except BadEvent as e:
                yield n, None, {"file": str(path), "line": n, "field": e.field, "reason": e.reason,
                                "value": None if e.value is None else str(e.value)[:200]}


def person_key(ev: dict[str, Any]) -> str | None:
    """The strongest identifier, as the Flink job keys windows by it (`lead_id:L1`, `phone:+86...`)."""
    return next((f"{k}:{ev[k]}" for k in IDENTIFIERS if ev.get(k)), None)


def identifiers(ev: dict[str, Any]) -> Iterable[tuple[str, str]]:
    return ((k, ev[k]) for k in IDENTIFIERS if ev.get(k))
