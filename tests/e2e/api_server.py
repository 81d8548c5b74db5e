"""A real uvicorn server of the app on a free port, for page tests that seed their own world first."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx


@contextmanager
def running_api(graph, settings, role: str = "admin", user: str = "u_page_admin") -> Iterator[tuple[str, dict]]:
    """(base url, headers with an API key of `role` acting as `user`); generous rate limits, no chain cache."""
    import uvicorn

    from dealgraph.api.app import create_app
    from dealgraph.api.auth import create_api_key

    key = create_api_key(graph, role, user)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    conf = type(settings)(**{**settings.model_dump(), "api_rate_per_s": 1000.0, "api_rate_burst": 1000,
                             "api_chain_cache_s": 0})
    server = uvicorn.Server(uvicorn.Config(create_app(conf, graph=graph, workers=False), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120  # an upper bound: a busy machine only makes it slower
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.time() > deadline:
            raise RuntimeError("API did not start")
        time.sleep(0.05)
    try:
        yield url, {"X-API-Key": key}
    finally:
        server.should_exit = True
        thread.join(timeout=10)
