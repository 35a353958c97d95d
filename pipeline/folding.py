"""Vietnamese without its marks, for matching what people type ("nghi quyet", "lai chau") and
text whose diacritics were lost. Only the standard library: every layer may import it."""

from __future__ import annotations

import unicodedata


def fold(s: str) -> str:
    """Lower case without diacritics, đ → d: for search and loose comparison ('Nghi quyết'
    typed without its marks). Spaces are kept as they are."""
    return s.lower().replace("đ", "d").translate(_FOLDED)


class _Folded(dict):  # type: ignore[type-arg]
    """str.translate table: a character → its NFD decomposition without the combining marks,
    decided once at its first sight (translate then runs in C, no NFD of the whole text).
    The same as NFD then dropping the marks: decomposition is per character, and canonical
    reordering moves only marks, which are dropped."""

    def __missing__(self, code: int) -> str:
        folded = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
        self[code] = folded
        return folded


_FOLDED = _Folded()
