"""A legacy font's letter mapping (ô written as ơ, ộ as ợ …) is undone word by word, with a
warning; correct text, names and text without diacritics are left as they are."""

from __future__ import annotations

import pytest

from pipeline import extract_text
from pipeline import normalize as N
from pipeline.normalize import normalize

from .conftest import CORPUS

# made-up documents in the shape of real damaged copies: the header and a few lines went
# through a font table that writes ô/ộ/ồ as ơ/ợ/ờ; the rest of the text is correct
DAMAGED_PLAN = """LIÊN ĐOÀN LAO ĐỢNG TỈNH NGHỆ AN
CƠNG ĐOÀN NGÀNH Y TẾ
CỢNG HÒA XÃ HỢI CHỦ NGHĨA VIỆT NAM
Đợc lập - Tự do - Hạnh phúc
Số: 15/KH-CĐN
Nghệ An, ngày 3 tháng 7 năm 2019
KẾ HOẠCH
Tổ chức các hoạt động chào mừng ngày thành lập Cơng đoàn Việt Nam
Căn cứ thơng báo kết luận của Ban Thường vụ; Ban chấp hành công đoàn với người lao động
tại bệnh viện Thanh Sơn thống nhất nội dung sau.
"""

DAMAGED_REPORT = """CƠNG ĐOÀN GIÁO DỤC HUYỆN ĐƠNG SƠN
BÁO CÁO
Kết quả hoạt đợng năm học 2015-2016
Thực hiện kế hoạch của Cơng đoàn cấp trên, ban chấp hành đã tổ chức cho đoàn viên
học tập chuyên mơn, nghiệp vụ; thơng tin kịp thời đến người lao động trong trường.
"""


def test_the_mapping_is_found_from_the_non_words() -> None:
    mapping = N.find_letter_mapping(DAMAGED_PLAN)
    assert mapping.get("ơ") == "ô" and mapping.get("ợ") == "ộ"
    assert "ư" not in mapping and "a" not in mapping


def test_damaged_words_come_back_and_correct_words_stay() -> None:
    t = normalize(DAMAGED_PLAN)
    for word in ("LAO ĐỘNG", "CÔNG ĐOÀN NGÀNH", "CỘNG HÒA XÃ HỘI", "Độc lập", "thành lập Công đoàn", "Căn cứ thông báo"):
        assert word in t.text
    # words that are words already are not changed: ơ is right in them
    for word in ("với người lao động", "Thanh Sơn", "Ban Thường vụ", "thống nhất"):
        assert word in t.text
    assert "ơ→ô" in t.warnings[0] and "CƠNG→CÔNG" in t.warnings[0]


def test_same_length_keeps_the_offset_map_trivial() -> None:
    t = normalize(DAMAGED_PLAN)
    i = t.text.index("CỘNG HÒA")
    assert DAMAGED_PLAN[t.source_offset(i):t.source_offset(i + 8)] == "CỢNG HÒA"


def test_a_second_document_the_same_way() -> None:
    t = normalize(DAMAGED_REPORT)
    assert "CÔNG ĐOÀN GIÁO DỤC HUYỆN ĐÔNG SƠN" in t.text
    assert "hoạt động năm học" in t.text and "chuyên môn" in t.text and "thông tin" in t.text
    assert t.warnings


def test_the_warning_reaches_the_record() -> None:
    rec = extract_text(DAMAGED_PLAN)
    assert any("legacy font" in w for w in rec.warnings)
    assert rec.document.issuer is not None and "Công đoàn" in rec.document.issuer


@pytest.mark.parametrize("text", [
    # a typo or two is no evidence of a font
    "Cơng đoàn trường thực hiện tốt nhiệm vụ, đợc lập suy nghĩ và sáng tạo trong công tác.",
    # names that are not syllables of the grammar
    "Liên đoàn Lao động tỉnh Đắk Lắk, huyện Krông Búk, huyện Ea Súp và tỉnh Bắc Kạn phối hợp tổ chức.",
    # text that lost all its diacritics (OCR): plain letters are everywhere, never a font's mapping
    "Tong Lien doan huong dan cu the mot so noi dung sau: doi tuong co the duoc nhieu cap khen thuong "
    "voi cac danh hieu hoac hinh thuc khac nhau, nhung trong mot cap quyet dinh khen thuong.",
    # a scan's OCR that lost the tone over â/ê/ô: not one mapping (kêt is kết, but viễn thông
    # is right and tô chức is tổ chức): left as read
    "Ủy ban nhân dân xã báo cáo kêt quả thực hiện thủ tục châp thuận; các câp chính quyên đã "
    "giải quyêt hồ sơ, tiêp nhận 49 phản ánh; hệ thông viễn thông được đâu tư, tô chức tôt.",
])
def test_text_without_a_mapping_is_left_alone(text: str) -> None:
    t = normalize(text)
    assert not t.warnings
    assert N.find_letter_mapping(text) == {}


def test_names_do_not_load_the_word_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """The syllable grammar alone rules names out: the word list (seconds to load) stays unread."""
    def boom() -> None:
        raise AssertionError("word list loaded")

    monkeypatch.setattr(N, "_syllable_lexicon", boom)
    text = "Đắk Lắk, Krông Búk, Krông Pắk, Bắc Kạn: Liên đoàn Lao động các tỉnh Tây Nguyên."
    assert N.find_letter_mapping(text) == {}


def test_the_corpus_is_untouched() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        t = normalize(path.read_text(encoding="utf-8"))
        assert not t.warnings, path.name


@pytest.mark.parametrize("damaged, fixed", [
    ("tuổi đơì bình quân", "tuổi đời bình quân"),             # the tone on i beside ơ
    ("NGƯƠÌ LAO ĐỘNG được tíên cử", "NGƯỜI LAO ĐỘNG được tiến cử"),  # ươ takes it on ơ; iê on ê
])
def test_a_tone_mark_on_the_wrong_vowel_goes_back(damaged: str, fixed: str) -> None:
    t = normalize(damaged)
    assert t.text == fixed
    assert t.warnings and "tone marks" in t.warnings[0]


@pytest.mark.parametrize("word", ["người", "mưa", "cửa", "hươu", "khuya", "thuở", "quả", "Đắk", "Kạn"])
def test_tones_already_in_place_stay(word: str) -> None:
    assert N.retoned(word.lower()) is None
    assert normalize(f"{word} và {word}").text == f"{word} và {word}"


def test_correct_words_are_no_suspects() -> None:
    """Only words that are no syllable feed the searches (ậ, ộ, ệ decompose with the dot below
    first: a check on decomposed text took every such word for damage and searched every document)."""
    for word in ("lập", "hội", "động", "việt", "huyện", "người", "thuở", "khuya"):
        assert N._word_kind(word) == 0, word
    for word in ("cơng", "đợc", "đơì"):
        assert N._word_kind(word) == 2, word
