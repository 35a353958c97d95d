"""Split a normalized text into zones: header, preamble, body sections, closing, chrome.

Extractors read only the zones they are about (the header extractor the header cells,
citations the preamble and body, never the Nơi nhận list or page chrome), which is what
keeps a document's own number out of its citations and view counters out of targets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from pipeline import rx
from pipeline import patterns as P
from pipeline import vocab
from pipeline.normalize import Text

HEADER_WINDOW_LINES = 45
SENTENCE_END_RE = regex.compile(r"[.:;!?]$")
# where a second header column starts when cells were run together on one line
GLUED_RE = regex.compile(
    r"(?<=\S)(?=CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI|ĐẢNG\s+CỘNG\s+SẢN|Độc\s+lập\s*-\s*Tự\s+do)"
)
_GLUE_HINT_RE = regex.compile(r"CỘNG|ĐẢNG|Độc")  # what GLUED_RE needs, found without its lookbehind
TIMESTAMP_RE = regex.compile(r"^(?:Thứ\s+\S+|Chủ\s+nhật)?\s*[-,]?\s*\d{1,2}/\d{1,2}/\d{4}\s*(?:[-,]?\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:\(GMT[^)]*\))?$", regex.IGNORECASE)
BREADCRUMB_RE = regex.compile(r"\s[>»/|]\s")
SEPARATOR_RE = regex.compile(r"^[\s\-_=*.~…]{3,}$")
KINH_GUI_RE = regex.compile(r"^\s*Kính\s+gửi", regex.IGNORECASE)
PORTAL_RE = regex.compile(
    r"^\s*(?:Số\s+hiệu|Loại\s+văn\s+bản|Người\s+ký|Ngày\s+ban\s+hành|Nơi\s+ban\s+hành|"
    r"Ngày\s+hiệu\s+lực|Tình\s+trạng|Lĩnh\s+vực|Cơ\s+quan\s+ban\s+hành)\s*:",
    regex.IGNORECASE,
)


@dataclass(frozen=True)
class Cell:
    """A piece of a line (a column of a flattened two-column header, or the whole line)."""

    start: int
    end: int
    text: str
    line: int  # index of the line it is on


@dataclass(frozen=True)
class Section:
    level: int
    label: str
    heading_start: int
    heading_end: int
    end: int  # end of the section's body
    heading: str


@dataclass
class Segments:
    kind: str  # "directive" | "news"
    lines: list[Cell]
    header_cells: list[Cell] = field(default_factory=list)
    number: Cell | None = None
    blank_number: bool = False
    place_date: Cell | None = None
    type_line: Cell | None = None
    title_on_type_line: Cell | None = None
    title: list[Cell] = field(default_factory=list)
    issuer_lines: list[Cell] = field(default_factory=list)
    body_start: int = 0
    body_end: int = 0
    preamble: tuple[int, int] | None = None
    recipients: tuple[int, int] | None = None
    signature: list[Cell] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    chrome: list[tuple[int, int]] = field(default_factory=list)
    portal: list[Cell] = field(default_factory=list)

    def in_chrome(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.chrome)


def split_lines(text: str) -> list[Cell]:
    out: list[Cell] = []
    pos = 0
    for i, line in enumerate(text.split("\n")):
        out.append(Cell(pos, pos + len(line), line, i))
        pos += len(line) + 1
    return out


def split_cells(line: Cell) -> list[Cell]:
    """Columns of a header line: tab- or wide-space-separated pieces, stripped."""
    tx = line.text
    if "\t" not in tx and "   " not in tx and "|" not in tx and not _GLUE_HINT_RE.search(tx):
        stripped = tx.strip().strip("*").strip()  # one column: most lines (segment calls this ~30x a document)
        if not stripped:
            return []
        off = tx.find(stripped)
        return [Cell(line.start + off, line.start + off + len(stripped), stripped, line.line)]
    cells: list[Cell] = []
    last = 0
    pieces: list[tuple[int, int]] = []
    for m in P.COLUMN_SPLIT_RE.finditer(line.text):
        pieces.append((last, m.start()))
        last = m.end()
    pieces.append((last, len(line.text)))
    # a flattened header run together: "Số: 02 /KHLT/LĐLĐ-TĐTNCỘNG HÒA XÃ HỘI …"
    split: list[tuple[int, int]] = []
    for s, e in pieces:
        cut = s
        for m in GLUED_RE.finditer(line.text, s, e):
            if m.start() > cut:
                split.append((cut, m.start()))
                cut = m.start()
        split.append((cut, e))
    for s, e in split:
        raw = line.text[s:e]
        stripped = raw.strip().strip("*").strip()
        if not stripped:
            continue
        off = raw.find(stripped)
        cells.append(Cell(line.start + s + off, line.start + s + off + len(stripped), stripped, line.line))
    return cells


def _is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _word_count(s: str) -> int:
    return len(s.split())


def segment(text: Text) -> Segments:
    """Find the zones of one document."""
    t = text.text
    lines = split_lines(t)
    nonempty = [ln for ln in lines if ln.text.strip()]
    window = nonempty[:HEADER_WINDOW_LINES]
    cells: list[Cell] = []
    for ln in window:
        cells.extend(split_cells(ln))

    seg = Segments(kind="news", lines=lines, header_cells=cells)
    portal = [c for c in cells if PORTAL_RE.match(c.text)]
    seg.portal = portal
    for c in portal:
        seg.chrome.append((c.start, c.end))

    quoc_hieu = [c for c in cells if len(c.text) < 80 and P.QUOC_HIEU_RE.search(c.text)]
    for c in cells:
        if c in portal:
            continue
        if seg.number is None and P.NUMBER_LINE_RE.match(c.text):
            seg.number = c
        elif seg.number is None and not seg.blank_number and P.BLANK_NUMBER_LINE_RE.match(c.text):
            seg.blank_number = True
        if seg.place_date is None:
            m = P.place_date_match(c.text)
            if m and not m.group("place").lower().startswith("số") and _word_count(m.group("place")) <= 6:
                seg.place_date = c
    if seg.place_date is None:
        # run together with another column ("Số: 35/KH-LĐLĐ Hòa Bình, ngày 17 tháng 6 năm 2024"):
        # the place is the capitalised words right before ", ngày"
        for c in cells:
            m = P.PLACE_DATE_INSIDE_RE.search(c.text)
            if m and m.start() > 0:
                seg.place_date = Cell(c.start + m.start(), c.end, c.text[m.start():], c.line)
                break
    type_re = P.type_line_re()
    for c in cells:
        if P.BASIS_CUE_RE.match(c.text) or KINH_GUI_RE.match(c.text) or len(c.text) > 250:
            break  # the body has begun: a type line after this belongs to another document
        if type_re.match(c.text) and (_is_caps(c.text) or seg.number is not None):
            seg.type_line = c
            break
    if seg.type_line is None and (seg.number or quoc_hieu):
        # type and title on one capitals line
        for c in cells:
            if P.BASIS_CUE_RE.match(c.text) or KINH_GUI_RE.match(c.text) or len(c.text) > 250:
                break
            m = P.type_title_line_re().match(c.text.upper()) if _is_caps(c.text) else None
            if m:
                seg.type_line = Cell(c.start + m.start("doc_type"), c.start + m.end("doc_type"), m.group("doc_type"), c.line)
                seg.title_on_type_line = Cell(c.start + m.start("title"), c.start + m.end("title"), c.text[m.start("title"):m.end("title")], c.line)
                break

    portal_number = any(rx.match(r"\s*Số\s+hiệu\s*:\s*\d", c.text, regex.IGNORECASE) for c in portal)
    is_directive = bool(seg.number or seg.type_line or quoc_hieu or seg.blank_number or portal_number)
    if is_directive:
        seg.kind = "directive"
        _directive_zones(seg, text, cells, quoc_hieu)
    else:
        _news_zones(seg, text)
    _sections(seg, t)
    return seg


def _directive_zones(seg: Segments, text: Text, cells: list[Cell], quoc_hieu: list[Cell]) -> None:
    t = text.text
    lines = seg.lines
    # issuer lines: left-column cells before the number line (or before the type line)
    stop_line = seg.number.line if seg.number else (seg.type_line.line if seg.type_line else -1)
    qh = set(quoc_hieu)
    for c in cells:
        # the type line, or the cell holding it with the title ("THỎA ƯỚC LAO ĐỘNG TẬP THỂ")
        if c.line > stop_line or c == seg.number or (seg.type_line and c.start <= seg.type_line.start < c.end):
            break
        if c in qh or c == seg.place_date or c.text in {"*", "***"} or SEPARATOR_RE.match(c.text):
            continue
        if P.place_date_match(c.text) or c in seg.portal:
            continue
        if _is_caps(c.text) or c.text[:1].isupper():
            seg.issuer_lines.append(c)
    caps = [c for c in seg.issuer_lines if _is_caps(c.text)]
    if caps:
        seg.issuer_lines = caps

    # title: after the type line; a công văn has "V/v …" instead
    header_end_line = max(
        (c.line for c in (seg.number, seg.place_date, seg.type_line, *quoc_hieu) if c is not None),
        default=-1,
    )
    if seg.type_line is not None:
        title: list[Cell] = [seg.title_on_type_line] if seg.title_on_type_line else []
        i = seg.type_line.line + 1
        blank_seen = False
        while i < len(lines) and len(title) < 5:
            ln = lines[i]
            s = ln.text.strip().strip("*").strip()
            i += 1
            if not s:
                if title:
                    blank_seen = True
                continue
            if blank_seen:
                break
            if not title and _is_caps(s) and s.upper().startswith("CỦA "):
                continue  # "KẾT LUẬN / CỦA CHI BỘ": part of the type line
            if (
                (P.BASIS_CUE_RE.match(s) and not _is_caps(s))
                or KINH_GUI_RE.match(s)
                or SEPARATOR_RE.match(s)
                or P.RECIPIENTS_RE.match(s)
                or (title and _is_caps(s) != _is_caps(title[0].text))
                or (title and P.SECTION_RE.match(s))
            ):
                break
            off = ln.text.find(s)
            title.append(Cell(ln.start + off, ln.start + off + len(s), s, ln.line))
            if sum(len(c.text) for c in title) > 500:
                break
        seg.title = title
        if title:
            header_end_line = max(header_end_line, title[-1].line)
    else:
        for c in cells:
            m = P.VV_RE.match(c.text) or P.VV_INSIDE_RE.search(c.text)  # "Số: 123/LĐLĐ V/v …" on one line
            if m:
                title = m.group("title").strip()
                cut = P.PLACE_DATE_INSIDE_RE.search(title)  # the other column run into it
                if cut:
                    title = title[: cut.start()].strip()
                seg.title = [Cell(c.start + m.start("title"), c.start + m.start("title") + len(title), title, c.line)]
                header_end_line = max(header_end_line, c.line)
                # a V/v over two lines: the next line goes on in lower case
                nxt = lines[c.line + 1] if c.line + 1 < len(lines) else None
                if nxt is not None and nxt.text.strip()[:1].islower():
                    more = nxt.text.strip()
                    seg.title.append(Cell(nxt.start + nxt.text.find(more), nxt.end, more, nxt.line))
                    header_end_line = max(header_end_line, nxt.line)
                break
    seg.body_start = lines[header_end_line + 1].start if 0 <= header_end_line + 1 < len(lines) else 0

    # closing: the last "Nơi nhận" and the signature block (authority line) near the end
    last_line = max((ln.line for ln in lines if ln.text.strip()), default=0)
    tail_from = max(0, last_line - 60)
    rec_line = None
    for ln in lines[tail_from:]:
        if ln.start >= seg.body_start and P.RECIPIENTS_RE.match(ln.text):
            rec_line = ln
    auth_line = None
    for ln in lines[tail_from:]:
        if ln.start >= seg.body_start and SPLIT_HINT_RE.search(ln.text):
            for c in split_cells(ln):
                if P.AUTHORITY_RE.match(c.text):
                    auth_line = c
    ends = [x.start for x in (rec_line, auth_line) if x is not None]
    seg.body_end = min(ends) if ends else len(t)
    if rec_line is not None:
        rec_end = len(t)
        if auth_line is not None and auth_line.start > rec_line.start:
            rec_end = auth_line.start
        seg.recipients = (rec_line.start, rec_end)
    if auth_line is not None:
        seg.signature = _signature_cells(lines, auth_line.start)
    else:
        # no authority line: a position line in the last lines ("CHỦ TỊCH", "BÍ THƯ")
        positions = {p.upper() for p in vocab.issuers().positions}
        for ln in lines[tail_from:]:
            if not ln.text.strip() or len(ln.text) > 120 or not _is_caps(ln.text):
                continue
            for c in split_cells(ln):
                if c.start >= seg.body_start and c.text.upper() in positions:
                    seg.signature = _signature_cells(lines, c.start)
                    seg.body_end = min(seg.body_end, c.start)
                    break

    # preamble: the Căn cứ / Thực hiện / Trên cơ sở clauses right after the header
    pre_start = pre_end = None
    in_addressees = False
    for ln in lines:
        if ln.start < seg.body_start or ln.start >= seg.body_end:
            continue
        s = ln.text.strip()
        if not s:
            continue
        if P.BASIS_CUE_RE.match(s):
            if pre_start is None:
                pre_start = ln.start
            pre_end = ln.end
            continue
        if pre_start is None and (_is_caps(s) and _word_count(s) <= 12):
            continue  # "BAN CHẤP HÀNH CÔNG ĐOÀN …" authority line of a Quyết định
        if pre_start is None and KINH_GUI_RE.match(s):
            in_addressees = True
            continue
        if pre_start is None and in_addressees and rx.match(r"^[-+•*]\s", s):
            continue  # the addressee list of a công văn
        break
    if pre_start is not None and pre_end is not None:
        seg.preamble = (pre_start, pre_end)


def _signature_cells(lines: list[Cell], start: int, limit: int = 8) -> list[Cell]:
    """The cells of a signature block: from its first line, until a new header begins."""
    out: list[Cell] = []
    for ln in lines:
        if ln.end <= start:
            continue
        for c in split_cells(ln):
            if c.start < start:
                continue
            if P.QUOC_HIEU_RE.search(c.text) or P.NUMBER_LINE_RE.match(c.text) or P.RECIPIENTS_RE.match(c.text):
                return out
            out.append(c)
            if len(out) >= limit:
                return out
    return out


CHROME_LINE_RE = regex.compile(
    r"(?:Go\s+top|Thống\s+kê\s+truy\s+cập|Sự\s+kiện\s+nổi\s+bật|Tin\s+liên\s+quan|Bài\s+viết\s+liên\s+quan|"
    r"Các\s+tin\s+khác|Tin\s+khác|Tin\s+mới|Xem\s+thêm|Bình\s+luận|Lượt\s+xem|Chia\s+sẻ|"
    r"Người\s+trực\s+tuyến|Tổng\s+lượt\s+truy\s+cập|bình\s+chọn|escort|casino|Đăng\s+nhập|Trang\s+chủ|"
    r"Site\s+banner|In\s+bài\s+viết|Gửi\s+bài\s+viết)",
    regex.IGNORECASE,
)


def _news_zones(seg: Segments, text: Text) -> None:
    lines = seg.lines
    headline = None
    for ln in lines[:15]:
        s = ln.text.strip()
        if not s:
            continue
        if (
            (CHROME_LINE_RE.search(s) and (_word_count(s) <= 12 or len(CHROME_LINE_RE.findall(s)) >= 2))
            or TIMESTAMP_RE.match(s)
            or BREADCRUMB_RE.search(s) and _word_count(s) <= 12
        ):
            seg.chrome.append((ln.start, ln.end))
            continue
        if 5 <= _word_count(s) <= 60 and not s.endswith(":"):
            off = ln.text.find(s)
            headline = Cell(ln.start + off, ln.start + off + len(s), s, ln.line)
            break
        seg.chrome.append((ln.start, ln.end))
    if headline is not None:
        seg.title = [headline]
        seg.body_start = lines[headline.line + 1].start if headline.line + 1 < len(lines) else len(text.text)
    body_end = len(text.text)
    for ln in lines:
        if ln.start < seg.body_start:
            continue
        s = ln.text.strip()
        if s and CHROME_LINE_RE.search(s) and _word_count(s) <= 12:
            body_end = ln.start
            break
        if s and _word_count(s) >= 6 and CHROME_LINE_RE.search(s) and not SENTENCE_END_RE.search(s):
            body_end = ln.start
            break
    seg.body_end = body_end
    seg.chrome.append((body_end, len(text.text)))
    # photo captions and bylines: short lines without sentence punctuation inside the body
    for ln in lines:
        s = ln.text.strip()
        if seg.body_start <= ln.start < body_end and s and _word_count(s) <= 5 and not SENTENCE_END_RE.search(s):
            seg.chrome.append((ln.start, ln.end))


def _sections(seg: Segments, t: str) -> None:
    found: list[tuple[int, str, int, int, str]] = []
    for m in P.SECTION_RE.finditer(t, seg.body_start, seg.body_end):
        found.append((P.section_level(m), m.group("label"), m.start(), m.end(), m.group("heading").strip()))
    out: list[Section] = []
    for i, (level, label, hs, he, heading) in enumerate(found):
        end = seg.body_end
        for level2, _, hs2, _, _ in found[i + 1 :]:
            if level2 <= level:
                end = hs2
                break
        out.append(Section(level, label, hs, he, end, heading))
    seg.sections = out


SPLIT_HINT_RE = regex.compile(r"Số|TM|KT|TL|TUQ|T/M|K/T|T/L|Q[./]")


def split_documents(text: str) -> list[tuple[int, int]]:
    """Ranges of the documents in one file (a công văn followed by a quyết định and forms).

    A new document starts at a 'Số:' line that follows a signature block of the previous
    one; its issuer lines just above belong to it. One range when there is one document.
    """
    lines = split_lines(text)
    starts = [0]
    last_authority = None
    for ln in lines:
        if not SPLIT_HINT_RE.search(ln.text):
            continue
        for c in split_cells(ln):
            if P.AUTHORITY_RE.match(c.text):
                last_authority = ln.line
            elif P.NUMBER_LINE_RE.match(c.text) and last_authority is not None and ln.start > starts[-1]:
                first = ln.line
                while first - 1 > last_authority + 1 and lines[first - 1].text.strip():
                    first -= 1
                if lines[first].start > starts[-1]:
                    starts.append(lines[first].start)
                last_authority = None
    return [(s, e) for s, e in zip(starts, [*starts[1:], len(text)])]


def only(text: Text, start: int, end: int) -> Text:
    """The same text with everything outside [start, end) blanked (same length, so every
    offset and the map to the source stay as they are)."""
    t = text.text
    blank = lambda s: "".join(ch if ch == "\n" else " " for ch in s)  # noqa: E731
    return Text(text=blank(t[:start]) + t[start:end] + blank(t[end:]), source_text=text.source_text,
                to_source=text.to_source, pages=text.pages)
