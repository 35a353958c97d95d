"""A scanned page's header table read again, one column at a time.

Tesseract reads a page as one block (psm 6, see ocr.py): a line of the header's left cell and
the line of the right cell beside it become one text line, fitted with one baseline. When the
two cells' lines are not quite level (a wrapped issuer beside 'Độc lập - Tự do - Hạnh phúc')
the words of the lower one are read with a confidence of 20-30 and set aside as ink, or split
('QUÁ ẢNG'): the issuer loses a word ('huyện Lăng' for 'huyện Hải Lăng'). The header band is
found from the page's own words by the layout's column analysis (the gutter between the
cells), and each cell is read again on its own, where its lines are level. The format puts
the issuer, the number, the place and date there (reference/format-rules.md), so the cost, two
small Tesseract calls a page, buys the fields that matter most.
"""

from __future__ import annotations

from typing import Any, Callable

from pipeline.ingest.layout import Word, find_bands, group_lines
from pipeline.ingest.syllables import EDGE_PUNCT, is_syllable

HEADER_TOP_SHARE = 0.4  # the header table starts in the top 40% of the page
PAD_EM = 0.6  # room kept around the band, in its line size


def header_band_box(words: list[Word], page_height: float) -> tuple[float, float, float, float, float] | None:
    """(x0, top, x1, bottom, gutter x) of the page's header table in points, or None when the
    page's first two-column band does not start near the top (a page of running text)."""
    lines = [ln for ln in group_lines(words) if ln.text.strip()]
    bands = find_bands(lines)
    if not bands:
        return None
    band = bands[0]
    rows = lines[band.start:band.end]
    if rows[0].top > HEADER_TOP_SHARE * page_height:
        return None
    x0 = min(ln.x0 for ln in rows)
    x1 = max(ln.x1 for ln in rows)
    return x0, rows[0].top, x1, rows[-1].bottom, (band.g0 + band.g1) / 2


def reread_header_columns(image: Any, words: list[Word], dpi: float, keep: Callable[[Word], bool],
                          read: Callable[..., list[Word]]) -> list[Word]:
    """The page's words with those of its header table replaced by a reading of each column
    alone (``read`` is Tesseract's word reader, ``keep`` the page's filter of ink and specks,
    used to find the band). Each column keeps the better of its two readings (reading_score)."""
    k = dpi / 72.0
    height = image.height / k
    kept = [w for w in words if keep(w)]
    box = header_band_box(kept, height)
    if box is None:
        return words
    x0, top, x1, bottom, mid = box
    size = sorted(w.size for w in kept)[len(kept) // 2] if kept else 12.0
    pad = PAD_EM * size
    top, bottom = max(0.0, top - pad), min(height, bottom + pad)
    x0, x1 = max(0.0, x0 - pad), min(image.width / k, x1 + pad)

    def inside(w: Word, left: float, right: float) -> bool:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        return left <= cx < right and top <= cy <= bottom

    out = [w for w in words if not inside(w, x0, x1)]
    for left, right in ((x0, mid), (mid, x1)):
        before = [w for w in words if inside(w, left, right)]
        crop = image.crop((int(left * k), int(top * k), int(right * k), int(bottom * k)))
        again = [w for w in read(crop, dpi, psm=6, offset=(int(left * k) / k, int(top * k) / k)) if inside(w, left, right)]
        out.extend(again if reading_score(again, keep) > reading_score(before, keep) else before)
    return out


def reading_score(words: list[Word], keep: Callable[[Word], bool]) -> float:
    """How much good text a reading holds: its kept words' letters weighted by Tesseract's
    confidence, half for a word that is neither a Vietnamese syllable nor holds a digit (a
    misread 'VIET'). A word set aside as ink counts nothing, so a reading that lost one scores less."""
    score = 0.0
    for w in words:
        if not keep(w):
            continue
        core = w.text.strip(EDGE_PUNCT)
        good = any(c.isdigit() for c in core) or (core.isalpha() and (len(core) < 2 or is_syllable(core)))
        score += len(core) * max(w.conf or 0.0, 0.0) / 100 * (1.0 if good else 0.5)
    return score
