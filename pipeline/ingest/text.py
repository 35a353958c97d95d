"""Plain text in whatever encoding an archive meets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import regex

from pipeline.errors import EncodingError, NotADocument

LETTER_RE = regex.compile(r"\p{L}")
NON_ASCII_LETTER_RE = regex.compile(r"[^\x00-\x7f]")
# "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" with every non-ASCII letter deleted
LOST_DIACRITICS_RE = regex.compile(r"\bCNG\s+H[OA]*\s+X\s+HI\s+CH\s+NGH", regex.IGNORECASE)
ENOUGH_LETTERS_RE = regex.compile(r"(?:\p{L}[^\p{L}]*){20}")


def _decode(data: bytes) -> tuple[str, str, list[str]]:
    try:
        from pipeline.ingest.encodings import decode_bytes, repair_mojibake
    except ImportError:  # pragma: no cover - encodings module is part of the package
        decode_bytes = None  # type: ignore[assignment]
        repair_mojibake = None  # type: ignore[assignment]
    if decode_bytes is not None:
        text, enc, warnings = decode_bytes(data)
        if repair_mojibake is not None:
            fixed, legacy = repair_mojibake(text)
            if legacy:
                warnings = [*warnings, f"legacy {legacy} text shown as mojibake: converted"]
                return fixed, f"{enc}+{legacy}", warnings
        return text, enc, warnings
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig", []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16", []
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace"), "cp1258", ["not UTF-8: read as Windows-1258"]


def read_text(path: Path, data: bytes) -> dict[str, Any]:
    try:
        text, encoding, warnings = _decode(data)
    except ValueError as exc:
        raise NotADocument(str(path), str(exc)) from exc
    except UnicodeError as exc:
        raise EncodingError(str(path), f"cannot decode text: {exc}") from exc
    if not text.strip():
        raise NotADocument(str(path), "no text (only whitespace)")
    if not ENOUGH_LETTERS_RE.search(text[:20000]):
        letters = len(LETTER_RE.findall(text[:20000]))
        raise NotADocument(str(path), f"not a document: only {letters} letters of text")
    if LOST_DIACRITICS_RE.search(text[:5000]) or (
        not NON_ASCII_LETTER_RE.search(text[:20000]) and len(LETTER_RE.findall(text[:5000])) > 300
    ):  # (the cheap test first: Vietnamese text meets a non-ASCII letter within a few characters)
        warnings.append("no Vietnamese letters with diacritics: they may have been lost (a Word .doc read as text?)")
    return {"text": text, "encoding": encoding, "warnings": warnings}
