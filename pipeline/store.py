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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from pipeline import identity, rx
from pipeline.errors import DatabaseError
from pipeline.graph import LEVEL_INDEX_SQL
from pipeline.models import PIPELINE_VERSION, DocumentRecord

# The schema as it stood before schema versions (step 1 of MIGRATIONS creates it; later
# steps change it). Kept as written then: a database made by that version and a new one
# go through the same steps, so they end equal (tests/test_store.py checks).
BASELINE_SQL = """
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
CREATE VIEW IF NOT EXISTS target_rollup AS
    SELECT t.unit_canonical, t.kind, t.year, d.issuer, d.province,
           COUNT(*) AS n, SUM(t.value_num) AS total
    FROM targets t JOIN documents d ON d.id = t.document_id
    GROUP BY t.unit_canonical, t.kind, t.year, d.issuer, d.province;
CREATE VIEW IF NOT EXISTS department_rollup AS
    SELECT department, role, COUNT(*) AS assignments, COUNT(DISTINCT document_id) AS documents
    FROM assignments GROUP BY department, role;
""".replace("{level_index}", LEVEL_INDEX_SQL)


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


# ---- schema versions -------------------------------------------------------------------
# One mechanism creates and upgrades a database: the steps below, run in order from the
# version the database records (PRAGMA user_version; 0 for a new file or one made before
# versions). Steps after the first use sqlite-utils for tables, columns and indexes;
# triggers and views are SQL, which sqlite-utils has no builder for. Step 1 is the old
# schema's own SQL, kept as it was: it is what older databases hold, and running the same
# text for a new one is what makes the two end equal. Rows are inserted with plain SQL
# (_insert, _insert_many) not for speed but for atomicity: sqlite-utils' insert/insert_all
# commit on their own, which would end the savepoint each document is stored in.
LOCK_WAIT_S = 60  # how long a writer waits for another writer's lock before giving up
LOCK_NOTICE_S = 2  # … and after how long it says it is waiting


def _step_baseline(db: sqlite_utils.Database) -> None:
    """1: the schema of the versions before numbered steps, with the columns they added
    to older databases on the way."""
    conn = db.conn
    for table, column, decl in (("files", "json_bytes", "INTEGER"), ("targets", "year", "INTEGER"),
                                ("nodes", "cited_count", "INTEGER NOT NULL DEFAULT 0")):
        cols = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        if cols and column not in cols:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
            if column == "cited_count":
                conn.execute("UPDATE nodes SET cited_count = "
                             "(SELECT COUNT(*) FROM citations c WHERE c.cited_node_id = nodes.id)")
    for stmt in _statements(BASELINE_SQL):
        conn.execute(stmt)


def _step_json_path(db: sqlite_utils.Database) -> None:
    """2: where each file's JSON record was written, so it is removed or moved with its file."""
    db["files"].add_column("json_path", str)  # type: ignore[union-attr]


LABEL_FIELDS = ("doc_type", "issuer")

# How often each cited value of a node's label was cited, kept by triggers, so a node's
# label is decided by a rule (its archived document's own values, else the most frequent
# cited value, ties by value) and never by which citing document was stored first.
LABEL_TRIGGERS = """
CREATE TRIGGER IF NOT EXISTS citations_label_insert AFTER INSERT ON citations BEGIN
    INSERT INTO node_labels (node_id, field, value, n) SELECT NEW.cited_node_id, 'doc_type', NEW.doc_type, 1
        WHERE NEW.doc_type IS NOT NULL ON CONFLICT (node_id, field, value) DO UPDATE SET n = n + 1;
    INSERT INTO node_labels (node_id, field, value, n) SELECT NEW.cited_node_id, 'issuer', NEW.issuer, 1
        WHERE NEW.issuer IS NOT NULL ON CONFLICT (node_id, field, value) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS citations_label_delete AFTER DELETE ON citations BEGIN
    UPDATE node_labels SET n = n - 1 WHERE node_id = OLD.cited_node_id
        AND ((field = 'doc_type' AND value = OLD.doc_type) OR (field = 'issuer' AND value = OLD.issuer));
    DELETE FROM node_labels WHERE node_id = OLD.cited_node_id AND n <= 0;
END;
"""

RELABEL_SQL = "UPDATE nodes SET " + ", ".join(
    f"{f} = COALESCE((SELECT d.{f} FROM documents d WHERE d.id = nodes.document_id), "
    f"(SELECT value FROM node_labels WHERE node_id = nodes.id AND field = '{f}' ORDER BY n DESC, value LIMIT 1))"
    for f in LABEL_FIELDS
)


def _step_node_labels(db: sqlite_utils.Database) -> None:
    """3: node labels by rule (LABEL_TRIGGERS); the counts of an existing graph filled in
    and every node relabelled once."""
    db.create_table(  # Database.create_table: Table.create would commit mid-step
        "node_labels",
        {"node_id": int, "field": str, "value": str, "n": int}, pk=("node_id", "field", "value"),
        not_null={"node_id", "field", "value", "n"}, if_not_exists=True,
    )
    for stmt in _statements(LABEL_TRIGGERS):
        db.conn.execute(stmt)
    for f in LABEL_FIELDS:
        db.conn.execute(
            f"INSERT INTO node_labels (node_id, field, value, n) SELECT cited_node_id, '{f}', {f}, COUNT(*) "
            f"FROM citations WHERE {f} IS NOT NULL GROUP BY cited_node_id, {f}"
        )
    # a node's archived document: the smallest id among the documents keyed to it
    db.conn.execute("UPDATE nodes SET document_id = (SELECT MIN(id) FROM documents d WHERE d.node_id = nodes.id)"
                    " WHERE document_id IS NOT NULL")
    db.conn.execute(RELABEL_SQL)


def _target_rollup_sql() -> str:
    """Targets by unit, kind, year, issuer and province: counts added (total), shares (a unit
    whose measure is "ratio" in units.json: %) averaged (mean), never added. The units are
    read when the step runs: a unit made a ratio later needs a step of its own."""
    from pipeline import vocab

    ratio = ", ".join("'" + u.canonical.replace("'", "''") + "'" for u in vocab.units().units
                      if u.measure == "ratio") or "NULL"
    return f"""
    SELECT t.unit_canonical, t.kind, t.year, d.issuer, d.province, COUNT(*) AS n,
           SUM(CASE WHEN t.unit_canonical IN ({ratio}) THEN NULL ELSE t.value_num END) AS total,
           AVG(CASE WHEN t.unit_canonical IN ({ratio}) THEN t.value_num END) AS mean
    FROM targets t JOIN documents d ON d.id = t.document_id
    GROUP BY t.unit_canonical, t.kind, t.year, d.issuer, d.province"""


def _step_rollup_shares(db: sqlite_utils.Database) -> None:
    """4: target_rollup no longer adds percentages: total for counts, mean for shares."""
    db.conn.execute("DROP VIEW IF EXISTS target_rollup")
    db.conn.execute(f"CREATE VIEW target_rollup AS {_target_rollup_sql()}")


MIGRATIONS = [_step_baseline, _step_json_path, _step_node_labels, _step_rollup_shares]
SCHEMA_VERSION = len(MIGRATIONS)


def check_version(path: Path, conn: sqlite3.Connection, write: bool) -> int:
    """The database's schema version, after refusing, in one line, a file that is not a
    vanban database or one made by a newer vanban. An older one is read as it is (read
    commands ask nothing the steps since added) and upgraded only by a writer."""
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise _db_error(path, exc) from None
    if version > SCHEMA_VERSION:
        raise DatabaseError(str(path), f"made by a newer vanban (schema {version}, this one knows up to "
                                       f"{SCHEMA_VERSION}): upgrade vanban to use it")
    if (tables or not write) and "documents" not in tables:
        raise DatabaseError(str(path), "not a vanban database (no documents table): give another --db")
    return int(version)


def _db_error(path: Path, exc: sqlite3.DatabaseError) -> DatabaseError:
    """One line for what SQLite says when opening fails."""
    msg = str(exc)
    if "not a database" in msg or "malformed" in msg:
        return DatabaseError(str(path), f"not a vanban database ({msg}): give another --db")
    if "locked" in msg or "busy" in msg:
        return DatabaseError(str(path), f"locked by another vanban for over {LOCK_WAIT_S} s: wait for it to finish")
    if "readonly" in msg or "read-only" in msg or "unable to open" in msg:
        return DatabaseError(str(path), f"cannot write the database here ({msg}): give a --db in a writable folder")
    if "disk is full" in msg or "disk I/O" in msg:
        return DatabaseError(str(path), f"{msg}: free space and run again")
    return DatabaseError(str(path), f"database error: {msg}")


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """mode=ro: never creates the file nor its WAL; when even that cannot open (a WAL
    database in a folder we may not write, without its -shm), immutable."""
    from urllib.parse import quote

    if not path.is_file():
        raise DatabaseError(str(path), f"no database yet (run: vanban extract corpus --db {path})")
    uri = "file:" + quote(str(path.resolve()))
    for mode in ("?mode=ro", "?mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(uri + mode, uri=True, timeout=10, isolation_level=None)
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError as exc:
            if "unable to open" not in str(exc) and "readonly" not in str(exc):
                raise _db_error(path, exc) from None
        except sqlite3.DatabaseError as exc:
            raise _db_error(path, exc) from None
    raise DatabaseError(str(path), "cannot open the database to read it")


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

    def __init__(self, path: str | Path, readonly: bool = False,
                 on_wait: Callable[[str], None] | None = None) -> None:
        """Open for writing (created or migrated to SCHEMA_VERSION), or with readonly for the
        read commands: opened mode=ro, never created nor migrated, refused with one line when
        it is not a vanban database or not of this schema version."""
        self._group: _Group | None = None
        self.path = Path(path)
        self.readonly = readonly
        self._on_wait = on_wait
        if readonly:
            self.db = sqlite_utils.Database(_connect_readonly(self.path))
            check_version(self.path, self.conn, write=False)
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(self.path), timeout=LOCK_WAIT_S, isolation_level=None)
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            raise _db_error(self.path, exc) from None
        except OSError as exc:
            raise DatabaseError(str(self.path), f"cannot create the database here ({exc.strerror})") from None
        self.db = sqlite_utils.Database(conn)
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA busy_timeout={LOCK_NOTICE_S * 1000}")
        try:
            conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError:
            pass
        conn.execute("PRAGMA synchronous=NORMAL")
        try:
            self._migrate()
            from pipeline import graph, search

            with self._tx():
                graph.create_views(conn)
            search.ensure_index(self.db)
        except sqlite3.DatabaseError as exc:
            raise _db_error(self.path, exc) from None

    def _migrate(self) -> None:
        """Run the MIGRATIONS steps this database has not had, each in its own transaction
        with the version it reaches (a new database is simply at version 0)."""
        version = check_version(self.path, self.conn, write=True)
        while version < SCHEMA_VERSION:
            with self._tx():
                # another process may have run this step while we waited for the lock
                version = self.conn.execute("PRAGMA user_version").fetchone()[0]
                if version >= SCHEMA_VERSION:
                    break
                MIGRATIONS[version](self.db)
                version += 1
                self.conn.execute(f"PRAGMA user_version = {version}")

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
                    store._begin()
                    return
                if not store.conn.in_transaction:
                    store._begin()
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

    def _begin(self) -> None:
        """BEGIN IMMEDIATE; when another writer holds the lock past LOCK_NOTICE_S, say so
        (on_wait) and wait up to LOCK_WAIT_S before giving up."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
        if self._on_wait is not None:
            self._on_wait(f"{self.path}: another vanban is writing to it; waiting up to {LOCK_WAIT_S} s")
        self.conn.execute(f"PRAGMA busy_timeout={max(0, LOCK_WAIT_S - LOCK_NOTICE_S) * 1000}")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        finally:
            self.conn.execute(f"PRAGMA busy_timeout={LOCK_NOTICE_S * 1000}")

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
                "SELECT path, size, mtime, sha256, status, pipeline_version, json_bytes, json_path FROM files"
                f" WHERE path IN ({', '.join('?' * len(part))})", part
            )
            for r in cur:
                out[r[0]] = {"size": r[1], "mtime": r[2], "sha256": r[3], "status": r[4], "pipeline_version": r[5],
                             "json_bytes": r[6], "json_path": r[7]}
        return out

    def touch_file(self, path: str, size: int, mtime: float) -> None:
        with self._tx():
            self.conn.execute(
                "UPDATE files SET size = ?, mtime = ?, seen_at = ? WHERE path = ?", (size, mtime, time.time(), path)
            )

    def record_failure(self, path: str, size: int | None, mtime: float | None, sha256: str | None,
                       error: str) -> str | None:
        """The file's row becomes a failure and its document goes (unless another file holds
        it); returns the JSON record it had, for the caller to remove."""
        with self._tx():
            old = self.conn.execute("SELECT json_path FROM files WHERE path = ?", (path,)).fetchone()
            self._drop_file_document(path)
            self.conn.execute(
                "INSERT OR REPLACE INTO files (path, size, mtime, sha256, format, status, error, document_id,"
                " pipeline_version, seen_at) VALUES (?, ?, ?, ?, NULL, 'failed', ?, NULL, ?, ?)",
                (path, size, mtime, sha256, error, PIPELINE_VERSION, time.time()),
            )
        return old[0] if old else None

    def mark_deleted(self, paths: list[str]) -> tuple[int, list[str]]:
        """Files no longer there: their documents go (with edges, targets, assignments and
        search rows) unless another file holds the same content. Returns how many, and
        the JSON records they had, for the caller to remove."""
        n = 0
        stale: list[str] = []
        with self._tx():
            for p in paths:
                old = self.conn.execute("SELECT json_path FROM files WHERE path = ?", (p,)).fetchone()
                self._drop_file_document(p)
                cur = self.conn.execute(
                    "UPDATE files SET status = 'deleted', document_id = NULL, json_path = NULL, json_bytes = NULL,"
                    " seen_at = ? WHERE path = ? AND status != 'deleted'",
                    (time.time(), p),
                )
                n += cur.rowcount
                if old and old[0]:
                    stale.append(old[0])
        return n, stale

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
        """A document and the further documents found in the same file (id#2, id#3 …); the
        nodes it owned or cited are relabelled (another document of the same key takes its
        node)."""
        # "id#2", "id#3" … sort between "id#" and "id$": a range the primary key index answers
        lo, hi = doc_id + "#", doc_id + "$"
        docs = "(id = ? OR (id >= ? AND id < ?))"
        touched = {r[0] for r in self.conn.execute(
            f"SELECT node_id FROM documents WHERE {docs} UNION SELECT cited_node_id FROM citations "
            f"WHERE citing_document_id = ? OR (citing_document_id >= ? AND citing_document_id < ?)",
            (doc_id, lo, hi, doc_id, lo, hi))}
        if not touched:
            return
        self.conn.execute(
            "UPDATE nodes SET document_id = NULL WHERE document_id = ? OR (document_id >= ? AND document_id < ?)",
            (doc_id, lo, hi),
        )
        self.conn.execute("UPDATE files SET document_id = NULL WHERE document_id = ?", (doc_id,))
        self.conn.execute(f"DELETE FROM documents WHERE {docs}", (doc_id, lo, hi))
        self._relabel(touched, reown=True)

    def _relabel(self, node_ids: set[int], reown: bool = False) -> None:
        """Labels by rule (RELABEL_SQL); with reown, a node without its document takes the
        smallest id among the documents still keyed to it."""
        for nid in node_ids:
            if reown:
                self.conn.execute(
                    "UPDATE nodes SET document_id = (SELECT MIN(id) FROM documents d WHERE d.node_id = nodes.id)"
                    " WHERE id = ? AND document_id IS NULL", (nid,))
            self.conn.execute(RELABEL_SQL + " WHERE id = ?", (nid,))

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
        """The node of a key, made when new; its labels are set by _relabel afterwards."""
        row = self.conn.execute("SELECT id FROM nodes WHERE key = ?", (key,)).fetchone()
        if row:
            return int(row[0])
        cur = self.conn.execute(
            "INSERT INTO nodes (key, number, number_norm, doc_type, year, issuer, resolved) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key, number, identity.symbol(number) if number else None, doc_type, year, issuer, int(resolved)),
        )
        return int(cur.lastrowid or 0)

    def save(
        self, record: DocumentRecord, path: str, mtime: float, text: str | None = None, record_json: str | None = None,
        json_bytes: int | None = None, json_path: str | None = None,
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
                " pipeline_version, seen_at, json_bytes, json_path) VALUES (?, ?, ?, ?, ?, 'ok', NULL, ?, ?, ?, ?, ?)",
                (path, record.source.size, mtime, record.id, record.source.format, record.id,
                 PIPELINE_VERSION, time.time(), json_bytes, json_path),
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
        # a node's document: the smallest id among those keyed to it, whatever came first
        self.conn.execute(
            "UPDATE nodes SET document_id = ? WHERE id = ? AND (document_id IS NULL OR document_id > ?)",
            (record.id, node_id, record.id),
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
        self._relabel({node_id, *(r["cited_node_id"] for r in citation_rows)})
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
                  json_bytes: int | None = None, json_path: str | None = None) -> None:
        """A path whose content is already in the archive: the same document, one more file
        row; the document the path held before goes when no other file holds it."""
        with self._tx():
            old = self.conn.execute("SELECT document_id FROM files WHERE path = ?", (path,)).fetchone()
            if old and old[0] and old[0] != sha256:
                self._drop_file_document(path)
            self.conn.execute(
                "INSERT OR REPLACE INTO files (path, size, mtime, sha256, format, status, error, document_id,"
                " pipeline_version, seen_at, json_bytes, json_path) VALUES (?, ?, ?, ?, ?, 'ok', NULL, ?, ?, ?, ?, ?)",
                (path, size, mtime, sha256, fmt, sha256, PIPELINE_VERSION, time.time(), json_bytes, json_path),
            )

    def record_json(self, doc_id: str) -> str | None:
        row = self.conn.execute("SELECT record FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def failures(self) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT path, error, seen_at FROM files WHERE status = 'failed' ORDER BY path")
        return [{"path": p, "error": e, "seen_at": s} for p, e, s in rows]


def schema_sql() -> str:
    """The schema a new database gets (schemas/database.sql), read back from one made by
    the migration steps: what is documented is what runs."""
    store = Store(":memory:")
    rows = store.conn.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY CASE type WHEN 'table' THEN 0 "
        "WHEN 'index' THEN 1 WHEN 'trigger' THEN 2 ELSE 3 END, rowid").fetchall()
    store.close()
    return f"PRAGMA user_version = {SCHEMA_VERSION};\n" + "".join(f"{r[0]};\n" for r in rows)
