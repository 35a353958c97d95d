"""What the web pages are built from, without a browser: the canned queries' answers, the
search highlight, roll-ups that never add percentages, the document list's order, the
document page's data and the review page's text as written. (tests/test_browser.py checks
the same pages in Chromium.)"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from pipeline.serve import metadata, rollup_sql
from pipeline.web import pages

from .conftest import CORPUS, REAL_DOCX

PLAN = "000_d808816fdb247594.txt"


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    """The corpus plus the Hòa Bình plan as issued in Lai Châu, and one document with a share
    (%) target in two provinces."""
    from pipeline.batch import run

    tmp = tmp_path_factory.mktemp("webdata")
    src = tmp / "in"
    shutil.copytree(CORPUS, src)
    plan = (CORPUS / PLAN).read_text(encoding="utf-8")
    (src / "laichau.txt").write_text(plan.replace("Hòa Bình", "Lai Châu"), encoding="utf-8")
    if REAL_DOCX.is_dir():
        shutil.copy(REAL_DOCX / "congvan_tuldtt.docx", src / "congvan_tuldtt.docx")
    run([src], tmp / "v.db", tmp / "json", workers=1, log=lambda _: None)
    c = sqlite3.connect(tmp / "v.db")
    pages.register_functions(c)
    return c


def canned(conn: sqlite3.Connection, name: str, **params: str) -> list[dict]:
    sql = metadata("v")["databases"]["v"]["queries"][name]["sql"]
    cur = conn.execute(sql, {"so_ky_hieu": "", "nam": "", "co_quan": "", "don_vi": "", "tinh": "", **params})
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def test_canned_cites_lists_candidates_for_a_shared_symbol(conn: sqlite3.Connection) -> None:
    rows = canned(conn, "cites", so_ky_hieu="35/KH-LDLD")
    assert len(rows) == 2 and all(r["trích yếu"].startswith("Nhiều văn bản cùng số ký hiệu") for r in rows)
    assert {r["cơ quan ban hành"] for r in rows} == {"Liên đoàn Lao động tỉnh Hòa Bình", "Liên đoàn Lao động tỉnh Lai Châu"}
    assert all(r["xem"].startswith("/-/van-ban/") for r in rows)


def test_canned_queries_take_year_and_issuer(conn: sqlite3.Connection) -> None:
    rows = canned(conn, "cites", so_ky_hieu="35 / KH-LĐLĐ", nam="2024", co_quan="hoa binh")
    assert sorted(r["số ký hiệu"] for r in rows) == ["1399/TLĐ-ToC", "17/KH-TLĐ", "18/KH-TLĐ"]
    assert all(r["căn cứ"] == 1 and r["trong kho"] == "chưa có" and r["xem"].startswith("/-/nut/") for r in rows)
    assert canned(conn, "cites", so_ky_hieu="35/KH-LĐLĐ", nam="2023", co_quan="hoa binh") == []
    citers = canned(conn, "cited_by", so_ky_hieu="17/KH-TLD")
    assert sorted(r["cơ quan ban hành"] for r in citers if r["số ký hiệu"] == "35/KH-LĐLĐ") == [
        "Liên đoàn Lao động tỉnh Hòa Bình", "Liên đoàn Lao động tỉnh Lai Châu"]
    ancestors = canned(conn, "ancestors", so_ky_hieu="35/KH-LDLD", co_quan="Lai Châu")
    assert {r["tầng"] for r in ancestors} >= {1} and "17/KH-TLĐ" in {r["số ký hiệu"] for r in ancestors}


def test_query_titles_are_vietnamese_descriptions_english() -> None:
    meta = metadata("v")["databases"]["v"]
    assert meta["tables"]["documents"]["title"] == "Văn bản" and meta["tables"]["documents"]["sort_desc"] == "date"
    assert meta["queries"]["descendants"]["title"] == "Văn bản triển khai (mọi tầng)"
    assert meta["queries"]["descendants"]["description"].startswith("Everything implementing")
    assert meta["tables"]["search"]["hidden"] and meta["tables"]["search_fts"]["hidden"]


def test_rollups_average_percentages_never_add_them(conn: sqlite3.Connection) -> None:
    assert pages.ratio_units() == ["%"]
    doc = conn.execute("SELECT id FROM documents WHERE file = ?", (PLAN,)).fetchone()[0]
    for value in (80.0, 90.0):  # two shares in the same province and year
        conn.execute("INSERT INTO targets (document_id, value, value_num, unit, unit_canonical, kind, year) "
                     "VALUES (?, ?, ?, '%', '%', 'target', 2024)", (doc, str(value), value))
    try:
        rows = [r for r in pages.target_rollup(conn, "%") if r["province"] == "Hòa Bình"]
        assert rows == [{"province": "Hòa Bình", "year": 2024, "kind": "target", "value": 85.0, "n": 2}]
        cur = conn.execute(rollup_sql(), {"don_vi": "%", "tinh": "hoa binh"})
        row = dict(zip([c[0] for c in cur.description], cur.fetchone()))
        assert row["tổng"] is None and row["trung bình (tỷ lệ)"] == 85.0 and row["số chỉ tiêu"] == 2
        counted = pages.target_rollup(conn, "đoàn viên")
        assert counted and all(r["value"] >= 1 for r in counted)  # counts are added
    finally:
        conn.execute("DELETE FROM targets WHERE unit_canonical = '%' AND document_id = ?", (doc,))


def test_search_highlights_the_phrase_with_its_diacritics(conn: sqlite3.Connection) -> None:
    rows = pages.search(conn, "doan vien uu tu")
    plan = next(r for r in rows if r["number"] == "35/KH-LĐLĐ")
    assert "<mark>đoàn viên ưu tú</mark>" in plan["snippet_html"]
    assert pages.highlight("tư tưởng <b> Đoàn viên", "đoàn viên") == "tư tưởng &lt;b&gt; <mark>Đoàn viên</mark>"
    assert len(pages.search(conn, "đoàn viên ưu tú")) == len(rows)


def test_document_list_newest_first_and_narrowed(conn: sqlite3.Connection) -> None:
    data = pages.document_list(conn)
    dates = [r["date"] for r in data["rows"] if r["date"]]
    assert dates == sorted(dates, reverse=True) and data["total"] == len(data["rows"])
    assert [r["date"] for r in data["rows"]][-1] is None or len(dates) == len(data["rows"])  # undated last
    narrowed = pages.document_list(conn, issuer="lai chau", doc_type="Kế hoạch")
    assert narrowed["rows"] and all("Lai Châu" in r["issuer"] for r in narrowed["rows"])


def test_document_page_data(conn: sqlite3.Connection) -> None:
    doc_id = conn.execute("SELECT id FROM documents WHERE file = ?", (PLAN,)).fetchone()[0]
    data = pages.document(conn, doc_id)
    assert data is not None
    assert data["doc"]["signer"]["name"] == "Nguyễn Mạnh Cường"
    assert {r["number"] for r in data["cites"]} == {"1399/TLĐ-ToC", "17/KH-TLĐ", "18/KH-TLĐ"}
    assert all(r["document_id"] is None for r in data["cites"])  # not in the archive
    assert data["assignments"][0]["tasks"] == ["theo dõi, đôn đốc triển khai thực hiện kế hoạch này."]
    node = next(r["node_id"] for r in data["cites"] if r["number"] == "17/KH-TLĐ")
    cited = pages.node_page(conn, node)
    assert cited is not None
    assert sorted(r["issuer"] for r in cited["citers"]["rows"] if r["number"] == "35/KH-LĐLĐ") == [
        "Liên đoàn Lao động tỉnh Hòa Bình", "Liên đoàn Lao động tỉnh Lai Châu"]
    assert all(r["depth"] == 1 and r["document_id"] for r in cited["citers"]["rows"])
    hood = pages.neighbourhood(conn, data["doc"]["node_id"])
    assert len(hood["nodes"]) == 4 and len(hood["edges"]) == 3


def test_review_text_as_written(conn: sqlite3.Connection) -> None:
    from pipeline.review import review_document

    doc_id = conn.execute("SELECT id FROM documents WHERE file = ?", (PLAN,)).fetchone()[0]
    page = review_document(conn, doc_id)
    assert page is not None
    assert 'title="căn cứ">17/KH-TLĐ</span>' in page  # the symbol as written, one piece
    assert "17 / KH" not in page
    assert "cơ quan ban hành (suy ra)" in page
    assert "<script" not in page


@pytest.mark.skipif(not (REAL_DOCX / "congvan_tuldtt.docx").is_file(), reason="../shared/real-docx is absent")
def test_review_page_highlights_every_document_of_a_file(conn: sqlite3.Connection) -> None:
    from pipeline.review import review_document

    ids = [r[0] for r in conn.execute("SELECT id FROM documents WHERE file = 'congvan_tuldtt.docx' ORDER BY id")]
    numbers = json.loads(conn.execute("SELECT record FROM documents WHERE id = ?", (ids[0],)).fetchone()[0])
    page = review_document(conn, ids[2])
    assert page is not None
    for k in range(len(ids)):
        assert f"Văn bản {k + 1}/{len(ids)}" in page
    numbered = [k for k, p in enumerate([numbers, *numbers["parts"]]) if p["spans"].get("number")]
    assert len(numbered) > 1 and all(f'id="d{k}-number"' in page for k in numbered)
    assert page.count("<details class=\"doc\" open>") == 1  # the document asked for is open


def test_document_missing_returns_none(conn: sqlite3.Connection, tmp_path: Path) -> None:
    assert pages.document(conn, "nope") is None and pages.node_page(conn, 10**9) is None


def test_target_rollup_view_of_an_older_database_is_replaced(tmp_path: Path) -> None:
    from pipeline.store import Store

    db = tmp_path / "old.db"
    Store(db).close()
    old = sqlite3.connect(db)
    old.execute("DROP VIEW target_rollup")
    old.execute("CREATE VIEW target_rollup AS SELECT t.unit_canonical, SUM(t.value_num) AS total FROM targets t "
                "GROUP BY 1")  # what earlier versions made: shares added up
    old.execute("PRAGMA user_version = 3")  # the schema version before the roll-up step
    old.commit()
    old.close()
    Store(db).close()
    with sqlite3.connect(db) as conn:
        cols = [c[1] for c in conn.execute("PRAGMA table_info(target_rollup)")]
    assert cols == ["unit_canonical", "kind", "year", "issuer", "province", "n", "total", "mean"]


def test_target_rollup_view_averages_shares(conn: sqlite3.Connection) -> None:
    doc = conn.execute("SELECT id FROM documents WHERE file = ?", (PLAN,)).fetchone()[0]
    for value in (80.0, 90.0):
        conn.execute("INSERT INTO targets (document_id, value, value_num, unit, unit_canonical, kind, year) "
                     "VALUES (?, ?, ?, '%', '%', 'target', 2024)", (doc, str(value), value))
    try:
        row = conn.execute("SELECT n, total, mean FROM target_rollup WHERE unit_canonical = '%' AND year = 2024 "
                           "AND province = 'Hòa Bình'").fetchone()
        assert row == (2, None, 85.0)
        counted = conn.execute("SELECT total, mean FROM target_rollup WHERE unit_canonical = 'đoàn viên'").fetchall()
        assert counted and all(total and mean is None for total, mean in counted)
    finally:
        conn.execute("DELETE FROM targets WHERE unit_canonical = '%' AND document_id = ?", (doc,))


@pytest.fixture(scope="module")
def site(conn: sqlite3.Connection):  # noqa: ANN201 - a Datasette test client
    """Datasette in this process with the vanban plugin: the pages without a browser."""
    import asyncio

    from datasette.app import Datasette
    from datasette.plugins import pm

    from pipeline.web import STATIC, STATIC_MOUNT, TEMPLATES, plugin

    path = conn.execute("PRAGMA database_list").fetchone()[2]
    registered = pm.get_plugin("vanban_web_test") is None
    if registered:
        pm.register(plugin, name="vanban_web_test")
    ds = Datasette([path], metadata=metadata(Path(path).stem), template_dir=str(TEMPLATES),
                   static_mounts=[(STATIC_MOUNT, str(STATIC))])

    def get(url: str):  # noqa: ANN202
        return asyncio.run(ds.client.get(url))

    yield get
    if registered:
        pm.unregister(name="vanban_web_test")


def test_lookup_lists_candidates_or_opens_the_one(site, conn: sqlite3.Connection) -> None:  # noqa: ANN001
    shared = site("/-/tra-cuu?so_ky_hieu=35%2FKH-LDLD")
    assert shared.status_code == 200
    assert "2 văn bản cùng số ký hiệu" in shared.text
    assert "Liên đoàn Lao động tỉnh Hòa Bình" in shared.text and "Liên đoàn Lao động tỉnh Lai Châu" in shared.text
    one = site("/-/tra-cuu?so_ky_hieu=35%2FKH-LDLD&co_quan=lai+chau")
    doc = conn.execute("SELECT id FROM documents WHERE issuer LIKE '%Lai Châu' AND number = '35/KH-LĐLĐ'").fetchone()[0]
    assert one.status_code == 302 and one.headers["location"] == f"/-/van-ban/{doc}"
    missing = site("/-/tra-cuu?so_ky_hieu=17%2FKH-TLD")
    assert missing.status_code == 302 and missing.headers["location"].startswith("/-/nut/")
    assert "Không có văn bản nào" in site("/-/tra-cuu?so_ky_hieu=999%2FXX").text


def test_pages_answer_and_unknown_ones_say_so(site, conn: sqlite3.Connection) -> None:  # noqa: ANN001
    doc, node = conn.execute("SELECT id, node_id FROM documents WHERE file = ?", (PLAN,)).fetchone()
    assert site(f"/-/nut/{node}").headers["location"] == f"/-/van-ban/{doc}"  # an archived node is its document
    source = site(f"/-/tep/{doc}")
    assert source.status_code == 200 and "35/KH-LĐLĐ" in source.text
    assert site("/-/van-ban/nope").status_code == 404 and "Không có văn bản nope" in site("/-/van-ban/nope").text
    home = site("/")
    assert home.status_code == 200 and "văn bản" in home.text and 'href="/-/bieu-do"' in home.text
    for url in ("/-/van-ban", "/-/trich-dan", "/-/bieu-do", f"/-/do-thi/{node}", f"/-/duyet/{doc}",
                "/-/tim-kiem?q=doan+vien"):
        assert site(url).status_code == 200, url
