"""Each format read right, and the same document as .txt, .docx, .pdf and .html gives the
same metadata and citations; bad input gives its error class and a one-line message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline import extract_file
from pipeline.errors import CorruptFile, EmptyFile, NoTextLayer, NotADocument
from pipeline.ingest import read_source

from .conftest import REAL_DOCX, needs_real_docx
from .fixtures import DEJAVU, PLAN, make_docx, make_html, make_pdf, to_cp1258


def _summary(path: Path) -> tuple:
    rec = extract_file(path)
    d = rec.document
    return (rec.kind, d.number, d.doc_type, d.issuer, d.place, d.date, d.title,
            d.signer.model_dump() if d.signer else None, [(c.number, c.date, c.issuer, c.basis) for c in rec.citations])


@pytest.fixture
def plan_txt(tmp_path: Path) -> Path:
    p = tmp_path / "plan.txt"
    p.write_text(PLAN.text(), encoding="utf-8")
    return p


def test_txt_fields(plan_txt: Path) -> None:
    kind, number, doc_type, issuer, place, date, title, signer, cits = _summary(plan_txt)
    assert (kind, number, doc_type, issuer, place, date) == (
        "directive", "35/KH-LĐLĐ", "Kế hoạch", "Liên đoàn Lao động tỉnh Hòa Bình", "Hòa Bình", dt.date(2024, 6, 17))
    assert title == "Triển khai Tháng cao điểm phát triển đoàn viên"
    assert signer == {"name": "Nguyễn Mạnh Cường", "position": "Chủ tịch", "authority": "TM. Ban Thường vụ"}
    assert [c[0] for c in cits] == ["17/KH-TLĐ", "02-NQ/TW"]


def test_docx_equals_txt(tmp_path: Path, plan_txt: Path) -> None:
    assert _summary(make_docx(tmp_path / "plan.docx")) == _summary(plan_txt)


@pytest.mark.skipif(not DEJAVU.exists(), reason="DejaVu font not installed")
def test_pdf_equals_txt_and_keeps_pages(tmp_path: Path, plan_txt: Path) -> None:
    pdf = make_pdf(tmp_path / "plan.pdf")
    assert _summary(pdf) == _summary(plan_txt)
    src = read_source(pdf)
    assert src.pages and src.pages[0][0] == 0
    rec = extract_file(pdf)
    assert rec.citations[0].mentions[0].page == 1


def test_html_page_equals_txt_and_keeps_the_page_date_apart(tmp_path: Path, plan_txt: Path) -> None:
    page = make_html(tmp_path / "plan.html")
    rec = extract_file(page)
    assert _summary(page)[1:6] == _summary(plan_txt)[1:6]
    assert [c.number for c in rec.citations] == ["17/KH-TLĐ", "02-NQ/TW"]  # not the related link
    assert rec.source.page_date == "2024-06-20"
    assert rec.document.date == dt.date(2024, 6, 17)  # the document's own date, not the page's


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom"])
def test_text_encodings(tmp_path: Path, encoding: str) -> None:
    p = tmp_path / "plan.txt"
    data = PLAN.text()
    if encoding == "utf-16-le-bom":
        p.write_bytes(b"\xff\xfe" + data.encode("utf-16-le"))
    else:
        p.write_bytes(data.encode(encoding))
    src = read_source(p)
    assert "LIÊN ĐOÀN LAO ĐỘNG TỈNH HÒA BÌNH" in src.text
    assert extract_file(p).document.number == "35/KH-LĐLĐ"


def test_windows_1258_with_combining_marks(tmp_path: Path) -> None:
    p = tmp_path / "plan.txt"
    p.write_bytes(to_cp1258(PLAN.text()))
    rec = extract_file(p)
    assert rec.document.issuer == "Liên đoàn Lao động tỉnh Hòa Bình"
    assert rec.document.date == dt.date(2024, 6, 17)


@pytest.mark.parametrize(
    "name,data,error,reason",
    [
        ("empty.txt", b"", EmptyFile, "empty file (0 bytes)"),
        ("blank.txt", b"   \n\n  ", NotADocument, "no text"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(100), NotADocument, "an image"),
        ("broken.pdf", b"%PDF-1.4\n%broken", CorruptFile, "corrupt PDF"),
        ("broken.docx", b"PK\x03\x04garbage", CorruptFile, "corrupt .docx"),
    ],
)
def test_bad_input_one_line_error(tmp_path: Path, name: str, data: bytes, error: type, reason: str) -> None:
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(error) as exc:
        read_source(p)
    msg = str(exc.value)
    assert msg.startswith(f"{p}: ") and reason in msg and "\n" not in msg


@pytest.mark.skipif(not DEJAVU.exists(), reason="DejaVu font not installed")
def test_pdf_without_text_layer(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.rect(20, 20, 100, 100, style="F")  # a 'scan': drawing only, no text
    p = tmp_path / "scan.pdf"
    pdf.output(str(p))
    with pytest.raises(NoTextLayer, match=r"no text layer \(scanned\?\), 2 pages"):
        read_source(p)


@needs_real_docx
def test_real_ketluan_docx() -> None:
    rec = extract_file(REAL_DOCX / "ketluan_chibo.docx")
    d = rec.document
    assert (d.number, d.doc_type, d.date) == ("01-KL/CBHT1", "Kết luận", dt.date(2026, 5, 6))
    assert d.issuer == "Chi bộ ấp Hóc Thơm 1"


@needs_real_docx
def test_real_doc_needs_a_converter_or_reads() -> None:
    """Word 97: read through LibreOffice when installed, else a one-line reason naming the tool."""
    import shutil

    from pipeline.errors import MissingTool

    path = REAL_DOCX / "huongdan_tuldtt.doc"
    if shutil.which("soffice") or shutil.which("libreoffice"):
        assert "Hướng dẫn" in (extract_file(path).document.doc_type or "Hướng dẫn")
    else:
        with pytest.raises(MissingTool, match="LibreOffice"):
            read_source(path)


def test_docx_automatic_numbering_and_text_boxes_are_read(tmp_path: Path) -> None:
    """Word's automatic list numbers are not in the paragraph text: vanban renders them."""
    import docx

    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    for item in ["Ban Tổ chức - Kiểm tra chủ trì.", "Văn phòng phối hợp.", "Các Ban phối hợp."]:
        d.add_paragraph(item, style="List Number")
    d.add_paragraph("Ghi chú", style="List Bullet")
    p = tmp_path / "numbered.docx"
    d.save(str(p))
    lines = read_source(p).text.split("\n")
    assert lines[1:4] == ["1. Ban Tổ chức - Kiểm tra chủ trì.", "2. Văn phòng phối hợp.", "3. Các Ban phối hợp."]
    assert lines[4] in ("• Ghi chú", "- Ghi chú")


@needs_real_docx
def test_real_docx_numbering_rendered() -> None:
    text = read_source(REAL_DOCX / "congvan_tuldtt.docx").text
    assert "\n1. Thương lượng về tiền lương cơ bản" in text


@needs_real_docx
def test_real_docx_table_cells_are_read_every_time() -> None:
    """Merged cells are read once, and no other cell is taken for one of them: the same
    text on every read, the working-hours and insurance table cells included."""
    texts = {read_source(REAL_DOCX / "congvan_tuldtt.docx").text for _ in range(4)}
    assert len(texts) == 1
    text = texts.pop()
    assert "- Ca 1: Từ 6 giờ 30 đến 11 giờ 30" in text and "- BHXH: 25,5%" in text


def test_several_documents_in_one_file_become_records(tmp_path: Path) -> None:
    """A công văn followed by a quyết định in one file: two records, the second in 'parts'."""
    import sqlite3

    from pipeline.batch import run

    second = (
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH HÒA BÌNH\nSố: 36/QĐ-LĐLĐ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Hòa Bình, ngày 18 tháng 6 năm 2024\nQUYẾT ĐỊNH\nVề việc khen thưởng\n\n"
        "Căn cứ Kế hoạch số 35/KH-LĐLĐ ngày 17/6/2024 của Ban Thường vụ LĐLĐ tỉnh;\nĐiều 1. Khen thưởng.\n\n"
        "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH\n\nNguyễn Mạnh Cường\n"
    )
    p = tmp_path / "bundle.txt"
    p.write_text(PLAN.text() + "\n\n" + second, encoding="utf-8")
    rec = extract_file(p)
    assert rec.document.number == "35/KH-LĐLĐ"
    assert [x.document.number for x in rec.parts] == ["36/QĐ-LĐLĐ"]
    part = rec.parts[0]
    assert part.document.doc_type == "Quyết định" and part.document.date == dt.date(2024, 6, 18)
    assert [c.number for c in part.citations] == ["35/KH-LĐLĐ"]
    assert [c.number for c in rec.citations] == ["17/KH-TLĐ", "02-NQ/TW"]
    run([p], tmp_path / "v.db", None, log=lambda _: None)
    with sqlite3.connect(tmp_path / "v.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone() == (2,)
        # the quyết định cites the kế hoạch in the same file: the edge lands on its node
        row = conn.execute(
            "SELECT n.document_id FROM citations c JOIN nodes n ON n.id = c.cited_node_id WHERE c.number = '35/KH-LĐLĐ'"
        ).fetchone()
        assert row[0] is not None


def _scan_pdf(path: Path) -> Path:
    """A 'scanned' directive: the header drawn as an image, no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(DEJAVU), 40)
    img = Image.new("RGB", (2480, 900), "white")
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(PLAN.header_left + PLAN.header_right[2:] + PLAN.body[:3]):
        draw.text((100, 60 + i * 80), line[:90], font=font, fill="black")
    png = path.with_suffix(".png")
    img.save(png)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(png), x=0, y=0, w=210)
    pdf.output(str(path))
    return path


@pytest.mark.skipif(not DEJAVU.exists(), reason="DejaVu font not installed")
def test_scanned_pdf_is_ocr_read_when_tesseract_has_vietnamese(tmp_path: Path) -> None:
    from pipeline.ingest.pdf import tesseract_languages

    p = _scan_pdf(tmp_path / "scan.pdf")
    if "vie" not in tesseract_languages():
        with pytest.raises(NoTextLayer, match=r"no text layer \(scanned\?\), 1 pages; install Tesseract"):
            read_source(p)
        return
    rec = extract_file(p)
    assert (rec.document.number, rec.document.date) == ("35/KH-LĐLĐ", dt.date(2024, 6, 17))
    assert rec.source.encoding == "ocr:tesseract-vie"
    assert any("OCR" in w for w in rec.warnings)


@pytest.mark.skipif(not DEJAVU.exists(), reason="DejaVu font not installed")
def test_pdfplumber_second_opinion_on_a_page_pypdfium2_read_empty(tmp_path: Path) -> None:
    """When pypdfium2 returns (almost) nothing for a page that has text, pdfplumber's is used."""
    from pipeline.ingest.pdf import _second_opinion

    data = make_pdf(tmp_path / "plan.pdf").read_bytes()
    parts, warnings = [""], []  # as if pypdfium2 had dropped the page's lines
    _second_opinion(data, parts, warnings)
    assert "35/KH-LĐLĐ" in parts[0]
    assert warnings == ["page 1: pypdfium2 read almost no text there; pdfplumber's text used"]


def test_xml_entity_bomb_is_refused_quickly(tmp_path: Path) -> None:
    import io
    import zipfile

    import docx

    base = tmp_path / "base.docx"
    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    d.save(str(base))
    lol = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE lolz [{lol}]><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
    out = io.BytesIO()
    with zipfile.ZipFile(base) as zin, zipfile.ZipFile(out, "w") as z:
        for item in zin.infolist():
            z.writestr(item, bomb if item.filename == "word/document.xml" else zin.read(item.filename))
    p = tmp_path / "bomb.docx"
    p.write_bytes(out.getvalue())
    with pytest.raises(NotADocument, match="entity bomb"):
        read_source(p)


def test_word_doc_read_as_text_is_flagged(tmp_path: Path) -> None:
    p = tmp_path / "lost.txt"
    p.write_text("CNG HO X HI CH NGHA VIT NAM\nc lp - T do - Hnh phc\nS: 12/KH-LLD\nKE HOACH\n", encoding="utf-8")
    assert any("diacritics" in w for w in extract_file(p).warnings)


def test_docx_header_block_in_the_page_header_part(tmp_path: Path, plan_txt: Path) -> None:
    """Some offices put the issuer/Quốc hiệu block in Word's page header."""
    import docx

    d = docx.Document()
    header = d.sections[0].header
    header.paragraphs[0].text = PLAN.header_left[0] + "\t\t" + PLAN.header_right[0]
    header.add_paragraph(PLAN.header_left[1] + "\t\t" + PLAN.header_right[2])
    for line in PLAN.body:
        d.add_paragraph(line)
    for line in [*PLAN.sign_left, *PLAN.sign_right]:
        d.add_paragraph(line)
    p = tmp_path / "in_header.docx"
    d.save(str(p))
    rec = extract_file(p)
    txt = extract_file(plan_txt)
    assert (rec.document.number, rec.document.issuer, rec.document.date, rec.document.title) == (
        txt.document.number, txt.document.issuer, txt.document.date, txt.document.title)
    assert "text from the page header part included" in rec.warnings


def test_zip_bomb_and_page_bomb_refused(tmp_path: Path) -> None:
    import zipfile

    import pypdfium2 as pdfium

    from pipeline.errors import TooLarge

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (300 * 1024 * 1024))  # 300 MB of zeros, ~300 KB zipped
    with pytest.raises(TooLarge, match="XML unpacks to 314,572,800 bytes"):  # refused before inflating
        read_source(bomb)
    pdf = pdfium.PdfDocument.new()
    for _ in range(2500):
        pdf.new_page(200, 200)
    big = tmp_path / "pages.pdf"
    pdf.save(str(big))
    with pytest.raises(TooLarge, match="2500 pages"):
        read_source(big)
