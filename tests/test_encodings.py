"""Vietnamese .txt decoding: every encoding an archive meets decodes back exactly, legacy
TCVN3/VNI mojibake is repaired, normal Unicode text is never touched, binary raises."""

from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path

import pytest

from pipeline.ingest import read_source
from pipeline.ingest.encodings import (
    BINARY_MESSAGE,
    DATA_PATH,
    _decode_tcvn3,
    _decode_vni,
    decode_bytes,
    encode_legacy,
    repair_mojibake,
    vietnamese_score,
)

from .fixtures import to_cp1258

SENTENCES = [
    "Liên đoàn Lao động tỉnh Lai Châu ban hành kế hoạch phát triển đoàn viên năm 2024",
    "Căn cứ Kế hoạch số 17/KH-TLĐ, ngày 05/02/2024 của Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam",
    "Ban Thường vụ Công đoàn ngành Giáo dục đề nghị các công đoàn cơ sở tổ chức thực hiện nghiêm túc, "
    "báo cáo kết quả về Thường trực trước ngày 30 tháng 11 năm 2024.",
    "Người lao động được hưởng đầy đủ chế độ bảo hiểm xã hội; quỹ phúc lợi dùng để hỗ trợ đoàn viên "
    "có hoàn cảnh khó khăn, khuyến khích khởi nghiệp và giữ vững ổn định.",
]
DOCUMENT = "\n".join([
    "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
    "Số: 35/KH-LĐLĐ",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Lai Châu, ngày 17 tháng 6 năm 2024",
    "",
    "KẾ HOẠCH",
    "Triển khai Tháng cao điểm phát triển đoàn viên",
    *SENTENCES,
    "Nơi nhận:",
    "- Như trên;",
    "- Lưu: VT.",
    "TM. BAN THƯỜNG VỤ",
    "CHỦ TỊCH",
    "",
])
ENCODERS = {
    "utf-8": (lambda s: s.encode("utf-8"), "utf-8"),
    "utf-8-sig": (lambda s: s.encode("utf-8-sig"), "utf-8-sig"),
    "utf-16": (lambda s: s.encode("utf-16"), "utf-16-le"),
    "utf-16-be-bom": (lambda s: b"\xfe\xff" + s.encode("utf-16-be"), "utf-16-be"),
    "utf-16-le-no-bom": (lambda s: s.encode("utf-16-le"), "utf-16-le"),
    "utf-16-be-no-bom": (lambda s: s.encode("utf-16-be"), "utf-16-be"),
    "utf-32": (lambda s: s.encode("utf-32"), "utf-32-le"),
    "cp1258": (to_cp1258, "cp1258"),
    "tcvn3": (lambda s: encode_legacy(s, "tcvn3"), "tcvn3"),
    "vni": (lambda s: encode_legacy(s, "vni"), "vni"),
}


# --- decode_bytes -------------------------------------------------------------------------


@pytest.mark.parametrize("text", [*SENTENCES, DOCUMENT])
@pytest.mark.parametrize("name", list(ENCODERS))
def test_decode_round_trip(name: str, text: str) -> None:
    encode, label = ENCODERS[name]
    data = encode(text)
    decoded, encoding, warnings = decode_bytes(data)
    assert decoded == text
    assert encoding == label
    if label in ("cp1258", "tcvn3", "vni"):  # chosen by plausibility, and said so
        assert any("not UTF-8" in w for w in warnings)
        assert not any("uncertain" in w for w in warnings)


def test_cp1258_is_composed() -> None:
    data = to_cp1258("Việt Nam")
    assert "\u0323".encode("cp1258") in data  # the tone really is a separate byte
    text, _, _ = decode_bytes(data)
    assert text == "Việt Nam" and unicodedata.is_normalized("NFC", text)


def test_choice_is_by_plausibility_not_order() -> None:
    """Each legacy byte string also decodes without error as every other 8-bit candidate;
    the winner is the one that reads as Vietnamese."""
    text = SENTENCES[1]
    for enc in ("tcvn3", "vni"):
        data = encode_legacy(text, enc)
        assert data.decode("cp1258")  # a valid but wrong reading exists
        assert decode_bytes(data)[1] == enc
    assert vietnamese_score(text) > 1.0
    assert vietnamese_score(encode_legacy(text, "tcvn3").decode("cp1258")) < 0.5
    assert vietnamese_score(encode_legacy(text, "vni").decode("cp1258")) < 0.5


def test_tcvn3_capital_font_headings_come_back_in_capitals() -> None:
    """TCVN3 has no codes for capitals with tones: a .VnTimeH heading is typed as ASCII
    capitals plus lower-case toned codes ("CéNG HßA"); the words come back in capitals,
    while Title-case words ("Số") stay as they are."""
    heading = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 17/KH-TLĐ về BÁO CÁO"
    data = encode_legacy(heading, "tcvn3")
    assert data.startswith("CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM".encode("cp1252"))
    assert decode_bytes(data)[0] == heading


def test_tables_cover_all_134_letters() -> None:
    rows = json.loads(DATA_PATH.read_text(encoding="utf-8"))["letters"]
    letters = [r["char"] for r in rows]
    assert len(letters) == len(set(letters)) == 134
    assert sum(c.islower() for c in letters) == 67
    # every TCVN3 code and every VNI byte sequence names one letter (TCVN3 capitals with
    # tones have none of their own: they share the lower-case code in .VnTimeH fonts)
    tcvn3 = [r["tcvn3"] for r in rows if r["tcvn3"]]
    assert len(tcvn3) == len(set(tcvn3)) == 67 + 7
    assert all(r["tcvn3_h"] for r in rows if not r["tcvn3"])
    vni = [r["vni"] for r in rows]
    assert len(vni) == len(set(vni)) == 134
    for ch in letters:
        assert _decode_vni(encode_legacy(ch, "vni")) == ch
        if ch.islower() or ch in "ĂÂÊÔƠƯĐ":
            assert _decode_tcvn3(encode_legacy(ch, "tcvn3")) == ch
        else:  # alone, a capital-font letter cannot be told from the small one ...
            assert _decode_tcvn3(encode_legacy(ch, "tcvn3")) == ch.lower()
            # ... but between ASCII capitals it can
            assert _decode_tcvn3(encode_legacy(f"TH{ch}N", "tcvn3")) == f"TH{ch}N"


def test_empty_and_odd_input_give_warnings_not_errors() -> None:
    assert decode_bytes(b"") == ("", "utf-8", [])
    text, enc, warnings = decode_bytes(SENTENCES[0].encode() + b"\xff" + SENTENCES[1].encode())
    assert enc == "utf-8" and "\ufffd" in text and any("U+FFFD" in w for w in warnings)
    text, enc, warnings = decode_bytes(b"\xff\xfe" + SENTENCES[0].encode("utf-16-le") + b"A")  # odd length
    assert enc == "utf-16-le" and text.startswith(SENTENCES[0]) and warnings
    text, enc, warnings = decode_bytes(SENTENCES[0].encode() + b"\x00\x00")
    assert text == SENTENCES[0] and any("NUL" in w for w in warnings)
    # Western text with smart quotes: not Vietnamese, still decoded, with a warning
    text, enc, warnings = decode_bytes("The \u201cquick\u201d fox jumped over it.".encode("cp1252"))
    assert text == "The \u201cquick\u201d fox jumped over it." and warnings


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 8,
        b"\x00\x01\x02\x03abc",
        b"PK\x03\x04" + random.Random(1).randbytes(4000),
        random.Random(2).randbytes(10_000),
        b"\x7fELF\x02\x01\x01\x00" + bytes(64) + b"text here",
    ],
)
def test_binary_raises(data: bytes) -> None:
    with pytest.raises(ValueError, match=BINARY_MESSAGE):
        decode_bytes(data)


def test_utf16_is_not_mistaken_for_binary() -> None:
    assert decode_bytes("Hà Nội".encode("utf-16-le"))[:2] == ("Hà Nội", "utf-16-le")


def test_read_source_decodes_a_legacy_txt(tmp_path: Path) -> None:
    p = tmp_path / "kehoach.txt"
    p.write_bytes(encode_legacy(DOCUMENT, "tcvn3"))
    src = read_source(p)
    assert src.text == DOCUMENT and src.encoding == "tcvn3"


# --- repair_mojibake ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "mojibake,expected,legacy",
    [
        ("đoμn", "đoàn", "tcvn3"),
        ("đ−ợc", "được", "tcvn3"),
        ("s®d", "sđd", "tcvn3"),
        ("Liªn ®oµn Lao ®éng", "Liên đoàn Lao động", "tcvn3"),
        ("CéNG HOμ X∙ HéI CHñ NGHÜA VIÖT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "tcvn3"),
        ("Lieân ñoaøn Lao ñoäng", "Liên đoàn Lao động", "vni"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam", "vni"),
        ("Caùc", "Các", "vni"),
        # a PDF text layer where only the glyphs named mu and minus came out wrong
        ("Liên đoμn Lao động tỉnh Hoμ Bình hoμn thμnh kế hoạch, đ−ợc giao",
         "Liên đoàn Lao động tỉnh Hoà Bình hoàn thành kế hoạch, được giao", "tcvn3"),
    ],
)
def test_repair_examples(mojibake: str, expected: str, legacy: str) -> None:
    assert repair_mojibake(mojibake) == (expected, legacy)


@pytest.mark.parametrize("enc", ["tcvn3", "vni"])
@pytest.mark.parametrize("text", [*SENTENCES, DOCUMENT])
def test_repair_round_trip(enc: str, text: str) -> None:
    mojibake = encode_legacy(text, enc).decode("cp1252")  # the bytes seen through Windows-1252
    assert mojibake != text
    assert repair_mojibake(mojibake) == (text, enc)


def test_repair_keeps_a_unicode_header_above_a_legacy_body() -> None:
    header = "Liên đoàn Lao động tỉnh Lai Châu\nSố: 35/KH-LĐLĐ, ngày 05 tháng 02 năm 2024 của Công đoàn các cấp\n"
    body = SENTENCES[1] + "\nCác cấp công đoàn có trách nhiệm tổ chức thực hiện.\n"
    fixed, legacy = repair_mojibake(header + encode_legacy(body, "tcvn3").decode("cp1252"))
    assert (fixed, legacy) == (header + body, "tcvn3")


NORMAL_PARAGRAPHS = [
    DOCUMENT,
    "Thực hiện Nghị quyết Đại hội Công đoàn Việt Nam lần thứ XIII, nhiệm kỳ 2023 - 2028, Ban Chấp hành "
    "Liên đoàn Lao động tỉnh đã chỉ đạo các cấp công đoàn đẩy mạnh công tác tuyên truyền, vận động, "
    "tập hợp người lao động gia nhập tổ chức công đoàn; kết quả năm 2024 phát triển mới 5.230 đoàn viên, "
    "thành lập 37 công đoàn cơ sở, đạt 104,6% chỉ tiêu được giao.",
    "Hoà Bình, ngày 17 tháng 6 năm 2024 — Về việc khoẻ mạnh, thuỷ lợi và quà tặng: quân, quê, tiên, yên, "
    "khuya, khuỷu, nguyễn, người, rượu, chuẩn, xoong.",
    # symbols a normal text may have, which are also TCVN3/VNI surface characters
    "Nhiệt độ 25°C, kích thước 5 µm, giá 1½ triệu; «Tiếng Việt» © 2024 Công đoàn; Windows® có các tính năng; "
    "điều 3 § 2; ông Müller ở Straße; café, crème brûlée, naïve, Noël; hội nghị lần thứ 1ª.",
    "The union signed the agreement in Hà Nội on 5 March 2024 with the “Việt Nam Labour” delegation.",
    unicodedata.normalize("NFD", SENTENCES[3]) + " ©",  # decomposed Unicode stays decomposed
]


@pytest.mark.parametrize("text", NORMAL_PARAGRAPHS)
def test_repair_leaves_normal_text_untouched(text: str) -> None:
    fixed, legacy = repair_mojibake(text)
    assert legacy is None and fixed == text


@pytest.mark.parametrize("text", NORMAL_PARAGRAPHS)
def test_decode_leaves_normal_utf8_untouched(text: str) -> None:
    assert decode_bytes(text.encode()) == (text, "utf-8", [])
