"""Doc → DocumentRecord: the FORMAT.md record plus provenance and warnings."""

from __future__ import annotations

from pathlib import Path

import regex
from spacy.tokens import Doc

from pipeline import rx
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


def to_record(doc: Doc, source: Source) -> DocumentRecord:
    from pipeline.ingest.boxes import field_boxes

    u = doc._  # one Underscore: each `doc._` builds a new one
    seg = u.segments
    h = u.header
    boxes, unsure = field_boxes(h.spans, source)
    warnings = [*source.warnings, *h.warnings, *unsure]
    return DocumentRecord(
        file=Path(source.path).name,
        kind=seg.kind,
        document=h.fields,
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
        spans=h.spans,
        warnings=warnings,
    )
