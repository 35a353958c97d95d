"""A page's words (text layer or OCR) → the text a reader sees: lines, paragraphs, columns.

PDF text comes as positioned glyphs: lines wrapped where the page ended them, a two-column
header and signature block interleaved line by line, page numbers in the flow. The .txt or
.docx of the same document has one line per paragraph, each header column read top to
bottom, and no page furniture; the extractors are written for that. So, from the geometry:

- words are grouped into visual lines by their vertical overlap;
- a run of lines with a common vertical gutter (a "band": the header table, the Nơi nhận |
  signature table) is read column by column, left column first;
- a line joins the one before it when it is the same paragraph wrapped: the previous line
  would not have had room for this line's first word (it reached the column's right edge),
  with no paragraph spacing, size or weight change and no list marker between them; a
  word cut at a hyphen or slash ("…/KH-" | "LĐLĐ") is joined without a space;
- page numbers and running headers/footers are chrome: kept aside, not in the text.

Coordinates are PDF points with y growing downwards (top of page = 0).
"""

from __future__ import annotations

import functools
import statistics
from dataclasses import dataclass, field

import regex

LIST_MARKER_RE = regex.compile(
    r"^(?:[-+•*–]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ][.)]\s|[IVXLC]{1,5}[.)/]\s|(?:Điều|Chương|Mục|Phần)\s+\d"
    r"|Căn\s+cứ\s|Nơi\s+nhận|Kính\s+gửi|(?:TM|KT|TL|TUQ|Q)\.\s)",
)
PAGE_NUMBER_RE = regex.compile(r"^[\s\-–—]*(?:Trang\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?[\s\-–—.]*$", regex.IGNORECASE)
SENTENCE_END_RE = regex.compile(r"[.:;!?]$")
COLUMN_GAP_EM = 1.5  # outside a band, a gap this wide (and 16 pt) inside a line separates two cells (a tab)
CELL_PAD_PT = 5.4  # Word's and LibreOffice's default cell margin (0.19 cm)


@dataclass
class Word:
    """One word on a page, with its box (points, y down)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # font size in points (OCR: estimated from the line height)
    bold: bool | None = None  # None: unknown (OCR)
    conf: float | None = None  # OCR confidence 0-100; None for the text layer

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass
class Line:
    words: list[Word]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        # statistics.median's own arithmetic, without its generality (asked ~300 times a page)
        data = sorted([w.size for w in self.words])
        n = len(data)
        if n == 0:
            raise statistics.StatisticsError("no median for empty data")
        if n % 2 == 1:
            return data[n // 2]
        i = n // 2
        return (data[i - 1] + data[i]) / 2

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def bold(self) -> bool | None:
        flags = [w.bold for w in self.words if w.bold is not None and len(w.text) > 1]
        if not flags:
            return None
        return sum(flags) * 2 > len(flags)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def is_caps(self) -> bool:
        letters = [c for w in self.words for c in w.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


@dataclass
class OutLine:
    """A line of the output text: a paragraph (or a header cell line), with its pieces."""

    lines: list[Line]
    column: int = 0  # 0: full width, 1: left column of a band, 2: right column

    def text(self) -> str:
        return self.render()[0]

    def render(self) -> tuple[str, list[tuple[int, int, Word]]]:
        """The paragraph's text and where each word landed in it."""
        out: list[str] = []
        spans: list[tuple[int, int, Word]] = []
        pos = 0
        last = ""
        for i, ln in enumerate(self.lines):
            for j, w in enumerate(ln.words):
                if i or j:
                    if j and self.column == 0 and w.x0 - ln.words[j - 1].x1 >= _cell_gap(ln):
                        out.append("\t")  # two cells of a line outside a column band
                        pos += 1
                    elif not (j == 0 and _joins_tight(last, w.text)):
                        out.append(" ")
                        pos += 1
                out.append(w.text)
                spans.append((pos, pos + len(w.text), w))
                pos += len(w.text)
                last = w.text
        return "".join(out), spans


@dataclass
class PageLayout:
    """The page's text in reading order, and what was set aside."""

    blocks: list[OutLine] = field(default_factory=list)
    chrome: list[Line] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0


@functools.cache
def _positions() -> frozenset[str]:
    from pipeline import vocab

    return frozenset(p.lower() for p in vocab.issuers().positions)


@functools.cache
def _type_names() -> frozenset[str]:
    from pipeline import vocab

    return frozenset(t.name.lower() for t in vocab.doc_types().types)


def _is_type_line(line: Line) -> bool:
    """'QUYẾT ĐỊNH', 'KẾ HOẠCH' on their own line: the title block, never part of a header column."""
    return line.is_caps() and line.text.strip(" .:*").lower() in _type_names()


def _is_position(text: str) -> bool:
    """A signer's position on its own line ('CHỦ TỊCH', 'PHÓ GIÁM ĐỐC'): never the end of the line above."""
    return text.strip(" .:").lower() in _positions()


def _cell_gap(line: Line) -> float:
    return max(16.0, COLUMN_GAP_EM * line.size)


def _has_cells(line: Line) -> bool:
    """A line of two or more cells (a header laid out with tabs, a table row)."""
    limit = _cell_gap(line)
    return any(b.x0 - a.x1 >= limit for a, b in zip(line.words, line.words[1:]))


def _joins_tight(before: str, after: str) -> bool:
    """A word cut at a hyphen or slash at the line end: '…/KH-' + 'LĐLĐ', '2025-' + '2030'."""
    if not before or not after:
        return False
    if before[-1] in "-/" and len(before) >= 2 and not before[-2].isspace():
        return not after[0].isspace() and after[0] not in "-–"
    return False


def group_lines(words: list[Word]) -> list[Line]:
    """Words into visual lines: a word joins a line when it overlaps the line's band by half the
    smaller height and one's middle lies inside the other. A word much taller than the line
    does not widen its band, so a large signature line never chains two small Nơi nhận lines."""
    lines: list[Line] = []
    bands: list[tuple[float, float]] = []
    for w in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        h = max(w.bottom - w.top, 0.1)
        placed = False
        for k in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            top, bottom = bands[k]
            overlap = min(bottom, w.bottom) - max(top, w.top)
            mid_w, mid_b = (w.top + w.bottom) / 2, (top + bottom) / 2
            if overlap >= 0.5 * min(h, bottom - top) and (top <= mid_w <= bottom or w.top <= mid_b <= w.bottom):
                lines[k].words.append(w)
                if h <= 1.5 * (bottom - top):  # a much taller word joins but does not stretch the line
                    bands[k] = (min(top, w.top), max(bottom, w.bottom))
                placed = True
                break
        if not placed:
            lines.append(Line([w]))
            bands.append((w.top, w.bottom))
    for ln in lines:
        ln.words.sort(key=lambda w: w.x0)
    lines.sort(key=lambda ln: (ln.top + ln.bottom) / 2)
    return lines


def _gaps(line: Line, min_gap: float) -> list[tuple[float, float]]:
    out = []
    for a, b in zip(line.words, line.words[1:]):
        if b.x0 - a.x1 >= min_gap:
            out.append((a.x1, b.x0))
    return out


def _side(line: Line, g0: float, g1: float) -> int | None:
    """1: all words left of the gutter, 2: all right, 3: both sides, None: a word crosses it."""
    left = right = False
    for w in line.words:
        if w.x1 <= g0 + 1:
            left = True
        elif w.x0 >= g1 - 1:
            right = True
        else:
            return None
    return (1 if left else 0) | (2 if right else 0)


@dataclass
class Band:
    start: int
    end: int  # exclusive
    g0: float
    g1: float
    sides: list[int]


def _try_band(lines: list[Line], i: int, g0: float, g1: float) -> Band | None:
    sides = [3]
    last_two = i
    j = i + 1
    while j < len(lines):
        ln, prev = lines[j], lines[j - 1]
        size = max(ln.size, prev.size)
        if ln.top - prev.bottom > 5 * size or _is_type_line(ln):
            break
        s = _side(ln, g0, g1)
        gs = [g for g in _gaps(ln, max(8.0, 0.9 * ln.size)) if g[0] <= g1 and g[1] >= g0]
        if gs and s != 3:  # both columns on this line, with a narrower gutter
            # the gap that keeps the right column where it starts (a note tabbed after a Nơi nhận item
            # is the left cell's), else the one overlapping the gutter most
            best = max(gs, key=lambda g: (g[1] >= g1 - 2, min(g1, g[1]) - max(g0, g[0])))
            n0, n1 = max(g0, best[0]), min(g1, best[1])
            if n1 - n0 >= max(6.0, 0.6 * ln.size) and _side(ln, n0, n1) == 3:
                g0, g1, s = n0, n1, 3
        if s is None:  # a line of one column reaching into the gutter: the gutter is narrower
            room = max(6.0, 0.6 * ln.size)
            # (or a line of the left cell's list, aligned with its first line and longer than it:
            # 'Nơi nhận:' over '- Các Phó Chủ tịch UBND Thành phố;')
            left_aligned = abs(ln.x0 - lines[i].x0) <= ln.size and ln.center < (g0 + g1) / 2
            if ln.x0 < g0 and ln.x1 < g1 - room and (ln.center < g0 or left_aligned):
                g0, s = ln.x1, 1
            elif ln.x1 > g1 and ln.x0 > g0 + room and ln.center > g1:
                g1, s = ln.x0, 2
            else:
                break
        if s == 3:
            last_two = j
        sides.append(s)
        j += 1
    # after the last line with both columns: only a close tail of one column (V/v under Số)
    end = last_two + 1
    tail_side = None
    while end < j:
        ln, prev = lines[end], lines[end - 1]
        s = sides[end - i]
        if tail_side is not None and s != tail_side:
            break
        if ln.top - prev.bottom > 1.2 * max(ln.size, prev.size):
            break
        tail_side = s
        end += 1
    sides = sides[: end - i]
    two = sum(1 for s in sides if s == 3)
    has = {1: any(s & 1 for s in sides), 2: any(s & 2 for s in sides)}
    if two >= 2 or (two == 1 and len(sides) >= 3 and has[1] and has[2] and any(s != 3 for s in sides)):
        return Band(i, end, g0, g1, sides)
    return None


def _extend_up(lines: list[Line], band: Band, floor: int) -> None:
    """Lines of one column right above a band's first two-column line belong to it (a long
    Nơi nhận list whose first line faces nothing)."""
    k = band.start - 1
    while k >= floor:
        ln, below = lines[k], lines[k + 1]
        if below.top - ln.bottom > 1.2 * max(ln.size, below.size):
            break
        s = _side(ln, band.g0, band.g1)
        if s not in (1, 2):
            break
        band.sides.insert(0, s)
        band.start = k
        k -= 1


def find_bands(lines: list[Line]) -> list[Band]:
    """Runs of lines read as two columns (the header table, the signature table)."""
    bands: list[Band] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        best: Band | None = None
        for g0, g1 in _gaps(ln, max(10.0, 1.2 * ln.size)):
            b = _try_band(lines, i, g0, g1)
            if b and (best is None or b.end > best.end):
                best = b
        if best:
            _extend_up(lines, best, bands[-1].end if bands else 0)
            bands.append(best)
            i = best.end
        else:
            i += 1
    return bands


def _split(line: Line, g0: float, g1: float) -> tuple[Line | None, Line | None]:
    left = [w for w in line.words if w.x1 <= g0 + 1]
    right = [w for w in line.words if w.x0 >= g1 - 1]
    return (Line(left) if left else None), (Line(right) if right else None)


@dataclass
class _Frame:
    """The horizontal room a column's lines had, for the wrap test."""

    left: float
    right: float


def _continues(a: Line, b: Line, frame: _Frame, typical_gap: float, in_band: bool, widest: float = 0.0) -> bool:
    """Is b the same paragraph as a, wrapped?"""
    size = max(a.size, b.size)
    gap = b.top - a.bottom
    if gap > max(typical_gap * 1.8, typical_gap + 0.45 * size) or gap < -0.5 * size:
        return False
    if abs(a.size - b.size) > 0.15 * size:
        return False
    if a.bold is not None and b.bold is not None and a.bold != b.bold:
        return False
    if LIST_MARKER_RE.match(b.text) or _is_position(b.text):
        return False
    if not in_band and (_has_cells(b) or (_has_cells(a) and not b.text[:1].islower())):
        return False  # a table row: only a lower-case end of its last cell goes on it
    if not any(c.isalnum() for c in a.text + b.text[:1]) or not any(c.isalnum() for c in b.text):
        return False  # a rule drawn with characters ('-----', '***')
    if in_band and a.is_caps() != b.is_caps() and not b.text[:1].islower():
        return False  # 'CỘNG HÒA …' | 'Độc lập - Tự do - Hạnh phúc'
    if SENTENCE_END_RE.search(a.text) and not b.text[:1].islower():
        return False  # '…tình hình mới;' | 'Liên đoàn …': a new paragraph even when the line was full
    if _joins_tight(a.text, b.text) and a.x1 > frame.right - 3 * size:
        return True
    first = b.words[0].width
    space = 0.25 * size
    centered = abs(a.center - b.center) <= 0.25 * size and abs(a.x0 - b.x0) > 0.25 * size
    if centered:
        room = 2 * min(a.center - frame.left, frame.right - a.center)
        wrapped = a.width + space + first > room - 0.5 * size
    else:
        wrapped = a.x1 + space + first > frame.right - 0.3 * size
    if not wrapped:
        return False
    if in_band and a.is_caps() and b.is_caps() and b.width >= 0.5 * a.width:
        return False  # two header lines of similar width (a two-level issuer), not one wrapped
    if in_band and a.width < 0.85 * widest and not (b.text[:1].islower() or b.text[:1].isdigit()):
        return False  # a header cell wraps its widest line; a shorter one ended ('Độc lập - Tự do - Hạnh phúc')
    return True


def _paragraphs(lines: list[Line], frame: _Frame, typical_gap: float, column: int) -> list[OutLine]:
    out: list[OutLine] = []
    widest = max((ln.width for ln in lines), default=0.0)
    for ln in lines:
        if out and _continues(out[-1].lines[-1], ln, frame, typical_gap, column != 0, widest):
            out[-1].lines.append(ln)
        else:
            out.append(OutLine([ln], column))
    return out


def _margins(lines: list[Line], page_width: float) -> tuple[float, float]:
    wide = [ln for ln in lines if ln.width > 0.45 * page_width] or lines
    x0s = sorted(ln.x0 for ln in wide)
    x1s = sorted(ln.x1 for ln in wide)
    return x0s[len(x0s) // 10], x1s[(len(x1s) * 9) // 10]


def is_page_number(line: Line) -> bool:
    return bool(PAGE_NUMBER_RE.match(line.text))


def lay_out(words: list[Word], width: float, height: float) -> PageLayout:
    """The page's words in reading order, as paragraphs; page numbers set aside."""
    page = PageLayout(width=width, height=height)
    lines = [ln for ln in group_lines(words) if ln.text.strip()]
    if not lines:
        return page
    # a page number: alone on the first or last line, in the top or bottom margin
    for idx in (0, -1):
        if not lines:
            break
        ln = lines[idx]
        in_margin = ln.bottom < 0.12 * height or ln.top > 0.88 * height
        if is_page_number(ln) and (in_margin or len(lines) > 3):
            page.chrome.append(ln)
            lines.remove(ln)
    if not lines:
        return page
    left, right = _margins(lines, width)
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if 0 <= b.top - a.bottom < 3 * a.size]
    typical_gap = statistics.median(gaps) if gaps else 0.3 * lines[0].size
    full = _Frame(min(left, min(ln.x0 for ln in lines)), max(right, 0.0))
    bands = find_bands(lines)
    i = 0
    flow: list[Line] = []

    def flush() -> None:
        page.blocks.extend(_paragraphs(flow, full, typical_gap, 0))
        flow.clear()

    for band in bands:
        flow.extend(lines[i:band.start])
        flush()
        cols: tuple[list[Line], list[Line]] = ([], [])
        for ln in lines[band.start:band.end]:
            lft, rgt = _split(ln, band.g0, band.g1)
            if lft:
                cols[0].append(lft)
            if rgt:
                cols[1].append(rgt)
        mid = (band.g0 + band.g1) / 2
        right_x0 = min((ln.x0 for ln in cols[1]), default=band.g1)
        page.blocks.extend(_paragraphs(cols[0], _Frame(full.left, min(mid, right_x0 - 2 * CELL_PAD_PT)), typical_gap, 1))
        # a header cell's right edge is about where its widest line ends (its lines wrap there)
        right_edge = max((ln.x1 + 0.5 * ln.size for ln in cols[1]), default=full.right)
        page.blocks.extend(_paragraphs(cols[1], _Frame(mid, min(full.right, right_edge) if cols[1] else full.right),
                                       typical_gap, 2))
        i = band.end
    flow.extend(lines[i:])
    flush()
    return page
