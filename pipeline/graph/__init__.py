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
Only sqlite3, typing and pipeline.identity are imported by the package; the rest on use.

The package, by concern: ``queries`` (lookup, one step, views, most cited, missing),
``walks`` (the transitive walks, their pages and cycles), ``exports`` (neighbourhood, GraphML,
DOT, SVG). Everything public is importable from ``pipeline.graph``.
"""

from __future__ import annotations

from pipeline.graph.exports import export_dot, export_graphml, export_svg, neighbourhood
from pipeline.graph.queries import (
    CHUNK, FILE_SUFFIXES, NODE_FROM, VIEWS, Row, cited_by, cites, create_views, find_nodes,
    has_cited_count, missing, node_columns, nodes_by_id, normalize_symbol, top,
)
from pipeline.graph.walks import (
    BACK_CAP, BATCH, COUNT_BUDGET, DENSE_SCAN, LEVEL_INDEX, LEVEL_INDEX_SQL, LEVEL_ORDER, PAGE, SMALL_LEVEL, Page,
    ancestors, cycles, depth_counts, descendants, walk, walk_page, walk_rows,
)

__all__ = [
    "VIEWS", "create_views", "normalize_symbol", "find_nodes", "nodes_by_id", "cites", "cited_by", "walk",
    "PAGE", "Page", "walk_page", "walk_rows", "depth_counts", "descendants", "ancestors", "cycles", "has_cited_count",
    "top", "missing", "neighbourhood",
    "export_graphml", "export_dot", "export_svg",
    "CHUNK", "FILE_SUFFIXES", "NODE_FROM", "node_columns", "Row", "BACK_CAP", "BATCH", "COUNT_BUDGET", "DENSE_SCAN",
    "LEVEL_INDEX", "LEVEL_INDEX_SQL", "LEVEL_ORDER", "SMALL_LEVEL",
]
