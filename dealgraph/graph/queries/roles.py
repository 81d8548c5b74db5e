"""Cypher of decision roles (algorithms/roles/): the contacts of a batch of accounts with their reporting
lines, ties and interactions; the GDS projection and scores of that graph; the node-classification
pipeline; the written roles and the confirmed labels."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..gds import projection
from .scope import contact_in_account

if TYPE_CHECKING:
    from ..connection import Graph

# --------------------------------------------------------------------------- features (features.py)

CONTACTS = """
UNWIND $account_ids AS aid
CALL (aid) {
  MATCH (c:Contact {account_id: aid}) RETURN c
  UNION
  MATCH """ + contact_in_account("c:Contact", ":Account {id: aid}") + """
  RETURN c
}
OPTIONAL MATCH (c)-[:WORKS_IN]->(d:Department)
WITH aid, c, head(collect(d.name)) AS dept
RETURN aid AS account_id, c.id AS id, coalesce(c.name, '') AS name, coalesce(c.title, '') AS title,
       coalesce(dept, c.department, '') AS department, c.role_label AS role_label,
       c.role_label_by AS role_label_by, coalesce(c.signs_documents, false) AS signs_flag
"""
REPORTS = """
UNWIND $ids AS cid
MATCH (c:Contact {id: cid})-[:REPORTS_TO]->(m:Contact)
RETURN c.id AS s, m.id AS t
"""
KNOWS = """
UNWIND $ids AS cid
MATCH (c:Contact {id: cid})-[k:KNOWS]->(o:Contact)
RETURN c.id AS s, o.id AS t, coalesce(toFloat(k.strength), 0.5) AS w, toLower(coalesce(k.kind, '')) AS kind,
       toFloat(k.count) AS n
"""
INTERACTIONS = """
UNWIND $ids AS cid
MATCH (c:Contact {id: cid})<-[:INVOLVES]-(i:Interaction)
RETURN c.id AS cid, i.id AS iid, coalesce(i.kind, '') AS kind, coalesce(i.meeting_type, '') AS meeting_type,
       coalesce(i.topic, '') + ' ' + coalesce(i.summary, '') AS text, i.signer_id AS signer
"""
# One row per node (so loners are kept) or relationship, built by algorithms/roles/features.projection_rows.
PROJECT = """
UNWIND $rows AS r
RETURN gds.graph.project($graph_name, r.s, r.t,
  {relationshipType: r.type, relationshipProperties: r.rp, sourceNodeProperties: r.sp, targetNodeProperties: r.tp,
   sourceNodeLabels: coalesce(r.sl, false), targetNodeLabels: coalesce(r.tl, false)}, $config) AS g
"""
# The centrality procedures the features use (names of ours, never input).
SCORE_PROCEDURES = ("gds.pageRank.stream", "gds.articleRank.stream", "gds.betweenness.stream", "gds.degree.stream")


@dataclass
class Rows:
    """What role features read for a batch, as plain rows: a sandbox changes a copy of them, never the graph."""
    contacts: list[dict]  # account_id, id, name, title, department, role_label, role_label_by, signs_flag
    reports: list[dict]  # {s, t}
    knows: list[dict]  # {s, t, w, kind}
    interactions: list[dict]  # {cid, iid, kind, meeting_type, text, signer}


def contacts_of(graph: Graph, account_ids: list[str]) -> list[dict]:
    """The contacts of these accounts (by account_id or department), each once, in its first account."""
    rows = graph.read(CONTACTS, account_ids=account_ids)
    seen, out = set(), []
    for r in rows:  # a contact reachable two ways counts once, in its first account
        if r["id"] not in seen:
            seen.add(r["id"])
            out.append(r)
    return out


def read_rows(graph: Graph, account_ids: list[str]) -> Rows:
    rows = contacts_of(graph, account_ids)
    if not rows:
        return Rows([], [], [], [])
    ids = [r["id"] for r in rows]
    return Rows(rows, graph.read(REPORTS, ids=ids), graph.read(KNOWS, ids=ids), graph.read(INTERACTIONS, ids=ids))


@contextmanager
def project_contacts(graph: Graph, prefix: str, rows: list[dict], social: bool) -> Iterator[str]:
    """A GDS graph of the rows (REPORTS_TO directed, SOCIAL undirected when there is any), dropped on exit."""
    with projection(graph, prefix, PROJECT, {"rows": rows},
                    {"undirectedRelationshipTypes": ["SOCIAL"] if social else []}) as g:
        yield g


def node_scores(graph: Graph, procedure: str, g: str, config: dict) -> list[dict]:
    """{nodeId, score} of one centrality procedure of SCORE_PROCEDURES on the projection `g`."""
    if procedure not in SCORE_PROCEDURES:
        raise ValueError(f"not a role-feature procedure: {procedure}")
    return graph.read(f"CALL {procedure}($g, $c) YIELD nodeId, score RETURN nodeId, score", g=g, c=config)


# --------------------------------------------------------------------------- GDS node classification (model.py)

_NC = "gds.beta.pipeline.nodeClassification"
PREDICT = ("CALL gds.beta.pipeline.nodeClassification.predict.stream($g, "
           "{modelName: $m, includePredictedProbabilities: true, targetNodeLabels: ['Unlabelled']}) "
           "YIELD nodeId, predictedClass, predictedProbabilities "
           "RETURN nodeId, predictedClass, predictedProbabilities")
DROP_MODEL = "CALL gds.model.drop($m, false) YIELD modelName RETURN modelName"
DROP_PIPELINE = "CALL gds.pipeline.drop($p, false) YIELD pipelineName RETURN pipelineName"
# The model candidates a pipeline may add (names of ours, never input).
CANDIDATE_STEPS = ("addLogisticRegression", "addRandomForest")


def predict_roles(graph: Graph, g: str, model: str) -> list[dict]:
    """{nodeId, predictedClass, predictedProbabilities} for the Unlabelled nodes of `g`."""
    return graph.read(PREDICT, g=g, m=model)


def drop_model(graph: Graph, model: str) -> None:
    graph.run_autocommit(DROP_MODEL, m=model)


def create_pipeline(graph: Graph, pipe: str) -> None:
    """An empty node-classification pipeline (configure_pipeline adds its steps; drop_pipeline removes it)."""
    graph.run_autocommit(f"CALL {_NC}.create($p)", p=pipe)


def configure_pipeline(graph: Graph, pipe: str, seed: int, candidates: list[tuple[str, dict]]) -> None:
    """FastRP embedding 'emb' + feature vector 'f' as features, a 20 % test split, these model candidates."""
    for step, _ in candidates:
        if step not in CANDIDATE_STEPS:
            raise ValueError(f"not a pipeline model step: {step}")
    graph.run_autocommit(
        f"CALL {_NC}.addNodeProperty($p, 'fastRP', {{mutateProperty: 'emb', embeddingDimension: 16, "
        "randomSeed: $seed, contextNodeLabels: ['Contact']})", p=pipe, seed=seed)
    graph.run_autocommit(f"CALL {_NC}.selectFeatures($p, ['f', 'emb'])", p=pipe)
    graph.run_autocommit(f"CALL {_NC}.configureSplit($p, {{testFraction: 0.2, validationFolds: 3}})", p=pipe)
    for proc, config in candidates:
        graph.run_autocommit(f"CALL {_NC}.{proc}($p, $c)", p=pipe, c=config)


def train_pipeline(graph: Graph, g: str, pipe: str, model: str, seed: int) -> dict[str, Any]:
    """Train `model` on the Labelled nodes of `g` (target role_class); GDS's modelInfo."""
    return graph.run_autocommit(
        f"CALL {_NC}.train($g, {{pipeline: $p, modelName: $m, targetProperty: 'role_class', "
        "targetNodeLabels: ['Labelled'], metrics: ['F1_MACRO', 'ACCURACY'], randomSeed: $seed}) "
        "YIELD modelInfo RETURN modelInfo", g=g, p=pipe, m=model, seed=seed)[0]["modelInfo"]


def drop_pipeline(graph: Graph, pipe: str) -> None:
    graph.run_autocommit(DROP_PIPELINE, p=pipe)


# --------------------------------------------------------------------------- roles written and confirmed (classify.py)

# Only contacts whose verdict changed are written: a run on unchanged input leaves the graph as it was.
WRITE = """
UNWIND $rows AS r
MATCH (c:Contact {id: r.id})
WITH c, r WHERE c.role IS NULL OR c.role <> r.role OR c.role_confidence <> r.confidence
  OR c.role_evidence <> r.evidence OR c.role_model <> r.model OR coalesce(c.role_influence, -1.0) <> r.influence
  OR coalesce(c.role_margin, -1.0) <> r.margin OR coalesce(c.role_reason, '') <> r.semantic_reason
  OR coalesce(c.role_semantic, '') <> r.semantic_role OR coalesce(c.role_profile, '') <> r.profile
  OR coalesce(c.role_vector, []) <> r.vector
SET c.role = r.role, c.role_confidence = r.confidence, c.role_evidence = r.evidence, c.role_model = r.model,
    c.role_influence = r.influence, c.role_margin = r.margin, c.role_scored_at = r.at,
    c.role_reason = r.semantic_reason, c.role_semantic = r.semantic_role, c.role_profile = r.profile,
    c.role_vector = r.vector
"""
# Confirmed roles with the structure's numbers the semantics gave that person (transfer.py).
LABELLED_VECTORS = """
MATCH (c:Contact) WHERE c.role_label IN $roles AND c.role_vector IS NOT NULL
RETURN c.role_vector AS vector, c.role_label AS label, coalesce(c.account_id, '') AS account_id
"""
LABELS = """
MATCH (c:Contact) WHERE c.role_label IN $roles
RETURN c.id AS id, c.role_label AS role, c.account_id AS account_id
"""
ALL_ACCOUNTS = "MATCH (a:Account) RETURN a.id AS id ORDER BY id"
ACCOUNTS_OF_CONTACTS = ("UNWIND $ids AS cid MATCH (c:Contact {id: cid}) "
                        "OPTIONAL MATCH " + contact_in_account("c", "a:Account") + " "
                        "RETURN DISTINCT coalesce(c.account_id, a.id) AS aid")
EXISTING_ACCOUNTS = "UNWIND $ids AS i MATCH (a:Account {id: i}) RETURN a.id AS id"


def write_roles(graph: Graph, rows: list[dict]) -> None:
    """Role, confidence, evidence, model, influence, margin, semantic reason and profile per contact (changed ones
    only)."""
    graph.write_batch(WRITE, rows)


def labelled_vectors(graph: Graph, roles: list[str]) -> list[dict]:
    """{vector, label, account_id} of every contact with a confirmed role and a stored vector."""
    return graph.read(LABELLED_VECTORS, roles=roles)


def user_labels(graph: Graph, roles: list[str]) -> dict[str, str]:
    """contact id -> role confirmed by a user (Contact.role_label), for labels among `roles`."""
    return {r["id"]: r["role"] for r in graph.read(LABELS, roles=roles)}


def all_accounts(graph: Graph) -> list[str]:
    return [r["id"] for r in graph.read(ALL_ACCOUNTS)]


def accounts_of_contacts(graph: Graph, ids: list[str]) -> list[str]:
    """The accounts the contacts `ids` belong to, sorted."""
    rows = graph.read(ACCOUNTS_OF_CONTACTS, ids=ids)
    return sorted({r["aid"] for r in rows if r["aid"]})


def existing_accounts(graph: Graph, ids: list[str]) -> set[str]:
    """Of `ids`, the accounts in the graph."""
    return {r["id"] for r in graph.read(EXISTING_ACCOUNTS, ids=list(ids))}
