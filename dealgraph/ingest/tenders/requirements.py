"""One requirement line -> parameter / operator / value / unit, ★ and ▲ markers, kind.

Operators are read from symbols (≥ ≤ > < =), Chinese words (不低于 不少于 不小于 至少 以上 /
不高于 不超过 不大于 以下 以内) and English phrases (at least, minimum, no less than /
at most, maximum, up to, not exceed), ranges from "~", "-", "至", "到", "to", "between .. and".
Values stay as written (500 with unit 万元); units are canonicalised only in spelling
(Gb/s -> Gbps, °C -> ℃). Standard codes such as ISO 9001 or GB/T 19001 are never values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .conditions import condition_spans, glued_degrees, pick_unconditioned, tolerances
from .legend import rejects_on_failure
from .text import halfwidth

_UNITS = [
    "Tbps", "Gbps", "Mbps", "Kbps", "kbps", "bps", "Tb/s", "Gb/s", "Mb/s", "Kb/s", "TB/s", "GB/s", "MB/s",
    "Tbit/s", "Gbit/s", "Mbit/s", "kbit/s", "Kbit/s", "rpm", "r/min", "转/分钟", "转/分", "日历天", "日曆天", "工作日", "自然日", "个工作日", "个日历天", "个自然日", "個日曆天", "個工作日",
    "calendar days", "working days", "business days",
    "万元", "亿元", "千元", "元", "TOPS", "TFLOPS", "IOPS", "QPS", "TPS", "pps", "Mpps", "Gpps",
    "TB", "GB", "MB", "KB", "PB", "GHz", "MHz", "kHz", "Hz", "kVA", "kW", "KW", "W", "mAh", "Ah", "kV", "V",
    "mA", "℃", "°C", "°F", "dB", "dBm", "ms", "μs", "us", "ns", "mm", "cm", "km", "kg", "千克", "公斤", "吨",
    "英寸", "inches", "inch", "个月", "年", "月", "天", "日", "小时", "分钟", "秒", "周",
    "years", "year", "yrs", "months", "month", "days", "day", "hours", "hour", "hrs", "minutes", "mins",
    "seconds", "second", "minute", "hour", "weeks", "week", "m/s", "米/秒", "%", "人", "名", "台", "套", "个", "块", "口", "路", "核", "线程", "颗", "张", "项", "次",
    "级", "万", "亿", "K", "米", "平方米", "cd/m²", "cd/m2", "nits", "流明", "lm", "fps", "帧/秒", "dpi", "ppi", "m²", "m2", "U", "lines", "ports", "port", "cores", "core", "users", "staff", "people",
    "persons", "projects", "contracts", "units", "G", "T", "M", "m", "h", "s",
    # Instruments and machines: detector rows, micrometres, rotation speed, tube heat capacity, pressure, light.
    "排", "层", "通道", "μm", "µm", "nm", "°/s", "度/秒", "°", "MHU", "kHU", "幅/秒", "lp/cm", "kPa", "MPa", "Pa",
    "lux", "lx", "dBA", "Ω", "m³", "cm²", "mL", "ml", "万像素", "像素",
    # Energy and power plant, electron optics.
    "kWp", "MWp", "kWh", "MWh", "Wh", "MW", "nA", "μA", "µA", "pA", "eV", "keV", "cycles", "kcps", "min", "mm²", "mm2",
    # Switchgear and cables (current, partial discharge, resistance per length), MRI gradients, printers.
    "kA", "A", "pC", "Ω/km", "dB(A)", "mT/m", "T/m/s", "页/分钟", "页/分", "ppm", "ppb", "页", "面",
    # Gas at normal conditions: plant output in normal cubic metres ("20 Nm³/h"), energy per normal cubic metre.
    "Nm³", "Nm3",
    # Things counted and lengths in Taiwan/HK usage (公分 = cm, 吋 = inch).
    "倍", "册", "件", "本", "片", "支", "根", "辆", "座", "只", "盏", "条", "组", "节", "回路", "户", "床", "间", "公分", "公尺", "吋",
    # More measure words of things counted: probes and tools (把), fibre cores (芯), small parts (枚, 粒), pairs (副).
    "把", "芯", "枚", "粒", "副",
    # Kinds of a thing ("不少于3种显示模式").
    "种",
    # Image sensors: megapixels.
    "megapixels", "megapixel", "MP",
    # Forces and volumes; inches written with a double prime ('75"', '10.9″').
    "kN", "N", "L", "bar", '"', "″",
    # Masses, volumes and lengths written as words ("3,000 tons", "40 litres", "20 gallons", "12 cubic metres").
    "tons", "tonnes", "ton", "tonne", "lbs", "lb", "pounds", "kilograms", "grams", "litres", "liters", "litre", "liter",
    "gallons", "gallon", "cubic metres", "cubic meters", "m3", "metres", "meters", "kilometres", "kilometers",
    # Small volumes: microlitres and nanolitres of a sample, cubic centimetres of an engine ("2,400 cc").
    # Concentrations in air or water: mass per volume ("50 µg/m³", "0.1 mg/L"); the mass alone takes _PER's "/m³".
    "μg", "µg", "ug", "mg", "ng",
    # Physiological measures: pressure in millimetres of mercury or centimetres of water, beats or breaths per minute.
    "mmHg", "cmH2O", "cmH₂O", "bpm", "次/分",
    "μL", "µL", "uL", "nL", "cc", "cm³", "cm3", "cubic centimetres", "cubic centimeters", "cubic centimetre", "cubic centimeter",
]
_UNIT_ALIASES = {"Tb/s": "Tbps", "Gb/s": "Gbps", "Mb/s": "Mbps", "Kb/s": "Kbps", "kbps": "Kbps", "°C": "℃",
                 "Tbit/s": "Tbps", "Gbit/s": "Gbps", "Mbit/s": "Mbps", "kbit/s": "Kbps", "Kbit/s": "Kbps",
                 "r/min": "rpm", "转/分钟": "rpm", "转/分": "rpm", "calendar days": "days",
                 "个工作日": "工作日", "个日历天": "日历天", "个自然日": "自然日", "個日曆天": "日曆天", "個工作日": "工作日",
                 "KW": "kW", "in": "inch", "yrs": "years", "hrs": "hours", "mins": "minutes",
                 '"': "inch", "″": "inch", "千克": "kg", "公斤": "kg", "µm": "μm", "度/秒": "°/s", "m2": "m²", "平方米": "m²", "us": "μs", "µA": "μA", "min": "minutes", "mm2": "mm²", "µL": "μL", "uL": "μL"}
_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
# Latin units must not run into a following word ("5 years" but not "5 yearsold"; "m" not "meeting").
# A rate of anything per unit of time ("1,200册/小时", "60 pages/min", "30件/分钟"), before the plain units.
_RATE = r"(?:[\u4e00-\u9fff]{1,2}|[A-Za-z]{1,10})/(?:小时|分钟|秒|天|日|h|hr|hour|min|minute|s|sec|day)(?![A-Za-z])"
# A unit per area, volume, power or mass ("kN/m²", "m³/h", "lm/W", "W/m²") is one unit.
_PER = r"(?:/(?:m²|m2|m³|m3|Nm³|Nm3|㎡|h|hr|s|min|W|kg|m|km|cm²|kWh)(?![A-Za-z0-9]))?"
_UNIT_PAT = rf"(?:{_RATE}|(?:{_UNIT_RE}){_PER}(?:(?<=[A-Za-z])(?![A-Za-z])|(?<![A-Za-z])))"  # "6路HDMI": a CJK unit may touch Latin

_CN_NUM = "一二两三四五六七八九十百"
_NUM = rf"\d+(?:,\d{{3}})*(?:\.\d+)?|[{_CN_NUM}]+"
_CUR_PRE = r"(?:US\$|HK\$|[¥$€£]|USD|CNY|RMB|EUR|人民币)"

_GE_PRE = (r"≥|>=|=>|不低于|不少于|不小于|不短于|不得低于|不得少于|不得小于|不得短于|不应低于|不应少于|不应小于|大于或等于|大于等于|至少|最少|最低|"
           r"at least|a minimum of|minimum of|minimum|min\.?|no less than|not less than|no fewer than|"
           r"(?:no|not) (?:smaller|shorter|lower|slower|narrower) than|"
           r"not fewer than|greater than or equal to|more than|over|exceeding|>|大于|高于|超过|多于")
_LE_PRE = (r"≤|<=|=<|不高于|不超过|不大于|不多于|不得高于|不得超过|不得大于|不得多于|不得长于|不得迟于|不晚于|不应超过|不应大于|不应多于|"
           r"小于或等于|小于等于|最多|最高|"
           r"at most|a maximum of|maximum of|maximum|max\.?|no more than|not more than|not to exceed|"
           r"(?:no|not) (?:greater|longer|higher|larger|heavier|later) than|"
           r"not exceeding|does not exceed|(?:must|shall|should|will|may) not exceed|up to|within|less than|under|below|<|小于|低于|少于")
_GE_POST = (r"及以上|或以上|以上|及其以上|or more|or above|or higher|or greater|or larger|or longer|or faster|or newer|and above|"
            r"[(（]?\s*(?:minimum|min\.?|at (?:a )?minimum)\s*[)）]?(?![A-Za-z])|\+(?!\s*\d)")
_LE_POST = (r"及以下|或以下|以下|以内|之内|(?<=[月天日时钟周秒])内|or less|or below|or lower|or fewer|or smaller|or shorter|and below|"
            r"[(（]?\s*(?:maximum|max\.?|at (?:the )?most)\s*[)）]?(?![A-Za-z])")
_RANGE_SEP = r"~|-|—|至|到|to|～"

_RANGE_RE = re.compile(
    rf"(?:between\s+|from\s+)?(?P<lo>-?(?:{_NUM}))\s*(?P<u1>{_UNIT_PAT})?\s*(?:{_RANGE_SEP}|and)\s*"
    rf"[+]?(?P<hi>-?(?:{_NUM}))\s*(?P<u2>{_UNIT_PAT})", re.IGNORECASE)
_PRE_RE = re.compile(
    rf"(?P<op>{_GE_PRE}|{_LE_PRE}|=|为|等于|equal to|exactly)\s*(?P<cur>{_CUR_PRE})?\s*(?P<num>-?(?:{_NUM}))\s*"
    rf"(?P<scale>million|billion|thousand)?\s*(?P<unit>{_UNIT_PAT})?\s*(?P<post>{_GE_POST}|{_LE_POST})?", re.IGNORECASE)
_POST_RE = re.compile(
    rf"(?P<cur>{_CUR_PRE})?\s*(?P<num>-?(?:{_NUM}))\s*(?P<scale>million|billion|thousand)?\s*(?P<unit>{_UNIT_PAT})?"
    rf"\s*(?P<post>{_GE_POST}|{_LE_POST})", re.IGNORECASE)
_BARE_RE = re.compile(rf"(?P<cur>{_CUR_PRE})?\s*(?P<num>-?\d+(?:,\d{{3}})*(?:\.\d+)?|(?<![零〇○{_CN_NUM}])[{_CN_NUM}]+(?![零〇○])(?=年|个月|天|小时|级)|(?<=[:：])[{_CN_NUM}]+(?=[套台个件组把辆座只]))\s*"
                      rf"(?P<scale>million|billion|thousand)?\s*(?P<unit>{_UNIT_PAT})", re.IGNORECASE)

# Standard codes and product model numbers are names, not quantities.
_CODE_RE = re.compile(r"(?<![A-Za-z])(?:ISO|IEC|GB/T|GB|EN|IEEE|ITU-T|RFC|SJ/T|YD/T|TL|IPv|USB|PCIe|DDR|Wi-?Fi|Cat|"
                      r"Windows|Office|(?-i:[A-Z]{2,}-))\s?\d[\d.:/-]*(?:\s?(?-i:[A-Z]{1,3})(?![A-Za-z]))?", re.IGNORECASE)
_NUMBERING = re.compile(rf"^\s*(?:[★▲*]\s*)*(?:\d{{1,2}}\s+(?=[\u4e00-\u9fff★▲A-Z])(?!(?i:{_UNIT_RE})(?![A-Za-z]))|"
                        r"\(?\d{1,2}\)|（\d{1,2}）|"
                        r"[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,2}(?:\.\d{1,2}){0,3}[.、)](?!\d)|"
                        r"\d{1,2}(?:\.\d{1,2}){1,3}(?![\d~～\-]|[A-Za-zμµ%℃°Ω])"
                        # "4.5 % (IEC tolerance)", "12.5 kA": a decimal with its unit is a value, not an item's number
                        rf"(?!\s*(?:{_UNIT_RE})(?:\s*$|\s*[^\sA-Za-z\u4e00-\u9fff]|\s+(?:max|min|or|and)\b))|[①-⑳]|[a-zA-Z][.)](?=\s)|[-•·](?=\s)|"
                        r"\((?:x?(?:ix|iv|v?i{1,3}|v|x))\)(?=\s))\s*")
_FILLER_HEAD = re.compile(
    r"^(?:[,，;；:：\s]|投标人|供应商|申请人|响应人|应当|必须|应|须|需|要求|具有|具备|拥有|提供|支持|能够|可|满足|的|其|"
    r"并且|且|同时|"
    r"(?:the bidder|bidders?|vendors?|suppliers?|proposers?|offerors?|respondents?|contractors?|tenderers?|firms?|"
    r"consultants?|applicants?|the|must|shall|should|will|have|has|hold|holds|provide|be|a|an|with|of|completed|"
    r"possess|demonstrate|maintain|employ|submit|been)"
    r"\b)+", re.IGNORECASE)
_FILLER_TAIL = re.compile(r"(?:[,，;；:：(（.。\s]|应|须|需|要求|为|是|的|达到|具有|具备|拥有|提供|优于|好于|不劣于|"
                          r"\b(?:of|is|must be|shall be|should be|be|must have|with|has|have|for))+$", re.IGNORECASE)
_TIME_QUALIFIER = re.compile(r"^(?:近|最近|过去)[一二三四五六七八九十\d]{1,2}年(?:内|来)?$|^(?:in|within|over) the (?:last|past)",
                             re.IGNORECASE)

GE, LE, EQ, RANGE = ">=", "<=", "=", "range"
_QUAL_HINT = re.compile(
    r"资质|资格|认证|证书|许可证|注册资本|注册资金|业绩|营业执照|信誉|纳税|社保|社会保险|联合体|失信|人员|项目经理|"
    r"工程师|年限|成立|ISO|CMMI|ITSS|等保|等级保护|高新技术|certif|licen[cs]e|registered capital|revenue|"
    r"turnover|experience|reference|similar projects?|insurance|tax|staff|personnel|engineers?|years in business",
    re.IGNORECASE)


@dataclass
class Spec:
    parameter: str | None
    operator: str | None
    value: object
    unit: str | None


# "(M) …", "3.2 [Mandatory] …", "MR-1.1 (pass/fail): …": a flag at the head of the item, after its number or id.
_EN_MANDATORY = re.compile(r"^\s*(?:[-–•·*▪●○◦]\s+)?(?:(?:[A-Z]{1,4}[-\s]?)?[\d.]+[.)]?\s*)?(?:\((?:M|Mandatory|(?:pass\s*/\s*fail|Go\s*[/-]\s*No[- ]?Go))\)|"
                           r"\[(?:M|Mandatory|(?:pass\s*/\s*fail|Go\s*[/-]\s*No[- ]?Go))\]|Mandatory\s*[:：\-]|"
                           r"(?-i:[\[〔【]\s*E\s*[\]〕】])|[\[〔【(（]\s*Essential\s*[\]〕】)）])", re.IGNORECASE)
# A flag at the end of the item: "... 512 GB. (M)", "... 1 Gbps. [Mandatory – pass/fail]", "（实质性条款）".
_TRAILING_MANDATORY = re.compile(r"(?:[(\[（【〔]\s*(?:M|(?-i:E)|Essential|Mandatory(?:\s*[-–—:]\s*(?:pass\s*/\s*fail|Go\s*[/-]\s*No[- ]?Go))?|(?:pass\s*/\s*fail|Go\s*[/-]\s*No[- ]?Go)|"
                                 r"Must(?:[- ]have)?|Required|实质性(?:条款|要求)|不允许负偏离|必要条件|必须满足|強制|强制)\s*[)\]）】〕]|"
                                 # "… at least 16 GB - Mandatory"
                                 r"\s[-–—]\s*(?:Mandatory|Essential|Must[- ]have)(?:\s*[-–—/]\s*(?:pass\s*/\s*fail|Go\s*[/-]\s*No[- ]?Go))?)"
                                 r"\s*[.;。；]?\s*$", re.IGNORECASE)
# A must flag in words inside the item: "※", "（实质性条款）", "(必要條件)" read as 必要条件, "（否决项）".
_CN_MANDATORY = re.compile(r"※|[(（【\[][^)）】\]]{0,12}(?:实质性条款|实质性要求|不允许负偏离|必要条件|必须满足(?:项|条款)?|否决(?:项|条款)|"
                           r"强制(?:性)?(?:条款|要求|项)?)[^)）】\]]{0,12}[)）】\]]")


# A legend giving the notice's own must mark: "标注“*”的条款为实质性要求", "Items marked with an asterisk (*) are
# mandatory". The mark it names is read as ★ at the head of an item or a cell.
_DECLARED_MARK = re.compile(
    r"(?:标注|标有|标记|带有?|注有|打)(?:为)?\s*[“\"'「『]?\s*(?P<s>[*＊◆■●☆◇□✱†▲])\s*[”\"'」』]?\s*号?\s*的?\s*(?:条款|项目?|参数|内容|指标)?"
    r"\s*(?:为|是|属于|均为)\s*(?:实质性|必须满足|不允许负偏离|否决|废标|无效)|"
    r"(?:items?|requirements?|clauses?|specifications?)\s+marked\s+(?:with\s+)?(?:an?\s+)?(?:asterisk\s*|dagger\s*)?"
    r"[(\[]?\s*(?P<e>[*†✱])\s*[)\]]?\s+(?:are|is|shall be)\s+(?:mandatory|(?:pass\s*/\s*fail|Go\s*[/-]\s*No[- ]?Go)|essential|minimum)", re.IGNORECASE)


# The same legend naming the marked items otherwise ("关键技术指标", "重要条款") and saying what failing one costs.
_DECLARED_NAMED = re.compile(
    r"(?:标注|标有|标记|带有?|注有|打)(?:为)?\s*[“\"'「『]?\s*(?P<s>[*＊◆■●☆◇□✱†▲])\s*[”\"'」』]?\s*号?\s*的?\s*"
    r"(?:条款|项目?|参数|内容|指标)?\s*(?:为|是|属于|均为)")


def declared_must_mark(lines: list[str]) -> str | None:
    """The symbol the notice declares as its must mark (other than ★ ※), or None: by the name it gives the marked
    items, or by what failing one of them costs ("带“*”号的条款为重要条款，…任何一条不满足的，其投标将被否决")."""
    for t in lines:
        m = _DECLARED_MARK.search(t)
        if m:
            return m.group("s") or m.group("e")
    for t in lines:
        m = _DECLARED_NAMED.search(t)
        if m and rejects_on_failure(t[m.end():]):
            return m.group("s")
    return None


# The mark of the important (scored) items, when the notice names its own: "带“*”的条款为重要条款".
_DECLARED_IMPORTANT = re.compile(
    r"(?:标注|标有|标记|带有?|注有|打)(?:为)?\s*[“\"'「『]?\s*(?P<s>[*＊◆■●☆◇□✱†▲])\s*[”\"'」』]?\s*号?\s*的?\s*(?:条款|项目?|参数|内容|指标)?"
    r"\s*(?:为|是|属于|均为)\s*(?:重要|主要|加分|评分|扣分)")


def declared_important_mark(lines: list[str]) -> str | None:
    for t in lines:
        m = _DECLARED_IMPORTANT.search(t)
        if m:
            return m.group("s")
    return None


def read_declared_mark(text: str, mark: str, as_mark: str = "★") -> str:
    """"1 | *复印速度≥35页/分钟" -> "1 | ★复印速度…" when the notice declared "*" its must mark (▲ when it declared it
    the mark of important items)."""
    return re.sub(rf"(^|\|\s*|^\s*\d{{1,3}}(?:\.\d{{1,3}})*[.、)]?\s*)(?:{re.escape(mark)})(?=\s*\S)", rf"\1{as_mark}", text)


def mark_as_must(text: str, marks: set[str]) -> str:
    """A mark the notice's legend defines as a must, where it marks an item (head, end, whole cell), read as ★."""
    for mark in sorted(marks, key=len, reverse=True):
        # a letter or word mark ("M", "E") is a token of its own, never the first letter of "May" or the last of "ITEM"
        m = (r"\b" if mark[0].isalnum() else "") + re.escape(mark) + (r"\b" if mark[-1].isalnum() else "")
        if text.strip() == mark:
            return "★"
        # after the item's number ("3.", "2.1", "a)", "(b)", "iv."), or after a numbered clause's run-in title
        # ("a) [M] Metrological class …", "2.3 Delivery. * All items shall be delivered …")
        text = re.sub(rf"^(\s*(?:\d{{1,3}}(?:\.\d{{1,3}})*[.、)]?\s*(?:[A-Z][A-Za-z-]*(?:\s+[A-Za-z-]+){{0,3}}\.\s+)?|"
                      rf"\(?(?:[a-z]|[ivx]{{1,4}})[.)]\s+|"
                      # Chinese numbering: "（一）", "(3)", "一、", "3）"
                      rf"[（(][一二三四五六七八九十\d]{{1,3}}[）)]\s*|[一二三四五六七八九十]{{1,3}}[、.．]\s*|\d{{1,3}}[）]\s*)?){m}(?=\s*\S)",
                      r"\1★", text)
        text = re.sub(rf"(?<=\S)\s*{m}(\s*[.;。；]?\s*)$", r" ★\1", text)
        if not mark[0].isalnum():  # glued to the end of the item's name, before its value: "Display size*: 15 inches"
            text = re.sub(rf"^(\s*(?:\d{{1,3}}(?:\.\d{{1,3}})*[.、)]?\s+|[-–•·▪]\s+)?)([^:：|★]{{1,60}}?[^\s:：|]){m}(\s*[:：])",
                          r"\1★\2\3", text)
    return text


# A mark named inside a sentence ("在满足全部实质性要求（★条款）的前提下", "every ★ item"): it refers to the marked
# items, it marks none itself.
_MARK_REFERENCE = re.compile(r"(?<=[\u4e00-\u9fffA-Za-z（(“\"])\s*[“\"]?[★▲※][”\"]?\s*(?:号|號)?\s*(?:条款|條款|项(?!目)|項(?!目)|"
                             r"要求|参数|參數|指标|指標|条(?!件)|條(?!件)|items?\b|clauses?\b|requirements?\b)")


def markers(text: str) -> tuple[bool, bool]:
    """(mandatory: ★, ※, 实质性条款/不允许负偏离, an English "(M)" / "[Mandatory]" / "Mandatory:" flag; important ▲)."""
    text = _MARK_REFERENCE.sub("", text)
    mandatory = "★" in text or bool(_EN_MANDATORY.match(text) or _TRAILING_MANDATORY.search(text)
                                      or _CN_MANDATORY.search(text))
    # "#" in front of an item marks an important (scored) parameter in 机电产品国际招标 notices, like ▲.
    return (mandatory, "▲" in text or bool(re.match(r"^\s*(?:\d{1,3}\s+)?#(?=\S)", text)))


def strip_markers(text: str) -> str:
    text = re.sub(r"[★▲※]|^(\s*(?:\d{1,3}\s+)?)#(?=[^\s#])", r"\1", text)
    text = re.sub(r"[【\[（(]\s*[】\]）)]", "", text)  # "【★】CPU", "（★）1. CPU": the mark's brackets, left empty
    text = _TRAILING_MANDATORY.sub("", text).rstrip()
    text = re.sub(r"\s*[(\[（【]\s*(?:D|Desirable)\s*[)\]）】]\s*[.;。；]?\s*$", "", text)
    return re.sub(r"^(\s*(?:[-–•·*▪●○◦]\s+)?(?:(?:[A-Z]{1,4}[-\s]?)?[\d.]+[.)]?\s*)?)(?:\((?:M|Mandatory|(?:pass\s*/\s*fail|Go\s*[/-]\s*No[- ]?Go))\)|"
                  r"\[(?:M|Mandatory|(?:pass\s*/\s*fail|Go\s*[/-]\s*No[- ]?Go))\]|Mandatory\s*[:：\-]|(?-i:[\[〔【]\s*[ED]\s*[\]〕】])|"
                  r"[\[〔【(（]\s*(?:Essential|Desirable)\s*[\]〕】)）])\s*", r"\1", text, flags=re.IGNORECASE).strip()


def strip_numbering(text: str) -> str:
    return _NUMBERING.sub("", text, count=1).strip()


def _cn_int(s: str) -> float | None:
    digits = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    if s in digits:
        return float(digits[s])
    if "十" in s:
        a, _, b = s.partition("十")
        return float((digits.get(a, 1) if a else 1) * 10 + (digits.get(b, 0) if b else 0))
    if "百" in s:
        a, _, b = s.partition("百")
        rest = _cn_int(b) if b else 0.0
        return float(digits.get(a, 1) * 100 + (rest or 0))
    return None


def _num(s: str) -> float | None:
    s = s.replace(",", "")
    try:
        return float(s)
    except ValueError:
        neg = s.startswith("-")
        v = _cn_int(s.lstrip("-"))
        return -v if (v is not None and neg) else v


def _clean_value(v: float) -> float | int:
    return int(v) if float(v).is_integer() else v


def _unit(u: str | None) -> str | None:
    if not u:
        return None
    return _UNIT_ALIASES.get(u, u)


def _masked(text: str) -> str:
    """Replace standard codes with same-length filler so their digits are never read as values."""
    return _CODE_RE.sub(lambda m: "#" * len(m.group(0)), text)


def _op_of(word: str) -> str:
    w = word.lower().strip()
    if w == "内":  # "30分钟内": the look-behind of _LE_POST has nothing to look at here
        return LE
    if re.fullmatch(_GE_PRE, w, re.IGNORECASE) or re.fullmatch(_GE_POST, w, re.IGNORECASE):
        return GE
    if re.fullmatch(_LE_PRE, w, re.IGNORECASE) or re.fullmatch(_LE_POST, w, re.IGNORECASE):
        return LE
    return EQ


def _scaled(m: re.Match, value: float) -> tuple[float, str | None]:
    """Currency-prefixed amounts ("USD 10 million") become base units with the currency as unit."""
    scale = (m.groupdict().get("scale") or "").lower()
    factor = {"million": 1e6, "billion": 1e9, "thousand": 1e3}.get(scale, 1.0)
    cur = m.groupdict().get("cur")
    unit = _unit(m.groupdict().get("unit"))
    if cur:
        from .money import detect_currency

        code = detect_currency(cur)
        if unit in ("万元", "亿元", "元", "千元"):
            return value * factor, unit
        return value * factor, code
    return value * factor, unit


def _parameter(text: str, start: int, end: int) -> str | None:
    head = re.sub(r"[（(][^）)]*[）)]", "", text[:start]).strip()  # "近三年（2022年1月1日至今）具有"
    head = _FILLER_TAIL.sub("", _FILLER_HEAD.sub("", head))
    head = re.split(r"[,，;；。]", head)[-1].strip() if head else head
    head = _FILLER_TAIL.sub("", _FILLER_HEAD.sub("", head)) if head else head  # "…职称，且具有" -> ""
    if head and len(head) <= 40 and not _TIME_QUALIFIER.match(head):
        return head
    tail = text[end:].strip()
    tail = _FILLER_HEAD.sub("", tail)
    tail = re.split(r"[,，;；。(（]", tail)[0].strip()
    if tail and not re.search(r"[\u4e00-\u9fff]", tail):
        tail = re.split(r"\s+(?:for|in|from|within|during|over|on|at|to|by|that|which|\w+ing)\b", tail, maxsplit=1)[0]
        tail = tail.rstrip(".")
    tail = _FILLER_TAIL.sub("", tail)
    if tail and len(tail) <= 40:
        return tail
    if head and not re.search(r"[\u4e00-\u9fff]", head):
        # A long English lead-in: the parameter is the phrase after the last verb or preposition.
        parts = [p.strip() for p in re.split(r"\b(?:with|of|for|on|supports?|provides?|have|has|be|shall|must|should|"
                                             r"the|a|an|and|in|at|to|from|by)\b", head, flags=re.IGNORECASE)]
        parts = [p for p in parts if p]
        if parts and len(parts[-1]) <= 40:
            return parts[-1]
    return head[-20:] if head else None


_YEAR_SPAN = r"\s*[（(]\s*(?:FY\s*)?(?:19|20)\d{2}\s*(?:年)?\s*[-–—~～至到]\s*(?:19|20)\d{2}\s*(?:年|年度)?\s*[)）]"


def parse_spec(text: str, parameter: str | None = None) -> Spec:
    """Operator, value and unit of one requirement; `parameter` given when a table names it."""
    body = implicit_bounds(strip_numbering(strip_markers(halfwidth(spelled_numbers(text)))))
    body = _BOUND_AFTER_WORDS.sub(r"\1 \3\2", body)
    body = glued_degrees(tolerances(body))  # "+/-3C or better" -> "≤3℃ or better"
    # "近三年（2025-2027年）平均营业收入…", "(FY 2025–2027)": the years a figure covers, not a bound.
    if re.search(r"\d", re.sub(_YEAR_SPAN, "", body)):
        body = re.sub(_YEAR_SPAN, "", body)
    body = re.sub(rf"(\d)\s*\+\s*((?:{_UNIT_RE})\b)", r"\1 \2 or more", body)  # "8+ hours": at least 8 hours
    if not re.search(r"[\u4e00-\u9fff]", body):
        body = european_numbers(body)
    # "a minimum availability of 99.9 %" / "minimum annual turnover of EUR 5m" -> "availability minimum 99.9 %"
    body = re.sub(r"\b(minimum|maximum|at least)\s+((?:[a-z\-]+\s+){0,3}?[a-z\-]+)\s+of\s+(?=(?:[A-Z]{3}\s*|[$€£])?\d)",
                  r"\2 \1 ", body, flags=re.IGNORECASE)
    # "至少承担过1个项目" -> "承担过至少1个项目": the operator belongs to the number, not the verb.
    body = re.sub(r"(至少|最少|不少于|不低于)(?!人民币|美元|港币|欧元|英镑)([\u4e00-\u9fff]{1,4}?)(?=\d)", r"\2\1", body)
    body = re.sub(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,])",
                  lambda m: re.sub(r"\D", "", m.group(0)), body)  # "EUR 5 000 000": spaced thousands
    masked = _masked(body)
    best: tuple[int, Spec, int, int] | None = None
    cands: list[tuple[int, int, Spec, int, int]] = []
    for order, rx in enumerate((_RANGE_RE, _PRE_RE, _POST_RE)):
        for m in rx.finditer(masked):
            if rx is _RANGE_RE:
                lo, hi = _num(m.group("lo")), _num(m.group("hi"))
                if lo is not None and hi is not None and lo > hi and m.group("u1"):
                    lo, hi = hi, lo  # "from -50℃ to -86℃": a range written from its upper end, units on both ends
                if lo is None or hi is None or lo >= hi:
                    continue
                spec = Spec(None, RANGE, [_clean_value(lo), _clean_value(hi)], _unit(m.group("u2") or m.group("u1")))
            else:
                v = _num(m.group("num"))
                if v is None:
                    continue
                # Chinese numerals only count right after an explicit operator.
                if not re.match(r"-?\d", m.group("num")) and rx is not _PRE_RE and not m.group("unit"):
                    continue
                post = m.groupdict().get("post")
                op = _op_of(post) if post else _op_of(m.group("op")) if rx is _PRE_RE else EQ
                if rx is _PRE_RE and op == EQ and not m.group("unit") and not m.group("cur"):
                    continue  # "为3" without a unit is usually prose
                value, unit = _scaled(m, v)
                spec = Spec(None, op, _clean_value(value), unit)
            if rx is _PRE_RE and re.match(r"[A-Za-z]", m.group("op")) and m.start() > 0 \
                    and re.match(r"[A-Za-z]", masked[m.start() - 1]):
                continue  # "over" inside "coverage"
            cands.append((m.start(), order, spec, m.start(), m.end()))
    spans = condition_spans(masked)
    # "300kW（交流侧，环境温度40℃以下不降额）": a bracket right after a figure and its unit notes that figure; bounds
    # only inside such notes leave the figure before them as the value.
    # (A bracket restating the figure in its own unit, "93% ± 3% (i.e. 90% to 96%)", is the value again.)
    notes = [(m.start(), m.end()) for m in re.finditer(r"[（(][^（）()]{1,80}[)）]", masked)
             if (fig := re.search(rf"\d\s*({_UNIT_PAT})\s*$", masked[:m.start()]))
             and not re.search(rf"\d\s*{re.escape(fig.group(1))}(?![A-Za-z])", m.group(0))]
    if cands and notes and all(any(a <= c[0] < b for a, b in notes) for c in cands):
        cands = []
        spans = spans + [(a, b, True) for a, b in notes]
    pick = pick_unconditioned(sorted(cands, key=lambda c: (c[0], c[1])), spans, masked)
    best = (pick[0], pick[2], pick[3], pick[4]) if pick else None
    if best is None:
        q = _QUANTITY_RE.search(masked)
        if q:  # "Supply of 44 SD-WAN edge appliances": how many, a count
            best = (q.start(), Spec(None, EQ, int(q.group("n")), None), q.start(), q.end())
    if best is None:
        q = _VALUE_FIRST.search(masked)
        if q:  # "comprise 48 bedside monitors": how many of the thing named after the number
            return Spec(parameter or q.group("noun"), EQ, int(q.group("n")), None)
    if best is None:
        bare = []
        for m in _BARE_RE.finditer(masked):
            v = _num(m.group("num"))
            value, unit = _scaled(m, v if v is not None else 0.0)
            bare.append((m.start(), 0, Spec(None, EQ, _clean_value(value), unit), m.start(), m.end()))
        pick = pick_unconditioned(bare, spans, masked)
        if pick:
            best = (pick[0], pick[2], pick[3], pick[4])
    if best is None:
        return Spec(parameter or _parameter_only(body), None, None, None)
    _, spec, s, e = best
    if spec.operator == EQ:
        # "must be 2.5 m CEP or better (i.e. no more than 2.5 m)": the same value stated with a bound says which way.
        for m in _PRE_RE.finditer(masked, e):
            if _op_of(m.group("op")) != EQ and _num(m.group("num")) == spec.value:
                spec.operator = _op_of(m.group("op"))
                break
    if spec.operator == EQ and isinstance(spec.value, (int, float)) and (
            _BETTER_AFTER.match(masked[e:e + 16]) or _BETTER_BEFORE.search(masked[max(0, s - 8):s])):
        # "1 ms or better", "精度优于0.2%": better is smaller for a time taken or an error, larger for anything else.
        spec.operator = LE if _smaller_is_better(f"{parameter or ''} {body}", spec.unit) else GE
    if spec.unit is None and isinstance(spec.value, (int, float)):
        # "at least 1,200 items per hour", "300 samples per day": a rate written in words, kept as written.
        r = _RATE_WORDS.match(masked[e:e + 60])
        if r:
            spec.unit = re.sub(r"\s+", " ", r.group(1).lower())
    if spec.unit is None and isinstance(spec.value, (int, float)):
        # "at least 150 concurrent users", "1,500 concurrent named agents": a count noun after its adjectives.
        n = _COUNT_NOUN.match(masked[e:e + 50])
        # "Mechanical operations: not less than 10,000 operations": the name already says what is counted
        if n and (n.group(1) or not re.search(rf"\b{n.group(2)}\b", f"{parameter or ''} {body[:s]}", re.IGNORECASE)):
            spec.unit = (n.group(1) or n.group(2)).lower()
    # (Not when the words before the bound already name a count: "同时连线数不少于512台终端装置".)
    noun = _NOUN_AFTER_COUNT.match(masked[e:]) if spec.unit in _MEASURE_WORDS and not parameter \
        and not re.search(r"(?:数|數)(?:量)?\s*$", re.sub(rf"(?:{_GE_PRE}|{_LE_PRE})\s*$", "", masked[:s].rstrip())) else None
    if noun:
        # "具备白光、荧光叠加等不少于3种显示模式": the noun after the count and its measure word names what is counted.
        spec.parameter = noun.group(1)
    elif parameter:
        spec.parameter = parameter
    else:
        # "DC charging time from 20% to 80% state of charge: not more than 45 minutes": the condition before the
        # value is not part of the name the parameter goes by.
        head = body[:s]
        for a, b, _ in sorted(spans, reverse=True):
            if b <= s:
                head = head[:a] + " " + head[b:]
        head = re.sub(r"\s{2,}", " ", head)
        spec.parameter = _parameter(head + body[s:], len(head), len(head) + e - s)
    if spec.operator == EQ and isinstance(spec.value, (int, float)) and (_unit(spec.unit) or "").lower() in _DURATION_UNITS:
        # "Warranty: 3 years", "交货期：30天": a period to keep is a minimum, a time to deliver or finish a maximum.
        about = f"{spec.parameter or ''} {body[:s]}"
        if _LASTS_TERM.search(about):
            spec.operator = GE
        elif _TAKES_TERM.search(about):
            spec.operator = LE
    return spec


# Chinese measure words of things counted, and the noun a count of them may name after it.
_MEASURE_WORDS = {"种", "个", "台", "套", "路", "项", "块", "张", "颗", "把", "组", "条", "只", "支", "根", "件", "类"}
_NOUN_AFTER_COUNT = re.compile(r"^\s*([\u4e00-\u9fff]{2,8})\s*(?:[，,;；。）)]|$)")
_DURATION_UNITS = {"years", "year", "months", "month", "个月", "年", "月", "周", "weeks", "week", "days", "day", "天", "日", "日历天",
                   "工作日", "自然日", "hours", "hour", "小时"}
_LASTS_TERM = re.compile(r"warrant|guarantee|质保|保修|保固|维保|保养期|保養期|support (?:period|term)|maintenance period|"
                         r"retention|retained|retain|保存|留存|backup time|battery life|续航|后备时间", re.IGNORECASE)
_TAKES_TERM = re.compile(r"deliver|交货|交付|供货期|到货|工期|施工期|completion|complete|implementation|go-live|lead time|"
                         r"response time|响应时间|到场|restor|修复|install", re.IGNORECASE)
# "16 GB DDR5 or higher": the bound word after the value's product words belongs to the value.
_BOUND_AFTER_WORDS = re.compile(rf"(\d[\d.,]*\s*(?:{_UNIT_RE}))((?:\s+[A-Za-z][\w+-]*){{1,3}})\s+(or (?:higher|more|better|greater|"
                                r"above|faster|newer|later|larger|lower|less|below|fewer|smaller)|\(?(?:minimum|maximum)\)?)(?![A-Za-z])")
_BETTER_AFTER = re.compile(r"^\s*(?:or|and)\s+(?:better|faster|superior)\b", re.IGNORECASE)
_BETTER_BEFORE = re.compile(r"(?:优于|好于|不劣于|better than|superior to)\s*$", re.IGNORECASE)
_TIME_UNITS = {"ms", "μs", "ns", "s", "seconds", "second", "秒", "分钟", "minutes", "minute", "min", "hours", "hour", "h", "小时"}
# Durations a thing must last or keep (longer is better), unlike times taken.
_LASTS = re.compile(r"battery|backup|back-up|retention|retain|warranty|guarantee|autonomy|runtime|life|MTBF|后备|续航|保存|"
                    r"质保|保修|保固|寿命|备电", re.IGNORECASE)
_ERRORS = re.compile(r"accura|precision|error|loss|deviation|drift|tolerance|noise|精度|误差|损耗|丢包|偏差|漂移|噪声|失真", re.IGNORECASE)


_FINE_UNITS = {"mm", "μm", "nm", "cm", "m", "%", "℃", "dB"}


def _smaller_is_better(body: str, unit: str | None) -> bool:
    """A time taken, an error, or a resolution in a unit of measure (1 mm or better) is better smaller."""
    if unit in _TIME_UNITS:
        return not _LASTS.search(body)
    return unit in _FINE_UNITS and bool(_ERRORS.search(body) or re.search(r"resolution|分辨率", body, re.IGNORECASE))


_RATE_WORDS = re.compile(r"^\s*((?:[a-z][a-z-]*\s+){1,2}per\s+(?:hour|minute|second|day|week|shift))\b", re.IGNORECASE)
_COUNT_NOUN = re.compile(r"^\s*(?:[a-z][a-z-]*\s+){0,2}(users|agents|devices|clients|sessions|connections|vehicles|sites|"
                         r"licen[cs]es|seats|cameras|terminals|endpoints|mailboxes|accounts|workstations|servers|"
                         # entries a store or library holds ("a drug library of at least 5,000 entries")
                         r"entries|records)\b|"
                         # "a minimum of 10 cylinders", "no fewer than 8 bays": any plural noun right after a count
                         r"^\s*((?!(?:times|pages|percent|degrees|levels|steps|phases|stages|rounds|copies|parts|items)\b)"
                         r"[a-z]{3,14}(?<![su])s)\b(?!\s*(?:per|of|[/-])\b)",
                         re.IGNORECASE)


_QUANTITY_RE = re.compile(r"^(?:(?:Supply|Provide|Provision|Deliver|Delivery|Install|Installation|Purchase|Procure)(?: and \w+)?"
                          r"(?: of)?|Quantity\s*[:：]?|"
                          r"(?:供货|提供|采购|配置)(?:数量)?[:：]?)\s*(?P<n>\d{1,6})\s+(?![%\d])", re.IGNORECASE)


# Items written value-first after a verb of supply: "comprise 48 bedside monitors and 2 central monitoring stations",
# "supply and install 12 infusion pumps"; the words after the number (ending in a plural) name the item counted.
_SUPPLY_VERB = (r"\b(?:comprise|comprises|comprising|include|includes|including|consist(?:s|ing)? of|supply|supplying|provide|"
                r"providing|deliver|delivering|install|installing|procure|procuring|purchase|purchasing|furnish|furnishing)"
                r"(?:\s+and\s+[a-z]+)?\s+(?:of\s+|a total of\s+)?")
_NOT_UNIT = rf"(?!(?:{_UNIT_RE})(?![A-Za-z]))"
_COUNTED = rf"(?P<n>\d{{1,5}})\s+{_NOT_UNIT}(?P<noun>(?:[a-z][a-z-]*\s+){{0,3}}?[a-z][a-z-]*s)\b"
_SUPPLY_COUNT = re.compile(_SUPPLY_VERB + r"\d{1,5}\s+" + _NOT_UNIT + r"[a-z]", re.IGNORECASE)
_NEXT_COUNT = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?=\d{1,5}\s+" + _NOT_UNIT + r"(?:[a-z][a-z-]*\s+){0,3}?[a-z][a-z-]*s\b)", re.IGNORECASE)
_VALUE_FIRST = re.compile(rf"(?:{_SUPPLY_VERB}|^\s*(?:and\s+)?){_COUNTED}", re.IGNORECASE)


# European notation in Latin-script notices: "2.000.000,00 EUR", "12,8 Tbit/s", "99,9999 %" (a comma before a
# 3-digit group stays a thousands separator: "1,200 users").
_EU_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3}){2,}|\d{1,3}(?:\.\d{3})+(?=,\d))(?:,(\d+))?(?![\d.])")
_DECIMAL_COMMA = re.compile(r"(?<![\d.,])(\d+),(\d{1,2}|\d{4,})(?![\d,.])(?=\s*(?:[A-Za-zµμ%℃°]|$))")


def european_numbers(text: str) -> str:
    text = _EU_THOUSANDS.sub(lambda m: m.group(1).replace(".", "") + (f".{m.group(2)}" if m.group(2) else ""), text)
    return _DECIMAL_COMMA.sub(r"\1.\2", text)


# Spare capacity is a minimum even without a bound word: "with 20% headroom for growth", "预留20%余量".
_SPARE = re.compile(r"\b(with|plus|and)\s+(\d+(?:\.\d+)?\s*%)\s+(headroom|spare|reserve|redundancy|margin|growth capacity)\b|"
                    r"(预留|另留|富余)(\d+(?:\.\d+)?\s*%)", re.IGNORECASE)


def implicit_bounds(text: str) -> str:
    return _SPARE.sub(lambda m: f"{m.group(1)} at least {m.group(2)} {m.group(3)}" if m.group(1)
                      else f"{m.group(4)}不少于{m.group(5)}", text)


_SPARE_READ = re.compile(r"\b(with|plus|and) at least (\d+(?:\.\d+)?\s*%) (headroom|spare|reserve|redundancy|margin|growth capacity)\b|"
                         r"(预留|另留|富余)不少于(\d+(?:\.\d+)?\s*%)", re.IGNORECASE)


def _as_written(clause: str, original: str) -> str:
    """A clause split with the implicit bound read into it, back in the words the notice wrote."""
    back = _SPARE_READ.sub(lambda m: f"{m.group(1)} {m.group(2)} {m.group(3)}" if m.group(1) else f"{m.group(4)}{m.group(5)}",
                           clause)
    return back if back in original else clause


def split_clauses(text: str) -> list[str]:
    """"全厂I/O点数不少于1200点，各站另预留不少于20%的备用点": each clause with its own bound is one requirement."""
    original, text = text, implicit_bounds(text)
    if text != original:
        return [_as_written(c, original) for c in split_clauses_read(text)]
    return split_clauses_read(text)


def split_clauses_read(text: str) -> list[str]:
    if _SUPPLY_COUNT.search(text):
        # "The System shall comprise 48 bedside monitors and 2 central monitoring stations": each item counted is one.
        items = _NEXT_COUNT.split(text)
        if len(items) > 1:
            return items
    parts = _outside_brackets(_CLAUSE_SEP.split(text))
    bounded = [p for p in parts if _BOUND.search(p) or _WITHIN.search(p)]
    if len(bounded) < 2:
        return [text]
    out: list[str] = []
    for p in parts:  # a clause without a bound stays with the one before it ("…≥8GB" + "可扩展")
        # "≤0.8nm@15kV；≤1.2nm@1kV": a bare bound names no measure of its own, the same one under another condition.
        bare = bool(out) and bool(_BARE_BOUND.fullmatch(p))
        if ((_BOUND.search(p) or _WITHIN.search(p)) and not _SAME_MEASURE.match(p) and not bare) or not out:
            out.append(p)
        else:
            out[-1] = out[-1] + "，" + p
    return out


# Clauses: split at a comma or semicolon, at "、" before another bound ("不少于48个A、不少于12个B"), at "and" before
# a verb phrase with its own bound ("respond within 2 hours and restore within 8 hours").
_BOUND_WORD = r"(?:[≥≤]|>=|<=|不低于|不少于|不小于|不超过|不高于|不大于|至少)"
_CLAUSE_SEP = re.compile(rf"[，,；;]\s*(?=\D)|(?<=[\u4e00-\u9fff])[，,；;]\s*(?=\d)|、(?={_BOUND_WORD})|\s+and\s+(?=(?:[a-z]+\s+){{1,4}}(?:within|at least|no (?:less|more) "
                         r"than|not (?:less|more) than)\s+\d)")
_WITHIN = re.compile(r"\bwithin\s+\d", re.IGNORECASE)
_BARE_BOUND = re.compile(rf"\s*{_BOUND_WORD}\s*[\d.]+\s*[A-Za-zμµ%℃°Ω/]*\s*(?:@\s*\S+|[（(][^）)]*[)）])?\s*[。.;；]?\s*")


def merge_bare_bounds(parts: list[str]) -> list[str]:
    """"≤0.8nm@15kV", "≤1.2nm@1kV" split as items: one measure under two conditions, one requirement."""
    out: list[str] = []
    for p in parts:
        if out and _BARE_BOUND.fullmatch(p):
            out[-1] = out[-1] + "；" + p
        else:
            out.append(p)
    return out


def _outside_brackets(pieces: list[str]) -> list[str]:
    """Rejoin pieces split inside brackets: "≤127eV（Mn Kα，计数率≥100kcps时）" states a condition, not a clause."""
    out: list[str] = []
    depth = 0
    for piece in pieces:
        if out and depth > 0:
            out[-1] = out[-1] + "，" + piece
        else:
            out.append(piece)
        depth += len(re.findall(r"[（(\[]", piece)) - len(re.findall(r"[）)\]]", piece))
        depth = max(depth, 0)
    return [p.strip() for p in out if p.strip()]
# "每季度至少1次，全年不少于4次": the same measure over another period is one requirement.
_SAME_MEASURE = re.compile(r"^(?:全年|每[年季月周天日]度?|年度|累计|合计|总共|共|per (?:year|month|week|day)|each (?:year|month)|"
                           r"in total|annually)", re.IGNORECASE)
_BOUND = re.compile(r"[≥≤]|>=|<=|不低于|不少于|不小于|不超过|不高于|不大于|至少|\d\s*\S{0,3}(?:以上|以下|以内)|"
                    # a time limit: "2小时内响应", "24小时内到达现场"
                    r"\d\s*(?:个)?(?:小时|分钟|秒|天|日|日历天|工作日|周|个月|月|年)\s*内|"
                    # A range with its unit ("10.9\" to 11\"", "-20℃～55℃") bounds a measure too.
                    r"\d\s*(?:℃|°C|\"|″|%)\s*(?:~|～|至|\bto\b)\s*[-+]?\d|"
                    r"at least|no (?:less|more) than|not (?:less|more) than|minimum of|maximum of|not exceed", re.IGNORECASE)


def _parameter_only(body: str) -> str | None:
    """A requirement without a quantity: its head phrase (up to a colon) is the parameter."""
    m = re.match(r"^([^:：]{1,30})[:：]", body)
    return m.group(1).strip() if m else None


_SUB_ITEM = re.compile(r"(?:(?<=[；;。])|(?<=[；;。]\s)|\s(?=[★▲]?\s*[\d(（①-⑳]))(?=(?:[★▲]\s*)?(?:\(?\d{1,2}[)）](?!\d)|"
                       r"\d{1,2}[.、．](?!\d)|[①-⑳]|（\d{1,2}）))")
_HAS_QUANTITY = re.compile(r"[≥≤<>]|不低于|不少于|不小于|不超过|不高于|至少|at least|minimum|maximum|no (?:less|more) than|"
                           r"\d\s*(?:[A-Za-z%℃]|个|台|年|月|天|小时|核|万|级)", re.IGNORECASE)


_NUMBER_WORD = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
                r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)")
# "thirty-six (36)", "one hundred and twenty (120)": the whole number in words before its digits, not only its last word.
_SPELLED = re.compile(rf"\b{_NUMBER_WORD}(?:(?:[\s-]+|\s+and\s+){_NUMBER_WORD})*\s*\((\d{{1,6}})\)", re.IGNORECASE)


_SPELLED_AFTER = re.compile(rf"\b(\d{{1,6}})\s*\({_NUMBER_WORD}(?:(?:[\s-]+|\s+and\s+){_NUMBER_WORD})*\)", re.IGNORECASE)


def spelled_numbers(text: str) -> str:
    """US legal style "five (5) years" -> "5 years", and "3 (three) years": the bracketed digit or words are not an
    item number."""
    return _SPELLED_AFTER.sub(r"\1", _SPELLED.sub(r"\1", text))


def split_items(text: str) -> list[str]:
    """One cell or line holding several numbered or ；-separated specifications -> one text each."""
    text = spelled_numbers(text)
    parts = [p.strip(" ；;。") for p in _SUB_ITEM.split(text) if p and p.strip(" ；;。")]
    if len(parts) >= 2 and sum(1 for p in parts if len(p) >= 4) >= 2:
        return parts
    parts = [p.strip() for p in re.split(r"[；;]", text) if p.strip()]
    if len(parts) >= 2 and sum(1 for p in parts if _HAS_QUANTITY.search(p)) >= 2:
        return parts
    return [text]


# The sentence is about the goods offered, not the bidder ("The offered server model shall be certified for …",
# "所投产品须通过…认证"): a specification, whatever certificate it names.
_GOODS_SUBJECT = re.compile(r"^\W*(?:\d{1,3}[.)]?\s*)?(?:The\s+|All\s+|Each\s+)?(?:offered|proposed|quoted|supplied|delivered|"
                            r"bid)\s+(?:[A-Za-z-]+\s+){0,3}?(?:shall|must|should|will|is|are|to)\b|"
                            r"^\W*(?:\d{1,3}[.、)]?\s*)?(?:所投|投标|所供|所提供的?|拟供)(?:产品|设备|货物|软件|系统|型号)",
                            re.IGNORECASE)


# A physical quantity: what a product must do, never what a bidder must be.
_PHYSICAL = re.compile(r"\d\s*(?:℃|°\s?C|dB|[kMG]?Hz|[kM]?W\b|[kM]?V\b|kg|mm|cm|[kMGT]bps|[KMGTP]B\b|IP\d\d|lux|rpm|Pa\b|"
                       r"ms\b|cd/m)", re.IGNORECASE)


def classify(text: str, section: str | None) -> str:
    """qualification | technical: the section decides; keywords decide outside sections. Under a heading that
    could mean either ("Minimum requirements") an item stating a physical quantity is a specification."""
    if section == "qualification" and _PHYSICAL.search(text) and not _QUAL_HINT.search(text):
        return "technical"
    if section in ("qualification", "technical"):
        return section
    body = strip_markers(_EN_MANDATORY.sub("", text, count=1))
    return "qualification" if _QUAL_HINT.search(text) and not _GOODS_SUBJECT.match(body) \
        and not _GOODS_CERTIFIED.match(body) else "technical"


# Goods certified or approved to a standard ("Meters are pattern-approved and certified to ISO 4064", "All luminaires
# shall be tested to IEC 60598"): a specification of what is bought, not a certificate the bidder holds.
_BIDDER_WORDS = (r"(?:the\s+)?(?:bidders?|tenderers?|suppliers?|contractors?|vendors?|proponents?|respondents?|applicants?|"
                 r"offerors?|consultants?|firms?|compan(?:y|ies)|manufacturers?|staff|personnel|engineers?|organi[sz]ations?)\b")
_GOODS_CERTIFIED = re.compile(rf"^\W*(?:[A-Z]{{1,4}}-?\d{{1,3}}(?:\.\d{{1,2}})?\s+)?(?:The\s+|All\s+|Each\s+)?(?!{_BIDDER_WORDS})"
                              r"(?:[A-Za-z-]+\s+){1,4}?(?:are|is|shall be|must be|to be)\s+(?:[\w-]+\s+(?:and\s+)?){0,3}?"
                              r"(?:certified|(?:type|pattern)[- ]approved|tested|listed|marked)\s+(?:to|by|under|against|per)\b",
                              re.IGNORECASE)
