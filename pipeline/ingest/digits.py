"""Handwritten digits of a scanned header (the number after 'Số:', the day), read where
Tesseract cannot: its models are trained on print and read a handwritten '464' as 'Abt',
'23' as 'B', '30' as '50.'.

The digits of a blank are cut apart (connected ink, grouped by column), each scaled into a
32x32 box and counted in 4x4 blocks, the representation of the UCI handwritten digits
(pipeline/data/digits: 1,797 digits by 43 writers), and classified twice: by its three
nearest neighbours there and by a softmax regression fitted on the same digits.
A digit stands only when the neighbours' vote (two of three) and the regression agree and the
regression is sure (≥ 0.8); one doubtful digit leaves the whole value unread. Touching digits (a group
wider than tall) are not split: unread.
"""

from __future__ import annotations

import functools
import gzip
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data" / "digits" / "optdigits.csv.gz"
SOFTMAX = DATA.with_name("softmax.json")
MIN_INK_PX = 30  # a component smaller than this is a speck
MAX_ASPECT = 1.25  # a group wider than this times its height is two digits touching
MIN_PROBABILITY = 0.8
K = 3


@functools.cache
def _data() -> tuple[Any, Any]:
    import numpy as np

    rows = np.loadtxt(gzip.open(DATA, "rt"), delimiter=",")
    return rows[:, :64].astype(np.float64), rows[:, 64].astype(np.int64)


@functools.cache
def _softmax_weights() -> Any:
    """The softmax regression's weights (65 x 10: the 64 block counts, then the bias), fitted
    once on the same digits (pipeline/data/digits/softmax.json, README.md there)."""
    import json

    import numpy as np

    return np.asarray(json.loads(SOFTMAX.read_text(encoding="utf-8"))["weights"], dtype=np.float64)


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


def _features(ink: Any) -> Any:
    """One digit's ink → the 64 block counts (scaled to fit 32x32, centred)."""
    import numpy as np
    from PIL import Image

    ys, xs = np.nonzero(ink)
    sub = ink[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1]
    h, w = sub.shape
    s = 32 / max(h, w)
    im = Image.fromarray((sub * 255).astype(np.uint8)).resize((max(1, round(w * s)), max(1, round(h * s))),
                                                             Image.BILINEAR)
    a = np.asarray(im) > 100
    canvas = np.zeros((32, 32))
    oy, ox = (32 - a.shape[0]) // 2, (32 - a.shape[1]) // 2
    canvas[oy: oy + a.shape[0], ox: ox + a.shape[1]] = a
    return canvas.reshape(8, 4, 8, 4).sum(axis=(1, 3)).ravel()


def split_digits(ink: Any) -> list[Any] | None:
    """The ink of each written digit, left to right, or None when they cannot be cut apart.
    The writing is in the crop's middle rows; what is much shorter than the tallest digit is a
    speck, a mark or a piece of a printed neighbour."""
    import numpy as np

    h, w = ink.shape
    lab, comps = _components(ink)
    comps = [c for c in comps if c[4] >= MIN_INK_PX and c[1] < 0.75 * h and c[3] > 0.3 * h]
    comps.sort()
    groups: list[list[int]] = []  # x0, y0, x1, y1, labels...
    for x0, y0, x1, y1, _, n in comps:
        if groups and x0 < groups[-1][2] - 0.3 * (x1 - x0):
            g = groups[-1]
            g[:4] = [min(g[0], x0), min(g[1], y0), max(g[2], x1), max(g[3], y1)]
            g.append(n)
        else:
            groups.append([x0, y0, x1, y1, n])
    if not groups:
        return None
    tallest = max(g[3] - g[1] for g in groups)
    groups = [g for g in groups if g[3] - g[1] >= 0.5 * tallest]
    if any(g[2] - g[0] > MAX_ASPECT * (g[3] - g[1]) for g in groups):
        return None
    return [np.isin(lab[:, g[0]:g[2]], g[4:]) for g in groups]


def classify(features: Any) -> tuple[int, float] | None:
    """(digit, the regression's probability) when the neighbours' majority and the regression agree."""
    import numpy as np

    x, y = _data()
    d = ((x - features) ** 2).sum(axis=1)
    values, counts = np.unique(y[np.argsort(d)[:K]], return_counts=True)
    if counts.max() * 2 <= K:
        return None
    z = np.append(features, 1.0) @ _softmax_weights()
    p = np.exp(z - z.max())
    p /= p.sum()
    k = int(p.argmax())
    if k != int(values[counts.argmax()]) or p[k] < MIN_PROBABILITY:
        return None
    return k, float(p[k])


def read_handwritten(image: Any) -> tuple[str, float] | None:
    """(digits, confidence 0-100) of a greyscale crop holding one handwritten number, or None."""
    import numpy as np

    from pipeline.ingest.ocr import binarise

    ink = np.asarray(binarise(image)) < 128
    if not ink.any():
        return None
    ink[ink.mean(axis=1) > 0.6] = False  # a rule drawn across
    digits = split_digits(ink)
    if not digits or len(digits) > 5:
        return None
    out = []
    for d in digits:
        c = classify(_features(d))
        if c is None:
            return None
        out.append(c)
    return "".join(str(k) for k, _ in out), 100.0 * min(p for _, p in out)
