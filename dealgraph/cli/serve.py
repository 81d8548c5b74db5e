"""`dealgraph serve` (the API with uvicorn) and `dealgraph api-key create|list|revoke|jwt`."""

from __future__ import annotations

import typer
from rich.console import Console

out = Console()
keys = typer.Typer(help="API credentials: keys stored hashed in the graph, JWTs signed with DEALGRAPH_JWT_SECRET.",
                   no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.add_typer(keys, name="api-key")


def serve(
    host: str = typer.Option(None, help="Interface to bind (default DEALGRAPH_API_HOST, 127.0.0.1)."),
    port: int = typer.Option(None, help="Port (default DEALGRAPH_API_PORT, 8000)."),
    log_level: str = typer.Option("info", help="uvicorn log level."),
    workers: int = typer.Option(1, help="Worker processes (each runs its own webhook and job threads)."),
) -> None:
    """Run the GraphQL + REST API (GraphQL at /graphql, OpenAPI at /docs)."""
    import uvicorn

    from ..api.app import create_app
    from ..config import get_settings
    from ..graph.connection import get_graph
    from ..graph.migrate import migrate

    s = get_settings()
    graph = get_graph(s)  # fail now with one clear sentence if Neo4j is down
    migrate(graph)
    where = {"host": host or s.api_host, "port": port or s.api_port, "log_level": log_level}
    if workers > 1:  # uvicorn imports the factory in each worker process
        uvicorn.run("dealgraph.api.app:create_app", factory=True, workers=workers, **where)
    else:
        uvicorn.run(create_app(s, graph=graph), **where)


@keys.command("create")
def create(role: str = typer.Option(..., help="admin | account_manager | bid_team | read_only"),
           user: str = typer.Option(None, "--user", help="The (:User) id the key acts as (needed for "
                                                         "account managers: they see the accounts this user OWNS).")) -> None:
    """Create an API key and print it once (only its hash is stored)."""
    from ..api.auth import create_api_key
    from ..errors import InputError
    from ..graph.connection import graph_session

    if role == "account_manager" and not user:
        raise InputError("An account_manager key needs --user USER_ID: the user whose OWNS edges define its accounts.")
    with graph_session() as g:
        key = create_api_key(g, role, user)
    print(key)  # plain, unwrapped, on stdout: scripts capture it
    Console(stderr=True).print(f"role {role}: store this key now, it cannot be shown again.", highlight=False)


@keys.command("list")
def list_() -> None:
    """List keys (ids, roles, users; never secrets)."""
    from ..api.auth import list_api_keys
    from ..graph.connection import graph_session

    with graph_session() as g:
        for k in list_api_keys(g):
            out.print(f"{k['id']}  {k['role']:<16} {k['user_id']:<20} {'REVOKED' if k['revoked'] else 'active'}"
                      f"  {k['created_at']}", highlight=False)


@keys.command("revoke")
def revoke(key_id: str = typer.Argument(..., help="The id printed by `api-key list` (dg_<id>_...).")) -> None:
    """Revoke a key (takes effect on running servers within 30 s)."""
    from ..api.auth import revoke_api_key
    from ..errors import NotFound
    from ..graph.connection import graph_session

    with graph_session() as g:
        if not revoke_api_key(g, key_id):
            raise NotFound(f"No API key with id {key_id!r}: see `dealgraph api-key list`.")
    out.print(f"revoked {key_id}")


@keys.command("jwt")
def issue(role: str = typer.Option(...), user: str = typer.Option(..., "--user"),
          ttl: int = typer.Option(None, help="Seconds of validity (default DEALGRAPH_JWT_TTL_S).")) -> None:
    """Print an HS256 JWT signed with DEALGRAPH_JWT_SECRET (for SSO bridges and tests)."""
    from ..api.auth import ROLES, issue_jwt
    from ..config import get_settings
    from ..errors import InputError

    s = get_settings()
    if not s.jwt_secret:
        raise InputError("DEALGRAPH_JWT_SECRET is not set: export a long random secret first.")
    if role not in ROLES:
        raise InputError(f"Unknown role {role!r}: use one of {', '.join(ROLES)}.")
    print(issue_jwt(s.jwt_secret, user, role, ttl or s.jwt_ttl_s))
