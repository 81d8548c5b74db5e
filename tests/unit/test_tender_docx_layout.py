"""Word layouts that break a reader of the body text alone, each in a package written here (our own wording): list
numbers that Word draws from numbering.xml (a paragraph's w:numPr, or its heading style's), heading styles with
custom names, a text box anchored in a paragraph (and its legacy copy), merged and nested table cells."""

from __future__ import annotations

import io
import zipfile

from dealgraph.ingest.tenders.parse_docx import parse_docx
from dealgraph.ingest.tenders.tree import build_tree

_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
       'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
       'xmlns:v="urn:schemas-microsoft-com:vml"')

STYLES = f"""<w:styles {_NS}>
<w:style w:type="paragraph" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="标题 1"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="Heading1"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="ChapterHead"><w:name w:val="Chapter Head"/>
  <w:pPr><w:numPr><w:numId w:val="2"/><w:ilvl w:val="0"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
</w:styles>"""

NUMBERING = f"""<w:numbering {_NS}>
<w:abstractNum w:abstractNumId="10">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="20">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Section %1 -"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="10"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="10"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>"""


def _p(text: str, style: str | None = None, num: tuple[int, int] | None = None, extra: str = "") -> str:
    ppr = ""
    if style or num:
        ppr = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") + (
            f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num else "") + "</w:pPr>"
    return f"<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>{extra}</w:p>"


def _docx(body: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("word/document.xml", f"<w:document {_NS}><w:body>{body}</w:body></w:document>")
        z.writestr("word/styles.xml", STYLES)
        z.writestr("word/numbering.xml", NUMBERING)
    return buf.getvalue()


def _lines(data: bytes) -> list[str]:
    return [b.text for b in parse_docx(data, "n.docx").blocks if b.kind == "line"]


def test_list_numbers_drawn_from_the_numbering_definitions_enter_the_text_and_the_tree():
    body = "".join([
        _p("招标条件", num=(1, 0)), _p("项目已批准。"),
        _p("项目概况与招标范围", num=(1, 0)),
        _p("采购内容", num=(1, 1)), _p("核心交换机2台", num=(1, 2)), _p("接入交换机40台", num=(1, 2)),
        _p("交付要求", num=(1, 1)), _p("到货即验", num=(1, 2)), _p("原厂授权", num=(1, 3)),
        _p("投标人资格要求", num=(1, 0)),
    ])
    assert _lines(_docx(body)) == ["一、招标条件", "项目已批准。", "二、项目概况与招标范围", "(一)采购内容",
                                   "1. 核心交换机2台", "2. 接入交换机40台", "(二)交付要求", "1. 到货即验", "原厂授权",
                                   "三、投标人资格要求"]
    tree = build_tree(parse_docx(_docx(body), "n.docx"))
    tops = [n.text for n in tree.children]
    assert tops == ["一、招标条件", "二、项目概况与招标范围", "三、投标人资格要求"]
    second = tree.children[1]
    assert [c.text for c in second.children] == ["(一)采购内容", "(二)交付要求"]
    assert [c.text for c in second.children[0].children] == ["1. 核心交换机2台", "2. 接入交换机40台"]


def test_a_heading_style_numbered_by_a_multilevel_list_and_custom_heading_names():
    body = "".join([
        _p("Invitation for Bids", style="Title"),
        _p("Instructions to Bidders", style="ChapterHead"), _p("Scope of bid", num=(2, 1)),
        _p("Eligible bidders", num=(2, 1)),
        _p("Bid Data Sheet", style="ChapterHead"), _p("Deadline", num=(2, 1)),
        _p("技术要求", style="1"), _p("Evaluation", style="Heading1"),
    ])
    doc = parse_docx(_docx(body), "n.docx")
    assert [(b.text, b.level) for b in doc.blocks] == [
        ("Invitation for Bids", 1), ("Section 1 - Instructions to Bidders", 2), ("1.1 Scope of bid", None),
        ("1.2 Eligible bidders", None), ("Section 2 - Bid Data Sheet", 2), ("2.1 Deadline", None),
        ("技术要求", 2), ("Evaluation", 2)]


def test_a_text_box_is_read_after_its_paragraph_once():
    box = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
           + _p("Closing date: 14 May 2027, 12:00") + "</w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
           "<mc:Fallback><w:pict><v:textbox><w:txbxContent>" + _p("Closing date: 14 May 2027, 12:00")
           + "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>")
    body = _p("The council invites tenders for library RFID kiosks.", extra=box) + _p("Lot 1 covers kiosks.")
    assert _lines(_docx(body)) == ["The council invites tenders for library RFID kiosks.",
                                   "Closing date: 14 May 2027, 12:00", "Lot 1 covers kiosks."]


def test_merged_cells_stay_in_their_columns_and_a_nested_table_is_read_in_its_cell():
    def tc(text: str, props: str = "") -> str:
        return f"<w:tc><w:tcPr>{props}</w:tcPr>{_p(text) if text else '<w:p/>'}</w:tc>"

    nested = "<w:tbl><w:tr>" + tc("CPU") + tc("≥ 32 cores") + "</w:tr></w:tbl>"
    rows = [
        "<w:tr>" + tc("Category") + tc("Item") + tc("Points") + "</w:tr>",
        "<w:tr>" + tc("Technical", '<w:vMerge w:val="restart"/>') + tc("Design") + tc("30") + "</w:tr>",
        "<w:tr>" + tc("", "<w:vMerge/>") + tc("Servers") + f"<w:tc><w:tcPr/>{nested}<w:p/></w:tc>" + "</w:tr>",
        "<w:tr>" + tc("Total", '<w:gridSpan w:val="2"/>') + tc("100") + "</w:tr>",
    ]
    doc = parse_docx(_docx("<w:tbl>" + "".join(rows) + "</w:tbl>"), "n.docx")
    table = doc.blocks[0]
    assert [r.cells for r in table.rows] == [["Category", "Item", "Points"], ["Technical", "Design", "30"],
                                             ["", "Servers", "CPU ≥ 32 cores"], ["Total", "", "100"]]


def test_rows_and_cells_inside_content_controls_are_read():
    def tc(text: str) -> str:
        return f"<w:tc>{_p(text)}</w:tc>"

    def sdt(inner: str) -> str:
        return f"<w:sdt><w:sdtPr/><w:sdtContent>{inner}</w:sdtContent></w:sdt>"

    rows = ["<w:tr>" + tc("Field") + tc("Value") + "</w:tr>",
            "<w:tr>" + tc("Reference") + sdt(tc("EF-2027-118")) + "</w:tr>",  # a cell in a content control
            sdt("<w:tr>" + tc("Closing date") + tc("14 May 2027 12:00") + "</w:tr>")]  # a row in one
    doc = parse_docx(_docx("<w:tbl>" + "".join(rows) + "</w:tbl>"), "n.docx")
    assert [r.cells for r in doc.blocks[0].rows] == [["Field", "Value"], ["Reference", "EF-2027-118"],
                                                     ["Closing date", "14 May 2027 12:00"]]


def test_lists_sharing_a_numbering_continue_unless_one_restarts_and_moved_text_is_read_once():
    body = "".join([
        _p("招标条件", num=(1, 0)), _p("项目概况", num=(3, 0)),  # another list of the same numbering: continues
        _p("附件目录", num=(4, 0)), _p("投标函格式", num=(4, 0)),  # "Restart numbering"
        "<w:p><w:moveFrom><w:r><w:t>Moved sentence.</w:t></w:r></w:moveFrom><w:r><w:t>Kept.</w:t></w:r></w:p>",
        "<w:p><w:moveTo><w:r><w:t>Moved sentence.</w:t></w:r></w:moveTo></w:p>",
    ])
    assert _lines(_docx(body)) == ["一、招标条件", "二、项目概况", "一、附件目录", "二、投标函格式", "Kept.",
                                   "Moved sentence."]


def test_a_tab_between_a_label_and_its_value_keeps_them_apart():
    from dealgraph.ingest.tenders import parse_bytes

    def tabbed(label: str, value: str) -> str:
        return f"<w:p><w:r><w:t>{label}</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>{value}</w:t></w:r></w:p>"

    body = "".join([_p("城区智慧路灯改造项目招标公告", style="Title"), tabbed("项目名称", "城区智慧路灯改造项目"),
                    tabbed("采购人", "某市城市管理局"), tabbed("预算金额", "人民币120万元"), tabbed("Closing date", "14 May 2027")])
    assert _lines(_docx(body))[1:] == ["项目名称 城区智慧路灯改造项目", "采购人 某市城市管理局", "预算金额 人民币120万元",
                                       "Closing date 14 May 2027"]
    d = parse_bytes(_docx(body), "n.docx").to_dict()
    assert (d["buyer"], d["budget"]) == ("某市城市管理局", {"amount": 1_200_000, "currency": "CNY"})
