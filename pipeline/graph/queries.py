"""The citation graph's lookups and one-step queries: the nodes a symbol or a path means, what
a node cites and what cites it, the most cited and the missing documents, and the SQL views
for sqlite3 and Datasette users. The shared row shape (``Row``, ``node_columns``) and the
chunked id lists the walks use are here too (see the package docstring)."""

from __future__ import annotations

import sqlite3
from typing import Any, Iterable, Iterator

from pipeline import identity
from pipeline.identity import symbol as normalize_symbol  # the lookup form, as nodes.number_norm holds it

CHUNK = 500  # node ids per IN (...) list: small enough for any SQLite, large enough to amortise a query
FILE_SUFFIXES = (".txt", ".pdf", ".doc", ".docx", ".odt", ".rtf", ".htm", ".html", ".json", ".md", ".xml")

# Views for sqlite3 and Datasette users (``SELECT * FROM most_cited LIMIT 20``); the comments are
# stored with the view, so ``.schema most_cited`` shows them.
VIEWS: dict[str, str] = {
    "graph_edges": """
-- One row per citation: src cites dst. Both ends with their number, year, issuer and whether
-- they are in the archive; basis = 1 when cited in the "Căn cứ" clause. Filter on src or dst.
SELECT c.id AS citation_id, c.citing_node_id AS src, c.cited_node_id AS dst, c.basis,
       c.citing_document_id,
       s.number AS src_number, s.doc_type AS src_doc_type, s.year AS src_year, s.issuer AS src_issuer,
       s.document_id IS NOT NULL AS src_in_archive,
       d.number AS dst_number, d.doc_type AS dst_doc_type, d.year AS dst_year, d.issuer AS dst_issuer,
       d.document_id IS NOT NULL AS dst_in_archive
FROM citations c
JOIN nodes s ON s.id = c.citing_node_id
JOIN nodes d ON d.id = c.cited_node_id""",
    "most_cited": """
-- Every cited node, most cited first: times_cited = citation rows pointing at it,
-- citing_documents = distinct archived documents citing it. Add WHERE year = … / LIMIT.
SELECT n.id AS node_id, n.number, n.doc_type, n.year, n.issuer,
       n.document_id IS NOT NULL AS in_archive, doc.file,
       COUNT(*) AS times_cited, COUNT(DISTINCT c.citing_document_id) AS citing_documents
FROM citations c
JOIN nodes n ON n.id = c.cited_node_id
LEFT JOIN documents doc ON doc.id = n.document_id
GROUP BY n.id
ORDER BY times_cited DESC, n.id""",
    "missing_documents": """
-- Cited but not in the archive (nodes.document_id IS NULL), with a number to look for:
-- the acquisition list, most cited first. resolved = 0: year or issuer unknown, so the same
-- document may appear more than once.
SELECT n.id AS node_id, n.number, n.doc_type, n.year, n.issuer, n.resolved,
       COUNT(*) AS times_cited, COUNT(DISTINCT c.citing_document_id) AS citing_documents
FROM citations c
JOIN nodes n ON n.id = c.cited_node_id
WHERE n.document_id IS NULL AND n.number IS NOT NULL
GROUP BY n.id
ORDER BY times_cited DESC, n.id""",
}

# An unnumbered node only cited (a law by name, a news item) takes its title from the citations:
# in a vanban database by the store's rule, the most frequent cited title, ties by value
# (node_labels, kept by triggers), never whichever citation SQLite finds first. A plain graph
# without node_labels (tests, the bench), or a database of schema 3-4 read before a writer
# upgraded it (no title counts yet), takes a cited title.
_FIRST_CITED_TITLE = "(SELECT title FROM citations WHERE cited_node_id = n.id AND title IS NOT NULL LIMIT 1)"
_COUNTED_TITLE = ("COALESCE((SELECT l.value FROM node_labels l WHERE l.node_id = n.id AND l.field = 'title' "
                  f"ORDER BY l.n DESC, l.value LIMIT 1), {_FIRST_CITED_TITLE})")
_NODE_COLUMNS = """n.id AS node_id, n.number, n.doc_type, n.year, n.issuer,
       n.document_id IS NOT NULL AS in_archive, doc.file AS file,
       CASE WHEN doc.title IS NULL AND n.number IS NULL THEN {title} ELSE doc.title END AS title"""


def node_columns(conn: sqlite3.Connection) -> str:
    """The columns of a node row (``SELECT {node_columns(conn)} FROM {NODE_FROM}``), the title
    read by the rule when the database counts cited titles."""
    labels = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'node_labels'").fetchone()
    return _NODE_COLUMNS.format(title=_COUNTED_TITLE if labels else _FIRST_CITED_TITLE)


NODE_FROM = "nodes n LEFT JOIN documents doc ON doc.id = n.document_id"
# (from column, to column) of a step: forward = what a node cites, else who cites it
DIRECTION = {True: ("citing_node_id", "cited_node_id"), False: ("cited_node_id", "citing_node_id")}

Row = dict[str, Any]


def create_views(conn: sqlite3.Connection) -> None:
    """The graph as SQL views; a view left by an older version is replaced (views hold no data)."""
    for name, body in VIEWS.items():
        stored = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?", (name,)).fetchone()
        if stored and stored[0] != f"CREATE VIEW {name} AS {body}":
            conn.execute(f"DROP VIEW {name}")
        conn.execute(f"CREATE VIEW IF NOT EXISTS {name} AS {body}")


# ---- lookup -----------------------------------------------------------------------------
def _iter_rows(cur: sqlite3.Cursor) -> Iterator[Row]:
    """Result rows as dicts, flags as bools."""
    cols = [c[0] for c in cur.description]
    for r in cur:
        row = dict(zip(cols, r))
        row["in_archive"] = bool(row["in_archive"])
        if "basis" in row:
            row["basis"] = bool(row["basis"])
        yield row


def _rows(cur: sqlite3.Cursor) -> list[Row]:
    return list(_iter_rows(cur))


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def nodes_by_id(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, Row]:
    """Node rows for ids (unknown ids left out)."""
    out: dict[int, Row] = {}
    for chunk in _chunks(sorted(ids)):  # neighbouring ids share pages
        cur = conn.execute(f"SELECT {node_columns(conn)} FROM {NODE_FROM} WHERE n.id IN ({_marks(len(chunk))})", chunk)
        for row in _rows(cur):
            out[row["node_id"]] = row
    return out


def _table_exists(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def _by_path(conn: sqlite3.Connection, doc: str) -> list[Row]:
    """Nodes of archived documents at path doc or named like it: through the store's files
    table (indexed) when there is one, else documents.path/file (a scan unless indexed)."""
    node_ids: list[int] = []
    if _table_exists(conn, "files"):
        node_ids = [r[0] for r in conn.execute(
            "SELECT d.node_id FROM files f JOIN documents d ON d.id = f.document_id WHERE f.path = ?", (doc,))]
    if not node_ids:
        name = doc.replace("\\", "/").rsplit("/", 1)[-1]
        node_ids = [r[0] for r in conn.execute("SELECT node_id FROM documents WHERE path = ? OR file = ?", (doc, name))]
    return list(nodes_by_id(conn, {i for i in node_ids if i is not None}).values())


def find_nodes(conn: sqlite3.Connection, doc: str, year: int | None = None, issuer: str | None = None) -> list[Row]:
    """The nodes DOC may mean, archived first: a symbol (02-NQ/TW, normalised as number_norm)
    or an archived file's path or name; narrowed by year and by an issuer substring (case and
    diacritics ignored). Several rows = several documents share the symbol: ask which."""
    doc = doc.strip()
    looks_like_file = doc.lower().endswith(FILE_SUFFIXES)
    rows = _by_path(conn, doc) if looks_like_file else []
    if not rows:
        cur = conn.execute(f"SELECT {node_columns(conn)} FROM {NODE_FROM} WHERE n.number_norm = ?", (normalize_symbol(doc),))
        rows = _rows(cur)
    if not rows and not looks_like_file and (glob := identity.symbol_glob(doc)) is not None:
        # typed without Vietnamese letters ("35/KH-LDLD"): Đ or D wherever a D stands
        cur = conn.execute(f"SELECT {node_columns(conn)} FROM {NODE_FROM} WHERE n.number_norm GLOB ?", (glob,))
        rows = _rows(cur)
    if not rows and not looks_like_file and (head := identity.number_head(doc)):
        # spaces or no dashes between the parts ("35/KH LDLD"): seek the number's digits, compare loosely
        cur = conn.execute(f"SELECT {node_columns(conn)}, n.number_norm AS _norm FROM {NODE_FROM} "
                           "WHERE n.number_norm >= ? AND n.number_norm < ?", (head, head + "\U0010ffff"))
        want = identity.symbol_loose(doc)
        rows = [r for r in _rows(cur) if identity.symbol_loose(r.pop("_norm")) == want]
    if not rows and not looks_like_file:
        rows = _by_path(conn, doc)
    if year is not None:
        rows = [r for r in rows if r["year"] == year]
    if issuer:
        want = identity.typed(issuer)
        rows = [r for r in rows if want in identity.typed(r["issuer"] or "")]
    return sorted(rows, key=lambda r: (not r["in_archive"], -(r["year"] or 0), r["node_id"]))


# ---- one step ---------------------------------------------------------------------------
def _one_step(conn: sqlite3.Connection, node_id: int, forward: bool) -> list[Row]:
    src, dst = DIRECTION[forward]
    cur = conn.execute(
        f"SELECT {node_columns(conn)}, k.count, k.basis FROM "
        f"(SELECT {dst} AS id, COUNT(*) AS count, MAX(basis) AS basis FROM citations WHERE {src} = ? GROUP BY {dst}) k "
        f"JOIN nodes n ON n.id = k.id LEFT JOIN documents doc ON doc.id = n.document_id "
        "ORDER BY n.year IS NULL, n.year, n.number, n.id",
        (node_id,),
    )
    return _rows(cur)


def cites(conn: sqlite3.Connection, node_id: int) -> list[Row]:
    """What the node cites directly (count = its citation rows; basis = in "Căn cứ")."""
    return _one_step(conn, node_id, forward=True)


def cited_by(conn: sqlite3.Connection, node_id: int) -> list[Row]:
    """What cites the node directly."""
    return _one_step(conn, node_id, forward=False)


def _edges(conn: sqlite3.Connection, frontier: list[int], forward: bool) -> Iterator[tuple[int, int]]:
    """(from, to) for every edge leaving the frontier in the walk's direction (covering index)."""
    src, dst = DIRECTION[forward]
    if len(frontier) == 1:
        yield from conn.execute(f"SELECT {src}, {dst} FROM citations WHERE {src} = ?", frontier)
        return
    for chunk in _chunks(frontier):
        yield from conn.execute(f"SELECT {src}, {dst} FROM citations WHERE {src} IN ({_marks(len(chunk))})", chunk)


# ---- counts -----------------------------------------------------------------------------
def has_cited_count(conn: sqlite3.Connection) -> bool:
    """Whether nodes.cited_count exists (pipeline/store.py keeps it by triggers and indexes it):
    top and missing then read an index instead of counting all citations."""
    return conn.execute("SELECT 1 FROM pragma_table_info('nodes') WHERE name = 'cited_count'").fetchone() is not None


def _ranked(conn: sqlite3.Connection, where: str, args: list[Any], limit: int | None = None) -> sqlite3.Cursor:
    """(node id, times cited, issuer) of the cited nodes passing a WHERE on n, most cited first.
    Node rows are fetched afterwards for the few kept, not for every cited node."""
    if has_cited_count(conn):
        sql = (f"SELECT n.id, n.cited_count, n.issuer FROM nodes n WHERE n.cited_count > 0 AND {where} "
               "ORDER BY n.cited_count DESC, n.id")
    elif where == "1" and limit is not None:  # nothing to filter: the counts alone
        sql = ("SELECT cited_node_id, COUNT(*) AS count, NULL FROM citations WHERE cited_node_id IS NOT NULL "
               "GROUP BY cited_node_id ORDER BY count DESC, cited_node_id")
    else:
        sql = ("SELECT n.id, k.count, n.issuer FROM (SELECT cited_node_id AS id, COUNT(*) AS count FROM citations "
               "WHERE cited_node_id IS NOT NULL GROUP BY cited_node_id) k JOIN nodes n ON n.id = k.id "
               f"WHERE {where} ORDER BY k.count DESC, n.id")
    if limit is not None:
        return conn.execute(sql + " LIMIT ?", [*args, limit])
    return conn.execute(sql, args)


def _with_counts(conn: sqlite3.Connection, ranked: list[tuple[int, int]]) -> list[Row]:
    nodes = nodes_by_id(conn, [i for i, _ in ranked])
    return [dict(nodes[i], count=n) for i, n in ranked if i in nodes]


def top(conn: sqlite3.Connection, limit: int = 20, year: int | None = None, issuer: str | None = None) -> list[Row]:
    """The most cited nodes (count = times cited), optionally of one year and of issuers
    containing `issuer` (case and diacritics ignored)."""
    where, args = ("n.year = ?", [year]) if year is not None else ("1", [])
    if not issuer:
        return _with_counts(conn, [(i, n) for i, n, _ in _ranked(conn, where, args, limit)])
    want = identity.typed(issuer)
    matches: dict[str | None, bool] = {}
    ranked: list[tuple[int, int]] = []
    cur = _ranked(conn, where, args)  # most cited first: stop at `limit` matches
    for i, n, name in cur:
        if len(ranked) >= limit:
            break
        if name not in matches:
            matches[name] = want in identity.typed(name or "")
        if matches[name]:
            ranked.append((i, n))
    cur.close()
    return _with_counts(conn, ranked)


def missing(conn: sqlite3.Connection, limit: int | None = None) -> list[Row]:
    """Cited but not in the archive, with a number to look for: the acquisition list, most
    cited first (count = times cited)."""
    cur = _ranked(conn, "n.document_id IS NULL AND n.number IS NOT NULL", [], limit)
    return _with_counts(conn, [(i, n) for i, n, _ in cur])
