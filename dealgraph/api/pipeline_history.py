"""The graph's stage history as the caller may see it: an account manager's pipeline is the
opportunities of the accounts they own. Read only."""

from __future__ import annotations

import pandas as pd

from ..errors import InputError
from ..graph.connection import Graph
from .deps import CurrentUser, visible_accounts

BAD_INPUT = {400: {"description": "A bad date or scenario, or no stage history to learn from"}}


def scoped_history(graph: Graph, user: CurrentUser) -> pd.DataFrame:
    from ..algorithms.opportunities.graph import graph_history
    from ..algorithms.opportunities.history import load_history

    df = graph_history(graph)
    vis = visible_accounts(user, graph)
    if vis is not None and not df.empty:
        df = df[df["account"].isin(vis)]
    if df.empty:
        raise InputError("there is no stage history (visible to you) to forecast from.")
    return load_history(df, "graph")


def parse_as_of(as_of: str | None) -> pd.Timestamp | None:
    if not as_of:
        return None
    t = pd.to_datetime(as_of, errors="coerce")
    if pd.isna(t):
        raise InputError(f"as_of {as_of!r} is not a date; use YYYY-MM-DD.")
    return t


def forecast_body(graph: Graph, user: CurrentUser, as_of: str | None, horizon_days: int) -> dict:
    """GET /pipeline/forecast and GraphQL pipelineForecast: ranges, breakdowns and per-deal chances."""
    from ..algorithms.opportunities.forecast import forecast

    f = forecast(scoped_history(graph, user), parse_as_of(as_of), horizon_days)
    per = f.per_opportunity.sort_values("p_win_in_horizon", ascending=False)
    return {**f.summary(), "opportunities": per[["opportunity_id", "p_win_in_horizon", "expected_close",
                                                 "amount"]].to_dict("records")}


def next_actions_body(graph: Graph, user: CurrentUser, as_of: str | None, horizon_days: int, limit: int) -> dict:
    """GET /pipeline/next-actions and GraphQL nextActions: every kind across the caller's accounts, ranked
    (within a currency), proposed only; introduction paths through people the caller may not see are hidden."""
    from ..algorithms.opportunities.pipeline_actions import pipeline_actions
    from .sandbox_runs import hide_paths

    res = pipeline_actions(graph, scoped_history(graph, user), parse_as_of(as_of), horizon_days,
                           accounts=visible_accounts(user, graph), limit=limit)
    return {**res, "actions": hide_paths(graph, user, res["actions"])}
