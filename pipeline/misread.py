"""A name whose marks were misread, looked up by its letters without them: the one table of
the vocabularies' names by their folded form, for every stage that puts such a name right.

A scan's capitals lose or change their marks ('UỶ BAN NHÂN DẦN', 'TĨNH QUANG NGAI', 'LÂM ĐÓNG'
for 'LÂM ĐỒNG'). A run of words that differs from a known name only in its marks is that name.
Two callers, each with its own rule about when to restore: a header cell in capitals from any
source (pipeline.extract.names.restore_marks) and an OCR'd line (pipeline.ingest.ocr_repair).
The names are those of the vocabularies (pipeline/data/issuers.json, places.json,
doc_types.json) and of the administrative data (pipeline/gazetteer.py); only names of two
words or more and five folded letters or more are kept, and a folded form two names share
('Phú Yên' / 'Phù Yên') restores neither.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import regex

from pipeline.folding import fold

MIN_KEY = 5  # folded letters ("chibo"): shorter names are too easily one another
DOUBLED_VOWEL_RE = regex.compile(r"([aeiouy])\1+")


class KnownName(NamedTuple):
    name: str
    # restore_marks may write it into a header cell of any source (typed text too): the heads
    # of bodies and a province after its level word, closed lists. The other names (districts,
    # bare provinces, types, positions) are written only into OCR'd text, whose marks are known
    # to be unreliable: a typed 'Bình Thành' (a commune) is not the district 'Bình Thạnh'.
    any_text: bool


def name_key(text: str) -> str:
    """The folded form names are looked up by, with a vowel read twice taken once: Tesseract
    gives two readings of one capital vowel side by side ('THỎÓA', 'QUÁẢNG')."""
    return DOUBLED_VOWEL_RE.sub(r"\1", fold(text))


def _header_names() -> list[str]:
    """The names a header cell in capitals gets its marks back from whatever its source: heads
    of two words or more ('Ủy ban nhân dân'), a province after its level word ('tỉnh Quảng Ngãi')."""
    from pipeline import vocab

    iss = vocab.issuers()
    heads = [*iss.body_heads, *iss.organs, *iss.level_heads, *iss.department_heads]
    return heads + [f"{level} {p}" for p in vocab.places().provinces for level in ("tỉnh", "thành phố")]


def _ocr_names() -> list[str]:
    """The names an OCR'd line gets its marks back from, with the header's: the issuer
    grammar's heads, levels, bodies and positions, the provinces and districts (alone and with
    their level word, as the administrative data writes them: 'Tỉnh Quảng Ngãi', 'Huyện Hải
    Lăng'), the type names."""
    from pipeline import gazetteer, vocab

    iss = vocab.issuers()
    return [*iss.body_heads, *iss.incomplete_heads, *iss.level_words, *iss.organs, *iss.national_bodies,
            *iss.positions, *vocab.places().provinces, *(t.name for t in vocab.doc_types().types),
            *gazetteer.district_spellings().values(), *(full for full, _ in gazetteer.provinces()),
            *gazetteer.district_full_names()]


@functools.cache
def folded_names() -> dict[str, KnownName]:
    """Names by their key (name_key: 'lam dong' → 'Lâm Đồng'); a key two spellings share is
    left out, whichever caller would have used them."""
    out: dict[str, KnownName] = {}
    clash: set[str] = set()
    for name, any_text in [*((n, False) for n in _ocr_names()), *((n, True) for n in _header_names())]:
        if len(name.split()) < 2:
            continue
        key = name_key(name)
        if len(key.replace(" ", "")) < MIN_KEY:
            continue
        seen = out.get(key)
        if seen is None:
            out[key] = KnownName(name, any_text)
        elif seen.name.lower() != name.lower():
            clash.add(key)
        elif any_text and not seen.any_text:
            out[key] = seen._replace(any_text=True)
    return {k: v for k, v in out.items() if k not in clash}
