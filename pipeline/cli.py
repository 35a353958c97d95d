"""The ``vanban`` command. Thin over the modules; heavy imports happen inside commands
so that ``vanban --help`` answers at once.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from pipeline import cli_graph
from pipeline.cli_common import DEFAULT_JSON_DIR, db_option, json_flag, open_existing


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vanban")
def cli() -> None:
    """vanban: Vietnamese trade-union documents → linked, queryable records.

    Example: vanban extract corpus && vanban show 35/KH-LĐLĐ
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@db_option
@click.option("--json-dir", default=DEFAULT_JSON_DIR, show_default=True, type=click.Path(file_okay=False),
              help="write one JSON record per input here, mirroring the input tree")
@click.option("--workers", default=0, type=int, help="parallel extraction processes, 1 to 2 × the cores (default: the cores)")
@click.option("--force-workers", is_flag=True, help="allow --workers above 2 × the cores")
@click.option("--force", is_flag=True, help="re-extract even unchanged files")
@click.option("--max-mb", default=50, show_default=True, help="refuse files larger than this")
@click.option("--timeout", default=120, show_default=True, help="seconds one file may take (0: no limit)")
@click.option("--commit-every", default=500, show_default=True,
              help="documents per database commit at most (also every 0.25 s); a crash loses at most these")
@click.option("--ocr", type=click.Choice(["auto", "never", "force"]), default="auto", show_default=True,
              help="PDF pages: OCR those whose text layer is missing or wrong (auto), none, or all")
def extract(paths: tuple[Path, ...], db: str, json_dir: str, workers: int, force_workers: bool, force: bool,
            max_mb: int, timeout: int, commit_every: int, ocr: str) -> None:
    """Extract records from files and folders (recursive) into SQLite and JSON.

    Unchanged files are skipped (size and mtime, then content hash). Each failure is
    printed as 'path: reason', recorded in the database, and retried next run; the exit
    status is 1 when any file failed.

    Example: vanban extract corpus --db outputs/vanban.db --json-dir outputs/json
    """
    import time

    from pipeline.batch import Limits, run
    from pipeline.errors import VanbanError
    from pipeline.progress import echo, summary_rate

    cores = os.cpu_count() or 1
    if workers < 0 or (workers > 2 * cores and not force_workers):
        raise click.BadParameter(f"{workers}: give 1 to {2 * cores} (2 × the {cores} cores; 0 = the cores), "
                                 "or add --force-workers", param_hint="--workers")
    n = workers or cores
    # On a terminal: a bar, each failure printed above it as it happens. Piped (CI): no bar,
    # and the failures listed once, after the summary.
    live = sys.stderr.isatty()
    started = time.monotonic()
    try:
        summary = run(list(paths), Path(db), Path(json_dir) if json_dir else None, workers=n, force=force,
                      log=echo if live else (lambda _: None), progress=live,
                      limits=Limits(max_bytes=max_mb * 1024 * 1024, timeout_s=timeout, ocr=ocr),
                      commit_every=max(1, commit_every))
    except VanbanError as exc:
        raise click.ClickException(str(exc)) from None
    done = summary.extracted + len(summary.failed)
    click.echo(
        f"extracted {summary.extracted}, unchanged {summary.unchanged}, failed {len(summary.failed)}"
        + (f", marked deleted {summary.deleted}" if summary.deleted else "")
        + f"  → {db}" + (f", {json_dir}/" if json_dir else "")
        + (f"  ({summary_rate(done, time.monotonic() - started)})" if done else "")
    )
    if not live:
        for line in summary.failed:
            click.echo(f"  failed: {line}")
    elif summary.failed:
        click.echo(f"  {len(summary.failed)} failed (listed above; again with: vanban failures --db {db})")
    if summary.aborted:
        click.echo(f"stopped: {summary.aborted}", err=True)
        sys.exit(1)
    if summary.failed:
        sys.exit(1)


def _find_record(store: Any, ref: str) -> list[dict[str, Any]]:
    from pipeline import identity

    conn = store.conn
    canonical = os.path.realpath(ref)  # paths are stored resolved
    # a file's record is its first document (the others are in its "parts")
    rows = conn.execute(
        "SELECT d.record FROM documents d WHERE (d.path IN (?, ?) OR d.file = ?) AND instr(d.id, '#') = 0 "
        "UNION SELECT d.record FROM files f JOIN documents d ON d.id = f.document_id WHERE f.path IN (?, ?)",
        (ref, canonical, Path(ref).name, ref, canonical),
    ).fetchall()
    if not rows:
        numbered = conn.execute("SELECT record, number FROM documents WHERE number IS NOT NULL").fetchall()
        # as printed, else as typed without Vietnamese letters ("35/KH-LDLD"), spaces or dashes
        for same in (identity.symbol, identity.symbol_folded, identity.symbol_loose):
            want = same(ref)
            rows = [r for r in numbered if same(r[1]) == want]
            if rows:
                break
    return [json.loads(r[0]) for r in rows]


@cli.command()
@click.argument("ref")
@db_option
@json_flag
def show(ref: str, db: str, as_json: bool) -> None:
    """Show one record, by file path/name or by number (symbol).

    Example: vanban show 35/KH-LĐLĐ
    """
    store = open_existing(db)
    records = _find_record(store, ref)
    if not records:
        raise click.ClickException(f"{ref}: no such document in {db} (try a file name or a number like 35/KH-LĐLĐ)")
    if as_json:
        click.echo(json.dumps(records if len(records) > 1 else records[0], ensure_ascii=False, indent=2))
        return
    for rec in records:
        d = rec["document"]
        click.echo(f"{rec['file']}  [{rec['kind']}]")
        for k in ("number", "doc_type", "issuer", "place", "date", "title"):
            click.echo(f"  {k:<9} {d.get(k)}")
        s = d.get("signer") or {}
        if s:
            click.echo(f"  signer    {s.get('authority') or ''} {s.get('position') or ''} {s.get('name') or ''}".rstrip())
        if rec["citations"]:
            click.echo(f"  citations ({len(rec['citations'])}):")
            for c in rec["citations"]:
                label = c.get("number") or c.get("title")
                click.echo(f"    {'căn cứ ' if c['basis'] else ''}{c.get('doc_type') or ''} {label}"
                           f"  {c.get('date') or ''}  {c.get('issuer') or ''}".rstrip())
        if rec["targets"]:
            click.echo(f"  targets ({len(rec['targets'])}):")
            for t in rec["targets"]:
                click.echo(f"    [{t['kind']}] {t['value']} {t['unit']}  — {t['text']}")
        if rec["assignments"]:
            click.echo(f"  assignments ({len(rec['assignments'])}):")
            for a in rec["assignments"]:
                click.echo(f"    {a['role']:<8} {a['department']}")
        for w in rec.get("warnings", []):
            click.echo(f"  warning: {w}")
        for part in rec.get("parts", []):
            pd = part["document"]
            click.echo(f"  part: {pd.get('number') or '(no number)'}  {pd.get('doc_type') or ''}  {pd.get('title') or ''}")


@cli.command(name="eval")
@click.option("--gold", "gold_dir", default="tests/gold", show_default=True, type=click.Path(exists=True, file_okay=False))
@click.option("--pred", "pred_dir", type=click.Path(exists=True, file_okay=False), help="folder of predicted JSON records")
@click.option("--run", "run_src", type=click.Path(exists=True), help="extract this folder first (into a temp dir)")
@click.option("--half", type=click.Choice(["odd", "even"]), help="score only the gold files with odd / even numbers")
@click.option("--sets", "sets", is_flag=True,
              help="score both gold sets of ../shared (dev and real, real by halves) in one table")
@click.option("--shared", default="../shared", show_default=True, type=click.Path(file_okay=False),
              help="where the gold sets are, for --sets")
@json_flag
@click.option("--quiet", is_flag=True, help="scores only, no line per error")
@click.option("--strict", is_flag=True, help="score gold files without a prediction as empty records")
def eval_cmd(gold_dir: str, pred_dir: str | None, run_src: str | None, half: str | None, sets: bool, shared: str,
             as_json: bool, quiet: bool, strict: bool) -> None:
    """Score records against gold files by the rules of FORMAT.md.

    Examples: vanban eval --sets (what `make eval` runs);
    vanban eval --gold ../shared/gold/real/gold --run ../shared/gold/real/raw --half even
    """
    import tempfile

    from pipeline.evaluate import evaluate, format_report

    if sets:
        from pipeline.goldsets import flat_scores, format_table, score_sets

        reports = score_sets(Path.cwd(), Path(shared))
        if not reports:
            raise click.ClickException(f"no gold sets under {shared} (expected gold/dev and gold/real)")
        if as_json:
            click.echo(json.dumps({k: flat_scores(r) | {"documents": r.documents} for k, r in reports.items()},
                                  ensure_ascii=False, indent=2))
        else:
            click.echo(format_table(reports))
        return
    if run_src:
        from pipeline.batch import run

        tmp = Path(tempfile.mkdtemp(prefix="vanban-eval-"))
        run([Path(run_src)], tmp / "eval.db", tmp / "json", workers=os.cpu_count() or 1, log=lambda _: None)
        pred_dir = str(tmp / "json")
    if not pred_dir:
        raise click.ClickException("give --pred DIR (predicted JSON) or --run SRC (extract first)")
    rep = evaluate(Path(gold_dir), Path(pred_dir), strict=strict, half=half)
    if rep.documents == 0:
        raise click.ClickException(f"no gold file of {gold_dir} has a prediction in {pred_dir}: nothing scored")
    if as_json:
        click.echo(json.dumps(rep.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(rep, errors=not quiet))


@cli.command()
@db_option
@json_flag
def failures(db: str, as_json: bool) -> None:
    """List files that failed, with the reason; they are retried on the next extract.

    Example: vanban failures
    """
    rows = open_existing(db).failures()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no failures")
    for r in rows:
        click.echo(r["error"])


@cli.command()
@db_option
@click.option("--unit", help="canonical or written unit, diacritics ignored: 'đoàn viên' or 'doan vien'")
@click.option("--year", type=int)
@click.option("--kind", type=click.Choice(["target", "result"]))
@click.option("--province", help="the document's province, diacritics ignored: 'Hòa Bình' or 'hoa binh'")
@json_flag
def targets(db: str, unit: str | None, year: int | None, kind: str | None, province: str | None, as_json: bool) -> None:
    """Targets and results, with their document and province.

    Example: vanban targets --unit "đoàn viên" --year 2024 --province "Hòa Bình"
    """
    from pipeline.identity import fold

    store = open_existing(db)
    store.conn.create_function("vb_fold", 1, lambda s: fold(s) if s else s, deterministic=True)
    sql = ("SELECT t.value, t.value_max, t.unit, t.unit_canonical, t.kind, t.text, t.action, t.period, t.year, "
           "d.number, d.issuer, d.province, d.date, d.file FROM targets t JOIN documents d ON d.id = t.document_id "
           "WHERE 1=1")
    args: list[Any] = []
    if unit:
        sql += " AND (vb_fold(t.unit_canonical) = ? OR vb_fold(t.unit) = ?)"
        args += [fold(unit)] * 2
    if year:
        sql += " AND t.year = ?"
        args.append(year)
    if kind:
        sql += " AND t.kind = ?"
        args.append(kind)
    if province:
        sql += " AND vb_fold(d.province) = ?"
        args.append(fold(province))
    cur = store.conn.execute(sql + " ORDER BY t.year, d.province, d.file", args)
    cols = [c[0] for c in cur.description]
    rows = [dict(zip(cols, r)) for r in cur.fetchall()]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{r['kind']:<6} {r['value']:>12} {r['unit']:<20} {r['year'] or '':<4}  {r['province'] or '-':<14} "
                   f"{r['number'] or r['file']}  {r['text']}")
    click.echo(f"{len(rows)} rows")


@cli.command()
@click.argument("query")
@db_option
@click.option("--limit", default=20, show_default=True)
@json_flag
def search(query: str, db: str, limit: int, as_json: bool) -> None:
    """Full-text search, with or without diacritics ("doan vien" finds "đoàn viên").

    Example: vanban search "phat trien doan vien"
    """
    from pipeline.search import search as run_search

    rows = run_search(open_existing(db).conn, query, limit=limit)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        label = r["number"] or f"[{r['kind']}]"
        click.echo(f"{label}  {r['file']}  {r['title'] or ''}")
        click.echo(f"    {r['snippet']}")
    click.echo(f"{len(rows)} documents")


@cli.command()
@click.argument("ref")
@db_option
@click.option("--out", "out_dir", default="outputs/review", show_default=True, type=click.Path(file_okay=False))
def review(ref: str, db: str, out_dir: str) -> None:
    """Write a review page: the text with every extracted value highlighted at its span.

    REF is an archived file (path or name) or a number. Example: vanban review corpus/000_d808816fdb247594.txt
    """
    from pipeline.models import DocumentRecord
    from pipeline.review import review_file

    store = open_existing(db)
    records = _find_record(store, ref)
    if not records:
        raise click.ClickException(f"{ref}: no such document in {db} (extract it first: vanban extract {ref})")
    for data in records:
        record = DocumentRecord.model_validate(data)
        # a further document of a file (id#k): the page of the whole file, that document open
        base_id, _, part = (data.get("id") or "").partition("#")
        row = store.conn.execute("SELECT record FROM documents WHERE id = ?", (base_id,)).fetchone() if part else None
        whole = DocumentRecord.model_validate_json(row[0]) if row else record
        focus = int(part) - 1 if row and part.isdigit() else 0
        path = _file_holding(store, record.source.sha256, ref)
        if path is None:
            raise click.ClickException(
                f"{ref}: the record is stale: no file holds its content any more (changed, moved or deleted since "
                f"it was extracted): run vanban extract on its folder again")
        out = _review_page(Path(out_dir), path)
        if focus:
            out = out.with_name(out.name.removesuffix(".html") + f"-{part}.html")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(review_file(path, whole, focus), encoding="utf-8")
        click.echo(f"wrote {out}")


def _file_holding(store: Any, sha: str, ref: str) -> Path | None:
    """A file that holds this content now (its hash checked): the one named, else any row
    of the archive that held it."""
    import hashlib

    names = [ref] + [p for (p,) in store.conn.execute(
        "SELECT path FROM files WHERE sha256 = ? AND status = 'ok' ORDER BY path", (sha,))]
    for name in names:
        p = Path(name)
        try:
            if p.is_file() and hashlib.sha256(p.read_bytes()).hexdigest() == sha:
                return p
        except OSError:
            continue
    return None


def _review_page(out_dir: Path, file: Path) -> Path:
    """out/<the file's path, relative to here when below it>.html: the full name kept, the
    tree mirrored, so two files never share a page."""
    full = Path(os.path.realpath(file))
    here = Path.cwd().resolve()
    rel = full.relative_to(here) if here in full.parents else Path(*full.parts[1:])
    return out_dir / rel.parent / (rel.name + ".html")


# The CSV columns: the document first (what a spreadsheet user filters on), then the row's own.
CSV_DOCUMENT = ("file", "number", "doc_type", "issuer", "province", "date", "title")
CSV_COLUMNS = {
    "csv-targets": ("targets", ("kind", "value", "value_max", "unit", "unit_canonical", "year", "period", "text",
                                "action", "of", "bound", "responsible")),
    "csv-assignments": ("assignments", ("department", "role", "tasks", "deadline")),
}


def _csv_cell(column: str, value: Any) -> Any:
    """Tasks are stored as a JSON list: in a spreadsheet they read as text, one per line."""
    if column == "tasks" and isinstance(value, str) and value.startswith("["):
        try:
            return "\n".join(str(t) for t in json.loads(value))
        except ValueError:
            return value
    return value


@cli.command(name="export")
@click.argument("what", type=click.Choice(["jsonl", "csv-targets", "csv-assignments"]))
@db_option
@click.option("--out", type=click.Path(dir_okay=False), help="file to write (default: standard output)")
def export_cmd(what: str, db: str, out: str | None) -> None:
    """Export all records as JSON Lines, or targets/assignments as CSV with their document
    (number, type, issuer, province, date, title). CSV is UTF-8 with a byte-order mark, so
    Excel reads the Vietnamese right; tasks are text, one per line.

    Example: vanban export csv-targets --out outputs/targets.csv
    """
    import csv
    import io

    conn = open_existing(db).conn
    buf = io.StringIO()
    if what == "jsonl":
        for (record,) in conn.execute("SELECT record FROM documents ORDER BY path, id"):
            buf.write(json.dumps(json.loads(record), ensure_ascii=False) + "\n")
    else:
        table, own = CSV_COLUMNS[what]
        cols = ", ".join([f"d.{c}" for c in CSV_DOCUMENT] + [f'x."{c}"' for c in own])
        cur = conn.execute(f"SELECT {cols} FROM {table} x JOIN documents d ON d.id = x.document_id "
                           "ORDER BY d.date IS NULL, d.date, d.path, x.id")
        buf.write("\ufeff")
        writer = csv.writer(buf)
        writer.writerow(CSV_DOCUMENT + own)
        names = CSV_DOCUMENT + own
        for row in cur:
            writer.writerow([_csv_cell(c, v) for c, v in zip(names, row)])
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(buf.getvalue(), encoding="utf-8", newline="")
        click.echo(f"wrote {out}")
    else:
        click.echo(buf.getvalue(), nl=False)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True)
def serve(db: str, host: str, port: int) -> None:
    """Browse the records in Datasette (read-only), with facets and canned graph queries.

    Example: vanban serve --port 8001   (then open http://127.0.0.1:8001)
    """
    import tempfile

    from pipeline.serve import serve_command

    store = open_existing(db)  # refused in one line unless a vanban database of this schema
    # immutable only where SQLite cannot read it live (a read-only folder): immutable while an
    # extract writes would read torn pages ("database disk image is malformed")
    immutable = not os.access(Path(db).resolve().parent, os.W_OK)
    store.close()
    cmd = serve_command(Path(db), host, port, Path(tempfile.mkdtemp(prefix="vanban-serve-")) / "metadata.json",
                        immutable=immutable)
    click.echo(f"serving {db} read-only at http://{host}:{port}/ (Ctrl-C to stop)")
    sys.stdout.flush()
    os.execv(cmd[0], cmd)  # Datasette takes this process's place: stopping it stops the server


cli_graph.register(cli)  # the citation-graph commands live in their own module

if __name__ == "__main__":
    cli()
