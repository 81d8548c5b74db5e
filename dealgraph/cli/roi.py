"""`dealgraph roi`: cost against expected and realised revenue, per account and opportunity."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

out = Console(soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("roi")(roi)


def _parse_rates(rates_file: Path | None, rate: list[str] | None) -> dict:
    from ..errors import InputError

    rates: dict = {}
    if rates_file:
        try:
            rates.update(json.loads(rates_file.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError) as e:
            raise InputError(f"{rates_file}: not a readable JSON object of rates ({e}).") from e
    for kv in rate or []:
        key, sep, val = kv.partition("=")
        if not sep:
            raise InputError(f"--rate {kv!r}: use KEY=VALUE, e.g. --rate sales_hour=600.")
        try:
            rates[key.strip()] = float(val) if key.strip() != "currency" else val.strip()
        except ValueError as e:
            raise InputError(f"--rate {kv!r}: the value must be a number.") from e
    return rates


def roi(
    as_json: Annotated[bool, typer.Option("--json", help="Print the board as JSON.")] = False,
    rates_file: Annotated[Path | None, typer.Option("--rates", help="JSON file of rates (see --help-rates).")] = None,
    rate: Annotated[list[str] | None, typer.Option("--rate", help="Override one rate: KEY=VALUE.")] = None,
) -> None:
    """ROI board: sales/presales hours, travel, marketing and bid costs vs expected and realised revenue."""
    from ..algorithms.roi import roi_board
    from ..graph.connection import graph_session

    rates = _parse_rates(rates_file, rate)  # bad rates fail before any database work
    with graph_session() as g:
        board = roi_board(g, rates)
    if as_json:
        print(json.dumps(board, ensure_ascii=False))
        return
    t = board["totals"]
    cur = board["currency"]
    out.print(f"total cost {t['cost']:,.0f} {cur}, expected revenue {t['expected_revenue']:,.0f}, "
              f"realised {t['realised_revenue']:,.0f}, ROI {t['roi'] if t['roi'] is not None else 'n/a'}")
    table = Table("account", "name", "cost", "expected", "realised", "ROI", "opps")
    for a in board["accounts"][:30]:
        table.add_row(a["account_id"], a["name"], f"{a['cost']:,.0f}", f"{a['expected_revenue']:,.0f}",
                      f"{a['realised_revenue']:,.0f}", "n/a" if a["roi"] is None else f"{a['roi']:.2f}",
                      str(a["opportunities"]))
    out.print(table)
