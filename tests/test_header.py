"""Header fields on small real-looking texts, including damaged ones, and a .docx built in
the real layout (header table, signature table) giving the same metadata as the .txt."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

TWO_LEVEL = """LIÊN ĐOÀN LAO ĐỘNG TỈNH THANH HÓA
LIÊN ĐOÀN LAO ĐỘNG HUYỆN YÊN ĐỊNH
Số: 12/KH-LĐLĐ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Yên Định, ngày 05 tháng 3 năm 2024

KẾ HOẠCH
Tổ chức Tháng Công nhân năm 2024

Căn cứ Kế hoạch số 18/KH-TLĐ, ngày 05/02/2024 của Tổng Liên đoàn Lao động Việt Nam về việc tổ chức Tháng Công nhân năm 2024;
Căn cứ Kế hoạch số 35/KH-LĐLĐ ngày 01/3/2024 của Ban Thường vụ LĐLĐ tỉnh về Tháng Công nhân;

I. MỤC ĐÍCH, YÊU CẦU
Tuyên truyền sâu rộng trong đoàn viên.

Nơi nhận:
- LĐLĐ tỉnh;
- Lưu: VT.

TM. BAN THƯỜNG VỤ
CHỦ TỊCH

Lê Văn Hùng
"""


def test_two_level_header_takes_the_lower_level(extract) -> None:
    rec = extract(TWO_LEVEL)
    d = rec.document
    assert rec.kind == "directive"
    assert d.number == "12/KH-LĐLĐ"
    assert d.doc_type == "Kế hoạch"
    assert d.issuer == "Liên đoàn Lao động huyện Yên Định"
    assert d.place == "Yên Định"
    assert d.date == dt.date(2024, 3, 5)
    assert d.title == "Tổ chức Tháng Công nhân năm 2024"
    assert d.signer is not None
    assert (d.signer.authority, d.signer.position, d.signer.name) == ("TM. Ban Thường vụ", "Chủ tịch", "Lê Văn Hùng")
    assert not rec.spans["issuer"].inferred


def test_lldl_tinh_in_a_district_document_is_the_province(extract) -> None:
    """'LĐLĐ tỉnh' in a district plan of Thanh Hóa is Liên đoàn Lao động tỉnh Thanh Hóa."""
    rec = extract(TWO_LEVEL)
    cited = {c.number: c for c in rec.citations}
    assert cited["35/KH-LĐLĐ"].issuer == "Ban Thường vụ Liên đoàn Lao động tỉnh Thanh Hóa"
    assert cited["35/KH-LĐLĐ"].basis is True


DAMAGED = (
    "\n\nSố:\u00a070 /KH-LĐLĐ\n\nLai châu, ngày 02 tháng 5\nnăm 2024\n\nKẾ HOẠCH\n\n"
    "Khảo sát, nắm tình hình công nhân\nlao động năm 2024\n\n"
    "Liên đoàn Lao động tỉnh ban hành kế hoạch như sau:\n\nI. NỘI DUNG\n\n- Khảo sát.\n\n"
    "Nơi nhận:\n- Lưu: VT.\n\n**TM. BAN THƯỜNG VỤ\nCHỦ TỊCH**\n\n\n\nHoàng Thọ Trung\n"
)


def test_damaged_header(extract) -> None:
    """NBSP, '70 /KH-LĐLĐ', 'Lai châu', a date and a title hard-wrapped, no issuer lines."""
    rec = extract(DAMAGED)
    d = rec.document
    assert d.number == "70/KH-LĐLĐ"
    assert d.place == "Lai Châu"
    assert d.date == dt.date(2024, 5, 2)
    assert d.title == "Khảo sát, nắm tình hình công nhân lao động năm 2024"
    assert d.issuer == "Liên đoàn Lao động tỉnh Lai Châu"
    assert rec.spans["issuer"].inferred  # the header had no issuer: inferred, and says so
    assert any("inferred" in w for w in rec.warnings)


def test_spans_point_into_the_source(extract) -> None:
    rec = extract(DAMAGED)
    span = rec.spans["number"]
    assert DAMAGED[span.source_start : span.source_end] == "70 /KH-LĐLĐ"
    place = rec.spans["place"]
    assert DAMAGED[place.source_start : place.source_end] == "Lai châu"


NEWS = """Trang chủ
Tin tức
Hội nghị tổng kết công tác công đoàn năm 2023 của Liên đoàn Lao động tỉnh Sơn La
Thứ sáu - 05/01/2024 21:18
Sáng ngày 04/01/2024, Liên đoàn Lao động tỉnh tổ chức Hội nghị tổng kết. Năm 2023 toàn tỉnh đã kết nạp 2.150 đoàn viên.
Quang cảnh hội nghị
Thực hiện Nghị quyết số 02-NQ/TW ngày 12/6/2021 của Bộ Chính trị, các cấp công đoàn đã đổi mới hoạt động.
Tin liên quan
Kế hoạch số 99/KH-LĐLĐ về Tháng Công nhân
Lượt xem: 1234
"""


def test_news_page_with_chrome(extract) -> None:
    rec = extract(NEWS)
    assert rec.kind == "news"
    d = rec.document
    assert d.title == "Hội nghị tổng kết công tác công đoàn năm 2023 của Liên đoàn Lao động tỉnh Sơn La"
    assert (d.number, d.doc_type, d.issuer, d.date, d.signer) == (None, None, None, None, None)
    numbers = [c.number for c in rec.citations]
    assert numbers == ["02-NQ/TW"]  # the related-links chrome is never a citation
    assert rec.citations[0].basis is False  # news articles have no basis clauses


def _docx_in_real_layout(path: Path) -> None:
    """A Kế hoạch laid out as offices do: header table, body paragraphs, signature table."""
    import docx

    d = docx.Document()
    header = d.add_table(rows=1, cols=2)
    header.cell(0, 0).text = "LIÊN ĐOÀN LAO ĐỘNG TỈNH THANH HÓA\nLIÊN ĐOÀN LAO ĐỘNG HUYỆN YÊN ĐỊNH\nSố: 12/KH-LĐLĐ"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nYên Định, ngày 05 tháng 3 năm 2024"
    for line in TWO_LEVEL.split("\n\n", 1)[1].split("Nơi nhận:")[0].strip().split("\n"):
        d.add_paragraph(line)
    sign = d.add_table(rows=1, cols=2)
    sign.cell(0, 0).text = "Nơi nhận:\n- LĐLĐ tỉnh;\n- Lưu: VT."
    sign.cell(0, 1).text = "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH\n\n\nLê Văn Hùng"
    d.save(str(path))


def test_docx_gives_the_same_metadata_as_txt(tmp_path: Path, extract) -> None:
    from pipeline import extract_file

    path = tmp_path / "kh.docx"
    _docx_in_real_layout(path)
    from_docx = extract_file(path)
    from_txt = extract(TWO_LEVEL)
    assert from_docx.document == from_txt.document
    assert [c.number for c in from_docx.citations] == [c.number for c in from_txt.citations]


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("CHI BỘ ẤP HÓC THƠM 1", "Chi bộ ấp Hóc Thơm 1"),
        ("LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU", "Liên đoàn Lao động tỉnh Lai Châu"),
        ("BAN THƯỜNG VỤ", "Ban Thường vụ"),
        ("LĐLĐ THÀNH PHỐ HÀ NỘI", "Liên đoàn Lao động thành phố Hà Nội"),
        ("CĐCS CÔNG TY TNHH MAY 10", "Công đoàn cơ sở Công ty TNHH May 10"),
        ("CĐCS MẦM NON III", "Công đoàn cơ sở Mầm non III"),
        ("BAN CHẤP HÀNH CÔNG ĐOÀN CƠ SỞ BỆNH VIỆN A", "Ban Chấp hành Công đoàn cơ sở Bệnh viện A"),
    ],
)
def test_smart_case(raw: str, expected: str) -> None:
    from pipeline.extract.names import smart_case

    assert smart_case(raw) == expected


PORTAL = """Số hiệu: 1399/TLĐ-ToC
Loại văn bản: Công văn
Nơi ban hành: Tổng Liên đoàn Lao động Việt Nam
Người ký: Phan Văn Anh
Ngày ban hành: 06/06/2024
Căn cứ Kế hoạch số 17/KH-TLĐ, ngày 05/02/2024 của Tổng Liên đoàn Lao động Việt Nam;
Tổng Liên đoàn đề nghị các cấp công đoàn triển khai Tháng cao điểm phát triển đoàn viên.
"""


def test_portal_metadata_describes_the_document_and_is_never_a_citation(extract) -> None:
    rec = extract(PORTAL)
    d = rec.document
    assert rec.kind == "directive"
    assert (d.number, d.doc_type, d.date) == ("1399/TLĐ-ToC", "Công văn", dt.date(2024, 6, 6))
    assert d.issuer == "Tổng Liên đoàn Lao động Việt Nam"
    assert d.signer is not None and d.signer.name == "Phan Văn Anh"
    assert [c.number for c in rec.citations] == ["17/KH-TLĐ"]


def test_header_run_together_on_one_line(extract) -> None:
    text = (
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH HÒA BÌNH\nSố: 02 /KHLT/LĐLĐ-TĐTNCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Hòa Bình, ngày 03 tháng 4 năm 2023\nKẾ HOẠCH LIÊN TỊCH\nTổ chức ngày hội công nhân\n\nI. MỤC ĐÍCH\n- Tuyên truyền.\n"
    )
    d = extract(text).document
    assert d.number == "02/KHLT/LĐLĐ-TĐTN"
    assert d.issuer == "Liên đoàn Lao động tỉnh Hòa Bình"
    assert d.date == dt.date(2023, 4, 3)
    assert d.doc_type == "Kế hoạch"
    assert d.title == "Tổ chức ngày hội công nhân"


DATA = Path(__file__).parent / "data"

# fmt: off
LAYOUTS = [
    # công văn: wrapped two-line issuer, V/v title over two lines, addressees, KT signer in capitals
    ("congvan_tld.txt", dict(number="1399/TLĐ-ToC", doc_type="Công văn", issuer="Tổng Liên đoàn Lao động Việt Nam",
     place="Hà Nội", date=dt.date(2024, 6, 6),
     title="Triển khai “Tháng cao điểm phát triển đoàn viên, thành lập công đoàn cơ sở”",
     signer=("Phan Văn Anh", "Phó Chủ tịch", "TM. Đoàn Chủ tịch")), ["02-NQ/TW"]),
    # header cells flattened into ' | ' rows; the issuing-authority line of a Quyết định; old tone 'Hoà'
    ("quyetdinh_flattened.txt", dict(number="123/QĐ-LĐLĐ", doc_type="Quyết định",
     issuer="Liên đoàn Lao động tỉnh Quảng Nam", place="Tam Kỳ", date=dt.date(2023, 3, 15),
     title="Về việc thành lập Ban Chỉ đạo phát triển đoàn viên",
     signer=("Nguyễn Văn Hòa", "Chủ tịch", "TM. Ban Thường vụ")), ["1406/QĐ-TLĐ", None]),
    # Party layout: date line above 'Số', asterisk, all-caps title starting with THỰC HIỆN
    ("party_plan.txt", dict(number="185-KH/TU", doc_type="Kế hoạch", issuer="Tỉnh ủy Lai Châu", place="Lai Châu",
     date=dt.date(2020, 1, 3),
     title="Thực hiện Chỉ thị số 37-CT/TW ngày 03/9/2019 của Ban Bí thư về lãnh đạo xây dựng quan hệ lao động",
     signer=("Giàng Páo Mỷ", "Phó Bí thư Thường trực", "T/M Ban Thường vụ")), ["37-CT/TW"]),
    # type and title on one capitals line; a date line without 'ngày'
    ("thongbao_type_and_title_one_line.txt", dict(number="12/TB-LĐLĐ", doc_type="Thông báo",
     issuer="Liên đoàn Lao động tỉnh Sơn La", place="Sơn La", date=dt.date(2024, 6, 17),
     title="Kết luận của Thường trực Liên đoàn Lao động tỉnh", signer=None), []),
]
# fmt: on


@pytest.mark.parametrize("name,expected,cited", LAYOUTS, ids=[x[0] for x in LAYOUTS])
def test_layouts(name: str, expected: dict, cited: list, extract) -> None:
    from pipeline import extract_file

    rec = extract_file(DATA / name)
    d = rec.document
    got = dict(number=d.number, doc_type=d.doc_type, issuer=d.issuer, place=d.place, date=d.date, title=d.title,
               signer=(d.signer.name, d.signer.position, d.signer.authority) if d.signer else None)
    assert got == expected
    assert [c.number for c in rec.citations] == cited
    assert all(c.basis for c in rec.citations)


@pytest.mark.parametrize(
    "header,issuer",
    [
        ("LĐLĐ TỈNH HÒA BÌNH\nBAN THƯỜNG VỤ", "Ban Thường vụ Liên đoàn Lao động tỉnh Hòa Bình"),
        ("TỔNG LIÊN ĐOÀN LAO ĐỘNG\nVIỆT NAM\nĐOÀN CHỦ TỊCH", "Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam"),
        ("LIÊN ĐOÀN LAO ĐỘNG\nTỈNH LAI CHÂU", "Liên đoàn Lao động tỉnh Lai Châu"),
        ("TỈNH ỦY SƠN LA\nBAN TUYÊN GIÁO", "Ban Tuyên giáo Tỉnh ủy Sơn La"),
    ],
)
def test_issuer_levels(header: str, issuer: str, extract) -> None:
    text = f"{header}\nSố: 05/KH-LĐLĐ\nSơn La, ngày 02 tháng 3 năm 2024\nKẾ HOẠCH\nTổ chức hội nghị\n\nI. MỤC ĐÍCH\n"
    assert extract(text).document.issuer == issuer


@pytest.mark.parametrize("name", ["000_d808816fdb247594.txt", "001_e86c97620387f6ef.txt", "003_2c1bfa3cf37a1e5a.txt"])
def test_a_whole_document_on_one_line(name: str, extract) -> None:
    """The same plan flattened onto one line gives the same header and citations."""
    from .conftest import CORPUS

    source = (CORPUS / name).read_text(encoding="utf-8")
    flat = extract(" ".join(source.split()))
    original = extract(source)
    assert flat.document == original.document
    assert [c.number for c in flat.citations if c.number] == [c.number for c in original.citations if c.number]


def test_news_with_breadcrumbs_timestamp_and_stubs() -> None:
    """Breadcrumbs, the page's timestamp, <br> and image stubs are chrome; the province of
    'LĐLĐ tỉnh' comes from the district the article names (underthesea's gazetteer)."""
    from pipeline import extract_file

    rec = extract_file(DATA / "news_district_chrome.txt")
    assert rec.kind == "news"
    assert rec.document.title == "LĐLĐ huyện Yên Định tổng kết 6 tháng đầu năm 2022"
    assert rec.document.date is None  # the page's timestamp is not a document date
    [c] = rec.citations
    assert (c.number, c.date, c.issuer) == ("12/KH-LĐLĐ", dt.date(2022, 1, 15), "Ban Thường vụ Liên đoàn Lao động tỉnh Thanh Hóa")


def test_district_plan_without_province_in_header(extract) -> None:
    """'LĐLĐ tỉnh' in a plan dated at Yên Định is Liên đoàn Lao động tỉnh Thanh Hóa."""
    text = ("LIÊN ĐOÀN LAO ĐỘNG HUYỆN YÊN ĐỊNH\nSố: 07/KH-LĐLĐ\nYên Định, ngày 02 tháng 3 năm 2024\nKẾ HOẠCH\n"
            "Phát triển đoàn viên\n\nCăn cứ Kế hoạch số 20/KH-LĐLĐ ngày 20/02/2024 của LĐLĐ tỉnh về phát triển đoàn viên;\n"
            "Căn cứ Kế hoạch số 03/KH-LĐLĐ ngày 21/02/2024 của LĐLĐ huyện về tháng công nhân;\n")
    rec = extract(text)
    assert rec.document.issuer == "Liên đoàn Lao động huyện Yên Định"
    issuers = {c.number: c.issuer for c in rec.citations}
    assert issuers == {"20/KH-LĐLĐ": "Liên đoàn Lao động tỉnh Thanh Hóa", "03/KH-LĐLĐ": "Liên đoàn Lao động huyện Yên Định"}


def test_issuer_from_the_opening_sentence_when_header_and_symbol_do_not_say(extract) -> None:
    text = ("Số: 15/KH-CĐN\nLai Châu, ngày 10 tháng 3 năm 2024\nKẾ HOẠCH\nTổ chức Tháng Công nhân năm 2024\n\n"
            "Căn cứ Kế hoạch số 20/KH-LĐLĐ ngày 20/02/2024 của Ban Thường vụ LĐLĐ tỉnh;\n"
            "Ban Thường vụ Công đoàn ngành Y tế xây dựng kế hoạch tổ chức Tháng Công nhân như sau:\n\nI. MỤC ĐÍCH\n")
    rec = extract(text)
    assert rec.document.issuer == "Công đoàn ngành Y tế"
    assert rec.spans["issuer"].inferred


def test_columns_run_together_with_single_spaces(extract) -> None:
    """A PDF copy with both header columns on each line, one space apart."""
    rec = extract("LIÊN ĐOÀN LAO ĐỘNG TỈNH SƠN LA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                  "Số: 35/KH-LĐLĐ Sơn La, ngày 17 tháng 6 năm 2024\nKẾ HOẠCH\nTổ chức Tháng Công nhân\n\nI. MỤC ĐÍCH\n")
    d = rec.document
    assert (d.number, d.issuer, d.place, d.date) == ("35/KH-LĐLĐ", "Liên đoàn Lao động tỉnh Sơn La", "Sơn La", dt.date(2024, 6, 17))


def test_congvan_vv_on_the_number_line_and_wrapped(extract) -> None:
    d = extract("LIÊN ĐOÀN LAO ĐỘNG TỈNH SƠN LA\nSố: 123/LĐLĐ V/v triển khai Tháng Công nhân\nnăm 2024\n"
                "Sơn La, ngày 17 tháng 6 năm 2024\nKính gửi: Các CĐCS\nĐề nghị các CĐCS triển khai.\n").document
    assert (d.number, d.doc_type, d.title) == ("123/LĐLĐ", "Công văn", "Triển khai Tháng Công nhân năm 2024")


def test_date_line_without_a_comma(extract) -> None:
    d = extract("LIÊN ĐOÀN LAO ĐỘNG TỈNH HÒA BÌNH\nSố: 35/KH-LĐLĐ\nHòa Bình ngày 17 tháng 6 năm 2024\n"
                "KẾ HOẠCH\nTổ chức Tháng Công nhân\n").document
    assert (d.place, d.date) == ("Hòa Bình", dt.date(2024, 6, 17))


TEMPLATE = """CÔNG TY
TNHH …………………..
Địa chỉ: ………………………
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
Độc lập – Tự do – Hạnh phúc

                  …………, ngày … tháng …….năm 202…

THỎA ƯỚC LAO ĐỘNG TẬP THỂ

- Căn cứ Bộ luật Lao động số 45/2019/QH14;
- Căn cứ Luật Công đoàn số 50/2024/QH15;
Hai bên cùng nhau thoả thuận ký kết Thỏa ước lao động tập thể gồm 04 chương.
"""


def test_blank_word_template_header(extract) -> None:
    """A Word template: the company left as dot leaders over two lines, the motto missing
    'NAM', type and title on one capitals line. The issuer is the company, not the title."""
    rec = extract(TEMPLATE)
    d = rec.document
    assert d.issuer == "Công ty TNHH"
    assert "issuer left blank in a template (dot leaders)" in rec.warnings
    assert d.number is None and d.date is None
    assert [c.number for c in rec.citations] == ["45/2019/QH14", "50/2024/QH15"]


@pytest.mark.parametrize(
    "header,issuer",
    [
        # 'bản' is also a level word (a hamlet): a district named with it keeps its capital
        ("LIÊN ĐOÀN LAO ĐỘNG TỈNH NAM ĐỊNH\nLĐLĐ HUYỆN VỤ BẢN", "Liên đoàn Lao động huyện Vụ Bản"),
        ("LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐẮK LẮK\nLĐLĐ HUYỆN M'ĐRẮK", "Liên đoàn Lao động huyện M'Đrắk"),
        # 'Trường' (a school) ends the district's name: not a second body in the cell
        ("LIÊN ĐOÀN LAO ĐỘNG TỈNH NAM ĐỊNH\nLIÊN ĐOÀN LAO ĐỘNG HUYỆN XUÂN TRƯỜNG",
         "Liên đoàn Lao động huyện Xuân Trường"),
        ("TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM\nLIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ HẢI PHÒNG",  # 'Phòng' (a department)
         "Liên đoàn Lao động thành phố Hải Phòng"),
    ],
)
def test_district_names_in_capitals_take_the_gazetteer_spelling(header: str, issuer: str, extract) -> None:
    text = f"{header}\nSố: 05/KH-LĐLĐ\nngày 02 tháng 3 năm 2024\nKẾ HOẠCH\nTổ chức hội nghị\n\nI. MỤC ĐÍCH\n"
    assert extract(text).document.issuer == issuer


@pytest.mark.parametrize(
    "header,issuer",
    [
        # an agency of a People's Committee: its own name in normal case, with the committee's territory
        ("UBND TỈNH KHÁNH HÒA\nSỞ TÀI CHÍNH", "Sở Tài chính tỉnh Khánh Hòa"),
        ("ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN\nSỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội tỉnh Ninh Thuận"),
        ("UBND HUYỆN ĐÔNG ANH\nPHÒNG NỘI VỤ", "Phòng Nội vụ huyện Đông Anh"),
        # a department of a union body: its name in normal case, with the whole body above it
        ("LIÊN ĐOÀN LAO ĐỘNG TỈNH NGHỆ AN\nBAN TỔ CHỨC - KIỂM TRA", "Ban Tổ chức - Kiểm tra Liên đoàn Lao động tỉnh Nghệ An"),
        ("TỔNG LIÊN ĐOÀN LAO ĐỘNG\nVIỆT NAM\nBAN TÀI CHÍNH", "Ban Tài chính Tổng Liên đoàn Lao động Việt Nam"),
        # a Cục is a body of its own: the lower level, as FORMAT.md's two-level rule
        ("BỘ TÀI CHÍNH\nCỤC HẢI QUAN", "Cục Hải quan"),
    ],
)
def test_a_department_is_named_with_the_body_above_it(header: str, issuer: str, extract) -> None:
    text = f"{header}\nSố: 15/STC-QLNS\nNha Trang, ngày 02 tháng 3 năm 2025\nV/v góp ý dự thảo\n\nKính gửi: các đơn vị\n\nNội dung.\n"
    assert extract(text).document.issuer == issuer


@pytest.mark.parametrize(
    "header,issuer",
    [
        # the tiêu đề in the right column, the committee of the commune Đoàn on the left (number left blank)
        ("HUYỆN ĐOÀN ĐAN PHƯỢNG\nBCH ĐOÀN XÃ TÂN HỘI\n***\nSố: - KH/ĐTN\nĐOÀN TNCS HỒ CHÍ MINH", "Ban Chấp hành Đoàn xã Tân Hội"),
        ("ĐOÀN TNCS HỒ CHÍ MINH\nBAN CHẤP HÀNH ĐOÀN XÃ TÂN HỘI\n***\nSố: 12-KH/ĐTN", "Ban Chấp hành Đoàn xã Tân Hội"),
        # a committee named by its level only, as the Youth Union's format writes it
        ("ĐOÀN TNCS HỒ CHÍ MINH\nBCH TỈNH TUYÊN QUANG\n***\nSố: 40-KH/TĐTN-VP", "Ban Chấp hành Tỉnh đoàn Tuyên Quang"),
        ("ĐOÀN TNCS HỒ CHÍ MINH\nBCH TP. HÀ NỘI\n***\nSố: 40-KH/TĐTN-VP", "Ban Chấp hành Thành đoàn Hà Nội"),
    ],
)
def test_a_youth_union_header(header: str, issuer: str, extract) -> None:
    text = f"{header}\nTân Hội, ngày 05 tháng 01 năm 2026\nKẾ HOẠCH\nTổ chức Tháng Thanh niên năm 2026\n\nI. MỤC ĐÍCH\nNội dung.\n"
    assert extract(text).document.issuer == issuer


def test_department_case() -> None:
    from pipeline.extract import names

    assert names.department_case("BAN CHÍNH SÁCH PHÁP LUẬT VÀ QUAN HỆ LAO ĐỘNG") == "Ban Chính sách pháp luật và Quan hệ lao động"
    assert names.department_case("SỞ GIÁO DỤC VÀ ĐÀO TẠO") == "Sở Giáo dục và Đào tạo"
    assert names.department_case("LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU") == "Liên đoàn Lao động tỉnh Lai Châu"  # not a department


@pytest.mark.parametrize(
    "header,issuer",
    [
        # a union named by its school's level is the school's union
        ("LĐLĐ HUYỆN KRÔNG PẮC\nCÔNG ĐOÀN TH HÒA THẮNG", "Công đoàn trường Tiểu học Hòa Thắng"),
        ("LĐLĐ HUYỆN KRÔNG PẮC\nCÔNG ĐOÀN MG HOA SEN", "Công đoàn trường Mẫu giáo Hoa Sen"),
        # single capitals spaced out by a justified line, joined when they make a known abbreviation
        ("CÔNG ĐOÀN GIÁO DỤC HUYỆN KRÔNG PẮC\nCÔNG ĐOÀN T H HÒA THẮNG", "Công đoàn trường Tiểu học Hòa Thắng"),
        # 'Công đoàn cơ sở' + a level is printed so and stays so
        ("LĐLĐ HUYỆN KRÔNG PẮC\nCĐCS MẦM NON HOA SEN", "Công đoàn cơ sở Mầm non Hoa Sen"),
    ],
)
def test_a_school_union(header: str, issuer: str, extract) -> None:
    text = f"{header}\nSố: 05/KH-CĐ\nKrông Pắc, ngày 02 tháng 3 năm 2024\nKẾ HOẠCH\nTổ chức hội nghị\n\nI. MỤC ĐÍCH\nNội dung.\n"
    assert extract(text).document.issuer == issuer


def test_spaced_letters_other_than_an_abbreviation_stay() -> None:
    from pipeline.extract import names

    assert names.join_spaced_letters("CÔNG ĐOÀN T H A") == "CÔNG ĐOÀN T H A"
    assert names.join_spaced_letters("TRƯỜNG T H C S LÊ LỢI") == "TRƯỜNG THCS LÊ LỢI"


def test_a_signature_authority_cut_inside_a_word_is_completed_from_the_issuer(extract) -> None:
    """An excerpt that stops inside 'TM. ỦY BAN NHÂN DÂN': the authority is the issuer's head."""
    text = ("ỦY BAN NHÂN DÂN\nTỈNH LONG AN\n\nSố: 12/QĐ-UBND\nLong An, ngày 05 tháng 3 năm 2024\n\nQUYẾT ĐỊNH\n"
            "Về việc ban hành quy chế\n\nĐiều 1. Ban hành quy chế.\n\nNơi nhận:\n- Như Điều 1;\n- Lưu: VT.\n\nTM. ỦY BAN N")
    signer = extract(text).document.signer
    assert signer is not None and signer.authority == "TM. Ủy ban nhân dân"
    cut_at_a_word = text.replace("TM. ỦY BAN N", "TM. ỦY BAN")
    signer = extract(cut_at_a_word).document.signer
    assert signer is not None and signer.authority.lower() == "tm. ủy ban"  # as printed


def test_a_header_flattened_onto_one_long_line_with_a_damaged_motto_is_a_directive(extract) -> None:
    """Issuer cells and the quốc hiệu run together on one line longer than a cell, the motto in
    normal case and its vowels damaged by a legacy font; the date line under it behind a dash."""
    text = ("CƠNG ĐỒN GD HƯỚNG HĨA CỢNG HỊA XÃ HỢI CHỦ NGHĨÃ VIỆT NAM CĐCS TRƯỜNG THCS LÊ LỢI Đợc lập -Tự do-Hạnh phúc\n"
            "- Hướng Hóa, ngày 12 tháng 9 năm 2011\n"
            "-******** -\n"
            "Căn cứ vào kế hoạch năm học của nhà trường, Ban chấp hành công đoàn xây dựng kế hoạch hoạt động như sau:\n"
            "I. MỤC ĐÍCH\nNội dung của kế hoạch trong năm học, các hoạt động của công đoàn nhà trường.\n")
    rec = extract(text)
    assert rec.kind == "directive"
    assert rec.document.place == "Hướng Hóa"


def test_a_sentence_naming_the_country_is_not_a_header(extract) -> None:
    text = ("Sáng nay, hội nghị tổng kết công tác công đoàn năm 2024 của ngành giáo dục tỉnh đã diễn ra, "
            "các đại biểu nhắc lại truyền thống của Cộng hòa xã hội chủ nghĩa Việt Nam và của tổ chức công đoàn các cấp "
            "trong suốt những năm qua, với nhiều kết quả nổi bật được ghi nhận.\n"
            "Hội nghị đã khen thưởng 25 tập thể và 40 cá nhân có thành tích xuất sắc.\n")
    assert extract(text).kind == "news"


def test_a_resolution_without_its_header_is_read_from_its_enacting_words(extract) -> None:
    """A Nghị quyết re-posted without header: the opening names the body and ends on 'quyết
    nghị:', numbered decisions follow. A directive, type Nghị quyết, issuer the body resolving."""
    text = ("Ban Chấp hành Liên đoàn Lao động tỉnh Nghệ An (khóa XIX) đã họp hội nghị lần thứ ba ngày 12 tháng 7 năm 2024 "
            "tại thành phố Vinh. Hội nghị lần thứ ba Ban Chấp hành Liên đoàn Lao động tỉnh Nghệ An quyết nghị:\n"
            "1. Thông qua báo cáo kết quả hoạt động công đoàn 6 tháng đầu năm 2024.\n"
            "2. Giao Ban Thường vụ chỉ đạo tổ chức thực hiện.\n")
    rec = extract(text)
    assert rec.kind == "directive"
    assert rec.document.doc_type == "Nghị quyết"
    assert rec.document.issuer == "Ban Chấp hành Liên đoàn Lao động tỉnh Nghệ An"


def test_an_article_reporting_a_resolution_is_news(extract) -> None:
    text = ("Sáng 12/7, Liên đoàn Lao động tỉnh Nghệ An tổ chức hội nghị Ban Chấp hành lần thứ ba để đánh giá kết quả "
            "hoạt động 6 tháng đầu năm. Hội nghị đã thảo luận và thống nhất nhiều nội dung quan trọng.\n"
            "Các đại biểu đánh giá cao kết quả đạt được, trong đó có 25 công đoàn cơ sở mới được thành lập.\n")
    assert extract(text).kind == "news"


def test_issuer_from_the_text_naming_the_confederation_by_its_short_name(extract) -> None:
    """A directive re-posted under its post title: the body that 'đã ban hành' the documents it
    carries out names itself, 'Tổng Liên đoàn' being the one confederation."""
    text = ("Chỉ thị tăng cường công tác nữ công trong tình hình mới\n\n"
            "Trong những năm qua, công tác nữ công của công đoàn đã có nhiều chuyển biến tích cực, góp phần nâng cao vị thế của lao động nữ.\n\n"
            "Thực hiện Nghị quyết Đại hội Công đoàn Việt Nam, Đoàn Chủ tịch Tổng Liên đoàn đã ban hành Quy định về công tác nữ công "
            "của tổ chức công đoàn các cấp.\n\n"
            "Để thống nhất triển khai, Đoàn Chủ tịch yêu cầu các cấp công đoàn thực hiện tốt các nội dung sau:\n")
    rec = extract(text)
    assert rec.document.issuer == "Tổng Liên đoàn Lao động Việt Nam"
    assert rec.spans["issuer"].inferred

def test_a_place_that_begins_with_the_letters_of_so_is_a_place(extract) -> None:
    """'Sốp Cộp' (a district of Sơn La) starts like 'Số': the date line is still the date line."""
    text = ("LIÊN ĐOÀN LAO ĐỘNG TỈNH SƠN LA\nLIÊN ĐOÀN LAO ĐỘNG HUYỆN SỐP CỘP\nSố: 05/KH-LĐLĐ\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSốp Cộp, ngày 02 tháng 3 năm 2024\n"
            "KẾ HOẠCH\nTổ chức hội nghị\n\nI. MỤC ĐÍCH\nNội dung.\n")
    d = extract(text).document
    assert (d.place, str(d.date), d.number) == ("Sốp Cộp", "2024-03-02", "05/KH-LĐLĐ")


def test_a_capitals_title_takes_proper_names_from_the_document_itself(extract) -> None:
    """The restored title does not lower a school's name the body writes in capitals."""
    text = ("CÔNG ĐOÀN GIÁO DỤC HUYỆN KRÔNG NĂNG\nCĐCS TRƯỜNG THCS PHAN BỘI CHÂU\nSố: 05/KH-CĐCS\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nKrông Năng, ngày 02 tháng 3 năm 2024\n"
            "KẾ HOẠCH\nTỔ CHỨC HỘI THI NỮ CÔNG TRƯỜNG THCS PHAN BỘI CHÂU NĂM 2024\n\nI. MỤC ĐÍCH\n"
            "Ban Chấp hành Công đoàn trường THCS Phan Bội Châu tổ chức hội thi.\nTổ chức vui tươi.\n")
    assert extract(text).document.title == "Tổ chức hội thi nữ công Trường THCS Phan Bội Châu năm 2024"


def test_a_congress_report_is_the_document_of_the_body_its_title_names(extract) -> None:
    """A congress's header names an event; 'BÁO CÁO / CỦA BAN CHẤP HÀNH …' names the body."""
    text = ("ĐẠI HỘI CÔNG ĐOÀN\nTRƯỜNG TIỂU HỌC KIM ĐỒNG\nLẦN THỨ V\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nĐà Lạt, ngày 10 tháng 9 năm 2022\n\n"
            "BÁO CÁO\nCỦA BAN CHẤP HÀNH CÔNG ĐOÀN CƠ SỞ\nTRƯỜNG TIỂU HỌC KIM ĐỒNG KHÓA IV TẠI ĐẠI HỘI\n"
            "Lần thứ V nhiệm kỳ 2022 - 2027\n\nNhiệm kỳ qua, Ban Chấp hành đã lãnh đạo thực hiện các nhiệm vụ của công đoàn.\n")
    d = extract(text).document
    assert d.issuer is not None
    assert d.issuer == "Ban Chấp hành Công đoàn cơ sở Trường Tiểu học Kim Đồng"


def test_a_capitals_trich_yeu_that_opens_with_cua_and_ends_on_the_term(extract) -> None:
    """'BÁO CÁO / CỦA BAN CHẤP HÀNH … / … TẠI ĐẠI HỘI' and, after a blank line, 'Lần thứ V nhiệm
    kỳ 2022 - 2027': one trích yếu (a 'CỦA …' line alone before a normal-case one is part of
    the type line, as in 'KẾT LUẬN / CỦA CHI BỘ / về …')."""
    text = ("ĐẠI HỘI CÔNG ĐOÀN\nTRƯỜNG TIỂU HỌC KIM ĐỒNG\nLẦN THỨ V\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nĐà Lạt, ngày 10 tháng 9 năm 2022\n\n"
            "BÁO CÁO\nCỦA BAN CHẤP HÀNH CÔNG ĐOÀN CƠ SỞ\nTRƯỜNG TIỂU HỌC KIM ĐỒNG KHÓA IV TẠI ĐẠI HỘI\n\n"
            "Lần thứ V nhiệm kỳ 2022 - 2027\n\nNhiệm kỳ qua, Ban Chấp hành Công đoàn trường Tiểu học Kim Đồng đã lãnh đạo "
            "thực hiện các nhiệm vụ của công đoàn.\n")
    title = extract(text).document.title
    assert title == "Của Ban Chấp hành Công đoàn cơ sở Trường Tiểu học Kim Đồng khóa IV tại đại hội Lần thứ V nhiệm kỳ 2022 - 2027"
    party = ("ĐẢNG BỘ XÃ HÒA AN\nCHI BỘ ẤP 3\n*\nSố 02-KL/CB\n\nKẾT LUẬN\nCỦA CHI BỘ\nvề thực hiện Nghị quyết tháng 6 năm 2026\n"
             "-----\nNgày 06/6/2026, Chi bộ họp đánh giá kết quả thực hiện Nghị quyết tháng 5.\n")
    assert extract(party).document.title == "Về thực hiện Nghị quyết tháng 6 năm 2026"


def test_a_scanned_header_with_misread_marks_and_number(extract) -> None:
    """OCR of a scan: marks misread in the issuer's capitals ('DẦN', 'TĨNH … NGAI') and the
    number's digits unreadable. The issuer takes the known names' spelling, the unread number
    line still closes the issuer cells, and its symbol still says the type."""
    text = ("UỶ BAN NHÂN DẦN\nTĨNH QUANG NGAI\nSố: 4‡ /UBND-KT\nV/v hỗ trợ kinh phí\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nQuảng Ngãi, ngày 10 tháng 01 năm 2025\n"
            "Kính gửi: Sở Tài chính\n\nỦy ban nhân dân tỉnh đề nghị Sở Tài chính thực hiện nội dung sau.\n")
    d = extract(text).document
    assert (d.issuer, d.number, d.doc_type) == ("Ủy ban nhân dân tỉnh Quảng Ngãi", None, "Công văn")


def test_a_national_body_alone_over_an_unread_number(extract) -> None:
    text = ("THỦ TƯỚNG CHÍNH PHỦ\nSố: 6? /TTg-KTTH\nV/v triển khai các nghị quyết\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 30 tháng 4 năm 2026\n"
            "Kính gửi: Các Bộ, cơ quan ngang Bộ\n\nĐể triển khai kịp thời các nghị quyết, Thủ tướng Chính phủ yêu cầu như sau.\n")
    d = extract(text).document
    assert (d.issuer, d.doc_type) == ("Thủ tướng Chính phủ", "Công văn")


def test_restore_marks_leaves_other_words_alone() -> None:
    from pipeline.extract import names

    assert names.restore_marks("BAN TỔ CHỨC") == "BAN TỔ CHỨC"
    assert names.restore_marks("CÔNG ĐOÀN CƠ SỞ TRƯỜNG TH TÌNH NGUYỆN") == "CÔNG ĐOÀN CƠ SỞ TRƯỜNG TH TÌNH NGUYỆN"
    assert names.restore_marks("Uỷ ban nhân dần") == "Uỷ ban nhân dần"  # only capitals header lines


def test_one_table_of_misread_names_each_caller_its_own_rule() -> None:
    """pipeline.misread holds the names once: a folded form two names share ('phu yen': the
    province Phú Yên, the district Phù Yên) is in it for neither caller; a header cell of any
    source takes back only heads and a province after its level word, an OCR'd line all of it."""
    from pipeline.extract import names
    from pipeline.ingest.ocr_repair import restore_names
    from pipeline.misread import folded_names

    table = folded_names()
    assert "phu yen" not in table and table["tinh phu yen"].any_text
    assert table["uy ban nhan dan"].any_text and not table["hai lang"].any_text
    assert names.restore_marks("ỦY BAN NHÂN DÂN TĨNH PHU YEN") == "ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN"
    assert names.restore_marks("LĐLĐ HUYỆN HAI LANG") == "LĐLĐ HUYỆN HAI LANG"  # a district: typed text keeps it
    assert restore_names("LĐLĐ HUYỆN HAI LANG") == "LĐLĐ HUYỆN HẢI LĂNG"  # an OCR'd line does not
    assert restore_names("CÔNG ĐOÀN PHU YEN") == "CÔNG ĐOÀN PHU YEN"  # two names fold so: neither


def test_a_capitals_line_under_the_authority_that_names_no_office_is_not_the_position(extract) -> None:
    """An excerpt cut after 'KT. CHỦ TỊCH', the next page's heading run on: no position."""
    text = ("ỦY BAN NHÂN DÂN\nTỈNH LONG AN\n\nSố: 12/QĐ-UBND\nLong An, ngày 05 tháng 3 năm 2024\n\nQUYẾT ĐỊNH\n"
            "Về việc ban hành kế hoạch\n\nĐiều 1. Ban hành kế hoạch.\nĐiều 2. Quyết định có hiệu lực từ ngày ký./.\n\n"
            "KT. CHỦ TỊCH\nBẢO HỘ LAO ĐỘNG, PHÒNG CHÁY\n")
    signer = extract(text).document.signer
    assert signer is not None and (signer.authority, signer.position) == ("KT. Chủ tịch", None)
    signed = text.replace("BẢO HỘ LAO ĐỘNG, PHÒNG CHÁY\n", "PHÓ CHỦ TỊCH\nNguyễn Văn An\n")
    signer = extract(signed).document.signer
    assert signer is not None and (signer.position, signer.name) == ("Phó Chủ tịch", "Nguyễn Văn An")


def test_a_headline_printed_twice_after_the_breadcrumb(extract) -> None:
    text = ("Bạn đang ở mục TIN TỨC Hoạt động Công đoàn Liên đoàn Lao động huyện tổ chức ngày hội đoàn viên"
            "Liên đoàn Lao động huyện tổ chức ngày hội đoàn viên\n\n"
            "Sáng 12/5, Liên đoàn Lao động huyện tổ chức ngày hội đoàn viên với sự tham gia của 500 đoàn viên.\n")
    assert extract(text).document.title == "Liên đoàn Lao động huyện tổ chức ngày hội đoàn viên"


def test_a_number_left_blank_still_names_type_and_issuer_by_its_codes(extract) -> None:
    """'Số: /TTg-CĐS' (a handwritten number OCR could not read, or a draft): the number is
    null, the codes still give the công văn and the issuer; the number line still closes the
    issuer cells (a công văn has no type line to stop at)."""
    rec = extract("THỦ TƯỚNG CHÍNH PHỦ\nSố: /TTg-CĐS\nV/v triển khai các Nghị quyết\n"
                  "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 30 tháng 4 năm 2026\n"
                  "Kính gửi: Các bộ, cơ quan ngang bộ\nĐề nghị các bộ triển khai.\n")
    d = rec.document
    assert (d.number, d.doc_type, d.issuer) == (None, "Công văn", "Thủ tướng Chính phủ")
    assert rec.spans["doc_type"].inferred and "number left blank (draft or template)" in rec.warnings
    d = extract("BỘ TÀI CHÍNH\nCỤC THUẾ\nSố: /CT-CS\nV/v chính sách thuế TNDN\n"
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 8 tháng 4 năm 2026\n"
                "Kính gửi: Thuế tỉnh Ninh Bình.\nCục Thuế nhận được công văn.\n").document
    assert d.doc_type == "Công văn" and d.issuer is not None and d.issuer.endswith("Cục Thuế")


def test_a_vv_title_makes_a_cong_van_whatever_the_unit_code(extract) -> None:
    """'2191/CT-CS': CT is the Cục Thuế's code, not the chỉ thị's; the V/v trích yếu says công văn."""
    d = extract("BỘ TÀI CHÍNH\nCỤC THUẾ\nSố: 2191/CT-CS\nV/v chính sách thuế TNDN\n"
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 8 tháng 4 năm 2026\n"
                "Kính gửi: Thuế tỉnh Ninh Bình.\nCục Thuế nhận được công văn.\n").document
    assert (d.number, d.doc_type) == ("2191/CT-CS", "Công văn")
    d = extract("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nSố: 11/CT-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                "Độc lập - Tự do - Hạnh phúc\nHà Nội, ngày 24 tháng 7 năm 2025\nCHỈ THỊ\nTriển khai Chiến dịch\n"
                "Thực hiện kế hoạch của Thành phố.\n").document
    assert d.doc_type == "Chỉ thị"  # a type line, no V/v: as before


def test_an_issuer_read_from_capitals_takes_marks_the_body_gives_it(extract) -> None:
    """OCR changed a mark in the header's capitals ('CỤC HẢI QUAN' read 'CỤC HAI QUAN'); the
    body writes the name twice: its marks win. A tone placed otherwise ('Uỷ'/'Ủy') is no change."""
    text = ("BỘ TÀI CHÍNH\nCỤC HAI QUAN\nSố: 12/HQ-GSQL\nV/v thủ tục hải quan\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 8 tháng 4 năm 2026\n"
            "Kính gửi: Chi cục Hải quan khu vực I.\nCục Hải quan nhận được công văn. Cục Hải quan có ý kiến như sau.\n")
    assert extract(text).document.issuer.endswith("Cục Hải quan")
    once = text.replace(" Cục Hải quan có ý kiến như sau.", "")
    assert extract(once).document.issuer.endswith("Cục Hai quan")  # one mention is not evidence


@pytest.mark.parametrize("line", ["Số:   /KH-LĐLĐ", "Số:        /KH-LĐLĐ", "SỐ:      /KH-LĐLĐ", "Số: ... /KH-LĐLĐ"])
def test_a_drafts_wide_blank_number_is_a_blank_number_line(line: str, extract) -> None:
    """The gap of a blank number wide enough to look like a column gap: still one line, and
    '/KH-LĐLĐ' is not part of the issuer."""
    rec = extract(f"LIÊN ĐOÀN LAO ĐỘNG TỈNH SƠN LA\n{line}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                  "Độc lập - Tự do - Hạnh phúc\nSơn La, ngày    tháng 5 năm 2024\nKẾ HOẠCH\nTháng Công nhân\n\n"
                  "I. MỤC ĐÍCH\nNội dung.\n")
    assert (rec.document.issuer, rec.document.number) == ("Liên đoàn Lao động tỉnh Sơn La", None)
    assert "number left blank (draft or template)" in rec.warnings
