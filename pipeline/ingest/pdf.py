"""PDF text layer: pypdfium2 for the text (fast), page ranges kept for provenance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.errors import CorruptFile, NoTextLayer, TooLarge

MAX_PAGES = 2000


def read_pdf(path: Path, data: bytes) -> dict[str, Any]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:
        raise CorruptFile(str(path), f"corrupt PDF ({exc})") from exc
    try:
        n = len(pdf)
        if n > MAX_PAGES:
            raise TooLarge(str(path), f"PDF has {n} pages (limit {MAX_PAGES})")
        parts: list[str] = []
        pages: list[tuple[int, int]] = []
        pos = 0
        for i in range(n):
            page = pdf[i]
            textpage = page.get_textpage()
            t = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            textpage.close()
            page.close()
            parts.append(t)
            pages.append((pos, pos + len(t)))
            pos += len(t) + 1
        text = "\n".join(parts)
    finally:
        pdf.close()
    if len(text.strip()) < 20:
        raise NoTextLayer(str(path), f"no text layer (scanned?), {n} pages")
    return {"text": text, "encoding": None, "pages": pages, "warnings": []}
