"""Read a file into a :class:`~pipeline.models.Source`: identity, text, pages, warnings.

The reader is chosen by the file's content (magic bytes; text only when it decodes to
plausible text), never by its name, so a renamed file is still read right and random
bytes under any name are "not a document"; anything that cannot be read raises an
:class:`~pipeline.errors.IngestError` with a one-line reason. Budgets are checked before
parsing: bytes on disk, XML inside a Word file, characters of text.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import regex

from pipeline.errors import CorruptFile, EmptyFile, NotADocument, TooLarge, UnsupportedFormat
from pipeline.models import Source

MAX_BYTES = 50 * 1024 * 1024
# Characters of text one document may have. Measured: a 1,000,000-character text peaks at
# 0.63 GB in the worker (a Word file of 190 MB of XML took 8 GB), so this keeps any one
# document under 1 GB; spaCy's max_length is set from it (pipeline/nlp.py).
MAX_CHARS = 1_000_000
# XML a Word file may unpack to. Measured (issue 15): 190 MB of XML took 8.0 GB, ~42 bytes
# of memory per byte of XML, so 16 MB stays under 0.7 GB; a page of text is ~20-60 kB of
# WordprocessingML, so this is hundreds of pages. A Word file under it whose text runs are
# over MAX_CHARS is refused from the raw XML before parsing (1.2 s for 20 MB).
MAX_XML_BYTES = 16 * 1024 * 1024
# Share of a decoded text that must be letters, digits, marks, spaces or punctuation of
# Latin script for bytes to count as text (real documents: > 0.97; random bytes decoded
# as UTF-16 or Windows-1258: < 0.7).
MIN_PLAUSIBLE = 0.85

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
# data and media files that are never documents, whatever their bytes look like
REFUSED_SUFFIXES = {".json", ".csv", ".xml", ".xlsx", ".xls", ".pptx", ".ppt", ".zip", ".rar", ".7z", ".gz", ".tar",
                    ".mp3", ".mp4", ".avi", ".mov", ".exe", ".dll", ".db", ".sqlite", ".py", ".js", ".css"}
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title", b"<div", b"<p>", b"<table")


def sniff(path: Path, head: bytes) -> str:
    """The format of a file from its first bytes: pdf, docx (a zip; checked to be Word
    later), doc (OLE2), image, html, or txt (to be checked for plausible text)."""
    if head[:1024].find(b"%PDF-") != -1:  # readers accept the header within the first 1 kB
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head[:4] in (b"\x89PNG", b"GIF8") or head[:3] == b"\xff\xd8\xff" or head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image"
    lowered = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(_HTML_STARTS) or (lowered.startswith(b"<") and path.suffix.lower() in HTML_SUFFIXES):
        return "html"
    return "txt"


# what a Latin-script document is not made of: other scripts' letters, control characters,
# private-use and unassigned code points (U+FFFD, what undecodable bytes become, included)
_IMPLAUSIBLE_RE = regex.compile(r"[^\p{Latin}\p{M}\p{N}\p{P}\p{S}\p{Z}\t\n\r\f]|[\p{Co}\p{Cn}\ufffd]")


def _plausible_share(text: str) -> float:
    """Share of the first 3,000 characters that a Latin-script document is made of."""
    sample = text[:3000]
    if not sample:
        return 0.0
    return 1 - len(_IMPLAUSIBLE_RE.findall(sample)) / len(sample)


def _check_text(path: Path, text: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise TooLarge(str(path), f"too long: {len(text):,} characters of text (limit {max_chars:,}): split it")
    share = _plausible_share(text)
    if share < MIN_PLAUSIBLE:
        raise NotADocument(str(path), f"not a document: its bytes do not read as text ({share:.0%} plausible "
                                      "characters; binary or random data?)")


# the text runs of WordprocessingML, counted before python-docx builds its tree
_W_TEXT_RE = regex.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def _check_word_zip(path: Path, data: bytes, max_chars: int = MAX_CHARS) -> None:
    """A zip is read as Word only when it holds word/document.xml, and only when the XML
    it unpacks to fits the budget (checked from the zip's directory, before inflating) and
    its text runs fit the character budget (counted in the raw XML, in a fraction of the
    time python-docx takes to parse it)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "word/document.xml" not in names:
                raise NotADocument(str(path), "a zip archive, not a Word document (no word/document.xml)")
            xml = sum(i.file_size for i in infos if i.filename.startswith("word/") and i.filename.endswith(".xml"))
            if xml > MAX_XML_BYTES:
                raise TooLarge(str(path), f"too large: its XML unpacks to {xml:,} bytes (limit {MAX_XML_BYTES:,}): "
                                          "split it")
            if xml > max_chars:  # fewer bytes of XML than the budget's characters: cannot be over it
                body = zf.read("word/document.xml")
                chars = sum(len(m) for m in _W_TEXT_RE.findall(body)) // 2  # UTF-8 bytes, ~1.3 a character
                if chars > max_chars:
                    raise TooLarge(str(path), f"too long: about {chars:,} characters of text or more (limit "
                                              f"{max_chars:,}): split it")
    except (zipfile.BadZipFile, ValueError, OSError, RuntimeError, NotImplementedError):
        return  # the Word reader names it: corrupt .docx


def read_source(path: str | Path, max_bytes: int = MAX_BYTES, max_chars: int = MAX_CHARS, ocr: str = "auto") -> Source:
    """Read one file; raise an IngestError subclass naming the file and the reason.
    ocr (PDFs): auto (per page, on evidence), never, force."""
    p = Path(path)
    stat = p.stat()
    if not p.is_file():
        raise NotADocument(str(p), "not a regular file: vanban reads only files")
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
    if fmt in ("txt", "html") and len(data) > 4 * max_chars:  # UTF-8 takes at most 4 bytes a character
        raise TooLarge(str(p), f"too long: {len(data):,} bytes of text, over {max_chars:,} characters (limit): split it")
    base = {"path": str(p), "size": stat.st_size, "mtime": stat.st_mtime, "sha256": digest}
    if fmt == "txt":
        from pipeline.ingest.text import read_text

        fields = read_text(p, data)
        _check_text(p, fields["text"], max_chars)
        return Source(format="txt", **base, **fields)
    if fmt == "docx":
        from pipeline.ingest.docx import read_docx

        _check_word_zip(p, data, max_chars)
        fields = read_docx(p, data)
        _check_text(p, fields["text"], max_chars)
        return Source(format="docx", **base, **fields)
    if fmt == "pdf":
        from pipeline.ingest.pdf import read_pdf

        try:
            fields = read_pdf(p, data, ocr)
        except CorruptFile:
            if b"/Encrypt" in data:
                raise CorruptFile(str(p), "encrypted PDF: decrypt it first (qpdf --decrypt --password=… in.pdf "
                                          "out.pdf) and extract the decrypted copy") from None
            raise
        _check_text(p, fields["text"], max_chars)
        return Source(format="pdf", **base, **fields)
    if fmt == "html":
        from pipeline.ingest.html import read_html

        fields = read_html(p, data)
        _check_text(p, fields["text"], max_chars)
        return Source(format="html", **base, **fields)
    if fmt == "doc":
        from pipeline.ingest.legacy import read_doc

        fields = read_doc(p, data)
        _check_text(p, fields["text"], max_chars)
        return Source(format="doc", **base, **fields)
    raise UnsupportedFormat(str(p), f"unsupported format {fmt!r}")
