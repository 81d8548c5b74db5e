from . import unique_id

DESCRIPTION = "identity resolution: review queue ids and lookups by status, source record kind"

STATEMENTS = [
    unique_id("IdentityReview"),
    "CREATE INDEX identity_review_status IF NOT EXISTS FOR (r:IdentityReview) ON (r.status)",
    "CREATE INDEX source_record_kind IF NOT EXISTS FOR (s:SourceRecord) ON (s.kind)",
]
