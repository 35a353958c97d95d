"""Is this text Vietnamese? The share of its words that are valid written syllables.

A PDF's text layer can be present and wrong: a hidden OCR layer of garbage, mojibake from
a font without a Unicode map, English boilerplate over a scan. Vietnamese is written one
syllable per word, and the syllable has a small grammar (onset + rhyme + tone, with the
quốc ngữ spelling rules), kept as data in ``pipeline/data/syllables.json``; a text whose
words mostly fail it is not the document's text.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from pathlib import Path

from pydantic import BaseModel

DATA = Path(__file__).resolve().parent.parent / "data" / "syllables.json"


class SyllableGrammar(BaseModel):
    notes: str = ""
    onsets: list[str]
    rhymes: list[str]
    front_vowel_onsets: dict[str, str]
    front_vowels: list[str]
    needs_onset: list[str]
    no_onset_only: list[str]
    stop_codas: list[str]
    stop_tones: list[str]
    tones: list[str]


@functools.cache
def grammar() -> SyllableGrammar:
    return SyllableGrammar.model_validate(json.loads(DATA.read_text(encoding="utf-8")))


@functools.cache
def _tables() -> tuple[list[str], frozenset[str], frozenset[str]]:
    g = grammar()
    onsets = sorted(g.onsets, key=len, reverse=True)  # longest first: ngh before ng before n
    return onsets, frozenset(g.rhymes), frozenset(g.tones)


def _strip_tone(word: str) -> tuple[str, list[str]]:
    """The word without its tone mark (vowel marks ă â ê ô ơ ư kept) and the tone marks found."""
    _, _, tones = _tables()
    out: list[str] = []
    found: list[str] = []
    for ch in unicodedata.normalize("NFD", word):
        if ch in tones:
            found.append(ch)
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)), found


@functools.lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """A valid written Vietnamese syllable (case-insensitive): 'nghiệp', 'quyết', 'Ủy' yes;
    'iệp', 'Sá»Ÿ', 'the' no."""
    g = grammar()
    onsets, rhymes, _ = _tables()
    base, tones = _strip_tone(word.lower())
    if len(tones) > 1 or not base:
        return False
    for onset in onsets:
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset):]
        if onset == "gi" and rhyme and rhyme[0] in "iy":
            continue  # 'gì', 'giếng' are g + i…
        if onset == "q":
            if not rhyme.startswith("u") or rhyme == "u":
                continue
            if rhyme not in rhymes and rhyme[1:] not in rhymes:
                continue  # qua, quên, quyết: the u is the medial
        elif rhyme not in rhymes and not (onset == "gi" and rhyme == ""):
            continue
        if onset == "gi" and rhyme == "":
            rhyme = "i"
        first = rhyme[:1]
        if onset in g.front_vowel_onsets and first not in g.front_vowels:
            continue  # 'ka', 'ghô'
        if first in g.front_vowels and first != "y" and onset in g.front_vowel_onsets.values() and not (onset == "g" and first == "i"):
            continue  # 'ci', 'ge', 'nge'
        if not onset and any(rhyme.startswith(p) for p in g.needs_onset):
            continue  # 'iệp' (a lost capital), written 'yệp' when it has no onset
        if onset and onset != "q" and any(rhyme.startswith(p) for p in g.no_onset_only):
            continue
        coda_stop = any(rhyme.endswith(c) for c in g.stop_codas) and not rhyme.endswith(("ng", "nh"))
        if coda_stop and tones and tones[0] not in g.stop_tones:
            continue
        if coda_stop and not tones:
            continue
        return True
    return False


VOWEL_MARKS = ("\u0302", "\u0306", "\u031b")  # circumflex, breve, horn: what OCR most often drops from capitals


def repair_word(word: str) -> str:
    """An OCR'd word that is not a syllable, put right when adding one vowel mark makes it
    one, and only one way ('QUYÉT' → 'QUYẾT'); anything else is returned as it was."""
    core = word.strip(EDGE_PUNCT)
    if len(core) < 2 or not core.isalpha() or is_syllable(core):
        return word
    letters = list(unicodedata.normalize("NFD", core))
    found: set[str] = set()
    for i, ch in enumerate(letters):
        if ch.lower() not in "aeiouy":
            continue
        rest = letters[i + 1:]
        if rest and rest[0] in VOWEL_MARKS:
            continue
        for mark in VOWEL_MARKS:
            cand = unicodedata.normalize("NFC", "".join(letters[:i + 1] + [mark] + rest))
            if is_syllable(cand):
                found.add(cand)
    if len(found) != 1:
        return word
    return word.replace(core, found.pop())


EDGE_PUNCT = "\"'“”‘’()[]{}.,;:!?…-–—/*•"


def vietnamese_share(text: str, min_words: int = 8) -> float | None:
    """Share of the words of text (split at spaces) that are Vietnamese syllables (None: too
    few words). A word with a non-letter inside ('Sá»Ÿ') is not one; words with digits,
    one-letter words and words in capitals of up to 6 letters that are not syllables
    (UBND, HĐND, TTHC: abbreviations) are not counted either way."""
    counted = 0
    valid = 0
    for raw in text.split():
        w = raw.strip(EDGE_PUNCT)
        if len(w) < 2 or any(c.isdigit() for c in w):
            continue
        ok = w.isalpha() and is_syllable(w)
        if not ok and w.isalpha() and w.isupper() and len(w) <= 6:
            continue
        counted += 1
        valid += ok
    if counted < min_words:
        return None
    return valid / counted
