"""One account's next best actions, every kind ranked together by the expected change it makes:

- re-engage a stage that is overrunning (next_actions.py: the pipeline forecast with the deal moved on);
- meet the decision maker nobody has met, through the best introduction path (account_sandbox.py);
- answer the ★ items before a tender's deadline (here: the tender model on its stored assessment with the
  items met; a bid that leaves a ★ item unanswered is inadmissible, so unanswered its chance is 0);
- follow a lead whose priority class just rose (here: the pipeline forecast with the lead added as a new
  deal at the usual first stage, times the lead's score).

Every action has the fields the executor and its guardrails read (action_id as the idempotency key, kind,
account, owner, opportunity_id, contact), a reason, the expected change with its evidence, and a confidence.
"""

from __future__ import annotations

import pandas as pd

from ...graph.connection import Graph
from ...graph.queries import account_actions as q
from ..competitors.predict import tender_win_probability
from . import currency_rank
from .forecast import forecast
from .history import default_as_of
from .pipeline_cut import cut
from .sandbox import Scenario
from .sandbox import apply as apply_to_history

LEAD_WINDOW_DAYS = 14  # a class change this many days before as-of (and not after a given as-of) "just rose"
PRIORITY_ORDER = ("A", "B", "C")  # lead classes, best first (algorithms/leads/model.py)


def tender_actions(graph: Graph, account_id: str, as_of: pd.Timestamp) -> list[dict]:
    """One action per open tender of the account with ★ items the last match could not pass."""
    return tenders_actions(graph, [account_id], as_of)


def tenders_actions(graph: Graph, account_ids: list[str] | None, as_of: pd.Timestamp) -> list[dict]:
    """One action per open tender of these accounts (None: every account) with ★ items not passed."""
    out = []
    for row in q.tender_items(graph, account_ids, as_of.strftime("%Y-%m-%d")):
        t, items, account_id = row["tender"], row["items"], row["account"]
        stars = [i for i in items if i["star"]]
        if not stars:
            continue
        unmet = [i for i in stars if i["match_gate"] == "fail"]
        others_fail = any(i["match_gate"] == "fail" and not i["star"] for i in items)
        p_hist, rel = t.get("win_probability_history"), t.get("buyer_relationship")
        p_after = (tender_win_probability(float(p_hist), float(rel or 0.0), t.get("match_score"), others_fail)
                   if p_hist is not None else None)
        budget = float(t.get("budget") or 0.0)
        deadline = pd.Timestamp(str(t["deadline"])[:10])
        days_left = int((deadline - as_of.normalize()).days)
        name = t.get("title") or t.get("number") or t["id"]
        scored = (f"answered, the tender model gives p(win) {p_after:.2f} on a budget of {budget:,.0f}"
                  + (" (a qualification item still fails: 0)" if others_fail else "")
                  if p_after is not None else "the tender has no stored win probability yet (dealgraph tender "
                                              "competitors scores it), so the change is not scored")
        out.append({
            "action_id": f"answer-star:{t['id']}", "kind": "task", "account": account_id, "opportunity_id": None,
            "contact": None, "owner": None,
            "title": f"Answer {len(stars)} ★ item(s) of tender {name} before its deadline {deadline:%Y-%m-%d} "
                     f"({days_left} d left)",
            "reason": (f"{len(unmet)} ★ item(s) not met by our capabilities and {len(stars) - len(unmet)} not "
                       "verifiable from them; a bid that leaves a ★ item unanswered is inadmissible (p(win) 0); "
                       + scored + " (sandbox: the tender's stored assessment with its ★ items met)"),
            "expected_change": {"won_amount": round(budget * (p_after or 0.0), 2),
                                "p_win": [0.0, round(p_after, 4) if p_after is not None else None]},
            "currency": t.get("currency"),
            "evidence": {"tender": t, "deadline": f"{deadline:%Y-%m-%d}", "days_left": days_left,
                         "items": [{k: i[k] for k in ("id", "text", "parameter", "lot", "match_gate")}
                                   for i in stars[:10]], "as_of": as_of.strftime("%Y-%m-%d")},
            # items nothing of ours covers are less likely to be answerable than ones we only cannot verify
            "confidence": round(0.1 + 0.8 * (len(stars) - len(unmet)) / len(stars), 3)})
    return out


def _rose(previous: str | None, now: str | None) -> bool:
    order = {c: i for i, c in enumerate(PRIORITY_ORDER)}
    return previous in order and now in order and order[now] < order[previous]


def change_as_of(row: dict, since: pd.Timestamp, until: pd.Timestamp | None) -> dict | None:
    """The lead's last class change at or before `until` (None: any time), if it lies on or after `since`:
    {at, from, to, score, previous_score}. A change after `until` has not happened yet at that date, so an
    earlier change (or none) is what the lead looked like then."""
    changes = []
    for i, (at, a, b, sc) in enumerate(zip(row["change_at"], row["change_from"], row["change_to"],
                                           row["change_score"])):
        t = pd.Timestamp(at)
        t = t.tz_convert("UTC").tz_localize(None) if t.tzinfo is not None else t
        if until is None or t <= until:
            changes.append((t, i, a, b, sc))
    if not changes:
        return None
    t, i, a, b, sc = max(changes, key=lambda c: (c[0], c[1]))
    if t < since:
        return None
    last = i == len(row["change_at"]) - 1  # the write path keeps the score before the latest change only
    return {"at": t, "from": a, "to": b, "score": float(sc if sc is not None else row["score"] or 0.0),
            "previous_score": row.get("previous_score") if last else None}


def lead_actions(graph: Graph, hist: pd.DataFrame, account_id: str, as_of: pd.Timestamp,
                 horizon_days: int = 90, draws: int = 400, until: pd.Timestamp | None = None) -> list[dict]:
    """One action per lead of the account whose priority class rose in the LEAD_WINDOW_DAYS up to as-of."""
    return leads_actions(graph, hist, [account_id], as_of, horizon_days, draws, until)


def leads_actions(graph: Graph, hist: pd.DataFrame, account_ids: list[str], as_of: pd.Timestamp,
                  horizon_days: int = 90, draws: int = 400, until: pd.Timestamp | None = None) -> list[dict]:
    """Leads of these accounts whose priority class rose in the LEAD_WINDOW_DAYS before `until` (the as-of
    date given, to its end; None: up to now, for the default as-of): one pipeline forecast with every such
    lead added as a deal."""
    since = as_of.normalize() - pd.Timedelta(days=LEAD_WINDOW_DAYS)
    end = until.normalize() + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1) if until is not None else None
    leads = []
    for r in q.risen_leads(graph, account_ids, since.strftime("%Y-%m-%dT00:00:00Z")):
        ch = change_as_of(r, since, end)
        if ch is not None and _rose(ch["from"], ch["to"]):
            leads.append({**r, "change": ch})
    if not leads:
        return []
    c = cut(hist, as_of)
    firsts = pd.Series(c.stage[c.stage_index == 0])
    if firsts.empty:
        return []
    first = str(firsts.value_counts().index[0])
    known = hist[hist["entered_at"] <= as_of].dropna(subset=["amount"])
    medians = known.groupby("opportunity_id")["amount"].last()
    accounts = known.groupby("opportunity_id")["account"].last() if "account" in known else pd.Series(dtype=object)
    overall = float(medians.median()) if len(medians) else 0.0

    def typical(aid: str) -> float:
        mine = medians[accounts.reindex(medians.index) == aid] if len(accounts) else medians.iloc[:0]
        return float(mine.median()) if len(mine) else overall

    amounts = [float(r["budget"]) if r.get("budget") else typical(r["account"]) for r in leads]
    deal_currency = account_currency(hist)
    scenario = Scenario.from_dict({"name": "leads", "change": [
        {"kind": "add_deals", "count": 1, "stage": first, "amount": a if a > 0 else None, "account": r["account"]}
        for r, a in zip(leads, amounts)]}, "next actions")
    changed, _ = apply_to_history(hist, scenario, as_of)
    new_ids = {f"leads/new-{i}-1" for i in range(1, len(leads) + 1)}
    per = forecast(changed, as_of, horizon_days, draws=draws, calibrate=False, only=new_ids).per_opportunity
    p_new = dict(zip(per["opportunity_id"], per["p_win_drawn"]))
    out = []
    for i, (r, amount) in enumerate(zip(leads, amounts), 1):
        ch = r["change"]
        p = float(p_new.get(f"leads/new-{i}-1", 0.0))
        score = ch["score"]
        who = r["contact_name"] or r["title"] or r["id"]
        was = (f" (score {float(ch['previous_score']):.2f} -> {score:.2f})" if ch["previous_score"] is not None
               else f" (score {score:.2f})")
        out.append({
            # the change's date in the key: a later rise of the same lead is a new action, a re-run is not
            "action_id": f"follow-lead:{r['id']}:{ch['to']}:{ch['at']:%Y-%m-%d}", "kind": "task", "account": r["account"],
            "opportunity_id": None, "contact": r["contact"], "owner": None,
            "title": f"Follow up lead {who}: priority {ch['from']} -> {ch['to']}",
            "reason": (f"the lead's priority rose from {ch['from']} to {ch['to']} on {ch['at']:%Y-%m-%d}{was}"
                       + (f", within {LEAD_WINDOW_DAYS} d before {as_of:%Y-%m-%d}" if until is not None else "")
                       + f"; as a new deal in {first!r} worth {amount:,.0f} it would be won within {horizon_days} d "
                       f"with p {p:.2f}, times the lead's score {score:.2f} (sandbox: the pipeline with this deal "
                       "added)"),
            "expected_change": {"won_amount": round(score * p * amount, 2), "p_win_in_horizon": [0.0, round(p, 4)]},
            # the lead's own currency, else (its amount being the account's median deal) the account's deals' one
            "currency": r.get("currency") or (None if r.get("budget") else deal_currency.get(r["account"])),
            "evidence": {"lead": {k: v for k, v in r.items() if k != "change"},
                         "change": {**ch, "at": ch["at"].isoformat()}, "first_stage": first, "amount": amount,
                         "amount_from": "the lead's budget" if r.get("budget") else "the account's median deal",
                         "as_of": as_of.strftime("%Y-%m-%d")},
            "confidence": round(score, 3)})
    return out


def account_currency(hist: pd.DataFrame) -> dict[str, str]:
    """Each account's currency, where all its deals that state one state the same."""
    if "currency" not in hist or "account" not in hist:
        return {}
    per = hist.dropna(subset=["currency", "account"]).groupby("account")["currency"].unique()
    return {a: str(c[0]) for a, c in per.items() if len(c) == 1}


def meeting_currency(actions: list[dict], hist: pd.DataFrame) -> None:
    """A meeting's change sums the account's open deals: in their currency when they share one; when they do
    not, the change per currency (by_currency) and a currency naming them all (never summed across)."""
    from .next_actions import opportunity_currency

    cur = opportunity_currency(hist)
    amount = hist.dropna(subset=["amount"]).groupby("opportunity_id")["amount"].last().to_dict()
    for a in actions:
        if "currency" in a:
            continue
        p = a["expected_change"].get("p_win") or {}
        stated = {cur.get(o) for o in p}
        if len(stated) <= 1:
            a["currency"] = next(iter(stated), None)
            continue
        by: dict[str, float] = {}
        for o, (before, after) in p.items():
            k = cur.get(o) or "not stated"
            by[k] = by.get(k, 0.0) + (after - before) * float(amount.get(o, 0.0))
        a["expected_change"]["by_currency"] = {k: round(v, 2) for k, v in sorted(by.items())}
        a["currency"] = "+".join(sorted(by))


def ranked_account_actions(graph: Graph, hist: pd.DataFrame, account_id: str, as_of: pd.Timestamp | None = None,
                           horizon_days: int = 90, rates: currency_rank.Rates | None = None) -> dict:
    """Every kind for one account, ranked by expected change in won amount (ties: action id), compared only
    within a currency unless `rates` convert them (currency_rank.py). A kind that cannot be computed (no
    history for it, a graph without tenders) is left out with a note, not an error."""
    from .account_sandbox import meeting_actions
    from .next_actions import account_actions

    until = pd.Timestamp(as_of) if as_of is not None else None  # a lead's change after a given as-of is not yet
    as_of = pd.Timestamp(as_of) if as_of is not None else default_as_of(hist)
    pipeline = account_actions(hist, account_id, as_of, horizon_days)
    acts = [{**a, "pipeline_rank": a.pop("rank")} for a in pipeline["actions"]]
    notes = []
    for name, make in (("meet the decision maker", lambda: meeting_actions(graph, account_id, hist, as_of)),
                       ("answer the ★ items", lambda: tender_actions(graph, account_id, as_of)),
                       ("follow a lead", lambda: lead_actions(graph, hist, account_id, as_of, horizon_days, until=until))):
        try:
            acts += make()
        except Exception as e:  # noqa: BLE001 - one kind failing must not hide the others
            notes.append(f"{name}: {e}")
    meeting_currency(acts, hist)
    acts, currency_notes = currency_rank.rank(acts, rates)
    return {"as_of": pipeline["as_of"], "horizon_days": horizon_days, "pipeline_actions": pipeline["pipeline_actions"],
            "actions": acts, "notes": notes + currency_notes}
