"""Realistic bilingual demo data with ground truth (org charts, channels, leads, deals, tenders).

`org.generate_org` builds one customer organisation with true decision roles; `world` builds
many accounts plus our side (users, capabilities, leads, opportunities, tenders) and
`export_files` turns a world into the files and mapping TOML the ingest pipeline reads.
"""
