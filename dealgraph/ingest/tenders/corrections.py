"""Correction notices (更正公告 / 变更公告, corrigenda, addenda): the corrected text wins over the original.

A correction notice lists what changed ("投标截止时间：原“2027年08月12日 09点30分”，现更正为“2027年08月23日 09点30分”",
TED's "Instead of: … / Read: …", "Closing date changed from 12 May 2027 to 19 May 2027") and often appends the
original notice, which still prints the old values. Each change is applied where the old text stands (the
original reads as corrected), and the change line itself is dropped; a change whose old text is printed nowhere
else stays as "label: new value", so a correction notice without the original still gives its new values.
Changes whose label names a field (a deadline, a budget) are also returned, so the extractor can let them win
over whatever the notice prints elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Document

_Q_OPEN, _Q_CLOSE = "“\"「『‘'", "”\"」』’'"
_QUOTED = rf"[{_Q_OPEN}](?P<{{name}}>[^{_Q_CLOSE}]{{{{1,200}}}})[{_Q_CLOSE}]"
_CN_VERB = r"(?:现|現)?(?:更正|变更|變更|修改|调整|調整|更改|修正|延期|顺延|順延|延长|延長)(?:为|為|至)"
# "2. 投标截止时间：原“A”，现更正为“B”。" (quoted), "原投标截止时间：A；现变更为：B" (unquoted).
_CN_QUOTED = re.compile(rf"^(?P<label>.*?)[:：]?\s*原(?:为|為|文)?[:：]?\s*{_QUOTED.format(name='old')}\s*[，,；;]?\s*{_CN_VERB}\s*[:：]?\s*"
                        rf"{_QUOTED.format(name='new')}")
_CN_PLAIN = re.compile(rf"^(?P<label>.*?)[:：]?\s*原(?:为|為)?[:：]?\s*(?P<old>[^，,；;。]{{4,80}}?)\s*[，,；;]\s*{_CN_VERB}\s*[:：]?\s*"
                       r"(?P<new>[^，,；;。]{4,80})")
_CN_LABEL_FIRST = re.compile(rf"^(?P<label>.*?)原(?P<what>[^：:“\"]{{2,20}})[:：为為]\s*(?P<old>[^，,；;。]{{4,80}}?)\s*[，,；;]\s*"
                             rf"{_CN_VERB}\s*[:：]?\s*(?P<new>[^，,；;。]{{4,80}})")
# "Closing date changed from 12 May 2027 10:00 to 19 May 2027 10:00", "… is amended from X to Y".
# The sentence may run on ("… TO June 9, 2026, 2:00 PM Pacific Time. All other dates … remain unchanged").
_EN_FROM_TO = re.compile(r"^(?P<label>.*?)\s+(?:is|has been|was|are|have been)?\s*(?:changed|amended|extended|revised|moved|"
                         r"postponed|corrected|updated)\s+from\s+(?P<old>.{4,80}?)\s+to\s+(?P<new>.{4,80}?)\s*(?:\.?$|\.\s+(?=[A-Z])|;)",
                         re.IGNORECASE)
# A table of what changed: "Event | Original | Revised", "项目 | 原内容 | 变更后内容".
_OLD_COL = re.compile(r"^(?:Original|Old|Was|Previous|Previously|Current|Initial|原|原定|原内容|原公告|更正前|变更前|修改前|调整前)"
                      r"(?:\s*(?:date|dates|value|text|schedule|deadline|时间|内容|日期))?$", re.IGNORECASE)
_NEW_COL = re.compile(r"^(?:Revised|New|Amended|Now|Changed to|Updated|Corrected|Extended|Read|更正后|变更后|修改后|调整后|延期后|现|"
                      r"更正为|变更为)(?:\s*(?:date|dates|value|text|schedule|deadline|时间|内容|日期))?$", re.IGNORECASE)
# "SECTION 3.2, ITEM T-6 is revised to read: "T-6 (M) Operating temperature …"", "第3.2条修改为：“…”": an item
# replaced by the text quoted after it.
_REVISED_ITEM = re.compile(r"\b(?:item|clause|requirement|paragraph|specification|line|row)\s+(?P<id>[A-Z]{0,4}[-.]?\d[\w.\-]*)\s+"
                           r"(?:is|shall be|has been|are)\s+(?:revised|amended|changed|replaced|corrected|updated)\s+"
                           r"(?:to read|as follows|with|by)\s*[:：]?\s*[“\"](?P<new>[^”\"]{4,400})[”\"]|"
                           r"第\s*(?P<cid>\d[\d.]*)\s*(?:条|项|款)(?:内容)?\s*(?:修改|更正|变更|调整)为\s*[:：]?\s*[“\"](?P<cnew>[^”\"]{4,400})[”\"]",
                           re.IGNORECASE)
_INSTEAD = re.compile(r"^(?:Instead of|Original(?: text)?|Old value|Was)\s*[:：]\s*(?P<v>.*)$", re.IGNORECASE)
_READ = re.compile(r"^(?:Read|Should read|To read|New value|Amended(?: text)?|Now|Is now)\s*[:：]\s*(?P<v>.*)$", re.IGNORECASE)
_PLACE = re.compile(r"^(?:Place of text to be modified|Text to be modified|Section|Field|Item|Label)\s*[:：]\s*(?P<v>.+)$",
                    re.IGNORECASE)
_NUMBER = re.compile(r"^\s*(?:\d{1,2}\s*[.、．)）]|[（(]\d{1,2}[）)]|[一二三四五六七八九十]+、)\s*")


@dataclass
class Change:
    label: str  # what changed, as the notice names it ("投标截止时间和开标时间", "Time limit for receipt of tenders")
    old: str
    new: str
    applied: bool = False  # the old text was found elsewhere and replaced


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _find_changes(lines: list[str]) -> list[tuple[int, list[int], Change]]:
    """(first line, every line the change takes up, change)."""
    out = []
    place = ""
    k = 0
    while k < len(lines):
        t = lines[k].strip()
        pm = _PLACE.match(t)
        if pm:
            place = pm.group("v").strip()
        body = _NUMBER.sub("", t)
        m = _CN_QUOTED.match(body) or _CN_PLAIN.match(body)
        if m:
            label = m.group("label").strip(" ：:")
            lm = _CN_LABEL_FIRST.match(body) if not label else None
            if lm:
                label = (lm.group("label") + lm.group("what")).strip(" ：:")
            out.append((k, [k], Change(label, m.group("old").strip(), m.group("new").strip())))
            k += 1
            continue
        m = _EN_FROM_TO.match(body)
        if m and re.search(r"\d", m.group("old")) and re.search(r"\d", m.group("new")):
            out.append((k, [k], Change(m.group("label").strip(" :"), m.group("old").strip(), m.group("new").strip())))
            k += 1
            continue
        m = _REVISED_ITEM.search(body)
        if m:
            item_id, new = m.group("id") or m.group("cid"), (m.group("new") or m.group("cnew")).strip()
            at = next((j for j, x in enumerate(lines) if j != k and re.match(
                rf"^\s*(?:[-•·]\s*)?{re.escape(item_id)}(?![\w\-]|\.\d)", x.strip())), None)  # "T-6 (M) …", "3. 工作温度…"
            if at is not None:
                # The old item reads as the new one; the line of the amendment is dropped with it.
                out.append((k, [k], Change(item_id, lines[at].strip(), new)))
                k += 1
                continue
        m = _INSTEAD.match(t)
        if m:
            # "Instead of:" / its value (same line or the next lines) / "Read:" / its value.
            old_lines, j = [m.group("v")] if m.group("v").strip() else [], k + 1
            while j < len(lines) and not _READ.match(lines[j].strip()) and j - k <= 4:
                old_lines.append(lines[j].strip())
                j += 1
            rm = _READ.match(lines[j].strip()) if j < len(lines) else None
            if rm:
                new_lines, e = [rm.group("v")] if rm.group("v").strip() else [], j + 1
                while e < len(lines) and len(new_lines) < len(old_lines) and not _PLACE.match(lines[e].strip()) \
                        and not _INSTEAD.match(lines[e].strip()):
                    new_lines.append(lines[e].strip())
                    e += 1
                old, new = " ".join(x for x in old_lines if x), " ".join(x for x in new_lines if x)
                if old and new:
                    out.append((k, list(range(k, e)), Change(place, old, new)))
                    k = e
                    continue
        k += 1
    return out


def _table_changes(doc: Document) -> list[Change]:
    """Rows of a table whose header names an original and a revised column: each row's label, old and new value."""
    out = []
    for b in doc.blocks:
        if b.kind != "table" or len(b.rows) < 2:
            continue
        head = [c.strip() for c in b.rows[0].cells]
        old_col = next((i for i, c in enumerate(head) if _OLD_COL.match(c)), None)
        new_col = next((i for i, c in enumerate(head) if _NEW_COL.match(c)), None)
        if old_col is None or new_col is None or old_col == new_col or 0 in (old_col, new_col):
            continue
        for r in b.rows[1:]:
            if max(old_col, new_col) >= len(r.cells):
                continue
            label, old, new = r.cells[0].strip(), r.cells[old_col].strip(), r.cells[new_col].strip()
            if label and new and _squash(new) != _squash(old) and re.search(r"\d", new):
                out.append(Change(label, old, new))
    return out


def apply_corrections(doc: Document) -> list[Change]:
    """Apply the notice's own corrections to its text (in place). Returns the changes found."""
    line_blocks = [b for b in doc.blocks if b.kind == "line"]
    found = _find_changes([b.text for b in line_blocks])
    tabled = _table_changes(doc)
    for ch in tabled:  # the old value printed elsewhere reads as revised; the table itself stays
        _apply_elsewhere(doc, ch, line_blocks, set())
    if not found:
        return tabled
    drop: set[int] = set()
    for k, span, ch in found:
        own = set(span)
        if len(_squash(ch.old)) < 4:
            continue
        _apply_elsewhere(doc, ch, line_blocks, own)
        if ch.applied:
            drop |= own
        else:
            line_blocks[k].text = f"{ch.label}：{ch.new}" if ch.label else ch.new
            drop |= own - {k}
    dropped = {id(line_blocks[i]) for i in drop}
    doc.blocks = [b for b in doc.blocks if id(b) not in dropped]
    return [ch for _, _, ch in found] + tabled


def _apply_elsewhere(doc: Document, ch: Change, line_blocks: list, own: set[int]) -> None:
    """The old text, wherever the notice prints it outside the change itself, reads as the new."""
    old_sq = _squash(ch.old)
    if len(old_sq) < 4:
        return
    for i, b in enumerate(line_blocks):
        if i in own or old_sq not in _squash(b.text):
            continue
        b.text = _replace(b.text, ch.old, ch.new)
        ch.applied = True
    for b in doc.blocks:
        if b.kind == "table":
            for r in b.rows:
                cells = [_replace(c, ch.old, ch.new) if old_sq in _squash(c) else c for c in r.cells]
                if cells != r.cells:
                    r.cells = cells
                    ch.applied = True


def _replace(text: str, old: str, new: str) -> str:
    if old in text:
        return text.replace(old, new)
    # The same text with other spacing ("2027年08月12日 09点30分" / "2027年08月12日09点30分").
    pattern = r"\s*".join(re.escape(c) for c in _squash(old))
    return re.sub(pattern, lambda _: new, text)
