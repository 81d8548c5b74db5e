"""Layout kinds found in session 5 (the misses of blind sets 2-4 by kind, and the first readings of new sets),
each tested on a notice of our own wording, not a blind set's."""

from __future__ import annotations

from dealgraph.algorithms.matching.capabilities import capabilities_from_records
from dealgraph.algorithms.matching.engine import match_requirements, overall
from dealgraph.ingest.tenders import parse_bytes


def _parse(text: str, name: str) -> dict:
    return parse_bytes(text.encode(), name).to_dict()


def _req(d: dict, word: str) -> dict:
    return next(r for r in d["requirements"] if word in r["text"])


STAR_ITEMS = """某区人民医院数据中心蓄电池更换项目 竞争性谈判公告
项目编号：QY-2027-088
采购人：某区人民医院
预算金额：人民币36.5万元
一、技术要求
1. ★储能电池组后备时间≥45分钟，配置电池组不少于3组。
2. ★充电模块效率≥95%。
3. 支持远程监控接口。
以上★号条款共2项，任何一项不满足作无效响应处理。
"""


def test_a_star_item_with_two_bounds_is_one_mandatory_item_and_both_bounds_bind():
    d = _parse(STAR_ITEMS, "battery.txt")
    backup, groups = _req(d, "后备时间"), _req(d, "不少于3组")
    assert backup is not groups
    assert (backup["operator"], backup["value"], backup["mandatory"]) == (">=", 45, True)
    assert (groups["operator"], groups["value"], groups["mandatory"], groups["part_of_mandatory"]) == (">=", 3, False, True)
    # The notice states two ★ items: two are counted, the stated-count check is satisfied.
    assert sum(r["mandatory"] for r in d["requirements"]) == 2
    assert not any(n["field"] == "mandatory" for n in d["needs_review"])
    assert "★" not in groups["text"] and groups["continues"] is True


def test_a_further_bound_of_a_star_item_disqualifies_when_unmet():
    caps = capabilities_from_records([{"id": "sw", "kind": "product", "name": "Core switch S9800 交换机",
                                       "spec": "交换容量=2.4Tbps; 包转发率=720Mpps"}])
    first = {"kind": "technical", "text": "交换容量≥2000Gbps", "parameter": "交换容量", "operator": ">=", "value": 2000,
             "unit": "Gbps", "mandatory": True, "important": False}
    bound = {"kind": "technical", "text": "交换容量≥3000Gbps", "parameter": "交换容量", "operator": ">=", "value": 3000,
             "unit": "Gbps", "mandatory": False, "part_of_mandatory": True, "continues": True, "important": False}
    res = match_requirements([first, bound], caps, deadline="2027-01-10", context_concepts=["switch"])
    assert [m.status for m in res] == ["met", "unmet"]
    summary = overall([first, bound], res)
    assert summary["disqualified"] is True and summary["disqualify_reasons"][0].startswith("★ 交换容量≥3000Gbps")
    # The same bound of an item that is not ★ decides nothing.
    loose = dict(bound, part_of_mandatory=False)
    assert overall([first, loose], match_requirements([first, loose], caps, deadline="2027-01-10",
                                                      context_concepts=["switch"]))["disqualified"] is False
