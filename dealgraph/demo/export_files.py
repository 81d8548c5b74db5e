"""Write a World as the files a company would export, the mapping TOML that loads them, and
the truth/ folder.

Each file uses its own column names (Chinese CRM columns, English API keys, nested JSON from
the website), its own formats (CSV in UTF-8 with BOM or GB18030, JSON arrays, JSONL) and its
own value spellings (dates, money, yes/no) -- the mapping TOML is what tells ingest how to read
them, exactly as a user would write it. Truth never goes into a data file.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .world import World

Row = dict[str, Any]


@dataclass(frozen=True)
class FileSpec:
    key: str                      # World.records key
    filename: str
    entity: str
    source: str
    columns: dict[str, str]       # canonical field -> the file's column (dotted = nested JSON)
    encoding: str = "utf-8"
    ignore: tuple[str, ...] = ()
    defaults: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)   # file column -> canonical key, written but ignored
    convert: Callable[[Row], Row] | None = None            # value spellings of this channel
    transform: str | None = None                           # ingest.channels transform named in the mapping

    @property
    def fmt(self) -> str:
        return self.filename.rsplit(".", 1)[-1]


def _yes_no(v: Any) -> str:
    return "" if v is None else ("是" if v else "否")


def _ad(r: Row) -> Row:
    r = dict(r)
    r["created_at"] = r["created_at"].strftime("%Y/%m/%d %H:%M:%S")
    if r["stated_purchase_date"]:
        r["stated_purchase_date"] = r["stated_purchase_date"].strftime("%Y年%m月%d日")
    if r["budget"]:
        r["budget"] = f"{r['budget'] / 1e4:g}万"
    r["pages_visited"] = ";".join(r["pages_visited"])
    r["converted"] = _yes_no(r["converted"])
    return r


def _search(r: Row) -> Row:
    r = dict(r)
    r["created_at"] = int(r["created_at"].timestamp())      # the API returns epoch seconds
    if r["stated_purchase_date"]:
        r["stated_purchase_date"] = r["stated_purchase_date"].isoformat()
    r["pages_visited"] = len(r["pages_visited"])
    return r


def _web(r: Row) -> Row:
    r = dict(r)
    r["created_at"] = r["created_at"].isoformat(timespec="seconds") + "Z"
    if r["stated_purchase_date"]:
        r["stated_purchase_date"] = r["stated_purchase_date"].isoformat()
    if r["budget"]:
        r["budget"] = f"¥{r['budget']:,.0f}"
    return r


def _wecom_msg(r: Row) -> Row:
    r = dict(r)
    r["msgtime"] = int(datetime.strptime(r["msgtime"], "%Y-%m-%d %H:%M:%S").timestamp() * 1000)  # WeCom archive: ms
    return r


def _opp(r: Row) -> Row:
    r = dict(r)
    r["closed_won"] = _yes_no(r["closed_won"])
    r["amount"] = f"{r['amount']:,.2f}"
    return r


_LEAD_AD = {"id": "线索ID", "created_at": "创建时间", "source": "渠道", "name": "姓名", "company": "公司名称", "title": "职位",
            "email": "邮箱", "phone": "手机号", "budget": "预算", "stated_purchase_date": "预计采购时间",
            "pages_visited": "浏览页面", "downloads": "下载次数", "questions": "留言", "campaign": "广告计划",
            "converted": "是否成交"}
_LEAD_SEARCH = {"id": "lead_id", "created_at": "submit_time", "source": "platform", "name": "contact_name",
                "company": "company", "title": "job_title", "email": "email", "phone": "mobile", "budget": "budget_cny",
                "stated_purchase_date": "purchase_plan_date", "pages_visited": "page_views", "downloads": "downloads",
                "questions": "message", "campaign": "keyword_plan", "converted": "won"}
_LEAD_WEB = {"id": "form_id", "created_at": "submitted_at", "source": "utm_source", "name": "visitor.name",
             "company": "visitor.company", "title": "visitor.title", "email": "visitor.email", "phone": "visitor.phone",
             "budget": "answers.budget", "stated_purchase_date": "answers.purchase_date",
             "pages_visited": "pages_visited", "downloads": "downloads", "questions": "answers.message",
             "converted": "converted"}

SPECS: list[FileSpec] = [
    FileSpec("accounts", "crm_accounts.csv", "account", "crm",
             {"id": "客户编号", "name": "客户名称", "name_en": "英文名称", "industry": "行业", "region": "区域",
              "credit_code": "统一社会信用代码", "website": "官网", "employees": "员工数"}, encoding="utf-8-sig"),
    FileSpec("departments", "crm_departments.csv", "department", "crm",
             {"id": "dept_id", "account_id": "account_id", "name": "dept_name", "parent_id": "parent_dept_id"},
             ignore=("dept_name_en",), extra={"dept_name_en": "name_en"}),
    FileSpec("contacts", "crm_contacts.csv", "contact", "crm",
             {"id": "联系人ID", "name": "姓名", "name_en": "英文名", "account_id": "客户编号", "department_id": "部门ID",
              "title": "职位", "email": "邮箱", "phone": "手机", "wecom_id": "企业微信ID", "manager_id": "直属上级ID"},
             encoding="gb18030"),
    FileSpec("careers", "contact_careers.csv", "career", "crm",
             {"contact_id": "contact_id", "organization": "company", "title": "position", "start": "from", "end": "to"}),
    FileSpec("education", "contact_education.jsonl", "education", "crm",
             {"contact_id": "contact_id", "school": "school", "degree": "degree", "year": "graduation_year"}),
    FileSpec("ties", "contact_ties.csv", "tie", "crm",
             {"source_id": "source", "target_id": "target", "kind": "relation", "strength": "strength"}),
    FileSpec("interactions", "crm_activities.jsonl", "interaction", "crm",
             {"id": "activity_id", "kind": "type", "at": "time", "contact_ids": "participants", "user_id": "owner",
              "channel": "channel", "topic": "subject", "sentiment": "sentiment", "meeting_type": "meeting_type",
              "summary": "notes"}),
    FileSpec("users", "users.csv", "user", "crm", {"id": "user_id", "name": "name", "email": "email", "role": "role"},
             ignore=("former_employers",), extra={"former_employers": "former_employers"}),
    FileSpec("ownership", "account_owners.csv", "ownership", "crm", {"user_id": "user_id", "account_id": "account_id"}),
    FileSpec("leads_ad", "ad_leads_oceanengine.csv", "lead", "ad_platform", _LEAD_AD, encoding="gb18030", convert=_ad),
    FileSpec("leads_search", "baidu_leads.jsonl", "lead", "baidu", _LEAD_SEARCH, convert=_search),
    FileSpec("leads_web", "website_forms.json", "lead", "website", _LEAD_WEB, convert=_web),
    FileSpec("wecom_contacts", "wecom_external_contacts.jsonl", "source_record", "wecom",
             {"source_id": "external_userid", "wecom_userid": "external_userid", "wecom_unionid": "unionid", "name": "name", "company": "corp_name",
              "title": "position", "phone": "mobile", "seen_at": "add_time"},
             defaults={"source": "wecom", "kind": "person"}),
    FileSpec("email_contacts", "email_correspondents.csv", "source_record", "email",
             {"source_id": "record_no", "email": "from_address", "name": "display_name", "company": "signature_company",
              "title": "signature_title", "phone": "signature_phone", "seen_at": "first_seen"},
             defaults={"source": "email", "kind": "person"}),
    FileSpec("erp_customers", "erp_customers.csv", "source_record", "erp",
             {"source_id": "customer_code", "name": "customer_name", "credit_code": "tax_id", "region": "city"},
             encoding="gb18030", defaults={"source": "erp", "kind": "company"}),
    FileSpec("wecom_messages", "wecom_messages.jsonl", "interaction", "wecom",
             {"id": "msgid", "at": "msgtime", "user_id": "from_user", "contact_ids": "external_userid",
              "topic": "content_topic", "sentiment": "sentiment"},
             defaults={"kind": "wecom", "participant_source": "wecom", "channel": "wecom"}, convert=_wecom_msg),
    FileSpec("web_visits", "website_visits.csv", "interaction", "website",
             {"id": "event_id", "at": "timestamp", "contact_ids": "visitor_id", "topic": "page_title", "summary": "url"},
             ignore=("event",), extra={"event": "event"}, transform="web_visit",
             defaults={"kind": "site_visit", "channel": "website", "participant_source": "website"}),
    FileSpec("opportunities", "opportunities.csv", "opportunity", "crm",
             {"id": "商机编号", "account_id": "客户编号", "name": "商机名称", "amount": "金额", "owner_id": "负责人",
              "created_at": "创建时间", "closed_won": "是否赢单"}, encoding="utf-8-sig", convert=_opp),
    FileSpec("stage_history", "opportunity_stage_history.csv", "stage_history", "crm",
             {"opportunity_id": "opportunity_id", "stage": "stage", "entered_at": "entered_at", "due_at": "due_at"}),
    FileSpec("tenders", "tenders.json", "tender", "tender_site",
             {"id": "tender_id", "title": "title", "number": "number", "buyer": "buyer", "buyer_account_id": "buyer_account_id",
              "budget": "budget", "deadline": "deadline", "region": "region", "industry": "industry", "status": "status"}),
    FileSpec("awards", "tender_awards.csv", "award", "tender_site",
             {"tender_id": "tender_id", "company": "winner", "amount": "amount", "at": "award_date"}),
    FileSpec("capabilities", "our_capabilities.jsonl", "capability", "self",
             {"id": "id", "kind": "kind", "name": "name", "text": "text", "spec": "spec", "valid_until": "valid_until",
              "customer": "customer", "industry": "industry", "amount": "amount", "year": "year"}),
]
TRUTH_FILES = {"roles": "roles.csv", "identity": "identity.csv", "leads": "leads.csv", "opportunities": "opportunities.csv",
               "opportunity_stages": "opportunity_stages.csv", "tenders": "tenders.csv"}


def _file_row(spec: FileSpec, r: Row) -> Row:
    """Rename canonical keys to the file's columns; dotted columns become nested objects."""
    if spec.convert:
        r = spec.convert(r)
    out: Row = {}
    for canon, col in list(spec.columns.items()) + [(v, k) for k, v in spec.extra.items()]:
        if canon in r:
            v = r[canon]
        elif col in r:            # channel rows are built with the channel's own keys already
            v = r[col]
        else:
            continue
        if isinstance(v, (date, datetime)):
            v = v.isoformat()
        node = out
        *parents, leaf = col.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = v
    return out


def _csv_value(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, list):
        return ";".join(str(x) for x in v)
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def write_world(w: World, out: Path, specs: list[FileSpec] | None = None,
                extra_mapping: str = "") -> dict[str, int]:
    """Write data files, mapping.toml and truth/ into `out`; returns rows per data file.

    `specs` selects the files (default: all of SPECS); `extra_mapping` is appended to the
    mapping (entries for files written by other generators, e.g. tender documents)."""
    specs = SPECS if specs is None else specs
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for spec in specs:
        rows = [_file_row(spec, r) for r in w.records.get(spec.key, [])]
        path = out / spec.filename
        if spec.fmt == "csv":
            header = list(dict.fromkeys(list(spec.columns.values()) + list(spec.extra)))
            # GB18030 can encode every character we generate; errors="strict" proves it.
            with path.open("w", newline="", encoding=spec.encoding) as f:
                wr = csv.DictWriter(f, fieldnames=header)
                wr.writeheader()
                for r in rows:
                    wr.writerow({k: _csv_value(r.get(k)) for k in header})
        elif spec.fmt == "jsonl":
            with path.open("w", encoding="utf-8") as f:
                for r in rows:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
        else:
            path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
        counts[spec.filename] = len(rows)
    (out / "mapping.toml").write_text(mapping_toml(specs) + extra_mapping, encoding="utf-8")
    write_truth(w, out / "truth")
    (out / "truth" / "manifest.json").write_text(json.dumps(
        {"seed": w.seed, "as_of": w.as_of.isoformat(), "accounts": len(w.companies), "files": counts,
         "shapes": {c.id: w.orgs[c.id].shape for c in w.companies}}, ensure_ascii=False, indent=1), encoding="utf-8")
    return counts


TRUTH_README = """# Ground truth of this demo world (never read by models)

- roles.csv: contact_id, role (decision_maker | influencer | executor), account_id, shape (flat|deep|matrix).
  Roles follow the product's purchase semantics for an IT purchase (README, "Decision chain"),
  set from the generator's positions, not from the title string: decision makers (1-4 per
  account) sign: the top (and an executive chairman above it; under a non-executive chairman only
  the CEO), the executive over the IT department, and the CFO where finance co-signs (about a
  third of the accounts). Influencers: the other executives, heads and deputies of IT,
  procurement, finance, legal and the business units, advisors of 3-4 leaders (any title), an
  outside consultant. Executors: everyone else, including the heads of HR, administration and
  HSE. Behaviour follows the role with ~10% noise: decision makers attend approval/procurement
  meetings and sign (interaction summary / the "contract signature" or "finance co-sign" email),
  influencers attend technical/demo meetings and broker cross-department and "advises" ties,
  executors attend kickoff/training.
- identity.csv: record_id (the SourceRecord id "<source>:<source_id>" that ingest creates), entity_id
  (a contact or account id, or PRSxxxxx for a prospect we do not know yet), kind (person|company).
  Records with the same entity_id are the same real person/company.
- leads.csv: lead_id, converted (the outcome, also for recent leads whose outcome the files leave
  blank), entity_id, role, source. Conversion = Bernoulli(sigmoid(BANT signals visible in the lead
  record + the person's true role + noise)).
- opportunities.csv: one row per opportunity; for those open at the as-of date (manifest.json):
  the current stage, its due date, when it really ends (exit_at) and whether it overruns; plus the
  eventual closed_won. opportunity_stages.csv: every simulated stage with due/exit and overran.
  Slow stages come from industry (government/hospitals), deal size, owner, and no decision maker engaged.
- tenders.csv: buyer entity and winner of each tender in tenders.json (tenders.jsonl, if present,
  is the tender-document generator's truth for tenders/*).
"""


def write_truth(w: World, truth_dir: Path) -> None:
    truth_dir.mkdir(parents=True, exist_ok=True)
    (truth_dir / "README.md").write_text(TRUTH_README, encoding="utf-8")
    for key, name in TRUTH_FILES.items():
        rows = w.truth.get(key, [])
        header = list(rows[0]) if rows else ["id"]
        with (truth_dir / name).open("w", newline="", encoding="utf-8") as f:
            wr = csv.DictWriter(f, fieldnames=header)
            wr.writeheader()
            for r in rows:
                wr.writerow({k: _csv_value(r.get(k)) for k in header})


def _toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)   # a JSON string is a valid TOML basic string


def mapping_toml(specs: list[FileSpec] | None = None) -> str:
    lines = ["# Mapping of the demo files to dealgraph records (generated by `dealgraph demo generate`).",
             "# Each [[files]] entry: which files, which record kind, and our field = the file's column.", ""]
    for spec in SPECS if specs is None else specs:
        lines += ["[[files]]", f"match = {_toml_str(spec.filename)}", f"entity = {_toml_str(spec.entity)}",
                  f"source = {_toml_str(spec.source)}"]
        if spec.encoding != "utf-8":
            lines.append(f"encoding = {_toml_str(spec.encoding)}")
        if spec.ignore:
            lines.append("ignore = [" + ", ".join(_toml_str(i) for i in spec.ignore) + "]")
        if spec.transform:
            lines.append(f"transform = {_toml_str(spec.transform)}")
        lines.append("[files.columns]")
        lines += [f"{k} = {_toml_str(v)}" for k, v in spec.columns.items()]
        if spec.defaults:
            lines.append("[files.defaults]")
            lines += [f"{k} = {_toml_str(str(v))}" for k, v in spec.defaults.items()]
        lines.append("")
    return "\n".join(lines)
