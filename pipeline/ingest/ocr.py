"""Tesseract for scanned pages: render, deskew, binarise, read words with boxes and confidence.

Tesseract is called as a program (no binding to install), one process per page with
OMP_THREAD_LIMIT=1: its OpenMP threads only contend on a small machine (two threads read a
page 2-4x slower than one), and pages of a document are read in parallel instead. Words
come back with their boxes (TSV), so a scan goes through the same layout as a text layer
(columns, paragraphs, chrome), and with Tesseract's confidence, kept per value.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
from typing import Any

import json
from pathlib import Path

import regex
from pydantic import BaseModel

from pipeline.ingest.layout import Word
from pipeline.ingest.ocr_repair import restore_names

DATA = Path(__file__).resolve().parent.parent / "data"

OCR_DPI = 300  # Tesseract's LSTM reads body text best at ~30 px x-height: 300 dpi for 10-14 pt type
# psm 6 (one block): the words of every line, header columns included, left to the layout; the
# automatic page segmentation (psm 3, 4) dropped whole short header lines ('Số 01 -BC/CB')
LOW_CONFIDENCE = 60.0  # below this a word is reported as uncertain
TIMEOUT_S = 120


@functools.cache
def tesseract_languages() -> frozenset[str]:
    """Languages of an installed Tesseract (empty when there is none)."""
    exe = shutil.which("tesseract")
    if exe is None:
        return frozenset()
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in out.splitlines()[1:] if line.strip())


def available() -> bool:
    return "vie" in tesseract_languages()


def deskew(image: Any) -> tuple[Any, float]:
    """Straighten a page scanned a little askew (±4°): the angle whose rotation makes the rows
    of ink sharpest (variance of the row profile), searched on a small copy, then refined."""
    import numpy as np
    from PIL import Image

    small = image.convert("L")
    factor = max(1, small.width // 600)
    if factor > 1:
        small = small.reduce(factor)
    ink = small.point(lambda v: 255 if v < 160 else 0)

    def score(angle: float) -> float:
        rows = np.asarray(ink.rotate(angle, resample=Image.NEAREST, fillcolor=0)).sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(rows)).sum())

    best = max((a / 2 for a in range(-8, 9)), key=score)
    best = max((best + d / 10 for d in range(-4, 5)), key=score)
    if abs(best) < 0.1:
        return image, 0.0
    return image.rotate(best, resample=Image.BILINEAR, expand=False, fillcolor=255), best


def binarise(image: Any) -> Any:
    """Otsu's threshold over the page (ink black, paper white): a clean 1-bit page for Tesseract."""
    grey = image.convert("L")
    hist = grey.histogram()
    total = sum(hist)
    sum_all = sum(i * h for i, h in enumerate(hist))
    w0 = s0 = 0.0
    best_t, best_v = 127, -1.0
    for t in range(256):
        w0 += hist[t]
        if w0 == 0 or w0 == total:
            continue
        s0 += t * hist[t]
        m0, m1 = s0 / w0, (sum_all - s0) / (total - w0)
        v = w0 * (total - w0) * (m0 - m1) ** 2
        if v > best_v:
            best_t, best_v = t, v
    return grey.point(lambda v: 255 if v > best_t else 0)


class OcrFix(BaseModel):
    pattern: str
    replace: str
    why: str = ""


class OcrFixes(BaseModel):
    notes: str = ""
    fixes: list[OcrFix]


@functools.cache
def _fixes() -> list[tuple[Any, str]]:
    data = OcrFixes.model_validate(json.loads((DATA / "ocr_fixes.json").read_text(encoding="utf-8")))
    return [(regex.compile(f.pattern), f.replace) for f in data.fixes]


@functools.cache
def _fixed_lines() -> dict[str, str]:
    """The format's fixed lines (positions, type names, the national motto), by their folded
    form: an OCR'd line that folds to one of them but differs in a mark is that line."""
    from pipeline import vocab
    from pipeline.normalize import fold

    out: dict[str, str] = {}
    for name in [*vocab.issuers().positions, *(t.name for t in vocab.doc_types().types),
                 "Cộng hòa xã hội chủ nghĩa Việt Nam", "Độc lập - Tự do - Hạnh phúc"]:
        out.setdefault(fold(name), name)
    return out


AUTHORITY_PREFIX_RE = regex.compile(r"^((?:TM|KT|TL|TUQ|Q)\.\s*)?(.+?)\s*$", regex.IGNORECASE)


def fix_line(text: str) -> str:
    """An OCR'd line with the format's fixed words put right (pipeline/data/ocr_fixes.json),
    and a position or type line that differs from the vocabulary only in its marks
    ('KT.GIÁM ĐÓC' → 'KT.GIÁM ĐỐC') set to the vocabulary's; names of the vocabularies read with
    other marks restored (ocr_repair.restore_names: 'TỈNH LÂM ĐÓNG' → 'TỈNH LÂM ĐỒNG')."""
    from pipeline.normalize import fold

    for pattern, repl in _fixes():
        text = pattern.sub(repl, text)
    m = AUTHORITY_PREFIX_RE.match(text)
    if m and len(m.group(2)) <= 40:
        known = _fixed_lines().get(fold(m.group(2)))
        if known and known.lower() != m.group(2).lower():
            body = m.group(2)
            new = known.upper() if body.isupper() else known
            if len(new) == len(body):
                text = (m.group(1) or "") + new
    return restore_names(text)


def read_words(image: Any, dpi: float, psm: int = 6, offset: tuple[float, float] = (0.0, 0.0),
               whitelist: str | None = None) -> list[Word]:
    """Words of an image by Tesseract (vie), in PDF points (y down) from offset."""
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=1)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    res = subprocess.run(
        ["tesseract", "-", "stdout", "-l", "vie", "--psm", str(psm), "--dpi", str(int(dpi)),
         *(["-c", f"tessedit_char_whitelist={whitelist}"] if whitelist else []), "tsv"],
        input=buf.getvalue(), capture_output=True, timeout=TIMEOUT_S, env=env,
    )
    return parse_tsv(res.stdout.decode("utf-8", errors="replace"), 72.0 / dpi, offset)


def parse_tsv(tsv: str, k: float, offset: tuple[float, float] = (0.0, 0.0)) -> list[Word]:
    """Tesseract's TSV (level 5 rows are words) → Words; the size is taken from the line height."""
    line_h: dict[tuple[str, str, str], float] = {}
    rows = [r.split("\t") for r in tsv.splitlines()[1:]]
    for r in rows:
        if len(r) >= 12 and r[0] == "4":
            line_h[(r[2], r[3], r[4])] = float(r[9])
    words: list[Word] = []
    ox, oy = offset
    for r in rows:
        if len(r) < 12 or r[0] != "5" or not r[11].strip():
            continue
        left, top, width, height = (float(x) for x in r[6:10])
        h = line_h.get((r[2], r[3], r[4]), height)
        words.append(Word(text=r[11].strip(), x0=ox + left * k, top=oy + top * k, x1=ox + (left + width) * k,
                          bottom=oy + (top + height) * k, size=max(h * k * 0.8, 4.0), conf=float(r[10])))
    return words
