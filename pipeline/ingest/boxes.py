"""Page-and-box provenance of a record's fields, and OCR's doubt about them."""

from __future__ import annotations

import bisect

from pipeline.models import FieldBox, Provenance, Source


def field_boxes(spans: dict[str, Provenance], source: Source) -> tuple[dict[str, FieldBox], list[str]]:
    """For a PDF: each field's page and box (the union of its words' boxes) and, when OCR read
    one of its words with low confidence, a warning naming the field and the confidence."""
    if not source.boxes:
        return {}, []
    starts = [b[0] for b in source.boxes]
    out: dict[str, FieldBox] = {}
    warnings: list[str] = []
    for name, span in spans.items():
        s, e = span.source_start, max(span.source_end, span.source_start + 1)
        k = max(0, bisect.bisect_right(starts, s) - 1)
        hit = []
        while k < len(source.boxes) and source.boxes[k][0] < e:
            if source.boxes[k][1] > s:
                hit.append(source.boxes[k])
            k += 1
        if not hit:
            continue
        page = hit[0][2]
        same = [b for b in hit if b[2] == page]
        confs = [c for (ls, le, c) in source.low_confidence if ls < e and le > s]
        out[name] = FieldBox(page=page, box=(min(b[3] for b in same), min(b[4] for b in same),
                                             max(b[5] for b in same), max(b[6] for b in same)),
                             ocr_confidence=min(confs) if confs else None)
        if confs:
            warnings.append(f"{name}: read by OCR with low confidence ({min(confs):.0f}%): check it on page {page}")
    return out, warnings
