DESCRIPTION = "saved what-if scenarios (sandbox): one per key (account or pipeline owner, and name)"

STATEMENTS = [
    "CREATE CONSTRAINT scenario_key IF NOT EXISTS FOR (n:Scenario) REQUIRE n.key IS UNIQUE",
    "CREATE INDEX scenario_account_id IF NOT EXISTS FOR (n:Scenario) ON (n.account_id)",
]
