"""Classify the contacts of many accounts in batches and write role, confidence and evidence.

Order of authority for one contact: a role confirmed by a user wins; else the GDS pipeline
when enough confirmed roles exist to train it; else the purchase semantics (semantics.py: who
signs, who owns the purchase's budget area, who is involved). Every contact gets the same
fact-based evidence, so a model's answer can be checked against the facts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ...errors import InputError
from ...graph.connection import Graph
from ...graph.queries import roles as q
from ...graph.queries.roles_review import answers_by_reason as read_answers
from .corrections import adjust, tally
from .evidence import reasons
from .features import Batch, extract
from .model import MIN_LABELS, MIN_PER_ROLE, Trained, enough_labels, train
from .rules import ROLES, score
from .transfer import Transfer
from .transfer import fit as fit_transfer

# The cross-account model of transfer.py (figures there); bench/roles_review.py --transfer off compares without it.
TRANSFER = {"on": True}

USER_LABEL_VERSION = "user-label"
SEMANTICS_VERSION = "roles-semantics-2.0"


@dataclass
class Report:
    accounts: int = 0
    contacts: int = 0
    by_role: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROLES, 0))
    model: str = SEMANTICS_VERSION
    model_metrics: dict = field(default_factory=dict)
    results: list[dict] = field(default_factory=list)


def answers_by_reason(graph: Graph) -> list[dict]:
    return read_answers(graph, list(ROLES))


def user_labels(graph: Graph) -> dict[str, str]:
    return q.user_labels(graph, list(ROLES))


def all_accounts(graph: Graph) -> list[str]:
    return q.all_accounts(graph)


def label_accounts(graph: Graph, ids: list[str]) -> list[str]:
    return q.accounts_of_contacts(graph, ids)


def classify(graph: Graph, account_ids: list[str], *, labels: dict[str, str] | None = None,
             use_model: bool | None = None, batch_accounts: int = 25, write: bool = True,
             collect: bool = False, on_batch: Callable[[int, int], None] | None = None,
             purchase_area: str = "it") -> Report:
    """Classify every contact of `account_ids`.

    labels: confirmed roles (default: Contact.role_label written by `dealgraph roles label`). With the
      default, every answer in the graph also teaches the semantics' verdicts by reason (corrections.py).
    use_model: None = train the GDS pipeline only when there are enough labels.
    on_batch(accounts_done, contacts_in_batch) drives a progress bar.
    purchase_area: what is being bought (it, finance, operations, marketing, ...; semantics.AREAS).
    """
    answered = answers_by_reason(graph) if labels is None else []
    answers, profiles = tally(answered), tally(answered, key="profile")
    transfer = fit_transfer(q.labelled_vectors(graph, list(ROLES))) if labels is None and TRANSFER["on"] else None
    labels = user_labels(graph) if labels is None else labels
    report = Report()
    trained: Trained | None = None
    if use_model and not enough_labels(labels):
        raise InputError(f"the GDS pipeline needs at least {MIN_LABELS} confirmed roles with {MIN_PER_ROLE} of each "
                         f"role, {len(labels)} given; add some with `dealgraph roles label` or use --model rule.")
    if use_model or (use_model is None and enough_labels(labels)):
        train_batch = extract(graph, label_accounts(graph, list(labels)), purchase_area)
        trained = train(graph, train_batch, labels)
        report.model, report.model_metrics = trained.version, trained.metrics
        rule_f1 = semantics_f1(train_batch, labels)
        report.model_metrics["SEMANTICS_F1_ON_LABELS"] = rule_f1
        test_f1 = (trained.metrics.get("F1_MACRO") or {}).get("test") or 0.0
        if use_model is None and test_f1 <= rule_f1:
            # Auto: the pipeline takes over only where it beats the semantics on the confirmed roles
            # (a few review answers, picked for being hard, train a worse model than the semantics).
            trained.close()
            trained, report.model = None, SEMANTICS_VERSION
    try:
        for start in range(0, len(account_ids), batch_accounts):
            chunk = account_ids[start:start + batch_accounts]
            batch = extract(graph, chunk, purchase_area)
            rows = _decide(batch, labels, trained, report.model, answers, profiles, transfer)
            if write and rows:
                q.write_roles(graph, rows)
            report.accounts += len(chunk)
            report.contacts += len(rows)
            for r in rows:
                report.by_role[r["role"]] += 1
            if collect:
                report.results.extend(rows)
            if on_batch:
                on_batch(len(chunk), len(rows))
    finally:
        if trained:
            trained.close()
    return report


def semantics_f1(batch: Batch, labels: dict[str, str]) -> float:
    """Macro-F1 of the purchase semantics on the confirmed roles of a batch."""
    pairs = [(labels[c], f.verdict.role) for c, f in batch.features.items() if labels.get(c) in ROLES and f.verdict]
    f1s = []
    for r in ROLES:
        tp = sum(1 for t, p in pairs if t == r == p)
        fp = sum(1 for t, p in pairs if p == r != t)
        fn = sum(1 for t, p in pairs if t == r != p)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return round(sum(f1s) / len(f1s), 4)


def margin(confidence: float, runner_up: float | None = None) -> float:
    """How far the chosen role is ahead of the next one (0 = a coin toss): what `roles review` sorts by.
    Without the runner-up's probability the rest of the confidence is spread over the two other roles."""
    second = (1.0 - confidence) / 2 if runner_up is None else runner_up
    return round(max(0.0, confidence - second), 4)


def semantic_roles(batch: Batch, labels: dict[str, str]) -> list[dict]:
    """Role rows for a batch by the purchase semantics (confirmed roles win), without the GDS model:
    what a sandbox recomputes for a changed copy of an account."""
    return _decide(batch, labels, None, SEMANTICS_VERSION)


def _decide(batch: Batch, labels: dict[str, str], trained: Trained | None, model_version: str,
            answers: dict | None = None, profiles: dict | None = None,
            transfer: Transfer | None = None) -> list[dict]:
    predicted = trained.predict(batch) if trained else {}
    at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    rows = []
    for cid, f in batch.features.items():
        s = score(f)
        facts = reasons(f, s)
        reason, prior, runner_up = "", None, None
        if labels.get(cid) in ROLES:
            role, conf, model, runner_up = labels[cid], 1.0, USER_LABEL_VERSION, 0.0
            evidence = [f"confirmed by {f.role_label_by or 'a user'} as {role.replace('_', ' ')}"] + facts
        elif cid in predicted:
            role, p, runner_up = predicted[cid]
            conf, model = round(p, 3), model_version
            sem = f.verdict.role if f.verdict else s.role
            agree = "agrees" if role == sem else f"differs; it says {sem.replace('_', ' ')}"
            evidence = [(f"GDS node-classification model: {role.replace('_', ' ')} with p={p:.2f} "
                        f"(purchase semantics {agree})")] + (f.verdict.evidence if f.verdict else []) + facts
        else:
            v = f.verdict
            learned = adjust(v.reason, v.role, v.confidence, answers or {}, v.profile, profiles)
            role, conf, model, runner_up = learned.role, learned.confidence, SEMANTICS_VERSION, learned.runner_up
            reason, prior = v.reason, v.prior
            evidence = ([learned.evidence] if learned.evidence and role != v.role else []) + v.evidence \
                + [x for x in facts if x not in v.evidence] + ([learned.evidence] if learned.evidence and role == v.role else [])
            if transfer and v.vector:
                said = role
                role, conf, runner_up, why = transfer.mix(v.vector, role, conf)
                evidence = [why] + evidence if role != said else evidence + [why]
        rows.append({"id": cid, "account_id": f.account_id, "name": f.name, "title": f.title, "role": role,
                     "confidence": conf, "evidence": evidence, "model": model, "influence": s.influence, "at": at,
                     "reason": reason, "prior": conf if prior is None else prior,
                     "semantic_reason": f.verdict.reason if f.verdict else "",
                     "semantic_role": f.verdict.role if f.verdict else "",
                     "profile": f.verdict.profile if f.verdict else "",
                     "vector": f.verdict.vector if f.verdict else [],
                     "margin": margin(conf, runner_up)})
    return rows
