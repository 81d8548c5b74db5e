"""Shared GraphQL pieces: Relay-style connections, sorting, value conversion from Neo4j."""

from __future__ import annotations

import base64
import json
from enum import Enum
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.scalars import JSON

from .context import bad_input

T = TypeVar("T")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int

    @strawberry.field
    def nodes(self) -> list[T]:  # type: ignore[valid-type]
        return [e.node for e in self.edges]


@strawberry.enum
class SortDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    """Cursors are opaque to clients; inside they are offsets over a stable ORDER BY (key, id)."""
    if not cursor:
        return 0
    try:
        kind, value = base64.urlsafe_b64decode(cursor.encode()).decode().split(":", 1)
        if kind != "o" or int(value) < 0:
            raise ValueError
        return int(value) + 1
    except (ValueError, UnicodeDecodeError):
        raise bad_input("Invalid cursor: pass an endCursor returned by this API.") from None


def page_args(first: int | None, after: str | None, max_page: int, default: int = 20) -> tuple[int, int]:
    n = default if first is None else first
    if n < 0 or n > max_page:
        raise bad_input(f"first must be between 0 and {max_page}.")
    return decode_cursor(after), n


def make_connection(rows: list[Any], total: int, skip: int, first: int) -> Connection:
    edges = [Edge(cursor=encode_cursor(skip + i), node=r) for i, r in enumerate(rows[:first])]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=skip + first < total,
            has_previous_page=skip > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total,
    )


def plain(v: Any) -> Any:
    """Neo4j values -> JSON-friendly Python (temporal types to ISO strings)."""
    if hasattr(v, "iso_format"):
        return v.iso_format()
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    return v


def text(v: Any) -> str | None:
    v = plain(v)
    return None if v is None else str(v)


def num(v: Any) -> float | None:
    try:
        return None if v is None else float(v)
    except (TypeError, ValueError):
        return None


def integer(v: Any) -> int | None:
    try:
        return None if v is None else int(v)
    except (TypeError, ValueError):
        return None


def boolean(v: Any) -> bool | None:
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, str):
        return v.strip().lower() in ("1", "true", "yes", "y", "是")
    return bool(v)


def evidence(v: Any) -> JSON | None:
    """Evidence is stored as a JSON string or as a string array; give clients structured JSON."""
    v = plain(v)
    if isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return [v]
    if isinstance(v, list):
        out = []
        for x in v:
            try:
                out.append(json.loads(x) if isinstance(x, str) and x[:1] in "{[" else x)
            except ValueError:
                out.append(x)
        return out
    return v


def props_json(props: dict) -> JSON:
    return {k: plain(v) for k, v in props.items() if k not in ("embedding", "secret", "hash")}
