"""Typed values that cross module boundaries.

These pydantic models are the only vocabulary of types shared by the stages, and the
JSON contract of a record (``schemas/document.schema.json``) is generated from
:class:`DocumentRecord`. Key names follow ../shared/gold/FORMAT.md; the extra keys
(``spans``, ``source``, ``warnings``, ``mentions`` …) are allowed by it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer



def _fingerprint() -> str:
    """Release + a hash of the code and vocabularies: a changed extractor re-extracts."""
    import hashlib
    from pathlib import Path

    root = Path(__file__).parent
    h = hashlib.sha256()
    for p in sorted([*root.rglob("*.py"), *root.glob("data/*.json")]):
        h.update(p.relative_to(root).as_posix().encode())
        h.update(p.read_bytes())
    return f"0.1.0+{h.hexdigest()[:10]}"


PIPELINE_VERSION = _fingerprint()


def _decimal_to_json(value: Decimal | None) -> int | float | None:
    """Integers stay integers in JSON; fractions become JSON numbers (1.5, 147.5)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


JsonDecimal = Annotated[Decimal, PlainSerializer(_decimal_to_json, when_used="json")]


class Provenance(BaseModel):
    """Where a value came from: offsets in the normalized text and in the source text."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    source_start: int
    source_end: int
    page: int | None = None
    rule: str
    inferred: bool = False


BlankKind = Literal["number", "day", "month"]  # a scanned header's blanks filled by hand or by a stamp


class PageReading(BaseModel):
    """How one PDF page was read (its text layer, OCR, or both) and the evidence for it."""

    page: int
    method: Literal["text", "ocr", "text+ocr"]
    reason: str
    chars: int = 0
    text_coverage: float | None = Field(default=None, description="share of the page's area under text-layer words")
    image_coverage: float | None = Field(default=None, description="share of the page's area under images")
    vietnamese: float | None = Field(default=None, description="share of the text layer's words that are Vietnamese syllables")
    glyph_gaps: int = Field(default=0, description="gaps where a glyph is drawn with no character")
    ocr_confidence: float | None = Field(default=None, description="Tesseract's mean word confidence, 0-100")
    ocr_seconds: float | None = None
    deskew_degrees: float | None = None
    chrome: list[str] = Field(default_factory=list, description="page numbers, running headers, e-signature boxes set aside")
    unread: list[BlankKind] = Field(
        default_factory=list, description="OCR: the header's blanks filled by hand or by a stamp that could not be read, "
        "left empty (the number after 'Số:', the day, the month)")


class FieldBox(BaseModel):
    """Where on a PDF page a document field was read, and how sure OCR was of it."""

    page: int
    box: tuple[float, float, float, float] = Field(description="x0, top, x1, bottom in points from the top left")
    ocr_confidence: float | None = None


class Source(BaseModel):
    """A file as read: its identity, the text recovered from it, and how it was read."""

    path: str
    size: int
    mtime: float
    sha256: str
    format: Literal["txt", "docx", "doc", "pdf", "html"]
    encoding: str | None = None
    text: str
    pages: list[tuple[int, int]] = Field(default_factory=list)
    page_title: str | None = None
    page_date: str | None = None
    warnings: list[str] = Field(default_factory=list)
    readings: list[PageReading] = Field(default_factory=list)
    # PDF words: (start, end, page, x0, top, x1, bottom) in the text, and OCR words below the confidence bar
    boxes: list[tuple[int, int, int, float, float, float, float]] = Field(default_factory=list)
    low_confidence: list[tuple[int, int, float]] = Field(default_factory=list)


class Signer(BaseModel):
    name: str | None = None
    position: str | None = None
    authority: str | None = None


class DocumentFields(BaseModel):
    """The header fields of FORMAT.md ``document``."""

    number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    place: str | None = None
    date: dt.date | None = None
    title: str | None = None
    signer: Signer | None = None


class Citation(BaseModel):
    """One distinct cited document, with every mention kept."""

    doc_type: str | None = None
    number: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    title: str | None = None
    basis: bool = False
    year: int | None = None
    key: str | None = Field(default=None, description="identity key; null when unresolved")
    issuer_inferred: bool = False
    mentions: list[Provenance] = Field(default_factory=list)


class Target(BaseModel):
    """A quantity the document commits to (target) or reports as achieved (result)."""

    value: JsonDecimal
    value_max: JsonDecimal | None = None
    unit: str
    unit_canonical: str | None = None
    kind: Literal["target", "result"]
    text: str
    action: str | None = None
    of: str | None = None
    bound: Literal["min", "max", "about"] | None = None
    period: str | None = None
    responsible: str | None = None
    span: Provenance


class Assignment(BaseModel):
    """An organisational unit the document directs to act."""

    department: str
    role: Literal["lead", "support", "execute"]
    tasks: list[str] = Field(default_factory=list)
    deadline: str | None = None
    span: Provenance


class SourceInfo(BaseModel):
    path: str
    size: int
    sha256: str
    format: str
    encoding: str | None = None
    page_title: str | None = None
    page_date: str | None = None
    pages: list[PageReading] = Field(default_factory=list, description="PDF: how each page was read, and why")
    boxes: dict[str, FieldBox] = Field(default_factory=dict, description="PDF: where each document field is on its page")


class DocumentRecord(BaseModel):
    """The per-document record: FORMAT.md keys plus provenance, warnings and ids."""

    file: str
    kind: Literal["directive", "news"]
    document: DocumentFields
    citations: list[Citation] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    assignments: list[Assignment] = Field(default_factory=list)
    recipients: list[str] = Field(default_factory=list)
    province: str | None = Field(
        default=None, description="the province the document belongs to (its place, header or text): inferred"
    )
    id: str = Field(description="sha256 of the file's content")
    source: SourceInfo
    spans: dict[str, Provenance] = Field(
        default_factory=dict, description="provenance of each document field"
    )
    warnings: list[str] = Field(default_factory=list)
    parts: list[DocumentRecord] = Field(
        default_factory=list, description="further documents found in the same file, in order"
    )
    pipeline_version: str = Field(default_factory=lambda: PIPELINE_VERSION)


class Failure(BaseModel):
    path: str
    reason: str
