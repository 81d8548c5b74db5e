"""The one way each node kind is written: statements.py (batched, used by ingest) and upsert.py (one record,
used by the API), both running the same statement per kind."""
