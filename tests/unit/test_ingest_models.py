"""Record models: parsing and normalisation of the values exports get wrong most often."""

import pytest
from pydantic import ValidationError

from dealgraph.schema.models import (
    RECORD_MODELS,
    Capability,
    Contact,
    Interaction,
    Lead,
    SourceRecord,
)
from dealgraph.schema.values import name_key, parse_date, parse_datetime, parse_money, parse_phone


@pytest.mark.parametrize("raw,expected", [
    ("2024-03-01 10:00:00", "2024-03-01T10:00:00Z"),
    ("2024/03/01 10:00", "2024-03-01T10:00:00Z"),
    ("2024-03-01T10:00:00+08:00", "2024-03-01T02:00:00Z"),
    ("2024年3月1日 10:00", "2024-03-01T10:00:00Z"),
    ("1700000000", "2023-11-14T22:13:20Z"),
    (1700000000123, "2023-11-14T22:13:20Z"),
    ("2024-03-01", "2024-03-01T00:00:00Z"),
])
def test_datetimes_become_utc_iso(raw, expected):
    assert parse_datetime(raw) == expected


@pytest.mark.parametrize("raw,expected", [
    ("2021-03", "2021-03-01"), ("2021年3月5日", "2021-03-05"), ("20210305", "2021-03-05"), ("至今", None), ("", None),
])
def test_dates(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw,expected", [  # issue 18 case 9: forms spreadsheets export
    ("5 Jan 2026", "2026-01-05"), ("Jan 5, 2026", "2026-01-05"), ("05-Jan-2026", "2026-01-05"),
    ("January 13 2026", "2026-01-13"), ("13-01-2026", "2026-01-13"), ("01/13/2026", "2026-01-13"),
    ("46027", "2026-01-05"), (46027, "2026-01-05"), ("45000.5", "2023-03-15"),
])
def test_spreadsheet_dates(raw, expected):
    assert parse_date(raw) == expected


def test_excel_serial_with_time_and_ambiguous_numeric_date():
    assert parse_datetime("45000.5") == "2023-03-15T12:00:00Z"
    assert parse_datetime("5 Jan 2026 09:30") == "2026-01-05T09:30:00Z"
    with pytest.raises(ValueError, match="ambiguous"):
        parse_date("05-01-2026")


def test_bad_date_raises():
    with pytest.raises(ValueError, match="not a date"):
        parse_date("next tuesday")


@pytest.mark.parametrize("raw,expected", [
    ("138-0013-8000", "+8613800138000"), ("+86 138 0013 8000", "+8613800138000"),
    ("008613800138000", "+8613800138000"), ("010-12345678", "+861012345678"),
    ("+1 (415) 555-0100", "+14155550100"), (13800138000.0, "+8613800138000"), ("138 0013 8000 转 12", "+8613800138000;ext=12"),
    # issue 18 case 7: extensions kept (RFC 3966), not glued onto the number nor dropped
    ("010-88888888-123", "+861088888888;ext=123"), ("010-88888888 ext. 123", "+861088888888;ext=123"),
    ("+1 415 555 0100 x45", "+14155550100;ext=45"), ("0755-2345678转8001", "+867552345678;ext=8001"),
    ("021 5555 6666 分机：12", "+862155556666;ext=12"), ("+86 10 8888 8888;ext=9", "+861088888888;ext=9"),
    ("(010) 88888888 #77", "+861088888888;ext=77"),
])
def test_phones_normalised(raw, expected):
    assert parse_phone(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "12", "1380013800012345678", "phone: 138", "00000000000",
                                 "010-8888 ext. abc", "12345 转 1"])
def test_bad_phones_rejected(raw):
    with pytest.raises(ValueError):
        parse_phone(raw)


@pytest.mark.parametrize("raw,expected", [("120万元", 1_200_000.0), ("1.5亿", 150_000_000.0),
                                          ("¥1,200,000.00", 1_200_000.0), ("3.2M", 3_200_000.0), (500, 500.0)])
def test_money(raw, expected):
    assert parse_money(raw) == expected


def test_contact_normalises_and_coerces_ids():
    c = Contact(id=1001.0, name=" 张三 ", email="Zhang.San@Example.COM", phone="13800138000")
    assert (c.id, c.name, c.email, c.phone) == ("1001", "张三", "zhang.san@example.com", "+8613800138000")


def test_every_error_of_a_row_is_reported():
    with pytest.raises(ValidationError) as e:
        Contact(id=None, name="x", phone="abc", email="not-an-email")
    fields = sorted(err["loc"][0] for err in e.value.errors())
    assert fields == ["email", "id", "phone"]


def test_interaction_kind_aliases_and_lists():
    i = Interaction(id="i", kind="企业微信", at="2024-01-01", contact_ids="c1；c2;c3")
    assert i.kind == "wecom" and i.contact_ids == ["c1", "c2", "c3"]
    with pytest.raises(ValidationError):
        Interaction(id="i", kind="fax", at="2024-01-01", contact_ids="c1")
    with pytest.raises(ValidationError):
        Interaction(id="i", kind="call", at="2024-01-01", contact_ids="c1", sentiment=2)


def test_capability_kind_and_lead_fields():
    assert Capability(id="k", kind="资质", name="ISO 27001").kind == "certification"
    lead = Lead(id="l", created_at="2024-01-01", budget="50万", pages_visited="/a;/b;/c", converted="是")
    assert (lead.budget, lead.pages_visited, lead.converted) == (500_000.0, 3, True)


def test_source_record_id_derived():
    s = SourceRecord(source="wecom", source_id="wmABC", kind="person", name="李四")
    assert s.id == "wecom:wmABC"


def test_every_record_kind_of_the_vocabulary_exists():
    assert set(RECORD_MODELS) == {
        "account", "department", "contact", "career", "tie", "education", "interaction", "user", "ownership",
        "lead", "opportunity", "stage_history", "tender", "award", "capability", "source_record"}


def test_name_key_ignores_width_case_and_spacing():
    assert name_key("华为技术有限公司 ") == name_key("华为技术 有限公司")
    assert name_key("ACME Co., Ltd.") == name_key("acme co ltd")


def test_numeric_date_order_and_rewriting():
    from dealgraph.schema.values import in_order, numeric_date_order

    assert [numeric_date_order(v) for v in ("13-01-2026", "01/13/2026", "05-01-2026", "07.07.2026", "2026-01-05",
                                            "5 Jan 2026", None)] == ["dmy", "mdy", "either", None, None, None, None]
    assert in_order("05-01-2026", "dmy") == "2026-01-05" and in_order("05/01/2026 9:30", "mdy") == "2026-05-01 09:30"
