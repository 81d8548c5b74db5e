"""Credentials: API keys stored hashed in the graph, and HS256 JWTs signed with an env secret.

An API key looks like `dg_<key id>_<secret>`. Only sha256(secret) is stored on
(:ApiKey {id, hash, role, user_id, created_at, revoked}); the secret is shown once at creation.
A sha256 is enough here because the secret is 32 random bytes (nothing to brute-force), and the
key id makes the lookup one indexed read. Verified keys are cached briefly so a busy client does
not cost one extra Cypher query per request; revocation takes effect within KEY_CACHE_S.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass

import jwt

from ..graph.connection import Graph
from ..graph.queries import api_keys as q

ROLES = ("admin", "account_manager", "bid_team", "read_only")
KEY_PREFIX = "dg_"
KEY_CACHE_S = 30.0


@dataclass(frozen=True)
class Principal:
    """Who is calling: the (:User) id they act as, their role, and the credential id (rate-limit key)."""

    id: str
    role: str
    credential: str


class AuthFailed(Exception):
    """The credentials are missing, malformed, unknown, revoked or expired (HTTP 401)."""


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_key(graph: Graph, role: str, user_id: str | None = None) -> str:
    """Store a new key (hashed) and return the full key string; it cannot be recovered later."""
    if role not in ROLES:
        from ..errors import InputError

        raise InputError(f"Unknown role {role!r}: use one of {', '.join(ROLES)}.")
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    graph.write(q.CREATE, id=key_id, hash=_hash(secret), role=role, user_id=user_id or f"key:{key_id}")
    return f"{KEY_PREFIX}{key_id}_{secret}"


def revoke_api_key(graph: Graph, key_id: str) -> bool:
    rows = graph.write(q.REVOKE, id=key_id)
    _cache.clear()
    return bool(rows)


def list_api_keys(graph: Graph) -> list[dict]:
    return graph.read(q.LIST)


_cache: dict[str, tuple[float, Principal]] = {}
_cache_lock = threading.Lock()


def _split(key: str) -> tuple[str, str]:
    if not key.startswith(KEY_PREFIX) or key.count("_") < 2:
        raise AuthFailed("malformed API key")
    key_id, secret = key[len(KEY_PREFIX):].split("_", 1)
    return key_id, _hash(secret)


def cached_api_key(key: str) -> Principal | None:
    """The principal of a recently verified key, without touching the database."""
    key_id, digest = _split(key)
    with _cache_lock:
        hit = _cache.get(digest)
    if hit and hit[0] > time.monotonic() and hit[1].credential == f"key:{key_id}":
        return hit[1]
    return None


def verify_api_key(graph: Graph, key: str) -> Principal:
    hit = cached_api_key(key)
    if hit:
        return hit
    key_id, digest = _split(key)
    now = time.monotonic()
    rows = graph.read(q.BY_ID, id=key_id)
    if not rows or rows[0]["revoked"] or not hmac.compare_digest(rows[0]["hash"], digest):
        raise AuthFailed("unknown or revoked API key")
    p = Principal(id=rows[0]["user_id"], role=rows[0]["role"], credential=f"key:{key_id}")
    with _cache_lock:
        _cache[digest] = (now + KEY_CACHE_S, p)
    return p


def issue_jwt(secret: str, user_id: str, role: str, ttl_s: int = 3600) -> str:
    now = int(time.time())
    return jwt.encode({"sub": user_id, "role": role, "iat": now, "exp": now + ttl_s}, secret, algorithm="HS256")


def verify_jwt(secret: str | None, token: str) -> Principal:
    if not secret:
        raise AuthFailed("JWT authentication is disabled (DEALGRAPH_JWT_SECRET is not set)")
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"], options={"require": ["sub", "exp"]})
    except jwt.PyJWTError as e:
        raise AuthFailed(f"invalid token: {e}") from e
    role = claims.get("role")
    if role not in ROLES:
        raise AuthFailed("token carries no valid role")
    return Principal(id=str(claims["sub"]), role=role, credential=f"jwt:{claims['sub']}")
