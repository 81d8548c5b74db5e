"""Characters nobody sees: zero-width spaces and joiners, word joiners, BOMs, bidi controls, soft hyphens.

Pasted from chat apps and web pages they sit inside names (`张\u200b三`), so matching and search see
two strings where the user sees one, and a value made only of them looks filled in. They are removed
from every value; a zero-width joiner between two emoji is kept, as it builds one emoji (👨‍👩‍👧).
This module imports nothing of ours (schema/ is the bottom layer).
"""

from __future__ import annotations

import re

# ZWSP, ZWNJ, ZWJ, LRM, RLM, LRE..RLO, word joiner + invisible operators, LRI..PDI, ALM, BOM, soft hyphen,
# Mongolian vowel separator.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff\u00ad\u180e]")
_EMOJI = "\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f"
_ZWJ_IN_EMOJI = re.compile(f"(?<=[{_EMOJI}])\u200d(?=[{_EMOJI}])")
_KEEP = "\x00"  # placeholder for a kept joiner; never in text after csv/JSON parsing


def has_invisible(s: str) -> bool:
    return _INVISIBLE.search(s) is not None


def strip_invisible(s: str) -> str:
    """`s` without invisible format characters (emoji ZWJ sequences kept)."""
    if _INVISIBLE.search(s) is None:
        return s
    if "\u200d" in s:
        s = _ZWJ_IN_EMOJI.sub(_KEEP, s)
        return _INVISIBLE.sub("", s).replace(_KEEP, "\u200d")
    return _INVISIBLE.sub("", s)
