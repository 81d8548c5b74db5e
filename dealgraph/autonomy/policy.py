"""The autonomy policy file (TOML), dry-run by default:

    dry_run = true                    # decide and log, execute nothing
    autonomous = ["task", "reminder"] # action kinds that may execute by themselves
    per_account_per_day = 3           # executed actions per account per (local) day
    per_contact_per_day = 1
    quiet_hours = "20:00-08:00"       # local time; nothing executes inside
    timezone = "Asia/Shanghai"
    approval_above = 100000           # expected change above this needs the owner's approval
    currency = "CNY"                  # the threshold's currency (default: the currency actions were ranked in,
                                      # the rate table's base with --rates); an amount in another currency that
                                      # was not converted into it is held for approval
    consent_required = ["webhook", "email"]  # contact-facing kinds: only for contacts who consented
    deliver = "outbox"                # executed tasks/reminders: "outbox" (a JSON-lines file) or "webhook"
                                      # (event action.executed to the webhook subscriptions, signed, retried)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import InputError

KINDS = ("task", "reminder", "webhook", "email")
DELIVERIES = ("outbox", "webhook")


@dataclass
class Policy:
    dry_run: bool = True
    autonomous: set[str] = field(default_factory=lambda: {"task", "reminder"})
    per_account_per_day: int = 3
    per_contact_per_day: int = 1
    quiet_hours: tuple[time, time] | None = (time(20, 0), time(8, 0))
    timezone: str = "UTC"
    approval_above: float | None = None
    currency: str | None = None  # of approval_above
    consent_required: set[str] = field(default_factory=lambda: {"webhook", "email"})
    deliver: str = "outbox"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def in_quiet_hours(self, t: time) -> bool:
        if self.quiet_hours is None:
            return False
        a, b = self.quiet_hours
        return a <= t < b if a <= b else (t >= a or t < b)  # a span past midnight wraps

    @classmethod
    def from_dict(cls, d: dict, source: str = "policy") -> Policy:
        p = cls()
        unknown = set(d) - {"dry_run", "autonomous", "per_account_per_day", "per_contact_per_day", "quiet_hours",
                            "timezone", "approval_above", "currency", "consent_required", "deliver"}
        if unknown:
            raise InputError(f"{source}: unknown field(s) {', '.join(sorted(unknown))}.")
        if "dry_run" in d:
            if not isinstance(d["dry_run"], bool):
                raise InputError(f"{source}: field 'dry_run' must be true or false.")
            p.dry_run = d["dry_run"]
        for name in ("autonomous", "consent_required"):
            if name in d:
                kinds = d[name]
                if not isinstance(kinds, list) or any(k not in KINDS for k in kinds):
                    raise InputError(f"{source}: field {name!r} must list kinds among {', '.join(KINDS)}.")
                setattr(p, name, set(kinds))
        for name in ("per_account_per_day", "per_contact_per_day"):
            if name in d:
                if not isinstance(d[name], int) or d[name] < 0:
                    raise InputError(f"{source}: field {name!r} must be a whole number >= 0.")
                setattr(p, name, d[name])
        if "quiet_hours" in d:
            p.quiet_hours = _span(d["quiet_hours"], source)
        if "timezone" in d:
            try:
                ZoneInfo(str(d["timezone"]))
            except (ZoneInfoNotFoundError, ValueError):
                raise InputError(f"{source}: field 'timezone' {d['timezone']!r} is not a time zone "
                                 "(e.g. Asia/Shanghai).") from None
            p.timezone = str(d["timezone"])
        if "deliver" in d:
            if d["deliver"] not in DELIVERIES:
                raise InputError(f"{source}: field 'deliver' {d['deliver']!r} must be one of {', '.join(DELIVERIES)}.")
            p.deliver = d["deliver"]
        if "approval_above" in d:
            if not isinstance(d["approval_above"], int | float) or d["approval_above"] < 0:
                raise InputError(f"{source}: field 'approval_above' must be a number >= 0.")
            p.approval_above = float(d["approval_above"])
        if "currency" in d:
            if not isinstance(d["currency"], str) or not d["currency"].strip():
                raise InputError(f"{source}: field 'currency' must name the threshold's currency (e.g. \"CNY\").")
            p.currency = d["currency"].strip().upper()
        return p

    @classmethod
    def load(cls, path: str | Path) -> Policy:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise InputError(f"{path}: not a readable TOML policy ({e}).") from None
        return cls.from_dict(data, str(path))


def _span(v, source: str) -> tuple[time, time] | None:
    if v in (None, "", False):
        return None
    try:
        a, b = (time.fromisoformat(x.strip()) for x in str(v).split("-"))
    except ValueError:
        raise InputError(f"{source}: field 'quiet_hours' {v!r} is not a span like \"20:00-08:00\".") from None
    return a, b
