"""How robust the reading of a signer's name under a black seal is: each seal page (the real
scans of ../shared/real-binary whose seal is black, and synthetic blocks with a ring drawn over
the name, in the shipped font and in another) is perturbed the way a scan differs from another
(a fraction of a degree of rotation, a few % of scale, a pixel of shift, blur, a lighter or
darker threshold) and read by the page OCR (:func:`pipeline.ingest.pdf._ocr_page`) on the
signature block's crop; each variant's signer name is right, none, or wrong (a wrong name is
worse than none).

    PYTHONPATH=$PWD python tests/bench/seal_robustness.py [--only SUBSTRING] [--quick]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

REAL_BINARY = ROOT.parent / "shared" / "real-binary" / "files"
DPI = 300

# (file, page, signer): the real pages whose seal is printed black over the signer's name
REAL = [("1777973772_464-ttg.signed.pdf", 3, "Phạm Thị Thanh Trà"), ("2191_CT-CS.pdf", 4, "Mạnh Thị Tuyết Mai")]
# synthetic blocks: (authority line, position line, name)
SYNTH = [("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Thị Thanh Hương"),
         ("TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH", "Phạm Văn Minh"),
         ("KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Lê Thị Hồng Nhung"),
         ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Quốc Tuấn")]
FONTS = {"liberation": ROOT / "pipeline" / "data" / "fonts" / "LiberationSerif-Bold.ttf",
         "dejavu": Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")}


def _variants(quick: bool) -> list[tuple[str, Callable[[Any], Any]]]:
    from PIL import Image, ImageFilter

    def rot(a: float) -> Callable[[Any], Any]:
        return lambda im: im.rotate(a, resample=Image.BILINEAR, expand=False, fillcolor=255)

    def scale(f: float) -> Callable[[Any], Any]:
        return lambda im: im.resize((int(im.width * f), int(im.height * f)), Image.BILINEAR)

    def shift(dx: int, dy: int) -> Callable[[Any], Any]:
        return lambda im: im.transform(im.size, Image.AFFINE, (1, 0, -dx, 0, 1, -dy), fillcolor=255)

    def blur_thr(r: float, t: int) -> Callable[[Any], Any]:
        return lambda im: im.filter(ImageFilter.GaussianBlur(r)).point(lambda v: 0 if v < t else 255)

    out = [("base", lambda im: im), ("rot+0.15", rot(0.15)), ("rot-0.15", rot(-0.15)), ("scale+3%", scale(1.03)),
           ("scale-3%", scale(0.97))]
    if not quick:
        out += [("rot+0.3", rot(0.3)), ("rot-0.1", rot(-0.1)), ("scale+2%", scale(1.02)), ("scale-4%", scale(0.96)),
                ("shift1,1", shift(1, 1)), ("blur-dark", blur_thr(0.8, 170)), ("blur-light", blur_thr(0.8, 90)),
                ("rot+0.2 scale-2%", lambda im: scale(0.98)(rot(0.2)(im)))]
    return out


@dataclass
class Case:
    name: str
    image: Any  # greyscale crop of the signature block
    signer: str


def _real_cases() -> list[Case]:
    import pypdfium2 as pdfium

    from pipeline.ingest.pdf import _ocr_page

    out = []
    for name, page, signer in REAL:
        path = REAL_BINARY / name
        if not path.is_file():
            continue
        pdf = pdfium.PdfDocument(str(path))
        try:
            image = pdf[page - 1].render(scale=DPI / 72, grayscale=True).to_pil()
        finally:
            pdf.close()
        _, _, _, _, seal = _ocr_page(image, DPI)  # where the block is: the seal's box, from one full read
        if seal is None:
            print(f"{name} p{page}: no seal found on the full page")
            continue
        s = seal.seal
        # the page's full width (the block's cue, 'Nơi nhận', is at the left), rows around the seal
        box = (0, int(max(0, s.cy - 3.2 * s.r)), image.width, int(min(image.height, s.cy + 2.2 * s.r)))
        out.append(Case(f"{name[:14]} p{page}", image.crop(box), signer))
    return out


def _synthetic_cases() -> list[Case]:
    from PIL import Image, ImageDraw, ImageFont

    out = []
    for fname, path in FONTS.items():
        if not path.is_file():
            continue
        font = ImageFont.truetype(str(path), 54)  # 13 pt bold at 300 dpi
        for i, (auth, pos, name) in enumerate(SYNTH):
            im = Image.new("L", (1500, 900), 255)
            d = ImageDraw.Draw(im)
            axis = 950
            d.text((80, 120), "Nơi nhận:", font=ImageFont.truetype(str(path), 46), fill=0, anchor="ls")  # the block's cue
            d.text((80, 180), "- Như trên;", font=ImageFont.truetype(str(path), 46), fill=0, anchor="ls")
            for y, t in ((120, auth), (190, pos), (560, name)):
                d.text((axis, y), t, font=font, fill=0, anchor="ms")
            # the seal: 38 mm (449 px) across, over the left third of the block, its ring crossing the name's first words
            nw = font.getlength(name)
            cx = axis - nw / 2 + [0.28, 0.22, 0.3, 0.25][i] * nw
            r = 224
            cy = 560 - 0.5 * 54 - r + 12 + 6 * i  # the ring's lower arc over the name's first words
            d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=0, width=11)
            d.ellipse([cx - 160, cy - 160, cx + 160, cy + 160], outline=0, width=5)
            small = ImageFont.truetype(str(path), 30)
            d.text((cx, cy - 185), "CÔNG ĐOÀN", font=small, fill=0, anchor="ms")
            d.regular_polygon((cx, cy, 60), 5, fill=0)
            out.append(Case(f"synth-{fname}-{i}", im, name))
    return out


def outcome(case: Case, image: Any) -> tuple[str, str, float]:
    """(right/none/wrong, what was read on the name's line, seconds)."""
    from pipeline.ingest.layout import group_lines
    from pipeline.ingest.occluded import JUNK_CONF
    from pipeline.ingest.pdf import _ocr_page

    t0 = time.perf_counter()
    words, _, _, _, seal = _ocr_page(image, DPI)
    secs = time.perf_counter() - t0
    tail = case.signer.split()[-1]
    texts = [" ".join(w.text for w in sorted(ln.words, key=lambda w: w.x0) if (w.conf or 0) >= JUNK_CONF)
             for ln in group_lines(words)]
    line = next((t for t in texts if tail in t.split()), "")
    if case.signer in line:
        return "right", line, secs
    read_hidden = seal is not None and any("name under the seal's ring read from its visible ink" in n for n in seal.notes)
    ws = line.split()
    run: list[str] = []
    for w in reversed(ws[: ws.index(tail) + 1] if tail in ws else []):
        if not (w[:1].isupper() and w[1:].islower()):
            break
        run.insert(0, w)
    if read_hidden:
        return "wrong", line, secs  # the words under the ring read wrong
    if len(run) >= len(case.signer.split()):
        return "ocr-wrong", line, secs  # Tesseract's own reading of the line (not the seal's reader) is wrong
    return "none", line, secs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="")
    ap.add_argument("--quick", action="store_true", help="five variants (base, ±0.15°, ±3%) instead of thirteen")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args()
    from pipeline.ingest import ocr

    if not ocr.available():
        print("Tesseract (vie) is absent (make install-tools): the seal's reading is not measured")
        return 0
    cases = [c for c in _real_cases() + _synthetic_cases() if args.only in c.name] if not args.only.startswith("synth") \
        else [c for c in _synthetic_cases() if args.only in c.name]
    variants = _variants(args.quick)
    total = {"right": 0, "none": 0, "wrong": 0, "ocr-wrong": 0}
    print(f"{'case':26} right none wrong ocr-wrong s/page")
    for c in cases:
        counts = {"right": 0, "none": 0, "wrong": 0, "ocr-wrong": 0}
        secs = []
        for vname, f in variants:
            res, line, s = outcome(c, f(c.image))
            counts[res] += 1
            secs.append(s)
            if args.verbose or res.endswith("wrong"):
                print(f"   {vname:18} {res:5} {line!r}")
        for k in total:
            total[k] += counts[k]
        print(f"{c.name:26} {counts['right']:5} {counts['none']:4} {counts['wrong']:5} {counts['ocr-wrong']:9} {sum(secs) / len(secs):6.2f}",
              flush=True)
    print(f"{'total':26} {total['right']:5} {total['none']:4} {total['wrong']:5} {total['ocr-wrong']:9}")
    return 1 if total["wrong"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
