"""Cypher of `dealgraph demo load`'s summary (cli/demo.py): awards loaded, the account with most classified contacts."""

from __future__ import annotations

from .scope import contact_in_account

AWARD_COUNT = (
    "MATCH ()-[r:AWARDED_TO]->() RETURN count(r) AS n"
)

BUSIEST_ACCOUNT = (
    f"MATCH {contact_in_account('c:Contact', 'a:Account')} WHERE c.role IS NOT NULL "
    "RETURN a.id AS id, count(DISTINCT c) AS n ORDER BY n DESC, id LIMIT 1"
)
