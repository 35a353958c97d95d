"""Citation-graph queries over the store: who cites whom, chains, most cited, missing.

Nodes are documents (archived or only cited, pipeline/store.py); an edge is a row of
``citations`` from ``citing_node_id`` to ``cited_node_id``, indexed both ways. The
transitive queries walk the graph breadth-first, one indexed query per level over the
whole frontier, so each node is reached once at its smallest depth, cycles and
self-references end the walk instead of looping, and the cost follows the part of the
graph reached, not its size.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

CHUNK = 500  # ids per IN (...) list

VIEWS = {
    "graph_edges": """
        SELECT c.citing_node_id AS src, c.cited_node_id AS dst, c.basis,
               s.number AS src_number, s.year AS src_year, s.issuer AS src_issuer,
               d.number AS dst_number, d.year AS dst_year, d.issuer AS dst_issuer,
               d.document_id IS NOT NULL AS dst_in_archive
        FROM citations c JOIN nodes s ON s.id = c.citing_node_id JOIN nodes d ON d.id = c.cited_node_id""",
    "most_cited": """
        SELECT n.id AS node_id, n.number, n.doc_type, n.year, n.issuer, n.document_id IS NOT NULL AS in_archive,
               doc.file, COUNT(*) AS times_cited, COUNT(DISTINCT c.citing_document_id) AS citing_documents
        FROM citations c JOIN nodes n ON n.id = c.cited_node_id LEFT JOIN documents doc ON doc.id = n.document_id
        GROUP BY n.id ORDER BY times_cited DESC""",
    "missing_documents": """
        SELECT n.id AS node_id, n.number, n.doc_type, n.year, n.issuer, n.resolved,
               COUNT(*) AS times_cited, COUNT(DISTINCT c.citing_document_id) AS citing_documents
        FROM citations c JOIN nodes n ON n.id = c.cited_node_id
        WHERE n.document_id IS NULL AND n.number IS NOT NULL
        GROUP BY n.id ORDER BY times_cited DESC""",
}

NODE_COLUMNS = """n.id AS node_id, n.number, n.doc_type, n.year, n.issuer,
                  n.document_id IS NOT NULL AS in_archive, doc.file AS file, doc.title AS title"""


def create_views(conn: sqlite3.Connection) -> None:
    """The graph as SQL views, for sqlite3 and Datasette users."""
    for name, sql in VIEWS.items():
        conn.execute(f"CREATE VIEW IF NOT EXISTS {name} AS {sql}")


def normalize_symbol(doc: str) -> str:
    """The lookup form of a symbol (as in nodes.number_norm)."""
    from pipeline.extract.citations import normalize_number

    return normalize_number(doc.replace("–", "-").replace("—", "-").replace("‑", "-"))


def _rows(cur: sqlite3.Cursor) -> list[dict[str, Any]]:
    cols = [c[0] for c in cur.description]
    out = []
    for r in cur.fetchall():
        row = dict(zip(cols, r))
        if "in_archive" in row:
            row["in_archive"] = bool(row["in_archive"])
        out.append(row)
    return out


def nodes_by_id(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    ids = list(ids)
    out: dict[int, dict[str, Any]] = {}
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        cur = conn.execute(
            f"SELECT {NODE_COLUMNS} FROM nodes n LEFT JOIN documents doc ON doc.id = n.document_id "
            f"WHERE n.id IN ({','.join('?' * len(chunk))})",
            chunk,
        )
        for row in _rows(cur):
            out[row["node_id"]] = row
    return out


def find_nodes(conn: sqlite3.Connection, doc: str, year: int | None = None, issuer: str | None = None) -> list[dict[str, Any]]:
    """Nodes for DOC: an archived file's path or name, else a symbol narrowed by year/issuer."""
    from pipeline.normalize import fold

    cur = conn.execute(
        f"SELECT {NODE_COLUMNS} FROM nodes n JOIN documents doc ON doc.id = n.document_id "
        "WHERE doc.path = ? OR doc.file = ? OR doc.id IN (SELECT document_id FROM files WHERE path = ?)",
        (doc, Path(doc).name, doc),
    )
    rows = _rows(cur)
    if not rows:
        cur = conn.execute(
            f"SELECT {NODE_COLUMNS} FROM nodes n LEFT JOIN documents doc ON doc.id = n.document_id "
            "WHERE n.number_norm = ?",
            (normalize_symbol(doc),),
        )
        rows = _rows(cur)
    if year is not None:
        rows = [r for r in rows if r["year"] == year]
    if issuer:
        rows = [r for r in rows if fold(issuer) in fold(r["issuer"] or "")]
    return sorted(rows, key=lambda r: (not r["in_archive"], -(r["year"] or 0), r["node_id"]))


def _step(conn: sqlite3.Connection, ids: list[int], forward: bool) -> list[tuple[int, int]]:
    """(from, to) edges one step from ids: forward = what they cite, else who cites them."""
    src, dst = ("citing_node_id", "cited_node_id") if forward else ("cited_node_id", "citing_node_id")
    out: list[tuple[int, int]] = []
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        cur = conn.execute(f"SELECT {src}, {dst} FROM citations WHERE {src} IN ({','.join('?' * len(chunk))})", chunk)
        out.extend(cur.fetchall())
    return out


def _one_step(conn: sqlite3.Connection, node_id: int, forward: bool) -> list[dict[str, Any]]:
    edges = _step(conn, [node_id], forward)
    counts: dict[int, int] = {}
    for _, other in edges:
        counts[other] = counts.get(other, 0) + 1
    nodes = nodes_by_id(conn, counts)
    return [dict(nodes[i], count=counts[i]) for i in sorted(counts, key=lambda i: (-counts[i], i)) if i in nodes]


def cites(conn: sqlite3.Connection, node_id: int) -> list[dict[str, Any]]:
    """What DOC cites directly."""
    return _one_step(conn, node_id, forward=True)


def cited_by(conn: sqlite3.Connection, node_id: int) -> list[dict[str, Any]]:
    """What cites DOC directly."""
    return _one_step(conn, node_id, forward=False)


def _walk(conn: sqlite3.Connection, node_id: int, forward: bool, max_depth: int | None) -> tuple[dict[int, int], bool]:
    """Breadth-first: node → smallest depth; and whether the walk came back to the start."""
    depth: dict[int, int] = {}
    seen = {node_id}
    frontier = [node_id]
    level = 0
    cyclic = False
    while frontier and (max_depth is None or level < max_depth):
        level += 1
        nxt: list[int] = []
        for _, other in _step(conn, frontier, forward):
            if other == node_id:
                cyclic = True
            if other in seen:
                continue
            seen.add(other)
            depth[other] = level
            nxt.append(other)
        frontier = nxt
    return depth, cyclic


def _transitive(conn: sqlite3.Connection, node_id: int, forward: bool, max_depth: int | None) -> list[dict[str, Any]]:
    depth, _ = _walk(conn, node_id, forward, max_depth)
    nodes = nodes_by_id(conn, depth)
    return [dict(nodes[i], depth=d) for i, d in sorted(depth.items(), key=lambda x: (x[1], x[0])) if i in nodes]


def descendants(conn: sqlite3.Connection, node_id: int, max_depth: int | None = None) -> list[dict[str, Any]]:
    """Everything that implements DOC through any chain of citations, with its depth."""
    return _transitive(conn, node_id, forward=False, max_depth=max_depth)


def ancestors(conn: sqlite3.Connection, node_id: int, max_depth: int | None = None) -> list[dict[str, Any]]:
    """Everything DOC rests on through any chain of citations, with its depth."""
    return _transitive(conn, node_id, forward=True, max_depth=max_depth)


def cycles(conn: sqlite3.Connection, node_id: int) -> list[str]:
    """Cycles through DOC (a self-reference included): reported, never followed."""
    notes = []
    if conn.execute(
        "SELECT 1 FROM citations WHERE citing_node_id = ? AND cited_node_id = ?", (node_id, node_id)
    ).fetchone():
        notes.append("cites itself")
    if _walk_without_self(conn, node_id):
        notes.append("is cited, through a chain, by a document it cites")
    return notes


def _walk_without_self(conn: sqlite3.Connection, node_id: int) -> bool:
    """Whether a chain of citations from node_id (self-references aside) leads back to it."""
    seen = {node_id}
    frontier = [o for _, o in _step(conn, [node_id], True) if o != node_id]
    while frontier:
        nxt = []
        for _, other in _step(conn, frontier, True):
            if other == node_id:
                return True
            if other not in seen:
                seen.add(other)
                nxt.append(other)
        frontier = nxt
    return False


def top(conn: sqlite3.Connection, limit: int = 20, year: int | None = None, issuer: str | None = None) -> list[dict[str, Any]]:
    """The most cited documents, optionally of one year or issuer (nodes.cited_count, kept
    by triggers, is indexed: no scan of the citations)."""
    sql = (f"SELECT {NODE_COLUMNS}, n.cited_count AS count FROM nodes n LEFT JOIN documents doc ON doc.id = n.document_id "
           "WHERE n.cited_count > 0 AND n.number IS NOT NULL")
    args: list[Any] = []
    if year is not None:
        sql += " AND n.year = ?"
        args.append(year)
    sql += " ORDER BY n.cited_count DESC, n.id LIMIT ? OFFSET ?"
    if not issuer:
        return _rows(conn.execute(sql, [*args, limit, 0]))
    from pipeline.normalize import fold

    wanted, out, offset, page = fold(issuer), [], 0, max(100, limit * 10)
    while len(out) < limit:
        rows = _rows(conn.execute(sql, [*args, page, offset]))
        if not rows:
            break
        out.extend(r for r in rows if wanted in fold(r["issuer"] or ""))
        offset += page
    return out[:limit]


def missing(conn: sqlite3.Connection, limit: int | None = None) -> list[dict[str, Any]]:
    """Cited but not in the archive — the acquisition list — with how often each is cited."""
    sql = (f"SELECT {NODE_COLUMNS}, n.cited_count AS count FROM nodes n LEFT JOIN documents doc ON doc.id = n.document_id "
           "WHERE n.document_id IS NULL AND n.number IS NOT NULL AND n.cited_count > 0 "
           "ORDER BY n.cited_count DESC, n.number")
    if limit:
        sql += f" LIMIT {int(limit)}"
    return _rows(conn.execute(sql))


# ---- exports ---------------------------------------------------------------------------
def _label(row: dict[str, Any]) -> str:
    title = row.get("title") or ""
    return row.get("number") or (title[:28] + "…" if len(title) > 28 else title) or f"node {row['node_id']}"


def export_graphml(conn: sqlite3.Connection, out: str | Path) -> None:
    """The whole graph as GraphML (Gephi, yEd), streamed."""
    keys = [("number", "string"), ("doc_type", "string"), ("year", "int"), ("issuer", "string"),
            ("in_archive", "boolean"), ("file", "string")]
    with open(out, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
        for k, t in keys:
            f.write(f'  <key id="{k}" for="node" attr.name="{k}" attr.type="{t}"/>\n')
        f.write('  <key id="basis" for="edge" attr.name="basis" attr.type="boolean"/>\n')
        f.write('  <graph id="citations" edgedefault="directed">\n')
        cur = conn.execute(f"SELECT {NODE_COLUMNS} FROM nodes n LEFT JOIN documents doc ON doc.id = n.document_id")
        cols = [c[0] for c in cur.description]
        for r in cur:
            row = dict(zip(cols, r))
            f.write(f'    <node id="n{row["node_id"]}">')
            for k, _ in keys:
                v = row.get(k)
                if v is not None:
                    v = str(bool(v)).lower() if k == "in_archive" else escape(str(v))
                    f.write(f'<data key="{k}">{v}</data>')
            f.write("</node>\n")
        for i, (src, dst, basis) in enumerate(conn.execute("SELECT citing_node_id, cited_node_id, basis FROM citations")):
            f.write(f'    <edge id="e{i}" source="n{src}" target="n{dst}"><data key="basis">{str(bool(basis)).lower()}</data></edge>\n')
        f.write("  </graph>\n</graphml>\n")


def neighbourhood(conn: sqlite3.Connection, center: int, radius: int = 1) -> tuple[dict[int, int], list[tuple[int, int]]]:
    """Nodes within radius steps of center (either direction) with their distance, and the edges among them."""
    dist = {center: 0}
    frontier = [center]
    for level in range(1, radius + 1):
        nxt = []
        for forward in (True, False):
            for _, other in _step(conn, frontier, forward):
                if other not in dist:
                    dist[other] = level
                    nxt.append(other)
        frontier = nxt
    ids = list(dist)
    edges: list[tuple[int, int]] = []
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        cur = conn.execute(
            f"SELECT citing_node_id, cited_node_id FROM citations WHERE citing_node_id IN ({','.join('?' * len(chunk))})",
            chunk,
        )
        edges.extend((a, b) for a, b in cur.fetchall() if b in dist)
    return dist, sorted(set(edges))


def export_dot(conn: sqlite3.Connection, out: str | Path, center: int | None = None, radius: int = 1) -> None:
    """DOT (Graphviz) of the whole graph, or of a node's neighbourhood."""
    if center is None:
        ids = [r[0] for r in conn.execute("SELECT id FROM nodes")]
        edges = [(a, b) for a, b in conn.execute("SELECT citing_node_id, cited_node_id FROM citations")]
    else:
        dist, edges = neighbourhood(conn, center, radius)
        ids = list(dist)
    nodes = nodes_by_id(conn, ids)
    with open(out, "w", encoding="utf-8") as f:
        f.write("digraph citations {\n  rankdir=LR;\n  node [shape=box, fontname=\"DejaVu Sans\"];\n")
        for i, row in nodes.items():
            style = "" if row["in_archive"] else ", style=dashed"
            label = _label(row).replace('"', '\\"')
            f.write(f'  n{i} [label="{label}\\n{row.get("year") or ""}"{style}];\n')
        for a, b in edges:
            f.write(f"  n{a} -> n{b};\n")
        f.write("}\n")


def export_svg(conn: sqlite3.Connection, out: str | Path, center: int, radius: int = 1) -> None:
    """A self-contained SVG of a node's neighbourhood: rings by distance, archived solid,
    missing dashed, arrows from citing to cited."""
    dist, edges = neighbourhood(conn, center, radius)
    nodes = nodes_by_id(conn, dist)
    rings: dict[int, list[int]] = {}
    for i, d in sorted(dist.items(), key=lambda x: (x[1], x[0])):
        rings.setdefault(d, []).append(i)
    size = 240 + 260 * radius
    cx = cy = size / 2
    pos: dict[int, tuple[float, float]] = {}
    for d, ids in rings.items():
        r = 0 if d == 0 else 120 * d + 20 * (len(ids) > 12)
        for k, i in enumerate(ids):
            a = 2 * math.pi * k / max(1, len(ids)) - math.pi / 2
            pos[i] = (cx + r * math.cos(a), cy + r * math.sin(a))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size:.0f}" height="{size:.0f}" viewBox="0 0 {size:.0f} {size:.0f}" '
        'font-family="DejaVu Sans, sans-serif" font-size="11">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
        f'<rect width="100%" height="100%" fill="white"/><title>Citations around {escape(_label(nodes[center]))}</title>',
    ]
    for a, b in edges:
        (x1, y1), (x2, y2) = pos[a], pos[b]
        dx, dy = x2 - x1, y2 - y1
        n = math.hypot(dx, dy) or 1
        parts.append(f'<line x1="{x1 + dx / n * 40:.1f}" y1="{y1 + dy / n * 14:.1f}" x2="{x2 - dx / n * 40:.1f}" '
                     f'y2="{y2 - dy / n * 14:.1f}" stroke="#555" marker-end="url(#arrow)"/>')
    for i, (x, y) in pos.items():
        row = nodes[i]
        dash = "" if row["in_archive"] else ' stroke-dasharray="4 3"'
        fill = "#fde9a9" if i == center else ("#dff0d8" if row["in_archive"] else "#f5f5f5")
        parts.append(f'<rect x="{x - 60:.1f}" y="{y - 14:.1f}" width="120" height="28" rx="5" fill="{fill}" stroke="#333"{dash}/>')
        parts.append(f'<text x="{x:.1f}" y="{y - 1:.1f}" text-anchor="middle">{escape(_label(row))}</text>')
        sub = " ".join(str(v) for v in (row.get("year"), "" if row["in_archive"] else "(missing)") if v)
        parts.append(f'<text x="{x:.1f}" y="{y + 10:.1f}" text-anchor="middle" font-size="9" fill="#555">{escape(sub)}</text>')
    parts.append("</svg>")
    Path(out).write_text("\n".join(parts), encoding="utf-8")
