"""Vietnamese without its marks, for matching what people type ("nghi quyet", "lai chau") and
text whose diacritics were lost. Only the standard library: every layer may import it."""

from __future__ import annotations

import unicodedata


def fold(s: str) -> str:
    """Lower case without diacritics, đ → d: for search and loose comparison ('Nghi quyết'
    typed without its marks). Spaces are kept as they are."""
    s = unicodedata.normalize("NFD", s.lower().replace("đ", "d"))
    return s.translate(_WITHOUT_MARKS)


class _WithoutMarks(dict):  # type: ignore[type-arg]
    """str.translate table: a combining mark → deleted, any other character → itself,
    each decided once, at its first sight (translate then runs in C)."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        kept = None if unicodedata.combining(ch) else ch
        self[code] = kept
        return kept


_WITHOUT_MARKS = _WithoutMarks()
