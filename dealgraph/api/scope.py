"""The account-scope fragments, from their one home in dealgraph.graph.queries.scope."""

from ..graph.queries.scope import (  # noqa: F401 - re-exported for resolvers and loaders
    ACT_ON,
    DIRECT,
    OWNED,
    Scope,
    account,
    contact,
    contact_in_account,
    department,
    dept_in_account,
    in_scope,
    interaction,
    lead,
    lead_owned,
    leads_owned,
    opportunities_of,
    opportunity,
    owned_accounts,
    tender,
)
