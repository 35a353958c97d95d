"""Benchmark of the citation-graph queries on a synthetic graph (not collected by pytest).

    python tests/bench/bench_graph.py [--nodes 1000000] [--edges 5000000] [--seed 0]
                                      [--samples 25] [--out outputs/bench/graph.json] [--db FILE]

The graph has the shape of the archive, deterministic from --seed:

- national hubs (Party resolutions, laws, TLĐ plans; 1 in 10,000 nodes, at least 20), cited
  with a Zipf law so that a few are cited by a large part of the archive; mostly not archived;
- provincial (3%), district (20%) and grassroots (77%) plans of 30 provinces, 700 districts
  and ~96,000 grassroots units, made in time order; each cites the previous plan of its unit
  on the same topic (chains of local plans, ~10 long), a recent plan of the unit above, then
  national hubs, older plans of the units above and, rarely, any earlier document;
- 10% of the local documents only cited, never archived (the acquisition list), and these
  cite nothing, as in the store; a few cycles (a plan and its predecessor citing each other)
  and self-references, as extraction errors make them.

The database has exactly the columns and indexes of the graph tables pipeline/graph.py is
written against; it is built with journal_mode=OFF and synchronous=OFF, rows inserted by
executemany in batches of 100,000-200,000 and the indexes made after the load.

Timed (median and max over --samples different archived nodes per tier, after one warm-up
call): ancestors and descendants per tier, rows included, and the first page of them (what
``vanban graph descendants`` prints by default, graph.walk_page); the three most cited national
hubs (200,000-380,000 direct citers, ~890,000 descendants each): the first page, a page deep
in depth 1, the first row and every row streamed (walk_rows, ``--all``; also formatted as the
CLI's text and JSON lines, written to /dev/null), the count per depth (``--count``), all rows as
one list (graph.descendants), and the peak Python memory of the stream; the walk alone, against the
recursive-CTE alternative (capped (node, depth) UNION, for the record, with how many of its
walks came out different from the exact one); one step; cycles; find_nodes; top and missing,
first by aggregating the citations (the plain schema), then with the ``nodes.cited_count``
column and indexes pipeline/store.py keeps by triggers, added here in one UPDATE.
Prints a table, writes JSON to --out. With --db the database is kept and reused.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pipeline import graph  # noqa: E402

SCHEMA = """
CREATE TABLE documents (id TEXT PRIMARY KEY, file TEXT, path TEXT, kind TEXT, number TEXT, doc_type TEXT, issuer TEXT, place TEXT, date TEXT, year INTEGER, title TEXT, node_id INTEGER);
CREATE TABLE nodes (id INTEGER PRIMARY KEY, key TEXT UNIQUE, number TEXT, number_norm TEXT, doc_type TEXT, year INTEGER, issuer TEXT, resolved INTEGER NOT NULL DEFAULT 1, document_id TEXT REFERENCES documents(id));
CREATE TABLE citations (id INTEGER PRIMARY KEY, citing_document_id TEXT REFERENCES documents(id) ON DELETE CASCADE, citing_node_id INTEGER REFERENCES nodes(id), cited_node_id INTEGER REFERENCES nodes(id), basis INTEGER, number TEXT, doc_type TEXT, date TEXT, issuer TEXT, title TEXT, mentions TEXT);
"""
INDEXES = """
CREATE INDEX citations_citing ON citations(citing_node_id, cited_node_id);
CREATE INDEX citations_cited ON citations(cited_node_id, citing_node_id);
CREATE INDEX nodes_number_norm ON nodes(number_norm);
"""
# What pipeline/store.py adds on top: the per-node citation counter and its indexes.
CITED_COUNT = """
ALTER TABLE nodes ADD COLUMN cited_count INTEGER NOT NULL DEFAULT 0;
UPDATE nodes SET cited_count = (SELECT COUNT(*) FROM citations c WHERE c.cited_node_id = nodes.id);
CREATE INDEX nodes_cited ON nodes(cited_count DESC);
CREATE INDEX nodes_year_cited ON nodes(year, cited_count DESC);
CREATE INDEX nodes_missing ON nodes(cited_count DESC) WHERE document_id IS NULL AND number IS NOT NULL;
"""

PROVINCES = ["Hà Nội", "Hòa Bình", "Lai Châu", "Sơn La", "Điện Biên", "Lào Cai", "Yên Bái", "Phú Thọ",
             "Thái Nguyên", "Bắc Giang", "Quảng Ninh", "Hải Phòng", "Nam Định", "Thanh Hóa", "Nghệ An",
             "Hà Tĩnh", "Quảng Bình", "Huế", "Đà Nẵng", "Quảng Nam", "Khánh Hòa", "Gia Lai", "Đắk Lắk",
             "Lâm Đồng", "Bình Dương", "Đồng Nai", "TP. Hồ Chí Minh", "Long An", "Cần Thơ", "Cà Mau"]
HUB_KINDS = [("{}-NQ/TW", "Nghị quyết", "Ban Chấp hành Trung ương Đảng"),
             ("{}-CT/TW", "Chỉ thị", "Ban Bí thư Trung ương Đảng"),
             ("{}/KH-TLĐ", "Kế hoạch", "Tổng Liên đoàn Lao động Việt Nam"),
             ("{}/NQ-CP", "Nghị quyết", "Chính phủ"),
             ("{}/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ")]
CHAIN = 10  # plans of one unit on one topic, each citing the one before
TIERS = ("hub", "provincial", "district", "grassroots")


def doc_id(i: int) -> str:
    """A 64-hex id like the store's sha256 (the size matters for the table, not the queries)."""
    return f"{(i * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF:016x}" * 4


class Shape:
    """The synthetic archive: tier, unit, number, issuer and archived flag of every node, and its
    citations, all drawn from one seeded random generator in node order."""

    def __init__(self, n_nodes: int, n_edges: int, seed: int) -> None:
        self.n = n_nodes
        self.rng = r = random.Random(seed)
        self.hubs = min(n_nodes, max(20, n_nodes // 10_000))
        self.n_prov = len(PROVINCES)
        self.n_dist = max(self.n_prov, min(700, n_nodes // 200))
        self.n_units = max(self.n_dist, int(max(1, n_nodes - self.hubs) * 0.77) // 8)
        total = 0.0
        self.hub_cum: list[float] = []
        for rank in range(self.hubs):
            total += 1 / (rank + 1) ** 1.1
            self.hub_cum.append(total)
        self.tier = bytearray(n_nodes + 1)  # 0 hub, 1 provincial, 2 district, 3 grassroots
        self.archived = bytearray(n_nodes + 1)
        self.unit = [0] * (n_nodes + 1)
        self.topic = bytearray(n_nodes + 1)
        local = max(1, n_nodes - self.hubs)
        per_unit = (0, local * 0.03 / self.n_prov, local * 0.20 / self.n_dist, local * 0.77 / self.n_units)
        topics = [max(1, min(255, round(p / CHAIN))) for p in per_unit]
        self.number: list[str] = [""] * (n_nodes + 1)
        self.year = [0] * (n_nodes + 1)
        counters: dict[tuple[int, int, int], int] = {}
        for i in range(1, n_nodes + 1):
            year = 2013 + (11 * i) // (n_nodes + 1)
            if i <= self.hubs:
                t, unit, archived = 0, i % len(HUB_KINDS), r.random() < 0.25
            else:
                x = r.random()
                t = 1 if x < 0.03 else 2 if x < 0.23 else 3
                unit = r.randrange((0, self.n_prov, self.n_dist, self.n_units)[t])
                archived = r.random() < 0.9
                self.topic[i] = r.randrange(topics[t])
            ck = (t, unit, year)
            seq = counters[ck] = counters.get(ck, 0) + 1
            self.tier[i], self.unit[i], self.year[i], self.archived[i] = t, unit, year, archived
            self.number[i] = (HUB_KINDS[unit][0].format(seq) if t == 0
                              else f"{seq}/KH-LĐLĐ" if t < 3 else f"{seq}/KH-CĐCS")
        self.degree = n_edges / max(1, sum(self.archived))

    def hub(self, below: int | None = None) -> int:
        """A national hub by Zipf's law (among the first `below` - 1 when given)."""
        cum = self.hub_cum[-1] if below is None else self.hub_cum[below - 2]
        return bisect.bisect_left(self.hub_cum, self.rng.random() * cum) + 1

    def edges(self) -> Iterator[tuple[int, int]]:
        """(citing, cited), in the order the citing documents were made."""
        r, tier, unit = self.rng, self.tier, self.unit
        made: dict[tuple[int, int], list[int]] = {}  # (tier, unit) -> its documents so far
        for i in range(1, self.n + 1):
            t, u = tier[i], unit[i]
            own = made.setdefault((t, u), [])
            chain = made.setdefault((4 + t, u * 256 + self.topic[i]), [])
            if self.archived[i]:
                k = int(self.degree) + (r.random() < self.degree - int(self.degree))
                out: list[int] = []
                if t == 0:
                    out = [self.hub(below=i) for _ in range(min(k, 3))] if i > 1 else []
                else:
                    above = made.get((t - 1, u % self.n_prov if t == 2 else u % self.n_dist)) if t > 1 else None
                    if chain and r.random() < 0.85:
                        out.append(chain[-1])  # the unit's previous plan on the topic: the chain
                    if above:
                        out.append(above[-1 - min(len(above) - 1, int(r.random() ** 3 * 4))])
                    province = made.get((1, u % self.n_dist % self.n_prov)) if t == 3 else None
                    seen = set(out)
                    for _ in range(4 * k):  # distinct documents (a few tries: a hub may come twice)
                        if len(out) >= k:
                            break
                        x = r.random()
                        if x < 0.55 or t == 1:
                            dst = self.hub()
                        elif above and x < (0.97 if t == 2 else 0.8):
                            dst = r.choice(above)  # an older plan of the level above
                        elif province and x < 0.99:
                            dst = r.choice(province)
                        else:
                            dst = r.randrange(1, i)  # anything earlier: 1 in 100 to 1 in 30
                        if dst not in seen:
                            seen.add(dst)
                            out.append(dst)
                    out = out[:k]
                    if r.random() < 0.0001:
                        out.append(i)  # a self-reference
                    if out and chain and out[0] == chain[-1] and self.archived[chain[-1]] and r.random() < 0.0002:
                        yield (chain[-1], i)  # the previous plan cites this one back: a cycle
                for dst in dict.fromkeys(out):
                    yield (i, dst)
            own.append(i)
            chain.append(i)

    def node_row(self, i: int) -> tuple[Any, ...]:
        t, u, number, year = self.tier[i], self.unit[i], self.number[i], self.year[i]
        if t == 0:
            _, doc_type, issuer = HUB_KINDS[u]
        elif t == 1:
            doc_type, issuer = "Kế hoạch", f"Liên đoàn Lao động tỉnh {PROVINCES[u % len(PROVINCES)]}"
        elif t == 2:
            doc_type, issuer = "Kế hoạch", f"Liên đoàn Lao động huyện {u} tỉnh {PROVINCES[u % self.n_prov]}"
        else:
            doc_type, issuer = "Kế hoạch", f"Công đoàn cơ sở {u}"
        norm = graph.normalize_symbol(number)
        return (i, f"{norm}|{year}|{issuer}|{i}", number, norm, doc_type, year, issuer, 1,
                doc_id(i) if self.archived[i] else None)


def build(path: Path, n_nodes: int, n_edges: int, seed: int) -> dict[str, Any]:
    """The synthetic graph database at path; returns its counts and build time."""
    t0 = time.perf_counter()
    shape = Shape(n_nodes, n_edges, seed)
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-400000")
    conn.executescript(SCHEMA)
    conn.execute("BEGIN")
    edge_sql = "INSERT INTO citations (citing_document_id, citing_node_id, cited_node_id, basis, number) VALUES (?, ?, ?, ?, ?)"
    batch: list[tuple[Any, ...]] = []
    n_e = 0
    for a, b in shape.edges():
        batch.append((doc_id(a), a, b, 1, shape.number[b]))
        if len(batch) >= 200_000:
            conn.executemany(edge_sql, batch)
            n_e += len(batch)
            batch.clear()
    conn.executemany(edge_sql, batch)
    n_e += len(batch)
    t_edges = time.perf_counter() - t0
    node_sql = ("INSERT INTO nodes (id, key, number, number_norm, doc_type, year, issuer, resolved, document_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
    doc_sql = ("INSERT INTO documents (id, file, path, kind, number, doc_type, issuer, place, date, year, title, node_id) "
               "VALUES (?, ?, ?, 'text', ?, ?, ?, NULL, ?, ?, ?, ?)")
    nodes: list[tuple[Any, ...]] = []
    docs: list[tuple[Any, ...]] = []
    for i in range(1, n_nodes + 1):
        row = shape.node_row(i)
        nodes.append(row)
        if row[8]:
            f = f"{i:07d}_{row[8][:16]}.txt"
            docs.append((row[8], f, f"corpus/{i % 1000:03d}/{f}", row[2], row[4], row[6], f"{row[5]}-06-01",
                         row[5], f"{row[4]} thực hiện nhiệm vụ năm {row[5]}", i))
        if len(nodes) >= 100_000:
            conn.executemany(node_sql, nodes)
            conn.executemany(doc_sql, docs)
            nodes.clear()
            docs.clear()
    conn.executemany(node_sql, nodes)
    conn.executemany(doc_sql, docs)
    conn.execute("COMMIT")
    t_rows = time.perf_counter() - t0
    conn.executescript(INDEXES + graph.LEVEL_INDEX_SQL)
    conn.execute("ANALYZE")
    graph.create_views(conn)
    conn.close()
    return {"nodes": n_nodes, "edges": n_e, "archived": sum(shape.archived), "hubs": shape.hubs,
            "build_s": round(time.perf_counter() - t0, 1), "rows_s": round(t_rows, 1), "edges_s": round(t_edges, 1)}


def add_cited_count(path: Path) -> float:
    """The store's cited_count column and indexes, computed once (store.py keeps it by triggers)."""
    t = time.perf_counter()
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    if "cited_count" not in {r[1] for r in conn.execute("PRAGMA table_info(nodes)")}:
        conn.executescript(CITED_COUNT)
        conn.execute("ANALYZE")
    conn.close()
    return time.perf_counter() - t


def sample_nodes(conn: sqlite3.Connection, seed: int, k: int) -> dict[str, list[int]]:
    """k archived nodes per tier (by id ranges and issuer shape), in a seeded order."""
    rng = random.Random(seed)
    n = conn.execute("SELECT MAX(id) FROM nodes").fetchone()[0]
    hubs = max(20, n // 10_000)
    out: dict[str, list[int]] = {t: [] for t in ("typical", *TIERS, "cyclic")}
    top_hubs = [r[0] for r in conn.execute(
        "SELECT cited_node_id FROM citations WHERE cited_node_id <= ? GROUP BY cited_node_id ORDER BY COUNT(*) DESC LIMIT ?",
        (hubs, k))]
    out["hub"] = top_hubs[:3]
    # every edge cites an earlier node but the planted cycles' back edges and self-references
    out["cyclic"] = [r[0] for r in conn.execute(
        "SELECT DISTINCT citing_node_id FROM citations WHERE citing_node_id <= cited_node_id AND citing_node_id > ? "
        "ORDER BY citing_node_id LIMIT ?", (hubs, k))]
    tries = 0
    while any(len(out[t]) < k for t in ("typical", "provincial", "district", "grassroots")) and tries < 200 * k:
        tries += 1
        i = rng.randint(hubs + 1, n)
        issuer, archived = conn.execute("SELECT issuer, document_id IS NOT NULL FROM nodes WHERE id = ?", (i,)).fetchone()
        if not archived:
            continue
        if len(out["typical"]) < k:
            out["typical"].append(i)
        t = "grassroots" if issuer.startswith("Công đoàn cơ sở") else "district" if " huyện " in issuer else "provincial"
        if len(out[t]) < k:
            out[t].append(i)
    return out


def cte_walk(conn: sqlite3.Connection, node_id: int, forward: bool, cap: int) -> dict[int, int]:
    """The alternative graph.py does not use, for comparison: one recursive CTE over
    (node, depth) with UNION and a depth cap, then the smallest depth per node."""
    src, dst = ("citing_node_id", "cited_node_id") if forward else ("cited_node_id", "citing_node_id")
    return dict(conn.execute(
        f"""WITH RECURSIVE walk(node, depth) AS (
              SELECT {dst}, 1 FROM citations WHERE {src} = :start
              UNION
              SELECT c.{dst}, w.depth + 1 FROM walk w JOIN citations c ON c.{src} = w.node WHERE w.depth < :cap)
            SELECT node, MIN(depth) FROM walk WHERE node != :start GROUP BY node""",
        {"start": node_id, "cap": cap}))


def first_row(conn: sqlite3.Connection, node: int, forward: bool) -> list[Any]:
    """The first row of the stream (what ``--all`` prints first)."""
    return [next(graph.walk_rows(conn, node, forward), None)]


def stream(conn: sqlite3.Connection, node: int, forward: bool) -> range:
    """Every row of the stream, consumed one by one, none kept."""
    n = 0
    for _ in graph.walk_rows(conn, node, forward):
        n += 1
    return range(n)


def stream_printed(conn: sqlite3.Connection, node: int, forward: bool, as_json: bool) -> range:
    """Every row of the stream as the CLI writes it with --all (text lines or JSON), to /dev/null."""
    from pipeline.cli import cli  # noqa: F401  (registers pipeline.cli_graph first)
    from pipeline import cli_graph  # noqa: I001

    with open(os.devnull, "w", encoding="utf-8") as null, contextlib.redirect_stdout(null):
        return range(cli_graph._emit_rows(graph.walk_rows(conn, node, forward), as_json))


def counted(conn: sqlite3.Connection, node: int, forward: bool) -> range:
    """The count per depth (``--count``); rows = their sum."""
    return range(sum(graph.depth_counts(conn, node, forward) or []))


def stream_memory(conn: sqlite3.Connection, node: int, forward: bool) -> tuple[int, float]:
    """Rows streamed and the peak of Python allocations meanwhile (tracemalloc), in MB."""
    tracemalloc.start()
    n = len(stream(conn, node, forward))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return n, round(peak / 1e6, 1)


def timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, int]:
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return (time.perf_counter() - t) * 1000, len(out[0] if isinstance(out, tuple) else out)


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--nodes", type=int, default=1_000_000)
    ap.add_argument("--edges", type=int, default=5_000_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--samples", type=int, default=25, help="nodes timed per query and tier")
    ap.add_argument("--out", default=str(ROOT / "outputs" / "bench" / "graph.json"))
    ap.add_argument("--db", help="keep the graph database here (reused when it exists)")
    args = ap.parse_args()
    tmp = None
    if args.db:
        path = Path(args.db)
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="vanban-graph-")
        path = Path(tmp) / "graph.db"
    built: dict[str, Any] = {"nodes": args.nodes, "edges": args.edges, "build_s": None, "reused": str(path)}
    if not path.exists():
        print(f"building {args.nodes:,} nodes / {args.edges:,} edges in {path} …", file=sys.stderr)
        built = build(path, args.nodes, args.edges, args.seed)
        print(f"built in {built['build_s']} s", file=sys.stderr)
    try:
        report = run(path, args, built)
    finally:
        if tmp:
            for f in Path(tmp).iterdir():
                f.unlink()
            Path(tmp).rmdir()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


def run(path: Path, args: argparse.Namespace, built: dict[str, Any]) -> dict[str, Any]:
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute(graph.LEVEL_INDEX_SQL)  # a database built before the index existed gets it (~1 s)
    if graph.has_cited_count(conn):
        raise SystemExit(f"{path} has nodes.cited_count: remove the file to measure the plain schema")
    samples = sample_nodes(conn, args.seed + 1, args.samples)
    results: dict[str, dict[str, Any]] = {}
    width = 58

    def measure(name: str, calls: list[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]],
                warm: bool = True) -> None:
        if not calls:
            return
        if warm:  # the first call warms the page cache (the seconds-long ones: warm already)
            timed(calls[0][0], conn, *calls[0][1], **calls[0][2])
        times, sizes = [], []
        for fn, a, kw in calls:
            ms, n = timed(fn, conn, *a, **kw)
            times.append(ms)
            sizes.append(n)
        r = results[name] = {"median_ms": round(statistics.median(times), 2), "max_ms": round(max(times), 2),
                             "median_rows": statistics.median(sizes), "max_rows": max(sizes), "runs": len(times)}
        print(f"{name:<{width}} {r['median_ms']:>10} {r['max_ms']:>10} {r['median_rows']:>10} {r['max_rows']:>9}",
              flush=True)

    print(f"{'query (rows = result rows)':<{width}} {'median ms':>10} {'max ms':>10} {'rows':>10} {'max rows':>9}")
    for tier in ("typical", "grassroots", "district", "provincial"):
        nodes = samples[tier]
        measure(f"ancestors ({tier})", [(graph.ancestors, (n,), {}) for n in nodes])
        measure(f"descendants ({tier})", [(graph.descendants, (n,), {}) for n in nodes])
        measure(f"  first page of descendants, limit {graph.PAGE} ({tier})",
                [(graph.walk_page, (n, False), {}) for n in nodes])
    hubs = samples["hub"]
    # national hubs: pages, stream, count (the CLI's default, --offset, --all, --count)
    measure(f"hubs: first page of descendants, limit {graph.PAGE}", [(graph.walk_page, (h, False), {}) for h in hubs])
    measure("hubs: first page, max_depth=1", [(graph.walk_page, (h, False), {"max_depth": 1}) for h in hubs])
    measure("hubs: page at offset 100,000", [(graph.walk_page, (h, False), {"offset": 100_000}) for h in hubs])
    measure("hubs: first row of the stream (--all)", [(first_row, (h, False), {}) for h in hubs])
    measure("hubs: every row streamed (walk_rows, --all)", [(stream, (h, False), {}) for h in hubs], warm=False)
    measure("hubs: --all as CLI text, to /dev/null", [(stream_printed, (h, False, False), {}) for h in hubs], warm=False)
    measure("hubs: --all as CLI JSON, to /dev/null", [(stream_printed, (h, False, True), {}) for h in hubs], warm=False)
    measure("hubs: count per depth (depth_counts, --count)", [(counted, (h, False), {}) for h in hubs], warm=False)
    measure("hubs: ancestors, first page", [(graph.walk_page, (h, True), {}) for h in hubs])
    measure("descendants max_depth=1 (3 most cited hubs)", [(graph.descendants, (h,), {"max_depth": 1}) for h in hubs])
    measure("descendants, every row as one list (3 most cited hubs)", [(graph.descendants, (h,), {}) for h in hubs], warm=False)
    measure("walk only, all depths (3rd most cited hub)", [(graph.walk, (hubs[-1], False), {})])
    hub_pages = {}
    for h in hubs:
        page = graph.walk_page(conn, h, False)
        hub_pages[str(h)] = {"rows": len(page.rows), "more": page.more, "total": page.total, "at_least": page.at_least,
                             "depth_counts": graph.depth_counts(conn, h, False)}
    streamed, peak_mb = stream_memory(conn, hubs[0], False)
    hub_pages["stream_peak_python_mb"] = {"node": hubs[0], "rows": streamed, "peak_mb": peak_mb}
    print(f"most cited hub: {streamed:,} rows streamed, peak Python memory {peak_mb} MB (tracemalloc)")
    measure("cites (typical)", [(graph.cites, (n,), {}) for n in samples["typical"]])
    measure("cited_by (typical)", [(graph.cited_by, (n,), {}) for n in samples["typical"]])
    measure("cycles (typical)", [(graph.cycles, (n,), {}) for n in samples["typical"]])
    cyclic = samples["cyclic"]
    measure("ancestors (on a cycle or citing itself)", [(graph.ancestors, (n,), {}) for n in cyclic])
    measure("descendants (on a cycle or citing itself)", [(graph.descendants, (n,), {}) for n in cyclic])
    measure("cycles (on a cycle or citing itself)", [(graph.cycles, (n,), {}) for n in cyclic])
    reported = sum(bool(graph.cycles(conn, n)) for n in cyclic)
    symbol = conn.execute("SELECT number FROM nodes WHERE id = ?", (samples["provincial"][0],)).fetchone()[0]
    measure(f"find_nodes {symbol} (a symbol many issuers share)", [(graph.find_nodes, (symbol,), {}) for _ in range(5)])
    name = f"{samples['typical'][0]:07d}_{doc_id(samples['typical'][0])[:16]}.txt"
    measure("find_nodes by file name (scans documents)", [(graph.find_nodes, (name,), {})
                                                         for _ in range(3)])
    measure("top 20 (aggregated)", [(graph.top, (), {"limit": 20}) for _ in range(3)])
    measure("top 20 year=2020 (aggregated)", [(graph.top, (), {"limit": 20, "year": 2020}) for _ in range(3)])
    measure("missing 100 (aggregated)", [(graph.missing, (), {"limit": 100}) for _ in range(3)])
    # the recursive-CTE alternative on the same nodes: traversal only, against graph.walk
    incomplete: dict[str, int] = {}
    for tier in ("typical", "provincial"):
        nodes = samples[tier]
        measure(f"  walk only, ancestors ({tier})", [(graph.walk, (n, True), {}) for n in nodes])
        measure(f"  walk only, descendants ({tier})", [(graph.walk, (n, False), {}) for n in nodes])
        for cap in (16, 64):
            measure(f"  recursive CTE cap {cap}, ancestors ({tier})", [(cte_walk, (n, True, cap), {}) for n in nodes])
            measure(f"  recursive CTE cap {cap}, descendants ({tier})", [(cte_walk, (n, False, cap), {}) for n in nodes])
            incomplete[f"cap {cap}, {tier}"] = sum(
                cte_walk(conn, n, fw, cap) != graph.walk(conn, n, fw)[0] for n in nodes for fw in (True, False))
    conn.close()
    cc_s = add_cited_count(path)
    conn = sqlite3.connect(str(path), isolation_level=None)
    measure("top 20 (nodes.cited_count)", [(graph.top, (), {"limit": 20}) for _ in range(3)])
    measure("top 20 year=2020 (nodes.cited_count)", [(graph.top, (), {"limit": 20, "year": 2020}) for _ in range(3)])
    measure("top 20 issuer='ha noi' (nodes.cited_count)", [(graph.top, (), {"limit": 20, "issuer": "ha noi"}) for _ in range(3)])
    measure("missing 100 (nodes.cited_count)", [(graph.missing, (), {"limit": 100}) for _ in range(3)])
    conn.close()
    if args.db:  # a kept database goes back to the plain schema for the next run
        conn = sqlite3.connect(str(path), isolation_level=None)
        conn.executescript("DROP INDEX nodes_cited; DROP INDEX nodes_year_cited; DROP INDEX nodes_missing;"
                           "ALTER TABLE nodes DROP COLUMN cited_count;")
        conn.close()
    print(f"cycles reported for {reported} of the {len(cyclic)} nodes on a planted cycle or self-reference")
    print(f"walks where the capped CTE differs from the exact walk (of {2 * args.samples} per row): {incomplete}")
    report = {
        "machine": {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
                    "python": platform.python_version(), "sqlite": sqlite3.sqlite_version},
        "graph": {**built, "db_mb": round(path.stat().st_size / 1e6, 1), "cited_count_s": round(cc_s, 1),
                  "seed": args.seed},
        "samples": samples,
        "queries": results,
        "hub_pages": hub_pages,
        "cte_incomplete_walks": incomplete,
        "cycles_reported": {"nodes": len(cyclic), "reported": reported},
    }
    print(f"graph: {built['nodes']:,} nodes, {built['edges']:,} edges, built in {built['build_s']} s, "
          f"{report['graph']['db_mb']} MB; cited_count added in {cc_s:.1f} s")
    return report


if __name__ == "__main__":
    main()
