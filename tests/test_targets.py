"""Targets and results: every number, range, bound, percentage and scale shape, the
must-not-extract rows of FORMAT.md and messy-patterns.md, and the dev gold's targets."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import regex

from pipeline.extract.targets import extract_targets
from pipeline.normalize import normalize

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
GOLD_DEV = SHARED / "gold" / "dev"


def targets(sentence: str, kind: str = "directive", doc_type: str | None = None):
    text = normalize(sentence)
    return extract_targets(text, 0, len(text.text), kind, doc_type)


def simple(sentence: str, kind: str = "directive", doc_type: str | None = None) -> list[tuple]:
    return [(t.value, t.value_max, t.unit, t.kind) for t in targets(sentence, kind, doc_type)]


def D(v):  # noqa: N802
    return None if v is None else Decimal(str(v))


# fmt: off
CASES = [
    # (sentence, document kind, [(value, value_max, unit, kind)]) — source of the shape
    ("Phấn đấu phát triển 14.600 đoàn viên mới trong năm 2024.", "directive",
     [(14600, None, "đoàn viên", "target")]),                                   # seed 002, grouping dot
    ("Thành lập 22 CĐCS mới.", "directive", [(22, None, "CĐCS", "target")]),   # seed 002, abbreviation kept
    ("trong đó có 05 CĐCS từ 25 lao động trở lên", "directive",
     [(5, None, "CĐCS", "target")]),                                            # seed 002: 05 counted, 25 is a threshold
    ("Phấn đấu kết nạp từ 2.000 đến 2.500 đoàn viên.", "directive",
     [(2000, 2500, "đoàn viên", "target")]),                                    # FORMAT.md range "từ … đến …"
    ("Mỗi huyện phát triển 200-300 đoàn viên.", "directive",
     [(200, 300, "đoàn viên", "target")]),                                      # messy-patterns range "200-300"
    ("Phấn đấu phát triển ít nhất 1 triệu đoàn viên.", "directive",
     [(1000000, None, "đoàn viên", "target")]),                                 # FORMAT.md "ít nhất 1 triệu"
    ("Phấn đấu phát triển ít nhất 1,6 triệu đoàn viên.", "directive",
     [(1600000, None, "đoàn viên", "target")]),                                 # messy-patterns "1,6 triệu"
    ("Phấn đấu giới thiệu 210 ngàn đoàn viên ưu tú cho Đảng.", "directive",
     [(210000, None, "đoàn viên ưu tú", "target")]),                           # messy-patterns "210 ngàn"
    ("Hỗ trợ 50 triệu đồng cho mỗi Mái ấm Công đoàn.", "directive",
     [(50000000, None, "đồng", "target")]),                                     # FORMAT.md money, unit "đồng"
    ("Dự kiến huy động 2 tỷ đồng xây dựng Mái ấm Công đoàn.", "directive",
     [(2000000000, None, "đồng", "target")]),                                   # scale word "tỷ"
    ("Hỗ trợ 1,5 - 2 triệu đồng cho mỗi đoàn viên.", "directive",
     [(1500000, 2000000, "đồng", "target")]),                                   # a range under one scale word
    ("Phấn đấu 100% doanh nghiệp có từ 25 lao động trở lên có tổ chức công đoàn.", "directive",
     [(100, None, "%", "target")]),                                             # messy-patterns percentage "of"
    ("Năm 2023 toàn tỉnh đã kết nạp 2.150 đoàn viên, đạt 176,9% so với chỉ tiêu.", "news",
     [(2150, None, "đoàn viên", "result"), ("176.9", None, "%", "result")]),    # messy-patterns "đạt 176,9%"
    ("Năm 2023 kết nạp 1.500 đoàn viên, đạt 125% kế hoạch; vượt 147,5% chỉ tiêu.", "directive",
     [(1500, None, "đoàn viên", "result"), (125, None, "%", "result"),
      ("147.5", None, "%", "result")]),                                         # "…, đạt N%" after: a result even in a plan
    ("Mỗi CĐCS giới thiệu ít nhất 01 đoàn viên ưu tú cho Đảng.", "directive",
     [(1, None, "đoàn viên ưu tú", "target")]),                                # messy-patterns per-unit quota
    ("Từ đầu năm 2019 đến nay (ngày 15/8/2019), toàn tỉnh đã thành mới 17 CĐCS, phát triển mới 1.348 đoàn viên.", "news",
     [(17, None, "CĐCS", "result"), (1348, None, "đoàn viên", "result")]),      # seed 004, past context
    ("Kết quả: kết nạp 300 đoàn viên, thành lập 4 CĐCS.", "directive",
     [(300, None, "đoàn viên", "result"), (4, None, "CĐCS", "result")]),        # glossary "kết quả" → result
    ("Năm 2023, toàn tỉnh kết nạp 5.000 đoàn viên mới.", "news",
     [(5000, None, "đoàn viên", "result")]),                                    # an article reports: no cue → result
    ("Phấn đấu kết nạp được 500 đoàn viên.", "news",
     [(500, None, "đoàn viên", "target")]),                                     # weak "được" after strong "phấn đấu"
    ("Phấn đấu đạt 100% CĐCS tổ chức Bữa cơm công đoàn.", "news",
     [(100, None, "%", "target")]),                                             # "phấn đấu đạt" is one target cue
    ("Xuống giống vụ lúa đông xuân đạt 65ha.", "directive",
     [(65, None, "ha", "result")]),                                             # baocao_chibo, unit glued
    ("Tổ chức tuần tra 4 cuộc, qua tuần tra không phát hiện vi phạm.", "directive",
     [(4, None, "cuộc", "target")]),                                            # baocao_chibo shape; a plan's default
    ("Tổ chức 09 nhiệm vụ trọng tâm.", "directive",
     [(9, None, "nhiệm vụ", "target")]),                                        # messy-patterns "09 nhiệm vụ"
    ("Phấn đấu phát triển trên 1.000 đoàn viên, thành lập không dưới 10 CĐCS.", "directive",
     [(1000, None, "đoàn viên", "target"), (10, None, "CĐCS", "target")]),      # bounds "trên", "không dưới"
    ("Phát triển 12 tổ đội nghiệp đoàn và 35 nghiệp đoàn cơ sở.", "directive",
     [(12, None, "tổ", "target"), (35, None, "nghiệp đoàn", "target")]),        # unknown units, coordinated
    ("14.600 đoàn viên, trong đó 580 phi chính thức.", "directive",
     [(14600, None, "đoàn viên", "target"), (580, None, "đoàn viên", "target")]),  # a part after "trong đó" inherits
    ("Đến nay đã có 35 doanh nghiệp ký kết thỏa ước lao động tập thể.", "news",
     [(35, None, "doanh nghiệp", "result")]),                                   # "đã có" is a result
    ("Tỷ lệ đoàn viên tham gia đạt 85%.", "news", [(85, None, "%", "result")]),  # a rate named before it
    ("Trao 50 suất quà, mỗi suất trị giá 500.000 đồng.", "news",
     [(50, None, "suất quà", "result")]),                                       # the price of each gift is not an output
]
NOT_TARGETS = [
    # (sentence) — FORMAT.md "Not targets" and messy-patterns "Distractors"
    "Kỷ niệm 95 năm Ngày thành lập Công đoàn Việt Nam (28/7/1929 - 28/7/2024).",   # anniversary, dates
    "và 61 năm Ngày thành lập Công đoàn tỉnh Lai Châu (15/4/1963-15/4/2024)",     # anniversary (seed 003)
    "Tổ chức Giải cầu lông CNVCLĐ lần thứ XXI (mở rộng) năm 2024.",                # ordinal, year
    "thích ứng với cuộc Cách mạng công nghiệp lần thứ tư, lần thứ 4",              # ordinals in words and digits
    "Căn cứ Kế hoạch số 17/KH-TLĐ, ngày 05/02/2024 của Tổng Liên đoàn.",          # document number, date
    "Số: 35/KH-LĐLĐ",                                                              # the document's own number
    "Hòa Bình, ngày 17 tháng 6 năm 2024",                                          # the date line
    "Ban chỉ đạo gồm 12 thành viên, tổ giúp việc gồm 8 thành viên.",              # committee sizes (seed 002)
    "Ban Chấp hành gồm 15 đồng chí.",                                              # committee size
    "Mỗi quý Ban chỉ đạo họp 1 lần.",                                              # meeting frequency (seed 002)
    "Mỗi năm tổ chức 2 đợt kiểm tra.",                                             # frequency
    "Duy trì sinh hoạt 1 buổi/tháng.",                                             # a rate
    "Đại hội Công đoàn tỉnh nhiệm kỳ 2023-2028.",                                  # term years
    "Họp Ban chỉ đạo giai đoạn 2024 - 2028",                                       # term years (seed 002)
    "Đảng viên chi bộ tham gia hội nghị (04/04 đồng chí).",                        # count of attendance in brackets
    "Quốc phòng: phát thư mời các TN tuổi 17 năm 2026.",                           # age, year (baocao_chibo)
    "Thanh niên 18 tuổi nhập ngũ.",                                                # age as a unit
    "Tổng lượt truy cập: Tổng lượt truy cập: 12181593",                            # page counter (seed 004)
    "Khách Khách 104",                                                             # page counter
    "Thành viên Thành viên 0",                                                     # page counter
    "1. Mục đích, yêu cầu\n2. Nội dung\n1.1. Ban Tuyên giáo - Nữ công\nII. NỘI DUNG",  # section numbers
    "Theo Điều 5 Luật Công đoàn năm 2012.",                                        # article number
    "Toàn tỉnh hiện có 45.000 đoàn viên sinh hoạt tại 820 CĐCS.",                  # membership total
    "Toàn tỉnh có 1.250 CĐCS với 95.000 đoàn viên.",                               # membership total
    "Công ty có 500 lao động.",                                                    # a size, not an output
    "Hội nghị diễn ra với sự tham gia của 200 đoàn viên tiêu biểu.",               # attendance
    "Có 150 đoàn viên tham dự hội nghị.",                                          # attendance
    "Đại hội có 250 đại biểu chính thức.",                                         # delegates at a congress
    "Khen thưởng 25 tập thể và 40 cá nhân có thành tích xuất sắc.",                # people praised
    "Tổ chức Hội nghị biểu dương 95 gia đình đoàn viên tiêu biểu.",               # people praised
    "Chương trình “1 triệu sáng kiến” được triển khai.",                          # a number inside a name
    "Định kỳ 6 tháng báo cáo một lần.",                                            # a period, not a quantity
    "Hỗ trợ 500.000 đồng/CĐCS mới thành lập.",                                     # a rate per unit
    "Không có trường hợp vi phạm (0 trường hợp).",                                 # zero: nothing achieved
]
# fmt: on


@pytest.mark.parametrize("sentence,kind,expected", CASES, ids=[c[0][:50] for c in CASES])
def test_targets(sentence: str, kind: str, expected: list[tuple]) -> None:
    assert simple(sentence, kind) == [(D(v), D(m), u, k) for v, m, u, k in expected]


@pytest.mark.parametrize("sentence", NOT_TARGETS, ids=[s[:50] for s in NOT_TARGETS])
@pytest.mark.parametrize("kind", ["directive", "news"])
def test_not_targets(sentence: str, kind: str) -> None:
    assert simple(sentence, kind) == []


def test_nested_parts_inherit_the_unit_and_the_period() -> None:
    # seed 002: a part in brackets is a target of its own, with the unit of its whole
    ts = targets("để trong năm 2024 toàn tỉnh phát triển 14.600 đoàn viên mới (580 phi chính thức), "
                 "trong đó tăng thêm 8.670 đoàn viên", kind="news")
    assert [(t.value, t.unit, t.kind, t.text, t.span.rule) for t in ts] == [
        (14600, "đoàn viên", "target", "phát triển 14.600 đoàn viên mới", "targets.quantity.vocab"),
        (580, "đoàn viên", "target", "(580 phi chính thức)", "targets.quantity.part"),
        (8670, "đoàn viên", "target", "tăng thêm 8.670 đoàn viên", "targets.quantity.vocab"),
    ]
    assert all(t.period == "trong năm 2024" for t in ts)
    assert [t.action for t in ts] == ["phát triển", "phát triển", "tăng thêm"]  # the part shares its whole's action


def test_canonical_units() -> None:
    [a, b, c] = targets("Phấn đấu thành lập 22 CĐCS, kết nạp 300 ĐV, giới thiệu 50 đoàn viên ưu tú.")
    assert (a.unit, a.unit_canonical) == ("CĐCS", "công đoàn cơ sở")
    assert (b.unit, b.unit_canonical) == ("ĐV", "đoàn viên")
    assert (c.unit, c.unit_canonical) == ("đoàn viên ưu tú", "đoàn viên")


def test_percentage_of_what() -> None:
    [t] = targets("Phấn đấu 100% doanh nghiệp có từ 25 lao động trở lên có tổ chức công đoàn.")
    assert (t.value, t.unit, t.of) == (100, "%", "doanh nghiệp có từ 25 lao động trở lên có tổ chức công đoàn")
    [_, pct] = targets("toàn tỉnh đã kết nạp 2.150 đoàn viên, đạt 176,9% so với chỉ tiêu.", kind="news")
    assert (pct.value, pct.of, pct.text) == (Decimal("176.9"), "chỉ tiêu", "đạt 176,9% so với chỉ tiêu")
    [rate] = targets("Tỷ lệ đoàn viên tham gia đạt 85%.", kind="news")
    assert rate.of == "đoàn viên tham gia"


def test_bounds() -> None:
    got = [(t.value, t.bound) for t in targets(
        "Phấn đấu phát triển ít nhất 500 đoàn viên, tối thiểu 5 CĐCS, không dưới 20 đoàn viên ưu tú, "
        "trên 1.000 lượt người, khoảng 30 suất quà, tối đa 3 lớp.")]
    assert got == [(500, "min"), (5, "min"), (20, "min"), (1000, "min"), (30, "about"), (3, "max")]


def test_a_plan_with_last_years_results_and_this_years_targets() -> None:
    plan = ("I. KẾT QUẢ NĂM 2023\nNăm 2023, toàn tỉnh kết nạp 5.120 đoàn viên, đạt 102,4% kế hoạch; thành lập 41 CĐCS. "
            "Đến 31/12/2023, toàn tỉnh có 1.950 CĐCS với 152.300 đoàn viên.\nII. CHỈ TIÊU\n"
            "1. Phát triển 2.500 đoàn viên, trong đó đoàn viên khu vực ngoài nhà nước 1.800 đoàn viên.\n"
            "2. Thành lập mới 15 CĐCS.\n3. 100% CĐCS mới thành lập được hướng dẫn hoạt động.\n"
            "III. GIẢI PHÁP\n1. Tổ chức 02 đợt cao điểm vào tháng 3 và tháng 7.\n2. Mỗi tháng họp giao ban 01 lần.\n"
            "3. Khen thưởng 20 tập thể, 30 cá nhân có thành tích xuất sắc.\n")
    assert [(t.value, t.unit, t.kind) for t in targets(plan)] == [
        (5120, "đoàn viên", "result"), (Decimal("102.4"), "%", "result"), (41, "CĐCS", "result"),
        (2500, "đoàn viên", "target"), (1800, "đoàn viên", "target"), (15, "CĐCS", "target"), (100, "%", "target"),
        (2, "đợt", "target"),
    ]


def test_per_unit_quota() -> None:
    # seed 003: the quota of each grassroots union, a target with its bound
    [t] = targets("chỉ đạo mỗi công đoàn cơ sở tổ chức được ít nhất 01 hoạt động chào mừng cụ thể")
    assert (t.value, t.unit, t.bound, t.responsible, t.kind) == (1, "hoạt động", "min", "mỗi công đoàn cơ sở", "target")
    assert t.text == "mỗi công đoàn cơ sở tổ chức được ít nhất 01 hoạt động chào mừng cụ thể"


@pytest.mark.parametrize("sentence,period", [
    ("Phấn đấu đến hết năm 2023 phát triển 2.000 đoàn viên.", "đến hết năm 2023"),
    ("Các đơn vị kết nạp 200 đoàn viên trước ngày 10/8/2024.", "trước ngày 10/8/2024"),
    ("Trong 6 tháng đầu năm 2024, toàn tỉnh đã phát triển 3.210 đoàn viên.", "6 tháng đầu năm 2024"),
    ("Phấn đấu kết nạp 200 đoàn viên trong quý III.", "quý III"),
    ("Phát triển 1.000.000 đoàn viên giai đoạn 2023-2028.", "giai đoạn 2023-2028"),
])
def test_period(sentence: str, period: str) -> None:
    [t] = targets(sentence)
    assert t.period == period


def test_kind_from_the_heading_above() -> None:
    # a plan that opens with last year's results; a report with next month's tasks
    plan = ("I. KẾT QUẢ THỰC HIỆN NĂM 2023\n1. Công tác phát triển đoàn viên\nToàn tỉnh kết nạp 2.150 đoàn viên.\n"
            "II. NHIỆM VỤ TRỌNG TÂM NĂM 2024\nKết nạp 2.500 đoàn viên.\n")
    assert [(t.value, t.kind) for t in targets(plan)] == [(2150, "result"), (2500, "target")]
    report = ("I- Kết quả thực hiện nhiệm vụ tháng 4/2026\n4- Công tác lãnh đạo thực hiện nhiệm vụ chính trị\n"
              "Diện tích trồng cỏ 12 ha, hoa màu 7 ha.\nII- Một số nhiệm vụ chủ yếu của tháng 5 năm 2026\n"
              "Tổ chức tuần tra 4 cuộc.\n")
    got = [(t.value, t.kind) for t in targets(report, doc_type="Báo cáo")]
    assert got == [(12, "result"), (7, "result"), (4, "target")]


def test_unknown_unit_found_by_word_segmentation() -> None:
    [t] = targets("Phấn đấu thành lập 15 nghiệp đoàn cơ sở trong năm.")
    assert (t.value, t.unit, t.unit_canonical, t.span.rule) == (15, "nghiệp đoàn", "nghiệp đoàn", "targets.quantity.segmented")
    # underthesea glues "1.191 đoàn viên" into one word: the unit is what follows the number
    [t] = targets("Phấn đấu giới thiệu 1.191 đảng viên mới.")
    assert t.unit == "đảng viên"


def test_provenance_points_at_the_phrase() -> None:
    source = "Năm 2024 phấn đấu\u00a0phát triển 14.600 đoàn viên mới."  # NBSP normalized away
    [t] = targets(source)
    assert source[t.span.source_start : t.span.source_end] == "phát triển 14.600 đoàn viên mới"
    assert t.span.rule == "targets.quantity.vocab"


def test_zone_limits() -> None:
    text = normalize("Phấn đấu kết nạp 100 đoàn viên.\nNơi nhận:\n- Lưu: VT (02 bản).")
    cut = text.text.index("Nơi nhận")
    assert [t.value for t in extract_targets(text, 0, cut, "directive")] == [100]
    assert extract_targets(text, cut, len(text.text), "directive") == []
    assert extract_targets(text, 0, 0, "directive") == []


# --- the dev gold -------------------------------------------------------------------------


def _read(name: str) -> str | None:
    seed = SHARED / "seeds" / name
    if seed.is_file():
        return seed.read_text(encoding="utf-8")
    docx = SHARED / "real-docx" / name
    if docx.is_file():
        from pipeline.ingest import read_source

        return read_source(docx).text
    return None


def without_recipients(raw: str) -> str:
    m = regex.search(r"(?m)^\s*\**\s*Nơi\s+nhận", raw)
    return raw[: m.start()] if m else raw


def _head(unit: str) -> str:
    """FORMAT.md: units compared by their head noun after expansion."""
    u = unit.lower().replace("cđcs", "công đoàn cơ sở").replace("đv", "đoàn viên")
    return " ".join(u.split()[:2])


GOLD_FILES = sorted(GOLD_DEV.glob("*.json")) if GOLD_DEV.is_dir() else []


@pytest.mark.skipif(not GOLD_FILES, reason="../shared/gold/dev is absent")
@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_dev_gold_targets(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    raw = _read(gold["file"])
    if raw is None:
        pytest.skip(f"{gold['file']} is absent")
    text = normalize(without_recipients(raw))
    doc_type = (gold.get("document") or {}).get("doc_type")
    got = extract_targets(text, 0, len(text.text), gold["kind"], doc_type)
    pred = sorted((t.value, _head(t.unit), t.kind) for t in got)
    want = sorted((Decimal(str(g["value"])), _head(g["unit"]), g["kind"]) for g in gold["targets"])
    assert pred == want


# --- real shapes (../shared/gold/real): the kind score and the background features ----------

# fmt: off
REAL_KIND = [
    # (sentence, document kind, doc_year, [(value, unit, kind)]) — source
    ("Công đoàn đã kết nạp mới 3.579 ĐVCĐ, đạt 89,47% kế hoạch (kết nạp mới 4.000 ĐVCĐ).", "news", None,
     [(3579, "ĐVCĐ", "result"), ("89.47", "%", "result"), (4000, "ĐVCĐ", "target")]),          # r031: the plan's figure
    ("Hơn 380 gia đình công nhân, viên chức, lao động đã được tặng quà trong Chương trình.", "directive", None,
     [(380, "gia đình", "result")]),                                                              # r045: "đã được" after
    ("LĐLĐ tỉnh đã vận động được hơn 180 triệu đồng để tổ chức tặng hơn 380 suất quà Tết.", "directive", None,
     [(180000000, "đồng", "result"), (380, "suất quà", "result")]),                             # r045: "để" of what was done
    ("Năm 2023, Cụm thi đua số 2 tiếp tục phối hợp tuyên truyền; kết nạp mới 530 đoàn viên.", "news", None,
     [(530, "đoàn viên", "target")]),                                                             # r034: "tiếp tục"
    ("Tại cuộc họp tổng kết Kế hoạch chăm lo Tết, 100% cấp quận, huyện đều tổ chức.", "news", None,
     [(100, "%", "result")]),                                                                     # r038: the plan reviewed
    ("Trong năm 2022 kết nạp 1.166 đoàn viên.", "directive", 2023, [(1166, "đoàn viên", "result")]),  # last year's figure
    ("Giai đoạn 2025 - 2030 kết nạp 1.166 đoàn viên.", "news", 2024, [(1166, "đoàn viên", "target")]),  # a coming period
]
REAL_BACKGROUND = [
    "Hiện công đoàn có 247 công đoàn cơ sở với gần 95.000 ĐVCĐ trên tổng số gần 110.000 lao động.",  # r031: present state
    "Cụm thi đua số 2 có 14.209 đoàn viên sinh hoạt tại 136 công đoàn cơ sở trực thuộc.",           # r034: a body's size
    "Kết quả, hàng năm có 60 tập thể, hơn 300 cán bộ, đoàn viên công đoàn được các cấp khen thưởng.",  # r043: praised
    "Có 65 Đoàn viên tích cực - CĐCS khen.",                                                          # r051: praised
    "Người lao động tại doanh nghiệp dự kiến nhận được quà 1 triệu đồng dịp Tết.",                    # r037: per person
    "bằng cách nhắn tin gửi 1407 (mỗi tin nhắn ủng hộ 14.000 đồng, phí nhắn tin: 300 đồng/tin).",     # r009: per item, fee
    "cần kết hợp hài hòa giữa 3 Đ trong công tác.",                                                   # r007: not money
    "Tổng số CBCNV: 34 người.",                                                                      # r029: a form's total
    "Hỗ trợ với mức chi dự kiến 1.300.000 đồng cho mỗi người.",                                    # r037, r041: "mức", a rate
]
# fmt: on


@pytest.mark.parametrize("sentence,kind,year,expected", REAL_KIND, ids=[c[0][:50] for c in REAL_KIND])
def test_real_kind_score(sentence: str, kind: str, year: int | None, expected: list[tuple]) -> None:
    text = normalize(sentence)
    got = [(t.value, t.unit, t.kind) for t in extract_targets(text, 0, len(text.text), kind, None, year)]
    assert got == [(D(v), u, k) for v, u, k in expected]


@pytest.mark.parametrize("sentence", REAL_BACKGROUND, ids=[s[:50] for s in REAL_BACKGROUND])
def test_real_background(sentence: str) -> None:
    assert simple(sentence, "news") == []


def test_there_were_is_a_result_a_body_size_is_not() -> None:
    # r051: a report's "+ Có 5 đoàn viên tham gia …" counts what was done; "Cụm … có 14.209 đoàn viên" (r034) is a size
    assert simple("+ Có 5 đoàn viên tham gia Chương trình “1 triệu sáng kiến”.", "directive", "Báo cáo") == [
        (D(5), None, "đoàn viên", "result")]
    assert simple("Doanh nghiệp có 500 lao động.", "news") == []


def test_a_running_total_is_background() -> None:
    # r033, r035: "nâng tổng số … lên 59.508": the output counts, the running total does not
    assert simple("Kết nạp mới 2.000 đoàn viên, nâng tổng số đoàn viên toàn tỉnh lên 59.508 đoàn viên.", "news") == [
        (D(2000), None, "đoàn viên", "result")]


def test_a_figure_stated_twice_is_one_target() -> None:
    # r046, r048: the lead repeated, a total restated with its recipients
    got = simple("Trao tặng nhà Mái ấm cho 32 đoàn viên khó khăn.\nTổng kinh phí đợt trao tặng cho 32 đoàn viên là 970 triệu đồng.",
                 "news")
    assert got == [(D(32), None, "đoàn viên", "result"), (D(970000000), None, "đồng", "result")]
