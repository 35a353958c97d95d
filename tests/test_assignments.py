"""Assignments: units from 'Tổ chức thực hiện' headings and from cue sentences, with roles."""

from __future__ import annotations

import pytest

from pipeline.extract.assignments import _split_units, canonical

PLAN = """Số: 12/KH-LĐLĐ
Lai Châu, ngày 02 tháng 5 năm 2024
KẾ HOẠCH
Phát triển đoàn viên năm 2024

I. MỤC ĐÍCH, YÊU CẦU
1. Tổ chức triển khai Tháng cao điểm.

II. TỔ CHỨC THỰC HIỆN
1. Ban tổ chức - Kiểm tra
Chủ trì phối hợp với các ban tham mưu cho Ban chỉ đạo thực hiện khảo sát.
2. Ban chính sách pháp luật và quan hệ lao động
Phối hợp với Ban Tổ chức - Kiểm tra rà soát tình hình lao động.
3. Văn phòng
- Tham mưu bố trí kinh phí.
- Tổng hợp báo cáo trước ngày 10/8/2024.
4. Liên đoàn Lao động huyện, Thành phố: Căn cứ kế hoạch, rà soát các doanh nghiệp trên địa bàn.
Giao Ban Tuyên giáo - Nữ công theo dõi, đôn đốc việc thực hiện kế hoạch này. Các Ban LĐLĐ tỉnh phối hợp với Ban Tổ chức - Kiểm tra triển khai. Đề nghị Công đoàn ngành, Công đoàn Viên chức tỉnh báo cáo kết quả về LĐLĐ tỉnh (qua Ban Tổ chức - Kiểm tra).

TM. BAN THƯỜNG VỤ
CHỦ TỊCH
Hoàng Thọ Trung
"""


def test_plan_assignments(extract) -> None:
    rec = extract(PLAN)
    got = {a.department: a.role for a in rec.assignments}
    assert got == {
        "Ban Tổ chức - Kiểm tra": "lead",                                  # heading, "Chủ trì …"
        "Ban Chính sách pháp luật và Quan hệ lao động": "support",         # heading, "Phối hợp …"
        "Văn phòng": "execute",                                            # heading, other tasks
        "Liên đoàn Lao động huyện, thành phố": "execute",                  # heading with its task after ':'
        "Ban Tuyên giáo - Nữ công": "lead",                                # "Giao … theo dõi, đôn đốc"
        "Các Ban Liên đoàn Lao động tỉnh": "support",                      # "… phối hợp với …"
        "Công đoàn ngành": "execute",                                      # "Đề nghị …"
        "Công đoàn Viên chức tỉnh": "execute",
    }
    vp = next(a for a in rec.assignments if a.department == "Văn phòng")
    assert vp.tasks == ["Tham mưu bố trí kinh phí.", "Tổng hợp báo cáo trước ngày 10/8/2024."]
    assert vp.deadline == "trước ngày 10/8/2024"
    # a unit only mentioned ("phối hợp với Ban …", "về LĐLĐ tỉnh", "(qua …)") is not given a task by that
    assert "Liên đoàn Lao động tỉnh" not in got


@pytest.mark.parametrize(
    "phrase,units",
    [
        ("Liên đoàn Lao động huyện, thành phố; Công đoàn ngành căn cứ tình hình",
         ["Liên đoàn Lao động huyện, thành phố", "Công đoàn ngành"]),
        ("LĐLĐ huyện, Công đoàn ngành, Công đoàn Viên chức tỉnh tích cực tham mưu",
         ["LĐLĐ huyện", "Công đoàn ngành", "Công đoàn Viên chức tỉnh"]),
        ("các ban LĐLĐ tỉnh, LĐLĐ các huyện, Thành phố, các Công đoàn ngành nghiêm túc triển khai",
         ["các ban LĐLĐ tỉnh", "LĐLĐ các huyện, Thành phố", "các Công đoàn ngành"]),
        ("Ban Chính sách pháp luật và Quan hệ lao động", ["Ban Chính sách pháp luật và Quan hệ lao động"]),
        ("hội nhập quốc tế", []),  # not a unit: lower-case, no "các"
    ],
)
def test_split_units(phrase: str, units: list[str]) -> None:
    assert _split_units(phrase) == units


@pytest.mark.parametrize(
    "raw,name",
    [
        ("Ban Ban Tổ chức - Kiểm tra", "Ban Tổ chức - Kiểm tra"),
        ("Ban TC-KT", "Ban Tổ chức - Kiểm tra"),
        ("Ban tổ chức - Kiểm tra", "Ban Tổ chức - Kiểm tra"),
        ("các Công đoàn ngành", "Công đoàn ngành"),
        ("LĐLĐ các huyện, Thành phố", "Liên đoàn Lao động các huyện, thành phố"),
        ("Ban công tác MT", "Ban Công tác Mặt trận"),
        ("Ban Quản lý dự án", "Ban Quản lý dự án"),  # not in the vocabulary: kept, cleaned
    ],
)
def test_canonical_department(raw: str, name: str) -> None:
    assert canonical(raw) == name


def test_news_cues(extract) -> None:
    text = ("Ban Thường vụ Liên đoàn Lao động tỉnh Quảng Trị tăng cường phát triển đoàn viên\n\n"
            "Ban Thường vụ Liên đoàn Lao động tỉnh đã chỉ đạo LĐLĐ huyện, Công đoàn ngành, Công đoàn Viên chức tỉnh "
            "tích cực tham mưu cho cấp ủy, chính quyền đồng cấp.\n")
    got = [(a.department, a.role) for a in extract(text).assignments]
    assert got == [("Liên đoàn Lao động huyện", "execute"), ("Công đoàn ngành", "execute"), ("Công đoàn Viên chức tỉnh", "execute")]


def test_bullet_units_with_their_task_after_a_colon(extract) -> None:
    text = ("Số: 12/KH-LĐLĐ\nLai Châu, ngày 02 tháng 5 năm 2024\nKẾ HOẠCH\nTháng Công nhân\n\n"
            "III. TỔ CHỨC THỰC HIỆN\n- Ban Tổ chức - Kiểm tra: chủ trì tham mưu triển khai.\n"
            "- Ban Tuyên giáo - Nữ công: phối hợp tuyên truyền.\n- Văn phòng: bố trí kinh phí.\n")
    got = {a.department: a.role for a in extract(text).assignments}
    assert got == {"Ban Tổ chức - Kiểm tra": "lead", "Ban Tuyên giáo - Nữ công": "support", "Văn phòng": "execute"}
