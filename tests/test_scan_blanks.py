"""Scans: the header's handwritten or stamped blanks (number, day, month), the handwriting
reader, colour ink painted out, and the repairs of OCR'd lines from closed lists. The real
files are in tests/test_pdf_real.py; these need no Tesseract unless marked."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from pipeline.ingest import ocr, slots
from pipeline.ingest.layout import Word


def _words(line: str, top: float = 100.0, conf: float = 95.0, x: float = 50.0) -> list[Word]:
    out = []
    for t in line.split(" "):
        w = 7.0 * len(t)
        out.append(Word(text=t, x0=x, top=top, x1=x + w, bottom=top + 12, size=12, conf=conf))
        x += w + 30.0  # wide gaps: blanks between the printed words
    return out


# --- finding the blanks -----------------------------------------------------------


def test_the_number_day_and_month_blanks_are_found_between_their_printed_words() -> None:
    ws = _words("Số: 4‡ /QĐ-UBND Quảng Ngãi, ngày 4† tháng 01 năm 2025")
    found = {s.kind: [w.text for w in s.inside] for s in slots.find_slots(ws, 842)}
    assert found == {"number": ["4‡"], "day": ["4†"], "month": ["01"]}


def test_a_day_run_into_ngay_is_a_blank_and_a_number_typed_with_its_symbol_is_not() -> None:
    ws = _words("Số: 15/QĐ-LĐLĐ Hà Nội, ngày30 tháng 4 năm 2026")
    found = {s.kind: (s.prefix, [w.text for w in s.inside]) for s in slots.find_slots(ws, 842)}
    assert "number" not in found and found["day"] == ("30", [])
    ws = _words("Số 01-BC/CB Hà Nội, ngày 17 tháng 4 năm 2026")  # a Party symbol: its number is before '-'
    assert "number" not in {s.kind for s in slots.find_slots(ws, 842)}
    ws = _words("Số: /TTg-CĐS")  # a blank where OCR saw nothing: read again all the same
    assert [(s.kind, s.inside) for s in slots.find_slots(ws, 842)] == [("number", [])]


def test_a_date_in_the_body_is_not_a_header_blank() -> None:
    ws = _words("Triển khai Kết luận số 18-KL/TW của Ban Chấp hành Trung ương Đảng khóa XIV về Kế hoạch phát triển", top=90)
    ws += _words("ngày 02 tháng 4 năm 2026", top=110)
    assert slots.find_slots(ws, 842) == []


# --- deciding a blank's value ---------------------------------------------------------


@pytest.mark.parametrize(("page", "reread", "hand", "want"), [
    (("01", 93.0), None, None, "01"),  # printed, read with confidence
    (("01", 93.0), ("07", 80.0), None, None),  # the digit reading is sure of something else
    (("22", 76.0), None, ("23", 99.0), "23"),  # the page's OCR unsure, the handwriting reader sure
    (("4‡", 85.0), None, ("4", 99.0), None),  # two characters seen, one digit read: a digit is missing
    (("3", 0.0), ("23", 34.0), ("23", 91.0), "23"),  # a guess does not count the characters
    (("6?", 19.0), ("29", 57.0), None, None),  # nobody sure: unread
    (None, ("06", 88.0), None, "06"),  # a stamped day
    (None, ("06", 88.0), ("05", 90.0), None),  # two readers disagree
])
def test_a_blank_takes_a_value_only_when_a_reader_is_sure_and_none_disagrees(page, reread, hand, want) -> None:
    got = slots.decide("day", page, reread, hand)
    assert (got[0] if got else None) == want


def test_a_printed_month_stands_at_a_confidence_a_handwritten_day_would_not() -> None:
    """The template prints the month; the day and the number are written on the signing day."""
    assert slots.decide("month", ("01", 55.0), ("0", 33.0), None) == ("01", 55.0)
    assert slots.decide("day", ("01", 55.0), None, None) is None


def test_a_value_outside_its_range_is_not_taken() -> None:
    assert slots.decide("day", ("50", 95.0), None, None) is None
    assert slots.decide("month", None, ("13", 90.0), None) is None
    assert slots.decide("number", ("123456", 95.0), None, None) is None


# --- the handwriting reader: tests/test_handwritten_digits.py -----------------------------


def test_a_days_count_read_by_the_page_that_no_day_can_have_does_not_void_the_handwriting() -> None:
    """'17' read '4†1' by the page's OCR (a flag cut off the 1): three characters are no count of
    a day's digits; two, or a number's four, are."""
    assert slots.page_count("day", ("4†1", 75.9)) is None
    assert slots.decide("day", ("4†1", 75.9), None, ("17", 96.9)) == ("17", 96.9)
    assert slots.page_count("day", ("0Ÿ", 95.2)) == 2 and slots.page_count("number", ("2/91", 81.0)) == 4
    assert slots.page_count("number", ("6?", 18.7)) is None  # a guess counts nothing


# --- colour ink, and the closed lists OCR'd lines are repaired from ------------------------


def test_a_red_seal_and_blue_ink_are_painted_out_and_black_print_kept() -> None:
    im = Image.new("RGB", (200, 100), (250, 250, 250))
    d = ImageDraw.Draw(im)
    d.rectangle((20, 40, 180, 50), fill=(20, 20, 20))  # print
    d.ellipse((60, 10, 140, 90), outline=(200, 30, 40), width=6)  # the seal's ring
    d.line((10, 80, 190, 20), fill=(30, 40, 160), width=3)  # a signature
    grey, dropped = ocr.drop_colour_ink(im)
    assert dropped and grey.mode == "L"
    assert grey.getpixel((100, 45)) < 60  # print under the seal stays black
    assert grey.getpixel((100, 12)) > 200 and grey.getpixel((10, 80)) > 200
    plain, dropped = ocr.drop_colour_ink(Image.new("RGB", (50, 50), (240, 240, 240)))
    assert not dropped


def test_province_names_and_surnames_take_their_spelling_from_the_lists() -> None:
    assert ocr.fix_line("TĨNH QUANG NGAI") == "TỈNH QUẢNG NGÃI"
    assert ocr.fix_line("THÀNH PHÓ HÀ NỘI") == "THÀNH PHỐ HÀ NỘI"
    assert ocr.fix_line("của Thuế tính Ninh Bình vướng mắc") == "của Thuế tỉnh Ninh Bình vướng mắc"
    assert ocr.fix_line("tính toán chi phí") == "tính toán chi phí"  # no province after it
    assert ocr.fix_line("Trân Sỹ Thanh") == "Trần Sỹ Thanh"
    assert ocr.fix_line("Trần Sỹ Thanh") == "Trần Sỹ Thanh" and ocr.fix_line("Kính gửi") == "Kính gửi"


def test_ocr_fixes_do_what_their_examples_say() -> None:
    import regex

    checked = 0
    for fix in ocr.fixes_data().fixes:
        for before, after in fix.examples:
            assert regex.sub(fix.pattern, fix.replace, before) == after, (fix.pattern, before)
            checked += 1
    assert checked >= 4


def test_a_number_ocr_could_not_read_is_taken_from_the_file_name_only_beside_its_code() -> None:
    """Archives name scans by their number; the name is evidence only where its digits sit
    beside the printed symbol's first code, and only one number does."""
    from pipeline.record import number_from_file_name

    assert number_from_file_name("1777973772_464-ttg.signed", "TTg-CĐS") == "464/TTg-CĐS"
    assert number_from_file_name("47 QĐ UB.signed (1)_20250510_124908", "QĐ-UBND") == "47/QĐ-UBND"
    assert number_from_file_name("CT-11-2025", "CT-UBND") == "11/CT-UBND"
    assert number_from_file_name("vht507.signed_20250510_124909", "TB-UBND") is None  # no code beside the digits
    assert number_from_file_name("12 KH và 15 KH", "KH-LĐLĐ") is None  # two numbers: the name does not say
    assert number_from_file_name("bao cao 05", "BC-UBND") is None


def test_a_drafts_blank_number_is_not_filled_from_its_file_name(tmp_path) -> None:
    """A draft's number line is empty paper, not unreadable ink: the name '15 KH …' gives nothing."""
    from pipeline import extract_file

    f = tmp_path / "15 KH tháng công nhân.txt"
    f.write_text("LIÊN ĐOÀN LAO ĐỘNG TỈNH SƠN LA\nSố:     /KH-LĐLĐ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                 "Độc lập - Tự do - Hạnh phúc\nSơn La, ngày    tháng 5 năm 2024\nKẾ HOẠCH\nTháng Công nhân\n\n"
                 "I. MỤC ĐÍCH\nNội dung.\n", encoding="utf-8")
    rec = extract_file(f)
    assert rec.document.number is None and "number left blank (draft or template)" in rec.warnings


def test_the_number_is_taken_from_the_file_name_on_the_readings_fact_not_on_a_warnings_wording() -> None:
    """The page's reading records the blanks OCR could not read (PageReading.unread, set by
    reread_slots); the record takes the number from the file's name on that fact alone: the
    same words in a warning, without it, are not the fact (a blank left blank is a draft)."""
    import hashlib

    from pipeline import extract_source
    from pipeline.models import PageReading, Source

    text = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố:     /QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nQuảng Ngãi, ngày    tháng 01 năm 2025\nQUYẾT ĐỊNH\nVề việc phê duyệt\n\n"
            "Điều 1. Phê duyệt kế hoạch.\n")

    def source(unread: list[str], warnings: list[str]) -> Source:
        return Source(path="47 QĐ UB.signed.pdf", size=len(text), mtime=0.0, format="pdf", text=text,
                      sha256=hashlib.sha256(text.encode()).hexdigest(), warnings=warnings,
                      readings=[PageReading(page=1, method="ocr", reason="scan", unread=unread)])

    rec = extract_source(source(["number", "day"], []))
    assert rec.document.number == "47/QĐ-UBND" and rec.spans["number"].inferred
    assert rec.source.pages[0].unread == ["number", "day"]
    said = "page 1: the number after 'Số:' is handwritten or stamped and OCR could not read it: left empty"
    assert extract_source(source(["day"], [said])).document.number is None
