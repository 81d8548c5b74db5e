DESCRIPTION = "tender intelligence: lookups of requirements by tender, concepts by kind, tenders by status/buyer"

STATEMENTS = [
    "CREATE INDEX requirement_tender_id IF NOT EXISTS FOR (n:Requirement) ON (n.tender_id)",
    "CREATE INDEX concept_kind IF NOT EXISTS FOR (n:Concept) ON (n.kind)",
    "CREATE INDEX tender_status IF NOT EXISTS FOR (n:Tender) ON (n.status)",
    "CREATE INDEX tender_buyer IF NOT EXISTS FOR (n:Tender) ON (n.buyer)",
    "CREATE INDEX tender_region IF NOT EXISTS FOR (n:Tender) ON (n.region)",
]
