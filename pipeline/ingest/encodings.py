"""Vietnamese text decoding for the .txt files an archive receives.

Two entry points:

* :func:`decode_bytes` turns raw bytes into text. Unicode with a byte-order mark is
  taken at its word; UTF-16 without a mark is recognised by its NUL bytes at every
  other position; valid UTF-8 is taken as UTF-8 (legacy 8-bit Vietnamese is never
  valid UTF-8 beyond a few bytes). Anything else is decoded as each 8-bit candidate —
  Windows-1258 (tone marks as combining characters, so the result is NFC-composed),
  TCVN3 (ABC, the ``.VnTime`` fonts) and VNI-Windows (``VNI-Times``) — plus UTF-8 with
  the bad sequences replaced, and the candidate whose text reads most like Vietnamese
  wins (share of valid Vietnamese syllables, a bonus for very common words, a penalty
  for characters no Vietnamese word has and for replacement characters).
* :func:`repair_mojibake` fixes text that already arrived as Unicode but was TCVN3 or
  VNI bytes shown through a Western code page (``Liªn ®oµn Lao ®éng``,
  ``Lieân ñoaøn Lao ñoäng``), including the half-converted text some PDF text layers
  give (``đoμn``, ``đ−ợc``: only the glyphs named *mu* / *minus* came out wrong).
  Normal Unicode Vietnamese is returned unchanged.

The byte tables live in ``pipeline/data/legacy_encodings.json`` (one row per
Vietnamese letter; see its ``_about``) and are turned into ``str.translate`` /
``codecs.charmap_decode`` tables once, so decoding a large file costs a few C-level
passes; only a bounded sample of the text is scored word by word.

TCVN3 has no codes for capitals with a tone mark: documents set them in the capital
fonts (``.VnTimeH``), which draw the lower-case codes as capitals, so that case is not
in the bytes. The decoder restores it where it shows: a word typed with capital ASCII
letters around lower-case toned letters (``CéNG`` → ``CỘNG``), and every such word on
a line whose ASCII letters are all capitals. A whole heading typed in lower case in a
capital font cannot be told apart and comes back in lower case.
"""

from __future__ import annotations

import codecs
import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

__all__ = ["decode_bytes", "encode_legacy", "repair_mojibake", "vietnamese_score"]

DATA_PATH = Path(__file__).resolve().parent.parent / "data" / "legacy_encodings.json"

# how much of a large input is scored (head + a slice from the middle)
SAMPLE_HEAD = 64 * 1024
SAMPLE_MID = 32 * 1024

BINARY_MESSAGE = "binary content, not text"

LEGACY_NAMES = {
    "cp1258": "Windows-1258",
    "tcvn3": "TCVN3 (ABC, .VnTime fonts)",
    "vni": "VNI-Windows (VNI-Times fonts)",
}

# --- tables ---------------------------------------------------------------------------

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def _cp1252_base() -> list[str]:
    """Windows-1252 for every byte; its five undefined bytes become U+FFFD."""
    out = []
    for b in range(256):
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append("\ufffd")
    return out


@dataclass(frozen=True)
class _Tables:
    letters_lower: frozenset[str]  # the 67 lower-case Vietnamese letters beyond ASCII
    tcvn3_bytes: str  # 256-character charmap for codecs.charmap_decode
    cp1252_bytes: str  # same, plain Windows-1252 (VNI is decoded from this)
    vni_chars: dict[int, str]  # VNI surface character -> letter or combining marks
    tcvn3_chars: dict[int, str]  # TCVN3 surface character (incl. aliases) -> letter
    tcvn3_partial: dict[int, str]  # only surfaces that are not Vietnamese letters
    tcvn3_encode: dict[int, str]  # letter -> surface character (byte as cp1252)
    vni_encode: dict[int, str]
    marker_re: re.Pattern[str]  # anything that hints at legacy mojibake


@functools.cache
def _tables() -> _Tables:
    data = json.loads(DATA_PATH.read_text(encoding="utf-8"))
    base = _cp1252_base()

    def surface(hexbytes: str) -> str:
        return "".join(base[int(h, 16)] for h in hexbytes.split())

    letters_lower = frozenset(r["char"] for r in data["letters"] if r["char"].islower())
    if len(data["letters"]) != 134 or len(letters_lower) != 67:
        raise RuntimeError(f"{DATA_PATH.name}: expected 134 letters, 67 lower-case")

    # TCVN3: one byte per letter (capitals with tones share the lower-case code)
    tcvn3 = list(base)
    tcvn3_chars: dict[int, str] = {}
    tcvn3_encode: dict[int, str] = {}
    for row in data["letters"]:
        ch = row["char"]
        code = row.get("tcvn3") or row.get("tcvn3_h")
        tcvn3_encode[ord(ch)] = surface(code)
        if row.get("tcvn3"):
            b = int(row["tcvn3"], 16)
            tcvn3[b] = ch
            tcvn3_chars[ord(base[b])] = ch
    for h, mark in data["tcvn3_combining"].items():
        tcvn3[int(h, 16)] = mark  # decoded from bytes only, never "repaired" from text
    for alias, h in data["mojibake_aliases"]["tcvn3"].items():
        tcvn3_chars[ord(alias)] = tcvn3[int(h, 16)]

    # VNI: single-byte letters map directly; a mark byte after a base letter becomes
    # the combining marks that base lacks (NFC then composes); every mark byte must
    # mean the same marks in every row it appears in.
    single: dict[str, str] = {}
    marks: dict[str, str] = {}
    vni_encode: dict[int, str] = {}
    for row in data["letters"]:
        ch = row["char"]
        seq = surface(row["vni"])
        vni_encode[ord(ch)] = seq
        if len(seq) == 1:
            single[seq] = ch
    for row in data["letters"]:
        ch = row["char"]
        seq = surface(row["vni"])
        if len(seq) == 2:
            base_letter = single.get(seq[0], seq[0])  # a, e, o, u, y or the ơ/ư byte
            full, head = unicodedata.normalize("NFD", ch), unicodedata.normalize("NFD", base_letter)
            extra = full[len(head):]
            if not full.startswith(head) or unicodedata.normalize("NFC", base_letter + extra) != ch:
                raise RuntimeError(f"{DATA_PATH.name}: VNI row {ch!r} does not compose")
            if marks.setdefault(seq[1], extra) != extra:
                raise RuntimeError(f"{DATA_PATH.name}: VNI mark {seq[1]!r} means two things")
    if set(marks) & set(single):
        raise RuntimeError(f"{DATA_PATH.name}: a VNI byte is both a letter and a mark")
    vni_chars = {ord(k): v for k, v in {**marks, **single}.items()}

    tcvn3_partial = {k: v for k, v in tcvn3_chars.items()
                     if not (k < 128 or chr(k).lower() in letters_lower)}
    # quick pre-filter for repair_mojibake: characters no Vietnamese word contains and
    # that a TCVN3/VNI surface uses, or a plain vowel followed by a VNI mark letter
    foreign = sorted({chr(k) for k in [*tcvn3_chars, *vni_chars]
                      if k >= 128 and chr(k).lower() not in letters_lower
                      and not unicodedata.combining(chr(k))})
    vni_after_vowel = "ùøûõïåäëüÙØÛÕÏÅÄËÜ"
    marker_re = re.compile(
        "[" + re.escape("".join(foreign)) + "]"
        + f"|[aeiouyAEIOUYôöÔÖ][{vni_after_vowel}]"
    )
    return _Tables(letters_lower, "".join(tcvn3), "".join(base), vni_chars, tcvn3_chars,
                   tcvn3_partial, tcvn3_encode, vni_encode, marker_re)


# --- Vietnamese plausibility ------------------------------------------------------------

# a word: a run of anything but whitespace, digits and ASCII/typographic punctuation
# (so mojibake symbols such as ® µ ¸ « stay inside the word they damage)
TOKEN_RE = re.compile(r"[^\s0-9!-/:-@\[-`{-~\u2010-\u2015\u2018-\u201f\u2026\u2022\u00a0]+")
SYLLABLE_RE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"(?:[ou](?=[aăâeêiyơ]))?"
    r"(?:iê|yê|ia|ya|uô|ua|ươ|ưa|oo|[aăâeêioôơuưy])"
    r"(?:ch|ng|nh|[cmnptiyuo])?"
)
ABBREVIATION_RE = re.compile(r"[bcdđfghjklmnpqrstvwxz]+")  # sđd, tlđ, ubnd, kh
UNITS = frozenset({"µm", "μm", "µg", "μg", "µl", "μl", "µs", "μs", "µf", "μf", "µa", "μa"})
COMMON_WORDS = frozenset("""
của và các công đoàn ngày năm được là có trong cho với người không này những một theo về
đến tại số thực hiện lao động việt nam quyết định ban hành kế hoạch tổ chức cấp tỉnh huyện
xã đã sẽ tháng đồng chí liên hội nghị văn bản phát triển viên cơ sở ủy nhân dân nhà nước
chủ tịch thường vụ để từ khi như trên đơn vị cộng hòa hoà độc lập tự do hạnh phúc căn cứ
điều luật thông tư báo cáo đảng bộ trưởng phó ngành mình đây cũng còn vào ra làm việc
""".split())


@functools.cache
def _strip_tables() -> tuple[dict[int, str], dict[int, None], dict[int, None]]:
    t = _tables()
    strip: dict[int, str] = {}
    for ch in t.letters_lower:
        nfd = unicodedata.normalize("NFD", ch)
        toneless = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in TONE_MARKS))
        if toneless != ch:
            strip[ord(ch)] = toneless
    delete_toned = {k: None for k in strip}
    allowed = set("abcdefghijklmnopqrstuvwxyz") | t.letters_lower
    delete_allowed = {ord(c): None for c in allowed}
    return strip, delete_toned, delete_allowed


_WORD_CACHE: dict[str, tuple[float, int, bool]] = {}


def _analyze(token: str) -> tuple[float, int, bool]:
    """(value, foreign characters, is a word) of one token: value 1 for a valid
    Vietnamese syllable or consonant-only abbreviation, +0.5 for a very common word."""
    hit = _WORD_CACHE.get(token)
    if hit is not None:
        return hit
    strip, delete_toned, delete_allowed = _strip_tables()
    low = token.lower()
    if not unicodedata.is_normalized("NFC", low):
        low = unicodedata.normalize("NFC", low)
    is_word = any(c.isalpha() for c in low)
    foreign = len(low.translate(delete_allowed))
    value = 0.0
    if low in UNITS:
        value, foreign = 1.0, 0
    elif is_word and not foreign:
        toned = len(low) - len(low.translate(delete_toned))
        if toned <= 1 and (SYLLABLE_RE.fullmatch(low.translate(strip)) or ABBREVIATION_RE.fullmatch(low)):
            value = 1.5 if low in COMMON_WORDS else 1.0
    result = (value, foreign, is_word)
    if len(_WORD_CACHE) < 200_000:
        _WORD_CACHE[token] = result
    return result


def vietnamese_score(text: str) -> float:
    """How much ``text`` reads like Vietnamese, averaged over its words: 1 for a valid
    syllable (or consonant-only abbreviation), +0.5 for a very common word, -1 for each
    character no Vietnamese word contains, and -2 per U+FFFD. At most 1.5; real
    Vietnamese prose scores about 1.2-1.4, mojibake and wrong decodings below 0.5."""
    n, total = 0, 0.0
    for tok in TOKEN_RE.findall(text):
        value, foreign, is_word = _analyze(tok)
        if is_word:
            n += 1
            total += value - foreign
    total -= 2 * text.count("\ufffd")
    return total / n if n else 0.0


def _sample(seq, head: int = SAMPLE_HEAD, mid: int = SAMPLE_MID):
    """The part of a long bytes/str value that gets scored."""
    if len(seq) <= head + mid:
        return seq
    start = len(seq) // 2 & ~3  # keeps UTF-16/32 code units aligned
    return seq[:head] + seq[start:start + mid]


# --- legacy codecs ------------------------------------------------------------------------


def _decode_tcvn3(data: bytes) -> str:
    text = codecs.charmap_decode(data, "strict", _tables().tcvn3_bytes)[0]
    if not unicodedata.is_normalized("NFC", text):  # the stand-alone tone bytes 0xB0-0xB4
        text = unicodedata.normalize("NFC", text)
    return _restore_h_font_capitals(text)


def _decode_vni(data: bytes) -> str:
    t = _tables()
    text = codecs.charmap_decode(data, "strict", t.cp1252_bytes)[0]
    return unicodedata.normalize("NFC", text.translate(t.vni_chars))


def _decode_cp1258(data: bytes) -> str:
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


def _decode_utf8_lossy(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


_DECODERS = {
    "utf-8": _decode_utf8_lossy,
    "cp1258": _decode_cp1258,
    "tcvn3": _decode_tcvn3,
    "vni": _decode_vni,
}

ASCII_LOWER_RE = re.compile(r"[a-z]")
_LETTER = r"[^\W\d_]"
_NOT_SMALL_ASCII = r"[^\W\d_a-z]"  # a letter that is not a-z


@functools.cache
def _h_font_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(word, line-word) patterns for TCVN3 text set in a capital (.VnTimeH) font:
    a word with two or more ASCII capitals, no a-z and a small Vietnamese letter; and,
    on a line without a-z, any word with a small Vietnamese letter and no a-z."""
    small = "[" + "".join(sorted(_tables().letters_lower)) + "]"
    word = re.compile(
        rf"(?<!{_LETTER})(?={_NOT_SMALL_ASCII}*[A-Z]{_NOT_SMALL_ASCII}*[A-Z])"
        rf"(?={_NOT_SMALL_ASCII}*{small}){_NOT_SMALL_ASCII}+(?!{_LETTER})"
    )
    line_word = re.compile(rf"(?<!{_LETTER})(?={_NOT_SMALL_ASCII}*{small}){_NOT_SMALL_ASCII}+(?!{_LETTER})")
    return word, line_word


def _upper(m: re.Match[str]) -> str:
    return m.group().upper()


def _restore_h_font_capitals(text: str) -> str:
    word_re, line_word_re = _h_font_res()
    if not word_re.search(text):
        return text
    out = []
    for line in text.splitlines(keepends=True):
        if word_re.search(line):
            line = word_re.sub(_upper, line) if ASCII_LOWER_RE.search(line) else line_word_re.sub(_upper, line)
        out.append(line)
    return "".join(out)


def encode_legacy(text: str, encoding: str) -> bytes:
    """Encode Unicode text as TCVN3 or VNI bytes with the same tables (for tests and
    round-trip checks). TCVN3 capitals with tones get their lower-case code, as in a
    .VnTimeH document; characters neither table nor Windows-1252 has become ``?``."""
    t = _tables()
    table = {"tcvn3": t.tcvn3_encode, "vni": t.vni_encode}[encoding]
    return unicodedata.normalize("NFC", text).translate(table).encode("cp1252", errors="replace")


# --- decode_bytes -----------------------------------------------------------------------

_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\v\f\r\x1a\x1b") + b"\x7f"
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when NULs sit at one parity only, as in UTF-16 text
    whose characters are mostly below U+0100 (Vietnamese: ASCII plus Latin-1 letters)."""
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0:half * 2:2].count(0), sample[1:half * 2:2].count(0)
    if odd >= 0.3 * half and even <= 0.02 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd <= 0.02 * half:
        return "utf-16-be"
    return None


_CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0e-\x19\x1c-\x1f\x7f\ufffd]")


def _looks_like_text(text: str) -> bool:
    """Few control/replacement characters: NUL-rich bytes that are really UTF-16."""
    return len(_CONTROL_CHARS_RE.findall(text)) <= 0.05 * len(text)


def _unicode_with_bom(data: bytes) -> tuple[str, str, list[str]] | None:
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")):
        if data.startswith(bom) and len(data) % 4 == 0:
            try:
                return data[4:].decode(name), name, []
            except UnicodeDecodeError:
                pass  # FF FE 00 00 can also be UTF-16-LE with a NUL first: fall through
    if data.startswith(codecs.BOM_UTF8):
        return _decode_unicode(data[3:], "utf-8", "utf-8-sig")
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _decode_unicode(data[2:], name, name)
    return None


def _decode_unicode(data: bytes, codec: str, label: str) -> tuple[str, str, list[str]]:
    try:
        return data.decode(codec), label, []
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
        bad = text.count("\ufffd")
        return text, label, [f"invalid {codec.upper()} data: {bad} undecodable sequence(s) replaced with U+FFFD"]


def _drop_nuls(text: str, warnings: list[str]) -> str:
    n = text.count("\x00")
    if n:
        warnings.append(f"{n} NUL character(s) dropped")
        text = text.replace("\x00", "")
    return text


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode a text file's bytes: ``(text, encoding_used, warnings)``.

    ``encoding_used`` is one of utf-8, utf-8-sig, utf-16-le, utf-16-be, utf-32-le,
    utf-32-be, cp1258, tcvn3, vni. Odd input gives the best decoding plus a warning;
    only bytes that are clearly not text (many NUL/control bytes and not UTF-16) raise
    ``ValueError("binary content, not text")``.
    """
    if not data:
        return "", "utf-8", []
    bom = _unicode_with_bom(data)
    if bom is not None:
        text, label, warnings = bom
        return _drop_nuls(text, warnings), label, warnings

    sample = _sample(data)
    nuls = sample.count(0)
    if nuls:
        utf16 = _utf16_without_bom(sample)
        if utf16 is not None and _looks_like_text(sample[: len(sample) // 2 * 2].decode(utf16, errors="replace")):
            text, label, warnings = _decode_unicode(data[: len(data) // 2 * 2], utf16, utf16)
            if len(data) % 2:
                warnings.append("odd number of bytes for UTF-16: last byte dropped")
            warnings.insert(0, f"no byte-order mark: read as {utf16.upper()} (NUL bytes at every other position)")
            return _drop_nuls(text, warnings), label, warnings
    controls = len(sample.translate(None, _NOT_CONTROL))
    if controls >= 4 and (nuls > 0.01 * len(sample) or controls > 0.05 * len(sample)):
        raise ValueError(BINARY_MESSAGE)

    warnings: list[str] = []
    try:
        return _drop_nuls(data.decode("utf-8"), warnings), "utf-8", warnings
    except UnicodeDecodeError:
        pass

    # not UTF-8: score each candidate on a sample, decode the whole with the winner
    scores = {name: vietnamese_score(dec(sample)) for name, dec in _DECODERS.items()}
    best = max(scores, key=lambda k: scores[k])  # dict order breaks ties: utf-8, cp1258, tcvn3, vni
    text = _DECODERS[best](data)
    if best == "utf-8":
        bad = text.count("\ufffd")
        warnings.append(f"invalid UTF-8: {bad} undecodable sequence(s) replaced with U+FFFD")
    else:
        runner_up = max((s for k, s in scores.items() if k != best), default=0.0)
        warnings.append(
            f"not UTF-8: read as {LEGACY_NAMES[best]} by Vietnamese plausibility "
            f"({scores[best]:.2f} vs {runner_up:.2f})"
        )
        bad = text.count("\ufffd")
        if bad:
            warnings.append(f"{bad} undecodable byte(s) replaced with U+FFFD")
    if scores[best] < 0.5:
        warnings.append(f"uncertain decoding: little Vietnamese text recognised (best guess {best})")
    return _drop_nuls(text, warnings), best, warnings


# --- repair_mojibake --------------------------------------------------------------------


def _convert(text: str, kind: str) -> str:
    t = _tables()
    if kind == "tcvn3":
        return _restore_h_font_capitals(text.translate(t.tcvn3_chars))
    if kind == "tcvn3-partial":
        return text.translate(t.tcvn3_partial)
    return unicodedata.normalize("NFC", text.translate(t.vni_chars))


@dataclass
class _Diff:
    gain: float = 0.0  # change in summed word value (foreign characters count -1)
    fixed: int = 0  # words that were not Vietnamese and now are
    broken: int = 0  # words that were Vietnamese and no longer are
    foreign_words: int = 0  # words of the original with characters no Vietnamese word has
    losses: int = 0  # words whose value went down

    def add(self, other: _Diff) -> None:
        self.gain += other.gain
        self.fixed += other.fixed
        self.broken += other.broken
        self.foreign_words += other.foreign_words
        self.losses += other.losses


def _diff(orig: str, conv: str) -> _Diff:
    """Compare a text with its conversion word by word (conversions never move word
    boundaries: they map characters inside words to letters or marks)."""
    d = _Diff()
    a_toks, b_toks = TOKEN_RE.findall(orig), TOKEN_RE.findall(conv)
    if len(a_toks) != len(b_toks):  # not expected; score the two as wholes
        d.gain = vietnamese_score(conv) - vietnamese_score(orig)
        d.fixed = int(d.gain > 0)
        return d
    cache = _WORD_CACHE
    for a, b in zip(a_toks, b_toks):
        va, fa, word = cache.get(a) or _analyze(a)
        if word and fa:
            d.foreign_words += 1
        if a == b:
            continue
        vb, fb, _ = cache.get(b) or _analyze(b)
        delta = (vb - fb) - (va - fa)
        d.gain += delta
        d.losses += delta < 0
        if word and vb > 0 and va == 0 and len(a) > 1:  # not a lone symbol such as 1ª
            d.fixed += 1
        elif word and va > 0 and vb == 0:
            d.broken += 1
    return d


def _accept(d: _Diff) -> bool:
    """Enough words become Vietnamese, few stop being so, and most of the words with
    foreign characters are among those fixed."""
    return (d.gain > 0 and d.fixed >= 1 and d.fixed >= 2 * d.broken
            and d.fixed >= 0.5 * d.foreign_words)


def _pick_lines(text: str, kinds: list[str]) -> tuple[str, _Diff]:
    """Convert line by line: each line takes the conversion (in ``kinds``, preferred
    first) that gains most, or stays as it is when every conversion loses."""
    lines = text.splitlines(keepends=True)
    options = []
    for kind in kinds:
        conv = _convert(text, kind).splitlines(keepends=True)
        if len(conv) == len(lines):
            options.append((kind, conv))
    total = _Diff()
    out = []
    for i, line in enumerate(lines):
        best_line, best = line, None
        seen = set()
        for kind, conv in options:
            cand = conv[i]
            if cand in seen:
                continue
            seen.add(cand)
            d = _diff(line, cand)
            if best is None or d.gain > best.gain:
                best_line, best = cand, d
            if best is d and not d.losses and kind == "tcvn3":
                break  # the whole conversion lost nothing here: the partial one cannot do better
        if best is None:
            continue
        if best.gain < 0:
            best_line, best = line, _Diff(foreign_words=best.foreign_words)
        out.append(best_line)
        total.add(best)
    if len(out) != len(lines):  # a conversion changed the line count: not expected
        return text, _Diff()
    return "".join(out), total


def repair_mojibake(text: str) -> tuple[str, str | None]:
    """Undo TCVN3 or VNI text shown through a Western code page.

    Returns ``(fixed_text, "tcvn3" | "vni")``, or ``(text, None)`` unchanged when the text
    shows no such damage (normal Unicode Vietnamese is never touched). Each line takes
    the conversion that makes it read most like Vietnamese (valid syllables gained
    against lost, word by word), or stays as it is; a legacy encoding is reported only
    when, over a sample of the text, the words it fixes clearly outweigh those it harms.
    So a Unicode header above a TCVN3 body keeps its text, and text from a PDF where
    only a few glyphs came out wrong (``đoμn``) has only those replaced.
    """
    t = _tables()
    if not text or not t.marker_re.search(text):
        return text, None
    sample = _sample(text)
    # within TCVN3, whichever of the whole and the symbols-only conversion reads better
    # on the sample is preferred where a line gains the same either way
    full, partial = (_diff(sample, _convert(sample, k)).gain for k in ("tcvn3", "tcvn3-partial"))
    families = {
        "tcvn3": ["tcvn3", "tcvn3-partial"] if full > partial else ["tcvn3-partial", "tcvn3"],
        "vni": ["vni"],
    }
    best_family, best, fixed = None, None, text
    for family, kinds in families.items():
        picked, d = _pick_lines(sample, kinds)
        if _accept(d) and (best is None or d.gain > best.gain):
            best_family, best, fixed = family, d, picked
    if best_family is None:
        return text, None
    if sample is not text:
        fixed, _ = _pick_lines(text, families[best_family])
    if fixed == text:
        return text, None
    return fixed, best_family
