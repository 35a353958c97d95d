"""A review page per document for archivists: the text with every extracted value
highlighted and labelled at its span (spaCy's displaCy span renderer), the record beside
it; values filled in from context rather than read are marked "(inferred)".
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from pipeline.models import DocumentRecord, Provenance

COLORS = {
    "number": "#fde68a", "doc_type": "#fde68a", "issuer": "#bfdbfe", "place": "#bbf7d0", "date": "#bbf7d0",
    "title": "#e9d5ff", "signer": "#fecaca", "citation": "#fed7aa", "citation (basis)": "#fdba74",
    "target": "#a7f3d0", "result": "#6ee7b7", "assignment": "#c7d2fe",
}


def _labelled(record: DocumentRecord) -> list[tuple[Provenance, str]]:
    out: list[tuple[Provenance, str]] = []
    for name, prov in record.spans.items():
        out.append((prov, name))
    for c in record.citations:
        for m in c.mentions:
            out.append((m, "citation (basis)" if c.basis else "citation"))
    for t in record.targets:
        out.append((t.span, t.kind))
    for a in record.assignments:
        out.append((a.span, "assignment"))
    return out


def render(record: DocumentRecord, text: str) -> str:
    """A self-contained HTML page (inline styles, no scripts, no network)."""
    from spacy import displacy
    from spacy.tokens import SpanGroup

    from pipeline.nlp import build_nlp

    nlp = build_nlp()
    colors = dict(COLORS)
    labelled = []
    for prov, label in _labelled(record):
        if prov.inferred:
            label = f"{label} (inferred)"
            colors.setdefault(label, "#e5e7eb")
        labelled.append((prov.start, prov.end, label))
    # displaCy lays out one line of text at a time; a span over several lines is shown on each
    parts: list[str] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            parts.append('<div class="gap"></div>')
            continue
        doc = nlp.make_doc(line)
        spans = []
        for s, e, label in labelled:
            if s < end and e > start:
                span = doc.char_span(max(s, start) - start, min(e, end) - start, label=label, alignment_mode="expand")
                if span is not None and len(span):
                    spans.append(span)
        if not spans:
            parts.append(f'<div class="line plain">{html.escape(line)}</div>')
            continue
        doc.spans["review"] = SpanGroup(doc, name="review", spans=spans)
        html_line = displacy.render(doc, style="span", page=False, jupyter=False,
                                    options={"spans_key": "review", "colors": colors})
        parts.append(f'<div class="line">{html_line}</div>')
    body = "\n".join(parts)
    d = record.document
    heading = html.escape(" · ".join(str(x) for x in (d.number, d.doc_type, d.issuer, d.date) if x) or record.file)
    warnings = "".join(f"<li>{html.escape(w)}</li>" for w in record.warnings)
    legend = "".join(
        f'<span style="background:{c};padding:2px 6px;margin:2px;border-radius:3px;display:inline-block">{html.escape(k)}</span>'
        for k, c in colors.items()
    )
    record_json = html.escape(json.dumps(json.loads(record.model_dump_json(exclude={"parts"})), ensure_ascii=False, indent=2))
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>vanban review: {html.escape(record.file)}</title>
<style>
 body {{ font-family: "DejaVu Sans", Arial, sans-serif; margin: 0; color: #111; }}
 header {{ background: #1f2937; color: white; padding: 10px 16px; }}
 main {{ display: flex; gap: 16px; padding: 16px; }}
 .text {{ flex: 3; font-size: 14px; }}
 .text .line > div {{ line-height: 2.2 !important; }}
 .gap {{ height: 6px; }}
 .plain {{ line-height: 2.2; padding: 2px 0; }}
 .record {{ font-family: "DejaVu Sans", sans-serif; }}
 .record {{ flex: 2; font-size: 12px; background: #f9fafb; border: 1px solid #e5e7eb; padding: 8px; overflow: auto; max-height: 90vh; }}
 .warnings {{ color: #92400e; }}
</style></head>
<body><header><h1 style="font-size:18px;margin:0">{heading}</h1>
<div>{html.escape(record.file)} — {html.escape(record.kind)} — {len(record.citations)} citations, {len(record.targets)} targets,
{len(record.assignments)} assignments</div></header>
<div style="padding:8px 16px">{legend}</div>
{f'<ul class="warnings">{warnings}</ul>' if warnings else ''}
<main><div class="text">{body}</div><pre class="record">{record_json}</pre></main>
</body></html>
"""


def review_file(path: str | Path, record: DocumentRecord) -> str:
    """Re-read the file as the pipeline did and render its review page."""
    from pipeline.ingest import read_source
    from pipeline.normalize import normalize

    source = read_source(path)
    return render(record, normalize(source.text, source.pages).text)


def review_record_from_json(data: dict[str, Any]) -> DocumentRecord:
    return DocumentRecord.model_validate(data)
