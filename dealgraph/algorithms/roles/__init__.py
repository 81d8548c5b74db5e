"""Decision roles (决策者 decision maker, 影响者 influencer, 执行者 executor) for the contacts of an account.

titles (seniority from CN/EN titles) -> features (Cypher + GDS per batch of accounts) ->
rules (transparent score) or model (GDS node-classification pipeline, when confirmed roles
exist) -> evidence (plain-words reasons) -> classify (batches, write-back). paths finds
introduction paths from our account owner to the decision makers. A user's contacts.csv /
edges.csv is loaded by ingest/orgchart.

Written on each Contact: role, role_confidence (0..1), role_evidence (string array),
role_model (version), role_influence (0..1, for node size), role_scored_at (ISO UTC).
"""

from .classify import Report, classify
from .paths import introduction_paths
from .titles import TitleInfo, parse_title

__all__ = ["Report", "TitleInfo", "classify", "introduction_paths", "parse_title"]
