"""Parsed tender documents: one neutral block model for PDF, HTML and text, and the result.

Parsers (parse_pdf / parse_html / parse_text) only produce `Document`: an ordered list of
line and table blocks, each with its page. Extraction (extract.py) reads only `Document`, so
a new input format needs a parser and nothing else.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Row:
    cells: list[str]
    page: int


@dataclass
class Block:
    kind: str  # "line" | "table"
    page: int
    text: str = ""
    rows: list[Row] = field(default_factory=list)
    level: int | None = None  # a heading, as the format marks it (<h2>, "Heading 2", a larger font): 1 = top
    tag: str | None = None  # li | dt | dd when the format says so

    def row_text(self, row: Row) -> str:
        return " | ".join(c for c in row.cells if c)


@dataclass
class Document:
    source: str
    fmt: str  # pdf | html | text
    pages: int
    blocks: list[Block]
    title: str | None = None  # an HTML <title>: a last resort for the project name, often the site's name
    changes: list = field(default_factory=list)  # a correction notice's changes (corrections.Change), applied

    def lines(self) -> list[tuple[int, str]]:
        """Every line, with table rows flattened as "a | b | c", in reading order."""
        out: list[tuple[int, str]] = []
        for b in self.blocks:
            if b.kind == "line":
                out.append((b.page, b.text))
            else:
                out.extend((r.page, b.row_text(r)) for r in b.rows)
        return out


@dataclass
class Provenance:
    page: int
    snippet: str


@dataclass
class Money:
    amount: float
    currency: str

    def as_dict(self) -> dict[str, Any]:
        amt = round(self.amount, 2)
        return {"amount": int(amt) if amt == int(amt) else amt, "currency": self.currency}


@dataclass
class Requirement:
    kind: str  # qualification | technical
    text: str
    parameter: str | None = None
    operator: str | None = None  # >= <= = range
    value: Any = None  # number, [lo, hi] for range, or a string (certification level, e.g. "三级")
    unit: str | None = None
    mandatory: bool = False
    important: bool = False
    page: int = 1
    snippet: str = ""
    concepts: list[str] = field(default_factory=list)
    lot: str | None = None
    confidence: float = 0.9
    # A further bound of the item before it ("★ ≥30分钟，…不少于2组": one ★ item, two requirements). The notice
    # counts items ("★号条款共N项"), so only the item's first bound is `mandatory`; the others carry
    # `part_of_mandatory` and are pass/fail all the same (matching and admissibility read `is_pass_fail_bound`).
    continues: bool = False
    part_of_mandatory: bool = False


@dataclass
class Lot:
    number: str
    name: str | None
    budget: Money | None
    page: int = 1
    snippet: str = ""


@dataclass
class ScoringItem:
    item: str
    points: float
    page: int = 1
    snippet: str = ""


@dataclass
class ParsedTender:
    source: str
    fmt: str
    pages: int
    language: str
    project_name: str | None = None
    tender_number: str | None = None
    buyer: str | None = None
    agency: str | None = None
    region: str | None = None
    budget: Money | None = None
    max_price: Money | None = None
    deadline: str | None = None
    opening_time: str | None = None
    lots: list[Lot] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
    scoring: list[ScoringItem] = field(default_factory=list)
    provenance: dict[str, Provenance] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    confidence: dict[str, float] = field(default_factory=dict)  # per field, lowered by failed self-checks
    needs_review: list[dict] = field(default_factory=list)  # {field, reason, snippet} a human should look at
    tree: Any = None  # the document tree (tree.Node) the fields were read from; to_dict(tree=True) includes it
    # Scored candidates of the header fields (header_model.Choice per field); the bench reads them, to_dict does not.
    header_choices: dict[str, Any] = field(default_factory=dict)

    def to_dict(self, tree: bool = False) -> dict[str, Any]:
        def money(m: Money | None) -> dict | None:
            return m.as_dict() if m else None

        return {
            "source": self.source, "format": self.fmt, "pages": self.pages, "language": self.language,
            "project_name": self.project_name, "tender_number": self.tender_number,
            "buyer": self.buyer, "agency": self.agency, "region": self.region,
            "budget": money(self.budget), "max_price": money(self.max_price),
            "deadline": self.deadline, "opening_time": self.opening_time,
            "lots": [{"number": lot.number, "name": lot.name, "budget": money(lot.budget),
                      "page": lot.page, "snippet": lot.snippet} for lot in self.lots],
            "requirements": [asdict(r) for r in self.requirements],
            "scoring": [{"item": s.item, "points": _num(s.points), "page": s.page, "snippet": s.snippet}
                        for s in self.scoring],
            "provenance": {k: asdict(v) for k, v in self.provenance.items()},
            "warnings": list(self.warnings),
            "confidence": dict(self.confidence),
            "needs_review": list(self.needs_review),
        } | ({"tree": self.tree.to_dict(depth=12)} if tree and self.tree is not None else {})

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ParsedTender:
        """The inverse of to_dict (without the tree): a stored parse, to be checked again."""
        def money(m: dict | None) -> Money | None:
            return Money(float(m["amount"]), m["currency"]) if m else None

        req_keys = set(Requirement.__dataclass_fields__)
        return cls(
            d["source"], d["format"], d["pages"], d["language"], d.get("project_name"), d.get("tender_number"),
            d.get("buyer"), d.get("agency"), d.get("region"), money(d.get("budget")), money(d.get("max_price")),
            d.get("deadline"), d.get("opening_time"),
            [Lot(x["number"], x.get("name"), money(x.get("budget")), x.get("page", 1), x.get("snippet", ""))
             for x in d.get("lots", [])],
            [Requirement(**{k: v for k, v in r.items() if k in req_keys}) for r in d.get("requirements", [])],
            [ScoringItem(s["item"], float(s["points"]), s.get("page", 1), s.get("snippet", "")) for s in d.get("scoring", [])],
            {k: Provenance(v["page"], v["snippet"]) for k, v in d.get("provenance", {}).items()},
            list(d.get("warnings", [])))


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x
