"""The blanks of a scanned header that are filled by hand or by a stamp: the number between
'Số:' and '/', the day between 'ngày' and 'tháng', the month between 'tháng' and 'năm'.

Tesseract's Vietnamese model, reading the whole page, turns a handwritten '47' into '4‡',
'23' into '22', '11' into '44'. So each blank is found from the printed words around it
and read again on its own, by Tesseract's digit reading (:func:`pipeline.ingest.ocr.read_digits`:
stamped and printed digits) and by the handwriting reader (:mod:`pipeline.ingest.digits`). A
value stands when the page's reading is clean digits read with high confidence, or one of
the second readings is sure of it, and no reading disagrees; otherwise the blank is left
empty (the record's number or date is null) and a warning says it could not be read:
a wrong number is worse than none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from pipeline.folding import fold
from pipeline.ingest import digits as _digits
from pipeline.ingest import ocr as _ocr
from pipeline.ingest.layout import Line, Word, group_lines
from pipeline.models import BlankKind

HEADER_SHARE = 0.4  # the header's blanks are in the top 40% of the first page
PAGE_READ_CONFIDENCE = 85.0  # digits the page's OCR read in a blank stand alone from this confidence …
# … but a month from this one: the template prints the month (it is written by hand when the
# letter is signed only late in a month), the number and the day are left for the signing day
PAGE_READ_MONTH = 50.0
REREAD_CONFIDENCE = 60.0  # … and digits of the blank read on its own from this one
COUNT_CONFIDENCE = 50.0  # a page reading this confident says how many characters the blank holds
AGREED_PAGE, AGREED_REREAD = 75.0, 50.0  # two readings that agree stand from these confidences
PAGE_SURE = 93.0  # a page's reading this sure (printed digits: 93-97 on the real scans) …
SURER_BY = 20.0  # … and this much surer than the blank's own reading stands when they disagree
STRIP = ".,:;_-—~'`|"
BODY_LINE_WORDS = 14  # a header line holds both columns' short lines; a body line is longer

Kind = BlankKind
LABEL = {"number": "the number after 'Số:'", "day": "the day of the date line", "month": "the month of the date line"}
# the printed words around each blank, as OCR reads them (folded; 'S6:' and 'Sô:' for 'Số:')
SO_RE = regex.compile(r"^s[o6][:;.]?$")
# the symbol after the blank: '/BC-UBND', or run into what OCR read in the blank ('22/BC-UBND',
# '6?/TTg'); a number typed into the symbol's grammar ('01-BC/CB', '15/QĐ') is not a blank
SYMBOL_AFTER_RE = regex.compile(r"^(?P<pre>[^/\p{L}\-“”\"'‘’|]*)(?P<slash>[/“”\"'‘’|])\s*\p{Lu}")
SLASH = "/"  # a symbol's slash after the blank is read as a quote or a bar ('“CT-CS'): put back
NGAY_RE = regex.compile(r"^ngay(?P<rest>\S*)$")


@dataclass
class Slot:
    kind: Kind
    line: Line
    x0: float
    x1: float
    inside: list[Word]  # the page's words read in the blank
    prefix_of: Word | None = None  # a word the blank's reading ran into ('ngày30', '22/BC-UBND')
    prefix: str = ""


def find_slots(words: list[Word], page_height: float) -> list[Slot]:
    """The number, day and month blanks of the first header lines (each at most once)."""
    out: dict[str, Slot] = {}
    for ln in group_lines([w for w in words if w.bottom < HEADER_SHARE * page_height]):
        ws = ln.words
        if len(ws) >= BODY_LINE_WORDS:
            break  # the body has begun: a date in it is another document's
        for i, w in enumerate(ws):
            f = fold(w.text)
            if "number" not in out and SO_RE.match(f):
                for j in range(i + 1, min(i + 4, len(ws))):
                    m = SYMBOL_AFTER_RE.match(ws[j].text)
                    if m and m.group("pre") and j == i + 1:
                        break  # 'Số: 15/QĐ-LĐLĐ': a number typed with its symbol, no blank left for it
                    if m and m.group("slash") != SLASH:
                        if j == i + 1 or not ws[j].text[m.end("slash"):m.end("slash") + 1].isupper():
                            continue
                        ws[j].text = m.group("pre") + SLASH + ws[j].text[m.end("slash"):]
                    if m:
                        pre = party_number_prefix(m.group("pre"))
                        x1 = ws[j].x0 + ws[j].width * len(pre) / max(len(ws[j].text), 1)
                        out["number"] = Slot("number", ln, w.x1, x1, ws[i + 1:j], ws[j] if pre else None, pre)
                        break
            m = NGAY_RE.match(f)
            if "day" not in out and m and i + 1 < len(ws):
                j = next((k for k in range(i + 1, min(i + 3, len(ws))) if fold(ws[k].text).startswith("thang")), None)
                if j is not None:
                    rest = w.text[4:] if m.group("rest") else ""
                    x0 = w.x0 + w.width * 4 / len(w.text) if rest else w.x1
                    out["day"] = Slot("day", ln, x0, ws[j].x0, ws[i + 1:j], w if rest else None, rest)
            if "month" not in out and f == "thang" and "day" in out and out["day"].line is ln:
                j = next((k for k in range(i + 1, min(i + 3, len(ws))) if fold(ws[k].text).startswith("nam")), None)
                if j is not None:
                    out["month"] = Slot("month", ln, w.x1, ws[j].x0, ws[i + 1:j])
    return list(out.values())


PARTY_SYMBOL_RE = regex.compile(r"^(?P<digits>[^-]*)-\p{Lu}")


def party_number_prefix(pre: str) -> str:
    """What of the text before a symbol's '/' is the number: all of it ('117' of '117/HD-LĐLĐ'),
    or, in the Party's form 'Số 01-BC/CB' (number, '-', type code), only what comes before the
    '-' ('01' of '01-KL/CBHT1'; nothing of '-BC/CB', the number being the word before it)."""
    m = PARTY_SYMBOL_RE.match(pre)
    return m.group("digits") if m else pre


def _page_reading(slot: Slot) -> tuple[str, float] | None:
    text = slot.prefix + "".join(w.text for w in slot.inside)
    text = text.strip(STRIP)
    if not text:
        return None
    confs = [w.conf or 0.0 for w in slot.inside] + ([slot.prefix_of.conf or 0.0] if slot.prefix_of else [])
    return text, min(confs)


def decide(kind: Kind, page: tuple[str, float] | None, reread: tuple[str, float] | None,
           hand: tuple[str, float] | None = None) -> tuple[str, float] | None:
    """The blank's value, or None (unreadable).

    Digits the page's OCR read with high confidence (a month, which templates print, from
    PAGE_READ_MONTH) stand (print, a clear stamp) unless
    Tesseract's digit reading of the blank is sure of other digits (and not merely clipped,
    and the page not far surer). Else Tesseract's digit
    reading, when sure, stands if the page's OCR read the same or the handwriting reader does
    not say otherwise (print it reads well, handwriting rarely, and then with low confidence).
    Else the handwriting reader's digits, when it finds as many as the page's OCR saw
    characters there and that reading is not a guess (Tesseract cuts characters better than it
    names handwritten ones: '4‡' is two)."""
    def ok(v: tuple[str, float] | None, least: float) -> bool:
        return bool(v and v[0].isdigit() and v[1] >= least and _digits.plausible(kind, v[0]))

    if page and ok(page, PAGE_READ_MONTH if kind == "month" else PAGE_READ_CONFIDENCE):
        if (reread and ok(reread, REREAD_CONFIDENCE) and int(reread[0]) != int(page[0])
                and not _clipped(page[0], reread[0])):
            if page[1] >= PAGE_SURE and page[1] - reread[1] >= SURER_BY:
                return page  # printed digits the page read at 95% against an italic '20' the digit reader made '30' at 68%
            return None
        return page
    if (page and reread and page[0].isdigit() and page[0] == reread[0] and _digits.plausible(kind, page[0])
            and page[1] >= AGREED_PAGE and reread[1] >= AGREED_REREAD):
        return page  # each reader a little short of sure, but the two read the same digits
    if hand and not ok(hand, 0.0):
        hand = None
    count = page_count(kind, page)
    if hand and count is not None and count != len(hand[0]):
        hand = None
    if reread and ok(reread, REREAD_CONFIDENCE):
        if page and page[0].isdigit() and int(page[0]) == int(reread[0]):
            return reread
        return reread if hand is None or int(hand[0]) == int(reread[0]) else None
    return hand


def page_count(kind: Kind, page: tuple[str, float] | None) -> int | None:
    """How many characters the page's OCR saw in the blank, when it read them with some
    confidence and as many as a value of the kind can have ('4†1' is no count of a day's digits:
    OCR cut a flag or a bar off a digit)."""
    if not page or page[1] < COUNT_CONFIDENCE:
        return None
    n = len(page[0])
    return n if n <= (2 if kind in ("day", "month") else _digits.MAX_DIGITS) else None


def _clipped(page: str, reread: str) -> bool:
    """The blank read on its own found part of the printed number the page read cleanly ('7'
    of '117', '27' read '7'): its crop, cut by estimate inside the word, lost a digit at an edge.
    That does not contradict the page's reading."""
    return len(reread) < len(page) and (page.endswith(reread) or page.startswith(reread))


UNREAD = "is handwritten or stamped and OCR could not read it"


def reread_slots(image: Any, words: list[Word], dpi: float, page_height: float) -> list[tuple[Kind, str]]:
    """Read the header's blanks again from the page image (greyscale, straightened, not
    binarised: a handwritten blue number kept) and put the value in place of what the page's
    OCR read there, or leave the blank empty. Returns each blank not read: its kind (the
    page's reading records it) and a warning."""
    k = dpi / 72
    warnings: list[tuple[Kind, str]] = []
    for slot in find_slots(words, page_height):
        page = _page_reading(slot)
        lh = slot.line.bottom - slot.line.top
        x0, x1 = slot.x0 + 0.5, slot.x1 - 0.5
        if x1 - x0 < 0.3 * lh:
            continue
        crop = image.crop((int(x0 * k), int((slot.line.top - 0.7 * lh) * k), int(x1 * k), int((slot.line.bottom + 0.35 * lh) * k)))
        reread = _ocr.read_digits(crop, dpi)
        hand = _digits.read_handwritten(crop, slot.kind, page_count(slot.kind, page))
        if page is None and reread is None and hand is None:
            continue  # a blank left blank (a draft), or nothing Tesseract sees as writing
        value = decide(slot.kind, page, reread, hand)
        for w in slot.inside:
            words.remove(w)
        if slot.prefix_of is not None:
            slot.prefix_of.text = slot.prefix_of.text[len(slot.prefix):] if slot.kind == "number" else \
                slot.prefix_of.text[: len(slot.prefix_of.text) - len(slot.prefix)]
        if value is None:
            seen = " / ".join(dict.fromkeys(x[0] for x in (page, reread, hand) if x))
            warnings.append((slot.kind, f"{LABEL[slot.kind]} {UNREAD}"
                                         f"{f' (read {seen!r})' if seen else ''}: left empty, to be read on the page"))
            continue
        top, bottom = slot.line.top, slot.line.bottom
        words.append(Word(text=value[0], x0=x0, top=top, x1=x1, bottom=bottom, size=slot.line.size, conf=value[1]))
    return warnings
