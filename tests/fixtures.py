"""Builders of real-looking input files (docx in the office layout, PDF with two header
columns, saved web pages, legacy encodings) for the ingest tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@dataclass
class Directive:
    """One directive's parts, laid out the way offices print them."""

    header_left: list[str]
    header_right: list[str]
    body: list[str]
    sign_left: list[str] = field(default_factory=list)
    sign_right: list[str] = field(default_factory=list)

    def text(self) -> str:
        """The plain-text copy an archive receives (header lines, body, closing)."""
        return "\n".join([*self.header_left, *self.header_right, "", *self.body, "", *self.sign_left, "",
                          *self.sign_right]) + "\n"


PLAN = Directive(
    header_left=["LIÊN ĐOÀN LAO ĐỘNG TỈNH HÒA BÌNH", "Số: 35/KH-LĐLĐ"],
    header_right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                  "Hòa Bình, ngày 17 tháng 6 năm 2024"],
    body=[
        "KẾ HOẠCH",
        "Triển khai Tháng cao điểm phát triển đoàn viên",
        "Căn cứ Kế hoạch số 17/KH-TLĐ, ngày 05/02/2024 của Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam về việc tổ chức các hoạt động kỷ niệm 95 năm Ngày thành lập Công đoàn Việt Nam;",
        "Căn cứ Nghị quyết số 02-NQ/TW ngày 12/6/2021 của Bộ Chính trị về đổi mới tổ chức và hoạt động của Công đoàn Việt Nam trong tình hình mới.",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "- Phấn đấu hoàn thành các chỉ tiêu phát triển đoàn viên năm 2024.",
        "II. TỔ CHỨC THỰC HIỆN",
        "Giao Ban Tổ chức - Kiểm tra theo dõi, đôn đốc triển khai thực hiện kế hoạch này.",
    ],
    sign_left=["Nơi nhận:", "- Thường trực LĐLĐ tỉnh;", "- Lưu: VT."],
    sign_right=["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "", "Nguyễn Mạnh Cường"],
)


def make_docx(path: Path, d: Directive = PLAN) -> Path:
    import docx

    doc = docx.Document()
    header = doc.add_table(rows=1, cols=2)
    header.cell(0, 0).text = "\n".join(d.header_left)
    header.cell(0, 1).text = "\n".join(d.header_right)
    for line in d.body:
        doc.add_paragraph(line)
    sign = doc.add_table(rows=1, cols=2)
    sign.cell(0, 0).text = "\n".join(d.sign_left)
    sign.cell(0, 1).text = "\n".join(d.sign_right)
    doc.save(str(path))
    return path


def make_pdf(path: Path, d: Directive = PLAN) -> Path:
    """A PDF whose header and signature are two columns drawn line by line, as printers do."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("dv", fname=str(DEJAVU))
    pdf.set_font("dv", size=10)
    y = 15.0
    for i in range(max(len(d.header_left), len(d.header_right))):
        if i < len(d.header_left):
            pdf.text(10, y, d.header_left[i])
        if i < len(d.header_right):
            pdf.text(110, y, d.header_right[i])
        y += 6
    pdf.set_xy(10, y + 4)
    pdf.multi_cell(0, 6, "\n".join(d.body))
    y = pdf.get_y() + 8
    for i in range(max(len(d.sign_left), len(d.sign_right))):
        if i < len(d.sign_left):
            pdf.text(10, y, d.sign_left[i])
        if i < len(d.sign_right):
            pdf.text(120, y, d.sign_right[i])
        y += 6
    pdf.output(str(path))
    return path


def make_html(path: Path, d: Directive = PLAN) -> Path:
    """A saved web page: menu, the document in the article, related links, a counter."""
    body = "".join(f"<p>{line}</p>" for line in [*d.header_left, *d.header_right, *d.body, *d.sign_left, *d.sign_right])
    html = f"""<!doctype html><html><head><meta charset="utf-8"><title>{d.body[1]} - Cổng thông tin</title>
<meta property="article:published_time" content="2024-06-20T08:00:00+07:00"></head>
<body><nav><a href="/">Trang chủ</a> <a href="/tin">Tin tức</a> <a href="/vb">Văn bản</a></nav>
<article><h1>{d.body[1]}</h1>{body}</article>
<aside><h3>Tin liên quan</h3><ul><li><a href="/x">Kế hoạch số 99/KH-LĐLĐ về Tháng Công nhân</a></li></ul></aside>
<footer>Lượt truy cập: 12181593</footer></body></html>"""
    path.write_text(html, encoding="utf-8")
    return path


TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: base letters (â, ơ, ư…) precomposed,
    tone marks as separate combining characters."""
    import unicodedata

    out: list[str] = []
    base, tones = "", ""
    for ch in unicodedata.normalize("NFD", text) + "\x00":
        if unicodedata.combining(ch):
            if ch in TONE_MARKS:
                tones += ch
            else:
                base += ch
            continue
        if base:
            out.append(unicodedata.normalize("NFC", base) + tones)
        base, tones = ch, ""
    return "".join(out).encode("cp1258")
