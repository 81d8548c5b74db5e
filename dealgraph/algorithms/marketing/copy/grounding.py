"""The grounding check: every name, number and date a text states must be among its facts.

A text passes when
- each date (2026-11-07, 2026年11月7日, 11月7日, Nov 7, 2026, 7 November 2026, 2026年11月, November 2026)
  is the date of a fact (partial dates must agree with one on the parts they state);
- each number (38.9万, 389,000, 3, 25%) equals a number in a fact's value, or its digits appear in one
  (a product code such as DG-S9800);
- each name it could know from the graph (accounts, people, organisations, companies, capabilities:
  `known_names`) is inside one of its facts; Latin-script proper names (capitalised or mixed-case
  words) are fact words or words of our own templates; Chinese organisation names (…有限公司, …医院,
  …大学, …局) and people addressed by surname + title (王总, 李经理) agree with a fact.
What it cannot see: an invented Chinese person or place name without such a marker, numbers written
in Chinese numerals, and a claim made of words only ("the market leader"). The template path states
nothing but facts by construction; the check guards the LLM path and is run on both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from .facts import Slot, to_date

_MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_MON = (r"\b(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
        r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?")
# (regex, which groups are year, month, day); order matters: full dates before partial ones.
_DATES = [
    (re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?"),
     ("y", "m", "d")),
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"), ("y", "m", "d")),
    (re.compile(_MON + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.IGNORECASE), ("mon", "d", "y")),
    (re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+" + _MON + r",?\s+(\d{4})", re.IGNORECASE), ("d", "mon", "y")),
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月"), ("y", "m")),
    (re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"), ("m", "d")),
    (re.compile(_MON + r",?\s+(\d{4})", re.IGNORECASE), ("mon", "y")),
    (re.compile(_MON + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b", re.IGNORECASE), ("mon", "d")),
]
_UNITS = {"万": 1e4, "亿": 1e8, "千": 1e3, "k": 1e3, "K": 1e3, "M": 1e6, "million": 1e6, "billion": 1e9, "%": 1}
_NUMBER = re.compile(r"(\d+(?:[,，]\d{3})*(?:\.\d+)?)\s*(万|亿|千|million|billion|k\b|K\b|M\b|%)?")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9&'\-]*")
_ORG = re.compile(r"[\u4e00-\u9fff]{2,}?(?:有限公司|股份公司|公司|集团|银行|医院|大学|学院|中学|小学|研究院|研究所|委员会|局)")
# The commonest Chinese surnames: "王总", "李经理" name a person even without a full name.
_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
             "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
_ADDRESSED = re.compile(f"([{_SURNAMES}])(?:总|经理|先生|女士|老师|主任|院长|局长|处长|科长|博士|工)")
# Words that start English sentences without naming anything.
_COMMON = set(re.findall(r"[a-z]+", """a an the i we our us you your he she they it its this that these those there here hi hello dear
thanks thank best regards kind warm sincerely please let looking happy glad great good if when as at in on for
with from to of and but so or would could can will may might should do does did is are was were be been have has
had what which who how why where just also now today tomorrow next last yes no sure
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
monday tuesday wednesday thursday friday saturday sunday"""))


@dataclass
class Grounding:
    ok: bool
    violations: list[dict] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"ok": self.ok, "violations": self.violations, "checked": self.checked}


def _num(digits: str, unit: str | None) -> float:
    return float(digits.replace(",", "").replace("，", "")) * _UNITS.get(unit or "", 1.0)


def _date_parts(m: re.Match, parts: tuple[str, ...]) -> dict[str, int] | None:
    out = {}
    for g, p in zip(m.groups(), parts, strict=True):
        if p == "mon":
            out["m"] = _MONTHS[g[:3].lower()]
        else:
            out[p] = int(g)
    if not 1 <= out.get("m", 1) <= 12 or not 1 <= out.get("d", 1) <= 31:
        return None
    return out


def _fact_dates(facts: list[Slot]) -> list[date]:
    out = []
    for s in facts:
        if s.kind == "date":
            try:
                out.append(to_date(str(s.raw)))
            except ValueError:
                pass
    return out


def _numbers(text: str) -> list[tuple[str, float]]:
    return [(m.group(0).strip(), _num(m.group(1), m.group(2))) for m in _NUMBER.finditer(text)]


def _allowed_numbers(facts: list[Slot]) -> set[float]:
    """Numbers stated by the facts: numeric values, and numbers inside their texts (a product code
    DG-R5300 allows 5300). Dates are left out: their parts are only accepted as dates."""
    values: set[float] = set()
    for s in facts:
        if s.kind == "date":
            continue
        if isinstance(s.raw, int | float) and not isinstance(s.raw, bool):
            values.add(float(s.raw))
        for t in (s.display, s.raw if isinstance(s.raw, str) else ""):
            for m in _NUMBER.finditer(t):  # with and without its unit ("38.9万" also allows 38.9)
                values.add(_num(m.group(1), m.group(2)))
                values.add(_num(m.group(1), None))
    return values


def _close(v: float, allowed: set[float]) -> bool:
    return any(abs(v - a) <= 1e-6 * max(1.0, abs(a)) for a in allowed)


@lru_cache(maxsize=4)
def _name_index(names: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Names by their first two characters, built once per name list: a text is scanned once instead
    of searching it for every name of the graph."""
    index: dict[str, list[str]] = {}
    for name in names:
        # a two-character Chinese name (于成) also occurs inside ordinary words (关于成都): too short to tell;
        # people addressed by surname and title are caught below
        if len(name) < 2 or (not name.isascii() and len(name) < 3):
            continue
        index.setdefault(name[:2], []).append(name)
    return {k: tuple(v) for k, v in index.items()}


def _names_in(text: str, index: dict[str, tuple[str, ...]]) -> list[str]:
    found = dict.fromkeys(name for i in range(len(text) - 1) for name in index.get(text[i:i + 2], ())
                          if text.startswith(name, i))
    return list(found)


@lru_cache(maxsize=4)
def _words(vocabulary: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _LATIN.findall(vocabulary))


def check(text: str, facts: list[Slot], *, known_names: Iterable[str] = (), vocabulary: str = "") -> Grounding:
    """`facts`: what the text was given; `vocabulary`: our own template text (its words are not claims)."""
    violations: list[dict] = []
    checked = {"dates": 0, "numbers": 0, "names": 0}
    fact_text = " ".join(s.display for s in facts) + " " + " ".join(str(s.raw) for s in facts if s.raw is not None)

    # Dates first; their digits are then blanked so they are not read again as numbers.
    dates = _fact_dates(facts)
    rest = text
    for rx, parts in _DATES:
        for m in rx.finditer(rest):
            d = _date_parts(m, parts)
            if d is None:
                continue
            checked["dates"] += 1
            if not any(all(getattr(fd, {"y": "year", "m": "month", "d": "day"}[k]) == v for k, v in d.items())
                       for fd in dates):
                violations.append({"kind": "date", "value": m.group(0), "reason": "no fact has this date"})
        rest = rx.sub(lambda m: " " * len(m.group(0)), rest)

    allowed = _allowed_numbers(facts)
    for token, value in _numbers(rest):
        checked["numbers"] += 1
        if not _close(value, allowed):
            violations.append({"kind": "number", "value": token, "reason": "no fact has this number"})

    for name in _names_in(text, _name_index(tuple(known_names))):
        if name not in fact_text:
            if name.isascii() and not re.search(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", text):
                continue
            checked["names"] += 1
            violations.append({"kind": "name", "value": name, "reason": "names a graph entity that is not a fact"})

    fact_words = {w.lower() for w in _LATIN.findall(fact_text)}
    vocab_words = _words(vocabulary)
    for m in _LATIN.finditer(text):
        w = m.group(0)
        name_like = w[0].isupper() or any(ch.isdigit() for ch in w) or any(ch.isupper() for ch in w[1:])
        if not name_like:
            continue
        checked["names"] += 1
        lw = w.lower().strip("'-")
        if lw not in fact_words and lw not in vocab_words and lw not in _COMMON:
            violations.append({"kind": "name", "value": w, "reason": "a proper name that is not in the facts"})

    for m in _ORG.finditer(text):
        tail = m.group(0)[-min(len(m.group(0)), 4):]
        checked["names"] += 1
        if tail not in fact_text and tail not in vocabulary:
            violations.append({"kind": "name", "value": m.group(0), "reason": "an organisation that is not in the facts"})
    people = "".join(s.display for s in facts if s.slot == "contact_name")
    for m in _ADDRESSED.finditer(text):
        checked["names"] += 1
        if m.group(1) not in people and m.group(0) not in vocabulary:
            violations.append({"kind": "name", "value": m.group(0), "reason": "addresses a person who is not in the facts"})
    return Grounding(ok=not violations, violations=violations, checked=checked)
