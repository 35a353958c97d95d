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
