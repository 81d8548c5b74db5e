DESCRIPTION = "copy facts: an account's opportunities and tenders by the account id they carry (no label scan per text)"

STATEMENTS = [
    "CREATE INDEX opportunity_account_id IF NOT EXISTS FOR (n:Opportunity) ON (n.account_id)",
    "CREATE INDEX tender_buyer_account_id IF NOT EXISTS FOR (n:Tender) ON (n.buyer_account_id)",
]
