"""The shortcuts on ingest's per-row path give exactly what the plain path gives."""

import json

import pytest
from pydantic import BeforeValidator

from dealgraph.ingest.readers import _loads
from dealgraph.schema.models import RECORD_MODELS


def test_every_optional_normaliser_maps_none_to_none():
    # validate.py leaves absent optional fields out (pydantic's default None, no normaliser call);
    # that is only the same record if each normaliser would have turned None into None.
    checked = 0
    for name, model in RECORD_MODELS.items():
        for field, info in model.model_fields.items():
            for m in info.metadata:
                if isinstance(m, BeforeValidator):
                    assert m.func(None) is None, f"{name}.{field}"
                    checked += 1
            if not info.is_required():
                assert info.default is None, f"{name}.{field} has a default other than None"
    assert checked > 50


@pytest.mark.parametrize("line", [
    '{"id": "c1", "name": "王伟", "n": 3, "x": 1.5, "ok": true, "none": null}',
    '{"a": -0.0, "b": 1e20, "c": [1, 2.5, "三"], "d": {"e": {"f": 12345678901234567890}}}',
    '{"big": 123456789012345678901234567890}',  # beyond 64 bits: an int in json, a float in orjson
    '{"neg": -99999999999999999999}',
    '{"nan": NaN, "inf": Infinity}',  # orjson refuses these; json reads them
    '{"s": "\\ud800"}',  # a lone surrogate
    '{"a": 1, "a": 2}',
])
def test_jsonl_lines_parse_as_json_does(line):
    got, want = _loads(line), json.loads(line)
    assert repr(got) == repr(want)


def test_broken_json_keeps_json_message():
    with pytest.raises(json.JSONDecodeError) as e:
        _loads('{"a": ')
    assert e.value.msg == "Expecting value"
