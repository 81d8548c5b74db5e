from dealgraph.ingest.identity.infer import infer_mapping


def test_unambiguous_content_beats_a_misleading_header_and_event_dates_are_not_births():
    headers = ["record_no", "display_name", "from_address", "first_seen", "birthday"]
    samples = {
        "display_name": ["张伟", "Li Na", "王芳"],
        "from_address": ["zhang.wei@huawei.com", "lina@tencent.com", "wf@byd.com"],
        "first_seen": ["2026-03-01", "2025-11-20", "2026-06-03"],
        "birthday": ["1985-03-07", "1990/3/7", "1979年1月2日"],
    }
    m = infer_mapping(headers, samples, id_column="record_no")
    assert m["from_address"] == "email"
    assert "first_seen" not in m
    assert m["birthday"] == "dob"


def test_explicit_map_wins():
    m = infer_mapping(["a", "b"], {"a": ["x@y.com"], "b": ["张伟"]}, explicit={"a": "name"})
    assert m["a"] == "name"
