from . import unique_id

DESCRIPTION = "uniqueness of id on every core label"

CORE_LABELS = (
    "Account", "Department", "Contact", "Organization", "School", "Interaction", "User", "SourceRecord",
    "Lead", "Opportunity", "Stage", "Tender", "Requirement", "Company", "Capability", "Concept", "IngestRun",
)

STATEMENTS = [unique_id(label) for label in CORE_LABELS]
