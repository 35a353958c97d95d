"""Benchmark of `vanban extract` (run by `make bench`; not collected by pytest).

    python tests/bench/bench_extract.py [--txt 1000] [--docx 200] [--pdf 100] [--noop-files 10000]

Side by side on the same generated files: documents/s and MB/s of `vanban extract` per
format with 1 and 2 workers, against the floors of doing almost nothing with the files
(read + NFC for text, python-docx paragraph text, bare pypdfium2 and pdfplumber text
for PDFs); time per stage; peak memory; a no-op re-run; `vanban --help`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.synth import generate  # noqa: E402

VANBAN = [sys.executable, "-m", "pipeline"]
RSS_WRAPPER = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode; "
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)"
)


def run_measured(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB, the largest process of the run) of a command."""
    out = subprocess.run([sys.executable, "-c", RSS_WRAPPER, *cmd], capture_output=True, text=True, cwd=ROOT, check=True)
    secs, rss_kb, _ = out.stdout.split()
    return float(secs), int(rss_kb) / 1024


def best_of(n: int, cmd: Callable[[int], list[str]]) -> tuple[float, float]:
    """The fastest of n runs (each on a fresh database and JSON folder) and the largest peak
    memory: this shared VM's speed drifts by up to ±25%, the best run is the reproducible one."""
    runs = [run_measured(cmd(k)) for k in range(max(1, n))]
    return min(r[0] for r in runs), max(r[1] for r in runs)


def files_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def floor_txt(files: list[Path]) -> float:
    t = time.perf_counter()
    for p in files:
        unicodedata.normalize("NFC", p.read_bytes().decode("utf-8", errors="replace"))
    return time.perf_counter() - t


def floor_docx(files: list[Path]) -> float:
    import docx

    t = time.perf_counter()
    for p in files:
        "\n".join(par.text for par in docx.Document(str(p)).paragraphs)
    return time.perf_counter() - t


def floor_pypdfium2(files: list[Path]) -> float:
    import pypdfium2 as pdfium

    t = time.perf_counter()
    for p in files:
        pdf = pdfium.PdfDocument(str(p))
        for page in pdf:
            page.get_textpage().get_text_range()
        pdf.close()
    return time.perf_counter() - t


def read_only(files: list[Path]) -> float:
    """vanban's ingest alone (read_source: text, pages, column tabs, checks)."""
    from pipeline.ingest import read_source

    t = time.perf_counter()
    for p in files:
        read_source(p)
    return time.perf_counter() - t


def floor_pdfplumber(files: list[Path]) -> float:
    import pdfplumber

    t = time.perf_counter()
    for p in files:
        with pdfplumber.open(str(p)) as pdf:
            for page in pdf.pages:
                page.extract_text()
    return time.perf_counter() - t


def stage_times(files: list[Path]) -> dict[str, float]:
    """Milliseconds per document for each stage, in this process, once warm (the first
    documents compile the patterns; start-up is measured on its own)."""
    from pipeline.batch import _write_json
    from pipeline.ingest import read_source
    from pipeline.nlp import build_nlp
    from pipeline.normalize import normalize
    from pipeline.record import to_record
    from pipeline.segment import split_documents
    from pipeline.store import Store

    nlp = build_nlp()
    from underthesea import word_tokenize  # loaded on the first unit outside the vocabulary (0.4 s once)

    word_tokenize("phát triển đoàn viên")
    totals: dict[str, float] = defaultdict(float)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "s.db")
        warm = min(5, len(files) - 1)
        with store.grouped():
            for k, p in enumerate([*files[:warm], *files]):
                if k == warm:
                    totals.clear()
                t = time.perf_counter()
                src = read_source(p)
                totals["ingest"] += time.perf_counter() - t
                t = time.perf_counter()
                text = normalize(src.text, src.pages)
                split_documents(text.text)
                totals["normalize"] += time.perf_counter() - t
                t = time.perf_counter()
                doc = nlp.make_doc(text.text)
                doc._.text = text
                totals["tokenize"] += time.perf_counter() - t
                for name, proc in nlp.pipeline:
                    t = time.perf_counter()
                    doc = proc(doc)
                    totals[name] += time.perf_counter() - t
                t = time.perf_counter()
                rec = to_record(doc, src)
                rec.model_dump_json()
                totals["record"] += time.perf_counter() - t
                t = time.perf_counter()
                _write_json(f"{tmp}/json/{k}.json", rec.model_dump_json(indent=2))
                totals["json"] += time.perf_counter() - t
                t = time.perf_counter()
                store.save(rec, str(p), 0.0, text=text.text)
                totals["store"] += time.perf_counter() - t
        store.close()
    return {k: round(v / len(files) * 1000, 3) for k, v in totals.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--txt", type=int, default=1000)
    ap.add_argument("--docx", type=int, default=200)
    ap.add_argument("--pdf", type=int, default=100)
    ap.add_argument("--noop-files", type=int, default=10000)
    ap.add_argument("--repeat", type=int, default=2, help="runs of each extraction; the fastest is reported")
    ap.add_argument("--txt-large", type=int, default=5000, help="a larger .txt batch (2 workers), where start-up counts less")
    ap.add_argument("--pdf-agreement", type=int, default=30,
                    help="generated documents rendered by LibreOffice for the text-vs-PDF agreement (0: skip)")
    ap.add_argument("--scans", type=int, default=10, help="of them (and the real Word files) also scanned and OCR'd")
    ap.add_argument("--out", default=str(ROOT / "outputs" / "bench" / "extract.json"))
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vanban-bench-"))
    report: dict = {"machine": {"cpu": _cpu(), "cores": os.cpu_count(), "ram_gb": _ram_gb(),
                                "python": platform.python_version()}, "formats": {}}
    t = time.perf_counter()
    sets = {}
    for fmt, n in (("txt", args.txt), ("docx", args.docx), ("pdf", args.pdf)):
        if n:
            generate(work / fmt, n, seed=7, formats=(fmt,))
            sets[fmt] = work / fmt / "corpus"
    report["generate_s"] = round(time.perf_counter() - t, 1)

    for fmt, folder in sets.items():
        files = files_of(folder)
        mb = sum(p.stat().st_size for p in files) / 1e6
        row: dict = {"files": len(files), "mb": round(mb, 2)}
        for workers in (1, 2):
            secs, rss = best_of(args.repeat, lambda k: [*VANBAN, "extract", str(folder), "--db",
                                                        str(work / f"{fmt}-{workers}-{k}.db"), "--json-dir",
                                                        str(work / f"{fmt}-{workers}-{k}-json"), "--workers", str(workers)])
            row[f"workers{workers}"] = {"s": round(secs, 2), "docs_per_s": round(len(files) / secs, 1),
                                        "mb_per_s": round(mb / secs, 2), "peak_rss_mb": round(rss, 1)}
        if fmt == "txt":
            floor = floor_txt(files)
            row["floor"] = {"read+NFC docs_per_s": round(len(files) / floor, 1)}
            secs, _ = run_measured([*VANBAN, "extract", str(folder), "--db", str(work / "txt-2-0.db"), "--json-dir",
                                    str(work / "txt-2-0-json"), "--workers", "2"])
            row["noop_rerun_s"] = round(secs, 3)
        elif fmt == "docx":
            floor = floor_docx(files)
            row["floor"] = {"python-docx docs_per_s": round(len(files) / floor, 1)}
        else:
            f1, f2 = floor_pypdfium2(files), floor_pdfplumber(files)
            row["floor"] = {"pypdfium2 docs_per_s": round(len(files) / f1, 1),
                            "pdfplumber docs_per_s": round(len(files) / f2, 1)}
            row["ratio_to_pypdfium2"] = round(row["workers1"]["s"] / f1, 2)
        row["stages_ms_per_doc"] = stage_times(files[: min(len(files), 200)])
        if fmt == "pdf":  # reading the text layer alone, against bare pypdfium2 on the same files, best of 3
            ours = min(read_only(files) for _ in range(3))
            bare = min(floor_pypdfium2(files) for _ in range(3))
            row["ingest_ms_per_doc"] = {"vanban read_source": round(ours / len(files) * 1000, 3),
                                        "bare pypdfium2": round(bare / len(files) * 1000, 3)}
            row["ingest_ratio_to_pypdfium2"] = round(ours / bare, 2)
        report["formats"][fmt] = row

    if args.txt_large:
        large = work / "txt-large"
        generate(large, args.txt_large, seed=11, formats=("txt",))
        files = files_of(large / "corpus")
        secs, rss = best_of(args.repeat, lambda k: [*VANBAN, "extract", str(large / "corpus"), "--db",
                                                    str(work / f"large-{k}.db"), "--json-dir", str(work / f"large-{k}-json"),
                                                    "--workers", "2"])
        report["txt_large"] = {"files": len(files), "workers2": {"s": round(secs, 2), "docs_per_s": round(len(files) / secs, 1),
                                                                 "peak_rss_mb": round(rss, 1)}}
    one = work / "one"
    one.mkdir()
    first_txt = files_of(sets["txt"])[0] if "txt" in sets else None
    if first_txt is not None:
        shutil.copy(first_txt, one / first_txt.name)
        starts = [run_measured([*VANBAN, "extract", str(one), "--db", str(work / f"one{k}.db"), "--json-dir",
                                str(work / f"one{k}-json"), "--workers", "1"])[0] for k in range(3)]
        report["startup_one_file_s"] = round(statistics.median(starts), 3)

    if args.noop_files:
        tiny = work / "tiny"
        src = files_of(sets["txt"])[0] if "txt" in sets else None
        for i in range(args.noop_files):
            d = tiny / f"{i // 1000:02d}"
            d.mkdir(parents=True, exist_ok=True)
            (d / f"t{i:05d}.txt").write_bytes(src.read_bytes() + f"\n{i}\n".encode() if src else b"")
        db = work / "tiny.db"
        first, _ = run_measured([*VANBAN, "extract", str(tiny), "--db", str(db), "--json-dir", str(work / "tiny-json"),
                                 "--workers", "2"])
        again, rss = run_measured([*VANBAN, "extract", str(tiny), "--db", str(db), "--json-dir", str(work / "tiny-json"),
                                   "--workers", "2"])
        report["noop"] = {"files": args.noop_files, "first_run_s": round(first, 1), "noop_rerun_s": round(again, 3),
                          "peak_rss_mb": round(rss, 1)}
    helps = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([*VANBAN, "--help"], capture_output=True, cwd=ROOT, check=True)
        helps.append(time.perf_counter() - t)
    report["help_s"] = round(statistics.median(helps), 3)
    shutil.rmtree(work, ignore_errors=True)

    print(f"machine: {report['machine']}")
    print(f"{'format':<6} {'files':>6} {'MB':>7} {'w1 docs/s':>10} {'w2 docs/s':>10} {'w2 MB/s':>8} {'peak MB':>8}  floor")
    for fmt, r in report["formats"].items():
        print(f"{fmt:<6} {r['files']:>6} {r['mb']:>7} {r['workers1']['docs_per_s']:>10} {r['workers2']['docs_per_s']:>10} "
              f"{r['workers2']['mb_per_s']:>8} {max(r['workers1']['peak_rss_mb'], r['workers2']['peak_rss_mb']):>8}  {r['floor']}")
    for fmt, r in report["formats"].items():
        print(f"stages ms/doc ({fmt}): {r['stages_ms_per_doc']}")
    if "pdf" in report["formats"]:
        r = report["formats"]["pdf"]
        print(f"pdf against bare pypdfium2: text layer read {r['ingest_ratio_to_pypdfium2']}x, "
              f"whole extraction (1 worker) {r['ratio_to_pypdfium2']}x")
    if "txt_large" in report:
        r = report["txt_large"]
        print(f"txt, {r['files']} files, 2 workers: {r['workers2']['docs_per_s']} docs/s ({r['workers2']['s']} s, "
              f"peak {r['workers2']['peak_rss_mb']} MB)")
    if "startup_one_file_s" in report:
        print(f"start-up (extract of one file): {report['startup_one_file_s']} s")
    if "txt" in report["formats"]:
        print(f"no-op re-run of {report['formats']['txt']['files']} txt: {report['formats']['txt']['noop_rerun_s']} s")
    if "noop" in report:
        print(f"no-op re-run of {report['noop']['files']} files: {report['noop']['noop_rerun_s']} s "
              f"(first run {report['noop']['first_run_s']} s)")
    print(f"vanban --help: {report['help_s']} s")
    if args.pdf_agreement:  # text vs LibreOffice PDF vs scan, and OCR seconds a page (tests/bench/pdf_agreement.py)
        from tests.bench.pdf_agreement import measure

        with tempfile.TemporaryDirectory() as work:
            agreement = measure(Path(work), args.pdf_agreement, args.scans, ROOT.parent / "shared" / "real-docx")
        report["pdf_agreement"] = agreement
        for key in ("text_vs_pdf", "text_vs_scan"):
            row = agreement.get(key, {})
            print(f"{key}: " + ", ".join(f"{k} {v}" for k, v in row.items() if k != "differences"))
        if "skipped" in agreement:
            print(f"pdf agreement: {agreement['skipped']}")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


if __name__ == "__main__":
    main()
