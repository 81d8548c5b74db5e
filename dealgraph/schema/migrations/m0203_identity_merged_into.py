DESCRIPTION = "ID-mapping: goldens merged away found by index (every resolve run sweeps them)"

STATEMENTS = [
    "CREATE INDEX contact_merged_into IF NOT EXISTS FOR (n:Contact) ON (n.merged_into)",
    "CREATE INDEX account_merged_into IF NOT EXISTS FOR (n:Account) ON (n.merged_into)",
]
