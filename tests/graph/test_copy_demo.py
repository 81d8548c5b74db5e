"""Copy and talk tracks on a demo world in a real Neo4j: 240 texts (5 accounts x 3 personas x 4 channels
x 2 languages x 2 variants) pass the grounding check, and every fact they state is the value its
node holds in the graph. Plus the CLI and the scope check."""

from __future__ import annotations

import itertools
import json

import pytest
from typer.testing import CliRunner

from dealgraph.algorithms.marketing.copy.generate import (
    CHANNELS,
    LANGS,
    PERSONAS,
    VARIANTS,
    CopyRequest,
    generate_from_graph,
)
from dealgraph.cli import app
from dealgraph.errors import NotFound
from dealgraph.graph.queries.copy_facts import known_names, node_values
from dealgraph.graph.queries.scope import Scope

pytestmark = pytest.mark.graph
AS_OF = "2026-11-01"  # the demo world's today


@pytest.fixture
def demo_world(graph, tmp_path):
    from dealgraph.algorithms.roles import classify
    from dealgraph.algorithms.roles.classify import all_accounts
    from dealgraph.demo.generate import load

    load(graph, tmp_path / "demo", 5, 3, min_contacts=8, max_contacts=25, tender_docs=False)
    classify(graph, all_accounts(graph))
    return graph


def test_demo_world_texts_state_only_graph_facts(demo_world):
    g = demo_world
    accounts = [r["id"] for r in g.read("MATCH (a:Account) RETURN a.id AS id ORDER BY id")]
    assert len(accounts) == 5
    names = known_names(g)
    results = []
    for acc, persona, channel, lang, variant in itertools.product(accounts, PERSONAS, CHANNELS, LANGS, VARIANTS):
        results.append(generate_from_graph(g, CopyRequest(acc, persona, channel, lang, None, variant, AS_OF),
                                           known_names=names))
    assert len(results) == 240
    assert sum(r["lang"] == "zh" for r in results) == sum(r["lang"] == "en" for r in results) == 120
    bad = [(r["account"], r["template"], r["grounding"]["violations"]) for r in results if not r["grounding"]["ok"]]
    assert bad == []
    refs = sorted({(f["source"], f["field"]) for r in results for f in r["facts"]})
    stored = node_values(g, refs)
    not_in_graph = [f for r in results for f in r["facts"] if stored.get((f["source"], f["field"])) != f["raw"]]
    assert not_in_graph == []
    slots = {f["slot"] for r in results for f in r["facts"]}
    # the texts draw on the whole graph: account, decision chain, interactions, opportunity
    assert {"account_name", "industry", "contact_name", "topic", "opportunity_name", "stage"} <= slots
    # a persona's text addresses a contact of that role
    contacts = {f["source"]: r["persona"] for r in results for f in r["facts"] if f["slot"] == "contact_name"}
    roles = {x["id"]: x["role"] for x in g.read("MATCH (c:Contact) WHERE c.id IN $ids RETURN c.id AS id, "
                                                "c.role AS role", ids=list(contacts))}
    assert contacts and all(roles[c] == p for c, p in contacts.items())


def test_cli_and_scope(demo_world, tmp_path):
    g = demo_world
    acc = g.read("MATCH (o:Opportunity)-[:FOR]->(a:Account) RETURN a.id AS a, o.id AS o ORDER BY o.id LIMIT 1")[0]
    other = g.read("MATCH (a:Account) WHERE a.id <> $a RETURN a.id AS id ORDER BY id LIMIT 1", a=acc["a"])[0]["id"]
    res = CliRunner().invoke(app, ["copy", "generate", "--account", acc["a"], "--opportunity", acc["o"],
                                   "--persona", "decision_maker", "--channel", "email", "--lang", "en",
                                   "--as-of", AS_OF, "--backend", "template", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["model"] == "template" and out["opportunity"] == acc["o"] and out["grounding"]["ok"]
    assert {"text", "facts", "template", "model"} <= set(out)
    assert any(f["slot"] == "opportunity_name" and f["source"] == acc["o"] for f in out["facts"])

    # the A/B loop: --variant auto picks the variant whose creative earned more won value per yuan
    hist = tmp_path / "ab.csv"
    rows = ["period,channel,creative,spend,clicks,won_amount"]
    for p in range(8):
        rows += [f"W{p},百度,ad-decision_maker-a,5000,2500,{50000 if p == 3 else 0}",
                 f"W{p},百度,ad-decision_maker-b,5000,500,{50000 if p % 2 == 0 else 0}"]
    hist.write_text("\n".join(rows) + "\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["copy", "generate", "--account", acc["a"], "--persona", "decision_maker",
                                   "--channel", "ad", "--lang", "zh", "--as-of", AS_OF, "--backend", "template",
                                   "--variant", "auto", "--history", str(hist), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["variant"] == "b" and out["creative"] == "ad-decision_maker-b" and out["grounding"]["ok"]
    assert out["variant_choice"]["p_best"]["b"] > 0.9 and out["template"].endswith("#b")

    # an opportunity of another account is refused, by name
    with pytest.raises(NotFound, match="not an opportunity of account"):
        generate_from_graph(g, CopyRequest(other, "influencer", "wecom", "zh", acc["o"], "a", AS_OF))
    with pytest.raises(NotFound, match="does not exist or is not visible"):
        generate_from_graph(g, CopyRequest("NO-SUCH", "influencer", "wecom", "zh", as_of=AS_OF))
    # an account manager sees copy only for the accounts they own
    owner = g.read("MATCH (u:User)-[:OWNS]->(a:Account {id: $a}) RETURN u.id AS u LIMIT 1", a=acc["a"])[0]["u"]
    owned = {r["id"] for r in g.read("MATCH (:User {id: $u})-[:OWNS]->(a:Account) RETURN a.id AS id", u=owner)}
    mine = Scope(all=False, uid=owner)
    assert generate_from_graph(g, CopyRequest(acc["a"], "executor", "call", "zh", as_of=AS_OF), scope=mine)["text"]
    not_mine = next(a for a in (r["id"] for r in g.read("MATCH (a:Account) RETURN a.id AS id")) if a not in owned)
    with pytest.raises(NotFound):
        generate_from_graph(g, CopyRequest(not_mine, "executor", "call", "zh", as_of=AS_OF), scope=mine)
    # a missing LLM setting is a clear error
    res = CliRunner().invoke(app, ["copy", "generate", "--account", acc["a"], "--persona", "executor",
                                   "--channel", "ad", "--backend", "llm"])
    assert res.exit_code != 0 and "DEALGRAPH_LLM_BASE_URL" in str(res.exception or res.output)
