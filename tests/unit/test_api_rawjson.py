"""The GraphQL response encoder: pre-encoded JSON spliced in verbatim, everything else as usual."""

import json

from dealgraph.api import rawjson


def test_raw_values_are_spliced_and_plain_values_untouched():
    tricky = ['q"', "\x00rawjson-0", "\x00rawjson-", "中文", 2**70]  # marker look-alikes stay text
    data = {"data": {"a": rawjson.RawJSON('{"x":[1,"中"]}'), "b": [rawjson.RawJSON("[]"), tricky]}}
    out = json.loads(rawjson.encode_response(data))
    assert out == {"data": {"a": {"x": [1, "中"]}, "b": [[], tricky]}}
    assert json.loads(rawjson.encode_response({"data": None, "errors": [{"message": "x"}]})) == {
        "data": None, "errors": [{"message": "x"}]}


def test_dumps_is_compact_json():
    assert json.loads(rawjson.dumps({"a": [1.5, None, "é"]})) == {"a": [1.5, None, "é"]}
