"""Read a file into a :class:`~pipeline.models.Source`: identity, text, pages, warnings.

The reader is chosen by magic bytes first and the extension second, so a renamed file
is still read right; anything that is not a document raises an
:class:`~pipeline.errors.IngestError` with a one-line reason.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.errors import EmptyFile, NotADocument, TooLarge, UnsupportedFormat
from pipeline.models import Source

MAX_BYTES = 50 * 1024 * 1024

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
# data and media files that are never documents, whatever their bytes look like
REFUSED_SUFFIXES = {".json", ".csv", ".xml", ".xlsx", ".xls", ".pptx", ".ppt", ".zip", ".rar", ".7z", ".gz", ".tar",
                    ".mp3", ".mp4", ".avi", ".mov", ".exe", ".dll", ".db", ".sqlite", ".py", ".js", ".css"}


def sniff(path: Path, head: bytes) -> str:
    """The format of a file from its first bytes, falling back to its extension."""
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if suffix in {".docx", ".docm", ".dotx", ""} or suffix not in {".zip"} else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head[:4] in (b"\x89PNG", b"GIF8") or head[:3] == b"\xff\xd8\xff":
        return "image"
    lowered = head[:2048].lstrip().lower()
    if suffix in HTML_SUFFIXES or lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    if suffix in {".pdf"}:
        return "pdf"
    if suffix in {".docx"}:
        return "docx"
    if suffix in {".doc"}:
        return "doc"
    return "txt"


def read_source(path: str | Path, max_bytes: int = MAX_BYTES, ocr: str = "auto") -> Source:
    """Read one file; raise an IngestError subclass naming the file and the reason.
    ocr (PDFs): auto (per page, on evidence), never, force."""
    p = Path(path)
    stat = p.stat()
    if stat.st_size == 0:
        raise EmptyFile(str(p), "empty file (0 bytes)")
    if stat.st_size > max_bytes:
        raise TooLarge(str(p), f"file too large ({stat.st_size:,} bytes > limit {max_bytes:,})")
    if p.suffix.lower() in REFUSED_SUFFIXES:
        raise UnsupportedFormat(str(p), f"not a document format ({p.suffix.lower()}); vanban reads .txt .docx .doc .pdf .html")
    data = p.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    fmt = sniff(p, data[:4096])
    if fmt == "image":
        raise NotADocument(str(p), "an image, not a document (no text to read)")
    if fmt == "zip":
        raise NotADocument(str(p), "a zip archive, not a document")
    base = {"path": str(p), "size": stat.st_size, "mtime": stat.st_mtime, "sha256": digest}
    if fmt == "txt":
        from pipeline.ingest.text import read_text

        return Source(format="txt", **base, **read_text(p, data))
    if fmt == "docx":
        from pipeline.ingest.docx import read_docx

        return Source(format="docx", **base, **read_docx(p, data))
    if fmt == "pdf":
        from pipeline.ingest.pdf import read_pdf

        return Source(format="pdf", **base, **read_pdf(p, data, ocr))  # type: ignore[arg-type]
    if fmt == "html":
        from pipeline.ingest.html import read_html

        return Source(format="html", **base, **read_html(p, data))
    if fmt == "doc":
        from pipeline.ingest.legacy import read_doc

        return Source(format="doc", **base, **read_doc(p, data))
    raise UnsupportedFormat(str(p), f"unsupported format {fmt!r}")
