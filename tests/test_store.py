"""Storage: idempotent re-runs, failures on record, and conservative document identity."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pipeline.batch import run

PLAN = """Số: {num}
{place}, ngày 10 tháng 4 năm 2024
KẾ HOẠCH
Phát triển đoàn viên năm 2024

Căn cứ Nghị quyết số 02-NQ/TW, ngày 12/6/2021 của Bộ Chính trị về đổi mới tổ chức và hoạt động của Công đoàn Việt Nam trong tình hình mới;
Căn cứ Kế hoạch số {cited}, ngày 05/3/2024 của Ban Thường vụ LĐLĐ tỉnh về phát triển đoàn viên;

Liên đoàn Lao động tỉnh ban hành kế hoạch như sau:
I. NỘI DUNG
- Tuyên truyền.

TM. BAN THƯỜNG VỤ
CHỦ TỊCH

Nguyễn Văn An
"""


def write_plan(folder: Path, name: str, num: str, place: str, cited: str = "20/KH-LĐLĐ") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(PLAN.format(num=num, place=place, cited=cited), encoding="utf-8")
    return p


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_second_run_writes_nothing(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_plan(corpus, "a.txt", "35/KH-LĐLĐ", "Hòa Bình")
    write_plan(corpus / "sub", "b.txt", "36/KH-LĐLĐ", "Hòa Bình")
    db, out = tmp_path / "v.db", tmp_path / "json"
    first = run([corpus], db, out, log=lambda _: None)
    assert (first.extracted, first.unchanged) == (2, 0)
    assert (out / "sub" / "b.txt.json").exists()  # mirrors the input tree, full names kept
    before_rows = rows(db, "SELECT path, seen_at, sha256 FROM files ORDER BY path")
    json_mtimes = sorted((p.name, p.stat().st_mtime_ns) for p in out.rglob("*.json"))
    second = run([corpus], db, out, log=lambda _: None)
    assert (second.extracted, second.unchanged, second.failed) == (0, 2, [])
    assert rows(db, "SELECT COUNT(*) FROM documents") == [(2,)]
    # nothing was rewritten: the file rows and the JSON records are untouched
    assert rows(db, "SELECT path, seen_at, sha256 FROM files ORDER BY path") == before_rows
    assert sorted((p.name, p.stat().st_mtime_ns) for p in out.rglob("*.json")) == json_mtimes


def test_same_content_at_two_paths_is_one_document(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    a = write_plan(corpus, "a.txt", "35/KH-LĐLĐ", "Hòa Bình")
    (corpus / "copy.txt").write_bytes(a.read_bytes())
    run([corpus], tmp_path / "v.db", tmp_path / "json", log=lambda _: None)
    assert rows(tmp_path / "v.db", "SELECT COUNT(*) FROM documents") == [(1,)]
    assert rows(tmp_path / "v.db", "SELECT COUNT(*) FROM files WHERE status = 'ok' AND document_id IS NOT NULL") == [(2,)]
    assert (tmp_path / "json" / "copy.txt.json").exists()


def test_failures_are_recorded_and_the_batch_goes_on(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_plan(corpus, "good.txt", "35/KH-LĐLĐ", "Hòa Bình")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "junk.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    (corpus / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(200))
    s = run([corpus], tmp_path / "v.db", tmp_path / "json", log=lambda _: None)
    assert s.extracted == 1 and len(s.failed) == 3
    failed = dict(rows(tmp_path / "v.db", "SELECT path, error FROM files WHERE status = 'failed'"))
    assert failed[str(corpus / "empty.txt")] == f"{corpus / 'empty.txt'}: empty file (0 bytes)"
    assert "corrupt PDF" in failed[str(corpus / "junk.pdf")]
    assert "image" in failed[str(corpus / "photo.jpg")]
    assert all("\n" not in e for e in failed.values())
    again = run([corpus], tmp_path / "v.db", tmp_path / "json", log=lambda _: None)
    assert len(again.failed) == 3  # failures are retried, not forgotten


def test_one_symbol_two_provinces_are_two_nodes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_plan(corpus, "hb.txt", "40/KH-LĐLĐ", "Hòa Bình", cited="35/KH-LĐLĐ")
    write_plan(corpus, "lc.txt", "41/KH-LĐLĐ", "Lai Châu", cited="35/KH-LĐLĐ")
    db = tmp_path / "v.db"
    run([corpus], db, None, log=lambda _: None)
    nodes = rows(db, "SELECT key FROM nodes WHERE number = '35/KH-LĐLĐ' ORDER BY key")
    assert nodes == [
        ("35/KH-LĐLĐ|2024|liên đoàn lao động tỉnh hòa bình",),
        ("35/KH-LĐLĐ|2024|liên đoàn lao động tỉnh lai châu",),
    ]
    # both plans cite 02-NQ/TW: one node, two edges
    assert rows(db, "SELECT COUNT(*) FROM nodes WHERE number_norm = '2-NQ/TW'") == [(1,)]
    assert rows(db, "SELECT COUNT(*) FROM citations c JOIN nodes n ON n.id = c.cited_node_id WHERE n.number = '02-NQ/TW'") == [(2,)]


def test_cited_document_arriving_later_becomes_the_node(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_plan(corpus, "later.txt", "40/KH-LĐLĐ", "Hòa Bình", cited="20/KH-LĐLĐ")
    db = tmp_path / "v.db"
    run([corpus], db, None, log=lambda _: None)
    (node_id, doc) = rows(db, "SELECT id, document_id FROM nodes WHERE number = '20/KH-LĐLĐ'")[0]
    assert doc is None  # cited, not yet archived
    # the cited plan arrives: same number, year and issuer
    (corpus / "cited.txt").write_text(
        PLAN.format(num="20/KH-LĐLĐ", place="Hòa Bình", cited="1/KH-LĐLĐ").replace("10 tháng 4", "05 tháng 3"),
        encoding="utf-8",
    )
    run([corpus], db, None, log=lambda _: None)
    assert rows(db, "SELECT COUNT(*) FROM nodes WHERE number = '20/KH-LĐLĐ'") == [(1,)]
    (doc_after,) = rows(db, f"SELECT document_id FROM nodes WHERE id = {node_id}")[0]
    assert doc_after is not None
    edges = rows(db, f"SELECT COUNT(*) FROM citations WHERE cited_node_id = {node_id}")
    assert edges == [(1,)]
    # the citing plan changes: its old edges go, the counts follow
    (corpus / "later.txt").write_text(PLAN.format(num="40/KH-LĐLĐ", place="Hòa Bình", cited="21/KH-LĐLĐ"), encoding="utf-8")
    run([corpus], db, None, log=lambda _: None)
    assert rows(db, f"SELECT cited_count FROM nodes WHERE id = {node_id}") == [(0,)]
    assert_counts_consistent(db)


def test_deleted_file_is_marked(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    p = write_plan(corpus, "a.txt", "35/KH-LĐLĐ", "Hòa Bình")
    db = tmp_path / "v.db"
    run([corpus], db, None, log=lambda _: None)
    p.unlink()
    s = run([corpus], db, None, log=lambda _: None)
    assert s.deleted == 1
    assert rows(db, "SELECT status FROM files") == [("deleted",)]
    assert rows(db, "SELECT COUNT(*) FROM documents") == [(0,)]
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert_counts_consistent(db)


def assert_counts_consistent(db: Path) -> None:
    """nodes.cited_count (kept by triggers, also through cascading deletes) equals the edges."""
    drift = rows(db, "SELECT COUNT(*) FROM nodes WHERE cited_count != "
                     "(SELECT COUNT(*) FROM citations c WHERE c.cited_node_id = nodes.id)")
    assert drift == [(0,)]


def test_grouped_commit_keeps_each_document_atomic(tmp_path: Path) -> None:
    """Inside a commit group a failing document undoes only its own rows, the others
    commit, and nothing is visible to another connection before the group commits."""
    import pytest

    from pipeline import extract_text
    from pipeline.store import Store

    good = [extract_text(PLAN.format(num=f"{n}/KH-LĐLĐ", place="Hòa Bình", cited="20/KH-LĐLĐ")) for n in (35, 36)]
    db = tmp_path / "v.db"
    store = Store(db)
    with store.grouped(max_docs=100, max_seconds=60):
        store.save(good[0], "a.txt", 0.0)
        assert rows(db, "SELECT COUNT(*) FROM documents") == [(0,)]  # not committed yet
        bad = good[1].model_copy(update={"citations": [None]})  # fails half-way through its rows
        with pytest.raises(AttributeError):
            store.save(bad, "b.txt", 0.0)
        store.save(good[1], "c.txt", 0.0)
        # the batch flushes before waiting for its workers: the write lock is free until the next save
        other = sqlite3.connect(db, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        store.flush()
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        other.close()
    store.close()
    assert rows(db, "SELECT path FROM files ORDER BY path") == [("a.txt",), ("c.txt",)]
    assert rows(db, "SELECT COUNT(*) FROM documents") == [(2,)]
    assert rows(db, "SELECT COUNT(*) FROM citations") == [(4,)]


def test_a_torn_or_edited_json_record_is_written_again(tmp_path: Path) -> None:
    """JSON records are written in place (no rename), so a crash can leave one cut short;
    the size the database recorded for it tells the next run to extract that file again."""
    import json

    corpus = tmp_path / "corpus"
    write_plan(corpus, "a.txt", "35/KH-LĐLĐ", "Hòa Bình")
    write_plan(corpus, "b.txt", "36/KH-LĐLĐ", "Hòa Bình")
    db, out = tmp_path / "v.db", tmp_path / "json"
    run([corpus], db, out, log=lambda _: None)
    whole = (out / "a.txt.json").read_bytes()
    (out / "a.txt.json").write_bytes(whole[: len(whole) // 2])  # torn mid-write
    again = run([corpus], db, out, log=lambda _: None)
    assert (again.extracted, again.unchanged) == (1, 1)
    assert (out / "a.txt.json").read_bytes() == whole
    assert json.loads(whole)["document"]["number"] == "35/KH-LĐLĐ"


def test_a_search_index_created_meanwhile_by_another_process(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Two processes opening a new database both find no index; the one that loses the race
    to create it waits for the other's triggers instead of failing."""
    import sqlite_utils

    from pipeline import search
    from pipeline.store import Store

    db = tmp_path / "v.db"
    Store(db).close()  # "the other process": index and triggers made
    late = sqlite_utils.Database(db)
    monkeypatch.setattr(sqlite_utils.db.Table, "detect_fts", lambda self: None)  # it looked before they were
    search.ensure_index(late)
    assert search.FTS_TRIGGERS <= {r[0] for r in late.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}


def _law_citers(tmp_path: Path) -> list:
    """Three plans citing the Trade Union Law without number, keyed as one node: one names it
    "Luật Công đoàn", two "Luật Công đoàn năm 2012" (the first sorts first by value, so neither
    the first stored nor the smallest wins by accident)."""
    from pipeline import extract_file
    from pipeline.models import Citation

    records = []
    for i, title in enumerate(["Luật Công đoàn", "Luật Công đoàn năm 2012", "Luật Công đoàn năm 2012"]):
        rec = extract_file(write_plan(tmp_path / "in", f"p{i}.txt", f"{40 + i}/KH-LĐLĐ", "Hòa Bình"))
        rec.citations.append(Citation(doc_type="Luật", title=title, basis=True, key="named:luat cong doan"))
        records.append(rec)
    return records


def _law_title(store) -> tuple:  # type: ignore[no-untyped-def]
    from pipeline import graph
    from pipeline.web.pages import node_page

    (nid,) = store.conn.execute("SELECT id FROM nodes WHERE key = 'named:luat cong doan'").fetchone()
    page = node_page(store.conn, nid)
    assert page is not None
    return (graph.nodes_by_id(store.conn, [nid])[nid]["title"], page["node"]["title"],
            [m["title"] for m in page["mentions"]])


def test_a_cited_nodes_title_is_the_most_frequent_whatever_the_order(tmp_path: Path) -> None:
    """An unnumbered law cited under two titles: the node shows the one most documents use, in
    whatever order the citing documents are stored (never the first citation SQLite finds);
    when those documents go, the counts follow."""
    from pipeline.store import Store

    records = _law_citers(tmp_path)
    seen = []
    for order in ([0, 1, 2], [2, 1, 0], [1, 0, 2]):
        store = Store(tmp_path / f"v{''.join(map(str, order))}.db")
        for i in order:
            store.save(records[i], f"p{i}.txt", 0.0)
        seen.append(_law_title(store))
        store.close()
    majority = ("Luật Công đoàn năm 2012", "Luật Công đoàn năm 2012", ["Luật Công đoàn năm 2012", "Luật Công đoàn"])
    assert seen == [majority] * 3
    # a tie (one each) goes to the smaller value, again whatever the order
    for order in ([0, 1], [1, 0]):
        store = Store(tmp_path / f"t{''.join(map(str, order))}.db")
        for i in order:
            store.save(records[i], f"p{i}.txt", 0.0)
        assert _law_title(store)[0] == "Luật Công đoàn"
        store.close()


def test_an_older_database_counts_its_cited_titles_when_upgraded(tmp_path: Path) -> None:
    """Step 5 fills in the title counts of a graph stored before it (here: the counts and
    triggers taken away, the version set back) and the node reads as in a fresh database."""
    from pipeline.store import SCHEMA_VERSION, Store

    db = tmp_path / "v.db"
    store = Store(db)
    for i in (0, 1, 2):
        store.save(_law_citers(tmp_path)[i], f"p{i}.txt", 0.0)
    store.close()
    with sqlite3.connect(db) as conn:
        conn.executescript("DROP TRIGGER citations_title_insert; DROP TRIGGER citations_title_delete;"
                           f"DELETE FROM node_labels WHERE field = 'title'; PRAGMA user_version = {SCHEMA_VERSION - 1};")
    store = Store(db)
    assert _law_title(store)[0] == "Luật Công đoàn năm 2012"
    assert rows(db, "SELECT value, n FROM node_labels l JOIN nodes ON nodes.id = l.node_id "
                    "WHERE key = 'named:luat cong doan' AND field = 'title' ORDER BY value") == [
        ("Luật Công đoàn", 1), ("Luật Công đoàn năm 2012", 2)]
    store.close()
