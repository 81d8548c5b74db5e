"""Next best actions with amounts in several currencies: compared only within a currency (merged by rank, said
in each reason) unless a rate table the user gives converts them; an unstated currency is the one the others
state when they state one; bad rate tables name the field."""

import pytest

from dealgraph.algorithms.opportunities.currency_rank import Rates, rank
from dealgraph.errors import InputError


def _a(i, amount, currency=None, **kw):
    return {"action_id": f"a{i}", "reason": "why", "expected_change": {"won_amount": amount},
            "currency": currency, **kw}


def test_one_currency_ranks_by_amount_and_unstated_takes_it():
    ranked, notes = rank([_a(1, 10, "CNY"), _a(2, 30), _a(3, 20, "CNY"), _a(4, float("nan"), "CNY")])
    assert [a["action_id"] for a in ranked] == ["a2", "a3", "a1", "a4"] and notes == []
    assert [a["rank"] for a in ranked] == [1, 2, 3, 4]
    assert ranked[0]["currency"] == "CNY" and "CNY" in ranked[0]["evidence"]["currency_assumed"]
    assert {a["ranked_in"] for a in ranked} == {"CNY"} and all(a["reason"] == "why" for a in ranked)


def test_two_currencies_are_ranked_within_each_and_merged_by_rank():
    acts = [_a(1, 100, "CNY"), _a(2, 50, "CNY"), _a(3, 40, "CNY"), _a(4, 20, "USD"), _a(5, 9, "USD"), _a(6, 70)]
    ranked, notes = rank(acts)
    # 100 CNY is not "more" than 20 USD: each currency's first, then each one's second, ...
    assert [a["action_id"] for a in ranked] == ["a1", "a4", "a6", "a2", "a5", "a3"]
    assert [a["ranked_in"] for a in ranked[:3]] == ["CNY", "USD", "not stated"]
    assert ranked[1]["reason"].startswith("why; ranked among the USD actions only: amounts in CNY, USD, not stated "
                                          "are not compared without a rate table")
    assert ranked[2]["currency"] is None  # two currencies stated: an unstated one is not guessed
    assert len(notes) == 1 and "ranked within currency (CNY: 3, USD: 2, not stated: 1)" in notes[0]


def test_a_rate_table_ranks_them_together():
    acts = [_a(1, 100, "CNY"), _a(2, 50, "CNY"), _a(3, 20, "USD"), _a(4, 9, "usd".upper()), _a(5, 1, "JPY")]
    ranked, notes = rank(acts, Rates("CNY", {"USD": 7.0}))
    assert [a["action_id"] for a in ranked if a["ranked_in"] == "CNY"] == ["a3", "a1", "a4", "a2"]  # 140, 100, 63
    assert ranked[0]["expected_change"]["won_amount_cny"] == 140.0 and ranked[0]["evidence"]["rate"]["per_unit"] == 7
    jpy = next(a for a in ranked if a["action_id"] == "a5")
    assert jpy["ranked_in"] == "JPY" and "converts into CNY only USD" in jpy["reason"] and notes
    # deals of one account in two currencies (a meeting's change): converted per currency, or kept apart
    mixed = _a(6, None, "CNY+USD", expected_change={"won_amount": 0, "by_currency": {"CNY": 10.0, "USD": 10.0}})
    ranked, _ = rank([mixed, _a(1, 75, "CNY")], Rates("CNY", {"USD": 7.0}))
    assert [a["action_id"] for a in ranked] == ["a6", "a1"] and ranked[0]["expected_change"]["won_amount_cny"] == 80
    ranked, notes = rank([dict(mixed, expected_change=dict(mixed["expected_change"])), _a(1, 75, "CNY")])
    assert {a["ranked_in"] for a in ranked} == {"CNY", "CNY+USD"} and "not compared" in notes[0]


def test_rate_table_files(tmp_path):
    f = tmp_path / "rates.toml"
    f.write_text('base = "cny"\n[rates]\nUSD = 7.1\neur = 7.7\n', encoding="utf-8")
    r = Rates.load(f)
    assert (r.base, r.per_unit, r.factor("CNY"), r.factor(None)) == ("CNY", {"USD": 7.1, "EUR": 7.7}, 1.0, None)
    j = tmp_path / "rates.json"
    j.write_text('{"base": "USD", "rates": {"CNY": 0.14}}', encoding="utf-8")
    assert Rates.load(j).factor("CNY") == 0.14
    for text, words in (('[rates]\nUSD = 7\n', "'base'"), ('base = "CNY"\n[rates]\nUSD = -1\n', "rates.USD"),
                        ('base = "CNY"\nrate = 1\n', "unknown field"), ('base = "CNY"\nrates = 3\n', "'rates'"),
                        ("base = ", "not a readable rate table")):
        f.write_text(text, encoding="utf-8")
        with pytest.raises(InputError, match=words):
            Rates.load(f)
