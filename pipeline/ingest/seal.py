"""A round seal printed black over a scanned signature block: found, its rings taken out, the block read again.

A Vietnamese official letter is signed and sealed: the seal (round, 35-42 mm across, an outer
ring, often an inner one, the organ's name between them and the emblem inside) is stamped
over the left third of the signature, so its rings cross the authority line above and the
signer's name below. On a colour scan the seal is red and painted out
(:func:`pipeline.ingest.ocr.drop_colour_ink`); on a 1-bit or greyscale scan it is as black as
the print, and Tesseract reads 'Phạm Thị Thanh Trà' as 'Thanh Trà' with junk before it.

So, on a scanned page whose words show a signature block (a 'Nơi nhận' or an authority line):
the seal is found in the block's ink by a circle vote (numpy only: a coarse Hough vote on a
pooled image, then a fit of centre and radius to the ink at full resolution; a seal is a
thin band of ink at one radius all round, which text, rules and signatures are not); its
rings (the radii where ink runs all round) are painted white; the block is read again by
Tesseract, and its reading kept when it holds more good text than the page's
(:func:`pipeline.ingest.ocr_regions.reading_score`). A name still cut by a ring is read
from its visible ink by :mod:`pipeline.ingest.occluded`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from pipeline.ingest.layout import Word, group_lines

SEAL_DIAMETER_MM = (30.0, 48.0)  # Vietnamese seals are 35-42 mm across; room for a scan's scaling
POOL = 8  # the coarse vote runs on 8x8 blocks of pixels (37 dpi for a 300 dpi page)
VOTE_ANGLES = 72
MIN_VOTE = 0.8  # share of a coarse circle's cells that hold ink, for a candidate centre
MIN_RING_DENSITY = 0.7  # share of a thin annulus (±2 px) that is ink, at the fitted radius
MIN_RING_COVER = 0.95  # share of directions in which the annulus holds ink (a closed ring)
RING_PEAK = 0.58  # a radius where this share of the circle is ink, in a narrow band, is a ring
RING_EDGE = 0.45  # … and the band runs while the share stays above this
RING_MAX_WIDTH = 0.08  # a ring is at most this thick (share of the radius): the emblem's disc is not one
RING_MERGE_PX = 4  # two bands this close are one ring printed double
MASK_MARGIN_PX = 3  # a ring's band widened by this much (a scanned circle is not quite round)


@dataclass
class Seal:
    """A seal found on a page image: centre and outer radius in pixels, its rings' radius bands."""

    cx: float
    cy: float
    r: float
    rings: list[tuple[float, float]] = field(default_factory=list)
    density: float = 0.0
    # the outer ring's radius, direction by direction, less r: a0 + a1 cos t + b1 sin t + a2 cos 2t + b2 sin 2t
    # (a centre a few pixels off, a scan stretched a little: a stamped ring is not quite round)
    wobble: tuple[float, float, float, float, float] = (0.0, 0.0, 0.0, 0.0, 0.0)

    def offset(self, theta: np.ndarray) -> np.ndarray:
        a0, a1, b1, a2, b2 = self.wobble
        return a0 + a1 * np.cos(theta) + b1 * np.sin(theta) + a2 * np.cos(2 * theta) + b2 * np.sin(2 * theta)

    def mask(self, shape: tuple[int, int], box: tuple[int, int, int, int] | None = None) -> np.ndarray:
        """The pixels under the seal's rings (True), over the image or over box (x0, top, x1, bottom) of it."""
        x0, y0, x1, y1 = box if box is not None else (0, 0, shape[1], shape[0])
        yy, xx = np.mgrid[y0:y1, x0:x1]
        d = np.hypot(yy - self.cy, xx - self.cx)
        shift = self.offset(np.arctan2(yy - self.cy, xx - self.cx)) / self.r
        out = np.zeros((y1 - y0, x1 - x0), dtype=bool)
        for lo, hi in self.rings:
            dd = d - shift * (lo + hi) / 2
            out |= (dd >= lo - MASK_MARGIN_PX) & (dd <= hi + MASK_MARGIN_PX)
        return out


def _annulus(ink: np.ndarray, cy: float, cx: float, r: float, half: int, angles: int) -> np.ndarray:
    """Ink at radii r-half … r+half in ``angles`` directions: (2*half+1, angles) booleans, False off the image."""
    h, w = ink.shape
    a = np.linspace(0.0, 2 * np.pi, angles, endpoint=False)
    rr = r + np.arange(-half, half + 1)[:, None]
    ys = np.rint(cy + rr * np.sin(a)).astype(np.int64)
    xs = np.rint(cx + rr * np.cos(a)).astype(np.int64)
    ok = (ys >= 0) & (ys < h) & (xs >= 0) & (xs < w)
    out = np.zeros(ys.shape, dtype=bool)
    out[ok] = ink[ys[ok], xs[ok]]
    return out


def _candidates(ink: np.ndarray, rmin: float, rmax: float) -> list[tuple[float, float, float, float]]:
    """(vote, cy, cx, r) of the best circle centres on a pooled copy of the ink, best first:
    each ink cell votes for the centres it would lie on a circle around."""
    h, w = ink.shape[0] // POOL, ink.shape[1] // POOL
    if h < 4 or w < 4:
        return []
    small = ink[: h * POOL, : w * POOL].reshape(h, POOL, w, POOL).any(axis=(1, 3))
    ys, xs = np.nonzero(small)
    if len(ys) == 0:
        return []
    a = np.linspace(0.0, 2 * np.pi, VOTE_ANGLES, endpoint=False)
    found: list[tuple[float, float, float, float]] = []
    for r in range(max(2, int(rmin / POOL)), int(math.ceil(rmax / POOL)) + 1):
        off = np.unique(np.stack([np.rint(r * np.sin(a)), np.rint(r * np.cos(a))], axis=1).astype(np.int64), axis=0)
        cy = (ys[:, None] - off[None, :, 0]).ravel()
        cx = (xs[:, None] - off[None, :, 1]).ravel()
        ok = (cy >= 0) & (cy < h) & (cx >= 0) & (cx < w)
        acc = np.bincount(cy[ok] * w + cx[ok], minlength=h * w) / len(off)
        i = int(acc.argmax())
        if acc[i] >= MIN_VOTE:
            found.append((float(acc[i]), (i // w + 0.5) * POOL, (i % w + 0.5) * POOL, float(r * POOL)))
    found.sort(reverse=True)
    out: list[tuple[float, float, float, float]] = []
    for c in found:  # one per centre: radii of one seal vote for the same place
        if all(math.hypot(c[1] - o[1], c[2] - o[2]) > 2 * POOL or abs(c[3] - o[3]) > 3 * POOL for o in out):
            out.append(c)
    return out[:4]


def _refine(ink: np.ndarray, cy: float, cx: float, r: float) -> tuple[float, float, float, float]:
    """(density, cy, cx, r): the circle near a coarse one whose thin annulus holds the most ink."""
    best = (-1.0, cy, cx, r)
    for span, step in ((POOL, 2), (2, 1)):
        c0 = best if best[0] >= 0 else (0.0, cy, cx, r)
        for dy in range(-span, span + 1, step):
            for dx in range(-span, span + 1, step):
                for dr in range(-span, span + 1, step):
                    d = float(_annulus(ink, c0[1] + dy, c0[2] + dx, c0[3] + dr, 2, 360).mean())
                    if d > best[0]:
                        best = (d, c0[1] + dy, c0[2] + dx, c0[3] + dr)
    return best


def _warped_profile(ink: np.ndarray, cy: float, cx: float, radii: np.ndarray, r: float,
                    wobble: tuple[float, float, float, float, float]) -> np.ndarray:
    """The share of ink on each of the radii round the centre, each circle bent by the outer
    ring's wobble (scaled to its radius): a stamped seal scanned a little out of round."""
    h, w = ink.shape
    a = np.linspace(0.0, 2 * np.pi, 1440, endpoint=False)
    off = Seal(cx=cx, cy=cy, r=r, wobble=wobble).offset(a) / r
    rr = radii[:, None] * (1.0 + off[None, :])
    ys = np.rint(cy + rr * np.sin(a)).astype(np.int64)
    xs = np.rint(cx + rr * np.cos(a)).astype(np.int64)
    ok = (ys >= 0) & (ys < h) & (xs >= 0) & (xs < w)
    hit = np.zeros(ys.shape, dtype=bool)
    hit[ok] = ink[ys[ok], xs[ok]]
    return hit.mean(axis=1)


def _rings(ink: np.ndarray, cy: float, cx: float, r: float,
           wobble: tuple[float, float, float, float, float] = (0.0, 0.0, 0.0, 0.0, 0.0),
           outer: float | None = None) -> list[tuple[float, float]]:
    """The radius bands where ink runs all round the centre (the outer ring, an inner ring, a
    double line): narrow peaks of the radial ink profile, not the emblem's wide disc; with the
    outer ring's wobble, each circle of the profile is bent as it is (a ring a few pixels out of
    round, or a centre a few pixels off, would smear over more radii than its width and fall
    under the peak's share). The wobble is measured at radius r; radii run to 1.12 ``outer`` (r)."""
    o = outer if outer is not None else r
    radii = np.arange(int(0.5 * o), int(1.12 * o) + 1)
    prof = _warped_profile(ink, cy, cx, radii.astype(float), r, wobble)
    bands: list[tuple[float, float]] = []
    i = 0
    while i < len(radii):
        if prof[i] < RING_EDGE:
            i += 1
            continue
        j = i
        while j + 1 < len(radii) and prof[j + 1] >= RING_EDGE:
            j += 1
        if prof[i:j + 1].max() >= RING_PEAK and (j - i + 1) <= RING_MAX_WIDTH * o:
            lo, hi = float(radii[i]), float(radii[j])
            if bands and lo - bands[-1][1] <= RING_MERGE_PX:
                lo = bands.pop()[0]
            bands.append((lo, hi))
        i = j + 1
    return bands


WOBBLE_SEARCH_PX = 12  # the outer ring is looked for this far in or out of the fitted circle, direction by direction


def _wobble(ink: np.ndarray, cy: float, cx: float, band: tuple[float, float]) -> tuple[float, float, float, float, float]:
    """How far the outer ring lies from the fitted circle in each direction, as a smooth
    function of the direction (two harmonics), fitted to where the ring's band holds most ink
    in each of 360 directions; directions where a letter or a stroke crosses are dropped as outliers."""
    lo, hi = band
    mid, half = (lo + hi) / 2, int(round((hi - lo) / 2))
    reach = half + WOBBLE_SEARCH_PX
    theta = np.linspace(0.0, 2 * np.pi, 360, endpoint=False)
    prof = _annulus(ink, cy, cx, mid, reach, 360).astype(np.int64)  # (2*reach+1, 360)
    csum = np.vstack([np.zeros((1, 360), dtype=np.int64), np.cumsum(prof, axis=0)])
    width = 2 * half + 1
    counts = csum[width:] - csum[:-width]  # window sums, offsets -WOBBLE_SEARCH_PX … +WOBBLE_SEARCH_PX
    best = counts.argmax(axis=0)
    found = best - WOBBLE_SEARCH_PX
    ok = counts.max(axis=0) >= 0.6 * width
    basis = np.stack([np.ones_like(theta), np.cos(theta), np.sin(theta), np.cos(2 * theta), np.sin(2 * theta)], axis=1)
    coef = np.zeros(5)
    for _ in range(4):
        if ok.sum() < 60:
            return (0.0, 0.0, 0.0, 0.0, 0.0)
        coef = np.linalg.lstsq(basis[ok], found[ok].astype(float), rcond=None)[0]
        ok &= np.abs(basis @ coef - found) <= 3
    return tuple(float(c) for c in coef)  # type: ignore[return-value]


def find_seal(ink: np.ndarray, box: tuple[int, int, int, int], dpi: float) -> Seal | None:
    """The seal whose outer ring lies in box (x0, top, x1, bottom, pixels) of a page's ink
    (True = ink), or None: a circle 30-48 mm across whose thin annulus is ink nearly all round."""
    x0, y0, x1, y1 = box
    sub = ink[y0:y1, x0:x1]
    px_mm = dpi / 25.4
    rmin, rmax = SEAL_DIAMETER_MM[0] / 2 * px_mm, SEAL_DIAMETER_MM[1] / 2 * px_mm
    for _, cy, cx, r in _candidates(sub, rmin, rmax):
        density, cy, cx, r = _refine(sub, cy, cx, r)
        if density < MIN_RING_DENSITY or not rmin <= r <= rmax:
            continue
        cover = float(_annulus(sub, cy, cx, r, 3, 720).any(axis=0).mean())
        if cover < MIN_RING_COVER:
            continue
        rings = _rings(sub, cy, cx, r)
        if not rings:
            continue
        # the outermost ring found, direction by direction, bends the profile's circles: a ring
        # smeared by a centre a few pixels off, or a scan out of round, stands out again
        mid = (rings[-1][0] + rings[-1][1]) / 2
        bent = _rings(sub, cy, cx, mid, _wobble(sub, cy, cx, rings[-1]), r)
        if len(bent) > len(rings):
            rings = bent
        return Seal(cx=cx + x0, cy=cy + y0, r=r, rings=rings, density=round(density, 3),
                    wobble=_wobble(sub, cy, cx, rings[-1]))
    return None


def erase_rings(ink: np.ndarray, seal: Seal) -> np.ndarray:
    """The ink with the seal's rings painted out (a copy)."""
    out = ink.copy()
    pad = int(max(hi for _, hi in seal.rings) + MASK_MARGIN_PX + 2)
    h, w = ink.shape
    box = (max(0, int(seal.cx) - pad), max(0, int(seal.cy) - pad), min(w, int(seal.cx) + pad + 1), min(h, int(seal.cy) + pad + 1))
    x0, y0, x1, y1 = box
    out[y0:y1, x0:x1] &= ~seal.mask(ink.shape, box)
    return out


CUE_SEARCH_UP = 1.6  # the seal is looked for from this many seal radii above the block's cue line …
CUE_SEARCH_DOWN = 4.5  # … to this many below it
BLOCK_LEFT = 1.2  # a line of the block is read again from this many radii left of the seal's centre (or the space before)
SIGNATURE_SIDE = 0.35  # the signature block is in the right part of the page, from this share of its width


def signature_cue(words: list[Word]) -> float | None:
    """The top (points) of the line that opens a signature block on a page: its 'Nơi nhận'
    heading or an authority line ('KT.', 'TM.', 'TL.' …), the last one on the page; None when
    the page shows neither."""
    import regex

    from pipeline.folding import fold

    auth = regex.compile(r"^(?:TM|T/M|KT|K/T|TL|T/L|TUQ|Q)[./:]$")
    top = None
    for ln in group_lines(words):
        ws = ln.words
        for i, w in enumerate(ws):
            nxt = ws[i + 1].text if i + 1 < len(ws) else ""
            if (fold(w.text) == "noi" and fold(nxt).startswith("nhan")) or (auth.match(w.text) and nxt[:1].isupper()):
                top = ln.top if top is None else max(top, ln.top)
                break
    return top


@dataclass
class SealReading:
    """What the seal work did on a page: the seal (page pixels), the block re-read, whether kept."""

    seal: Seal
    box: tuple[float, float, float, float]  # the block read again, points
    kept: bool
    notes: list[str] = field(default_factory=list)  # what was read from the ink the rings leave
    reread: int = 0  # lines whose reading without the rings was kept
    warnings: list[str] = field(default_factory=list)

    def describe(self, dpi: float) -> str:
        """The page reading's reason for what was done (the seal's centre in points, its size in mm)."""
        s = self.seal
        return (f"a black seal over the signature block (centre {s.cx * 72 / dpi:.0f},{s.cy * 72 / dpi:.0f} pt, "
                f"{2 * s.r * 25.4 / dpi:.0f} mm across): {self.reread} line(s) read again without its rings"
                + "".join(f"; {n}" for n in self.notes))


def _complete(ink: np.ndarray, seal: Seal, line: list[Word], box: tuple[int, int, int, int],
              k: float, axis: float | None = None, after_kt: bool = False) -> tuple[set[int], list[Word], Any] | None:
    """(ids of the line's words replaced, the words read in their place, the completion) for a
    line whose words under the ring the visible ink decides (:func:`pipeline.ingest.occluded.complete_line`)."""
    from pipeline.ingest.occluded import complete_line

    x0, y0, x1, y1 = box
    ws = sorted((w for w in line if w.text.strip()), key=lambda w: w.x0)
    px = [(w.text, int(w.x0 * k) - x0, int(w.x1 * k) - x0, w.conf) for w in ws]
    done = complete_line(ink[y0:y1, x0:x1], seal.mask(ink.shape, box), px, axis, after_kt)
    if done is None:
        return None
    if not done.words:
        return set(), [], done
    a, b = done.words[0][1], done.words[-1][2]
    gone = {id(w) for w, (_, wx0, wx1, _) in zip(ws, px) if (wx0 + wx1) / 2 < b + 4 and wx1 > a - 4}
    kept = [w for w in ws if id(w) not in gone]
    top = min((w.top for w in kept), default=y0 / k)
    bottom = max((w.bottom for w in kept), default=y1 / k)
    size = kept[0].size if kept else 12.0
    new = [Word(text=t, x0=(x0 + wa) / k, top=top, x1=(x0 + wb + 1) / k, bottom=bottom, size=size, conf=c)
           for t, wa, wb, c in done.words]
    if done.joins and kept:
        nxt = min((w for w in kept if w.x0 * k - x0 > b), key=lambda w: w.x0, default=None)
        if nxt is not None:  # 'TR' read under the ring + 'ƯỞNG' read by Tesseract: one word
            last = new.pop()
            gone.add(id(nxt))
            new.append(Word(text=last.text + nxt.text, x0=last.x0, top=nxt.top, x1=nxt.x1, bottom=nxt.bottom,
                            size=nxt.size, conf=min(last.conf or 0.0, nxt.conf or 0.0)))
    return gone, new, done


def reread_signature(image: Any, words: list[Word], dpi: float, keep: Callable[[Word], bool],
                     read: Callable[..., list[Word]]) -> tuple[list[Word], SealReading | None]:
    """The page's words with the lines of its signature block that cross a black seal read
    again, one line at a time, with the seal's rings painted out: when the page shows a
    signature block (:func:`signature_cue`) with a seal over it, each such line
    (:func:`line_bands`) keeps the reading that holds more good text
    (:func:`pipeline.ingest.ocr_regions.reading_score`). Then the words a ring still hides are
    read from the ink it leaves (:func:`pipeline.ingest.occluded.complete_line`): the name's line
    first (once read, it says the axis the block is centred on), the capitals lines after it,
    each against the lines the format allows there. ``image`` is the binarised page the words
    were read from, ``read`` Tesseract's word reader."""
    from PIL import Image

    from pipeline.ingest.ocr_regions import reading_score

    k = dpi / 72.0
    cue = signature_cue([w for w in words if keep(w)])
    if cue is None:
        return words, None
    ink = np.asarray(image.convert("L")) < 128
    h, w = ink.shape
    rmax = SEAL_DIAMETER_MM[1] / 2 * dpi / 25.4
    box = (int(SIGNATURE_SIDE * w), max(0, int(cue * k - CUE_SEARCH_UP * rmax)), w,
           min(h, int(cue * k + CUE_SEARCH_DOWN * rmax)))
    seal = find_seal(ink, box, dpi)
    if seal is None:
        return words, None
    clean = erase_rings(ink, seal)
    out = list(words)
    reading = SealReading(seal=seal, box=(0.0, 0.0, 0.0, 0.0), kept=False)
    lines: list[tuple[tuple[int, int, int, int], list[Word]]] = []
    for ty, by in line_bands(clean, seal, dpi):
        x0 = _block_left(clean[ty:by], int(seal.cx - BLOCK_LEFT * seal.r), int(BLOCK_LEFT * seal.r))
        top, bottom, left = ty / k, by / k, x0 / k

        def inside(wd: Word, top: float = top, bottom: float = bottom, left: float = left) -> bool:
            cx, cy = (wd.x0 + wd.x1) / 2, (wd.top + wd.bottom) / 2
            return cx >= left and top <= cy < bottom

        crop = Image.fromarray(np.where(clean[ty:by, x0:w], 0, 255).astype(np.uint8))
        again = _once([wd for wd in read(crop, dpi, psm=7, offset=(left, top)) if inside(wd)])
        before = [wd for wd in out if inside(wd)]
        line = _once(before)
        if len(line) < len(before):  # the page's reading gave a word twice over the same ink
            out = [wd for wd in out if not inside(wd)] + line
        if reading_score(again, keep) > reading_score(line, keep):
            out = [wd for wd in out if not inside(wd)] + again
            line = again
            reading.kept = True
            reading.reread += 1
        lines.append(((x0, ty, w, by), line))
    axes: list[float] = []
    todo = []
    for box, line in lines:  # names first: their lines, once read, say where the block is centred
        if _is_clean(line, box[0] / k):
            axes.append((min(wd.x0 for wd in line) + max(wd.x1 for wd in line)) / 2 * k)
        else:
            todo.append((box, line))
    todo.sort(key=lambda t: (not _title_line(t[1]), t[0][1]))
    texts = {box[1]: _text(line) for box, line in lines}
    for box, line in todo:
        axis = sorted(axes)[len(axes) // 2] - box[0] if axes else None
        above = [t for y, t in texts.items() if y < box[1]]
        after_kt = bool(above) and above[-1].startswith("KT.")
        done = _complete(ink, seal, line, box, k, axis, after_kt)
        if done is None:
            continue
        gone, new, completion = done
        reading.notes.append(completion.note)
        if completion.warning:
            reading.warnings.append(completion.warning)
        if new:
            out = [wd for wd in out if id(wd) not in gone] + new
            reading.kept = True
            now = [wd for wd in line if id(wd) not in gone] + new
            axes.append((min(wd.x0 for wd in now) + max(wd.x1 for wd in now)) / 2 * k)
            texts[box[1]] = _text(now)
    boxes = [b for b, _ in lines]
    if boxes:
        reading.box = (min(b[0] for b in boxes) / k, min(b[1] for b in boxes) / k, max(b[2] for b in boxes) / k,
                       max(b[3] for b in boxes) / k)
    return out, reading


def _once(line: list[Word]) -> list[Word]:
    """The line's words with each place read once (:func:`pipeline.ingest.occluded.read_once`)."""
    from pipeline.ingest.occluded import read_once

    return read_once(line, lambda wd: (wd.x0, wd.x1), lambda wd: wd.conf)


def _is_clean(line: list[Word], left: float) -> bool:
    """A line read whole: every word confident and a syllable or an abbreviation, none at the crop's edge."""
    from pipeline.ingest.occluded import KNOWN_CONF
    from pipeline.ingest.syllables import EDGE_PUNCT, is_syllable

    ws = [wd for wd in line if wd.text.strip(EDGE_PUNCT)]
    if not ws or min(wd.x0 for wd in ws) - left < 3:
        return False
    for wd in ws:
        core = wd.text.strip(EDGE_PUNCT)
        if (wd.conf or 0) < KNOWN_CONF or not (is_syllable(core) or (core.isupper() and core.isalpha())):
            return False
    return True


def _text(line: list[Word]) -> str:
    """The line's words left to right, without what Tesseract read from a seal's ink (no confidence)."""
    from pipeline.ingest.occluded import JUNK_CONF

    return " ".join(wd.text for wd in sorted(line, key=lambda wd: wd.x0) if (wd.conf or 0) >= JUNK_CONF)


def _title_line(line: list[Word]) -> bool:
    """A line whose last word is in title case (a person's name), not capitals."""
    ws = sorted((wd for wd in line if wd.text.isalpha()), key=lambda wd: wd.x0)
    return bool(ws) and ws[-1].text[:1].isupper() and ws[-1].text[1:].islower()


WORD_GAP_PX_AT_300 = 10  # a run of blank columns this wide (at 300 dpi) is a space between words


def _block_left(band: np.ndarray, start: int, reach: int) -> int:
    """Where a line of the signature block starts being read: ``start`` (left of the seal), or,
    when ink runs there, the nearest space between words to its left (within ``reach``), so
    that no word is cut by the crop."""
    cols = band.any(axis=0)
    gap = WORD_GAP_PX_AT_300
    x = max(0, start)
    while x > max(0, start - reach):
        if not cols[max(0, x - gap):x + 1].any():
            return x
        x -= 1
    return max(0, start - reach)


LINE_PT = (6.0, 17.0)  # a printed line of the block (capitals, marks, descenders) is this tall, in points
MARK_PX_AT_300 = 14  # a band thinner than this (marks over capitals, a dot) joins the line next to it …
MARK_GAP_PX_AT_300 = 10  # … when this close
BAND_PAD_PX_AT_300 = 6


def line_bands(clean: np.ndarray, seal: Seal, dpi: float) -> list[tuple[int, int]]:
    """(top, bottom) in pixels of the signature block's lines that cross the seal, from the rows
    of ink right of it (the block is centred right of the seal, so every line of it reaches
    past the seal's right edge): runs of inked rows as tall as a printed line (a signature's
    strokes make taller or thinner runs), with the marks over capitals joined to their line."""
    h, w = clean.shape
    s = dpi / 300.0
    x0 = int(seal.cx + seal.r) + int(5 * s)
    y0, y1 = max(0, int(seal.cy - 1.3 * seal.r)), min(h, int(seal.cy + 1.3 * seal.r))
    if x0 >= w - 10 or y1 <= y0:
        return []
    rows = clean[y0:y1, x0:].sum(axis=1) >= 3
    runs: list[list[int]] = []
    y = 0
    while y < len(rows):
        if not rows[y]:
            y += 1
            continue
        e = y
        while e + 1 < len(rows) and rows[e + 1]:
            e += 1
        runs.append([y + y0, e + y0 + 1])
        y = e + 1
    merged: list[list[int]] = []
    for r in runs:  # a thin run (marks over a line's capitals) joins the next or the last run
        if merged and (r[1] - r[0] < MARK_PX_AT_300 * s or merged[-1][1] - merged[-1][0] < MARK_PX_AT_300 * s) \
                and r[0] - merged[-1][1] <= MARK_GAP_PX_AT_300 * s:
            merged[-1][1] = r[1]
        else:
            merged.append(r)
    lo, hi = LINE_PT[0] * dpi / 72, LINE_PT[1] * dpi / 72
    pad = int(BAND_PAD_PX_AT_300 * s)
    out = [(max(0, a - pad), min(h, b + pad)) for a, b in merged if lo <= b - a <= hi]
    return [(a if i == 0 else max(a, out[i - 1][1]), b) for i, (a, b) in enumerate(out)]
