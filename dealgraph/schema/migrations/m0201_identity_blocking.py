from . import unique_id

DESCRIPTION = "incremental ID-mapping: full-text index over each SourceRecord's blocking tokens; stored model"

# Tokens are opaque "b<cap>x<hash>" words (ingest/identity/blocking.record_tokens): the
# whitespace analyzer keeps each one whole, so a lookup is an exact term match.
STATEMENTS = [
    ("CREATE FULLTEXT INDEX idm_blocking IF NOT EXISTS FOR (n:SourceRecord) ON EACH [n.idm_keys] "
     "OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}}"),
    unique_id("IdentityModel"),
]
