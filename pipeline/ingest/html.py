"""Saved web pages: main content via trafilatura; the page's own title/date kept apart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.errors import NotADocument


def read_html(path: Path, data: bytes) -> dict[str, Any]:
    import trafilatura

    html = data.decode("utf-8", errors="replace")
    extracted = trafilatura.bare_extraction(html, include_comments=False, include_tables=True, with_metadata=True)
    if extracted is None:
        raise NotADocument(str(path), "web page with no main content")
    doc = extracted if isinstance(extracted, dict) else extracted.as_dict()
    body = doc.get("text") or ""
    title = doc.get("title")
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    if not text.strip():
        raise NotADocument(str(path), "web page with no main content")
    return {
        "text": text,
        "encoding": "utf-8",
        "page_title": title,
        "page_date": doc.get("date"),
        "warnings": [],
    }
