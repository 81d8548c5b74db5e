"""Job titles (Chinese and English) -> seniority level and business function.

Levels run 0..6: 6 head of the organisation (董事长, 总经理, CEO), 5 executives (副总裁, CxO, VP),
4 heads of a unit (总监, 部长, 处长, Director, Head of), 3 managers (经理, 科长, Manager),
2 team leads and senior experts (主管, 组长, Lead, Principal), 1 individual contributors
(工程师, 专员, 科员, Engineer, Analyst), 0 assistants and interns.

Why the head-word rules: a Chinese title puts its head noun LAST (总经理助理 is an assistant,
财务部经理 a manager); an English title puts it before "of"/"to"/"," (Head of IT, Assistant to
the CEO, VP, Engineering). Combined titles (兼, "/", "&") take the highest part. An unknown
title gives level None, never an error, so the hierarchy alone decides for that person.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Chinese head words with their level; longer words are matched first.
_ZH_RANKS: dict[str, float] = {
    "董事长": 6, "总裁": 6, "总经理": 6, "首席执行官": 6, "行长": 6, "院长": 6, "校长": 6, "局长": 6,
    "厅长": 6, "总干事": 6, "党委书记": 6, "创始人": 6, "书记": 5, "总工": 5, "董事": 5, "副总": 5, "首席": 5, "总工程师": 5,
    "总会计师": 5, "总法律顾问": 5, "总监": 4, "部长": 4, "处长": 4, "主任": 3.5, "所长": 4, "厂长": 4, "总师": 4,
    "负责人": 4, "科长": 3, "经理": 3, "股长": 2.5, "主管": 2.5, "组长": 2, "班长": 2, "架构师": 2,
    "专家": 2, "工程师": 1, "科员": 1, "专员": 1, "职员": 1, "分析师": 1, "顾问": 1.5, "会计": 1,
    "出纳": 1, "采购员": 1, "技术员": 1, "干事": 1, "文员": 0.5, "秘书": 0.5, "助理": 0.5, "实习生": 0,
    "实习": 0, "主席": 5, "主任医师": 3, "主治医师": 1.5, "医师": 1, "医生": 1, "护士长": 3, "护士": 1,
    "教授": 2, "讲师": 1, "教师": 1, "管理员": 1, "代表": 1, "操作员": 1, "司机": 0.5, "支部书记": 3,
    # Officers of a Chinese company by law, and the ranks of Japanese-owned companies (社长 president,
    # 常务/专务/取缔役 board directors, 本部长 division head above 部长, 次长 deputy of a 部长, 课长, 系长).
    "董事会秘书": 5, "董秘": 5, "社长": 6, "常务": 5, "专务": 5, "取缔役": 5, "本部长": 5, "次长": 3.5,
    "课长": 3, "系长": 2, "室长": 3.5, "担当": 1, "执行役员": 5, "代表取缔役": 6, "会长": 6,
    # Korean ranks (법인장 heads a subsidiary; 본부장 a division above 부장; 차장 a 부장's deputy).
    "회장": 6, "대표이사": 6, "사장": 6, "법인장": 6, "부사장": 5, "전무": 5, "상무": 5, "본부장": 5, "이사": 4.5,
    "실장": 4, "부장": 4, "센터장": 4, "팀장": 3.5, "차장": 3.5, "과장": 3, "대리": 2, "주임": 1.5, "사원": 1,
    "고문": 1.5, "비서": 0.5,
}
# Words that make the holder the deputy of a unit's head although they carry no 副 (次长: a 部长's deputy).
_ZH_DEPUTY_WORDS = ("次长", "차장")
# 主任 heads a unit when it follows one (信息中心主任, 办公室主任); alone it is a manager-level rank.
_ZH_UNIT_HEAD = re.compile(r"(?:中心|办公室|室|办|部|处|委员会|委|站|所|队)主任$")
# Individual-contributor roles that carry the word 经理 / Manager without managing people: those
# who run a project or product lead a team's work (2); account and sales "managers" are sellers (1.5).
_ZH_IC_MANAGERS = {"项目经理": 2.0, "产品经理": 2.0, "客户经理": 1.5, "销售经理": 1.5, "大客户经理": 1.5,
                   "业务经理": 1.5, "区域经理": 1.5}
_EN_IC_MANAGERS = {"project manager": 2.0, "product manager": 2.0, "program manager": 2.0,
                   "programme manager": 2.0, "account manager": 1.5, "sales manager": 1.5,
                   "relationship manager": 1.5, "customer success manager": 1.5, "territory manager": 1.5}

_EN_RANKS: list[tuple[str, float]] = [
    ((r"\bchief executive officer\b|\bceo\b|\bchair(?:man|woman|person)?\b|\bpresident\b|\bowner\b"
     r"|\bfounder\b|\bmanaging director\b|\bgeneral manager\b|\bgm\b"
     # German: Geschäftsführer (managing director), Vorsitzender (chair), Vorstand (board)
     r"|\bgesch(?:ä|ae)ftsf(?:ü|ue)hrer(?:in)?\b|\bgesch(?:ä|ae)ftsf(?:ü|ue)hrung\b|\bvorsitzende[rn]?\b"
     # French / Spanish / Portuguese heads of the organisation; a director general heads an agency
     r"|\bprésident(?:e)?\b|\bpresidente\b|\bpdg\b|\bdirecteur général\b|\bdirector general\b"
     r"|\bgerente general\b|\bdiretor presidente\b"), 6),
    ((r"\bchief \w+(?: \w+)? officer\b|\bc[a-z]o\b|\bevp\b|\bsvp\b|\bvp\b|\bvice president\b"
     r"|\bpartner\b|\bboard member\b|\bgeneral counsel\b|\bcountry manager\b|\bvorstand\b"
     r"|\bcompany secretary\b|\bboard secretary\b"), 5),
    ((r"\bhead\b|\bdirector\b|\bdean\b|\bavp\b|\bassistant vice president\b"
      r"|\bplant manager\b|\b(?!team|schicht|gruppen)\w*leiter(?:in)?\b"
      r"|\bdirecteur\b|\bdirectrice\b|\bdiretor\b|\bgerente\b|\bresponsable\b|\bchef de service\b"), 4),
    # A chief of staff runs the top's office: a staff role beside the leadership, not a unit's head.
    ((r"\bmanager\b|\bsupervisor\b|\bcontroller\b|\bsuperintendent\b|\bchief of staff\b|\bjefe\b"
      r"|\bchef\b|\bencargado\b"), 3),
    ((r"\blead\b|\bteam leader\b|\bprincipal\b|\barchitect\b|\bexpert\b|\bstaff engineer\b"
      r"|\b(?:team|schicht|gruppen)leiter(?:in)?\b|\bmeister(?:in)?\b"), 2),
    ((r"\bengineer\b|\banalyst\b|\bspecialist\b|\bofficer\b|\bconsultant\b|\bdeveloper\b|\baccountant\b"
     r"|\bbuyer\b|\bclerk\b|\bcoordinator\b|\brepresentative\b|\bassociate\b|\btechnician\b"
     r"|\bscientist\b|\badvis[eo]r\b|\badministrator\b|\bcounsel\b|\bstaff\b|\bmember\b|\bagent\b"
     r"|\boperator\b|\bnurse\b|\bteacher\b|\bdriver\b|\bworker\b|\bauditor\b|\bplanner\b"), 1),
    (r"\bassistant\b|\bsecretary\b|\breceptionist\b|\btrainee\b|\bea\b|\bpa\b", 0.5),
    (r"\bintern\b", 0),
]
# Words that move a level: 副/Deputy/Vice one level down, 高级/Senior half a level up for
# individual contributors; 代理/acting keeps the level but is reported.
_EN_DEPUTY = re.compile(r"\b(?:deputy|vice|assistant|associate|asst\.?|stellv\.?|stellvertretende[rn]?|sub|adjoint"
                        r"|adjunto)\s", re.IGNORECASE)
# "Staff" raises only engineers (a separate rank above); a Staff Accountant is a junior accountant.
_EN_SENIOR = re.compile(r"\b(?:senior|sr\.?|snr\.?|lead)\s", re.IGNORECASE)
_EN_PRINCIPAL = re.compile(r"\b(?:principal|distinguished|chief)\s", re.IGNORECASE)
_EN_ACTING = re.compile(r"\b(?:acting|interim|a/)", re.IGNORECASE)
_SPLIT = re.compile(r"兼|/|／|&|＆|\band\b|;|；|、|\|", re.IGNORECASE)

_FUNCTIONS: list[tuple[str, tuple[str, ...]]] = [
    ("procurement", ("采购", "招标", "供应链", "寻源", "供应商", "物资", "purchas", "procure", "sourcing",
                     "buyer", "supply chain", "vendor", "einkauf", "einkäufer", "beschaffung", "achats",
                     "approvisionnement", "compras", "adquisiciones", "suprimentos", "购买", "구매", "調達", "调达",
                     "購買", "资材", "資材")),
    # Audit first: 审计部 / Internal Audit checks after the fact and takes no part in buying.
    ("audit", ("审计", "audit", "revision")),
    ("finance", ("财务", "会计", "资金", "预算", "出纳", "计财", "cfo", "financ", "accounting",
                 "accountant", "controller", "treasur", "budget", "finanzen", "rechnungswesen",
                 "buchhalt", "kaufmännische", "comptab", "contabil", "finanzas", "tesorer", "재무", "회계", "経理",
                 "经理部")),
    ("legal", ("法务", "法律", "法规", "合规", "律师", "legal", "counsel", "compliance", "contracts", "recht",
               "juridique", "jurídic", "juridic", "법무")),
    # Guards and school / site safety: physical security, not information security.
    ("safety", ("safety & security", "safety and security", "physical security", "security guard", "保卫", "安保",
                "保安", "campus security", "site security")),
    # 安全 alone is also plant safety (安全环境室); only information/network/data security is IT.
    ("it", ("信息", "情报系统", "数字化", "首席数字官", "网络", "it", "cio", "cdo", "数据", "系统", "infrastructure",
            "information", "digital", "data", "security", "cyber", "infosec", "信息安全", "网络安全", "运维", "devops", "business systems",
            "business apps", "business applications", "システム", "情报", "informatique", "systèmes d'information",
            "sistemas", "tecnologías de la información", "ti", "정보", "전산")),
    ("engineering", ("研发", "技术", "工程", "开发", "架构", "cto", "engineer", "r&d", "research",
                     "develop", "architect", "software", "product", "technology", "technical")),
    ("hr", ("人力", "人事", "hr", "human resource", "talent", "recruit", "ressources humaines", "recursos humanos",
            "rrhh", "인사")),
    ("sales", ("销售", "市场", "商务", "营销", "sales", "marketing", "business development", "ventas", "ventes",
               "영업", "营业")),
    ("operations", ("运营", "生产", "制造", "物流", "仓储", "仓库", "运输", "operations", "manufactur", "logistics", "plant",
                    "warehouse", "fleet", "transport", "producción", "production", "logística", "logistique",
                    "opérations", "operaciones", "생산", "제조")),
    ("admin", ("行政", "办公室", "综合", "administration", "office manager", "secretar")),
    # Last: "VP, Sales" is about sales, "President" alone about running the company.
    ("executive", ("董事", "总裁", "总经理", "总办", "ceo", "chief executive", "executive officer", "president",
                   "chair", "founder", "coo", "chief operating", "chief of staff", "书记", "领导",
                   "general manager", "managing director", "行长", "院长", "局长")),
]
_ASCII_WORD = re.compile(r"[a-z&]+")


@dataclass(frozen=True)
class TitleInfo:
    level: float | None  # 0..6, None when no rank word was recognised
    head: str | None  # the rank word that decided the level
    function: str | None  # procurement|finance|legal|it|engineering|executive|hr|sales|operations|admin
    acting: bool = False
    deputy: bool = False

    @property
    def seniority(self) -> float | None:
        """Level scaled to 0..1."""
        return None if self.level is None else round(self.level / 6, 4)


def parse_title(title: str | None, department: str | None = None) -> TitleInfo:
    """Seniority and function of one title; the department helps find the function."""
    text = _clean(title)
    best: tuple[float, str, bool, bool] | None = None
    # "EA to MD & CEO" is one post (an assistant's), not an assistant and a CEO.
    parts = [text] if _SERVES.match(text) else _SPLIT.split(text)
    for part in (p.strip() for p in parts):
        if not part:
            continue
        found = _zh_level(part) if _has_cjk(part) else None
        if found is None:
            found = _en_level(part)
        if found is not None and (best is None or found[0] > best[0]):
            best = found
    for m in _ACTING_POST.finditer(text):
        post = (m.group(1) or m.group(2) or "").strip()
        found = (_zh_level(post) if _has_cjk(post) else _en_level(post)) if post else None
        if found is not None and not found[2] and (best is None or found[0] > best[0]):
            best = found
    acting = "代理" in text or "暂代" in text or bool(_EN_ACTING.search(text))
    function = _function(text) or _function(_clean(department))
    if best is None:
        return TitleInfo(None, None, function, acting=acting)
    level, head, deputy, _ = best
    return TitleInfo(level, head, function, acting=acting, deputy=deputy)


# Abbreviations of HR exports and e-mail signatures (Sr. Dir., Rev Ops; Assoc. GC; Mgr, Business Apps).
_ABBREVIATIONS = [(re.compile(p, re.IGNORECASE), w) for p, w in (
    (r"\bdir\b\.?", "director"), (r"\bmgr\b\.?", "manager"), (r"\bassoc\b\.?", "associate"),
    (r"\bgc\b", "general counsel"), (r"\beng\b\.?", "engineering"), (r"\bmktg\b\.?", "marketing"),
    (r"\bfin\b\.", "finance"), (r"\brev\b\.?", "revenue"), (r"\bops\b", "operations"),
    (r"\bmgmt\b\.?", "management"), (r"\bexec\b\.?", "executive"), (r"\bsvc?s\b\.?", "services"),
    (r"\bdep\b\.?", "deputy"), (r"\bindep\b\.?", "independent"), (r"\bned\b", "non executive director"),
    (r"\bhd\b\.?", "head"), (r"\bag\b\.", "acting"), (r"\bsupt\b\.?", "superintendent"),
    (r"\bdgm\b", "deputy general manager"), (r"\bagm\b", "assistant general manager"), (r"\bchmn\b\.?", "chairman"),
    (r"\bdy\b\.?", "deputy"), (r"\bsupvr?\b\.?", "supervisor"), (r"\bproc(?:mt|mnt|urement)?\b\.", "procurement"),
    (r"\bprocmn?t\b", "procurement"), (r"\bpurch\b\.?", "purchasing"), (r"\bmfg\b\.?", "manufacturing"),
    (r"\bdsi\b", "cio"), (r"\bdaf\b", "cfo"), (r"\bsubdirector\b", "sub director"),
    (r"\bsubdirectora\b", "sub director"))]


# Someone who serves a post, named after it: "Assistant to the CEO", "EA to MD & CEO".
_SERVES = re.compile(r"^(?:[a-z.]+ ){0,2}(?:ea|pa|executive assistant|personal assistant|assistant|secretary"
                     r"|chief of staff|advis[eo]r|aide|counsell?or)\b.*\bto\b")
# A post held for someone else: "Financial Controller (Ag. CFO)", "Acting Head of IT", 代理财务总监 (the
# acting holder exercises the post's authority, so it counts beside their own).
_ACTING_POST = re.compile(r"\b(?:acting|interim)\s+([a-z][a-z .&]*)|(?:代理|暂代|代行)([\u4e00-\u9fff]+)")
# A post held before (教授（退休返聘，原副校长）, "Advisor (former CFO)"): history, not the current rank.
_FORMER = re.compile(r"\((?:[^()]*?[,，、；;\s])?(?:原|前|曾任|former|ex[- ]|retired)[^()]*\)|(?:原|前任)(?=副|总|院|校|行|局|厅)[^、,，;；/]*"
                     r"|\b(?:former|ex[- ])\s*[^,/;]*", re.IGNORECASE)


def normalise_title(s: str | None) -> str:
    """The title as the rank rules read it: lower case, abbreviations spelled out, former posts dropped."""
    return _clean(s)


# Traditional and Japanese forms of the characters rank and function words use (部長, 總經理, 取締役, 情報).
_KANJI = str.maketrans("長總經處務當締課員術報門會計財監書記責導領師醫專執營資產發開質購採銷場廠設備係構義統",
                       "长总经处务当缔课员术报门会计财监书记责导领师医专执营资产发开质购采销场厂设备系构义统")


def _clean(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "").translate(_KANJI)  # full-width ＩＴ, 部長 -> 部长
    s = _FORMER.sub(" ", s)
    s = re.sub(r"(?<=[A-Za-z])-(?=[A-Za-z])", " ", s)  # Vice-President, Co-Founder
    # "Chief Digital & Technology Officer" is one officer, not "Chief Digital" and "Technology Officer".
    s = re.sub(r"\b(chief(?: \w+)+?) (?:&|and) (\w+(?: \w+)?) officer\b", r"\1 \2 officer", s, flags=re.IGNORECASE)
    for pattern, word in _ABBREVIATIONS:
        s = pattern.sub(word, s)
    return re.sub(r"\s+", " ", s).strip().lower()


def _has_cjk(s: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7a3" or "\u30a0" <= ch <= "\u30ff" for ch in s)


def _zh_level(part: str) -> tuple[float, str, bool, bool] | None:
    """Pick the rank word that ends last (the head noun), longest on ties."""
    best_end, word = -1, None
    for w in sorted(_ZH_RANKS, key=len, reverse=True):
        for m in re.finditer(re.escape(w), part):
            if m.end() > best_end:
                best_end, word = m.end(), w
    if word is None:
        return None
    start = best_end - len(word)
    level = float(_ZH_RANKS[word])
    if word == "主任" and _ZH_UNIT_HEAD.search(part):
        level = 4.0
    ic = next((v for k, v in _ZH_IC_MANAGERS.items() if part.endswith(k)), None)
    if ic is not None:
        level = ic
    deputy = part[max(0, start - 1):start] == "副" or (part.startswith("副") and word in ("总经理", "总裁"))
    if word in _ZH_DEPUTY_WORDS:
        return level, word, True, False
    if deputy and word != "副总":
        level -= 1
    if (re.search(r"高级|资深|首席|主任$", part[:start])) and level <= 2:
        level += 0.5
    return max(level, 0.0), word, deputy or word == "副总", False


def _en_level(part: str) -> tuple[float, str, bool, bool] | None:
    # The head sits before "of", "to", "for" or a comma: Head of IT, Assistant to the CEO, VP, Sales.
    head_part = re.split(r"\bof\b|\bto\b|\bfor\b|,|\(| - | – |—", part, maxsplit=1)[0].strip() or part
    # Without a rank word before "of"/"to", the first rank phrase is the head: "Chief of Staff to
    # the CEO" is a chief of staff, not a CEO.
    hit = _last_rank(head_part)
    if hit is None:
        hit, head_part = _first_rank(part), part
    if hit is None:
        return None
    level, word, start = hit
    prefix = head_part[:start] + " "
    ic = next((v for k, v in _EN_IC_MANAGERS.items() if k in part), None)
    if ic is not None and word == "manager":
        level = ic
    deputy = bool(_EN_DEPUTY.search(prefix)) and word not in ("vice president", "vp", "assistant")
    if deputy:
        level -= 1
    if _EN_PRINCIPAL.search(prefix) and level < 2:
        level = 2.0
    elif _EN_SENIOR.search(prefix) or re.search(r"\bsenior\b|\bsr\b", head_part[start + len(word):]):
        level += 0.5 if level <= 4 else 0.25
    if re.search(r"\b(?:executive|group|global|regional)\s", prefix) and 3 <= level < 6:
        level += 0.25
    return max(min(level, 6.0), 0.0), word, deputy, False


def _last_rank(text: str) -> tuple[float, str, int] | None:
    """The rank word that starts last in `text` (the English head noun), with its level.

    A word inside a longer rank phrase does not count on its own ("officer" in "chief
    technology officer", "president" in "vice president").
    """
    hits = [(float(level), m.group(0), m.start(), m.end())
            for pattern, level in _EN_RANKS for m in re.finditer(pattern, text)]
    hits = [h for h in hits
            if not any(o[2] <= h[2] and h[3] <= o[3] and (o[3] - o[2]) > (h[3] - h[2]) for o in hits)]
    best: tuple[float, str, int] | None = None
    for level, word, start, _ in hits:
        if best is None or start > best[2] or (start == best[2] and level > best[0]):
            best = (level, word, start)
    return best


def _first_rank(text: str) -> tuple[float, str, int] | None:
    hits = [(float(level), m.group(0), m.start(), m.end())
            for pattern, level in _EN_RANKS for m in re.finditer(pattern, text)]
    if not hits:
        return None
    first = min(h[2] for h in hits)
    level, word, start, _ = max((h for h in hits if h[2] == first), key=lambda h: (h[3], h[0]))
    return level, word, start


def title_function(title: str | None) -> str | None:
    """The function named by the title itself (Head of Purchasing, 采购处处长), not by the department."""
    return _function(_clean(title))


def _function(text: str) -> str | None:
    if not text:
        return None
    words = set(_ASCII_WORD.findall(text))
    for name, keys in _FUNCTIONS:
        for k in keys:
            if k.isascii() and len(k) <= 3 and " " not in k:
                if k in words:  # short ASCII keys (it, hr, cfo) only as whole words
                    return name
            elif k in text:
                return name
    return None
