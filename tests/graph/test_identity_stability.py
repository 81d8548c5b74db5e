"""The graph does not drift: load + every analysis twice gives the same graph; new records move
only their own clusters."""

import json

import pytest
from typer.testing import CliRunner

from dealgraph.cli import app
from dealgraph.config import get_settings
from dealgraph.ingest.identity.graph_store import resolve_graph

pytestmark = pytest.mark.graph

# Labels of run records (one node per run by design); counted apart, not compared.
RUN_LABELS: set[str] = set()


@pytest.fixture
def model_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("DEALGRAPH_MODEL_DIR", str(tmp_path / "models"))
    get_settings.cache_clear()
    yield tmp_path / "models"
    get_settings.cache_clear()


def _snapshot(g) -> dict:
    labels = {r["l"]: r["n"] for r in g.read("MATCH (n) UNWIND labels(n) AS l RETURN l, count(*) AS n")
              if r["l"] not in RUN_LABELS}
    rels = {r["t"]: r["n"] for r in g.read("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n")}
    golden = {r["rid"]: r["gid"] for r in g.read("MATCH (s:SourceRecord)-[:RESOLVED_TO]->(n) "
                                                 "RETURN s.id AS rid, n.id AS gid")}
    return {"labels": labels, "rels": rels, "golden": golden}


def _load(tmp_path):
    res = CliRunner().invoke(app, ["demo", "load", "--accounts", "3", "--seed", "21", "--min-contacts", "8",
                                   "--max-contacts", "20", "--out", str(tmp_path / "demo"), "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.output.strip().splitlines()[-1])


def test_load_and_every_analysis_twice_leaves_the_same_graph(graph, tmp_path, model_dir):
    _load(tmp_path)
    first = _snapshot(graph)
    assert first["golden"] and len(set(first["golden"].values())) < len(first["golden"])  # merges happened
    report = _load(tmp_path)
    second = _snapshot(graph)
    assert second["labels"] == first["labels"]
    assert second["rels"] == first["rels"]
    assert second["golden"] == first["golden"]
    assert "0 pairs to review" in report["analysis"][0]["result"] or second["labels"].get("IdentityReview") == \
        first["labels"].get("IdentityReview")
    # Every record is resolved exactly once (re-ingest did not add a second origin edge).
    assert graph.read("MATCH (s:SourceRecord) WHERE COUNT { (s)-[:RESOLVED_TO]->() } <> 1 "
                      "RETURN count(s) AS n")[0]["n"] == 0


def test_new_records_change_only_their_own_clusters(graph, tmp_path, model_dir):
    _load(tmp_path)
    before = _snapshot(graph)["golden"]
    people = graph.read("MATCH (s:SourceRecord {kind: 'person'}) WHERE s.name IS NOT NULL AND s.phone IS NOT NULL "
                        "RETURN s.id AS id, s.name AS name, s.company AS company, s.phone AS phone "
                        "ORDER BY s.id LIMIT 50")
    assert len(people) >= 20
    new = [{"id": f"late:{k}", "source": "late", "source_id": str(k), "kind": "person", "name": p["name"],
            "company": p["company"], "phone": p["phone"]} for k, p in enumerate(people)]  # duplicates of known people
    new += [{"id": f"late:n{k}", "source": "late", "source_id": f"n{k}", "kind": "person",
             "name": f"新人{chr(0x4e00 + 37 * k)}{chr(0x4e00 + 91 * k + 5)}",
             "phone": f"+86139{k:08d}"} for k in range(100 - len(new))]  # strangers
    graph.write("UNWIND $rows AS r CREATE (s:SourceRecord) SET s = r", rows=new)
    summary = resolve_graph(graph)
    assert summary["changed"] == 100
    after = _snapshot(graph)["golden"]
    new_ids = {r["id"] for r in new}
    touched = {after[r] for r in new_ids}
    for rid, gid in before.items():
        if after[rid] != gid:  # an old record moved: only into a cluster that took a new record
            assert after[rid] in touched, (rid, gid, after[rid])
    # The duplicates joined their person's golden (which kept its id); old goldens survive.
    joined = sum(after[f"late:{k}"] == before[p["id"]] for k, p in enumerate(people))
    assert joined >= 0.9 * len(people)
    # Old goldens survive, or live on as an alias of the golden a new record merged them into.
    aliases = {a for r in graph.read("MATCH (n:Contact) WHERE n.idm_aliases IS NOT NULL "
                                     "RETURN n.idm_aliases AS a") for a in r["a"]}
    assert set(before.values()) - set(after.values()) <= aliases
    # A second resolve with nothing new writes nothing.
    again = resolve_graph(graph)
    assert again["changed"] == 0 and _snapshot(graph)["golden"] == after
