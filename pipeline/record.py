"""Doc → DocumentRecord: the FORMAT.md record plus provenance and warnings."""

from __future__ import annotations

from pathlib import Path

import regex
from spacy.tokens import Doc

from pipeline import rx
from pipeline.folding import fold
from pipeline.models import DocumentRecord, Source, SourceInfo

RECIPIENT_ITEM_RE = regex.compile(r"^[\s\-+•*]*(?P<item>[^\n]+?)[\s;,.]*$", regex.MULTILINE)


def recipients(doc: Doc) -> list[str]:
    u = doc._
    seg = u.segments
    if not seg.recipients:
        return []
    s, e = seg.recipients
    block = u.text.text[s:e]
    block = rx.sub(r"^\s*\**\s*Nơi\s+nhận\s*:?\s*/?", "", block, flags=regex.IGNORECASE)
    items: list[str] = []
    for m in RECIPIENT_ITEM_RE.finditer(block):
        item = m.group("item").strip(" *;,./")
        if item and not rx.match(r"^(?:TM|KT|T/M|K/T)\b", item):
            items.extend(x.strip() for x in item.split(";") if x.strip())
    return items


def number_from_file_name(stem: str, codes: str) -> str | None:
    """'1777973772_464-ttg.signed' with the printed codes 'TTg-CĐS' → '464/TTg-CĐS': the
    digits the file's name sets beside the symbol's first code ('47 QĐ UB', 'CT-11-2025',
    '2191_CT-CS'), when they are one number. None when the name does not say it (a name
    unrelated to the number, 'vht507', has no code beside its digits)."""
    first = fold(codes.split("-")[0])
    if len(first) < 2:
        return None
    name = fold(stem)
    code = regex.escape(first)
    found = {m.group("n") for m in regex.finditer(
        rf"(?<![\d])(?P<n>\d{{1,5}})[\s_.-]*{code}(?![a-z])|(?<![a-z]){code}[\s_.-]*(?P<n>\d{{1,5}})(?![\d])", name)}
    numbers = {str(int(n)) for n in found if int(n) > 0}
    return f"{numbers.pop()}/{codes}" if len(numbers) == 1 else None


def to_record(doc: Doc, source: Source) -> DocumentRecord:
    from pipeline.ingest.boxes import field_boxes

    u = doc._  # one Underscore: each `doc._` builds a new one
    seg = u.segments
    h = u.header
    boxes, unsure = field_boxes(h.spans, source)
    warnings = [*source.warnings, *h.warnings, *unsure]
    fields, spans = h.fields, h.spans
    if fields.number is None and h.symbol and h.symbol.startswith("0/") and h.symbol_span is not None \
            and any("number" in r.unread for r in source.readings):
        # the printed number is handwritten ink OCR could not read: an archive names scans by number
        number = number_from_file_name(Path(source.path).stem, h.symbol[2:])
        if number:
            fields = fields.model_copy(update={"number": number})
            span = h.symbol_span
            spans = {**spans, "number": span.model_copy(update={"rule": "record.number_from_file_name", "inferred": True})}
            warnings.append(f"number {number} taken from the file name (its codes match the printed symbol)")
    return DocumentRecord(
        file=Path(source.path).name,
        kind=seg.kind,
        document=fields,
        citations=u.citations,
        targets=u.targets if seg.kind in ("directive", "news") else [],
        assignments=u.assignments,
        recipients=recipients(doc),
        province=h.province,
        id=source.sha256,
        source=SourceInfo(
            path=source.path,
            size=source.size,
            sha256=source.sha256,
            format=source.format,
            encoding=source.encoding,
            page_title=source.page_title,
            page_date=source.page_date,
            pages=source.readings,
            boxes=boxes,
        ),
        spans=spans,
        warnings=warnings,
    )
