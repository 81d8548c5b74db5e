"""One Cypher query per top-level list: filter, visibility, stable sort, page and total count."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...graph.queries.listing import page_query
from .common import Connection, SortDirection, make_connection, page_args
from .context import Context


async def list_page(
    ctx: Context, label: str, where: list[str], sort_prop: str, direction: SortDirection | str,
    first: int | None, after: str | None, build: Callable[[dict], Any], **params: Any,
) -> Connection:
    """One page of `label` nodes (bound as `n`); `where` are predicates (scope included by the caller);
    `label` and `sort_prop` are chosen in code, never from client text."""
    skip, n = page_args(first, after, ctx.settings.api_max_page_size)
    desc = str(getattr(direction, "value", direction)) == "DESC"
    cypher = page_query(label, where, sort_prop, desc)
    res = (await ctx.read(cypher, skip=skip, first=n, **params))[0]
    return make_connection([build(p) for p in res["rows"]], res["total"], skip, n)
