"""Full-text search with or without diacritics, đ included.

FTS5's ``remove_diacritics`` leaves đ alone, so "doan vien" would not find "đoàn viên".
The index therefore holds a folded copy of each document (lower-case, no diacritics,
đ → d) made by :func:`fold_same_length`, which keeps every character's position: a hit
in the folded copy is a hit at the same offset in the original text, which is where the
snippet is cut from. Queries are folded the same way. The index table is kept by
sqlite-utils (``enable_fts`` with triggers), so deleting a document drops its entry.
"""

from __future__ import annotations

import functools
import sqlite3
import unicodedata
from typing import Any

import regex
import sqlite_utils

SEARCH_TABLE = "search"
SNIPPET_CHARS = 90


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else ch


@functools.cache
def _fold_table() -> dict[int, str]:
    """One character for one character: capitals, Latin and Vietnamese letters folded."""
    table = {o: chr(o).lower() for o in range(ord("A"), ord("Z") + 1)}
    for o in range(0x80, 0x2000):
        ch = chr(o)
        f = _fold_char(ch)
        if f != ch:
            table[o] = f
    return table


def fold_same_length(s: str) -> str:
    """'Đoàn viên' → 'doan vien': one character out for each character in (str.translate)."""
    return s.translate(_fold_table())


def ensure_index(db: sqlite_utils.Database) -> None:
    """The search table and its FTS5 index (outside any open transaction: sqlite-utils
    commits while it creates them). Two processes opening a new database at once both
    find no index: the second to create it waits for the first's triggers instead."""
    db.execute(
        f"CREATE TABLE IF NOT EXISTS {SEARCH_TABLE} (document_id TEXT PRIMARY KEY REFERENCES documents(id)"
        " ON DELETE CASCADE, title_folded TEXT, body_folded TEXT, meta_folded TEXT, body TEXT)"
    )
    if db[SEARCH_TABLE].detect_fts():  # type: ignore[union-attr]
        return
    try:
        db[SEARCH_TABLE].enable_fts(  # type: ignore[union-attr]
            ["title_folded", "meta_folded", "body_folded"], create_triggers=True, tokenize="unicode61"
        )
    except sqlite3.OperationalError as exc:
        if "already exists" not in str(exc):
            raise
        _wait_for_triggers(db)


FTS_TRIGGERS = {f"{SEARCH_TABLE}_ai", f"{SEARCH_TABLE}_ad", f"{SEARCH_TABLE}_au"}  # sqlite-utils' names


def _wait_for_triggers(db: sqlite_utils.Database, seconds: float = 10.0) -> None:
    """Another process is creating the FTS index: wait until its triggers exist."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()}
        if FTS_TRIGGERS <= names:
            return
        time.sleep(0.05)
    raise sqlite3.OperationalError("the search index was being created by another process and is still incomplete")


def index_row(doc_id: str, number: str | None, title: str | None, issuer: str | None, text: str) -> dict[str, Any]:
    meta = " ".join(x for x in (number, issuer) if x)
    return {
        "document_id": doc_id,
        "title_folded": fold_same_length(title or ""),
        "meta_folded": fold_same_length(meta),
        "body_folded": fold_same_length(text),
        "body": text,
    }


def fts_query(query: str) -> str:
    """Folded words as FTS5 terms (quoted, so symbols like 35/KH-LĐLĐ are literal)."""
    words = regex.findall(r"[\p{L}\d]+", fold_same_length(query))
    return " ".join(f'"{w}"' for w in words)


def _snippet(body: str, folded: str, words: list[str]) -> str:
    phrase = regex.search(r"(?<![\p{L}\d])" + r"[^\p{L}\d]+".join(regex.escape(w) for w in words), folded)
    if phrase:
        at = phrase.start()
    else:
        hits = [m.start() for w in words
                for m in [regex.search(rf"(?<![\p{{L}}\d]){regex.escape(w)}(?![\p{{L}}\d])", folded)] if m]
        at = min(hits) if hits else 0
    start = max(0, at - SNIPPET_CHARS // 2)
    end = min(len(body), at + SNIPPET_CHARS)
    piece = " ".join(body[start:end].split())
    return ("…" if start > 0 else "") + piece + ("…" if end < len(body) else "")


def search(conn: sqlite3.Connection, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Documents matching every word of the query, best first (bm25), with a snippet."""
    q = fts_query(query)
    if not q:
        return []
    words = regex.findall(r"[\p{L}\d]+", fold_same_length(query))
    rows = conn.execute(
        f"""SELECT d.id, d.file, d.number, d.doc_type, d.issuer, d.date, d.title, d.kind, s.body, s.body_folded,
                   bm25({SEARCH_TABLE}_fts, 5.0, 3.0, 1.0) AS rank
            FROM {SEARCH_TABLE}_fts JOIN {SEARCH_TABLE} s ON s.rowid = {SEARCH_TABLE}_fts.rowid
            JOIN documents d ON d.id = s.document_id
            WHERE {SEARCH_TABLE}_fts MATCH ? ORDER BY rank LIMIT ?""",
        (q, limit),
    ).fetchall()
    out = []
    for doc_id, file, number, doc_type, issuer, date, title, kind, body, folded, rank in rows:
        out.append({"document_id": doc_id, "file": file, "number": number, "doc_type": doc_type, "issuer": issuer,
                    "date": date, "title": title, "kind": kind, "rank": round(rank, 3),
                    "snippet": _snippet(body or "", folded or "", words)})
    return out
