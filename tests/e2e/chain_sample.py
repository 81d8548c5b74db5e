"""A hand-made decision-chain dict (shape of decision_chain_data) with a hostile name (tests only)."""


def sample() -> dict:
    contact = {"kind": "contact", "title": "总经理", "name_en": None, "department_id": "d:D1", "department": "采购部",
               "manager_ids": [], "role_confidence": 0.9, "role_evidence": ["签署合同 signs contracts"],
               "role_model": "rules-v1", "seniority": 1.0, "influence_evidence": [], "depth": 0, "reports": 1,
               "interactions": {"count": 2, "last_at": "2026-04-02T09:00:00Z", "channels": ["email"], "kinds": [],
                                "sentiment": 0.2, "topics": ["预算"], "meeting_types": []}, "properties": {}}
    return {
        "account": {"id": "A1", "name": "华东电力集团"},
        "nodes": [
            {"id": "a:A1", "kind": "account", "ref": "A1", "label": "华东电力集团", "name": "华东电力集团"},
            {**contact, "id": "c:c1", "ref": "c1", "label": "张伟", "name": "张伟", "role": "decision_maker",
             "influence": 1.0},
            {**contact, "id": "c:c2", "ref": "c2", "label": "</script><script>alert(1)</script>",
             "name": "</script><script>alert(1)</script>", "role": "unclassified", "influence": 0.3},
            {"id": "d:D1", "kind": "department", "ref": "D1", "label": "采购部", "name": "采购部", "parent_id": None,
             "size": 2},
            {"id": "u:u1", "kind": "user", "ref": "u1", "label": "刘销售", "name": "刘销售", "owner": True,
             "interaction_count": 2},
        ],
        "edges": [
            {"id": "REPORTS_TO:c:c2->c:c1", "source": "c:c2", "target": "c:c1", "type": "REPORTS_TO",
             "dimension": "organisation", "weight": 1.0, "detail": "reports"},
            {"id": "INTERACTED:u:u1->c:c1", "source": "u:u1", "target": "c:c1", "type": "INTERACTED",
             "dimension": "interaction", "weight": 2.0, "detail": "2 interactions", "count": 2},
        ],
        "groups": [{"id": "d:D1", "name": "采购部", "members": ["c:c1", "c:c2"]}],
        "paths": [], "paths_note": "no paths",
        "stats": {"contacts": 2, "departments": 1, "users": 1, "backgrounds": 0, "edges": 2, "roles": {}},
    }
