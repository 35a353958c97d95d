"""A printed line cut by a seal's ring, read from the ink the ring leaves visible.

The ring of a black seal crosses the top half of the first words of the signer's name
('Phạm Th…' under the ring, 'Thanh Trà' clear of it): painted out or not, the letters under
it are lost and Tesseract reads junk ('_RRgfThị'). What is left is evidence all the same:
the words clear of the ring give the print's size, baseline and font (the format's Times New
Roman, bold for the signer's name and the signature block's capitals; drawn here with
Liberation Serif Bold, whose metrics are Times New Roman's, shipped in pipeline/data/fonts),
so a candidate word can be drawn where the lost one is and its ink compared with the page's
outside the ring's mask. Candidates come from closed lists where the format has them (a
position line: pipeline/data issuers positions; a surname: names.json) and otherwise from the
valid written syllables (pipeline/data/syllables.json); a word is taken only when its match
is decisive (clearly better than every other candidate whose visible ink differs), and the
confidence it is given says how decisive.
"""

from __future__ import annotations

import functools
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TypeVar

import numpy as np

T = TypeVar("T")
FONT = Path(__file__).resolve().parent.parent / "data" / "fonts" / "LiberationSerif-Bold.ttf"

MIN_MATCH = 0.72  # a candidate's agreement with the visible ink (F-measure, 1 px tolerance) must reach this …
WIDTH_TOLERANCE = 0.07  # a candidate drawn at the line's size has a foot this close to the slot's width (its size is fitted to a few words)
WORD_GAP_EM = 0.12  # a blank run this wide at a line's foot (in ems) parts two pieces of ink (letters, or words)
SPECK_EM = 0.08  # a piece of ink narrower than this is a speck
FAR_GAP_EM = 1.2  # ink further than this left of the name is not the name's (a seal's star, a stroke)
KNOWN_MIN_FIT = 0.45  # the words clear of the ring must match their drawing this well for the line to be read


@functools.cache
def _font(size: int) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT), size)


def available() -> bool:
    return FONT.is_file()


_RENDER_LOCK = threading.Lock()  # pages are OCR'd in threads; one FreeType face is not to be drawn with twice at once


@functools.lru_cache(maxsize=8192)
def render(text: str, size: int) -> tuple[np.ndarray, int]:
    """(ink, baseline row) of text drawn at size px; the ink starts at column 0 (not to be written to: cached)."""
    from PIL import Image, ImageDraw

    with _RENDER_LOCK:
        f = _font(size)
        left, top, right, bottom = f.getbbox(text, anchor="ls")
        im = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
        ImageDraw.Draw(im).text((-left, -top), text, font=f, fill=255, anchor="ls")
    return np.asarray(im) > 127, -top


def _dilate(a: np.ndarray) -> np.ndarray:
    out = a.copy()
    out[1:] |= a[:-1]
    out[:-1] |= a[1:]
    out2 = out.copy()
    out2[:, 1:] |= out[:, :-1]
    out2[:, :-1] |= out[:, 1:]
    return out2


def _paste(shape: tuple[int, int], glyphs: np.ndarray, x: int, y: int) -> np.ndarray:
    """glyphs placed with their top left at (x, y) on an empty canvas of shape (clipped)."""
    canvas = np.zeros(shape, dtype=bool)
    h, w = glyphs.shape
    y0, x0 = max(0, y), max(0, x)
    y1, x1 = min(shape[0], y + h), min(shape[1], x + w)
    if y1 > y0 and x1 > x0:
        canvas[y0:y1, x0:x1] = glyphs[y0 - y:y1 - y, x0 - x:x1 - x]
    return canvas


def agreement(ink: np.ndarray, drawn: np.ndarray, visible: np.ndarray, body: slice | None = None) -> float:
    """F-measure of drawn ink against the page's, over the visible pixels, with 1 px of slack;
    the page's ink is asked to be drawn only in the rows of ``body`` (the letters' bodies: a
    seal's lettering just over a name's capitals is no part of it)."""
    i, d = ink & visible, drawn & visible
    if body is not None:
        i = i.copy()
        i[: body.start] = False
        i[body.stop:] = False
    if not d.any() or not i.any():
        return 0.0
    p = float((d & _dilate(i)).sum()) / float(d.sum())
    r = float((i & _dilate(d)).sum()) / float(i.sum())
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class LineFit:
    """Where the print of a line sits in a crop: its font size and baseline (px)."""

    size: int
    baseline: int
    fit: float


def fit_line(ink: np.ndarray, mask: np.ndarray, known: str, x0: int, x1: int) -> LineFit | None:
    """The size and baseline at which ``known`` (the words read clear of the ring, whose ink
    spans columns x0…x1 of the crop) matches the crop's ink best, or None when it does not."""
    w100 = render(known, 100)[0].shape[1]
    if w100 == 0 or x1 <= x0:
        return None
    s0 = 100.0 * (x1 - x0) / w100
    visible = ~mask
    best: LineFit | None = None
    for scale in (0.97, 0.985, 1.0, 1.015, 1.03):
        size = int(round(s0 * scale))
        if size < 8:
            continue
        glyphs, base = render(known, size)
        for y in range(-glyphs.shape[0] // 2, ink.shape[0] - glyphs.shape[0] // 2, 1):
            drawn = _paste(ink.shape, glyphs, x0, y)
            cols = slice(max(0, x0 - 2), min(ink.shape[1], x1 + 3))
            score = agreement(ink[:, cols], drawn[:, cols], visible[:, cols])
            if best is None or score > best.fit:
                best = LineFit(size=size, baseline=y + base, fit=score)
    return best if best is not None and best.fit >= KNOWN_MIN_FIT else None


def _foot(fit_size: int, baseline: int, height: int) -> slice:
    """The rows of a line's foot: the lower third of its small letters, down to the baseline."""
    return slice(max(0, int(baseline - 0.3 * fit_size)), min(height, baseline + 1))


def word_slots(ink: np.ndarray, mask: np.ndarray, fit: LineFit, right: int) -> list[tuple[int, int]]:
    """Column spans (a, b) of the pieces of ink (letters, groups of letters, words) left of
    column ``right``, left to right, parted by blank runs at the foot of the line (a ring
    crosses the letters' tops, their feet mostly show; where it crosses the feet, the letters'
    middles show): a column is blank when it shows no ink there and is mostly outside the
    ring's mask. Which gaps are spaces between words is decided later (:func:`_segmentations`).
    Ink further than FAR_GAP_EM from the name is not the name's; specks are no pieces."""
    s = fit.size
    foot = _foot(s, fit.baseline, ink.shape[0])
    mid = slice(max(0, int(fit.baseline - 0.45 * s)), foot.start)  # the small letters' middle, over the foot
    foot_hidden = mask[foot].mean(axis=0) > 0.5
    inked = (ink[foot] & ~mask[foot]).any(axis=0) | (foot_hidden & (ink[mid] & ~mask[mid]).any(axis=0))
    hidden = foot_hidden & (mask[mid].mean(axis=0) > 0.5)
    gap, far = max(2, int(WORD_GAP_EM * s)), int(FAR_GAP_EM * s)
    spans: list[list[int]] = []
    blank = run = 0  # columns without ink since the last ink: blank ones, and all (blank or under the ring)
    for x in range(right - 1, -1, -1):
        if not inked[x]:
            run += 1
            blank += not hidden[x]
            if blank > far:
                break
            continue
        if spans and run <= gap:
            spans[-1][0] = x
        elif spans or right - x <= far:
            spans.append([x, x])
        else:
            break
        blank = run = 0
    return [(a, b) for a, b in reversed(spans) if b - a >= SPECK_EM * s]


def _foot_extent(glyphs: np.ndarray, base: int, size: int) -> tuple[int, int] | None:
    cols = np.nonzero(glyphs[_foot(size, base, glyphs.shape[0])].any(axis=0))[0]
    return (int(cols[0]), int(cols[-1])) if len(cols) else None


TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
MARKED_VOWELS = "ăâêôơư"


def _place_tone(base: str, onset: str, tone: str) -> str:
    """base (onset + rhyme, no tone) with the tone on the vowel the modern convention puts it."""
    rhyme = base[len(onset):]
    start = len(onset)
    if onset == "q" and rhyme.startswith("u"):
        start += 1
        rhyme = rhyme[1:]
    vowels = [i for i, c in enumerate(rhyme) if c in "aăâeêioôơuưy"]
    if not vowels:
        vowels = [0] if rhyme else []
    if not vowels:
        return base + tone if onset == "gi" and not rhyme else base
    cluster = [i for i in vowels if i <= vowels[0] + 2 and all(j in vowels for j in range(vowels[0], i + 1))]
    marked = [i for i in cluster if rhyme[i] in MARKED_VOWELS]
    end_consonant = cluster[-1] + 1 < len(rhyme)
    if marked:
        i = marked[-1]
    elif len(cluster) == 1 or end_consonant:
        i = cluster[-1]
    elif rhyme[cluster[0]:cluster[-1] + 1] in ("oa", "oe", "uy"):
        i = cluster[1]
    elif len(cluster) == 3:
        i = cluster[1]
    else:
        i = cluster[0]
    pos = start + i + 1
    return unicodedata.normalize("NFC", base[:pos] + tone + base[pos:])


@functools.cache
def syllables() -> tuple[str, ...]:
    """Every valid written Vietnamese syllable, capitalised as a name's word ('Thị', 'Mạnh')."""
    from pipeline.ingest.syllables import grammar, is_syllable

    g = grammar()
    out: set[str] = set()
    for onset in ["", *g.onsets]:
        for rhyme in [*g.rhymes, ""]:
            base = onset + rhyme
            if not base:
                continue
            for tone in TONES:
                word = _place_tone(base, onset, tone)
                if is_syllable(word):
                    out.add(word[:1].upper() + word[1:])
    return tuple(sorted(out))


HIDDEN_MARKS = "\u0300\u0301\u0309\u0303\u0302\u0306"  # marks over a letter, where a ring crosses: grouped first


def shape_key(word: str) -> str:
    """The word without the marks that sit over its letters (tones but the dot below,
    circumflex, breve): words that differ only there are one shape in a first pass."""
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", word) if c not in HIDDEN_MARKS))


@functools.cache
def _groups(words: tuple[str, ...]) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]], np.ndarray]:
    """(one word of each shape, that word → the words of its shape, each one's foot width at
    100 px). A shape is the words alike but for the marks over their letters, whose feet are as
    wide (a precomposed 'ũ' is not always drawn with the foot of 'u')."""
    by: dict[tuple[str, int], list[str]] = {}
    for w in words:
        by.setdefault((shape_key(w), int(round(_foot_width(w)))), []).append(w)
    groups = sorted(by.values(), key=lambda ws: ws[0])
    shapes = tuple(ws[0] for ws in groups)
    widths = np.array([_foot_width(w) for w in shapes], dtype=float)
    return shapes, {ws[0]: tuple(ws) for ws in groups}, widths


@functools.cache
def _char_foot(ch: str) -> tuple[float, float] | None:
    """Where a letter's foot starts and ends from its origin, at 100 px."""
    glyphs, base = render(ch, 100)
    ext = _foot_extent(glyphs, base, 100)
    if ext is None:
        return None
    left = _font(100).getbbox(ch, anchor="ls")[0]
    return ext[0] + left, ext[1] + left


def _foot_width(word: str) -> float:
    """The width of a word's foot at 100 px, from its letters' (without drawing the word)."""
    f = _font(100)
    first, last = _char_foot(word[0]), _char_foot(word[-1])
    start = first[0] if first else 0.0
    end = f.getlength(word[:-1]) + (last[1] if last else f.getlength(word[-1]))
    return max(1.0, end - start)


@dataclass
class WordRead:
    """A word read from the ink a ring left: the word, its agreement with the ink, the share
    of the pixels where it and its closest rival differ that side with it, the rival, and
    whether a closed list (the surnames) supplied it."""

    text: str
    match: float
    vote: float
    runner_up: str | None
    listed: bool
    slack: float = 0.0  # how far the weakest vote is over what it needed

    @property
    def decisive(self) -> bool:
        return self.match >= MIN_MATCH and self.slack >= 0

    def confidence(self, closed_list: bool = False) -> float:
        """0-100 like Tesseract's: how clearly the ink sides with this word; a quarter less for a
        word off the closed list its place has (a surname no one is known by)."""
        return round(min(99.0, 100 * self.match * self.vote * (0.75 if closed_list and not self.listed else 1.0)), 1)


BODY_EM = 0.72  # a capital's height (0.66 em in Times) and a little: the rows a word's ink is looked for in
MIN_VOTE = 0.75  # … and at least this share of the pixels where it and a close rival differ must side with it
MIN_VOTE_LISTED = 0.4  # … or, for a known surname against a syllable that is none, this share (unless the ink clearly sides with it)
LISTED_CLOSE = 0.03  # a known surname this close in agreement to a best drawing that is none is weighed in its place
MIN_DIFF_PX_AT_60 = 8  # two drawings that differ on fewer visible pixels than this (at 60 px) are one to the ink
FEW_DIFF = 4  # … and on fewer than this many times that, …
FEW_DIFF_VOTE = 0.05  # … need this much more of a vote
SUPERSET = 0.25  # a rival whose own pixels are this small a share of mine is my drawing less a stroke
RIVALS = 12  # the best this many by agreement are weighed pixel by pixel
EXPAND = 6  # the best this many shapes of a first pass are tried with every mark


SLOT_DY_PX_AT_60 = 2  # a slot's baseline is looked for this far (at 60 px) above and below the line's


def _draw(word: str, fit: LineFit, span: tuple[int, int], shape: tuple[int, int], dy: int = 0) -> np.ndarray | None:
    """word drawn at the line's size on its baseline (moved by dy), stretched so that its foot spans the slot's."""
    a, b = span
    width = b - a + 1
    glyphs, base = render(word, fit.size)
    ext = _foot_extent(glyphs, base, fit.size)
    if ext is None:
        return None
    fw = ext[1] - ext[0] + 1
    if abs(fw - width) > WIDTH_TOLERANCE * width:
        return None
    k = width / fw
    idx = np.minimum((np.arange(max(1, int(round(glyphs.shape[1] * k)))) / k).astype(np.int64), glyphs.shape[1] - 1)
    return _paste(shape, glyphs[:, idx], a - int(round(ext[0] * k)), fit.baseline + dy - base)


def read_slot(ink: np.ndarray, mask: np.ndarray, fit: LineFit, span: tuple[int, int],
              candidates: tuple[str, ...], listed: frozenset[str] = frozenset(),
              bounds: tuple[int, int] | None = None) -> WordRead | None:
    """The candidate word whose drawing, stretched so that its foot spans the slot's, agrees
    best with the visible ink between ``bounds`` (the neighbouring words' ends), weighed
    against its closest rivals on the pixels where they differ."""
    a, b = span
    s = fit.size
    width = b - a + 1
    rows = slice(max(0, int(fit.baseline - 1.0 * s)), min(ink.shape[0], int(fit.baseline + 0.3 * s)))
    body = slice(max(0, int(fit.baseline - BODY_EM * s)) - rows.start, rows.stop - rows.start)
    lo, hi = bounds if bounds is not None else (a - int(0.4 * s), b + int(0.4 * s))
    cols = slice(max(0, lo), min(ink.shape[1], hi + 1))
    sub_ink, visible = ink[rows, cols], ~mask[rows, cols]
    shape = ink.shape

    def score(words: Any, dy: int = 0) -> list[tuple[float, str, np.ndarray]]:
        out = []
        for c in words:
            drawn = _draw(c, fit, span, shape, dy)
            if drawn is not None:
                d = drawn[rows, cols]
                out.append((agreement(sub_ink, d, visible, body), c, d & visible))
        out.sort(key=lambda t: -t[0])
        return out

    shapes, members, widths = _groups(candidates)
    widths = widths * s / 100.0
    pool = [c for c, w in zip(shapes, widths) if abs(w - width) <= (WIDTH_TOLERANCE + 0.02) * width]
    first = score(pool)
    if not first and not listed:
        return None
    # the best shapes with every mark, and every known word (a surname) of the width: a close
    # listed rival must be weighed, not cut in the first pass
    again = {w for _, shp, _ in first[:EXPAND] for w in members[shp]}
    again |= {w for w in listed if abs(_foot_width(w) * s / 100.0 - width) <= (WIDTH_TOLERANCE + 0.02) * width}
    # the slot's own baseline: the line's is fitted to the words read, an em or more away, and a
    # scan a tenth of a degree askew or a line not quite straight puts this word a pixel or two off
    # it; the offset at which the first pass's best shapes agree best (on average: no one word's) is taken
    reach = max(1, int(round(SLOT_DY_PX_AT_60 * s / 60.0)))
    top = [shp for _, shp, _ in first[:3]]
    dy = 0
    if top:
        dy = max(range(-reach, reach + 1), key=lambda d: (sum(t[0] for t in score(top, d)) - 1e-6 * abs(d)))
    return _choose(score(sorted(again), dy), sub_ink, visible, s, listed)


def _choose(scored: list[tuple[float, str, np.ndarray]], sub_ink: np.ndarray, visible: np.ndarray, size: int,
            listed: frozenset[str]) -> WordRead | None:
    """The best of the scored drawings (agreement, word, its visible ink), best first, weighed
    pixel by pixel against its closest rivals: the share of the pixels where two drawings
    differ that the page's ink sides with."""
    if not scored:
        return None
    best_score, word, seen = scored[0]
    ink_near = _dilate(sub_ink)
    min_diff = MIN_DIFF_PX_AT_60 * (size / 60.0) ** 2

    def differ(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return a & ~_dilate(b), b & ~_dilate(a)

    # the words the ink cannot tell from the best (they differ only under the ring: 'Văn', 'Vàn')
    tied = [(c, other) for _, c, other in scored[1:RIVALS] + [t for t in scored[RIVALS:] if t[1] in listed]
            if sum(float(x.sum()) for x in differ(seen, other)) < min_diff]
    if tied:
        known = [(c, d) for c, d in [(word, seen), *tied] if c in listed]
        if len(known) != 1:  # no closed list to choose by: the word is not read
            return WordRead(text=word, match=round(best_score, 3), vote=0.5, runner_up=tied[0][0], listed=word in listed,
                            slack=-1.0)
        word, seen = known[0]
    weighed = scored[:RIVALS] + [t for t in scored[RIVALS:] if t[1] in listed]  # a known word is always a rival

    def weigh(word: str, seen: np.ndarray, skip: set[str]) -> tuple[float, float, str | None]:
        """(vote, slack, rival): the weakest share of differing pixels that sides with word against a rival."""
        vote, slack, rival = 1.0, 1.0, None
        for _, c, other in weighed:
            if c == word or c in skip:
                continue
            mine, theirs = differ(seen, other)
            n = float(mine.sum() + theirs.sum())
            if n < min_diff:
                continue
            support = ink_near
            if theirs.sum() <= SUPERSET * mine.sum():
                # the rival is my drawing less a stroke ('Vũ' in 'Vữ'): the stroke is evidence only where
                # it explains ink the rival leaves unexplained (a horn over the ink of the tilde both have is none)
                support = _dilate(sub_ink & ~_dilate(other))
            v = float((mine & support).sum() + (theirs & ~ink_near & visible).sum()) / n
            # a known surname is far likelier than a syllable no one is named: it stands unless the ink
            # clearly sides with one
            need = MIN_VOTE_LISTED if word in listed and c not in listed else MIN_VOTE
            if n < FEW_DIFF * min_diff:
                need += FEW_DIFF_VOTE  # a few pixels (a dot under a vowel) decide only when they agree nearly all
            if v - need < slack:
                vote, slack, rival = v, v - need, c
        return vote, slack, rival

    skip = {t for t, _ in tied}
    vote, slack, rival = weigh(word, seen, skip)
    if listed and word not in listed:
        # the best drawing is no known surname: a known one close behind it, that the ink does not
        # clearly reject, is the word; one the ink does reject still leaves the slot in doubt (a
        # vowel half under the ring, 'Phạm' drawn as 'Phụm'): a surname no list knows is read only
        # when no known one comes close
        for sc, c, other in weighed:
            if c in listed and sc >= best_score - LISTED_CLOSE:
                v2, s2, r2 = weigh(c, other, skip)
                if s2 >= 0:
                    return WordRead(text=c, match=round(sc, 3), vote=round(v2, 3), runner_up=r2, listed=True,
                                    slack=round(s2, 3))
                slack = min(slack, -abs(s2) - 1e-3)
                rival = c
    return WordRead(text=word, match=round(best_score, 3), vote=round(vote, 3), runner_up=rival, listed=word in listed,
                    slack=round(slack, 3))


def read_phrase(ink: np.ndarray, mask: np.ndarray, fit: LineFit, known: str, kx0: int, kx1: int,
                prefixes: list[str], axis: float | None = None,
                stretches: tuple[float, ...] = (0.98, 1.0, 1.02)) -> tuple[WordRead, int] | None:
    """(the reading, its left column) of the text before ``known`` (read at columns kx0…kx1):
    each candidate line (prefix + known) is drawn at the line's size with its right end on
    the known words' and compared, left of them, with the visible ink. A prefix that ends
    inside a word ('PHÓ TR' + 'ƯỞNG BAN') is drawn without a space. With ``axis`` (the column
    the block's other lines are centred on: the format centres them), a candidate whose line
    would not be centred there is no candidate."""
    s = fit.size
    rows = slice(max(0, int(fit.baseline - 1.0 * s)), min(ink.shape[0], int(fit.baseline + 0.3 * s)))
    body = slice(max(0, int(fit.baseline - BODY_EM * s)) - rows.start, rows.stop - rows.start)
    placed = []
    for p in prefixes:
        glyphs, base = render(p + known, s)
        for stretch in stretches:  # the print's spacing is not the font's to the pixel: a little give
            w = max(1, int(round(glyphs.shape[1] * stretch)))
            idx = np.minimum((np.arange(w) / stretch).astype(np.int64), glyphs.shape[1] - 1)
            placed.append((p.rstrip(), glyphs[:, idx], base, kx1 + 1 - w))
    if not placed:
        return None
    shift = int(PHRASE_SHIFT_EM * s)
    lo = max(0, min(x for *_, x in placed) - shift - int(0.15 * s))
    cols = slice(lo, kx0)
    sub_ink, visible = ink[rows, cols], ~mask[rows, cols]
    best: dict[str, tuple[float, str, np.ndarray, int]] = {}
    for p, glyphs, base, x in placed:
        for dx in range(-shift, shift + 1, 2):
            d = _paste(ink.shape, glyphs, x + dx, fit.baseline - base)[rows, cols]
            a = agreement(sub_ink, d, visible, body)
            if p not in best or a > best[p][0]:
                best[p] = (a, p, d & visible, x + dx)
    if axis is not None:
        best = {p: v for p, v in best.items() if abs((v[3] + kx1) / 2 - axis) <= AXIS_TOLERANCE_EM * s}
    scored = sorted(((a, p, d) for a, p, d, _ in best.values()), key=lambda t: -t[0])
    r = _choose(scored, sub_ink, visible, s, frozenset())
    if r is None:
        return None
    return r, best[r.text][3]


WHOLE_STRETCH = tuple(round(1 + d / 100, 2) for d in range(-6, 7))  # a size fitted to one short word may be a few % off
PHRASE_SHIFT_EM = 0.1
AXIS_TOLERANCE_EM = 0.5  # a signature block's lines are centred on one axis, to this much

MAX_HIDDEN_WORDS = 3


@functools.cache
def _name_words() -> tuple[str, ...]:
    """What a word of a name can be: a written syllable, or a known surname."""
    return tuple(sorted(set(syllables()) | _surnames()))


def _segmentations(pieces: list[tuple[int, int]], most: int) -> list[list[tuple[int, int]]]:
    """Ways to group the inked pieces left of the known words into 1…most words: the word
    breaks at the widest gaps between pieces (a space is wider than the gaps inside a word,
    though not always by much: a P's bowl or a T's bar leaves a gap at the foot nearly as wide)."""
    gaps = sorted(range(1, len(pieces)), key=lambda i: -(pieces[i][0] - pieces[i - 1][1]))
    out = []
    for n in range(1, min(most, len(pieces)) + 1):
        cuts = sorted(gaps[: n - 1])
        bounds = [0, *cuts, len(pieces)]
        out.append([(pieces[a][0], pieces[b - 1][1]) for a, b in zip(bounds, bounds[1:])])
    return out


def _read_name(ink: np.ndarray, mask: np.ndarray, fit: LineFit, pieces: list[tuple[int, int]], known: str,
               kx0: int, kx1: int, n_known: int) -> Completion | None:
    """The hidden words of a name (left of its n_known words read by OCR, ``known``): each way of
    grouping the inked pieces into words is read word by word (the first, the surname, against
    the syllables and the known surnames; the others against the syllables), then drawn whole,
    with the font's own spacing, against the line's ink: the name is taken when the grouping
    whose whole drawing agrees best reads decisively word by word, and agrees clearly better
    than any other (a letter split off a word, 'V' + 'ăn', reads as words one by one, but not
    spaced as printed)."""
    cache: dict[tuple[tuple[int, int], bool, tuple[int, int]], WordRead | None] = {}
    tried: list[tuple[float, list[tuple[int, int]], list[WordRead]]] = []
    for slots in _segmentations(pieces, MAX_HIDDEN_WORDS):
        if not 2 <= len(slots) + n_known <= 5:
            continue
        reads: list[WordRead] = []
        for i, span in enumerate(slots):
            lo = slots[i - 1][1] + 1 if i else max(0, span[0] - int(0.6 * fit.size))
            hi = slots[i + 1][0] - 1 if i + 1 < len(slots) else kx0 - 1
            key = (span, i == 0, (lo, hi))
            if key not in cache:
                cache[key] = read_slot(ink, mask, fit, span, _name_words(), _surnames() if i == 0 else frozenset(), (lo, hi))
            r = cache[key]
            if r is None:
                break
            reads.append(r)
        else:
            whole = read_phrase(ink, mask, fit, known, kx0, kx1, [" ".join(r.text for r in reads) + " "],
                                stretches=WHOLE_STRETCH)
            tried.append((whole[0].match if whole else 0.0, slots, reads))
    if not tried:
        return Completion([], "a name's words under the seal's ring not read: no word fits")
    tried.sort(key=lambda t: -t[0])
    best, slots, reads = tried[0]
    weak = [r for r in reads if not r.decisive]
    if weak or best < MIN_WHOLE or (len(tried) > 1 and best - tried[1][0] < WHOLE_MARGIN):
        why = (f"{weak[0].text} (agreement {weak[0].match}, vote {weak[0].vote} against {weak[0].runner_up})" if weak else
               f"{' '.join(r.text for r in reads)} drawn whole agrees {best:.3f}"
               + (f", {' '.join(r.text for r in tried[1][2])} {tried[1][0]:.3f}" if len(tried) > 1 else ""))
        return Completion([], f"a name's words under the seal's ring not read: {why}")
    out = [(r.text, span[0], span[1], r.confidence(closed_list=i == 0)) for i, (r, span) in enumerate(zip(reads, slots))]
    name = " ".join(r.text for r in reads)
    # inferred, not read: every such name says so (the guide's provenance rule), a surname no list
    # knows louder (its confidence is lowered too)
    warning = (f"the signer's name: '{name}', under the seal's ring, was read from the ink the ring leaves "
               "(matched against drawn candidates)"
               + (f", and '{reads[0].text}' is not a known surname" if not reads[0].listed else "") + ": check it")
    return Completion(out, f"name under the seal's ring read from its visible ink: {name} "
                           f"(votes {', '.join(str(r.vote) for r in reads)}; drawn whole {best:.3f})", warning)


MIN_WHOLE = 0.85  # the name drawn whole (hidden words and those read) agrees with the line's ink this well
WHOLE_MARGIN = 0.02  # the grouping taken agrees, drawn whole, this much better than the next


AUTHORITY_PREFIXES = ("KT.", "TM.", "TL.", "TUQ.", "Q.")  # reference/format-rules.md: quyền hạn người ký


@functools.cache
def _position_lines() -> tuple[str, ...]:
    """The lines a signature block's capitals can be, from the closed lists: a position
    ('PHÓ THỦ TƯỚNG') alone or after an authority prefix ('KT. THỦ TƯỚNG')."""
    from pipeline import vocab

    positions = [p.upper() for p in vocab.issuers().positions]
    return tuple(sorted({*positions, *(f"{a} {p}" for a in AUTHORITY_PREFIXES for p in positions)}))


@functools.cache
def _surnames() -> frozenset[str]:
    """The known surnames of one syllable (a slot is one word; 'Rah Lan' would have no rival of its width)."""
    from pipeline import vocab

    return frozenset(s for s in vocab.names().surnames if " " not in s)


@dataclass
class Completion:
    """Words read from the ink a ring left on one line: (text, x0, x1 in the crop, confidence) each, and what was done."""

    words: list[tuple[str, int, int, float]]
    note: str
    warning: str | None = None
    joins: bool = False  # the last word read runs on into the first word Tesseract read ('TR' + 'ƯỞNG')


def _is_known(text: str, conf: float | None) -> bool:
    from pipeline.ingest.syllables import EDGE_PUNCT, is_syllable

    core = text.strip(EDGE_PUNCT)
    return (conf or 0) >= KNOWN_CONF and core.isalpha() and is_syllable(core)


KNOWN_CONF = 80.0  # a word Tesseract reads this confidently, and a syllable, is taken as read
TRAILING_JUNK_CONF = 60.0  # a word right of the line's last word read this unsurely (and no syllable) is ink, not text
JUNK_CONF = 35.0  # below this a word is a seal's or a signature's ink (pipeline.ingest.pdf's JUNK_CONFIDENCE)


def read_once(items: list[T], span: Callable[[T], tuple[float, float]], conf: Callable[[T], float | None]) -> list[T]:
    """The items left to right, each place read once: Tesseract reading one line alone sometimes
    gives a word twice over the same ink ('Thanh' and 'thanh', 'Trà' and 'l1ra'); of two words
    that overlap over half the narrower one's width, the surer is kept."""
    out: list[T] = []
    for it in sorted(items, key=lambda it: -(conf(it) or 0.0)):
        a0, a1 = span(it)
        if all(min(a1, b1) - max(a0, b0) <= 0.5 * min(a1 - a0, b1 - b0) for b0, b1 in map(span, out)):
            out.append(it)
    return sorted(out, key=lambda it: span(it)[0])


def complete_line(ink: np.ndarray, mask: np.ndarray, words: list[tuple[str, int, int, float | None]],
                  axis: float | None = None, after_kt: bool = False) -> Completion | None:
    """The words of a signature block's line that a ring hides, read from the visible ink.

    ``words`` are the line's OCR words (text, x0, x1 in the crop's pixels, confidence), left
    to right. The words read well at the line's right end (clear of the seal) fix the print's
    size and baseline; left of them, where the ring crosses, a name's words are read one slot
    at a time against the written syllables (the first, the surname, preferring the known
    surnames when the ink cannot tell), a line in capitals as a whole against the positions
    the format allows, centred on ``axis`` when it is known; under a 'KT.' line (ký thay: a
    deputy signs, with their own title next) without an authority prefix of its own. None
    when nothing is hidden, or nothing is decisive."""
    if not available() or not words:
        return None
    words = read_once(words, lambda w: (w[1], w[2]), lambda w: w[3])
    while words and not _is_known(words[-1][0], words[-1][3]) and (
            (words[-1][3] or 0) < TRAILING_JUNK_CONF or not any(ch.isalpha() for ch in words[-1][0])):
        words.pop()  # a signature's stroke or a speck right of the line, read as '4' or '|'
    known: list[tuple[str, int, int, float | None]] = []
    for w in reversed(words):
        if not _is_known(w[0], w[3]):
            break
        known.insert(0, w)
    # a line is in capitals or a name's title case all through (the format's): a word of another
    # case left of the last ones read is a letter the ring cut read wrong ('văn' for 'Văn'), so hidden
    def is_caps(t: str) -> bool:
        return t.isupper()

    def is_title(t: str) -> bool:
        return t[:1].isupper() and t[1:].islower()

    if known:
        case = is_caps if is_caps(known[-1][0]) else is_title
        while known and not case(known[0][0]):
            known.pop(0)
    # a name's word the ring cuts is no word read, however sure Tesseract is ('Phí' for a cut
    # 'Thị'; a name's words are open, unlike a capitals line's, read against closed lists with
    # the cut word in them): the ring crosses the rows of the line's print (those of the last
    # word's ink) in its columns
    if known and is_title(known[-1][0]):
        lx0, lx1 = known[-1][1], known[-1][2]
        rows = np.nonzero((ink[:, lx0:lx1 + 1] & ~mask[:, lx0:lx1 + 1]).any(axis=1))[0]
        if len(rows):
            band = mask[rows[0]:rows[-1] + 1]
            while known and band[:, known[0][1]:known[0][2] + 1].any():
                known.pop(0)
    if not known or len(known) == len(words):
        return None
    caps = all(is_caps(w[0]) for w in known)
    title = all(is_title(w[0]) for w in known)
    if not (caps or title):
        return None
    kx0, kx1 = known[0][1], known[-1][2]
    if not mask[:, :kx0].any():
        return None  # no ring left of the words read: nothing hidden there
    text = " ".join(w[0] for w in known)
    fit = fit_line(ink, mask, text, kx0, kx1)
    if fit is None:
        return None
    slots = word_slots(ink, mask, fit, kx0 - 1)
    if not slots:
        return None
    if title:
        return _read_name(ink, mask, fit, slots, text, kx0, kx1, len(known))
    lines = [c for c in _position_lines() if not (after_kt and c.split()[0] in AUTHORITY_PREFIXES)]
    prefixes = sorted({c[: len(c) - len(text)] for c in lines if c.endswith(text) and len(c) > len(text)})
    done = read_phrase(ink, mask, fit, text, kx0, kx1, [p for p in prefixes if p.strip()], axis)
    if done is None or not done[0].decisive:
        return None
    r, left = done
    joined = not any(p.rstrip() == r.text and p.endswith(" ") for p in prefixes)
    widths = [render(p, fit.size)[0].shape[1] for p in r.text.split()]
    out, x = [], left
    space = max(1, int(0.25 * fit.size))
    for p, wd in zip(r.text.split(), widths):
        out.append((p, x, x + wd - 1, r.confidence()))
        x += wd + space
    return Completion(out, f"line under the seal's ring read from its visible ink: {r.text}{'' if joined else ' '}{text} "
                           f"(vote {r.vote} against {r.runner_up})", joins=joined)
