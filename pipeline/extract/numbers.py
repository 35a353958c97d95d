"""Vietnamese numbers → Decimal: "14.600" = 14600, "1,5" = 1.5, "05" = 5, "1,6 triệu" = 1600000.

Vietnamese groups thousands with dots and writes decimals with a comma; a dot followed
by exactly three digits is grouping, never a decimal point. Values are exact Decimals
(price-parser's rule), never floats.
"""

from __future__ import annotations

import functools
from decimal import Decimal, InvalidOperation

import regex

from pipeline import vocab

# 14.600 | 1.000.000 | 1,5 | 147,5 | 05 | 12
NUMBER = r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"


@functools.cache
def scale_words_re() -> str:
    return vocab.alternation(list(vocab.units().scale))


def parse_number(text: str) -> Decimal:
    """'14.600' → 14600; '1,5' → 1.5; '1,6 triệu' → 1600000; '210 ngàn' → 210000."""
    s = " ".join(text.split())
    scale = Decimal(1)
    m = regex.match(rf"^(?P<num>{NUMBER})\s*(?P<scale>{scale_words_re()})?$", s, regex.IGNORECASE)
    if m is None:
        raise ValueError(f"not a Vietnamese number: {text!r}")
    if m.group("scale"):
        scale = Decimal(vocab.units().scale[m.group("scale").lower()])
    digits = m.group("num").replace(".", "").replace(",", ".")
    try:
        value = Decimal(digits) * scale
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise ValueError(f"not a Vietnamese number: {text!r}") from exc
    return value.normalize() if value == value.to_integral_value() else value


def to_plain(value: Decimal) -> Decimal:
    """1.6E+6 → 1600000 (Decimal.normalize writes exponents)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value
