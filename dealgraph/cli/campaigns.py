"""`dealgraph campaigns allocate|evaluate`: budget allocation across channels learned from downstream value."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

out = Console(soft_wrap=True)
campaigns = typer.Typer(help="Campaigns: allocate a budget across channel x creative by value per yuan "
                             "(Thompson sampling on won value, lag- and saturation-aware).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(campaigns, name="campaigns")


def _weights(pairs: list[str] | None) -> dict[str, float] | None:
    from ..algorithms.marketing.allocate import parse_weights
    from ..errors import InputError

    if not pairs:
        return None
    raw = {}
    for p in pairs:
        k, sep, v = p.partition("=")
        if not sep:
            raise InputError(f"--weight {p!r}: use OUTCOME=NUMBER, e.g. --weight won_amount=1 --weight opportunities=5000.")
        raw[k.strip()] = v.strip()
    return parse_weights(raw)


def _plan(history, graph_mode, spend, budget, constraints, weights, window_days, learner="auto", segments=None):
    from ..algorithms.marketing.allocate import load_constraints
    from ..algorithms.marketing.plan import plan_from_file, plan_from_graph
    from ..errors import InputError

    if graph_mode:
        if spend is None or history is not None:
            raise InputError("--graph takes the spend per period and arm from --spend (not --history).")
        from ..graph.connection import graph_session

        with graph_session() as g:
            return plan_from_graph(g, spend, budget, load_constraints(constraints), weights, window_days=window_days,
                                   learner=learner, segments=segments)
    if history is None:
        raise InputError("give --history history.csv, or --graph --spend spend.csv to learn from the graph.")
    return plan_from_file(history, budget, constraints, weights, learner=learner, segments=segments)


@campaigns.command()
def allocate(
    budget: Annotated[float, typer.Option("--budget", help="Budget of the next period (same unit as spend).")],
    out_path: Annotated[Path, typer.Option("--out", "-o", help="plan.csv: channel,creative,spend,expected_value,reason.")],
    history: Annotated[Path | None, typer.Option("--history", help="CSV/XLSX: period,channel,creative,spend,impressions,"
                                                                   "clicks,leads,qualified_leads,opportunities,"
                                                                   "won_amount.")] = None,
    graph_mode: Annotated[bool, typer.Option("--graph", help="Outcomes from the graph's ad/search leads and their "
                                                            "accounts' opportunities; spend from --spend.")] = False,
    spend: Annotated[Path | None, typer.Option("--spend", help="Graph mode: CSV/XLSX period (start date),channel,"
                                                              "creative,spend[,impressions,clicks,segment]; a "
                                                              "segment row takes the leads of that segment (the "
                                                              "lead's, else its account's industry).")] = None,
    window_days: Annotated[int, typer.Option("--window-days", help="Graph mode: a lead earns a share of its account's "
                                                                   "opportunities created up to this many days "
                                                                   "after it.")] = 180,
    constraints: Annotated[Path | None, typer.Option("--constraints", help="TOML: [channels.NAME] min_share/max_share, "
                                                                          "max_growth, [weights].")] = None,
    weight: Annotated[list[str] | None, typer.Option("--weight", help="OUTCOME=VALUE per unit, e.g. won_amount=1 "
                                                                      "(default), opportunities=5000.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan, per-arm posteriors and the model.")] = False,
    learner: Annotated[str, typer.Option("--learner", help="auto (contextual when the history has a segment column "
                                                          "or --segments is given), hierarchical or contextual.")] = "auto",
    segments: Annotated[Path | None, typer.Option("--segments", help="CSV/XLSX: segment, then one column per feature "
                                                                    "(numbers or categories, e.g. industry, employees); "
                                                                    "featured segments without history are planned "
                                                                    "too.")] = None,
    shadow: Annotated[Path | None, typer.Option("--shadow", help="Shadow mode: append what the policy would do, the "
                                                                 "latest period's actual spend and an off-policy "
                                                                 "estimate to this JSONL log.")] = None,
) -> None:
    """Split a budget across arms by posterior value per yuan of downstream outcomes (won amount by default)."""
    from ..algorithms.marketing.plan import write_plan

    res = _plan(history, graph_mode, spend, budget, constraints, _weights(weight), window_days, learner, segments)
    write_plan(res, out_path)
    if shadow is not None:
        from ..algorithms.marketing.plan import shadow_entry

        shadow.parent.mkdir(parents=True, exist_ok=True)
        with shadow.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(shadow_entry(res), ensure_ascii=False) + "\n")
    if as_json:
        print(json.dumps(res.to_json(), ensure_ascii=False, indent=1))
        return
    h = res.history
    out.print("columns: " + ", ".join(f"{k} <- {escape(repr(v))}" for k, v in h.columns.items()), highlight=False)
    for r in h.rejected[:10]:
        out.print(f"[yellow]rejected:[/] {escape(r['file'])} row {r['row']}, {escape(str(r['field']))}: "
                  f"{escape(r['reason'])} ({escape(str(r['value']))})", highlight=False)
    if len(h.rejected) > 10:
        out.print(f"[yellow]... {len(h.rejected) - 10} more rejected rows in {escape(str(out_path))}.rejects.jsonl[/]")
    if res.source:
        g = res.source
        out.print(f"graph: {g['leads_in_arms']:,} of {g['leads']:,} leads in paid arms, {g['opportunities_attributed']:g} "
                  f"of {g['opportunities']:,} opportunities and {g['won_amount_attributed']:,.0f} won attributed "
                  f"(window {g['window_days']} d); leads of channels without spend: "
                  + (", ".join(f"{escape(k)} {v}" for k, v in g["unpaid_leads"].items()) or "none"), highlight=False)
    m = res.model
    out.print(f"{len(h.rows)} arm-periods over {len(h.periods)} periods, {len(m.arms)} arms; value = "
              + " + ".join(f"{w:g}x{k}" for k, w in m.weights.items() if w)
              + f"; outcome lag mean {m.lag_mean:g} periods (latest period {m.lag_share(0):.0%} visible)",
              highlight=False)
    for r in sorted(res.rows, key=lambda r: -r.spend):
        label = r.channel + (f" / {r.creative}" if r.creative else "") + (f" @ {r.segment}" if r.segment else "")
        out.print(f"{escape(label)}: {r.spend:,} -> {r.expected_value:,.0f}  {escape(r.reason)}", highlight=False)
    out.print(f"expected value {sum(r.expected_value for r in res.rows):,.0f} for {round(budget):,}; "
              f"wrote {escape(str(out_path))}", highlight=False)


@campaigns.command()
def evaluate(
    plan: Annotated[Path, typer.Option("--plan", help="plan.csv to evaluate (channel,creative,spend).")],
    history: Annotated[Path | None, typer.Option("--history", help="The logged history (same format as "
                                                                   "allocate).")] = None,
    current: Annotated[Path | None, typer.Option("--current", help="plan.csv of the current policy "
                                                                   "(default: the latest period's spend).")] = None,
    weight: Annotated[list[str] | None, typer.Option("--weight", help="OUTCOME=VALUE, as for allocate.")] = None,
    graph_mode: Annotated[bool, typer.Option("--graph", help="Outcomes from the graph, spend from --spend.")] = False,
    spend: Annotated[Path | None, typer.Option("--spend", help="Graph mode: the spend file.")] = None,
    window_days: Annotated[int, typer.Option("--window-days", help="Graph mode: attribution window.")] = 180,
    learner: Annotated[str, typer.Option("--learner", help="As for allocate.")] = "auto",
    segments: Annotated[Path | None, typer.Option("--segments", help="As for allocate.")] = None,
) -> None:
    """Off-policy estimate (IPS and doubly robust, 90% bootstrap intervals) of a plan vs the current one."""
    from ..algorithms.marketing.evaluate import evaluate as run
    from ..algorithms.marketing.history import load_history
    from ..algorithms.marketing.plan import fit_model, read_plan
    from ..errors import InputError

    if graph_mode:
        if spend is None or history is not None:
            raise InputError("--graph takes the spend per period and arm from --spend (not --history).")
        from ..algorithms.marketing.graph_history import history_from_graph
        from ..graph.connection import graph_session
        from ..graph.queries.campaign_outcomes import campaign_outcomes

        with graph_session() as g:
            hist, _ = history_from_graph(spend, *campaign_outcomes(g), window_days)
    elif history is None:
        raise InputError("give --history history.csv, or --graph --spend spend.csv.")
    else:
        hist = load_history(history)
    model = fit_model(hist, _weights(weight), learner, segments)
    print(json.dumps(run(hist, model, read_plan(plan), read_plan(current) if current else None),
                     ensure_ascii=False, indent=1))
