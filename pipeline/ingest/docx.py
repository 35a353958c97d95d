"""Word .docx: paragraphs and table cells in document order.

The header of a directive is usually a two-column table (issuer + Số | Quốc hiệu +
place/date) and the Nơi nhận/signature block another, so tables are read cell by cell,
left to right, each cell's paragraphs on their own lines; merged cells once.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from pipeline.errors import CorruptFile, NotADocument

MAX_UNCOMPRESSED = 200 * 1024 * 1024


def _cell_lines(cell: Any, out: list[str]) -> None:
    from docx.table import Table

    for item in cell.iter_inner_content():
        if isinstance(item, Table):
            _table_lines(item, out)
        else:
            out.append(item.text)


def _table_lines(table: Any, out: list[str]) -> None:
    seen: set[int] = set()
    for row in table.rows:
        for cell in row.cells:
            key = id(cell._tc)
            if key in seen:
                continue
            seen.add(key)
            _cell_lines(cell, out)


def read_docx(path: Path, data: bytes) -> dict[str, Any]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = sum(i.file_size for i in zf.infolist())
            if total > MAX_UNCOMPRESSED:
                raise NotADocument(str(path), f"refused: unpacks to {total:,} bytes (zip bomb?)")
            if "word/document.xml" not in zf.namelist():
                raise NotADocument(str(path), "a zip file without word/document.xml, not a Word document")
    except zipfile.BadZipFile as exc:
        raise CorruptFile(str(path), f"corrupt .docx ({exc})") from exc
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types on damaged parts
        raise CorruptFile(str(path), f"corrupt .docx ({type(exc).__name__}: {exc})") from exc
    lines: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            _table_lines(item, lines)
        else:
            lines.append(item.text)
    text = "\n".join(lines)
    if not text.strip():
        raise NotADocument(str(path), "the Word document has no text")
    return {"text": text, "encoding": None, "warnings": []}
