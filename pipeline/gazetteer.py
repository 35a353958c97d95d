"""Which province a district or town belongs to, from the administrative data that
underthesea ships (its address module's mapping of the pre-2025 units).

Used to complete "LĐLĐ tỉnh" and "Tỉnh ủy" when a document names only its district
("Yên Định, ngày …" → Thanh Hóa). A name shared by districts of several provinces
resolves to nothing: never guess.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import regex

DISTRICT_PREFIX_RE = regex.compile(r"^(?:Huyện|Quận|Thị xã|Thành phố|Thị trấn)\s+", regex.IGNORECASE)
PROVINCE_PREFIX_RE = regex.compile(r"^(?:Tỉnh|Thành phố)\s+", regex.IGNORECASE)


def _mapping_path() -> Path | None:
    # found, not imported: importing underthesea costs each worker ~0.3 s of start-up
    import importlib.util

    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - underthesea is a dependency
        return None
    p = Path(list(spec.submodule_search_locations)[0]) / "address" / "data" / "mapping.json"
    return p if p.exists() else None


@functools.cache
def _data() -> dict[str, Any]:
    path = _mapping_path()
    if path is None:
        return {"old_province_names": {}, "ward_mapping": []}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@functools.cache
def _districts() -> dict[str, str | None]:
    """District (folded, without prefix) → province short name, None when ambiguous."""
    from pipeline.folding import fold

    data = _data()
    short = {k: v["short"] for k, v in data["old_province_names"].items()}
    out: dict[str, str | None] = {}
    for rec in data["ward_mapping"]:
        district = DISTRICT_PREFIX_RE.sub("", rec["old_district"])
        province = short.get(rec["old_province_key"])
        key = fold(district)
        if key in out and out[key] != province:
            out[key] = None
        else:
            out[key] = province
    return out


@functools.cache
def district_spellings() -> dict[str, str]:
    """District and town names as the administrative data writes them, keyed by their lower
    case ('vụ bản' → 'Vụ Bản', "m'đrắk" → "M'Đrắk"): the capitals a name printed in capitals
    gets back. A name spelt two ways in the data is left out."""
    out: dict[str, str] = {}
    clash: set[str] = set()
    for rec in _data()["ward_mapping"]:
        name = DISTRICT_PREFIX_RE.sub("", rec["old_district"]).strip()
        key = name.lower()
        if key in out and out[key] != name:
            clash.add(key)
        out[key] = name
    return {k: v for k, v in out.items() if k not in clash and not k.isdigit()}


@functools.cache
def district_full_names() -> list[str]:
    """Every district and town with its level word, as the data writes it ('Huyện Yên Định',
    'Thành phố Sầm Sơn'), once each, in one pass over the data."""
    return list(dict.fromkeys(rec["old_district"] for rec in _data()["ward_mapping"]))


def province_of(place: str | None) -> str | None:
    """The province of a district or town name, when it is unambiguous."""
    if not place:
        return None
    from pipeline import vocab
    from pipeline.folding import fold

    name = PROVINCE_PREFIX_RE.sub("", DISTRICT_PREFIX_RE.sub("", place.strip()))
    provinces = vocab.province_by_key()
    if name.lower() in provinces:
        return provinces[name.lower()]
    province = _districts().get(fold(name))
    return vocab.province_by_key().get(province.lower(), province) if province else None


@functools.cache
def provinces() -> list[tuple[str, str]]:
    """The provinces and centrally-run cities of the pre-2025 map, by code: (full name, short
    name), e.g. ('Tỉnh Hà Giang', 'Hà Giang'), ('Thành phố Hà Nội', 'Hà Nội')."""
    names = sorted(_data()["old_province_names"].values(), key=lambda v: v["code"])
    return [(v["name"], v["short"]) for v in names]


@functools.cache
def units_of(province: str) -> list[tuple[str, list[str]]]:
    """The districts (full name: 'Huyện Yên Định', 'Thành phố Sầm Sơn', 'Quận 1') of a province
    given by its short name, each with its wards and communes ('Xã Định Hòa'), in the data's order."""
    key = next((k for k, v in _data()["old_province_names"].items() if v["short"] == province), None)
    out: dict[str, list[str]] = {}
    for rec in _data()["ward_mapping"]:
        if rec["old_province_key"] == key:
            wards = out.setdefault(rec["old_district"], [])
            if rec["old_ward"] not in wards:
                wards.append(rec["old_ward"])
    return list(out.items())
