"""Vietnamese without its marks, for matching what people type ("nghi quyet", "lai chau") and
text whose diacritics were lost. Only the standard library: every layer may import it."""

from __future__ import annotations

import unicodedata


def fold(s: str) -> str:
    """Lower case without diacritics, đ → d: for search and loose comparison ('Nghi quyết'
    typed without its marks). Spaces are kept as they are."""
    s = unicodedata.normalize("NFD", s.lower().replace("đ", "d"))
    return "".join(c for c in s if not unicodedata.combining(c))
