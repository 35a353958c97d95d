"""Datasette as the analysts' web interface: read-only (immutable), in Vietnamese, with pages
for documents, search, charts and the citation graph (pipeline/web), descriptions, facets and
canned queries. The canned graph queries take a symbol as people type it (Đ as D, spaces,
dashes), a year and an issuer, and list the candidates when several documents share the
symbol, as the CLI does.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pipeline.web import PLUGINS, STATIC, STATIC_MOUNT, TEMPLATES

# The nodes a typed symbol may mean, narrowed by year and issuer (SQL functions of pipeline.web.pages;
# the number's digits seek the number_norm index before keys are compared).
CANDIDATES_SQL = """cand AS (
  SELECT n.id, n.number, n.doc_type, n.year, n.issuer, n.document_id FROM nodes n
  WHERE n.number_norm >= vb_number_head(:so_ky_hieu) AND n.number_norm < vb_number_head(:so_ky_hieu) || char(1114111)
    AND vb_symbol_key(n.number_norm) = vb_symbol_key(:so_ky_hieu)
    AND (:nam = '' OR n.year = CAST(:nam AS INTEGER))
    AND (:co_quan = '' OR instr(vb_fold(n.issuer), vb_fold(:co_quan)) > 0)),
one AS (SELECT id FROM cand WHERE (SELECT COUNT(*) FROM cand) = 1)"""
LINK = "coalesce('/-/van-ban/' || n.document_id, '/-/nut/' || n.id)"
ROW_COLUMNS = f"""n.number AS "số ký hiệu", n.doc_type AS "loại", n.year AS "năm", n.issuer AS "cơ quan ban hành",
  d.title AS "trích yếu", CASE WHEN n.document_id IS NULL THEN 'chưa có' ELSE 'có' END AS "trong kho", {LINK} AS "xem\""""
# when the symbol is shared: the candidates, each linked, instead of a merged list
SHARED = """
UNION ALL
SELECT NULL, n.number, n.doc_type, n.year, n.issuer,
  'Nhiều văn bản cùng số ký hiệu: chọn năm và cơ quan ban hành',
  CASE WHEN n.document_id IS NULL THEN 'chưa có' ELSE 'có' END, {link}
FROM cand n WHERE (SELECT COUNT(*) FROM cand) > 1
ORDER BY 1, 4, 2""".replace("{link}", LINK)


def _walk_sql(forward: bool) -> str:
    step = ("SELECT c.cited_node_id, w.depth + 1 FROM citations c JOIN walk w ON c.citing_node_id = w.node"
            if forward else
            "SELECT c.citing_node_id, w.depth + 1 FROM citations c JOIN walk w ON c.cited_node_id = w.node")
    return f"""WITH RECURSIVE {CANDIDATES_SQL},
walk(node, depth) AS (SELECT id, 0 FROM one UNION {step} WHERE w.depth < 20)
SELECT MIN(w.depth) AS "tầng", {ROW_COLUMNS}
FROM walk w JOIN nodes n ON n.id = w.node LEFT JOIN documents d ON d.id = n.document_id
WHERE w.depth > 0 GROUP BY n.id{SHARED}"""


def _step_sql(forward: bool) -> str:
    src, dst = ("citing_node_id", "cited_node_id") if forward else ("cited_node_id", "citing_node_id")
    return f"""WITH {CANDIDATES_SQL}
SELECT MAX(c.basis) AS "căn cứ", {ROW_COLUMNS}
FROM one JOIN citations c ON c.{src} = one.id JOIN nodes n ON n.id = c.{dst} LEFT JOIN documents d ON d.id = n.document_id
GROUP BY n.id{SHARED}"""


def rollup_sql() -> str:
    """Targets by unit, kind, year and province: counts added, shares (%) averaged."""
    from pipeline.web.pages import ratio_units

    ratio = ", ".join("'" + u.replace("'", "''") + "'" for u in ratio_units()) or "NULL"
    return f"""SELECT t.unit_canonical AS "đơn vị", t.kind AS "loại", t.year AS "năm", d.province AS "tỉnh",
  COUNT(*) AS "số chỉ tiêu",
  CASE WHEN t.unit_canonical IN ({ratio}) THEN NULL ELSE SUM(t.value_num) END AS "tổng",
  CASE WHEN t.unit_canonical IN ({ratio}) THEN ROUND(AVG(t.value_num), 2) END AS "trung bình (tỷ lệ)"
FROM targets t JOIN documents d ON d.id = t.document_id
WHERE (:don_vi = '' OR vb_fold(t.unit_canonical) = vb_fold(:don_vi)) AND (:tinh = '' OR vb_fold(d.province) = vb_fold(:tinh))
GROUP BY t.unit_canonical, t.kind, t.year, d.province ORDER BY t.unit_canonical, t.year, d.province, t.kind"""


GRAPH_NOTE = (" Type the symbol as you like (35/KH-LDLD finds 35/KH-LĐLĐ); when several documents share it "
              "(every province has a 35/KH-LĐLĐ) the candidates are listed: add the year and the issuer. "
              "At most 1,000 rows here: the document page pages through all of them.")


def metadata(db_name: str) -> dict[str, Any]:
    """Datasette metadata: Vietnamese titles, English descriptions, facets, canned queries."""
    return {
        "title": "vanban — văn bản công đoàn",
        "description": "Records extracted by vanban: documents, their citations (the graph), targets and assignments.",
        "databases": {
            db_name: {
                "title": "Cơ sở dữ liệu văn bản",
                "tables": {
                    "documents": {
                        "title": "Văn bản",
                        "description": "One row per distinct document (content hash), newest first; "
                                       "the number links to the document page, the full JSON record is folded.",
                        "sort_desc": "date",
                        "label_column": "title",
                        "facets": ["doc_type", "issuer", "year", "province", "kind"],
                        "columns": {"id": "mã — content hash; opens the document page",
                                    "number": "số và ký hiệu", "doc_type": "loại văn bản — canonical type",
                                    "issuer": "cơ quan ban hành — issuing body, abbreviations expanded",
                                    "place": "địa danh", "date": "ngày ban hành — the document's own date (ISO)",
                                    "title": "trích yếu (news: headline)",
                                    "province": "tỉnh — the province the document belongs to (inferred)",
                                    "node_id": "nút — its node in the citation graph",
                                    "record": "bản ghi — the full JSON record"},
                    },
                    "files": {"title": "Tệp", "description": "Every path seen, with status ok/failed/deleted and the "
                                                            "one-line error.", "facets": ["status", "format"]},
                    "nodes": {"title": "Nút đồ thị trích dẫn", "label_column": "number",
                              "description": "Documents in the citation graph, archived (document_id) or only cited.",
                              "facets": ["doc_type", "year", "resolved"],
                              "columns": {"key": "identity: symbol|year|issuer without organ; unresolved keys never merge",
                                          "cited_count": "số lần được trích dẫn — how many documents cite it"}},
                    "citations": {"title": "Trích dẫn",
                                  "description": "Citing document → cited node; basis = cited in a Căn cứ clause.",
                                  "facets": ["doc_type", "basis"]},
                    "targets": {"title": "Chỉ tiêu và kết quả",
                                "description": "Targets (committed) and results (achieved), with unit and period.",
                                "facets": ["unit_canonical", "kind", "year"]},
                    "assignments": {"title": "Phân công",
                                    "description": "Units directed to act, role lead/support/execute.",
                                    "facets": ["department", "role"]},
                    "target_rollup": {"title": "Tổng hợp chỉ tiêu",
                                      "description": "Targets by unit, kind, year, issuer and province: total adds "
                                                     "counts, mean averages shares (%), never added."},
                    "search": {"hidden": True}, "search_fts": {"hidden": True},
                },
                "queries": {
                    "descendants": {"title": "Văn bản triển khai (mọi tầng)",
                                    "description": "Everything implementing a document through any chain, with depth."
                                                   + GRAPH_NOTE, "sql": _walk_sql(forward=False)},
                    "ancestors": {"title": "Văn bản làm căn cứ (mọi tầng)",
                                  "description": "Everything a document rests on through any chain, with depth."
                                                 + GRAPH_NOTE, "sql": _walk_sql(forward=True)},
                    "cites": {"title": "Văn bản này trích dẫn",
                              "description": "What a document cites (one step)." + GRAPH_NOTE,
                              "sql": _step_sql(forward=True)},
                    "cited_by": {"title": "Văn bản trích dẫn văn bản này",
                                 "description": "Who cites a document (one step)." + GRAPH_NOTE,
                                 "sql": _step_sql(forward=False)},
                    "most_cited": {"title": "Được trích dẫn nhiều nhất", "description": "Most cited documents.",
                                   "sql": f"""SELECT n.cited_count AS "số lần", {ROW_COLUMNS}
FROM nodes n LEFT JOIN documents d ON d.id = n.document_id
WHERE n.cited_count > 0 AND n.number IS NOT NULL ORDER BY n.cited_count DESC LIMIT 100"""},
                    "missing": {"title": "Được trích dẫn nhưng chưa có trong kho",
                                "description": "Cited but not in the archive: the acquisition list, most cited first.",
                                "sql": f"""SELECT n.cited_count AS "số lần", {ROW_COLUMNS}
FROM nodes n LEFT JOIN documents d ON d.id = n.document_id
WHERE n.document_id IS NULL AND n.number IS NOT NULL AND n.cited_count > 0 ORDER BY n.cited_count DESC, n.number"""},
                    "targets_by_province": {"title": "Chỉ tiêu theo tỉnh và năm",
                                            "description": "Targets and results by unit, year and province: counts "
                                                           "added, shares (%) averaged, never added.",
                                            "sql": rollup_sql()},
                },
            }
        },
    }


def serve_command(db: Path, host: str, port: int, metadata_path: Path, immutable: bool = False) -> list[str]:
    """The datasette command line: our templates, plugin and bundled scripts (nothing fetched
    at run time). The database is opened read-only (mode=ro), seeing an extract's commits
    as they land; -i (immutable) only where SQLite cannot read it live (a read-only folder):
    immutable while an extract writes would read torn pages."""
    metadata_path.write_text(json.dumps(metadata(db.stem), ensure_ascii=False, indent=2), encoding="utf-8")
    return [sys.executable, "-m", "datasette", "serve", *(["-i"] if immutable else []), str(db), "--metadata",
            str(metadata_path), "--host", host, "--port", str(port), "--template-dir", str(TEMPLATES),
            "--plugins-dir", str(PLUGINS), "--static", f"{STATIC_MOUNT}:{STATIC}", "--setting", "sql_time_limit_ms",
            "5000", "--setting", "default_page_size", "50"]
