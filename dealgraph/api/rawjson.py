"""Pre-serialised JSON inside a GraphQL response, and the response encoder that splices it in.

The decision chain of a 500-person account is ~1 MB of JSON behind one `JSON` leaf. Encoding it
again on every request cost tens of milliseconds, although the cached chain only changes every
`api_chain_cache_s` seconds. A resolver can return `RawJSON(text)` (text encoded once, memoised
with the cache entry); `encode_response` writes that text verbatim where the value belongs.
Everything else is encoded as before (orjson when installed, else the standard library).
"""

from __future__ import annotations

import json
import secrets
from typing import Any

try:  # optional: 3-5x faster encoding of ordinary responses
    import orjson
except ImportError:  # pragma: no cover - depends on the installation
    orjson = None

# A per-process random marker: no stored string can collide with it by accident.
_MARK = f"\x00rawjson-{secrets.token_hex(12)}-"


class RawJSON:
    """A JSON text to emit as is (it must be one valid JSON value)."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


def dumps(value: Any) -> str:
    """Compact JSON text for a plain value (non-ASCII kept as UTF-8, which is shorter for Chinese)."""
    if orjson is not None:
        try:
            return orjson.dumps(value).decode()
        except TypeError:  # e.g. integers beyond 64 bits: the standard encoder handles those
            pass
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def encode_response(data: Any) -> str:
    raws: list[str] = []

    def default(o: Any) -> Any:
        if isinstance(o, RawJSON):
            raws.append(o.text)
            return f"{_MARK}{len(raws) - 1}"
        raise TypeError(f"{type(o).__name__} is not JSON serialisable")

    if orjson is not None:
        try:
            text = orjson.dumps(data, default=default).decode()
        except TypeError:
            raws.clear()
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=default)
    else:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=default)
    if not raws:
        return text
    # The marker is encoded as a JSON string: "\u0000rawjson-...-<i>" (both encoders escape NUL so).
    prefix = json.dumps(_MARK)[:-1]  # with its opening quote
    parts = text.split(prefix)
    out = [parts[0]]
    for part in parts[1:]:
        i, rest = part.split('"', 1)  # the index, then the closing quote
        out.append(raws[int(i)])
        out.append(rest)
    return "".join(out)
