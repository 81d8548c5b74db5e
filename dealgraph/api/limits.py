"""Hardening that is not auth: rate limit per key, request body size, GraphQL query cost."""

from __future__ import annotations

import threading
import time

from fastapi import HTTPException
from graphql import (
    BooleanValueNode,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    ValidationRule,
    VariableNode,
    get_named_type,
)


class RateLimiter:
    """Token bucket per credential: `rate` tokens per second, at most `burst` saved up."""

    def __init__(self, rate: float, burst: int):
        self.rate, self.burst = rate, burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> float:
        """Take one token; return 0 if allowed, else the seconds until a token is available."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1 - tokens) / self.rate if self.rate > 0 else 60.0


class BodyTooLarge(HTTPException):
    # An HTTPException so FastAPI's body parsing re-raises it as is (413), not as a 400.
    def __init__(self, limit: int):
        super().__init__(413, detail=f"Request body larger than {limit} bytes.")


class BodySizeLimit:
    """ASGI middleware: reject bodies over a limit, by Content-Length and while streaming.

    Upload paths get their own (larger) limit; everything else the small API limit.
    """

    def __init__(self, app, max_bytes: int, upload_max_bytes: int, upload_prefixes: tuple[str, ...]):
        self.app, self.max_bytes, self.upload_max = app, max_bytes, upload_max_bytes
        self.prefixes = upload_prefixes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.upload_max if scope["path"].startswith(self.prefixes) else self.max_bytes
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                return await _reject(send, limit)
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        started = False

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracking_send)
        except BodyTooLarge:
            if not started:
                await _reject(send, limit)


class RejectNulBytes:
    """ASGI middleware: a NUL byte in the path or query is never legitimate here; refuse it (400)
    before it can reach a file-system or driver call that would fail on it."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            qs = scope.get("query_string", b"").lower()
            if "\x00" in scope.get("path", "") or b"%00" in qs or b"\x00" in qs:
                body = b'{"detail":"NUL bytes are not allowed in the URL."}'
                await send({"type": "http.response.start", "status": 400,
                            "headers": [(b"content-type", b"application/json"),
                                        (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


async def _reject(send, limit: int) -> None:
    body = f'{{"detail":"Request body larger than {limit} bytes."}}'.encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


# Computed fields cost what they compute, not 1: "Type.field" -> rows charged on top (a decision
# chain of a large account: ~500 people, ~1000 ties, introduction paths found by a graph search).
COMPUTED_COST = {
    "Query.decisionChain": 200,
    "Account.decisionChain": 200,
    "DecisionChain.graph": 2000,  # nodes + edges + groups as one value; 1000 with paths: false
    "DecisionChain.introductionPaths": 1000,
    "DecisionChain.pathsNote": 1000,  # runs the same path search
}
# Lists whose length is the chain's size, not a page: "Type.field" -> rows assumed per item of the parent.
LIST_SIZE = {"DecisionChain.nodes": 500, "DecisionChain.edges": 1000, "DecisionChain.groups": 50,
             "DecisionChain.roles": 5}


def cost_rule(max_cost: int, default_page: int, max_page: int, list_factor: int = 10) -> type[ValidationRule]:
    """A validation rule estimating the rows a query may touch, rejecting it above `max_cost`.

    Each field costs 1 plus its children times a multiplier: the `first` argument of paginated
    fields (or the default page size), LIST_SIZE for lists sized by a chain, `list_factor` for other
    list fields; computed fields add COMPUTED_COST. Lists inside a *Connection are already counted
    by its `first`. Cheap to compute: one walk over the AST. Resolvers of computed fields also
    charge their real size while running (Context.charge), so a small estimate cannot hide a big answer.
    """

    class QueryCost(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_):
            schema = self.context.schema
            root = {"query": schema.query_type, "mutation": schema.mutation_type,
                    "subscription": schema.subscription_type}[node.operation.value]
            frags = {f.name.value: f for f in self.context.document.definitions
                     if f.__class__.__name__ == "FragmentDefinitionNode"}
            cost = self._cost(node.selection_set, root, frags, 0)
            if cost > max_cost:
                self.report_error(GraphQLError(
                    f"Query cost {cost} exceeds the maximum of {max_cost}: ask for fewer rows or levels.",
                    node))

        def _cost(self, selection_set, parent, frags, depth) -> int:
            if selection_set is None or parent is None or depth > 30:
                return 0
            total = 0
            for sel in selection_set.selections:
                if isinstance(sel, FragmentSpreadNode):
                    frag = frags.get(sel.name.value)
                    if frag:
                        t = self.context.schema.get_type(frag.type_condition.name.value)
                        total += self._cost(frag.selection_set, t, frags, depth + 1)
                elif isinstance(sel, InlineFragmentNode):
                    t = self.context.schema.get_type(sel.type_condition.name.value) if sel.type_condition else parent
                    total += self._cost(sel.selection_set, t, frags, depth + 1)
                elif isinstance(sel, FieldNode):
                    fields = getattr(parent, "fields", {})
                    fdef = fields.get(sel.name.value)
                    if fdef is None:
                        total += 1
                        continue
                    ftype = fdef.type.of_type if isinstance(fdef.type, GraphQLNonNull) else fdef.type
                    key = f"{parent.name}.{sel.name.value}"
                    extra = COMPUTED_COST.get(key, 0)
                    if key == "DecisionChain.graph" and any(
                            a.name.value == "paths" and isinstance(a.value, BooleanValueNode) and not a.value.value
                            for a in sel.arguments or ()):
                        extra //= 2
                    total += extra
                    mult = 1
                    first = next((a for a in sel.arguments or () if a.name.value == "first"), None)
                    if key in LIST_SIZE:
                        mult = LIST_SIZE[key]
                    elif first is not None:
                        mult = self._int(first.value, default_page)
                    elif "first" in fdef.args:
                        mult = default_page
                    elif isinstance(ftype, GraphQLList) and not parent.name.endswith("Connection"):
                        mult = list_factor
                    total += 1 + mult * self._cost(sel.selection_set, get_named_type(fdef.type), frags, depth + 1)
            return total

        def _int(self, value, default: int) -> int:
            if isinstance(value, IntValueNode):
                return max(1, int(value.value))
            # Variables are unknown at validation time: assume the largest page the server allows.
            if isinstance(value, VariableNode):
                return max_page
            return default

    return QueryCost
