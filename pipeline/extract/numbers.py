"""Vietnamese numbers → Decimal: "14.600" = 14600, "1,5" = 1.5, "05" = 5, "1,6 triệu" = 1600000.

Vietnamese groups thousands with dots and writes decimals with a comma; a dot followed
by exactly three digits is grouping, never a decimal point ("1.191" = 1191). Web copies
also write English style: several commas of three digits are grouping ("1,000,000"), and
a lone dot before one or two digits is a decimal point ("1.5 triệu"). Values are exact
Decimals, never floats. Scale words ("nghìn", "ngàn", "triệu", "tỷ") are data:
pipeline/data/units.json "scale".

``QUANTITY_RE`` finds a quantity in running text: a number, an optional scale word, an
optional second number after "-" / "đến" (a range), an optional "%". It does not decide
whether the quantity is a target (targets.py does): it only refuses numbers glued to a
word, a date or a symbol ("28/7", "17/KH-TLĐ", "1.1.").
"""

from __future__ import annotations

import functools
from decimal import Decimal, InvalidOperation

import regex

from pipeline import rx
from pipeline import vocab

# 14.600 | 1.000.000 | 1,000,000 | 1,5 | 147,5 | 1.5 | 05 | 12
NUMBER = r"""(?:
    \d{1,3}(?:\.\d{3})+(?:,\d+)?      # 14.600  1.000.000  1.234,5
  | \d{1,3}(?:,\d{3}){2,}             # 1,000,000 (English grouping: two commas or more)
  | \d+(?:,\d+)?                      # 12  05  1,5  147,5
  | \d+\.\d{1,2}(?![\d.])             # 1.5 (a decimal point: never three digits; not 1.1.)
)"""
NUMBER_RE = regex.compile(NUMBER, regex.VERBOSE)


@functools.cache
def scale_words_re() -> str:
    """The scale words of units.json as a regex alternation, longest first."""
    return vocab.alternation(list(vocab.units().scale))


@functools.cache
def _scale_table() -> dict[str, int]:
    return {k.lower(): v for k, v in vocab.units().scale.items()}


QUANTITY_TMPL = r"""
(?<![\p{{L}}\d.,/:-])                                     # not glued to a word, a date or a symbol
(?P<number>{number})(?:\s*(?P<scale>{scale})(?![\p{{L}}]))?
(?:\s*(?:-|đến|tới)\s*(?P<number2>{number})(?:\s*(?P<scale2>{scale})(?![\p{{L}}]))?)?
(?![\d/])(?!\.\d)(?!,\d)                                  # not a date (28/6), a section (1.1.) or half a number
\s*(?P<pct>%)?
"""


@functools.cache
def quantity_re() -> regex.Pattern[str]:
    """A quantity: number, scale word?, (- | đến) number scale?, %? (groups number, scale,
    number2, scale2, pct)."""
    return regex.compile(
        QUANTITY_TMPL.format(number=NUMBER, scale=scale_words_re()), regex.VERBOSE | regex.IGNORECASE
    )


QUANTITY_RE = quantity_re()


def _digits(num: str) -> str:
    """The Decimal literal of a Vietnamese (or English-grouped) number string."""
    if rx.fullmatch(r"\d{1,3}(?:,\d{3}){2,}", num):
        return num.replace(",", "")
    if rx.fullmatch(r"\d+\.\d{1,2}", num):
        return num
    return num.replace(".", "").replace(",", ".")


def parse_number(text: str) -> Decimal:
    """'14.600' → 14600; '1,5' → 1.5; '05' → 5; '1,6 triệu' → 1600000; '210 ngàn' → 210000.

    Raises ValueError for anything that is not one number with an optional scale word.
    """
    s = " ".join(text.split())
    m = rx.fullmatch(rf"(?P<num>{NUMBER})\s*(?P<scale>{scale_words_re()})?(?:\s+đồng)?", s,
                        regex.IGNORECASE | regex.VERBOSE)
    if m is None:
        raise ValueError(f"not a Vietnamese number: {text!r}")
    scale = Decimal(_scale_table()[m.group("scale").lower()]) if m.group("scale") else Decimal(1)
    try:
        value = Decimal(_digits(m.group("num"))) * scale
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise ValueError(f"not a Vietnamese number: {text!r}") from exc
    return to_plain(value)


def to_plain(value: Decimal) -> Decimal:
    """1.6E+6 → 1600000, 5.0 → 5, 1.50 → 1.5 (no exponents, no trailing zeros)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()
