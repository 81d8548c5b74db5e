DESCRIPTION = "incremental ID-mapping: find pending SourceRecords by index (writers mark changed ones)"

# idm_dirty: set by every writer when a record's identity properties differ from what the
# resolver last saw (idm_seen). idm_seen: counted by index, so a run can tell whether every
# record has been seen at least once (else it scans, e.g. after a bulk import).
STATEMENTS = [
    "CREATE INDEX source_record_idm_dirty IF NOT EXISTS FOR (s:SourceRecord) ON (s.idm_dirty)",
    "CREATE INDEX source_record_idm_seen IF NOT EXISTS FOR (s:SourceRecord) ON (s.idm_seen)",
]
