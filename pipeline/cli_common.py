"""What every ``vanban`` command module shares: the --db and --json options and opening an
existing database with a one-line remedy. Both pipeline/cli.py and pipeline/cli_graph.py import
it, so neither imports the other's internals (no import circle)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from pipeline.store import Store

DEFAULT_DB = "outputs/vanban.db"
DEFAULT_JSON_DIR = "outputs/json"


def db_option(f: Any) -> Any:
    return click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
                        help="SQLite database")(f)


def json_flag(f: Any) -> Any:
    return click.option("--json", "as_json", is_flag=True, help="print JSON for scripts")(f)


def open_existing(db: str) -> Store:
    """The store at db, brought up to this schema; a missing file is a one-line error with the remedy
    (a read command never creates an empty database)."""
    if not Path(db).exists():
        raise click.ClickException(f"{db}: no database yet (run: vanban extract corpus --db {db})")
    from pipeline.store import Store

    return Store(db)
