"""`dealgraph copy generate`: ad copy, WeCom / e-mail messages and call talk tracks from graph facts."""

from __future__ import annotations

import json
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
    variant: Annotated[str, typer.Option("--variant", help="a | b: the A/B creative variant.")] = "a",
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
    req = CopyRequest(account, persona, channel, lang, opportunity, variant, as_of)
    with graph_session() as graph:
        res = generate_from_graph(graph, req, backend=llm)
    if as_json:
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return
    out.print(escape(res["text"]), highlight=False)
    out.print(f"\n[dim]{escape(res['template'])}, {escape(res['model'])}, grounded: {res['grounding']['ok']}[/]",
              highlight=False)
    for f in res["facts"]:
        out.print(f"[dim]  {escape(f['slot'])} = {escape(str(f['value']))}  <- {escape(f['source'])}."
                  f"{escape(f['field'])}[/]", highlight=False)
    if res["fallback"]:
        out.print(f"[yellow]LLM text not used: {escape(res['fallback']['reason'])}[/]", highlight=False)
