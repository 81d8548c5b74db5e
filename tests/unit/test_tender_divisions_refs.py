"""Divisions read from structure (Items / Schedules as lots), titles wrapped at one heading level, and the buyer's own
reference over a portal's system id. Notices of our own wording, not any fixture's."""

from __future__ import annotations

from dealgraph.ingest.tenders import parse_bytes
from dealgraph.ingest.tenders.extract import extract
from dealgraph.ingest.tenders.model import Block, Document, Row

_SPEC_HEAD = ["Clause", "Specification", "Flag"]


def _spec_table(k: int, page: int = 2) -> Block:
    rows = [Row(_SPEC_HEAD, page), Row([f"{k}.1", "Operating time per battery charge: not less than 6 hours", "(M)"], page),
            Row([f"{k}.2", "Mass: not more than 9 kg", "(M)"], page)]
    return Block("table", page, rows=rows)


def _doc(blocks: list[Block], fmt: str = "pdf") -> Document:
    return Document("n." + fmt, fmt, 2, blocks)


def _opening() -> list[Block]:
    return [Block("line", 1, "INVITATION TO TENDER", level=1), Block("line", 1, "Tender Ref.: HMD/T/2029/04"),
            Block("line", 1, "1. Tenders are invited for the goods below. Tender closing: 12:00 noon on 3 May 2029.")]


def test_items_each_over_its_own_specification_table_are_lots():
    blocks = _opening() + [Block("line", 2, "Annex A: Technical Specifications"),
                           Block("line", 2, "Item 1 - Portable Ultrasound Scanner"), _spec_table(1),
                           Block("line", 2, "Item 2 - Bedside Patient Monitor"), _spec_table(2),
                           Block("line", 2, "Annex B: Marking Scheme")]
    lots = extract(_doc(blocks)).lots
    assert [(x.number, x.name) for x in lots] == [("1", "Portable Ultrasound Scanner"), ("2", "Bedside Patient Monitor")]


def test_a_stated_division_over_a_table_numbering_the_items_gives_the_lots():
    table = Block("table", 1, rows=[Row(["Item", "Description", "Quantity"], 1), Row(["1", "Road sweeper, 4 m3 hopper", "3"], 1),
                                    Row(["2", "Footway sweeper, compact", "5"], 1), Row(["3", "Gully emptier", "2"], 1)])
    blocks = _opening() + [Block("line", 1, "The tender is divided into three Items and tenderers may bid for any of them:"),
                           table]
    assert [x.name for x in extract(_doc(blocks)).lots] == ["Road sweeper, 4 m3 hopper", "Footway sweeper, compact",
                                                            "Gully emptier"]


def test_line_items_of_one_schedule_parts_of_the_document_and_an_undivided_tender_are_not_lots():
    one_schedule = Block("table", 1, rows=[Row(["Item", "Description", "Quantity"], 1), Row(["1", "Chest freezer", "3"], 1),
                                           Row(["2", "Delivery and installation", "1"], 1)])
    assert len(extract(_doc(_opening() + [one_schedule])).lots) <= 1
    parts = _opening() + [Block("line", 1, "PART 1 - CONDITIONS OF TENDER"), Block("line", 1, "Tenders must be valid for 90 days."),
                          Block("line", 1, "PART 2 - STATEMENT OF REQUIREMENT"), _spec_table(1, 1),
                          Block("line", 2, "PART 3 - EVALUATION"),
                          Block("table", 2, rows=[Row(["Criterion", "Weight"], 2), Row(["Price", "60"], 2), Row(["Quality", "40"], 2)])]
    assert len(extract(_doc(parts)).lots) <= 1
    undivided = _opening() + [Block("line", 1, "This contract is not divided into lots."),
                              Block("line", 2, "Item 1 - Portable Ultrasound Scanner"), _spec_table(1),
                              Block("line", 2, "Item 2 - Bedside Patient Monitor"), _spec_table(2)]
    assert len(extract(_doc(undivided)).lots) <= 1


def test_items_whose_parts_differ_in_shape_are_not_lots():
    blocks = _opening() + [Block("line", 2, "Item 1 - Portable Ultrasound Scanner"), _spec_table(1),
                           Block("line", 2, "Item 2 - Bedside Patient Monitor"),
                           Block("table", 2, rows=[Row(["Criterion", "Weight"], 2), Row(["Price", "60"], 2),
                                                   Row(["Quality", "40"], 2)])]
    assert len(extract(_doc(blocks)).lots) <= 1


def test_a_title_wrapped_over_two_lines_of_one_heading_level_is_one_title():
    blocks = [Block("line", 1, "HARBOUR CITY MARINE DEPARTMENT", level=1), Block("line", 1, "Tender Ref.: HMD/T/2029/04"),
              Block("line", 1, "Provision of Electric Patrol Launches and Shore Charging Points for the Harbour Patrol and", level=2),
              Block("line", 1, "Pollution Control Section", level=2),
              Block("line", 1, "1. Tenders are invited for the supply described above.")]
    assert extract(_doc(blocks)).project_name == ("Provision of Electric Patrol Launches and Shore Charging Points for the "
                                                  "Harbour Patrol and Pollution Control Section")
    blocks[2] = Block("line", 1, "Provision of Electric Patrol Launches and Shore Charging Points to the Harbour Pollution", level=2)
    blocks[3] = Block("line", 1, "Control Section", level=2)
    assert extract(_doc(blocks)).project_name.endswith("Harbour Pollution Control Section")


def test_a_bilingual_kind_line_and_a_chinese_department_above_the_title_are_not_the_title():
    blocks = [Block("line", 1, "MARINE DEPARTMENT", level=1), Block("line", 1, "海事处", level=1),
              Block("line", 1, "TENDER NOTICE 招标公告", level=1), Block("line", 1, "Tender Ref. 招标编号：MD 4/2029"),
              Block("line", 1, "Supply of Oil Spill Recovery Skimmers", level=2),
              Block("line", 1, "供应浮油回收器", level=2),
              Block("line", 1, "1. Tenders are invited for the supply of oil spill recovery skimmers.")]
    assert extract(_doc(blocks)).project_name == "Supply of Oil Spill Recovery Skimmers"


def test_a_code_written_as_prefix_and_number_with_the_year_is_one_reference():
    p = parse_bytes(b"Tender Notice\nTender Ref.: MSD 12/2028\nSupply of Hospital Beds\n", "t.txt")
    assert p.tender_number == "MSD 12/2028"
    p = parse_bytes(b"Request for Proposals\nRFP No.: ITB 25-118\nSupply of Hospital Beds\n", "t.txt")
    # The label's value as written, the document's kind and all (as the blind sets' truths write it).
    assert p.tender_number == "ITB 25-118"


def test_the_buyers_reference_wins_over_a_portals_system_id():
    text = ("Request for Tenders\nRiverside Water Pumping Upgrade\n"
            "Portal reference: 55201934 Our ref: RWC-PR-2028-112\nTenders close 4 May 2028, 2:00pm.\n")
    assert parse_bytes(text.encode(), "t.txt").tender_number == "RWC-PR-2028-112"
    text = ("INVITATION TO BID\nSupply of One Fire Truck\nBid Reference No. ABC-G-2028-017\n"
            "eProcurement Reference No. 11112222\n1. The Municipality invites bids.\n")
    assert parse_bytes(text.encode(), "t.txt").tender_number == "ABC-G-2028-017"
    # a bare number alone stays the reference
    text = "Request for Tenders\nRiverside Water Pumping Upgrade\nReference: 55201934\nTenders close 4 May 2028, 2:00pm.\n"
    assert parse_bytes(text.encode(), "t.txt").tender_number == "55201934"
