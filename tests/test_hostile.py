"""Hostile and unlucky archives: every case ends with one-line messages, the batch finished,
and the record set true — files <-> documents <-> JSON records agree, and equal what a clean
run over the surviving files gives (issue 15)."""

from __future__ import annotations

import hashlib
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.batch import run
from pipeline.cli import cli

from .conftest import ROOT
from .fixtures import make_docx, make_html
from .test_store import PLAN, write_plan

QUIET = {"log": lambda _: None}


def rows(db: Path, sql: str, args: tuple = ()) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def all_json(out: Path) -> list[Path]:
    """The JSON records under out (rglob and os.walk recurse, and a test tree is 1,200 deep)."""
    found, stack = [], [str(out)] if out.is_dir() else []
    while stack:
        with os.scandir(stack.pop()) as it:
            for e in it:
                if e.is_dir(follow_symlinks=False):
                    stack.append(e.path)
                elif e.name.endswith(".json"):
                    found.append(Path(e.path))
    return sorted(found)


def assert_truthful(db: Path, out: Path) -> None:
    """The archive tells the truth: every ok file row is a file holding its document's
    content with its JSON record; every document is held by a file; every JSON record is
    a file's; nothing points at a missing row."""
    with sqlite3.connect(db) as conn:
        ok = conn.execute("SELECT path, sha256, document_id, json_path FROM files WHERE status = 'ok'").fetchall()
        for path, digest, doc, jpath in ok:
            assert Path(path).is_file() and sha(Path(path)) == digest == doc, path
            assert jpath and Path(jpath).is_file(), path
        held = {d for _, _, d, _ in ok}
        docs = {r[0] for r in conn.execute("SELECT id FROM documents")}
        assert {d.split("#")[0] for d in docs} == held, "a document no file holds, or a file without its document"
        for (path,) in conn.execute("SELECT path FROM files WHERE status = 'deleted'"):
            assert not os.path.lexists(path), path
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT COUNT(*) FROM search").fetchone()[0] == len(docs)
        assert conn.execute("SELECT COUNT(*) FROM nodes WHERE document_id IS NOT NULL AND document_id NOT IN "
                            "(SELECT id FROM documents)").fetchone() == (0,)
        records = sorted(j for *_, j in ok)
    assert sorted(str(p) for p in all_json(out)) == records, "JSON records <-> ok files"


def snapshot(db: Path, out: Path, base: Path) -> tuple:
    """What a run leaves, paths relative to base (a clean run may live elsewhere)."""
    def rel(p: str | None) -> str | None:
        return None if p is None else os.path.relpath(p, base)

    with sqlite3.connect(db) as conn:
        docs = conn.execute("SELECT id, number, doc_type, issuer FROM documents ORDER BY id").fetchall()
        files = sorted((rel(p), s, d) for p, s, d in conn.execute(
            "SELECT path, status, document_id FROM files WHERE status != 'deleted'"))
        nodes = conn.execute("SELECT key, doc_type, issuer, document_id FROM nodes n WHERE cited_count > 0 "
                             "OR document_id IS NOT NULL ORDER BY key").fetchall()
        search = conn.execute("SELECT document_id, body FROM search ORDER BY document_id").fetchall()
    jsons = sorted((str(p.relative_to(out)), json.loads(p.read_text(encoding="utf-8"))["document"]["number"])
                   for p in out.rglob("*.json"))
    return docs, files, nodes, search, jsons


def clean_run_equals(tmp: Path, corpus: Path, db: Path, out: Path) -> None:
    """The archive equals a fresh run over a copy of the surviving files."""
    import shutil

    assert_truthful(db, out)
    fresh = tmp / "fresh"
    shutil.copytree(corpus, fresh / corpus.name, symlinks=True)
    run([fresh / corpus.name], fresh / "v.db", fresh / "json", **QUIET)
    assert snapshot(db, out, corpus) == snapshot(fresh / "v.db", fresh / "json", fresh / corpus.name)


# ---- 1. records cannot collide; the JSON tree mirrors the input tree only ---------------

def test_same_stem_in_one_folder_is_three_records(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "good.txt").write_text(PLAN.format(num="35/KH-LĐLĐ", place="Hòa Bình", cited="1/KH-LĐLĐ"),
                                     encoding="utf-8")
    make_docx(corpus / "good.docx")
    make_html(corpus / "good.html")
    db, out = tmp_path / "v.db", tmp_path / "json"
    for _ in range(2):  # a re-run changes nothing: no record swaps for another
        s = run([corpus], db, out, **QUIET)
        assert s.failed == []
        assert sorted(p.name for p in out.rglob("*.json")) == ["good.docx.json", "good.html.json", "good.txt.json"]
    assert json.loads((out / "good.txt.json").read_text(encoding="utf-8"))["file"] == "good.txt"
    assert json.loads((out / "good.docx.json").read_text(encoding="utf-8"))["file"] == "good.docx"
    clean_run_equals(tmp_path, corpus, db, out)


def test_two_roots_with_the_same_file_name(tmp_path: Path) -> None:
    write_plan(tmp_path / "in" / "x", "same.txt", "1/KH-LĐLĐ", "Hòa Bình")
    write_plan(tmp_path / "in" / "y", "same.txt", "2/KH-LĐLĐ", "Lai Châu")
    db, out = tmp_path / "v.db", tmp_path / "json"
    run([tmp_path / "in" / "x", tmp_path / "in" / "y"], db, out, **QUIET)
    numbers = {str(p.relative_to(out)): json.loads(p.read_text(encoding="utf-8"))["document"]["number"]
               for p in out.rglob("*.json")}
    assert numbers == {"x/same.txt.json": "1/KH-LĐLĐ", "y/same.txt.json": "2/KH-LĐLĐ"}
    assert_truthful(db, out)


def test_deleted_renamed_and_newly_failing_files_leave_no_record(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    for i in range(4):
        write_plan(corpus / "sub", f"p{i}.txt", f"{i + 1}/KH-LĐLĐ", "Hòa Bình")
    db, out = tmp_path / "v.db", tmp_path / "json"
    run([corpus], db, out, **QUIET)
    (corpus / "sub" / "p0.txt").unlink()  # deleted
    (corpus / "sub" / "p1.txt").rename(corpus / "p1-moved.txt")  # renamed and moved
    (corpus / "sub" / "p2.txt").write_bytes(b"")  # now failing
    s = run([corpus], db, out, **QUIET)
    assert s.failed == [f"{corpus / 'sub' / 'p2.txt'}: empty file (0 bytes)"]
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.json")) == ["p1-moved.txt.json", "sub/p3.txt.json"]
    assert rows(db, "SELECT number FROM documents ORDER BY number") == [("2/KH-LĐLĐ",), ("4/KH-LĐLĐ",)]
    clean_run_equals(tmp_path, corpus, db, out)


def test_one_folder_under_two_spellings_is_one_set_of_rows(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    for i in range(3):
        write_plan(corpus, f"p{i}.txt", f"{i + 1}/KH-LĐLĐ", "Hòa Bình")
    (tmp_path / "link").symlink_to(corpus)
    db, out = tmp_path / "v.db", tmp_path / "json"
    first = run([Path(os.path.relpath(corpus))], db, out, **QUIET)
    again = [run([p], db, out, **QUIET) for p in (corpus, tmp_path / "link", corpus / ".." / "in")]
    assert first.extracted == 3 and all((s.extracted, s.unchanged) == (0, 3) for s in again)
    assert rows(db, "SELECT COUNT(*) FROM files") == [(3,)]
    assert_truthful(db, out)


# ---- 2. documents follow files ------------------------------------------------------------

def test_a_file_edited_to_equal_another_leaves_no_ghost(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    a = write_plan(corpus, "a.txt", "35/KH-LĐLĐ", "Hòa Bình", cited="7/KH-LĐLĐ")
    b = write_plan(corpus, "b.txt", "36/KH-LĐLĐ", "Hòa Bình", cited="8/KH-LĐLĐ")
    db, out = tmp_path / "v.db", tmp_path / "json"
    run([corpus], db, out, **QUIET)
    old = sha(b)
    b.write_bytes(a.read_bytes())
    run([corpus], db, out, **QUIET)
    assert rows(db, "SELECT COUNT(*) FROM documents WHERE id = ?", (old,)) == [(0,)]
    assert rows(db, "SELECT COUNT(*) FROM nodes WHERE number = '8/KH-LĐLĐ' AND cited_count > 0") == [(0,)]
    res = CliRunner().invoke(cli, ["search", "36/KH-LĐLĐ", "--db", str(db), "--json"])
    assert json.loads(res.output) == []  # no text a file no longer holds
    res = CliRunner().invoke(cli, ["show", "36/KH-LĐLĐ", "--db", str(db)])
    assert res.exit_code == 1 and "no such document" in res.output
    clean_run_equals(tmp_path, corpus, db, out)


def test_review_of_a_changed_file_says_stale(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    a = write_plan(corpus, "a.txt", "35/KH-LĐLĐ", "Hòa Bình")
    db = tmp_path / "v.db"
    run([corpus], db, tmp_path / "json", **QUIET)
    a.write_text(a.read_text(encoding="utf-8").replace("Tuyên truyền", "Tuyên truyền sâu rộng"), encoding="utf-8")
    res = CliRunner().invoke(cli, ["review", "35/KH-LĐLĐ", "--db", str(db), "--out", str(tmp_path / "r")])
    assert res.exit_code == 1 and "stale" in res.output and len(res.output.strip().splitlines()) == 1
    a.rename(corpus / "renamed.txt")
    a.write_bytes(b"")
    run([corpus], db, tmp_path / "json", **QUIET)
    res = CliRunner().invoke(cli, ["review", str(corpus / "renamed.txt"), "--db", str(db), "--out", str(tmp_path / "r")])
    assert res.exit_code == 0, res.output


# ---- 3. formats by content ------------------------------------------------------------------

@pytest.mark.parametrize("name", ["noise.doc", "noise.pdf", "noise.docx", "noise.txt", "noise.html", "noise"])
def test_random_bytes_are_not_a_document(tmp_path: Path, name: str) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    rng = random.Random(15)
    (corpus / name).write_bytes(bytes(rng.getrandbits(8) for _ in range(20_000)))
    db, out = tmp_path / "v.db", tmp_path / "json"
    s = run([corpus], db, out, **QUIET)
    assert len(s.failed) == 1 and ("not a document" in s.failed[0] or "not text" in s.failed[0]), s.failed
    assert rows(db, "SELECT COUNT(*) FROM documents") == [(0,)]
    assert_truthful(db, out)


def test_utf16_noise_is_not_text(tmp_path: Path) -> None:
    """Bytes that decode (as UTF-16) to a page of CJK are still not a Vietnamese document."""
    p = tmp_path / "x.doc"
    rng = random.Random(3)
    p.write_bytes(b"\xff\xfe" + "".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(5000)).encode("utf-16-le"))
    s = run([p], tmp_path / "v.db", tmp_path / "json", **QUIET)
    assert len(s.failed) == 1 and "not a document" in s.failed[0]


def test_a_text_file_named_pdf_is_read_as_text(tmp_path: Path) -> None:
    p = write_plan(tmp_path / "in", "plan.pdf", "35/KH-LĐLĐ", "Hòa Bình")
    s = run([p.parent], tmp_path / "v.db", tmp_path / "json", **QUIET)
    assert s.failed == [] and rows(tmp_path / "v.db", "SELECT format FROM files") == [("txt",)]


# ---- 4. read commands never write; the schema has a version -------------------------------

def _files_state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.mark.parametrize("command", [["search", "x"], ["failures"], ["show", "35/KH-LĐLĐ"], ["targets"],
                                     ["graph", "top"]])
def test_read_commands_refuse_a_foreign_sqlite_file_untouched(tmp_path: Path, command: list[str]) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    before = _files_state(tmp_path)
    res = CliRunner().invoke(cli, [*command, "--db", str(other)])
    assert res.exit_code == 1 and "not a vanban database" in res.output
    assert len(res.output.strip().splitlines()) == 1
    assert _files_state(tmp_path) == before  # no table, no view, no WAL added


def test_not_sqlite_newer_schema_and_missing_database_are_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"hello, not a database" * 100)
    res = CliRunner().invoke(cli, ["search", "x", "--db", str(junk)])
    assert res.exit_code == 1 and "not a vanban database" in res.output
    res = CliRunner().invoke(cli, ["extract", str(ROOT / "corpus" / "000_d808816fdb247594.txt"), "--db", str(junk),
                                   "--json-dir", str(tmp_path / "j")])
    assert res.exit_code == 1 and "not a vanban database" in res.output and "Traceback" not in res.output
    assert junk.read_bytes() == b"hello, not a database" * 100

    from pipeline.store import SCHEMA_VERSION, Store

    newer = tmp_path / "newer.db"
    Store(newer).close()
    with sqlite3.connect(newer) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    for cmd in (["failures"], ["extract", str(ROOT / "corpus" / "000_d808816fdb247594.txt")]):
        res = CliRunner().invoke(cli, [*cmd, "--db", str(newer)])
        assert res.exit_code == 1 and "made by a newer vanban" in res.output, res.output
    res = CliRunner().invoke(cli, ["failures", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 1 and "no database yet" in res.output
    assert not (tmp_path / "none.db").exists()


def test_read_commands_read_a_database_they_may_not_write(tmp_path: Path) -> None:
    """mode=ro, falling back to immutable when SQLite cannot open the file's WAL index."""
    db = tmp_path / "v.db"
    run([write_plan(tmp_path / "in", "a.txt", "35/KH-LĐLĐ", "Hòa Bình")], db, None, **QUIET)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    from pipeline.store import Store

    store = Store(db, readonly=True)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        store.conn.execute("DELETE FROM documents")
    assert store.conn.execute("SELECT number FROM documents").fetchall() == [("35/KH-LĐLĐ",)]


# the schema of the version before schema versions (schemas/database.sql as it was then)
OLD_SCHEMA = Path(__file__).parent / "data" / "schema-v0.sql"


def test_an_old_database_migrates_and_equals_a_fresh_one(tmp_path: Path) -> None:
    from pipeline.store import SCHEMA_VERSION, Store

    corpus = tmp_path / "in"
    write_plan(corpus, "a.txt", "35/KH-LĐLĐ", "Hòa Bình", cited="20/KH-LĐLĐ")
    write_plan(corpus, "b.txt", "36/KH-LĐLĐ", "Hòa Bình", cited="20/KH-LĐLĐ")
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as conn:
        conn.executescript(OLD_SCHEMA.read_text(encoding="utf-8"))
        conn.execute("CREATE TABLE search (document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,"
                     " title_folded TEXT, body_folded TEXT, meta_folded TEXT, body TEXT)")
    Store(old).close()
    fresh = tmp_path / "fresh.db"
    Store(fresh).close()

    def schema(db: Path) -> tuple:
        with sqlite3.connect(db) as conn:
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            return (conn.execute("PRAGMA user_version").fetchone()[0],
                    {t: conn.execute(f"PRAGMA table_info([{t}])").fetchall() for t in tables},
                    sorted(r for r in conn.execute("SELECT type, name FROM sqlite_master WHERE type != 'table'")))

    assert schema(old) == schema(fresh) and schema(old)[0] == SCHEMA_VERSION
    run([corpus], old, tmp_path / "j1", **QUIET)
    run([corpus], fresh, tmp_path / "j2", **QUIET)
    assert snapshot(old, tmp_path / "j1", corpus) == snapshot(fresh, tmp_path / "j2", corpus)


# ---- 5. limits --------------------------------------------------------------------------------

def test_a_text_over_the_character_budget_fails_fast_in_one_line(tmp_path: Path) -> None:
    from pipeline.ingest import MAX_CHARS

    p = tmp_path / "long.txt"
    p.write_text(("Công đoàn phát triển đoàn viên. " * (MAX_CHARS // 30 + 10)), encoding="utf-8")
    t = time.monotonic()
    s = run([p], tmp_path / "v.db", tmp_path / "json", **QUIET)
    assert time.monotonic() - t < 5
    assert len(s.failed) == 1 and "too long" in s.failed[0] and "E088" not in s.failed[0]


def test_word_xml_over_the_budget_is_refused_before_parsing(tmp_path: Path) -> None:
    import zipfile

    from pipeline.ingest import MAX_XML_BYTES

    p = tmp_path / "huge.docx"
    para = "<w:p><w:r><w:t>Công đoàn phát triển đoàn viên năm 2024</w:t></w:r></w:p>"
    body = para * (MAX_XML_BYTES // len(para.encode()) + 10)
    with zipfile.ZipFile(p, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f"<w:document><w:body>{body}</w:body></w:document>")
    t = time.monotonic()
    s = run([p], tmp_path / "v.db", tmp_path / "json", **QUIET)
    assert time.monotonic() - t < 5 and len(s.failed) == 1 and "XML unpacks to" in s.failed[0]


def test_word_text_over_the_character_budget_is_refused_before_parsing(tmp_path: Path) -> None:
    """Under the XML budget, over the character budget: counted in the raw XML (python-docx
    would take minutes to build the tree)."""
    import zipfile

    from pipeline.ingest import MAX_CHARS, MAX_XML_BYTES

    rng = random.Random(7)
    words = "công đoàn phát triển đoàn viên năm tổ chức hoạt động kế hoạch liên đoàn lao động tỉnh".split()
    runs, size = [], 0
    while size < MAX_XML_BYTES - 1_000_000:  # varied text: no zip-bomb ratio
        t = " ".join(rng.choice(words) + str(rng.randint(0, 99999)) for _ in range(8))
        runs.append(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>")
        size += len(runs[-1].encode())
    p = tmp_path / "long.docx"
    with zipfile.ZipFile(p, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document><w:body>" + "".join(runs) + "</w:body></w:document>")
    assert size > MAX_CHARS
    t = time.monotonic()
    s = run([p], tmp_path / "v.db", tmp_path / "json", **QUIET)
    assert time.monotonic() - t < 5 and len(s.failed) == 1 and "too long" in s.failed[0], s.failed


def _die_on_poison(job: tuple[str, str | None]) -> tuple:
    """A worker job that dies as the OOM killer kills, on one file."""
    if job[0].endswith("poison.txt"):
        os._exit(137)
    return job[0], None, f"{job[0]}: fine", None, None, None, None


def test_a_dead_worker_is_that_files_failure_and_the_batch_goes_on() -> None:
    from pipeline.batch import _parallel

    jobs = [(f"/x/f{i}.txt", None) for i in range(30)] + [("/x/poison.txt", None)] + [("/x/g.txt", None)]
    results = {r[0]: r[2] for r in _parallel(_die_on_poison, jobs, 2, lambda: None)}
    assert set(results) == {j for j, _ in jobs}
    assert "worker killed" in results["/x/poison.txt"]
    assert all(v.endswith("fine") for k, v in results.items() if k != "/x/poison.txt")


@pytest.mark.parametrize("workers,ok", [("-1", False), ("1000", False), ("2", True)])
def test_workers_validated(tmp_path: Path, workers: str, ok: bool) -> None:
    p = write_plan(tmp_path / "in", "a.txt", "35/KH-LĐLĐ", "Hòa Bình")
    res = CliRunner().invoke(cli, ["extract", str(p), "--db", str(tmp_path / "v.db"), "--json-dir",
                                   str(tmp_path / "j"), "--workers", workers])
    assert (res.exit_code == 0) == ok, res.output
    if not ok:
        assert "--workers" in res.output and not (tmp_path / "v.db").exists()


def test_workers_exit_when_the_batch_is_killed(tmp_path: Path) -> None:
    import signal

    corpus = tmp_path / "in"
    for i in range(60):
        write_plan(corpus, f"p{i:03d}.txt", f"{i + 1}/KH-LĐLĐ", "Hòa Bình")
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "extract", str(corpus), "--db", str(tmp_path / "v.db"),
                             "--json-dir", str(tmp_path / "j"), "--workers", "2"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def children() -> list[int]:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(proc.pid)], capture_output=True, text=True).stdout
        return [int(x) for x in out.split()]

    deadline = time.time() + 60
    kids: list[int] = []
    while time.time() < deadline and len(kids) < 2 and proc.poll() is None:
        kids = children()
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.skip("the batch finished before its workers were seen")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 10
    while time.time() < deadline and any(os.path.exists(f"/proc/{k}") and
                                         "Z" not in Path(f"/proc/{k}/stat").read_text().split()[2] for k in kids):
        time.sleep(0.1)
    alive = [k for k in kids if os.path.exists(f"/proc/{k}") and "Z" not in Path(f"/proc/{k}/stat").read_text().split()[2]]
    assert alive == []


# ---- 6. one line for everything ----------------------------------------------------------------

def _remove_tree(root: Path) -> None:
    """rm -r without recursion: pytest's own clean-up of old temp folders recurses and fails on
    a 1,200-deep tree (RecursionError at the start of a later run, exit 1 with every test passed)."""
    stack = [str(root)]
    while stack:
        top = stack[-1]
        subdirs = []
        with os.scandir(top) as entries:
            for e in entries:
                if e.is_dir(follow_symlinks=False):
                    subdirs.append(e.path)
                else:
                    os.unlink(e.path)
        if subdirs:
            stack.extend(subdirs)
        else:
            os.rmdir(stack.pop())


@pytest.fixture
def deep_tmp(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path
    for child in list(tmp_path.iterdir()):
        if child.is_dir() and not child.is_symlink():
            _remove_tree(child)


def test_links_fifos_and_deep_trees(deep_tmp: Path) -> None:
    tmp_path = deep_tmp
    corpus = tmp_path / "in"
    write_plan(corpus, "good.txt", "35/KH-LĐLĐ", "Hòa Bình")
    (corpus / "loop").symlink_to(corpus / "loop")
    (corpus / "dangling.txt").symlink_to(corpus / "missing.txt")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "up").symlink_to(corpus)  # a link to a folder is not followed (no loop)
    deep = str(corpus)
    for _ in range(1200):  # os.makedirs would recurse as deep
        deep += "/d"
        os.mkdir(deep)
    try:
        _links_fifos_and_deep_trees(tmp_path, corpus, Path(deep))
    finally:  # pytest's own clean-up of old temporary folders recurses: leave nothing this deep
        _remove_deep(corpus / "d")
        _remove_deep(tmp_path / "json" / "d")
        _remove_deep(tmp_path / "fresh" / "in" / "d")


def _remove_deep(top: Path) -> None:
    """rm -r without recursion, for the one deep chain of folders named d."""
    import shutil

    if not top.is_dir():
        return
    bottom = str(top)
    while os.path.isdir(bottom + "/d"):
        bottom += "/d"
    while len(bottom) >= len(str(top)):
        shutil.rmtree(bottom)  # its own d is gone already: a shallow removal
        bottom = bottom[:-2]


def _links_fifos_and_deep_trees(tmp_path: Path, corpus: Path, deep: Path) -> None:
    (deep / "deep.txt").write_text(PLAN.format(num="36/KH-LĐLĐ", place="Hòa Bình", cited="1/KH-LĐLĐ"),
                                   encoding="utf-8")
    db, out = tmp_path / "v.db", tmp_path / "json"
    s = run([corpus], db, out, **QUIET)
    reasons = sorted(line.split(": ", 1)[1] for line in s.failed)
    assert len(reasons) == 3 and all("\n" not in r for r in reasons)
    assert any("symbolic link loop" in r for r in reasons)
    assert any("symbolic link to nothing" in r for r in reasons)
    assert any("not a regular file (a FIFO)" in r for r in reasons)
    assert s.extracted == 2
    assert_truthful(db, out)
    res = CliRunner().invoke(cli, ["extract", str(corpus / "pipe.txt"), "--db", str(db), "--json-dir", str(out)])
    assert res.exit_code == 1 and "not a regular file" in res.output


def test_a_newline_in_a_file_name_is_escaped(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "bad\nname.txt").write_bytes(b"")
    s = run([corpus], tmp_path / "v.db", tmp_path / "json", **QUIET)
    assert s.failed == [f"{corpus}/bad\\nname.txt: empty file (0 bytes)"]


def test_database_and_json_folder_inside_the_input_are_not_inputs(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    write_plan(corpus, "a.txt", "35/KH-LĐLĐ", "Hòa Bình")
    for _ in range(2):
        s = run([corpus], corpus / "v.db", corpus / "json", **QUIET)
        assert s.failed == []
    assert rows(corpus / "v.db", "SELECT COUNT(*) FROM files") == [(1,)]
    assert_truthful(corpus / "v.db", corpus / "json")


def test_an_unreadable_file_says_permission_denied(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    p = write_plan(tmp_path / "in", "a.txt", "35/KH-LĐLĐ", "Hòa Bình")
    p.chmod(0)
    s = run([p.parent], tmp_path / "v.db", tmp_path / "json", **QUIET)
    assert len(s.failed) == 1 and "permission denied" in s.failed[0]


def test_a_locked_database_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline import store as store_mod

    db = tmp_path / "v.db"
    store_mod.Store(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(store_mod, "LOCK_WAIT_S", 1)
    p = write_plan(tmp_path / "in", "a.txt", "35/KH-LĐLĐ", "Hòa Bình")
    res = CliRunner().invoke(cli, ["extract", str(p), "--db", str(db), "--json-dir", str(tmp_path / "j")])
    holder.execute("ROLLBACK")
    assert res.exit_code == 1 and "locked by another vanban" in res.output and "Traceback" not in res.output


# ---- 7. concurrent writers ---------------------------------------------------------------------

def test_node_labels_follow_a_rule_not_the_arrival_order(tmp_path: Path) -> None:
    """Three plans cite 20/KH-LĐLĐ; two name it a Kế hoạch, one a Chương trình (the same
    number, year and issuer): whatever order they are stored in, the node is a Kế hoạch;
    once the document itself arrives, its own type wins."""
    corpus = tmp_path / "in"
    for i, kind in enumerate(["Chương trình", "Kế hoạch", "Kế hoạch"]):
        p = write_plan(corpus, f"c{i}.txt", f"{40 + i}/KH-LĐLĐ", "Hòa Bình")
        p.write_text(p.read_text(encoding="utf-8").replace("Căn cứ Kế hoạch số 20/KH-LĐLĐ", f"Căn cứ {kind} số 20/KH-LĐLĐ"),
                     encoding="utf-8")
    labels = []
    for order in ([0, 1, 2], [2, 1, 0], [1, 0, 2]):
        db = tmp_path / f"v{''.join(map(str, order))}.db"
        for i in order:
            run([corpus / f"c{i}.txt"], db, None, **QUIET)
        labels.append(rows(db, "SELECT doc_type, issuer FROM nodes WHERE number = '20/KH-LĐLĐ'"))
    assert labels[0] == labels[1] == labels[2] and labels[0][0][0] == "Kế hoạch"
    # the cited document arrives, typed by itself as a Chương trình: its own record wins
    cited = corpus / "cited.txt"
    cited.write_text(PLAN.format(num="20/KH-LĐLĐ", place="Hòa Bình", cited="1/KH-LĐLĐ")
                     .replace("10 tháng 4", "05 tháng 3").replace("KẾ HOẠCH", "CHƯƠNG TRÌNH"), encoding="utf-8")
    db = tmp_path / "v012.db"
    run([corpus], db, None, **QUIET)
    assert rows(db, "SELECT doc_type FROM nodes WHERE number = '20/KH-LĐLĐ'") == [("Chương trình",)]
    cited.unlink()
    run([corpus], db, None, **QUIET)  # and when it goes, the citations decide again
    assert rows(db, "SELECT doc_type FROM nodes WHERE number = '20/KH-LĐLĐ'") == [("Kế hoạch",)]


def test_two_extracts_at_once_equal_one_run(tmp_path: Path) -> None:
    from .test_batch_robustness import extract_cmd, make_corpus

    corpus = make_corpus(tmp_path / "in", 40)
    db, out = tmp_path / "v.db", tmp_path / "json"
    procs = [subprocess.Popen(extract_cmd(corpus, db, out, workers=2, commit_every=3), cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
    assert rows(db, "SELECT COUNT(*) FROM files WHERE format IS NULL") == [(0,)]
    clean_run_equals(tmp_path, corpus, db, out)


def test_an_encrypted_pdf_says_so(tmp_path: Path) -> None:
    """A PDF whose trailer names a security handler pdfium cannot open without a password."""
    from .fixtures import make_pdf

    p = make_pdf(tmp_path / "locked.pdf")
    handler = b"/Encrypt << /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>\n"
    p.write_bytes(p.read_bytes().replace(b"trailer\n<<\n", b"trailer\n<<\n" + handler))
    s = run([p], tmp_path / "v.db", tmp_path / "json", **QUIET)
    assert len(s.failed) == 1 and "encrypted PDF: decrypt it" in s.failed[0] and "corrupt" not in s.failed[0]


def test_records_named_the_old_way_are_replaced(tmp_path: Path) -> None:
    """A JSON folder written before full names were kept (a.json for a.txt, the database not
    knowing where): the next run writes a.txt.json and removes a.json."""
    corpus = tmp_path / "in"
    write_plan(corpus, "a.txt", "35/KH-LĐLĐ", "Hòa Bình")
    db, out = tmp_path / "v.db", tmp_path / "json"
    run([corpus], db, out, **QUIET)
    (out / "a.txt.json").rename(out / "a.json")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE files SET json_path = NULL")
    run([corpus], db, out, **QUIET)
    assert [p.name for p in out.iterdir()] == ["a.txt.json"]
    assert_truthful(db, out)


def test_a_full_disk_stops_the_batch_with_its_summary(tmp_path: Path) -> None:
    """Files may not grow past 400 kB (as a full disk refuses writes): one line and the
    summary, exit 1, no traceback; the next run completes the archive as a clean run would."""
    from .test_batch_robustness import extract_cmd, make_corpus

    corpus = make_corpus(tmp_path / "in", 60)
    db, out = tmp_path / "v.db", tmp_path / "json"
    limit = ("import resource, signal, subprocess, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
             "resource.setrlimit(resource.RLIMIT_FSIZE, (400_000, 400_000)); "
             "sys.exit(subprocess.run(sys.argv[1:]).returncode)")
    res = subprocess.run([sys.executable, "-c", limit, *extract_cmd(corpus, db, out)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 1 and "Traceback" not in res.stderr, res.stderr
    assert "extracted" in res.stdout and "stopped: " in res.stderr and "run again" in res.stderr
    subprocess.run(extract_cmd(corpus, db, out), cwd=ROOT, check=True, capture_output=True)
    clean_run_equals(tmp_path, corpus, db, out)


def test_a_reader_sees_a_writer_commit(tmp_path: Path) -> None:
    """A read-only store (as serve's) opened before an extract reads its commits, never a torn page."""
    from pipeline.store import Store

    corpus = tmp_path / "in"
    write_plan(corpus, "a.txt", "35/KH-LĐLĐ", "Hòa Bình")
    db = tmp_path / "v.db"
    run([corpus], db, None, **QUIET)
    reader = Store(db, readonly=True)
    assert reader.conn.execute("SELECT COUNT(*) FROM documents").fetchone() == (1,)
    write_plan(corpus, "b.txt", "36/KH-LĐLĐ", "Hòa Bình")
    run([corpus], db, None, **QUIET)
    assert reader.conn.execute("SELECT COUNT(*) FROM documents").fetchone() == (2,)
    assert reader.conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
