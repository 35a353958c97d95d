"""The `regex` module's one-shot functions behind a plain dict of compiled patterns.

`regex.sub(pattern, …)` finds its compiled pattern in a cache keyed on the pattern, the
flags and several module settings, which costs ~2.4 µs a call (the match itself often
costs less). The extractors make ~100 such calls per document, so they call these
instead: same signatures, one dict lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import regex

IGNORECASE = regex.IGNORECASE
MULTILINE = regex.MULTILINE
VERBOSE = regex.VERBOSE
escape = regex.escape

_compiled: dict[tuple[str, int], regex.Pattern[str]] = {}


def compile(pattern: str, flags: int = 0) -> regex.Pattern[str]:  # noqa: A001 - mirrors regex.compile
    key = (pattern, flags)
    found = _compiled.get(key)
    if found is None:
        if len(_compiled) > 4096:  # patterns built from data (names, units) stay few
            _compiled.clear()
        found = _compiled[key] = regex.compile(pattern, flags)
    return found


def sub(pattern: str, repl: str | Callable[[Any], str], string: str, count: int = 0, flags: int = 0) -> str:
    return compile(pattern, flags).sub(repl, string, count)


def search(pattern: str, string: str, flags: int = 0) -> regex.Match[str] | None:
    return compile(pattern, flags).search(string)


def match(pattern: str, string: str, flags: int = 0) -> regex.Match[str] | None:
    return compile(pattern, flags).match(string)


def fullmatch(pattern: str, string: str, flags: int = 0) -> regex.Match[str] | None:
    return compile(pattern, flags).fullmatch(string)


def finditer(pattern: str, string: str, flags: int = 0) -> Iterator[regex.Match[str]]:
    return compile(pattern, flags).finditer(string)


def findall(pattern: str, string: str, flags: int = 0) -> list[Any]:
    return compile(pattern, flags).findall(string)


def split(pattern: str, string: str, maxsplit: int = 0, flags: int = 0) -> list[str]:
    return compile(pattern, flags).split(string, maxsplit)
