"""A notice's own legend of its must marks: which mark, tag or column value it says makes an item pass/fail.

Portals mark mandatory items in their own way ("◎ = 必要規格", "(E) essential / (D) desirable", "characteristics
marked [Pass/Fail] are minimum requirements", 'Requirements marked "Mandatory (pass/fail)" must be met'). Rather
than know every mark, the legend is read: a token (a symbol, a bracketed tag or a quoted word) that the sentence
defines, by a connector ("=", "means", "为", "表示") or a verb of marking ("marked", "标注…的"), as a must. The
tokens it defines become must marks for the notice; the sentences stating them are legends, not items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import join_wrapped

# A token a legend defines: a quoted word or mark, a short bracketed tag, or one symbol.
_QUOTED = r"[“\"'「『‘](?P<q>[^”\"'」』’]{1,24})[”\"'」』’]"
_TAG = r"(?P<t>[\[(（【〔{][^\[\]()（）【】〔〕{}]{1,20}[\]）)】〕}])"
_SYMBOL = r"(?P<s>[★☆◎○●◆◇■□▲△※＊*#†‡✱✓√⊙◉])"
_TOKEN = rf"(?:{_QUOTED}|{_TAG}|{_SYMBOL})"
# What makes a mark a must.
_MUST = re.compile(r"mandatory|pass\s*/\s*fail|pass or fail|essential|minimum (?:technical )?requirements?|\bmust\b|compulsory|"
                   r"knock-?out|eliminatory|go\s*[/-]\s*no[- ]?go|必要|必须|必需|必備|必备|实质性|實質性|否决|否決|强制|強制|废标|廢標|"
                   r"不允许负偏离|不允許負偏離|不可偏离|不得偏离", re.IGNORECASE)
# A meaning that says the opposite ("not mandatory", "non-essential", "desirable", "非必要").
_NOT = re.compile(r"\bnot\b|\bnon-?\s?|\bno\b|desirable|optional|preferred|desired|scored|important|非|不是|不属于|不导致|不会|一般|可选|加分|选配|"
                  r"重要|扣分",
                  re.IGNORECASE)
# How a legend joins a token to its meaning.
_CONNECT = r"\s*(?:=|＝|:|：|-|–|—|means|denotes|indicates|stands for|signifies|represents|is|are|为|為|表示|代表|是指|指|系|即)\s*"
_MARKED = (r"(?:marked|labell?ed|flagged|tagged|designated|identified|denoted|indicated|shown)\s+(?:as\s+|with\s+|by\s+)?"
           r"(?:an?\s+|the\s+)?|(?:标注|标有|标记|标明|标示|标识|带有?|注有|注明|注记|加注|打有?|印有|標註|標有|標記|標明|標示|標識|帶有?|註明|註記|加註)"
           r"\s*(?:为|為)?\s*")
_DEFINED_AFTER = re.compile(rf"(?:{_MARKED}){_TOKEN}")
_DEFINED_BEFORE = re.compile(rf"(?:^|(?<=[\s,;，；:：/|]))(?:Legend\s*[:：]\s*|图例\s*[:：]\s*|說明\s*[:：]\s*|说明\s*[:：]\s*)?{_TOKEN}"
                             rf"(?=\s*(?:号|號)?(?:{_CONNECT}|\s))")
# Bracketed item numbers are not marks: "(a)", "(iv)", "(3)", "[12]".
_NUMBERING = re.compile(r"^[\[(（【〔]\s*(?:[a-z]|[ivx]{1,4}|\d{1,3}|[一二三四五六七八九十]{1,3})\s*[\])）】〕]$")
# "A statement of 'Not Comply' against any parameter … shall be rated 'failed'", "任何一项技术参数不满足的，投标无效":
# a compliance sheet whose every row is pass/fail (no mark needed).
_EVERY_ROW = re.compile(
    r"(?:not comply|not complian(?:ce|t)|non-?complian(?:ce|t)|fail(?:ure|s)? to (?:comply|meet)|does not (?:comply|meet)|deviation)\b[^.;]{0,20}?"
    r"\b(?:against|with|on|in|to|from)\s+(?:any|each|every|a single|any one of the|any of the)\s+"
    # "every Mandatory requirement" names a class of rows, not every row
    r"(?:(?!mandatory|essential|minimum|marked|critical|starred|compulsory)[a-z]+\s+){0,2}?"
    r"(?:parameters?|items?|requirements?|specifications?|clauses?|lines?|rows?)\b[^.]{0,160}?"
    r"\b(?:failed|fail|rejected|reject|non-?responsive|disqualified|disqualif\w*|excluded|eliminated)\b|"
    r"(?:任何|任一)\s*(?:一)?\s*(?:项|條|条)\s*(?:技术)?(?:参数|指标|要求|条款|規格|规格)?\s*(?:不满足|不符合|不响应|负偏离|不滿足|不符合)"
    r"[^。]{0,24}?(?:无效|無效|废标|廢標|否决|否決|不予通过|不合格)",
    re.IGNORECASE)


@dataclass
class Legend:
    marks: set[str] = field(default_factory=set)  # tokens the notice defines as must marks, as written
    every_row: bool = False  # a compliance statement makes every specification row pass/fail
    blocks: set[int] = field(default_factory=set)  # indices of the line blocks that state the legend

    def symbols(self) -> set[str]:
        return {m for m in self.marks if len(m) == 1}

    def tags(self) -> set[str]:
        return {m for m in self.marks if re.match(r"^[\[(（【〔{].*[\]）)】〕}]$", m)}

    def words(self) -> set[str]:
        return self.marks - self.symbols() - self.tags()


def _token(m: re.Match) -> str:
    tok = m.group("q") or m.group("t") or m.group("s")
    inner = re.fullmatch(r"[\[(（【〔]\s*(.)\s*[\]）)】〕]", tok)
    # "an asterisk (*)": the mark itself, its brackets only set it apart.
    return inner.group(1) if inner and re.fullmatch(_SYMBOL, inner.group(1)) else tok


def _means_must(meaning: str) -> bool:
    """The words after a token say it marks a must: a must word close by, not negated before it; or the sentence
    says a bid failing any item so marked is rejected, whatever it calls them ("为关键技术指标，…不满足任何一项…的，其
    投标将被否决")."""
    head = re.split(r"[;；。，,]|(?<=[a-z])\.\s", meaning, maxsplit=1)[0][:60]
    must = _MUST.search(head)
    return (bool(must) and not _NOT.search(head[: must.start()]) and must.start() <= 40) or rejects_on_failure(meaning)


# Failing an item, then what it costs the bid: rejection. Not "扣分", not "more than three", not "will not".
_FAIL = (r"(?:不满足|不符合|未满足|不响应|未响应|负偏离|不滿足|未滿足|負偏離|fail(?:s|ure|ing)?\s+to\s+(?:meet|comply|satisfy)|"
         r"(?:does|do|did)\s+not\s+(?:meet|comply|satisfy)|non-?complian(?:ce|t))")
_REJECT = (r"(?:否决|否決|无效|無效|废标|廢標|不予通过|不合格|reject(?:ed|ion)?|disqualif\w*|non-?responsive|"
           r"eliminat\w*|excluded)")
_FAILS_REJECT = re.compile(rf"{_FAIL}(?P<mid>[^。.;；]{{0,40}}?){_REJECT}", re.IGNORECASE)
_NOT_OUTRIGHT = re.compile(r"不会|不导致|不作为|不视为|不以|超过|以上|累计|\bnot\b|\bmore than\b|\bexceed", re.IGNORECASE)
# Where the definition of the next mark begins: what follows it is that mark's meaning.
_NEXT_MARK = re.compile(rf"{_SYMBOL}|标注|标有|標註|標有|\bmarked\b", re.IGNORECASE)


def rejects_on_failure(meaning: str) -> bool:
    """The meaning a legend gives a mark says failing any item so marked rejects the bid ("…为重要条款，投标人对其中任何
    一条不满足的，其投标将被否决", "are key requirements; failure to meet any of them will result in rejection")."""
    first = re.split(r"。|(?<=[a-z])\.\s", meaning, maxsplit=1)[0]
    nxt = _NEXT_MARK.search(first)
    first = first[: nxt.start()] if nxt else first
    m = _FAILS_REJECT.search(first)
    return bool(m) and not _NOT_OUTRIGHT.search(m.group("mid")) and not _NOT_OUTRIGHT.search(first[: m.start()][-12:])


def must_tokens(sentence: str) -> set[str]:
    """The tokens one sentence defines as must marks."""
    found: set[str] = set()
    for m in _DEFINED_AFTER.finditer(sentence):  # "marked [Pass/Fail] are minimum requirements", "标注“★”的条款为实质性要求"
        tok = _token(m)
        if not _NUMBERING.match(tok) and _means_must(sentence[m.end():]):
            found.add(tok)
    defs = list(_DEFINED_BEFORE.finditer(sentence))
    tagged = [d for d in defs if not _NUMBERING.match(_token(d))]
    for k, d in enumerate(tagged):  # "◎ = 必要規格", "(E) essential / (D) desirable", "“★”为实质性要求"
        tok = _token(d)
        end = tagged[k + 1].start() if k + 1 < len(tagged) else len(sentence)
        meaning = sentence[d.end():end]
        connected = re.match(_CONNECT, meaning) and not re.match(r"\s+$", re.match(_CONNECT, meaning).group(0))
        # A tag followed straight by its meaning ("(E) essential") is a legend only beside another definition or
        # on a line that says it is one ("Legend:", "Key:").
        if not connected and (d.group("q") or len(tagged) < 2 and not re.match(r"^\s*(?:Legend|Key|图例|說明|说明)\b", sentence,
                                                                                re.IGNORECASE)):
            continue  # a quoted word is defined by a connector only ('"Not Comply" must be supported' defines nothing)
        if _means_must(meaning):
            found.add(tok)
    return found


_STARTS = re.compile(r"^\s*(?:[★▲※◎○●◆■□*•·▪-]|\(?\d{1,3}[.)、）](?!\d)|\d{1,2}(?:\.\d{1,2})+|[（(][一二三四五六七八九十\d]{1,3}[）)]|"
                     r"[一二三四五六七八九十]{1,3}\s*[、.．]|[A-Za-z][.)]\s|(?:Section|Part|Chapter|Article)\s+[\dIVX]+|第\S{1,3}[章节条])")


def _sentences(doc) -> list[tuple[list[int], str]]:
    """Line blocks joined into sentences: PDF and plain-text lines wrap mid-sentence."""
    out: list[tuple[list[int], str]] = []
    wraps = doc.fmt in ("pdf", "text")
    cur: list[int] = []
    for i, b in enumerate(doc.blocks):
        if b.kind != "line":
            if cur:
                out.append((cur, join_wrapped([doc.blocks[j].text for j in cur])))
                cur = []
            out.extend(([i], b.row_text(r)) for r in b.rows)
            continue
        if cur and _STARTS.match(b.text):  # a numbered or marked line starts an item of its own
            out.append((cur, join_wrapped([doc.blocks[j].text for j in cur])))
            cur = []
        cur.append(i)
        if not wraps or b.text.rstrip().endswith(("。", ".", "；", ";", "!", "！", ":", "：")) or len(cur) >= 8:
            out.append((cur, join_wrapped([doc.blocks[j].text for j in cur])))
            cur = []
    if cur:
        out.append((cur, join_wrapped([doc.blocks[j].text for j in cur])))
    return out


def read_legend(doc) -> Legend:
    """The notice's own statements of what marks a must."""
    legend = Legend()
    for idx, text in _sentences(doc):
        if len(text) > 600:
            continue
        toks = must_tokens(text)
        if toks:
            legend.marks |= toks
            lines = [i for i in idx if doc.blocks[i].kind == "line"]
            # The legend starts on the line holding its first mark: a heading joined before it is not the legend.
            first = next((k for k, i in enumerate(lines) if any(t in doc.blocks[i].text for t in toks)), 0)
            legend.blocks.update(lines[first:])
    return legend


def every_row_must(text: str) -> bool:
    """A compliance statement over a specification sheet: failing any one row fails the bid. A sentence naming a
    mark ("标注“★”的条款…任何一项不满足…无效") speaks of the marked rows only."""
    # Rows classified as musts or not ("classified as Mandatory or Rated", "desirable") are not all musts.
    return bool(_EVERY_ROW.search(text)) and not must_tokens(text) and not re.search(r"[★▲※]", text) and not re.search(
        r"\b(?:desirable|optional|scored)\b|\brated (?:requirements?|criteria|items?)\b|\bclassified as\b|加分|评分项|一般参数",
        text, re.IGNORECASE)
