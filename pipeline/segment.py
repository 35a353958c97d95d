"""Split a normalized text into zones: header, preamble, body sections, closing, chrome.

Extractors read only the zones they are about (the header extractor the header cells,
citations the preamble and body, never the Nơi nhận list or page chrome), which is what
keeps a document's own number out of its citations and view counters out of targets.

The opening's lines are first labelled (``label_lines``: ``chrome`` | ``header`` | ``body``,
every line scored from its features and the zones decoded as a sequence), and the header
fields are then looked for from the first header line on. ``Segments`` keeps the API the
other extractors use: ``kind``, ``number``, ``place_date``, ``type_line``, ``title``,
``issuer_lines``, ``body_start``/``body_end``, ``preamble`` (the Căn cứ clauses, for
citations), ``recipients``, ``signature``, ``sections``, ``chrome`` (spans never to read, now
also the page chrome above the header), ``portal`` and ``portal_fields`` (a legal portal's
metadata block, label → value), ``labels`` (line index → zone of the opening) and
``headline_type`` (type and title read from a post title). In ``doc.spans["zones"]`` the
labels are TITLE, NUMBER, PLACE_DATE, TYPE, HEADER, BASIS, BODY, RECIPIENTS, CHROME.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field

import regex

from pipeline import rx
from pipeline import patterns as P
from pipeline import vocab
from pipeline.extract import names
from pipeline.normalize import Text, fold

HEADER_WINDOW_LINES = 45
SENTENCE_END_RE = regex.compile(r"[.:;!?]$")
# where a second header column starts when cells were run together on one line
GLUED_RE = regex.compile(
    r"(?<=\S)(?=\s?(?:CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI|ĐẢNG\s+CỘNG\s+SẢN|Độc\s+[lL]ập\s*-\s*Tự\s+[dD]o))"
)
_GLUE_HINT_RE = regex.compile(r"CỘNG|ĐẢNG|Độc")  # what GLUED_RE needs, found without its lookbehind


_GLUE_HINTS = tuple(_GLUE_HINT_RE.pattern.split("|"))  # its three literals


_HINT1, _HINT2, _HINT3 = _GLUE_HINTS


def _glue_hint(s: str) -> bool:
    """_GLUE_HINT_RE.search(s) as substring tests (asked of every line: 3x faster)."""
    return _HINT1 in s or _HINT2 in s or _HINT3 in s
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
    blank_number_cell: Cell | None = None  # the number line left blank (a draft, or a number OCR could not read)
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
    portal_fields: list[tuple[str, Cell]] = field(default_factory=list)  # (label, value) of a metadata block
    headline_type: bool = False  # type and title read from a post title, not a type line
    unread_number: Cell | None = None  # a number line whose number a scan misread ("Số: 6? /TTg-CĐS")
    resolution: Cell | None = None  # the opening line ending on a Nghị quyết's enacting words ("… quyết nghị:")
    labels: dict[int, str] = field(default_factory=dict)  # line index → zone of the opening (label_lines)

    def in_chrome(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.chrome)


def split_lines(text: str) -> list[Cell]:
    """The lines of a text as cells (a fresh list; the cells are shared: a file's text is
    split by split_documents, then again by segment, which this reads from the cache)."""
    return list(_lines_of(text))


@functools.lru_cache(maxsize=4)
def _lines_of(text: str) -> tuple[Cell, ...]:
    out: list[Cell] = []
    pos = 0
    for i, line in enumerate(text.split("\n")):
        out.append(Cell(pos, pos + len(line), line, i))
        pos += len(line) + 1
    return tuple(out)


def split_cells(line: Cell) -> list[Cell]:
    """Columns of a header line: tab- or wide-space-separated pieces, stripped."""
    tx = line.text
    if "\t" not in tx and "   " not in tx and "|" not in tx and not _glue_hint(tx):
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


_NOT_UPPER_LETTER_RE = regex.compile(r"[\p{L}--\p{Lu}]", regex.V1)
_TWO_LETTERS_RE = regex.compile(r"\p{L}[^\p{L}]*\p{L}")


def _is_caps(s: str) -> bool:
    """Every letter a capital, two letters at least (regexes: asked of every opening line)."""
    return _NOT_UPPER_LETTER_RE.search(s) is None and _TWO_LETTERS_RE.search(s) is not None


def _word_count(s: str) -> int:
    return len(s.split())


# ---------------------------------------------------------------------------
# Line labelling: every line of the opening scored for each zone, decoded as a sequence
# ---------------------------------------------------------------------------
# The zones of the opening of a page, in the order the format (Nghị định 30/2020, Phụ
# lục I) prints them: page chrome (site banner, menu, post title, timestamp, portal
# metadata), then the header block (issuer cells, quốc hiệu, Số, place-date line, type
# line and trích yếu), then the body. Each line gets a score per zone from its features;
# the best monotone path (Viterbi over three states, O(lines)) says where the document's
# own header starts and ends, so a post title above it or a teaser that repeats its
# Căn cứ clauses cannot be taken for it, whichever comes first on the page.
ZONE_CHROME, ZONE_HEADER, ZONE_BODY = "chrome", "header", "body"
ZONE_ORDER = (ZONE_CHROME, ZONE_HEADER, ZONE_BODY)
LABEL_WINDOW_LINES = 40
ORG_HINT_RE = regex.compile(
    r"(?:LIÊN\s+ĐOÀN|CÔNG\s*ĐOÀN|ỦY\s+BAN|UỶ\s+BAN|UBND|HĐND|HỘI\s+ĐỒNG|TỈNH\s+ỦY|TỈNH\s+UỶ|HUYỆN\s+ỦY|"
    r"HUYỆN\s+UỶ|THÀNH\s+ỦY|ĐẢNG\s+ỦY|ĐẢNG\s+UỶ|ĐẢNG\s+BỘ|CHI\s+BỘ|THÀNH\s+ĐOÀN|TỈNH\s+ĐOÀN|ĐOÀN\s+TNCS|"
    r"TRƯỜNG|PHÒNG|SỞ|BỘ|BAN|CHÍNH\s+PHỦ|QUỐC\s+HỘI|CÔNG\s+TY|BỆNH\s+VIỆN|HỘI|LĐLĐ|CĐCS|CĐ|TLĐ|ĐẠI\s+HỘI|TỔNG\s+CÔNG\s+TY|TẬP\s+ĐOÀN)\b"
)
QUOC_HIEU_FOLDED_RE = regex.compile(r"xa\s+hoi\s+chu\s+nghia\s+viet\s+nam|doc\s+lap\s*-\s*tu\s+do\s*-\s*hanh\s+phuc")
# the same, any letter in place of a damaged vowel (no folding: it is asked of every opening line)
QUOC_HIEU_LOOSE_RE = regex.compile(
    r"X\w\s+H\w{1,3}I\s+CH\w{1,2}\s+NGH\w{1,3}\s+VI\w{1,2}T\s+NAM|[ĐD]\w{1,2}C\s+L\w{1,2}P\s*-\s*T\w\s+DO\s*-\s*H\w{1,2}NH\s+PH\w{1,2}C",
    regex.IGNORECASE,
)
LONG_LINE_WORDS = 45
BASIS_CLAUSE_MIN_WORDS = 12


@functools.cache
def type_headline_re() -> regex.Pattern[str]:
    """A post title that starts with a type name in sentence case, then its subject."""
    names = vocab.alternation([t.name for t in vocab.doc_types().types])
    return regex.compile(rf"^(?:{names})\s+(?:liên\s+tịch\s+)?(?:số\s+\S+\s+)?\S+\s+\S+")
SENTENCE_MIN_WORDS = 18
HEADER_START_COST = 2.0
CHROME_BODY_COST = 0.3


@dataclass(frozen=True)
class LineFeatures:
    """What a line looks like, as the zone scores need it."""

    quoc_hieu: bool = False
    number: bool = False
    place_date: bool = False
    type_line: bool = False
    type_title: bool = False
    type_headline: bool = False  # a web post titled by the document it reposts ("Chỉ thị đẩy mạnh …")
    vv: bool = False
    org: bool = False
    caps: bool = False
    basis: bool = False
    kinh_gui: bool = False
    sentence: bool = False
    chrome: bool = False
    separator: bool = False
    section: bool = False


def line_features(ln: Cell) -> LineFeatures:
    """The features of a line: they depend on its text alone, and an archive's documents
    repeat many lines (quốc hiệu, motto, Nơi nhận, boilerplate), so each text is read once."""
    return _features_of_text(ln.text)


@functools.lru_cache(maxsize=32768)
def _features_of_text(text: str) -> LineFeatures:
    ln = Cell(0, len(text), text, 0)
    s = ln.text.strip().strip("*|").strip()
    if not s:
        return LineFeatures()
    words = _word_count(s)
    if words > LONG_LINE_WORDS and "ngày" not in s and "Số" not in s:
        # a paragraph: no header element is this long (the cheap reading keeps labelling linear)
        basis = bool(P.BASIS_CUE_RE.match(s))
        return LineFeatures(basis=basis, sentence=True, kinh_gui=bool(KINH_GUI_RE.match(s)))
    caps = _is_caps(s)
    cells = split_cells(ln) if ("   " in ln.text or "\t" in ln.text or "|" in ln.text or _glue_hint(ln.text)) else None
    texts = [s, *(c.text for c in cells)] if cells and len(cells) > 1 else [s]

    type_re = P.type_line_re()
    if len(texts) == 1:  # one column (most lines): the tests below without their generators
        number = bool(P.NUMBER_LINE_RE.match(s) or P.BLANK_NUMBER_LINE_RE.match(s) or UNREAD_NUMBER_RE.match(s))
        m = P.place_date_match(s)
        pd = bool(m and _is_place(m.group("place"))) or bool(P.PLACE_DATE_INSIDE_RE.search(s))
        type_line = bool(type_re.match(s) and (caps or words <= 3))
        last_caps = caps
    else:
        number = any(P.NUMBER_LINE_RE.match(x) or P.BLANK_NUMBER_LINE_RE.match(x) or UNREAD_NUMBER_RE.match(x)
                     for x in texts)
        pd = any((m := P.place_date_match(x)) and _is_place(m.group("place")) for x in texts) or bool(P.PLACE_DATE_INSIDE_RE.search(s))
        type_line = any(type_re.match(x) and (_is_caps(x) or words <= 3) for x in texts)
        last_caps = _is_caps(texts[-1])
    type_title = not type_line and caps and words <= 40 and bool(P.type_title_line_re().match(s.upper()))
    type_headline = bool(type_headline_re().match(s)) and 4 <= words <= 30 and not SENTENCE_END_RE.search(s)
    basis = bool(P.BASIS_CUE_RE.match(s)) and (words >= BASIS_CLAUSE_MIN_WORDS or s.endswith((";", ".", ",")))
    # the motto read without diacritics, so tone-damaged copies still count ("CỢNG HỊA XÃ HỢI")
    qh = bool(P.QUOC_HIEU_RE.search(s) or QUOC_HIEU_LOOSE_RE.search(s))
    return LineFeatures(
        quoc_hieu=qh,  # a header line that carries the motto is not a sentence, whatever its length
        type_headline=type_headline,
        number=number,
        place_date=pd,
        type_line=type_line,
        type_title=type_title,
        vv=bool(P.VV_RE.match(s) or P.VV_INSIDE_RE.search(s)),
        org=words <= 16 and (caps or last_caps or _caps_start(s)) and not P.SECTION_RE.match(s)
        and bool(ORG_HINT_RE.search(s.upper())),
        caps=caps and words <= 16,
        basis=basis,
        kinh_gui=bool(KINH_GUI_RE.match(s)),
        sentence=not qh and ((words >= SENTENCE_MIN_WORDS and not type_headline and not caps)
                             or (words >= 8 and bool(SENTENCE_END_RE.search(s)) and not caps)),
        chrome=bool(PORTAL_RE.match(s) or TIMESTAMP_RE.match(s) or (words <= 12 and CHROME_LINE_RE.search(s))
                    or (words <= 12 and BREADCRUMB_RE.search(s))),
        separator=bool(SEPARATOR_RE.match(s)) or set(s) <= set("*|-_=. "),
        section=bool(P.SECTION_RE.match(s)) and not number and not pd,
    )


def _zone_scores(f: LineFeatures) -> tuple[float, float, float]:
    """(chrome, header, body) scores of one line: evidence for each zone, from the format."""
    header = (
        4.0 * f.quoc_hieu + 4.0 * f.number + 3.0 * f.place_date + 4.0 * f.type_line + 2.5 * f.type_title
        + 3.0 * f.type_headline
        + 1.5 * f.vv + 2.0 * f.org + 0.5 * f.caps
        - 3.0 * f.sentence - 5.0 * f.basis - 2.0 * f.kinh_gui - 2.0 * f.chrome - 1.5 * f.section
    )
    if not any((f.quoc_hieu, f.number, f.place_date, f.type_line, f.type_title, f.type_headline, f.vv, f.org, f.caps, f.separator)):
        header -= 0.5  # a plain line: title continuation at best
    body = 1.0 * (f.basis or f.sentence or f.section or f.kinh_gui) - 0.5 * f.chrome
    # text above the header is page chrome, or a teaser repeating the body: as likely as
    # body text there, a little less (a header found early is the better reading)
    chrome = max(1.0 * f.chrome, body - CHROME_BODY_COST)
    return chrome, header, body


@functools.lru_cache(maxsize=32768)
def _scores_of_text(text: str) -> tuple[float, float, float]:
    """A line's zone scores, read once per distinct text like its features."""
    return _zone_scores(_features_of_text(text))


def label_lines(lines: list[Cell], limit: int = LABEL_WINDOW_LINES) -> dict[int, str]:
    """Zone of each non-empty line of the opening (line index → chrome | header | body),
    the best monotone sequence under the line scores (Viterbi)."""
    idx = list(itertools.islice((ln.line for ln in lines if ln.text.strip()), limit))
    if not idx:
        return {}
    scores = [_scores_of_text(lines[i].text) for i in idx]
    n, k = len(idx), len(ZONE_ORDER)
    neg = float("-inf")
    best = [[neg] * k for _ in range(n)]
    back = [[0] * k for _ in range(n)]
    for z in range(k):
        best[0][z] = scores[0][z]
    best[0][1] -= HEADER_START_COST
    for t in range(1, n):
        # zones only move forward; entering the header costs, so a stray capitals line
        # in an article does not open one. Each state takes the best of the states it can
        # come from, the later state on a tie (max over (value, state) pairs, unrolled).
        b0, b1, b2 = best[t - 1]
        s0, s1, s2 = scores[t]
        row, brow = best[t], back[t]
        row[0], brow[0] = b0 + s0, 0
        c0 = b0 - HEADER_START_COST
        if b1 >= c0:
            row[1], brow[1] = b1 + s1, 1
        else:
            row[1], brow[1] = c0 + s1, 0
        value, prev = b0, 0
        if b1 >= value:
            value, prev = b1, 1
        if b2 >= value:
            value, prev = b2, 2
        row[2], brow[2] = value + s2, prev
    z = max(range(k), key=lambda q: best[n - 1][q])
    path = [0] * n
    for t in range(n - 1, -1, -1):
        path[t] = z
        z = back[t][z]
    return {idx[t]: ZONE_ORDER[path[t]] for t in range(n)}


def segment(text: Text) -> Segments:
    """Find the zones of one document."""
    t = text.text
    lines = split_lines(t)
    nonempty = [ln for ln in lines if ln.text.strip()]
    labels = label_lines(lines)
    header_lines = [i for i, z in labels.items() if z == ZONE_HEADER]
    first = min(header_lines) if header_lines else 0
    window = [ln for ln in nonempty if ln.line >= first][:HEADER_WINDOW_LINES]
    cells: list[Cell] = []
    for ln in window:
        cells.extend(_join_blank_number(split_cells(ln), t))

    seg = Segments(kind="news", lines=lines, header_cells=cells, labels=labels)
    for ln in nonempty:
        if ln.line >= first:
            break
        if labels.get(ln.line) == ZONE_CHROME:
            seg.chrome.append((ln.start, ln.end))  # page chrome above the document's own header
    portal = [c for c in cells if PORTAL_RE.match(c.text)]
    seg.portal = portal
    seg.portal_fields = portal_fields(nonempty[:LABEL_WINDOW_LINES])
    for c in portal:
        seg.chrome.append((c.start, c.end))
    for _, c in seg.portal_fields:
        seg.chrome.append((c.start, c.end))

    quoc_hieu = [c for c in cells if _is_quoc_hieu_cell(c.text)]
    for c in cells:
        if c in portal:
            continue
        if seg.number is None and P.NUMBER_LINE_RE.match(_number_label_case(c.text)):
            seg.number = c
        elif seg.number is None and not seg.blank_number and P.BLANK_NUMBER_LINE_RE.match(_number_label_case(c.text)):
            seg.blank_number = True
            seg.blank_number_cell = c
        if seg.place_date is None:
            m = P.place_date_match(c.text)
            if m and _is_place(m.group("place")):
                seg.place_date = c
            elif quoc_hieu and c.line <= quoc_hieu[-1].line + 2 and (b := LEADING_DASH_RE.match(c.text)):
                # "- Cam Lộ, ngày 10 …": a dash a web copy put before every line, right under the motto
                rest = c.text[b.end():]
                m = P.place_date_match(rest)
                if m and _is_place(m.group("place")):
                    seg.place_date = Cell(c.start + b.end(), c.end, rest, c.line)
    if seg.number is None or seg.place_date is None:
        _join_broken_cells(seg, t, cells)
    if seg.place_date is None:
        # a date line whose blanks or spacing were read as column gaps ("Thanh Oai, ngày     tháng")
        for ln in window:
            s = ln.text.strip()
            m = P.place_date_match(s) if "ngày" in s else None
            if m and _is_place(m.group("place")):
                off = ln.text.find(s)
                seg.place_date = Cell(ln.start + off, ln.start + off + len(s), s, ln.line)
                break
    if seg.place_date is None:
        # run together with another column ("Số: 35/KH-LĐLĐ Hòa Bình, ngày 17 tháng 6 năm 2024"):
        # the place is the capitalised words right before ", ngày"
        for c in cells:
            m = P.PLACE_DATE_INSIDE_RE.search(c.text)
            if m and m.start() > 0:
                seg.place_date = Cell(c.start + m.start(), c.end, c.text[m.start():], c.line)
                break
    # the type line follows the header cells (Nghị định 30/2020, Phụ lục I): when a post title
    # above them also names a type, the one after the Số / date / quốc hiệu lines is the document's
    type_re = P.type_line_re()
    cells_end = max((c.line for c in (seg.number, seg.place_date, *quoc_hieu) if c is not None), default=-1)
    found: list[tuple[Cell, Cell | None]] = []
    for c in cells:
        pm = TYPE_PAREN_RE().match(c.text) if (seg.number or quoc_hieu) else None
        if pm and not KEM_THEO_RE.match(pm.group("title")):
            # "QUY CHẾ (Về việc tăng cường …)": the trích yếu in brackets after the type name
            found.append((
                Cell(c.start + pm.start("doc_type"), c.start + pm.end("doc_type"), pm.group("doc_type"), c.line),
                Cell(c.start + pm.start("title"), c.start + pm.end("title"), pm.group("title"), c.line),
            ))
            break
        if _body_begins(c.text):
            break  # the body has begun: a type line after this belongs to another document
        if type_re.match(c.text) and (_is_caps(c.text) or seg.number is not None):
            found.append((c, None))
        elif (seg.number or quoc_hieu) and (_is_caps(c.text) or (c.line > cells_end >= 0 and c.text[:1].isupper())):
            # in capitals, or in sentence case right under the date line ("Báo cáo tổng kết …")
            m = TYPE_TITLE_RE().match(c.text if not _is_caps(c.text) else c.text.upper())
            if m:
                found.append((
                    Cell(c.start + m.start("doc_type"), c.start + m.end("doc_type"), m.group("doc_type"), c.line),
                    Cell(c.start + m.start("title"), c.start + m.end("title"), c.text[m.start("title"):m.end("title")], c.line),
                ))
    if found:
        after = [x for x in found if x[0].line > cells_end]
        seg.type_line, seg.title_on_type_line = (after or found)[0]

    if seg.type_line is None and seg.number is None and not quoc_hieu:
        # a formal document re-posted under a post title naming it ("Chỉ thị đẩy mạnh …"):
        # the type is the title's first words, the trích yếu the rest
        for ln in window[:12]:
            if labels.get(ln.line) != ZONE_HEADER:
                continue
            s = ln.text.strip()
            m = type_headline_re().match(s)
            if m and line_features(ln).type_headline:
                tm = regex.match(rf"(?:{vocab.type_names_re()})", s)
                assert tm is not None
                off = ln.start + ln.text.find(s)
                seg.type_line = Cell(off, off + tm.end(), s[: tm.end()], ln.line)
                rest = s[tm.end():].strip()
                seg.title_on_type_line = Cell(off + s.find(rest, tm.end()), off + len(s), rest, ln.line)
                seg.headline_type = True
                break
    portal_number = any(label == "số hiệu" and c.text[:1].isdigit() for label, c in seg.portal_fields)
    is_directive = bool(seg.number or seg.type_line or quoc_hieu or seg.blank_number or portal_number)
    if not is_directive:
        # a resolution whose header was lost: its enacting words open the numbered decisions
        seg.resolution = _resolution_line(nonempty[:RESOLUTION_WINDOW_LINES])
        is_directive = seg.resolution is not None
    if is_directive:
        seg.kind = "directive"
        _directive_zones(seg, text, cells, quoc_hieu)
    else:
        _news_zones(seg, text)
    _sections(seg, t)
    return seg


QUOC_HIEU_CELL_MAX = 80
UNREAD_NUMBER_RE = regex.compile(r"^\s*Số\s*:?\s*\S{0,6}\s*/\s*\S")  # "Số: 6? /TTg-CĐS": a symbol after a slash
RESOLUTION_WINDOW_LINES = 8
# the enacting words of a Nghị quyết (Nghị định 30/2020, Phụ lục: "QUYẾT NGHỊ:"), alone on their
# line or ending the sentence that names the body resolving ("Hội nghị … Ban Chấp hành … quyết nghị:")
RESOLUTION_RE = regex.compile(r"(?:^|\s)quyết\s+nghị\s*:\s*$", regex.IGNORECASE)
DECISION_ITEM_RE = regex.compile(r"^\s*(?:Điều\s+\d+|\d+\s*[.)/]|[IVX]+\s*[.)/])")


def _resolution_line(lines: list[Cell]) -> Cell | None:
    """The line of the opening that ends on 'quyết nghị:' and is followed by a numbered decision."""
    for ln, nxt in zip(lines, lines[1:]):
        if RESOLUTION_RE.search(ln.text) and DECISION_ITEM_RE.match(nxt.text):
            return ln
    return None
LEADING_DASH_RE = regex.compile(r"^\s*[-–]\s*")


def _is_quoc_hieu_cell(s: str) -> bool:
    """A header cell holding the quốc hiệu: a short cell, or a long one (header columns
    flattened onto one line) where it stands in capitals, as a header prints it and a sentence
    quoting the country's name does not."""
    m = P.QUOC_HIEU_RE.search(s) or QUOC_HIEU_LOOSE_RE.search(s)
    return bool(m) and (len(s) < QUOC_HIEU_CELL_MAX or _is_caps(m.group(0)))


def _directive_zones(seg: Segments, text: Text, cells: list[Cell], quoc_hieu: list[Cell]) -> None:
    t = text.text
    lines = seg.lines
    # issuer lines: left-column cells before the number line (or before the type line)
    # (a number line left blank ends them too: a draft công văn has no type line to stop at;
    # so does a number line misread by a scan, "Số: 6? /TTg-CĐS")
    unread = next((c for c in cells if seg.number is None and UNREAD_NUMBER_RE.match(c.text)), None)
    seg.unread_number = unread
    number_cell = seg.number or seg.blank_number_cell or unread
    stop_line = number_cell.line if number_cell else (seg.type_line.line if seg.type_line else -1)
    qh = set(quoc_hieu)
    for c in cells:
        # the type line, or the cell holding it with the title ("THỎA ƯỚC LAO ĐỘNG TẬP THỂ")
        if c.line > stop_line or c == number_cell or (seg.type_line and c.start <= seg.type_line.start < c.end):
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
        while not seg.headline_type and i < len(lines) and len(title) < 5:
            ln = lines[i]
            s = ln.text.strip().strip("*").strip()
            i += 1
            if not s:
                if title:
                    blank_seen = True
                continue
            if blank_seen and not (
                # a double-spaced copy: a capitals title goes on after a blank line
                _is_caps(title[-1].text) and _is_caps(s) and _word_count(s) <= 20 and not ENACTING_RE.match(s)
                and not P.SECTION_RE.match(s) and not P.type_line_re().match(s)
            ) and not _title_tail(s, title):
                break
            blank_seen = False
            if not title and _is_caps(s) and s.upper().startswith("CỦA ") and not _caps_goes_on(lines, i):
                continue  # "KẾT LUẬN / CỦA CHI BỘ / về …": part of the type line (the trích yếu goes on in capitals otherwise)
            clause = P.BASIS_CUE_RE.match(s) and not _is_caps(s) and (
                title or _word_count(s) >= BASIS_CLAUSE_MIN_WORDS or s.endswith((";", ".", ","))
            )
            if (
                clause
                or KINH_GUI_RE.match(s)
                or SEPARATOR_RE.match(s)
                or P.RECIPIENTS_RE.match(s)
                or (title and _is_caps(s) != _is_caps(title[0].text) and not _title_tail(s, title))
                or (title and P.SECTION_RE.match(s))
                or (title and _is_caps(s) and ENACTING_RE.match(s))
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
                # a V/v over two lines: the next line goes on (lower case, or a short line
                # that is no other header element)
                nxt = next((ln for ln in lines[c.line + 1 : c.line + 4] if ln.text.strip()), None)
                if nxt is not None and _vv_goes_on(nxt):
                    more = nxt.text.strip()
                    seg.title.append(Cell(nxt.start + nxt.text.find(more), nxt.end, more, nxt.line))
                    header_end_line = max(header_end_line, nxt.line)
                break
        if not seg.title and seg.number is not None:
            seg.title = _title_without_type_line(lines, header_end_line)
            if seg.title:
                header_end_line = seg.title[-1].line
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


PORTAL_LABEL_RE = regex.compile(
    r"(?P<label>Số\s+hiệu|Loại\s+văn\s+bản|Người\s+ký|Ngày\s+ban\s+hành|Nơi\s+ban\s+hành|Cơ\s+quan\s+ban\s+hành"
    r"|Ngày\s+(?:bắt\s+đầu\s+)?hiệu\s+lực|Ngày\s+hết\s+hiệu\s+lực|Ngày\s+công\s+báo|Số\s+công\s+báo"
    r"|Tình\s+trạng(?:\s+hiệu\s+lực)?|Lĩnh\s+vực|Thể\s+loại|Số\s+k[ýí]\s+hiệu)\b\s*:?\s*",
    regex.IGNORECASE,
)


def portal_fields(lines: list[Cell]) -> list[tuple[str, Cell]]:
    """The fields of a legal portal's metadata block ("Số hiệu: 171/QĐ-TLĐ Loại văn bản:
    Quyết định", one or several to a line, the colon sometimes dropped): (label, value).
    A block is two fields or more; a lone "Lĩnh vực …" sentence is not one."""
    out: list[tuple[str, Cell]] = []
    for ln in lines:
        s = ln.text
        first = PORTAL_LABEL_RE.match(s.lstrip())
        if not first:
            continue
        base = len(s) - len(s.lstrip())
        found = list(PORTAL_LABEL_RE.finditer(s, base))
        found = [m for m in found if m.start() == base or s[m.start() - 1] == " "]
        for m, nxt in zip(found, [*found[1:], None]):
            end = nxt.start() if nxt else len(s)
            value = s[m.end() : end].strip()
            if value:
                vs = ln.start + m.end()
                label = " ".join(m.group("label").lower().split())
                out.append((label, Cell(vs, vs + len(value), value, ln.line)))
    return out if len(out) >= 2 else []


WEEKDAY_RE = regex.compile(r"^(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\b", regex.IGNORECASE)


def _is_place(place: str) -> bool:
    """The địa danh of a date line: not "Số …", not a weekday ("Thứ Bảy, 29-08-2015" is the
    page's timestamp, messy-patterns.md). 'Sốp Cộp' (a district) starts with the letters, not the word."""
    first = place.split(maxsplit=1)[0].lower() if place.strip() else ""
    return _word_count(place) <= 6 and not regex.match(r"số(?!\p{L})", first) and not WEEKDAY_RE.match(place)


def _caps_start(s: str) -> bool:
    """'BGH & BCH CÔNG ĐOÀN Trường THCS …': an issuer cell whose name goes on in normal case."""
    words = [w for w in s.split()[:3] if any(c.isalpha() for c in w)]
    return len(words) >= 2 and all(_is_caps(w) or len(w) == 1 for w in words) and names.has_org_head(s)


def _number_label_case(s: str) -> str:
    """'SỐ: 649/HD-TLĐ' (a capitals copy) read as 'Số: …' (same length)."""
    return "Số" + s[2:] if s.startswith("SỐ") else s


def _body_begins(s: str) -> bool:
    """A Căn cứ clause, a Kính gửi line or a paragraph: no header line comes after it."""
    return bool(
        (P.BASIS_CUE_RE.match(s) and (_word_count(s) >= BASIS_CLAUSE_MIN_WORDS or s.endswith((";", ".", ","))))
        or KINH_GUI_RE.match(s)
        or len(s) > 250
    )


@functools.cache
def TYPE_TITLE_RE() -> regex.Pattern[str]:  # noqa: N802
    """A capitals line that starts with the type name and goes on with the title
    ('KẾ HOẠCH TỔ CHỨC THÁNG CÔNG NHÂN', 'QUI CHẾ PHỐI HỢP')."""
    return regex.compile(
        rf"^\s*\**\s*(?P<doc_type>{vocab.type_names_re()})\s+(?P<title>\p{{Lu}}\S*\s+\S.*?)\s*\**\s*$", regex.IGNORECASE
    )


def _vv_goes_on(ln: Cell) -> bool:
    s = ln.text.strip()
    if s[:1].islower():
        return True
    f = line_features(ln)
    return (
        _word_count(s) <= 12 and not s.endswith(":") and not SENTENCE_END_RE.search(s) and not f.caps
        and not any((f.quoc_hieu, f.number, f.place_date, f.kinh_gui, f.basis, f.section, f.chrome, f.type_line))
    )


NUMBER_LABEL_RE = regex.compile(r"^Số\s*[:.]?$")


def _join_blank_number(cells: list[Cell], t: str) -> list[Cell]:
    """'Số:     /KH-LĐLĐ' (a draft's number left blank, its gap wide enough to read as a column
    gap) is one cell, the blank number line, not a label and a stray '/KH-LĐLĐ' for the issuer."""
    for i in range(len(cells) - 1):
        a, b = cells[i], cells[i + 1]
        if NUMBER_LABEL_RE.match(_number_label_case(a.text)) and b.text[:1] in "/-" and \
                P.BLANK_NUMBER_LINE_RE.match("Số: " + b.text):
            return [*cells[:i], Cell(a.start, b.end, t[a.start : b.end], a.line), *cells[i + 2 :]]
    return cells
DATE_LABEL_RE = regex.compile(r"(?:^|,)\s*ngày$")


def _join_broken_cells(seg: Segments, t: str, cells: list[Cell]) -> None:
    """A header printed one table cell per line breaks "Số:" from its symbol and "Bến Tre,
    ngày" from "28 tháng 3 năm 2013": read each label with the cell after it."""
    for a, b in zip(cells, cells[1:]):
        joined = Cell(a.start, b.end, t[a.start : b.end].replace("\n", " "), a.line)
        if seg.number is None and NUMBER_LABEL_RE.match(a.text) and P.NUMBER_LINE_RE.match(joined.text):
            seg.number = joined
        elif seg.place_date is None and DATE_LABEL_RE.search(a.text) and P.place_date_match(joined.text):
            seg.place_date = joined


def _title_without_type_line(lines: list[Cell], header_end_line: int) -> list[Cell]:
    """A page that lost the type line ("Số: 07/NQ-TLĐ" then "VỀ ĐỔI MỚI CÔNG TÁC …"): the
    capitals lines right after the header cells are the trích yếu (the type comes from the
    symbol); never the enacting authority line or a section heading."""
    out: list[Cell] = []
    for ln in lines[header_end_line + 1 : header_end_line + 8]:
        s = ln.text.strip().strip("*|").strip()
        if not s:
            if out:
                break
            continue
        if not _is_caps(s) or ENACTING_RE.match(s) or P.SECTION_RE.match(s) or P.QUOC_HIEU_RE.search(s) or s.endswith(":"):
            break
        if P.type_line_re().match(s):
            break
        off = ln.text.find(s)
        out.append(Cell(ln.start + off, ln.start + off + len(s), s, ln.line))
    return out


@functools.cache
def TYPE_PAREN_RE() -> regex.Pattern[str]:  # noqa: N802
    return regex.compile(rf"^\s*(?P<doc_type>(?i:{vocab.type_names_re()}))\s*\((?P<title>[^()\n]{{8,400}})\)")


KEM_THEO_RE = regex.compile(r"^\s*(?:Ban\s+hành\s+)?kèm\s+theo", regex.IGNORECASE)


def _caps_goes_on(lines: list[Cell], i: int) -> bool:
    """The next non-empty line from index i is in capitals."""
    for ln in lines[i : i + 3]:
        if ln.text.strip():
            return _is_caps(ln.text.strip())
    return False


def _title_tail(s: str, title: list[Cell]) -> bool:
    """A short last line of a capitals title printed in normal case ("KẾ HOẠCH HOẠT ĐỘNG
    CÔNG ĐOÀN" / "Tháng 6/2022"): the period or school year it is about."""
    if not _is_caps(title[-1].text) or SENTENCE_END_RE.search(s) or not regex.search(r"\d", s):
        return False
    # "Lần thứ IV nhiệm kỳ 2017 - 2022": a congress's term, a little longer
    return _word_count(s) <= 4 or (_word_count(s) <= 8 and bool(PERIOD_WORDS_RE.search(s)))


PERIOD_WORDS_RE = regex.compile(r"(?:nhiệm\s+kỳ|năm\s+học|giai\s+đoạn)\s+\d{4}", regex.IGNORECASE)


@functools.cache
def _enacting_re() -> regex.Pattern[str]:
    iss = vocab.issuers()
    words = [*iss.organs, *iss.positions, "Ủy ban nhân dân", "Hội đồng nhân dân"]
    return regex.compile(rf"^(?:{vocab.alternation([w.upper() for w in words])})\b")


class _Enacting:
    """The authority line of a Quyết định or Nghị quyết under its trích yếu ("ĐOÀN CHỦ TỊCH
    TỔNG LIÊN ĐOÀN …", "CHỦ TỊCH ỦY BAN NHÂN DÂN …"): an organ or a position, never title."""

    def match(self, s: str) -> regex.Match[str] | None:
        return _enacting_re().match(s.upper())


ENACTING_RE = _Enacting()


def _signature_cells(lines: list[Cell], start: int, limit: int = 8) -> list[Cell]:
    """The cells of a signature block: from its first line, until a new header begins."""
    out: list[Cell] = []
    for ln in lines:
        if ln.end <= start:
            continue
        for c in split_cells(ln):
            if c.start < start:
                continue
            if (
                P.QUOC_HIEU_RE.search(c.text) or P.NUMBER_LINE_RE.match(c.text) or P.RECIPIENTS_RE.match(c.text)
                or (P.type_line_re().match(c.text) and _is_caps(c.text))  # an annex begins ("QUY CHẾ")
            ):
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


# a lead's dateline: "(kontumtv.vn) - …", "(ĐN)- …", "date 2025-10-29 …"
DATELINE_RE = regex.compile(r"^(?:\([^)\n]{1,40}\)\s*[-–]|date\s+\d{4}-\d\d-\d\d\b)", regex.IGNORECASE)
HEADLINE_MAX_WORDS = 35
POSTED_AT_RE = regex.compile(r"\s*\(\s*(?:\d{1,2}:\d{2}(?::\d{2})?\s*,?\s*)?\d{1,2}/\d{1,2}/\d{4}(?:\s*,?\s*\d{1,2}:\d{2})?\s*\)\s*$")


# a headline of four words or more printed twice at the end of a line, run together or not
REPEATED_TAIL_RE = regex.compile(r"(?P<h>\S+(?:\s+\S+){3,}?)\s*(?P=h)\s*$")


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
        if DATELINE_RE.match(s) or _word_count(s) > HEADLINE_MAX_WORDS or s.endswith("."):
            break  # the article opens with its lead (a dateline, a sentence): no headline in the text
        if 5 <= _word_count(s) and not s.endswith(":"):
            s = POSTED_AT_RE.sub("", s)  # "… năm 2018 (12:42 05/02/2019)": the post's timestamp
            twice = REPEATED_TAIL_RE.search(s)
            if twice:
                # "Bạn đang ở mục TIN … <headline><headline>": the page prints it in its breadcrumb
                # and again as the heading, run together; what comes before is the breadcrumb
                s = twice.group("h").strip()
            off = ln.text.rfind(s)
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


def _split_hint(s: str) -> bool:
    """SPLIT_HINT_RE.search(s) as substring tests (asked of every line of every file)."""
    return ("Số" in s or "TM" in s or "KT" in s or "TL" in s or "TUQ" in s or "T/M" in s or "K/T" in s
            or "T/L" in s or "Q." in s or "Q/" in s)


def split_documents(text: str) -> list[tuple[int, int]]:
    """Ranges of the documents in one file (a công văn followed by a quyết định and forms).

    A new document starts at a 'Số:' line that follows a signature block of the previous
    one; its issuer lines just above belong to it. One range when there is one document.
    """
    lines = split_lines(text)
    starts = [0]
    last_authority = None
    for ln in lines:
        if not _split_hint(ln.text):
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
