"""Assignments: units from 'Tổ chức thực hiện' headings and from cue sentences, with their
roles, tasks and deadlines (FORMAT.md "Assignments"), and the dev gold's assignments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex

from pipeline.evaluate import norm_text
from pipeline.extract.assignments import _split_units, canonical, extract_assignments, find_sections
from pipeline.normalize import normalize

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
GOLD_DEV = SHARED / "gold" / "dev"


def assign(zone: str, sections=None, **kw):
    text = normalize(zone)
    return extract_assignments(text, 0, len(text.text), sections, **kw)


def roles(zone: str, **kw) -> dict[str, str]:
    return {a.department: a.role for a in assign(zone, **kw)}


PLAN = """I. MỤC ĐÍCH, YÊU CẦU
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
"""


def test_plan_assignments() -> None:
    got = roles(PLAN)
    assert got == {
        "Ban Tổ chức - Kiểm tra": "lead",                                  # heading, "Chủ trì …" (seed 001)
        "Ban Chính sách pháp luật và Quan hệ lao động": "support",         # heading, "Phối hợp …" (seed 001)
        "Văn phòng": "execute",                                            # heading, other tasks (seed 003)
        "Liên đoàn Lao động huyện, thành phố": "execute",                  # heading with its task after ':' (seed 001)
        "Ban Tuyên giáo - Nữ công": "lead",                                # "Giao … theo dõi, đôn đốc" (seed 000)
        "Các Ban Liên đoàn Lao động tỉnh": "support",                      # "… phối hợp với …" (seed 000)
        "Công đoàn ngành": "execute",                                      # "Đề nghị …", asked to report
        "Công đoàn Viên chức tỉnh": "execute",
    }
    # a unit only mentioned ("phối hợp với Ban …", "về LĐLĐ tỉnh", "(qua …)") is not given a task by that
    assert "Liên đoàn Lao động tỉnh" not in got


def test_tasks_deadline_and_span() -> None:
    found = {a.department: a for a in assign(PLAN)}
    vp = found["Văn phòng"]
    assert vp.tasks == ["Tham mưu bố trí kinh phí.", "Tổng hợp báo cáo trước ngày 10/8/2024."]
    assert vp.deadline == "trước ngày 10/8/2024"
    assert vp.span.rule == "assignments.heading"
    assert PLAN[vp.span.source_start : vp.span.source_end].startswith("3. Văn phòng")
    tg = found["Ban Tuyên giáo - Nữ công"]
    assert tg.tasks == ["theo dõi, đôn đốc việc thực hiện kế hoạch này."]
    assert tg.span.rule == "assignments.cue"
    assert PLAN[tg.span.source_start : tg.span.source_end] == "Ban Tuyên giáo - Nữ công"


# fmt: off
SENTENCES = [
    # (zone, {department: role}) — the source of each shape
    ("4. Tổ chức thực hiện\nGiao Ban Tổ chức - Kiểm tra theo dõi, đôn đốc triển khai thực hiện kế hoạch này.",
     {"Ban Tổ chức - Kiểm tra": "lead"}),                                              # seed 000
    ("4. Tổ chức thực hiện\nGiao Văn phòng chủ trì, phối hợp với các ban chuẩn bị kinh phí.",
     {"Văn phòng": "lead"}),                                                           # FORMAT.md "Giao Ban … chủ trì"
    ("4. Tổ chức thực hiện\nGiao Ban Tài chính bố trí kinh phí.", {"Ban Tài chính": "execute"}),  # giao without chủ trì
    ("4. Tổ chức thực hiện\nCác Ban LĐLĐ tỉnh phối hợp với Ban Tổ chức - Kiểm tra để triển khai các nhiệm vụ.",
     {"Các Ban Liên đoàn Lao động tỉnh": "support"}),                                 # seed 000: the other Ban is only mentioned
    ("4. Tổ chức thực hiện\nLiên đoàn Lao động huyện, thành phố; Công đoàn ngành căn cứ tình hình thực tế triển khai thực hiện.",
     {"Liên đoàn Lao động huyện, thành phố": "execute", "Công đoàn ngành": "execute"}),  # seed 000, two units
    ("Đề nghị LĐLĐ các huyện, thành phố báo cáo kết quả về LĐLĐ tỉnh trước ngày 15/12/2024.",
     {"Liên đoàn Lao động các huyện, thành phố": "execute"}),                         # FORMAT.md "đề nghị LĐLĐ các huyện …"
    ("Ban Thường vụ Liên đoàn Lao động tỉnh đã chỉ đạo LĐLĐ huyện, Công đoàn ngành, Công đoàn Viên chức tỉnh tích cực tham mưu cho cấp ủy.",
     {"Liên đoàn Lao động huyện": "execute", "Công đoàn ngành": "execute",
      "Công đoàn Viên chức tỉnh": "execute"}),                                        # seed 004 (news), ×3
    ("Ban Thường vụ LĐLĐ tỉnh yêu cầu các ban LĐLĐ tỉnh, LĐLĐ các huyện, Thành phố, các Công đoàn ngành, Công đoàn Viên chức tỉnh nghiêm túc triển khai thực hiện.",
     {"Các Ban Liên đoàn Lao động tỉnh": "execute", "Liên đoàn Lao động các huyện, thành phố": "execute",
      "Công đoàn ngành": "execute", "Công đoàn Viên chức tỉnh": "execute"}),         # seed 003 closing sentence
    ("Trưởng Ban chỉ đạo đề nghị: Từng thành viên tiếp tục góp ý; Lưu ý các Công đoàn cấp trên trực tiếp cơ sở cần thực hiện các nhiệm vụ sau:",
     {"Công đoàn cấp trên trực tiếp cơ sở": "execute"}),                             # seed 002 (news); members are not units
    ("III. TỔ CHỨC THỰC HIỆN\n- Ban Tổ chức - Kiểm tra: chủ trì tham mưu triển khai.\n"
     "- Ban Tuyên giáo - Nữ công: phối hợp tuyên truyền.\n- Văn phòng: bố trí kinh phí.",
     {"Ban Tổ chức - Kiểm tra": "lead", "Ban Tuyên giáo - Nữ công": "support", "Văn phòng": "execute"}),  # bullets 'Unit: task'
    ("IV. PHÂN CÔNG NHIỆM VỤ\n1. Ban Quản lý dự án\nChủ trì lập hồ sơ.\n2. Trung tâm Tư vấn pháp luật\nTư vấn cho người lao động.",
     {"Ban Quản lý dự án": "lead", "Trung tâm Tư vấn pháp luật": "execute"}),        # units outside the vocabulary
    ("Ban công tác Mặt trận và các chi tổ hội tham gia sinh hoạt đúng theo quy chế.",
     {"Ban Công tác Mặt trận": "execute", "Các chi, tổ hội": "execute"}),             # baocao_chibo
    ("III. TỔ CHỨC THỰC HIỆN VÀ CHẾ ĐỘ BÁO CÁO\n1. Đối với LĐLĐ các huyện, thị xã, thành phố\n- Xây dựng kế hoạch.\n"
     "2. Đối với công đoàn cơ sở\n- Tuyên truyền, vận động người lao động.",
     {"Liên đoàn Lao động các huyện, thị xã, thành phố": "execute", "Công đoàn cơ sở": "execute"}),  # "Đối với …" headings
    ("Nội dung\nCác cấp công đoàn đẩy mạnh tuyên truyền.\nTỔ CHỨC THỰC HIỆN\n"
     "Ban Tổ chức - Kiểm tra chủ trì tham mưu triển khai kế hoạch.\nĐề nghị UBND các huyện chỉ đạo triển khai.",
     {"Ban Tổ chức - Kiểm tra": "lead", "Ủy ban nhân dân các huyện": "execute"}),      # an unnumbered part heading
    ("Sáng 12/3, Liên đoàn Lao động tỉnh tổ chức hội nghị. Ban Tổ chức - Kiểm tra đã tham mưu tổ chức thành công.",
     {}),                                                                              # news: what a unit did is no task
    ("Phối hợp với Ban Ban Tổ chức - Kiểm tra in tài liệu phục vụ công tác tuyên truyền.", {}),  # only mentioned
    ("Báo cáo kết quả về Liên đoàn Lao động tỉnh (qua Ban Tuyên giáo - Nữ công).", {}),  # recipients of a report
    ("Chiều ngày 15/5/2024 Ban chỉ đạo họp bàn giải pháp phát triển đoàn viên.", {}),     # the issuer's own organ meeting
    ("xây dựng Công đoàn Việt Nam vững mạnh, yêu cầu hội nhập quốc tế.", {}),              # "yêu cầu" without a unit
]
# fmt: on


@pytest.mark.parametrize("zone,expected", SENTENCES, ids=[s[0][:50] for s in SENTENCES])
def test_sentences(zone: str, expected: dict[str, str]) -> None:
    assert roles(zone) == expected


def test_group_heading_is_given_as_its_members() -> None:
    # seed 003: "1. Các Ban Liên đoàn Lao động tỉnh" over 1.1 … 1.4; the closing "yêu cầu các ban LĐLĐ tỉnh"
    zone = ("IV. TỔ CHỨC THỰC HIỆN\n1. Các Ban Liên đoàn Lao động tỉnh\n1.1. Ban Tuyên giáo - Nữ công\n"
            "- Chủ trì tham mưu ban hành Kế hoạch.\n1.2. Văn phòng\n- Tham mưu bảo đảm kinh phí.\n"
            "2. Công đoàn cấp trên trực tiếp cơ sở\n- Căn cứ Kế hoạch triển khai các hoạt động.\n"
            "Trên đây là Kế hoạch, Ban Thường vụ LĐLĐ tỉnh yêu cầu các ban LĐLĐ tỉnh, các Công đoàn ngành nghiêm túc "
            "triển khai thực hiện và báo cáo kết quả trước ngày 10/8/2024.")
    found = {a.department: a for a in assign(zone)}
    assert {k: a.role for k, a in found.items()} == {
        "Ban Tuyên giáo - Nữ công": "lead", "Văn phòng": "execute",
        "Công đoàn cấp trên trực tiếp cơ sở": "execute", "Công đoàn ngành": "execute",
    }
    # the closing paragraph belongs to no section
    assert found["Công đoàn cấp trên trực tiếp cơ sở"].deadline is None
    assert found["Công đoàn ngành"].deadline == "trước ngày 10/8/2024"


def test_listed_tasks_after_a_colon() -> None:
    zone = ("Lưu ý các Công đoàn cấp trên trực tiếp cơ sở cần thực hiện các nhiệm vụ sau:\n\n"
            "- Tiếp tục quán triệt Chương trình số 17-CTr/TU.\n\n- Tập trung rà soát những doanh nghiệp chưa có tổ chức Công đoàn.\n\n"
            "K.D")
    [a] = assign(zone)
    assert a.tasks == ["cần thực hiện các nhiệm vụ sau:", "Tiếp tục quán triệt Chương trình số 17-CTr/TU.",
                       "Tập trung rà soát những doanh nghiệp chưa có tổ chức Công đoàn."]


def test_sections_given_or_found_agree() -> None:
    text = normalize(PLAN)
    found = find_sections(text, 0, len(text.text))
    assert any(h == "TỔ CHỨC THỰC HIỆN" for _, _, _, h in found)
    a = extract_assignments(text, 0, len(text.text), found)
    b = extract_assignments(text, 0, len(text.text), None)
    assert [(x.department, x.role) for x in a] == [(x.department, x.role) for x in b]


def test_issuer_and_exclusions() -> None:
    zone = "Đề nghị Liên đoàn Lao động huyện Yên Định, Công đoàn ngành triển khai thực hiện."
    assert set(roles(zone, issuer="Liên đoàn Lao động huyện Yên Định")) == {"Công đoàn ngành"}
    text = normalize(zone)
    assert extract_assignments(text, 0, len(text.text), None, exclude=[(0, len(text.text))]) == []


def test_fuller_plural_name_from_the_zone() -> None:
    # seed 001: the heading "5. Liên đoàn Lao động huyện, Thành phố" names the unit the zone lists as
    # "LĐLĐ các huyện, Thành phố": one unit, under its fuller name
    zone = ("III. THÀNH PHẦN\n- LĐLĐ các huyện, Thành phố.\nIV. TỔ CHỨC THỰC HIỆN\n"
            "1. Văn phòng\nChủ trì chuẩn bị các điều kiện.\n"
            "2. Liên đoàn Lao động huyện, Thành phố: Căn cứ kế hoạch, rà soát các đơn vị.")
    assert roles(zone) == {"Văn phòng": "lead", "Liên đoàn Lao động các huyện, thành phố": "execute"}


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
        ("Ban Quản lý dự án chủ trì lập hồ sơ", ["Ban Quản lý dự án"]),
        ("hội nhập quốc tế", []),  # not a unit: lower-case, no "các"
    ],
)
def test_split_units(phrase: str, units: list[str]) -> None:
    assert _split_units(phrase) == units


@pytest.mark.parametrize(
    "raw,name",
    [
        ("Ban Ban Tổ chức - Kiểm tra", "Ban Tổ chức - Kiểm tra"),         # seed 001 typo
        ("Ban TC-KT", "Ban Tổ chức - Kiểm tra"),                           # abbreviation
        ("Ban tổ chức - Kiểm tra", "Ban Tổ chức - Kiểm tra"),              # case (seed 001)
        ("Ban Tổ chức – Kiểm tra", "Ban Tổ chức - Kiểm tra"),              # dash variant
        ("Ban Tổ chức-Kiểm tra", "Ban Tổ chức - Kiểm tra"),                # no spaces around the dash
        ("Ban chính sách pháp luật và quan hệ lao động", "Ban Chính sách pháp luật và Quan hệ lao động"),
        ("các Công đoàn ngành", "Công đoàn ngành"),
        ("các ban LĐLĐ tỉnh", "Các Ban Liên đoàn Lao động tỉnh"),
        ("LĐLĐ các huyện, Thành phố", "Liên đoàn Lao động các huyện, thành phố"),
        ("LĐLĐ huyện", "Liên đoàn Lao động huyện"),
        ("CĐ Viên chức tỉnh", "Công đoàn Viên chức tỉnh"),
        ("Ban công tác MT", "Ban Công tác Mặt trận"),
        ("Ban Quản lý dự án", "Ban Quản lý dự án"),                        # not in the vocabulary: kept, cleaned
        ("LĐLĐ các quận, Thị xã", "Liên đoàn Lao động các quận, thị xã"),  # not in the vocabulary: expanded
    ],
)
def test_canonical_department(raw: str, name: str) -> None:
    assert canonical(raw) == name


def test_spacy_component_passes_the_sections(extract) -> None:
    # the whole pipeline: pipeline.nlp hands the segmenter's sections to extract_assignments
    text = ("Ban Thường vụ Liên đoàn Lao động tỉnh Quảng Trị tăng cường phát triển đoàn viên\n\n"
            "Ban Thường vụ Liên đoàn Lao động tỉnh đã chỉ đạo LĐLĐ huyện, Công đoàn ngành, Công đoàn Viên chức tỉnh "
            "tích cực tham mưu cho cấp ủy, chính quyền đồng cấp.\n")
    got = [(a.department, a.role) for a in extract(text).assignments]
    assert got == [("Liên đoàn Lao động huyện", "execute"), ("Công đoàn ngành", "execute"),
                   ("Công đoàn Viên chức tỉnh", "execute")]


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


GOLD_FILES = sorted(GOLD_DEV.glob("*.json")) if GOLD_DEV.is_dir() else []


@pytest.mark.skipif(not GOLD_FILES, reason="../shared/gold/dev is absent")
@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_dev_gold_assignments(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    raw = _read(gold["file"])
    if raw is None:
        pytest.skip(f"{gold['file']} is absent")
    text = normalize(without_recipients(raw))
    got = extract_assignments(text, 0, len(text.text), None, kind=gold["kind"], doc_type=gold["document"]["doc_type"])
    assert {norm_text(a.department): a.role for a in got} == {
        norm_text(g["department"]): g["role"] for g in gold["assignments"]
    }


# --- real shapes (../shared/gold/real): the grammar of unit names --------------------------

# fmt: off
REAL_SHAPES = [
    # a công văn's Kính gửi groups, one bullet each, "các" before a named body dropped (r001, r002, r011, r014)
    ("Kính gửi:\n- Các Liên đoàn Lao động tỉnh, thành phố;\n"
     "- Các Công đoàn ngành Trung ương và tương đương, Công đoàn Tổng Công ty trực thuộc Tổng Liên đoàn;\n"
     "- Các Ban, đơn vị trực thuộc Tổng Liên đoàn.\n\nThực hiện Kế hoạch số 368/KH-TLĐ, Tổng Liên đoàn đề nghị "
     "các Liên đoàn Lao động tỉnh, thành phố, Công đoàn Tổng Công ty thông báo rộng rãi.",
     {}, {"Liên đoàn Lao động tỉnh, thành phố": "execute", "Công đoàn ngành Trung ương và tương đương": "execute",
          "Công đoàn Tổng Công ty trực thuộc Tổng Liên đoàn": "execute",
          "Các Ban, đơn vị trực thuộc Tổng Liên đoàn": "execute"}),
    # glued to the title line, names lower-cased by the page: each bullet is names only (r002)
    ("V/v hướng dẫn điều chỉnh nhiệm kỳ Đại hội công đoàn cơ sởKính gửi:\n\n- Các liên đoàn lao động tỉnh, thành phố;\n\n"
     "- Các công đoàn tổng công ty trực thuộc Tổng Liên đoàn.\nCăn cứ Điều lệ.",
     {}, {"Liên đoàn Lao động tỉnh, thành phố": "execute", "Công đoàn tổng công ty trực thuộc Tổng Liên đoàn": "execute"}),
    # a Kính gửi list ends where the letter's text begins, even without a blank line
    ("Kính gửi:\n- Ban Giám đốc Công ty TNHH Giày Phú Lợi\n- Ban Chấp hành Công đoàn cơ sở Công ty.\n"
     "Ban Thường vụ LĐLĐ huyện đề nghị Ban Chấp hành CĐCS phối hợp với Ban Giám đốc tổ chức đối thoại.",
     {}, {"Ban Giám đốc Công ty TNHH Giày Phú Lợi": "execute", "Ban Chấp hành Công đoàn cơ sở Công ty": "execute"}),
    # a report's Kính gửi are its readers (r030)
    ("Kính gửi: Ban Thường vụ Công đoàn Giáo dục huyện.\nKết quả thực hiện như sau.", {"doc_type": "Báo cáo"}, {}),
    # Điều 3 of a Quyết định: offices dropped, each unit, abbreviations expanded (r003, r057, r058, r060)
    ("Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Lao động - Thương binh và Xã hội; Giám đốc, Thủ trưởng các sở, "
     "ban, ngành, đoàn thể cấp tỉnh; Chủ tịch UBND các huyện, thị xã, các cơ quan, doanh nghiệp, hợp tác xã và các tổ "
     "chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.",
     {"doc_type": "Quyết định"},
     {"Văn phòng Ủy ban nhân dân tỉnh": "execute", "Sở Lao động - Thương binh và Xã hội": "execute",
      "Các sở, ban, ngành, đoàn thể cấp tỉnh": "execute", "Ủy ban nhân dân các huyện, thị xã": "execute",
      "Các cơ quan, doanh nghiệp, hợp tác xã và các tổ chức, cá nhân có liên quan": "execute"}),
    ("Điều 3: Các ban, đơn vị trực thuộc Tổng Liên đoàn, LĐLĐ các tỉnh, thành phố; Công đoàn ngành TW; công đoàn các cấp "
     "chịu trách nhiệm thi hành Quyết định này.",
     {"doc_type": "Quyết định"},
     {"Các Ban, đơn vị trực thuộc Tổng Liên đoàn": "execute", "Liên đoàn Lao động các tỉnh, thành phố": "execute",
      "Công đoàn ngành Trung ương": "execute", "Công đoàn các cấp": "execute"}),
    # the Quyết định: offices, "Các Ban", persons closing the list; a name ends a plural list (FORMAT.md)
    ("Điều 3. Chánh Văn phòng, Trưởng các Ban, Thủ trưởng các đơn vị trực thuộc LĐLĐ tỉnh và các ông (bà) có tên tại "
     "Điều 1 chịu trách nhiệm thi hành Quyết định này.",
     {"doc_type": "Quyết định"},
     {"Văn phòng": "execute", "Các Ban": "execute", "Các đơn vị trực thuộc Liên đoàn Lao động tỉnh": "execute"}),
    ("Điều 3. Chánh Văn phòng, Trưởng các Ban Liên đoàn Lao động tỉnh và các đơn vị có liên quan chịu trách nhiệm "
     "thi hành Quyết định này.",
     {"doc_type": "Quyết định"},
     {"Văn phòng": "execute", "Các Ban Liên đoàn Lao động tỉnh": "execute", "Các đơn vị có liên quan": "execute"}),
    # direction cues; the directed unit's own "tăng cường chỉ đạo …" is its task (r009, seed 004)
    ("Tổng Liên đoàn Lao động Việt Nam yêu cầu:\n1. Các đồng chí Chủ tịch LĐLĐ các tỉnh, thành phố, CĐ ngành T.Ư, "
     "CĐ Tổng Cty trực thuộc TLĐ tăng cường chỉ đạo sát sao các cấp CĐ trực thuộc tuyên truyền.",
     {}, {"Liên đoàn Lao động các tỉnh, thành phố": "execute", "Công đoàn ngành Trung ương": "execute",
          "Công đoàn Tổng Công ty trực thuộc Tổng Liên đoàn": "execute"}),
    # a news article: only its direction cues (r035, r039, r043)
    ("Liên đoàn Lao động tỉnh hướng dẫn Liên đoàn Lao động các huyện, thành, thị, ngành tham mưu cho cấp ủy. "
     "Các công đoàn cơ sở phối hợp chặt chẽ với chính quyền.",
     {"kind": "news"}, {"Liên đoàn Lao động các huyện, thành, thị, ngành": "execute"}),
    # an obligation directs even in a text read as news; a description does not (r021, r043)
    ("1 Hiệu trưởng có trách nhiệm thông tin kịp thời.\nCác công đoàn cơ sở phối hợp chặt chẽ với chính quyền.",
     {"kind": "news"}, {"Hiệu trưởng": "execute"}),
    # a word or two between the cue and its plural object; "chỉ đạo của các cấp" is no direction (r016, r040)
    ("Ban Thường vụ LĐLĐ quận hướng dẫn thống nhất các Công đoàn cơ sở thực hiện thu, chi.\n"
     "Kế hoạch nhằm đánh giá công tác chỉ đạo của các cấp Công đoàn đối với phong trào.",
     {"doc_type": "Hướng dẫn"}, {"Các Công đoàn cơ sở": "execute"}),
    # a unit that is to direct others is given that task; the issuing level that guides is not (r002, r015)
    ("2. UBND các huyện, thị xã chỉ đạo các phòng chuyên môn triển khai thực hiện.\n"
     "3. Liên đoàn Lao động Thành phố hướng dẫn các cấp công đoàn xây dựng dự toán.",
     {"doc_type": "Kế hoạch", "issuer": "Liên đoàn Lao động thành phố Hà Nội"},
     {"Ủy ban nhân dân các huyện, thị xã": "execute", "Các cấp công đoàn": "execute"}),
    # duties of a Quy chế, labelled lines, a bare head and back-references left out (r011, r013, r021, r022)
    ("1 Hiệu trưởng có trách nhiệm thông tin kịp thời.\n2 Ban chấp hành công đoàn có trách nhiệm và chủ động phối hợp.\n"
     "(2)2.Công đoàn có trách nhiệm cử người đại diện.\nA. Ban giám hiệu : Coi Ban chấp hành Công đoàn là người đại diện.\n"
     "1. Công đoàn các đơn vị căn cứ vào điều kiện thực tế.",
     {"doc_type": "Quy chế"},
     {"Hiệu trưởng": "execute", "Ban Chấp hành công đoàn": "execute", "Ban Giám hiệu": "execute"}),
]
# fmt: on


def test_fuller_name_by_its_level_from_the_zone() -> None:
    # r022 (as seed 001's "LĐLĐ các huyện"): the unit given as "Ban chấp hành Công đoàn" is written in full elsewhere
    zone = ("Ban chấp hành Công đoàn cơ sở và Ban giám hiệu thống nhất mục tiêu chung:\nII. NHIỆM VỤ CỤ THỂ:\n"
            "A. Ban giám hiệu : Coi Ban chấp hành Công đoàn là người đại diện.\nB. Ban chấp hành Công đoàn : Vận động đoàn viên.")
    assert {norm_text(k) for k in roles(zone, doc_type="Quy chế")} == {
        norm_text("Ban Giám hiệu"), norm_text("Ban Chấp hành Công đoàn cơ sở")}


def test_role_from_a_heading_that_holds_its_task() -> None:
    # "1. Ban … chủ trì, phối hợp …" / "4. Đề nghị …, Sở … phối hợp thực hiện": the task follows the names on the heading line
    zone = ("IV. TỔ CHỨC THỰC HIỆN\n1. Ban Tuyên giáo LĐLĐ tỉnh chủ trì, phối hợp với các ban liên quan tham mưu.\n"
            "2. Văn phòng LĐLĐ tỉnh bảo đảm kinh phí.\n"
            "3. Đề nghị Ủy ban Mặt trận Tổ quốc tỉnh, Sở Lao động - Thương binh và Xã hội phối hợp thực hiện.")
    assert roles(zone, issuer="Liên đoàn Lao động tỉnh Quảng Nam") == {
        "Ban Tuyên giáo Liên đoàn Lao động tỉnh": "lead", "Văn phòng Liên đoàn Lao động tỉnh": "execute",
        "Ủy ban Mặt trận Tổ quốc tỉnh": "support", "Sở Lao động - Thương binh và Xã hội": "support"}


@pytest.mark.parametrize("zone,kw,expected", REAL_SHAPES, ids=[s[0][:40] for s in REAL_SHAPES])
def test_real_shapes(zone: str, kw: dict[str, str], expected: dict[str, str]) -> None:
    got = {norm_text(a.department): a.role for a in assign(zone, **kw)}
    assert got == {norm_text(k): v for k, v in expected.items()}


@pytest.mark.parametrize(
    "phrase,units",
    [
        ("Ban Nữ công - Tuyên giáo, Ban Tổ chức chủ trì", ["Ban Nữ công - Tuyên giáo", "Ban Tổ chức"]),
        ("Giám đốc Sở Kế hoạch và Đầu tư, Giám đốcSở Tài chính căn cứ", ["Sở Kế hoạch và Đầu tư", "Sở Tài chính"]),
        ("Chủ tịch UBND huyện, thị xãcăn cứ quyết định thi hành", ["UBND huyện, thị xã"]),  # a lost space
        ("Công đoàn các trường đại học, trường cao đẳng sư phạm và các đơn vị trực thuộc thực hiện",
         ["Công đoàn các trường đại học, trường cao đẳng sư phạm và các đơn vị trực thuộc"]),
        ("BGH chủ động phối hợp với BCHCĐ tổ chức", ["BGH"]),
    ],
)
def test_unit_grammar(phrase: str, units: list[str]) -> None:
    assert _split_units(phrase) == units
