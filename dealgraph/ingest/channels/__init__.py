"""Channel adapters: built-in mappings (TOML package data) + the small row transforms they name.

Each channel the product promises maps its export to our common records:
- ad_leads       ad-platform lead exports (巨量引擎/腾讯广告/...)      -> lead (+ its SourceRecord)
- search_leads   search-engine leads (百度营销/360/Google Ads ...)    -> lead
- wecom_contacts WeCom (企业微信) external contacts                   -> source_record (person)
- wecom_messages WeCom archived messages (会话内容存档)                -> interaction kind wecom
- web_forms      website form submissions                            -> lead
- web_visits     website visit / download events                     -> interaction kind site_visit
Identity resolution is not done here: every appearance stays a SourceRecord for ID-mapping.
"""

from __future__ import annotations

import dataclasses
from importlib import resources
from pathlib import Path

from ...errors import InputError
from ..mapping import Mapping, parse_mapping
from .transforms import TRANSFORMS

__all__ = ["TRANSFORMS", "channel_mapping", "channel_names"]


def channel_names() -> list[str]:
    files = resources.files(__name__).joinpath("mappings")
    return sorted(p.name.removesuffix(".toml") for p in files.iterdir() if p.name.endswith(".toml"))


def channel_mapping(name: str) -> Mapping:
    """The built-in mapping of a channel, e.g. channel_mapping("wecom_contacts")."""
    if name not in channel_names():
        raise InputError(f"unknown channel {name!r}; built-in channels are: {', '.join(channel_names())}.")
    import hashlib
    import tomllib

    raw = resources.files(__name__).joinpath("mappings", f"{name}.toml").read_bytes()
    m = parse_mapping(tomllib.loads(raw.decode("utf-8")), Path(f"{name}.toml"), hashlib.sha256(raw).hexdigest())
    # A channel lists every column name its exports are known to use: an export has only some of them.
    return dataclasses.replace(m, strict_columns=False)
