"""The document tree tender extraction reads from, and the self-checks that say what needs a human."""

from dealgraph.ingest.tenders import parse_bytes
from dealgraph.ingest.tenders.parse import to_document
from dealgraph.ingest.tenders.tree import build_tree, numbering

NESTED = """七、其他补充事宜
1．本项目不收取保证金。
2．主要技术要求如下，标注“★”的为实质性要求：
★1．交换机数量：不少于40台；
2．上行带宽不低于10Gbps；
3．评审办法：综合评分法。评审因素及分值如下：
价格分：30分；
技术方案：70分。
4．其他未尽事宜见采购文件。
"""


def _sections(node, out):
    out.append((node.kind, node.section, node.text[:8]))
    for c in node.children:
        _sections(c, out)
    return out


def test_numbering_schemes():
    assert numbering("一、项目概况")[0] == "cn"
    assert numbering("（二）通信网络")[0] == "cn_paren"
    assert numbering("★１．主控制器")[0] == "arabic"  # halfwidth is the parser's job; full-width dot accepted
    assert numbering("II.1.5) Estimated total value")[0].startswith("eu:")
    assert numbering("ITB 19.1 A Bid Security")[0].startswith("bds:")
    assert numbering("2024年1月1日以来") is None


def test_restarted_list_nests_under_its_item_and_the_outer_list_resumes():
    doc = to_document(NESTED.encode(), "n.txt")
    tree = build_tree(doc)
    top = tree.children[0]
    assert [c.number for c in top.children] == ["1", "2", "3", "4"]
    tech, scoring, rest = top.children[1], top.children[2], top.children[3]
    assert [c.number for c in tech.children] == ["1", "2"] and tech.section == "technical"
    assert scoring.section == "scoring" and rest.section == "other"
    d = parse_bytes(NESTED.encode(), "n.txt").to_dict()
    assert [(s["item"], s["points"]) for s in d["scoring"]] == [("价格分", 30), ("技术方案", 70)]
    assert {(r["parameter"], r["value"], r["unit"], r["mandatory"]) for r in d["requirements"]} >= {
        ("交换机数量", 40, "台", True), ("上行带宽", 10, "Gbps", False)}


HTML = """<html><body><h1>Campus network refresh</h1>
<p>Reference number: CN-2027-04</p>
<h3>2. Selection criteria</h3><ul><li>ISO 27001 certification.</li></ul>
<h3>3. Technical specification</h3>
<ul><li>Core switch uplinks of at least 100 Gbps. [Mandatory]</li>
<li>Access switches: minimum of 48 ports each.</li>
<li>Failover within 1 second. (M)</li></ul>
<h3>4. Award criteria</h3>
<table><tr><th>Criterion</th><th>Description</th><th>Weighting</th></tr>
<tr><td>A1</td><td>Quality</td><td>60%</td></tr><tr><td>A2</td><td>Price</td><td>40%</td></tr>
<tr><td></td><td>Total</td><td>100%</td></tr></table>
<h3>5. Time limit for receipt of tenders</h3><p>Date: 28 July 2027</p><p>Local time: 2:00pm</p>
<p>Country: United Kingdom</p></body></html>"""


def test_html_headings_open_sections_and_english_markers_count():
    d = parse_bytes(HTML.encode(), "n.html").to_dict()
    assert d["project_name"] == "Campus network refresh" and d["tender_number"] == "CN-2027-04"
    tech = [r for r in d["requirements"] if r["kind"] == "technical"]
    assert [(r["operator"], r["value"], r["unit"], r["mandatory"]) for r in tech] == [
        (">=", 100, "Gbps", True), (">=", 48, "ports", False), ("<=", 1, "second", True)]
    assert sum(s["points"] for s in d["scoring"]) == 100  # the Total row is not an item
    assert d["deadline"] == "2027-07-28T14:00:00+01:00"  # UK summer time: the country's zone, not UTC
    # the buyer is not in this notice: said, not guessed; it names no budget either, so none is missing
    assert {n["field"] for n in d["needs_review"]} == {"buyer"}


def test_self_checks_flag_what_does_not_add_up():
    text = """项目名称：测试项目
项目编号：T-1
采购人：某局
预算金额：100万元
投标截止时间：2027年1月5日9时30分
发布时间：2027年2月1日
三、技术要求
以下★号条款共3项。
★1．核心带宽：不少于8个；
★2．内存容量不少于64GB；
四、评分标准
1．价格：30分
2．技术：30分
"""
    d = parse_bytes(text.encode(), "x.txt").to_dict()
    flagged = {n["field"]: n["reason"] for n in d["needs_review"]}
    assert "scoring" in flagged and "60" in flagged["scoring"]  # 30 + 30 is not 100
    assert "mandatory" in flagged  # 2 ★ items, the notice states 3
    assert "deadline" in flagged  # before the publication date
    bad = next(k for k in flagged if k.startswith("requirements["))
    assert d["requirements"][int(bad[13:-1])]["unit"] == "个"  # a bandwidth counted in 个
    assert d["confidence"]["scoring"] < 0.5 and d["confidence"]["project_name"] >= 0.9


def test_tree_nodes_hold_key_values_and_table_rows_in_reading_order():
    html = """<html><body><h1>Campus network refresh</h1>
<dl><dt>Reference number:</dt><dd>CN-2027-04</dd><dt>Buyer</dt><dd>Eastfield County Council</dd></dl>
<h2>Award criteria</h2>
<table><tr><th>Criterion</th><th>Weighting</th></tr><tr><td>Quality</td><td>60%</td></tr>
<tr><td>Price</td><td>40%</td></tr></table></body></html>"""
    doc = to_document(html.encode(), "n.html")
    tree = build_tree(doc)
    nodes = [n for n in tree.walk() if n.block is not None]
    assert [n.block for n in nodes] == sorted(n.block for n in nodes)  # pre-order is the reading order
    kv = [(n.key, n.value) for n in nodes if n.kind == "kv"]
    assert kv == [("Reference number", "CN-2027-04"), ("Buyer", "Eastfield County Council")]  # <dt>+<dd>: one pair
    table = next(n for n in nodes if n.kind == "table")
    assert table.header == ["Criterion", "Weighting"] and len(table.rows) == 3 and table.section == "scoring"
    d = parse_bytes(html.encode(), "n.html").to_dict(tree=True)
    assert (d["tender_number"], d["buyer"]) == ("CN-2027-04", "Eastfield County Council")
    assert [(s["item"], s["points"]) for s in d["scoring"]] == [("Quality", 60), ("Price", 40)]
    top = d["tree"]["children"][0]
    assert top["kind"] == "heading" and top["text"] == "Campus network refresh"
    assert any(c.get("header") == ["Criterion", "Weighting"] for c in top["children"][-1]["children"])
    assert "tree" not in parse_bytes(html.encode(), "n.html").to_dict()  # only when asked (`tender parse --json --tree`)


def test_pdfium_path_marks_font_headings_as_pdfplumber_does():
    from pathlib import Path

    from dealgraph.ingest.tenders.parse_pdf import parse_pdf
    from dealgraph.ingest.tenders.parse_pdfium import parse_pdfium

    pdf = Path(__file__).parents[1] / "fixtures" / "tenders_blind" / "docs" / "us_state_rfp_cad_replacement.pdf"
    fast = [b.text for b in parse_pdfium(pdf.read_bytes()).blocks if b.level]
    slow = [b.text for b in parse_pdf(pdf).blocks if b.level]
    assert "REQUEST FOR PROPOSAL" in fast and len(set(fast) & set(slow)) >= 0.8 * len(slow)
