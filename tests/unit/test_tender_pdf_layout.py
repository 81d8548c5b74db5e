"""PDF page layouts that break a naive line reader, each drawn with reportlab at known positions (our own wording):
two text columns under a full-width masthead, a table broken over the column break, a label-over-value grid, a
label column beside a value column, a table aligned by word positions only, a number column of a list, letters
set one by one."""

from __future__ import annotations

import io

import pytest

pytest.importorskip("reportlab")

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from dealgraph.ingest.tenders.parse_pdf import parse_pdf as _parse_pdfplumber
from dealgraph.ingest.tenders.parse_pdfium import parse_pdfium

W, H = A4
# Both readers (pdfplumber for short notices, PDFium past ten pages) hand their words to one layout.
pytestmark = pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])


def parse_pdf(buf, engine: str):
    return _parse_pdfplumber(buf) if engine == "pdfplumber" else parse_pdfium(buf.getvalue())


def _pdf(draw) -> io.BytesIO:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    draw(c)
    c.showPage()
    c.save()
    buf.seek(0)
    return buf


def _lines(doc) -> list[str]:
    return [b.text for b in doc.blocks if b.kind == "line"]


def _column(c, x: float, y: float, lines: list[str], size: float = 9, leading: float = 12) -> float:
    c.setFont("Helvetica", size)
    for t in lines:
        c.drawString(x, y, t)
        y -= leading
    return y


def _ruled_table(c, x: float, y: float, widths: list[float], rows: list[list[str]], h: float = 14) -> float:
    c.setFont("Helvetica", 8)
    for r in rows:
        cx = x
        for wd, cell in zip(widths, r):
            c.rect(cx, y - h, wd, h)
            c.drawString(cx + 3, y - h + 4, cell)
            cx += wd
        y -= h
    return y


LEFT = ["Offers are invited from suppliers for the", "renewal of the county library network,",
        "covering core switches and wireless access.", "The estimated value is EUR 420,000.",
        "Offers above this value are rejected.", "Site visits take place on 3 May 2027."]
RIGHT = ["Offers must reach the county office by", "12:00 on 20 May 2027 (local time).",
         "Late offers are returned unopened.", "Questions go to the procurement desk",
         "no later than 10 May 2027.", "The contract runs for 36 months."]


def test_two_text_columns_are_read_column_by_column_under_a_full_width_masthead(engine):
    def draw(c):
        c.setFont("Helvetica-Bold", 14)
        c.drawCentredString(W / 2, H - 60, "COUNTY OF ASHBROOK - INVITATION TO TENDER")
        _column(c, 50, H - 100, LEFT)
        _column(c, 310, H - 100, RIGHT)  # same baselines as the left column: a naive reader interleaves them
        c.setLineWidth(0.5)
        c.line(297, H - 90, 297, H - 180)
        c.setFont("Helvetica", 8)
        c.drawCentredString(W / 2, 30, "- 1 -")  # the page number sits under the gutter

    lines = _lines(parse_pdf(_pdf(draw), engine))
    assert lines[0] == "COUNTY OF ASHBROOK - INVITATION TO TENDER"
    assert " ".join(lines[1:]) == " ".join(LEFT + RIGHT)  # however the lines are joined into paragraphs


def test_a_table_broken_over_the_column_break_is_one_table(engine):
    header = ["Criterion", "Points"]

    def draw(c):
        c.setFont("Helvetica-Bold", 14)
        c.drawCentredString(W / 2, H - 60, "EVALUATION")
        y = _column(c, 50, H - 100, LEFT)
        _ruled_table(c, 50, y, [180, 60], [header, ["Methodology", "40"]])
        y = _ruled_table(c, 310, H - 92, [180, 60], [header, ["Key personnel", "35"], ["References", "25"]])
        _column(c, 310, y - 14, RIGHT[:3])

    doc = parse_pdf(_pdf(draw), engine)
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1
    assert [r.cells for r in tables[0].rows] == [header, ["Methodology", "40"], ["Key personnel", "35"],
                                                 ["References", "25"]]
    k = doc.blocks.index(tables[0])  # after the left column's text, before the right column's
    before = " ".join(b.text for b in doc.blocks[:k])
    after = " ".join(b.text for b in doc.blocks[k + 1:])
    assert before == "EVALUATION " + " ".join(LEFT) and after == " ".join(RIGHT[:3])


def test_labels_in_a_small_font_over_bold_values_become_key_value_lines(engine):
    grid = [[("Agency", "Ashbrook County Council"), ("Published", "14 Apr 2027 09:00AM")],
            [("Reference No.", "ACC/LIB/2027/07"), ("Procedure", "Open")],
            [("Closing Date", "20 May 2027"), ("Closing Time", "12:00PM")]]

    def draw(c):
        c.setFont("Helvetica-Bold", 11)
        c.drawString(50, H - 60, "OVERVIEW")
        y = H - 80
        for k, row in enumerate(grid):
            if k == 2:
                c.setFont("Helvetica-Bold", 11)
                c.drawString(50, y, "KEY DATES")
                y -= 18
            for x, (label, _) in zip((50, 300), row):
                c.setFont("Helvetica", 7.5)
                c.drawString(x, y, label)
            for x, (_, value) in zip((50, 300), row):
                c.setFont("Helvetica-Bold", 9)
                c.drawString(x, y - 11, value)
            y -= 30
        _column(c, 50, y - 10, ["All offers are opened in public at the council offices on the closing day."])

    lines = _lines(parse_pdf(_pdf(draw), engine))
    assert lines == ["OVERVIEW", "Agency: Ashbrook County Council", "Published: 14 Apr 2027 09:00AM",
                     "Reference No.: ACC/LIB/2027/07", "Procedure: Open", "KEY DATES", "Closing Date: 20 May 2027",
                     "Closing Time: 12:00PM",
                     "All offers are opened in public at the council offices on the closing day."]


def test_a_label_column_beside_a_value_column_reads_as_key_value_lines(engine):
    rows = [("Country:", ["Ruritania"]), ("Name of Project:", ["Rural Health Information Project"]),
            ("Contract Title:", ["Supply and installation of clinic network", "equipment in three districts"]),
            ("Reference No.:", ["RU-RHIP-2027-GO-17"])]

    def draw(c):
        y = H - 80
        for label, values in rows:
            c.setFont("Helvetica-Bold", 9)
            c.drawString(50, y, label)
            y = _column(c, 180, y, values)

    lines = _lines(parse_pdf(_pdf(draw), engine))
    assert lines == ["Country: Ruritania", "Name of Project: Rural Health Information Project",
                     "Contract Title: Supply and installation of clinic network equipment in three districts",
                     "Reference No.: RU-RHIP-2027-GO-17"]


def test_a_table_without_ruling_lines_is_read_from_word_positions(engine):
    rows = [("Item", "Requirement", "Qty"), ("Core switch", "Switching capacity of at least 2.4 Tbps", "2"),
            ("Access point", "Wi-Fi 6, at least 4 spatial streams,", "60"), ("", "with PoE+ power", ""),
            ("UPS", "Runtime of at least 30 minutes", "6")]

    def draw(c):
        _column(c, 50, H - 60, ["The goods are listed below."])
        y = H - 90
        for r in rows:
            c.setFont("Helvetica-Bold" if r[0] == "Item" else "Helvetica", 9)
            for x, t in zip((50, 170, 420), r):
                c.drawString(x, y, t)
            y -= 12

    doc = parse_pdf(_pdf(draw), engine)
    table = next(b for b in doc.blocks if b.kind == "table")
    assert [r.cells for r in table.rows] == [
        ["Item", "Requirement", "Qty"], ["Core switch", "Switching capacity of at least 2.4 Tbps", "2"],
        ["Access point", "Wi-Fi 6, at least 4 spatial streams, with PoE+ power", "60"],
        ["UPS", "Runtime of at least 30 minutes", "6"]]


def test_numbers_of_a_list_in_their_own_column_are_not_a_table(engine):
    items = ["Tenderers must hold ISO 9001 certification.", "Tenderers must have delivered two similar systems.",
             "Tenderers must be registered with the tax office."]

    def draw(c):
        y = H - 80
        for k, t in enumerate(items, start=1):
            c.setFont("Helvetica", 9)
            c.drawString(50, y, f"{k}.")
            c.drawString(80, y, t)
            y -= 12

    doc = parse_pdf(_pdf(draw), engine)
    assert [b.kind for b in doc.blocks] == ["line"] * 3
    assert _lines(doc) == [f"{k}. {t}" for k, t in enumerate(items, start=1)]


def test_chinese_set_glyph_by_glyph_reads_without_blanks(engine):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    def draw(c):
        c.setFont("STSong-Light", 12)
        for k, ch in enumerate("招标公告"):  # a generator that places every glyph on its own, spaced out
            c.drawString(200 + k * 16, H - 80, ch)
        c.setFont("STSong-Light", 10)
        for k, ch in enumerate("预算金额：120万元"):
            c.drawString(50 + k * 11, H - 110, ch)

    assert _lines(parse_pdf(_pdf(draw), engine)) == ["招标公告", "预算金额:120万元"]


def test_lines_of_a_narrow_column_are_joined_into_paragraphs(engine):
    from reportlab.lib.utils import simpleSplit

    left = ("Phase 1 - Functionality. Offers will be evaluated for functionality out of 100 points; offers scoring "
            "less than 70 points will not be evaluated further.")
    right = ("Offers must be deposited in the tender box before 11:00 on 9 September 2027. Late or e-mailed offers "
             "are not accepted.")

    def draw(c):
        c.setFont("Helvetica-Bold", 14)
        c.drawCentredString(W / 2, H - 60, "INVITATION TO BID")
        for x, text in ((50, left), (310, right)):
            lines = simpleSplit(text, "Helvetica", 9, 230)
            assert len(lines) >= 3
            _column(c, x, H - 100, lines)
        _column(c, 50, H - 100 - 12 * 6, ["Enquiries: procurement office"])

    assert _lines(parse_pdf(_pdf(draw), engine)) == ["INVITATION TO BID", left, "Enquiries: procurement office", right]


def _pages(draws) -> io.BytesIO:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for draw in draws:
        draw(c)
        c.showPage()
    c.save()
    buf.seek(0)
    return buf


@pytest.mark.parametrize("repeat_header", [True, False])
def test_a_ruled_table_over_a_page_break_is_one_table_under_running_headers_and_footers(engine, repeat_header):
    header = ["No.", "Requirement", "Type"]
    first = [header] + [[str(k), f"Requirement number {k} of the specification", "EM"] for k in range(1, 6)]
    rest = ([header] if repeat_header else []) + [[str(k), f"Requirement number {k} of the specification", "AP"]
                                                  for k in range(6, 9)]

    def page(n: int, body):
        def draw(c):
            c.setFont("Helvetica", 7)
            c.drawString(50, H - 30, "Eastfield eProcurement Portal - Notice EF-2027-118")
            c.drawRightString(W - 50, 30, f"Page {n} of 3")
            body(c)
        return draw

    def p1(c):
        y = _column(c, 50, H - 80, ["The requirements of the contract are listed below."])
        _ruled_table(c, 50, y - 10, [40, 300, 60], first)

    def p2(c):
        y = _ruled_table(c, 50, H - 60, [40, 300, 60], rest)
        _column(c, 50, y - 20, ["Tenders are evaluated on the most economically advantageous basis."])

    def p3(c):
        _column(c, 50, H - 80, ["Questions are answered through the portal only."])

    doc = parse_pdf(_pages([page(1, p1), page(2, p2), page(3, p3)]), engine)
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1 and [r.cells[0] for r in tables[0].rows] == ["No."] + [str(k) for k in range(1, 9)]
    assert _lines(doc) == ["The requirements of the contract are listed below.",
                           "Tenders are evaluated on the most economically advantageous basis.",
                           "Questions are answered through the portal only."]


def test_text_drawn_out_of_reading_order_is_read_top_down(engine):
    def draw(c):  # a generator that writes the page bottom-up and the title last
        _column(c, 50, H - 140, ["Closing date: 14 May 2027 at 12:00."])
        _column(c, 50, H - 110, ["Buyer: Eastfield County Council"])
        c.setFont("Helvetica-Bold", 14)
        c.drawString(50, H - 70, "Invitation to tender: library kiosks")

    assert _lines(parse_pdf(_pdf(draw), engine)) == ["Invitation to tender: library kiosks",
                                                      "Buyer: Eastfield County Council",
                                                      "Closing date: 14 May 2027 at 12:00."]


def test_a_landscape_page_rotated_onto_a_portrait_sheet_reads_upright(engine):
    def draw(c):  # a wide table printed across the page: the page is turned by /Rotate, the text drawn along it
        c.setPageRotation(90)
        c.saveState()
        c.translate(W, 0)
        c.rotate(90)
        _column(c, 50, W - 60, ["Annex 2 - Price schedule", "Item 1: core switch, 2 units, EUR 48,000"])
        c.restoreState()

    assert _lines(parse_pdf(_pdf(draw), engine)) == ["Annex 2 - Price schedule", "Item 1: core switch, 2 units, EUR 48,000"]


def test_english_words_beside_a_few_chinese_glyphs_keep_their_blanks(engine):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    def draw(c):
        x = 50
        for text, font in (("Category: \"Mandatory\" (", "Helvetica"), ("必須", "STSong-Light"),
                           (") = must be satisfied; \"Additional points\" (", "Helvetica"), ("加点", "STSong-Light"),
                           (") = evaluated under 4 (2).", "Helvetica")):
            c.setFont(font, 9)
            c.drawString(x, H - 80, text)
            x += c.stringWidth(text, font, 9)

    assert _lines(parse_pdf(_pdf(draw), engine)) == [
        'Category: "Mandatory" (必須) = must be satisfied; "Additional points" (加点) = evaluated under 4 (2).']


def test_an_english_word_hyphenated_at_the_line_end_is_mended(engine):
    def draw(c):
        c.setFont("Helvetica-Bold", 12)
        c.drawString(50, H - 60, "Technical specification")
        _column(c, 50, H - 90, ["The contractor shall deliver all equipment, documentation and the configuration re-",
                                "quirements within twelve weeks of the order.",
                                "Delivery is to the council depot."])

    lines = _lines(parse_pdf(_pdf(draw), engine))
    assert "The contractor shall deliver all equipment, documentation and the configuration requirements within " \
           "twelve weeks of the order." in lines


def test_a_ruled_table_with_merged_and_wrapped_cells(engine):
    """评分项 spans two rows (no rule between them in its column); a criterion wraps over two lines in its cell."""
    def draw(c):
        x0, h = 50, 16
        xs = [x0, x0 + 80, x0 + 300, x0 + 350]
        top = H - 80
        ys = [top - k * h for k in range(4)] + [top - 3 * h - 26]
        c.setLineWidth(0.5)
        for k, y in enumerate(ys):  # the rule under row 1 stops at the merged first column
            c.line(xs[1] if k == 2 else xs[0], y, xs[-1], y)
        for x in xs:
            c.line(x, ys[0], x, ys[-1])
        c.setFont("Helvetica", 8)
        for x, t in zip(xs, ["Criterion", "Item", "Points"]):
            c.drawString(x + 3, ys[1] + 5, t)
        c.drawString(xs[0] + 3, ys[2] - 3, "Technical")  # centred on the two merged rows
        c.drawString(xs[1] + 3, ys[2] + 5, "Design")
        c.drawString(xs[2] + 3, ys[2] + 5, "30")
        c.drawString(xs[1] + 3, ys[3] + 5, "Servers")
        c.drawString(xs[2] + 3, ys[3] + 5, "20")
        c.drawString(xs[0] + 3, ys[4] + 15, "Price")
        c.drawString(xs[1] + 3, ys[4] + 15, "Lowest evaluated price receives")
        c.drawString(xs[1] + 3, ys[4] + 5, "full marks")
        c.drawString(xs[2] + 3, ys[4] + 15, "50")

    doc = parse_pdf(_pdf(draw), engine)
    rows = [r.cells for r in next(b for b in doc.blocks if b.kind == "table").rows]
    assert rows[0] == ["Criterion", "Item", "Points"]
    assert [r[1:] for r in rows[1:]] == [["Design", "30"], ["Servers", "20"],
                                         ["Lowest evaluated price receives full marks", "50"]]
    assert "Technical" in (rows[1][0], rows[2][0]) and "" in (rows[1][0], rows[2][0]) and rows[3][0] == "Price"


def test_a_column_paragraph_runs_on_past_a_lowercase_word_and_colon_and_a_bracketed_subtitle_stays(engine):
    from reportlab.lib.utils import simpleSplit

    text = ("Each requirement carries a value in the column Mandatory. A requirement marked Y is mandatory: a bid "
            "that does not comply with it is rejected.")

    def draw(c):
        c.setFont("Helvetica-Bold", 12)
        c.drawCentredString(150, H - 50, "PUBLIC SUPPLY CONTRACT")
        c.drawCentredString(150, H - 64, "(Consultation rules)")
        lines = simpleSplit(text, "Helvetica", 9, 200)
        _column(c, 50, H - 100, lines)
        _column(c, 310, H - 100, ["Offers are opened in public on the closing day", "at the council offices.",
                                  "Questions go to the procurement desk."])

    got = _lines(parse_pdf(_pdf(draw), engine))
    assert got[:2] == ["PUBLIC SUPPLY CONTRACT", "(Consultation rules)"]
    assert text in got


def test_a_framed_box_is_text_and_a_two_page_notice_loses_its_running_header(engine):
    def page(body):
        def draw(c):
            c.setFont("Helvetica", 7)
            c.drawString(50, H - 30, "Eastfield eProcurement Portal - printed 14/04/2027 09:12")
            body(c)
        return draw

    def p1(c):
        c.rect(45, H - 95, 400, 22)
        c.setFont("Helvetica-Bold", 10)
        c.drawString(50, H - 88, "Important: site visits are compulsory")
        _column(c, 50, H - 120, ["Offers are invited for library kiosks."])

    def p2(c):
        _column(c, 50, H - 80, ["Offers close on 14 May 2027 at 12:00."])

    doc = parse_pdf(_pages([page(p1), page(p2)]), engine)
    assert [b.kind for b in doc.blocks] == ["line"] * 3
    assert _lines(doc) == ["Important: site visits are compulsory", "Offers are invited for library kiosks.",
                           "Offers close on 14 May 2027 at 12:00."]


def test_a_chinese_label_value_grid_without_rules_is_a_table_ended_by_a_numbered_heading(engine):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    from dealgraph.ingest.tenders import parse_bytes

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    rows = [("项目名称", "城区智慧路灯改造项目"), ("项目编号", "CQ-2027-088"), ("采购人", "某市城市管理局"),
            ("预算金额", "人民币120万元"), ("投标截止时间", "2027年5月14日9时30分")]

    def draw(c):
        c.setFont("STSong-Light", 14)
        c.drawCentredString(W / 2, H - 60, "城区智慧路灯改造项目招标公告")
        y = H - 100
        c.setFont("STSong-Light", 10)
        for k, v in rows:
            c.drawString(60, y, k)
            c.drawString(180, y, v)
            y -= 16
        c.drawString(60, y - 10, "一、技术要求")
        c.drawString(60, y - 26, "★1. 灯具功率不大于120W；")

    doc = parse_pdf(_pdf(draw), engine)
    assert [b.kind for b in doc.blocks] == ["line", "table", "line", "line"]
    assert [r.cells for r in doc.blocks[1].rows] == [list(r) for r in rows]
    d = parse_bytes(_pdf(draw).getvalue(), "n.pdf").to_dict()
    assert (d["tender_number"], d["buyer"], d["deadline"]) == ("CQ-2027-088", "某市城市管理局", "2027-05-14T09:30:00+08:00")
    assert d["budget"] == {"amount": 1_200_000, "currency": "CNY"}


def test_a_watermark_across_the_page_does_not_enter_the_text(engine):
    def draw(c):
        c.saveState()
        c.setFillGray(0.85)
        c.setFont("Helvetica-Bold", 60)
        c.translate(W / 2, H / 2)
        c.rotate(45)
        c.drawCentredString(0, 0, "DRAFT COPY")  # slanted over the body text
        c.restoreState()
        c.setFillGray(0.8)
        c.setFont("Helvetica-Bold", 48)
        c.drawCentredString(W / 2, H / 2 - 200, "SAMPLE")  # level, large and very light
        c.setFillGray(0)
        _column(c, 50, H - 80, ["Invitation to tender for library kiosks.", "Closing date: 14 May 2027 at 12:00."])
        _column(c, 50, H / 2, ["The council may cancel the procedure at any time.", "Offers are valid for 90 days."])

    assert _lines(parse_pdf(_pdf(draw), engine)) == [
        "Invitation to tender for library kiosks.", "Closing date: 14 May 2027 at 12:00.",
        "The council may cancel the procedure at any time.", "Offers are valid for 90 days."]


GAZETTE = [("Notice is given that the county invites tenders for the supply of library kiosks and security gates at "
            "three branch libraries, with installation and five years of maintenance."),
           ("Tenders shall reach the county office before noon on the closing date. Late tenders are returned to the "
            "sender unopened and are not considered."),
           ("The contract is awarded to the most economically advantageous tender on price and quality, in the "
            "proportion stated in the documents.")]


def test_three_gazette_columns_are_three_paragraphs_in_column_order(engine):
    from reportlab.lib.utils import simpleSplit

    def draw(c):
        c.setFont("Helvetica-Bold", 14)
        c.drawCentredString(W / 2, H - 50, "OFFICIAL GAZETTE - PROCUREMENT NOTICES")
        for x, t in zip((40, 220, 400), GAZETTE):
            _column(c, x, H - 90, simpleSplit(t, "Helvetica", 8, 155), size=8, leading=10)

    assert _lines(parse_pdf(_pdf(draw), engine)) == ["OFFICIAL GAZETTE - PROCUREMENT NOTICES"] + GAZETTE


def test_a_side_menu_beside_the_text_is_not_a_table(engine):
    from reportlab.lib.utils import simpleSplit

    menu = ["Home", "Tenders", "Awards", "Archive", "Contact", "Help"]

    def draw(c):
        c.setFont("Helvetica-Bold", 14)
        c.drawString(180, H - 50, "Invitation to tender: library kiosks")
        _column(c, 40, H - 90, menu)
        _column(c, 180, H - 90, simpleSplit(GAZETTE[0] + " " + GAZETTE[1], "Helvetica", 9, 360))

    doc = parse_pdf(_pdf(draw), engine)
    assert all(b.kind == "line" for b in doc.blocks)
    lines = _lines(doc)
    assert lines[:len(menu)] == menu and lines[-1].endswith("and are not considered.")
    assert " ".join(lines[len(menu):]) == "Invitation to tender: library kiosks " + GAZETTE[0] + " " + GAZETTE[1]


def test_a_table_ruled_only_across_under_font_headings_is_a_table_in_its_section(engine):
    """Rules only above, under the header and below (no verticals): the columns come from the words; headings
    from the font (bigger, or bold at body size) open the tree's sections."""
    from dealgraph.ingest.tenders.tree import build_tree

    rows = [("No.", "Parameter", "Requirement", "Unit"), ("1", "Switching capacity", "at least 2.4", "Tbps"),
            ("2", "PoE budget", "at least 740", "W"), ("3", "Operating temperature", "0 to 40", "°C"),
            ("4", "Warranty", "at least 5", "years")]

    def draw(c):
        c.setFont("Helvetica-Bold", 14)
        c.drawString(50, H - 50, "1. Technical specification")
        c.setFont("Helvetica", 9)
        c.drawString(50, H - 70, "The equipment shall meet the following requirements.")
        y = H - 95
        c.line(50, y + 12, 450, y + 12)
        for k, r in enumerate(rows):
            c.setFont("Helvetica-Bold" if k == 0 else "Helvetica", 9)
            for x, t in zip((55, 90, 250, 380), r):
                c.drawString(x, y, t)
            if k == 0:
                c.line(50, y - 4, 450, y - 4)
            y -= 14
        c.line(50, y + 10, 450, y + 10)
        c.setFont("Helvetica-Bold", 9)
        c.drawString(50, y - 14, "2. Evaluation")
        c.setFont("Helvetica", 9)
        c.drawString(50, y - 28, "Price 60%, quality 40%.")

    doc = parse_pdf(_pdf(draw), engine)
    assert [(b.kind, b.level) for b in doc.blocks] == [("line", 1), ("line", None), ("table", None), ("line", 2),
                                                       ("line", None)]
    assert [r.cells for r in doc.blocks[2].rows] == [list(r) for r in rows]
    tree = build_tree(doc)
    assert [(n.text, n.section) for n in tree.children] == [("1. Technical specification", "technical")]
    spec = tree.children[0]
    assert [c.kind for c in spec.children] == ["paragraph", "table", "heading"]
    assert spec.children[1].header == ["No.", "Parameter", "Requirement", "Unit"]
    assert (spec.children[2].text, spec.children[2].section) == ("2. Evaluation", "scoring")


def test_a_chinese_label_set_apart_from_its_value_on_one_line_stays_apart(engine):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    def draw(c):
        c.setFont("STSong-Light", 10)
        c.drawString(60, H - 80, "采购人")
        c.drawString(110, H - 80, "某市城市管理局")  # a wide gap, one line only: no grid to read it from
        c.drawString(60, H - 110, "本项目不接受联合体投标。")

    assert _lines(parse_pdf(_pdf(draw), engine)) == ["采购人 某市城市管理局", "本项目不接受联合体投标。"]


def test_text_of_fonts_without_a_unicode_map_is_told_from_text(engine):
    """Glyph codes with no Unicode meaning ("(cid:312)", private-use characters) make the reader stop with a clear
    error (parse_pdf / parse_pdfium raise InputError) instead of reading fields out of noise."""
    from dealgraph.ingest.tenders.model import Block
    from dealgraph.ingest.tenders.pdf_layout import undecodable

    noise = [Block("line", 1, "(cid:312)(cid:45)(cid:1202)(cid:77) (cid:9)(cid:88)(cid:301)(cid:42)(cid:17)")] * 4
    assert undecodable(noise)
    assert undecodable([Block("line", 1, "\ue010\ue011\ue012\ue013 \ue014\ue015 \ue016\ue017\ue018\ue019\ue01a")] * 4)
    assert not undecodable([Block("line", 1, "预算金额:120万元 (the budget, VAT included) \ue000")] * 4)
    assert not undecodable(parse_pdf(_pdf(lambda c: _column(c, 50, H - 80, LEFT)), engine).blocks)


def test_a_fact_sheet_of_two_label_value_pairs_a_row_reads_row_by_row(engine):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    from dealgraph.ingest.tenders import parse_bytes

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pairs = [("项目编号：CQ-2027-088", "采购方式：公开招标"), ("预算金额：120万元", "最高限价：118万元"),
             ("采购人：某市城市管理局", "代理机构：某某招标有限公司"),
             ("投标截止时间：2027年5月14日9时30分", "开标时间：2027年5月14日9时30分")]

    def draw(c):
        c.setFont("STSong-Light", 14)
        c.drawCentredString(W / 2, H - 60, "城区智慧路灯改造项目招标公告")
        c.setFont("STSong-Light", 10)
        y = H - 100
        for a, b in pairs:
            c.drawString(60, y, a)
            c.drawString(320, y, b)
            y -= 16
        c.drawString(60, y - 10, "一、项目概况")

    lines = _lines(parse_pdf(_pdf(draw), engine))
    assert lines[1:] == [t.replace("：", ":") for p in pairs for t in p] + ["一、项目概况"]
    d = parse_bytes(_pdf(draw).getvalue(), "n.pdf").to_dict()
    assert (d["buyer"], d["agency"], d["max_price"]) == ("某市城市管理局", "某某招标有限公司",
                                                        {"amount": 1_180_000, "currency": "CNY"})


def test_fake_bold_glyphs_printed_twice_are_read_once(engine):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    def draw(c):  # Word's fake bold: the same text again, 0.3 pt to the right
        c.setFont("STSong-Light", 12)
        for dx in (0, 0.3):
            c.drawString(60 + dx, H - 80, "项目名称：城区路灯改造")
        c.setFont("Helvetica", 10)
        for dx in (0, 0.3):
            c.drawString(60 + dx, H - 110, "Closing date: 14 May 2027")

    assert _lines(parse_pdf(_pdf(draw), engine)) == ["项目名称:城区路灯改造", "Closing date: 14 May 2027"]
