"""The real PDFs, scans and Word files of ../shared/real-binary, scored per file against the
gold written from the files (tests/data/real_binary_gold.json): number, type, issuer, date
and signer all right, or which are wrong; the OCR cost per page (Tesseract's CPU time).

    PYTHONPATH=$PWD python tests/bench/real_binary.py [--only SUBSTRING] [--out outputs/bench/real_binary.json]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

GOLD = ROOT / "tests" / "data" / "real_binary_gold.json"
REAL_BINARY = ROOT.parent / "shared" / "real-binary" / "files"
FIELDS = ("number", "doc_type", "issuer", "date", "signer")


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def score(name: str, gold: dict[str, Any]) -> dict[str, Any]:
    """One file's predicted fields, which are right, its wall time and its OCR pages and CPU seconds."""
    from pipeline import extract_file
    from pipeline.evaluate import field_equal, norm_text

    t0, c0 = time.perf_counter(), _children_cpu()
    rec = extract_file(REAL_BINARY / name)
    d = rec.document
    pred = {"number": d.number, "doc_type": d.doc_type, "issuer": d.issuer,
            "date": d.date.isoformat() if d.date else None, "signer": d.signer.name if d.signer else None}
    right = {k: (norm_text(gold[k]) == norm_text(pred[k])) if k == "signer" else field_equal(k, gold[k], pred[k])
             for k in FIELDS}
    ocr_pages = sum(1 for p in (rec.source.pages or []) if p.method != "text")
    return {"file": name, "right": right, "all_right": all(right.values()), "pred": pred,
            "gold": {k: gold[k] for k in FIELDS}, "seconds": round(time.perf_counter() - t0, 2),
            "ocr_pages": ocr_pages, "ocr_cpu_seconds": round(_children_cpu() - c0, 2),
            "warnings": [w for w in rec.warnings if "OCR" in w or "handwritten" in w]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="", help="score only the files whose name contains this")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    if not REAL_BINARY.is_dir():
        print(f"{REAL_BINARY} is absent: nothing to score")
        return 0
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["files"]
    rows = [score(name, g) for name, g in gold.items() if args.only in name]
    for r in rows:
        wrong = {k: f"{r['pred'][k]!r} (gold {r['gold'][k]!r})" for k, ok in r["right"].items() if not ok}
        print(f"{'RIGHT' if r['all_right'] else 'wrong'}  {r['file'][:44]:44} {r['seconds']:5.1f}s  "
              + ("; ".join(f"{k}: {v}" for k, v in wrong.items()) or "number, type, issuer, date, signer"))
    pages = sum(r["ocr_pages"] for r in rows)
    cpu = sum(r["ocr_cpu_seconds"] for r in rows)
    per_field = {k: sum(r["right"][k] for r in rows) for k in FIELDS}
    total = sum(r["all_right"] for r in rows)
    print(f"all five right on {total} of {len(rows)} files; per field: "
          + ", ".join(f"{k} {v}/{len(rows)}" for k, v in per_field.items()))
    if pages:
        print(f"OCR: {pages} pages, Tesseract CPU {cpu / pages:.2f} s a page")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"files": rows, "all_right": total, "of": len(rows), "per_field": per_field,
                                        "ocr_pages": pages, "ocr_cpu_seconds_per_page": round(cpu / pages, 2) if pages else None},
                                       ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
