"""Countries that keep one time zone, read from the tz database's own tables (iso3166.tab names each country,
zone.tab lists its zones): a notice from Fiji, Tonga or Mauritius that names its country but not its zone is in that
country's local time. dates.py's hand-made list comes first (it knows the countries with several zones and the
usual spellings); this one covers the rest of the world.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

# Country names that are also other words or places ("New Jersey", "Georgia" the US state, "Jordan" a person).
_AMBIGUOUS = {"Jersey", "Georgia", "Jordan", "Chad", "Guinea", "Lebanon", "Panama", "Niger", "Dominica", "Norfolk Island",
              "Christmas Island", "Isle of Man", "Guernsey", "Montserrat", "Turkey", "Congo", "Mali", "Togo"}


def _table(name: str) -> str:
    """A table of the tz database: the tzdata package's copy, else the system's."""
    try:
        from importlib import resources

        return (resources.files("tzdata") / "zoneinfo" / name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        path = Path("/usr/share/zoneinfo") / name
        return path.read_text(encoding="utf-8") if path.is_file() else ""


@lru_cache(maxsize=1)
def _countries() -> tuple[re.Pattern | None, re.Pattern | None, dict[str, str]]:
    """(a country's name as a whole word, "<country> time", zone by name) for every country with one zone; "Samoa
    (western)" is read as "Samoa" when no other country shares the name before its bracket."""
    names: dict[str, str] = {}
    for line in _table("iso3166.tab").splitlines():
        if line and not line.startswith("#") and "\t" in line:
            code, name = line.split("\t", 1)
            names[code.strip()] = name.strip()
    zones: dict[str, list[str]] = {}
    for line in _table("zone.tab").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and not line.startswith("#"):
            zones.setdefault(parts[0], []).append(parts[2])
    short = [re.sub(r"\s*\(.*\)$", "", n) for n in names.values()]
    by_name: dict[str, str] = {}
    for code, zs in zones.items():
        name = names.get(code)
        if not name or len(zs) != 1:
            continue
        bare = re.sub(r"\s*\(.*\)$", "", name)
        if bare != name and short.count(bare) > 1:
            continue  # "Samoa (American)" beside "Samoa (western)": neither name alone says which
        if bare in _AMBIGUOUS or "&" in bare or "(" in bare or len(bare) < 4:
            continue
        by_name[bare] = zs[0]
    if not by_name:
        return None, None, {}
    alt = "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True))
    spelt = "|".join(re.escape(v) for n in sorted(by_name, key=len, reverse=True) for v in (n, n.upper()))  # "FIJI" too
    return (re.compile(rf"\b(?:{spelt})\b"), re.compile(rf"\b({alt})\s+(?:local\s+|standard\s+)?time\b", re.IGNORECASE),
            {n.casefold(): z for n, z in by_name.items()})


def first_country(text: str, end: int | None = None) -> tuple[int, str] | None:
    """(position, zone) of the first country with one zone the text names (before `end`), or None."""
    names, _, zones = _countries()
    m = names.search(text, 0, len(text) if end is None else end) if names else None
    return (m.start(), zones[m.group(0).casefold()]) if m else None


def named_local_time(text: str) -> str | None:
    """The zone of "<country> time" ("4:00pm (Fiji time)"), or None."""
    _, timed, zones = _countries()
    m = timed.search(text) if timed else None
    return zones.get(m.group(1).casefold()) if m else None
