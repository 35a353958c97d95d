"""A batch never loses a file: kill -9 mid-batch then re-run equals a clean run; two
extract processes on one database both finish correctly."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from .conftest import ROOT
from .test_store import write_plan


def make_corpus(folder: Path, n: int) -> Path:
    places = ["Hòa Bình", "Lai Châu", "Sơn La", "Quảng Trị", "Bến Tre"]
    for i in range(n):
        write_plan(folder / f"p{i % 4}", f"plan{i:03d}.txt", f"{i + 1}/KH-LĐLĐ", places[i % len(places)],
                   cited=f"{(i * 7) % n + 1}/KH-LĐLĐ")
    return folder


def extract_cmd(corpus: Path, db: Path, out: Path, workers: int = 1, commit_every: int = 500) -> list[str]:
    return [sys.executable, "-m", "pipeline", "extract", str(corpus), "--db", str(db), "--json-dir", str(out),
            "--workers", str(workers), "--commit-every", str(commit_every)]


def snapshot(db: Path, out: Path) -> tuple:
    with sqlite3.connect(db) as conn:
        docs = conn.execute("SELECT id, number, issuer, date, record FROM documents ORDER BY id").fetchall()
        cites = conn.execute(
            "SELECT c.citing_document_id, n.key, c.basis FROM citations c JOIN nodes n ON n.id = c.cited_node_id"
            " ORDER BY 1, 2").fetchall()
        nodes = conn.execute("SELECT key, document_id IS NOT NULL FROM nodes ORDER BY key").fetchall()
        files = conn.execute("SELECT path, status, document_id FROM files ORDER BY path").fetchall()
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT COUNT(*) FROM nodes WHERE cited_count != "
                            "(SELECT COUNT(*) FROM citations c WHERE c.cited_node_id = nodes.id)").fetchone() == (0,)
    jsons = sorted((str(p.relative_to(out)), json.loads(p.read_text(encoding="utf-8"))["document"]["number"])
                   for p in out.rglob("*.json"))
    records = [(i, n, iss, d, json.loads(r)["citations"]) for i, n, iss, d, r in docs]
    return records, cites, nodes, [(Path(p).name, s, d) for p, s, d in files], jsons


def test_kill_mid_batch_then_rerun_equals_clean_run(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 40)
    clean_db, clean_out = tmp_path / "clean.db", tmp_path / "clean"
    subprocess.run(extract_cmd(corpus, clean_db, clean_out), cwd=ROOT, check=True, capture_output=True)

    db, out = tmp_path / "crash.db", tmp_path / "crash"
    proc = subprocess.Popen(extract_cmd(corpus, db, out, commit_every=2), cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    stored = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0
            if stored >= 5:
                break
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as conn:
        at_kill = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    assert 0 < at_kill < 40, "the kill must land mid-batch"
    subprocess.run(extract_cmd(corpus, db, out), cwd=ROOT, check=True, capture_output=True)
    assert snapshot(db, out) == snapshot(clean_db, clean_out)


def test_two_processes_on_one_database(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 24)
    db, out = tmp_path / "v.db", tmp_path / "json"
    procs = [subprocess.Popen(extract_cmd(corpus, db, out, workers=1), cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    clean_db, clean_out = tmp_path / "clean.db", tmp_path / "clean"
    subprocess.run(extract_cmd(corpus, clean_db, clean_out), cwd=ROOT, check=True, capture_output=True)
    assert snapshot(db, out) == snapshot(clean_db, clean_out)


def test_limits_refuse_big_files_and_slow_extraction(tmp_path: Path, monkeypatch) -> None:
    import pipeline
    from pipeline.batch import Limits, run

    corpus = make_corpus(tmp_path / "corpus", 2)
    big = corpus / "big.txt"
    big.write_text("Liên đoàn Lao động tỉnh " * 60_000, encoding="utf-8")  # ~1.5 MB
    s = run([corpus], tmp_path / "v.db", None, log=lambda _: None, limits=Limits(max_bytes=1_000_000, timeout_s=60))
    assert s.extracted == 2
    assert [e for e in s.failed] == [f"{big}: file too large ({big.stat().st_size:,} bytes > limit 1,000,000)"]

    def slow(source):  # an extractor stuck on one file
        time.sleep(5)

    monkeypatch.setattr(pipeline, "analyze_source", slow)
    s = run([corpus / "p0"], tmp_path / "v2.db", None, log=lambda _: None, limits=Limits(timeout_s=1))
    assert s.failed and all(e.endswith("gave up after 1 s (limit: --timeout)") for e in s.failed)


def test_results_stream_in_order_with_a_bounded_number_in_flight() -> None:
    """The writer reads results in input order while at most `window` chunks wait besides
    the one being read, so a slow writer never makes the batch hold the corpus."""
    from concurrent.futures import ThreadPoolExecutor

    from collections import deque

    from pipeline.batch import _bounded_map, _chunks

    in_flight, most = 0, 0

    class Counting(ThreadPoolExecutor):
        def submit(self, *args, **kwargs):  # type: ignore[no-untyped-def, override]
            nonlocal in_flight, most
            in_flight += 1
            most = max(most, in_flight)
            return super().submit(*args, **kwargs)

    jobs = list(range(100))
    out = []
    with Counting(max_workers=2) as pool:
        chunks = _chunks(jobs, 3)
        for k, r in enumerate(_bounded_map(pool, lambda j: j * j, chunks, 4, deque())):  # type: ignore[arg-type]
            out.append(r)
            if k % 3 == 2:  # a chunk fully read
                in_flight -= 1
    assert out == [j * j for j in jobs]
    assert most == 4 + 1
