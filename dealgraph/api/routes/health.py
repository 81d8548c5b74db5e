"""Liveness and readiness."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness: the process answers.")
def health() -> dict:
    return {"status": "ok"}


@router.get("/ready", summary="Readiness: Neo4j answers and the GDS library is installed.",
            responses={503: {"description": "Neo4j or GDS unavailable"}})
async def ready(request: Request):
    def check() -> dict:
        from ...graph.gds import version

        g = request.app.state.graph()
        g.ping()
        return {"neo4j": "ok", "gds": version(g)}

    try:
        checks = await asyncio.wait_for(asyncio.to_thread(check), timeout=5.0)
    except Exception as e:  # noqa: BLE001 - any failure means "not ready"; the reason is reported, not raised
        return JSONResponse({"status": "unavailable", "reason": type(e).__name__}, status_code=503)
    return {"status": "ready", **checks}
