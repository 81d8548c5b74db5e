"""Survivorship by value counts: updating a golden from its new records alone gives the same
fields as reading every member again, whatever the order records arrive in."""

import random

from dealgraph.ingest.identity import survivorship as sv
from dealgraph.ingest.identity.graph_store import SEEN_FIELDS
from dealgraph.schema.graph_model import IDENTITY_PROPERTIES

PEOPLE = [
    {"kind": "person", "name": "张伟", "email": "Zhang.Wei@Acme.cn", "phone": "138 0013 8000", "company": "甲公司"},
    {"kind": "person", "name": "Wei Zhang", "email": "zhang.wei@acme.cn", "mobile": "+86 13800138000",
     "title": "CTO"},
    {"kind": "person", "name": "张伟", "name_en": "David Zhang", "wecom_unionid": "u1", "title": "技术总监"},
    {"kind": "person", "name": "张 伟", "phone": "13900139000", "company": "乙公司", "title": "CTO"},
]
COMPANIES = [
    {"kind": "company", "name": "Acme Ltd", "credit_code": "91310000MA1FL0XX1X", "website": "acme.cn"},
    {"kind": "company", "name": "上海甲科技有限公司", "phone": "021-5555"},
    {"kind": "company", "company": "甲科技", "website": "acme.cn"},
]


def test_counts_added_equal_counts_of_all_members():
    for kind, members in (("person", PEOPLE), ("company", COMPANIES)):
        whole = sv.counts(kind, members)
        stepwise = sv.counts(kind, members[:1])
        for m in members[1:]:
            stepwise = sv.add(sv.from_json(sv.to_json(stepwise)), sv.counts(kind, [m]))
        assert stepwise == whole
        assert sv.size(whole) == len(members)
        assert sv.fields(kind, stepwise) == sv.survivorship(kind, members)


def test_fields_do_not_depend_on_member_order():
    rng = random.Random(3)
    for kind, members in (("person", PEOPLE), ("company", COMPANIES)):
        want = sv.survivorship(kind, members)
        for _ in range(20):
            shuffled = members[:]
            rng.shuffle(shuffled)
            assert sv.survivorship(kind, shuffled) == want


def test_person_fields():
    f = sv.survivorship("person", PEOPLE)
    assert f["name"] == "张伟"  # hanzi preferred, most frequent
    assert f["email"] == "zhang.wei@acme.cn"  # normalised before counting
    assert f["title"] == "CTO"
    assert f["company"] == "乙公司"  # a tie goes to the smallest value
    c = sv.survivorship("company", COMPANIES)
    assert c["name"] == "上海甲科技有限公司" and c["website"] == "acme.cn"


def test_identity_properties_are_what_the_resolver_reads():
    assert list(IDENTITY_PROPERTIES) == SEEN_FIELDS
