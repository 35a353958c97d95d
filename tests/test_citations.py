"""Citations: every symbol and date shape in context, named documents, basis clauses,
issuers completed from context, and the identity keys."""

from __future__ import annotations

import datetime as dt

import pytest


def cites(extract, body: str, header: str = "Số: 50/KH-LĐLĐ\nLai Châu, ngày 10 tháng 3 năm 2024\nKẾ HOẠCH\nTổ chức Tháng Công nhân\n\n"):
    return extract(header + body).citations


# fmt: off
NUMBERED = [
    # (clause, number, date, issuer)
    ("Căn cứ Kế hoạch số 17/KH-TLĐ, ngày 05/02/2024 của Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam về việc tổ chức;",
     "17/KH-TLĐ", dt.date(2024, 2, 5), "Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam"),
    ("Căn cứ Kế hoạch số 70 /KH-LĐLĐ ngày 05-02-2024 của Ban Thường vụ LĐLĐ tỉnh về phát triển đoàn viên;",
     "70/KH-LĐLĐ", dt.date(2024, 2, 5), "Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu"),
    ("Căn cứ Công văn số 1399/TLĐ-ToC, ngày 06/6/2024 của Tổng LĐLĐ Việt Nam;",
     "1399/TLĐ-ToC", dt.date(2024, 6, 6), "Tổng Liên đoàn Lao động Việt Nam"),
    ("Căn cứ Nghị quyết số 02- NQ/TW ngày 12/6/2021 của Bộ Chính trị;", "02-NQ/TW", dt.date(2021, 6, 12), "Bộ Chính trị"),
    ("Căn cứ Kế hoạch số 411-KH/TWĐTN-BTC ngày 5 tháng 2 năm 2024 của Ban Bí thư Trung ương Đoàn;",
     "411-KH/TWĐTN-BTC", dt.date(2024, 2, 5), "Ban Bí thư Trung ương Đoàn"),
    ("Căn cứ Kế hoạch liên tịch số 02/KHLT/LĐLĐ-TĐTN ngày 21.12.2016 của LĐLĐ tỉnh và Tỉnh đoàn;",
     "02/KHLT/LĐLĐ-TĐTN", dt.date(2016, 12, 21), "Liên đoàn Lao động tỉnh Lai Châu và Tỉnh đoàn Lai Châu"),  # joint, both kept
    ("Căn cứ Quyết định số 172/2015/QĐ-UBND ngày 03/12/2015của UBND tỉnh;",
     "172/2015/QĐ-UBND", dt.date(2015, 12, 3), "Ủy ban nhân dân tỉnh Lai Châu"),
    ("Căn cứ Bộ luật Lao động số 45/2019/QH14;", "45/2019/QH14", None, "Quốc hội"),
    ("Căn cứ Nghị định số 145/2020/NĐ-CP ngày 14/12/2020 của Chính phủ;", "145/2020/NĐ-CP", dt.date(2020, 12, 14), "Chính phủ"),
    ("Căn cứ Nghị quyết số 06b/NQ-TLĐ của Ban Chấp hành Tổng Liên đoàn;", "06b/NQ-TLĐ", None,
     "Ban Chấp hành Tổng Liên đoàn Lao động Việt Nam"),  # a short name completed
    ("Căn cứ Báo cáo số 17 / BC - CĐTHTT;", "17/BC-CĐTHTT", None, None),
    ("Căn cứ Quy định số 05/QyĐ-LĐLĐ ngày 01/3/2024 của Ban Thường vụ LĐLĐ tỉnh;", "05/QyĐ-LĐLĐ", dt.date(2024, 3, 1),
     "Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu"),
]
# fmt: on


@pytest.mark.parametrize("clause,number,date,issuer", NUMBERED, ids=[n[1] for n in NUMBERED])
def test_numbered_citation_shapes(extract, clause: str, number: str, date, issuer) -> None:
    [c] = [c for c in cites(extract, clause) if c.number]
    assert (c.number, c.date, c.issuer, c.basis) == (number, date, issuer, True)


def test_one_clause_carries_several(extract) -> None:
    got = cites(extract, "Căn cứ Chỉ thị số 37-CT/TW ngày 03/9/2019 của Ban Bí thư về quan hệ lao động; Kế hoạch số 185-KH/TU "
                         "ngày 03/01/2020 của Ban Thường vụ Tỉnh ủy về thực hiện Chỉ thị số 37-CT/TW;\n")
    assert [(c.number, c.doc_type, c.issuer) for c in got] == [
        ("37-CT/TW", "Chỉ thị", "Ban Bí thư"), ("185-KH/TU", "Kế hoạch", "Ban Thường vụ Tỉnh ủy Lai Châu")]
    assert len(got[0].mentions) == 2  # one entry per document, every mention kept


def test_type_is_read_from_the_word_not_the_code(extract) -> None:
    got = cites(extract, "Thực hiện Quy định số 101-QĐ/TW ngày 07/6/2012 của Ban Bí thư và Quyết định số 399-QĐ/TU của Tỉnh ủy;\n")
    assert [(c.number, c.doc_type) for c in got] == [("101-QĐ/TW", "Quy định"), ("399-QĐ/TU", "Quyết định")]


def test_own_number_and_body_mentions(extract) -> None:
    got = cites(extract, "Căn cứ Kế hoạch số 17/KH-TLĐ ngày 05/02/2024 của Tổng Liên đoàn;\n\nI. NỘI DUNG\n"
                         "Triển khai Kế hoạch số 50/KH-LĐLĐ này và Hướng dẫn số 03/HD-TLĐ ngày 20/02/2020 của Tổng Liên đoàn.\n")
    assert [(c.number, c.basis) for c in got] == [("17/KH-TLĐ", True), ("03/HD-TLĐ", False)]  # not its own 50/KH-LĐLĐ


# fmt: off
NAMED = [
    ("Căn cứ Điều lệ Công đoàn Việt Nam khóa XIII;", "Điều lệ", "Điều lệ Công đoàn Việt Nam khóa XIII"),
    ("Căn cứ Luật Công đoàn năm 2012;", "Luật", "Luật Công đoàn năm 2012"),
    ("Căn cứ Bộ luật Lao động năm 2019;", "Bộ luật", "Bộ luật Lao động năm 2019"),
    ("Thực hiện Nghị quyết Đại hội đại biểu Công đoàn tỉnh lần thứ XVI, nhiệm kỳ 2023-2028;", "Nghị quyết",
     "Nghị quyết Đại hội đại biểu Công đoàn tỉnh lần thứ XVI, nhiệm kỳ 2023-2028"),
    ("Thực hiện Nghị quyết Đại hội XIII của Đảng;", "Nghị quyết", "Nghị quyết Đại hội XIII của Đảng"),
    ("Căn cứ Kế hoạch của Ban Thường vụ LĐLĐ tỉnh về tổ chức Tháng Công nhân năm 2024;", "Kế hoạch",
     "Kế hoạch của Ban Thường vụ LĐLĐ tỉnh về tổ chức Tháng Công nhân năm 2024"),
]
# fmt: on


@pytest.mark.parametrize("clause,doc_type,title", NAMED, ids=[n[2][:30] for n in NAMED])
def test_named_documents(extract, clause: str, doc_type: str, title: str) -> None:
    [c] = cites(extract, clause + "\n")
    assert (c.number, c.doc_type, c.title, c.basis) == (None, doc_type, title, True)


def test_generic_mentions_are_not_citations(extract) -> None:
    assert cites(extract, "Căn cứ chức năng, nhiệm vụ của Liên đoàn Lao động tỉnh;\nCăn cứ kế hoạch công tác năm 2024;\n") == []


def test_identity_keys(extract) -> None:
    got = {c.number: c.key for c in cites(extract, "Căn cứ Kế hoạch số 17/KH-TLĐ ngày 05/02/2024 của Đoàn Chủ tịch Tổng Liên "
                                                    "đoàn Lao động Việt Nam; Nghị quyết số 57-NQ/TW của Bộ Chính trị;\n")}
    assert got["17/KH-TLĐ"] == "17/KH-TLĐ|2024|tổng liên đoàn lao động việt nam"  # organ dropped
    assert got["57-NQ/TW"] is None  # no year: unresolved, never merged


def test_a_committee_without_its_body_is_the_citing_bodys(extract) -> None:
    got = {c.number: c.issuer for c in cites(extract, (
        "Căn cứ Quyết định số 43/QĐ-BCĐ, ngày 21/12/2023 của Ban Chỉ đạo phát triển đoàn viên về việc thành lập tổ giúp việc;\n"
        "Căn cứ Chỉ thị số 37-CT/TW ngày 03/9/2019 của Ban Bí thư về quan hệ lao động;\n"),
        header="LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU\nSố: 50/KH-LĐLĐ\nLai Châu, ngày 10 tháng 3 năm 2024\nKẾ HOẠCH\nTháng Công nhân\n\n")}
    assert got == {"43/QĐ-BCĐ": "Ban Chỉ đạo phát triển đoàn viên Liên đoàn Lao động tỉnh Lai Châu",
                   "37-CT/TW": "Ban Bí thư"}  # a national body stays as it is


# ---------------------------------------------------------------------------
# The issuing-code table and symbols as printed in the wild
# ---------------------------------------------------------------------------
def test_issuer_code_table_validates_and_its_schema_is_current() -> None:
    import json
    from pathlib import Path

    import jsonschema

    from pipeline import schemas
    from pipeline.extract.citations import DATA, IssuerCodesFile

    schema = IssuerCodesFile.model_json_schema()
    jsonschema.validate(json.loads(DATA.read_text(encoding="utf-8")), schema)
    checked_in = Path(__file__).resolve().parent.parent / "schemas" / "issuer_codes.schema.json"
    assert checked_in.read_text(encoding="utf-8") == schemas.render(schema), "regenerate schemas/issuer_codes.schema.json"


def _code_examples():
    from pipeline.extract.citations import issuer_codes

    return issuer_codes().examples


@pytest.mark.parametrize("number,province,issuer", _code_examples(), ids=[e[0] + "@" + e[1] for e in _code_examples()])
def test_issuer_from_the_symbols_code(number: str, province: str, issuer: str | None) -> None:
    from pipeline.extract.citations import issuer_from_code

    assert issuer_from_code(number, province or None) == issuer


def _symbol_examples():
    from pipeline.extract.citations import issuer_codes

    return issuer_codes().symbol_examples


@pytest.mark.parametrize("printed,canonical", _symbol_examples(), ids=[e[1] for e in _symbol_examples()])
def test_symbols_as_printed_in_the_wild(printed: str, canonical: str) -> None:
    from pipeline.extract.citations import WILD_SYMBOL_RE, canonical_symbol

    m = WILD_SYMBOL_RE.search(f"Căn cứ Kế hoạch số {printed} ngày 05/02/2024;")
    assert m is not None and canonical_symbol(m.group(0)) == canonical


def test_words_are_not_symbols_and_a_known_ascii_code_stays() -> None:
    from pipeline.extract.citations import WILD_SYMBOL_RE, canonical_symbol

    assert WILD_SYMBOL_RE.search("từ 1/Cơ sở đến 2/Tạo nguồn") is None  # Vietnamese words are not codes
    assert canonical_symbol("12/HD-TLD") == "12/HD-TLĐ"  # HD stays (no 'HĐ' type), TLD is TLĐ


def test_symbol_broken_over_a_line_and_lookalikes_in_context(extract) -> None:
    got = cites(extract, "Căn cứ Quyết định số 172/2015/QĐ-\nUBND ngày 03/12/2015 của UBND tỉnh;\n"
                         "Căn cứ Nghị định số 42/2010/NÐ-CP ngày15/4/2010 của Chính phủ;\n")
    assert [(c.number, c.date, c.issuer) for c in got] == [
        ("172/2015/QĐ-UBND", dt.date(2015, 12, 3), "Ủy ban nhân dân tỉnh Lai Châu"),
        ("42/2010/NĐ-CP", dt.date(2010, 4, 15), "Chính phủ")]


def test_bare_numbers_with_their_type_and_the_issuer_before(extract) -> None:
    got = cites(extract, "Tổng Liên đoàn Lao động Việt Nam vừa ban hành Kế hoạch 34 về chăm lo Tết cho đoàn viên.\n"
                         "Trên cơ sở Thông tư liên tịch 12 của Bộ Giáo dục và Đào tạo, hai bên thống nhất như sau.\n",
                header="")
    assert [(c.number, c.doc_type, c.issuer) for c in got] == [
        ("34", "Kế hoạch", "Tổng Liên đoàn Lao động Việt Nam"), ("12", "Thông tư", "Bộ Giáo dục và Đào tạo")]


# fmt: off
DATES = [
    ("Căn cứ Nghị quyết số 20/2013/NQ-HĐND ngày 12tháng 7 năm 2013 của HĐND tỉnh;", dt.date(2013, 7, 12)),
    ("Căn cứ Kế hoạch số 56/KH-TLĐ (21.12.2016) của Tổng Liên đoàn;", dt.date(2016, 12, 21)),
    ("Thực hiện Quyết định số 1564 /QD - TLD ngay 24 thang 12 nam 2014 của Tổng Liên đoàn;", dt.date(2014, 12, 24)),
    ("Căn cứ Nghị quyết số 02-NQ/TW của Bộ Chính trị ngày 12/6/2021;", dt.date(2021, 6, 12)),
    ("Căn cứ Luật số 12/2012/QH13 của Quốc hội: Luật Công đoàn Việt Nam ngày 01/01/2013;", dt.date(2013, 1, 1)),
]
# fmt: on


@pytest.mark.parametrize("clause,date", DATES, ids=[d[1].isoformat() for d in DATES])
def test_citation_dates(extract, clause: str, date) -> None:
    [c] = [c for c in cites(extract, clause + "\n") if c.number]
    assert c.date == date


# ---------------------------------------------------------------------------
# Grounding clauses
# ---------------------------------------------------------------------------
def test_a_letters_opening_grounds_and_its_main_clause_does_not(extract) -> None:
    got = cites(extract, "Kính gửi: Các Liên đoàn Lao động tỉnh, thành phố\n\n"
                         "Thực hiện Kế hoạch số 368/KH-TLĐ ngày 18/10/2023 về tuyên truyền Đại hội XIII, Tổng Liên đoàn "
                         "đề nghị các đơn vị triển khai Hướng dẫn số 03/HD-TLĐ ngày 20/02/2020.\n\n1. Nội dung\n"
                         "Thực hiện Kế hoạch số 19/KH-LĐLĐ ngày 05/3/2024, các đơn vị báo cáo.\n",
                header="TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM\nSố: 8019/TLĐ-TG\nHà Nội, ngày 27 tháng 11 năm 2023\n\n")
    assert [(c.number, c.basis) for c in got] == [("368/KH-TLĐ", True), ("03/HD-TLĐ", False), ("19/KH-LĐLĐ", False)]


def test_basis_in_flattened_text_and_not_for_xet(extract) -> None:
    got = cites(extract, "Việc phối hợp là rất cần thiết. Trên cơ sở Điều lệ Công đoàn Việt Nam, Thông tư liên tịch số "
                         "12/TT/LT của Bộ Giáo dục và Đào tạo, sau khi bàn bạc hai bên thống nhất. Xét đề nghị của Sở Nội vụ "
                         "tại Tờ trình số 88/TTr-SNV ngày 02/3/2024;\n")
    assert {(c.number or c.title): c.basis for c in got} == {
        "Điều lệ Công đoàn Việt Nam": True, "12/TT/LT": True, "88/TTr-SNV": False}


def test_a_basis_clause_wrapped_and_listing_several(extract) -> None:
    got = cites(extract, "- Căn cứ Luật Công đoàn năm 2012; Điều lệ Công đoàn Việt Nam;\n"
                         "- Căn cứ Quyết định số 5440/QĐ-TLĐ ngày 10/10/2022 của Đoàn Chủ tịch Tổng Liên đoàn\n"
                         "ban hành Quy định về nguyên tắc xây dựng dự toán tài chính công đoàn năm 2022;\n")
    assert [(c.number or c.title, c.basis) for c in got] == [
        ("5440/QĐ-TLĐ", True), ("Luật Công đoàn năm 2012", True), ("Điều lệ Công đoàn Việt Nam", True)]
    assert got[0].issuer == "Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam"  # completed; the Quy định it issued is part of it


# ---------------------------------------------------------------------------
# Named documents: the grammar
# ---------------------------------------------------------------------------
# fmt: off
NAMED_GRAMMAR = [
    ("Căn cứ Luật Thi đua, Khen thưởng ngày 26/11/2003;", "Luật", "Luật Thi đua, Khen thưởng", dt.date(2003, 11, 26)),
    ("Căn cứ Luật Quản lý, sử dụng tài sản Nhà nước năm 2008;", "Luật", "Luật Quản lý, sử dụng tài sản Nhà nước năm 2008", None),
    ("Năm học đầu tiên thực hiện Nghị quyết Đại hội XI Công đoàn Việt Nam, các cấp công đoàn đã làm tốt.", "Nghị quyết",
     "Nghị quyết Đại hội XI Công đoàn Việt Nam", None),
    ("Căn cứ Nghị quyết Hội nghị lần thứ tư, Ban Chấp hành Tổng Liên đoàn Lao động Việt Nam (khóa XI) về việc điều chỉnh nhiệm kỳ;",
     "Nghị quyết", "Nghị quyết Hội nghị lần thứ tư, Ban Chấp hành Tổng Liên đoàn Lao động Việt Nam (khóa XI) về việc điều chỉnh nhiệm kỳ", None),
    ("Thực hiện Kế hoạch hoạt động Công đoàn nhà trường năm học 2020-2021;", "Kế hoạch",
     "Kế hoạch hoạt động Công đoàn nhà trường năm học 2020-2021", None),
    ("Đoàn Chủ tịch Tổng Liên đoàn đã ban hành Quy định về tổ chức và hoạt động tư vấn pháp luật của Công đoàn.", "Quy định",
     "Quy định về tổ chức và hoạt động tư vấn pháp luật của Công đoàn", None),
    ("Căn cứ Thông báo Kết luận Hội nghị Ban Thường vụ Liên đoàn Lao động tỉnh họp ngày 23/02/2024;", "Thông báo",
     "Thông báo Kết luận Hội nghị Ban Thường vụ Liên đoàn Lao động tỉnh họp", dt.date(2024, 2, 23)),
]
# fmt: on


@pytest.mark.parametrize("clause,doc_type,title,date", NAMED_GRAMMAR, ids=[n[2][:30] for n in NAMED_GRAMMAR])
def test_named_grammar(extract, clause: str, doc_type: str, title: str, date) -> None:
    got = [c for c in cites(extract, clause + "\n") if c.number is None]
    assert [(c.doc_type, c.title) for c in got] == [(doc_type, title)]
    assert got[0].date == date


def test_several_laws_in_one_clause_and_the_partys_congress(extract) -> None:
    got = cites(extract, "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015, Luật sửa đổi, bổ sung một số "
                         "điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;\n"
                         "Quán triệt Nghị quyết Đại hội Đảng toàn quốc lần thứ XII.\n")
    assert [(c.title, c.issuer) for c in got] == [
        ("Luật Tổ chức chính quyền địa phương", None),
        ("Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ", None),
        ("Nghị quyết Đại hội Đảng toàn quốc lần thứ XII", "Đảng Cộng sản Việt Nam")]


NOT_NAMED = [
    "Căn cứ kế hoạch công tác năm 2024;",
    "Các đơn vị triển khai Kế hoạch này đúng thời gian.",
    "Triển khai thực hiện Nghị quyết của cấp ủy và Nghị quyết của Đảng ủy theo quy định.",
    "Quán triệt Nghị quyết Đại hội Đảng các cấp, tuyên truyền sâu rộng.",
    "Hưởng ứng Chương trình “Tết sum vầy” năm 2019 của Tổng Liên đoàn.",
    "Trên đây là Kế hoạch của Ban Thường vụ LĐLĐ tỉnh về việc khảo sát tình hình công nhân lao động.",
    "Điều 1. Ban hành Phương án điều tra cung - cầu lao động tỉnh Quảng Nam năm 2016.\n"
    "Điều 2. Sở chủ trì thực hiện Phương án điều tra cung - cầu lao động tỉnh Quảng Nam năm 2016.",
    "Việc thực hiện Nghị quyết Trung ương 4 (khóa XII), Kết luận, Quy định của Hội nghị Trung ương 4 (khóa XIII) về đẩy mạnh.",
    "Căn cứ Điều lệ trường Tiểu học ban hành kèm theo Thông tư số 41/2010/TT-BGDĐT ngày 30/12/2010 của Bộ Giáo dục và Đào tạo;",
    "Căn cứ Quyết định số 782/QĐ-TTg ngày 27/5/2021 của Thủ tướng Chính phủ phê duyệt Chương trình phòng ngừa giai đoạn 2021-2025;",
]


@pytest.mark.parametrize("body", NOT_NAMED, ids=[b[:30] for b in NOT_NAMED])
def test_not_a_named_document(extract, body: str) -> None:
    titles = [c.title for c in cites(extract, body + "\n") if c.number is None]
    assert titles in ([], ["Nghị quyết Trung ương 4 (khóa XII)"])


# ---------------------------------------------------------------------------
# Issuers
# ---------------------------------------------------------------------------
def test_issuer_phrases(extract) -> None:
    got = {c.number: c.issuer for c in cites(extract, (
        "Căn cứ Công văn số 2717/LĐTBXH-PC ngày 01/7/2009 của Bộ Lao động - Thương binh và Xã hội về việc tuyên truyền;\n"
        "Căn cứ Thông tư liên tịch số 12/TT/LT của Bộ GD - ĐT và Công đoàn GDVN qui định về mối quan hệ;\n"
        "Căn cứ Nghị quyết số 29-NQ/TW ngày 04/11/2013 của Hội nghị lần thứ tám Ban Chấp hành Trung ương;\n"
        "Căn cứ Thông tư 11/2020/TT-BGDĐT ngày 19/5/2020 của Bộ trưởng Bộ Giáo dục và Đào tạo ban hành Thông tư;\n"))}
    assert got == {"2717/LĐTBXH-PC": "Bộ Lao động - Thương binh và Xã hội",
                   "12/TT/LT": "Bộ Giáo dục và Đào tạo và Công đoàn Giáo dục Việt Nam",
                   "29-NQ/TW": "Ban Chấp hành Trung ương",
                   "11/2020/TT-BGDĐT": "Bộ Giáo dục và Đào tạo"}


def test_the_citing_issuers_province_outweighs_the_place_line(extract) -> None:
    got = cites(extract, "Căn cứ Nghị quyết số 20/2013/NQ-HĐND ngày 12/7/2013;\n",
                header="ỦY BAN NHÂN DÂN\nTỈNH TÂY NINH\nSố: 36/2013/QĐ-UBND\nHà Nội, ngày 10 tháng 9 năm 2013\nQUYẾT ĐỊNH\nVề việc\n\n")
    assert [c.issuer for c in got] == ["Hội đồng nhân dân tỉnh Tây Ninh"]


# ---------------------------------------------------------------------------
# Cost
# ---------------------------------------------------------------------------
def test_a_200_kB_document_without_backtracking() -> None:
    import time

    from pipeline.extract.citations import WILD_SYMBOL_RE, named_re

    unit = ("Căn cứ Kế hoạch hoạt động của Ban Thường vụ Liên đoàn Lao động tỉnh về tổ chức, tuyên truyền, vận động, "
            "phát triển đoàn viên, thành lập công đoàn cơ sở, chăm lo, bảo vệ quyền lợi, ") * 3
    hostile = [unit * 300, "Kế hoạch " + "a, b " * 40_000, "1 / 2 - 3 / " * 20_000, "Luật “" + "x " * 100_000]
    for text in hostile:
        start = time.perf_counter()
        sum(1 for _ in WILD_SYMBOL_RE.finditer(text))
        sum(1 for _ in named_re().finditer(text))
        assert time.perf_counter() - start < 3.0, text[:40]


def test_a_heads_title_is_not_the_issuer_and_a_non_province_is_dropped(extract) -> None:
    got = {c.number: c.issuer for c in cites(extract, (
        "Căn cứ Công văn số 5990/VPCP-KSTT ngày 22/8/2024 của Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ;\n"
        "Căn cứ Kế hoạch số 23/KH-UBND ngày 30/01/2024 của Chủ tịch UBND tỉnh Tà soát các thủ tục;\n"
        "Căn cứ Nghị quyết số 79/2016/NQ-HĐND ngày 08/12/2016 của HĐND tỉnh Ban hành quy định;\n"))}
    assert got == {"5990/VPCP-KSTT": "Văn phòng Chính phủ", "23/KH-UBND": "Ủy ban nhân dân tỉnh Lai Châu",
                   "79/2016/NQ-HĐND": "Hội đồng nhân dân tỉnh Lai Châu"}


def test_an_issuer_guessed_from_a_place_scoped_code_never_keys(extract) -> None:
    """35/KH-LĐLĐ of a district and of its province share a symbol: a guessed issuer must not merge them."""
    got = {c.number: c for c in cites(extract, "Căn cứ Kế hoạch số 35/KH-LĐLĐ ngày 05/02/2024;\n"
                                                "Căn cứ Kế hoạch số 17/KH-TLĐ ngày 05/02/2024;\n")}
    assert got["35/KH-LĐLĐ"].issuer == "Liên đoàn Lao động tỉnh Lai Châu" and got["35/KH-LĐLĐ"].key is None
    assert got["17/KH-TLĐ"].key == "17/KH-TLĐ|2024|tổng liên đoàn lao động việt nam"  # a national code is certain


def test_a_200_kB_document_through_the_extractor() -> None:
    import time

    from pipeline.extract.citations import extract_citations
    from pipeline.normalize import normalize
    from pipeline.segment import segment

    clause = ("Căn cứ Kế hoạch số {n}/KH-LĐLĐ ngày 05/02/2024 của Ban Thường vụ LĐLĐ tỉnh về phát triển đoàn viên; "
              "Thực hiện Nghị quyết Đại hội XIII Công đoàn Việt Nam, nhiệm kỳ 2023-2028, Luật Công đoàn năm 2012;\n")
    text = normalize("".join(clause.format(n=i) for i in range(1, 900)))
    assert len(text.text.encode("utf-8")) > 200_000
    start = time.process_time()
    got = extract_citations(text, segment(text), None, "Lai Châu")
    assert time.process_time() - start < 5.0
    assert len([c for c in got if c.number]) == 899
