"""`make serve` as the README gives it (so `mkdocs serve --strict`), on a clone of this repository.

A contributor's mistake must never stop the preview: for each way a
vignette or a shared file can break (and a half-saved or empty file), the
server keeps answering every page within 5 s, with the banner; `problemen/`
names the file and line; and the fixed file brings the page back within
30 s. The same when the server starts with a broken file. Slow (each case
is a rebuild of both editions): selected with ``-m serve``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from serve_kit import Server, clone

pytestmark = [pytest.mark.serve, pytest.mark.slow]

PAGE_TIMEOUT = 5  # every page, once the rebuild is done
FIX_TIMEOUT = 30  # the fixed page is back
REBUILD_TIMEOUT = 90  # a rebuild of both editions on a busy machine


def replace(old: str, new: str):
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)
    return change


# (name, file, change): the problems page must name the file at the line `tbvsite check` reports for it,
# whatever the archive holds (no line number of today's texts is written down here).
VIGNETTE_BREAKS = [
    ("yaml-slip", "vignettes/heidag.md", replace("title: De heidag", 'title: "De heidag')),
    ("unknown-actor", "vignettes/heidag.md", replace("actors: [tbv, teamleden]", "actors: [tbv, teamleden, wethoudr]")),
    ("source-key-typo", "vignettes/heidag.md", replace("  - ref: heederik-werken", "  - ref: heederik-werkn")),
    ("fold-heading-missing", "vignettes/bewonersavond.md", replace("## Hoe het afliep", "Hoe het afliep")),
    ("wrong-chosen", "vignettes/bewonersavond.md",
     replace("chosen: [direct-gesprek-bestuurder]", "chosen: [direct-gesprek-bestuurdr]")),
    ("half-saved", "vignettes/heidag.md", lambda text: text[:200]),
    ("empty", "vignettes/heidag.md", lambda text: ""),
]

SHARED_BREAKS = [
    ("taxonomy-yaml", "vignettes/taxonomy.yml", replace("    label: Actoren\n", "    label: Actoren\n\tsingular: x\n")),
    ("sources-half-saved", "vignettes/sources.yml", lambda text: text[:text.index("    type:")]),
    ("rules-yaml", "vignettes/rules.yml", replace("  body_words: {min: 600, max: 1200}", "  body_words: {min: 600, max: 1200")),
]


def vignette_page(path: str) -> str:
    return f"vignetten/{Path(path).stem}/"


def title_of(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("title:")).split(":", 1)[1].strip()


def reported_line(repo: Path, path: str) -> int:
    """The line of the first problem that `tbvsite check` reports in ``path`` (the whole archive checked)."""
    import contextlib
    import io

    from tbvsite import cli

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        cli.run(["--root", str(repo), "check"])
    found = re.search(rf"^{re.escape(path)}:(\d+):", out.getvalue(), re.M)
    assert found, f"tbvsite check names no line of {path}:\n{out.getvalue()[-2000:]}"
    return int(found.group(1))


def assert_serving(server: Server, path: str, line: int | None) -> None:
    """The rebuild after a break: problemen/ names the file (and line); every page answers with the banner."""
    where = f"{path}:{line}:" if line else path
    server.wait_for("problemen/", lambda status, text: status == 200 and where in text, REBUILD_TIMEOUT,
                    f"problemen/ naming {where}")
    server.wait_settled(REBUILD_TIMEOUT)
    settled = server.rebuilds()
    pages = server.pages()
    assert len(pages) > 20, pages
    slow = []
    for page in pages:
        status, text = server.get(page, timeout=PAGE_TIMEOUT)
        if status == 0 and server.rebuilds() > settled:
            # Another rebuild began after the one we waited for (the file watcher polls, and one save
            # can reach it as two changes): MkDocs holds every page until a rebuild is done, so a
            # page is late only when no rebuild is running. Ask again once this one is done.
            server.wait_settled(REBUILD_TIMEOUT)
            settled = server.rebuilds()
            status, text = server.get(page, timeout=PAGE_TIMEOUT)
        if status != 200:
            slow.append(f"{page}: {status} {text[:100]}")
        elif page.rstrip("/").split("/")[-1] not in ("problemen",) and "tbv-preview-banner" not in text:
            slow.append(f"{page}: no banner")
    assert not slow, "\n".join(slow[:20]) + f"\nserver log (end):\n{server.text()[-3000:]}"


def assert_fixed(server: Server, path: str, original: str) -> None:
    """The file as it was: the page (a vignette's, or the home page) returns without the banner."""
    page = vignette_page(path) if path.endswith(".md") else ""
    expected = title_of(original) if path.endswith(".md") else "<title>"
    server.wait_for(page, lambda status, text: status == 200 and "tbv-preview-banner" not in text
                    and expected.split("–")[0].strip() in text, FIX_TIMEOUT, f"{page or 'home'} back after the fix")


def break_and_fix(server: Server, repo: Path, name: str, path: str, change) -> None:
    file = repo / path
    original = file.read_text(encoding="utf-8")
    file.write_text(change(original), encoding="utf-8")
    try:
        assert_serving(server, path, reported_line(repo, path))
    finally:
        file.write_text(original, encoding="utf-8")
    assert_fixed(server, path, original)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return clone(tmp_path / "repo")


def test_serve_keeps_serving_through_every_kind_of_break(repo: Path, tmp_path: Path) -> None:
    server = Server(repo, tmp_path / "serve.log")
    try:
        server.wait_started()
        status, _ = server.get("", timeout=PAGE_TIMEOUT)
        assert status == 200
        for name, path, change in VIGNETTE_BREAKS:
            break_and_fix(server, repo, name, path, change)
    finally:
        server.stop()


def test_serve_starts_with_a_broken_file_and_survives_broken_shared_files(repo: Path, tmp_path: Path) -> None:
    name, path, change = VIGNETTE_BREAKS[1]  # the unknown actor: today the start crashes on it
    file = repo / path
    original = file.read_text(encoding="utf-8")
    file.write_text(change(original), encoding="utf-8")
    line = reported_line(repo, path)
    server = Server(repo, tmp_path / "serve.log")
    try:
        server.wait_started()
        assert_serving(server, path, line)
        file.write_text(original, encoding="utf-8")
        assert_fixed(server, path, original)
        for name, path, change in SHARED_BREAKS:
            break_and_fix(server, repo, name, path, change)
    finally:
        server.stop()
    assert "Traceback" not in server.text(), server.text()[-3000:]


# Seconds, median of three saves. Generous, so a loaded machine (the suite's proof runs under two CPU hogs)
# does not fail it: the target is 1 s (make bench measures it), 2.5-3 s here before the render cache kept
# themed pages, 12-16 s when issue 26 was filed. That the cache reuses pages at all is checked without a
# clock in test_incremental.py (a body edit re-themes few pages).
SAVE_TO_PAGE = 6


def test_a_saved_edit_is_on_screen_within_seconds(repo: Path, tmp_path: Path) -> None:
    """The edit loop (issue 26): from saving a vignette body to the page with the change, as a browser asks."""
    import statistics
    import time

    server = Server(repo, tmp_path / "serve.log")
    file = repo / "vignettes/heidag.md"
    original = file.read_text(encoding="utf-8")
    seconds = []
    try:
        server.wait_started()
        for i in range(3):
            server.wait_settled(REBUILD_TIMEOUT)
            marker = f"Bewaard{i}x"
            file.write_text(original.replace("## ", f"## {marker} ", 1), encoding="utf-8")
            start = time.monotonic()
            while True:  # as the page's live-reload script does: ask until the rebuilt page answers
                status, text = server.get(vignette_page(str(file)), timeout=REBUILD_TIMEOUT)
                if status == 200 and marker in text:
                    break
                assert time.monotonic() - start < REBUILD_TIMEOUT, f"no page with {marker}:\n{server.text()[-3000:]}"
                time.sleep(0.05)  # the poll's interval; the loop ends on the state, not on a time
            seconds.append(time.monotonic() - start)
    finally:
        file.write_text(original, encoding="utf-8")
        server.stop()
    assert statistics.median(seconds) <= SAVE_TO_PAGE, f"save -> page took {seconds} s"
