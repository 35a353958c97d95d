"""References to other documents: one entry per distinct cited document, all mentions kept.

A numbered reference is found by its symbol (patterns.SYMBOL_RE); its type is read from
the words before it ("Kế hoạch số", "Nghi quyết số" with the diacritic lost), not from
the code, because a Party "QĐ" is a Quyết định or a Quy định. The date and the "của …"
issuer follow it; a date and issuer before it ("Ngày 12/6/2021, Bộ Chính trị đã ban hành
Nghị quyết số 02-NQ/TW") are read too. Named documents without a number (Điều lệ Công
đoàn Việt Nam, Văn kiện Đại hội XIII của Đảng …) come from NAMED_RE.
"""

from __future__ import annotations

import datetime as dt
import functools

import regex

from pipeline import identity, rx
from pipeline import patterns as P
from pipeline import vocab
from pipeline.extract import names
from pipeline.extract.dates import date_from_match
from pipeline.extract.header import clean_number, symbol_codes, type_from_symbol
from pipeline.models import Citation
from pipeline.normalize import Text, fold
from pipeline.segment import Segments

OF_ABOUT_RE = regex.compile(r"^của\s+\p{Lu}[^;]*?\s(?:về|V/v)\s")
TYPE_TAIL_RE = regex.compile(r"\s*(?:lien\s+tich\s+)?(?:so)?\s*[:.]?\s*$")
YEAR_IN_SYMBOL_RE = regex.compile(r"/((?:19|20)\d\d)(?:/|-|$)")
SO_BEFORE_RE = regex.compile(r"(?:số|Số)\s*[:.]?\s*$")
AFTER_DATE_RE = regex.compile(r"^\s*[,(]?\s*(?:ban\s+hành\s+)?(?:ngày\s+)?(?P<date>\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})", regex.IGNORECASE)
OF_RE = regex.compile(r"^\s*[,)]?\s*của\s+(?P<issuer>\p{Lu}[^,;:.()“”\"\n]{1,120})")
ISSUER_STOP_RE = regex.compile(
    r"\s+(?:về|Về|V/v|và|đã|đề|phát\s+động|triển\s+khai|ban\s+hành|hướng\s+dẫn|quy\s+định|thực\s+hiện|"
    r"tổ\s+chức|nêu|tại|trong|với|khóa|khoá|nhiệm\s+kỳ|năm\s+\d{4}|ngày|đến|cho|theo|nhằm|được|để)(?=\s|$)"
)
ABOUT_RE = regex.compile(r"^\s*,?\s*(?:về\s+việc|Về\s+việc|V/v|về|Về)\s+(?P<title>[^;\n]{3,300}?)(?=\s*(?:;|\.\s|\.$|\n|$|và\s+(?:Kế\s+hoạch|Nghị\s+quyết|Quyết\s+định|Chỉ\s+thị|Công\s+văn)))")


@functools.cache
def _folded_types() -> list[tuple[str, str]]:
    return sorted(((fold(t.name), t.name) for t in vocab.doc_types().types), key=lambda x: -len(x[0]))


def type_before(prefix: str) -> str | None:
    """The type name ending right before a symbol, diacritics ignored ('Nghi quyết số')."""
    tail = fold(prefix[-40:])
    tail = TYPE_TAIL_RE.sub("", tail)
    for folded, name in _folded_types():
        if tail.endswith(folded) and (len(tail) == len(folded) or not tail[-len(folded) - 1].isalpha()):
            return name
    return None


@functools.cache
def named_re() -> regex.Pattern[str]:
    """Documents named without a number; the kinds are few and stable, so the grammar is here."""
    return regex.compile(
        r"""
        (?P<title>
            (?P<t1>Văn\s+kiện)\s+Đại\s+hội\s+(?:đại\s+biểu\s+toàn\s+quốc\s+)?(?:lần\s+thứ\s+)?[IVXL]+\s+của\s+Đảng(?:\s+Cộng\s+sản\s+Việt\s+Nam)?
          | (?P<t2>(?-i:Điều)\s+lệ)\s+(?:Công\s+đoàn\s+Việt\s+Nam|Đảng(?:\s+Cộng\s+sản\s+Việt\s+Nam)?|Hội\s+Liên\s+hiệp\s+Phụ\s+nữ\s+Việt\s+Nam|Đoàn\s+TNCS\s+Hồ\s+Chí\s+Minh)
          | (?P<t3>Bộ\s+luật)\s+Lao\s+động(?:\s+năm\s+\d{4})?
          | (?P<t4>Luật)\s+(?:Công\s+đoàn|Bảo\s+hiểm\s+xã\s+hội|An\s+toàn,\s+vệ\s+sinh\s+lao\s+động|Việc\s+làm)(?:\s+năm\s+\d{4})?
          | (?P<t5>Ngh[ịi]\s+quyết)\s+Đại\s+hội\s+(?:đại\s+biểu\s+)?(?:toàn\s+quốc\s+)?(?:lần\s+thứ\s+)?[IVXL]+\s+(?:của\s+)?(?:Công\s+đoàn|Đảng\s+bộ|Đảng|Đoàn)[^,.;:()“”\n]{0,60}?(?:,\s*nhiệm\s+kỳ\s+\d{4}\s*-\s*\d{4})?(?=[,.;:()“”\n]|\s+(?:và|về|của|đã|là)\s|$)
          | (?P<t7>Ngh[ịi]\s+quyết)\s+Đại\s+hội\s+(?:đại\s+biểu\s+)?(?:Công\s+đoàn|Đảng\s+bộ|Đoàn)[^,.;:()“”\n]{0,60}?\s+lần\s+thứ\s+[IVXL]+(?:,\s*nhiệm\s+kỳ\s+\d{4}\s*-\s*\d{4})?
          | (?P<t6>Nghị\s+quyết)\s+Trung\s+ương\s+\d+\s+\(?(?:khóa|khoá)\s+[IVXL]+\)?(?:\s+về\s+[^,.;:()\n]{3,80})?
        )
        """,
        regex.VERBOSE | regex.IGNORECASE,
    )


def _year_of(number: str | None, date: dt.date | None) -> int | None:
    if number:
        m = YEAR_IN_SYMBOL_RE.search(number)
        if m:
            return int(m.group(1))
    return date.year if date else None


def _issuer_from_phrase(raw: str, province: str | None, district: str | None, doc_issuer: str | None = None) -> str:
    stop = ISSUER_STOP_RE.search(raw)
    s = raw[: stop.start()] if stop else raw
    s = " ".join(s.split()).rstrip(" ,;.")
    words = s.split()
    if len(words) > 14:
        s = " ".join(words[:14])
    s = identity.issuer_name(s, province, district)
    national = {b.lower() for b in vocab.issuers().national_bodies}
    if doc_issuer and s.lower() not in national and names.is_organ_or_department(s):
        # "của Ban Chỉ đạo phát triển đoàn viên" in a Lai Châu LĐLĐ plan: that body's own committee
        s = f"{s} {names.strip_organ(doc_issuer)}"
    return names.fix_provinces(s)


def _issuer_from_code(number: str, province: str | None) -> tuple[str | None, bool]:
    _, code = symbol_codes(number)
    entry = vocab.issuers().symbol_issuers.get(code or "")
    if entry is None or entry.name is None:
        return None, False
    if entry.scope == "national":
        return entry.name, True
    if entry.scope == "province" and province:
        return f"{entry.name} {province}", True
    return None, False


def extract_citations(
    text: Text,
    seg: Segments,
    own_number: str | None,
    province: str | None = None,
    district: str | None = None,
    doc_issuer: str | None = None,
) -> list[Citation]:
    t = text.text
    start = seg.body_start
    end = seg.body_end if seg.body_end > start else len(t)
    own = identity.symbol(own_number) if own_number else None
    found: dict[str, Citation] = {}
    order: list[str] = []

    def is_basis(pos: int) -> bool:
        return seg.kind == "directive" and seg.preamble is not None and seg.preamble[0] <= pos < seg.preamble[1]

    for m in P.SYMBOL_RE.finditer(t, start, end):
        if seg.in_chrome(m.start()):
            continue
        number = clean_number(m.group(0))
        norm = identity.symbol(number)
        if own and norm == own:
            continue
        before = t[max(start, m.start() - 200) : m.start()]
        doc_type = type_before(before)
        if doc_type is None and not SO_BEFORE_RE.search(before):
            # a bare symbol: only when it has a type code we know (avoid '18/5' noise)
            if type_from_symbol(number) is None:
                continue
        doc_type = doc_type or type_from_symbol(number)
        after = t[m.end() : min(len(t), m.end() + 300)]
        date = None
        issuer = None
        inferred = False
        rest = after
        dm = AFTER_DATE_RE.match(rest)
        if dm:
            dd = P.DATE_RE.search("ngày " + dm.group("date"))
            date = date_from_match(dd) if dd else None
            rest = rest[dm.end() :]
        om = OF_RE.match(rest)
        if om:
            issuer = _issuer_from_phrase(om.group("issuer"), province, district, doc_issuer)
            stop = ISSUER_STOP_RE.search(om.group("issuer"))
            rest = rest[om.start("issuer") + (stop.start() if stop else len(om.group("issuer"))) :]
        am = ABOUT_RE.match(rest)
        subject = " ".join(am.group("title").split()).strip(" ,“”\"") if am else None
        bm = P.ISSUED_BEFORE_RE.search(before[-160:].split(".")[-1] + " ") if (date is None or issuer is None) else None
        if bm is None and (date is None or issuer is None):
            # "Ngày 12/6/2021, Bộ Chính trị đã ban hành Nghị quyết số" — drop the type words first
            trimmed = _trailing_type_re().sub("", before[-200:])
            bm = P.ISSUED_BEFORE_RE.search(trimmed.split(". ")[-1])
        if bm is not None:
            if date is None:
                dd = P.DATE_RE.search(bm.group("date"))
                date = date_from_match(dd) if dd else None
            if issuer is None:
                issuer = _issuer_from_phrase(bm.group("issuer"), province, district, doc_issuer)
        if issuer is None:
            issuer, inferred = _issuer_from_code(number, province)
        prov = text.provenance(m.start(), m.end(), "patterns.SYMBOL_RE")
        year = _year_of(number, date)
        key = norm
        if key in found:
            c = found[key]
            c.mentions.append(prov)
            c.basis = c.basis or is_basis(m.start())
            c.date = c.date or date
            if c.issuer is None or (c.issuer_inferred and issuer and not inferred):
                c.issuer, c.issuer_inferred = issuer, inferred
            c.doc_type = c.doc_type or doc_type
            c.year = c.year or year
            c.title = c.title or subject
            continue
        found[key] = Citation(
            doc_type=doc_type,
            number=number,
            date=date,
            issuer=issuer,
            issuer_inferred=inferred,
            title=subject,
            basis=is_basis(m.start()),
            year=year,
            mentions=[prov],
        )
        order.append(key)

    for m in named_re().finditer(t, start, end):
        if seg.in_chrome(m.start()):
            continue
        title = " ".join(m.group("title").split()).rstrip(" ,")
        kind = next(g for g in ("t1", "t2", "t3", "t4", "t5", "t6", "t7") if m.group(g))
        doc_type = vocab.type_by_lower().get(" ".join(m.group(kind).split()).lower().replace("nghi ", "nghị "))
        title = rx.sub(r"^Nghi\b", "Nghị", title)
        if kind == "t6":
            title = rx.sub(r"[()]", "", title)
        after = t[m.end() : m.end() + 40]
        if rx.match(r"\s*(?:số|Số)\s*\d", after):
            continue  # "Luật Công đoàn số 12/2012/QH13": the numbered citation has it
        key = "named:" + fold(title.split(" về ")[0] if kind == "t6" else title)
        prov = text.provenance(m.start(), m.end(), "citations.named_re")
        if key in found:
            found[key].mentions.append(prov)
            found[key].basis = found[key].basis or is_basis(m.start())
            continue
        issuer = None
        if kind == "t1":
            issuer = "Đảng Cộng sản Việt Nam"
        elif kind == "t6":
            issuer = "Ban Chấp hành Trung ương"
        found[key] = Citation(doc_type=doc_type, title=title, issuer=issuer, basis=is_basis(m.start()), mentions=[prov])
        order.append(key)

    _unnumbered_basis(text, seg, found, order)
    _merge_yearless(found, order)
    citations = [found[k] for k in order]
    for c in citations:
        c.key = identity.node_key(c.number, c.year, c.issuer) if c.number else None
    return citations


YEAR_SUFFIX_RE = regex.compile(r"\s+nam\s+\d{4}$")  # on folded keys


def _merge_yearless(found: dict[str, Citation], order: list[str]) -> None:
    """'Bộ luật Lao động' after 'Bộ luật Lao động năm 2019' is the same code, when only one
    year of it is named in the document."""
    named = [k for k in order if k.startswith("named:")]
    by_base: dict[str, list[str]] = {}
    for k in named:
        by_base.setdefault(YEAR_SUFFIX_RE.sub("", k), []).append(k)
    for base, keys in by_base.items():
        with_year = [k for k in keys if k != base]
        if base in keys and len(with_year) == 1:
            target = found[with_year[0]]
            target.mentions.extend(found[base].mentions)
            target.basis = target.basis or found[base].basis
            del found[base]
            order.remove(base)


@functools.cache
def _unnumbered_basis_re() -> regex.Pattern[str]:
    return regex.compile(
        rf"(?:Căn\s+cứ|Thực\s+hiện|Trên\s+cơ\s+sở)\s+(?P<title>(?P<doc_type>{vocab.type_names_re()})\s+(?!số)"
        r"(?P<rest>[^;\n]{5,250}?))\s*(?:;|\.?\s*$|\.\s*\n)",
        regex.MULTILINE,
    )


@functools.cache
def _trailing_type_re() -> regex.Pattern[str]:
    return regex.compile(rf"(?:{vocab.type_names_re()})\s*(?:số)?\s*$", regex.IGNORECASE)


def _unnumbered_basis(text: Text, seg: Segments, found: dict[str, Citation], order: list[str]) -> None:
    """'Căn cứ Thông báo Kết luận Hội nghị …;' — a basis clause naming one document, no number."""
    if seg.preamble is None:
        return
    t = text.text
    s, e = seg.preamble
    for m in _unnumbered_basis_re().finditer(t, s, e):
        title = " ".join(m.group("title").split())
        rest = m.group("rest")
        if P.SYMBOL_RE.search(title) or (rx.match(r"^\p{Ll}", rest) and not OF_ABOUT_RE.match(rest)):
            continue  # "Căn cứ Kế hoạch của Ban Thường vụ … về …" names one document; "Căn cứ kế hoạch công tác" does not
        key = "named:" + fold(title)
        if key in found or any(fold(c.title or "") in fold(title) for c in found.values() if c.title):
            continue
        doc_type = vocab.type_by_lower().get(m.group("doc_type").lower())
        found[key] = Citation(
            doc_type=doc_type,
            title=title,
            basis=True,
            mentions=[text.provenance(m.start("title"), m.end("title"), "citations.unnumbered_basis")],
        )
        order.append(key)
