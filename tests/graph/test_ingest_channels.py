"""Built-in channel adapters and the `dealgraph ingest` command on a real Neo4j."""

import json

import pytest
from typer.testing import CliRunner

from dealgraph.cli import app
from dealgraph.ingest.channels import channel_mapping
from dealgraph.ingest.pipeline import ingest_files

pytestmark = pytest.mark.graph


def load(graph, tmp_path, channel, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return ingest_files(graph, [p], channel_mapping(channel), reject_dir=tmp_path / "rej")


def test_ad_platform_leads_gb18030_with_masked_phone(graph, tmp_path):
    s = load(graph, tmp_path, "ad_leads", "巨量线索.csv",
             "线索ID,姓名,手机号,公司名称,广告计划,创建时间,省份,城市\n"
             "7301,张伟,138****8000,华为技术有限公司,数据中心-华南,2024-03-01 10:00:00,广东,深圳\n"
             "7302,李娜,13900139000,国家电网,数据中心-华北,2024/03/02 11:30,北京,北京\n", encoding="gb18030")
    assert (s.loaded, s.rejected, s.files[0].encoding, s.files[0].unknown_columns) == (2, 0, "gb18030", [])
    leads = graph.read("MATCH (l:Lead)-[:FROM_RECORD]->(s:SourceRecord) RETURN l.id AS id, l.campaign AS c, "
                       "l.source AS src, s.id AS sr, s.phone AS p, s.company AS co ORDER BY id")
    assert leads == [
        {"id": "7301", "c": "数据中心-华南", "src": "ad_platform", "sr": "ad_platform:7301", "p": None,
         "co": "华为技术有限公司"},
        {"id": "7302", "c": "数据中心-华北", "src": "ad_platform", "sr": "ad_platform:7302", "p": "+8613900139000",
         "co": "国家电网"}]


def test_search_leads_english_columns(graph, tmp_path):
    s = load(graph, tmp_path, "search_leads", "google_leads.csv",
             "Lead ID,Full Name,Phone Number,Company Name,Keyword,Submitted At,Message,Engine\n"
             "g1,Mary Chen,+1 415 555 0100,Acme Inc,crm software,2024-02-01T09:00:00Z,need a quote,google\n")
    assert s.loaded == 1 and s.files[0].unknown_columns == []
    lead = graph.read("MATCH (l:Lead {id: 'g1'}) RETURN l{.*} AS l")[0]["l"]
    assert (lead["source"], lead["campaign"], lead["questions"]) == ("google", "crm software", "need a quote")
    assert graph.read("MATCH (s:SourceRecord {id: 'search:g1'}) RETURN s.phone AS p")[0]["p"] == "+14155550100"


def test_wecom_contacts_and_messages(graph, tmp_path):
    s = load(graph, tmp_path, "wecom_contacts", "externalcontacts.jsonl",
             '{"external_userid": "wmAAA", "name": "张伟", "mobile": "13800138000", "unionid": "ozU1", '
             '"position": "总经理", "corp_name": "华为", "department": "总裁办", "gender": 1, "avatar": "http://x"}\n'
             '{"external_userid": "wmBBB", "name": "Peter", "unionid": "ozU2", "corp_name": "Acme"}\n')
    assert (s.loaded, s.rejected, s.files[0].unknown_columns) == (2, 0, [])
    sr = graph.read("MATCH (s:SourceRecord {id: 'wecom:wmAAA'}) RETURN s{.*} AS s")[0]["s"]
    assert (sr["kind"], sr["wecom_unionid"], sr["title"], sr["company"], sr["phone"]) == \
        ("person", "ozU1", "总经理", "华为", "+8613800138000")

    s = load(graph, tmp_path, "wecom_messages", "msgs.jsonl",
             '{"msgid": "m1", "action": "send", "from": "sales01", "tolist": ["wmAAA"], "roomid": "", '
             '"msgtime": 1714000000000, "msgtype": "text", "text": {"content": "张总您好，方案已发"}}\n'
             '{"msgid": "m2", "action": "send", "from": "sales01", "tolist": ["sales02"], "roomid": "", '
             '"msgtime": 1714000100000, "msgtype": "text", "text": {"content": "内部"}}\n')
    assert (s.loaded, s.rejected) == (1, 1)
    m = graph.read("MATCH (i:Interaction {id: 'm1'})-[:INVOLVES]->(s:SourceRecord) MATCH (i)-[:BY]->(u:User) "
                   "RETURN i.kind AS k, i.at AS at, i.summary AS text, s.name AS who, u.id AS u")
    assert m == [{"k": "wecom", "at": "2024-04-24T23:06:40Z", "text": "张总您好,方案已发", "who": "张伟", "u": "sales01"}]


def test_web_forms_and_visits_share_the_visitor(graph, tmp_path):
    load(graph, tmp_path, "web_forms", "forms.csv",
         "visitor_id,name,phone,email,company,message,submitted_at,utm_campaign,utm_source,ip\n"
         "v42,王芳,13700137000,wf@corp.cn,某医院,想了解价格,2024-05-01 12:00,spring,baidu,1.2.3.4\n")
    s = load(graph, tmp_path, "web_visits", "visits.csv",
             "visitor_id,timestamp,url,page_title,event,ip\n"
             "v42,2024-05-01 11:50,https://ourco.cn/pricing,价格,page_view,1.2.3.4\n"
             "v42,2024-05-01 11:55,https://ourco.cn/wp.pdf,白皮书,download,1.2.3.4\n")
    assert (s.loaded, s.rejected) == (2, 0)
    visits = graph.read("MATCH (i:Interaction)-[:INVOLVES]->(s:SourceRecord {id: 'website:v42'}) "
                        "RETURN i.kind AS k, i.topic AS t, i.summary AS sm ORDER BY i.at")
    assert visits == [{"k": "site_visit", "t": "价格", "sm": "page_view: https://ourco.cn/pricing"},
                      {"k": "site_visit", "t": "白皮书", "sm": "download: https://ourco.cn/wp.pdf"}]
    # the form's lead and the page views meet on one SourceRecord: the visitor
    lead = graph.read("MATCH (l:Lead)-[:FROM_RECORD]->(s:SourceRecord {id: 'website:v42'}) "
                      "RETURN l.campaign AS c, l.source AS src, s.name AS n, s.stub AS stub")
    assert lead == [{"c": "spring", "src": "baidu", "n": "王芳", "stub": None}]


def test_cli_loads_reports_and_exits_zero_with_rejects(graph, tmp_path):
    p = tmp_path / "leads.csv"
    p.write_text("线索ID,姓名,手机号,创建时间,微信\nL1,张三,13800138000,2024-01-01,zs\nL2,李四,13800138001,someday,ls\n",
                 encoding="utf-8")
    res = CliRunner().invoke(app, ["ingest", str(p), "--channel", "ad_leads", "--rejects", str(tmp_path / "r"),
                                   "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert (out["loaded"], out["rejected"], out["files"][0]["unknown_columns"]) == (1, 1, ["微信"])
    with open(out["reject_file"], encoding="utf-8") as f:
        rej = json.loads(f.readline())
    assert (rej["line"], rej["field"], rej["column"], rej["value"]) == (3, "created_at", "创建时间", "someday")

    res = CliRunner().invoke(app, ["ingest", str(p), "--channel", "ad_leads", "--rejects", str(tmp_path / "r")])
    assert res.exit_code == 0 and "rejected" in res.stdout and "微信" in res.stdout


def test_cli_errors_are_one_sentence(graph, tmp_path):
    from dealgraph.errors import InputError

    p = tmp_path / "x.csv"
    p.write_text("a\n1\n")
    res = CliRunner().invoke(app, ["ingest", str(p)])
    assert isinstance(res.exception, InputError) and "--mapping" in str(res.exception)
    res = CliRunner().invoke(app, ["ingest", str(p), "--channel", "fax_leads"])
    assert isinstance(res.exception, InputError) and "built-in channels" in str(res.exception)
