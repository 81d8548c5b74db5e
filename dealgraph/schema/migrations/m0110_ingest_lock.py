from . import unique_id

DESCRIPTION = "one IngestLock node per run id, so two processes loading the same files take turns"

STATEMENTS = [unique_id("IngestLock")]
