"""schema/values.py: one rule per value kind, strict for ingest and lenient for matching (table-driven)."""

import math

import pytest

from dealgraph.schema import values as V


@pytest.mark.parametrize("raw, strict, key", [
    ("138-0013-8000", "+8613800138000", "+8613800138000"),
    ("(+86)138 1234 5678", "+8613812345678", "+8613812345678"),
    ("8613812345678", "+8613812345678", "+8613812345678"),
    ("+86 (0)10 6234 5678", "+861062345678", "+861062345678"),      # trunk 0 after +86 dropped
    ("010-88888888-123", "+861088888888;ext=123", "+861088888888"),  # the key has no extension
    ("0755-8765 4321 转 808", "+8675587654321;ext=808", "+8675587654321"),
    ("+1 415 555 0100 x45", "+14155550100;ext=45", "+14155550100"),
    ("0412 345 678", "+86412345678", "+86412345678"),               # 0 + 9 digits reads as a CN landline
    ("6234 5678", "+62345678", None),        # a local number: kept by ingest, no matching key
    ("１３８１２３４５６７８", "+8613812345678", "+8613812345678"),  # full-width digits
    ("", None, None), ("n/a", None, None),
])
def test_phone_strict_and_key(raw, strict, key):
    assert V.parse_phone(raw) == strict
    assert V.phone_key(raw) == key


@pytest.mark.parametrize("raw", ["abc", "12", "00000000000", "phone: 138", "12345 转 1"])
def test_bad_phone_raises_and_has_no_key(raw):
    with pytest.raises(ValueError):
        V.parse_phone(raw)
    assert V.phone_key(raw) is None


@pytest.mark.parametrize("raw, out", [
    ("Zhang.San@Example.COM", "zhang.san@example.com"),
    ("mailto:<li.na@pm.me>", "li.na@pm.me"),
    ("李娜＠163.com", "李娜@163.com"),       # full-width at sign folds under NFKC
    ("wang@例子.中国", "wang@例子.中国"),      # internationalised domain and TLD
    (None, None), ("-", None),
])
def test_email(raw, out):
    assert V.parse_email(raw) == out


@pytest.mark.parametrize("raw", ["not-an-email", "a@b.c", "a@@b.com", "zhang@huawei"])
def test_bad_email(raw):
    with pytest.raises(ValueError, match="not an email"):
        V.parse_email(raw)


@pytest.mark.parametrize("raw, out, error", [
    ("91440300708461136T", "91440300708461136T", None),
    ("9144 0300-7084 6113 6t", "91440300708461136T", None),   # spaces, hyphens, lower case
    ("91440300708461136X", None, "check character"),           # pattern right, checksum wrong
    ("91440300708461136", None, "18-character"),
    ("9144030070846113IT", None, "18-character"),              # I is not in the alphabet
    ("", None, None),
])
def test_credit_code_with_checksum(raw, out, error):
    if error:
        with pytest.raises(ValueError, match=error):
            V.parse_credit_code(raw)
        assert V.lenient(V.parse_credit_code)(raw) is None
    else:
        assert V.parse_credit_code(raw) == out


@pytest.mark.parametrize("raw, out", [
    ("120万元", 1_200_000.0), ("1.5亿", 150_000_000.0), ("¥1,200,000.00", 1_200_000.0), ("3.2M", 3_200_000.0),
    (500, 500.0), ("", None), ("-", None),
])
def test_money_cell(raw, out):
    assert V.parse_money(raw) == out


@pytest.mark.parametrize("num, out", [("1,200,000.00", 1_200_000.0), ("4 800 000,00", 4_800_000.0),
                                      ("4.800.000,00", 4_800_000.0), ("1,200", 1200.0), ("12,5", 12.5)])
def test_read_number_forms(num, out):
    assert V.read_number(num) == out


@pytest.mark.parametrize("words, out", [("壹佰贰拾万", 1_200_000.0), ("三千五百", 3500.0), ("两亿", 2e8), ("abc", None)])
def test_cn_number(words, out):
    assert V.cn_number(words) == out


@pytest.mark.parametrize("raw, dayfirst, out", [
    ("1990-03-07", False, "1990-03-07"), ("1990年3月7日", False, "1990-03-07"), ("19900307", False, "1990-03-07"),
    ("13-01-2026", False, "2026-01-13"), ("07/03/1990", True, "1990-03-07"), ("03/25/1990", True, "1990-03-25"),
    ("至今", False, None),
])
def test_dates(raw, dayfirst, out):
    assert V.parse_date(raw, dayfirst=dayfirst) == out


def test_ambiguous_date_needs_dayfirst():
    with pytest.raises(ValueError, match="ambiguous"):
        V.parse_date("07/03/1990")
    with pytest.raises(ValueError, match="not a date"):
        V.parse_date("31/02/1990", dayfirst=True)


@pytest.mark.parametrize("raw, out", [
    (3, 3.0), (2.5, 2.5), ("0.25", 0.25), (" 7 ", 7.0),
    (True, None), (False, None),              # a flag is not a quantity
    (float("nan"), None), (math.inf, None), ("nan", None),
    ("", None), (None, None), ("abc", None), ([1], None),
])
def test_to_float(raw, out):
    assert V.to_float(raw) == out


def test_to_float_default():
    assert V.to_float(None, 0.0) == 0.0 and V.to_float(float("nan"), -1.0) == -1.0 and V.to_float("4", 0.0) == 4.0
