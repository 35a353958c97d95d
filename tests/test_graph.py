"""Graph queries on a hand-built graph: a chain, a diamond, a cycle and a self-reference.

    chain      D -> C -> B -> A          (D cites C twice: two citation rows)
    diamond    E -> B, E -> F, F -> A     (E reached from A twice at depth 2)
    shortcut   G -> D, G -> A             (G at depth 1 from A, not 4)
    cycle      X -> Y -> X, X -> B
    self       S -> S, S -> B
    missing    A (02-NQ/TW) and T (a law cited by name, no number) are not archived
    ambiguity  C and E are both 35/KH-LĐLĐ of 2024, of two provinces
"""

from __future__ import annotations

import sqlite3
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from pipeline import graph

SCHEMA = """
CREATE TABLE documents (id TEXT PRIMARY KEY, file TEXT, path TEXT, kind TEXT, number TEXT, doc_type TEXT, issuer TEXT, place TEXT, date TEXT, year INTEGER, title TEXT, node_id INTEGER);
CREATE TABLE nodes (id INTEGER PRIMARY KEY, key TEXT UNIQUE, number TEXT, number_norm TEXT, doc_type TEXT, year INTEGER, issuer TEXT, resolved INTEGER NOT NULL DEFAULT 1, document_id TEXT REFERENCES documents(id));
CREATE TABLE citations (id INTEGER PRIMARY KEY, citing_document_id TEXT REFERENCES documents(id) ON DELETE CASCADE, citing_node_id INTEGER REFERENCES nodes(id), cited_node_id INTEGER REFERENCES nodes(id), basis INTEGER, number TEXT, doc_type TEXT, date TEXT, issuer TEXT, title TEXT, mentions TEXT);
CREATE INDEX citations_citing ON citations(citing_node_id, cited_node_id);
CREATE INDEX citations_cited ON citations(cited_node_id, citing_node_id);
CREATE INDEX nodes_number_norm ON nodes(number_norm);
"""
LC, HB = "Liên đoàn Lao động tỉnh Lai Châu", "Liên đoàn Lao động tỉnh Hòa Bình"
# name: number, number_norm (as the store writes it), doc_type, year, issuer, archived, title
NODES = {
    "A": ("02-NQ/TW", "2-NQ/TW", "Nghị quyết", 2021, "Bộ Chính trị", False, None),
    "B": ("17/KH-TLĐ", "17/KH-TLĐ", "Kế hoạch", 2024, "Tổng Liên đoàn Lao động Việt Nam", True, "Kế hoạch thực hiện 02-NQ/TW"),
    "C": ("35/KH-LĐLĐ", "35/KH-LĐLĐ", "Kế hoạch", 2024, HB, True, "Kế hoạch thực hiện 17/KH-TLĐ"),
    "D": ("40/KH-LĐLĐ", "40/KH-LĐLĐ", "Kế hoạch", 2024, "Liên đoàn Lao động huyện Lạc Sơn", True, None),
    "E": ("35/KH-LĐLĐ", "35/KH-LĐLĐ", "Kế hoạch", 2024, LC, True, None),
    "F": ("01/CTr-LĐLĐ", "1/CTR-LĐLĐ", "Chương trình", 2023, LC, True, None),
    "G": ("12/KH-CĐCS", "12/KH-CĐCS", "Kế hoạch", 2025, "Công đoàn cơ sở Trường Tiểu học Lạc Sơn", True, None),
    "X": ("5/KH-CĐN", "5/KH-CĐN", "Kế hoạch", 2022, "Công đoàn ngành Y tế", True,
          'Kế hoạch "5 tốt" <thi đua> & khen thưởng\x0b'),
    "Y": ("6/KH-CĐN", "6/KH-CĐN", "Kế hoạch", 2022, "Công đoàn ngành Y tế", True, None),
    "S": ("7/KH-CĐN", "7/KH-CĐN", "Kế hoạch", 2022, "Công đoàn ngành Y tế", True, None),
    "T": (None, None, "Luật", None, None, False, None),
}
# citing, cited, basis
EDGES = [("D", "C", 1), ("D", "C", 0), ("C", "B", 1), ("B", "A", 1), ("E", "B", 1), ("E", "F", 0), ("F", "A", 1),
         ("G", "D", 1), ("G", "A", 0), ("X", "Y", 1), ("Y", "X", 1), ("X", "B", 1), ("S", "S", 0), ("S", "B", 1),
         ("C", "T", 0)]
CITED_COUNT = """
ALTER TABLE nodes ADD COLUMN cited_count INTEGER NOT NULL DEFAULT 0;
UPDATE nodes SET cited_count = (SELECT COUNT(*) FROM citations c WHERE c.cited_node_id = nodes.id);
CREATE INDEX nodes_cited ON nodes(cited_count DESC);
"""


class Conn(sqlite3.Connection):
    """A connection that knows the hand-built nodes by name."""

    ids: dict[str, int]
    names: dict[int, str]


@pytest.fixture
def conn(tmp_path: Path) -> Conn:
    c = sqlite3.connect(tmp_path / "g.db", isolation_level=None, factory=Conn)
    c.executescript(SCHEMA)
    ids: dict[str, int] = {}
    for i, (name, (number, norm, doc_type, year, issuer, archived, title)) in enumerate(NODES.items(), start=1):
        doc_id = f"doc-{name}" if archived else None
        if doc_id:
            c.execute("INSERT INTO documents (id, file, path, number, doc_type, year, issuer, title, node_id) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      (doc_id, f"{name}.txt", f"corpus/{name}.txt", number, doc_type, year, issuer, title, i))
        c.execute("INSERT INTO nodes (id, key, number, number_norm, doc_type, year, issuer, resolved, document_id) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  (i, f"{norm}|{year}|{issuer}" if number else f"unresolved:{name}", number, norm, doc_type, year,
                   issuer, int(number is not None), doc_id))
        ids[name] = i
    for a, b, basis in EDGES:
        c.execute("INSERT INTO citations (citing_document_id, citing_node_id, cited_node_id, basis, number, title) "
                  "VALUES (?, ?, ?, ?, ?, ?)",
                  (f"doc-{a}", ids[a], ids[b], basis, NODES[b][0], "Luật Công đoàn" if b == "T" else None))
    c.ids, c.names = ids, {v: k for k, v in ids.items()}
    return c


def walked(conn: Conn, rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """(name, depth[, 'cycle']) per row, in the returned order."""
    return [(conn.names[r["node_id"]], r["depth"], *(["cycle"] if r["cycle"] else [])) for r in rows]


def test_rows_have_the_fields(conn: Conn) -> None:
    [row] = graph.cites(conn, conn.ids["D"])
    assert row == {"node_id": conn.ids["C"], "number": "35/KH-LĐLĐ", "doc_type": "Kế hoạch", "year": 2024, "issuer": HB,
                   "in_archive": True, "file": "C.txt", "title": "Kế hoạch thực hiện 17/KH-TLĐ", "count": 2, "basis": True}
    [a] = graph.cited_by(conn, conn.ids["F"])
    assert conn.names[a["node_id"]] == "E" and a["count"] == 1 and a["basis"] is False
    [law] = [r for r in graph.cites(conn, conn.ids["C"]) if r["number"] is None]
    assert law["title"] == "Luật Công đoàn" and law["in_archive"] is False and law["file"] is None


def test_a_cited_title_follows_the_stores_counts_when_it_keeps_them(conn: Conn) -> None:
    """A plain graph takes the cited title; a vanban database (node_labels) the most cited one,
    which the only citation here does not name, and the citation's own when counts are missing."""
    conn.execute("CREATE TABLE node_labels (node_id INTEGER, field TEXT, value TEXT, n INTEGER)")
    law = conn.ids["T"]
    assert graph.nodes_by_id(conn, [law])[law]["title"] == "Luật Công đoàn"  # no counts (schema 3-4): cited
    conn.executemany("INSERT INTO node_labels VALUES (?, 'title', ?, ?)",
                     [(law, "Luật Công đoàn năm 2012", 2), (law, "Luật Công đoàn", 1), (law, "Bộ luật", 2)])
    assert graph.nodes_by_id(conn, [law])[law]["title"] == "Bộ luật"  # 2 each: the smaller value
    [row] = [r for r in graph.cites(conn, conn.ids["C"]) if r["number"] is None]
    assert row["title"] == "Bộ luật"
    assert graph.nodes_by_id(conn, [conn.ids["C"]])[conn.ids["C"]]["title"] == "Kế hoạch thực hiện 17/KH-TLĐ"


def test_one_step(conn: Conn) -> None:
    ids, n = conn.ids, conn.names
    assert [n[r["node_id"]] for r in graph.cites(conn, ids["E"])] == ["F", "B"]  # by year
    assert sorted(n[r["node_id"]] for r in graph.cited_by(conn, ids["B"])) == ["C", "E", "S", "X"]
    assert [n[r["node_id"]] for r in graph.cites(conn, ids["S"])] == ["S", "B"]  # the self-reference shows
    assert graph.cites(conn, ids["A"]) == [] and graph.cited_by(conn, ids["G"]) == []
    assert graph.cites(conn, 999) == []


def test_descendants_each_node_once_at_its_smallest_depth(conn: Conn) -> None:
    rows = graph.descendants(conn, conn.ids["A"])
    assert walked(conn, rows) == [("F", 1), ("B", 1), ("G", 1),  # by depth, then year
                                  ("X", 2), ("S", 2), ("C", 2), ("E", 2),
                                  ("Y", 3), ("D", 3)]
    assert walked(conn, graph.descendants(conn, conn.ids["A"], max_depth=1)) == [("F", 1), ("B", 1), ("G", 1)]
    assert walked(conn, graph.descendants(conn, conn.ids["D"])) == [("G", 1)]
    assert graph.descendants(conn, conn.ids["G"]) == []
    for r in rows:
        assert {"number", "doc_type", "year", "issuer", "in_archive", "file", "node_id", "depth"} <= set(r)


def test_ancestors(conn: Conn) -> None:
    assert walked(conn, graph.ancestors(conn, conn.ids["D"])) == [("C", 1), ("B", 2), ("T", 2), ("A", 3)]
    assert walked(conn, graph.ancestors(conn, conn.ids["G"])) == [("A", 1), ("D", 1), ("C", 2), ("B", 3), ("T", 3)]
    assert walked(conn, graph.ancestors(conn, conn.ids["G"], max_depth=2)) == [("A", 1), ("D", 1), ("C", 2)]
    assert graph.ancestors(conn, conn.ids["A"]) == []


def test_cycles_terminate_and_are_reported(conn: Conn) -> None:
    ids = conn.ids
    assert walked(conn, graph.descendants(conn, ids["X"])) == [("Y", 1, "cycle")]
    assert walked(conn, graph.ancestors(conn, ids["X"])) == [("Y", 1, "cycle"), ("B", 1), ("A", 2)]
    assert graph.cycles(conn, ids["X"]) == [
        {"path": [ids["X"], ids["Y"], ids["X"]], "numbers": ["5/KH-CĐN", "6/KH-CĐN", "5/KH-CĐN"], "length": 2,
         "self_reference": False}]
    assert [c["path"] for c in graph.cycles(conn, ids["Y"])] == [[ids["Y"], ids["X"], ids["Y"]]]
    # a self-reference: the walk does not come back to S, the report says why
    assert graph.descendants(conn, ids["S"]) == []
    assert walked(conn, graph.ancestors(conn, ids["S"])) == [("B", 1), ("A", 2)]
    assert graph.cycles(conn, ids["S"]) == [{"path": [ids["S"], ids["S"]], "numbers": ["7/KH-CĐN", "7/KH-CĐN"],
                                              "length": 1, "self_reference": True}]
    for name in ("A", "B", "D", "G"):
        assert graph.cycles(conn, ids[name]) == []


def test_top_and_missing(conn: Conn) -> None:
    top = graph.top(conn, limit=3)
    assert [(conn.names[r["node_id"]], r["count"]) for r in top] == [("B", 4), ("A", 3), ("C", 2)]
    assert [conn.names[r["node_id"]] for r in graph.top(conn, limit=3, year=2022)] == ["X", "Y", "S"]
    assert [(conn.names[r["node_id"]], r["count"]) for r in graph.top(conn, issuer="LAI CHAU")] == [("F", 1)]
    assert [conn.names[r["node_id"]] for r in graph.top(conn, issuer="công đoàn")] == ["X", "Y", "S"]
    assert [conn.names[r["node_id"]] for r in graph.top(conn, issuer="lien doan lao dong")] == ["B", "C", "D", "F"]
    assert graph.top(conn, issuer="nowhere") == []
    [a] = graph.missing(conn)  # T is missing too but has no number to look for
    assert (a["number"], a["count"], a["in_archive"], a["file"], a["year"]) == ("02-NQ/TW", 3, False, None, 2021)
    assert graph.missing(conn, limit=0) == []


def test_top_and_missing_read_the_store_counter_when_there(conn: Conn) -> None:
    before = (graph.top(conn, limit=50), graph.top(conn, year=2024), graph.top(conn, issuer="y te"), graph.missing(conn))
    assert not graph.has_cited_count(conn)
    conn.executescript(CITED_COUNT)
    assert graph.has_cited_count(conn)
    assert (graph.top(conn, limit=50), graph.top(conn, year=2024), graph.top(conn, issuer="y te"), graph.missing(conn)) == before


def test_find_nodes_shared_symbol(conn: Conn) -> None:
    ids = conn.ids
    both = graph.find_nodes(conn, "35/KH-LĐLĐ")
    assert sorted((r["issuer"], r["year"], r["file"]) for r in both) == [(HB, 2024, "C.txt"), (LC, 2024, "E.txt")]
    for spelling in ("35 /KH–LĐLĐ", "035/kh-lđlđ", " 35/KH\u2011LĐLĐ ", unicodedata.normalize("NFD", "35/KH-LĐLĐ")):
        assert {r["node_id"] for r in graph.find_nodes(conn, spelling)} == {ids["C"], ids["E"]}, spelling
    [lc] = graph.find_nodes(conn, "35/KH-LĐLĐ", issuer="lai chau")  # diacritics and case ignored
    assert lc["node_id"] == ids["E"]
    [hb] = graph.find_nodes(conn, "35/KH-LĐLĐ", year=2024, issuer="Hòa Bình")
    assert hb["node_id"] == ids["C"]
    assert graph.find_nodes(conn, "35/KH-LĐLĐ", year=2023) == []
    [a] = graph.find_nodes(conn, "02-NQ/TW")
    assert a["node_id"] == ids["A"] and a["in_archive"] is False and a["file"] is None
    assert graph.find_nodes(conn, "1/CTr-LĐLĐ")[0]["node_id"] == ids["F"]
    for path in ("corpus/C.txt", "C.txt", "/elsewhere/C.txt"):
        assert [r["node_id"] for r in graph.find_nodes(conn, path)] == [ids["C"]], path
    assert graph.find_nodes(conn, "99/KH-XYZ") == []


def test_normalize_symbol() -> None:
    assert graph.normalize_symbol("02 – NQ/TW") == "2-NQ/TW"
    assert graph.normalize_symbol("0035/kh—lđlđ") == "35/KH-LĐLĐ"
    assert graph.normalize_symbol("0/KH") == "0/KH"
    assert graph.normalize_symbol(unicodedata.normalize("NFD", "17/KH-TLĐ")) == "17/KH-TLĐ"


def test_views(conn: Conn) -> None:
    conn.execute("CREATE VIEW most_cited AS SELECT 1 AS old")  # left by an older version: replaced
    graph.create_views(conn)
    graph.create_views(conn)  # idempotent
    assert conn.execute("SELECT number, times_cited, citing_documents FROM most_cited LIMIT 2").fetchall() == [
        ("17/KH-TLĐ", 4, 4), ("02-NQ/TW", 3, 3)]
    assert conn.execute("SELECT number, times_cited FROM missing_documents").fetchall() == [("02-NQ/TW", 3)]
    assert conn.execute("SELECT COUNT(*) FROM graph_edges").fetchone() == (len(EDGES),)
    assert conn.execute("SELECT src_number, dst_number, dst_in_archive FROM graph_edges WHERE src = ? AND dst = ?",
                        (conn.ids["B"], conn.ids["A"])).fetchall() == [("17/KH-TLĐ", "02-NQ/TW", 0)]
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'most_cited'").fetchone()[0]
    assert "-- Every cited node" in sql  # documented in the schema itself


def test_graphml(conn: Conn, tmp_path: Path) -> None:
    graph.export_graphml(conn, tmp_path / "g.graphml")
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(tmp_path / "g.graphml").getroot()
    nodes = root.findall(".//g:node", ns)
    edges = root.findall(".//g:edge", ns)
    assert len(nodes) == len(NODES) and len(edges) == len({(a, b) for a, b, _ in EDGES})
    a = root.find(f".//g:node[@id='n{conn.ids['A']}']", ns)
    assert a is not None and {d.get("key"): d.text for d in a} == {"number": "02-NQ/TW", "doc_type": "Nghị quyết", "year": "2021",
                                                  "issuer": "Bộ Chính trị", "in_archive": "false"}
    dc = root.find(f".//g:edge[@source='n{conn.ids['D']}'][@target='n{conn.ids['C']}']", ns)
    assert dc is not None and {d.get("key"): d.text for d in dc} == {"weight": "2", "basis": "true"}


def test_dot(conn: Conn, tmp_path: Path) -> None:
    ids = conn.ids
    graph.export_dot(conn, tmp_path / "b.dot", center=ids["B"], radius=1)
    dot = (tmp_path / "b.dot").read_text(encoding="utf-8")
    edges = {line.strip() for line in dot.splitlines() if "->" in line}
    n = {k: f"n{v}" for k, v in ids.items()}
    assert edges == {f"{n['B']} -> {n['A']};", f"{n['C']} -> {n['B']};", f"{n['E']} -> {n['B']};",
                     f"{n['X']} -> {n['B']};", f"{n['S']} -> {n['B']};", f"{n['S']} -> {n['S']};"}
    assert '"02-NQ/TW\\n2021"' in dot and "dashed" in dot and dot.rstrip().endswith("}")
    graph.export_dot(conn, tmp_path / "all.dot")
    assert (tmp_path / "all.dot").read_text(encoding="utf-8").count("->") == len({(a, b) for a, b, _ in EDGES})


def test_svg(conn: Conn, tmp_path: Path) -> None:
    svg_ns = "{http://www.w3.org/2000/svg}"
    for center, radius in (("B", 2), ("X", 1), ("S", 1), ("T", 1)):
        out = tmp_path / f"{center}.svg"
        graph.export_svg(conn, out, center=conn.ids[center], radius=radius)
        root = ET.parse(out).getroot()  # well-formed, escapes and control characters included
        assert root.tag == f"{svg_ns}svg"
        texts = [t.text for t in root.iter(f"{svg_ns}text")]
        boxes = [r for r in root.iter(f"{svg_ns}rect") if r.get("rx")]
        if center == "B":
            assert {"17/KH-TLĐ", "02-NQ/TW", "35/KH-LĐLĐ", "40/KH-LĐLĐ", "12/KH-CĐCS"} <= set(texts)
            assert len(boxes) == len(NODES)  # everything is within two steps of B
            dashed = [r for r in boxes if r.get("stroke-dasharray")]
            assert len(dashed) == 2  # A and T, not archived
    assert "Luật Công đoàn" in {t.text for t in ET.parse(tmp_path / "T.svg").getroot().iter(f"{svg_ns}text")}


# ---- pages and streams ------------------------------------------------------------------
def test_cycle_flag_does_not_depend_on_max_depth(conn: Conn) -> None:
    # Y, at the last depth walked, still leads back to X
    assert walked(conn, graph.descendants(conn, conn.ids["X"], max_depth=1)) == [("Y", 1, "cycle")]
    depth, back = graph.walk(conn, conn.ids["X"], forward=False, max_depth=1)
    assert depth == {conn.ids["Y"]: 1} and back == {conn.ids["Y"]}
    assert graph.walk(conn, conn.ids["S"], forward=True)[1] == {conn.ids["S"]}  # it cites itself


def every_walk(conn: Conn) -> list[tuple[int, bool, int | None, list[dict[str, Any]]]]:
    """(node, forward, max_depth, all its rows) for every node, both ways, several depths."""
    return [(i, fw, md, list(graph.walk_rows(conn, i, fw, md)))
            for i in conn.ids.values() for fw in (True, False) for md in (None, 1, 2)]


def test_pages_are_slices_of_the_whole_walk(conn: Conn) -> None:
    checked = 0
    for i, fw, md, rows in every_walk(conn):
        assert rows == list(graph.descendants(conn, i, md) if not fw else graph.ancestors(conn, i, md))
        n = len(rows)
        for limit in range(n + 2):
            for offset in range(n + 2):
                page = graph.walk_page(conn, i, fw, limit=limit, offset=offset, max_depth=md)
                assert page.rows == rows[offset : offset + limit], (i, fw, md, limit, offset)
                assert page.more == (n > offset + limit)
                assert page.offset == offset and page.total == n and page.at_least == n  # small: always counted
                checked += 1
    assert checked > 500


def test_a_page_without_budget_to_count_says_more_without_a_total(conn: Conn) -> None:
    a = conn.ids["A"]
    full = graph.descendants(conn, a)  # depths 1, 2, 3: 3, 4 and 2 nodes
    assert graph.depth_counts(conn, a, forward=False) == [3, 4, 2]
    page = graph.walk_page(conn, a, forward=False, limit=3, count_budget=0)  # ends where depth 1 ends
    assert page.rows == full[:3] and page.more and page.total is None and 3 < page.at_least <= 9
    page = graph.walk_page(conn, a, forward=False, limit=4, count_budget=0)
    assert page.rows == full[:4] and page.more and page.total is None and 7 <= page.at_least <= 9  # depth 2 walked
    page = graph.walk_page(conn, a, forward=False, limit=9, count_budget=0)  # the last row: nothing after it
    assert page.rows == full and not page.more and page.total == 9
    page = graph.walk_page(conn, a, forward=False, limit=2, max_depth=1, count_budget=0)
    assert page.rows == full[:2] and page.more and page.total == 3
    assert graph.depth_counts(conn, a, forward=False, budget=0) is None
    assert graph.depth_counts(conn, a, forward=False, max_depth=2) == [3, 4]
    with pytest.raises(ValueError):
        graph.walk_page(conn, a, forward=False, limit=-1)


def test_hub_paths_give_the_same_rows(conn: Conn, monkeypatch: pytest.MonkeyPatch) -> None:
    """Depth 1 sorted by SQLite straight from the citations (large depth 1), depths sorted through
    json_each (large depths), or in Python (small ones, or no JSON in SQLite), ids a few at a
    time, cycle flags per row: the same rows."""
    b = conn.ids["B"]  # B also cited twice by E, and by two unresolved 2024 plans, number '' and NULL
    conn.execute("INSERT INTO citations (citing_node_id, cited_node_id) VALUES (?, ?)", (conn.ids["E"], b))
    for k, number in ((20, ""), (21, None)):  # '' first: NULL sorts as '' in both orders, then by id
        conn.execute("INSERT INTO nodes (id, key, number, year, resolved) VALUES (?, ?, ?, 2024, 0)", (k, f"u{k}", number))
        conn.execute("INSERT INTO citations (citing_node_id, cited_node_id) VALUES (?, ?)", (k, b))
    expected = every_walk(conn)
    assert [conn.names.get(r["node_id"], r["node_id"]) for r in graph.descendants(conn, b, max_depth=1)] == [
        "X", "S", 20, 21, "C", "E"]
    pages = {(i, fw, md, lim, off): graph.walk_page(conn, i, fw, lim, off, md)
             for i, fw, md, rows in expected for lim in (1, 2, 5) for off in range(len(rows) + 1)}
    walks = {(i, fw): graph.walk(conn, i, fw) for i in conn.ids.values() for fw in (True, False)}
    monkeypatch.setattr(graph.walks, "SMALL_LEVEL", 1)
    monkeypatch.setattr(graph.walks, "BATCH", 2)
    monkeypatch.setattr(graph.queries, "CHUNK", 2)  # ids a query: several queries a step
    monkeypatch.setattr(graph.walks, "BACK_CAP", 0)  # cycle flags looked up per row, not read once
    assert every_walk(conn) == expected
    assert [(i, fw, md, list(graph.walk_rows(conn, i, fw, md, head=False))) for i, fw, md, _ in expected] == expected
    assert {(i, fw): graph.walk(conn, i, fw) for i, fw in walks} == walks
    assert walks[conn.ids["X"], True][1] == {conn.ids["Y"]}
    for (i, fw, md, lim, off), page in pages.items():
        got = graph.walk_page(conn, i, fw, lim, off, md)
        assert got.rows == page.rows and got.more == page.more, (i, fw, md, lim, off)
        assert got.total in (None, page.total) and got.at_least <= page.total  # type: ignore[operator]
    # with the store's index on the level order, a hub's page of depth 1 is read by scanning the
    # nodes in that order instead of sorting its citers: the same rows again
    conn.execute(graph.LEVEL_INDEX_SQL)
    monkeypatch.setattr(graph.walks, "DENSE_SCAN", 10**9)
    scanned = []
    real = graph.walks._dense_enough
    monkeypatch.setattr(graph.walks, "_dense_enough", lambda *a: scanned.append(a) or real(*a))
    for (i, fw, md, lim, off), page in pages.items():
        got = graph.walk_page(conn, i, fw, lim, off, md)
        assert got.rows == page.rows and got.more == page.more, (i, fw, md, lim, off)
    assert [(i, fw, md, list(graph.walk_rows(conn, i, fw, md))) for i, fw, md, _ in expected] == expected
    assert scanned

    class NoJson:  # SQLite built without JSON: _ordered sorts in Python
        def __init__(self, c: sqlite3.Connection) -> None:
            self.c = c

        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            if "json_each" in sql:
                raise sqlite3.OperationalError("no such table: json_each")
            return self.c.execute(sql, *args)

    level = sorted(conn.ids.values())
    for a, b in ((0, None), (0, 3), (2, 7), (5, 11), (11, 12)):
        assert graph.walks._ordered(NoJson(conn), 0, True, level, a, b) == graph.walks._ordered(conn, 0, True, level, a, b)  # type: ignore[arg-type]
    assert graph.walks._ordered(conn, 0, True, level) == [conn.ids[k] for k in "AXYSFBCEDGT"]  # by year (unknown last), number, id


def test_rows_stream(conn: Conn) -> None:
    rows = graph.walk_rows(conn, conn.ids["A"], forward=False)
    assert iter(rows) is rows  # a generator: rows come as the walk goes
    assert conn.names[next(rows)["node_id"]] == "F"
    assert [conn.names[r["node_id"]] for r in rows] == ["B", "G", "X", "S", "C", "E", "Y", "D"]


def test_a_node_added_during_the_walk(conn: Conn) -> None:
    """The bitmap of nodes seen is sized by MAX(nodes.id) when the walk begins: a citation from a
    node beyond it (added since) grows it instead of failing."""
    conn.execute("INSERT INTO citations (citing_node_id, cited_node_id) VALUES (1000000, ?)", (conn.ids["G"],))
    depth, _ = graph.walk(conn, conn.ids["A"], forward=False)
    assert depth[1000000] == 2
    assert 1000000 not in {r["node_id"] for r in graph.descendants(conn, conn.ids["A"])}  # no node row: left out


def test_cli_pages(conn: Conn, tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from pipeline.cli import cli  # first: it registers pipeline.cli_graph
    from pipeline import cli_graph  # noqa: I001

    assert cli_graph.DEFAULT_LIMIT == graph.PAGE
    db = str(tmp_path / "g.db")
    run = CliRunner().invoke
    full = [r["node_id"] for r in graph.descendants(conn, conn.ids["A"])]

    def page(*args: str) -> dict[str, Any]:
        res = run(cli, ["graph", "descendants", "02-NQ/TW", "--db", db, "--json", *args])
        assert res.exit_code == 0, res.output
        out: dict[str, Any] = json.loads(res.output)
        return out

    whole = page()
    assert [r["node_id"] for r in whole["rows"]] == full
    assert (whole["more"], whole["total"], whole["at_least"], whole["offset"], whole["limit"]) == (False, 9, 9, 0, 1000)
    two = page("--limit", "2", "--offset", "3")
    assert [r["node_id"] for r in two["rows"]] == full[3:5] and two["more"] and two["total"] == 9
    assert page("--offset", "9")["rows"] == [] and not page("--offset", "9")["more"]
    streamed = page("--all")
    assert streamed["rows"] == whole["rows"] and streamed["total"] == 9 and streamed["limit"] is None
    assert json.loads(run(cli, ["graph", "descendants", "02-NQ/TW", "--db", db, "--json", "--count"]).output) == {
        "total": 9, "depths": [{"depth": 1, "rows": 3}, {"depth": 2, "rows": 4}, {"depth": 3, "rows": 2}]}

    text = run(cli, ["graph", "descendants", "02-NQ/TW", "--db", db, "--limit", "4"]).output.splitlines()
    assert len(text) == 5 and text[0].startswith("1  01/CTr-LĐLĐ  Chương trình  2023")
    assert text[-1] == "rows 1–4 of 9; more: --offset 4 for the next page, --all for every row"
    text = run(cli, ["graph", "descendants", "02-NQ/TW", "--db", db, "--limit", "4", "--offset", "8"]).output
    assert text.splitlines()[-1] == "rows 9–9 of 9"
    assert run(cli, ["graph", "descendants", "02-NQ/TW", "--db", db]).output.splitlines()[-1] == "9 rows"
    text = run(cli, ["graph", "descendants", "02-NQ/TW", "--db", db, "--all"]).output.splitlines()
    assert len(text) == 10 and text[-1] == "9 rows"
    assert run(cli, ["graph", "descendants", "02-NQ/TW", "--db", db, "--count"]).output.splitlines() == [
        "depth 1: 3", "depth 2: 4", "depth 3: 2", "9 rows"]
    assert run(cli, ["graph", "ancestors", "12/KH-CĐCS", "--db", db, "--max-depth", "1"]).output.splitlines()[-1] == "2 rows"
    assert run(cli, ["graph", "descendants", "12/KH-CĐCS", "--db", db]).output.strip() == "(none)"
    for bad in (["--all", "--limit", "5"], ["--count", "--offset", "1"], ["--all", "--count"], ["--limit", "-1"]):
        res = run(cli, ["graph", "descendants", "02-NQ/TW", "--db", db, *bad])
        assert res.exit_code == 2, (bad, res.output)


def test_datasette_canned_queries_look_symbols_up_through_identity(conn: Conn) -> None:
    """The canned queries of ``vanban serve`` find a symbol typed any way the CLI accepts
    (the SQL functions are pipeline.identity's), and a shared symbol lists its candidates."""
    from pipeline import serve
    from pipeline.web.pages import register_functions

    register_functions(conn)
    queries = serve.metadata("g")["databases"]["g"]["queries"]

    def rows(name: str, typed: str, year: str = "", issuer: str = "") -> list[tuple]:
        return conn.execute(queries[name]["sql"], {"so_ky_hieu": typed, "nam": year, "co_quan": issuer}).fetchall()

    for typed in ("02-NQ/TW", "02 – NQ/TW", "2-nq/tw"):
        assert {r[1] for r in rows("cited_by", typed)} == {"17/KH-TLĐ", "01/CTr-LĐLĐ", "12/KH-CĐCS"}, typed
        assert {"17/KH-TLĐ", "35/KH-LĐLĐ", "40/KH-LĐLĐ"} <= {r[1] for r in rows("descendants", typed)}, typed
    # two provinces' 35/KH-LĐLĐ of 2024: the candidates, never a merged list; an issuer picks one
    both = rows("cites", "0035/kh-ldld")
    assert {r[4] for r in both} == {HB, LC} and all(r[0] is None for r in both)
    # Lai Châu's (E) cites 17/KH-TLĐ and 01/CTr-LĐLĐ; Hòa Bình's (C) cites 17/KH-TLĐ and a law
    assert {r[1] for r in rows("cites", "35/KH-LĐLĐ", "2024", "lai chau")} == {"17/KH-TLĐ", "01/CTr-LĐLĐ"}
    assert {r[1] for r in rows("cites", "35/KH-LDLD", "", "Hòa Bình")} == {"17/KH-TLĐ", None}
