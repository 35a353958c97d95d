"""What each page shows, read from the database with plain sqlite3 (the plugin runs these in
Datasette's read-only connections; tests call them directly). Every function returns plain
dicts and lists for the templates; nothing here knows about HTML but ``highlight``.
"""

from __future__ import annotations

import html
import json
import sqlite3
from typing import Any

import regex

from pipeline import graph, identity, vocab
from pipeline.search import fold_same_length
from pipeline.identity import number_head, symbol_loose as symbol_key

Row = dict[str, Any]
PAGE_SIZE = 50  # rows a page of the document list, of citers, of search results
LIST_COLUMNS = "id, number, doc_type, issuer, province, date, title, kind, file"


def register_functions(conn: sqlite3.Connection) -> None:
    """SQL functions the canned queries use: symbols and issuers compared as people type them."""
    conn.create_function("vb_symbol_key", 1, symbol_key, deterministic=True)
    conn.create_function("vb_number_head", 1, number_head, deterministic=True)
    conn.create_function("vb_fold", 1, lambda s: identity.fold(s) if s else "", deterministic=True)


def _dicts(cur: sqlite3.Cursor) -> list[Row]:
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def ratio_units() -> list[str]:
    """Units whose values are shares (%): averaged, never added."""
    return [u.canonical for u in vocab.units().units if u.measure == "ratio"]


# ---- lists --------------------------------------------------------------------------------
def document_list(conn: sqlite3.Connection, page: int = 1, doc_type: str = "", year: str = "", province: str = "",
                  issuer: str = "") -> Row:
    """Documents newest first (undated last), a page at a time, narrowed by type, year,
    province and issuer (a substring, diacritics ignored)."""
    register_functions(conn)
    where, args = ["1"], []  # type: ignore[var-annotated]
    for col, val in (("doc_type", doc_type), ("year", year), ("province", province)):
        if val:
            where.append(f"{col} = ?")
            args.append(int(val) if col == "year" and val.isdigit() else val)
    if issuer:
        where.append("instr(vb_fold(issuer), ?) > 0")
        args.append(identity.fold(issuer))
    cond = " AND ".join(where)
    total = conn.execute(f"SELECT COUNT(*) FROM documents WHERE {cond}", args).fetchone()[0]
    rows = _dicts(conn.execute(
        f"SELECT {LIST_COLUMNS} FROM documents WHERE {cond} ORDER BY date IS NULL, date DESC, number LIMIT ? OFFSET ?",
        [*args, PAGE_SIZE, (page - 1) * PAGE_SIZE]))
    facets = {
        col: [r[0] for r in conn.execute(f"SELECT {col} FROM documents WHERE {col} IS NOT NULL "
                                          f"GROUP BY {col} ORDER BY {'1 DESC' if col == 'year' else '1'}")]
        for col in ("doc_type", "year", "province")
    }
    return {"rows": rows, "total": total, "page": page, "pages": max(1, -(-total // PAGE_SIZE)), "facets": facets}


def latest(conn: sqlite3.Connection, n: int = 10) -> list[Row]:
    """The newest documents, for the start page (no counts or facets to compute)."""
    return _dicts(conn.execute(f"SELECT {LIST_COLUMNS} FROM documents WHERE date IS NOT NULL "
                               "ORDER BY date DESC, number LIMIT ?", (n,)))


# ---- a document ---------------------------------------------------------------------------
def _node_links(conn: sqlite3.Connection, rows: list[Row]) -> list[Row]:
    """Each graph row with the archived document it is (document_id), for its link."""
    ids = [r["node_id"] for r in rows]
    docs: dict[int, str] = {}
    for i in range(0, len(ids), 500):
        part = ids[i: i + 500]
        docs.update(conn.execute(f"SELECT id, document_id FROM nodes WHERE id IN ({','.join('?' * len(part))})",
                                 part).fetchall())
    return [{**r, "document_id": docs.get(r["node_id"])} for r in rows]


def citers(conn: sqlite3.Connection, node_id: int, offset: int = 0, max_depth: int | None = None) -> Row:
    """Who cites the node, directly (depth 1) or through a chain, a page at a time."""
    page = graph.walk_page(conn, node_id, forward=False, limit=PAGE_SIZE, offset=offset, max_depth=max_depth)
    return {"rows": _node_links(conn, page.rows), "offset": page.offset, "more": page.more, "total": page.total,
            "at_least": page.at_least, "next": page.offset + len(page.rows) if page.more else None,
            "prev": max(0, page.offset - PAGE_SIZE) if page.offset else None}


def document(conn: sqlite3.Connection, doc_id: str, offset: int = 0, max_depth: int | None = None) -> Row | None:
    """Everything the document page shows: the header, what it cites, who cites it, its
    targets and assignments, its file, the other documents in the same file."""
    rows = _dicts(conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)))
    if not rows:
        return None
    doc = rows[0]
    record = json.loads(doc.pop("record") or "{}")
    doc["signer"] = (record.get("document") or {}).get("signer") or {}
    doc["warnings"] = record.get("warnings") or []
    node = doc.get("node_id")
    cites = _node_links(conn, graph.cites(conn, node)) if node else []
    targets = _dicts(conn.execute(
        'SELECT kind, value, value_max, unit, unit_canonical, text, period, year, responsible FROM targets '
        'WHERE document_id = ? ORDER BY id', (doc_id,)))
    assignments = _dicts(conn.execute(
        "SELECT department, role, tasks, deadline FROM assignments WHERE document_id = ? ORDER BY id", (doc_id,)))
    for a in assignments:
        try:
            a["tasks"] = json.loads(a["tasks"]) if a["tasks"] else []
        except ValueError:
            a["tasks"] = [a["tasks"]]
    base = doc_id.split("#")[0]
    siblings = _dicts(conn.execute(
        f"SELECT {LIST_COLUMNS} FROM documents WHERE (id = ? OR (id > ? AND id < ?)) AND id != ? ORDER BY length(id), id",
        (base, base + "#", base + "$", doc_id)))
    files = [r[0] for r in conn.execute("SELECT path FROM files WHERE document_id = ? AND status = 'ok'", (base,))]
    return {"doc": doc, "record_json": json.dumps(record, ensure_ascii=False, indent=2), "cites": cites,
            "citers": citers(conn, node, offset, max_depth) if node else None, "targets": targets,
            "assignments": assignments, "siblings": siblings, "files": files or [doc.get("path")]}


def node_page(conn: sqlite3.Connection, node_id: int, offset: int = 0) -> Row | None:
    """A document known only from citations (not in the archive): what the node holds and who cites it."""
    found = graph.nodes_by_id(conn, [node_id])
    if node_id not in found:
        return None
    row = found[node_id]
    # how it was cited, the most frequent wording first (ties by title): the same list whatever
    # order the citing documents were stored in
    mentions = _dicts(conn.execute(
        "SELECT c.number, c.doc_type, c.date, c.issuer, c.title FROM citations c WHERE c.cited_node_id = ? "
        "GROUP BY c.number, c.doc_type, c.date, c.issuer, c.title "
        "ORDER BY COUNT(*) DESC, c.title, c.number, c.date, c.doc_type, c.issuer LIMIT 20", (node_id,)))
    return {"node": row, "mentions": mentions, "citers": citers(conn, node_id, offset)}


def document_id_of_node(conn: sqlite3.Connection, node_id: int) -> str | None:
    r = conn.execute("SELECT document_id FROM nodes WHERE id = ?", (node_id,)).fetchone()
    return r[0] if r else None


# ---- graph lookups as people type them ----------------------------------------------------
def candidates(conn: sqlite3.Connection, symbol: str, year: str = "", issuer: str = "") -> list[Row]:
    """The nodes a typed symbol may mean (Đ typed as D, spaces, dashes), narrowed by year and issuer."""
    rows = graph.find_nodes(conn, symbol, year=int(year) if str(year).isdigit() else None, issuer=issuer or None)
    return _node_links(conn, rows)


# ---- search -------------------------------------------------------------------------------
def highlight(snippet: str, query: str) -> str:
    """The snippet as HTML with the query's words marked where they occur, diacritics or not
    (folding keeps one character for one, so positions in the folded copy are positions in
    the text)."""
    words = regex.findall(r"[\p{L}\d]+", fold_same_length(query))
    folded = fold_same_length(snippet)
    if not words:
        return html.escape(snippet)
    # the phrase where it occurs whole ("đoàn viên ưu tú"), else each word
    phrase = r"(?<![\p{L}\d])" + r"[^\p{L}\d]+".join(regex.escape(w) for w in words) + r"(?![\p{L}\d])"
    spans = [m.span() for m in regex.finditer(phrase, folded)]
    for w in words if not spans else []:
        for m in regex.finditer(rf"(?<![\p{{L}}\d]){regex.escape(w)}(?![\p{{L}}\d])", folded):
            spans.append(m.span())
    out, pos = [], 0
    for s, e in sorted(spans):
        if s < pos:
            continue
        out += [html.escape(snippet[pos:s]), "<mark>", html.escape(snippet[s:e]), "</mark>"]
        pos = e
    out.append(html.escape(snippet[pos:]))
    return "".join(out)


def search(conn: sqlite3.Connection, query: str, limit: int = PAGE_SIZE) -> list[Row]:
    from pipeline.search import search as run

    rows = run(conn, query, limit=limit)
    for r in rows:
        r["snippet_html"] = highlight(r["snippet"], query)
    return rows


# ---- charts -------------------------------------------------------------------------------
def target_rollup(conn: sqlite3.Connection, unit: str) -> list[Row]:
    """Targets and results of one canonical unit by province and year: counts added, shares
    (%) averaged, never added."""
    agg = "AVG" if unit in ratio_units() else "SUM"
    return _dicts(conn.execute(
        f"SELECT d.province AS province, t.year AS year, t.kind AS kind, {agg}(t.value_num) AS value, COUNT(*) AS n "
        "FROM targets t JOIN documents d ON d.id = t.document_id "
        "WHERE t.unit_canonical = ? AND t.value_num IS NOT NULL AND t.year IS NOT NULL AND d.province IS NOT NULL "
        "GROUP BY d.province, t.year, t.kind ORDER BY d.province, t.year", (unit,)))


def units(conn: sqlite3.Connection) -> list[Row]:
    return _dicts(conn.execute("SELECT unit_canonical AS unit, COUNT(*) AS n FROM targets "
                               "WHERE unit_canonical IS NOT NULL GROUP BY 1 ORDER BY 2 DESC"))


def documents_by_issuer(conn: sqlite3.Connection, top: int = 25) -> list[Row]:
    """Documents per issuer per year, for the issuers with most documents."""
    return _dicts(conn.execute(
        "WITH t AS (SELECT issuer FROM documents WHERE issuer IS NOT NULL AND year IS NOT NULL "
        "           GROUP BY issuer ORDER BY COUNT(*) DESC LIMIT ?) "
        "SELECT d.issuer AS issuer, d.year AS year, COUNT(*) AS n FROM documents d JOIN t ON t.issuer = d.issuer "
        "WHERE d.year IS NOT NULL GROUP BY d.issuer, d.year ORDER BY d.issuer, d.year", (top,)))


# ---- the graph view -----------------------------------------------------------------------
def neighbourhood(conn: sqlite3.Connection, node_id: int, radius: int = 1, max_nodes: int = 120) -> Row:
    """Nodes and edges around a node for the interactive view (layer: cited documents to the right)."""
    layer, edges, left_out = graph.neighbourhood(conn, node_id, radius, max_nodes=max_nodes)
    rows = _node_links(conn, list(graph.nodes_by_id(conn, layer).values()))
    nodes = [{"id": r["node_id"], "number": r["number"] or (r["title"] or "")[:40] or f"#{r['node_id']}",
              "doc_type": r["doc_type"], "year": r["year"], "issuer": r["issuer"], "in_archive": r["in_archive"],
              "document_id": r["document_id"], "layer": layer[r["node_id"]], "center": r["node_id"] == node_id}
             for r in rows]
    return {"nodes": nodes, "edges": [{"source": a, "target": b} for a, b in edges], "left_out": left_out}


# ---- most cited, missing ------------------------------------------------------------------
def most_cited(conn: sqlite3.Connection, limit: int = 50) -> list[Row]:
    return _node_links(conn, graph.top(conn, limit=limit))


def missing(conn: sqlite3.Connection, limit: int = 50) -> list[Row]:
    return _node_links(conn, graph.missing(conn, limit=limit))
