"""Every HTML page of both editions and both languages in Chromium, through axe-core.

Every page of the student edition (``site/``, its English edition under ``en/``)
and every page of the instructor edition whose content differs from the
student's (the vignettes with their teaching notes), plus one page of each kind
of it (for its edition marker), is opened once at 1280 px and checked with
axe-core (WCAG 2.1 A/AA) in the light scheme and again in the dark one: the
scheme is switched in the page, as a reader does with the header's toggle, so a
page is loaded once for both. At 375 px one page of each kind (each term
folder, each hand-written page, each edition, ...) gets the same two runs plus
a check that nothing scrolls sideways; in the instructor edition, one of each
kind among its pages of its own (the teaching notes) and its home pages (its
edition marker), the rest being the student's pages under the same header. What does not depend on layout (ids,
links and anchors, lang, accessible names, alt text, headings, landmarks, ARIA
references) is checked on every page of every edition, at every width at
once, from the HTML in ``test_html_checks.py``.

Each visit also asserts no request to any host but the site's own and no
JavaScript error or console warning. The search overlay is opened, with
results, on a few pages of different kinds at both widths and checked the same
way.

The pages are dealt into shards (every SHARDS-th page) so that pytest-xdist's
workers share them; each worker drives its own Chromium (conftest.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browserkit import DESKTOP, PHONE, Visit, describe, search

pytestmark = pytest.mark.browser

SHARDS = 8  # student pages; the instructor's own pages are fewer
INSTRUCTOR_SHARDS = 4
PHONE_SHARDS = 3
SCHEMES = {"default": "light", "slate": "dark"}


def pages_of(site: Path) -> list[str]:
    """Every HTML page, as the path after the site root (``index.html`` folded to its folder)."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        paths.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    assert len(paths) > 20, f"only {len(paths)} pages in {site}"
    return paths


def dealt(site: Path, paths: list[str], shard: int, shards: int) -> list[str]:
    """Shard ``shard`` of ``shards``: the pages dealt largest first, so that every shard gets its share of
    the long pages (the overview, the network, explore take axe several times as long as a term page)."""
    return sorted(paths, key=lambda path: (-_file(site, path).stat().st_size, path))[shard::shards]


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


_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">.*?</article>', re.S)


def _file(site: Path, path: str) -> Path:
    """The HTML file of a page path (a folder's path is its index.html)."""
    return site / (path + "index.html" if path.endswith("/") or not path else path)


def _article(site: Path, path: str) -> str:
    file = _file(site, path)
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


def scheme_of(page) -> str:
    return page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")


def switch_scheme(visit: Visit) -> str:
    """Switch to the other colour scheme with the header's toggle (its label activated, as a click or
    a key does; with the search open the overlay covers it), without a reload; returns the new one."""
    before = scheme_of(visit.page)
    visit.page.evaluate("() => document.querySelector('form[data-md-component=palette] label:not([hidden])').click()")
    visit.page.wait_for_function("before => document.body.getAttribute('data-md-color-scheme') !== before", arg=before)
    visit.settle()
    return scheme_of(visit.page)


def check_in_both_schemes(visit: Visit, url: str, where: str, problems: list[str], *, overflow: bool) -> set[str]:
    """axe-core on the loaded page in its scheme, then in the other one; returns the schemes seen."""
    seen = set()
    for turn in range(2):
        scheme = scheme_of(visit.page) if turn == 0 else switch_scheme(visit)
        seen.add(scheme)
        label = f"{where} ({SCHEMES.get(scheme, scheme)}, {visit.page.viewport_size['width']} px)"
        if overflow:
            wide = visit.page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if wide > 0:
                problems.append(f"{label}: scrolls {wide}px sideways")
        violations = visit.axe()
        if violations:
            problems.append(f"{label}: axe:\n{describe(violations)}")
    if visit.errors:
        problems.append(f"{where}: JS errors: {visit.errors}")
        visit.errors.clear()
    return seen


def _check(browser, base: str, paths: list[str], viewport: dict, *, searches: list[str] = ()) -> list[str]:
    problems: list[str] = []
    visit = Visit(browser, viewport=viewport, color_scheme="light")
    try:
        for path in paths:
            visit.goto(base + path)
            seen = check_in_both_schemes(visit, base + path, f"/{path}", problems, overflow=viewport == PHONE)
            assert seen == set(SCHEMES), f"/{path}: schemes seen {seen}"
        for path in searches:
            visit.goto(base + path)
            search(visit.page, "bewoners")
            check_in_both_schemes(visit, base + path, f"/{path} with the search open", problems, overflow=False)
    finally:
        visit.close()
    if visit.foreign:
        problems.append(f"requests to other hosts: {sorted(set(visit.foreign))}")
    return problems


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_student_page_in_both_schemes(browser, served_site, real_site, shard):
    paths = dealt(real_site, pages_of(real_site), shard, SHARDS)
    searches = _search_pages(pages_of(real_site))[shard::SHARDS]
    problems = _check(browser, served_site, paths, DESKTOP, searches=searches)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("shard", range(INSTRUCTOR_SHARDS))
def test_every_instructor_page_of_its_own_in_both_schemes(browser, served_instructor_site, real_instructor_site,
                                                          real_site, shard):
    paths = dealt(real_instructor_site, instructor_pages(real_instructor_site, real_site), shard, INSTRUCTOR_SHARDS)
    problems = _check(browser, served_instructor_site, paths, DESKTOP)
    assert not problems, "\n".join(problems)


def phone_pages(site: Path, student: Path | None = None) -> list[str]:
    """The pages checked at 375 px: one of each kind; in the instructor edition (``student`` given) one of
    each kind among the pages whose content differs from the student's, and the home pages, which carry
    the edition's marker (every other page of it is the student's page under the same header)."""
    if student is None:
        return one_of_each_kind(pages_of(site))
    homes = [p for p in pages_of(site) if p in ("", "en/")]
    own = [p for p in instructor_pages(site, student) if _article(site, p) != _article(student, p)]
    return sorted(set(homes) | set(one_of_each_kind(own)))


@pytest.mark.parametrize("shard", range(PHONE_SHARDS))
def test_one_student_page_of_each_kind_on_a_phone(browser, served_site, real_site, shard):
    paths = phone_pages(real_site)[shard::PHONE_SHARDS]
    searches = _search_pages(pages_of(real_site))[shard::PHONE_SHARDS]
    problems = _check(browser, served_site, paths, PHONE, searches=searches)
    assert not problems, "\n".join(problems)


def test_one_instructor_page_of_each_kind_on_a_phone(browser, served_instructor_site, real_instructor_site, real_site):
    paths = phone_pages(real_instructor_site, real_site)
    assert any(p.startswith("vignetten/") for p in paths), paths  # a page with a teaching note
    problems = _check(browser, served_instructor_site, paths, PHONE)
    assert not problems, "\n".join(problems)


def test_the_instructor_pages_visited_include_every_page_with_a_teaching_note(real_instructor_site, real_site):
    """The pages left to the student visit are those whose content is the same in both editions."""
    visited = set(instructor_pages(real_instructor_site, real_site))
    noted = [p for p in pages_of(real_instructor_site) if 'class="tbv-teaching' in _article(real_instructor_site, p)]
    assert noted, "no page with a teaching note found: is this the instructor edition?"
    assert set(noted) <= visited
    assert len(visited) < len(pages_of(real_instructor_site))


def test_the_shards_together_are_every_page(real_site):
    paths = pages_of(real_site)
    for shards in (SHARDS, PHONE_SHARDS, INSTRUCTOR_SHARDS):
        together = [p for shard in range(shards) for p in dealt(real_site, paths, shard, shards)]
        assert sorted(together) == sorted(paths) and len(together) == len(set(together))
