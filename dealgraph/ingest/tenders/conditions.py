"""What a specification line states besides its value: the conditions a value holds under, and ways of writing a
bound that are not an operator word.

- A condition is not the value: "Impedance voltage at 75 °C: 4.5 %", "DC charging time from 20% to 80% state of
  charge: not more than 45 minutes", "Power consumption (under 25 °C ambient): ≤ 100 W", "在25℃条件下，噪声：45 dB",
  "阻抗电压（75℃时）：4.5%". condition_spans() finds them; pick_unconditioned() prefers a figure outside them.
- A tolerance is a bound on a magnitude: "±0.5%", "+/-3C or better", "误差≤±2%" read as "≤0.5%", "≤3C", "≤2%";
  "220 V ±10%", "4.0%（允许偏差±10%）" keep their nominal (the tolerance belongs to the figure before it).
- Degrees glued to a number ("-80C", "+/-3C") in a line about temperature, or below zero, are ℃.
"""

from __future__ import annotations

import re

_NUM = r"[-+]?\d[\d.,]*"
_UNITISH = r"\s*(?:°\s?[CF]|℃|℉|%|[A-Za-zμµΩ/²³]{1,6}|[\u4e00-\u9fff]{1,2}(?=[至到~～\-]))?"
# Strong conditions, plainly conditions wherever they stand (a figure after them counts even past a comma).
_AT = re.compile(rf"(?:\bat|@)\s*{_NUM}\s*(?:°\s?[CF]|℃|℉|%|[A-Za-zμµΩ/²³]{{1,6}}(?![A-Za-z]))?", re.IGNORECASE)
_ZAI = re.compile(r"(?:在|当)[^，,；;：:。]{0,30}?(?:条件下|情况下|状态下|时)")
_BRACKET = re.compile(r"[（(]([^（）()]{1,50})[)）]")
_BRACKET_CONDITION = re.compile(r"^\s*(?:under|at|when|with|in|during|@|在|当|于)\b|^\s*(?:under|at|@|在|当|于)|"
                                r"(?:时|下|条件|情况|状态|ambient|环境)\s*$", re.IGNORECASE)
# Weak: a span of the measure's own conditions ("from 20% to 80% state of charge") only within its clause.
_FROM_TO = re.compile(rf"(?:\bfrom\s+{_NUM}{_UNITISH}\s*(?:to|-|–)\s*{_NUM}|(?:由|从|自)\s*{_NUM}{_UNITISH}\s*(?:至|到|~|～|-)\s*{_NUM})"
                      rf"(?:\s*(?:°\s?[CF]|℃|℉|%|[A-Za-zμµΩ/²³]{{1,6}}(?![A-Za-z])))?", re.IGNORECASE)
_SEP = re.compile(r"[,，;；。]")


def condition_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, strong) of each condition the line states."""
    spans: list[tuple[int, int, bool]] = []
    for m in _AT.finditer(text):
        if re.search(r"\d", m.group(0)):
            spans.append((m.start(), m.end(), True))
    spans += [(m.start(), m.end(), True) for m in _ZAI.finditer(text) if re.search(r"\d", m.group(0))]
    for m in _BRACKET.finditer(text):
        if re.search(r"\d", m.group(1)) and _BRACKET_CONDITION.search(m.group(1)):
            spans.append((m.start(), m.end(), True))
    for m in _FROM_TO.finditer(text):
        end = m.end()
        # "from 20% to 80% state of charge:" - the words up to the colon name the condition too.
        colon = re.match(r"[^,，;；。:：]{0,40}?(?=[:：])", text[end:])
        spans.append((m.start(), end + (colon.end() if colon else 0), False))
    return spans


def _inside(pos: int, spans) -> tuple[int, int, bool] | None:
    return next((sp for sp in spans if sp[0] <= pos < sp[1]), None)


def pick_unconditioned(cands: list, spans, text: str):
    """The first candidate (start, ..., start, end) unless it lies in a condition and a later one, outside every
    condition and in reach of it, states the value."""
    if not cands:
        return None
    first = cands[0]
    span = _inside(first[0], spans)
    if span is None:
        return first
    for c in cands[1:]:
        if c[0] < span[1] or _inside(c[0], spans):
            continue
        if not span[2] and _SEP.search(text[span[1]:c[0]]):
            break  # "Operating temperature from -20 to 60 °C, humidity ≥ 90%": the range is this clause's value
        return c
    return first


_TOLERANCE = re.compile(r"(?:≤|<=|不超过|不大于|小于等于)?\s*(?:±|\+\s*/\s*[-−]|\+-)\s*(?=\d)")
_NOMINAL_BEFORE = re.compile(r"\d\s*(?:[A-Za-z%℃°μµΩ]{1,4})?\s*$")


def tolerances(text: str) -> str:
    """"±0.5%" -> "≤0.5%": a tolerance bounds the magnitude, unless it follows its nominal ("220 V ±10%")."""
    def sub(m: re.Match) -> str:
        before = text[:m.start()]
        # "短路阻抗：4.0%（允许偏差±10%）": a bracket after a figure annotates that figure.
        opened = max(before.rfind("("), before.rfind("（"))
        if opened >= 0 and max(before.rfind(")"), before.rfind("）")) < opened:
            before = before[:opened]
        return m.group(0) if _NOMINAL_BEFORE.search(before) else "≤"

    return _TOLERANCE.sub(sub, text)


_TEMPERATURE = re.compile(r"temperat|\btemp\b|ambient|set ?point|freez|cool|heat|therm|warm|cold|温度|冷|热", re.IGNORECASE)
_DEGREES_WORDS = re.compile(r"(\d)\s*(?:deg(?:rees?)?\.?\s*)(?:C\b|Celsius\b)", re.IGNORECASE)
_GLUED = re.compile(r"(?<![A-Za-z\d.])([-+−]?\d+(?:\.\d+)?)([CF])(?![A-Za-z\d])")
_SPACED = re.compile(r"(?<![A-Za-z\d.])([-+−]?\d+(?:\.\d+)?) ([CF])(?![A-Za-z\d'’&/-])")


def glued_degrees(text: str) -> str:
    """"-80C", "+/-3C" in a line about temperature (or below zero) -> "-80℃"; "25 degrees C" -> "25℃"."""
    text = _DEGREES_WORDS.sub(r"\1℃", text)
    about = bool(_TEMPERATURE.search(text))

    def sub(m: re.Match) -> str:
        if about or m.group(1).startswith(("-", "−")):
            return m.group(1) + ("℃" if m.group(2) == "C" else "°F")
        return m.group(0)

    text = _GLUED.sub(sub, text)
    # "-9 C to +40 C" in a line about temperature: the letter set apart by a space is the unit too.
    return _SPACED.sub(lambda m: m.group(1) + ("℃" if m.group(2) == "C" else "°F"), text) if about else text
