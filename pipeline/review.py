"""A review page per file for archivists: the source text as written (not re-tokenised), every
extracted value highlighted at its source span (the offset map's ``source_start``/``source_end``)
with a readable label, and beside it the record as a table whose rows jump to their span.
Every document of a file holding several is shown, each in its own colour band; values
filled in from context rather than read are marked "(suy ra)". Self-contained HTML: inline
styles, no scripts, no network.
"""

from __future__ import annotations

import html
import json
from collections.abc import Container
from pathlib import Path
from typing import Any, NamedTuple

from pipeline.models import DocumentRecord, Provenance

# label → colour; labels are what an archivist reads on the page
COLORS = {
    "số ký hiệu": "#fde68a", "loại văn bản": "#fde68a", "cơ quan ban hành": "#bfdbfe", "địa danh": "#bbf7d0",
    "ngày": "#bbf7d0", "trích yếu": "#e9d5ff", "người ký": "#fecaca", "trích dẫn": "#fed7aa",
    "căn cứ": "#fdba74", "chỉ tiêu": "#a7f3d0", "kết quả": "#6ee7b7", "phân công": "#c7d2fe",
}
FIELD_LABELS = {"number": "số ký hiệu", "doc_type": "loại văn bản", "issuer": "cơ quan ban hành", "place": "địa danh",
                "date": "ngày", "title": "trích yếu", "signer": "người ký"}
INFERRED = " (suy ra)"
ROLE = {"lead": "chủ trì", "support": "phối hợp", "execute": "thực hiện"}


class Mark(NamedTuple):
    start: int  # in the source text
    end: int
    label: str
    anchor: str  # id of the highlight, for the table's links
    doc: int  # which document of the file (0 = the first)


def _label(name: str, prov: Provenance) -> str:
    return name + (INFERRED if prov.inferred else "")


def _marks(records: list[DocumentRecord], text_len: int) -> list[Mark]:
    """Every value with a source span, labelled; spans outside the text are left out."""
    out: list[Mark] = []
    for k, record in enumerate(records):
        items: list[tuple[Provenance, str, str]] = []
        for name, prov in record.spans.items():
            items.append((prov, _label(FIELD_LABELS.get(name, name), prov), f"d{k}-{name}"))
        for i, c in enumerate(record.citations):
            for j, m in enumerate(c.mentions):
                items.append((m, _label("căn cứ" if c.basis else "trích dẫn", m), f"d{k}-c{i}" + (f"-{j}" if j else "")))
        for i, t in enumerate(record.targets):
            items.append((t.span, _label("chỉ tiêu" if t.kind == "target" else "kết quả", t.span), f"d{k}-t{i}"))
        for i, a in enumerate(record.assignments):
            items.append((a.span, _label("phân công", a.span), f"d{k}-a{i}"))
        for prov, label, anchor in items:
            s, e = prov.source_start, prov.source_end
            if s is not None and e is not None and 0 <= s < e <= text_len:
                out.append(Mark(s, e, label, anchor, k))
    return out


def _color(label: str) -> str:
    return COLORS.get(label.removesuffix(INFERRED), "#e5e7eb") if not label.endswith(INFERRED) else "#e5e7eb"


def render_text(text: str, marks: list[Mark], places: dict[int, str] | None = None) -> str:
    """The text as written, HTML-escaped, each span highlighted in the colour of its label, the
    label in small capitals where the span starts. Overlapping spans nest: the innermost (the
    shortest) colours the text, the title attribute names all of them. `places`: offset → id of
    an anchor to put there (where each document of the file starts)."""
    places = places or {}
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks), *places})
    starts: dict[int, list[Mark]] = {}
    for m in sorted(marks, key=lambda m: (m.start, -(m.end - m.start))):
        starts.setdefault(m.start, []).append(m)
    out: list[str] = []
    for a, b in zip(bounds, bounds[1:]):
        if a in places:
            out.append(f'<a class="doc-start" id="{places[a]}"></a>')
        for m in starts.get(a, []):
            out.append(f'<span class="tag" id="{m.anchor}" style="background:{_color(m.label)}">'
                       f"{html.escape(m.label)}</span>")
        active = [m for m in marks if m.start <= a and m.end >= b]
        piece = html.escape(text[a:b])
        if active:
            inner = min(active, key=lambda m: m.end - m.start)
            title = html.escape(" · ".join(dict.fromkeys(m.label for m in active)))
            out.append(f'<span class="hl" style="background:{_color(inner.label)}" title="{title}">{piece}</span>')
        else:
            out.append(piece)
    return "".join(out)


def _cell(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _row(label: str, value: Any, anchor: str | None, inferred: bool = False) -> str:
    link = f' <a href="#{anchor}" title="xem trong văn bản">↦</a>' if anchor else ""
    mark = ' <span class="inf">suy ra</span>' if inferred else ""
    return f"<tr><th>{html.escape(label)}</th><td>{_cell(value)}{mark}{link}</td></tr>"


def _jump(anchor: str, anchors: Container[str]) -> str:
    """A link from a record row to its span in the text, when the span is shown."""
    return f' <a href="#{anchor}">↦</a>' if anchor in anchors else ""


def record_table(record: DocumentRecord, k: int, anchors: set[str]) -> str:
    """One document's record as tables an archivist reads: fields, citations, targets, assignments."""
    d = record.document
    spans = record.spans
    rows = []
    for name, label in FIELD_LABELS.items():
        value: Any = getattr(d, name, None)
        if name == "signer" and value is not None:
            value = " ".join(x for x in (value.authority, value.position, value.name) if x)
        anchor = f"d{k}-{name}" if f"d{k}-{name}" in anchors else None
        rows.append(_row(label, value, anchor, bool(spans.get(name) and spans[name].inferred)))
    parts = [f'<table class="fields">{"".join(rows)}</table>']
    citations = [f"<tr><td>{'căn cứ' if c.basis else ''}</td><td>{_cell(c.doc_type)}</td>"
                 f"<td><b>{_cell(c.number or c.title)}</b>{_jump(f'd{k}-c{i}', anchors)}</td><td>{_cell(c.date)}</td>"
                 f"<td>{_cell(c.issuer)}</td></tr>" for i, c in enumerate(record.citations)]
    targets = [f"<tr><td>{'chỉ tiêu' if t.kind == 'target' else 'kết quả'}</td><td class='num'>{_cell(t.value)}"
               f"</td><td>{_cell(t.unit)}</td><td>{_cell(t.text)}{_jump(f'd{k}-t{i}', anchors)}</td></tr>"
               for i, t in enumerate(record.targets)]
    assignments = [f"<tr><td>{_cell(a.department)}{_jump(f'd{k}-a{i}', anchors)}</td>"
                   f"<td class='role'>{ROLE.get(a.role, a.role)}</td><td>{'<br>'.join(_cell(t) for t in a.tasks)}</td></tr>"
                   for i, a in enumerate(record.assignments)]
    for heading, items in (("Trích dẫn", citations), ("Chỉ tiêu, kết quả", targets), ("Phân công", assignments)):
        if items:
            parts.append(f"<h3>{heading} ({len(items)})</h3><table class='list'>{''.join(items)}</table>")
    if record.warnings:
        parts.append("<ul class='warnings'>" + "".join(f"<li>{html.escape(w)}</li>" for w in record.warnings) + "</ul>")
    return "".join(parts)


def render(record: DocumentRecord, text: str, focus: int = 0) -> str:
    """The page for a file: `record` and the further documents in its ``parts``, over `text`,
    the source text as read (the offsets' ``source_*`` side). `focus`: the document to open first."""
    records = [record, *record.parts]
    marks = _marks(records, len(text))
    anchors = {m.anchor for m in marks}
    starts: dict[int, str] = {}
    for k in range(len(records)):  # where each document's first value is: #van-ban-1, #van-ban-2 …
        first = min((m.start for m in marks if m.doc == k), default=None)
        if first is not None:
            starts.setdefault(first, f"van-ban-{k + 1}")
    body = render_text(text, marks, starts)
    tables = []
    for k, rec in enumerate(records):
        d = rec.document
        head = " · ".join(str(x) for x in (d.number, d.doc_type, d.date) if x) or rec.file
        which = f'<a href="#van-ban-{k + 1}">Văn bản {k + 1}/{len(records)}</a>: ' if len(records) > 1 else ""
        tables.append(f'<details class="doc"{" open" if k == focus or len(records) == 1 else ""}>'
                      f"<summary>{which}"
                      f"{html.escape(head)}</summary>{record_table(rec, k, anchors)}</details>")
    legend = "".join(f'<span class="tag" style="background:{c}">{html.escape(k)}</span>' for k, c in COLORS.items())
    legend += f'<span class="tag" style="background:#e5e7eb">… (suy ra): điền từ ngữ cảnh, không đọc thấy</span>'
    d = record.document
    heading = " · ".join(str(x) for x in (d.number, d.doc_type, d.issuer, d.date) if x) or record.file
    counts = (f"{len(records)} văn bản trong tệp — " if len(records) > 1 else "") + (
        f"{sum(len(r.citations) for r in records)} trích dẫn, {sum(len(r.targets) for r in records)} chỉ tiêu, "
        f"{sum(len(r.assignments) for r in records)} phân công")
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Duyệt: {html.escape(record.file)}</title>
<style>
 body {{ font-family: "DejaVu Sans", Arial, sans-serif; margin: 0; color: #111; }}
 header {{ background: #1f2937; color: white; padding: 10px 16px; }}
 header h1 {{ font-size: 20px; margin: 0 0 4px; }}
 .legend {{ padding: 8px 16px; line-height: 2; }}
 main {{ display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 20px; padding: 0 16px 16px; }}
 .text {{ white-space: pre-wrap; font-size: 15px; line-height: 1.9; overflow-wrap: anywhere; }}
 .hl {{ border-radius: 3px; padding: 1px 0; }}
 .tag {{ font-size: 12px; font-weight: bold; color: #1f2937; border-radius: 3px; padding: 0 4px; margin: 0 3px;
         white-space: nowrap; vertical-align: 1px; border: 1px solid rgba(0,0,0,.15); }}
 .record {{ font-size: 14px; position: sticky; top: 0; max-height: 100vh; overflow: auto; }}
 .record table {{ border-collapse: collapse; width: 100%; margin-bottom: 8px; }}
 .record th {{ text-align: left; color: #475569; font-weight: normal; padding: 3px 10px 3px 0; white-space: nowrap;
              vertical-align: top; }}
 .record td {{ padding: 3px 6px 3px 0; vertical-align: top; border-bottom: 1px solid #eee; overflow-wrap: break-word; }}
 .record td.role {{ white-space: nowrap; }}
 .record h3 {{ font-size: 15px; margin: 12px 0 4px; }}
 .record summary {{ font-weight: bold; font-size: 15px; cursor: pointer; padding: 6px 0; }}
 .doc {{ border-top: 2px solid #cbd5e1; }}
 .num {{ text-align: right; }}
 .inf {{ font-size: 11px; background: #e5e7eb; border-radius: 3px; padding: 0 4px; }}
 .warnings {{ color: #92400e; }}
 a {{ color: #1f4e79; }}
</style></head>
<body><header><h1>{html.escape(heading)}</h1>
<div>{html.escape(record.file)} — {html.escape(counts)}</div></header>
<div class="legend">{legend}</div>
<main><div class="text">{body}</div><aside class="record">{"".join(tables)}</aside></main>
</body></html>
"""


def review_file(path: str | Path, record: DocumentRecord, focus: int = 0) -> str:
    """Re-read the file as the pipeline did and render its review page; a file whose content
    is no longer the record's is refused (its text would sit under another text's spans)."""
    from pipeline.errors import StaleRecord
    from pipeline.ingest import read_source

    source = read_source(path)
    if source.sha256 != record.source.sha256:
        raise StaleRecord(str(path), "the record is stale: the file changed since it was extracted "
                                     "(run vanban extract on it again)")
    return render(record, source.text, focus)


def review_document(conn: Any, doc_id: str) -> str | None:
    """The review page of the file holding document `doc_id` (id or id#k) from the store,
    that document open first; None when unknown or its file is gone."""
    base = doc_id.split("#")[0]
    row = conn.execute("SELECT record FROM documents WHERE id = ?", (base,)).fetchone()
    if row is None:
        return None
    record = DocumentRecord.model_validate(json.loads(row[0]))
    paths = [r[0] for r in conn.execute("SELECT path FROM files WHERE document_id = ? AND status = 'ok'", (base,))]
    focus = int(doc_id.split("#")[1]) - 1 if "#" in doc_id and doc_id.split("#")[1].isdigit() else 0
    from pipeline.errors import VanbanError

    for p in dict.fromkeys([*paths, record.source.path]):  # the first file that still holds this content
        if p and Path(p).is_file():
            try:
                return review_file(p, record, focus)
            except VanbanError:
                continue
    return None


def review_record_from_json(data: dict[str, Any]) -> DocumentRecord:
    return DocumentRecord.model_validate(data)
