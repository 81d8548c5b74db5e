"""Facts a text may state, each traced to the node and property it was read from.

`build_facts(raw, lang, references_for)` turns the rows of graph.queries.copy_facts into Slots:
what the template prints (display, formatted for the language) next to what the graph holds (raw).
A Slot records when a template prints it, so a text lists exactly the facts it states.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone

# Industry codes and words seen in account and tender records -> (zh, en) labels. Any other value is
# printed as stored. The aliases also tie reference cases (covering a Concept such as 医疗) to an industry.
INDUSTRIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "government": ("政府", "government", ("政府", "政务", "公共部门", "public sector")),
    "education": ("教育", "education", ("教育", "高校", "学校")),
    "healthcare": ("医疗", "healthcare", ("医疗", "医院", "卫生", "health", "medical")),
    "finance": ("金融", "financial services", ("金融", "银行", "保险", "证券", "bank", "banking")),
    "manufacturing": ("制造", "manufacturing", ("制造", "工业", "industrial")),
    "energy": ("能源", "energy", ("能源", "电力", "utilities", "power")),
    "it_services": ("信息技术服务", "IT services", ("信息技术", "软件", "IT", "software")),
    "retail": ("零售", "retail", ("零售", "商贸")),
    "logistics": ("物流", "logistics", ("物流", "交通", "运输", "transport")),
    "telecom": ("通信", "telecommunications", ("通信", "运营商", "telecom")),
}
CHINA_TZ = timezone(timedelta(hours=8))


def industry_key(value: str | None) -> str | None:
    if not value:
        return None
    v = value.strip().lower()
    for key, (zh, en, aliases) in INDUSTRIES.items():
        if v in (key, zh.lower(), en.lower()) or v in (a.lower() for a in aliases):
            return key
    return None


@dataclass
class Slot:
    """One fact: `slot` names its place in a template, `source` the node id, `field` the property."""

    slot: str
    display: str
    raw: object
    source: str
    field: str
    kind: str  # name | text | number | date
    used: bool = field(default=False, compare=False)

    def __str__(self) -> str:  # Jinja prints a slot through str(): that is when the text states it
        self.used = True
        return self.display

    def to_json(self) -> dict:
        return {"slot": self.slot, "value": self.display, "source": self.source, "field": self.field,
                "raw": self.raw, "kind": self.kind}


def fmt_amount(amount: float, lang: str) -> str:
    if lang == "zh":
        return f"{round(amount / 1e4, 2):g}万元" if amount >= 1e4 else f"{amount:g}元"
    return f"CNY {amount:,.0f}"


def to_date(value: str) -> date:
    """An ISO date or UTC datetime string as the calendar date in China (+08:00)."""
    if len(value) <= 10:
        return date.fromisoformat(value)
    dt = datetime.fromisoformat(value)  # 3.11 reads a trailing Z
    return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).astimezone(CHINA_TZ).date()


def fmt_date(value: str, lang: str) -> str:
    d = to_date(value)
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else f"{d:%b} {d.day}, {d.year}"


def _name(row: dict, lang: str) -> tuple[str, str]:
    """(display, property) of a bilingual name: name_en in English when the graph has one."""
    if lang == "en" and row.get("name_en"):
        return row["name_en"], "name_en"
    return row["name"], "name"


@dataclass
class Facts:
    """The slots of one text, by name; lists for repeated slots (topics)."""

    one: dict[str, Slot] = field(default_factory=dict)
    many: dict[str, list[Slot]] = field(default_factory=dict)
    contact_confidence: float | None = None

    def all(self) -> list[Slot]:
        return list(self.one.values()) + [s for v in self.many.values() for s in v]

    def used(self) -> list[Slot]:
        return [s for s in self.all() if s.used]

    def reset(self) -> None:
        for s in self.all():
            s.used = False


def build_facts(raw: dict, lang: str, *, max_topics: int = 3, pain_below: float = 0.35) -> Facts:
    f = Facts()
    acc = raw["account"]
    disp, prop = _name(acc, lang)
    f.one["account_name"] = Slot("account_name", disp, acc[prop], acc["id"], prop, "name")
    key = industry_key(acc.get("industry"))
    if acc.get("industry"):
        label = INDUSTRIES[key][0 if lang == "zh" else 1] if key else acc["industry"]
        f.one["industry"] = Slot("industry", label, acc["industry"], acc["id"], "industry", "text")

    c = raw.get("contact")
    if c and c.get("name"):
        disp, prop = _name(c, lang)
        f.one["contact_name"] = Slot("contact_name", disp, c[prop], c["id"], prop, "name")
        if c.get("title"):
            f.one["contact_title"] = Slot("contact_title", c["title"], c["title"], c["id"], "title", "text")
        f.contact_confidence = c.get("role_confidence")

    topics = rank_topics(raw.get("interactions") or [])
    f.many["topics"] = [Slot("topic", t["topic"], t["topic"], t["id"], "topic", "text") for t in topics[:max_topics]]
    if topics and topics[0].get("last_at"):  # when the first topic was last discussed (same interaction)
        t = topics[0]
        f.one["last_contact"] = Slot("last_contact", fmt_date(t["last_at"], lang), t["last_at"], t["id"], "at", "date")
    pain = worst_interaction(raw.get("interactions") or [], pain_below)
    if pain:
        f.one["pain"] = Slot("pain", pain["topic"], pain["topic"], pain["id"], "topic", "text")

    o = raw.get("opportunity")
    if o:
        f.one["opportunity_name"] = Slot("opportunity_name", o["name"], o["name"], o["id"], "name", "name")
        if o.get("current_stage"):  # written by the opportunity analysis; else the latest stage entered
            f.one["stage"] = Slot("stage", o["current_stage"], o["current_stage"], o["id"], "current_stage", "text")
        elif (o.get("stage") or {}).get("name"):
            st = o["stage"]
            f.one["stage"] = Slot("stage", st["name"], st["name"], st["id"], "name", "text")
        if o.get("amount"):
            f.one["amount"] = Slot("amount", fmt_amount(float(o["amount"]), lang), o["amount"], o["id"], "amount",
                                   "number")
        if o.get("stage_due"):
            f.one["stage_due"] = Slot("stage_due", fmt_date(o["stage_due"], lang), o["stage_due"], o["id"],
                                      "stage_due", "date")

    tenders = [t for t in raw.get("tenders") or [] if t.get("title") and t.get("deadline")]
    if tenders:
        t = tenders[0]
        f.one["tender_title"] = Slot("tender_title", t["title"], t["title"], t["id"], "title", "name")
        f.one["tender_deadline"] = Slot("tender_deadline", fmt_date(t["deadline"], lang), t["deadline"], t["id"],
                                        "deadline", "date")
    caps = raw.get("capabilities") or []
    if caps:
        f.one["capability"] = Slot("capability", caps[0]["name"], caps[0]["name"], caps[0]["id"], "name", "name")
    ref = reference_for(raw.get("references") or [], key)
    if ref:
        f.one["reference"] = Slot("reference", ref["name"], ref["name"], ref["id"], "name", "name")
    return f


def reference_for(references: list[dict], industry: str | None) -> dict | None:
    """Our first reference case covering the account's industry (by Concept name), if any."""
    if not industry:
        return None
    for r in references:
        if any(industry_key(c) == industry for c in r.get("concepts") or []):
            return r
    return None


def rank_topics(interactions: list[dict]) -> list[dict]:
    """Topics, those the persona's contacts discussed first, then by how often, then how recently.
    Each names its latest interaction (`id`, `last_at`)."""
    by: dict[str, dict] = {}
    for i in interactions:
        t = by.setdefault(i["topic"], {"topic": i["topic"], "n": 0, "persona": False, "last_at": "", "id": None})
        t["n"] += 1
        t["persona"] = t["persona"] or bool(i.get("persona"))
        if (i.get("at") or "", i["id"]) > (t["last_at"], t["id"] or ""):
            t["last_at"], t["id"] = i.get("at") or "", i["id"]
    return sorted(by.values(), key=lambda t: (not t["persona"], -t["n"], _desc(t["last_at"]), t["topic"]))


def _desc(s: str) -> tuple:
    return tuple(-ord(ch) for ch in s)


def worst_interaction(interactions: list[dict], below: float) -> dict | None:
    """The most negative interaction (sentiment under `below`), latest first on ties: its topic is a pain."""
    bad = [i for i in interactions if i.get("sentiment") is not None and i["sentiment"] < below]
    if not bad:
        return None
    return min(bad, key=lambda i: (i["sentiment"], _desc(i.get("at") or ""), i["id"]))
