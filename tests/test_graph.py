"""Graph queries on a hand-built graph: a chain, a diamond, a cycle and a self-reference."""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pipeline import graph
from pipeline.store import Store

#   chain:    D -> C -> B -> A        (D cites C, C cites B, B cites A)
#   diamond:  E -> B, E -> F, F -> A   (A reached from E at depth 2 by two paths)
#   cycle:    X -> Y -> X
#   self:     S -> S
#   missing:  A is cited but not archived; two documents share the symbol 35/KH-LĐLĐ
NODES = {
    "A": ("02-NQ/TW", 2021, "Bộ Chính trị", False),
    "B": ("17/KH-TLĐ", 2024, "Tổng Liên đoàn Lao động Việt Nam", True),
    "C": ("35/KH-LĐLĐ", 2024, "Liên đoàn Lao động tỉnh Hòa Bình", True),
    "D": ("40/KH-LĐLĐ", 2024, "Liên đoàn Lao động huyện Lạc Sơn", True),
    "E": ("35/KH-LĐLĐ", 2024, "Liên đoàn Lao động tỉnh Lai Châu", True),
    "F": ("01/CTr-LĐLĐ", 2023, "Liên đoàn Lao động tỉnh Lai Châu", True),
    "X": ("5/KH-CĐN", 2022, "Công đoàn ngành Y tế", True),
    "Y": ("6/KH-CĐN", 2022, "Công đoàn ngành Y tế", True),
    "S": ("7/KH-CĐN", 2022, "Công đoàn ngành Y tế", True),
}
EDGES = [("D", "C"), ("C", "B"), ("B", "A"), ("E", "B"), ("E", "F"), ("F", "A"), ("X", "Y"), ("Y", "X"), ("S", "S")]


class Conn:
    """A connection plus the ids of the hand-built nodes by name."""

    def __init__(self, c: sqlite3.Connection, ids: dict[str, int]) -> None:
        self.c, self.ids = c, ids

    def __getattr__(self, name: str):  # behaves as the sqlite3 connection
        return getattr(self.c, name)


@pytest.fixture
def conn(tmp_path: Path) -> Conn:
    store = Store(tmp_path / "g.db")
    c = store.conn
    ids = {}
    for name, (number, year, issuer, archived) in NODES.items():
        doc_id = f"doc-{name}" if archived else None
        if doc_id:
            c.execute("INSERT INTO documents (id, file, path, number, year, issuer) VALUES (?, ?, ?, ?, ?, ?)",
                      (doc_id, f"{name}.txt", f"corpus/{name}.txt", number, year, issuer))
        cur = c.execute(
            "INSERT INTO nodes (key, number, number_norm, year, issuer, document_id) VALUES (?, ?, ?, ?, ?, ?)",
            (f"{number}|{year}|{issuer}", number, graph.normalize_symbol(number), year, issuer, doc_id))
        ids[name] = cur.lastrowid
    for a, b in EDGES:
        c.execute("INSERT INTO citations (citing_document_id, citing_node_id, cited_node_id, basis, number) VALUES (?, ?, ?, 1, ?)",
                  (f"doc-{a}", ids[a], ids[b], NODES[b][0]))
    return Conn(c, ids)


def names(conn, rows, with_depth: bool = False):
    by_id = {v: k for k, v in conn.ids.items()}
    return sorted((by_id[r["node_id"]], r["depth"]) if with_depth else by_id[r["node_id"]] for r in rows)


def test_one_step(conn) -> None:
    ids = conn.ids
    assert names(conn, graph.cites(conn, ids["E"])) == ["B", "F"]
    assert names(conn, graph.cited_by(conn, ids["B"])) == ["C", "E"]


def test_descendants_with_depth_chain_and_diamond(conn) -> None:
    got = names(conn, graph.descendants(conn, conn.ids["A"]), with_depth=True)
    assert got == [("B", 1), ("C", 2), ("D", 3), ("E", 2), ("F", 1)]  # E once, at its smallest depth
    assert names(conn, graph.descendants(conn, conn.ids["A"], max_depth=1), with_depth=True) == [("B", 1), ("F", 1)]


def test_ancestors(conn) -> None:
    assert names(conn, graph.ancestors(conn, conn.ids["D"]), with_depth=True) == [("A", 3), ("B", 2), ("C", 1)]


def test_cycles_terminate_and_are_reported(conn) -> None:
    assert names(conn, graph.descendants(conn, conn.ids["X"]), with_depth=True) == [("Y", 1)]
    assert graph.cycles(conn, conn.ids["X"]) == ["is cited, through a chain, by a document it cites"]
    assert graph.descendants(conn, conn.ids["S"]) == []
    assert graph.cycles(conn, conn.ids["S"]) == ["cites itself"]
    assert graph.cycles(conn, conn.ids["D"]) == []


def test_top_and_missing(conn) -> None:
    top = graph.top(conn, limit=2)
    assert [(r["number"], r["count"]) for r in top] == [("02-NQ/TW", 2), ("17/KH-TLĐ", 2)]
    missing = graph.missing(conn)
    assert [(r["number"], r["count"], r["in_archive"], r["file"]) for r in missing] == [("02-NQ/TW", 2, False, None)]


def test_find_nodes_shared_symbol(conn) -> None:
    both = graph.find_nodes(conn, "35/KH-LĐLĐ")
    assert sorted(r["issuer"] for r in both) == ["Liên đoàn Lao động tỉnh Hòa Bình", "Liên đoàn Lao động tỉnh Lai Châu"]
    [lc] = graph.find_nodes(conn, "35 /KH-LĐLĐ", issuer="lai chau")
    assert lc["node_id"] == conn.ids["E"]
    [byfile] = graph.find_nodes(conn, "corpus/C.txt")
    assert byfile["node_id"] == conn.ids["C"]


def test_views(conn) -> None:
    graph.create_views(conn)
    assert conn.execute("SELECT number, times_cited FROM missing_documents").fetchall() == [("02-NQ/TW", 2)]
    assert conn.execute("SELECT COUNT(*) FROM graph_edges").fetchone() == (len(EDGES),)


def test_exports(conn, tmp_path: Path) -> None:
    graph.export_graphml(conn, tmp_path / "g.graphml")
    root = ET.parse(tmp_path / "g.graphml").getroot()
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    assert len(root.findall(f".//{ns}node")) == len(NODES) and len(root.findall(f".//{ns}edge")) == len(EDGES)
    graph.export_dot(conn, tmp_path / "g.dot", center=conn.ids["B"], radius=1)
    dot = (tmp_path / "g.dot").read_text(encoding="utf-8")
    assert dot.count("->") == 3 and "02-NQ/TW" in dot  # B->A, C->B, E->B
    graph.export_svg(conn, tmp_path / "g.svg", center=conn.ids["B"], radius=2)
    svg = ET.parse(tmp_path / "g.svg").getroot()
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "17/KH-TLĐ" in texts and "02-NQ/TW" in texts
