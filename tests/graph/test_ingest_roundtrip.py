"""Round trip of every record kind through files, mapping and Neo4j, and idempotent reloads."""

import json
from pathlib import Path

import pytest

from dealgraph.ingest.pipeline import ingest_files

pytestmark = pytest.mark.graph

MAPPING = """
[[files]]
match = "accounts.csv"
entity = "account"
source = "crm"
[files.columns]
id = "客户ID"
name = "客户名称"
credit_code = "统一社会信用代码"

[[files]]
match = "departments.csv"
entity = "department"
source = "crm"

[[files]]
match = "contacts.csv"
entity = "contact"
source = "crm"
ignore = ["备注"]
[files.columns]
id = "联系人ID"
name = "姓名"
phone = "手机"
account_id = "客户ID"
department_id = "部门ID"
manager_id = "上级"

[[files]]
match = "careers.jsonl"
entity = "career"
source = "crm"

[[files]]
match = "ties.csv"
entity = "tie"
source = "crm"

[[files]]
match = "education.csv"
entity = "education"
source = "crm"

[[files]]
match = "interactions.json"
entity = "interaction"
source = "crm"

[[files]]
match = "users.csv"
entity = "user"
source = "crm"

[[files]]
match = "ownership.csv"
entity = "ownership"
source = "crm"

[[files]]
match = "leads.csv"
entity = "lead"
source = "baidu"

[[files]]
match = "opportunities.csv"
entity = "opportunity"
source = "crm"

[[files]]
match = "stages.csv"
entity = "stage_history"
source = "crm"

[[files]]
match = "tenders.csv"
entity = "tender"
source = "ccgp"

[[files]]
match = "awards.csv"
entity = "award"
source = "ccgp"

[[files]]
match = "capabilities.jsonl"
entity = "capability"
source = "self"

[[files]]
match = "wecom.csv"
entity = "source_record"
source = "wecom"
[files.defaults]
kind = "person"
"""

FILES = {
    "accounts.csv": "客户ID,客户名称,name_en,industry,统一社会信用代码\n"
                    "a1,华为技术有限公司,Huawei,IT services,91440300708461136T\na2,国家电网,State Grid,energy,\n",
    "departments.csv": "id,account_id,name,parent_id\nd1,a1,采购部,\nd2,a1,IT部,d1\n",
    "contacts.csv": "联系人ID,姓名,name_en,title,email,手机,客户ID,部门ID,上级,wecom_id,备注\n"
                    "c1,张伟,Zhang Wei,总经理,zw@huawei.com,138-0013-8000,a1,d1,,wmZW,VIP\n"
                    "c2,李娜,,采购部经理,ln@huawei.com,+86 139 0013 9000,a1,d1,c1,,\n"
                    "c3,John Smith,,Engineer,,,a2,,,,\n",
    "careers.jsonl": '{"contact_id": "c2", "organization": "腾讯", "title": "采购专员", "start": "2015-03", "end": "2019-06"}\n'
                     '{"contact_id": "c2", "organization": "腾讯 ", "title": "采购主管", "start": "2019-07", "end": "2020-01"}\n',
    "ties.csv": "source_id,target_id,kind,strength\nc1,c3,alumni,0.8\n",
    "education.csv": "contact_id,school,degree,year\nc1,清华大学,MBA,2005\n",
    "interactions.json": json.dumps([
        {"id": "i1", "kind": "meeting", "at": "2024-05-06 09:30:00", "contact_ids": "c1;c2", "user_id": "u1",
         "topic": "方案评审", "sentiment": 0.6, "meeting_type": "technical", "summary": "讨论技术方案"},
        {"id": "i2", "kind": "email", "at": "2024-05-07T08:00:00+08:00", "contact_ids": ["c3"], "user_id": "u1"},
    ], ensure_ascii=False),
    "users.csv": "id,name,email,role\nu1,王销售,wang@ourco.com,sales\n",
    "ownership.csv": "user_id,account_id\nu1,a1\n",
    "leads.csv": "id,created_at,name,company,phone,budget,stated_purchase_date,pages_visited,downloads,questions,"
                 "contact_id,account_id,converted\n"
                 "l1,2024-04-01 10:00,李娜,华为,13900139000,50万,2024-09,5,2,要报价,c2,a1,是\n",
    "opportunities.csv": "id,account_id,name,amount,owner_id,created_at,closed_won\no1,a1,数据中心项目,¥3,000,000,u1,"
                         "2024-04-10,\n".replace("¥3,000,000", '"¥3,000,000"'),
    "stages.csv": "opportunity_id,stage,entered_at,due_at\no1,需求确认,2024-04-10,2024-05-01\no1,方案报价,2024-05-02,\n",
    "tenders.csv": "id,title,number,buyer,buyer_account_id,budget,deadline,region,industry,status\n"
                   "t1,数据中心设备采购,ZB-2024-001,国家电网,a2,800万,2024-06-30 17:00,北京,energy,open\n"
                   "t2,办公网络改造,ZB-2024-002,某市人民医院,,120万,,上海,healthcare,closed\n",
    "awards.csv": "tender_id,company,amount,at\nt2,新华三技术有限公司,110万,2024-03-01\n",
    "capabilities.jsonl": '{"id": "k1", "kind": "certification", "name": "ISO 27001", "valid_until": "2026-12-31"}\n'
                          '{"id": "k2", "kind": "reference_case", "name": "某省电力数据中心", "customer": "国网某省公司", '
                          '"industry": "energy", "amount": "500万", "year": 2022}\n',
    "wecom.csv": "source_id,name,phone,wecom_unionid,company,title\nwmZW,张伟,13800138000,ozUNION1,华为,总经理\n",
}


def write_files(d: Path) -> list[Path]:
    (d / "mapping.toml").write_text(MAPPING, encoding="utf-8")
    paths = []
    for name, text in FILES.items():
        (d / name).write_text(text, encoding="utf-8")
        paths.append(d / name)
    return paths


def snapshot(graph) -> tuple:
    """Every node and relationship with its properties (IngestRun/Migration excluded): a graph fingerprint."""
    nodes = graph.read("MATCH (n) WHERE NOT n:IngestRun AND NOT n:Migration "
                       "RETURN labels(n) AS l, properties(n) AS p")
    rels = graph.read("MATCH (a)-[r]->(b) WHERE NOT a:IngestRun RETURN a.id AS a, type(r) AS t, b.id AS b, "
                      "properties(r) AS p")
    # sorted as text: two career stints at one employer share (a, t, b), so ORDER BY alone is not a total order
    norm = lambda rows: sorted(json.dumps(r, sort_keys=True, default=str) for r in rows)
    return norm(nodes), norm(rels)


@pytest.fixture
def loaded(graph, tmp_path):
    paths = write_files(tmp_path)
    summary = ingest_files(graph, paths, tmp_path / "mapping.toml", reject_dir=tmp_path / "rej", batch_size=2)
    return graph, summary, tmp_path


def one(graph, cypher, **p):
    rows = graph.read(cypher, **p)
    assert len(rows) == 1, rows
    return rows[0]


def test_every_file_loads_without_rejects(loaded):
    _, s, _ = loaded
    assert s.status == "completed" and s.rejected == 0 and s.reject_file is None
    assert s.loaded == sum(t.count("\n") - 1 for n, t in FILES.items() if n.endswith(".csv")) + 2 + 2 + 2
    assert {f.entity for f in s.files} == {
        "account", "department", "contact", "career", "tie", "education", "interaction", "user", "ownership",
        "lead", "opportunity", "stage_history", "tender", "award", "capability", "source_record"}


def test_accounts_departments_contacts(loaded):
    g = loaded[0]
    a = one(g, "MATCH (a:Account {id: 'a1'}) RETURN a{.*} AS a")["a"]
    assert a == {"id": "a1", "name": "华为技术有限公司", "name_en": "Huawei", "industry": "IT services",
                 "credit_code": "91440300708461136T"}
    assert one(g, "MATCH (:Department {id: 'd2'})-[:SUB_OF]->(p)-[:PART_OF]->(a) RETURN p.id AS p, a.id AS a") == \
        {"p": "d1", "a": "a1"}
    c = one(g, "MATCH (c:Contact {id: 'c2'}) RETURN c{.*} AS c")["c"]
    assert c["phone"] == "+8613900139000" and c["title"] == "采购部经理" and "stub" not in c
    assert one(g, "MATCH (:Contact {id: 'c2'})-[:REPORTS_TO]->(m) RETURN m.id AS m")["m"] == "c1"
    assert one(g, "MATCH (:Contact {id: 'c2'})-[:WORKS_IN]->(d)-[:PART_OF]->(a) RETURN d.id AS d, a.id AS a") == \
        {"d": "d1", "a": "a1"}
    assert one(g, "MATCH (:Contact {id: 'c3'})-[:WORKS_FOR]->(a) RETURN a.id AS a")["a"] == "a2"
    # each appearance is kept as a SourceRecord linked to what it created
    sr = one(g, "MATCH (s:SourceRecord {id: 'crm:c1'})-[r:RESOLVED_TO]->(c:Contact) "
                "RETURN s{.*} AS s, r.score AS score, r.method AS m, c.id AS c")
    assert sr["c"] == "c1" and sr["score"] == 1.0 and sr["m"] == "origin"
    assert sr["s"]["phone"] == "+8613800138000" and sr["s"]["kind"] == "person" and sr["s"]["source"] == "crm"
    assert one(g, "MATCH (s:SourceRecord {id: 'crm:a1'})-[:RESOLVED_TO]->(a:Account) RETURN s.credit_code AS c")[
        "c"] == "91440300708461136T"


def test_career_ties_education(loaded):
    g = loaded[0]
    stints = g.read("MATCH (:Contact {id: 'c2'})-[w:WORKED_AT]->(o:Organization) "
                    "RETURN o.name AS o, w.title AS t, w.from AS f, w.to AS e ORDER BY f")
    assert stints == [{"o": "腾讯", "t": "采购专员", "f": "2015-03-01", "e": "2019-06-01"},
                      {"o": "腾讯", "t": "采购主管", "f": "2019-07-01", "e": "2020-01-01"}]
    assert one(g, "MATCH (:Contact {id: 'c1'})-[k:KNOWS]->(b) RETURN b.id AS b, k.kind AS k, k.strength AS s") == \
        {"b": "c3", "k": "alumni", "s": 0.8}
    assert one(g, "MATCH (:Contact {id: 'c1'})-[e:STUDIED_AT]->(s:School) RETURN s.name AS s, e.degree AS d, "
                  "e.year AS y") == {"s": "清华大学", "d": "MBA", "y": 2005}


def test_interactions_users_ownership(loaded):
    g = loaded[0]
    i = one(g, "MATCH (i:Interaction {id: 'i1'}) RETURN i{.*} AS i")["i"]
    assert i["at"] == "2024-05-06T09:30:00Z" and i["kind"] == "meeting" and i["meeting_type"] == "technical"
    assert i["sentiment"] == 0.6 and i["channel"] == "crm"
    assert sorted(r["c"] for r in g.read("MATCH (:Interaction {id: 'i1'})-[:INVOLVES]->(c:Contact) RETURN c.id AS c")) \
        == ["c1", "c2"]
    assert one(g, "MATCH (:Interaction {id: 'i2'})-[:BY]->(u:User) RETURN u.name AS n, u.role AS r") == \
        {"n": "王销售", "r": "sales"}
    assert one(g, "MATCH (i:Interaction {id: 'i2'}) RETURN i.at AS at")["at"] == "2024-05-07T00:00:00Z"
    assert one(g, "MATCH (:User {id: 'u1'})-[:OWNS]->(a) RETURN a.id AS a")["a"] == "a1"


def test_leads_opportunities_stages(loaded):
    g = loaded[0]
    lead = one(g, "MATCH (l:Lead {id: 'l1'}) RETURN l{.*} AS l")["l"]
    assert lead["budget"] == 500_000.0 and lead["stated_purchase_date"] == "2024-09-01" and lead["converted"] is True
    assert lead["pages_visited"] == 5 and lead["source"] == "baidu" and lead["created_at"] == "2024-04-01T10:00:00Z"
    assert one(g, "MATCH (:Lead {id: 'l1'})-[:FROM_RECORD]->(s:SourceRecord) RETURN s.id AS s, s.phone AS p") == \
        {"s": "baidu:l1", "p": "+8613900139000"}
    assert sorted(r["x"] for r in g.read("MATCH (:Lead {id: 'l1'})-[:LEAD_OF]->(x) RETURN x.id AS x")) == ["a1", "c2"]
    o = one(g, "MATCH (o:Opportunity {id: 'o1'})-[:FOR]->(a) MATCH (o)-[:OWNED_BY]->(u) "
               "RETURN o.amount AS amt, a.id AS a, u.id AS u")
    assert o == {"amt": 3_000_000.0, "a": "a1", "u": "u1"}
    stages = g.read("MATCH (:Opportunity {id: 'o1'})-[r:AT_STAGE]->(s:Stage) RETURN s.name AS s, r.entered AS e, "
                    "r.due AS d ORDER BY e")
    assert stages == [{"s": "需求确认", "e": "2024-04-10T00:00:00Z", "d": "2024-05-01T00:00:00Z"},
                      {"s": "方案报价", "e": "2024-05-02T00:00:00Z", "d": None}]


def test_tenders_awards_capabilities(loaded):
    g = loaded[0]
    t = one(g, "MATCH (t:Tender {id: 't1'})-[:ISSUED_BY]->(a:Account) RETURN t{.*} AS t, a.id AS a")
    assert t["a"] == "a2" and t["t"]["budget"] == 8_000_000.0 and t["t"]["deadline"] == "2024-06-30T17:00:00Z"
    assert one(g, "MATCH (:Tender {id: 't2'})-[:ISSUED_BY]->(o:Organization) RETURN o.name AS o")["o"] == "某市人民医院"
    assert one(g, "MATCH (:Tender {id: 't2'})-[r:AWARDED_TO]->(c:Company) RETURN c.name AS c, r.amount AS a, "
                  "r.at AS at") == {"c": "新华三技术有限公司", "a": 1_100_000.0, "at": "2024-03-01"}
    caps = g.read("MATCH (s:Company {self: true})-[:HAS_CAPABILITY]->(c:Capability) "
                  "RETURN c.id AS id, c.kind AS k, c.valid_until AS v, c.amount AS amt ORDER BY id")
    assert caps == [{"id": "k1", "k": "certification", "v": "2026-12-31", "amt": None},
                    {"id": "k2", "k": "reference_case", "v": None, "amt": 5_000_000.0}]


def test_source_records_and_fulltext(loaded):
    g = loaded[0]
    s = one(g, "MATCH (s:SourceRecord {id: 'wecom:wmZW'}) RETURN s{.*} AS s")["s"]
    assert s["wecom_unionid"] == "ozUNION1" and s["phone"] == "+8613800138000" and s["kind"] == "person"
    assert not g.read("MATCH (s:SourceRecord {id: 'wecom:wmZW'})-[:RESOLVED_TO]->() RETURN s")  # identity's job
    hits = g.read("CALL db.index.fulltext.queryNodes('ft_companies', '华为') YIELD node RETURN node.id AS id")
    assert "a1" in [h["id"] for h in hits]
    hits = g.read("CALL db.index.fulltext.queryNodes('ft_people', '采购') YIELD node RETURN node.id AS id")
    assert "c2" in [h["id"] for h in hits]


def test_no_stubs_left_when_everything_is_loaded(loaded):
    g = loaded[0]
    stubs = g.read("MATCH (n) WHERE n.stub RETURN labels(n)[0] AS l, n.id AS id")
    assert stubs == []


def test_ingest_run_recorded(loaded):
    g, s, _ = loaded
    r = one(g, "MATCH (r:IngestRun {id: $id}) RETURN r{.*} AS r", id=s.run_id)["r"]
    assert r["status"] == "completed" and r["rejects"] == 0 and r["rows"] == s.rows and r["duration_s"] > 0
    assert len(r["checksum"]) == 64 and set(r["files"]) == set(FILES)
    counts = json.loads(r["counts"])
    assert counts["contact"] == {"rows": 3, "loaded": 3, "rejected": 0}
    assert r["last_batch"] and len(r["done"]) >= len(FILES)


def test_loading_twice_changes_nothing(loaded):
    g, s, d = loaded
    before = snapshot(g)
    s2 = ingest_files(g, [d / n for n in FILES], d / "mapping.toml", reject_dir=d / "rej", batch_size=2)
    assert s2.run_id == s.run_id and s2.counts() == s.counts()
    assert snapshot(g) == before
    # a different batch size is a different run, and still changes nothing
    ingest_files(g, [d / n for n in FILES], d / "mapping.toml", reject_dir=d / "rej", batch_size=1000, workers=1)
    assert snapshot(g) == before


def test_order_of_files_does_not_matter(graph, tmp_path):
    """Children before parents leave stubs that the parents' own rows complete."""
    paths = write_files(tmp_path)
    by_name = {p.name: p for p in paths}
    m = tmp_path / "mapping.toml"
    ingest_files(graph, [by_name["interactions.json"], by_name["contacts.csv"]], m, reject_dir=tmp_path / "r")
    stub = one(graph, "MATCH (c:Contact {id: 'c1'}) RETURN c.stub AS s, c.name AS n")
    assert stub == {"s": None, "n": "张伟"}
    assert one(graph, "MATCH (u:User {id: 'u1'}) RETURN u.stub AS s")["s"] is True
    ingest_files(graph, [by_name["users.csv"]], m, reject_dir=tmp_path / "r")
    assert one(graph, "MATCH (u:User {id: 'u1'}) RETURN u.stub AS s, u.name AS n") == {"s": None, "n": "王销售"}
