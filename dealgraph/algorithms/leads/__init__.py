"""Lead scoring: BANT sub-scores, file-mode tabular modelling, calibrated gradient boosting, graph mode."""


def run_job(graph, params: dict) -> dict:
    """API job kind "leads": see dealgraph.algorithms.leads.graph.run_job."""
    from .graph import run_job as _run

    return _run(graph, params)
