"""The Datasette plugin: routes for the pages people read, SQL functions for the canned
queries, links in Datasette's own tables. Loaded through ``--plugins-dir`` (plugins/).

Pages (server-side HTML, Vietnamese labels, scripts bundled in static/):
  /                      start page: counts and where to go
  /-/van-ban             documents, newest first, narrowed by type, year, province, issuer
  /-/van-ban/{id}        a document: header, Căn cứ, Được căn cứ bởi (paged, depth), targets, assignments
  /-/nut/{node}          a document known only from citations
  /-/tim-kiem?q=         search, diacritics or not, snippets highlighted
  /-/bieu-do             charts (Vega-Lite): targets by province and year, documents by issuer and year
  /-/do-thi/{node}       the citation neighbourhood as an interactive graph
  /-/trich-dan           most cited and missing, linked
  /-/tra-cuu             graph lookup as the CLI does it: symbol, year, issuer, candidates listed
  /-/duyet/{id}          the review page of a document's file (every document of it highlighted)
  /-/tep/{id}            the source file itself
  /{db}/documents/{id}   Datasette's row page of a document: redirected to /-/van-ban/{id}
"""

from __future__ import annotations

import functools
import json
import mimetypes
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote, unquote

from datasette import Response, hookimpl
from markupsafe import Markup, escape

from pipeline.web import HERE, STATIC_MOUNT, pages


def _db(datasette: Any) -> Any:
    return datasette.get_database()


async def _run(datasette: Any, fn: Callable[..., Any], *args: Any) -> Any:
    """A pages function in one of Datasette's read-only connections (off the event loop)."""
    def call(conn: Any) -> Any:
        pages.register_functions(conn)
        return fn(conn, *args)

    return await _db(datasette).execute_fn(call)


async def _page(datasette: Any, request: Any, template: str, context: dict[str, Any], status: int = 200) -> Response:
    context = {"static": f"/{STATIC_MOUNT}", "db_name": _db(datasette).name, "q": request.args.get("q", ""), **context}
    return Response.html(await datasette.render_template(template, context, request=request), status=status)


def _int(value: str | None, default: int = 0) -> int:
    try:
        return max(0, int(value or default))
    except ValueError:
        return default


def doc_url(doc_id: str) -> str:
    return "/-/van-ban/" + quote(doc_id, safe="")


async def home(datasette: Any, request: Any) -> Response:
    def counts(conn: Any) -> dict[str, Any]:
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        return {"documents": one("SELECT COUNT(*) FROM documents"), "citations": one("SELECT COUNT(*) FROM citations"),
                "missing": one("SELECT COUNT(*) FROM nodes WHERE document_id IS NULL AND number IS NOT NULL "
                               "AND cited_count > 0"),
                "targets": one("SELECT COUNT(*) FROM targets"), "failed": one(
                    "SELECT COUNT(*) FROM files WHERE status = 'failed'"),
                "latest": pages.latest(conn)}

    return await _page(datasette, request, "vb_home.html", await _run(datasette, counts))


async def document_list(datasette: Any, request: Any) -> Response:
    a = request.args
    args = (_int(a.get("trang"), 1) or 1, a.get("loai", ""), a.get("nam", ""), a.get("tinh", ""), a.get("co_quan", ""))
    data = await _run(datasette, pages.document_list, *args)
    return await _page(datasette, request, "vb_documents.html",
                       {**data, "filters": {"loai": args[1], "nam": args[2], "tinh": args[3], "co_quan": args[4]}})


async def document(datasette: Any, request: Any) -> Response:
    doc_id = unquote(request.url_vars["doc_id"])
    depth = request.args.get("tang")
    data = await _run(datasette, pages.document, doc_id, _int(request.args.get("tu")), _int(depth) or None)
    if data is None:
        return await _page(datasette, request, "vb_error.html", {"message": f"Không có văn bản {doc_id}"}, 404)
    return await _page(datasette, request, "vb_document.html", {**data, "depth": depth or ""})


async def node(datasette: Any, request: Any) -> Response:
    node_id = _int(request.url_vars["node_id"])
    doc_id = await _run(datasette, pages.document_id_of_node, node_id)
    if doc_id:
        return Response.redirect(doc_url(doc_id))
    data = await _run(datasette, pages.node_page, node_id, _int(request.args.get("tu")))
    if data is None:
        return await _page(datasette, request, "vb_error.html", {"message": f"Không có nút {node_id}"}, 404)
    return await _page(datasette, request, "vb_node.html", data)


async def search(datasette: Any, request: Any) -> Response:
    q = request.args.get("q", "").strip()
    rows = await _run(datasette, pages.search, q) if q else []
    return await _page(datasette, request, "vb_search.html", {"rows": rows})


async def charts(datasette: Any, request: Any) -> Response:
    def data(conn: Any) -> dict[str, Any]:
        units = pages.units(conn)
        unit = request.args.get("don_vi") or (units[0]["unit"] if units else "")
        return {"units": units, "unit": unit, "ratio": unit in pages.ratio_units(),
                "targets": pages.target_rollup(conn, unit), "issuers": pages.documents_by_issuer(conn)}

    d = await _run(datasette, data)
    return await _page(datasette, request, "vb_charts.html",
                       {**d, "targets_json": Markup(json.dumps(d["targets"], ensure_ascii=False)),
                        "issuers_json": Markup(json.dumps(d["issuers"], ensure_ascii=False))})


async def graph_view(datasette: Any, request: Any) -> Response:
    node_id = _int(request.url_vars["node_id"])
    radius = min(3, _int(request.args.get("ban_kinh"), 1) or 1)
    data = await _run(datasette, pages.neighbourhood, node_id, radius)
    center = next((n for n in data["nodes"] if n["center"]), None)
    if center is None:
        return await _page(datasette, request, "vb_error.html", {"message": f"Không có nút {node_id}"}, 404)
    return await _page(datasette, request, "vb_graph.html",
                       {**data, "center": center, "radius": radius,
                        "graph_json": Markup(json.dumps(data, ensure_ascii=False).replace("</", "<\\/"))})


async def citations(datasette: Any, request: Any) -> Response:
    def data(conn: Any) -> dict[str, Any]:
        return {"top": pages.most_cited(conn), "missing": pages.missing(conn)}

    return await _page(datasette, request, "vb_citations.html", await _run(datasette, data))


async def lookup(datasette: Any, request: Any) -> Response:
    a = request.args
    symbol, year, issuer = a.get("so_ky_hieu", "").strip(), a.get("nam", "").strip(), a.get("co_quan", "").strip()
    rows = await _run(datasette, pages.candidates, symbol, year, issuer) if symbol else []
    if len(rows) == 1 and rows[0]["document_id"]:
        return Response.redirect(doc_url(rows[0]["document_id"]))
    if len(rows) == 1:
        return Response.redirect(f"/-/nut/{rows[0]['node_id']}")
    return await _page(datasette, request, "vb_lookup.html",
                       {"rows": rows, "so_ky_hieu": symbol, "nam": year, "co_quan": issuer})


async def review(datasette: Any, request: Any) -> Response:
    doc_id = unquote(request.url_vars["doc_id"])

    def render(conn: Any) -> str | None:
        from pipeline.review import review_document

        return review_document(conn, doc_id)

    page = await _run(datasette, render)
    if page is None:
        return await _page(datasette, request, "vb_error.html",
                           {"message": "Không có văn bản này, hoặc tệp gốc không còn ở chỗ cũ để hiển thị."}, 404)
    return Response.html(page)


async def source_file(datasette: Any, request: Any) -> Response:
    doc_id = unquote(request.url_vars["doc_id"]).split("#")[0]

    def path(conn: Any) -> str | None:
        row = conn.execute("SELECT path FROM files WHERE document_id = ? AND status = 'ok' LIMIT 1", (doc_id,)).fetchone()
        return row[0] if row else None

    p = await _run(datasette, path)
    if not p or not Path(p).is_file():
        return await _page(datasette, request, "vb_error.html", {"message": "Tệp gốc không còn ở chỗ cũ."}, 404)
    kind = mimetypes.guess_type(p)[0] or "application/octet-stream"
    if kind.startswith("text/"):
        kind += "; charset=utf-8" if p.endswith((".txt", ".md")) else ""
    return Response(Path(p).read_bytes(), content_type=kind,
                    headers={"content-disposition": f"inline; filename*=UTF-8''{quote(Path(p).name)}"})


async def documents_row(datasette: Any, request: Any) -> Response:
    """Datasette's row page of a document (titled by its hash) → the document page."""
    from datasette.utils import tilde_decode

    return Response.redirect(doc_url(tilde_decode(unquote(request.url_vars["doc_id"]))))


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/$", home),
        (r"^/[^/]+/documents/(?P<doc_id>[^/.]+)$", documents_row),
        (r"^/-/van-ban$", document_list),
        (r"^/-/van-ban/(?P<doc_id>[^/]+)$", document),
        (r"^/-/nut/(?P<node_id>\d+)$", node),
        (r"^/-/tim-kiem$", search),
        (r"^/-/bieu-do$", charts),
        (r"^/-/do-thi/(?P<node_id>\d+)$", graph_view),
        (r"^/-/trich-dan$", citations),
        (r"^/-/tra-cuu$", lookup),
        (r"^/-/duyet/(?P<doc_id>[^/]+)$", review),
        (r"^/-/tep/(?P<doc_id>[^/]+)$", source_file),
    ]


@hookimpl
def prepare_connection(conn: Any) -> None:
    pages.register_functions(conn)


@hookimpl
def extra_css_urls() -> list[str]:
    return [f"/{STATIC_MOUNT}/vanban.css"]


@functools.cache
def column_labels() -> dict[str, str]:
    """Vietnamese headings for the database's columns (labels.json)."""
    data = json.loads((HERE / "labels.json").read_text(encoding="utf-8"))
    return dict(data["columns"])


def column_heading(name: str) -> Markup:
    """'số ký hiệu' with the column's own name beside it, small."""
    label = column_labels().get(name)
    if not label:
        return Markup(escape(name))
    return Markup(f'{escape(label)} <small class="vb-col">{escape(name)}</small>')


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    env.filters["doc_url"] = doc_url
    env.filters["vb_heading"] = column_heading


@hookimpl
def menu_links() -> list[dict[str, str]]:
    """Datasette's own pages: the way back to the pages people read."""
    return [{"href": "/", "label": "vanban: trang chủ"}, {"href": "/-/van-ban", "label": "Văn bản"},
            {"href": "/-/tim-kiem", "label": "Tìm kiếm"}, {"href": "/-/bieu-do", "label": "Biểu đồ"}]


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None) -> Any:
    """Datasette's own tables and queries: a document's number and a query's "xem" column open
    the document page; the raw record is folded away."""
    if table == "documents" and column == "number" and row is not None and "id" in row.keys():
        return Markup(f'<a href="{escape(doc_url(row["id"]))}">{escape(value or "(xem)")}</a>')
    if table == "documents" and column == "record" and isinstance(value, str):
        return Markup(f"<details><summary>JSON ({len(value):,} ký tự)</summary><pre>{escape(value)}</pre></details>")
    if table is None and column == "xem" and isinstance(value, str) and value.startswith("/-/"):
        return Markup(f'<a href="{escape(value)}">mở</a>')
    return None
