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
    """The database for a read command: opened read-only (mode=ro), never created nor
    migrated; any reason it cannot be read (missing, not a vanban database, made by a newer
    vanban) is one line with the remedy."""
    from pipeline.errors import VanbanError
    from pipeline.store import Store

    try:
        return Store(db, readonly=True)
    except VanbanError as exc:
        raise click.ClickException(str(exc)) from None
