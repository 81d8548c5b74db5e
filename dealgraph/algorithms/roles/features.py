"""Per-contact features for a batch of accounts: graph.queries.roles reads the graph, GDS scores it.

One batch = one GDS projection holding every contact of the batch's accounts, projected from
parameters with integer ids (accounts are disconnected components, so PageRank and
betweenness stay per account). REPORTS_TO is projected directed (authority flows up to the
manager); KNOWS and co-attendance at the same interaction are one undirected SOCIAL type
(brokerage). Depth and span of control are exact tree arithmetic in hierarchy.py. FastRP
embeddings are computed inside the node-classification pipeline (model.py), where they are used.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from ...graph.connection import Graph
from ...graph.queries import roles as q
from ...graph.queries.roles import Rows, read_rows
from .hierarchy import Position, positions
from .semantics import Member, Verdict, decide
from .titles import TitleInfo, parse_title, title_function

DECISION_MEETINGS = re.compile(r"procure|purchas|approv|tender|bid|contract|sign|negotiat|budget review"
                               r"|采购|审批|招标|评标|签约|签署|合同|谈判|决策|立项", re.IGNORECASE)
SIGNING = re.compile(r"sign|签约|签署|签字|盖章", re.IGNORECASE)
BUDGET_TOPICS = re.compile(r"budget|price|pricing|cost|contract|commercial|roi|payment|discount|quot|invoice"
                           r"|approv|预算|价格|报价|费用|成本|合同|商务|付款|折扣|审批|投资", re.IGNORECASE)
TECH_TOPICS = re.compile(r"technical|architect|api|integrat|spec|deploy|demo|poc|proof of concept|security"
                         r"|performance|install|test|技术|方案|架构|接口|参数|集成|部署|测试|演示|性能|对接|运维",
                         re.IGNORECASE)


@dataclass
class ContactFeatures:
    id: str
    account_id: str
    name: str = ""
    title: str = ""
    department: str = ""
    role_label: str | None = None
    role_label_by: str | None = None  # who confirmed the role
    title_info: TitleInfo = field(default_factory=lambda: parse_title(None))
    manager_id: str | None = None
    manager_title: str = ""
    manager_name: str = ""
    pos: Position = field(default_factory=Position)
    account_size: int = 1
    has_hierarchy: bool = False  # does the account have any reporting lines at all
    pagerank: float = 0.0
    articlerank: float = 0.0
    authority_pct: float = 0.0  # PageRank percentile within the account
    betweenness: float = 0.0
    brokerage_pct: float = 0.0  # betweenness percentile within the account
    degree: float = 0.0
    degree_pct: float = 0.0
    decision_meetings: int = 0
    decision_meetings_total: int = 0  # in the whole account
    signs: int = 0
    budget_topics: int = 0
    technical_topics: int = 0
    interactions: int = 0
    ties: int = 0  # KNOWS ties
    heads_function: str | None = None  # the buying function this person is the most senior in (see below)
    advises: set[str] = field(default_factory=set)  # ids this person advises (KNOWS kind 'advises')
    met_us: float = 0.0  # meetings with us: 'met' ties (file mode) + interactions (graph)
    works_with: set[str] = field(default_factory=set)  # ids met or e-mailed with (work ties, not advice or friendship)
    meetings: int = 0  # meeting records: met ties + interactions
    verdict: Verdict | None = None  # the purchase semantics' role (semantics.py), set by `extract`

    @property
    def rel_depth(self) -> float:
        """0 at the top of the reporting tree, 1 at its deepest level."""
        return self.pos.depth / self.pos.tree_depth if self.pos.tree_depth else 0.0

    @property
    def meeting_share(self) -> float:
        return self.decision_meetings / self.decision_meetings_total if self.decision_meetings_total else 0.0


@dataclass
class Batch:
    """Features plus the edges they came from (the model projects the same graph again)."""
    features: dict[str, ContactFeatures]
    reports: list[tuple[str, str]]
    social: dict[tuple[str, str], float]


def extract(graph: Graph, account_ids: list[str], purchase_area: str = "it") -> Batch:
    """Features of every contact of these accounts, in one projection, with the semantics' verdict
    for a purchase in `purchase_area`."""
    return extract_rows(graph, read_rows(graph, account_ids), purchase_area)


def extract_rows(graph: Graph, data: Rows, purchase_area: str = "it") -> Batch:
    """`extract` on rows already read (or changed by a sandbox); the graph only hosts the GDS projection,
    which is built from these rows."""
    rows = data.contacts
    if not rows:
        return Batch({}, [], {})
    feats = {r["id"]: ContactFeatures(
        id=r["id"], account_id=r["account_id"], name=r["name"], title=r["title"], department=r["department"],
        role_label=r["role_label"], role_label_by=r["role_label_by"], title_info=parse_title(r["title"], r["department"]),
        signs=int(bool(r["signs_flag"]))) for r in rows}
    reports = [(e["s"], e["t"]) for e in data.reports if e["s"] in feats and e["t"] in feats]
    knows_rows = [e for e in data.knows if e["s"] in feats and e["t"] in feats]
    knows = [(e["s"], e["t"], e["w"]) for e in knows_rows]
    inter = [r for r in data.interactions if r["cid"] in feats]
    _hierarchy(feats, reports)
    mark_function_heads(feats.values())
    co_attend = _behaviour(feats, inter)
    _advice_and_meetings(feats, knows_rows)
    apply_semantics(feats, purchase_area)
    social = _social(feats, knows, co_attend)
    _gds_scores(graph, feats, reports, social)
    return Batch(feats, reports, social)


def _hierarchy(feats: dict[str, ContactFeatures], reports: list[tuple[str, str]]) -> None:
    manager_of = {s: t for s, t in reports if feats[s].account_id == feats[t].account_id}
    by_account: dict[str, list[str]] = defaultdict(list)
    for cid, f in feats.items():
        by_account[f.account_id].append(cid)
    accounts_with_lines = {feats[s].account_id for s in manager_of}
    for acc, members in by_account.items():
        pos = positions(members, manager_of)
        for cid in members:
            f = feats[cid]
            f.pos, f.account_size, f.has_hierarchy = pos[cid], len(members), acc in accounts_with_lines
            f.manager_id = manager_of.get(cid)
            if f.manager_id:
                f.manager_title, f.manager_name = feats[f.manager_id].title, feats[f.manager_id].name


MEETING_KINDS = ("met", "meeting", "会面", "见面")
WORK_KINDS = ("emailed", "email", "e-mail", "mail", "邮件", "works_with", "worked_with", "collaborates", "协作")
BUYING_FUNCTIONS = ("procurement", "it", "finance")  # who runs a purchase: the buyers and the using IT department


def mark_function_heads(feats: Iterable[ContactFeatures]) -> None:
    """Mark the heads of each buying function in each account.

    A head is the most senior person of the function (title level, then people below, then
    closeness to the top), so a 'Procurement Manager' who runs a 14-person department with no
    director above counts. Procurement is in every purchase, so anyone whose title names it at
    head-of-unit level (Head of Purchasing, 采购处处长) heads it too, even under a VP of supply
    chain. A lone buyer heads nothing: a head manages people or holds a manager-level title.
    """
    best: dict[tuple[str, str], list[tuple[tuple, ContactFeatures]]] = defaultdict(list)
    for f in feats:
        f.heads_function = None
        fn, level = f.title_info.function, f.title_info.level
        if fn not in BUYING_FUNCTIONS or ((level or 0) < 3 and f.pos.span < 2):
            continue
        best[(f.account_id, fn)].append(((level or 0, f.pos.span, -f.pos.depth), f))
    for (_, fn), cands in best.items():
        top = max(k for k, _ in cands)
        for k, f in cands:
            if k == top or (k[0] >= 4 and fn == "procurement" and title_function(f.title) == fn):
                f.heads_function = fn


def _advice_and_meetings(feats: dict[str, ContactFeatures], knows: list[dict]) -> None:
    """Who advises whom, and how often each person met us (met ties weigh their meetings)."""
    for e in knows:
        if e["kind"] in ("advises", "advisor", "advice", "mentor", "顾问", "建议"):
            feats[e["s"]].advises.add(e["t"])
        elif e["kind"] in MEETING_KINDS:  # the meetings the tie stands for, else its strength
            n = e.get("n") if e.get("n") is not None else e["w"]
            feats[e["s"]].met_us += n
            feats[e["t"]].met_us += n
            feats[e["s"]].meetings += 1
            feats[e["t"]].meetings += 1
        if e["kind"] in MEETING_KINDS or e["kind"] in WORK_KINDS:  # who works with whom on the deal
            feats[e["s"]].works_with.add(e["t"])
            feats[e["t"]].works_with.add(e["s"])
    for f in feats.values():
        f.met_us += f.interactions
        f.meetings += f.interactions


def apply_semantics(feats: dict[str, ContactFeatures], purchase_area: str = "it") -> None:
    """The purchase semantics (semantics.py) per account; the verdict lands on each contact."""
    by_account: dict[str, list[ContactFeatures]] = defaultdict(list)
    for f in feats.values():
        by_account[f.account_id].append(f)
    for members in by_account.values():
        ids = {f.id for f in members}
        verdicts = decide([Member(f.id, f.name, f.title, f.department, f.manager_id,
                                  {t for t in f.advises if t in ids}, f.met_us, f.signs,
                                  {t for t in f.works_with if t in ids}, f.meetings) for f in members],
                          purchase_area)
        for f in members:
            f.verdict = verdicts.get(f.id)


def _behaviour(feats: dict[str, ContactFeatures], inter: list[dict]) -> Counter:
    """Meeting, signing and topic counts; returns co-attendance counts per contact pair."""
    members: dict[str, list[str]] = defaultdict(list)
    for r in inter:
        members[r["iid"]].append(r["cid"])
    decision_by_account: dict[str, set[str]] = defaultdict(set)
    for r in inter:
        f = feats[r["cid"]]
        f.interactions += 1
        kind_text = f"{r['kind']} {r['meeting_type']}"
        if DECISION_MEETINGS.search(kind_text):
            f.decision_meetings += 1
            decision_by_account[f.account_id].add(r["iid"])
        if r.get("signer") == f.id or (
                SIGNING.search(f"{kind_text} {r['text']}")
                and (len(members[r["iid"]]) == 1 or (f.name and f.name in r["text"]))):
            f.signs += 1  # only the named signer, not everyone in the approval meeting
        if BUDGET_TOPICS.search(r["text"]) or BUDGET_TOPICS.search(r["meeting_type"]):
            f.budget_topics += 1
        if TECH_TOPICS.search(r["text"]) or TECH_TOPICS.search(r["meeting_type"]):
            f.technical_topics += 1
    for f in feats.values():
        f.decision_meetings_total = len(decision_by_account.get(f.account_id, ()))
    pairs: Counter = Counter()
    for people in members.values():
        if len(people) <= 30:  # an all-hands meeting says nothing about who brokers what
            pairs.update(tuple(sorted(p)) for p in combinations(set(people), 2))
    return pairs


def _social(feats: dict[str, ContactFeatures], knows: list[tuple[str, str, float]],
            co_attend: Counter) -> dict[tuple[str, str], float]:
    """KNOWS ties and co-attendance as one undirected weighted relation."""
    social: dict[tuple[str, str], float] = defaultdict(float)
    for s, t, w in knows:
        if s != t:
            social[tuple(sorted((s, t)))] += max(float(w), 0.1)
            feats[s].ties += 1
            feats[t].ties += 1
    for pair, n in co_attend.items():
        social[pair] += 0.5 * n
    return dict(social)


def projection_rows(index: dict[str, int], reports: list[tuple[str, str]],
                    social: dict[tuple[str, str], float], node_props: dict[str, dict] | None = None,
                    node_labels: dict[str, list[str]] | None = None) -> list[dict]:
    """Rows for graph.queries.roles.PROJECT: one per node (so loners are kept), one per relationship."""
    def node(cid: str) -> tuple[dict | None, list[str] | None]:
        return ((node_props or {}).get(cid), (node_labels or {}).get(cid))

    rows: list[dict] = []
    for cid, i in index.items():
        props, labels = node(cid)
        rows.append({"s": i, "t": None, "type": None, "rp": None, "sp": props, "sl": labels, "tp": None,
                     "tl": None})
    for kind, edges in (("REPORTS_TO", [(s, t, 1.0) for s, t in reports]),
                        ("SOCIAL", [(a, b, w) for (a, b), w in social.items()])):
        for s, t, w in edges:
            (sp, sl), (tp, tl) = node(s), node(t)
            rows.append({"s": index[s], "t": index[t], "type": kind, "rp": {"w": w}, "sp": sp, "sl": sl,
                         "tp": tp, "tl": tl})
    return rows


def _gds_scores(graph: Graph, feats: dict[str, ContactFeatures], reports: list[tuple[str, str]],
                social: dict[tuple[str, str], float]) -> None:
    index = {cid: i for i, cid in enumerate(feats)}
    rows = projection_rows(index, reports, social)
    has_reports, has_social = bool(reports), bool(social)
    by_id = {i: cid for cid, i in index.items()}
    with q.project_contacts(graph, "roles", rows, has_social) as g:
        if has_reports:
            for r in _stream(graph, "gds.pageRank.stream", g, {"relationshipTypes": ["REPORTS_TO"]}):
                feats[by_id[r["nodeId"]]].pagerank = r["score"]
            for r in _stream(graph, "gds.articleRank.stream", g, {"relationshipTypes": ["REPORTS_TO"]}):
                feats[by_id[r["nodeId"]]].articlerank = r["score"]
        if has_social:
            config = {"relationshipTypes": ["SOCIAL"]}
            if len(feats) > 3000:  # exact betweenness is O(n*m); sample sources on big batches
                config["samplingSize"], config["samplingSeed"] = 3000, 7
            for r in _stream(graph, "gds.betweenness.stream", g, config):
                feats[by_id[r["nodeId"]]].betweenness = r["score"]
            for r in _stream(graph, "gds.degree.stream", g, {"relationshipTypes": ["SOCIAL"]}):
                feats[by_id[r["nodeId"]]].degree = r["score"]
    _percentiles(feats.values())


def _stream(graph: Graph, proc: str, g: str, config: dict) -> list[dict]:
    return q.node_scores(graph, proc, g, config)


def _percentiles(feats: Iterable[ContactFeatures]) -> None:
    """Rank-based scores within each account: robust to account size and score scale."""
    by_account: dict[str, list[ContactFeatures]] = defaultdict(list)
    for f in feats:
        by_account[f.account_id].append(f)
    for members in by_account.values():
        for attr, out in (("pagerank", "authority_pct"), ("betweenness", "brokerage_pct"),
                          ("degree", "degree_pct")):
            values = [getattr(f, attr) for f in members]
            for f, p in zip(members, _pct(values), strict=True):
                setattr(f, out, p)


def _pct(values: list[float]) -> list[float]:
    """Mid-rank percentile in 0..1; all-equal values (nothing to tell apart) give 0."""
    n = len(values)
    if n <= 1 or max(values) - min(values) < 1e-12:
        return [0.0] * n
    order = sorted(values)
    out = []
    for v in values:
        below = _bisect(order, v, left=True)
        upto = _bisect(order, v, left=False)
        out.append(round(((below + upto - 1) / 2) / (n - 1), 4))
    return out


def _bisect(order: list[float], v: float, left: bool) -> int:
    import bisect

    return bisect.bisect_left(order, v) if left else bisect.bisect_right(order, v)
