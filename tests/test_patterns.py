"""Symbol and date grammars: every shape seen in real documents, and must-not-match rows."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract.dates import parse_date
from pipeline.extract.header import clean_number, symbol_codes, type_from_symbol
from pipeline.patterns import NUMBER_LINE_RE, SYMBOL_RE

# fmt: off
SYMBOLS = [
    ("17/KH-TLĐ",            "17/KH-TLĐ"),          # state
    ("70 /KH-LĐLĐ",          "70/KH-LĐLĐ"),         # space before the slash
    ("1399/TLĐ-ToC",         "1399/TLĐ-ToC"),       # công văn, mixed-case unit code
    ("730/LĐLĐ",             "730/LĐLĐ"),           # công văn, issuer only
    ("199/CSPL-CĐN",         "199/CSPL-CĐN"),       # department code
    ("02-NQ/TW",             "02-NQ/TW"),           # Party
    ("02- NQ/TW",            "02-NQ/TW"),           # Party, stray space
    ("411-KH/TWĐTN-BTC",     "411-KH/TWĐTN-BTC"),   # Youth Union
    ("14-HD/ĐĐTLĐ",          "14-HD/ĐĐTLĐ"),
    ("02/KHLT/LĐLĐ-TĐTN",    "02/KHLT/LĐLĐ-TĐTN"),  # joint
    ("172/2015/QĐ-UBND",     "172/2015/QĐ-UBND"),   # year inside
    ("07/TTr-CĐCS/2024",     "07/TTr-CĐCS/2024"),   # year after
    ("45/2019/QH14",         "45/2019/QH14"),       # law
    ("145/2020/NĐ-CP",       "145/2020/NĐ-CP"),     # decree
    ("06b/NQ-TLĐ",           "06b/NQ-TLĐ"),         # letter suffix
    ("17 / BC - CĐTHTT",     "17/BC-CĐTHTT"),       # spaced everywhere
    ("05/QyĐ-LĐLĐ",          "05/QyĐ-LĐLĐ"),        # mixed-case type code
    ("01 -BC/CB",            "01-BC/CB"),
]
NOT_SYMBOLS = [
    "ngày 28/7/1929-28/7/2024",   # dates
    "(04/04 đồng chí)",           # a ratio
    "tháng 4/2026",               # month/year
    "tỷ lệ 1/3 số đoàn viên",     # fraction
]
# fmt: on


@pytest.mark.parametrize("text,expected", SYMBOLS, ids=[s for s, _ in SYMBOLS])
def test_symbol_shapes(text: str, expected: str) -> None:
    m = SYMBOL_RE.search(f"theo văn bản số {text}, ngày 05/02/2024")
    assert m is not None
    assert clean_number(m.group(0)) == expected


@pytest.mark.parametrize("text", NOT_SYMBOLS)
def test_not_symbols(text: str) -> None:
    assert SYMBOL_RE.search(text) is None


@pytest.mark.parametrize(
    "number,codes,doc_type",
    [
        ("35/KH-LĐLĐ", ("KH", "LĐLĐ"), "Kế hoạch"),
        ("1399/TLĐ-ToC", (None, "TLĐ"), "Công văn"),
        ("02-NQ/TW", ("NQ", "TW"), "Nghị quyết"),
        ("145/2020/NĐ-CP", ("NĐ", "CP"), "Nghị định"),
        ("1799-CV/TU", ("CV", "TU"), "Công văn"),
        ("45/2019/QH14", (None, "QH"), "Luật"),
    ],
)
def test_symbol_codes(number: str, codes: tuple, doc_type: str) -> None:
    assert symbol_codes(number) == codes
    assert type_from_symbol(number) == doc_type


def test_number_line_variants() -> None:
    for line in ["Số: 35/KH-LĐLĐ", "Số 01-KL/CBHT1", "Số:03 /BC-CĐCS", "Số : 70 /KH-LĐLĐ"]:
        assert NUMBER_LINE_RE.match(line), line


# fmt: off
DATES = [
    ("ngày 05/02/2024",            dt.date(2024, 2, 5)),
    ("05-02-2024",                 dt.date(2024, 2, 5)),
    ("ngày 5 tháng 2 năm 2024",    dt.date(2024, 2, 5)),
    ("21.12.2016",                 dt.date(2016, 12, 21)),
    ("03/12/2021của",              dt.date(2021, 12, 3)),   # glued to the next word
    ("31-01-19",                   dt.date(2019, 1, 31)),   # two-digit year
    ("ngày 31/02/2024",            None),                    # impossible
    ("ngày 06 tháng 5 năm 20222",  None),                    # impossible year
    ("ngày   tháng   năm 2023",    None),                    # blank in a draft
]
# fmt: on


@pytest.mark.parametrize("text,expected", DATES, ids=[t for t, _ in DATES])
def test_dates(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(("line", "level"), [
    ("I. MỤC ĐÍCH, YÊU CẦU", 1), ("II/ TỔ CHỨC THỰC HIỆN", 1), ("1. Ban Tổ chức", 2), ("2.1. Văn phòng", 3),
    ("2.1.3 Chỉ tiêu", 4), ("a) Đối với công đoàn cơ sở", 6), ("đ. Nội dung", 6), ("- Phối hợp thực hiện", 7),
])
def test_section_level_from_the_label(line: str, level: int) -> None:
    from pipeline.patterns import BULLET_LEVEL, SECTION_RE, section_level

    m = SECTION_RE.match(line)
    assert m is not None and section_level(m) == level
    assert BULLET_LEVEL == 7


# --- the registry: pipeline/data/patterns/*.json ------------------------------------------
def _named() -> list[str]:
    from pipeline import patterns

    return sorted(patterns.named_patterns())


@pytest.mark.parametrize("name", _named())
def test_pattern_examples(name: str) -> None:
    """Every declared pattern finds its examples (with the groups they name) and not its counter-examples."""
    from pipeline import patterns

    entry = patterns.named_patterns()[name]
    rx = patterns.compiled(name)
    apply = rx.match if entry.use == "match" else rx.search
    for ex in entry.examples:
        m = apply(ex.text)
        assert m is not None, f"{name} misses {ex.text!r}"
        if ex.match is not None:
            assert m.group(0) == ex.match, (name, ex.text)
        for group, value in ex.groups.items():
            assert m.group(group) == value, (name, ex.text, group)
    for text in entry.no_match:
        assert apply(text) is None, f"{name} matches {text!r}"


def test_patterns_registry_is_whole() -> None:
    """Every {NAME} a pattern inserts is declared, and the extractors' names are the declared ones."""
    from pipeline import patterns

    for stage, f in patterns.registry().items():
        for name, entry in [*f.parts.items(), *f.patterns.items()]:
            raw = "\n".join(entry.regex) if isinstance(entry.regex, list) else entry.regex
            for ref in patterns.NAME_RE.findall(raw):
                assert ref in patterns.SLOTS or ref in patterns._entries(), f"patterns/{stage}.json {name}: {{{ref}}}"
    assert len(patterns.named_patterns()) >= 19
    for name in patterns.named_patterns():
        if name.startswith("TYPE_"):
            continue  # built on first use: type_line_re(), type_title_line_re(), type_before_re()
        assert getattr(patterns, f"{name}_RE").pattern == patterns.compiled(name).pattern


def test_a_wrong_example_fails(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The example check can fail: a pattern whose example does not match is reported."""
    from pipeline import patterns

    bad = patterns.NamedPattern(doc="x", regex=r"\d+", examples=[patterns.PatternExample(text="abc")])
    with pytest.raises(AssertionError):
        monkeypatch.setitem(patterns._entries(), "BAD", bad)
        test_pattern_examples("BAD")
