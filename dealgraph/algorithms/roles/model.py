"""GDS node-classification pipeline, trained where confirmed roles exist.

The pipeline runs inside GDS (gds.beta.pipeline.nodeClassification.*): a FastRP embedding of
the reporting + social graph is added as a node property step, then the hand-made feature
vector (`vector`) and the embedding feed logistic regression and random forest candidates;
GDS picks the better one by cross-validated macro-F1. Community edition keeps models in memory
only, so a model lives for one classification run: `Trained` drops it on close.

Projected labels: every node is `Contact` (the embedding's context); `Labelled` marks contacts
with a confirmed role (training targets), `Unlabelled` the others (prediction targets).
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass

from ...graph.connection import Graph
from ...graph.queries import roles as q
from .features import Batch, ContactFeatures, projection_rows
from .rules import ROLES, RuleScore, score

MODEL_VERSION = "roles-gds-nc-1.0"
MIN_LABELS = 30  # fewer confirmed roles than this: the rule decides
MIN_PER_ROLE = 3
# Model candidates GDS cross-validates; kept few and small so training takes seconds, not minutes.
CANDIDATES: list[tuple[str, dict]] = [
    # GDS's default learning rate (0.001) leaves small training sets at the majority class.
    ("addLogisticRegression", {"penalty": 0.0001, "learningRate": 0.05, "maxEpochs": 40, "batchSize": 32,
                               "patience": 3}),
    ("addRandomForest", {"numberOfDecisionTrees": 20, "maxDepth": 8}),
]
_FUNCTIONS = ("procurement", "finance", "legal", "it", "engineering", "executive")


def vector(f: ContactFeatures, s: RuleScore | None = None) -> list[float]:
    """Numeric features of one contact, no NaN (GDS models reject missing values)."""
    s = s or score(f)
    topics = f.budget_topics + f.technical_topics
    tree = max(f.pos.tree_size, 2)
    v = [
        f.title_info.seniority if f.title_info.seniority is not None else 0.5,
        1.0 if f.title_info.seniority is not None else 0.0,
        1.0 if f.title_info.deputy else 0.0,
        1.0 if f.has_hierarchy else 0.0,
        1.0 - f.rel_depth,
        math.log1p(f.pos.span) / math.log(tree),
        math.log1p(f.pos.direct_reports) / math.log(tree),
        1.0 if f.has_hierarchy and f.pos.depth == 0 and f.pos.span else 0.0,
        f.authority_pct,
        math.log1p(f.articlerank),
        f.brokerage_pct,
        f.degree_pct,
        f.meeting_share,
        min(f.signs, 3) / 3,
        f.budget_topics / topics if topics else 0.0,
        f.technical_topics / topics if topics else 0.0,
        math.log1p(f.interactions) / 5,
        s.power,
        s.sway,
    ]
    v += [1.0 if f.title_info.function == fn else 0.0 for fn in _FUNCTIONS]
    # The purchase semantics' verdict and its reason: structure that transfers between accounts.
    sem = f.verdict
    v += [1.0 if sem and sem.role == r else 0.0 for r in ROLES]
    v += [sem.confidence if sem else 0.5, min(len(f.advises), 5) / 5]
    return [round(float(x), 5) for x in v]


def enough_labels(labels: dict[str, str]) -> bool:
    counts = {r: 0 for r in ROLES}
    for role in labels.values():
        if role in counts:
            counts[role] += 1
    return sum(counts.values()) >= MIN_LABELS and min(counts.values()) >= MIN_PER_ROLE


def _rows(batch: Batch, labels: dict[str, str]) -> list[dict]:
    index = {cid: i for i, cid in enumerate(batch.features)}
    props, node_labels = {}, {}
    for cid, f in batch.features.items():
        role = labels.get(cid)
        props[cid] = {"f": vector(f), "role_class": ROLES.index(role) if role in ROLES else -1}
        node_labels[cid] = ["Contact", "Labelled" if role in ROLES else "Unlabelled"]
    return projection_rows(index, batch.reports, batch.social, props, node_labels)


@dataclass
class Trained:
    graph: Graph
    name: str
    version: str
    classes: list[int]
    metrics: dict
    labels_used: int

    def predict(self, batch: Batch) -> dict[str, tuple[str, float, float]]:
        """contact id -> (role, probability, the runner-up role's probability) for every contact of the batch."""
        if not batch.features:
            return {}
        index = {cid: i for i, cid in enumerate(batch.features)}
        by_id = {i: cid for cid, i in index.items()}
        rows = projection_rows(index, batch.reports, batch.social,
                               {cid: {"f": vector(f), "role_class": -1} for cid, f in batch.features.items()},
                               {cid: ["Contact", "Unlabelled"] for cid in batch.features})
        out = {}
        with q.project_contacts(self.graph, "roles_pred", rows, bool(batch.social)) as g:
            result = q.predict_roles(self.graph, g, self.name)
        for r in result:
            cls = int(r["predictedClass"])
            probs = r["predictedProbabilities"] or []
            known = cls in self.classes and len(probs) == len(self.classes)
            p = probs[self.classes.index(cls)] if known else 1.0
            rest = sorted((float(x) for i, x in enumerate(probs) if known and i != self.classes.index(cls)),
                          reverse=True)
            out[by_id[r["nodeId"]]] = (ROLES[cls], float(p), rest[0] if rest else 0.0)
        return out

    def close(self) -> None:
        q.drop_model(self.graph, self.name)


def train(graph: Graph, batch: Batch, labels: dict[str, str], seed: int = 42) -> Trained:
    """Train on the labelled contacts of `batch` (its other contacts are graph context)."""
    pipe, model = f"roles_pipe_{uuid.uuid4().hex[:8]}", f"roles_model_{uuid.uuid4().hex[:8]}"
    used = sum(1 for cid in batch.features if labels.get(cid) in ROLES)
    q.create_pipeline(graph, pipe)
    try:
        q.configure_pipeline(graph, pipe, seed, CANDIDATES)
        with q.project_contacts(graph, "roles_train", _rows(batch, labels), bool(batch.social)) as g:
            info = q.train_pipeline(graph, g, pipe, model, seed)
    finally:
        q.drop_pipeline(graph, pipe)
    winner = info.get("bestParameters", {}).get("methodName", "model")
    metrics = {k: {"train": v.get("train"), "test": v.get("test"), "validation": (v.get("validation") or {}).get("avg")}
               for k, v in info.get("metrics", {}).items()}
    version = f"{MODEL_VERSION}+{winner}/labels={used}"
    return Trained(graph, model, version, [int(c) for c in info["classes"]], metrics, used)
