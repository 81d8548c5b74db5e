"""Opportunities: stage history parsing, stage-duration survival models, delay warnings, win probability."""


def run_job(graph, params: dict) -> dict:
    """API job kind "opportunities": delay risk + win probability onto (:Opportunity); params: as_of."""
    import pandas as pd

    from .graph import assess_graph

    as_of = params.get("as_of")
    return assess_graph(graph, pd.Timestamp(as_of) if as_of else None)
