"""The shared regexes of the extractors, named and verbose, declared as data with their
examples in ``pipeline/data/patterns/<stage>.json`` (symbols, dates, header, signature,
sections, citations) and compiled once here under the names the extractors use
(``SYMBOL_RE`` is the pattern ``SYMBOL``). Group names follow FORMAT.md fields.

A pattern may insert a part or another pattern by name (``{SYMBOL}``, ``{NUM}``) and a
vocabulary alternation by slot (``{TYPE_NAMES}``: the type names of doc_types.json); only the
grammar lives in the patterns. Every pattern carries examples that must match (with the
groups they must give) and text that must not: tests/test_patterns.py runs them all, as the
vocabulary files' examples are run.
"""

from __future__ import annotations

import functools
import json
from typing import Callable, Literal

import regex
from pydantic import BaseModel, Field

from pipeline import vocab

PATTERNS_DIR = vocab.DATA_DIR / "patterns"
FLAGS = {"VERBOSE": regex.VERBOSE, "V1": regex.V1, "IGNORECASE": regex.IGNORECASE, "MULTILINE": regex.MULTILINE}
# vocabulary alternations a pattern may insert; patterns using one compile on first use
SLOTS: dict[str, Callable[[], str]] = {"TYPE_NAMES": lambda: vocab.type_names_re()}
NAME_RE = regex.compile(r"\{([A-Z][A-Z0-9_]+)\}")  # {SYMBOL}; \p{L} and {1,5} are not names


class PatternExample(BaseModel):
    """Text the pattern must find; with the whole match and the groups it must give, when given."""

    text: str
    match: str | None = None
    groups: dict[str, str | None] = Field(default_factory=dict)


class Part(BaseModel):
    """A piece of grammar that patterns insert by name."""

    doc: str
    regex: str | list[str]  # a verbose regex may be written one piece a line


class NamedPattern(BaseModel):
    doc: str
    regex: str | list[str]
    flags: list[Literal["VERBOSE", "V1", "IGNORECASE", "MULTILINE"]] = Field(default_factory=list)
    use: Literal["search", "match"] = "search"  # how the extractors apply it (its examples are run so)
    examples: list[PatternExample] = Field(min_length=1)
    no_match: list[str] = Field(default_factory=list)


class PatternsFile(BaseModel):
    notes: str = ""
    parts: dict[str, Part] = Field(default_factory=dict)
    patterns: dict[str, NamedPattern]


@functools.cache
def registry() -> dict[str, PatternsFile]:
    """Every patterns file by stage name."""
    return {p.stem: PatternsFile.model_validate(json.loads(p.read_text(encoding="utf-8")))
            for p in sorted(PATTERNS_DIR.glob("*.json"))}


@functools.cache
def _entries() -> dict[str, Part | NamedPattern]:
    out: dict[str, Part | NamedPattern] = {}
    for stage, f in registry().items():
        for name, entry in [*f.parts.items(), *f.patterns.items()]:
            if name in out or name in SLOTS:
                raise ValueError(f"patterns/{stage}.json: {name} is declared twice")
            out[name] = entry
    return out


def named_patterns() -> dict[str, NamedPattern]:
    return {k: v for k, v in _entries().items() if isinstance(v, NamedPattern)}


def source(name: str, _seen: tuple[str, ...] = ()) -> str:
    """The regex of a pattern or part with every {NAME} it inserts filled in."""
    if name in _seen:
        raise ValueError(f"pattern {name} inserts itself: {' -> '.join((*_seen, name))}")
    raw = _entries()[name].regex
    text = "\n".join(raw) if isinstance(raw, list) else raw

    def fill(m: regex.Match[str]) -> str:
        key = m.group(1)
        if key in SLOTS:
            return SLOTS[key]()
        return source(key, (*_seen, name)) if key in _entries() else m.group(0)

    return NAME_RE.sub(fill, text)


def compiled(name: str) -> regex.Pattern[str]:
    """The pattern `name`, compiled with its flags."""
    entry = _entries()[name]
    flags = 0
    for f in entry.flags if isinstance(entry, NamedPattern) else ():
        flags |= FLAGS[f]
    return regex.compile(source(name), flags)


# ---------------------------------------------------------------------------
# Symbols (số và ký hiệu): patterns/symbols.json
# ---------------------------------------------------------------------------
NUM, CODE, CAPS_CODE, YEAR = (source(n) for n in ("NUM", "CODE", "CAPS_CODE", "YEAR"))
SYMBOL = source("SYMBOL")
SYMBOL_RE = compiled("SYMBOL")
NUMBER_LINE_RE = compiled("NUMBER_LINE")  # "Số: 35/KH-LĐLĐ"
BLANK_NUMBER_LINE_RE = compiled("BLANK_NUMBER_LINE")  # a blank number in a draft: "Số:   /TTr-CĐCS"

# ---------------------------------------------------------------------------
# Dates: patterns/dates.json
# ---------------------------------------------------------------------------
DATE_NUMERIC, DATE_WORDS = source("DATE_NUMERIC"), source("DATE_WORDS")
DATE_RE = compiled("DATE")
PLACE_DATE_RE = compiled("PLACE_DATE")  # "Hòa Bình, ngày 17 tháng 6 năm 2024"
HAS_DIGIT_RE = compiled("HAS_DIGIT")


def place_date_match(s: str) -> regex.Match[str] | None:
    """PLACE_DATE_RE.match, after the cheap test that s has a digit at all: every place-date
    line has one, most header cells do not, and the pattern's lazy place backtracks (the
    segmenter asks this of ~30 cells a document). Then that it has a comma (the first form)
    or 'ngày' in any case (the second; no other character folds to one of its letters)."""
    if not HAS_DIGIT_RE.search(s) or ("," not in s and "ngày" not in s.lower()):
        return None
    return PLACE_DATE_RE.match(s)


PLACE_DATE_INSIDE_RE = compiled("PLACE_DATE_INSIDE")

# ---------------------------------------------------------------------------
# Header lines: patterns/header.json
# ---------------------------------------------------------------------------
QUOC_HIEU_RE = compiled("QUOC_HIEU")
COLUMN_SPLIT_RE = compiled("COLUMN_SPLIT")  # columns of a flattened header: tabs, runs of spaces, ' | '
VV_INSIDE_RE = compiled("VV_INSIDE")
VV_RE = compiled("VV")

# ---------------------------------------------------------------------------
# Signature block: patterns/signature.json
# ---------------------------------------------------------------------------
AUTHORITY_RE = compiled("AUTHORITY")
RECIPIENTS_RE = compiled("RECIPIENTS")

# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------
SECTION_RE = compiled("SECTION")  # patterns/sections.json
BULLET_LEVEL = 7  # a bullet sits under every numbered heading


def section_level(m: regex.Match[str]) -> int:
    """The depth of a SECTION_RE heading, read from its label: I. → 1, 1. → 2, 1.1. → 3 (a dot a
    level), a) → 6, a bullet → BULLET_LEVEL. One definition for segmentation, targets and
    assignments, so a part and its subsections nest the same way for all of them."""
    if m.group("roman"):
        return 1
    if m.group("arabic"):
        return 2 + m.group("arabic").count(".")
    if m.group("letter"):
        return 6
    return BULLET_LEVEL

# ---------------------------------------------------------------------------
# Citations: patterns/citations.json; type lines: patterns/header.json
# ---------------------------------------------------------------------------
BASIS_CUE_RE = compiled("BASIS_CUE")
ISSUED_BEFORE_RE = compiled("ISSUED_BEFORE")
# the citation grammar (extract/citations.py)
CITED_SYMBOL_RE = compiled("CITED_SYMBOL")  # a symbol as printed in the wild
NAMED_DOCUMENT_RE = compiled("NAMED_DOCUMENT")  # a type word and its name
BARE_NUMBER_RE = compiled("BARE_NUMBER")  # "Kế hoạch 34"
GROUNDING_CUE_RE = compiled("GROUNDING_CUE")  # Căn cứ, Thực hiện, Trên cơ sở, Theo <type>
CLAUSE_END_RE = compiled("CLAUSE_END")


@functools.cache
def type_before_re() -> regex.Pattern[str]:
    """'Kế hoạch số ', 'Nghị quyết ', 'Quyết định số  ' ending right before a symbol."""
    return compiled("TYPE_BEFORE")


@functools.cache
def type_title_line_re() -> regex.Pattern[str]:
    """A capitals line that starts with the type name and goes on with the title
    ('KẾ HOẠCH TỔ CHỨC THÁNG CÔNG NHÂN NĂM 2024')."""
    return compiled("TYPE_TITLE_LINE")


@functools.cache
def type_line_re() -> regex.Pattern[str]:
    """A line that is only a type name, as in the header ('KẾ HOẠCH', 'BÁO CÁO')."""
    return compiled("TYPE_LINE")
