"""Targets and results: every number, range, bound and scale shape, and the must-not-extract
rows of FORMAT.md (dates, anniversaries, ordinals, committee sizes, thresholds …)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.extract.numbers import parse_number
from pipeline.extract.targets import extract_targets
from pipeline.normalize import normalize


def targets(sentence: str, kind: str = "directive", doc_type: str | None = "Kế hoạch"):
    text = normalize(sentence)
    return extract_targets(text, 0, len(text.text), kind, doc_type)


def simple(sentence: str, **kw) -> list[tuple]:
    return [(t.value, t.value_max, t.unit, t.kind) for t in targets(sentence, **kw)]


# fmt: off
NUMBERS = [
    ("14.600", Decimal(14600)), ("1,5", Decimal("1.5")), ("147,5", Decimal("147.5")), ("05", Decimal(5)),
    ("1.191", Decimal(1191)), ("1.000.000", Decimal(1000000)), ("1 triệu", Decimal(1000000)),
    ("1,6 triệu", Decimal(1600000)), ("50 triệu", Decimal(50000000)), ("210 ngàn", Decimal(210000)),
    ("2 tỷ", Decimal(2000000000)),
]
# fmt: on


@pytest.mark.parametrize("text,value", NUMBERS, ids=[n for n, _ in NUMBERS])
def test_parse_number(text: str, value: Decimal) -> None:
    assert parse_number(text) == value


# fmt: off
CASES = [
    # (sentence, expected [(value, value_max, unit, kind)]) — from the seeds, messy-patterns.md, FORMAT.md
    ("Phấn đấu phát triển 14.600 đoàn viên mới trong năm 2024.",   [(14600, None, "đoàn viên", "target")]),
    ("Thành lập 22 CĐCS mới.",                                      [(22, None, "CĐCS", "target")]),
    ("Phấn đấu kết nạp từ 2.000 đến 2.500 đoàn viên.",             [(2000, 2500, "đoàn viên", "target")]),
    ("Mỗi huyện phát triển 200-300 đoàn viên.",                    [(200, 300, "đoàn viên", "target")]),
    ("Phấn đấu phát triển ít nhất 1 triệu đoàn viên.",             [(1000000, None, "đoàn viên", "target")]),
    ("Hỗ trợ 50 triệu đồng cho mỗi Mái ấm Công đoàn.",             [(50000000, None, "đồng", "target")]),
    ("Phấn đấu 100% doanh nghiệp có từ 25 lao động trở lên có tổ chức công đoàn.", [(100, None, "%", "target")]),
    ("Năm 2023 toàn tỉnh đã kết nạp 2.150 đoàn viên, đạt 176,9% so với chỉ tiêu.",
     [(2150, None, "đoàn viên", "result"), (Decimal("176.9"), None, "%", "result")]),
    ("Mỗi CĐCS giới thiệu ít nhất 01 đoàn viên ưu tú cho Đảng.",  [(1, None, "đoàn viên ưu tú", "target")]),
    ("Từ đầu năm đến nay, toàn tỉnh đã thành lập mới 17 CĐCS, phát triển mới 1.348 đoàn viên.",
     [(17, None, "CĐCS", "result"), (1348, None, "đoàn viên", "result")]),
    ("Xuống giống vụ lúa đông xuân đạt 65ha.",                      [(65, None, "ha", "result")]),
    ("Tổ chức tuần tra 4 cuộc, qua tuần tra không phát hiện vi phạm.", [(4, None, "cuộc", "result")]),  # a report
]
NOT_TARGETS = [
    "Kỷ niệm 95 năm Ngày thành lập Công đoàn Việt Nam (28/7/1929 - 28/7/2024).",   # anniversary, dates
    "Tổ chức Giải cầu lông CNVCLĐ lần thứ XXI (mở rộng) năm 2024.",                 # ordinal, year
    "Căn cứ Kế hoạch số 17/KH-TLĐ, ngày 05/02/2024 của Tổng Liên đoàn.",           # document number, date
    "Ban chỉ đạo gồm 12 thành viên, tổ giúp việc gồm 8 thành viên.",               # committee sizes
    "Mỗi quý Ban chỉ đạo họp 1 lần.",                                              # meeting frequency
    "Đại hội Công đoàn tỉnh nhiệm kỳ 2023-2028.",                                  # term years
    "Tổng lượt truy cập: 12181593",                                                # page counter
    "Đảng viên tham gia hội nghị (04/04 đồng chí).",                               # a ratio of attendance
    "Phát thư mời các thanh niên tuổi 17 năm 2026.",                               # age, year
    "Toàn tỉnh hiện có 45.000 đoàn viên sinh hoạt tại 820 CĐCS.",                  # membership total as background
    "Hội nghị diễn ra với sự tham gia của 200 đoàn viên tiêu biểu.",                # attendance
    "Có 150 đoàn viên tham dự hội nghị.",                                          # attendance
]
# fmt: on


@pytest.mark.parametrize("sentence,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_targets(sentence: str, expected: list[tuple]) -> None:
    kind = "news" if any(w in sentence for w in ("đã", "đạt", "qua tuần tra")) else "directive"
    got = simple(sentence, kind=kind, doc_type="Báo cáo" if kind == "news" else "Kế hoạch")
    assert got == [(Decimal(v), Decimal(m) if m is not None else None, u, k) for v, m, u, k in expected]


@pytest.mark.parametrize("sentence", NOT_TARGETS)
def test_not_targets(sentence: str) -> None:
    assert simple(sentence) == []


def test_eligibility_threshold_is_not_a_target_but_the_count_is() -> None:
    got = simple("thành lập 22 CĐCS mới trong đó có 05 CĐCS từ 25 lao động trở lên")
    assert got == [(Decimal(22), None, "CĐCS", "target"), (Decimal(5), None, "CĐCS", "target")]


def test_nested_part_inherits_the_unit() -> None:
    ts = targets("để trong năm 2024 toàn tỉnh phát triển 14.600 đoàn viên mới (580 phi chính thức), trong đó tăng thêm 8.670 đoàn viên")
    assert [(t.value, t.unit, t.text) for t in ts] == [
        (Decimal(14600), "đoàn viên", "phát triển 14.600 đoàn viên mới"),
        (Decimal(580), "đoàn viên", "(580 phi chính thức)"),
        (Decimal(8670), "đoàn viên", "tăng thêm 8.670 đoàn viên"),
    ]
    assert all(t.period == "trong năm 2024" for t in ts)


def test_percentage_of_what() -> None:
    [t] = targets("Phấn đấu 100% doanh nghiệp có từ 25 lao động trở lên có tổ chức công đoàn.")
    assert t.of == "doanh nghiệp có từ 25 lao động trở lên có tổ chức công đoàn"
    [_, pct] = targets("toàn tỉnh đã kết nạp 2.150 đoàn viên, đạt 176,9% so với chỉ tiêu.", kind="news")
    assert pct.of == "chỉ tiêu"


def test_per_unit_quota_and_bound() -> None:
    [t] = targets("chỉ đạo mỗi công đoàn cơ sở tổ chức được ít nhất 01 hoạt động chào mừng cụ thể")
    assert (t.value, t.unit, t.bound, t.responsible, t.kind) == (Decimal(1), "hoạt động", "min", "mỗi công đoàn cơ sở", "target")


def test_unit_outside_the_vocabulary_found_by_word_segmentation() -> None:
    [t] = targets("Phấn đấu thành lập 15 câu lạc bộ công nhân trong năm.")
    assert (t.value, t.unit, t.unit_canonical) == (Decimal(15), "câu lạc bộ", None)


def test_provenance_points_at_the_phrase() -> None:
    sentence = "Năm 2024 phấn đấu phát triển 14.600 đoàn viên mới."
    [t] = targets(sentence)
    assert sentence[t.span.source_start : t.span.source_end] == "phát triển 14.600 đoàn viên mới"
