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
from pipeline.ingest.ocr_repair import restore_names, restore_symbol_codes

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
    examples: list[tuple[str, str]] = []  # (line as OCR reads it, line after the fix): run by the tests


class OcrFixes(BaseModel):
    notes: str = ""
    fixes: list[OcrFix]


@functools.cache
def fixes_data() -> OcrFixes:
    return OcrFixes.model_validate(json.loads((DATA / "ocr_fixes.json").read_text(encoding="utf-8")))


@functools.cache
def _fixes() -> list[tuple[Any, str]]:
    data = fixes_data()
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


@functools.cache
def _provinces_folded() -> dict[str, str]:
    from pipeline import vocab
    from pipeline.folding import fold

    return {fold(p): p for p in vocab.places().provinces}


PLACE_LEVEL_RE = regex.compile(r"(?<!\p{L})(?P<level>t[ỉĩiìíịỈĨIÌÍỊ]nh|th[àa]nh\s+ph[ốóôồoỗổộ])\s+(?P<name>\p{Lu}\p{L}*(?:\s+\p{Lu}\p{L}*){0,3})",
                             regex.IGNORECASE)


def fix_place_names(text: str) -> str:
    """'TĨNH QUANG NGAI' → 'TỈNH QUẢNG NGÃI', 'THÀNH PHÓ HÀ NỘI' → 'THÀNH PHỐ HÀ NỘI', 'tính Ninh
    Bình' → 'tỉnh Ninh Bình': OCR drops or swaps the marks of a province's name, a closed list
    (the gazetteer), so words after 'tỉnh' or 'thành phố' that fold to a province take its
    spelling, and the level word its own. Longest name first; nothing else is touched."""
    from pipeline.folding import fold

    table = _provinces_folded()

    def repl(m: regex.Match[str]) -> str:
        words = m.group("name").split()
        for n in range(len(words), 0, -1):
            name = table.get(fold(" ".join(words[:n])))
            if name is None:
                continue
            level = m.group("level")
            caps = level.isupper()
            new_level = "tỉnh" if fold(level) == "tinh" else "thành phố"
            new_level = new_level.upper() if caps else (new_level.capitalize() if level[0].isupper() else new_level)
            read = " ".join(words[:n])
            if not m.group("name").startswith(read):
                return m.group(0)  # spaced unevenly: left alone
            new_name = name.upper() if caps and read.isupper() else name
            return f"{new_level} {new_name}{m.group('name')[len(read):]}"
        return m.group(0)

    return PLACE_LEVEL_RE.sub(repl, text)


@functools.cache
def _surnames_folded() -> dict[str, str]:
    """Folded surname → the surname, for the folds only one surname has ('tran' → 'Trần'; not 'doan')."""
    from pipeline import vocab
    from pipeline.folding import fold

    seen: dict[str, set[str]] = {}
    for name in vocab.names().surnames:
        seen.setdefault(fold(name), set()).add(name)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


PERSON_LINE_RE = regex.compile(r"^(\p{Lu}\p{Ll}*)((?:\s+\p{Lu}\p{Ll}*){1,3})$")


def fix_surname(text: str) -> str:
    """A line that is a person's name (the signer's: 2-4 capitalised words) whose first word is
    no surname but folds to exactly one ('Trân Sỹ Thanh' → 'Trần Sỹ Thanh'): OCR lost or swapped
    the surname's mark, and surnames are a closed list (pipeline/data names)."""
    from pipeline import vocab
    from pipeline.folding import fold

    m = PERSON_LINE_RE.match(text)
    if not m or m.group(1) in vocab.names().surnames:
        return text
    known = _surnames_folded().get(fold(m.group(1)))
    return known + m.group(2) if known and len(known) == len(m.group(1)) else text


AUTHORITY_PREFIX_RE = regex.compile(r"^((?:TM|KT|TL|TUQ|Q)\.\s*)?(.+?)\s*$", regex.IGNORECASE)


def fix_line(text: str) -> str:
    """An OCR'd line with the format's fixed words put right (pipeline/data/ocr_fixes.json),
    and a position or type line that differs from the vocabulary only in its marks
    ('KT.GIÁM ĐÓC' → 'KT.GIÁM ĐỐC') set to the vocabulary's; names of the vocabularies read with
    other marks restored (ocr_repair.restore_names: 'TỈNH LÂM ĐÓNG' → 'TỈNH LÂM ĐỒNG')."""
    from pipeline.normalize import fold

    for pattern, repl in _fixes():
        text = pattern.sub(repl, text)
    text = fix_place_names(text)
    text = fix_surname(text)
    m = AUTHORITY_PREFIX_RE.match(text)
    if m and len(m.group(2)) <= 40:
        known = _fixed_lines().get(fold(m.group(2)))
        if known and known.lower() != m.group(2).lower():
            body = m.group(2)
            new = known.upper() if body.isupper() else known
            if len(new) == len(body):
                text = (m.group(1) or "") + new
    return restore_symbol_codes(restore_names(text))


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


COLOUR_INK_CHROMA = 50  # a pixel whose channels differ this much is coloured ink (a red seal, a blue signature)
COLOUR_PAGE_SHARE = 0.0005  # … and a page with this share of such pixels is a colour scan


def drop_colour_ink(image: Any) -> tuple[Any, bool]:
    """(greyscale page, whether coloured ink was removed): a colour scan's seal (red) and
    signature or handwriting (blue) painted white, so the printed black text under them is
    read ('TM. ỦY BAN NHÂN DÂN', 'Trần Hoàng Tuấn' through the seal). The handwritten number
    and day are read again from the unpainted page (pipeline.ingest.slots)."""
    from PIL import ImageChops

    if image.mode != "RGB":
        return image.convert("L"), False
    r, g, b = image.split()
    chroma = ImageChops.subtract(ImageChops.lighter(ImageChops.lighter(r, g), b),
                                 ImageChops.darker(ImageChops.darker(r, g), b))
    mask = chroma.point(lambda v: 255 if v >= COLOUR_INK_CHROMA else 0)
    grey = image.convert("L")
    hist = mask.histogram()
    if hist[255] < COLOUR_PAGE_SHARE * image.width * image.height:
        return grey, False
    grey.paste(255, mask=mask)
    return grey, True


DIGIT_MODEL = "eng"  # Tesseract's English model reads lone digits ('06', '23') that the Vietnamese one reads as '//5', '“3'


def read_digits(image: Any, dpi: float) -> tuple[str, float] | None:
    """(digits, confidence) of a small image holding one number (a stamped or handwritten
    number or day), or None when what Tesseract reads there is not digits. Rules drawn
    across the crop (the line under the issuer) are painted out first."""
    import numpy as np
    from PIL import Image, ImageOps

    bw = binarise(image)
    ink = np.asarray(bw) < 128
    if not ink.any():
        return None
    ink[ink.mean(axis=1) > 0.6] = False  # a horizontal rule
    clean = Image.fromarray(np.where(ink, 0, 255).astype(np.uint8))
    clean = ImageOps.expand(clean, border=max(8, int(0.1 * dpi)), fill=255)
    buf = io.BytesIO()
    clean.save(buf, format="PNG", compress_level=1)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    res = subprocess.run(["tesseract", "-", "stdout", "-l", DIGIT_MODEL, "--psm", "7", "--dpi", str(int(dpi)), "tsv"],
                         input=buf.getvalue(), capture_output=True, timeout=TIMEOUT_S, env=env)
    words = [w for w in parse_tsv(res.stdout.decode("utf-8", errors="replace"), 1.0) if w.text.strip(".,:;_-—~'`")]
    text = "".join(w.text.strip(".,:;_-—~'`") for w in words)
    if not words or not text.isdigit():
        return None
    return text, min(w.conf or 0.0 for w in words)
