"""PDF: each page read from its text layer or by OCR, decided per page on evidence.

A PDF's text layer is not always the page: a scan whose only text is an e-signature box, a
hidden OCR layer of garbage, a Word export whose font lost some capitals ("Sở ội vụ"), a
page drawn as glyph outlines. So each page is measured (how much of it the text covers,
how much an image covers, the share of its words that are Vietnamese syllables, gaps where
a glyph is drawn with no character, vector paths) and read from its text layer or by
Tesseract; the choice and its reason are kept per page (``Source.readings``). Either way
the words, with their boxes, go through :mod:`pipeline.ingest.layout`, so a PDF or a scan
gives the text the .txt/.docx of the same document gives: one line per paragraph, header
columns one after the other, page numbers set aside.
"""

from __future__ import annotations

import ctypes
import io
import os
import re
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import regex

from pipeline.errors import CorruptFile, NoTextLayer, TooLarge
from pipeline.ingest import ocr as _ocr
from pipeline.ingest import slots as _slots
from pipeline.ingest.layout import Line, PageLayout, Word, group_lines, lay_out
from pipeline.ingest.ocr import tesseract_languages  # noqa: F401 - re-exported (tests, cli)
from pipeline.ingest.ocr_regions import reread_header_columns
from pipeline.ingest.ocr_repair import rescue_named_words, restore_names_across_lines
from pipeline.ingest.seal import reread_signature
from pipeline.ingest.syllables import repair_word, vietnamese_share
from pipeline.models import PageReading

MAX_PAGES = 2000
MAX_OCR_PAGES = 40
OcrMode = Literal["auto", "never", "force"]

# evidence thresholds (see read_pdf's docstring)
MIN_PAGE_CHARS = 20  # fewer characters than this: no text layer on the page
SCAN_IMAGE_COVER = 0.5  # an image over half the page …
SCAN_TEXT_COVER = 0.02  # … and text over less than 2% of it: a scan with a stamp or signature box as text
MIN_VIETNAMESE = 0.6  # below this share of valid syllables the layer is not the document's text
HIDDEN_LAYER_VIETNAMESE = 0.85  # an invisible OCR layer over a scan is trusted only this clean
OUTLINE_PATHS = 200  # this many vector paths and no text: the glyphs were drawn as outlines
JUNK_CONFIDENCE = 35.0  # an OCR word below this (and without digits) is a seal's or a signature's ink
GLYPH_GAP_EM = 0.6  # a gap this wide (in ems) before a lower-case letter: a glyph with no character
MIN_GLYPH_GAPS = 5

WORD_SPAN_RE = re.compile(r"[^\s\x00\ufffe\uffff]+")
# the text of an e-signature box or a signing stamp (never the document's own text)
ESIGN_RE = regex.compile(
    r"^(?:Ký\s+bởi|Người\s+ký|Cơ\s+quan|Thời\s+gian\s+ký|Email|Địa\s+chỉ|Ngày\s+ký|Signed\s+by|SAO\s+Y)\s*[:;]"
    r"|@[\w.-]+\.(?:vn|com|gov)\b|^\d{2}[./]\d{2}[./]\d{4}\s+\d{2}:\d{2}(?::\d{2})?(?:\s*\+\d{2}:\d{2})?$|^\+\d{2}:\d{2}$",
    regex.IGNORECASE,
)


@dataclass
class _Evidence:
    chars: int = 0
    words: list[Word] = field(default_factory=list)
    text_cover: float = 0.0
    image_cover: float = 0.0
    paths: int = 0
    invisible: int = 0
    texts: int = 0
    glyph_gaps: int = 0
    vietnamese: float | None = None
    annots: list[tuple[float, float, float, float]] = field(default_factory=list)  # y-down boxes


def _text_words(textpage: Any, height: float) -> tuple[list[Word], int]:
    """The text layer as words with boxes: the characters' boxes at each word's ends, the
    baseline and font size of its first character (4-5 calls a word, not one per character)."""
    import pypdfium2.raw as pdfium_c

    raw = textpage.raw
    n = textpage.count_chars()
    text = textpage.get_text_range() if n else ""
    if len(text) != n:
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i) or 32) for i in range(n))
    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    words: list[Word] = []
    for m in WORD_SPAN_RE.finditer(text):
        s, e = m.start(), m.end() - 1
        pdfium_c.FPDFText_GetCharBox(raw, s, left, right, bottom, top)
        x0, b0, t0 = left.value, bottom.value, top.value
        if e != s:
            pdfium_c.FPDFText_GetCharBox(raw, e, left, right, bottom, top)
        x1 = right.value
        size = pdfium_c.FPDFText_GetFontSize(raw, s)
        pdfium_c.FPDFText_GetCharOrigin(raw, s, ox, oy)
        glyph_h = max(t0, top.value) - min(b0, bottom.value)
        if not 2 < size < 200 or glyph_h > 1.6 * size:  # a size in text space units, not points
            size = max(glyph_h, 4.0)
        weight = pdfium_c.FPDFText_GetFontWeight(raw, s)
        base = oy.value
        words.append(Word(text=m.group(), x0=x0, x1=max(x1, x0 + 0.1), top=height - (base + 0.78 * size),
                          bottom=height - (base - 0.22 * size), size=size,
                          bold=(weight >= 600) if weight > 0 else None))
    return words, n


def _objects(page: Any, ev: _Evidence, width: float, height: float) -> None:
    """Images (their area), vector paths and text render modes of a page, through form XObjects."""
    import pypdfium2.raw as pdfium_c

    area = max(width * height, 1.0)
    l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    image_area = 0.0

    def walk(get_count: Any, get_obj: Any, owner: Any, depth: int) -> None:
        nonlocal image_area
        for k in range(get_count(owner)):
            obj = get_obj(owner, k)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                if pdfium_c.FPDFPageObj_GetBounds(obj, l, b, r, t):
                    w = min(r.value, width) - max(l.value, 0)
                    h = min(t.value, height) - max(b.value, 0)
                    if w > 0 and h > 0:
                        image_area += w * h
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                ev.paths += 1
            elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                ev.texts += 1
                if pdfium_c.FPDFTextObj_GetTextRenderMode(obj) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE:
                    ev.invisible += 1
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 3:
                walk(pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, obj, depth + 1)

    walk(pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, page.raw, 0)
    ev.image_cover = min(1.0, image_area / area)


def _annotations(page: Any, height: float) -> list[tuple[float, float, float, float]]:
    """Boxes (y down) of the widgets and stamps drawn on a page: e-signature boxes, and the
    number and day some signing tools stamp into the blanks of the header."""
    import pypdfium2.raw as pdfium_c

    out = []
    rect = pdfium_c.FS_RECTF()
    for k in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, k)
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) in (pdfium_c.FPDF_ANNOT_WIDGET, pdfium_c.FPDF_ANNOT_STAMP,
                                                        pdfium_c.FPDF_ANNOT_FREETEXT):
                if pdfium_c.FPDFAnnot_GetRect(annot, rect):
                    out.append((rect.left, height - rect.top, rect.right, height - rect.bottom))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return out


def _glyph_gaps(lines: list[Line]) -> int:
    """Gaps before a lower-case letter, wider than a space and at least twice the line's usual
    gap between words: a capital drawn with no character behind it ('Sở ội vụ', 'iệp hội').
    (Justified text widens every gap of a line alike; a lost glyph widens one.)"""
    holes = 0
    for ln in lines:
        ws = ln.words
        if len(ws) < 3:
            continue
        gaps = [b.x0 - a.x1 for a, b in zip(ws, ws[1:])]
        usual = sorted(gaps)[len(gaps) // 2]
        for g, b in zip(gaps, ws[1:]):
            size = max(b.size, 1.0)
            if b.text[:1].islower() and GLYPH_GAP_EM * size <= g <= 1.6 * size and g >= 2 * usual + 0.15 * size:
                holes += 1
    return holes


def _evidence(page: Any, textpage: Any, width: float, height: float) -> _Evidence:
    ev = _Evidence()
    ev.words, ev.chars = _text_words(textpage, height)
    _objects(page, ev, width, height)
    ev.annots = _annotations(page, height)
    area = max(width * height, 1.0)
    ev.text_cover = min(1.0, sum(w.width * (w.bottom - w.top) for w in ev.words) / area)
    ev.glyph_gaps = _glyph_gaps(group_lines(ev.words))
    ev.vietnamese = vietnamese_share(" ".join(w.text for w in ev.words))
    return ev


def _decide(ev: _Evidence, mode: OcrMode) -> tuple[bool, str]:
    """(read by OCR?, why) for one page."""
    if mode == "force":
        return True, "--ocr force"
    if ev.chars < MIN_PAGE_CHARS:
        if ev.image_cover >= 0.05:
            return True, f"no text layer; an image covers {ev.image_cover:.0%} of the page"
        if ev.paths >= OUTLINE_PATHS:
            return True, f"no text layer; {ev.paths} vector paths (glyphs drawn as outlines)"
        if ev.chars == 0:
            return False, "blank page"
        return False, f"{ev.chars} characters of text, nothing else drawn"
    if ev.image_cover >= SCAN_IMAGE_COVER and ev.text_cover < SCAN_TEXT_COVER:
        return True, (f"text covers {ev.text_cover:.1%} of the page and an image {ev.image_cover:.0%}: "
                      "a scan whose text layer is a stamp or signature box")
    if ev.vietnamese is not None and ev.vietnamese < MIN_VIETNAMESE:
        return True, f"only {ev.vietnamese:.0%} of its words are Vietnamese syllables (mojibake or a garbage OCR layer)"
    if ev.invisible and ev.invisible * 2 >= ev.texts and ev.image_cover >= SCAN_IMAGE_COVER:
        if ev.vietnamese is None or ev.vietnamese < HIDDEN_LAYER_VIETNAMESE:
            return True, "a hidden OCR layer over a scan, not clean enough to trust"
        return False, f"a hidden OCR layer over a scan, {ev.vietnamese:.0%} Vietnamese syllables: kept"
    if ev.glyph_gaps >= MIN_GLYPH_GAPS and ev.glyph_gaps * 50 >= len(ev.words):
        return True, f"the text layer drops glyphs ({ev.glyph_gaps} gaps where a letter is drawn with no character)"
    return False, "text layer"


def _render(pdf: Any, i: int, dpi: float, forms: bool = False) -> Any:
    page = pdf[i]
    try:
        return page.render(scale=dpi / 72, grayscale=True, may_draw_forms=forms).to_pil()
    finally:
        page.close()


WORD_LIKE_RE = regex.compile(r"^[(\"“]?(?:V/v|\p{L}+|/\p{Lu}[\p{Lu}\d]*(?:-[\p{L}\d]+)*)[,.;:)\"”]?$")
CONFIDENT_LINE = 80.0  # a line whose other words are read this confidently is text, not a seal


def _drop_ink_noise(words: list[Word], rescued: set[int] = frozenset()) -> list[Word]:  # type: ignore[assignment]
    """The page's words without what a seal, a signature or a speck made Tesseract read:
    punctuation read with low confidence, words below JUNK_CONFIDENCE without a digit, bars
    from a scan's edge. A doubtful word that is a word (a Vietnamese syllable, an abbreviation
    in capitals, 'V/v', a symbol's codes '/CT-CS') on a line of confidently read words is kept:
    'V/v' and 'TTHC' of a title read at 31% and 12% are the title's words, not ink; so is one
    that spells a vocabulary name with its neighbours (``rescued``: :func:`ocr_repair.rescue_named_words`)."""
    from pipeline.ingest.syllables import is_syllable

    line_conf: dict[int, float] = {}
    for ln in group_lines(words):
        confs = sorted(w.conf or 0.0 for w in ln.words)
        for w in ln.words:
            line_conf[id(w)] = confs[len(confs) // 2] if len(confs) >= 3 else 0.0
    out = []
    for w in words:
        if not _keep_ocr_word(w) and id(w) not in rescued:
            m = WORD_LIKE_RE.match(w.text)
            core = w.text.strip("(\"“,.;:)”")
            word_like = m is not None and (core == "V/v" or core.startswith("/") or is_syllable(core)
                                           or (core.isupper() and len(core) >= 2))
            if not (word_like and line_conf.get(id(w), 0.0) >= CONFIDENT_LINE
                    and any(c.isalnum() for c in w.text)):
                continue
        out.append(w)
    return out


def _render_scan(pdf: Any, i: int, dpi: float, keep_plain: bool) -> tuple[Any, Any | None]:
    """A page to OCR: greyscale with a colour scan's seal and signature ink painted out
    (:func:`pipeline.ingest.ocr.drop_colour_ink`), and, when asked (the page whose header
    blanks are read again), the plain greyscale page that keeps handwriting in any colour."""
    page = pdf[i]
    try:
        colour = page.render(scale=dpi / 72, grayscale=False).to_pil()
    finally:
        page.close()
    text, dropped = _ocr.drop_colour_ink(colour)
    plain = (colour.convert("L") if dropped else text) if keep_plain else None
    return text, plain


def _keep_ocr_word(w: Word) -> bool:
    """An OCR word that is text: not a speck read as punctuation, not a seal's or a signature's
    ink (low confidence and no digit), not a scan's edge or a table rule read as a bar."""
    return ((any(c.isalnum() for c in w.text) or (w.conf or 0) >= _ocr.LOW_CONFIDENCE)
            and ((w.conf or 0) >= JUNK_CONFIDENCE or any(c.isdigit() for c in w.text))
            and w.text.strip("|¦") != "")


OcrPage = tuple[list[Word], float, float, list[tuple[_slots.Kind, str]], Any]


def _ocr_page(image: Any, dpi: float, plain: Any | None = None) -> OcrPage:
    """(words, deskew angle, seconds, blanks not read: (kind, warning), what the seal work did
    (:class:`pipeline.ingest.seal.SealReading`) or None) of one rendered page.

    OCR boxes are tight around the ink, so a line's height says more about its letters
    ('2023' has no ascender) than its type size: every word gets the page's median line
    size, and specks read as punctuation with low confidence are dropped. With ``plain``
    (the page whose header is read), the handwritten or stamped blanks of the header are
    read again from it (:mod:`pipeline.ingest.slots`)."""
    t0 = time.perf_counter()
    straight, angle = _ocr.deskew(image)
    binary = _ocr.binarise(straight)
    words = _ocr.read_words(binary, dpi)
    words = reread_header_columns(binary, words, dpi, _keep_ocr_word, _ocr.read_words)
    words, seal = reread_signature(binary, words, dpi, _keep_ocr_word, _ocr.read_words)
    unread: list[tuple[_slots.Kind, str]] = []
    if plain is not None and words:  # (before the noise is dropped: a blank's ink is read as noise)
        if angle:
            from PIL import Image

            plain = plain.rotate(angle, resample=Image.BILINEAR, expand=False, fillcolor=255)
        unread = _slots.reread_slots(plain, words, dpi, image.height * 72 / dpi)
    words = _drop_ink_noise(words, rescued=rescue_named_words(words, _keep_ocr_word))
    for w in words:
        w.text = repair_word(w.text)
    if words:
        sizes = sorted(ln.size for ln in group_lines(words))
        size = sizes[len(sizes) // 2]
        for w in words:
            w.size = size
    return words, angle, time.perf_counter() - t0, unread, seal


def _fill_from_annotations(data: bytes, i: int, ev: _Evidence, words: list[Word]) -> int:
    """Read by OCR what a signing tool stamped into the blanks of a text line (the number
    after 'Số:', the day): annotations drawn over a line of the page's own text. Only OCR
    words where the text layer has none are added. Returns how many were added."""
    import pypdfium2 as pdfium

    lines = [(w.top, w.bottom, w.size) for w in words]
    added = 0
    pdf = None
    for x0, top, x1, bottom in ev.annots:
        on_line = [sz for t, b, sz in lines if min(b, bottom) - max(t, top) > 0.5 * (b - t)]
        if not on_line or bottom - top > 3.5 * max(on_line):
            continue
        dpi = _ocr.OCR_DPI
        if pdf is None:
            pdf = pdfium.PdfDocument(data)
            pdf.init_forms()  # (before any page is loaded, or widgets are not drawn)
        page = pdf[i]
        cx, cy = max(0.0, x0 - 4), max(0.0, top - 4)
        try:
            image = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=True,
                                crop=(cx, max(0, page.get_height() - bottom - 4),
                                      max(0, page.get_width() - x1 - 4), cy)).to_pil()
        finally:
            page.close()
        from PIL import ImageDraw

        k = dpi / 72
        draw = ImageDraw.Draw(image)
        for o in words:  # the page's own text painted out: only what was stamped is left to read
            if o.conf is None:
                draw.rectangle(((o.x0 - cx) * k - 2, (o.top - cy) * k - 2, (o.x1 - cx) * k + 2, (o.bottom - cy) * k + 2),
                               fill=255)
        found = _ocr.read_words(image, dpi, psm=6, offset=(cx, cy))
        if found and all(sum(c.isdigit() for c in w.text) * 2 >= sum(c.isalnum() for c in w.text) for w in found
                         if any(c.isalnum() for c in w.text)):
            # digits stamped into a blank (the number, the day): read again by the digit reader
            found = _stamped_digits(image, dpi, found) or found
        for w in found:
            w.text = w.text.strip(":;,._|-—~")
            if not w.text or not any(c.isalnum() for c in w.text):
                continue
            if not any(min(w.x1, o.x1) - max(w.x0, o.x0) > 0.3 * w.width and
                       min(w.bottom, o.bottom) - max(w.top, o.top) > 0 for o in words):
                w.size = statistics.median(o.size for o in words)
                words.append(w)
                added += 1
    if pdf is not None:
        pdf.close()
    return added


def _stamped_digits(image: Any, dpi: float, found: list[Word]) -> list[Word] | None:
    """The digits a signing tool stamped into a blank ('06' that the Vietnamese model reads
    '//5'), read by :func:`pipeline.ingest.ocr.read_digits`: one word over what was found."""
    read = _ocr.read_digits(image, dpi)
    if read is None:
        return None
    inked = [w for w in found if any(c.isalnum() for c in w.text)] or found
    return [Word(text=read[0], x0=min(w.x0 for w in inked), top=min(w.top for w in inked), x1=max(w.x1 for w in inked),
                 bottom=max(w.bottom for w in inked), size=inked[0].size, conf=read[1])]


SIGNING_TIME_RE = re.compile(r"D:(\d{4})(\d{2})(\d{2})")


def _signing_dates(pdf: Any) -> list[str]:
    """The dates of the PDF's digital signatures (ISO, in order, distinct): not the document's
    date (a certified copy or an incoming register is signed days later), but a bound for it."""
    import pypdfium2.raw as pdfium_c

    out: list[str] = []
    for k in range(pdfium_c.FPDF_GetSignatureCount(pdf.raw)):
        sig = pdfium_c.FPDF_GetSignatureObject(pdf.raw, k)
        n = pdfium_c.FPDFSignatureObj_GetTime(sig, None, 0)
        if n <= 0:
            continue
        buf = ctypes.create_string_buffer(n)
        pdfium_c.FPDFSignatureObj_GetTime(sig, buf, n)
        m = SIGNING_TIME_RE.match(buf.value.decode("ascii", errors="replace"))
        if m and f"{m[1]}-{m[2]}-{m[3]}" not in out:
            out.append(f"{m[1]}-{m[2]}-{m[3]}")
    return out


def _is_esign(line: Line) -> bool:
    return bool(ESIGN_RE.search(line.text))


def _set_aside_esign(layout: PageLayout, annots: list[tuple[float, float, float, float]]) -> None:
    """E-signature boxes printed into the page (not as annotations) are chrome, not header."""
    keep = []
    for block in layout.blocks:
        if all(_is_esign(ln) for ln in block.lines):
            layout.chrome.extend(block.lines)
        else:
            keep.append(block)
    layout.blocks = keep


def _running_chrome(layouts: list[PageLayout]) -> None:
    """A first or last line repeated on two or more pages (digits aside): a running header or footer."""
    if len(layouts) < 2:
        return
    def key(text: str) -> str:
        return re.sub(r"\d+", "#", text.strip().lower())

    for pos in (0, -1):
        seen: dict[str, int] = {}
        for lay in layouts:
            if lay.blocks:
                seen[key(lay.blocks[pos].text())] = seen.get(key(lay.blocks[pos].text()), 0) + 1
        for lay in layouts:
            if not lay.blocks:
                continue
            block = lay.blocks[pos]
            first = block.lines[0]
            in_margin = first.bottom < 0.1 * lay.height or first.top > 0.9 * lay.height
            # a cell of the header table (column 1 or 2) is the header, even repeated: a file of
            # several documents, each page headed by the same issuer
            if seen.get(key(block.text()), 0) >= 2 and in_margin and len(block.text()) < 120 and block.column == 0:
                lay.chrome.extend(block.lines)
                lay.blocks.remove(block)


def read_pdf(path: Path, data: bytes, ocr: OcrMode = "auto") -> dict[str, Any]:
    """Text, page ranges, per-page readings and warnings of a PDF.

    Per page, in ``auto`` mode, the text layer is replaced by OCR when the page has no text
    but an image or vector outlines; when its text covers under 2% of the page while an image
    covers half of it (a scan with an e-signature box); when under 60% of its words are
    Vietnamese syllables; when a hidden text layer over a scan is not clean; or when glyphs are
    drawn with no character behind them (5 or more gaps before a lower-case letter, 2% of the words). ``never``
    keeps every text layer, ``force`` reads every page by OCR.
    """
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:
        raise CorruptFile(str(path), f"corrupt PDF ({exc})") from exc
    warnings: list[str] = []
    try:
        n = len(pdf)
        if n > MAX_PAGES:
            raise TooLarge(str(path), f"PDF has {n} pages (limit {MAX_PAGES})")
        have_ocr = _ocr.available()
        short_pages: list[int] = []
        layouts: list[PageLayout] = []
        readings: list[PageReading] = []
        todo: list[int] = []
        evidences: list[_Evidence] = []
        for i in range(n):
            page = pdf[i]
            width, height = page.get_size()
            textpage = page.get_textpage()
            try:
                ev = _evidence(page, textpage, width, height)
            finally:
                textpage.close()
                page.close()
            evidences.append(ev)
            if ev.chars < SHORT_PAGE_CHARS and ev.image_cover < 0.05 and ev.paths < OUTLINE_PATHS:
                short_pages.append(i)
        if short_pages and len(short_pages) < n:
            _plumber_words(data, short_pages, evidences, warnings)
        for i, ev in enumerate(evidences):
            use_ocr, why = _decide(ev, ocr) if ocr != "never" else (False, "--ocr never")
            width, height = pdf.get_page_size(i)
            readings.append(PageReading(page=i + 1, method="ocr" if use_ocr else "text", reason=why, chars=ev.chars,
                                        text_coverage=round(ev.text_cover, 4), image_coverage=round(ev.image_cover, 4),
                                        vietnamese=None if ev.vietnamese is None else round(ev.vietnamese, 3),
                                        glyph_gaps=ev.glyph_gaps))
            layouts.append(PageLayout(width=width, height=height))
            if use_ocr:
                todo.append(i)
        if todo and not have_ocr:
            if all(ev.chars < MIN_PAGE_CHARS for ev in evidences):
                raise NoTextLayer(str(path), f"no text layer (scanned?), {n} pages; install Tesseract with Vietnamese "
                                  "(make install-tools) to OCR it")
            for i in todo:
                readings[i].method = "text"
                readings[i].reason += "; not OCR'd: Tesseract with Vietnamese is not installed"
            warnings.append(f"{len(todo)} page(s) should be read by OCR but Tesseract with Vietnamese is not installed: "
                            "their text layer was used")
            todo = []
        if len(todo) > MAX_OCR_PAGES:
            raise NoTextLayer(str(path), f"{len(todo)} pages to OCR: more than {MAX_OCR_PAGES}")
        if todo:
            images = {i: _render_scan(pdf, i, _ocr.OCR_DPI, keep_plain=i == todo[0]) for i in todo}
            workers = max(1, min(len(todo), os.cpu_count() or 1))

            def run(i: int) -> OcrPage:
                text, plain = images.pop(i)
                return _ocr_page(text, _ocr.OCR_DPI, plain)

            with ThreadPoolExecutor(max_workers=workers) as pool:
                results = dict(zip(todo, pool.map(run, list(todo))))
            for i, (words, angle, secs, unread, seal) in results.items():
                warnings.extend(f"page {i + 1}: {w}" for _, w in unread)
                readings[i].unread = [kind for kind, _ in unread]
                if seal is not None and seal.kept:
                    readings[i].reason += "; " + seal.describe(_ocr.OCR_DPI)
                    warnings.extend(f"page {i + 1}: {w}" for w in seal.warnings)
                signed = _signing_dates(pdf) if unread else []
                if signed:
                    warnings.append(f"the PDF's digital signature{'s are' if len(signed) > 1 else ' is'} dated "
                                    f"{', '.join(signed)}: a help to read the blanks left empty (a copy or a "
                                    "register stamp is signed later than the document)")
                evidences[i].words = words
                confs = [w.conf for w in words if w.conf is not None and w.conf >= 0]
                readings[i].ocr_confidence = round(sum(confs) / len(confs), 1) if confs else None
                readings[i].ocr_seconds = round(secs, 2)
                readings[i].deskew_degrees = round(angle, 2) if angle else None
        for i, ev in enumerate(evidences):
            if i not in todo and ev.annots and have_ocr and ocr != "never" and ev.words:
                added = _fill_from_annotations(data, i, ev, ev.words)
                if added:
                    readings[i].method = "text+ocr"
                    readings[i].reason += f"; {added} word(s) stamped over its lines read by OCR"
            lay = lay_out(ev.words, layouts[i].width, layouts[i].height)
            _set_aside_esign(lay, ev.annots)
            layouts[i] = lay
    finally:
        pdf.close()
    _running_chrome(layouts)
    parts: list[str] = []
    pages: list[tuple[int, int]] = []
    low: list[tuple[int, int, float]] = []
    boxes: list[tuple[int, int, int, float, float, float, float]] = []
    pos = 0
    for i, lay in enumerate(layouts):
        lines: list[str] = []
        read_by_ocr: list[bool] = []
        start = pos
        for block in lay.blocks:
            text, spans = block.render()
            read_by_ocr.append(any(w.conf is not None for _, _, w in spans))
            if read_by_ocr[-1]:
                fixed = _ocr.fix_line(text)
                if fixed != text:
                    cut = next((k for k, (x, y) in enumerate(zip(text, fixed)) if x != y), min(len(text), len(fixed)))
                    delta = len(fixed) - len(text)
                    spans = [(s0 + delta if s0 > cut else s0, e0 + delta if e0 > cut else e0, w) for s0, e0, w in spans]
                    text = fixed
            for s, e, w in spans:
                boxes.append((pos + s, pos + e, i + 1, round(w.x0, 1), round(w.top, 1), round(w.x1, 1), round(w.bottom, 1)))
                if w.conf is not None and 0 <= w.conf < _ocr.LOW_CONFIDENCE:
                    low.append((pos + s, pos + e, w.conf))
            lines.append(text)
            pos += len(text) + 1
        restore_names_across_lines(lines, read_by_ocr)
        page_text = "\n".join(lines)
        parts.append(page_text)
        pages.append((start, start + len(page_text)))
        pos = start + len(page_text) + 1
        readings[i].chrome = [ln.text for ln in lay.chrome]
    text = "\n".join(parts)
    if len(text.strip()) < 20:
        if todo:
            raise NoTextLayer(str(path), f"no text layer (scanned?), {n} pages; OCR found no text")
        raise NoTextLayer(str(path), f"no text layer (scanned?), {n} pages; install Tesseract with Vietnamese "
                          "(make install-tools) to OCR it" if not have_ocr else
                          f"no text layer (scanned?), {n} pages; no image or glyph outlines to OCR either")
    ocr_pages = [r.page for r in readings if r.method != "text"]
    encoding = None
    if ocr_pages and len(ocr_pages) == n and all(r.method == "ocr" for r in readings):
        encoding = "ocr:tesseract-vie"
        warnings.append(f"no usable text layer: read by OCR (Tesseract, vie), {n} pages; check the values")
    elif ocr_pages:
        encoding = "pdf+ocr:tesseract-vie"
        warnings.append(f"pages {', '.join(map(str, ocr_pages))} read (partly) by OCR (Tesseract, vie); check the values")
    return {"text": text, "encoding": encoding, "pages": pages, "warnings": warnings, "readings": readings,
            "low_confidence": low, "boxes": boxes}


SHORT_PAGE_CHARS = 40


def _second_opinion(data: bytes, parts: list[str], warnings: list[str]) -> None:
    """pypdfium2 has silently dropped lines on damaged PDFs where pdfplumber did not: a page
    it reads (nearly) empty, in a document that has text elsewhere, is read again with
    pdfplumber, and pdfplumber's text is kept when it finds clearly more."""
    short = [i for i, t in enumerate(parts) if len(t.strip()) < SHORT_PAGE_CHARS]
    if not short or len(short) == len(parts) and len("".join(parts).strip()) < 20 and len(parts) > 3:
        return  # nothing suspicious, or a scan (OCR decides)
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for i in short[:20]:
                other = pdf.pages[i].extract_text() or ""
                if len(other.strip()) > 2 * len(parts[i].strip()) + SHORT_PAGE_CHARS:
                    parts[i] = other
                    warnings.append(f"page {i + 1}: pypdfium2 read almost no text there; pdfplumber's text used")
    except Exception:  # noqa: BLE001 - the second opinion is best effort
        return


def _plumber_words(data: bytes, short: list[int], evidences: list[_Evidence], warnings: list[str]) -> None:
    """The same second opinion on words: a page pypdfium2 read (nearly) empty in a document
    with text elsewhere takes pdfplumber's words when they are clearly more."""
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for i in short[:20]:
                found = pdf.pages[i].extract_words(extra_attrs=["size"]) or []
                chars = sum(len(w["text"]) for w in found)
                if chars > 2 * evidences[i].chars + SHORT_PAGE_CHARS:
                    evidences[i].words = [Word(text=w["text"], x0=w["x0"], top=w["top"], x1=w["x1"], bottom=w["bottom"],
                                               size=float(w.get("size") or (w["bottom"] - w["top"]))) for w in found]
                    evidences[i].chars = chars
                    warnings.append(f"page {i + 1}: pypdfium2 read almost no text there; pdfplumber's text used")
    except Exception:  # noqa: BLE001 - the second opinion is best effort
        return
