"""Vietnamese numbers: digit grouping read right, decimal commas, leading zeros, scale words
(FORMAT.md "value is a number"; messy-patterns.md "Targets and results")."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.extract.numbers import QUANTITY_RE, parse_number, to_plain

# fmt: off
NUMBERS = [
    # (as written, value) — comment: where the shape comes from
    ("14.600",      Decimal(14600)),          # seed 002 "phát triển 14.600 đoàn viên mới": a dot groups thousands
    ("1.191",       Decimal(1191)),           # seed 002 "giới thiệu 1.191 đoàn viên ưu tú"
    ("1.348",       Decimal(1348)),           # seed 004 "phát triển mới 1.348 đoàn viên"
    ("1.000.000",   Decimal(1000000)),        # several groups
    ("1,5",         Decimal("1.5")),          # FORMAT.md: a comma is the decimal point
    ("147,5",       Decimal("147.5")),        # messy-patterns "vượt 147,5%"
    ("176,9",       Decimal("176.9")),        # messy-patterns "đạt 176,9% so với chỉ tiêu"
    ("05",          Decimal(5)),              # seed 002 "05 CĐCS": leading zeros
    ("01",          Decimal(1)),              # seed 003 "ít nhất 01 hoạt động"
    ("09",          Decimal(9)),              # messy-patterns "09 nhiệm vụ"
    ("12181593",    Decimal(12181593)),       # an ungrouped long number (a view counter: parsed, ruled out by targets)
    ("1.234,5",     Decimal("1234.5")),       # grouping and a decimal comma together
    ("1,000,000",   Decimal(1000000)),        # web copies in English style: two commas or more group
    ("1.5",         Decimal("1.5")),          # web copies: a dot before one or two digits is a decimal point
    ("1 triệu",     Decimal(1000000)),        # FORMAT.md "ít nhất 1 triệu đoàn viên"
    ("1,6 triệu",   Decimal(1600000)),        # messy-patterns "1,6 triệu"
    ("1.5 triệu",   Decimal(1500000)),        # the same in English style
    ("50 triệu",    Decimal(50000000)),       # FORMAT.md "50 triệu đồng"
    ("50 triệu đồng", Decimal(50000000)),     # the currency word after the scale word is allowed
    ("210 ngàn",    Decimal(210000)),         # messy-patterns "210 ngàn (= 210.000)"
    ("210 nghìn",   Decimal(210000)),         # the northern word
    ("2 tỷ",        Decimal(2000000000)),     # scale words from units.json
    ("2 tỉ",        Decimal(2000000000)),     # spelling variant
    ("1,5  TRIỆU",  Decimal(1500000)),        # case and extra spaces
]
NOT_NUMBERS = [
    "",                # nothing
    "mười",            # number words are not read
    "28/7",            # a date
    "35/KH-LĐLĐ",      # a document number
    "1 triệu đoàn viên",  # a unit is not part of the number
]
QUANTITIES = [
    # (text, (number, scale, number2, pct)) of the first QUANTITY_RE match; None when none
    ("phát triển 14.600 đoàn viên", ("14.600", None, None, None)),
    ("từ 2.000 đến 2.500 đoàn viên", ("2.000", None, "2.500", None)),     # a range with "đến"
    ("200-300 đoàn viên",            ("200", None, "300", None)),           # a range with a dash
    ("1,5 - 2 triệu đồng",           ("1,5", None, "2", None)),             # the scale word after the second number
    ("ít nhất 1 triệu đoàn viên",    ("1", "triệu", None, None)),
    ("đạt 176,9% so với chỉ tiêu",   ("176,9", None, None, "%")),
    ("100 % doanh nghiệp",           ("100", None, None, "%")),             # a space before %
    ("đạt 65ha",                     ("65", None, None, None)),             # a unit glued to the number
    ("ngày 28/7/2024",               None),                                 # a date is not a quantity
    ("Kế hoạch số 17/KH-TLĐ",        None),                                 # nor a document number
    ("1.1. Ban Tuyên giáo",          None),                                 # nor a section number
    ("CBHT1",                        None),                                 # nor a digit glued to a word
]
# fmt: on


@pytest.mark.parametrize("text,value", NUMBERS, ids=[n for n, _ in NUMBERS])
def test_parse_number(text: str, value: Decimal) -> None:
    got = parse_number(text)
    assert got == value
    assert "E" not in str(got)  # plain digits, no exponent (1.6E+6)


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_not_a_number(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize("text,groups", QUANTITIES, ids=[q for q, _ in QUANTITIES])
def test_quantity_re(text: str, groups: tuple | None) -> None:
    m = QUANTITY_RE.search(text)
    if groups is None:
        assert m is None
    else:
        assert m is not None
        assert (m.group("number"), m.group("scale"), m.group("number2"), m.group("pct")) == groups


def test_to_plain() -> None:
    assert str(to_plain(Decimal("1.6E+6"))) == "1600000"
    assert str(to_plain(Decimal("1.50"))) == "1.5"
