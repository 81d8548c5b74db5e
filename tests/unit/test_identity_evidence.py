"""Evidence the matcher must not miss: registered company names, tiny files, the merge
threshold, aliases learned across scripts, the employer named by a work e-mail domain."""

import csv

import numpy as np
from typer.testing import CliRunner

from dealgraph.cli import app
from dealgraph.demo.identity_noise import random_credit_code
from dealgraph.ingest.identity import aliases
from dealgraph.ingest.identity.normalise import company_full, company_region, domain_core, is_registered_name
from dealgraph.ingest.identity.resolve import DEFAULT_THRESHOLD, resolve, threshold_from_labels

CITIES = ("长沙", "株洲", "湘潭", "衡阳", "岳阳", "常德", "郴州", "益阳", "永州", "怀化", "娄底", "邵阳")
UNITS = ("中医院", "人民医院", "妇幼保健院", "教育局", "中心医院")


def _public_bodies() -> list[dict]:
    """60 public bodies whose cores (中医院, 教育局 ...) repeat in every city: the core is
    generic, only the full name identifies one."""
    return [{"id": f"crm:{c}{u}", "kind": "company", "name": f"{c}市{u}"} for c in CITIES for u in UNITS]


def _cluster_of(res) -> dict[str, str]:
    return dict(zip(res.ids, res.cluster_ids()))


def test_normalisers_for_full_names_and_domains():
    assert company_full("(长沙)市中医院") == company_full("长沙市中医院") != company_full("株洲市中医院")
    assert company_full("市妇幼保健院", "南京") == company_full("南京市妇幼保健院")
    assert company_region("株洲市中医院") == "株洲" and company_region("腾讯科技(深圳)有限公司") == "深圳"
    assert company_region("华为技术有限公司") is None and company_region("农贸市场") is None
    assert company_full("南京正泰新能源有限责任公司") == company_full("南京正泰新能源有限公司")
    assert company_full("Tencent Technology Co., Limited") == company_full("TENCENT TECHNOLOGY CO LTD")
    assert is_registered_name("长沙市中医院") and is_registered_name("华为技术有限公司")
    assert not is_registered_name("华为") and not is_registered_name("腾强技术")
    assert domain_core("mail.huawei.com") == "huawei" and domain_core("baihua43.com.cn") == "baihua"
    assert domain_core("qq.com") is None and domain_core("163.com") is None


def test_same_registered_name_merges_despite_a_generic_core():
    erp = {"id": "erp:KH00004", "kind": "company", "name": "(长沙)市中医院", "city": "长沙"}
    truncated = {"id": "erp:KH00005", "kind": "company", "name": "市妇幼保健院", "region": "湘潭"}
    rows = _company_background() + _public_bodies() + [erp, truncated]
    res = resolve(rows)
    cid = _cluster_of(res)
    assert cid["erp:KH00004"] == cid["crm:长沙中医院"]
    assert cid["erp:KH00005"] == cid["crm:湘潭妇幼保健院"]  # its city came from the region column
    assert cid["crm:长沙中医院"] != cid["crm:株洲中医院"]  # same generic core, other city
    bodies = {cid[r["id"]] for r in _public_bodies()}
    assert len(bodies) == len(_public_bodies())  # no two cities' bodies merged
    e = next(e for e, (a, b) in enumerate(res.pairs.tolist())
             if {res.ids[a], res.ids[b]} == {"erp:KH00004", "crm:长沙中医院"})
    assert res.method[e] == "deterministic:registered_name" and res.scores[e] >= 0.99


def test_registered_name_yields_to_conflicting_credit_codes():
    rows = _public_bodies()
    rows[0] = {**rows[0], "credit_code": random_credit_code(__import__("random").Random(1))}
    twin = {"id": "erp:X", "kind": "company", "name": rows[0]["name"],
            "credit_code": random_credit_code(__import__("random").Random(2))}
    cid = _cluster_of(resolve(rows + [twin]))
    assert cid["erp:X"] != cid[rows[0]["id"]]


def test_tiny_file_still_merges_on_a_shared_email():
    rows = [{"id": "1", "name": "王伟", "email": "Wang.Wei+crm@Huawei.com", "phone": "13812345678"},
            {"id": "2", "name": "Wei Wang", "email": "wang.wei@huawei.com"},
            {"id": "3", "name": "李娜", "email": "lina@tencent.com", "phone": "13900001111"},
            {"id": "4", "name": "张敏", "email": "zhangmin@baidu.com"}]
    cid = _cluster_of(resolve(rows))
    assert cid["1"] == cid["2"]
    assert len({cid["1"], cid["3"], cid["4"]}) == 3


def test_threshold_from_labels_moves_only_with_enough_decisions():
    scores = np.array([0.9, 0.8, 0.7, 0.45, 0.4, 0.35, 0.3, 0.2, 0.1, 0.05, 0.02, 0.01])
    same = np.array([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0], dtype=bool)  # matches score as low as 0.35
    t = threshold_from_labels(scores, same)
    assert t is not None and 0.35 <= t < DEFAULT_THRESHOLD
    assert threshold_from_labels(scores[:4], same[:4]) is None  # too few decisions
    assert threshold_from_labels(scores, np.ones(len(scores), dtype=bool)) is None  # one outcome only


def test_cli_threshold_option_changes_the_merges(tmp_path):
    src = tmp_path / "in.csv"
    rows = [("1", "王伟", "wang.wei@huawei.com", "13812345678"), ("2", "Wei Wang", "wang.wei@huawei.com", ""),
            ("3", "李娜", "lina@tencent.com", "13900001111"), ("4", "张敏", "zhangmin@baidu.com", "")]
    with src.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "email", "phone"])
        w.writerows(rows)
    runner = CliRunner()
    assert "--threshold" in runner.invoke(app, ["identity", "resolve", "--help"]).output

    def clusters(*extra: str) -> dict[str, str]:
        out = tmp_path / f"out{len(extra)}.csv"
        result = runner.invoke(app, ["identity", "resolve", str(src), "--id-column", "id", "--out", str(out), *extra])
        assert result.exit_code == 0, result.output
        with out.open(encoding="utf-8") as fh:
            return {r["record_id"]: r["cluster_id"] for r in csv.DictReader(fh)}

    default = clusters()
    assert default["1"] == default["2"]
    strict = clusters("--threshold", "0.999999")
    assert strict["1"] != strict["2"]
    bad = runner.invoke(app, ["identity", "resolve", str(src), "--id-column", "id", "--out",
                              str(tmp_path / "x.csv"), "--threshold", "1.5"])
    assert bad.exit_code != 0


def test_aliases_learned_from_records_with_both_names():
    learned = aliases.learn([("tengxun", "tencent", None), ("huawei", "huawei", "huawei"), ("abc", None, None)])
    assert learned["tengxun"] == learned["tencent"]
    assert "huawei" not in learned and "abc" not in learned  # nothing to alias
    # a core that two records give two different English names is ambiguous, not an alias
    generic = aliases.learn([("fuyoubaojianyuan", "nanjingmaternal", None),
                             ("fuyoubaojianyuan", "tianjinmaternal", None)])
    assert generic == {}
    # a chain longer than one organisation's spellings is dropped
    chained = aliases.learn([(f"a{i}bc", f"x{i}yz", f"x{i + 1}yz") for i in range(aliases.MAX_GROUP)])
    assert chained == {}


def _company_background() -> list[dict]:
    """Generated company records with their own duplicates (EM needs matches to learn m),
    minus any that the generator happened to call 腾讯/Tengxun."""
    from dealgraph.demo.identity_noise import generate_cn

    rows, _ = generate_cn(5, 120, noise=0.1, seed=11)
    return [{"id": r["record_id"], "kind": "company", "name": r["name"], "credit_code": r["credit_code"],
             "city": r["city"]} for r in rows
            if r["kind"] == "company" and "腾讯" not in r["name"] and "tengxun" not in r["name"].lower()]


def test_cross_script_company_match_through_a_learned_alias():
    background = _company_background()
    hanzi_only = {"id": "tender:1", "kind": "company", "name": "腾讯科技有限公司"}
    english_only = {"id": "web:2", "kind": "company", "name": "Tencent Technology Co., Ltd."}
    without = _cluster_of(resolve(background + [hanzi_only, english_only]))
    assert without["tender:1"] != without["web:2"]  # tengxun != tencent: nothing links them
    both = {"id": "crm:ACC1", "kind": "company", "name": "腾讯科技(深圳)有限公司",
            "name_en": "Tencent Technology (Shenzhen) Co., Ltd.", "website": "https://www.tencent.com"}
    cid = _cluster_of(resolve(background + [both, hanzi_only, english_only]))
    assert cid["tender:1"] == cid["web:2"] == cid["crm:ACC1"]
    assert sum(1 for k, v in cid.items() if v == cid["crm:ACC1"]) == 3  # nothing else joined them


def test_work_email_domain_names_the_employer():
    """Same name; one record has the company, the other only a work address at its domain.
    A colleague-free namesake at another employer must stay apart."""
    from dealgraph.demo.identity_noise import generate_cn

    rows, _ = generate_cn(300, 60, noise=0.1, seed=3)
    base = [{"id": r["record_id"], "kind": r["kind"], "name": r["name"], "company": r["company"],
             "email": r["email"], "phone": r["phone"]} for r in rows]
    extra = [{"id": "x:crm", "kind": "person", "name": "欧阳娜", "company": "千涵信息技术有限公司", "phone": "13011112222"},
             {"id": "x:mail", "kind": "person", "name": "Na Ouyang", "email": "na.ouyang@qianhan.com.cn"},
             {"id": "x:other", "kind": "person", "name": "Na Ouyang", "email": "na.ouyang@bosheng.com.cn"}]
    res = resolve(base + extra)
    cid = _cluster_of(res)
    assert cid["x:crm"] == cid["x:mail"]
    assert cid["x:other"] != cid["x:crm"]
    e = next(e for e, (a, b) in enumerate(res.pairs.tolist()) if {res.ids[a], res.ids[b]} == {"x:crm", "x:mail"})
    assert '"employer_vs_domain": {"level": "same organisation"' in res.evidence(e)


def test_name_vs_email_tolerates_one_typo_in_the_local_part():
    from dealgraph.ingest.identity.compare import _name_email_level, _name_keys

    full, initial = _name_keys("yin yu")
    assert _name_email_level((full, initial, None), (frozenset(), frozenset(), "yinyu")) == 4
    assert _name_email_level((full, initial, None), (frozenset(), frozenset(), "yingu")) == 3
    assert _name_email_level((full, initial, None), (frozenset(), frozenset(), "zhangsan")) == 1


def test_labels_set_the_default_threshold_but_an_explicit_one_wins():
    from dealgraph.demo.identity_noise import generate_cn
    from dealgraph.ingest.identity.resolve import ResolveConfig

    rows, truth = generate_cn(200, 40, noise=0.2, seed=4)
    recs = [{"id": r["record_id"], "kind": r["kind"], "name": r["name"], "company": r["company"],
             "email": r["email"], "phone": r["phone"]} for r in rows]
    first = resolve(recs)
    assert first.stats["threshold_source"] == "default" and first.threshold == DEFAULT_THRESHOLD
    # a reviewer decides the 40 most borderline candidate pairs (truth plays the reviewer)
    order = np.argsort(np.abs(first.scores - 0.5))[:40]
    labels = {(first.ids[a], first.ids[b]): truth[first.ids[a]] == truth[first.ids[b]]
              for a, b in first.pairs[order].tolist()}
    assert len(set(labels.values())) == 2
    auto = resolve(recs, labels=labels)
    assert auto.stats["threshold_source"] == "labels" and 0.2 <= auto.threshold <= 0.8
    given = resolve(recs, ResolveConfig(threshold=0.7), labels=labels)
    assert given.stats["threshold_source"] == "given" and given.threshold == 0.7


def test_registration_city_is_compared_with_the_other_records_city_column():
    from dealgraph.ingest.identity.compare import REGION_CITY, comparisons_for
    from dealgraph.ingest.identity.records import prepare

    p = prepare([{"id": "a", "kind": "company", "name": "武汉博桂数据集团有限公司"},
                 {"id": "b", "kind": "company", "name": "博桂", "city": "深圳"},
                 {"id": "c", "kind": "company", "name": "博桂", "city": "武汉市"},
                 {"id": "d", "kind": "company", "name": "博桂数据", "city": "武汉"}])
    assert REGION_CITY in comparisons_for(p)
    v = [REGION_CITY.value(p, i) for i in range(4)]
    assert REGION_CITY.level(v[0], v[1]) == 1  # registered in Wuhan, the other record says Shenzhen
    assert REGION_CITY.level(v[0], v[2]) == 2
    assert REGION_CITY.level(v[2], v[3]) == 0  # both have a city column: the city comparison's job
