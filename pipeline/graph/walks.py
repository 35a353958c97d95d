"""The transitive walks of the citation graph (descendants, ancestors), breadth-first a depth at
a time, as pages, streams or counts, and the cycles through a node (see the package docstring
for the costs that shaped them)."""

from __future__ import annotations

import sqlite3
from typing import Any, Iterable, Iterator, NamedTuple

from pipeline.graph.queries import DIRECTION, Row, _chunks, _edges, _marks, nodes_by_id

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
    frontier (indexed, queries.CHUNK ids a query) and keeps the nodes not seen before, each once at its
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
        for chunk in _chunks(frontier):
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
    (step end, step start), one query per queries.CHUNK ids."""
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
