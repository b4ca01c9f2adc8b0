"""Shared fixtures: small projects in temporary folders, real builds, a browser.

- ``make_project(vignettes=..., taxonomy=..., docs=..., extra_config=...)``
  writes a complete MkDocs project (strict, Material, our plugin) into a
  temporary folder, a git repository with one back-dated commit
  (``repository=False``: no git); ``project.build()`` runs ``mkdocs build``
  in-process and returns the outcome with the log.
- ``real_site``: the repository's own site, built once per test run and shared by
  the pytest-xdist workers (``built_site``); ``offline_site`` and
  ``instructor_offline_site`` the same for the folder editions.
- ``served_site``: that site served over HTTP on 127.0.0.1.
- ``real_instructor_site`` / ``served_instructor_site``: the same for the
  instructor edition.
- ``browser``: Debian's Chromium driven by Playwright (never skipped: a
  missing browser is an error). Open contexts, wait for state and run axe-core
  through ``tests/browserkit.py`` (``Visit``, ``settle``, ``search``, ``axe``).
"""

from __future__ import annotations

import functools
import http.server
import logging
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

import browserkit

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

BASE_CONFIG = {
    "site_name": "Test",
    "strict": True,
    "theme": {"name": "material", "language": "nl", "font": False},
    "plugins": [{"search": {"lang": "nl"}}, "tbvsite"],
    "markdown_extensions": ["admonition", "attr_list", "def_list", "md_in_html", "tables",
                            "pymdownx.details", "pymdownx.superfences"],
    "validation": {"links": {"anchors": "warn", "not_found": "warn"}},
}


# Fixture projects are git repositories with one back-dated commit, as a real checkout is
# (CI builds a full clone): vignette dates come from that history, never from the clock.
FIXTURE_DATE = "2024-01-15T12:00:00+00:00"


def git(root: Path, *args: str, when: str = FIXTURE_DATE) -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    result = subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                            cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


@dataclass
class BuildResult:
    ok: bool
    log: str
    site: Path
    error: str = ""

    def page(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")


@dataclass
class Project:
    root: Path
    config: dict = field(default_factory=dict)

    @property
    def vignettes(self) -> Path:
        return self.root / "vignettes"

    def write(self, relative: str, content: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def commit(self, message: str, when: str = FIXTURE_DATE) -> None:
        """Commit everything in the project, dated ``when`` (ISO 8601), as git history for the dates."""
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "--allow-empty", "-m", message, when=when)

    def build(self, *, strict: bool = True) -> BuildResult:
        """Build in-process, capturing MkDocs' log; never raises for a failed build."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import Abort, MkDocsException

        stream = _LogCapture()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(stream)
        try:
            config = load_config(str(self.root / "mkdocs.yml"), strict=strict)
            build(config)
            return BuildResult(True, stream.text(), self.root / "site")
        except (MkDocsException, Abort, SystemExit) as exc:
            return BuildResult(False, stream.text(), self.root / "site", str(exc))
        finally:
            logger.removeHandler(stream)

    def build_cli(self, *args: str) -> subprocess.CompletedProcess:
        """Build through the real entry point, as a user would."""
        return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=self.root,
                              capture_output=True, text=True, timeout=300)


class _LogCapture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(f"{record.levelname}: {record.getMessage()}")

    def text(self) -> str:
        return "\n".join(self.records)


def _fixture_files() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.md"))}


@pytest.fixture
def make_project(tmp_path):
    """Factory: ``make_project(vignettes={name: text}, taxonomy=text, docs={name: text}, sources=text)``.

    By default the project holds the small fixture vocabulary and the fixture
    vignettes in ``tests/fixtures``.
    """

    def make(vignettes: dict[str, str | bytes] | None = None, taxonomy: str | None = None,
             docs: dict[str, str] | None = None, extra_config: dict | None = None, *,
             repository: bool = True, sources: str | None = None) -> Project:
        project = Project(tmp_path / "project")
        config = {**BASE_CONFIG, **(extra_config or {})}
        project.config = config
        project.write("mkdocs.yml", yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
        project.write("vignettes/taxonomy.yml", taxonomy if taxonomy is not None
                      else (FIXTURES / "taxonomy.yml").read_text(encoding="utf-8"))
        project.write("vignettes/sources.yml", sources if sources is not None
                      else (FIXTURES / "sources.yml").read_text(encoding="utf-8"))
        for name, text in (_fixture_files() if vignettes is None else vignettes).items():
            project.write(f"vignettes/{name}", text)
        for name, text in (docs or {"index.md": "# Start\n\nZie de [vignetten](vignetten/index.md).\n"}).items():
            project.write(f"docs/{name}", text)
        if repository:  # False: a tarball without git
            git(project.root, "init", "-q")
            project.commit("Fixture project")
        return project

    return make


def xdist_root(tmp_path_factory) -> Path:
    """The temporary folder all workers of this test run share (pytest-xdist gives each its own below it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_site(tmp_path_factory, name: str, config: str = "mkdocs.yml", env: dict | None = None) -> Path:
    """The repository's site for ``config``, built strictly once per test run and shared by every worker.

    The first worker to ask builds it under a file lock; the others wait for that lock and reuse the
    folder. A failed build is reported to every worker that asks (the log is kept beside the folder).
    """
    import fcntl

    folder = xdist_root(tmp_path_factory) / "sites" / name
    folder.mkdir(parents=True, exist_ok=True)
    out, done, failed = folder / "site", folder / "done", folder / "failed.log"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not done.exists() and not failed.exists():
                result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config,
                                         "-d", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600,
                                        env={**os.environ, **(env or {})})
                if result.returncode == 0:
                    done.touch()
                else:
                    failed.write_text(result.stderr[-5000:], encoding="utf-8")
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    assert not failed.exists(), f"mkdocs build --strict -f {config} failed:\n" + failed.read_text(encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The repository's own student edition, built strictly once per test run."""
    return built_site(tmp_path_factory, "student")


@pytest.fixture(scope="session")
def real_instructor_site(tmp_path_factory) -> Path:
    """The repository's instructor edition (with teaching notes), built strictly once per test run."""
    return built_site(tmp_path_factory, "instructor", "mkdocs.instructor.yml")


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory) -> Path:
    """The student edition for a folder (file://), built strictly once per test run."""
    return built_site(tmp_path_factory, "offline", "mkdocs.offline.yml")


@pytest.fixture(scope="session")
def instructor_offline_site(tmp_path_factory) -> Path:
    """The instructor edition for a folder, built strictly once per test run."""
    return built_site(tmp_path_factory, "instructor-offline", "mkdocs.instructor.offline.yml")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def translate_path(self, path: str) -> str:
        """The site's files, and axe-core at browserkit.AXE_PATH (a path no site has)."""
        if path.split("?", 1)[0] == browserkit.AXE_PATH:
            return str(browserkit.axe_file())
        return super().translate_path(path)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser that closed its connection mid-answer (a context closed while a page loads) is no
        error of the site's; anything else is printed as before."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 on a free port; returns (base_url, server)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    browserkit.AXE_ORIGINS.add(base)
    return base + "/", server


@pytest.fixture(scope="session")
def served_site(real_site):
    base, server = serve(real_site)
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def served_instructor_site(real_instructor_site):
    base, server = serve(real_instructor_site)
    yield base
    server.shutdown()


# The browser resolves no host name but the loopback's: a request to any other host fails in the browser
# (net::ERR_NAME_NOT_RESOLVED) without a route in Python; browserkit.Visit records it from its event.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright. Fails (never skips) when it is missing."""
    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is not installed: run 'make test' (it installs it as root)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def pytest_collection_modifyitems(config, items) -> None:
    """A test that drives Chromium is a browser test, marked or not: ``-m "not browser"`` leaves it out.

    The files with the long tests run first (those that start ``make serve``, then those that drive
    Chromium), each file's tests together and in their order: pytest-xdist's workers then end on short
    tests and finish together, instead of one waiting while the other runs a long test last."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)

    def cost(item) -> int:
        return 0 if item.get_closest_marker("serve") else 1 if item.get_closest_marker("browser") else 2
    rank: dict = {}
    for item in items:
        rank[item.path] = min(rank.get(item.path, 2), cost(item))
    items.sort(key=lambda item: rank[item.path])
