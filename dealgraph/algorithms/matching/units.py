"""Units to a base per dimension, so 2.56 Tbps compares with 2400 Gbps and 500 万元 with 3,000,000 元."""

from __future__ import annotations

_TABLE: dict[str, tuple[str, float]] = {}


def _add(dim: str, pairs: dict[str, float]) -> None:
    for unit, factor in pairs.items():
        _TABLE[unit.lower()] = (dim, factor)


_add("bitrate", {"bps": 1, "kbps": 1e3, "mbps": 1e6, "gbps": 1e9, "tbps": 1e12, "kb/s": 1e3, "mb/s": 1e6,
                 "gb/s": 1e9, "tb/s": 1e12})
_add("bytes", {"b": 1, "kb": 1024, "mb": 1024 ** 2, "gb": 1024 ** 3, "tb": 1024 ** 4, "pb": 1024 ** 5,
               "g": 1024 ** 3, "t": 1024 ** 4})
_add("frequency", {"hz": 1, "khz": 1e3, "mhz": 1e6, "ghz": 1e9})
_add("power", {"w": 1, "kw": 1e3, "kva": 1e3})
_add("duration", {"秒": 1, "s": 1, "seconds": 1, "分钟": 60, "minutes": 60, "min": 60, "小时": 3600, "h": 3600,
                  "hours": 3600, "hour": 3600, "hrs": 3600, "天": 86400, "日": 86400, "days": 86400, "day": 86400,
                  "周": 7 * 86400, "weeks": 7 * 86400, "月": 30 * 86400, "个月": 30 * 86400, "months": 30 * 86400,
                  "month": 30 * 86400, "年": 365 * 86400, "years": 365 * 86400, "year": 365 * 86400,
                  "yrs": 365 * 86400, "ms": 1e-3, "μs": 1e-6, "ns": 1e-9, "calendar days": 86400, "日历天": 86400,
                  "日曆天": 86400, "自然日": 86400,
                  # a working day is a fifth of a working week: 10 working days are 14 calendar days
                  "working days": 7 / 5 * 86400, "business days": 7 / 5 * 86400, "工作日": 7 / 5 * 86400})
# Mass per volume (air or water quality): micrograms per cubic metre.
_add("concentration", {"μg/m³": 1, "µg/m³": 1, "ug/m³": 1, "μg/m3": 1, "µg/m3": 1, "ug/m3": 1, "mg/m³": 1e3, "mg/m3": 1e3,
                       "ng/m³": 1e-3, "ng/m3": 1e-3})
_add("money_cny", {"元": 1, "cny": 1, "rmb": 1, "千元": 1e3, "万元": 1e4, "亿元": 1e8})
_add("count", {"个": 1, "台": 1, "套": 1, "块": 1, "口": 1, "路": 1, "颗": 1, "张": 1, "项": 1, "次": 1, "ports": 1,
               "port": 1, "units": 1, "projects": 1, "contracts": 1, "k": 1e3, "万": 1e4, "亿": 1e8})
_add("people", {"人": 1, "名": 1, "staff": 1, "people": 1, "persons": 1, "engineers": 1})
_add("cores", {"核": 1, "cores": 1, "core": 1, "线程": 1})
_add("level", {"级": 1})
_add("percent", {"%": 1})
_add("length", {"mm": 1e-3, "cm": 1e-2, "m": 1, "米": 1, "km": 1e3, "inch": 0.0254, "英寸": 0.0254, "in": 0.0254,
                "inches": 0.0254, '"': 0.0254, "″": 0.0254, "吋": 0.0254, "metres": 1, "meters": 1, "kilometres": 1e3,
                "kilometers": 1e3})
# Volumes in litres, as symbols and as words ("690 liters", "40 litres", "2,400 cubic centimetres").
_add("volume", {"l": 1, "liter": 1, "liters": 1, "litre": 1, "litres": 1, "升": 1, "ml": 1e-3, "毫升": 1e-3,
                "μl": 1e-6, "µl": 1e-6, "ul": 1e-6, "nl": 1e-9, "cc": 1e-3, "cm³": 1e-3, "cm3": 1e-3,
                "cubic centimetres": 1e-3, "cubic centimeters": 1e-3, "cubic centimetre": 1e-3, "cubic centimeter": 1e-3,
                "m³": 1e3, "m3": 1e3, "cubic metres": 1e3, "cubic meters": 1e3, "gallons": 3.785411784, "gallon": 3.785411784})
_add("mass", {"kg": 1, "吨": 1e3})
_add("voltage", {"v": 1, "kv": 1e3})
_add("noise", {"db": 1, "dbm": 1})


def to_base(value: float, unit: str | None) -> tuple[str | None, float]:
    """(dimension, value in the base unit); a missing or unknown unit keeps its value in dimension None."""
    if unit in ("℃", "°C"):
        return "temperature", float(value)
    if unit == "°F":
        return "temperature", (float(value) - 32) * 5 / 9
    if not unit:
        return None, float(value)
    dim, f = _TABLE.get(unit.lower(), (f"unit:{unit}", 1.0))
    return dim, float(value) * f


def comparable(u1: str | None, u2: str | None) -> bool:
    d1, _ = to_base(1, u1)
    d2, _ = to_base(1, u2)
    # A unit-less figure compares with anything of one dimension ("48" ports vs "48个").
    return d1 == d2 or d1 is None or d2 is None or {d1, d2} <= {"count", "people"}
