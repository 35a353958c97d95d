"""Identity: the one place that says when two symbols, two issuers or two documents are the same.

Extraction keys its citations with it, the store keys its nodes and fills ``number_norm`` with
it, the graph looks up what a user types with it, and the evaluator compares gold and
predictions with it; a change to how a symbol or an issuer is keyed is made here once.

- A **symbol** ("số và ký hiệu") is compared without its spaces, dash variants, case and the
  leading zeros of its first number (FORMAT.md): ``"02 – NQ/TW"`` and ``"2-NQ/TW"`` are one.
  Letters that only look like Đ (Icelandic Ð, African Ɖ) are Đ. :func:`symbol` keeps Đ, so
  keys stay readable and scoring stays FORMAT.md's; :func:`symbol_folded` also reads Đ as D,
  for what people type on a keyboard without Vietnamese ("35/KH-LDLD").
- An **issuer** is compared with its abbreviations expanded (LĐLĐ → Liên đoàn Lao động), its
  leading organ stripped (Đoàn Chủ tịch, Ban Thường vụ …: FORMAT.md), an incomplete
  "… tỉnh" completed from the document's province when one is given, then case, spaces and
  punctuation unified.
- A **node** (a document in the citation graph) is keyed on (symbol, year, issuer): a symbol
  alone is not an identity, every province has a 35/KH-LĐLĐ. When a part is unknown there is
  no key and the node is never merged with another.

Only the standard library and pipeline.folding are imported here (the graph commands import
this module and must answer ``--help`` at once); the name vocabularies are imported on use.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import regex

from pipeline.folding import fold

# old-style tone placement on the final vowel pair: hoà → hòa, thuỷ → thủy (not quý,
# not hoàng: only when the pair ends the syllable; 'qu' keeps the mark on y)
_TONED_A = "àáảãạÀÁẢÃẠ"
_TONED_E = "èéẻẽẹÈÉẺẼẸ"
_TONED_Y = "ỳýỷỹỵỲÝỶỸỴ"
OLD_TONE_OA_RE = regex.compile(rf"(?<=\p{{L}}|^|\s)([oO])([{_TONED_A}{_TONED_E}])(?!\p{{L}})")
OLD_TONE_UY_RE = regex.compile(rf"(?<![qQ])([uU])([{_TONED_Y}])(?!\p{{L}})")
# cheap probes for the two letters each rule needs (the stdlib engine: most texts have none)
OLD_TONE_OA_PROBE = re.compile(f"[oO][{_TONED_A}{_TONED_E}]")
OLD_TONE_UY_PROBE = re.compile(f"[uU][{_TONED_Y}]")


def move_tone(m: regex.Match[str]) -> str:
    """'oà' → 'òa': the tone moved from the second vowel of the pair to the first."""
    first, second = m.group(1), m.group(2)
    decomposed = unicodedata.normalize("NFD", second)
    return unicodedata.normalize("NFC", first + decomposed[1:]) + decomposed[0]


def modern_tones(s: str) -> str:
    """'Văn hoá', 'Uỷ ban' → 'Văn hóa', 'Ủy ban': one word in either placement convention is
    one name (the text is normalized so; a key built from gold or typed input must be too)."""
    if OLD_TONE_OA_PROBE.search(s):
        s = OLD_TONE_OA_RE.sub(move_tone, s)
    if OLD_TONE_UY_PROBE.search(s):
        s = OLD_TONE_UY_RE.sub(move_tone, s)
    return s

# every dash a symbol may be typed or printed with; normalize.py folds these in the text too
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SYMBOL_TABLE = {**dict.fromkeys(map(ord, DASHES), "-"), ord("Ð"): "Đ", ord("ð"): "đ", ord("Ɖ"): "Đ", ord("ɖ"): "đ"}
_GLOB_SPECIAL = "*?["


def clean_symbol(raw: str) -> str:
    """A symbol as printed, spaces inside removed: '70 /KH-LĐLĐ' → '70/KH-LĐLĐ' (FORMAT.md's
    `number`; leading zeros and case are kept)."""
    return "".join(raw.split())


def symbol(raw: str) -> str:
    """The comparison form of a symbol, as ``nodes.number_norm`` holds it: NFC, no whitespace,
    one kind of dash, Đ look-alikes as Đ, upper case, no leading zeros on the first number
    ('02 – NQ/TW' → '2-NQ/TW', '0035/kh—lđlđ' → '35/KH-LĐLĐ')."""
    s = "".join(unicodedata.normalize("NFC", raw).split()).translate(_SYMBOL_TABLE).upper()
    i = 0
    while i + 1 < len(s) and s[i] == "0" and s[i + 1].isdigit():
        i += 1
    return s[i:]


def symbol_folded(raw: str) -> str:
    """:func:`symbol` with Đ read as D: '35/KH-LDLD' and '35/KH-LĐLĐ' are one (typed input)."""
    return symbol(raw).replace("Đ", "D")


def symbol_loose(raw: str | None) -> str:
    """:func:`symbol_folded` without dashes: a symbol as people type it, with spaces or no
    dashes between its parts ('35/KH LDLD', '35/KH-LĐLĐ' → '35/KHLDLD'). For lookups only,
    never for node keys (it would merge 'KH-LĐ' and 'KHL-Đ')."""
    return symbol_folded(raw).replace("-", "") if raw else ""


def number_head(raw: str | None) -> str:
    """The digits a symbol starts with, without leading zeros ('035/KH' → '35'): the prefix
    of ``nodes.number_norm`` a lookup can seek in its index before comparing loose keys."""
    key = symbol(raw) if raw else ""
    i = 0
    while i < len(key) and key[i].isdigit():
        i += 1
    return key[:i]


def symbol_glob(raw: str) -> str | None:
    """A SQLite GLOB pattern matching every :func:`symbol` whose :func:`symbol_folded` equals
    raw's ('35/KH-LDLD' → '35/KH-L[DĐ]L[DĐ]'): an index on the symbol narrows it by the prefix
    before the first D. None when raw has no D (then :func:`symbol` alone finds it)."""
    s = symbol(raw)
    if "D" not in s and "Đ" not in s:
        return None
    out = []
    for c in s:
        if c in "DĐ":
            out.append("[DĐ]")
        elif c in _GLOB_SPECIAL:
            out.append(f"[{c}]")
        else:
            out.append(c)
    return "".join(out)


def issuer_name(raw: str, province: str | None = None, district: str | None = None) -> str:
    """An issuer's canonical name: abbreviations expanded, an incomplete "… tỉnh" / "… huyện"
    completed from the document's province or district, province names in their capitals
    ('Ban Thường vụ LĐLĐ tỉnh' in a Lai Châu document → '… Liên đoàn Lao động tỉnh Lai Châu')."""
    from pipeline.extract import names

    s = names.expand_abbreviations(unicodedata.normalize("NFC", raw))
    s, _ = names.fill_place(s, province, district)
    return names.fix_provinces(s)


@functools.lru_cache(maxsize=16384)
def issuer_key(issuer: str | None, province: str | None = None, district: str | None = None) -> str | None:
    """The issuer part of an identity: abbreviations expanded, completed from province/district
    when given, leading organ stripped, lower case, spaces and punctuation as single spaces
    ('Đoàn Chủ tịch TLĐ' → 'tổng liên đoàn lao động việt nam'). None for no issuer."""
    if not issuer:
        return None
    from pipeline.extract import names

    s = modern_tones(unicodedata.normalize("NFC", issuer))
    s = issuer_name(s, province, district) if province or district else names.expand_abbreviations(s)
    return _words(names.strip_organ(s).lower())


def text_key(s: str) -> str:
    """Loose comparison of a name (department, place, type, signer): NFC, abbreviations
    expanded, lower case, spaces and punctuation as single spaces."""
    from pipeline.extract.names import expand_abbreviations

    return _words(expand_abbreviations(modern_tones(unicodedata.normalize("NFC", s))).lower())


def typed(s: str) -> str:
    """What a user types to narrow by issuer, in the form it is matched in: abbreviations
    expanded, lower case, no diacritics (đ → d), spaces collapsed ('LĐLĐ lai chau' →
    'lien doan lao dong lai chau'). Compare with typed(stored) as a substring."""
    from pipeline.extract.names import expand_abbreviations

    return " ".join(fold(expand_abbreviations(unicodedata.normalize("NFC", s))).split())


def node_key(number: str | None, year: int | None, issuer: str | None) -> str | None:
    """The key of a document in the citation graph, 'symbol|year|issuer key'
    ('17/KH-TLĐ|2024|tổng liên đoàn lao động việt nam'); None when a part is unknown."""
    if not number or not year or not issuer:
        return None
    return f"{symbol(number)}|{year}|{issuer_key(issuer)}"


def _words(s: str) -> str:
    """Runs of spaces and punctuation as one space, trimmed."""
    from pipeline import rx

    return rx.sub(r"[\s\p{P}]+", " ", s).strip()
