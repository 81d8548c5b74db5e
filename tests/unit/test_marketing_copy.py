"""Copy and talk tracks without a server: facts, templates, the grounding check, and the LLM backend
against a fake OpenAI-compatible server over real HTTP (one that invents a number, one that behaves)."""

from __future__ import annotations

import itertools
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dealgraph.algorithms.marketing.copy.facts import Slot, build_facts, rank_topics, worst_interaction
from dealgraph.algorithms.marketing.copy.generate import (
    CHANNELS,
    LANGS,
    PERSONAS,
    VARIANTS,
    CopyRequest,
    generate,
    vocabulary,
)
from dealgraph.algorithms.marketing.copy.grounding import check
from dealgraph.algorithms.marketing.copy.llm import OpenAICompatible
from dealgraph.errors import InputError

RAW = {
    "in_scope": True,
    "account": {"id": "ACC9", "name": "宁波海辰医疗器械有限公司", "name_en": "Ningbo Haichen Medical Devices Co., Ltd.",
                "industry": "healthcare", "region": "华东"},
    "contact": {"id": "ACC9-C3", "name": "林晓雯", "name_en": "Xiaowen Lin", "title": "信息科主任",
                "role": "influencer", "role_confidence": 0.82},
    "interactions": [
        {"id": "I1", "topic": "数据迁移", "at": "2026-10-20T02:00:00Z", "sentiment": 0.6, "persona": True},
        {"id": "I2", "topic": "数据迁移", "at": "2026-10-28T17:30:00Z", "sentiment": 0.5, "persona": True},
        {"id": "I3", "topic": "安全合规", "at": "2026-09-01T02:00:00Z", "sentiment": 0.1, "persona": False},
        {"id": "I4", "topic": "POC测试", "at": "2026-10-01T02:00:00Z", "sentiment": 0.7, "persona": True},
        {"id": "I5", "topic": "付款方式", "at": "2026-12-24T02:00:00Z", "sentiment": 0.2, "persona": False},
    ],
    "opportunity": {"id": "OPP7", "name": "海辰数据中台项目", "amount": 1286000.0, "current_stage": "方案验证",
                    "stage_due": "2026-12-10"},
    "tenders": [{"id": "T1", "title": "海辰医疗信息平台采购项目", "deadline": "2026-11-20T01:30:00Z"}],
    "capabilities": [{"id": "cap-prod-server", "name": "机架式服务器 DG-R5300", "kind": "product"}],
    "references": [{"id": "cap-ref-01", "name": "杭州市公安局视频专网改造", "concepts": ["政府", "类似项目"]},
                   {"id": "cap-ref-03", "name": "宁波市第一医院数据中心", "concepts": ["医疗", "类似项目"]}],
}
NAMES = ["于成", "宁波海辰医疗器械有限公司", "Ningbo Haichen Medical Devices Co., Ltd.", "林晓雯", "Xiaowen Lin",
         "杭州长城电力有限公司", "Hangzhou Great Wall Power Co., Ltd.", "王建国", "Bo Li", "机架式服务器 DG-R5300"]


def _req(**kw) -> CopyRequest:
    base = {"account_id": "ACC9", "persona": "influencer", "channel": "email", "lang": "zh", "variant": "a"}
    return CopyRequest(**{**base, **kw})


def test_topics_ranked_persona_first_then_count_and_pain_is_most_negative():
    ranked = rank_topics(RAW["interactions"])
    assert [t["topic"] for t in ranked] == ["数据迁移", "POC测试", "付款方式", "安全合规"]
    assert ranked[0]["id"] == "I2" and ranked[0]["n"] == 2  # latest interaction of the topic
    assert worst_interaction(RAW["interactions"], 0.35)["id"] == "I3"
    assert worst_interaction(RAW["interactions"], 0.05) is None


def test_facts_trace_to_nodes_and_format_per_language():
    zh = build_facts(RAW, "zh")
    assert zh.one["amount"].display == "128.6万元" and zh.one["amount"].source == "OPP7"
    assert zh.one["reference"].source == "cap-ref-03"  # the reference case of the account's industry
    # 17:30 UTC on Oct 28 is Oct 29 in China: dates are the customer's calendar day
    assert zh.one["last_contact"].display == "2026年10月29日" and zh.one["last_contact"].source == "I2"
    en = build_facts(RAW, "en")
    assert en.one["account_name"].display == "Ningbo Haichen Medical Devices Co., Ltd."
    assert en.one["account_name"].field == "name_en"
    assert en.one["amount"].display == "CNY 1,286,000" and en.one["tender_deadline"].display == "Nov 20, 2026"
    assert en.one["industry"].display == "healthcare" and en.one["industry"].raw == "healthcare"


@pytest.mark.parametrize("channel,lang,persona,variant",
                         list(itertools.product(CHANNELS, LANGS, PERSONAS, VARIANTS)))
def test_every_template_states_only_its_facts(channel, lang, persona, variant):
    res = generate(RAW, _req(channel=channel, lang=lang, persona=persona, variant=variant), known_names=NAMES)
    assert res["model"] == "template" and res["grounding"]["ok"], res["grounding"]
    assert res["facts"], res["text"]
    for f in res["facts"]:  # every listed fact is printed, and every fact names its node
        assert f["value"] in res["text"] and f["source"]
    # nothing else with digits: blank out the facts and no digit is left (templates hold no numbers)
    rest = res["text"]
    for f in sorted(res["facts"], key=lambda f: -len(f["value"])):
        rest = rest.replace(f["value"], "")
    assert not re.search(r"\d", rest), rest
    assert res["template"] == f"{channel}.{lang}.j2#{variant}"
    if lang == "zh":
        assert re.search(r"[\u4e00-\u9fff]", rest)
    else:
        assert not re.search(r"[\u4e00-\u9fff]", rest), rest


def test_same_request_same_text_and_variants_differ():
    a1 = generate(RAW, _req(channel="wecom"))["text"]
    assert generate(RAW, _req(channel="wecom"))["text"] == a1
    assert generate(RAW, _req(channel="wecom", variant="b"))["text"] != a1


def test_a_sparse_account_still_gets_a_grounded_text():
    raw = {"in_scope": True, "account": {"id": "A1", "name": "Acme Robotics Ltd", "industry": "robotics"},
           "contact": None, "interactions": [], "opportunity": None, "tenders": [], "capabilities": [],
           "references": []}
    for channel, lang in itertools.product(CHANNELS, LANGS):
        res = generate(raw, _req(channel=channel, lang=lang, persona="decision_maker"), known_names=["Acme Robotics Ltd"])
        assert res["grounding"]["ok"] and res["text"].strip(), (channel, lang, res)


def test_bad_request_values_are_named():
    with pytest.raises(InputError, match="--persona 'cfo'"):
        generate(RAW, _req(persona="cfo"))
    with pytest.raises(InputError, match="--channel"):
        generate(RAW, _req(channel="tv"))


def _facts(lang="zh"):
    f = build_facts(RAW, lang)
    return f.all()


@pytest.mark.parametrize("text", [
    "林晓雯您好，海辰数据中台项目预算128.6万元，建议12月10日前确认。",
    "海辰数据中台项目预算1,286,000元，2026-12-10前确认下一步。",        # same amount and date, other forms
    "Dear Xiaowen Lin, the budget of CNY 1,286,000 and the deadline of 20 November 2026 stand.",
    "我们的机架式服务器 DG-R5300已满足要求，可参考宁波市第一医院数据中心。",
    "林总，您好：数据迁移的方案已经准备好。",                              # surname + title of the contact
    "关于成都的数据迁移，林晓雯您好。",                                    # 于成 (a person) inside 关于成都
])
def test_grounding_accepts_texts_made_of_facts(text):
    lang = "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"
    g = check(text, _facts(lang), known_names=NAMES, vocabulary=vocabulary())
    assert g.ok, g.violations


@pytest.mark.parametrize("text,kind", [
    ("海辰数据中台项目预算150万元。", "number"),
    ("项目已有30家医院上线。", "number"),
    ("请在2026年12月15日前确认。", "date"),
    ("Please reply before Dec 11, 2026.", "date"),
    ("我们也服务了杭州长城电力有限公司。", "name"),                     # another account of the graph
    ("Our client Huawei uses it.", "name"),                                # a proper name from nowhere
    ("可参考上海市第六人民医院的案例。", "name"),                          # an organisation from nowhere
    ("王总您好，方案已准备好。", "name"),                                  # a person who is not the contact
])
def test_grounding_rejects_what_no_fact_says(text, kind):
    lang = "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"
    g = check(text, _facts(lang), known_names=NAMES, vocabulary=vocabulary())
    assert not g.ok and {v["kind"] for v in g.violations} == {kind}, g.violations


class _FakeLLM(BaseHTTPRequestHandler):
    """An OpenAI-compatible /chat/completions that answers with the server's `reply(draft)`."""

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
        draft = body["messages"][-1]["content"].split("draft:\n", 1)[1]
        if self.server.reply is None:
            self.send_response(500)
            self.end_headers()
            return
        out = json.dumps({"choices": [{"message": {"role": "assistant", "content": self.server.reply(draft)}}]})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(out.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_llm():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _FakeLLM)
    srv.requests, srv.reply = [], None
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv, OpenAICompatible(f"http://127.0.0.1:{srv.server_port}/v1", "fake-7b", api_key="k1", timeout_s=5)
    srv.shutdown()
    srv.server_close()


def test_llm_text_with_a_hallucinated_number_is_rejected_and_the_template_used(fake_llm):
    srv, backend = fake_llm
    srv.reply = lambda draft: draft.replace("128.6万元", "168万元") + "已有35家三甲医院在用。"
    req = _req(channel="email", lang="zh")
    res = generate(RAW, req, backend=backend, known_names=NAMES)
    template = generate(RAW, req, known_names=NAMES)
    assert res["model"] == "template" and res["text"] == template["text"]
    assert {v["value"] for v in res["fallback"]["violations"] if v["kind"] == "number"} == {"168万", "35"}
    sent = srv.requests[0]
    assert sent["path"] == "/v1/chat/completions" and sent["auth"] == "Bearer k1"
    assert sent["body"]["model"] == "fake-7b" and "128.6万元" in sent["body"]["messages"][-1]["content"]


def test_llm_text_naming_another_customer_is_rejected(fake_llm):
    srv, backend = fake_llm
    srv.reply = lambda draft: "Hangzhou Great Wall Power Co., Ltd. already runs it. " + draft
    res = generate(RAW, _req(channel="wecom", lang="en"), backend=backend, known_names=NAMES)
    assert res["model"] == "template"
    assert any(v["value"] == "Hangzhou Great Wall Power Co., Ltd." for v in res["fallback"]["violations"])


def test_grounded_llm_rewrite_is_kept_with_its_facts(fake_llm):
    srv, backend = fake_llm
    srv.reply = lambda draft: "林晓雯您好！关于海辰数据中台项目（128.6万元），我们建议在2026年12月10日前确认下一步。"
    res = generate(RAW, _req(channel="wecom", lang="zh"), backend=backend, known_names=NAMES)
    assert res["model"] == "llm:fake-7b" and res["fallback"] is None and res["grounding"]["ok"]
    assert {f["slot"] for f in res["facts"]} == {"contact_name", "opportunity_name", "amount", "stage_due"}
    assert res["confidence"] == 0.82  # the text addresses a contact: how sure we are of their role


def test_llm_server_error_falls_back_with_the_reason(fake_llm):
    srv, backend = fake_llm
    srv.reply = None
    res = generate(RAW, _req(channel="call", lang="en"), backend=backend, known_names=NAMES)
    assert res["model"] == "template" and "500" in res["fallback"]["reason"]


def test_templates_state_no_number_of_their_own():
    # Template text (outside {{ }}) must not contain digits: any digit in a text is then a fact's.
    stripped = re.sub(r"\{[{%#].*?[}%#]\}", "", vocabulary(), flags=re.DOTALL)
    assert not re.search(r"\d", stripped)
    assert isinstance(Slot("x", "y", "y", "n1", "name", "name").to_json(), dict)
