"""`dealgraph viz decision-chain|roi`: write the offline HTML pages to a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..errors import InputError, NotFound

out = Console()
viz = typer.Typer(help="Offline HTML views (open the file in any browser, no internet needed).",
                  no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(viz, name="viz")


def _next_actions(g, account: str) -> dict:
    """The account's ranked next actions for the page's panel; a note instead when there are none to learn."""
    from ..algorithms.opportunities.account_actions import ranked_account_actions
    from ..algorithms.opportunities.graph import graph_history
    from ..algorithms.opportunities.history import load_history

    df = graph_history(g)
    if df.empty:
        return {"actions": [], "note": "there is no stage history to learn from"}
    return ranked_account_actions(g, load_history(df, "graph"), account)


@viz.command("decision-chain")
def decision_chain(
    account: Annotated[str, typer.Argument(help="Account id.")],
    out_file: Annotated[Path | None, typer.Option(
        "--out", "-o", help="HTML file to write (default decision-chain-ACCOUNT.html).")] = None,
) -> None:
    """Force-directed decision chain of one account: roles, influence, ties, introduction paths."""
    from ..algorithms.roles.paths import introduction_paths_view
    from ..graph.connection import graph_session
    from ..graph.queries.buying_group import committees_of_account
    from ..graph.queries.decision_chain import decision_chain_data
    from ..viz.decision_chain import render_decision_chain

    target = out_file or Path(f"decision-chain-{_safe(account)}.html")
    with graph_session() as g:
        data = decision_chain_data(g, account)
        data["paths"], data["paths_note"] = introduction_paths_view(g, account)
        data["committees"] = committees_of_account(g, account)
        data["next_actions"] = _next_actions(g, account)
    _write(target, render_decision_chain(data))
    st = data["stats"]
    roles = ", ".join(f"{k} {v}" for k, v in sorted(st["roles"].items())) or "none"
    out.print(f"wrote {target} · {st['contacts']} contacts ({roles}) · {st['departments']} departments · "
              f"{st['edges']} ties · {len(data['paths'])} introduction path(s)", highlight=False)


@viz.command("roi")
def roi(
    out_file: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path("roi.html"),
    board_file: Annotated[Path | None, typer.Option(
        "--board", help="A board saved by `dealgraph roi --json` (default: compute it from the graph).")] = None,
) -> None:
    """ROI board: cost vs expected and realised revenue per account and opportunity."""
    from ..viz.roi import render_roi_page

    if board_file is not None:
        board = _read_board(board_file)
    else:
        try:
            from ..algorithms.roi import roi_board
        except ImportError as e:
            raise NotFound("The ROI computation (dealgraph.algorithms.roi) is not installed: "
                           "pass a saved board with --board FILE.json.") from e
        from ..graph.connection import graph_session

        with graph_session() as g:
            board = roi_board(g)
    _write(out_file, render_roi_page(board))
    out.print(f"wrote {out_file} · {len(board.get('accounts') or [])} accounts · "
              f"{len(board.get('opportunities') or [])} opportunities", highlight=False)


def _read_board(path: Path) -> dict:
    try:
        board = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; pass the JSON written by `dealgraph roi --json`.") from None
    except json.JSONDecodeError as e:
        raise InputError(f"{path}: not valid JSON at line {e.lineno}, column {e.colno} ({e.msg}).") from None
    if not isinstance(board, dict) or not isinstance(board.get("accounts", []), list):
        raise InputError(f"{path}: expected a JSON object with 'totals', 'accounts' and 'opportunities'.")
    return board


def _write(path: Path, html: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    except OSError as e:
        raise InputError(f"Cannot write {path}: {e.strerror}.") from None


def _safe(s: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in s)
