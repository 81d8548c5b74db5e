"""Person names for the demo world: Chinese names with their pinyin, and English names.

Why: identity resolution and role models are judged on realistic names, so the generator
needs the common surnames (with realistic frequency skew), two-character given names,
and the English forms that appear in exports ("Zhang Wei", "Wei Zhang", "David Zhang").
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

# Common surnames, roughly in order of frequency (earlier ones are picked more often).
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
# Given-name characters that read naturally; pinyin of each is unambiguous in names.
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕鹏辉斌宇浩凯健俊帆帅旭宁婷雪琳晶欣怡佳颖思雨晨阳博文志鑫海波峰建国新春亮成林东")
# Fixes for characters whose default pinyin in lazy_pinyin is not the name reading.
_SURNAME_READING = {"曾": "zeng", "单": "shan", "解": "xie", "查": "zha", "仇": "qiu", "朴": "piao", "乐": "yue"}

WESTERN_FIRST = ["David", "Michael", "John", "James", "Robert", "William", "Richard", "Thomas", "Daniel",
                 "Paul", "Mark", "Kevin", "Jason", "Eric", "Steven", "Andrew", "Peter", "Tony", "Jack",
                 "Mary", "Linda", "Susan", "Karen", "Lisa", "Nancy", "Sarah", "Emily", "Jessica", "Anna",
                 "Grace", "Helen", "Amy", "Cathy", "Vivian", "Alice", "Laura", "Sophie", "Claire"]
WESTERN_LAST = ["Smith", "Johnson", "Brown", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Moore",
                "Martin", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Young",
                "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Carter", "Mitchell",
                "Müller", "Schmidt", "Weber", "Fischer", "Dubois", "Rossi", "Tanaka", "Kim", "Lee"]


@dataclass(frozen=True)
class PersonName:
    name: str          # as the company writes it (hanzi for Chinese staff, Latin otherwise)
    name_en: str       # the English form used in email signatures and English systems
    given_py: str      # pinyin/latin pieces, used to build email local parts
    family_py: str
    chinese: bool


def _weighted_index(rng: random.Random, n: int, skew: float = 1.6) -> int:
    # Zipf-like pick: surname frequency in China is heavily skewed towards the top few.
    return min(int(n * rng.random() ** skew), n - 1)


@lru_cache(maxsize=8192)
def _char_pinyin(ch: str) -> str:
    return "".join(lazy_pinyin(ch, style=Style.NORMAL, errors="default"))


def pinyin_of(text: str) -> str:
    """Toneless pinyin of hanzi, syllables concatenated ("伟" -> "wei", "晓明" -> "xiaoming").

    Per character and cached: names are built from a small alphabet, and pypinyin's phrase
    lookup costs ~0.1 ms a call (it dominated generation time)."""
    return "".join(_char_pinyin(ch) for ch in text)


def chinese_name(rng: random.Random) -> PersonName:
    family = SURNAMES[_weighted_index(rng, len(SURNAMES))]
    given = "".join(rng.choice(GIVEN) for _ in range(1 if rng.random() < 0.3 else 2))
    fam_py = _SURNAME_READING.get(family, pinyin_of(family))
    giv_py = pinyin_of(given)
    r = rng.random()
    if r < 0.6:    # pinyin, given name first (how most Chinese staff sign English mail)
        en = f"{giv_py.capitalize()} {fam_py.capitalize()}"
    elif r < 0.8:  # pinyin, family name first and capitalised
        en = f"{fam_py.upper()} {giv_py.capitalize()}"
    else:          # adopted English first name
        en = f"{rng.choice(WESTERN_FIRST)} {fam_py.capitalize()}"
    return PersonName(family + given, en, giv_py, fam_py, True)


def western_name(rng: random.Random) -> PersonName:
    first, last = rng.choice(WESTERN_FIRST), rng.choice(WESTERN_LAST)
    return PersonName(f"{first} {last}", f"{first} {last}", first.lower(), last.lower().replace("ü", "ue"), False)


def person_name(rng: random.Random, lang: str) -> PersonName:
    """A name fitting a company whose working language is zh, en or mixed.

    English-language companies in the demo are mostly foreign subsidiaries in China, so they
    still employ many Chinese staff."""
    p_chinese = {"zh": 1.0, "mixed": 0.8, "en": 0.45}.get(lang, 1.0)
    return chinese_name(rng) if rng.random() < p_chinese else western_name(rng)


def email_local(rng: random.Random, p: PersonName) -> str:
    styles = [f"{p.given_py}.{p.family_py}", f"{p.family_py}{p.given_py}", f"{p.given_py[0]}{p.family_py}",
              f"{p.family_py}.{p.given_py}"]
    return rng.choice(styles).replace(" ", "")


def mobile(rng: random.Random) -> str:
    """A Chinese mobile number in E.164 (the canonical form; writers add noisy formats)."""
    prefix = rng.choice(["130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152", "155",
                         "156", "158", "159", "166", "177", "180", "181", "182", "185", "186", "187", "188",
                         "189", "191", "198", "199"])
    return "+86" + prefix + "".join(str(rng.randrange(10)) for _ in range(8))
