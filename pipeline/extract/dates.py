"""Vietnamese dates → datetime.date ("ngày 5 tháng 2 năm 2024", "05/02/2024", "21.12.2016")."""

from __future__ import annotations

import datetime as dt

import regex

from pipeline.patterns import DATE_RE


def date_from_match(m: regex.Match[str]) -> dt.date | None:
    """A date from a DATE_RE match; None when it is impossible (31/02, year 20222)."""
    d = m.group("wday") or m.group("day")
    mo = m.group("wmonth") or m.group("month")
    y = m.group("wyear") or m.group("year")
    if not (d and mo and y):
        return None
    year = int(y)
    if year < 100:
        year += 2000 if year < 50 else 1900
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, int(mo), int(d))
    except ValueError:
        return None


def parse_date(s: str) -> dt.date | None:
    """The first valid date in a string."""
    for m in DATE_RE.finditer(s):
        value = date_from_match(m)
        if value is not None:
            return value
    return None
