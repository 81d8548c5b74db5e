"""Build one realistic bilingual account of N contacts in the real graph (for e2e tests and bench).

Deterministic for a seed: a CEO, VPs over departments, department heads, managers and staff,
with roles + evidence as the role classifier writes them, social ties, careers, schools,
our users and a year of interactions.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯欣怡晨"
EN_NAMES = ["Amy Chen", "David Wang", "Kevin Liu", "Grace Zhao", "Tom Hu", "Linda Xu", "Eric Sun", "Helen Ma"]
DEPARTMENTS = [
    ("采购部", "Procurement"), ("信息中心", "IT Center"), ("财务部", "Finance"), ("生产部", "Production"),
    ("质量部", "Quality"), ("研发中心", "R&D"), ("销售部", "Sales"), ("人力资源部", "HR"),
    ("法务部", "Legal"), ("安全环保部", "HSE"), ("物流部", "Logistics"), ("总经办", "CEO Office"),
]
ORGS = ["华为技术有限公司", "阿里巴巴", "Siemens China", "国家电网", "中国石化", "腾讯", "IBM China",
        "联想集团", "施耐德电气", "ABB (China) Ltd.", "中兴通讯", "用友网络"]
SCHOOLS = ["清华大学", "北京大学", "浙江大学", "上海交通大学", "复旦大学", "哈尔滨工业大学", "Stanford University"]
TOPICS = ["预算", "技术方案", "交付周期", "价格", "security", "integration", "售后服务", "合同条款"]


def build_account(graph, account_id: str = "ACC500", n_contacts: int = 500, seed: int = 7) -> dict:
    rnd = random.Random(seed)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    depts = [{"id": f"{account_id}-D{i}", "name": zh, "name_en": en} for i, (zh, en) in enumerate(DEPARTMENTS)]
    subs = [{"id": f"{d['id']}-S", "name": d["name"].rstrip("部中心") + "一科", "parent": d["id"]}
            for d in depts[:4]]
    all_depts = depts + subs
    contacts: list[dict] = []

    def person(title: str, dept: str, manager: str | None, role: str | None, level: int) -> dict:
        i = len(contacts)
        name = (rnd.choice(EN_NAMES) + f" {i}") if rnd.random() < 0.08 else \
            rnd.choice(SURNAMES) + rnd.choice(GIVEN) + (rnd.choice(GIVEN) if rnd.random() < 0.5 else "")
        c = {"id": f"{account_id}-C{i:04d}", "name": name, "title": title, "dept": dept, "manager": manager,
             "level": level, "role": role, "conf": round(rnd.uniform(0.55, 0.97), 2) if role else None}
        c["evidence"] = _evidence(c, rnd) if role else None
        contacts.append(c)
        return c

    ceo = person("总经理", depts[-1]["id"], None, "decision_maker", 0)
    vps = [person(t, depts[-1]["id"], ceo["id"], "decision_maker", 1)
           for t in ("副总裁", "VP Operations", "副总经理", "CFO")]
    heads = []
    for i, d in enumerate(depts[:-1]):
        heads.append(person(rnd.choice(["部长", "Director", "主任", "总监"]), d["id"], vps[i % len(vps)]["id"],
                            "influencer" if rnd.random() < 0.8 else "decision_maker", 2))
    managers = []
    for h in heads:
        for _ in range(3):
            dept = h["dept"] if rnd.random() < 0.7 else next((s["id"] for s in subs if s["parent"] == h["dept"]), h["dept"])
            managers.append(person(rnd.choice(["经理", "Manager", "副部长", "Sr. Manager", "处长"]), dept, h["id"],
                                   "influencer" if rnd.random() < 0.5 else "executor", 3))
    while len(contacts) < n_contacts:
        m = rnd.choice(managers)
        role = rnd.choice(["executor", "executor", "executor", "influencer", None])
        person(rnd.choice(["工程师", "专员", "Engineer", "采购专员", "主管", "科员", "Analyst"]), m["dept"], m["id"], role, 4)
    contacts = contacts[:n_contacts]
    ids = [c["id"] for c in contacts]

    ties = set()
    for _ in range(int(n_contacts * 1.2)):
        a, b = rnd.sample(ids, 2)
        if (b, a) not in ties:
            ties.add((a, b))
    users = [{"id": f"{account_id}-U{i}", "name": n} for i, n in enumerate(["刘销售", "Bob Presales", "陈经理", "Zoe Sales"])]
    interactions = []
    for i in range(int(n_contacts * 0.6)):
        people = rnd.sample(ids[: max(60, n_contacts // 3)], rnd.randint(1, 3))
        kind = rnd.choice(["email", "meeting", "call", "wecom", "site_visit"])
        interactions.append({"id": f"{account_id}-I{i}", "kind": kind, "user": rnd.choice(users)["id"],
                             "at": (now - timedelta(days=rnd.randint(0, 365))).isoformat(),
                             "sentiment": round(rnd.uniform(-0.6, 0.9), 2), "topic": rnd.choice(TOPICS),
                             "meeting_type": rnd.choice(["procurement", "technical", "demo", None]) if kind == "meeting" else None,
                             "contacts": people})
    careers = [{"c": c["id"], "o": f"{account_id}-ORG{rnd.randrange(len(ORGS))}", "title": rnd.choice(["工程师", "经理", "Director"]),
                "from": str(2005 + rnd.randrange(10)), "to": str(2015 + rnd.randrange(8))}
               for c in contacts for _ in range(rnd.choice([0, 0, 1, 1, 2]))]
    schools = [{"c": c["id"], "s": f"{account_id}-SCH{rnd.randrange(len(SCHOOLS))}"} for c in contacts if rnd.random() < 0.3]

    g = graph
    g.write("MERGE (a:Account {id: $id}) SET a.name = '华东智能制造集团有限公司', a.name_en = 'East China Smart Mfg Group'",
            id=account_id)
    g.write_batch("UNWIND $rows AS r MATCH (a:Account {id: r.acc}) MERGE (d:Department {id: r.id}) "
                  "SET d.name = r.name MERGE (d)-[:PART_OF]->(a)", [{**d, "acc": account_id} for d in depts])
    g.write_batch("UNWIND $rows AS r MATCH (p:Department {id: r.parent}) MERGE (d:Department {id: r.id}) "
                  "SET d.name = r.name MERGE (d)-[:SUB_OF]->(p)", subs)
    g.write_batch("UNWIND $rows AS r MATCH (d:Department {id: r.dept}) MERGE (c:Contact {id: r.id}) "
                  "SET c.name = r.name, c.title = r.title, c.role = r.role, c.role_confidence = r.conf, "
                  "c.role_evidence = r.evidence, c.role_model = CASE WHEN r.role IS NULL THEN NULL ELSE 'e2e-fixture' END "
                  "MERGE (c)-[:WORKS_IN]->(d)", contacts)
    g.write_batch("UNWIND $rows AS r MATCH (c:Contact {id: r.id}), (m:Contact {id: r.manager}) "
                  "MERGE (c)-[:REPORTS_TO]->(m)", [c for c in contacts if c["manager"] in set(ids)])
    g.write_batch("UNWIND $rows AS r MATCH (a:Contact {id: r.a}), (b:Contact {id: r.b}) "
                  "MERGE (a)-[k:KNOWS]->(b) SET k.strength = r.s, k.kind = r.k",
                  [{"a": a, "b": b, "s": round(rnd.uniform(0.2, 1.0), 2), "k": rnd.choice(["friend", "colleague", "advises"])}
                   for a, b in sorted(ties)])
    g.write_batch("UNWIND $rows AS r MERGE (u:User {id: r.id}) SET u.name = r.name", users)
    g.write("MATCH (u:User {id: $u}), (a:Account {id: $a}) MERGE (u)-[:OWNS]->(a)", u=f"{account_id}-U0", a=account_id)
    g.write_batch("UNWIND $rows AS r MATCH (u:User {id: r.user}) MERGE (i:Interaction {id: r.id}) "
                  "SET i.kind = r.kind, i.at = datetime(r.at), i.sentiment = r.sentiment, i.topic = r.topic, "
                  "i.meeting_type = r.meeting_type MERGE (i)-[:BY]->(u) WITH i, r UNWIND r.contacts AS cid "
                  "MATCH (c:Contact {id: cid}) MERGE (i)-[:INVOLVES]->(c)", interactions)
    g.write_batch("UNWIND $rows AS r MERGE (o:Organization {id: r.id}) SET o.name = r.name",
                  [{"id": f"{account_id}-ORG{i}", "name": n} for i, n in enumerate(ORGS)])
    g.write_batch("UNWIND $rows AS r MERGE (s:School {id: r.id}) SET s.name = r.name",
                  [{"id": f"{account_id}-SCH{i}", "name": n} for i, n in enumerate(SCHOOLS)])
    g.write_batch("UNWIND $rows AS r MATCH (c:Contact {id: r.c}), (o:Organization {id: r.o}) "
                  "MERGE (c)-[w:WORKED_AT]->(o) SET w.title = r.title, w.from = r.from, w.to = r.to", careers)
    g.write_batch("UNWIND $rows AS r MATCH (c:Contact {id: r.c}), (s:School {id: r.s}) MERGE (c)-[:STUDIED_AT]->(s)",
                  schools)
    g.write("MATCH (u:User {id: $u}), (o:Organization {id: $o}) MERGE (u)-[:WORKED_AT]->(o)",
            u=f"{account_id}-U1", o=f"{account_id}-ORG0")
    return {"account_id": account_id, "contacts": len(contacts), "departments": len(all_depts), "ties": len(ties),
            "interactions": len(interactions), "users": len(users)}


def _evidence(c: dict, rnd: random.Random) -> list[str]:
    ev = {
        "decision_maker": ["title 「{t}」 is top-level", "signs contracts", "attended {k} of {n} approval meetings"],
        "influencer": ["title 「{t}」 is mid-level", "asked about technical detail {k} times", "{k} direct reports"],
        "executor": ["title 「{t}」 is staff-level", "no direct reports", "attended {k} technical meetings"],
    }[c["role"]]
    n = rnd.randint(2, 6)
    return [e.format(t=c["title"], k=rnd.randint(1, n), n=n) for e in ev]


def remove_account(graph, account_id: str) -> None:
    """Delete everything build_account made for this account (all its ids carry the prefix)."""
    graph.run_autocommit("MATCH (n) WHERE n.id STARTS WITH $p OR n.id = $a "
                         "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS", p=f"{account_id}-", a=account_id)
