"""How one true person or company value looks when a channel captured it.

Only presentation noise that keeps the value recoverable (formats, case, plus tags, pinyin vs
hanzi, a typo in a name, a missing field) -- never a different phone number or a wrong credit
code on a true duplicate, because ID-mapping treats those as hard keys that forbid a merge.
"""

from __future__ import annotations

import random

from .names import GIVEN, PersonName

_HOMOPHONES = {"伟": "玮", "明": "铭", "华": "骅", "杰": "洁", "静": "婧", "丽": "莉", "军": "君", "敏": "民", "强": "蔷",
               "磊": "垒", "涛": "韬", "辉": "晖", "婷": "亭", "琳": "林", "欣": "新", "宇": "雨", "鹏": "朋", "志": "智"}


def phone_format(rng: random.Random, e164: str) -> str:
    """+8613812345678 written the ways people type it."""
    d = e164.removeprefix("+86")
    a, b, c = d[:3], d[3:7], d[7:]
    return rng.choice([e164, d, d, f"{a}-{b}-{c}", f"{a} {b} {c}", f"+86 {a} {b} {c}", f"0086{d}", f"0086-{d}",
                       f"+86-{d}", f"(+86){d}", f"86{d}"])


def email_variant(rng: random.Random, email: str, tag: str = "") -> str:
    local, _, domain = email.partition("@")
    r = rng.random()
    if r < 0.15:
        return email.upper() if rng.random() < 0.3 else f"{local.title()}@{domain.capitalize()}"
    if r < 0.25 and tag:
        return f"{local}+{tag}@{domain}"
    return email


def name_variant(rng: random.Random, name: str, p: PersonName | None) -> str:
    """Hanzi, pinyin with or without spaces, swapped order, an English name, or a typo."""
    if p is None or not p.chinese:
        r = rng.random()
        if p is not None and r < 0.15:
            first, _, last = name.partition(" ")
            return f"{last}, {first}" if last else name
        if r < 0.22:
            return name.lower()
        return name
    r = rng.random()
    if r < 0.55:
        return name
    if r < 0.65:
        return p.family_py.capitalize() + " " + p.given_py.capitalize()
    if r < 0.73:
        return p.given_py.capitalize() + " " + p.family_py.capitalize()
    if r < 0.78:
        return p.family_py + p.given_py
    if r < 0.86:
        return p.name_en
    if r < 0.94 and len(name) >= 2:     # homophone / wrong character typed with a pinyin IME
        i = rng.randrange(1, len(name))
        ch = name[i]
        return name[:i] + _HOMOPHONES.get(ch, rng.choice(GIVEN)) + name[i + 1:]
    return name[0] + ("先生" if rng.random() < 0.5 else "女士") if rng.random() < 0.5 else name[0] + "总"


def maybe(rng: random.Random, value: object, p_missing: float) -> object:
    return None if rng.random() < p_missing else value
