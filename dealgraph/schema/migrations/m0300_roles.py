DESCRIPTION = "decision roles: look up contacts by account and by role"

STATEMENTS = [
    "CREATE INDEX contact_account_id IF NOT EXISTS FOR (c:Contact) ON (c.account_id)",
    "CREATE INDEX contact_role IF NOT EXISTS FOR (c:Contact) ON (c.role)",
]
