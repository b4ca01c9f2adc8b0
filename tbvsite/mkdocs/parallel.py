"""A part of the build in a second process (fork), its log and its outcome handed back to this one.

The language editions depend only on the configuration (each runs its own pipeline; which page is
which in each language, tbvsite/mkdocs/languages.py, follows from it), so their build can run in a
forked child on the second core, from the start of the Dutch build's on_files, while the Dutch build
goes on. The child prints nothing: it
keeps its log records (and any other output), and :meth:`Child.wait` replays them through this
process's loggers where the sequential build would have logged them, then raises what the child
raised. So the output, the strict mode's count of warnings and an error are those of the sequential
build; a child that dies is a clean build error, never a hang or a half-written edition.
"""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.plugins.tbvsite")


def available() -> bool:
    """A fork is safe (no other thread) and useful (a second core)."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores > 1


class _Keep(logging.Handler):
    """Every record the child logs, made plain data (its message formatted, its traceback as text)."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if self.records and self.records[-1] is record:  # seen by 'mkdocs' and again by the root
            return
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
        self.records.append(record)


def _plain(record: logging.LogRecord) -> logging.LogRecord:
    """A record that pickles: the standard fields only, when an ``extra`` value does not."""
    try:
        pickle.dumps(record)
        return record
    except Exception:
        plain = logging.makeLogRecord({"name": record.name, "levelno": record.levelno,
                                       "levelname": record.levelname, "msg": record.msg,
                                       "created": record.created, "exc_text": record.exc_text})
        return plain


class Child:
    """A started child: wait for it (log replayed, error raised), or stop it."""

    def __init__(self, pid: int, folder: Path, what: str, leaves: list[Path]) -> None:
        self.pid = pid
        self.folder = folder
        self.what = what
        self.leaves = leaves  # what the child writes: removed when it is stopped half-way
        self.peak_rss_kb = 0

    def wait(self) -> None:
        """Wait for the child; log what it logged, write what it printed, raise what it raised."""
        try:
            _, status, usage = os.wait4(self.pid, 0)
            self.peak_rss_kb = usage.ru_maxrss
            outcome = None
            result = self.folder / "result"
            if os.WIFEXITED(status) and result.is_file():
                with open(result, "rb") as fd:
                    records, outcome = pickle.load(fd)
                for record in records:
                    logging.getLogger(record.name).handle(record)
                for name, stream in (("stdout", sys.stdout), ("stderr", sys.stderr)):
                    text = (self.folder / name).read_text(encoding="utf-8", errors="replace")
                    if text:
                        stream.write(text)
                        stream.flush()
            log.debug(f"tbvsite: {self.what} in a second process: peak RSS {self.peak_rss_kb / 1024:.0f} MB")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
        if os.WIFSIGNALED(status):
            raise PluginError(f"tbvsite: {self.what} in a second process was stopped by signal "
                              f"{os.WTERMSIG(status)} (out of memory?); build again, or set the tbvsite "
                              "option 'parallel_editions: false' to build the editions one after the other")
        if outcome is not None:
            raise outcome
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            raise PluginError(f"tbvsite: {self.what} in a second process ended with status "
                              f"{os.waitstatus_to_exitcode(status)} and no report; build again, or set the "
                              "tbvsite option 'parallel_editions: false' to see the error")

    def stop(self) -> None:
        """This build failed: end the child and remove what it wrote (the sequential build never began it)."""
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        shutil.rmtree(self.folder, ignore_errors=True)
        for path in self.leaves:
            shutil.rmtree(path, ignore_errors=True)


def start(work: Callable[[], None], what: str, leaves: list[Path]) -> Child:
    """Run ``work`` in a forked child; ``what`` names it in messages, ``leaves`` are the folders it writes."""
    sys.stdout.flush()
    sys.stderr.flush()
    folder = Path(tempfile.mkdtemp(prefix="tbvsite-fork-"))
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 1
        try:
            _run(work, folder)
            code = 0
        finally:
            os._exit(code)
    return Child(pid, folder, what, leaves)


def _run(work: Callable[[], None], folder: Path) -> None:
    keep = _Keep()
    for logger in (logging.getLogger(), logging.getLogger("mkdocs")):
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.addHandler(keep)
    for fd, name in ((1, "stdout"), (2, "stderr")):  # anything printed rather than logged
        out = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(out, fd)
        os.close(out)
    outcome = None
    try:
        work()
    except BaseException as error:  # noqa: BLE001 -- handed to the parent, which raises it
        outcome = error
        try:
            pickle.dumps(error)
        except Exception:
            outcome = PluginError(f"{type(error).__name__}: {error}")
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    with open(folder / "result", "wb") as fd:
        pickle.dump(([_plain(r) for r in keep.records], outcome), fd)
