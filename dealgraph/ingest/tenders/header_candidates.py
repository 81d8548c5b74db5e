"""Candidates for the header fields (project name, tender number, buyer), each with general features.

The rules in extractors/header.py take the first value a label or a title gives. Here every value the
notice offers for a field is kept as a candidate: each value the rules tried (whether or not it won),
every "label: value" pair and two-cell table row, the first lines and headings of the notice, the
words after "for the" / "关于…的", a sign-off's organisation, codes near a reference label. Each
candidate gets features any portal shows (what its label means, where it stands, how it looks, whether
the notice repeats it); header_model.py scores them with a logistic regression.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from . import fields as F
from .text import CJK_RE

FIELDS = ("project_name", "tender_number", "buyer")

# Words naming an organisation (a buyer) in either language.
ORG_WORDS = re.compile(r"\b(?:Council|Department|Dept|Ministry|University|College|Hospital|Limited|Ltd|Inc|LLC|Corporation|"
                       r"Authority|Agency|Board|Commission|Office|Service|Services|Trust|Government|Province|Provincial|"
                       r"Municipality|Municipal|City|County|State|Institute|Bureau|Directorate|Administration|Company|"
                       r"Centre|Center|School|District|Fund|Bank|Organi[sz]ation|NHS|Republic|Corporation|Unit)\b|"
                       r"公司|医院|醫院|局|署|处|處|中心|大学|大學|学院|學院|委员会|委員會|政府|研究院|研究所|银行|学校|部|厅|办公室",
                       re.IGNORECASE)
# Words of what is bought: a project's name.
PROC_WORDS = re.compile(r"\b(?:Supply|Supplies|Procurement|Purchase|Provision|Delivery|Installation|Maintenance|Services?|"
                        r"Works?|Equipment|System|Systems|Construction|Upgrade|Replacement|Renewal|Design|Framework|"
                        r"Vehicles?|Goods|Project)\b|采购|採購|项目|項目|工程|设备|設備|系统|系統|服务|服務|供應|购置|建设",
                        re.IGNORECASE)
# A label that names a procedure's own reference, one that names a portal's listing or a publication.
_REF_LABEL = re.compile(r"\b(?:ref(?:erence)?|tender\s*(?:no|number)|bid\s*(?:no|number)|solicitation|rf[pqtx]\s*(?:no|number)|"
                        r"itb\s*(?:no|number)|ifb|contract\s*(?:no|number)|file)\b|编号|編號|编码|案号|單號|单号",
                        re.IGNORECASE)
_PORTAL_LABEL = re.compile(r"\b(?:notice|publication|listing|portal|gets|ocid|identifier|system|posting|advert(?:isement)?|"
                           r"tenderned|ted|ppon|opportunity\s*id|event\s*id|id)\b|公告编号|网站|平台",
                           re.IGNORECASE)
_BUYER_LABEL = re.compile(r"\b(?:buyer|purchaser|procuring|contracting|authority|entity|agency|organi[sz]ation|issued by|"
                          r"department|office|employer|client|owner|sub-?tier|customer|body)\b|采购人|采購人|招标人|招標人|"
                          r"采购单位|采購單位|单位|單位|业主|機構|机构", re.IGNORECASE)
_NAME_LABEL = re.compile(r"\b(?:title|name|subject|project|description|object)\b|名称|名稱|标题|標題|主题|项目|項目", re.IGNORECASE)
_CODE = re.compile(r"(?<![\w\-/.])(?=[A-Z0-9\-/. ]*\d)(?:[A-Z][A-Z0-9]*[-/ .]?)?[A-Z0-9]+(?:[-/._][A-Z0-9]+)*(?![\w\-/])")
_YEAR = re.compile(r"(?:19|20)\d\d")
_FOR_THE = re.compile(r"\b(?:for|FOR)\s+(?:the|THE)?\s*$|\bfor\s+the\s+(?P<rest>[A-Z].{6,})$")
_GUAN_YU = re.compile(r"关于(?P<n>.{4,60}?)的(?:公开)?(?:招标|采购|询价|磋商|谈判|遴选|比选)?(?:公告|通知|邀请)")
_SIGNOFF = re.compile(r"^(?:\(?sgd\.?\)?|signed|for and on behalf of|on behalf of|issued by|\s*[（(]?(?:盖章|签章)[)）]?)", re.IGNORECASE)
_LABEL_ONLY = re.compile(r"^(?:no|yes|n/?a|none|nil|tbd|tba|open|active|closed|original|details?|description|"
                         r"general information|classification|the|for|for the|of|and)$", re.IGNORECASE)


@dataclass
class Candidate:
    field: str
    value: str
    source: str  # rule | label | heading | top | after_for | signoff | code
    page: int
    snippet: str
    line: int = -1  # index of the notice line it comes from (or first shows in)
    label: str = ""
    level: int = 0  # heading level of its line (0: not a heading)
    rule_pick: bool = False
    weak: bool = False
    feats: dict = field(default_factory=dict)


def norm(s: str) -> str:
    return re.sub(r"[\W_]+", "", s or "").lower()


def _clean_line(t: str) -> str:
    return re.sub(r"\s+", " ", t).strip(" \t|:：-—–")


def generate(doc, out, log, value_of) -> dict[str, list[Candidate]]:
    """Candidates per field. `log`: the rules' attempts [(field, value, page, text, weak, label)]; `value_of(field,
    label, value)`: the rules' own cleaning of a labelled value (extractors.header._field_value)."""
    lines = doc.lines()
    levels = []
    for b in doc.blocks:
        if b.kind == "line":
            levels.append(b.level or 0)
        else:
            levels.extend([0] * len(b.rows))
    cands: dict[str, list[Candidate]] = {f: [] for f in FIELDS}

    def add(c: Candidate) -> None:
        if not c.value or not isinstance(c.value, str):
            return
        c.value = c.value.strip()
        if len(c.value) < 2 or len(c.value) > 250:
            return
        cands[c.field].append(c)

    for f, value, page, text, weak, label in log:
        add(Candidate(f, value, "rule", page, text, label=label or "", weak=weak))
    for f in FIELDS:
        v = getattr(out, f)
        if v:
            prov = out.provenance.get(f)
            add(Candidate(f, v, "rule", prov.page if prov else 1, prov.snippet if prov else v, rule_pick=True))

    n = len(lines)
    for k, (page, text) in enumerate(lines):
        t = text.strip()
        if not t:
            continue
        cells = [c.strip() for c in t.split(" | ")] if " | " in t else None
        pairs = []
        if cells and len(cells) >= 2:
            pairs = [(cells[i], cells[i + 1]) for i in range(len(cells) - 1) if 1 < len(cells[i]) <= 40]
        m = re.match(r"^\s*([^:：|]{2,40}?)\s*[:：]\s*(?:\|\s*)?(\S.{1,200})$", t)  # "Owner: | X": the label's cell, then X
        if m:
            pairs.append((m.group(1), m.group(2)))
        for lab, val in pairs:
            fl = F.label_of(lab)
            for f in FIELDS:
                if fl == f or (f == "buyer" and _BUYER_LABEL.search(lab) and ORG_WORDS.search(val)) \
                        or (f == "tender_number" and (_REF_LABEL.search(lab) or _PORTAL_LABEL.search(lab)) and re.search(r"\d", val)) \
                        or (f == "project_name" and _NAME_LABEL.search(lab) and not re.fullmatch(r"[\w\-/.]*\d[\w\-/.]*", val)):
                    try:
                        v = value_of(f, lab, val)
                    except Exception:  # noqa: BLE001 - a value the rules cannot clean is no candidate
                        v = None
                    if v:
                        add(Candidate(f, v, "label", page, t, line=k, label=lab))
        # A label alone on its line, its value the next line ("Procuring Entity" / "Provincial Government of X").
        if k + 1 < n and len(t) <= 40 and not m:
            fl = F.label_of(t)
            nxt = lines[k + 1][1].strip()
            for f in FIELDS:
                if (fl == f or (f == "buyer" and _BUYER_LABEL.search(t) and len(t.split()) <= 4)) and 2 < len(nxt) <= 200:
                    try:
                        v = value_of(f, t, nxt)
                    except Exception:  # noqa: BLE001
                        v = None
                    if v:
                        add(Candidate(f, v, "label", page, f"{t}: {nxt}", line=k + 1, label=t))

    # The first lines and headings: a title (project) or a letterhead (buyer).
    top = [(k, p, _clean_line(t)) for k, (p, t) in enumerate(lines[:60]) if _clean_line(t)]
    rank = 0
    for i, (k, page, t) in enumerate(top):
        if len(t) > 200 or " | " in t:
            continue
        lvl = levels[k] if k < len(levels) else 0
        kv = bool(re.match(r"^\s*[^:：]{2,40}[:：]\s*\S", t))
        variants = {t}
        # a title the page wrapped: the next line carries on after a joining word, in the same capitals or as a
        # heading of the same level
        if i + 1 < len(top) and not kv:
            nk, nt = top[i + 1][0], top[i + 1][2]
            nlvl = levels[nk] if nk < len(levels) else 0
            if (re.search(r"\b(?:and|of|for|the|to|in|with|AND|OF|FOR|THE|TO|IN|WITH)$|,$", t) or re.match(r"^(?:and|of|for|to|in|with|&)\s", nt)
                    or (t.isupper() and nt.isupper() and len(nt) < 80 and not re.search(r"\d", nt))
                    or (lvl and nlvl == lvl and top[i + 1][1] == page and not re.search(r"[:：]", nt))) and len(nt) <= 120:
                variants.add(f"{t} {nt}")
        if not kv:
            rank += 1
        for v in variants:
            src = "top" if not lvl else "heading"
            if not kv:
                add(Candidate("project_name", _strip_kind(v), src, page, v, line=k, level=lvl,
                              feats={"title_rank": 1 / rank, "joined": float(v != t)}))
            if ORG_WORDS.search(v) and len(v) <= 90 and not kv:
                add(Candidate("buyer", v, src, page, v, line=k, level=lvl, feats={"title_rank": 1 / rank}))
        # "INVITATION TO BID FOR THE" / "PROCUREMENT OF …": the words after "for the" name what is bought.
        ft = _FOR_THE.search(t)
        if ft:
            rest = ft.group("rest") if ft.group("rest") else " ".join(x[2] for x in top[i + 1:i + 3]
                                                                      if len(x[2]) <= 120 and ":" not in x[2])
            if rest:
                add(Candidate("project_name", _strip_kind(rest), "after_for", page, t, line=k, level=lvl))
                if not ft.group("rest") and i + 1 < len(top):
                    add(Candidate("project_name", _strip_kind(top[i + 1][2]), "after_for", page, t, line=k + 1, level=lvl))
        g = _GUAN_YU.search(t)
        if g:
            add(Candidate("project_name", g.group("n"), "after_for", page, t, line=k, level=lvl))
    # A sign-off: the organisation in the notice's last lines.
    for k in range(max(0, n - 30), n):
        page, t = lines[k]
        t = _clean_line(re.sub(_SIGNOFF, "", t.strip()))
        if 4 <= len(t) <= 90 and ORG_WORDS.search(t) and not re.search(r"\d{3}|@|www\.|https?:", t) and " | " not in t:
            add(Candidate("buyer", t, "signoff", page, t, line=k))
    # Codes: a reference-like token in a line that speaks of a number or reference.
    for k, (page, t) in enumerate(lines[:300]):
        if not re.search(r"(?i)\b(?:no|number|ref|reference|id|solicitation|tender|bid|contract|rf[pqtx]|itb|ifb)\b|编号|編號|号|號", t):
            continue
        for m in _CODE.finditer(t):
            v = m.group(0).strip(" .")
            if len(re.sub(r"[^0-9A-Za-z]", "", v)) < 4 or _YEAR.fullmatch(v) or re.fullmatch(r"\d{1,3}(?:[.,]\d+)*", v):
                continue
            add(Candidate("tender_number", v, "code", page, t, line=k, label=t[max(0, m.start() - 40):m.start()]))
    # A title with the kind of procedure after the name ("…采购项目院内遴选", "… - Tender Notice"): the name alone too.
    for c in list(cands["project_name"]):
        v = _strip_kind(c.value)
        if v != c.value and len(v) >= 4:
            add(Candidate("project_name", v, c.source, c.page, c.snippet, line=c.line, label=c.label, level=c.level,
                          feats=dict(c.feats) | {"kind_cut": 1.0}))
    for f in FIELDS:
        _features(cands[f], lines, levels, out)
    return cands


_KIND_PREFIX = re.compile(r"^(?:(?:Request for|Invitation (?:to|for)|Call for|Notice of|Notice Inviting)\s+\w+|Tender|RFP|RFQ|ITB|IFB|ITT|RFT)"
                          r"\s*(?:No\.?\s*[\w\-/.]+\s*)?[:\-–—]?\s*(?:for\s+(?:the\s+)?)?", re.IGNORECASE)
_KIND_SUFFIX = re.compile(r"[_\s\-—]*(?:公开招标公告|竞争性磋商公告|邀请招标公告|竞争性谈判公告|招标公告|采购公告|磋商公告|询价公告|遴选公告|"
                          r"谈判公告|投标邀请书|招标文件|[\u4e00-\u9fff]{0,2}(?:遴选|比选|竞价|询价|磋商|谈判)|公告)$")
_EN_KIND_SUFFIX = re.compile(r"\s*[-–—:|]\s*(?:Tender Notice|Contract Notice|Invitation (?:to|for) (?:Bids?|Tenders?)|Request for "
                             r"(?:Proposals?|Quotations?|Bids|Tenders?)|Procurement Notice|Notice)$", re.IGNORECASE)


def _strip_kind(v: str) -> str:
    v = v.strip()
    s = _KIND_PREFIX.sub("", v) if len(_KIND_PREFIX.sub("", v)) >= 8 else v
    s = re.sub(r"^(?:for\s+(?:the\s+)?)", "", s, flags=re.IGNORECASE) if len(s) > 12 else s
    s = _KIND_SUFFIX.sub("", s) if CJK_RE.search(s) and len(_KIND_SUFFIX.sub("", s)) >= 4 else s
    s = _EN_KIND_SUFFIX.sub("", s) if len(_EN_KIND_SUFFIX.sub("", s)) >= 8 else s
    return s.strip(" -—:：")


SOURCES = ("rule", "label", "heading", "top", "after_for", "signoff", "code")


def _features(cs: list[Candidate], lines, levels, out) -> None:
    text = "\n".join(t for _, t in lines)
    ntext = norm(text)
    n = max(len(lines), 1)
    min_level = min([lv for lv in levels[:80] if lv] or [0])
    for c in cs:
        v = c.value
        nv = norm(v)
        if c.line < 0:  # where the value first shows
            c.line = next((k for k, (_, t) in enumerate(lines) if nv and nv in norm(t)), n)
            if c.line < len(levels):
                c.level = c.level or levels[c.line]
        words = v.split()
        letters = re.findall(r"[A-Za-z]", v)
        lab = c.label or ""
        f = {
            "title_rank": c.feats.get("title_rank", 0.0),
            "joined": c.feats.get("joined", 0.0),
            "kind_cut": c.feats.get("kind_cut", 0.0),
            "unbalanced": float(v.count("(") + v.count("（") != v.count(")") + v.count("）")),
            "colon": float(bool(re.search(r"[:：]", v))),
            "bias": 1.0,
            "rule_pick": float(c.rule_pick),
            "weak": float(c.weak),
            "pos": c.line / n,
            "log_line": math.log1p(max(c.line, 0)) / 5,
            "heading": float(c.level > 0),
            "top_level": float(c.level > 0 and c.level == min_level),
            "len": min(len(v), 200) / 100,
            "log_words": math.log1p(len(words)) / 3,
            "upper": (sum(ch.isupper() for ch in letters) / len(letters)) if letters else 0.0,
            "digits": sum(ch.isdigit() for ch in v) / max(len(v), 1),
            "cjk": float(bool(CJK_RE.search(v))),
            "org": float(bool(ORG_WORDS.search(v))),
            "org_end": float(bool(ORG_WORDS.search(v.split()[-1] if words else v)) or bool(re.search(
                r"(?:公司|医院|醫院|局|署|处|中心|大学|大學|学院|委员会|政府)$", v))),
            "proc": float(bool(PROC_WORDS.search(v))),
            "repeat": min(ntext.count(nv), 6) / 6 if len(nv) >= 3 else 0.0,
            "label_field": float(F.label_of(lab) == c.field) if lab else 0.0,
            "label_buyer": float(bool(_BUYER_LABEL.search(lab))),
            "label_name": float(bool(_NAME_LABEL.search(lab))),
            "label_ref": float(bool(_REF_LABEL.search(lab))),
            "label_portal": float(bool(_PORTAL_LABEL.search(lab))),
            "label_only": float(bool(_LABEL_ONLY.match(v.strip(" .:"))) or bool(F.label_of(v))),
            "fragment": float(bool(re.search(r"\b(?:of|the|for|and|to|in|OF|THE|FOR|AND)$|^(?:of|the|and|to|in)\b", v))),
            "comma_dept": float(bool(re.match(r"^[A-Z ,&]+,\s*(?:DEPARTMENT|MINISTRY|OFFICE)\s+OF\b", v))),
            "doc_kind": float(bool(re.search(r"(?i)\b(?:request for|invitation (?:to|for)|notice|bidding document|"
                                             r"synopsis|solicitation)\b|公告$|邀请书$", v))),
            "sentence": float(v.rstrip().endswith(".") or len(words) > 25),
            "has_year": float(bool(_YEAR.search(v))),
            "pure_digits": float(bool(re.fullmatch(r"\d{5,}", v))),
            "mixed_code": float(bool(re.search(r"[A-Za-z]", v)) and bool(re.search(r"\d", v)) and bool(re.search(r"[-/]", v))),
            "has_space": float(" " in v),
        }
        for s in SOURCES:
            f["src_" + s] = float(c.source == s)
        c.feats = f


def group(cs: list[Candidate]) -> list[tuple[str, Candidate, dict]]:
    """Candidates of one field with the same value as one: (normalised value, representative, merged features)."""
    by: dict[str, list[Candidate]] = {}
    for c in cs:
        by.setdefault(norm(c.value), []).append(c)
    merged = []
    for key, grp in by.items():
        if not key:
            continue
        rep = next((c for c in grp if c.rule_pick), None) or min(grp, key=lambda c: (c.source != "label", c.line))
        feats = {}
        for name in grp[0].feats:
            vals = [c.feats[name] for c in grp]
            feats[name] = min(vals) if name in ("pos", "log_line") else max(vals)
        feats["n_sources"] = math.log1p(len({c.source for c in grp}))
        feats["n_seen"] = math.log1p(len(grp)) / 2
        merged.append((key, rep, feats))
    return merged
