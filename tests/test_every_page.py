"""Every HTML page of both editions in Chromium, every check.

Every page of the student edition (``site/``), with its English edition under
``en/``, is opened light at 1280 px and dark at 375 px; so is every page of the
instructor edition whose content differs from the student's (the vignettes with
their teaching notes) and one page of each kind of it (for its edition marker); one page
of each kind (each term folder, each hand-written page, ...) also dark at
1280 px and light at 375 px, so every scheme meets every width. Each visit
asserts no request to any host but the site's own, no JavaScript error or
console warning, no axe-core violation of WCAG 2.1 A/AA and, at 375 px, no
sideways scrolling. The search overlay is opened, with results, on a few pages
of different kinds in every variant and checked the same way.

Time budget (before the English edition; now doubled, see BUDGET_SECONDS): the page visits within 1,200 CPU seconds (this process, the
Playwright driver and Chromium with its renderers, read from /proc), about 400
page visits with axe-core costing most of it. Measured: 821 CPU s and 949 s of
wall time on two cores shared with other test suites (load average about 12). CPU time, not wall time, so that other work on the machine cannot
fail the budget, while a slow-down of our own is seen rather than absorbed. One browser; in each
variant CONTEXTS contexts check pages at once (axe runs in each context's own
renderer process), each context reused from page to page.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from browserkit import DESKTOP, PHONE, Visit, describe, finish_axe, search, start_axe

pytestmark = pytest.mark.browser

# The English edition (en/) doubled the pages (74 -> 149 HTML files): budget doubled in proportion,
# not yet re-measured on a full run (see the module docstring for the Dutch-only measurement).
BUDGET_SECONDS = 2400
CONTEXTS = 4  # pages checked at once, each context in its own renderer process
VARIANTS = [("light", DESKTOP), ("dark", PHONE), ("dark", DESKTOP), ("light", PHONE)]
EVERY_PAGE = 2  # the first two variants see every page; the others one page of each kind
VARIANT_IDS = [f"{scheme}-{viewport['width']}" for scheme, viewport in VARIANTS]
_spent: list[float] = []
_wall: list[float] = []


def tree_cpu_seconds() -> float:
    """CPU seconds of this process and all its descendants, the reaped ones included."""
    parents, times = {}, {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue  # gone meanwhile
        fields = stat[stat.rindex(")") + 2:].split()
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    mine, grew = {os.getpid()}, True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in mine and pid not in mine:
                mine.add(pid)
                grew = True
    return sum(times.get(pid, 0) for pid in mine) / os.sysconf("SC_CLK_TCK")


def pages_of(site: Path) -> list[str]:
    """Every HTML page, as the path after the site root (``index.html`` folded to its folder)."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        paths.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    assert len(paths) > 20, f"only {len(paths)} pages in {site}"
    return paths


def _kind(path: str) -> str:
    """A page's kind: its edition (Dutch, or English under en/), then its first folder (term
    pages, vignettes) or the page itself."""
    edition, path = ("en:", path[len("en/"):]) if path.startswith("en/") else ("", path)
    head, _, rest = path.partition("/")
    return edition + head + ("/*" if rest else "")


def one_of_each_kind(paths: list[str]) -> list[str]:
    seen, chosen = set(), []
    for path in paths:
        if _kind(path) not in seen:
            seen.add(_kind(path))
            chosen.append(path)
    return chosen


def _search_pages(paths: list[str]) -> list[str]:
    chosen = [p for p in one_of_each_kind(paths) if not p.endswith(".html")]
    return chosen[:: max(1, len(chosen) // 4)]  # a few pages of different kinds


def _visit_all(visits: list[Visit], base: str, paths: list[str], problems: list[str]) -> None:
    """Pages in turns of len(visits): load and start axe in each context, then collect."""
    for turn in range(0, len(paths), len(visits)):
        batch = list(zip(visits, paths[turn:turn + len(visits)]))
        for visit, path in batch:
            visit.errors.clear()
            visit.goto(base + path)
            if visit.page.viewport_size["width"] == PHONE["width"]:
                overflow = visit.page.evaluate(
                    "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
                if overflow > 0:
                    problems.append(f"/{path}: scrolls {overflow}px sideways at 375 px")
            start_axe(visit.page)
        for visit, path in batch:
            violations = finish_axe(visit.page)
            if violations:
                problems.append(f"/{path}: axe:\n{describe(violations)}")
            if visit.errors:
                problems.append(f"/{path}: JS errors: {visit.errors}")


_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">.*?</article>', re.S)


def _article(site: Path, path: str) -> str:
    file = site / (path + "index.html" if path.endswith("/") or not path else path)
    found = _ARTICLE.search(file.read_text(encoding="utf-8")) if file.is_file() else None
    return found.group(0) if found else ""


def instructor_pages(site: Path, student: Path) -> list[str]:
    """The instructor edition's pages worth a visit of their own: every page whose content differs
    from the student edition's (the vignettes with their teaching notes, pages only it has), and one
    page of each kind for what it adds around the content (its edition marker). The student pages
    are all visited, so an identical content is checked there."""
    paths = pages_of(site)
    kinds = set(one_of_each_kind(paths))
    return [p for p in paths if p in kinds or _article(site, p) != _article(student, p)]


def _check_all(browser, base: str, site: Path, scheme: str, viewport: dict,
               only: list[str] | None = None) -> list[str]:
    problems: list[str] = []
    paths = pages_of(site) if only is None else only
    if (scheme, viewport) not in VARIANTS[:EVERY_PAGE]:
        paths = one_of_each_kind(paths)
    visits = [Visit(browser, viewport=viewport, color_scheme=scheme) for _ in range(CONTEXTS)]
    try:
        _visit_all(visits, base, paths, problems)
        visit = visits[0]
        for path in _search_pages(paths):
            visit.errors.clear()
            visit.goto(base + path)
            search(visit.page, "bewoners")
            violations = visit.axe()
            if violations:
                problems.append(f"/{path} with the search open: axe:\n{describe(violations)}")
            if visit.errors:
                problems.append(f"/{path} with the search open: JS errors: {visit.errors}")
    finally:
        for visit in visits:
            visit.close()
    foreign = sorted({url for visit in visits for url in visit.foreign})
    if foreign:
        problems.append(f"requests to other hosts: {foreign}")
    return problems


@pytest.mark.parametrize("scheme,viewport", VARIANTS, ids=VARIANT_IDS)
def test_every_student_page(browser, served_site, real_site, scheme, viewport):
    started, cpu = time.monotonic(), tree_cpu_seconds()
    problems = _check_all(browser, served_site, real_site, scheme, viewport)
    _spent.append(tree_cpu_seconds() - cpu)
    _wall.append(time.monotonic() - started)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scheme,viewport", VARIANTS, ids=VARIANT_IDS)
def test_every_instructor_page(browser, served_instructor_site, real_instructor_site, real_site, scheme, viewport):
    started, cpu = time.monotonic(), tree_cpu_seconds()
    only = instructor_pages(real_instructor_site, real_site)
    problems = _check_all(browser, served_instructor_site, real_instructor_site, scheme, viewport, only)
    _spent.append(tree_cpu_seconds() - cpu)
    _wall.append(time.monotonic() - started)
    assert not problems, "\n".join(problems)


def test_the_instructor_pages_visited_include_every_page_with_a_teaching_note(real_instructor_site, real_site):
    """The pages left to the student visit are those whose content is the same in both editions."""
    visited = set(instructor_pages(real_instructor_site, real_site))
    noted = [p for p in pages_of(real_instructor_site) if 'class="tbv-teaching' in _article(real_instructor_site, p)]
    assert noted, "no page with a teaching note found: is this the instructor edition?"
    assert set(noted) <= visited
    assert len(visited) < len(pages_of(real_instructor_site))


def test_within_the_time_budget():
    """Runs after the visits above (pytest keeps file order): their sum within the budget."""
    if not _spent:
        pytest.skip("the page visits did not run in this session")
    total = sum(_spent)
    print(f"\nevery-page visits: {len(_spent)} variants, {total:.0f} CPU s (budget {BUDGET_SECONDS}), "
          f"{sum(_wall):.0f} s wall")
    assert total <= BUDGET_SECONDS, f"every-page visits took {total:.0f} CPU s, budget {BUDGET_SECONDS} s"
