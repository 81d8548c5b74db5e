"""Row transforms named by `transform = "..."` in a mapping: (mapped values, raw row) -> values.

They fix what a column mapping alone cannot: masked phones, participants that must be split
into our user and the customer, ids that must be derived. Raise ValueError to reject a row.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

Values = dict[str, Any]
Transform = Callable[[Values, dict[str, Any]], Values]

_MASKED = re.compile(r"[*＊xX]{3,}")


def _unmask_phone(values: Values) -> Values:
    """Ad platforms often export masked phones (138****8000): partial evidence, not a bad row."""
    phone = values.get("phone")
    if isinstance(phone, str) and _MASKED.search(phone):
        values["phone"] = None
    return values


def lead_export(values: Values, raw: dict[str, Any]) -> Values:
    values = _unmask_phone(values)
    if not values.get("id"):
        # Some exports have no lead id: derive a stable one from who and when.
        key = "|".join(str(values.get(k) or "") for k in ("phone", "email", "name", "created_at"))
        if key.strip("|"):
            values["id"] = "h" + hashlib.sha1(key.encode()).hexdigest()[:16]
    return values


def _ids(v: Any) -> list[str]:
    if v is None:
        return []
    if isinstance(v, list):
        return [str(x).strip() for x in v if str(x).strip()]
    return [x.strip() for x in re.split(r"[;,|，；\s]+", str(v)) if x.strip()]


def _is_external(userid: str) -> bool:
    # WeCom external contact ids start with "wm" or "wo"; our staff have plain userids.
    return userid.startswith(("wm", "wo"))


def wecom_message(values: Values, raw: dict[str, Any]) -> Values:
    sender = _ids(values.get("user_id"))
    receivers = _ids(values.get("contact_ids"))
    people = sender + [r for r in receivers if r not in sender]
    external = [p for p in people if _is_external(p)]
    internal = [p for p in people if not _is_external(p)]
    if not external:
        raise ValueError("message has no external (customer) participant: from/tolist hold only staff ids")
    values["contact_ids"] = external
    values["user_id"] = internal[0] if internal else None
    values["participant_source"] = values.get("participant_source") or "wecom"
    if not values.get("summary"):
        content = raw.get("text") if isinstance(raw.get("text"), dict) else None
        values["summary"] = (content or {}).get("content") or raw.get("content")
    if isinstance(values.get("summary"), str):
        values["summary"] = values["summary"][:2000]
    return values


def web_visit(values: Values, raw: dict[str, Any]) -> Values:
    if not values.get("id"):
        key = "|".join(str(values.get(k) or "") for k in ("contact_ids", "at", "topic", "summary"))
        values["id"] = "v" + hashlib.sha1(key.encode()).hexdigest()[:16]
    event = next((raw[k] for k in ("event", "event_type", "事件类型") if raw.get(k)), None)
    if event and values.get("summary"):
        values["summary"] = f"{event}: {values['summary']}"  # "download: https://.../whitepaper.pdf"
    if not values.get("topic"):
        values["topic"] = values.get("summary")
    values["participant_source"] = values.get("participant_source") or "website"
    return values


def wecom_contact(values: Values, raw: dict[str, Any]) -> Values:
    if not values.get("company") and isinstance(raw.get("follow_info"), dict):
        values["company"] = raw["follow_info"].get("corp_name")
    return values


TRANSFORMS: dict[str, Transform] = {
    "lead_export": lead_export,
    "wecom_message": wecom_message,
    "wecom_contact": wecom_contact,
    "web_visit": web_visit,
}
