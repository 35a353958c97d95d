"""``vanban graph …``: the citation graph from the command line (thin over pipeline.graph)."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Any, Iterable

import click
from click.core import ParameterSource

from pipeline.cli_common import DEFAULT_DB, db_option, json_flag, open_existing

ROW_FIELDS = ("depth", "number", "doc_type", "year", "issuer", "in_archive", "file", "count")
WALK_FIELDS = ROW_FIELDS[:-1]  # the columns of descendants and ancestors
DEFAULT_LIMIT = 1000  # rows a page of descendants or ancestors: pipeline.graph.PAGE (not imported: --help stays fast)
BATCH = 1000  # lines written at a time when streaming


def _display(r: dict[str, Any]) -> dict[str, Any]:
    """A news article has no number: show its headline instead."""
    if not r.get("number") and r.get("title"):
        return {**r, "number": f"[news] {r['title'][:50]}"}
    return r


def _line(r: dict[str, Any], cols: Iterable[str]) -> str:
    r = _display(r)
    parts = []
    for f in cols:
        v = r.get(f)
        if f == "in_archive":
            v = "archived" if v else "missing"
        parts.append("" if v is None else str(v))
    return "  ".join(parts)


def _print_rows(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    if not rows:
        click.echo("(none)")
        return
    cols = [f for f in ROW_FIELDS if any(f in r for r in rows)]
    for r in rows:
        click.echo(_line(r, cols))
    click.echo(f"{len(rows)} rows")


def _resolve(conn: Any, doc: str, year: int | None, issuer: str | None) -> int:
    """One node for DOC, or exit 2 listing the candidates when several share the symbol."""
    from pipeline import graph

    nodes = graph.find_nodes(conn, doc, year=year, issuer=issuer)
    if not nodes:
        raise click.ClickException(f"{doc}: no such document in the graph (check the number, or --year/--issuer)")
    if len(nodes) > 1:
        click.echo(f"{doc}: {len(nodes)} documents share this symbol; narrow with --year and --issuer:", err=True)
        for n in nodes:
            click.echo(f"  {n['number']}  {n.get('year')}  {n.get('issuer')}  "
                       f"{'archived ' + str(n.get('file')) if n.get('in_archive') else 'not archived'}", err=True)
        sys.exit(2)
    return int(nodes[0]["node_id"])


def doc_options(f: Any) -> Any:
    f = click.option("--issuer", help="narrow by issuer (substring, diacritics ignored)")(f)
    f = click.option("--year", type=int, help="narrow by year")(f)
    f = click.argument("doc")(f)
    return f


@click.group()
def graph() -> None:
    """The citation graph: who cites whom, chains, most cited, missing documents.

    DOC is a symbol (02-NQ/TW) or an archived file's path. Example: vanban graph descendants 02-NQ/TW
    """


def _one_step(direction: str) -> Any:
    @doc_options
    @db_option
    @json_flag
    def command(doc: str, year: int | None, issuer: str | None, db: str, as_json: bool) -> None:
        from pipeline import graph as g

        store = open_existing(db)
        node = _resolve(store.conn, doc, year, issuer)
        _print_rows(getattr(g, direction)(store.conn, node), as_json)

    return command


def _page_note(page: Any) -> str:
    """The last line under a page: which rows these are, of how many, and how to get the rest."""
    n = len(page.rows)
    if page.offset == 0 and not page.more:
        return f"{n} rows"
    shown = f"rows {page.offset + 1:,}–{page.offset + n:,}" if n else f"no rows from {page.offset + 1:,}"
    of = f"{page.total:,}" if page.total is not None else f"at least {page.at_least:,} (--count for the total)"
    more = f"; more: --offset {page.offset + n} for the next page, --all for every row" if page.more else ""
    return f"{shown} of {of}{more}"


def _emit_rows(rows: Iterable[dict[str, Any]], as_json: bool) -> int:
    """Rows written as they come, BATCH lines at a time (constant memory); JSON: one row a line,
    inside the "rows" array the caller opened. Returns how many."""
    enc = json.JSONEncoder(ensure_ascii=False, default=str)
    n = 0
    batch: list[str] = []
    for r in rows:
        batch.append(("" if n == 0 else ",\n") + enc.encode(r) if as_json else _line(r, WALK_FIELDS))
        n += 1
        if len(batch) >= BATCH:
            click.echo(("" if as_json else "\n").join(batch), nl=not as_json)
            batch.clear()
    if batch:
        click.echo(("" if as_json else "\n").join(batch), nl=not as_json)
    return n


def _transitive(direction: str) -> Any:
    forward = direction == "ancestors"

    @doc_options
    @click.option("--max-depth", type=int, default=None, help="stop after this many steps")
    @click.option("--limit", type=click.IntRange(min=0), default=DEFAULT_LIMIT, show_default=True,
                  help="rows in the page (depth order); a note says when there are more")
    @click.option("--offset", type=click.IntRange(min=0), default=0, help="rows to skip: the next page")
    @click.option("--all", "every", is_flag=True, help="every row, streamed as found (no page)")
    @click.option("--count", is_flag=True, help="only count the rows, per depth (walks everything)")
    @db_option
    @json_flag
    def command(doc: str, year: int | None, issuer: str | None, max_depth: int | None, limit: int, offset: int,
                every: bool, count: bool, db: str, as_json: bool) -> None:
        from pipeline import graph as g

        ctx = click.get_current_context()
        paging = [f"--{p}" for p in ("limit", "offset") if ctx.get_parameter_source(p) != ParameterSource.DEFAULT]
        if every and count:
            raise click.UsageError("--all and --count do not go together")
        if (every or count) and paging:
            raise click.UsageError(f"{' and '.join(paging)} {'select' if len(paging) > 1 else 'selects'} a page: "
                                   f"not with {'--all' if every else '--count'}")
        store = open_existing(db)
        conn = store.conn
        node = _resolve(conn, doc, year, issuer)
        if count:
            counts = g.depth_counts(conn, node, forward, max_depth) or []
            if as_json:
                click.echo(json.dumps({"total": sum(counts), "depths": [{"depth": d, "rows": k}
                                                                        for d, k in enumerate(counts, 1)]}))
            else:
                for d, k in enumerate(counts, 1):
                    click.echo(f"depth {d}: {k:,}")
                click.echo(f"{sum(counts):,} rows")
            return
        try:
            if every:
                if as_json:
                    click.echo('{"rows": [', nl=True)
                n = _emit_rows(g.walk_rows(conn, node, forward, max_depth), as_json)
                if as_json:
                    click.echo(f'\n], "offset": 0, "limit": null, "more": false, "total": {n}, "at_least": {n}}}')
                else:
                    click.echo(f"{n} rows" if n else "(none)")
            else:
                page = g.walk_page(conn, node, forward, limit=limit, offset=offset, max_depth=max_depth)
                if as_json:
                    click.echo('{"rows": [', nl=True)
                    _emit_rows(page.rows, as_json)
                    meta = {"offset": page.offset, "limit": limit, "more": page.more, "total": page.total,
                            "at_least": page.at_least}
                    click.echo("\n], " + json.dumps(meta)[1:])
                else:
                    if page.rows or page.more or page.offset:
                        _emit_rows(page.rows, as_json)
                        click.echo(_page_note(page))
                    else:
                        click.echo("(none)")
        except BrokenPipeError:  # | head: stop quietly
            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            except (OSError, ValueError, io.UnsupportedOperation):
                pass
            sys.exit(1)
        cyc = g.cycles(conn, node)
        if cyc and not as_json:
            click.echo(f"note: {len(cyc)} cycle(s) through this document (reported, not followed)", err=True)

    return command


graph.command("cites", help="Documents DOC cites (one step). Example: vanban graph cites 70/KH-LĐLĐ")(_one_step("cites"))
graph.command("cited-by", help="Documents citing DOC (one step). Example: vanban graph cited-by 17/KH-TLĐ")(
    _one_step("cited_by")
)
PAGING_HELP = ("\n\nRows in depth order (then year, number), a page at a time: --limit rows from --offset, then a"
               " line saying how many rows there are (counted when cheap) and how to get the rest. --all streams"
               " every row, --count counts them per depth. --json: {\"rows\": [...], \"more\", \"total\" (null"
               " when not counted), \"at_least\", \"offset\", \"limit\"}.")
graph.command(
    "descendants", help="Everything implementing DOC through any chain, with depth. Example: vanban graph descendants 02-NQ/TW"
    + PAGING_HELP)(_transitive("descendants"))
graph.command(
    "ancestors", help="Everything DOC rests on through any chain, with depth. Example: vanban graph ancestors 70/KH-LĐLĐ"
    + PAGING_HELP)(_transitive("ancestors"))


@graph.command()
@click.option("--limit", default=20, show_default=True)
@click.option("--year", type=int)
@click.option("--issuer")
@db_option
@json_flag
def top(limit: int, year: int | None, issuer: str | None, db: str, as_json: bool) -> None:
    """Most cited documents. Example: vanban graph top --limit 10"""
    from pipeline import graph as g

    _print_rows(g.top(open_existing(db).conn, limit=limit, year=year, issuer=issuer), as_json)


@graph.command()
@click.option("--limit", type=click.IntRange(min=0), default=DEFAULT_LIMIT, show_default=True,
              help="the most cited this many (0: all of them)")
@db_option
@json_flag
def missing(limit: int, db: str, as_json: bool) -> None:
    """Cited but not in the archive: the acquisition list, most cited first. Example: vanban graph missing"""
    from pipeline import graph as g

    conn = open_existing(db).conn
    rows = g.missing(conn, limit=(limit + 1) if limit else None)  # one more: is the list longer?
    cut = bool(limit) and len(rows) > limit
    rows = rows[:limit] if limit else rows
    _print_rows(rows, as_json)
    if cut and not as_json:
        click.echo(f"the {limit:,} most cited; more: --limit 0 for all of them", err=True)


@graph.command()
@click.option("--format", "fmt", type=click.Choice(["graphml", "dot", "svg"]), default="graphml", show_default=True)
@click.option("--center", help="a DOC whose neighbourhood to draw (dot, svg)")
@click.option("--radius", default=1, show_default=True)
@click.option("--year", type=int, help="narrow --center by year")
@click.option("--issuer", help="narrow --center by issuer (substring, diacritics ignored)")
@click.option("--out", type=click.Path(dir_okay=False), required=True)
@db_option
def export(fmt: str, center: str | None, radius: int, year: int | None, issuer: str | None, out: str, db: str) -> None:
    """Export the graph: GraphML (Gephi, yEd), DOT, or an SVG of a neighbourhood.

    Example: vanban graph export --format svg --center 35/KH-LĐLĐ --issuer "Hòa Bình" --out 35-KH.svg
    """
    from pipeline import graph as g

    conn = open_existing(db).conn
    if (year or issuer) and not center:
        raise click.UsageError("--year and --issuer narrow --center DOC: give --center")
    node = _resolve(conn, center, year, issuer) if center else None
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        g.export_graphml(conn, out)
    elif fmt == "dot":
        g.export_dot(conn, out, center=node, radius=radius)
    else:
        if node is None:
            raise click.ClickException("--format svg needs --center DOC (the neighbourhood to draw)")
        g.export_svg(conn, out, center=node, radius=radius)
    click.echo(f"wrote {out}")


def register(cli: click.Group) -> None:
    cli.add_command(graph)


__all__ = ["register", "DEFAULT_DB"]
