"""Handwritten digits of a scanned header (the number after 'Số:', the day), read where
Tesseract cannot: its models are trained on print and read a handwritten '464' as 'Abt',
'23' as 'B', '30' as '50.'.

Each digit is normalised before it is described, the same way as every digit the models were
fitted on: its slant taken out by its image moments (the MNIST-style shear correction: a
flagged, slanted '1' stands upright), scaled to fit a 16-pixel box in a 20x20 image, and
described by the directions of its strokes (gradient-orientation histograms, 8 directions in
4x4 cells: 128 numbers), which care less about the pen's thickness than the pixels do.
Two models fitted on two sets of writers (pipeline/data/digits, README.md there: the UCI
digits of 43 writers, European style, and 5,000 MNIST digits with flags added to 1s and bars
across 7s) read it: a softmax regression and a small neural network (one hidden layer). A digit
stands only when the two name the same digit with a mean probability >= 0.8.

The digits of a blank are cut apart by connected ink grouped by column. A group may be one
digit or several touching ('08' written in one stroke, a '4' whose bar runs into the '7'). It
is cut when the page's OCR saw more characters in the blank than there are groups, when it is
too wide for one digit, or when it reads as a digit wider than 99% of that digit's writings;
the cuts tried are where its deslanted ink is thin (the column profile's minima) or where a
column crosses a single stroke, and a piece cut off must be surer (0.9) than a whole digit: the
models never saw half a digit. Every likely way of reading the blank is kept, those that do not
fit it dropped (the page's count of characters, a day 1-31, a month 1-12); a sure one is taken
only when no other is likely and close to it. Otherwise the blank stays unread: a wrong number
is worse than none.
"""

from __future__ import annotations

import functools
import gzip
import itertools
import json
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "digits"
DATA = DATA_DIR / "optdigits.csv.gz"
MODELS = DATA_DIR / "models.json"
MIN_INK_PX = 30  # a component smaller than this is a speck
SIZE, BOX = 20, 16  # the normalised digit: a 20x20 image, the digit fit in 16 pixels
CELLS, BINS = 4, 8  # stroke directions: 8 directions counted in 4x4 cells
MAX_SKEW = 1.0  # a shear beyond 45 degrees is not a slant
MIN_PROBABILITY = 0.8
RIVAL, RIVAL_MARGIN = 0.5, 0.2  # a reading this likely and this close to the best, sure or not, makes it ambiguous
PIECE_PROBABILITY = 0.9  # a piece cut from touching digits: a digit with a stranger's ink, or half a digit
# a group at most this many times wider than tall may be one digit (single MNIST digits,
# deslanted: 99.5% are at most 1.43 wide), and from this wide two touching ones
ONE_MAX_ASPECT, TWO_MIN_ASPECT = 1.5, 0.8
CUTS_TRIED = 3  # the deepest minima of a group's column profile tried as cuts (and as many one-stroke columns)
MAX_DIGITS = 5


@functools.cache
def _data() -> tuple[Any, Any]:
    """The UCI digits as shipped: 64 block counts (0-16) of a 32x32 bitmap, and the labels."""
    import numpy as np

    rows = np.loadtxt(gzip.open(DATA, "rt"), delimiter=",")
    return rows[:, :64].astype(np.float64), rows[:, 64].astype(np.int64)


@functools.cache
def _models() -> dict[str, Any]:
    """The two models' weights, fitted once offline (tests/bench/digit_models.py)."""
    import numpy as np

    raw = json.loads(MODELS.read_text(encoding="utf-8"))
    return {k: np.asarray(v, dtype=np.float64) for k, v in raw.items() if k.startswith(("softmax", "mlp", "aspect"))}


def _components(ink: Any) -> tuple[Any, list[tuple[int, int, int, int, int, int]]]:
    """Labels of 8-connected ink, and (x0, y0, x1, y1, pixels, label) of each component."""
    import numpy as np

    h, w = ink.shape
    lab = np.zeros((h, w), dtype=np.int32)
    out = []
    n = 0
    for y0, x0 in zip(*np.nonzero(ink)):
        if lab[y0, x0]:
            continue
        n += 1
        lab[y0, x0] = n
        stack = [(int(y0), int(x0))]
        xs, ys = [], []
        while stack:
            y, x = stack.pop()
            ys.append(y)
            xs.append(x)
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    a, b = y + dy, x + dx
                    if 0 <= a < h and 0 <= b < w and ink[a, b] and not lab[a, b]:
                        lab[a, b] = n
                        stack.append((a, b))
        out.append((min(xs), min(ys), max(xs) + 1, max(ys) + 1, len(xs), n))
    return lab, out


# --- normalising a digit ---------------------------------------------------------------


def _crop(a: Any, share: float = 0.15) -> Any:
    import numpy as np

    ys, xs = np.nonzero(a > share * a.max())
    return a[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1]


def _skew(a: Any) -> float:
    """How far the ink leans: x moves this much per row (the second moments' mu11 / mu02)."""
    import numpy as np

    h, w = a.shape
    total = a.sum()
    ys, xs = np.mgrid[0:h, 0:w]
    yc, xc = (a * ys).sum() / total, (a * xs).sum() / total
    mu02 = (a * (ys - yc) ** 2).sum()
    if mu02 <= 0:
        return 0.0
    return float(np.clip((a * (xs - xc) * (ys - yc)).sum() / mu02, -MAX_SKEW, MAX_SKEW))


def deslant(a: Any, skew: float | None = None) -> Any:
    """The ink sheared upright about its centre row (greyscale or 0/1 floats)."""
    import numpy as np
    from PIL import Image

    h, w = a.shape
    s = _skew(a) if skew is None else skew
    yc = (a.sum(axis=1) * np.arange(h)).sum() / max(a.sum(), 1e-9)
    pad = int(np.ceil(abs(s) * h)) + 2
    im = Image.fromarray(a.astype(np.float32), "F")
    return np.asarray(im.transform((w + 2 * pad, h), Image.AFFINE, (1, s, -pad - s * yc, 0, 1, 0), Image.BILINEAR))


def normalise(a: Any) -> Any:
    """One digit's ink (0-1, any size) → SIZE x SIZE: deslanted, scaled to fit BOX, centred."""
    import numpy as np
    from PIL import Image

    a = _crop(deslant(_crop(np.asarray(a, dtype=np.float32))))
    h, w = a.shape
    s = BOX / max(h, w)
    nh, nw = max(1, round(h * s)), max(1, round(w * s))
    r = np.asarray(Image.fromarray(a, "F").resize((nw, nh), Image.BOX if max(h, w) > 2 * BOX else Image.BILINEAR))
    out = np.zeros((SIZE, SIZE), np.float32)
    oy, ox = (SIZE - nh) // 2, (SIZE - nw) // 2
    out[oy: oy + nh, ox: ox + nw] = r
    m = out.max()
    return np.clip(out / m, 0.0, 1.0) if m > 0 else out


def features(images: Any) -> Any:
    """Normalised digits (n x SIZE x SIZE) → n x 128: the strokes' directions (8, signed,
    each gradient split between its two nearest) summed in 4x4 cells, square-rooted, unit length."""
    import numpy as np

    g = np.asarray(images, dtype=np.float32)
    k = np.array([0.25, 0.5, 0.25], np.float32)
    p = np.pad(g, ((0, 0), (1, 1), (1, 1)))
    g = k[0] * p[:, :, :-2] + k[1] * p[:, :, 1:-1] + k[2] * p[:, :, 2:]
    g = k[0] * g[:, :-2] + k[1] * g[:, 1:-1] + k[2] * g[:, 2:]
    gx, gy = np.zeros_like(g), np.zeros_like(g)
    gx[:, :, 1:-1] = g[:, :, 2:] - g[:, :, :-2]
    gy[:, 1:-1, :] = g[:, 2:, :] - g[:, :-2, :]
    mag = np.hypot(gx, gy)
    pos = np.mod(np.arctan2(gy, gx), 2 * np.pi) / (2 * np.pi) * BINS
    b0 = np.floor(pos).astype(np.int64) % BINS
    f = pos - np.floor(pos)
    n, c = len(g), SIZE // CELLS
    cell = (np.arange(SIZE) // c)[:, None] * CELLS + (np.arange(SIZE) // c)[None, :]  # cell of each pixel
    out = np.zeros((n, CELLS * CELLS * BINS), np.float64)
    rows = np.repeat(np.arange(n), SIZE * SIZE)
    idx = (cell[None].repeat(n, 0) * BINS)
    np.add.at(out, (rows, (idx + b0).ravel()), (mag * (1 - f)).ravel())
    np.add.at(out, (rows, (idx + (b0 + 1) % BINS).ravel()), (mag * f).ravel())
    out = np.sqrt(out)
    return out / (np.linalg.norm(out, axis=1, keepdims=True) + 1e-6)


def probabilities(x: Any) -> tuple[Any, Any]:
    """The softmax regression's and the network's probabilities (n x 10 each) for features x."""
    import numpy as np

    m = _models()

    def softmax(z: Any) -> Any:
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    p1 = softmax(x @ m["softmax_w"] + m["softmax_b"])
    hidden = np.maximum(x @ m["mlp_w1"] + m["mlp_b1"], 0.0)
    return p1, softmax(hidden @ m["mlp_w2"] + m["mlp_b2"])


def _guesses(inks: list[Any]) -> list[tuple[int, float, bool]]:
    """Each digit's ink: the digit the two models' mean probability names, that probability, and
    whether the two models name the same digit."""
    import numpy as np

    p1, p2 = probabilities(features(np.stack([normalise(i) for i in inks])))
    out = []
    for a, b in zip(p1, p2):
        k = int((a + b).argmax())
        out.append((k, float(a[k] + b[k]) / 2, k == int(a.argmax()) == int(b.argmax())))
    return out


# --- cutting a blank into digits ------------------------------------------------------------


def groups(ink: Any) -> list[Any]:
    """The ink of each group of overlapping components, left to right (the crop's full height).
    The writing is in the crop's middle rows; what is much shorter than the tallest group is a
    speck, a mark or a piece of a printed neighbour."""
    import numpy as np

    h, w = ink.shape
    lab, comps = _components(ink)
    comps = [c for c in comps if c[4] >= MIN_INK_PX and c[1] < 0.75 * h and c[3] > 0.3 * h]
    comps.sort()
    found: list[list[int]] = []  # x0, y0, x1, y1, labels...
    for x0, y0, x1, y1, _, n in comps:
        if found and x0 < found[-1][2] - 0.3 * (x1 - x0):
            g = found[-1]
            g[:4] = [min(g[0], x0), min(g[1], y0), max(g[2], x1), max(g[3], y1)]
            g.append(n)
        else:
            found.append([x0, y0, x1, y1, n])
    if not found:
        return []
    tallest = max(g[3] - g[1] for g in found)
    return [np.isin(lab[:, g[0]:g[2]], g[4:]) for g in found if g[3] - g[1] >= 0.5 * tallest]


def _upright(ink: Any) -> Any:
    """A digit's (or a group's) ink deslanted, cropped to it."""
    import numpy as np

    ys, xs = np.nonzero(ink)
    a = ink[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1].astype(np.float32)
    up = deslant(a, _skew(a)) > 0.5
    ys, xs = np.nonzero(up)
    return up[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1]


def _aspect(ink: Any) -> float:
    """Width over height of the deslanted ink."""
    h, w = _upright(ink).shape
    return w / h


def _cuts(ink: Any) -> list[tuple[Any, Any]]:
    """Ways to cut touching digits in two, on the deslanted ink: at the deepest minima of its
    column profile (the thin join), and where a column crosses one stroke only (two digits touch
    at a point or along a shared stroke; a column through a bowl crosses two or three: the column
    with the least ink of each such stretch); each side left with a digit's height and some ink."""
    import numpy as np

    upright = _upright(ink)
    h, w = upright.shape
    prof = upright.sum(axis=0)
    smooth = np.convolve(prof.astype(np.float64), np.ones(3) / 3, mode="same")
    closed = upright.copy()  # strokes a column crosses: runs of ink, a one-pixel gap closed
    closed[1:-1] |= upright[:-2] & upright[2:]
    runs = (closed[1:] & ~closed[:-1]).sum(axis=0) + closed[0]
    lo, hi = max(int(0.2 * w), 1), min(int(0.8 * w), w - 1)
    minima = [x for x in range(lo, hi) if smooth[x] <= smooth[x - 1] and smooth[x] <= smooth[x + 1]]
    single: list[int] = []
    x = lo
    while x < hi:
        if runs[x] == 1:
            stretch = range(x, next((e for e in range(x, hi) if runs[e] != 1), hi))
            single.append(min(stretch, key=lambda c: (prof[c], c)))
            x = stretch.stop
        else:
            x += 1
    chosen = sorted(minima, key=lambda c: (smooth[c], c))[:CUTS_TRIED]
    chosen += [c for c in sorted(single, key=lambda c: (prof[c], c))[:CUTS_TRIED] if c not in chosen]
    out = []
    for x in chosen:
        left, right = upright[:, :x], upright[:, x:]
        if all(p.sum() >= MIN_INK_PX and np.ptp(np.nonzero(p.any(axis=1))[0]) + 1 >= 0.5 * h for p in (left, right)):
            out.append((left, right))
    return out


Reading = tuple[float, bool]  # the least likely digit's probability; every digit sure


def _readings(ink: Any, split: bool, depth: int = 0) -> dict[str, Reading]:
    """Each way to read a group that is likely (every digit >= RIVAL), as one digit or cut in two
    (each side again, up to depth 2), and whether it is sure. A group is cut when asked (the page
    saw more characters in the blank than there are groups), when it is too wide for one digit,
    or when it reads as a digit wider than 99% of that digit's MNIST writings (then that reading
    is dropped); a piece cut off is cut again when it does not read as a sure digit. A piece must
    be surer than a whole digit (PIECE_PROBABILITY): the classifiers never saw a half digit."""
    out: dict[str, Reading] = {}
    aspect = _aspect(ink)
    if aspect <= ONE_MAX_ASPECT:
        k, p, agree = _guesses([ink])[0]
        sure = agree and p >= (MIN_PROBABILITY if depth == 0 else PIECE_PROBABILITY)
        if aspect > _models()["aspect_p99"][k]:
            split = split or sure
        elif p >= RIVAL:
            out[str(k)] = (p, sure)
        if not sure and depth > 0:
            split = True
    else:
        split = True
    if split and depth < 2 and aspect >= TWO_MIN_ASPECT:
        for left, right in _cuts(ink):
            for (a, (pa, sa)), (b, (pb, sb)) in itertools.product(_readings(left, False, depth + 1).items(),
                                                                  _readings(right, False, depth + 1).items()):
                now = (min(pa, pb), sa and sb)
                out[a + b] = max(out.get(a + b, now), now)
    return out


def plausible(kind: str | None, digits: str) -> bool:
    """What a blank of this kind can hold: a day 1-31, a month 1-12, a number of 1-5 digits."""
    n = int(digits)
    if kind == "day":
        return 1 <= n <= 31 and len(digits) <= 2
    if kind == "month":
        return 1 <= n <= 12 and len(digits) <= 2
    return 0 < n and len(digits) <= MAX_DIGITS


def read_ink(ink: Any, kind: str | None = None, count: int | None = None) -> tuple[str, float] | None:
    """(digits, confidence 0-100) of a blank's ink, or None: every likely way of reading its
    groups that fits the blank (its kind, the count of characters seen there); taken when one
    of them is sure and no other is likely."""
    gs = groups(ink)
    if not gs or len(gs) > MAX_DIGITS:
        return None
    per_group = [_readings(g, count is not None and count > len(gs)) for g in gs]
    values: dict[str, Reading] = {}
    for combo in itertools.product(*(r.items() for r in per_group)):
        s = "".join(d for d, _ in combo)
        now = (min(p for _, (p, _) in combo), all(sure for _, (_, sure) in combo))
        if len(s) <= MAX_DIGITS:
            values[s] = max(values.get(s, now), now)
    values = {s: v for s, v in values.items() if (kind is None or plausible(kind, s)) and count in (None, len(s))}
    if not values:
        return None
    s, (p, sure) = max(values.items(), key=lambda v: v[1])
    if not sure or any(q >= max(RIVAL, p - RIVAL_MARGIN) for t, (q, _) in values.items() if t != s):
        return None
    return s, 100.0 * p


def np_ink(image: Any) -> Any:
    """A greyscale crop's ink (Otsu's threshold), a rule drawn across it taken out."""
    import numpy as np

    from pipeline.ingest.ocr import binarise

    ink = np.asarray(binarise(image)) < 128
    ink[ink.mean(axis=1) > 0.6] = False
    return ink


def read_handwritten(image: Any, kind: str | None = None, count: int | None = None) -> tuple[str, float] | None:
    """(digits, confidence 0-100) of a greyscale crop holding one handwritten number, or None.
    kind ('number', 'day', 'month') and count (the characters the page's OCR saw there, when it
    is sure enough to count) choose between ways of cutting touching digits."""
    ink = np_ink(image)
    return read_ink(ink, kind, count) if ink.any() else None
