"""Decide, for each proposed action, whether it runs now; run it exactly once; audit every decision.

The audit trail is a JSON-lines file, one record per decision (executed, dry run, shadow, held back
and why). Each action has an idempotency key (its action_id): an action already executed is never run
again, even when the same batch is retried or two processes run it at once (the file is locked for
the whole decide-run-record step). The key is handed to the effect, so a receiver can drop a repeat
if a crash came between running the effect and writing its record.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from .policy import Policy

Effect = Callable[[dict, str], None]  # (action, idempotency key) -> None; raises on failure


def idempotency_key(action: dict) -> str:
    return hashlib.sha256(str(action["action_id"]).encode("utf-8")).hexdigest()[:32]


@contextmanager
def _locked(audit: Path) -> Iterator[list[dict]]:
    audit.parent.mkdir(parents=True, exist_ok=True)
    with open(audit.with_suffix(audit.suffix + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            records = []
            if audit.exists():
                for line in audit.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        records.append(json.loads(line))
            yield records
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _append(audit: Path, record: dict) -> None:
    with open(audit, "a", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        f.flush()


def run_actions(actions: list[dict], policy: Policy, audit: Path, effects: dict[str, Effect],
                now: datetime | None = None, execute: bool = False, shadow: bool = False,
                consent: set[str] = frozenset(), approved: set[str] = frozenset()) -> list[dict]:
    """One decision per action, in the given (ranked) order. execute=False or policy.dry_run: nothing runs
    (dry run, the default). shadow: log what would run, run nothing (to compare with what people did).
    consent: contact ids who agreed to be contacted; approved: idempotency keys or action ids the owner
    approved."""
    now = (now or datetime.now(UTC)).astimezone(policy.zone)
    day = now.date().isoformat()
    decisions = []
    with _locked(audit) as past:
        done = {r["key"] for r in past if r["decision"] == "executed"}
        per_account: dict[str, int] = {}
        per_contact: dict[str, int] = {}
        for r in past:
            if r["decision"] == "executed" and r.get("local_day") == day:
                _count(per_account, per_contact, r["action"])
        for a in actions:
            key = idempotency_key(a)
            decision, why = _decide(a, key, policy, now, done, per_account, per_contact, consent, approved,
                                    execute, shadow, effects)
            if decision == "run":
                try:
                    effects[a["kind"]](a, key)
                    decision, why = "executed", "within every limit of the policy"
                    done.add(key)
                    _count(per_account, per_contact, a)
                except Exception as e:  # noqa: BLE001 - any failure of an effect is recorded, not counted as done
                    decision, why = "failed", f"{type(e).__name__}: {e}"
            record = {"at": now.isoformat(timespec="seconds"), "local_day": day, "key": key,
                      "decision": decision, "why": why, "action": a}
            _append(audit, record)
            decisions.append(record)
    return decisions


def _count(per_account: dict, per_contact: dict, action: dict) -> None:
    for counter, who in ((per_account, action.get("account")), (per_contact, action.get("contact"))):
        if who:
            counter[who] = counter.get(who, 0) + 1


def _gain(a: dict) -> tuple[float, str | None]:
    """The size of an action's expected change in the currency it was ranked in: the converted amount when a
    rate table converted it (currency_rank.rank writes won_amount_<base> and ranked_in), otherwise its own
    amount and currency. The threshold is compared with that, never with a foreign amount's face value."""
    change = a.get("expected_change") or {}
    ranked_in = a.get("ranked_in")
    converted = change.get(f"won_amount_{ranked_in.lower()}") if isinstance(ranked_in, str) else None
    if converted is not None:
        return abs(float(converted)), ranked_in
    cur = a.get("currency") or None
    return abs(float(change.get("won_amount") or 0)), (None if cur == "not stated" else cur)


def _decide(a: dict, key: str, p: Policy, now: datetime, done: set[str], per_account: dict, per_contact: dict,
            consent: set[str], approved: set[str], execute: bool, shadow: bool,
            effects: dict[str, Effect]) -> tuple[str, str]:
    kind, account, contact = a.get("kind"), a.get("account"), a.get("contact")
    if key in done:
        return "duplicate", "already executed (same idempotency key): not run again"
    if kind not in p.autonomous:
        return "suggested", f"the policy does not let {kind!r} actions run by themselves: a person decides"
    if kind not in effects:
        return "suggested", f"no executor for {kind!r} actions here: a person decides"
    if kind in p.consent_required and (not contact or contact not in consent):
        return "blocked_consent", f"{kind!r} reaches a contact, and contact {contact!r} has not consented"
    if p.in_quiet_hours(now.time()):
        a_, b_ = p.quiet_hours
        return "deferred_quiet_hours", f"{now:%H:%M} {p.timezone} is inside the quiet hours {a_:%H:%M}-{b_:%H:%M}"
    if account and per_account.get(account, 0) >= p.per_account_per_day:
        return "blocked_rate", f"account {account!r} already had {p.per_account_per_day} action(s) today"
    if contact and per_contact.get(contact, 0) >= p.per_contact_per_day:
        return "blocked_rate", f"contact {contact!r} already had {p.per_contact_per_day} action(s) today"
    if p.approval_above is not None and not ({key, a["action_id"]} & set(approved)):
        gain, cur = _gain(a)
        unit = f" {cur}" if cur else ""
        if p.currency and cur and cur != p.currency:
            return "needs_approval", (f"expected change {gain:,.0f}{unit} cannot be compared with the threshold "
                                      f"{p.approval_above:,.0f} {p.currency} (no rate converts it): the owner "
                                      f"{a.get('owner')!r} approves first")
        if gain > p.approval_above:
            return "needs_approval", (f"expected change {gain:,.0f}{unit} is above {p.approval_above:,.0f}"
                                      f"{' ' + p.currency if p.currency else unit}: the owner {a.get('owner')!r} "
                                      "approves first")
    if shadow:
        return "shadow", "would run (shadow mode: logged only)"
    if p.dry_run or not execute:
        return "dry_run", "would run (dry run: " + ("the policy says dry_run" if p.dry_run else "no --execute") + ")"
    return "run", ""
