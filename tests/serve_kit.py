"""Run the README's `make serve` on a temporary clone of this repository, and read its pages over HTTP.

Used by tests/test_serve_make.py. The clone is a ``git clone`` of the
repository the tests run from (with its history, so vignettes are dated);
``make`` is pointed at the environment running the tests (``VENV=``), whose
editable install is the code under test, and the clone's ``pyproject.toml``
is dated before that environment's stamp so make installs nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENV = Path(sys.prefix)


def clone(target: Path) -> Path:
    """A clone of this repository at ``target``, its working tree as it is here (uncommitted edits too)."""
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(REPO), str(target)], check=True)
    changed = subprocess.run(["git", "-C", str(REPO), "diff", "--name-only", "HEAD"], check=True,
                             capture_output=True, text=True).stdout.split()
    for name in changed:
        source = REPO / name
        if source.is_file():
            shutil.copy2(source, target / name)
        else:
            (target / name).unlink(missing_ok=True)
    os.utime(target / "pyproject.toml", (0, 0))  # older than the environment's stamp: make installs nothing
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def commit(repo: Path, message: str = "test") -> None:
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.org",
                    "commit", "--quiet", "-m", message], check=True)


class Server:
    """``make serve`` as a contributor runs it, in its own process group (ended by its id)."""

    def __init__(self, repo: Path, log: Path) -> None:
        self.repo, self.log = repo, log
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.output = open(log, "w", encoding="utf-8")
        self.process = subprocess.Popen(
            ["make", "serve", f"VENV={VENV}", f"HOST=127.0.0.1:{self.port}"], cwd=repo, env=env,
            stdout=self.output, stderr=subprocess.STDOUT, start_new_session=True)

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_started(self, timeout: float = 180) -> None:
        """Until the server answers (the first build done); fails with the log when the process ended."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"make serve ended with {self.process.returncode}:\n{self.text()[-4000:]}")
            if "Serving on" in self.text():
                return
            time.sleep(0.5)
        raise AssertionError(f"make serve did not start in {timeout} s:\n{self.text()[-4000:]}")

    def get(self, path: str, timeout: float) -> tuple[int, str]:
        """Status and text of one page; (0, reason) when there is no answer within ``timeout``."""
        try:
            with urllib.request.urlopen(self.base + path.lstrip("/"), timeout=timeout) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")
        except (TimeoutError, OSError) as error:
            return 0, f"no answer: {error}"

    def wait_for(self, path: str, predicate, timeout: float, what: str) -> str:
        """Poll ``path`` until ``predicate(status, text)``; fails after ``timeout`` seconds with the log."""
        deadline = time.monotonic() + timeout
        status, text = 0, ""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"make serve ended with {self.process.returncode} while waiting for "
                                     f"{what}:\n{self.text()[-4000:]}")
            status, text = self.get(path, timeout=max(0.5, min(10, deadline - time.monotonic())))
            if predicate(status, text):
                return text
            time.sleep(0.5)
        raise AssertionError(f"{what}: not within {timeout} s (last: {status} {text[:300]!r})\n"
                             f"server log (end):\n{self.text()[-3000:]}")

    def rebuilds(self) -> int:
        """How many rebuilds the server has started (MkDocs logs each one as it detects a change)."""
        return self.text().count("Detected file changes")

    def wait_settled(self, timeout: float) -> None:
        """Until no rebuild is running: the last change MkDocs detected has its 'Reloading browsers'
        (or none was detected since the first build).

        While a rebuild runs, MkDocs holds every page request until it is done (so that no half-built
        site is served); a sweep of the pages is only a test of answering when none is running.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.text()
            done = max(text.rfind("Reloading browsers"), text.rfind("Serving on"))  # a rebuild's end, the first build's
            if done > text.rfind("Detected file changes"):
                return
            if self.process.poll() is not None:
                raise AssertionError(f"make serve ended with {self.process.returncode}:\n{text[-4000:]}")
            time.sleep(0.2)
        raise AssertionError(f"a rebuild did not end within {timeout} s:\n{self.text()[-3000:]}")

    def pages(self) -> list[str]:
        """Every page of both editions, from their sitemaps."""
        found: list[str] = []
        for sitemap in ("sitemap.xml", "en/sitemap.xml"):
            status, text = self.get(sitemap, timeout=5)
            assert status == 200, f"{sitemap}: {status} {text[:200]}"
            found += [url[len(self.base):] for url in re.findall(r"<loc>([^<]+)</loc>", text)
                      if url.startswith(self.base)]
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)  # the process group make started, by its id
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.output.close()
