"""Datasette as the analysts' web interface: read-only (immutable), with descriptions,
facets and canned queries for the citation graph and the target roll-ups."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PLUGINS_DIR = Path(__file__).parent / "datasette_plugins"
# the symbol a user types, in the form nodes.number_norm holds (pipeline.identity.symbol, which the
# plugin registers as vanban_symbol): "02 – NQ/TW", "0035/kh-lđlđ" find their nodes by the index
LOOKUP = "number_norm = vanban_symbol(:number)"

DESCENDANTS_SQL = """WITH RECURSIVE walk(node, depth) AS (
  SELECT id, 0 FROM nodes WHERE {lookup}
  UNION
  SELECT c.citing_node_id, w.depth + 1 FROM citations c JOIN walk w ON c.cited_node_id = w.node
  WHERE w.depth < 20)
SELECT n.number, n.doc_type, n.year, n.issuer, n.document_id IS NOT NULL AS in_archive, d.file, d.title,
       MIN(w.depth) AS depth
FROM walk w JOIN nodes n ON n.id = w.node LEFT JOIN documents d ON d.id = n.document_id
WHERE w.depth > 0 GROUP BY n.id ORDER BY depth, n.number""".format(lookup=LOOKUP)

ANCESTORS_SQL = DESCENDANTS_SQL.replace(
    "SELECT c.citing_node_id, w.depth + 1 FROM citations c JOIN walk w ON c.cited_node_id = w.node",
    "SELECT c.cited_node_id, w.depth + 1 FROM citations c JOIN walk w ON c.citing_node_id = w.node",
)


def metadata(db_name: str) -> dict[str, Any]:
    """Datasette metadata: what each table and column means, facets, canned queries."""
    return {
        "title": "vanban — trade-union documents",
        "description": "Records extracted by vanban: documents, their citations (the graph), targets and assignments.",
        "databases": {
            db_name: {
                "tables": {
                    "documents": {
                        "description": "One row per distinct document (content hash); the full JSON record is in `record`.",
                        "facets": ["doc_type", "issuer", "year", "province", "kind"],
                        "columns": {"number": "số và ký hiệu", "doc_type": "canonical type (Kế hoạch, Công văn …)",
                                    "issuer": "issuing body, abbreviations expanded", "place": "địa danh",
                                    "date": "the document's own date (ISO)", "title": "trích yếu (news: headline)",
                                    "province": "the province the document belongs to (inferred)",
                                    "node_id": "its node in the citation graph"},
                    },
                    "files": {"description": "Every path seen, with status ok/failed/deleted and the one-line error.",
                              "facets": ["status", "format"]},
                    "nodes": {"description": "Documents in the citation graph, archived (document_id) or only cited.",
                              "facets": ["doc_type", "year", "resolved"],
                              "columns": {"key": "identity: symbol|year|issuer without organ; unresolved keys never merge",
                                          "cited_count": "how many documents cite it"}},
                    "citations": {"description": "Citing document → cited node; basis = cited in a Căn cứ clause.",
                                  "facets": ["doc_type", "basis"]},
                    "targets": {"description": "Targets (committed) and results (achieved), with unit and period.",
                                "facets": ["unit_canonical", "kind", "year"]},
                    "assignments": {"description": "Units directed to act, role lead/support/execute.",
                                    "facets": ["department", "role"]},
                },
                "queries": {
                    "descendants": {"title": "Everything implementing a document (any chain), with depth",
                                    "sql": DESCENDANTS_SQL},
                    "ancestors": {"title": "Everything a document rests on (any chain), with depth", "sql": ANCESTORS_SQL},
                    "cites": {"title": "What a document cites (one step)",
                              "sql": "SELECT n.number, n.doc_type, n.year, n.issuer, n.document_id IS NOT NULL AS in_archive "
                                     "FROM citations c JOIN nodes s ON s.id = c.citing_node_id JOIN nodes n ON n.id = c.cited_node_id "
                                     f"WHERE s.{LOOKUP} ORDER BY n.number"},
                    "cited_by": {"title": "Who cites a document (one step)",
                                 "sql": "SELECT s.number, s.doc_type, s.year, s.issuer, d.file, d.title "
                                        "FROM citations c JOIN nodes n ON n.id = c.cited_node_id JOIN nodes s ON s.id = c.citing_node_id "
                                        "LEFT JOIN documents d ON d.id = s.document_id "
                                        f"WHERE n.{LOOKUP} ORDER BY s.year, s.number"},
                    "most_cited": {"title": "Most cited documents",
                                   "sql": "SELECT number, doc_type, year, issuer, cited_count, document_id IS NOT NULL AS in_archive "
                                          "FROM nodes WHERE cited_count > 0 AND number IS NOT NULL ORDER BY cited_count DESC LIMIT 50"},
                    "missing": {"title": "Cited but not in the archive (acquisition list)",
                                "sql": "SELECT number, doc_type, year, issuer, cited_count FROM nodes "
                                       "WHERE document_id IS NULL AND number IS NOT NULL AND cited_count > 0 "
                                       "ORDER BY cited_count DESC, number"},
                    "targets_by_province": {"title": "Targets and results by unit, year and province",
                                            "sql": "SELECT * FROM target_rollup ORDER BY unit_canonical, year, province"},
                },
            }
        },
    }


def serve_command(db: Path, host: str, port: int, metadata_path: Path) -> list[str]:
    metadata_path.write_text(json.dumps(metadata(db.stem), ensure_ascii=False, indent=2), encoding="utf-8")
    import sys

    return [sys.executable, "-m", "datasette", "serve", "-i", str(db), "--metadata", str(metadata_path), "--host", host, "--port", str(port),
            "--plugins-dir", str(PLUGINS_DIR),
            "--setting", "sql_time_limit_ms", "5000"]
