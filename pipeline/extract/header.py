"""Document fields from the header zones: number, type, issuer, place, date, title, signer.

Values are read from the zones the segmenter found; when the header lost its issuer
lines (text copied out of a web page), the issuer is inferred from the symbol's issuer
code, the body's self-references ("Liên đoàn Lao động tỉnh …") and the place, and its
provenance says ``inferred``.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field

import regex

from pipeline import identity, rx
from pipeline import patterns as P
from pipeline import vocab
from pipeline.extract import names
from pipeline.extract.dates import parse_date
from pipeline.models import DocumentFields, Provenance, Signer
from pipeline.normalize import Text, fold
from pipeline.segment import Cell, Segments

BLANK_RE = regex.compile(r"\s*(?:…|\.{3,}|_{3,})[….\s_]*")  # dot leaders: a blank left in a template
PARTY_SYMBOL_RE = regex.compile(r"^\d+[a-zđ]?-(?P<type>[^/]+)/(?P<issuer>[^-/]+)")
SELF_LEVEL_RE = regex.compile(
    r"(?:Liên\s+đoàn\s+Lao\s+động|LĐLĐ)\s+(?P<level>tỉnh|thành\s+phố|huyện|quận|thị\s+xã)(?!\s+\p{Lu})"
)
PROVINCE_MENTION_RE_TMPL = r"(?:tỉnh|thành\s+phố|Tỉnh\s+ủy)\s+(?P<name>{provinces})"
NAME_RE = regex.compile(r"^(?:\p{Lu}[\p{Ll}\p{Lu}]*\s+){1,5}\p{Lu}[\p{Ll}\p{Lu}]*$")


@dataclass
class HeaderResult:
    fields: DocumentFields
    spans: dict[str, Provenance] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    province: str | None = None
    district: str | None = None
    symbol: str | None = None  # the number, or the codes a blank number line still prints ('0/TTg-CĐS')
    symbol_span: Provenance | None = None


BLANK_SYMBOL_RE = regex.compile(r"/\s*(?P<codes>\p{Lu}[\p{L}\d]*(?:\s*-\s*[\p{L}\d]+)*)\s*$")


def _symbol_of(text: Text, seg: Segments, res: HeaderResult) -> tuple[str | None, Provenance | None]:
    """The number, or, when the number line was left blank ('Số:    /TTg-CĐS': a draft, or a
    handwritten number OCR could not read), the codes it still prints: they name the type and
    the issuer as a number's do."""
    if res.fields.number:
        return res.fields.number, res.spans.get("number")
    c = seg.blank_number_cell
    m = BLANK_SYMBOL_RE.search(c.text) if c is not None else None
    if c is None or m is None:
        return None, None
    codes = rx.sub(r"\s+", "", m.group("codes"))
    span = text.provenance(c.start + m.start("codes"), c.start + m.end("codes"), "header.blank_number_codes", True)
    return f"0/{codes}", span


def _vv_title(seg: Segments) -> bool:
    return bool(seg.title) and bool(P.VV_RE.match(seg.lines[seg.title[0].line].text)
                                    or P.VV_INSIDE_RE.search(seg.lines[seg.title[0].line].text))


def clean_number(raw: str) -> str:
    """'70 /KH-LĐLĐ' → '70/KH-LĐLĐ'; '02- NQ/TW' → '02-NQ/TW'."""
    return identity.clean_symbol(raw)


def symbol_codes(number: str) -> tuple[str | None, str | None]:
    """(type code, issuer code) of a symbol, by its grammar.

    State '35/KH-LĐLĐ' → (KH, LĐLĐ); công văn '1399/TLĐ-ToC' → (None, TLĐ);
    Party '02-NQ/TW' → (NQ, TW); normative '145/2020/NĐ-CP' → (NĐ, CP).
    """
    n = clean_number(number)
    codes = vocab.code_to_type()
    party = PARTY_SYMBOL_RE.match(n)
    if party:
        return party.group("type"), party.group("issuer")
    parts = [p for p in n.split("/")[1:] if not (len(p) == 4 and p.isdigit())]
    if not parts:
        return None, None
    first = parts[0].split("-")
    if first[0] in codes:
        issuer = first[1] if len(first) > 1 else (parts[1].split("-")[0] if len(parts) > 1 else None)
        if issuer and rx.fullmatch(r"QH\d*", issuer):
            issuer = "QH"
        return first[0], issuer
    if rx.fullmatch(r"QH\d*", first[0]):
        return None, "QH"
    return None, first[0]


def type_from_symbol(number: str) -> str | None:
    type_code, issuer_code = symbol_codes(number)
    if type_code:
        return vocab.code_to_type().get(type_code) or vocab.code_to_type().get(type_code.upper())
    if issuer_code == "QH":
        return "Luật"
    if issuer_code:
        return "Công văn"  # công văn: ISSUER-UNIT, no type code
    return None


@functools.cache
def _province_mention_re() -> regex.Pattern[str]:
    return regex.compile(PROVINCE_MENTION_RE_TMPL.format(provinces=vocab.provinces_re()), regex.IGNORECASE)


@functools.cache
def _not_names_re() -> regex.Pattern[str]:
    return regex.compile(rf"(?<!\p{{L}})(?:{vocab.alternation(vocab.names().not_names)})(?!\p{{L}})")


def document_province(text: str, place: str | None) -> str | None:
    """The province the document belongs to: its place line, else the most named one."""
    table = vocab.province_by_key()
    if place and place.lower() in table:
        return table[place.lower()]
    rx = _province_mention_re()
    counts = Counter(table.get(m.group("name").lower(), m.group("name")) for m in rx.finditer(text))
    if counts:
        return counts.most_common(1)[0][0]
    from pipeline import gazetteer

    if place:
        by_place = gazetteer.province_of(place)
        if by_place:
            return by_place
    districts = Counter(m.group(1) for m in DISTRICT_MENTION_RE.finditer(text))
    for name, _ in districts.most_common(3):
        province = gazetteer.province_of(name)
        if province:
            return province
    return None


DISTRICT_MENTION_RE = regex.compile(r"(?:huyện|thị xã|quận)\s+((?:\p{Lu}\p{Ll}*)(?:\s+\p{Lu}\p{Ll}*){0,3})")


def _prov(text: Text, cell: Cell | tuple[int, int], rule: str, inferred: bool = False) -> Provenance:
    s, e = (cell.start, cell.end) if isinstance(cell, Cell) else cell
    return text.provenance(s, e, rule, inferred)


def extract_header(text: Text, seg: Segments) -> HeaderResult:
    f = DocumentFields()
    res = HeaderResult(fields=f)
    t = text.text
    if seg.title:
        title = " ".join(c.text for c in seg.title)
        title = " ".join(title.split()).rstrip(" .;:")
        caps = 0  # the capitals lines, and a last one in normal case ("… TẠI ĐẠI HỘI" / "Lần thứ IV nhiệm kỳ 2017-2022")
        while caps < len(seg.title) and names.is_caps(seg.title[caps].text):
            caps += 1
        if names.is_caps(title) or 0 < caps == len(seg.title) - 1:  # in normal case (the span keeps the source)
            head = " ".join(" ".join(c.text for c in seg.title[:caps]).split()).rstrip(" .;:") if caps else title
            tail = title[len(head):] if title.startswith(head) else ""
            title = names.proper_names_from_text(names.sentence_case(head), t[seg.title[-1].end :]) + tail
        if title[:1].islower():
            title = title[:1].upper() + title[1:]
        f.title = title
        res.spans["title"] = text.provenance(seg.title[0].start, seg.title[-1].end, "segment.title")
    if seg.kind != "directive":
        res.province = document_province(t, None)
        return res

    if seg.number is not None:
        m = P.NUMBER_LINE_RE.match("Số" + seg.number.text[2:] if seg.number.text.startswith("SỐ") else seg.number.text)
        assert m is not None
        f.number = clean_number(m.group("number"))
        s = seg.number.start + m.start("number")
        res.spans["number"] = text.provenance(s, seg.number.start + m.end("number"), "patterns.NUMBER_LINE_RE")
    elif seg.blank_number:
        res.warnings.append("number left blank (draft or template)")
    symbol, symbol_span = _symbol_of(text, seg, res)

    if seg.type_line is not None:
        m = P.type_line_re().match(seg.type_line.text)
        assert m is not None, seg.type_line
        f.doc_type = vocab.type_by_lower().get(m.group("doc_type").lower())
        res.spans["doc_type"] = _prov(text, seg.type_line, "segment.type_line")
    elif symbol and symbol_span and _vv_title(seg):
        # no type line and a 'V/v …' trích yếu: the format's công văn, whatever its unit code
        # ('2191/CT-CS': CT is the Cục Thuế, not a chỉ thị)
        f.doc_type = "Công văn"
        res.spans["doc_type"] = text.provenance(symbol_span.start, symbol_span.end, "header.vv_title", inferred=True)
    elif symbol and symbol_span:
        f.doc_type = type_from_symbol(symbol)
        if f.doc_type:
            res.spans["doc_type"] = text.provenance(
                symbol_span.start, symbol_span.end, "header.type_from_symbol", inferred=True
            )
    elif seg.unread_number is not None and (sym := UNREAD_SYMBOL_RE.search(seg.unread_number.text)):
        # the digits misread, the symbol not: its grammar still says the type ('/TTg-CĐS': a công văn)
        f.doc_type = type_from_symbol("0/" + sym.group(1))
        if f.doc_type:
            res.spans["doc_type"] = _prov(text, seg.unread_number, "header.type_from_symbol", inferred=True)
    elif seg.resolution is not None:
        # "… quyết nghị:" enacts a Nghị quyết (the form's own words)
        f.doc_type = vocab.type_by_lower().get("nghị quyết")
        res.spans["doc_type"] = _prov(text, seg.resolution, "segment.resolution", inferred=True)

    if seg.place_date is not None:
        m = P.PLACE_DATE_RE.match(seg.place_date.text)
        assert m is not None
        f.place = names.canonical_place(m.group("place"))
        res.spans["place"] = text.provenance(
            seg.place_date.start + m.start("place"), seg.place_date.start + m.end("place"), "patterns.PLACE_DATE_RE"
        )
        f.date = parse_date(m.group("date"))
        if f.date is None:
            res.warnings.append(f"date line without a complete date: {m.group('date')!r}")
        else:
            res.spans["date"] = text.provenance(
                seg.place_date.start + m.start("date"), seg.place_date.start + m.end("date"), "patterns.DATE_RE"
            )

    res.province = document_province(t, f.place)
    res.symbol, res.symbol_span = symbol, symbol_span
    _issuer(text, seg, res)
    _signer(text, seg, res)
    _portal_fallback(text, seg, res)
    return res


def _portal_fallback(text: Text, seg: Segments, res: HeaderResult) -> None:
    """A legal portal's metadata block describes the document itself (FORMAT.md): its
    values fill what the document's own text lacks or cut off (never a citation)."""
    f = res.fields
    for label, c in seg.portal_fields:
        value = c.text.strip()
        span = text.provenance(c.start, c.end, "segment.portal", inferred=True)
        if label == "số hiệu" and f.number is None and P.SYMBOL_RE.fullmatch(value):
            f.number = clean_number(value)
            res.spans["number"] = span
        elif label == "loại văn bản" and f.doc_type is None:
            f.doc_type = vocab.type_by_lower().get(value.lower())
            if f.doc_type:
                res.spans["doc_type"] = span
        elif label == "ngày ban hành" and f.date is None and seg.place_date is None:
            # a date line left blank is the document's own word: the portal's date does not fill it
            f.date = parse_date(value)
            if f.date:
                res.spans["date"] = span
        elif label in ("cơ quan ban hành", "nơi ban hành") and f.issuer is None and names.has_org_head(value):
            f.issuer = names.smart_case(value)
            res.spans["issuer"] = span
        elif label == "người ký" and NAME_RE.match(value):
            name = f.signer.name if f.signer else None
            if name is None or (value.startswith(name) and len(value) > len(name)):
                # absent, or cut short in the text ("Đặng Ngọc T" → "Đặng Ngọc Tùng")
                f.signer = Signer(name=value, position=f.signer.position if f.signer else None,
                                  authority=f.signer.authority if f.signer else None)
                res.spans["signer"] = span


def _issuer(text: Text, seg: Segments, res: HeaderResult) -> None:
    f = res.fields
    issuer_cells = _issuer_cells(seg.issuer_lines)
    # a Đoàn document's tiêu đề ('ĐOÀN TNCS HỒ CHÍ MINH') heads it as the quốc hiệu heads a state
    # one: it says whose the document is, the committee under it says who issues it
    youth = [c for c in issuer_cells if names.is_youth_union_title(c.text)]
    if youth and len(youth) < len(issuer_cells):
        issuer_cells = [c for c in issuer_cells if c not in youth]
    youth_document = bool(youth) or any(names.is_youth_union_title(c.text) for c in seg.header_cells)
    if seg.issuer_lines and CONGRESS_RE.match(seg.issuer_lines[0].text) and _issuer_named_after_type_line(text, seg, res):
        return
    if issuer_cells:
        # join wrapped lines ("LIÊN ĐOÀN LAO ĐỘNG" / "TỈNH HÒA BÌNH"), keep the lowest level
        levels: list[list[Cell]] = []
        level_words = tuple(w.upper() + " " for w in vocab.issuers().level_words)
        for c in issuer_cells:
            continuation = (
                (levels and " ".join(x.text for x in levels[-1]).lower().strip() in vocab.incomplete_heads())
                or c.text.upper().startswith(level_words)
                or c.text[:1].islower()
                or c.text.lower() in vocab.province_by_key()
                or c.text.upper() == "VIỆT NAM"
                or not names.has_org_head(c.text)  # a level starts with a head: "UỶ BAN NHÂN" / "DÂN"
                or (levels and not names.has_org_head(" ".join(x.text for x in levels[-1])))  # "TỔNG" / "LIÊN ĐOÀN …"
            )
            if levels and continuation:
                levels[-1].append(c)
            else:
                levels.append([c])
        lowest = levels[-1]
        raw = names.join_spaced_letters(" ".join(c.text for c in lowest))
        issuer = names.school_union(names.department_case(raw))  # a department's own name in normal case
        if names.is_caps(raw):  # marks OCR lost in the capitals, as the body writes the name
            issuer = names.marks_from_text(issuer, text.text[lowest[-1].end :])
        if youth_document:
            issuer = names.youth_union_body(issuer)
        if len(levels) > 1:
            upper = names.smart_case(" ".join(c.text for c in levels[-2]))
            m = rx.search(r"(?:tỉnh|thành phố)\s+(.+)$", upper)
            if m and res.province is None:
                res.province = names.fix_provinces(m.group(1))
            territory = names.territory_of(upper)
            if names.is_territorial_agency(issuer) and names.is_people_committee(upper) and territory:
                # "UBND TỈNH BÌNH THUẬN / SỞ NỘI VỤ": an agency of the province, named with it
                issuer = f"{issuer} {territory}"
            elif names.is_organ_or_department(issuer):
                # "LĐLĐ TỈNH HÒA BÌNH / BAN THƯỜNG VỤ": the organ of the body above it
                issuer = f"{issuer} {upper}"
            elif names.is_incomplete(issuer):
                # "TRƯỜNG TH CAO VIÊN I / CÔNG ĐOÀN TRƯỜNG": the union of the school above it
                issuer = names.complete_with(issuer, upper)
        m = rx.search(r"huyện\s+(.+)$", issuer)
        if m:
            res.district = m.group(1)
        issuer = issuer.replace(" & ", " và ")  # a joint issuer: "BGH & BCH CÔNG ĐOÀN …"
        issuer, filled = names.fill_place(issuer, res.province, res.district)
        issuer, completed = _complete_issuer(issuer, f.place, res.province)
        filled = filled or completed
        if BLANK_RE.search(issuer):
            issuer = BLANK_RE.sub("", issuer).strip(" ,")
            res.warnings.append("issuer left blank in a template (dot leaders)")
        f.issuer = issuer
        res.spans["issuer"] = text.provenance(lowest[0].start, lowest[-1].end, "segment.issuer_lines", filled)
        m = rx.search(r"tỉnh\s+(.+)$", issuer)
        if m and res.province is None:
            res.province = m.group(1)
        return
    # no issuer lines: infer from the symbol, the body's self-references and the place
    if not res.symbol or res.symbol_span is None:
        if seg.resolution is None or not _issuer_resolving(text, seg, res):
            _issuer_from_self_reference(text, seg, res)
        return
    _, code = symbol_codes(res.symbol)
    entry = vocab.issuers().symbol_issuers.get(code or "")
    if entry is None or entry.name is None:
        _issuer_from_self_reference(text, seg, res)
        return
    span = res.spans.get("number") or res.symbol_span
    if entry.scope == "national":
        f.issuer = entry.name
    elif code == "LĐLĐ":
        levels = Counter(" ".join(m.group("level").split()) for m in SELF_LEVEL_RE.finditer(text.text))
        level = levels.most_common(1)[0][0] if levels else None
        place = res.province if level in ("tỉnh", "thành phố", None) else f.place
        if place is None:
            return
        f.issuer = f"{entry.name} {level or 'tỉnh'} {place}"
    elif entry.scope == "province" and res.province:
        f.issuer = f"{entry.name} {res.province}"
    else:
        return
    res.spans["issuer"] = text.provenance(span.start, span.end, "header.issuer_from_symbol", inferred=True)
    res.warnings.append("issuer inferred: the header has no issuer lines")


UNREAD_SYMBOL_RE = regex.compile(r"/\s*([\p{L}][\p{L}&]*(?:\s*-\s*[\p{L}][\p{L}&]*)*)\s*$")
CONGRESS_RE = regex.compile(r"^\s*ĐẠI\s+HỘI\b")
AUTHOR_LINE_RE = regex.compile(r"^\s*CỦA\s+(?P<body>.+)$")
AUTHOR_END_RE = regex.compile(r"\s+(?:KHÓA|KHOÁ|TẠI|LẦN\s+THỨ|NHIỆM\s+KỲ|VỀ|NĂM|TRÌNH)\b.*$")


def _issuer_named_after_type_line(text: Text, seg: Segments, res: HeaderResult) -> bool:
    """'BÁO CÁO / CỦA BAN CHẤP HÀNH CÔNG ĐOÀN CƠ SỞ / TRƯỜNG … KHÓA IV TẠI ĐẠI HỘI …' under a
    congress's header ('ĐẠI HỘI CÔNG ĐOÀN … LẦN THỨ IV', an event, not a body): the trích yếu
    names the body whose document it is."""
    if seg.type_line is None:
        return False
    lines = [ln for ln in seg.lines[seg.type_line.line + 1 : seg.type_line.line + 6] if ln.text.strip()]
    if not lines or not (m := AUTHOR_LINE_RE.match(lines[0].text)) or not names.is_caps(lines[0].text):
        return False
    start = lines[0].start + m.start("body")
    body, end = m.group("body").strip(), lines[0].end
    if not AUTHOR_END_RE.search(body) and len(lines) > 1 and names.is_caps(lines[1].text):
        body, end = f"{body} {lines[1].text.strip()}", lines[1].end  # wrapped onto the next line
    cut = AUTHOR_END_RE.search(body)
    if cut:
        end -= len(body) - cut.start()
        body = body[: cut.start()]
    name = names.smart_case(body)
    if not names.has_org_head(name):
        return False
    res.fields.issuer = _complete_issuer(names.fill_place(name, res.province, res.district)[0], res.fields.place, res.province)[0]
    res.spans["issuer"] = text.provenance(start, max(start, end), "header.issuer_after_type_line", inferred=True)
    return True


def _issuer_cells(cells: list[Cell]) -> list[Cell]:
    """The header cells that name the issuer, one cell per body: pieces of a quốc hiệu
    split over lines dropped, a flattened two-level cell cut at its second head, lines
    that name no body and go on none (a site slogan, "LẦN THỨ IV") left out."""
    out: list[Cell] = []
    for c in cells:
        c = Cell(c.start, c.end, names.restore_marks(c.text), c.line)  # a scan's misread marks
        if names.is_quoc_hieu_piece(c.text):
            continue
        qh = QH_FOLDED_RE.search(fold(c.text))
        if qh and qh.start() > 0:
            # "Liên đoàn LĐ huyện Tân Kỳ Cộng hòa xã hội …": the quốc hiệu run on in normal case
            cut = c.text[: qh.start()].rstrip()
            c = Cell(c.start, c.start + len(cut), cut, c.line)
        for a, b in names.split_levels(c.text):
            out.append(Cell(c.start + a, c.start + b, c.text[a:b], c.line))
    # keep from the first cell that names a body (alone or run on into the next line:
    # "UỶ BAN NHÂN" / "DÂN"): what comes before it is a heading, not the issuer
    for i, c in enumerate(out):
        nxt = out[i + 1].text if i + 1 < len(out) else ""
        if names.has_org_head(c.text) or names.has_org_head(f"{c.text} {nxt}"):
            return out[i:]
    return []


QH_FOLDED_RE = regex.compile(r"cong\s+hoa\s+xa\s+hoi|doc\s+lap\s*-\s*tu\s+do", regex.IGNORECASE)


# bodies of a territory, named without it when the header's place line says which
TERRITORIAL_RE = regex.compile(r"^(?:Ủy ban nhân dân|Hội đồng nhân dân|Ủy ban Mặt trận Tổ quốc(?: Việt Nam)?)$")


def _complete_issuer(issuer: str, place: str | None, province: str | None) -> tuple[str, bool]:
    """Fill what a header leaves to the reader: 'Tổng Liên đoàn Lao động' is of Việt Nam
    (FORMAT.md); 'ỦY BAN NHÂN DÂN' over a date line 'Quảng Ngãi, ngày …' is the province's."""
    if issuer.lower().endswith("tổng liên đoàn lao động"):
        return f"{issuer} Việt Nam", True
    if issuer.lower().endswith("tổng liên đoàn"):  # the running text's short name of the one confederation
        return f"{issuer} Lao động Việt Nam", True
    if TERRITORIAL_RE.match(issuer) and place and province and place == province:
        level = "thành phố" if province in vocab.places().central_cities else "tỉnh"
        return f"{issuer} {level} {province}", True
    return issuer, False


def _organs_and_heads() -> tuple[list[str], list[str]]:
    """The organs and body heads of the vocabulary, each with the abbreviations that stand for them."""
    iss = vocab.issuers()
    organs = [*iss.organs, *(k for k, v in iss.abbreviations.items() if v in iss.organs)]
    heads = [*iss.body_heads, *(k for k, v in iss.abbreviations.items() if v in iss.body_heads)]
    return organs, heads


@functools.cache
def _self_reference_re() -> regex.Pattern[str]:
    """'Công đoàn ngành Y tế xây dựng kế hoạch …', '…, Ban Thường vụ Công đoàn Giáo dục Việt
    Nam đề nghị …': the issuer naming itself as it acts, at the start of a clause."""
    organs, heads = _organs_and_heads()
    return regex.compile(
        rf"(?:^|\n|[.;,:]\s+)(?P<body>(?:(?i:{vocab.alternation(organs)})\s+)?(?i:{vocab.alternation(heads)})"
        r"(?:\s+(?:\p{Lu}[\p{L}\d&.]*(?:\s+\p{Ll}+)?|tỉnh|huyện|quận|thành\s+phố|ngành|cơ\s+sở|xã|phường|thị\s+xã|trường)){0,7})\s+"
        rf"(?:(?:đã\s+)?(?:xây\s+dựng|ban\s+hành|triển\s+khai|hướng\s+dẫn|thông\s+báo|báo\s+cáo)\s+(?i:{vocab.type_names_re()})"
        r"|hướng\s+dẫn|đề\s+nghị|yêu\s+cầu)\b",
    )


@functools.cache
def _resolving_body_re() -> regex.Pattern[str]:
    """The body named right before 'quyết nghị:' ('… Ban Chấp hành Tổng Liên đoàn Lao động Việt Nam quyết nghị:')."""
    organs, heads = _organs_and_heads()
    return regex.compile(
        rf"(?P<body>(?:(?:{vocab.alternation(organs)})\s+)?(?:{vocab.alternation(heads)})"
        r"(?:\s+(?:\p{Lu}[\p{L}\d&.]*|tỉnh|huyện|quận|thành\s+phố|ngành|cơ\s+sở|xã|phường|thị\s+xã|trường)){0,7})"
        r"(?:\s*\([^)]{1,30}\))?\s+quyết\s+nghị\s*:",
        regex.IGNORECASE,
    )


def _issuer_resolving(text: Text, seg: Segments, res: HeaderResult) -> bool:
    """The body that resolves, named in the line of the enacting words."""
    assert seg.resolution is not None
    m = _resolving_body_re().search(seg.resolution.text)
    if not m:
        return False
    body = names.expand_abbreviations(" ".join(m.group("body").split()))
    issuer, _ = names.fill_place(body, res.province, res.district)
    res.fields.issuer = _complete_issuer(names.fix_provinces(issuer), res.fields.place, res.province)[0]
    s = seg.resolution.start + m.start("body")
    res.spans["issuer"] = text.provenance(s, seg.resolution.start + m.end("body"), "header.issuer_resolving", inferred=True)
    res.warnings.append("issuer inferred from the enacting words: the header has no issuer lines")
    return True


def _issuer_from_self_reference(text: Text, seg: Segments, res: HeaderResult) -> None:
    """When neither header nor symbol names the issuer, the opening sentence often does."""
    window_end = min(len(text.text), seg.body_start + 3000)
    m = _self_reference_re().search(text.text, seg.body_start, window_end)
    if not m:
        return
    body = names.strip_organ(names.expand_abbreviations(" ".join(m.group("body").split())))
    issuer, _ = names.fill_place(body, res.province, res.district)
    res.fields.issuer = _complete_issuer(names.fix_provinces(issuer), res.fields.place, res.province)[0]
    res.spans["issuer"] = text.provenance(m.start("body"), m.end("body"), "header.issuer_self_reference", inferred=True)
    res.warnings.append("issuer inferred from the text: the header has no issuer lines")


def looks_like_name(s: str, from_caps: bool = False) -> bool:
    """A person's name, not a role line ('NGƯỜI LẬP BIÊN BẢN'): no role word in it, and,
    when it was printed in capitals, a known surname first."""
    vn = vocab.names()
    low = s.lower()
    if _not_names_re().search(low):
        return False
    return s.split()[0] in vn.surnames or not from_caps


# an office a signer holds names one of these ('PHÓ CHỦ TỊCH THƯỜNG TRỰC', 'TRƯỞNG BAN'): a capitals line
# without one under the authority is something else ('AN TOÀN, VỆ SINH LAO', a cut heading)
@functools.cache
def _position_word_re() -> regex.Pattern[str]:
    words = [w.upper() for w in vocab.issuers().position_words]
    return regex.compile(rf"(?<![\p{{L}}])(?:{vocab.alternation(words)})(?![\p{{L}}])")


def _complete_cut_body(body: str, issuer: str | None) -> str:
    """'Ủy ban n' (an excerpt cut inside 'TM. ỦY BAN NHÂN DÂN') → 'Ủy ban nhân dân': a body cut
    inside a word, that the issuer's name goes on from, is completed to the head of that name."""
    if not issuer or not body:
        return body
    low, iss = body.lower(), issuer.lower()
    if not iss.startswith(low) or iss[len(low) : len(low) + 1] in ("", " "):
        return body  # not a prefix of the issuer, or cut at a word's end: as printed
    heads = [h for h in vocab.issuers().body_heads if iss.startswith(h.lower()) and len(h) > len(body)]
    return max(heads, key=len) if heads else body


def _signer(text: Text, seg: Segments, res: HeaderResult) -> None:
    cells = [c for c in seg.signature if c.text.strip(" *")]
    if not cells:
        return
    authority = position = name = None
    i = 0
    m = P.AUTHORITY_RE.match(cells[0].text)
    if m:
        prefix = m.group("prefix")
        if not prefix.endswith("/") and "/" not in prefix:
            prefix = prefix + "."
        body = m.group("body").strip(" *")
        body = names.smart_case(body) if names.is_caps(body) else body
        authority = f"{prefix} {_complete_cut_body(body, res.fields.issuer)}"
        i = 1
    positions_lower = {p.lower() for p in vocab.issuers().positions}
    for c in cells[i:]:
        s = c.text.strip(" *")
        if position is None and (s.lower() in positions_lower
                                 or (names.is_caps(s) and len(s.split()) <= 6 and _position_word_re().search(s))):
            position = names.canonical_position(s)
            continue
        if rx.match(r"^[(\[]?\s*(?:đã\s+ký|ký\s+tên|ký,|chữ\s+ký)", s, regex.IGNORECASE) or set(s) <= set("….·_ "):
            continue
        candidate = s.title() if names.is_caps(s) else s
        if NAME_RE.match(candidate) and position is not None and looks_like_name(candidate, names.is_caps(s)):
            name = candidate
            res.spans["signer"] = text.provenance(c.start, c.end, "segment.signature")
            break
    if authority or position or name:
        res.fields.signer = Signer(name=name, position=position, authority=authority)
