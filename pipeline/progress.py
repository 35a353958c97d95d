"""Terminal progress for a batch (rich): files done / total, the rate, an ETA once the rate is
known (not the guess of the first file, which includes start-up), failures printed on their
own lines above the bar. Only on a terminal: piped output gets no bar and no control codes.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Any

_ACTIVE: Bar | None = None
SETTLE_S = 2.0  # seconds, and files, before an ETA is shown: the first files pay for start-up
SETTLE_FILES = 10


def _clock(seconds: float) -> str:
    s = int(seconds + 0.5)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def rate_and_eta(done: int, total: int, elapsed: float, since: tuple[int, float] | None = None) -> tuple[str, str]:
    """'48.3 files/s' and 'ETA 0:12', from the files done since the first settled moment
    (`since`: files done and seconds elapsed then) so start-up does not inflate the ETA."""
    d0, t0 = since or (0, 0.0)
    if done <= d0 or elapsed <= t0:
        return "", ""
    rate = (done - d0) / (elapsed - t0)
    shown = f"{rate:,.1f} files/s" if rate < 100 else f"{rate:,.0f} files/s"
    if since is None:
        return shown, ""
    return shown, f"ETA {_clock((total - done) / rate)}" if done < total else ""


class Bar:
    """A progress bar on standard error; `log` prints a line above it."""

    def __init__(self, total: int, label: str = "extracting") -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.total, self.label, self.done, self.failed = total, label, 0, 0
        self.console = Console(stderr=True, highlight=False)
        self.start = time.monotonic()
        self.settled: tuple[int, float] | None = None
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[rate]}"), TextColumn("{task.fields[eta]}"),
                                 TimeElapsedColumn(), console=self.console, transient=False,
                                 redirect_stdout=False, redirect_stderr=False)
        self.task = self.progress.add_task(label, total=total, rate="", eta="")

    def __enter__(self) -> Bar:
        global _ACTIVE
        self.progress.start()
        _ACTIVE = self
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        global _ACTIVE
        _ACTIVE = None
        self.progress.stop()

    def advance(self, ok: bool = True) -> None:
        self.done += 1
        self.failed += not ok
        elapsed = time.monotonic() - self.start
        if self.settled is None and elapsed >= SETTLE_S and self.done >= SETTLE_FILES:
            self.settled = (self.done, elapsed)
        rate, eta = rate_and_eta(self.done, self.total, elapsed, self.settled)
        desc = self.label + (f" ({self.failed} failed)" if self.failed else "")
        self.progress.update(self.task, advance=1, rate=rate, eta=eta, description=desc)

    def log(self, line: str) -> None:
        self.console.print(line, markup=False, highlight=False, soft_wrap=True)


def bar(total: int, label: str = "extracting") -> Bar:
    return Bar(total, label)


def echo(line: str) -> None:
    """A line for the user on standard error: above the bar when one is running."""
    if _ACTIVE is not None:
        _ACTIVE.log(line)
    else:
        print(line, file=sys.stderr, flush=True)


def summary_rate(files: int, seconds: float) -> str:
    """'in 42.1 s, 49.0 files/s' for the end of a run."""
    if seconds <= 0:
        return ""
    return f"in {seconds:,.1f} s" + (f", {files / seconds:,.1f} files/s" if files else "")


__all__: list[Any] = ["Bar", "bar", "echo", "rate_and_eta", "summary_rate"]
