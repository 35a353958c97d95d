"""``vanban graph …``: the citation graph from the command line (thin over pipeline.graph)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from pipeline.cli import DEFAULT_DB, _open_existing, db_option, json_flag

ROW_FIELDS = ("depth", "number", "doc_type", "year", "issuer", "in_archive", "file", "count")


def _display(r: dict[str, Any]) -> dict[str, Any]:
    """A news article has no number: show its headline instead."""
    if not r.get("number") and r.get("title"):
        return {**r, "number": f"[news] {r['title'][:50]}"}
    return r


def _print_rows(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    if not rows:
        click.echo("(none)")
        return
    cols = [f for f in ROW_FIELDS if any(f in r for r in rows)]
    for r in map(_display, rows):
        parts = []
        for f in cols:
            v = r.get(f)
            if f == "in_archive":
                v = "archived" if v else "missing"
            parts.append("" if v is None else str(v))
        click.echo("  ".join(parts))
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

        store = _open_existing(db)
        node = _resolve(store.conn, doc, year, issuer)
        _print_rows(getattr(g, direction)(store.conn, node), as_json)

    return command


def _transitive(direction: str) -> Any:
    @doc_options
    @click.option("--max-depth", type=int, default=None, help="stop after this many steps")
    @db_option
    @json_flag
    def command(doc: str, year: int | None, issuer: str | None, max_depth: int | None, db: str, as_json: bool) -> None:
        from pipeline import graph as g

        store = _open_existing(db)
        node = _resolve(store.conn, doc, year, issuer)
        rows = getattr(g, direction)(store.conn, node, max_depth=max_depth)
        _print_rows(rows, as_json)
        cyc = g.cycles(store.conn, node) if hasattr(g, "cycles") else []
        if cyc and not as_json:
            click.echo(f"note: {len(cyc)} cycle(s) through this document (reported, not followed)", err=True)

    return command


graph.command("cites", help="Documents DOC cites (one step). Example: vanban graph cites 70/KH-LĐLĐ")(_one_step("cites"))
graph.command("cited-by", help="Documents citing DOC (one step). Example: vanban graph cited-by 17/KH-TLĐ")(
    _one_step("cited_by")
)
graph.command(
    "descendants", help="Everything implementing DOC through any chain, with depth. Example: vanban graph descendants 02-NQ/TW"
)(_transitive("descendants"))
graph.command(
    "ancestors", help="Everything DOC rests on through any chain, with depth. Example: vanban graph ancestors 70/KH-LĐLĐ"
)(_transitive("ancestors"))


@graph.command()
@click.option("--limit", default=20, show_default=True)
@click.option("--year", type=int)
@click.option("--issuer")
@db_option
@json_flag
def top(limit: int, year: int | None, issuer: str | None, db: str, as_json: bool) -> None:
    """Most cited documents. Example: vanban graph top --limit 10"""
    from pipeline import graph as g

    _print_rows(g.top(_open_existing(db).conn, limit=limit, year=year, issuer=issuer), as_json)


@graph.command()
@click.option("--limit", type=int, default=None)
@db_option
@json_flag
def missing(limit: int | None, db: str, as_json: bool) -> None:
    """Cited but not in the archive: the acquisition list, most cited first. Example: vanban graph missing"""
    from pipeline import graph as g

    _print_rows(g.missing(_open_existing(db).conn, limit=limit), as_json)


@graph.command()
@click.option("--format", "fmt", type=click.Choice(["graphml", "dot", "svg"]), default="graphml", show_default=True)
@click.option("--center", help="a DOC whose neighbourhood to draw (dot, svg)")
@click.option("--radius", default=1, show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), required=True)
@db_option
def export(fmt: str, center: str | None, radius: int, out: str, db: str) -> None:
    """Export the graph: GraphML (Gephi, yEd), DOT, or an SVG of a neighbourhood.

    Example: vanban graph export --format svg --center 02-NQ/TW --out 02-NQ.svg
    """
    from pipeline import graph as g

    conn = _open_existing(db).conn
    node = _resolve(conn, center, None, None) if center else None
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
