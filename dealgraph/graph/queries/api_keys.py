"""Cypher of API keys (api/auth.py): stored hashed, listed and revoked by id."""

from __future__ import annotations

CREATE = (
    "CREATE (k:ApiKey {id: $id, hash: $hash, role: $role, user_id: $user_id, "
    "created_at: datetime(), revoked: false})"
)

REVOKE = (
    "MATCH (k:ApiKey {id: $id}) SET k.revoked = true RETURN k.id AS id"
)

LIST = (
    "MATCH (k:ApiKey) RETURN k.id AS id, k.role AS role, k.user_id AS user_id, "
    "toString(k.created_at) AS created_at, k.revoked AS revoked ORDER BY k.created_at"
)

BY_ID = (
    "MATCH (k:ApiKey {id: $id}) RETURN k.hash AS hash, k.role AS role, k.user_id AS user_id, "
    "k.revoked AS revoked"
)
