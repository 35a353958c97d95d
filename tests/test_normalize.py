"""Normalization is reversible: every normalized span maps back into the source text."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.normalize import fold, normalize

from .conftest import CORPUS

NAUGHTY = [
    "",
    "\n",
    "Số:\u00a035/KH-LĐLĐ",                     # NBSP
    "Liên\u200b đoàn",                          # zero-width space
    unicodedata.normalize("NFD", "Liên đoàn Lao động tỉnh Hòa Bình"),  # decomposed
    "17\u2013KH \u2014 TLĐ \u2212 1",           # dash variants
    "hoà thuỷ Uỷ ban quý hoàng khuỷu",          # old tone placement, and words it must not touch
    "a\r\nb\rc",                                # line endings
    "tình hình công nhân\nlao động",            # hard wrap
    "\ufeffBOM at start",
    "😀 emoji ☃ and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
]


@pytest.mark.parametrize("source", NAUGHTY)
def test_offset_map_is_monotonic_and_complete(source: str) -> None:
    t = normalize(source)
    assert len(t.to_source) == len(t.text) + 1
    assert t.to_source[-1] == len(source)
    assert all(a <= b for a, b in zip(t.to_source, t.to_source[1:]))


def test_round_trip_on_the_corpus() -> None:
    """A word of the normalized text maps back to the same word in the source (NFC-equal)."""
    import regex

    for path in sorted(CORPUS.glob("*.txt")):
        source = path.read_text(encoding="utf-8")
        t = normalize(source)
        for m in regex.finditer(r"\p{L}+", t.text):
            back = source[t.source_offset(m.start()) : t.source_offset(m.end())]
            assert normalize(back).text == m.group(0), (path.name, m.group(0), back)


@pytest.mark.parametrize(
    "source,expected",
    [
        ("Số:\u00a035/KH-LĐLĐ", "Số: 35/KH-LĐLĐ"),
        ("17\u2013KH", "17-KH"),
        ("hoà thuỷ Uỷ ban", "hòa thủy Ủy ban"),
        ("quý hoàng khuỷu", "quý hoàng khuỷu"),
        ("tình hình công nhân\nlao động", "tình hình công nhân lao động"),
        ("tháng 5\nnăm 2024", "tháng 5 năm 2024"),
        ("Sơn\nLa", "Sơn\nLa"),  # a capital after the wrap: not joined (could be a new line)
        ("A\r\nB", "A\nB"),
    ],
)
def test_rewrites(source: str, expected: str) -> None:
    assert normalize(source).text == expected


def test_fold_folds_d_too() -> None:
    assert fold("Đoàn viên Liên đoàn") == "doan vien lien doan"
