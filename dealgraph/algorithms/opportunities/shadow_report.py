"""Shadow mode's other half: what the system would have done (the audit's shadow and dry-run records)
beside what people did, read from the stage history afterwards.

For a re-engage action on an opportunity overrunning a stage at as-of: did people move the deal on
within the window (and to the stage the action aimed for), is it still there, or did it close; and how
did the deals people moved on end, against the ones they left. Descriptive: it says where people and
the system agree, it does not claim the move caused the outcome.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .pipeline_cut import WON, cut

WOULD_HAVE = ("shadow", "dry_run")  # decisions where the system would have acted and did not


def _first_per_action(records: list[dict]) -> list[dict]:
    """One record per action (its first shadow / dry-run decision): reruns of the same batch repeat it."""
    seen, out = set(), []
    for r in records:
        if r.get("decision") in WOULD_HAVE and r.get("key") not in seen:
            seen.add(r.get("key"))
            out.append(r)
    return out


def shadow_vs_actual(records: list[dict], hist: pd.DataFrame, window_days: int = 30) -> dict:
    """records: audit records (autonomy.executor); hist: load_history() output covering what came after."""
    end = pd.Timestamp(hist["entered_at"].max())
    final = cut(hist, end)
    outcome = dict(zip(final.ids, final.outcome))
    rows_by_opp = {o: g for o, g in hist.groupby("opportunity_id", sort=False)}
    out = []
    for r in _first_per_action(records):
        a = r["action"]
        ev = a.get("evidence") or {}
        oid, stage = a.get("opportunity_id"), ev.get("stage")
        at = pd.Timestamp(ev.get("as_of") or r["at"][:10])
        row = {"action_id": a.get("action_id"), "decision": r["decision"], "opportunity_id": oid, "stage": stage,
               "aimed_for": ev.get("next_stage"), "as_of": at.strftime("%Y-%m-%d"),
               "expected_won_amount": (a.get("expected_change") or {}).get("won_amount")}
        g = rows_by_opp.get(oid)
        later = g[g["entered_at"] > at] if g is not None else None
        if later is None:
            row["people"] = "unknown: the opportunity is not in the history"
            out.append(row)
            continue
        nxt = later.iloc[0] if len(later) else None
        within = nxt is not None and (nxt["entered_at"] - at).days <= window_days
        if within and not isinstance(nxt["final"], str):
            row["people"] = "moved on"
            row["moved_to"] = nxt["stage"]
            row["as_aimed"] = nxt["stage"] == ev.get("next_stage")
            row["days_after"] = int((nxt["entered_at"] - at).days)
        elif within:
            row["people"] = "closed"
            row["days_after"] = int((nxt["entered_at"] - at).days)
        elif (end - at).days < window_days:
            row["people"] = "not yet known"  # the window has not ended in the history given
        else:
            row["people"] = "did not move it"
        won = outcome.get(oid)
        row["outcome"] = "won" if won == WON else "lost" if won else "open"
        out.append(row)
    return {"window_days": window_days, "history_ends": end.strftime("%Y-%m-%d"), "actions": out,
            "summary": _summary(out)}


def _summary(rows: list[dict]) -> dict:
    decided = [r for r in rows if r.get("people") in ("moved on", "closed", "did not move it")]
    moved = [r for r in decided if r["people"] == "moved on"]
    left = [r for r in decided if r["people"] == "did not move it"]

    def won_rate(rs: list[dict]) -> float | None:
        closed = [r for r in rs if r["outcome"] != "open"]
        return round(float(np.mean([r["outcome"] == "won" for r in closed])), 3) if closed else None

    return {"actions": len(rows), "known": len(decided), "people_moved_on": len(moved),
            "moved_as_aimed": sum(bool(r.get("as_aimed")) for r in moved),
            "agreement": round(len(moved) / len(decided), 3) if decided else None,
            "won_rate_moved_on": won_rate(moved), "won_rate_not_moved": won_rate(left),
            "note": "agreement: share of the actions the system would have taken that people took too (moved "
                    "the deal on within the window); won rates are of the deals closed by the history's end"}


def read_audit(path) -> list[dict]:
    import json
    from pathlib import Path

    p = Path(path)
    if not p.exists():
        return []
    return [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]

