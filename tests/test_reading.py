"""Reading documents never seen before: zones decoded as a sequence, the header under page
chrome, reposted documents, the issuer from its grammar, damaged text. Texts are made up in
the shapes of ../shared/reference/messy-patterns.md, not copied from the real set."""

from __future__ import annotations

import datetime as dt

from pipeline.normalize import normalize, repair_question_marks, split_glued
from pipeline.segment import ZONE_BODY, ZONE_CHROME, ZONE_HEADER, label_lines, portal_fields, segment, split_lines

CHROME_THEN_HEADER = """Trang chủ > Văn bản > Kế hoạch
KẾ HOẠCH TỔ CHỨC THÁNG CÔNG NHÂN NĂM 2025
Thứ sáu - 07/03/2025 09:15
Căn cứ Kế hoạch số 12/KH-TLĐ ngày 05/02/2025 của Tổng Liên đoàn Lao động Việt Nam về Tháng Công nhân năm 2025;
Ban Thường vụ Liên đoàn Lao động tỉnh Sơn La xây dựng Kế hoạch như sau:
LIÊN ĐOÀN LAO ĐỘNG TỈNH SƠN LA
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 41/KH-LĐLĐ
Sơn La, ngày 06 tháng 3 năm 2025
KẾ HOẠCH
Tổ chức Tháng Công nhân năm 2025
Căn cứ Kế hoạch số 12/KH-TLĐ ngày 05/02/2025 của Tổng Liên đoàn Lao động Việt Nam về Tháng Công nhân năm 2025;
I. MỤC ĐÍCH, YÊU CẦU
Tuyên truyền sâu rộng trong công nhân, viên chức, lao động về ý nghĩa của Tháng Công nhân.
"""


def test_lines_are_labelled_as_a_sequence_chrome_header_body() -> None:
    lines = split_lines(CHROME_THEN_HEADER)
    labels = label_lines(lines)
    by_text = {lines[i].text: z for i, z in labels.items()}
    # the post title names a type and the teaser has a Căn cứ, but the header is the block
    # with the quốc hiệu, the Số and the date line
    assert by_text["KẾ HOẠCH TỔ CHỨC THÁNG CÔNG NHÂN NĂM 2025"] == ZONE_CHROME
    assert by_text["Thứ sáu - 07/03/2025 09:15"] == ZONE_CHROME
    assert by_text["LIÊN ĐOÀN LAO ĐỘNG TỈNH SƠN LA"] == ZONE_HEADER
    assert by_text["Số: 41/KH-LĐLĐ"] == ZONE_HEADER
    assert by_text["I. MỤC ĐÍCH, YÊU CẦU"] == ZONE_BODY
    order = [labels[i] for i in sorted(labels)]
    assert order == sorted(order, key=[ZONE_CHROME, ZONE_HEADER, ZONE_BODY].index)  # zones only move forward


def test_header_under_page_chrome_is_read_not_the_post_title(extract) -> None:
    d = extract(CHROME_THEN_HEADER).document
    assert (d.number, d.doc_type, d.place, d.date) == ("41/KH-LĐLĐ", "Kế hoạch", "Sơn La", dt.date(2025, 3, 6))
    assert d.issuer == "Liên đoàn Lao động tỉnh Sơn La"
    assert d.title == "Tổ chức Tháng Công nhân năm 2025"


def test_a_weekday_timestamp_is_never_the_place_and_date(extract) -> None:
    rec = extract("Thứ Bảy, 15-03-2025\nTỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM\nSố: 88/HD-TLĐ\n"
                  "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHà Nội, ngày 10 tháng 3 năm 2025\nHƯỚNG DẪN\n"
                  "Tổ chức Đại hội công đoàn cơ sở\n\n1. Đối tượng áp dụng các công đoàn cơ sở trong cả nước.\n")
    assert (rec.document.place, rec.document.date) == ("Hà Nội", dt.date(2025, 3, 10))


def test_a_document_reposted_under_a_post_title_naming_its_type(extract) -> None:
    rec = extract("Chuyên mục\n\nChỉ thị tăng cường công tác an toàn vệ sinh lao động trong doanh nghiệp\n\n"
                  "Trong những năm qua, công tác an toàn, vệ sinh lao động đã có nhiều chuyển biến tích cực, "
                  "song số vụ tai nạn lao động vẫn còn cao.\n\n1. Các cấp công đoàn tăng cường tuyên truyền.\n")
    assert rec.kind == "directive"
    assert rec.document.doc_type == "Chỉ thị"
    assert rec.document.title == "Tăng cường công tác an toàn vệ sinh lao động trong doanh nghiệp"


def test_an_article_opening_with_its_lead_has_no_headline(extract) -> None:
    rec = extract("(baolaodong.vn) - Liên đoàn Lao động tỉnh Gia Lai đã trao 120 suất quà cho đoàn viên có hoàn cảnh "
                  "khó khăn nhân dịp Tết Nguyên đán, với tổng trị giá 120 triệu đồng.\n\nChương trình nhận được sự "
                  "ủng hộ của nhiều doanh nghiệp trên địa bàn.\n")
    assert rec.kind == "news"
    assert rec.document.title is None


def test_the_type_line_after_the_header_cells_wins_over_a_post_title(extract) -> None:
    rec = extract("BÁO CÁO TỔNG KẾT CÔNG TÁC NĂM\n\nLĐLĐ HUYỆN NÚI ĐỎ   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                  "CĐCS TRƯỜNG TH HOA SEN   Độc lập - Tự do - Hạnh phúc\nSố: 05/BC-CĐ   Núi Đỏ, ngày 20 tháng 5 năm 2024\n"
                  "BÁO CÁO\nTổng kết hoạt động công đoàn năm học 2023-2024\n\nI. Đặc điểm tình hình của đơn vị trong năm học.\n")
    d = rec.document
    assert d.title == "Tổng kết hoạt động công đoàn năm học 2023-2024"
    assert d.issuer == "Công đoàn cơ sở Trường Tiểu học Hoa Sen"


def test_flattened_two_level_cell_gives_the_lower_level(extract) -> None:
    rec = extract("LIÊN ĐOÀN LAO ĐỘNG TP HỘI AN CĐCS MẦM NON HOA MAI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                  "Hội An, ngày 02 tháng 6 năm 2023\nKẾ HOẠCH HOẠT ĐỘNG CÔNG ĐOÀN\nTháng 6/2023\n\nI. Tình hình tháng 5.\n")
    assert rec.document.issuer == "Công đoàn cơ sở Mầm non Hoa Mai"
    assert rec.document.title is not None and rec.document.title.lower() == "hoạt động công đoàn tháng 6/2023"


def test_a_quoc_hieu_broken_over_lines_is_never_the_issuer_and_a_province_completes_the_ubnd(extract) -> None:
    rec = extract("ỦY BAN NHÂN DÂN\n|\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n|\n"
                  "Số: 14/CT-UBND\n|\nQuảng Ngãi, ngày 23 tháng 11 năm 2017\n|\nCHỈ THỊ\nVề việc tăng cường phòng ngừa tranh chấp lao động\n\n"
                  "Trong thời gian qua, tình hình quan hệ lao động trên địa bàn tỉnh cơ bản ổn định.\n")
    assert rec.document.issuer == "Ủy ban nhân dân tỉnh Quảng Ngãi"
    assert rec.spans["issuer"].inferred  # the province was filled in, not read in the cell


def test_a_nameless_union_is_the_union_of_the_school_above_it(extract) -> None:
    rec = extract("UBND HUYỆN AN LÃO\nTRƯỜNG TH AN HÒA\nCÔNG ĐOÀN TRƯỜNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                  "Độc lập - Tự do - Hạnh phúc\nAn Lão, ngày 10 tháng 9 năm 2024\nQUY CHẾ PHỐI HỢP\n"
                  "GIỮA BAN GIÁM HIỆU VÀ CÔNG ĐOÀN\n\nCăn cứ Luật Công đoàn năm 2012 và các văn bản hướng dẫn thi hành;\n")
    d = rec.document
    assert d.issuer == "Công đoàn trường Tiểu học An Hòa"
    assert d.doc_type == "Quy chế"


def test_a_header_printed_one_cell_per_line(extract) -> None:
    d = extract("ỦY BAN NHÂN\nDÂN\nTỈNH LONG AN\n--------\n|\nCỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM\n|\nSố:\n"
                "205/KH-UBND\n|\nLong An, ngày\n14 tháng 4 năm 2022\n|\nKẾ HOẠCH\nTRIỂN KHAI THÁNG CÔNG NHÂN\n\n"
                "Căn cứ Kế hoạch số 33/KH-TLĐ ngày 10/02/2022 của Tổng Liên đoàn Lao động Việt Nam;\n").document
    assert (d.number, d.place, d.date) == ("205/KH-UBND", "Long An", dt.date(2022, 4, 14))
    assert d.issuer == "Ủy ban nhân dân tỉnh Long An"


def test_portal_metadata_fields_several_to_a_line() -> None:
    lines = split_lines("Số hiệu: 171/QĐ-TLĐ Loại văn bản: Quyết định\nNơi ban hành: Tổng Liên đoàn Lao động Việt Nam "
                        "Người ký: Nguyễn Văn An\nNgày ban hành: 09/01/2013 Ngày hiệu lực: Đã biết\n")
    fields = dict((label, c.text) for label, c in portal_fields(lines))
    assert fields["số hiệu"] == "171/QĐ-TLĐ"
    assert fields["loại văn bản"] == "Quyết định"
    assert fields["người ký"] == "Nguyễn Văn An"
    assert fields["ngày ban hành"] == "09/01/2013"
    assert portal_fields(split_lines("Lĩnh vực giáo dục luôn được quan tâm.\n")) == []  # one field is no block


def test_a_signer_cut_short_is_completed_from_the_portal_block(extract) -> None:
    rec = extract("Số hiệu: 171/QĐ-TLĐ Loại văn bản: Quyết định\nNgười ký: Nguyễn Văn Anh\n\n"
                  "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
                  "Số: 171/QĐ-TLĐ | Hà Nội, ngày 09 tháng 01 năm 2013 |\nQUYẾT ĐỊNH\nVề việc ban hành Quy định thu chi\n\n"
                  "Điều 1. Ban hành kèm theo Quyết định này Quy định thu chi.\n\nTM. ĐOÀN CHỦ TỊCH\nCHỦ TỊCH\nNguyễn Văn A\n")
    s = rec.document.signer
    assert s is not None and (s.name, s.position, s.authority) == ("Nguyễn Văn Anh", "Chủ tịch", "TM. Đoàn Chủ tịch")


def test_words_run_together_are_split_into_syllables() -> None:
    assert split_glued("CÔNGĐOÀN") == ["CÔNG", "ĐOÀN"]
    assert split_glued("hoạtđộngcôngđoàn") == ["hoạt", "động", "công", "đoàn"]
    assert split_glued("tổchức") == ["tổ", "chức"]  # not 'tổc hức': a final c takes sắc or nặng only
    assert split_glued("QUYCHẾ") == ["QUY", "CHẾ"]
    for word in ("LĐLĐ", "THCS", "CĐCS", "nghiêng", "Nguyễn", "NGHĨÃ"):
        assert split_glued(word) is None, word
    text = normalize("V/v hướng dẫn đại hội công đoàn cơ sởKính gửi: các LĐLĐ tỉnh; BÁOCÁO TỔNG KẾT").text
    assert "cơ sở\nKính gửi:" in text  # a missing line break before a line marker comes back as one
    assert "BÁO CÁO TỔNG KẾT" in text and "LĐLĐ" in text


def test_question_mark_mangled_text_is_restored() -> None:
    fixed = repair_question_marks("T?NG LIÊN ÐOÀN LAO Ð?NG\nS?: 649/HD-TLР\nHà N?i, ngày 29 tháng 4 nam 2011")
    assert fixed.startswith("TỔNG LIÊN ĐOÀN LAO ĐỘNG\n")
    assert "SỐ: 649/HD-TLĐ" in fixed
    assert "Hà Nội, ngày 29 tháng 4 năm 2011" in fixed
    rec_text = normalize("C?NG HOÀ XÃ H?I CH? NGHIA VI?T NAM\n" * 2).text
    assert rec_text.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHIA VIỆT NAM")  # the reduced NGHIA stays: nothing to restore


def test_segment_keeps_its_zone_api_for_the_other_extractors() -> None:
    seg = segment(normalize(CHROME_THEN_HEADER))
    assert seg.kind == "directive"
    assert seg.preamble is not None and CHROME_THEN_HEADER[seg.preamble[0]:].startswith("Căn cứ")
    assert seg.body_start > CHROME_THEN_HEADER.index("KẾ HOẠCH\nTổ chức")
    assert seg.in_chrome(CHROME_THEN_HEADER.index("Thứ sáu"))


def test_a_word97_file_read_as_text_fails_with_its_reason(tmp_path) -> None:
    import pytest

    from pipeline import extract_file, extract_text
    from pipeline.errors import NotADocument

    # a .doc's bytes saved with a .txt name: refused with a reason, never a record of garbage
    p = tmp_path / "congvan.txt"
    p.write_bytes(("Văn bản đính kèm\n" * 20).encode("utf-8") + b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8)
    with pytest.raises(NotADocument):
        extract_file(p)
    # the same bytes already decoded as Windows-1252 text (a copy through another tool)
    decoded = "Văn bản\n" * 30 + (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(32, 256)) * 4).decode("cp1252", errors="replace")
    with pytest.raises(NotADocument, match="Word 97"):
        extract_text(decoded)
    assert normalize("Kế hoạch số 12/KH-LĐLĐ\n" * 20).text  # ordinary text passes
