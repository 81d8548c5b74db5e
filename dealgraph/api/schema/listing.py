"""One Cypher query per top-level list: filter, visibility, stable sort, page and total count."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .common import Connection, SortDirection, make_connection, page_args
from .context import Context


async def list_page(
    ctx: Context, match: str, where: list[str], sort_prop: str, direction: SortDirection | str,
    first: int | None, after: str | None, build: Callable[[dict], Any], **params: Any,
) -> Connection:
    """`match` binds `n`; `where` are predicates (scope included by the caller); `sort_prop` is a
    property name chosen from an enum in code, never from client text."""
    skip, n = page_args(first, after, ctx.settings.api_max_page_size)
    desc = " DESC" if str(getattr(direction, "value", direction)) == "DESC" else ""
    cypher = (
        f"{match} WHERE {' AND '.join(where) or 'true'} "
        f"WITH n ORDER BY n.{sort_prop} IS NULL, n.{sort_prop}{desc}, n.id{desc} "  # missing values last
        "WITH collect(n) AS ns "
        "RETURN size(ns) AS total, [x IN ns[$skip..($skip + $first)] | properties(x)] AS rows"
    )
    res = (await ctx.read(cypher, skip=skip, first=n, **params))[0]
    return make_connection([build(p) for p in res["rows"]], res["total"], skip, n)
