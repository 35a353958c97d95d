"""The citation graph in the store, queried: who cites whom, chains, most cited, missing.

A node is a document, archived (``nodes.document_id`` set) or only cited; an edge is a row of
``citations``, ``citing_node_id -> cited_node_id`` ("A cites B"), indexed both ways
(``citations_citing``, ``citations_cited``). The descendants of B are the nodes that cite B
directly or through a chain (what implements B); its ancestors, what B rests on.

The transitive walks go breadth-first, one indexed query per level over the whole frontier,
keeping the nodes seen: every node is reached once, at its smallest depth, and the cost follows
the part of the graph reached, not its size. A cycle or a self-reference ends the walk where it
comes back (reported by ``cycles`` and by the ``cycle`` flag of the rows). The obvious
alternative, one recursive CTE over (node, depth) with UNION, needs a depth cap to end on
cycles and walks a node again for every distinct path length to it: on the benchmark graph
(tests/bench/bench_graph.py, 1M nodes, 5M edges) it was as fast on small walks, up to 2x slower
on large ones, and capped at 16 it missed nodes in 2 of 50 walks.

A national hub is cited, directly or not, by most of the archive (on that graph: 200,000-380,000
documents at depth 1, ~890,000 in all), and rows cost far more than the walk (~5 µs a row to
fetch, a few more to print, against ~0.25 µs a citation walked). So the rows come in depth order
(each depth by year, number), a page at a time or streamed: ``walk_page`` walks until its page is
full, says whether more rows exist and counts them when that is cheap; ``walk_rows`` streams
every row, a depth at a time, keeping no rows; ``depth_counts`` counts without fetching rows.
A hub's depth 1 is sorted by SQLite straight from the citations (top-N for a page), without
walking it; ``descendants`` and ``ancestors`` still return every row as a list.

Every result row is a dict: ``node_id, number, doc_type, year, issuer, in_archive, file, title``
plus ``depth`` and ``cycle`` (transitive walks), ``count`` (times cited: top, missing; citation
rows: cites, cited_by) and ``basis`` (one step: cited in the "Căn cứ" basis clause).
Only sqlite3 and typing are imported here; the rest on use.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any, Iterable, Iterator, NamedTuple

if TYPE_CHECKING:
    from os import PathLike

CHUNK = 500  # node ids per IN (...) list: small enough for any SQLite, large enough to amortise a query
DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")
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

# An unnumbered node only cited (a law by name, a news item) takes its title from a citation.
NODE_COLUMNS = """n.id AS node_id, n.number, n.doc_type, n.year, n.issuer,
       n.document_id IS NOT NULL AS in_archive, doc.file AS file,
       CASE WHEN doc.title IS NULL AND n.number IS NULL
            THEN (SELECT title FROM citations WHERE cited_node_id = n.id AND title IS NOT NULL LIMIT 1)
            ELSE doc.title END AS title"""
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
def normalize_symbol(doc: str) -> str:
    """The lookup form of a symbol, as nodes.number_norm must hold it: NFC, no whitespace,
    one kind of dash, upper case, no leading zeros ("02 – NQ/TW" -> "2-NQ/TW")."""
    import unicodedata

    s = "".join(unicodedata.normalize("NFC", doc).split()).translate(DASHES).upper()
    i = 0
    while i + 1 < len(s) and s[i] == "0" and s[i + 1].isdigit():
        i += 1
    return s[i:]


def fold(s: str) -> str:
    """Lower case without diacritics (đ -> d): issuer matching as people type ("lai chau")."""
    import unicodedata

    s = unicodedata.normalize("NFD", s.lower().replace("đ", "d"))
    return " ".join("".join(c for c in s if not unicodedata.combining(c)).split())


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
        cur = conn.execute(f"SELECT {NODE_COLUMNS} FROM {NODE_FROM} WHERE n.id IN ({_marks(len(chunk))})", chunk)
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


def _by_symbol_key(conn: sqlite3.Connection, doc: str) -> list[Row]:
    """Nodes whose symbol matches DOC loosely (pipeline.symbols.symbol_key), seeking the
    number's digits in the number_norm index first."""
    from pipeline.symbols import number_head, symbol_key

    key, head = symbol_key(doc), number_head(doc)
    if not key:
        return []
    cur = conn.execute(f"SELECT {NODE_COLUMNS}, n.number_norm FROM {NODE_FROM} "
                       "WHERE n.number_norm >= ? AND n.number_norm < ?", (head, head + "\U0010ffff"))
    rows = [r for r in _rows(cur) if symbol_key(r.pop("number_norm")) == key]
    return rows


def find_nodes(conn: sqlite3.Connection, doc: str, year: int | None = None, issuer: str | None = None) -> list[Row]:
    """The nodes DOC may mean, archived first: a symbol (02-NQ/TW, normalised as number_norm)
    or an archived file's path or name; narrowed by year and by an issuer substring (case and
    diacritics ignored). Several rows = several documents share the symbol: ask which."""
    doc = doc.strip()
    looks_like_file = doc.lower().endswith(FILE_SUFFIXES)
    rows = _by_path(conn, doc) if looks_like_file else []
    if not rows:
        cur = conn.execute(f"SELECT {NODE_COLUMNS} FROM {NODE_FROM} WHERE n.number_norm = ?", (normalize_symbol(doc),))
        rows = _rows(cur)
    if not rows and not looks_like_file:
        rows = _by_symbol_key(conn, doc)  # typed without Đ, with spaces, without dashes
    if not rows and not looks_like_file:
        rows = _by_path(conn, doc)
    if year is not None:
        rows = [r for r in rows if r["year"] == year]
    if issuer:
        want = fold(issuer)
        rows = [r for r in rows if want in fold(r["issuer"] or "")]
    return sorted(rows, key=lambda r: (not r["in_archive"], -(r["year"] or 0), r["node_id"]))


# ---- one step ---------------------------------------------------------------------------
def _one_step(conn: sqlite3.Connection, node_id: int, forward: bool) -> list[Row]:
    src, dst = DIRECTION[forward]
    cur = conn.execute(
        f"SELECT {NODE_COLUMNS}, k.count, k.basis FROM "
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


# ---- transitive -------------------------------------------------------------------------
PAGE = 1000  # rows in a page of descendants or ancestors unless asked otherwise (the CLI's --limit)
COUNT_BUDGET = 200_000  # citation rows a page reads past its last row to count the rest exactly (~50 ms)
SMALL_LEVEL = 2000  # a depth with more nodes is sorted by SQLite, fewer by Python after fetching its rows
BATCH = 1000  # rows fetched at a time when streaming a large depth
BACK_CAP = 10_000  # edges back to the start read at once for the cycle flags, else looked up per row
# The rows of one depth: by year (unknown last), number, id. The same order in SQL (large depths)
# and in Python (_level_key: small ones).
LEVEL_ORDER = "n.year IS NULL, n.year, coalesce(n.number, ''), n.id"
# The store's index in that order: a page of a hub's citers is read in it, without sorting the
# hundreds of thousands of them. Built from LEVEL_ORDER, the planner uses it only if they match.
LEVEL_INDEX = "nodes_level"
LEVEL_INDEX_SQL = f"CREATE INDEX IF NOT EXISTS {LEVEL_INDEX} ON nodes({LEVEL_ORDER.replace('n.', '')});"


def _level_key(r: Row) -> tuple[Any, ...]:
    return (r["year"] is None, r["year"] or 0, r["number"] or "", r["node_id"])


def _edges(conn: sqlite3.Connection, frontier: list[int], forward: bool) -> Iterator[tuple[int, int]]:
    """(from, to) for every edge leaving the frontier in the walk's direction (covering index)."""
    src, dst = DIRECTION[forward]
    if len(frontier) == 1:
        yield from conn.execute(f"SELECT {src}, {dst} FROM citations WHERE {src} = ?", frontier)
        return
    for chunk in _chunks(frontier):
        yield from conn.execute(f"SELECT {src}, {dst} FROM citations WHERE {src} IN ({_marks(len(chunk))})", chunk)


class Page(NamedTuple):
    """Rows offset … offset + limit - 1 of a walk, in depth order. more: rows exist after these;
    total: every row of the walk, when it was counted (it is when the rest of the walk is small,
    see COUNT_BUDGET); at_least: the rows known to exist, total when counted."""

    rows: list[Row]
    offset: int
    more: bool
    total: int | None
    at_least: int


class _Walk:
    """Breadth-first from a node, one depth at a time: each step reads the citations of the whole
    frontier (indexed, CHUNK ids a query) and keeps the nodes not seen before, each once at its
    smallest depth, so cycles end the walk. The nodes seen are a bitmap by node id (1 MB for a
    million nodes) and only one column is read: Python's per-row cost is what the walk costs."""

    def __init__(self, conn: sqlite3.Connection, node_id: int, forward: bool) -> None:
        self.conn = conn
        src, dst = DIRECTION[forward]
        self.sql = f"SELECT {dst} FROM citations WHERE {dst} IS NOT NULL AND {src} IN "
        top = conn.execute("SELECT MAX(id) FROM nodes").fetchone()[0] or 0
        self.seen = bytearray(max(top, node_id) + 1)
        self.seen[node_id] = 1
        self.frontier = [node_id]
        self.depth = 0
        self.read = 0  # citation rows read by budgeted steps

    def _absorb(self, rows: Iterable[tuple[int]], nxt: list[int]) -> None:
        seen = self.seen
        for (b,) in rows:
            try:
                if seen[b]:
                    continue
            except IndexError:  # a node added since the walk began
                seen.extend(bytes(b + 1 - len(seen)))
            seen[b] = 1
            nxt.append(b)

    def step(self, budget: int | None = None, need: int = 0) -> tuple[list[int], bool]:
        """The nodes of the next depth, sorted, and whether that is all of them: with a budget,
        the step stops once `read` passes it and `need` new nodes were found (the walk then ends)."""
        nxt: list[int] = []
        frontier = self.frontier
        for i in range(0, len(frontier), CHUNK):
            chunk = frontier[i : i + CHUNK]
            cur = self.conn.execute(f"{self.sql}({_marks(len(chunk))})", chunk)
            if budget is None:
                self._absorb(cur, nxt)
                continue
            while rows := cur.fetchmany(4096):
                self.read += len(rows)
                self._absorb(rows, nxt)
                if self.read > budget and len(nxt) >= need:
                    cur.close()
                    self.frontier = []
                    return nxt, False
        nxt.sort()  # the next step reads the index in order
        self.frontier = nxt
        self.depth += 1
        return nxt, True

    def advance(self, level: list[int]) -> None:
        """Take level (found otherwise) as the next depth."""
        seen = self.seen
        for b in level:
            if b >= len(seen):
                seen.extend(bytes(b + 1 - len(seen)))
            seen[b] = 1
        self.frontier = sorted(level)
        self.depth += 1


def _depth1_count(conn: sqlite3.Connection, node_id: int, forward: bool) -> int:
    src, dst = DIRECTION[forward]
    return conn.execute(f"SELECT COUNT(DISTINCT {dst}) FROM citations WHERE {src} = ? AND {dst} != ?",
                        (node_id, node_id)).fetchone()[0]


def _ordered(conn: sqlite3.Connection, node_id: int, forward: bool, level: list[int] | None,
             a: int = 0, b: int | None = None, n1: int | None = None) -> list[int]:
    """The ids of one depth at positions a … b - 1 (b None: to the end) in LEVEL_ORDER, sorted by
    SQLite: level None is depth 1, read straight from the citations (no walk needed); any other
    depth is passed as a JSON array (json_each), or sorted in Python where SQLite has no JSON."""
    src, dst = DIRECTION[forward]
    window = "" if b is None else f" LIMIT {int(b) - int(a)} OFFSET {int(a)}"
    if level is None and b is not None and _dense_enough(conn, node_id, forward, b, n1):
        # a page of a hub's depth 1: walk the nodes in LEVEL_ORDER by its index and keep those
        # with a step from node_id, stopping when the page is full (the largest hub: 160 → 1 ms)
        sql = (f"SELECT n.id FROM nodes n WHERE n.id != ? AND EXISTS (SELECT 1 FROM citations c"
               f" WHERE c.{src} = ? AND c.{dst} = n.id) ORDER BY {LEVEL_ORDER}{window}")
        return [r[0] for r in conn.execute(sql, (node_id, node_id))]
    if level is None:
        sql = (f"SELECT n.id FROM citations c JOIN nodes n ON n.id = c.{dst} WHERE c.{src} = ? AND c.{dst} != ? "
               f"GROUP BY c.{dst} ORDER BY {LEVEL_ORDER}{window}")
        return [r[0] for r in conn.execute(sql, (node_id, node_id))]
    import json

    sql = f"SELECT n.id FROM json_each(?) l JOIN nodes n ON n.id = l.value ORDER BY {LEVEL_ORDER}{window}"
    try:
        return [r[0] for r in conn.execute(sql, (json.dumps(level),))]
    except sqlite3.OperationalError as e:
        if "json_each" not in str(e):
            raise
    return _ordered_python(conn, level, a, b)


DENSE_SCAN = 100_000  # nodes a page may scan in LEVEL_ORDER looking for a hub's citers (~30 ms)


def _dense_enough(conn: sqlite3.Connection, node_id: int, forward: bool, stop: int, n1: int | None = None) -> bool:
    """Whether the first `stop` nodes of depth 1 are found faster scanning the nodes in
    LEVEL_ORDER than sorting all of depth 1: true of a hub, cited by a good share of the
    archive; a node cited by a few thousand is faster sorted from its citations."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (LEVEL_INDEX,)).fetchone() is None:
        return False
    if n1 is None:
        n1 = _depth1_count(conn, node_id, forward)
    total = conn.execute("SELECT MAX(id) FROM nodes").fetchone()[0] or 0
    # scanning costs ~0.3 µs a node, sorting the citers ~0.45 µs each: scan while cheaper
    return n1 > 0 and stop * total / n1 <= max(DENSE_SCAN, n1)


def _ordered_python(conn: sqlite3.Connection, level: list[int], a: int = 0, b: int | None = None) -> list[int]:
    keys: list[tuple[Any, ...]] = []
    for chunk in _chunks(level):
        keys.extend(conn.execute(f"SELECT {LEVEL_ORDER} FROM nodes n WHERE n.id IN ({_marks(len(chunk))})", chunk))
    keys.sort()
    return [k[-1] for k in keys[a:b]]


def _back_edges(conn: sqlite3.Connection, node_id: int, forward: bool) -> set[int] | None:
    """The nodes with a step back to node_id (they close a cycle through it), read once for a
    walk: for descendants, what node_id cites (a few). None when more than BACK_CAP (a hub's
    citers, for a walk of its ancestors): then looked up for the rows only (_back)."""
    src, dst = DIRECTION[forward]
    rows = conn.execute(f"SELECT {src} FROM citations WHERE {dst} = ? LIMIT ?", (node_id, BACK_CAP + 1)).fetchall()
    return {a for (a,) in rows} if len(rows) <= BACK_CAP else None


def _back(conn: sqlite3.Connection, node_id: int, forward: bool, ids: list[int], known: set[int] | None) -> set[int]:
    """Which of ids have a step back to node_id: from known (_back_edges), else by the index on
    (step end, step start), one query per CHUNK ids."""
    if known is not None:
        return known
    src, dst = DIRECTION[forward]
    out: set[int] = set()
    for chunk in _chunks(ids):
        out.update(a for (a,) in conn.execute(
            f"SELECT {src} FROM citations WHERE {dst} = ? AND {src} IN ({_marks(len(chunk))})", [node_id, *chunk]))
    return out


def _depth_rows(conn: sqlite3.Connection, node_id: int, forward: bool, depth: int, ids: list[int],
                ordered: bool, known: set[int] | None) -> list[Row]:
    """Rows for ids, all at one depth: in the order of ids when ordered, else sorted here."""
    nodes = nodes_by_id(conn, ids)
    back = _back(conn, node_id, forward, ids, known)
    rows = []
    for i in ids:
        row = nodes.get(i)
        if row is not None:
            row["depth"] = depth
            row["cycle"] = i in back
            rows.append(row)
    if not ordered:
        rows.sort(key=_level_key)
    return rows


def walk(conn: sqlite3.Connection, node_id: int, forward: bool, max_depth: int | None = None) -> tuple[dict[int, int], set[int]]:
    """Breadth-first from node_id: {node: smallest depth} (node_id itself left out) and the
    nodes reached with an edge back to node_id, which close a cycle through it (node_id itself
    when it cites itself). Every node is expanded once, so cycles end the walk."""
    w = _Walk(conn, node_id, forward)
    depth: dict[int, int] = {}
    while max_depth is None or w.depth < max_depth:
        level, _ = w.step()
        if not level:
            break
        depth.update(dict.fromkeys(level, w.depth))
    known = _back_edges(conn, node_id, forward)
    back = _back(conn, node_id, forward, [*depth, node_id], known) & {*depth, node_id}
    return depth, back


def walk_rows(conn: sqlite3.Connection, node_id: int, forward: bool, max_depth: int | None = None,
              head: bool = True) -> Iterator[Row]:
    """Every row of the walk, streamed in depth order (each depth by year, number): a depth is
    walked, sorted, then fetched BATCH rows at a time, so the first rows come before the walk
    goes deeper. Memory: the bitmap of nodes seen and the ids of the largest depth, not the rows.
    head: a hub's first rows come from a top-N sort of its depth 1 before the whole sort (in half
    the time, for ~130 ms more in all on the largest hub); False when only the whole list counts."""
    w = _Walk(conn, node_id, forward)
    known = _back_edges(conn, node_id, forward)
    small: list[tuple[int, list[int]]] = []  # small depths walked, their rows fetched together (fewer queries)
    while max_depth is None or w.depth < max_depth:
        first = 0
        if w.depth == 0 and (n1 := _depth1_count(conn, node_id, forward)) > BATCH:
            # a hub: depth 1 sorted by SQLite straight from the citations, no walk
            if head:
                yield from _depth_rows(conn, node_id, forward, 1, _ordered(conn, node_id, forward, None, 0, BATCH, n1),
                                       ordered=True, known=known)
                first = BATCH
            order = _ordered(conn, node_id, forward, None)
            w.advance(order)
        else:
            level, _ = w.step()
            if len(level) <= BATCH:
                if level:
                    small.append((w.depth, level))
                if level and sum(len(ids) for _, ids in small) < BATCH:
                    continue
                yield from _small_depths_rows(conn, node_id, forward, small, known)
                small = []
                if not level:
                    return
                continue
            yield from _small_depths_rows(conn, node_id, forward, small, known)
            small = []
            order = _ordered(conn, node_id, forward, level)
        for i in range(first, len(order), BATCH):
            yield from _depth_rows(conn, node_id, forward, w.depth, order[i : i + BATCH], ordered=True, known=known)
    yield from _small_depths_rows(conn, node_id, forward, small, known)


def _small_depths_rows(conn: sqlite3.Connection, node_id: int, forward: bool,
                       depths: list[tuple[int, list[int]]], known: set[int] | None) -> list[Row]:
    """Rows of several small depths, fetched in one go, each depth sorted here."""
    if not depths:
        return []
    rows = _depth_rows(conn, node_id, forward, 0, [i for _, ids in depths for i in ids], ordered=True, known=known)
    at = {i: d for d, ids in depths for i in ids}
    for r in rows:
        r["depth"] = at[r["node_id"]]
    rows.sort(key=lambda r: (r["depth"], *_level_key(r)))
    return rows


def walk_page(conn: sqlite3.Connection, node_id: int, forward: bool, limit: int = PAGE, offset: int = 0,
              max_depth: int | None = None, count_budget: int = COUNT_BUDGET) -> Page:
    """Rows offset … offset + limit - 1 of the walk in the order of walk_rows, saying whether
    there are more. The walk stops once the page is full and whether more rows exist is known;
    past the page it counts the rest only while that reads at most count_budget citation rows.
    When the page lies within depth 1 and depth 1 is large (a national hub, cited by hundreds of
    thousands), SQLite sorts the citers straight from the citations and nothing is walked."""
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must be >= 0")
    stop = offset + limit
    if max_depth is not None and max_depth < 1:
        return Page([], offset, False, 0, 0)
    n1 = _depth1_count(conn, node_id, forward)
    if n1 > stop and n1 > SMALL_LEVEL:
        rows = _depth_rows(conn, node_id, forward, 1, _ordered(conn, node_id, forward, None, offset, stop, n1),
                           ordered=True, known=_back_edges(conn, node_id, forward))
        # the rest is counted when depth 1 leaves room in the budget for the depths after it
        counts = ([n1] if max_depth == 1 else depth_counts(conn, node_id, forward, max_depth, count_budget)
                  if n1 <= count_budget // 10 else None)
        total = None if counts is None else sum(counts)
        return Page(rows, offset, True, total, n1 if total is None else total)
    w = _Walk(conn, node_id, forward)
    parts: list[tuple[int, list[int], int, int]] = []  # (depth, its ids, first, end) of the depths on the page
    pos, total = 0, None
    while True:
        if max_depth is not None and w.depth >= max_depth:
            total = pos
            break
        if pos < stop:
            level, complete = w.step()
        else:  # the page is full: count on while cheap, and at least until a row past it is found
            level, complete = w.step(budget=count_budget, need=0 if pos > stop else 1)
        if not complete:
            pos += len(level)
            break
        if not level:
            total = pos
            break
        if pos < stop and pos + len(level) > offset:
            parts.append((w.depth, level, max(offset - pos, 0), min(stop - pos, len(level))))
        pos += len(level)
    rows: list[Row] = []
    known = _back_edges(conn, node_id, forward) if parts else None
    for depth, level, a, b in parts:
        if len(level) <= max(64, 2 * (b - a)):  # most of the depth is on the page: rows, then sort
            rows.extend(_depth_rows(conn, node_id, forward, depth, level, ordered=False, known=known)[a:b])
        else:
            rows.extend(_depth_rows(conn, node_id, forward, depth, _ordered(conn, node_id, forward, level, a, b),
                                    ordered=True, known=known))
    at_least = pos if total is None else total
    return Page(rows, offset, at_least > stop, total, at_least)


def depth_counts(conn: sqlite3.Connection, node_id: int, forward: bool, max_depth: int | None = None,
                 budget: int | None = None) -> list[int] | None:
    """How many nodes the walk reaches at depth 1, 2, … (their sum: the rows of a full walk);
    None when a budget of citation rows is given and would be passed."""
    w = _Walk(conn, node_id, forward)
    out = []
    while max_depth is None or w.depth < max_depth:
        level, complete = w.step(budget=budget)
        if not complete:
            return None
        if not level:
            break
        out.append(len(level))
    return out


def descendants(conn: sqlite3.Connection, node_id: int, max_depth: int | None = None) -> list[Row]:
    """Everything that cites the node through any chain (what implements it), each once at its
    smallest depth (1 = cites it directly); cycle=True: the node also leads back to it. All of
    it: for a national hub (hundreds of thousands of rows) page with walk_page(…, forward=False)
    or stream with walk_rows."""
    return list(walk_rows(conn, node_id, forward=False, max_depth=max_depth, head=False))


def ancestors(conn: sqlite3.Connection, node_id: int, max_depth: int | None = None) -> list[Row]:
    """Everything the node rests on through any chain (what it cites, what those cite …)."""
    return list(walk_rows(conn, node_id, forward=True, max_depth=max_depth, head=False))


def cycles(conn: sqlite3.Connection, node_id: int, max_depth: int | None = None, limit: int = 20) -> list[Row]:
    """Cycles through the node, shortest first: each {"path": [node_id, …, node_id], "numbers",
    "length", "self_reference"}; a self-reference is [node_id, node_id]. Extraction errors show
    up this way (two plans citing each other); walks never follow them."""
    parent: dict[int, int] = {node_id: node_id}
    closing: list[int] = []
    frontier = [node_id]
    level = 0
    while frontier and (max_depth is None or level < max_depth):
        level += 1
        nxt = []
        for a, b in _edges(conn, frontier, forward=True):
            if b == node_id:
                closing.append(a)
            elif b not in parent:
                parent[b] = a
                nxt.append(b)
        frontier = nxt
    paths = []
    for last in dict.fromkeys(closing):
        path = [last]
        while path[-1] != node_id:
            path.append(parent[path[-1]])
        paths.append([node_id, *reversed(path[:-1]), node_id] if last != node_id else [node_id, node_id])
    paths.sort(key=len)
    paths = paths[:limit]
    nodes = nodes_by_id(conn, {i for p in paths for i in p})
    return [{"path": p, "numbers": [nodes[i]["number"] if i in nodes else None for i in p],
             "length": len(p) - 1, "self_reference": len(p) == 2} for p in paths]


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
    want = fold(issuer)
    matches: dict[str | None, bool] = {}
    ranked: list[tuple[int, int]] = []
    cur = _ranked(conn, where, args)  # most cited first: stop at `limit` matches
    for i, n, name in cur:
        if len(ranked) >= limit:
            break
        if name not in matches:
            matches[name] = want in fold(name or "")
        if matches[name]:
            ranked.append((i, n))
    cur.close()
    return _with_counts(conn, ranked)


def missing(conn: sqlite3.Connection, limit: int | None = None) -> list[Row]:
    """Cited but not in the archive, with a number to look for: the acquisition list, most
    cited first (count = times cited)."""
    cur = _ranked(conn, "n.document_id IS NULL AND n.number IS NOT NULL", [], limit)
    return _with_counts(conn, [(i, n) for i, n, _ in cur])


# ---- neighbourhood and exports ----------------------------------------------------------
def neighbourhood(conn: sqlite3.Connection, center: int, radius: int = 1,
                  max_nodes: int = 400) -> tuple[dict[int, int], list[tuple[int, int]], int]:
    """Nodes within `radius` steps of center either way, each with a layer (a cited document one
    layer right of the one citing it; center 0), the distinct edges among them, and how many
    nodes were left out to keep at most max_nodes (a national hub has thousands of citers)."""
    layer = {center: 0}
    left_out: set[int] = set()
    frontier = [center]
    for _ in range(radius):
        nxt: list[int] = []
        for forward in (True, False):
            for a, b in _edges(conn, frontier, forward):
                if b in layer or b in left_out:
                    continue
                if len(layer) >= max_nodes:
                    left_out.add(b)
                    continue
                layer[b] = layer[a] + (1 if forward else -1)
                nxt.append(b)
        frontier = nxt
    edges = {(a, b) for a, b in _edges(conn, list(layer), forward=True) if b in layer}
    return layer, sorted(edges), len(left_out)


def _clean(s: Any) -> str:
    """Text safe in XML 1.0 (no control characters), escaped for elements and attributes."""
    from xml.sax.saxutils import escape

    text = "".join(c for c in str(s) if c >= " " or c in "\t\n\r")
    return escape(text, {'"': "&quot;"})


def _label(row: Row) -> str:
    title = row.get("title") or ""
    return row.get("number") or (title[:40] + "…" if len(title) > 40 else title) or f"node {row['node_id']}"


def _wrap_keeping_end(text: str, width: int, lines: int) -> list[str]:
    """Text in at most `lines` lines of `width` characters, cut in the middle when too long:
    an issuer's end names its province ("Liên đoàn Lao động … tỉnh Kon Tum"), and a hub's
    citers differ only there."""
    import textwrap

    from pipeline import vocab

    for province in sorted(vocab.places().provinces, key=len, reverse=True):  # one piece: "tỉnh Kon Tum"
        if text.endswith(" " + province):
            head, _, organ = text[: -len(province) - 1].rpartition(" ")
            glued = (organ + " " if organ[:1].islower() else "") + province
            text = ((head if organ[:1].islower() else f"{head} {organ}") + " " + glued.replace(" ", "\u00a0")).strip()
            break
    wrapped = [w.replace("\u00a0", " ") for w in textwrap.wrap(text, width)] or [""]
    if len(wrapped) <= lines:
        return wrapped
    words = text.split(" ")
    tail: list[str] = []
    while words and len(" ".join([words[-1], *tail])) <= width:  # the end, whole words
        tail.insert(0, words.pop())
    head = textwrap.wrap(" ".join(words), width - 2)[: lines - 1]
    lines_out = [*head[:-1], head[-1] + " …", " ".join(tail)] if head else [" ".join(tail)]
    return [w.replace("\u00a0", " ") for w in lines_out]


def export_graphml(conn: sqlite3.Connection, out: str | PathLike[str]) -> None:
    """The whole graph as GraphML (Gephi, yEd, networkx), streamed: one edge per cited pair,
    with the number of citation rows as weight and basis when any is in "Căn cứ"."""
    keys = [("number", "string"), ("doc_type", "string"), ("year", "int"), ("issuer", "string"),
            ("in_archive", "boolean"), ("file", "string"), ("title", "string")]
    with open(out, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
        for k, t in keys:
            f.write(f'  <key id="{k}" for="node" attr.name="{k}" attr.type="{t}"/>\n')
        f.write('  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>\n'
                '  <key id="basis" for="edge" attr.name="basis" attr.type="boolean"/>\n'
                '  <graph id="citations" edgedefault="directed">\n')
        cur = conn.execute(f"SELECT {NODE_COLUMNS} FROM {NODE_FROM} ORDER BY n.id")
        cols = [c[0] for c in cur.description]
        for r in cur:
            row = dict(zip(cols, r))
            data = "".join(
                f'<data key="{k}">{str(bool(v)).lower() if k == "in_archive" else _clean(v)}</data>'
                for k, _ in keys if (v := row[k]) is not None)
            f.write(f'    <node id="n{row["node_id"]}">{data}</node>\n')
        cur = conn.execute("SELECT citing_node_id, cited_node_id, COUNT(*), MAX(basis) FROM citations "
                           "WHERE citing_node_id IS NOT NULL AND cited_node_id IS NOT NULL "
                           "GROUP BY citing_node_id, cited_node_id")
        for i, (a, b, n, basis) in enumerate(cur):
            f.write(f'    <edge id="e{i}" source="n{a}" target="n{b}"><data key="weight">{n}</data>'
                    f'<data key="basis">{str(bool(basis)).lower()}</data></edge>\n')
        f.write("  </graph>\n</graphml>\n")


def _dot_string(*lines: str) -> str:
    """A quoted DOT string of the non-empty lines."""
    return '"' + "\\n".join(x.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") for x in lines if x) + '"'


def export_dot(conn: sqlite3.Connection, out: str | PathLike[str], center: int | None = None, radius: int = 1) -> None:
    """DOT (Graphviz) of the whole graph (streamed), or of center's neighbourhood within radius
    steps: archived documents filled, missing dashed, arrows from citing to cited."""
    nodes: Iterable[Row]
    edges: Iterable[tuple[int, int]]
    if center is None:
        nodes = _iter_rows(conn.execute(f"SELECT {NODE_COLUMNS} FROM {NODE_FROM} ORDER BY n.id"))
        edges = conn.execute("SELECT DISTINCT citing_node_id, cited_node_id FROM citations "
                             "WHERE citing_node_id IS NOT NULL AND cited_node_id IS NOT NULL")
    else:
        layer, edges, _ = neighbourhood(conn, center, radius, max_nodes=2000)
        by_id = nodes_by_id(conn, layer)
        nodes = [by_id[i] for i in sorted(by_id)]
    with open(out, "w", encoding="utf-8") as f:
        f.write('digraph citations {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname="DejaVu Sans"];\n')
        for row in nodes:
            label = _dot_string(_label(row), str(row["year"] or ""))
            style = ' style="rounded,filled" fillcolor="#dff0d8"' if row["in_archive"] else ' style="rounded,dashed"'
            bold = " penwidth=2.5" if row["node_id"] == center else ""
            f.write(f"  n{row['node_id']} [label={label}{style}{bold}];\n")
        for a, b in edges:
            f.write(f"  n{a} -> n{b};\n")
        f.write("}\n")


def export_svg(conn: sqlite3.Connection, out: str | PathLike[str], center: int, radius: int = 1,
               per_column: int = 16) -> None:
    """A self-contained SVG of center's neighbourhood, drawn without Graphviz: layered, each
    document left of what it cites, at most per_column boxes a layer (the nearest first, then a
    "+ N more" box); archived green and solid, missing white and dashed, cycles in red."""
    layer, edges, left_out = neighbourhood(conn, center, radius, max_nodes=50 * per_column)
    columns: dict[int, list[int]] = {}
    hidden: dict[int, int] = {}
    for i, lv in layer.items():  # breadth-first order: the nearest documents are kept
        if len(columns.setdefault(lv, [])) < per_column:
            columns[lv].append(i)
        else:
            hidden[lv] = hidden.get(lv, 0) + 1
    nodes = nodes_by_id(conn, [i for col in columns.values() for i in col])
    for col in columns.values():
        col.sort(key=lambda i: (i != center, nodes[i]["year"] or 0, nodes[i]["number"] or "", i))
    order = sorted(columns)
    box_w, box_h, gap_x, gap_y, pad, head = 190.0, 62.0, 110.0, 12.0, 30.0, 34.0
    rows_max = max(len(col) + (lv in hidden) for lv, col in columns.items())
    width = max(pad * 2 + len(order) * box_w + (len(order) - 1) * gap_x, 640)  # at least the legend
    legend = ["Arrows go from the citing document to the cited one; red: a cycle (documents citing each other).",
              "Green, solid: in the archive. White, dashed: cited only (missing). Thick border: the centre."]
    if left_out or hidden:
        legend.append(f"{left_out + sum(hidden.values())} more documents within {radius} step(s) are not drawn.")
    height = pad * 2 + head + rows_max * (box_h + gap_y) + 40 + 16 * len(legend)
    pos: dict[int, tuple[float, float]] = {}
    more: list[tuple[float, float, int]] = []
    for k, lv in enumerate(order):
        col = columns[lv]
        n = len(col) + (lv in hidden)
        y0 = pad + head + (rows_max - n) * (box_h + gap_y) / 2
        x = pad + k * (box_w + gap_x)
        for j, i in enumerate(col):
            pos[i] = (x, y0 + j * (box_h + gap_y))
        if lv in hidden:
            more.append((x, y0 + len(col) * (box_h + gap_y), hidden[lv]))
    title = f"Citations around {_label(nodes[center])} (radius {radius})"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
        f"<title>{_clean(title)}</title>",
        "<defs>" + "".join(
            f'<marker id="arrow{k}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>' for k, c in (("", "#666"), ("-red", "#c0392b")))
        + "</defs>",
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="white"/>',
        f'<text x="{pad:.0f}" y="{pad + 4:.0f}" font-size="15" font-weight="bold">{_clean(title)}</text>',
    ]
    pairs = set(edges)
    for a, b in edges:
        if a not in pos or b not in pos:
            continue
        (ax, ay), (bx, by) = pos[a], pos[b]
        red = a == b or (b, a) in pairs
        colour, marker = ("#c0392b", "arrow-red") if red else ("#666", "arrow")
        if a == b:  # a loop on the left side of the box
            y1, y2 = ay + 10, ay + box_h - 10
            d = f"M{ax:.1f},{y1:.1f} C{ax - 30:.1f},{y1 - 8:.1f} {ax - 30:.1f},{y2 + 8:.1f} {ax:.1f},{y2:.1f}"
        elif bx > ax:  # the usual case: right side of the citing box to the left side of the cited one
            x1, y1, x2, y2 = ax + box_w, ay + box_h / 2, bx, by + box_h / 2
            bend = (x2 - x1) / 2
            d = f"M{x1:.1f},{y1:.1f} C{x1 + bend:.1f},{y1:.1f} {x2 - bend:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
        elif bx == ax:  # within a column: an arc on the left
            x1, y1, y2 = ax, ay + box_h / 2 + (4 if by > ay else -4), by + box_h / 2
            bulge = 24 + abs(y2 - y1) / 6
            d = f"M{x1:.1f},{y1:.1f} C{x1 - bulge:.1f},{y1:.1f} {x1 - bulge:.1f},{y2:.1f} {x1:.1f},{y2:.1f}"
        else:  # leftwards (what a cycle or the layering makes): under the boxes
            x1, y1, x2, y2 = ax + box_w / 2, ay + box_h, bx + box_w / 2, by + box_h
            drop = min(20 + abs(x2 - x1) / 8, 40)  # room is kept below the boxes
            d = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{y1 + drop:.1f} {x2:.1f},{y2 + drop:.1f} {x2:.1f},{y2:.1f}"
        parts.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="1.2" marker-end="url(#{marker})"/>')
    for i, (x, y) in pos.items():
        row = nodes[i]
        fill, dash = ("#dff0d8", "") if row["in_archive"] else ("#ffffff", ' stroke-dasharray="5 3"')
        width_attr = ' stroke-width="3"' if i == center else ""
        label = _label(row)
        label = label if len(label) <= 24 else label[:23] + "…"
        tip = " · ".join(str(v) for v in (row["number"], row["doc_type"], row["year"], row["issuer"], row["title"],
                                          row["file"]) if v)
        lines = [" · ".join(str(v) for v in (row["year"], row["doc_type"]) if v)]
        lines += _wrap_keeping_end(row["issuer"] or ("" if row["in_archive"] else "not archived"), 30, 2)
        text = "".join(f'<text x="{x + box_w / 2:.1f}" y="{y + 30 + 12 * k:.1f}" text-anchor="middle" font-size="10" '
                       f'fill="#555">{_clean(line)}</text>' for k, line in enumerate(lines) if line)
        parts.append(f'<g><title>{_clean(tip or label)}</title>'
                     f'<rect x="{x:.1f}" y="{y:.1f}" width="{box_w:.0f}" height="{box_h:.0f}" rx="6" fill="{fill}" '
                     f'stroke="#333"{dash}{width_attr}/>'
                     f'<text x="{x + box_w / 2:.1f}" y="{y + 16:.1f}" text-anchor="middle" font-weight="bold">'
                     f'{_clean(label)}</text>{text}</g>')
    for x, y, n in more:
        parts.append(f'<text x="{x + box_w / 2:.1f}" y="{y + box_h / 2 + 4:.1f}" text-anchor="middle" fill="#555">'
                     f"+ {n} more</text>")
    for k, line in enumerate(legend):
        parts.append(f'<text x="{pad:.0f}" y="{height - pad - 16 * (len(legend) - 1 - k) + 10:.0f}" font-size="11" '
                     f'fill="#555">{_clean(line)}</text>')
    parts.append("</svg>\n")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(parts))


__all__ = [
    "VIEWS", "create_views", "normalize_symbol", "fold", "find_nodes", "nodes_by_id", "cites", "cited_by", "walk",
    "PAGE", "Page", "walk_page", "walk_rows", "depth_counts", "descendants", "ancestors", "cycles", "has_cited_count",
    "top", "missing", "neighbourhood",
    "export_graphml", "export_dot", "export_svg",
]
