"""Vocabularies: the JSON files in ``pipeline/data`` loaded once into typed tables.

Patterns and word lists live as data beside this module (reporters-db style) so a
reviewer finds every list in one place; this is their only reader.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Literal

import regex
from pydantic import BaseModel, Field

DATA_DIR = Path(__file__).parent / "data"


class DocType(BaseModel):
    name: str
    codes: list[str] = Field(default_factory=list)
    variants: list[str] = Field(default_factory=list)  # older spellings printed on type lines ("Qui chế")
    examples: list[tuple[str, str]] = Field(default_factory=list)


class DocTypesFile(BaseModel):
    notes: str = ""
    types: list[DocType]


class SymbolIssuer(BaseModel):
    name: str | None
    scope: str


class YouthUnion(BaseModel):
    titles: list[str] = Field(default_factory=list)  # the tiêu đề heading every Đoàn document
    level_bodies: dict[str, str] = Field(default_factory=dict)  # level word → the Đoàn of that level


class IssuersFile(BaseModel):
    notes: str = ""
    abbreviations: dict[str, str]
    symbol_issuers: dict[str, SymbolIssuer]
    organs: list[str]
    national_bodies: list[str]
    level_words: list[str]
    incomplete_heads: list[str] = Field(default_factory=list)  # a header line that needs the next ("CÔNG TY" / "TNHH ABC")
    body_heads: list[str]
    positions: list[str]
    department_heads: list[str] = Field(default_factory=list)  # a part of a body: named with the body above it
    territorial_agencies: list[str] = Field(default_factory=list)  # of a People's Committee: named with its territory
    school_levels: list[str] = Field(default_factory=list)  # 'Công đoàn' + a level names a school's union
    position_words: list[str] = Field(default_factory=list)  # a signer's office names one of them
    field_bodies: list[str] = Field(default_factory=list)  # bodies named by their field ('Bộ Tài chính')
    youth_union: YouthUnion = Field(default_factory=lambda: YouthUnion())
    level_heads: list[str] = Field(default_factory=list)  # start a level of a header cell besides body_heads


class PlacesFile(BaseModel):
    notes: str = ""
    provinces: list[str]
    central_cities: list[str] = Field(default_factory=list)  # level word 'thành phố', not 'tỉnh'
    examples: list[tuple[str, str]] = Field(default_factory=list)


class Department(BaseModel):
    name: str
    variants: list[str]


class DepartmentsFile(BaseModel):
    notes: str = ""
    departments: list[Department]
    unit_starts: list[str] = Field(default_factory=list)
    task_verbs: list[str] = Field(default_factory=list)
    examples: list[tuple[str, str]] = Field(default_factory=list)


class Unit(BaseModel):
    canonical: str
    variants: list[str]
    # count: values add up across documents (members, unions); ratio: shares (%), averaged
    measure: Literal["count", "ratio"] = "count"


class UnitsFile(BaseModel):
    notes: str = ""
    units: list[Unit]
    scale: dict[str, int]
    examples: list[Any] = Field(default_factory=list)


class CuesFile(BaseModel):
    notes: str = ""
    result: list[str]
    target: list[str]
    actions: list[str]
    bounds: dict[str, str]
    non_target_before: list[str]
    non_target_units: list[str]
    eligibility_after: list[str]
    role_lead: list[str]
    role_support: list[str]
    basis: list[str]
    background_before: list[str] = Field(default_factory=list)
    attendance_after: list[str] = Field(default_factory=list)
    weak: list[str] = Field(default_factory=list)
    neutral: list[str] = Field(default_factory=list)
    praise_before: list[str] = Field(default_factory=list)
    frequency_before: list[str] = Field(default_factory=list)
    heading_result: list[str] = Field(default_factory=list)
    heading_target: list[str] = Field(default_factory=list)
    frequency_units: list[str] = Field(default_factory=list)  # occasions a frequency cue counts, not targets


class NamesFile(BaseModel):
    notes: str = ""
    surnames: list[str]
    not_names: list[str]
    proper_words: list[str] = Field(default_factory=list)  # keep their capitals in a normal-case title


VOCAB_MODELS: dict[str, type[BaseModel]] = {
    "names": NamesFile,
    "doc_types": DocTypesFile,
    "issuers": IssuersFile,
    "places": PlacesFile,
    "departments": DepartmentsFile,
    "units": UnitsFile,
    "cues": CuesFile,
}


def _load(name: str) -> Any:
    data = json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return VOCAB_MODELS[name].model_validate(data)


@functools.cache
def doc_types() -> DocTypesFile:
    return _load("doc_types")  # type: ignore[no-any-return]


@functools.cache
def issuers() -> IssuersFile:
    return _load("issuers")  # type: ignore[no-any-return]


@functools.cache
def places() -> PlacesFile:
    return _load("places")  # type: ignore[no-any-return]


@functools.cache
def departments() -> DepartmentsFile:
    return _load("departments")  # type: ignore[no-any-return]


@functools.cache
def units() -> UnitsFile:
    return _load("units")  # type: ignore[no-any-return]


@functools.cache
def names() -> NamesFile:
    return _load("names")  # type: ignore[no-any-return]


@functools.cache
def cues() -> CuesFile:
    return _load("cues")  # type: ignore[no-any-return]


def alternation(words: list[str]) -> str:
    """A regex alternation, longest first (eyecite's 'order matters' rule)."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


@functools.cache
def type_names_re() -> str:
    return alternation([n for t in doc_types().types for n in (t.name, *t.variants)])


@functools.cache
def code_to_type() -> dict[str, str]:
    """Symbol code → canonical type, exact case first, then upper-cased."""
    table: dict[str, str] = {}
    for t in doc_types().types:
        for code in t.codes:
            table.setdefault(code, t.name)
            table.setdefault(code.upper(), t.name)
    return table


@functools.cache
def type_by_lower() -> dict[str, str]:
    return {n.lower(): t.name for t in doc_types().types for n in (t.name, *t.variants)}


@functools.cache
def incomplete_heads() -> frozenset[str]:
    """Lower-cased header lines that need the next line to name a body ('công ty')."""
    return frozenset(h.lower() for h in issuers().incomplete_heads)


@functools.cache
def province_by_key() -> dict[str, str]:
    """Folded province name → canonical spelling ('lai châu' → 'Lai Châu')."""
    return {p.lower(): p for p in places().provinces}


@functools.cache
def provinces_re() -> str:
    return alternation(places().provinces)
