DESCRIPTION = "range indexes for lookups ingest, identity and algorithms do by property"

# (label, property) pairs; one index each, named <label>_<prop>.
_RANGE = [
    ("Account", "name"), ("Account", "credit_code"), ("Account", "name_en"),
    ("Contact", "name"), ("Contact", "email"), ("Contact", "phone"), ("Contact", "wecom_id"),
    ("Contact", "account_id"), ("Department", "account_id"),
    ("SourceRecord", "source"), ("SourceRecord", "source_id"), ("SourceRecord", "email"),
    ("SourceRecord", "phone"), ("SourceRecord", "wecom_unionid"), ("SourceRecord", "name"),
    ("SourceRecord", "credit_code"),
    ("Interaction", "at"), ("Interaction", "kind"),
    ("Lead", "created_at"), ("Lead", "source"), ("Lead", "phone"), ("Lead", "email"),
    ("Opportunity", "created_at"), ("Tender", "number"), ("Tender", "deadline"),
    ("User", "email"), ("Organization", "name"), ("Company", "name"), ("Company", "self"),
    ("Capability", "kind"), ("IngestRun", "started_at"),
]

STATEMENTS = [
    f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})" for label, prop in _RANGE
] + [
    "CREATE INDEX sourcerecord_source_source_id IF NOT EXISTS FOR (n:SourceRecord) ON (n.source, n.source_id)",
    "CREATE INDEX knows_strength IF NOT EXISTS FOR ()-[r:KNOWS]-() ON (r.strength)",
]
