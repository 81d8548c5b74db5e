"""FastAPI dependencies shared by REST routes and the GraphQL context.

    from dealgraph.api.deps import CurrentUser, require_roles, get_graph_dep

    @router.get("/things")
    def things(user: Annotated[CurrentUser, Depends(require_roles("admin", "read_only"))],
               graph: Annotated[Graph, Depends(get_graph_dep)]): ...

- `current_user` -> 401 without valid credentials (X-API-Key header or `Authorization: Bearer`
  with an API key or an HS256 JWT), 429 when the caller's rate limit is exhausted.
- `require_roles(*roles)` -> 403 when the caller's role is not listed.
- `visible_accounts(user, graph)` -> None when the caller sees every account, else the set of
  account ids they own. In Cypher use `dealgraph.api.scope` predicates with `user.scope.params`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from ..graph.connection import Graph
from .auth import KEY_PREFIX, ROLES, AuthFailed, cached_api_key, verify_api_key, verify_jwt
from .scope import Scope, accounts_owned_by

_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="dealgraph API key (dg_...)")
_bearer = HTTPBearer(auto_error=False, description="An API key or an HS256 JWT")


@dataclass(frozen=True)
class CurrentUser:
    id: str  # the (:User {id}) the caller acts as; OWNS edges start there
    role: str  # admin | account_manager | bid_team | read_only
    credential: str = ""

    @property
    def scope(self) -> Scope:
        return Scope(all=self.role != "account_manager", uid=self.id)

    def has(self, *roles: str) -> bool:
        return self.role in roles


async def get_graph_dep(request: Request) -> Graph:
    return request.app.state.graph()


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(401, detail=detail, headers={"WWW-Authenticate": "Bearer"})


async def current_user(
    request: Request,
    api_key: Annotated[str | None, Depends(_api_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> CurrentUser:
    token = api_key or (bearer.credentials if bearer else None)
    if not token:
        raise _unauthorized("Missing credentials: send X-API-Key or Authorization: Bearer.")
    settings = request.app.state.settings
    try:
        if token.startswith(KEY_PREFIX):
            # Async, with the cached fast path inline: no thread hop for a recently seen key.
            p = cached_api_key(token) or await asyncio.to_thread(verify_api_key, request.app.state.graph(), token)
        else:
            p = verify_jwt(settings.jwt_secret, token)
    except AuthFailed as e:
        # Failed attempts are rate limited per client address: guessing keys costs database reads.
        client = request.client.host if request.client else "?"
        if request.app.state.rate_limiter.hit(f"fail:{client}") > 0:
            raise HTTPException(429, detail="Too many failed authentication attempts.",
                                headers={"Retry-After": "60"}) from None
        raise _unauthorized(f"Invalid credentials: {e}.") from None
    user = CurrentUser(id=p.id, role=p.role, credential=p.credential)
    wait = request.app.state.rate_limiter.hit(user.credential)
    if wait > 0:
        raise HTTPException(429, detail="Rate limit exceeded for this key.",
                            headers={"Retry-After": str(max(1, int(wait + 0.999)))})
    request.state.user = user
    return user


def require_roles(*roles: str):
    """A dependency that returns the current user or raises 403 if their role is not in `roles`."""
    unknown = set(roles) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"

    async def dep(user: Annotated[CurrentUser, Depends(current_user)]) -> CurrentUser:
        if user.role not in roles:
            raise HTTPException(403, detail=f"Role {user.role} may not do this.")
        return user

    return dep


def visible_accounts(user: CurrentUser, graph: Graph) -> set[str] | None:
    """None = every account; otherwise the ids of the accounts this account manager owns."""
    if user.scope.all:
        return None
    return set(accounts_owned_by(graph, user.id))


def can_see_account(user: CurrentUser, graph: Graph, account_id: str) -> bool:
    vis = visible_accounts(user, graph)
    return vis is None or account_id in vis
