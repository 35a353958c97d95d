"""Normalize a source text for matching, reversibly.

Every rewrite goes through :func:`_sub`, which keeps an offset map from each
normalized character back to the source text the user holds, so every span can be
reported in both (spaCy's round-trip rule: never normalize without an alignment).
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import regex

from pipeline.folding import fold  # noqa: F401  (importable here, where the extractors look)
from pipeline.identity import DASHES
from pipeline.models import Provenance

# --- rewrites, in order -------------------------------------------------------
CRLF_RE = regex.compile(r"\r\n?")
# a base letter followed by combining marks (decomposed Unicode, cp1258 text)
COMBINING_RUN_RE = regex.compile(r"\P{M}\p{M}+")
SPACE_VARIANTS_RE = regex.compile(r"[\u00A0\u2000-\u200A\u202F\u205F\u3000]")
ZERO_WIDTH_RE = regex.compile(r"[\u200B-\u200D\u2060\uFEFF\u00AD]")
DASH_VARIANTS_RE = regex.compile(f"[{DASHES}]")  # the dashes identity.symbol folds too
QUOTE_VARIANTS_RE = regex.compile(r"[\u201E\u201F\u2033\u301D\u301E]")
PRIVATE_BULLET_RE = regex.compile(r"[\uF0B7\uF0A7\uF0D8\uF076\u25CF\u25AA\u2023\u2043]")
# web copies: literal <br> tags and markdown image stubs ![](…)
LITERAL_BR_RE = regex.compile(r"<br\s*/?>", regex.IGNORECASE)
MARKDOWN_IMAGE_RE = regex.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
# old-style tone placement (hoà → hòa, thuỷ → thủy): identity's, one rule for text and keys
from pipeline.identity import OLD_TONE_OA_PROBE, OLD_TONE_OA_RE, OLD_TONE_UY_PROBE, OLD_TONE_UY_RE, move_tone  # noqa: E402
# a hard wrap inside a phrase: letter/comma, newline(s), lower-case word
HARD_WRAP_RE = regex.compile(r"(?<=[\p{Ll}\d,])[ \t]*\n(?:[ \t]*\n)?[ \t]*(?=\p{Ll})")



# --- words run together ("CÔNGĐOÀN", "hoạtđộng", "Báocáo", "cơ sởKính gửi") -------------
# A Vietnamese syllable is (onset)(vowels)(final); a run of letters that cannot be one
# (longer than any syllable, two tone marks, đ inside, a capital after a small letter)
# and that splits wholly into syllables is words run together (messy-patterns.md:
# "merged words (cơquan)"). English words, acronyms (LĐLĐ, THCS) and names in Latin
# letters never split: they have no Vietnamese letter, or do not split into syllables.
_VN_LETTERS = "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
_TONED = "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
_VN_CLASS = _VN_LETTERS + _VN_LETTERS.upper()
_VOWELS = "aăâeêioôơuưy" + _TONED + "AĂÂEÊIOÔƠUƯY" + _TONED.upper()
_TONED_CLASS = _TONED + _TONED.upper()
GLUED_CANDIDATE_RE = regex.compile(
    r"(?<!\p{L})(?:"  # from a word's start only: each run is tried once (linear in the text)
    rf"(?=\p{{L}}*[{_VN_CLASS}])\p{{L}}{{8,}}"               # longer than any syllable
    rf"|\p{{L}}*[{_TONED_CLASS}]\p{{L}}*[{_TONED_CLASS}]\p{{L}}*"  # two tone marks
    r"|\p{L}+[đĐ]\p{L}*"                                   # đ is only ever an onset
    rf"|(?=\p{{L}}*[{_VN_CLASS}])\p{{L}}*\p{{Ll}}\p{{Lu}}\p{{L}}*"  # a capital after a small letter
    # a vowel, consonants, a vowel: a syllable's vowels are never split by a consonant ("QUYCHẾ")
    rf"|(?=\p{{L}}*[{_VN_CLASS}])\p{{L}}*[{_VOWELS}][^{_VOWELS}\P{{L}}]+[{_VOWELS}]\p{{L}}*"
    r")(?!\p{L})"
)
_SYLLABLE_RE = regex.compile(
    r"(?P<onset>ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"(?P<vowels>[aăâeêioôơuưy]{1,3})"
    r"(?P<final>ch|nh|ng|[cmnpt])?"
)
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_STOP_TONES = {"\u0301", "\u0323"}  # a syllable ending in c, ch, p, t takes sắc or nặng only
MAX_SYLLABLE = 7
# markers that begin a line of a header or body: glued to the word before, they get a line break
_LINE_START_RE = regex.compile(r"(?:Kính\s+gửi|Căn\s+cứ|Nơi\s+nhận|Số\s*:|V/v)")


@functools.lru_cache(maxsize=65536)
def _syllable_cost(piece: str) -> int | None:
    """None when the piece cannot be one syllable, else the letters of its final (fewer is
    likelier: 'tổchức' is 'tổ chức', not 'tổc hức')."""
    if len(piece) > MAX_SYLLABLE:
        return None
    nfd = unicodedata.normalize("NFD", piece.lower())
    tones = [c for c in nfd if c in _TONE_MARKS]
    if len(tones) > 1:
        return None
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONE_MARKS))
    m = _SYLLABLE_RE.fullmatch(base)
    if m is None:
        return None
    final = m.group("final") or ""
    if final in ("c", "ch", "p", "t") and tones and tones[0] not in _STOP_TONES:
        return None
    return len(final)


def split_glued(word: str) -> list[str] | None:
    """The syllables of a run of letters, or None when it is not words run together."""
    n = len(word)
    best: list[tuple[int, int] | None] = [None] * (n + 1)  # (pieces*10 + finals, previous cut)
    best[0] = (0, 0)
    for i in range(1, n + 1):
        for j in range(max(0, i - MAX_SYLLABLE), i):
            if best[j] is None:
                continue
            cost = _syllable_cost(word[j:i])
            if cost is None:
                continue
            total = best[j][0] + 10 + cost  # type: ignore[index]
            if best[i] is None or total < best[i][0]:  # type: ignore[index]
                best[i] = (total, j)
    if best[n] is None:
        return None
    cuts = []
    i = n
    while i > 0:
        j = best[i][1]  # type: ignore[index]
        cuts.append(word[j:i])
        i = j
    pieces = cuts[::-1]
    # a lone vowel split off is a damaged word ("NGHĨÃ"), not two words
    return pieces if len(pieces) > 1 and min(map(len, pieces)) > 1 else None


_LETTER_RUN_RE = regex.compile(r"\p{L}+")


_NON_ASCII_VOWELS = frozenset(_VOWELS) - frozenset("aeiouyAEIOUY")


@functools.lru_cache(maxsize=65536)
def _word_kind(word: str) -> int:
    """1: words run together (GLUED_CANDIDATE_RE); 2: a syllable-length word with a marked
    vowel that is no syllable ('CƠNG', 'Đợc': a legacy font's damage, or a name); 0: else."""
    if GLUED_CANDIDATE_RE.fullmatch(word) is not None:
        return 1
    if len(word) <= 7 and not _NON_ASCII_VOWELS.isdisjoint(word):
        from pipeline.ingest.syllables import is_syllable

        return 0 if is_syllable(word) and _tone_on_marked_vowel(word) else 2
    return 0


_MARKED_VOWELS = "ăâêôơư"
_MARKED_VOWELS_SET = frozenset(_MARKED_VOWELS)
_TONED_SET = frozenset(_TONED)


def _tone_on_marked_vowel(word: str) -> bool:
    """False when a syllable's tone sits on a plain vowel beside a vowel with a mark ('đơì',
    'tiến' written 'tíên'): the tone always goes on the marked vowel (on ơ in ươ)."""
    low = word.lower()
    if _MARKED_VOWELS_SET.isdisjoint(low):  # (NFC letters: ậ, ờ are their own letters, not in the set)
        return True
    for ch in low:
        if ch in _TONED_SET:
            return _MAPPABLE[ch][0] in _MARKED_VOWELS
    return True


class _GluedWords:
    """GLUED_CANDIDATE_RE's matches, found word by word: the pattern only ever matches a
    whole run of letters, and a language has few distinct words, so each word's verdict is
    cached (the pattern tried at every word start cost 0.46 ms a document; this ~0.1). The
    same pass collects the words that are no syllable (`suspects`): the cheap test a letter
    mapping search needs first."""

    def __init__(self) -> None:
        self.suspects: set[str] = set()

    def finditer(self, text: str) -> Iterator[regex.Match[str]]:
        for m in _LETTER_RUN_RE.finditer(text):
            kind = _word_kind(m.group())
            if kind == 1:
                yield m
            elif kind == 2:
                self.suspects.add(m.group().lower())


def _unglue(m: regex.Match[str]) -> str:
    word = m.group(0)
    pieces = split_glued(word)
    if pieces is None:
        return word
    out = pieces[0]
    used = len(pieces[0])
    for p in pieces[1:]:
        rest = m.string[m.start() + used : m.start() + used + 20]
        out += ("\n" if _LINE_START_RE.match(rest) else " ") + p
        used += len(p)
    return out


# --- '?'-mangled legacy text ("T?NG LIÊN ÐOÀN LAO Ð?NG") --------------------------------
# A Windows-1258 text saved through a code page without Vietnamese keeps the letters that
# page has (à, é, ô …), reduces the one-mark letters it lacks to their base (ă→a, ư→u, ơ→o,
# đ→d, ĩ→i) and writes '?' for the rest; its Đ comes back as Ð (U+00D0) or, read as
# Windows-1251, as Cyrillic Р. Each mangled syllable is restored to the dictionary syllable
# with the same residue that forms a word with its neighbours (underthesea's Viet74K word
# list), else the commonest one; a residue no syllable fits is left as it is.
QMARK_IN_WORD_RE = regex.compile(r"\p{L}\?|\?\p{L}")
QMARK_TOKEN_RE = regex.compile(r"[\p{L}?]*\p{L}[\p{L}?]*\?[\p{L}?]*|\?[\p{L}?]*\p{L}[\p{L}?]*")
QMARK_MIN_HITS = 5
REDUCED_YEAR_RE = regex.compile(r"(?<=tháng\s+\d{1,2}\s+)nam(?=\s+\d{4})")
NUMBER_AFTER_RE = regex.compile(r"\s*:?\s*\d")
ETH_RE = regex.compile(r"[ÐðРр](?=[\p{L}?])|(?<=[\p{Latin}?])[ÐðРр]")
_ETH = {"Ð": "Đ", "ð": "đ", "Р": "Đ", "р": "đ"}
_BASE_KEPT_MARKS = {"\u0306", "\u0303", "\u031b"}  # breve, tilde, horn: best-fit to the base letter


def _residue(syllable: str) -> str:
    """What a lower-case syllable becomes through the lossy code page."""
    out = []
    for ch in syllable:
        if ch == "đ":
            out.append("d")
            continue
        try:
            ch.encode("cp1252")
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        nfd = unicodedata.normalize("NFD", ch)
        out.append(nfd[0] if len(nfd) == 2 and nfd[1] in _BASE_KEPT_MARKS else "?")
    return "".join(out)


@functools.cache
def _syllable_lexicon() -> tuple[dict[str, list[str]], dict[str, int], dict[str, int]]:
    """Residue → syllables (commonest first), syllable counts and adjacent-pair counts, from
    the Vietnamese that underthesea ships: its Viet74K word list and the VLSP 2013 text its
    tagger was tested on (the two measure how common a syllable and a pair are)."""
    from collections import Counter

    try:
        import underthesea

        root = Path(underthesea.__file__).parent
        words = (root / "corpus" / "data" / "Viet74K.txt").read_text(encoding="utf-8").split("\n")
        tagged = root / "pipeline" / "pos_tag" / "models" / "pos_crf_vlsp2013_20230303" / "test_output.txt"
        running = tagged.read_text(encoding="utf-8").split("\n") if tagged.exists() else []
    except (ImportError, OSError):  # pragma: no cover - underthesea is a dependency
        return {}, {}, {}
    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    for w in words:
        sy = unicodedata.normalize("NFC", w.strip().lower()).split()
        uni.update(sy)
        bi.update(f"{x} {y}" for x, y in zip(sy, sy[1:]))
    prev = ""
    for line in running:
        tok = unicodedata.normalize("NFC", line.split("\t", 1)[0].strip().lower())
        if not tok:
            prev = ""
            continue
        sy = tok.split()
        uni.update({x: 3 for x in sy})
        bi.update({f"{x} {y}": 3 for x, y in zip([prev, *sy], sy) if x})
        prev = sy[-1]
    index: dict[str, list[str]] = {}
    for syl in sorted(uni, key=lambda x: -uni[x]):
        if syl.isalpha():
            index.setdefault(_residue(syl), []).append(syl)
    return index, dict(uni), dict(bi)


def _with_case(model: str, s: str) -> str:
    if model.isupper():
        return s.upper()
    if model[:1].isupper():
        return s[:1].upper() + s[1:]
    return s


def repair_question_marks(text: str) -> str:
    """Restore a '?'-mangled text (same length: one letter for each '?')."""
    text = ETH_RE.sub(lambda m: _ETH[m.group(0)], text)
    text = REDUCED_YEAR_RE.sub("năm", text)  # "tháng 4 nam 2011": the date line's năm, reduced to a
    index, uni, bi = _syllable_lexicon()
    if not index:
        return text
    tokens = list(regex.finditer(r"[\p{L}?]+", text))
    out = list(text)

    def options(tok: str) -> list[str]:
        low = tok.lower()
        if "?" not in low:
            return [low]
        return index.get(low.replace("đ", "d"), [])[:12]

    opts = [options(m.group(0)) for m in tokens]
    for i, m in enumerate(tokens):
        tok = m.group(0)
        if "?" not in tok or not opts[i]:
            continue
        left = opts[i - 1][:1] if i > 0 and tokens[i - 1].end() + 3 >= m.start() else []
        right = opts[i + 1][:6] if i + 1 < len(tokens) and m.end() + 3 >= tokens[i + 1].start() else []

        def score(c: str) -> float:
            pair = max((bi.get(f"{a} {c}", 0) for a in left), default=0) + max((bi.get(f"{c} {b}", 0) for b in right), default=0)
            return math.log1p(uni.get(c, 0)) + 4.0 * math.log1p(pair)

        if "số" in opts[i] and NUMBER_AFTER_RE.match(text, m.end()):
            best = "số"  # "S?: 649/HD-TLĐ", "Ngh? d?nh s? 42/2010": the word before a number
        else:
            best = max(opts[i], key=score)
        opts[i] = [best]
        fixed = _with_case(tok, best)
        if len(fixed) == len(tok):
            out[m.start() : m.end()] = fixed
    return "".join(out)


# --- a tone mark on the wrong vowel ("đơì" for "đời", "tíên" for "tiến") --------------------
# Some PDF-to-text and legacy-font conversions put a syllable's tone mark on its neighbour
# vowel. Such a word is no syllable; moving its one tone mark to another of its vowels
# gives one syllable, and only one: that is the word.
@functools.lru_cache(maxsize=4096)
def retoned(word: str) -> str | None:
    """The syllable a word (lower case) is with its one tone mark on another vowel, when
    exactly one vowel makes it a syllable; else None."""
    from pipeline.ingest.syllables import is_syllable

    nfd = unicodedata.normalize("NFD", word)
    tones = [c for c in nfd if c in _TONE_MARKS]
    if len(tones) != 1 or (is_syllable(word) and _tone_on_marked_vowel(word)):
        return None
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONE_MARKS))
    if len(base) != len(word):
        return None
    marked = [i for i, ch in enumerate(base) if ch in _MARKED_VOWELS]
    if marked:  # the tone goes on the marked vowel (the last: ươ takes it on ơ)
        i = marked[-1]
        cand = base[:i] + unicodedata.normalize("NFC", base[i] + tones[0]) + base[i + 1:]
        return cand if cand != word and is_syllable(cand) else None
    options = set()
    for i, ch in enumerate(base):
        if ch in _BASE_VOWELS:
            cand = base[:i] + unicodedata.normalize("NFC", ch + tones[0]) + base[i + 1:]
            if cand != word and len(cand) == len(word) and is_syllable(cand):
                options.add(cand)
    return options.pop() if len(options) == 1 else None


def repair_tone_places(text: str, moved: dict[str, str]) -> tuple[str, str | None]:
    """text with each word of `moved` (lower case → repaired) put right, and a warning (None
    when nothing was changed)."""
    words = regex.compile(r"(?<!\p{L})(?:" + "|".join(map(regex.escape, sorted(moved, key=len, reverse=True)))
                          + r")(?!\p{L})", regex.IGNORECASE)
    changed: list[str] = []

    def fix(m: regex.Match[str]) -> str:
        new = _with_case(m.group(0), moved.get(m.group(0).lower(), m.group(0).lower()))
        if len(new) != len(m.group(0)):
            return m.group(0)
        changed.append(f"{m.group(0)}→{new}")
        return new

    text = words.sub(fix, text)
    if not changed:
        return text, None
    return text, f"tone marks moved back to their vowel: {', '.join(list(dict.fromkeys(changed))[:6])}"


# --- one letter put for another throughout ("CƠNG ĐOÀN", "Cợng hịa", "thơng tin") ---------
# A legacy-font conversion with a wrong table writes one letter for another wherever the
# font was used (a header, a heading, a few lines): ô as ơ, ộ as ợ, ò as ị. Each damaged
# word is either not a Vietnamese syllable ('cơng', 'đợc') or not a word ('hịa'), and one
# consistent mapping turns those words into words. The mapping is found from the evidence
# (single-letter changes that turn non-words into words of underthesea's word list, pooled
# by the change: ơ→ô keeping the tone counts 'cơng'→'công' and 'cợng'→'cộng' together) and
# applied word by word: to a non-word that becomes a word, or to a rare word that becomes a
# far likelier one in its context ('xã hợi' → 'xã hội'); a correct word stays as it is.
# Same length, one letter for one letter: the offset map stands.
LETTER_WORD_RE = re.compile(r"(?<![^\W\d_])[^\W\d_]{2,7}(?![^\W\d_])")  # a word of syllable length
LETTER_MAP_MIN_INVALID = 3  # non-syllable words a document needs before the mapping is searched
LETTER_MAP_MIN_WORDS = 3  # distinct non-words a mapping must turn into words
LETTER_MAP_MARGIN = math.log(10)  # a word that is a word changes only to one ~10x likelier in context
_TONE_OF = {"\u0300": "f", "\u0301": "s", "\u0303": "x", "\u0309": "r", "\u0323": "j"}
_BASE_VOWELS = "aăâeêioôơuưy"
_MAPPABLE: dict[str, tuple[str, str]] = {}  # letter → (base letter, tone) for every vowel letter, and d/đ
for _b in _BASE_VOWELS:
    for _t, _mark in [("", ""), *((v, k) for k, v in _TONE_OF.items())]:
        _MAPPABLE[unicodedata.normalize("NFC", _b + _mark)] = (_b, _t)
_MAPPABLE["d"] = ("d", "")
_MAPPABLE["đ"] = ("đ", "")
_LETTER_OF = {v: k for k, v in _MAPPABLE.items()}
_VOWEL_SET = frozenset(k for k, (b, _) in _MAPPABLE.items() if b in _BASE_VOWELS)


def _old_style(word: str) -> str:
    """hòa → hoà, thủy → thuỷ: the lexicon's texts use both placements."""
    if len(word) >= 2 and word[-1] in "aeyAEY" and word[-2] in "oOuU":
        return word
    m = regex.search(r"([oòóỏõọ])([ae])$|([uùúủũụ])(y)$", word)
    if not m:
        return word
    first, second = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    base, tone = _base_and_tone(first)
    if not tone or (first in "uùúủũụ" and word[: m.start()].endswith("q")):
        return word
    return word[: m.start()] + base + unicodedata.normalize("NFC", second + tone)


def _lex_count(uni: dict[str, int], word: str) -> int:
    old = _old_style(word)
    return uni.get(word, 0) + (uni.get(old, 0) if old != word else 0)


def _pair_count(bi: dict[str, int], a: str, b: str) -> int:
    n = bi.get(f"{a} {b}", 0)
    oa, ob = _old_style(a), _old_style(b)
    if (oa, ob) != (a, b):
        n += bi.get(f"{oa} {ob}", 0)
    return n


def _family(src: str, dst: str) -> tuple[str, str, str]:
    """What a one-letter change is, pooled across tones: ('ơ', 'ô', '*') for ợ→ộ and ơ→ô;
    ('ị', 'ò', '') for a change of letter and tone both."""
    (b1, t1), (b2, t2) = _MAPPABLE[src], _MAPPABLE[dst]
    if t1 == t2 and b1 != b2:
        return (b1, b2, "*")
    return (src, dst, "")


def _family_pairs(fam: tuple[str, str, str]) -> dict[str, str]:
    src, dst, kind = fam
    if kind != "*":
        return {src: dst}
    out = {}
    for tone in ("", "f", "s", "x", "r", "j"):
        a, b = _LETTER_OF.get((src, tone)), _LETTER_OF.get((dst, tone))
        if a and b:
            out[a] = b
    return out


Family = tuple[str, str, str]


def _votes(words: dict[str, int], known: Callable[[str], bool], weight: Callable[[str], float]) -> dict[Family, dict[str, float]]:
    """Each word that is not known votes once for every family of one-letter changes that
    makes it known (weighted by how common the word it becomes is)."""
    votes: dict[Family, dict[str, float]] = {}
    for w, n in words.items():
        if known(w) or _VOWEL_SET.isdisjoint(w):
            continue
        best: dict[Family, float] = {}
        for i, ch in enumerate(w):
            if ch not in _MAPPABLE or ch.isascii():
                continue  # a plain letter everywhere in the text: text without marks (OCR), not a font
            for dst in _MAPPABLE:
                if dst == ch:
                    continue
                cand = w[:i] + dst + w[i + 1:]
                if known(cand):
                    fam = _family(ch, dst)
                    best[fam] = max(best.get(fam, 0.0), n * weight(cand))
        for fam, gain in best.items():
            votes.setdefault(fam, {})[w] = gain
    return votes


def find_letter_mapping(text: str) -> dict[str, str]:
    """The letter mapping (lower case) a legacy-font conversion left in text, or {} when there
    is none. The word list is loaded only when the syllable grammar alone already finds a
    change that turns two non-syllables into syllables."""
    from pipeline.ingest.syllables import is_syllable

    words = Counter(LETTER_WORD_RE.findall(text))
    lower: Counter[str] = Counter()
    for w, n in words.items():
        lower[w.lower()] += n
    invalid = {w: n for w, n in lower.items() if _word_kind(w) == 2}
    if len(invalid) < LETTER_MAP_MIN_INVALID:
        return {}
    if not any(len(v) >= 2 for v in _votes(invalid, is_syllable, lambda c: 1.0).values()):
        return {}  # names (Đắk Lắk, Krông Búk), not a font: no need for the word list
    _, uni, _ = _syllable_lexicon()
    if not uni:
        return {}

    def known(w: str) -> bool:
        return _lex_count(uni, w) > 0 and is_syllable(w)

    votes = _votes(lower, known, lambda c: math.log1p(_lex_count(uni, c)))
    ranked = sorted(votes.items(), key=lambda kv: -sum(kv[1].values()))
    mapping: dict[str, str] = {}
    for fam, fixed in ranked:
        if fam[2] != "*" or len(fixed) < LETTER_MAP_MIN_WORDS or sum(w in invalid for w in fixed) < 2:
            continue  # a font's table swaps a row of letters, tones kept (ơ ờ ớ → ô ồ ố): a tone
            # given back ('kêt' → 'kết') is an OCR or a copy that lost marks, and no one mapping
        pairs = {s: d for s, d in _family_pairs(fam).items() if not s.isascii()}
        if any(src in mapping or src in mapping.values() or dst in mapping for src, dst in pairs.items()):
            continue  # one mapping: a letter is changed one way only, and never back
        mapping.update(pairs)
    return mapping


def _map_word(word: str, mapping: dict[str, str]) -> str:
    return "".join(mapping.get(c, c) for c in word)


def repair_letter_mapping(text: str) -> tuple[str, str | None]:
    """text with a legacy font's letter mapping undone word by word (same length), and a
    warning that says what was changed (None when nothing was)."""
    from pipeline.ingest.syllables import is_syllable

    mapping = find_letter_mapping(text)
    if not mapping:
        return text, None
    _, uni, bi = _syllable_lexicon()
    sources = set(mapping)

    def known(w: str) -> bool:
        return _lex_count(uni, w) > 0 and is_syllable(w)

    tokens = list(LETTER_WORD_RE.finditer(text))
    words = [m.group(0).lower() for m in tokens]
    new = list(words)
    pending: list[int] = []
    for i, w in enumerate(words):  # non-words first: they become the context of the rest
        if sources.isdisjoint(w):
            continue
        cand = _map_word(w, mapping)
        if not known(cand):
            singles = [c for c in (_map_word(w, {s: mapping[s]}) for s in sources & set(w)) if known(c)]
            cand = max(singles, key=lambda c: _lex_count(uni, c), default=cand)
        if not known(cand):
            continue
        if not known(w):
            new[i] = cand
        else:
            pending.append(i)

    def near(i: int, j: int) -> bool:
        a, b = (i, j) if i < j else (j, i)
        return 0 <= a and b < len(tokens) and tokens[b].start() - tokens[a].end() <= 3

    def score(i: int, w: str) -> float:
        pair = (_pair_count(bi, new[i - 1], w) if near(i - 1, i) else 0) + (
            _pair_count(bi, w, new[i + 1]) if near(i, i + 1) else 0)
        return math.log1p(_lex_count(uni, w)) + 4.0 * math.log1p(pair)

    for i in pending:  # a word that is a word: changed only where the mapped one is far likelier
        cand = _map_word(words[i], mapping)
        if known(cand) and score(i, cand) - score(i, words[i]) >= LETTER_MAP_MARGIN:
            new[i] = cand
    extra: dict[str, str] = {}
    for i, w in enumerate(new):  # a non-word the mapping left: one more letter, if its neighbours say so
        if w != words[i] or known(w) or w.isascii():
            continue
        options: list[tuple[float, str, str, str]] = []
        for k, ch in enumerate(w):
            if ch not in _MAPPABLE or ch.isascii():
                continue
            for dst in _MAPPABLE:
                cand = w[:k] + dst + w[k + 1:]
                if dst == ch or not known(cand):
                    continue
                pair = (_pair_count(bi, new[i - 1], cand) if near(i - 1, i) else 0) + (
                    _pair_count(bi, cand, new[i + 1]) if near(i, i + 1) else 0)
                if pair:
                    options.append((score(i, cand), cand, ch, dst))
        options.sort(reverse=True)
        if not options or options[0][2] in mapping or options[0][3] in mapping or options[0][2] in extra.values():
            continue
        if options[0][0] - LETTER_MAP_MARGIN >= (options[1][0] if len(options) > 1 else 0.0) and (
                extra.get(options[0][2], options[0][3]) == options[0][3]):
            new[i] = options[0][1]
            extra[options[0][2]] = options[0][3]
    out = list(text)
    changed: list[str] = []
    for m, w, n in zip(tokens, words, new):
        if n == w:
            continue
        fixed = _with_case(m.group(0), n)
        if len(fixed) != len(m.group(0)):
            continue
        out[m.start():m.end()] = fixed
        changed.append(f"{m.group(0)}→{fixed}")
    if not changed:
        return text, None
    used = sorted({f"{s}→{d}" for s, d in [*mapping.items(), *extra.items()]
                   if any(s in w for w, n in zip(words, new) if n != w)})
    examples = ", ".join(list(dict.fromkeys(changed))[:6])
    return "".join(out), (
        f"letters of a legacy font put right ({', '.join(used)}): {len(changed)} words, e.g. {examples}")


@functools.cache
def _one_line_breaks_re() -> regex.Pattern[str]:
    """Where a document flattened onto one line had its line breaks (same length: the
    space before the marker becomes a newline)."""
    from pipeline import vocab

    types = "|".join(regex.escape(t.name.upper()) for t in vocab.doc_types().types)
    positions = "|".join(regex.escape(p.upper()) for p in sorted(vocab.issuers().positions, key=len, reverse=True))
    org_heads = "|".join(regex.escape(h.upper()) for h in sorted(vocab.issuers().body_heads, key=len, reverse=True) if len(h.split()) > 1)
    return regex.compile(
        rf"""(?<![-+•])[ \t](?=
            Số\s*:|CỘNG\s+H(?:ÒA|OÀ)\s+XÃ|Độc\s+lập\s*-|ĐẢNG\s+CỘNG\s+SẢN|Căn\s+cứ\s|Thực\s+hiện\s|Nơi\s+nhận
          | \**(?:TM|KT|TL|Q)\.\s\p{{Lu}}|\**T/M\s|\**K/T\s
          | [IVX]{{1,4}}[./-]\s\p{{Lu}} | [IVX]{{1,4}}\./\p{{Lu}} | \d{{1,2}}\.\s\p{{Lu}} | -\s(?!Tự\s+do|Hạnh\s+phúc)\p{{Lu}} | \+\s\p{{Lu}}
          | Số\s+\d{{1,5}}\s*/                                   # Số 03/CĐ/QC (no colon)
          | (?:{types})(?:\s+\p{{Lu}}|\s*\(|\s*$)
        )
        | (?<=CHỦ\s+NGHĨA\s+VIỆT\s+NAM)[ ](?=\p{{Lu}}{{2}})       # the lower issuer level after the quốc hiệu
        | (?<=[\p{{Ll}}\d])[ ](?=(?:{org_heads})\s+\p{{Lu}}{{2}})   # an issuer cell after a post title
        | (?<=\p{{Lu}}{{2}})[ ](?=(?:{positions})\b)     # TM. BAN THƯỜNG VỤ | CHỦ TỊCH
        | (?<=\*\*)[ ](?=\p{{Lu}})                        # CHỦ TỊCH** | Hoàng Thọ Trung
        | (?<=(?:^|\s)(?:{types}))[ ](?=\p{{Lu}}\p{{Ll}})  # KẾ HOẠCH | Khảo sát …
        | (?<!\p{{Lu}}\p{{Ll}}+)[ ](?=\p{{Lu}}\p{{Ll}}+(?:\s\p{{L}}\p{{Ll}}+){{0,3}},\s+ngày\s+\d)  # | Lai châu, ngày
        """,
        regex.VERBOSE,
    )


ONE_LINE_MIN_CHARS = 600


def _base_and_tone(ch: str) -> tuple[str, str]:
    decomposed = unicodedata.normalize("NFD", ch)
    return decomposed[0], decomposed[1:]


@dataclass
class Text:
    """Normalized text plus the map back to the source text (and its pages)."""

    text: str
    source_text: str
    to_source: list[int]  # len(text) + 1 entries
    pages: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what a repair changed in the words

    def source_offset(self, pos: int) -> int:
        return self.to_source[max(0, min(pos, len(self.to_source) - 1))]

    def page_of(self, source_pos: int) -> int | None:
        """1-based page of a source offset (PDFs), None when the source has no pages."""
        if not self.pages:
            return None
        starts = [p[0] for p in self.pages]
        i = bisect.bisect_right(starts, source_pos) - 1
        return max(0, i) + 1

    def provenance(self, start: int, end: int, rule: str, inferred: bool = False) -> Provenance:
        s, e = self.source_offset(start), self.source_offset(end)
        if e < s:
            e = s
        return Provenance(
            start=start,
            end=end,
            source_start=s,
            source_end=e,
            page=self.page_of(s),
            rule=rule,
            inferred=inferred,
        )


def _sub(
    text: str, mapping: list[int], pattern: regex.Pattern[str] | _GluedWords,
    repl: Callable[[regex.Match[str]], str] | str,
) -> tuple[str, list[int]]:
    """Regex substitution that carries the offset map along.

    Same-length replacements map character to character; others map every new
    character to the match start (and the boundary after them to the match end).
    """
    out: list[str] = []
    new_map: list[int] = []
    last = 0
    for m in pattern.finditer(text):
        s, e = m.span()
        new = repl(m) if callable(repl) else m.expand(repl)
        out.append(text[last:s])
        new_map.extend(mapping[last:s])
        out.append(new)
        if len(new) == e - s:
            new_map.extend(mapping[s:e])
        else:
            new_map.extend([mapping[s]] * len(new))
            if not new:
                pass
        last = e
    if not out:
        return text, mapping
    out.append(text[last:])
    new_map.extend(mapping[last:])  # includes the final boundary entry
    return "".join(out), new_map


# a Word 97 file's signature (D0 CF 11 E0 A1 B1 1A E1) as a text decoder leaves it
OLE_SIGNATURES = ("\u00d0\u00cf\u0011\u00e0\u00a1\u00b1\u001a\u00e1", "\u0420\u041f\u0011\u0430\u040e\u00b1\u001a\u0431")
BINARY_RE = regex.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")
BINARY_SHARE = 0.05


def binary_content(text: str) -> str | None:
    """Why a text is not text (a Word 97 file's bytes read as a .txt, binary garbage), or None.
    Only the opening is looked at: a document's text never starts with control characters."""
    if any(sig in text for sig in OLE_SIGNATURES) or "\u00d0\u00cf\u0011\u00e0" in text[:8]:
        return "a Word 97 (.doc) file's bytes inside a text file: rename it .doc (LibreOffice reads it) and extract again"
    head = text[:4096]
    if len(head) >= 200 and len(BINARY_RE.findall(head)) > BINARY_SHARE * len(head):
        return "binary content, not text (control characters in its opening): not a document a text reader can read"
    return None


# What a group of rewrites needs to find anything, tested first: a text without it skips
# the passes, which would have matched nothing. A literal is looked for with `in`; a class of
# literal characters with the standard library's re, the same set in both engines, which
# scans a class in C where the regex module tries its pattern at every position (~10x).
# The five one-character rewrites share one probe: none of them writes a character another
# rewrites. (normalize: 0.33 -> ~0.2 ms a generated document)
_ONE_CHAR_REWRITES_PROBE = re.compile(
    "[\u00A0\u2000-\u200A\u202F\u205F\u3000"  # SPACE_VARIANTS_RE
    "\u200B-\u200D\u2060\uFEFF\u00AD"  # ZERO_WIDTH_RE
    f"{DASHES}"  # DASH_VARIANTS_RE
    "\u201E\u201F\u2033\u301D\u301E"  # QUOTE_VARIANTS_RE
    "\uF0B7\uF0A7\uF0D8\uF076\u25CF\u25AA\u2023\u2043]"  # PRIVATE_BULLET_RE
)
_MARK_PROBE = regex.compile(r"\p{M}")  # COMBINING_RUN_RE needs a combining mark


def normalize(source_text: str, pages: list[tuple[int, int]] | None = None) -> Text:
    """NFC, one form of spaces/dashes/quotes, modern tone placement, hard wraps joined.

    Raises NotADocument when the text is binary content (a .doc's bytes in a .txt): never a
    record with a title of garbage."""
    reason = binary_content(source_text)
    if reason:
        from pipeline.errors import NotADocument

        raise NotADocument("<text>", reason)
    text = source_text
    mapping = list(range(len(text) + 1))
    if "\r" in text:
        text, mapping = _sub(text, mapping, CRLF_RE, "\n")
    if _MARK_PROBE.search(text):
        text, mapping = _sub(
            text, mapping, COMBINING_RUN_RE, lambda m: unicodedata.normalize("NFC", m.group(0))
        )
    one_char = _ONE_CHAR_REWRITES_PROBE.search(text) is not None
    if one_char:
        text, mapping = _sub(text, mapping, ZERO_WIDTH_RE, "")
    if "<" in text:
        text, mapping = _sub(text, mapping, LITERAL_BR_RE, "\n")
    if "![" in text:
        text, mapping = _sub(text, mapping, MARKDOWN_IMAGE_RE, "")
    if one_char:
        text, mapping = _sub(text, mapping, SPACE_VARIANTS_RE, " ")
        text, mapping = _sub(text, mapping, DASH_VARIANTS_RE, "-")
        text, mapping = _sub(text, mapping, QUOTE_VARIANTS_RE, '"')
        text, mapping = _sub(text, mapping, PRIVATE_BULLET_RE, "•")
    if OLD_TONE_OA_PROBE.search(text):
        text, mapping = _sub(text, mapping, OLD_TONE_OA_RE, move_tone)
    if OLD_TONE_UY_PROBE.search(text):
        text, mapping = _sub(text, mapping, OLD_TONE_UY_RE, move_tone)
    if "?" in text and sum(1 for _ in zip(range(QMARK_MIN_HITS), QMARK_IN_WORD_RE.finditer(text))) >= QMARK_MIN_HITS:
        text = repair_question_marks(text)  # same length: the offset map stands
    glued = _GluedWords()
    text, mapping = _sub(text, mapping, glued, _unglue)
    warnings: list[str] = []
    suspects = glued.suspects
    if suspects:  # words that are no syllable: a tone mark on the wrong vowel, a font's letters
        moved = {w: r for w in suspects if (r := retoned(w))}
        if moved:
            text, tone_warning = repair_tone_places(text, moved)  # same length: the offset map stands
            if tone_warning:
                warnings.append(tone_warning)
        if len(suspects) - len(moved) >= LETTER_MAP_MIN_INVALID:  # (the search needs that many)
            text, letter_warning = repair_letter_mapping(text)  # same length: the offset map stands
            if letter_warning:
                warnings.append(letter_warning)
    text, mapping = _sub(text, mapping, HARD_WRAP_RE, lambda m: " ")
    if len(text) > ONE_LINE_MIN_CHARS and text.count("\n") * 400 < len(text):
        # a whole document on one line (or nearly): restore its line breaks
        text, mapping = _sub(text, mapping, _one_line_breaks_re(), "\n")
    return Text(text=text, source_text=source_text, to_source=mapping, pages=pages or [], warnings=warnings)

