"""A batch over files and folders: skip what is unchanged, extract the rest (in parallel
workers, one writer), record every failure, mark deleted files, write one JSON per input.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pipeline.errors import VanbanError
from pipeline.ingest import MAX_CHARS
from pipeline.models import PIPELINE_VERSION
from pipeline.store import Store

SKIP_NAMES = {"README.md", ".gitkeep", ".DS_Store", "Thumbs.db"}


@dataclass
class Summary:
    extracted: int = 0
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)
    deleted: int = 0
    aborted: str | None = None  # why the batch stopped early (disk full, database locked), one line


class _Abort(Exception):
    """Going on would only fail the same way for every file (the disk is full)."""


def canonical_roots(paths: list[Path]) -> list[Path]:
    """The inputs resolved (links, '..', the current folder), in order, each once: one
    folder under two spellings is one set of rows."""
    out: list[Path] = []
    for p in paths:
        r = Path(os.path.abspath(p))
        try:
            r = r.resolve()
        except (OSError, RuntimeError):  # a link loop: kept as spelled, reported by the walk
            pass
        if r not in out:
            out.append(r)
    return out


def json_base(roots: list[Path]) -> Path:
    """The folder the JSON tree mirrors: the one root folder, or the deepest folder holding
    every root when several are given (so each root is a folder in the JSON tree and two
    inputs never share a record)."""
    folders = [str(r if r.is_dir() else r.parent) for r in roots]
    return Path(os.path.commonpath(folders)) if folders else Path("/")


def json_path(json_dir: Path, file: Path, base: Path) -> Path:
    """base/a/b.docx → json_dir/a/b.docx.json: the full name kept, so b.docx and b.pdf
    (or b.txt under two roots) never write the same record."""
    f, b = str(file), str(base).rstrip("/") + "/"
    rel = f[len(b):] if f.startswith(b) else str(file.relative_to(base))  # strings: pathlib cost 0.1 ms a file
    return Path(f"{json_dir}/{rel}.json")


def escape_path(path: str | Path) -> str:
    """A path as one printable line: newlines, controls and undecodable bytes escaped."""
    s = str(path)
    if s.isprintable():
        return s
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape", "backslashreplace").decode("ascii")
                   for ch in s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))


def _kind(mode: int) -> str:
    import stat as st

    for test, name in ((st.S_ISFIFO, "a FIFO"), (st.S_ISSOCK, "a socket"), (st.S_ISCHR, "a character device"),
                       (st.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a file"


def _entry_problem(path: Path) -> str | None:
    """Why a path that is neither a folder nor a regular file cannot be read, or None."""
    try:
        st = path.stat()
    except OSError as exc:
        if os.path.islink(path):
            import errno

            if exc.errno == errno.ELOOP:
                return "a symbolic link loop, not a file: remove or fix the link"
            return f"a symbolic link to nothing ({escape_path(os.readlink(path))} is missing): remove or fix the link"
        return f"cannot read it ({exc.strerror})"
    import stat as stmod

    if stmod.S_ISREG(st.st_mode) or stmod.S_ISDIR(st.st_mode):
        return None
    return f"not a regular file ({_kind(st.st_mode)}): vanban reads only files"


# (path, problem): problem is None for a regular file to extract, else why it is refused
Entry = tuple[Path, str | None]


def iter_inputs(paths: list[Path], exclude: Callable[[Path], bool] = lambda p: False) -> Iterator[Entry]:
    """Every input once: folders walked (without following links to folders), hidden files,
    READMEs and excluded paths (the database, the JSON folder) skipped, in sorted path
    order; whatever is not a regular file comes with the reason it is refused."""
    seen: set[Path] = set()
    for root in paths:
        if root.is_dir():
            for entry in _walk(root, exclude):
                if entry[0] not in seen:
                    seen.add(entry[0])
                    yield entry
        elif root not in seen and not exclude(root):
            seen.add(root)
            yield root, _entry_problem(root)


def _walk(folder: Path, exclude: Callable[[Path], bool]) -> Iterator[Entry]:
    """Files under folder in the order sorted(rglob) gives (by path components), one folder
    listed at a time, with an explicit stack (no recursion limit on deep trees); links
    to folders are not followed (no loops)."""
    stack: list[Iterator[os.DirEntry[str]] | None] = []
    try:
        stack.append(iter(sorted(os.scandir(folder), key=lambda e: e.name)))
    except OSError as exc:
        yield folder, f"cannot list this folder ({exc.strerror})"
        return
    while stack:
        it = stack[-1]
        e = next(it, None) if it is not None else None
        if e is None:
            stack.pop()
            continue
        if e.name.startswith(".") or e.name in SKIP_NAMES:
            continue
        p = Path(e.path)
        if exclude(p):
            continue
        try:
            if e.is_file(follow_symlinks=False):  # the common case: one cached stat, no more
                yield p, None
                continue
            is_dir = e.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            try:
                stack.append(iter(sorted(os.scandir(p), key=lambda x: x.name)))
            except OSError as exc:
                yield p, f"cannot list this folder ({exc.strerror})"
            continue
        try:
            regular = e.is_symlink() and p.is_file()  # a link to a file: read through it
        except OSError:
            regular = False
        if e.is_symlink() and not regular:
            try:
                if p.is_dir():  # a link to a folder: not followed (no loops), and not an error
                    continue
            except OSError:
                pass
        yield p, None if regular else _entry_problem(p)


@dataclass(frozen=True)
class Limits:
    """What a batch refuses: files larger than max_bytes, documents of more than max_chars
    characters of text (or a Word file of more XML than the ingest budget), extraction
    longer than timeout_s."""

    max_bytes: int = 50 * 1024 * 1024
    timeout_s: int = 120
    max_chars: int = MAX_CHARS
    ocr: str = "auto"  # PDFs: auto (per page, on evidence), never, force


class _Timeout(Exception):
    pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise _Timeout()


# path, record JSON, error, text, sha256, bytes of the JSON file written, format
Result = tuple[str, str | None, str | None, str | None, str | None, int | None, str | None]


_made_dirs: set[str] = set()


def _write_json(target: str, pretty: str) -> int:
    """The record as pretty JSON; returns its size in bytes, which the database keeps.

    Written in place, not to a temporary file renamed over it: on ext4 the rename cost
    0.25 ms a document, the write 0.03 ms. A write torn by a crash is still caught: the
    size the database records is written only after the JSON, and a record whose size
    differs from it is extracted again on the next run.
    """
    folder = os.path.dirname(target)
    if folder not in _made_dirs:
        _makedirs(folder)
        _made_dirs.add(folder)
    data = (pretty + "\n").encode("utf-8")
    try:
        with open(target, "wb") as fh:
            fh.write(data)
    except OSError:  # disk full, say: no half-written record left behind
        with contextlib.suppress(OSError):
            os.unlink(target)
        raise
    return len(data)


def _makedirs(folder: str) -> None:
    """os.makedirs without its recursion (a tree 1,200 folders deep is mirrored too)."""
    missing: list[str] = []
    while folder and not os.path.isdir(folder):
        missing.append(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    for f in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(f)


_frozen = False


def _freeze_once() -> None:
    """After the first document, everything alive is the pipeline itself (spaCy, compiled
    patterns, vocabularies): move it out of the garbage collector's sight, so its full
    collections stop walking ~90,000 objects that never die (GC 0.14 -> 0.08 ms a document)."""
    global _frozen
    if not _frozen:
        import gc

        gc.collect()
        gc.freeze()
        _frozen = True


def _fail(path: str, message: str) -> Result:
    return path, None, message, None, None, None, None


def _extract_one(job: tuple[str, str | None], limits: Limits = Limits()) -> Result:
    """Worker: extract one file and write its JSON record. Exceptions never escape a
    worker, and no file holds it longer than the time limit."""
    path, json_target = job
    import signal

    import pipeline
    from pipeline.ingest import read_source

    shown = escape_path(path)
    use_alarm = limits.timeout_s > 0 and hasattr(signal, "SIGALRM")
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.alarm(limits.timeout_s)
    try:
        source = read_source(path, max_bytes=limits.max_bytes, max_chars=limits.max_chars, ocr=limits.ocr)
        record, text = pipeline.analyze_source(source)
        _freeze_once()
        payload = record.model_dump_json()
        written = None
        if json_target:  # pydantic's own pretty printer: no second parse of the payload
            written = _write_json(json_target, record.model_dump_json(indent=2))
        return path, payload, None, text, source.sha256, written, source.format
    except VanbanError as exc:
        return _fail(path, f"{shown}: {exc.reason}")
    except _Timeout:
        return _fail(path, f"{shown}: gave up after {limits.timeout_s} s (limit: --timeout)")
    except MemoryError:
        return _fail(path, f"{shown}: exceeded memory while extracting (split the document or raise the memory)")
    except PermissionError:
        return _fail(path, f"{shown}: permission denied: cannot read it (check the file's permissions)")
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            return _fail(path, f"{shown}: disk full while writing its JSON record: free space and run again")
        if exc.errno == errno.EROFS or exc.errno == errno.EACCES:
            return _fail(path, f"{shown}: cannot write its JSON record ({exc.strerror}): give a writable --json-dir")
        return _fail(path, f"{shown}: cannot read it ({exc.strerror or exc})")
    except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
        first = str(exc).splitlines()[0][:200] if str(exc) else ""
        return _fail(path, f"{shown}: internal error {type(exc).__name__}: {first}")
    finally:
        if use_alarm:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)


def _worker_init(parent: int) -> None:
    """Workers exit when the batch's process is gone (kill -9 included): a thread checks
    every half second that their parent is still the one that started them."""
    import threading
    import time

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="vanban-parent-watch").start()


def _drain(
    results: Iterator[Result] | Any,
    total: int,
    handle: Callable[..., None],
    progress: bool,
) -> None:
    """Store results as they come, with a progress bar on a terminal (pipeline.progress:
    files done / total, rate, ETA; failures logged above it)."""
    if progress and total > 1:
        from pipeline.progress import bar

        with bar(total) as b:
            for result in results:
                handle(*result)
                b.advance(ok=result[2] is None)
    else:
        for result in results:
            handle(*result)


T = TypeVar("T")
R = TypeVar("R")


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run_chunk(fn: Callable[[T], R], jobs: list[T]) -> list[R]:
    return [fn(job) for job in jobs]


def _bounded_map(pool: ProcessPoolExecutor, fn: Callable[[T], R], jobs: Iterator[list[T]], window: int,
                 inflight: deque[list[T]], before_wait: Callable[[], None] = lambda: None) -> Iterator[R]:
    """pool.map over chunks of jobs, in order, with at most `window` chunks waiting besides
    the one being read (the next is submitted before it is read, so workers never idle).
    Executor.map submits every job at once and keeps every result until it is read: a
    writer slower than the workers would then hold the whole corpus's records in memory.
    before_wait runs when the next result is not ready yet. `inflight` holds the chunks
    submitted and not yet read, for the caller to retry when a worker dies."""
    pending: deque[Future[list[R]]] = deque()
    for batch in jobs:
        pending.append(pool.submit(_run_chunk, fn, batch))
        inflight.append(batch)
        if len(pending) >= window:
            break
    while pending:
        if not pending[0].done():
            before_wait()  # e.g. commit: nothing is held while the workers work
        results = pending[0].result()
        pending.popleft()
        inflight.popleft()
        nxt = next(jobs, None)
        if nxt is not None:
            pending.append(pool.submit(_run_chunk, fn, nxt))
            inflight.append(nxt)
        yield from results


_PRELOAD = (
    "pipeline", "pipeline.ingest", "pipeline.ingest.text", "pipeline.normalize", "pipeline.nlp", "pipeline.segment",
    "pipeline.extract.header", "pipeline.extract.citations", "pipeline.extract.targets",
    "pipeline.extract.assignments", "pipeline.record",
)


_preloaded = False


def _preload() -> None:
    """The pipeline imported and spaCy's Language built in the batch's process, once, before
    the workers are forked: they inherit them instead of each importing spaCy and compiling
    the patterns again (0.6-0.9 s of CPU a worker). Only modules: no document is read here,
    so a file that kills its worker still kills only a worker. Where workers are spawned,
    not forked, they would import everything anyway: nothing is done."""
    import importlib
    import multiprocessing

    global _preloaded
    if _preloaded or multiprocessing.get_start_method(allow_none=False) != "fork":
        return
    _preloaded = True
    for name in _PRELOAD:
        importlib.import_module(name)
    from pipeline.nlp import build_nlp

    build_nlp()
    # what the workers inherit moved out of the collector's sight before the fork (what
    # _freeze_once does in a worker): a worker's first full collection no longer walks, and
    # so copies page by page, the whole inherited pipeline
    import gc

    gc.collect()
    gc.freeze()


def _pool(workers: int) -> ProcessPoolExecutor:
    _preload()
    return ProcessPoolExecutor(max_workers=workers, initializer=_worker_init, initargs=(os.getpid(),))


def _parallel(fn: Callable[[tuple[str, str | None]], Result], todo: list[tuple[str, str | None]], workers: int,
              before_wait: Callable[[], None]) -> Iterator[Result]:
    """Results of fn over todo from worker processes. A worker that dies (the OOM killer, a
    crash in a C library) breaks the pool: the files it may have held are run again one at
    a time in a fresh pool, and the one whose worker dies again is that file's failure
    ("worker killed"); the batch goes on."""
    from concurrent.futures.process import BrokenProcessPool

    chunk = max(1, min(16, len(todo) // (workers * 8)))
    rest = _chunks(todo, chunk)
    while True:
        inflight: deque[list[tuple[str, str | None]]] = deque()
        pool = _pool(workers)
        try:
            yield from _bounded_map(pool, fn, rest, workers * 4, inflight, before_wait)
            pool.shutdown()
            return
        except BrokenProcessPool:
            pool.shutdown(wait=False, cancel_futures=True)
        except BaseException:  # the writer stopped (disk full, Ctrl-C): no work left running
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        suspects = [job for batch in inflight for job in batch]
        single = _pool(1)
        for job in suspects:
            try:
                result = single.submit(fn, job).result()
            except BrokenProcessPool:
                single.shutdown(wait=False, cancel_futures=True)
                single = _pool(1)
                result = _fail(job[0], f"{escape_path(job[0])}: worker killed while extracting it (exceeded "
                                       "memory?): split the document or give the machine more memory")
            yield result
        single.shutdown()


def _json_intact(target: Path, recorded: int | None) -> bool:
    """The JSON record is there, whole: its size is the one recorded when it was written
    (databases from before sizes were recorded only ask that it exists)."""
    try:
        size = target.stat().st_size
    except OSError:
        return False
    return recorded is None or size == recorded


def _sha256(p: Path) -> str:
    h = hashlib.sha256()
    with p.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _unlink(path: str | None) -> None:
    if path:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _excluder(db_path: Path, json_dir: Path | None) -> Callable[[Path], bool]:
    """Paths a batch never reads as inputs: its own database (and SQLite's side files) and
    its JSON folder, when they sit inside an input folder."""
    db = str(Path(os.path.abspath(db_path)).resolve())
    own = {db, *(db + s for s in ("-wal", "-shm", "-journal"))}
    jdir = str(Path(os.path.abspath(json_dir)).resolve()) if json_dir else None
    below = (jdir.rstrip("/") + "/") if jdir else None

    def exclude(p: Path) -> bool:
        s = str(p)
        return s in own or (jdir is not None and (s == jdir or s.startswith(below)))  # type: ignore[arg-type]

    return exclude


def run(
    paths: list[Path],
    db_path: Path,
    json_dir: Path | None,
    workers: int = 1,
    force: bool = False,
    log: Callable[[str], None] = print,
    progress: bool = False,
    limits: Limits = Limits(),
    commit_every: int = 500,
) -> Summary:
    """Bring the database and the JSON folder in line with the files under paths: the
    files' rows, one document per distinct content held by a file, one JSON record per
    input file, nothing for files that are gone or failing."""
    from pipeline.models import DocumentRecord

    roots = canonical_roots(paths)
    base = json_base(roots)
    if json_dir is not None:
        json_dir = Path(os.path.abspath(json_dir))
    store = Store(db_path, on_wait=lambda line: print(line, file=sys.stderr, flush=True))
    summary = Summary()
    try:
        with store.grouped(max_docs=commit_every):  # many documents per commit; each still atomic
            todo: list[tuple[str, str | None]] = []
            held: dict[str, str | None] = {}  # path → the content it held, for files to extract again
            old_json: dict[str, str] = {}  # path → the JSON record it had, when it will be written elsewhere
            seen: set[str] = set()

            def fail(key: str, error: str, target: str | None) -> None:
                summary.failed.append(error)
                try:
                    st = os.stat(key)
                    size, mtime = st.st_size, st.st_mtime
                except OSError:
                    size, mtime = None, None
                _unlink(store.record_failure(key, size, mtime, None, error))
                _unlink(target)  # a record left by a run the database does not remember
                _unlink(old_json.pop(key, None))
                log(error)

            for chunk in _chunks(iter_inputs(roots, _excluder(db_path, json_dir)), 512):
                # the database rows of 512 files at a time: a no-op re-run stays one query per
                # chunk, and an archive of any size never has all its rows in memory
                known = store.file_rows([str(file) for file, _ in chunk])
                for file, problem in chunk:
                    key = str(file)
                    seen.add(key)
                    target = json_path(json_dir, file, base) if json_dir else None
                    row = known.get(key)
                    if problem is not None:
                        fail(key, f"{escape_path(key)}: {problem}", str(target) if target else None)
                        continue
                    try:
                        st = file.stat()
                    except OSError as exc:
                        fail(key, f"{escape_path(key)}: cannot read it ({exc.strerror})", str(target) if target else None)
                        continue
                    if target is not None and row and not row["json_path"]:
                        legacy = target.with_name(file.stem + ".json")  # named by the stem, before full names
                        # (unless a file named by that stem alone writes it now)
                        if legacy != target and legacy.exists() and not (file.parent / file.stem).exists():
                            old_json[key] = str(legacy)
                    if target is not None and row and row["json_path"] and row["json_path"] != str(target):
                        old_json[key] = row["json_path"]  # the JSON tree moved (other roots): rewrite, then remove
                    elif not force and row and row["status"] == "ok" and row["pipeline_version"] == PIPELINE_VERSION:
                        json_ok = target is None or _json_intact(target, row["json_bytes"])
                        if row["size"] == st.st_size and row["mtime"] == st.st_mtime and json_ok:
                            summary.unchanged += 1
                            continue
                        if row["size"] == st.st_size and json_ok and row["sha256"] == _sha256(file):
                            store.touch_file(key, st.st_size, st.st_mtime)
                            summary.unchanged += 1
                            continue
                    if row:
                        held[key] = row["sha256"]
                    todo.append((key, str(target) if target else None))

            def handle(path: str, payload: str | None, error: str | None, text: str | None, sha: str | None,
                       json_bytes: int | None, fmt: str | None) -> None:
                target = targets.get(path)
                if error is not None:
                    if "disk full" in error:
                        raise _Abort(error)
                    fail(path, error, target)
                    return
                assert payload is not None and sha is not None
                _unlink(old_json.pop(path, None))
                try:
                    st = os.stat(path)
                    size, mtime = st.st_size, st.st_mtime
                except OSError:
                    size, mtime = 0, 0.0
                if not force and held.get(path) != sha and store.has_document(sha):
                    # the same content is archived under another path: one document, one more file
                    store.link_file(path, size, mtime, sha, fmt, json_bytes, target)
                    summary.unchanged += 1
                    return
                record = DocumentRecord.model_validate_json(payload)
                store.save(record, path, mtime, text=text, record_json=payload, json_bytes=json_bytes, json_path=target)
                summary.extracted += 1

            targets = dict(todo)
            work = functools.partial(_extract_one, limits=limits)
            workers = max(1, min(workers, len(todo)))  # never more processes than files
            try:
                if workers > 1:
                    _drain(_parallel(work, todo, workers, store.flush), len(todo), handle, progress)
                else:
                    _drain(map(work, todo), len(todo), handle, progress)
            except _Abort as exc:
                summary.aborted = str(exc)
            except sqlite3.OperationalError as exc:  # the disk filled, or another writer held the lock too long
                from pipeline.store import _db_error

                summary.aborted = str(_db_error(Path(db_path), exc))
            if not summary.aborted:  # else what is stored stays whole; the rest is extracted by the next run
                _forget_gone(store, roots, seen, summary)
    except sqlite3.OperationalError as exc:  # the commit itself failed (disk full): the group is redone next run
        from pipeline.store import _db_error

        summary.aborted = str(_db_error(Path(db_path), exc))
    with contextlib.suppress(sqlite3.Error):
        store.close()
    return summary


def _forget_gone(store: Store, roots: list[Path], seen: set[str], summary: Summary) -> None:
    """Files under the roots that are no longer there: marked deleted, their documents and
    JSON records removed."""
    gone: list[str] = []
    for root in roots:
        if root.is_dir():
            gone.extend(p for p in store.known_paths(str(root)) if p not in seen and not os.path.lexists(p))
        elif str(root) not in seen and not os.path.lexists(root):
            gone.append(str(root))
    summary.deleted, stale = store.mark_deleted(gone)
    for p in stale:
        _unlink(p)
