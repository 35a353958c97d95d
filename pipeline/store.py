"""SQLite storage through sqlite-utils: documents keyed by content hash, a row per file
path seen (failures included), and the citation graph as nodes and edges.

Identity is conservative (eyecite's resolver): a cited document gets a node keyed on
(normalized symbol, year, issuer without its organ); when any part is unknown the node
is unresolved and keyed uniquely, so it never merges with another. When a cited document
arrives in the archive, its node is the one the citations already point to.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from pipeline import identity, rx
from pipeline.graph import LEVEL_INDEX_SQL
from pipeline.models import PIPELINE_VERSION, DocumentRecord

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,            -- sha256 of the file content
    file TEXT, path TEXT, kind TEXT,
    number TEXT, doc_type TEXT, issuer TEXT, place TEXT, date TEXT, year INTEGER, title TEXT,
    signer_name TEXT, signer_position TEXT, signer_authority TEXT,
    province TEXT,
    node_id INTEGER,
    warnings TEXT,                  -- JSON list
    record TEXT,                    -- the full JSON record
    pipeline_version TEXT
);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    size INTEGER, mtime REAL, sha256 TEXT, format TEXT,
    status TEXT NOT NULL,           -- ok | failed | deleted
    error TEXT,                     -- one-line reason when failed
    document_id TEXT REFERENCES documents(id) ON DELETE SET NULL,
    pipeline_version TEXT,
    seen_at REAL,
    json_bytes INTEGER              -- size of the JSON record written for it (a torn or edited one differs)
);
CREATE TABLE IF NOT EXISTS nodes (
    id INTEGER PRIMARY KEY,
    key TEXT UNIQUE,                -- number|year|issuer, or unresolved:… / doc:…
    number TEXT, number_norm TEXT, doc_type TEXT, year INTEGER, issuer TEXT,
    resolved INTEGER NOT NULL DEFAULT 1,
    document_id TEXT REFERENCES documents(id) ON DELETE SET NULL,
    cited_count INTEGER NOT NULL DEFAULT 0  -- citing documents; kept by the triggers below
);
CREATE TABLE IF NOT EXISTS citations (
    id INTEGER PRIMARY KEY,
    citing_document_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
    citing_node_id INTEGER REFERENCES nodes(id),
    cited_node_id INTEGER REFERENCES nodes(id),
    basis INTEGER,
    number TEXT, doc_type TEXT, date TEXT, issuer TEXT, title TEXT,
    mentions TEXT                   -- JSON list of provenance
);
CREATE TABLE IF NOT EXISTS targets (
    id INTEGER PRIMARY KEY,
    document_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
    value TEXT, value_num REAL, value_max TEXT,
    unit TEXT, unit_canonical TEXT, kind TEXT, text TEXT, action TEXT, "of" TEXT, bound TEXT,
    period TEXT, responsible TEXT,
    year INTEGER,                   -- the year the target is for: its period's, else the document's
    start INTEGER, "end" INTEGER, source_start INTEGER, source_end INTEGER, page INTEGER
);
CREATE TABLE IF NOT EXISTS assignments (
    id INTEGER PRIMARY KEY,
    document_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
    department TEXT, role TEXT, tasks TEXT, deadline TEXT,
    start INTEGER, "end" INTEGER, source_start INTEGER, source_end INTEGER
);
CREATE INDEX IF NOT EXISTS citations_citing ON citations(citing_node_id, cited_node_id);
CREATE INDEX IF NOT EXISTS citations_cited ON citations(cited_node_id, citing_node_id);
CREATE INDEX IF NOT EXISTS citations_doc ON citations(citing_document_id);
CREATE INDEX IF NOT EXISTS nodes_number_norm ON nodes(number_norm);
CREATE INDEX IF NOT EXISTS nodes_document ON nodes(document_id);
CREATE INDEX IF NOT EXISTS documents_node ON documents(node_id);
CREATE INDEX IF NOT EXISTS files_document ON files(document_id);
CREATE INDEX IF NOT EXISTS files_sha256 ON files(sha256);
CREATE INDEX IF NOT EXISTS targets_doc ON targets(document_id);
CREATE INDEX IF NOT EXISTS targets_unit ON targets(unit_canonical, kind);
CREATE INDEX IF NOT EXISTS assignments_doc ON assignments(document_id);
CREATE INDEX IF NOT EXISTS nodes_cited ON nodes(cited_count DESC);
-- the order of the rows at one depth of a walk (graph.LEVEL_ORDER, graph.LEVEL_INDEX_SQL)
{level_index}
CREATE INDEX IF NOT EXISTS nodes_year_cited ON nodes(year, cited_count DESC);
CREATE INDEX IF NOT EXISTS nodes_missing ON nodes(cited_count DESC) WHERE document_id IS NULL AND number IS NOT NULL;
CREATE TRIGGER IF NOT EXISTS citations_count_insert AFTER INSERT ON citations BEGIN
    UPDATE nodes SET cited_count = cited_count + 1 WHERE id = NEW.cited_node_id;
END;
CREATE TRIGGER IF NOT EXISTS citations_count_delete AFTER DELETE ON citations BEGIN
    UPDATE nodes SET cited_count = cited_count - 1 WHERE id = OLD.cited_node_id;
END;
CREATE VIEW IF NOT EXISTS target_rollup AS {target_rollup};
CREATE VIEW IF NOT EXISTS department_rollup AS
    SELECT department, role, COUNT(*) AS assignments, COUNT(DISTINCT document_id) AS documents
    FROM assignments GROUP BY department, role;
"""


def _target_rollup_sql() -> str:
    """Targets by unit, kind, year, issuer and province: counts added (total), shares (a unit
    whose measure is "ratio" in units.json: %) averaged (mean), never added."""
    from pipeline import vocab

    ratio = ", ".join("'" + u.canonical.replace("'", "''") + "'" for u in vocab.units().units
                      if u.measure == "ratio") or "NULL"
    return f"""
    SELECT t.unit_canonical, t.kind, t.year, d.issuer, d.province, COUNT(*) AS n,
           SUM(CASE WHEN t.unit_canonical IN ({ratio}) THEN NULL ELSE t.value_num END) AS total,
           AVG(CASE WHEN t.unit_canonical IN ({ratio}) THEN t.value_num END) AS mean
    FROM targets t JOIN documents d ON d.id = t.document_id
    GROUP BY t.unit_canonical, t.kind, t.year, d.issuer, d.province"""


TARGET_ROLLUP_SQL = _target_rollup_sql()
SCHEMA = SCHEMA.replace("{level_index}", LEVEL_INDEX_SQL).replace("{target_rollup}", TARGET_ROLLUP_SQL)


def _target_year(period: str | None) -> int | None:
    m = rx.search(r"(?:19|20)\d\d", period or "")
    return int(m.group(0)) if m else None


def _statements(script: str) -> list[str]:
    """The statements of a script, split where sqlite3 says one is complete (triggers
    hold ';' inside BEGIN … END)."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    return out


def document_key(record: DocumentRecord) -> str | None:
    """Identity of an archived document, built like a citation's key."""
    d = record.document
    return identity.node_key(d.number, d.date.year if d.date else None, d.issuer)


class _Group:
    """When an open group of documents is due for its commit."""

    def __init__(self, max_docs: int, max_seconds: float) -> None:
        self.max_docs, self.max_seconds = max_docs, max_seconds
        self.restart()

    def restart(self) -> None:
        self.pending, self.started = 0, time.monotonic()

    def due(self) -> bool:
        return self.pending >= self.max_docs or time.monotonic() - self.started >= self.max_seconds


class Store:
    """One vanban database. Every write of a document is atomic: its own transaction,
    or a savepoint inside `grouped()`."""

    def __init__(self, path: str | Path) -> None:
        self._group: _Group | None = None
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(self.path), timeout=60, isolation_level=None)
        self.db = sqlite_utils.Database(conn)
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=60000")
        try:
            conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError:
            pass
        conn.execute("PRAGMA synchronous=NORMAL")
        with self._tx():
            self._migrate()
            for stmt in _statements(SCHEMA):
                conn.execute(stmt)
            stored = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'target_rollup'").fetchone()
            if stored and stored[0] != f"CREATE VIEW target_rollup AS {TARGET_ROLLUP_SQL}":  # an older version's
                conn.execute("DROP VIEW target_rollup")
                conn.execute(f"CREATE VIEW target_rollup AS {TARGET_ROLLUP_SQL}")
        from pipeline import graph, search

        with self._tx():
            graph.create_views(conn)
        search.ensure_index(self.db)

    def _migrate(self) -> None:
        """Bring a database made by an earlier version up to this schema."""
        fcols = {r[1] for r in self.conn.execute("PRAGMA table_info(files)")}
        if fcols and "json_bytes" not in fcols:
            self.conn.execute("ALTER TABLE files ADD COLUMN json_bytes INTEGER")
        tcols = {r[1] for r in self.conn.execute("PRAGMA table_info(targets)")}
        if tcols and "year" not in tcols:
            self.conn.execute("ALTER TABLE targets ADD COLUMN year INTEGER")
        cols = {r[1] for r in self.conn.execute("PRAGMA table_info(nodes)")}
        if cols and "cited_count" not in cols:
            self.conn.execute("ALTER TABLE nodes ADD COLUMN cited_count INTEGER NOT NULL DEFAULT 0")
            self.conn.execute(
                "UPDATE nodes SET cited_count = (SELECT COUNT(*) FROM citations c WHERE c.cited_node_id = nodes.id)"
            )

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def _tx(self) -> Any:
        """One document's writes, all or nothing. Inside `grouped()` this is a savepoint of
        the group's transaction (a failure undoes this document only), which opens on the
        first write after a commit; otherwise its own transaction."""
        store = self

        class _Tx:
            def __enter__(self) -> None:
                group = store._group
                if group is None:
                    store.conn.execute("BEGIN IMMEDIATE")
                    return
                if not store.conn.in_transaction:
                    store.conn.execute("BEGIN IMMEDIATE")
                    group.restart()
                store.conn.execute("SAVEPOINT doc")

            def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
                group = store._group
                if group is None:
                    store.conn.execute("ROLLBACK" if exc_type else "COMMIT")
                    return
                if exc_type:
                    store.conn.execute("ROLLBACK TO doc")
                store.conn.execute("RELEASE doc")
                group.pending += 1
                if group.due():
                    store.flush()

        return _Tx()

    def flush(self) -> None:
        """Commit the open group now. The batch calls this before it waits for workers, so
        the write lock is held only while documents are being stored: another process
        writing to the same database gets its turn."""
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")
        if self._group is not None:
            self._group.restart()

    @contextmanager
    def grouped(self, max_docs: int = 500, max_seconds: float = 0.25) -> Iterator[None]:
        """Commit many documents at once during a batch. A commit writes every page a
        document touched (rows, five indexes, the search index); shared pages make a group
        of documents cost little more than one (store: 1.1 → 0.5 ms per document). Each
        document stays atomic (a savepoint), and a crash loses at most the open group,
        whose files are then simply extracted again on the next run. A group ends at
        max_docs, after max_seconds, or at `flush()`."""
        if self._group:
            yield
            return
        self._group = _Group(max_docs, max_seconds)
        try:
            yield
        finally:
            self._group = None
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    # ---- files ---------------------------------------------------------------
    def file_row(self, path: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT * FROM files WHERE path = ?", (path,)).fetchone()
        if row is None:
            return None
        cols = [d[0] for d in self.conn.execute("SELECT * FROM files LIMIT 0").description]
        return dict(zip(cols, row))

    def file_rows(self, paths: list[str]) -> dict[str, dict[str, Any]]:
        """The rows of these files by path, in one query (the batch asks 512 at a time)."""
        out: dict[str, dict[str, Any]] = {}
        for i in range(0, len(paths), 900):  # under SQLite's limit of bound parameters
            part = paths[i : i + 900]
            cur = self.conn.execute(
                "SELECT path, size, mtime, sha256, status, pipeline_version, json_bytes FROM files"
                f" WHERE path IN ({', '.join('?' * len(part))})", part
            )
            for r in cur:
                out[r[0]] = {"size": r[1], "mtime": r[2], "sha256": r[3], "status": r[4], "pipeline_version": r[5],
                             "json_bytes": r[6]}
        return out

    def touch_file(self, path: str, size: int, mtime: float) -> None:
        with self._tx():
            self.conn.execute(
                "UPDATE files SET size = ?, mtime = ?, seen_at = ? WHERE path = ?", (size, mtime, time.time(), path)
            )

    def record_failure(self, path: str, size: int | None, mtime: float | None, sha256: str | None, error: str) -> None:
        with self._tx():
            self._drop_file_document(path)
            self.conn.execute(
                "INSERT OR REPLACE INTO files (path, size, mtime, sha256, format, status, error, document_id,"
                " pipeline_version, seen_at) VALUES (?, ?, ?, ?, NULL, 'failed', ?, NULL, ?, ?)",
                (path, size, mtime, sha256, error, PIPELINE_VERSION, time.time()),
            )

    def mark_deleted(self, paths: list[str]) -> int:
        n = 0
        with self._tx():
            for p in paths:
                self._drop_file_document(p)
                cur = self.conn.execute(
                    "UPDATE files SET status = 'deleted', document_id = NULL, seen_at = ? WHERE path = ? AND status != 'deleted'",
                    (time.time(), p),
                )
                n += cur.rowcount
        return n

    def known_paths(self, under: str) -> list[str]:
        like = under.rstrip("/") + "/%"
        rows = self.conn.execute(
            "SELECT path FROM files WHERE (path LIKE ? OR path = ?) AND status != 'deleted'", (like, under)
        )
        return [r[0] for r in rows]

    def _drop_file_document(self, path: str) -> None:
        """Forget the document a path held, when no other path holds the same content."""
        row = self.conn.execute("SELECT document_id FROM files WHERE path = ?", (path,)).fetchone()
        if not row or not row[0]:
            return
        doc_id = row[0]
        others = self.conn.execute(
            "SELECT COUNT(*) FROM files WHERE document_id = ? AND path != ? AND status = 'ok'", (doc_id, path)
        ).fetchone()[0]
        if others == 0:
            self._delete_document(doc_id)

    def _delete_document(self, doc_id: str) -> None:
        """A document and the further documents found in the same file (id#2, id#3 …)."""
        # "id#2", "id#3" … sort between "id#" and "id$": a range the primary key index answers
        lo, hi = doc_id + "#", doc_id + "$"
        self.conn.execute(
            "UPDATE nodes SET document_id = NULL WHERE document_id = ? OR (document_id >= ? AND document_id < ?)",
            (doc_id, lo, hi),
        )
        self.conn.execute("UPDATE files SET document_id = NULL WHERE document_id = ?", (doc_id,))
        self.conn.execute("DELETE FROM documents WHERE id = ? OR (id >= ? AND id < ?)", (doc_id, lo, hi))

    # ---- documents -------------------------------------------------------------
    def _insert_many(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        cols = ", ".join(f'"{c}"' for c in rows[0])
        marks = ", ".join("?" for _ in rows[0])
        self.conn.executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', [list(r.values()) for r in rows])

    def _insert(self, table: str, row: dict[str, Any]) -> None:
        """Plain INSERT inside the caller's transaction (sqlite-utils' insert commits on its own)."""
        cols = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("?" for _ in row)
        self.conn.execute(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', list(row.values()))

    def _node(self, key: str, number: str | None, doc_type: str | None, year: int | None,
              issuer: str | None, resolved: bool) -> int:
        row = self.conn.execute("SELECT id, doc_type, issuer FROM nodes WHERE key = ?", (key,)).fetchone()
        if row:
            if (row[1] is None and doc_type) or (row[2] is None and issuer):
                self.conn.execute(
                    "UPDATE nodes SET doc_type = COALESCE(doc_type, ?), issuer = COALESCE(issuer, ?) WHERE id = ?",
                    (doc_type, issuer, row[0]),
                )
            return int(row[0])
        cur = self.conn.execute(
            "INSERT INTO nodes (key, number, number_norm, doc_type, year, issuer, resolved) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key, number, identity.symbol(number) if number else None, doc_type, year, issuer, int(resolved)),
        )
        return int(cur.lastrowid or 0)

    def save(
        self, record: DocumentRecord, path: str, mtime: float, text: str | None = None, record_json: str | None = None,
        json_bytes: int | None = None,
    ) -> None:
        """Store one record and its file row in one transaction (a crash leaves none of it).
        record_json, when the caller has it already, saves serialising the record again."""
        with self._tx():
            old = self.conn.execute("SELECT document_id FROM files WHERE path = ?", (path,)).fetchone()
            if old and old[0] and old[0] != record.id:
                self._drop_file_document(path)
            self._delete_document(record.id)
            self._save_document(record, path, record_json)
            for part in record.parts:
                self._save_document(part, path)
            if text is not None:
                from pipeline.search import SEARCH_TABLE, index_row

                for rec in (record, *record.parts):  # the old rows went with the documents (cascade)
                    row = index_row(rec.id, rec.document.number, rec.document.title, rec.document.issuer, text)
                    self._insert(SEARCH_TABLE, row)
            self.conn.execute(
                "INSERT OR REPLACE INTO files (path, size, mtime, sha256, format, status, error, document_id,"
                " pipeline_version, seen_at, json_bytes) VALUES (?, ?, ?, ?, ?, 'ok', NULL, ?, ?, ?, ?)",
                (path, record.source.size, mtime, record.id, record.source.format, record.id,
                 PIPELINE_VERSION, time.time(), json_bytes),
            )
            self.conn.execute(
                "UPDATE files SET document_id = ? WHERE sha256 = ? AND status = 'ok'", (record.id, record.id)
            )

    def _save_document(self, record: DocumentRecord, path: str, record_json: str | None = None) -> None:
        """The rows of one document (the caller holds the transaction)."""
        d = record.document
        key = document_key(record)
        year = d.date.year if d.date else None
        node_id = self._node(
            key or f"doc:{record.id}", d.number, d.doc_type, year, d.issuer, resolved=key is not None
        )
        signer = d.signer
        self._insert("documents", 
            {
                "id": record.id, "file": record.file, "path": path, "kind": record.kind,
                "number": d.number, "doc_type": d.doc_type, "issuer": d.issuer, "place": d.place,
                "date": d.date.isoformat() if d.date else None, "year": year, "title": d.title,
                "signer_name": signer.name if signer else None,
                "signer_position": signer.position if signer else None,
                "signer_authority": signer.authority if signer else None,
                "province": record.province, "node_id": node_id,
                "warnings": json.dumps(record.warnings, ensure_ascii=False),
                "record": record_json or record.model_dump_json(), "pipeline_version": record.pipeline_version,
            },
        )
        self.conn.execute(
            "UPDATE nodes SET document_id = ? WHERE id = ? AND document_id IS NULL", (record.id, node_id)
        )
        citation_rows = []
        for i, c in enumerate(record.citations):
            ckey = c.key or f"unresolved:{record.id}:{i}"
            cited = self._node(ckey, c.number, c.doc_type, c.year, c.issuer, resolved=c.key is not None)
            citation_rows.append({
                "citing_document_id": record.id, "citing_node_id": node_id, "cited_node_id": cited,
                "basis": int(c.basis), "number": c.number, "doc_type": c.doc_type,
                "date": c.date.isoformat() if c.date else None, "issuer": c.issuer, "title": c.title,
                "mentions": json.dumps([m.model_dump() for m in c.mentions]),
            })
        self._insert_many("citations", citation_rows)
        self._insert_many("targets", [
            {
                "document_id": record.id, "value": str(t.value), "value_num": float(t.value),
                "value_max": str(t.value_max) if t.value_max is not None else None,
                "unit": t.unit, "unit_canonical": t.unit_canonical, "kind": t.kind, "text": t.text,
                "action": t.action, "of": t.of, "bound": t.bound, "period": t.period,
                "responsible": t.responsible, "year": _target_year(t.period) or year,
                "start": t.span.start, "end": t.span.end,
                "source_start": t.span.source_start, "source_end": t.span.source_end, "page": t.span.page,
            }
            for t in record.targets
        ])
        self._insert_many("assignments", [
            {
                "document_id": record.id, "department": a.department, "role": a.role,
                "tasks": json.dumps(a.tasks, ensure_ascii=False), "deadline": a.deadline,
                "start": a.span.start, "end": a.span.end,
                "source_start": a.span.source_start, "source_end": a.span.source_end,
            }
            for a in record.assignments
        ])

    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute(
            "SELECT 1 FROM documents WHERE id = ? AND pipeline_version = ?", (doc_id, PIPELINE_VERSION)
        ).fetchone() is not None

    def link_file(self, path: str, size: int, mtime: float, sha256: str, fmt: str | None,
                  json_bytes: int | None = None) -> None:
        """A new path with content already in the archive: the same document, one more file row."""
        with self._tx():
            self.conn.execute(
                "INSERT OR REPLACE INTO files (path, size, mtime, sha256, format, status, error, document_id,"
                " pipeline_version, seen_at, json_bytes) VALUES (?, ?, ?, ?, ?, 'ok', NULL, ?, ?, ?, ?)",
                (path, size, mtime, sha256, fmt, sha256, PIPELINE_VERSION, time.time(), json_bytes),
            )

    def record_json(self, doc_id: str) -> str | None:
        row = self.conn.execute("SELECT record FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def failures(self) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT path, error, seen_at FROM files WHERE status = 'failed' ORDER BY path")
        return [{"path": p, "error": e, "seen_at": s} for p, e, s in rows]
