"""FastAPI app factory: `create_app(settings)`.

Adding a REST route (another engineer's feature):
    1. Create `dealgraph/api/routes/<name>.py` exposing `router = APIRouter(prefix=..., tags=[...])`.
    2. Protect each endpoint with the shared dependencies:
           from fastapi import APIRouter, Depends
           from dealgraph.api.deps import CurrentUser, current_user, get_graph_dep, require_roles
           @router.get("/leads/{lead_id}/score")
           def score(lead_id: str,
                     user: Annotated[CurrentUser, Depends(require_roles("admin", "account_manager"))],
                     graph: Annotated[Graph, Depends(get_graph_dep)]) -> dict: ...
       For account-scoped data, add a `dealgraph.api.scope` predicate to your Cypher and pass
       `**user.scope.params` (account managers then see only accounts they OWN).
    3. Done: every module in routes/ with a `router` is included automatically, and appears in
       /openapi.json. Heavy imports (sklearn, torch) belong inside the endpoint functions.
GraphQL lives at /graphql (schema in dealgraph/api/schema/, one module per domain).
Events for integrations: `from dealgraph.api.webhooks import emit; emit("lead.scored", {...})`.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import re
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from strawberry.fastapi import GraphQLRouter

from ..config import Settings, get_settings
from ..errors import DealgraphError, GraphUnavailable, InputError, NotFound
from ..graph.connection import Graph, get_graph, quiet_driver_notices
from .chain_cache import ChainCache
from .deps import CurrentUser, current_user
from .limits import BodySizeLimit, RateLimiter, RejectNulBytes
from .rawjson import encode_response

log = logging.getLogger(__name__)
UPLOAD_PREFIXES = ("/ingest/uploads",)


def _include_routes(app: FastAPI) -> list[str]:
    from . import routes

    found = []
    for info in sorted(pkgutil.iter_modules(routes.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{routes.__name__}.{info.name}")
        router = getattr(mod, "router", None)
        if router is not None:
            app.include_router(router)
            found.append(info.name)
    return found


class _Router(GraphQLRouter):
    """GraphQL responses through dealgraph.api.rawjson: cached pre-encoded values spliced in, orjson
    when installed. Each operation runs under a time budget: past it, it is cancelled (no further
    resolver starts; a database read in flight ends at the driver's own timeout) and answers TIMEOUT."""

    budget_s: float = 10.0

    def encode_json(self, data: object) -> str:
        return encode_response(data)

    async def execute_single(self, *args, **kwargs):
        import asyncio

        from graphql import ExecutionResult, GraphQLError

        try:
            return await asyncio.wait_for(super().execute_single(*args, **kwargs), self.budget_s)
        except TimeoutError:
            return ExecutionResult(data=None, errors=[GraphQLError(
                f"The query ran past its time budget of {self.budget_s:g} s and was cancelled: ask for less.",
                extensions={"code": "TIMEOUT"})])


def _graphql_router(settings: Settings) -> GraphQLRouter:
    from .schema import build_schema
    from .schema.context import Context

    async def context(request: Request, user: Annotated[CurrentUser, Depends(current_user)]) -> Context:
        return Context(user=user, graph=request.app.state.graph(), settings=settings, app_state=request.app.state)

    # No GraphiQL page: it loads its scripts from a CDN, and dealgraph runs offline.
    router = _Router(build_schema(settings), context_getter=context, graphql_ide=None,
                     allow_queries_via_get=False, tags=["graphql"])
    router.budget_s = settings.api_request_budget_s
    # No GET (no IDE, no queries via GET): drop the route, so GET answers 405 with Allow: POST, not 404.
    router.routes = [r for r in router.routes if "GET" not in (getattr(r, "methods", None) or ())]
    return router


def create_app(settings: Settings | None = None, graph: Graph | None = None, workers: bool = True) -> FastAPI:
    """Build the app. `graph` defaults to the process-wide connection (opened on first use);
    `workers=False` skips the webhook delivery and job threads (for tools that only need routes)."""
    settings = settings or get_settings()
    quiet_driver_notices()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if workers:
            from .jobs import JobRunner
            from .webhooks import DeliveryWorker

            app.state.jobs = JobRunner(app.state.graph, on_done=lambda kind: app.state.chain_cache.invalidate())
            app.state.webhook_worker = DeliveryWorker(app.state.graph, settings)
            app.state.webhook_worker.start()
        yield
        if workers:
            app.state.webhook_worker.stop()
            app.state.jobs.shutdown()

    app = FastAPI(
        title="dealgraph API",
        version="0.1.0",
        description="Graph-centric B2B CRM: accounts, decision chains, tenders, leads. GraphQL at /graphql.",
        lifespan=lifespan,
        # Answers any operation can give before its own code runs (middleware, auth, limits).
        responses={400: {"description": "Bad request (e.g. a NUL byte in the URL)"},
                   401: {"description": "Missing or invalid credentials"},
                   413: {"description": "Request body too large"},
                   429: {"description": "Rate limit exceeded"}},
    )
    app.state.settings = settings

    @app.exception_handler(405)
    async def method_not_allowed(request: Request, _: Exception):
        # Starlette's Allow lists the methods of the last route tried; list the documented methods of the
        # resource: a literal path ("/webhooks/deliveries") before a template that also matches it.
        return JSONResponse({"detail": "Method Not Allowed"}, status_code=405,
                            headers={"Allow": ", ".join(_allowed_methods(app, request.url.path))})

    _graph_holder: list[Graph] = [graph] if graph is not None else []

    def graph_getter() -> Graph:
        if not _graph_holder:
            _graph_holder.append(get_graph(settings))
        return _graph_holder[0]

    app.state.graph = graph_getter
    app.state.rate_limiter = RateLimiter(settings.api_rate_per_s, settings.api_rate_burst)
    app.state.chain_cache = ChainCache(settings.api_chain_cache_s)
    app.state.jobs = None
    app.add_middleware(BodySizeLimit, max_bytes=settings.api_max_body_bytes,
                       upload_max_bytes=settings.api_upload_max_bytes, upload_prefixes=UPLOAD_PREFIXES)
    app.add_middleware(RejectNulBytes)
    _add_error_handlers(app)
    app.include_router(_graphql_router(settings), prefix="/graphql")
    app.state.route_modules = _include_routes(app)
    return app


def _allowed_methods(app: FastAPI, path: str) -> list[str]:
    paths = app.openapi().get("paths", {})
    ops = paths.get(path)
    if ops is None:
        ops = next((o for t, o in paths.items()
                    if re.fullmatch(re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(t)), path)), {})
    return sorted(m.upper() for m in ops if m in ("get", "post", "put", "patch", "delete"))


def _add_error_handlers(app: FastAPI) -> None:
    """User-actionable errors become one sentence with a fitting status; anything else a bare 500."""

    from ..algorithms.registry import ModelRejected

    status = {InputError: 400, NotFound: 404, GraphUnavailable: 503, ModelRejected: 409}

    @app.exception_handler(DealgraphError)
    async def dealgraph_error(_: Request, e: DealgraphError):
        code = next((c for t, c in status.items() if isinstance(e, t)), 400)
        if isinstance(e, GraphUnavailable):  # its message names the database address: keep that in the log
            log.error("graph unavailable: %s", e)
            return JSONResponse({"detail": "The graph database is unavailable; try again later."}, status_code=503)
        return JSONResponse({"detail": str(e)}, status_code=code)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, e: Exception):
        log.exception("unhandled error")
        return JSONResponse({"detail": "Internal error."}, status_code=500)
