"""vanban: Vietnamese trade-union documents → linked, queryable records.

The front door is four functions; everything else is a stage module.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.models import DocumentRecord
    from pipeline.models import Source as _Source

__all__ = ["extract_file", "extract_text", "build_nlp", "open_store"]


def extract_source(source: "_Source") -> "DocumentRecord":
    """Source → record: normalize, run the spaCy pipeline, assemble the record."""
    return analyze_source(source)[0]


def analyze_source(source: "_Source") -> "tuple[DocumentRecord, str]":
    """The record and the normalized text it was read from (the text feeds the search index)."""
    from pipeline.nlp import analyze
    from pipeline.normalize import normalize
    from pipeline.record import to_record
    from pipeline.segment import only, split_documents

    text = normalize(source.text, source.pages)
    parts = split_documents(text.text)
    if len(parts) == 1:
        record = to_record(analyze(text), source)
        record.warnings.extend(text.warnings)
        return record, text.text
    records = [to_record(analyze(only(text, s, e)), source) for s, e in parts]
    records[0].warnings.extend(text.warnings)
    first = records[0]
    for k, rec in enumerate(records[1:], start=2):
        rec.id = f"{source.sha256}#{k}"
    first.parts = records[1:]
    first.warnings.append(f"{len(parts)} documents in one file: the first is the record, the others are in 'parts'")
    return first, text.text


def extract_file(path: str | Path) -> "DocumentRecord":
    """Read and extract one file (raises an IngestError for what is not a document)."""
    from pipeline.ingest import read_source

    return extract_source(read_source(path))


def extract_text(text: str, name: str = "<text>") -> "DocumentRecord":
    """Extract a record from a string (tests, notebooks)."""
    import hashlib

    from pipeline.models import Source

    data = text.encode("utf-8")
    src = Source(path=name, size=len(data), mtime=0.0, sha256=hashlib.sha256(data).hexdigest(), format="txt",
                 encoding="utf-8", text=text)
    return extract_source(src)


def build_nlp():  # type: ignore[no-untyped-def]
    """The spaCy Language with vanban's components."""
    from pipeline.nlp import build_nlp as _build

    return _build()


def open_store(path: str | Path):  # type: ignore[no-untyped-def]
    """Open (and migrate) a vanban SQLite database."""
    from pipeline.store import Store

    return Store(path)
