"""The graph model as constants: labels, relationship types and the conventions writers follow.

Import these instead of spelling label strings by hand, so a rename is one edit.

Conventions (every writer follows them):
- every node has a stable `id` (uniqueness constraint, m0001); writes MERGE on it;
- datetimes are ISO-8601 UTC strings "YYYY-MM-DDTHH:MM:SSZ", dates "YYYY-MM-DD"; both sort and
  compare correctly as strings and in range indexes; use datetime(n.at) / date(n.d) for arithmetic;
- nodes keyed by a name (Organization, School, Company, Stage) get id = prefix + name_key(name)
  (see schema.models.name_key), so "华为技术有限公司" and "华为技术有限公司 " are one node;
- our own company is (:Company {id: "self", self: true}); capabilities hang off it;
- every person/company appearance from a channel is a (:SourceRecord {id: "<source>:<source_id>"});
  the record that created a Contact/Account is linked to it with
  RESOLVED_TO {score: 1.0, method: "origin", evidence: [...]}; ID-mapping adds the others;
- references to nodes not loaded yet create stubs with only `id` (and `stub: true`), filled in
  when the node's own record arrives; `stub` is removed then.
"""

from typing import Final


class L:
    """Node labels."""

    ACCOUNT: Final = "Account"
    DEPARTMENT: Final = "Department"
    CONTACT: Final = "Contact"
    ORGANIZATION: Final = "Organization"
    SCHOOL: Final = "School"
    INTERACTION: Final = "Interaction"
    USER: Final = "User"
    SOURCE_RECORD: Final = "SourceRecord"
    LEAD: Final = "Lead"
    OPPORTUNITY: Final = "Opportunity"
    STAGE: Final = "Stage"
    TENDER: Final = "Tender"
    REQUIREMENT: Final = "Requirement"
    COMPANY: Final = "Company"
    CAPABILITY: Final = "Capability"
    CONCEPT: Final = "Concept"
    INGEST_RUN: Final = "IngestRun"


class R:
    """Relationship types (direction as written in DESIGN.md)."""

    PART_OF: Final = "PART_OF"            # (:Department)->(:Account)
    SUB_OF: Final = "SUB_OF"              # (:Department)->(:Department)
    WORKS_IN: Final = "WORKS_IN"          # (:Contact)->(:Department)
    WORKS_FOR: Final = "WORKS_FOR"        # (:Contact)->(:Account) (account_id without a department)
    REPORTS_TO: Final = "REPORTS_TO"      # (:Contact)->(:Contact)
    WORKED_AT: Final = "WORKED_AT"        # (:Contact)->(:Organization) {from, to, title}
    KNOWS: Final = "KNOWS"                # (:Contact)->(:Contact) {kind, strength, source}
    STUDIED_AT: Final = "STUDIED_AT"      # (:Contact)->(:School) {degree, year}
    INVOLVES: Final = "INVOLVES"          # (:Interaction)->(:Contact|:SourceRecord)
    BY: Final = "BY"                      # (:Interaction)->(:User)
    OWNS: Final = "OWNS"                  # (:User)->(:Account)
    RESOLVED_TO: Final = "RESOLVED_TO"    # (:SourceRecord)->(:Contact|:Account) {score, evidence, method}
    FROM_RECORD: Final = "FROM_RECORD"    # (:Lead)->(:SourceRecord) the lead's person as seen in its channel
    LEAD_OF: Final = "LEAD_OF"            # (:Lead)->(:Contact) / (:Lead)->(:Account) when the export names them
    FOR: Final = "FOR"                    # (:Opportunity)->(:Account)
    OWNED_BY: Final = "OWNED_BY"          # (:Opportunity)->(:User)
    AT_STAGE: Final = "AT_STAGE"          # (:Opportunity)->(:Stage) {entered, due}
    ISSUED_BY: Final = "ISSUED_BY"        # (:Tender)->(:Account|:Organization)
    HAS_REQUIREMENT: Final = "HAS_REQUIREMENT"  # (:Tender)->(:Requirement)
    HAS_CAPABILITY: Final = "HAS_CAPABILITY"    # (:Company {self:true})->(:Capability)
    SATISFIED_BY: Final = "SATISFIED_BY"  # (:Requirement)->(:Capability) {status, score, evidence}
    AWARDED_TO: Final = "AWARDED_TO"      # (:Tender)->(:Company) {amount, at}
    MENTIONS: Final = "MENTIONS"          # (:Requirement)->(:Concept)
    COVERS: Final = "COVERS"              # (:Capability)->(:Concept)


SELF_COMPANY_ID: Final = "self"

# id prefixes of name-keyed nodes (id = prefix + name_key(name))
ORG_PREFIX: Final = "org:"
SCHOOL_PREFIX: Final = "school:"
COMPANY_PREFIX: Final = "company:"
STAGE_PREFIX: Final = "stage:"

# Record kinds that describe a person or company appearance, and so also MERGE a SourceRecord.
SOURCE_RECORD_KIND: Final = {"contact": "person", "lead": "person", "account": "company", "source_record": None}

# SourceRecord properties ID-mapping resolves on: when a writer changes one of them it marks the
# record pending (idm_dirty), so an incremental resolve finds it by index instead of a scan.
IDENTITY_PROPERTIES: Final = (
    "account_name", "address", "birth_date", "city", "company", "credit_code", "customer_no", "dob", "email",
    "employee_no", "first_name", "kind", "last_name", "mobile", "name", "name_en", "national_id", "organization",
    "passport", "phone", "postcode", "region", "tax_id", "title", "unionid", "website", "wecom_id", "wecom_unionid")

# Vector indexes (m0102): all-MiniLM-L6-v2 dimension, cosine.
EMBEDDING_DIMS: Final = 384
EMBEDDING_PROPERTY: Final = "embedding"

# Full-text index names (m0101), analyzer 'cjk' (bigrams for hanzi, words for Latin script).
FT_PEOPLE: Final = "ft_people"          # Contact/SourceRecord/User name, name_en, title
FT_COMPANIES: Final = "ft_companies"    # Account/Organization/Company name, name_en
FT_TENDERS: Final = "ft_tenders"        # Tender title, buyer; Requirement text
FT_CAPABILITIES: Final = "ft_capabilities"  # Capability name, text, spec
