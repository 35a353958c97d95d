"""Benchmark of the citation-graph queries on a synthetic graph (not collected by pytest).

    python tests/bench/bench_graph.py [--nodes 1000000] [--edges 5000000] [--out outputs/bench/graph.json]

The graph has the shape of the archive: a few national documents (02-NQ/TW, TLĐ plans)
cited by very many, provincial plans citing them, district and grassroots plans citing
the provincial ones; every document cites ~5 earlier ones. Built with pipeline.store's
own schema and indexes, deterministic from --seed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pipeline import graph  # noqa: E402
from pipeline.store import Store  # noqa: E402


def build(path: Path, n_nodes: int, n_edges: int, seed: int) -> float:
    t0 = time.perf_counter()
    store = Store(path)
    conn = store.conn
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    rng = random.Random(seed)
    hubs = max(10, n_nodes // 20000)
    provincial = max(100, n_nodes // 20)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO nodes (id, key, number, number_norm, doc_type, year, issuer, resolved, document_id) "
        "VALUES (?, ?, ?, ?, 'Kế hoạch', ?, ?, 1, NULL)",
        ((i, f"k{i}", f"{i % 500 + 1}/KH-LĐLĐ", f"{i % 500 + 1}/KH-LĐLĐ", 2000 + i % 25, f"issuer {i % 700}")
         for i in range(1, n_nodes + 1)),
    )
    district = max(1000, n_nodes * 15 // 100)
    tiers = (hubs, hubs + provincial, hubs + provincial + district)  # national | provincial | district | grassroots
    per_node = n_edges / max(1, n_nodes - hubs)

    def upper(i: int) -> int:
        """A document of a higher tier than i (sometimes the same tier, earlier: a chain)."""
        r = rng.random()
        if i <= tiers[1] or r < 0.25:
            return rng.randint(1, hubs)
        if i <= tiers[2] or r < 0.6:
            return rng.randint(hubs + 1, min(i - 1, tiers[1]))
        return rng.randint(tiers[1] + 1, min(i - 1, tiers[2]))

    def edges():
        made = 0
        for i in range(hubs + 1, n_nodes + 1):
            k = int(per_node) + (1 if rng.random() < per_node - int(per_node) else 0)
            for dst in {upper(i) for _ in range(k)}:
                yield (i, dst)
                made += 1
                if made >= n_edges:
                    return

    batch: list[tuple[int, int]] = []
    for e in edges():
        batch.append(e)
        if len(batch) >= 200_000:
            conn.executemany("INSERT INTO citations (citing_node_id, cited_node_id, basis) VALUES (?, ?, 1)", batch)
            batch.clear()
    if batch:
        conn.executemany("INSERT INTO citations (citing_node_id, cited_node_id, basis) VALUES (?, ?, 1)", batch)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    store.close()
    return time.perf_counter() - t0


def timed(fn, *args, **kwargs) -> tuple[float, int]:
    t = time.perf_counter()
    rows = fn(*args, **kwargs)
    return (time.perf_counter() - t) * 1000, len(rows)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=1_000_000)
    ap.add_argument("--edges", type=int, default=5_000_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--samples", type=int, default=25)
    ap.add_argument("--out", default=str(ROOT / "outputs" / "bench" / "graph.json"))
    ap.add_argument("--db", help="reuse or keep the graph database here")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="vanban-graph-")
    path = Path(args.db) if args.db else Path(tmp) / "graph.db"
    build_s = None
    if not path.exists():
        build_s = build(path, args.nodes, args.edges, args.seed)
    store = Store(path)
    conn = store.conn
    rng = random.Random(args.seed + 1)
    hubs = max(10, args.nodes // 20000)
    provincial = max(100, args.nodes // 20)
    typical = [rng.randint(hubs + 1, args.nodes) for _ in range(args.samples)]  # any tier below national
    upper_tiers = [rng.randint(hubs + 1, hubs + provincial + args.nodes * 15 // 100) for _ in range(args.samples)]
    results: dict[str, dict[str, float]] = {}

    def measure(name: str, calls) -> None:
        times, sizes = [], []
        for fn, a, kw in calls:
            ms, n = timed(fn, conn, *a, **kw)
            times.append(ms)
            sizes.append(n)
        results[name] = {"median_ms": round(statistics.median(times), 2), "max_ms": round(max(times), 2),
                         "median_rows": statistics.median(sizes), "runs": len(times)}

    measure("ancestors (typical document)", [(graph.ancestors, (n,), {}) for n in typical])
    measure("descendants (typical document)", [(graph.descendants, (n,), {}) for n in typical])
    measure("descendants (provincial/district plan)", [(graph.descendants, (n,), {}) for n in upper_tiers])
    measure("descendants depth<=2 (national hub)", [(graph.descendants, (h,), {"max_depth": 2}) for h in range(1, 4)])
    measure("cites / cited-by (typical)", [(graph.cited_by, (n,), {}) for n in typical])
    measure("top 20", [(graph.top, (), {"limit": 20}) for _ in range(3)])
    measure("missing (first 100)", [(graph.missing, (), {"limit": 100}) for _ in range(3)])
    report = {
        "machine": {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
                    "python": platform.python_version()},
        "graph": {"nodes": args.nodes, "edges": args.edges, "build_s": round(build_s, 1) if build_s else None,
                  "db_mb": round(path.stat().st_size / 1e6, 1)},
        "queries": results,
    }
    print(f"graph: {args.nodes:,} nodes, {args.edges:,} edges, built in {report['graph']['build_s']} s, "
          f"{report['graph']['db_mb']} MB")
    print(f"{'query':<40} {'median ms':>10} {'max ms':>10} {'rows':>10}")
    for name, r in results.items():
        print(f"{name:<40} {r['median_ms']:>10} {r['max_ms']:>10} {r['median_rows']:>10}")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
