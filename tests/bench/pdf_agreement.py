"""Text vs PDF vs scan: do the PDF and the scan of a document give the record its text gives?

    python tests/bench/pdf_agreement.py [--n 30] [--scans 10] [--seed 7] [--scans-only] [--out outputs/bench/pdf_agreement.json]

Documents are made the way users meet them: generated directives (tests/synth.py) written as
.txt and as .docx, the .docx rendered to PDF by LibreOffice (soffice --headless), and the PDF
turned into an image-only scan (200 dpi, greyscale, skewed by up to 1°, slightly blurred);
the real Word files of ../shared/real-docx are rendered and scanned too (their .docx is the
reference). Agreement is counted over the header fields (number, type, issuer, place, date,
title) and the numbered citations; for scans over number, type, date and issuer, with the
title's token F1. OCR cost is Tesseract's CPU time per page and the wall time per page.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

HEADER = ("number", "doc_type", "issuer", "place", "date", "title")
SCAN_FIELDS = ("number", "doc_type", "date", "issuer")


def have_tools() -> dict[str, bool]:
    from pipeline.ingest.ocr import available

    return {"soffice": shutil.which("soffice") is not None, "tesseract": available()}


def make_documents(out: Path, n: int, seed: int = 7) -> list[Path]:
    """n generated directives as .txt and .docx with the same stem; returns the .txt paths."""
    from tests.fixtures import make_docx
    from tests.synth import _archive, _national, _plan

    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    national, archive = _national(rng), _archive(rng)
    earlier: dict[str, list[tuple[str, str, str]]] = {}
    paths = []
    for i in range(n):
        d, _, _ = _plan(rng, national, earlier, archive)
        txt = out / f"doc{i:03d}.txt"
        txt.write_text(d.text(), encoding="utf-8")
        make_docx(out / f"doc{i:03d}.docx", d)
        paths.append(txt)
    return paths


def to_pdf(files: list[Path], out: Path) -> list[Path]:
    """Word files → PDF by LibreOffice, in one soffice run."""
    import tempfile

    out.mkdir(parents=True, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="vanban-lo-")  # its own profile: runs in parallel do not collide
    try:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out), *map(str, files)], capture_output=True, timeout=600, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return [out / f"{f.stem}.pdf" for f in files]


def to_scan(pdf: Path, out: Path, rng: random.Random, dpi: int = 200, pages: int | None = None) -> Path:
    """A PDF printed and scanned: each page (or the first pages) an image at dpi, grey, skewed up to 1°, blurred."""
    import pypdfium2 as pdfium
    from PIL import ImageFilter

    doc = pdfium.PdfDocument(str(pdf))
    images = []
    for k, page in enumerate(doc):
        angle = rng.uniform(-1.0, 1.0)  # drawn for every page: the first pages are the whole scan's
        if pages is not None and k >= pages:
            continue
        img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        img = img.rotate(angle, fillcolor=255, resample=3).filter(ImageFilter.GaussianBlur(0.7))
        images.append(img)
    doc.close()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out


def record(path: Path) -> dict[str, Any]:
    from pipeline import extract_file
    from pipeline.identity import symbol

    r = extract_file(path)
    d = r.document
    return {
        "number": d.number, "doc_type": d.doc_type, "issuer": d.issuer, "place": d.place,
        "date": d.date.isoformat() if d.date else None, "title": d.title,
        "citations": sorted({symbol(c.number) for c in r.citations if c.number}),
        "pages": [p.model_dump() for p in r.source.pages],
    }


def agree(ref: dict[str, Any], other: dict[str, Any], fields: tuple[str, ...], citations: bool) -> tuple[int, int, list[str]]:
    """(agreeing items, items, what differs) between two records."""
    from pipeline.evaluate import field_equal

    ok = total = 0
    diffs = []
    for f in fields:
        total += 1
        if field_equal(f, ref[f], other[f]):
            ok += 1
        else:
            diffs.append(f"{f}: {ref[f]!r} vs {other[f]!r}")
    if citations:
        a, b = set(ref["citations"]), set(other["citations"])
        total += len(a | b)
        ok += len(a & b)
        diffs += [f"citation {c} only in the text" for c in sorted(a - b)] + [f"citation {c} only in the PDF" for c in sorted(b - a)]
    return ok, total, diffs


def title_f1(ref: dict[str, Any], other: dict[str, Any]) -> float:
    from pipeline.evaluate import token_f1

    return token_f1(ref["title"], other["title"])


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def measure(work: Path, n: int, scans: int, real_docx: Path | None, seed: int = 7,
            scans_only: bool = False) -> dict[str, Any]:
    """Text vs PDF over n generated documents and the real Word files, then text vs scan over
    scans of them: half of them generated and half real when scans <= 10, else every real
    Word file and the rest generated (scans_only: the text-vs-PDF pass is skipped)."""
    tools = have_tools()
    result: dict[str, Any] = {"tools": tools}
    if not tools["soffice"]:
        result["skipped"] = "LibreOffice (soffice) is not installed: make install-tools"
        return result
    txts = make_documents(work / "docs", max(n, scans) if scans_only else n, seed=seed)
    pdfs = to_pdf([t.with_suffix(".docx") for t in txts], work / "pdf")
    pairs = []  # (reference record, pdf path, reference kind)
    for t, p in zip(txts, pdfs):
        pairs.append((record(t), p, "txt"))
    if real_docx and real_docx.is_dir():
        words = sorted([*real_docx.glob("*.docx"), *real_docx.glob("*.doc")])
        for w, p in zip(words, to_pdf(words, work / "pdf-real")):
            try:
                pairs.append((record(w), p, "docx"))
            except Exception:  # noqa: BLE001 - a Word file the ingest cannot read has no reference
                continue
    ok = total = 0
    diffs: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    for ref, p, kind in ([] if scans_only else pairs):
        rec = record(p)
        a, b, d = agree(ref, rec, HEADER, citations=True)
        ok, total = ok + a, total + b
        if d:
            diffs.append({"file": p.name, "reference": kind, "differs": d})
    pdf_s = time.perf_counter() - t0
    if not scans_only:
        result["text_vs_pdf"] = {"documents": len(pairs), "agreement": round(ok / max(total, 1), 4), "items": total,
                                 "seconds_per_document": round(pdf_s / max(len(pairs), 1), 3), "differences": diffs}
    if not tools["tesseract"] or scans <= 0:
        result["scans"] = {"skipped": "no scans asked (--scans 0)" if scans <= 0 else
                           "Tesseract with Vietnamese is not installed: make install-tools"}
        return result
    rng = random.Random(seed + 4)  # (11 with the default seed, as before)
    real = [p for p in pairs if p[2] == "docx"]
    generated = [p for p in pairs if p[2] == "txt"]
    if scans <= 10:
        chosen = generated[: scans // 2] + real[: scans - scans // 2]
        chosen = chosen[:scans] if len(chosen) >= scans else pairs[:scans]
    else:
        chosen = generated[: scans - len(real)] + real
    per_field = {f: [0, 0] for f in SCAN_FIELDS}
    ok = total = 0
    f1s: list[float] = []
    diffs = []
    pages = 0
    ocr_cpu = 0.0
    ocr_wall = 0.0
    per_page: list[float] = []
    for ref, p, kind in chosen:
        scan = to_scan(p, work / f"{p.stem}.scan.pdf", rng)
        cpu0, w0 = children_cpu(), time.perf_counter()
        rec = record(scan)
        ocr_cpu += children_cpu() - cpu0
        ocr_wall += time.perf_counter() - w0
        pages += len(rec["pages"])
        per_page += [pg["ocr_seconds"] for pg in rec["pages"] if pg.get("ocr_seconds")]
        a, b, d = agree(ref, rec, SCAN_FIELDS, citations=False)
        ok, total = ok + a, total + b
        for f in SCAN_FIELDS:
            per_field[f][0] += not any(x.startswith(f + ":") for x in d)
            per_field[f][1] += 1
        f1s.append(title_f1(ref, rec))
        if d or f1s[-1] < 0.8:
            pdf_rec = record(p)  # the text layer's value beside the text's and the scan's
            diffs.append({"file": scan.name, "reference": kind, "differs": d, "title_f1": round(f1s[-1], 3),
                          "pdf": {f: pdf_rec[f] for f in (*SCAN_FIELDS, "title")},
                          "titles": [ref["title"], rec["title"]]})
    result["text_vs_scan"] = {
        "documents": len(chosen), "pages": pages, "agreement": round(ok / max(total, 1), 4), "items": total,
        "title_token_f1": round(sum(f1s) / max(len(f1s), 1), 4),
        "per_field": {f: round(a / max(b, 1), 4) for f, (a, b) in per_field.items()},
        "ocr_cpu_seconds_per_page": round(ocr_cpu / max(pages, 1), 2),
        "wall_seconds_per_page": round(ocr_wall / max(pages, 1), 2),
        "page_seconds_max": round(max(per_page), 2) if per_page else None,
        "differences": diffs,
    }
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=30, help="generated documents")
    ap.add_argument("--scans", type=int, default=10, help="documents also scanned and OCR'd")
    ap.add_argument("--seed", type=int, default=7, help="seed of the generated documents (scans: seed + 4)")
    ap.add_argument("--scans-only", action="store_true", help="skip the text-vs-PDF pass")
    ap.add_argument("--work", default="outputs/bench/pdf-agreement")
    ap.add_argument("--out", default="outputs/bench/pdf_agreement.json")
    args = ap.parse_args()
    work = Path(args.work)
    if work.exists():
        shutil.rmtree(work)
    res = measure(work, args.n, args.scans, ROOT.parent / "shared" / "real-docx", seed=args.seed,
                  scans_only=args.scans_only)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    short = {k: ({kk: vv for kk, vv in v.items() if kk != "differences"} if isinstance(v, dict) else v) for k, v in res.items()}
    print(json.dumps(short, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
