"""Inline assets: vis-network from the installed pyvis package, our own static files, and
escaping that keeps inlined text from closing its <script>/<style> element."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import RuntimeSetupError

# The CJK-capable fonts we ask for, most likely first (Linux, Noto, Windows, macOS).
FONT_STACK = ('"WenQuanYi Zen Hei", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", '
              '"Helvetica Neue", Arial, sans-serif')


@lru_cache
def vis_network() -> tuple[str, str]:
    """(js, css) of the newest vis-network build that pyvis ships."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib"
    builds = sorted(lib.glob("vis-*/vis-network.min.js"), key=lambda p: _version(p.parent.name))
    if not builds:
        raise RuntimeSetupError(f"vis-network.min.js is missing from the pyvis package in {lib}: reinstall pyvis.")
    js = builds[-1]
    return js.read_text(encoding="utf-8"), (js.parent / "vis-network.css").read_text(encoding="utf-8")


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(x) for x in name.removeprefix("vis-").split(".") if x.isdigit())


@lru_cache
def static(name: str) -> str:
    return resources.files(__package__).joinpath("static", name).read_text(encoding="utf-8")


def script(text: str) -> str:
    """Code safe inside <script>: a '</script' in a string literal would end the element early
    ('<\\/' means the same inside JS strings and regexes)."""
    return _END_SCRIPT.sub(r"<\\/\1", text)


def style(text: str) -> str:
    return _END_STYLE.sub(r"<\\/\1", text)


def json_script(value: Any) -> str:
    """JSON for <script type="application/json">: every '<' as the JSON escape \\u003c, so no
    '</script' or '<!--' inside the data can end the element or change how it is parsed."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str).replace("<", "\\u003c")


_END_SCRIPT = re.compile(r"</(script)", re.IGNORECASE)
_END_STYLE = re.compile(r"</(style)", re.IGNORECASE)
