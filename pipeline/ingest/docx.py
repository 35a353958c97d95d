"""Word .docx: paragraphs and table cells in document order, as a reader sees them.

The header of a directive is usually a two-column table (issuer + Số | Quốc hiệu +
place/date) and the Nơi nhận/signature block another, so tables are read cell by cell,
left to right, each cell's paragraphs on their own lines, merged cells once. Automatic
list numbering ("1.", "a)", "I.") is not in the paragraph text that python-docx gives, so
it is computed from the numbering definitions; text boxes and the page header part are
read too, since header blocks sometimes live there.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from pipeline.errors import CorruptFile, NotADocument

MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200  # a part that inflates more than this is a zip bomb, not a document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
BULLET_TEXT = {"\uf0b7": "•", "\uf0a7": "•", "\uf0d8": "•", "\uf076": "•", "o": "•", "\uf02d": "-", "": ""}


def _roman(n: int) -> str:
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
            (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format(n: int, fmt: str) -> str:
    if fmt in ("upperRoman",):
        return _roman(n)
    if fmt in ("lowerRoman",):
        return _roman(n).lower()
    if fmt in ("upperLetter",):
        return _letter(n).upper()
    if fmt in ("lowerLetter",):
        return _letter(n)
    if fmt in ("decimalZero",):
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


class Numbering:
    """Renders automatic list labels from word/numbering.xml, counting as Word does."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId -> ilvl -> (start, fmt, text)
        self.counters: dict[str, list[int]] = {}
        self._document = document
        self._style_nums: dict[str | None, tuple[str | None, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for an in root.findall(f"{W}abstractNum"):
            lv: dict[int, tuple[int, str, str]] = {}
            for lvl in an.findall(f"{W}lvl"):
                ilvl = int(lvl.get(f"{W}ilvl", "0"))
                start = lvl.find(f"{W}start")
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                lv[ilvl] = (
                    int(start.get(f"{W}val", "1")) if start is not None else 1,
                    fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{W}val", "") if text is not None else "",
                )
            abstract[an.get(f"{W}abstractNumId", "")] = lv
        for num in root.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is None:
                continue
            lv = dict(abstract.get(ref.get(f"{W}val", ""), {}))
            for ov in num.findall(f"{W}lvlOverride"):
                so = ov.find(f"{W}startOverride")
                ilvl = int(ov.get(f"{W}ilvl", "0"))
                if so is not None and ilvl in lv:
                    s, f, t = lv[ilvl]
                    lv[ilvl] = (int(so.get(f"{W}val", "1")), f, t)
            self.levels[num.get(f"{W}numId", "")] = lv

    def label(self, p: Any) -> str:
        """The label Word shows before paragraph p ('1.', 'a)', '•'), or ''."""
        num_id, ilvl = self._num_pr(p)
        if num_id is None or num_id == "0" or num_id not in self.levels:
            return ""
        lv = self.levels[num_id]
        if ilvl not in lv:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        start, fmt, text = lv[ilvl]
        if fmt == "bullet":
            return BULLET_TEXT.get(text, "•")
        out = text
        for k in range(ilvl, -1, -1):
            if k in lv:
                k_start, k_fmt, _ = lv[k]
                value = counters[k] + k_start - 1 if counters[k] else k_start
                out = out.replace(f"%{k + 1}", _format(value, k_fmt))
        return out

    def _num_pr(self, p: Any) -> tuple[str | None, int]:
        """The list a paragraph belongs to: its own numPr, else its style's."""
        ppr = p._p.pPr
        own = _num_of(ppr)
        if own[0] is not None:
            return own
        style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
        if style_id not in self._style_nums:  # python-docx finds the default style by scanning
            self._style_nums[style_id] = self._style_num(style_id)  # every style: once per style
        return self._style_nums[style_id]

    def _style_num(self, style_id: str | None) -> tuple[str | None, int]:
        from docx.enum.style import WD_STYLE_TYPE

        try:
            style = self._document.styles.get_by_id(style_id, WD_STYLE_TYPE.PARAGRAPH)
        except (KeyError, ValueError, AttributeError):
            return None, 0
        return _num_of(getattr(getattr(style, "element", None), "pPr", None))


def _num_of(ppr: Any) -> tuple[str | None, int]:
    num_pr = getattr(ppr, "numPr", None) if ppr is not None else None
    if num_pr is not None and num_pr.numId is not None:
        ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        return str(num_pr.numId.val), int(ilvl)
    return None, 0


def _text_boxes(p: Any) -> list[str]:
    """Paragraphs inside text boxes anchored in p (the VML fallback copy skipped)."""
    out: list[str] = []
    for box in p._p.iter(f"{W}txbxContent"):
        if any(a.tag == MC_FALLBACK for a in box.iterancestors()):
            continue
        for para in box.iter(f"{W}p"):
            text = "".join(t.text or "" for t in para.iter(f"{W}t"))
            out.append(text)
    return out


class _Reader:
    def __init__(self, document: Any) -> None:
        self.numbering = Numbering(document)
        self.lines: list[str] = []

    def paragraph(self, p: Any) -> None:
        self.lines.extend(_text_boxes(p))
        label = self.numbering.label(p)
        text = p.text
        self.lines.append(f"{label} {text}" if label and text.strip() else text)

    def table(self, table: Any) -> None:
        from docx.table import Table

        # a merged cell comes back once per grid column it spans: read it once. Kept by the
        # element itself, not id(): an element's proxy can be freed and its id reused by another
        # cell's, which then went missing (the text of a file changed from one read to the next)
        seen: set[Any] = set()
        for row in table.rows:
            for cell in row.cells:
                if cell._tc in seen:
                    continue
                seen.add(cell._tc)
                for item in cell.iter_inner_content():
                    if isinstance(item, Table):
                        self.table(item)
                    else:
                        self.paragraph(item)


def _check_zip(path: Path, data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            if total > MAX_UNCOMPRESSED:
                raise NotADocument(str(path), f"refused: unpacks to {total:,} bytes (zip bomb?)")
            for i in infos:
                if i.compress_size and i.file_size / i.compress_size > MAX_RATIO and i.file_size > 10_000_000:
                    raise NotADocument(str(path), f"refused: {i.filename} inflates {i.file_size // i.compress_size}x (zip bomb?)")
            if "word/document.xml" not in zf.namelist():
                raise NotADocument(str(path), "a zip file without word/document.xml, not a Word document")
    except zipfile.BadZipFile as exc:
        raise CorruptFile(str(path), f"corrupt .docx ({exc})") from exc


def read_docx(path: Path, data: bytes) -> dict[str, Any]:
    _check_zip(path, data)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types on damaged parts
        if "amplification" in str(exc) or "entity" in str(exc).lower():
            raise NotADocument(str(path), "refused: XML entity expansion (an entity bomb?)") from exc
        first = str(exc).splitlines()[0][:160] if str(exc) else ""
        raise CorruptFile(str(path), f"corrupt .docx ({type(exc).__name__}: {first})") from exc
    reader = _Reader(document)
    warnings: list[str] = []
    # a header block kept in the page header part (not page numbers)
    for section in document.sections[:1]:
        try:
            header_lines = [p.text for p in section.header.paragraphs if sum(c.isalpha() for c in p.text) >= 4]
        except Exception:  # noqa: BLE001 - a damaged header part is not worth failing the file
            header_lines = []
        if header_lines:
            reader.lines.extend(header_lines)
            warnings.append("text from the page header part included")
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            reader.table(item)
        else:
            reader.paragraph(item)
    text = "\n".join(reader.lines)
    if not text.strip():
        raise NotADocument(str(path), "the Word document has no text")
    return {"text": text, "encoding": None, "warnings": warnings}
