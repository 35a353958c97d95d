"""A black seal over a scanned signature block: found, its rings painted out, the words under
them read from the visible ink (pipeline/ingest/seal.py, pipeline/ingest/occluded.py).

Synthetic lines are drawn here (a name, a position line, a page of text) with a ring stamped
over them; the real scans of ../shared/real-binary whose seal is printed black are read
end to end (skipped when the files or Tesseract are absent)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from pipeline.ingest import occluded
from pipeline.ingest.seal import Seal, erase_rings, find_seal, signature_cue
from pipeline.ingest.layout import Word

from .test_pdf_real import REAL_BINARY, needs_ocr, needs_real_binary

SIZE = 58  # a 14 pt bold name at 300 dpi


def _draw_line(text: str, ring: tuple[float, float, float, float] | None, x: int = 120, baseline: int = 110,
               shape: tuple[int, int] = (160, 1100)) -> tuple[np.ndarray, list[tuple[str, int, int]]]:
    """(ink, [(word, x0, x1)]) of text printed in bold serif on its baseline, a ring (cx, cy, r,
    thickness) stamped over it, blurred and thresholded like a scan."""
    font = ImageFont.truetype(str(occluded.FONT), SIZE)
    im = Image.new("L", (shape[1], shape[0]), 255)
    d = ImageDraw.Draw(im)
    d.text((x, baseline), text, font=font, fill=0, anchor="ls")
    if ring is not None:
        cx, cy, r, t = ring
        d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=0, width=int(t))
    ink = np.asarray(im.filter(ImageFilter.GaussianBlur(0.8))) < 140
    words, pos = [], 0
    for w in text.split(" "):
        i = text.index(w, pos)
        left = x + font.getlength(text[:i])
        box = font.getbbox(w, anchor="ls")
        words.append((w, int(left + box[0]), int(left + box[2])))
        pos = i + len(w)
    return ink, words


def _seal(ring: tuple[float, float, float, float]) -> Seal:
    cx, cy, r, t = ring
    return Seal(cx=cx, cy=cy, r=r, rings=[(r - t, r)])


def _name_under_ring(text: str, dip: float, thickness: float = 12.0) -> tuple[object, list[tuple[str, int, int]]]:
    """The first two words of a three-word name under a ring's lower arc (its lowest point
    ``dip`` ems over the baseline), the third read by OCR."""
    _, words = _draw_line(text, None)
    cx = (words[0][1] + words[1][2]) / 2
    ring = (cx, 110 - dip * SIZE - 200, 200.0, thickness)
    ink, words = _draw_line(text, ring)
    mask = _seal(ring).mask(ink.shape)
    ocr = [("_RRg", words[0][1], words[0][2], 3.0), ("fTh", words[1][1], words[1][2], 20.0),
           (words[2][0], words[2][1], words[2][2], 96.0)]
    return occluded.complete_line(ink, mask, ocr), words


def test_a_name_under_a_ring_is_read_back_from_the_visible_ink() -> None:
    """'Phạm Thị' under the ring's lower arc, 'Hương' clear of it and read by OCR: the hidden
    words are the ones whose drawing the ink outside the ring agrees with."""
    done, words = _name_under_ring("Phạm Thị Hương", 0.45)
    assert done is not None and [w[0] for w in done.words] == ["Phạm", "Thị"], done
    assert done.warning and "'Phạm Thị', under the seal's ring" in done.warning  # inferred: said
    assert "not a known surname" not in done.warning  # a known surname
    assert all(0 < w[3] <= 99 for w in done.words)
    # the words' boxes are where they are printed
    assert abs(done.words[0][1] - words[0][1]) <= 6 and abs(done.words[1][2] - words[1][2]) <= 6


def test_a_word_whose_telling_marks_the_ring_hides_is_not_guessed() -> None:
    """'Văn' under the ring: its breve is hidden, and 'Vàn', 'Vân', 'Vấn' … leave the same ink
    outside it. No list of middle names says which: the name is not read (a wrong name is worse
    than none); a ring as wide as the line hides everything: not read either."""
    done, _ = _name_under_ring("Trần Văn Hùng", 0.35)
    assert done is None or not done.words or [w[0] for w in done.words][1:] != ["Vàn"], done
    assert done is None or not done.words, done
    done, _ = _name_under_ring("Trần Văn Hùng", -0.2, thickness=1.3 * SIZE)
    assert done is None or not done.words, done


def test_a_position_line_under_a_ring_is_one_the_format_allows() -> None:
    """'KT. CHỦ TỊCH' with the ring over 'KT. CH': read among the authority prefixes and positions."""
    text = "KT. CHỦ TỊCH"
    _, words = _draw_line(text, None)
    ring = (words[0][1] + 60, 110 - 0.5 * SIZE + 210, 210.0, 12.0)
    ink, words = _draw_line(text, ring)
    mask = _seal(ring).mask(ink.shape)
    ocr = [("xT", words[0][1], words[1][2], 10.0), ("TỊCH", words[2][1], words[2][2], 95.0)]
    done = occluded.complete_line(ink, mask, ocr)
    assert done is not None and [w[0] for w in done.words] == ["KT.", "CHỦ"], done


def test_a_seal_is_found_on_a_page_and_text_is_not_taken_for_one() -> None:
    """A 38 mm ring (two rings, lettering between them) over lines of print is found to a few
    pixels; the same print without it holds no seal; painting the rings out leaves the print."""
    font = ImageFont.truetype(str(occluded.FONT), 40)
    im = Image.new("L", (1400, 1200), 255)
    d = ImageDraw.Draw(im)
    for i in range(14):
        d.text((60, 80 + 75 * i), "Ủy ban nhân dân tỉnh Quảng Ngãi chỉ đạo các sở, ngành thực hiện", font=font, fill=0)
    plain = np.asarray(im) < 128
    assert find_seal(plain, (0, 0, 1400, 1200), 300) is None
    cx, cy, r = 700.0, 600.0, 224.0
    d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=0, width=12)
    d.ellipse([cx - 165, cy - 165, cx + 165, cy + 165], outline=0, width=5)
    ink = np.asarray(im) < 128
    seal = find_seal(ink, (0, 0, 1400, 1200), 300)
    assert seal is not None
    assert abs(seal.cx - cx) <= 4 and abs(seal.cy - cy) <= 4 and abs(seal.r - (r - 6)) <= 8
    assert len(seal.rings) == 2
    clean = erase_rings(ink, seal)
    assert not clean[int(cy) - 3:int(cy) + 3, int(cx + r - 10):int(cx + r)].any()  # the outer ring is gone
    assert clean[:, :300].sum() == ink[:, :300].sum()  # print clear of the seal untouched


def test_the_signature_cue_is_the_recipients_heading_or_an_authority_line() -> None:
    def w(text: str, x: float, y: float) -> Word:
        return Word(text=text, x0=x, top=y, x1=x + 8 * len(text), bottom=y + 12, size=12, conf=95)

    assert signature_cue([w("Nơi", 50, 600), w("nhận:", 80, 600), w("KT.", 380, 598), w("CHỦ", 410, 598)]) == 598
    assert signature_cue([w("TM.", 380, 640), w("BAN", 410, 640)]) == 640
    assert signature_cue([w("Căn", 50, 300), w("cứ", 80, 300)]) is None


# --- the real scans ---------------------------------------------------------------


def _page_text(name: str, page: int) -> tuple[str, object]:
    import pypdfium2 as pdfium

    from pipeline.ingest import ocr
    from pipeline.ingest.layout import lay_out
    from pipeline.ingest.pdf import _ocr_page

    pdf = pdfium.PdfDocument(str(REAL_BINARY / name))
    try:
        p = pdf[page - 1]
        w, h = p.get_size()
        image = p.render(scale=ocr.OCR_DPI / 72, grayscale=True).to_pil()
    finally:
        pdf.close()
    words, _, _, _, seal = _ocr_page(image, ocr.OCR_DPI)
    lines = [ocr.fix_line(b.text()) for b in lay_out(words, w, h).blocks]
    return "\n".join(lines), seal


@needs_real_binary
@needs_ocr
def test_a_black_seal_over_a_deputy_prime_ministers_name() -> None:
    """464/TTg-CĐS page 3 (a 1-bit scan): the seal's rings cross 'KT. TH', 'PHÓ' and 'Phạm Th';
    the block reads 'KT. THỦ TƯỚNG / PHÓ THỦ TƯỚNG / Phạm Thị Thanh Trà' and the record has
    the signer, on page 3, the reading's reason saying the seal's rings were painted out."""
    from pipeline import extract_file

    rec = extract_file(REAL_BINARY / "1777973772_464-ttg.signed.pdf")
    s = rec.document.signer
    assert s is not None and s.name == "Phạm Thị Thanh Trà"
    assert s.position == "Phó Thủ tướng" and s.authority == "KT. Thủ tướng"
    box = rec.source.boxes["signer"]
    assert box.page == 3 and 295 < box.box[1] < 315  # the name's line, under the seal (centred at 250 pt)
    assert "black seal" in rec.source.pages[2].reason and "Phạm Thị" in rec.source.pages[2].reason
    assert all("black seal" not in p.reason for p in rec.source.pages[:2])  # no seal there, no seal work
    # read from the ink a ring leaves, not read outright: the record says so
    assert any("'Phạm Thị', under the seal's ring" in w and "not a known surname" not in w for w in rec.warnings)


@needs_real_binary
@needs_ocr
def test_a_black_seal_over_a_surname_no_list_knows() -> None:
    """2191/CT-CS page 4: the ring crosses 'Mạnh Th' and 'PHÓ T'. 'Mạnh' is no surname of the
    vocabulary: it is read from the ink all the same, and said to be checked."""
    text, seal = _page_text("2191_CT-CS.pdf", 4)
    assert "PHÓ TRƯỞNG BAN" in text
    assert "Mạnh Thị Tuyết Mai" in text
    assert seal is not None and any("'Mạnh'" in w and "not a known surname" in w for w in seal.warnings)


def test_a_name_on_a_line_a_little_askew_is_read_all_the_same() -> None:
    """A scan a few tenths of a degree askew puts the hidden words a pixel or two off the
    baseline fitted to the words read right of them: each word's baseline is looked for near
    the line's, so 'Phạm Thị' is still read (and a wrong word never is)."""
    text = "Phạm Thị Hương"
    _, words = _draw_line(text, None)
    cx = (words[0][1] + words[1][2]) / 2
    ring = (cx, 110 - 0.45 * SIZE - 200, 200.0, 12.0)
    font = ImageFont.truetype(str(occluded.FONT), SIZE)
    for angle in (-0.5, 0.5):
        im = Image.new("L", (1100, 160), 255)
        d = ImageDraw.Draw(im)
        d.text((120, 110), text, font=font, fill=0, anchor="ls")
        # the line turned about its right end: its left words drop or rise ~3 px
        im = im.rotate(angle, resample=Image.BILINEAR, center=(words[2][2], 110), fillcolor=255)
        d = ImageDraw.Draw(im)
        rcx, rcy, r, t = ring
        d.ellipse([rcx - r, rcy - r, rcx + r, rcy + r], outline=0, width=int(t))
        ink = np.asarray(im.filter(ImageFilter.GaussianBlur(0.8))) < 140
        mask = _seal(ring).mask(ink.shape)
        ocr = [("_RRg", words[0][1], words[0][2], 3.0), ("fTh", words[1][1], words[1][2], 20.0),
               (words[2][0], words[2][1], words[2][2], 96.0)]
        done = occluded.complete_line(ink, mask, ocr)
        assert done is not None and [w[0] for w in done.words] == ["Phạm", "Thị"], (angle, done)


def test_a_seal_scanned_a_little_out_of_round_keeps_its_thin_inner_ring() -> None:
    """A seal stretched by the scan (±6 px on a 38 mm seal): a thin inner ring smears over
    more radii than its width on a round profile and falls under the ring's share; the profile
    bent by the outer ring's wobble finds it again, and its band is painted out."""
    im = Image.new("L", (700, 700), 255)
    d = ImageDraw.Draw(im)
    cx, cy, e = 350.0, 350.0, 6
    d.ellipse([cx - 224 - e, cy - 224 + e, cx + 224 + e, cy + 224 - e], outline=0, width=12)
    d.ellipse([cx - 165 - e, cy - 165 + e, cx + 165 + e, cy + 165 - e], outline=0, width=5)
    ink = np.asarray(im) < 128
    seal = find_seal(ink, (0, 0, 700, 700), 300)
    assert seal is not None and len(seal.rings) == 2, seal
    assert abs((seal.rings[0][0] + seal.rings[0][1]) / 2 - 163) <= 4
    assert erase_rings(ink, seal).sum() < 0.03 * ink.sum()  # both rings painted out


def _thi_read_as(reading: str, conf: float) -> Any:
    """'Phạm Thị Hương' with a ring over 'Phạm Th', Tesseract having read the cut 'Thị' as
    `reading` (at `conf`) and 'Phạm' as junk: what the line's completion makes of it."""
    text = "Phạm Thị Hương"
    _, words = _draw_line(text, None)
    cx = (words[0][1] + words[1][2]) / 2
    ring = (cx, 110 - 0.45 * SIZE - 200, 200.0, 12.0)
    ink, words = _draw_line(text, ring)
    mask = _seal(ring).mask(ink.shape)
    ocr = [("_RRg", words[0][1], words[0][2], 3.0), (reading, words[1][1], words[1][2], conf),
           (words[2][0], words[2][1], words[2][2], 96.0)]
    return occluded.complete_line(ink, mask, ocr)


def test_a_lowercase_word_read_at_the_rings_edge_is_taken_as_hidden() -> None:
    """Tesseract reads the ring-cut 'Thị' as a confident 'thị': a name is in title case all
    through, so that word is read again from the ink with the hidden one before it."""
    done = _thi_read_as("thị", 91.0)
    assert done is not None and [w[0] for w in done.words] == ["Phạm", "Thị"], done


def test_a_word_misread_next_to_the_ring_does_not_set_the_lines_size() -> None:
    """Tesseract reads the ring-cut 'Thị' as a confident 'Phí': drawn with the words right of
    it, it fits the ink much worse than they do alone, so it is taken as hidden and read from
    the ink (and the line's size is not bent to it)."""
    done = _thi_read_as("Phí", 90.0)
    assert done is not None and [w[0] for w in done.words] == ["Phạm", "Thị"], done
