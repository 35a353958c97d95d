"""Datasette plugin (loaded by ``vanban serve`` with --plugins-dir): the canned queries look a
symbol up as the graph commands do, through pipeline.identity, not by string functions in SQL
(SQLite's upper() leaves đ alone, and trimming every '0' turns '0/KH' into '/KH')."""

from __future__ import annotations

import sqlite3

from datasette import hookimpl

from pipeline import identity


def _symbol(s: str | None) -> str | None:
    return None if s is None else identity.symbol(s)


def register(conn: sqlite3.Connection) -> None:
    """vanban_symbol(text): a symbol in nodes.number_norm's form."""
    conn.create_function("vanban_symbol", 1, _symbol, deterministic=True)


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    register(conn)
