"""Who may read and write which resource: the auth matrix in one table.

Per-account limits for account managers come on top of this (see scope.py).
"""

from __future__ import annotations

ALL = ("admin", "account_manager", "bid_team", "read_only")
CRM = ("admin", "account_manager", "read_only")  # people data: bid teams do not need contacts

READ: dict[str, tuple[str, ...]] = {
    "account": ALL,
    "department": CRM,
    "contact": CRM,
    "interaction": CRM,
    "decision_chain": CRM,
    "opportunity": CRM,
    "lead": CRM,
    "tender": ALL,
    "ingest": ("admin", "read_only"),
    "job": ALL,  # and then per job: its kind's data, for its accounts (api/job_scope.py)
    "webhook": ("admin",),
}

WRITE: dict[str, tuple[str, ...]] = {
    "account": ("admin", "account_manager"),
    "contact": ("admin", "account_manager"),
    "contact_role": ("admin", "account_manager"),
    "opportunity": ("admin", "account_manager"),
    "lead": ("admin", "account_manager"),
    "tender": ("admin", "bid_team"),
    "ingest": ("admin",),
    "webhook": ("admin",),
}

# Recomputation jobs and the roles allowed to start them.
JOB_ROLES: dict[str, tuple[str, ...]] = {
    "roles": ("admin", "account_manager"),
    "leads": ("admin", "account_manager"),
    "opportunities": ("admin", "account_manager"),
    "matching": ("admin", "bid_team"),
    "competitors": ("admin", "bid_team"),
}


def may_read(role: str, resource: str) -> bool:
    return role in READ.get(resource, ())


def may_write(role: str, resource: str) -> bool:
    return role in WRITE.get(resource, ())
