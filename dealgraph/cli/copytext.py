"""`dealgraph copy generate`: ad copy, WeCom / e-mail messages and call talk tracks from graph facts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

out = Console(soft_wrap=True)
copy_app = typer.Typer(help="Copy and talk tracks: bilingual templates filled from graph facts (each traced to a "
                            "node id); optional LLM rewrite that must pass the grounding check.",
                       no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(copy_app, name="copy")


@copy_app.command()
def generate(
    account: Annotated[str, typer.Option("--account", help="Account id.")],
    persona: Annotated[str, typer.Option("--persona", help="decision_maker | influencer | executor.")],
    channel: Annotated[str, typer.Option("--channel", help="ad | wecom | email | call.")],
    lang: Annotated[str, typer.Option("--lang", help="zh | en.")] = "zh",
    opportunity: Annotated[str | None, typer.Option("--opportunity", help="Opportunity id of the account "
                                                                          "(default: its latest open one).")] = None,
    variant: Annotated[str, typer.Option("--variant", help="a | b: the A/B creative variant; auto: Thompson "
                                                          "sampling on the downstream value each variant's "
                                                          "creative (channel-persona-variant) earned in --history "
                                                          "or, from the graph, --spend.")] = "a",
    history: Annotated[Path | None, typer.Option("--history", help="With --variant auto: campaign history.csv "
                                                                   "(as for campaigns allocate).")] = None,
    spend: Annotated[Path | None, typer.Option("--spend", help="With --variant auto: spend file; outcomes from the "
                                                               "graph's leads (as for campaigns allocate --graph).")] = None,
    weight: Annotated[list[str] | None, typer.Option("--weight", help="With --variant auto: OUTCOME=VALUE, as for "
                                                                      "campaigns allocate.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD: ignore later interactions, "
                                                              "tenders closing before it (default today).")] = None,
    backend: Annotated[str, typer.Option("--backend", help="auto (LLM when DEALGRAPH_LLM_BASE_URL is set) | "
                                                           "template | llm.")] = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="Print {text, facts, template, model, ...}.")] = False,
) -> None:
    """Write one text for a persona of an account; every fact it states is traced to a graph node."""
    from ..algorithms.marketing.copy.generate import CopyRequest, generate_from_graph
    from ..algorithms.marketing.copy.llm import backend_from_settings
    from ..config import get_settings
    from ..errors import InputError
    from ..graph.connection import graph_session

    if backend not in ("auto", "template", "llm"):
        raise InputError(f"--backend {backend!r} is not one of auto, template, llm.")
    llm = None if backend == "template" else backend_from_settings(get_settings())
    if backend == "llm" and llm is None:
        raise InputError("--backend llm needs DEALGRAPH_LLM_BASE_URL (an OpenAI-compatible endpoint, e.g. "
                         "http://127.0.0.1:8080/v1).")
    if (history or spend) and variant != "auto":
        raise InputError("--history / --spend choose the variant: use them with --variant auto.")
    choice = None
    if variant == "auto":  # the other options are checked before any campaign data is read
        CopyRequest(account, persona, channel, lang, opportunity, "a", as_of).validate()
        if (history is None) == (spend is None):
            raise InputError("--variant auto learns from campaign outcomes: give --history history.csv or "
                             "--spend spend.csv (outcomes from the graph).")
    with graph_session() as graph:
        if variant == "auto":
            choice = _choose(graph, account, persona, channel, history, spend, weight)
            variant = choice["variant"]
        req = CopyRequest(account, persona, channel, lang, opportunity, variant, as_of)
        res = generate_from_graph(graph, req, backend=llm)
    if choice is not None:
        res["variant_choice"] = choice
    if as_json:
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return
    out.print(escape(res["text"]), highlight=False)
    out.print(f"\n[dim]{escape(res['template'])}, {escape(res['model'])}, grounded: {res['grounding']['ok']}[/]",
              highlight=False)
    for f in res["facts"]:
        out.print(f"[dim]  {escape(f['slot'])} = {escape(str(f['value']))}  <- {escape(f['source'])}."
                  f"{escape(f['field'])}[/]", highlight=False)
    if choice is not None:
        out.print(f"[dim]variant {escape(choice['variant'])}: {escape(choice['reason'])}[/]", highlight=False)
    if res["fallback"]:
        out.print(f"[yellow]LLM text not used: {escape(res['fallback']['reason'])}[/]", highlight=False)


def _choose(graph, account, persona, channel, history, spend, weight) -> dict:
    """--variant auto: the posterior of the creatives' value per yuan, from a file or from the graph."""
    from ..algorithms.marketing.graph_history import history_from_graph
    from ..algorithms.marketing.history import load_history
    from ..algorithms.marketing.variants import choose_copy_variant
    from ..graph.queries.campaign_outcomes import campaign_outcomes
    from .campaigns import _weights

    hist = load_history(history) if history else history_from_graph(spend, *campaign_outcomes(graph))[0]
    return choose_copy_variant(hist, _weights(weight), channel, persona, account)
