"""The student edition in a real browser (Debian's Chromium through Playwright).

Every page type is visited twice: light scheme on a desktop screen, dark scheme
on a 375 px phone. Each visit asserts no request to any host but the site's
own, no JavaScript or console error and no axe-core violation of WCAG 2.1 A/AA;
the phone visit also asserts there is no horizontal scrolling. Then the explore
filters, their URL and the Dutch search are driven as a student would.

axe-core is the ``axe.min.js`` that the PyPI package axe-playwright-python
ships (installed by ``make test``); nothing is fetched at run time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ROOT
from tbvsite.vocabulary import load_vocabulary

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


def _axe_source() -> str:
    try:
        import axe_playwright_python
    except ImportError:
        pytest.fail("axe-playwright-python (which ships axe.min.js) is not installed: run 'make test'")
    path = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    assert path.is_file(), f"axe.min.js missing at {path}: reinstall axe-playwright-python"
    return path.read_text(encoding="utf-8")


@dataclass
class _Vignette:
    slug: str
    title: str
    tags: dict[str, list[str]]


@dataclass
class Archive:
    """What the built site says about itself: the vocabulary and its open data."""

    vocabulary: object
    vignettes: list[_Vignette]
    by_term: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    by_slug: dict[str, _Vignette] = field(default_factory=dict)


@pytest.fixture(scope="module")
def index(real_site) -> Archive:
    vocabulary, problems = load_vocabulary(ROOT / "vignettes" / "taxonomy.yml", "vignettes/taxonomy.yml")
    assert vocabulary is not None, [p.code for p in problems]
    records = json.loads((real_site / "data" / "vignettes.json").read_text(encoding="utf-8"))
    vignettes = [_Vignette(r["slug"], r["title"], {f: r.get(f, []) for f in vocabulary.facets}) for r in records]
    archive = Archive(vocabulary, vignettes, by_slug={v.slug: v for v in vignettes})
    for facet in vocabulary.facets:
        for term in vocabulary.facets[facet].terms:
            slugs = tuple(v.slug for v in vignettes if term in v.tags[facet])
            if slugs:
                archive.by_term[(facet, term)] = slugs
    return archive


def _page_types(index) -> list[tuple[str, str]]:
    first = index.vignettes[0].slug
    pages = [("home", ""), ("vignette list", "vignetten/"), ("vignette", f"vignetten/{first}/"),
             ("overview", "overzicht/"), ("explore", "verkennen/"), ("network", "netwerk/")]
    for facet in index.vocabulary.facets.values():
        pages.append((f"facet index {facet.id}", f"{facet.segment}/"))
        term = next(t for t in facet.terms if index.by_term.get((facet.id, t)))
        pages.append((f"term page {facet.id}", f"{facet.segment}/{term}/"))
    return pages


class Visit:
    """A browser context that records foreign requests and every error."""

    def __init__(self, browser, **options) -> None:
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.own: list[str] = []
        self.context = browser.new_context(**options)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("console", lambda msg: self.errors.append(f"console.{msg.type}: {msg.text}")
                     if msg.type in ("error", "warning") else None)

    def _route(self, route) -> None:
        url = route.request.url
        host = urlsplit(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in LOOPBACK:
            if "/assets/tbvsite/" in url:
                self.own.append(url)
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def goto(self, url: str) -> None:
        response = self.page.goto(url, wait_until="networkidle")
        assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"

    def axe(self, source: str) -> list[dict]:
        self.page.add_script_tag(content=source)
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            AXE_TAGS)
        return result["violations"]

    def close(self) -> None:
        self.context.close()


def _describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): " + "; ".join(n["target"][0] if isinstance(n["target"][0], str)
                                                                 else str(n["target"]) for n in v["nodes"][:5])
                     for v in violations)


@pytest.fixture(scope="module")
def axe_source() -> str:
    return _axe_source()


PAGE_TYPES = ["home", "vignette list", "vignette", "overview", "explore", "network",
              "facet index", "term page"]


@pytest.mark.parametrize("scheme,viewport", [("light", DESKTOP), ("dark", PHONE)], ids=["light-desktop", "dark-phone"])
def test_every_page_type_is_private_error_free_and_accessible(browser, served_site, index, axe_source,
                                                              scheme, viewport):
    visited = _page_types(index)
    assert all(any(name.startswith(kind) for name, _ in visited) for kind in PAGE_TYPES)
    visit = Visit(browser, viewport=viewport, color_scheme=scheme)
    problems = []
    try:
        for name, path in visited:
            visit.errors.clear()
            visit.goto(served_site + path)
            if visit.errors:
                problems.append(f"{name} /{path}: JS errors: {visit.errors}")
            violations = visit.axe(axe_source)
            if violations:
                problems.append(f"{name} /{path}: axe violations:\n{_describe(violations)}")
            if viewport is PHONE:
                overflow = visit.page.evaluate(
                    "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
                if overflow > 0:
                    problems.append(f"{name} /{path}: scrolls {overflow}px sideways at 375px")
        # The search overlay is a page type of its own: open it and run axe there too.
        visit.goto(served_site)
        _search(visit.page, index.vignettes[0].title.split()[-1])
        violations = visit.axe(axe_source)
        if violations:
            problems.append(f"search overlay: axe violations:\n{_describe(violations)}")
        if visit.errors:
            problems.append(f"search overlay: JS errors: {visit.errors}")
    finally:
        visit.close()
    assert not visit.foreign, f"requests to other hosts: {sorted(set(visit.foreign))}"
    assert not problems, "\n".join(problems)


def _visible_cards(page) -> list[str]:
    return page.eval_on_selector_all(".tbv-card:not([hidden])", "cards => cards.map(c => c.dataset.slug)")


def _pick(index, facet_id: str) -> str:
    """A term of the facet carried by some vignettes but not all, preferring the rarest."""
    counts = [(len(index.by_term.get((facet_id, t), ())), t) for t in index.vocabulary.facets[facet_id].terms]
    usable = sorted(c for c in counts if 0 < c[0] < len(index.vignettes)) or sorted(c for c in counts if c[0])
    return usable[0][1]


def test_explore_filters_by_strategy_and_the_url_reproduces_the_selection(browser, served_site, index, axe_source):
    vocabulary = index.vocabulary
    strategies = vocabulary.facets[vocabulary.position_fields.get("strategy", "strategies")]
    actors = vocabulary.facets[vocabulary.position_fields.get("actor", "actors")]
    strategy = _pick(index, strategies.id)
    expected = list(index.by_term[(strategies.id, strategy)])
    visit = Visit(browser, viewport=DESKTOP)
    try:
        visit.goto(served_site + "verkennen/")
        assert _visible_cards(visit.page) == [v.slug for v in index.vignettes]
        visit.page.click(f'.tbv-facet[data-facet="{strategies.segment}"] summary')
        visit.page.check(f'input[name="{strategies.segment}"][value="{strategy}"]')
        assert _visible_cards(visit.page) == expected
        query = parse_qs(urlsplit(visit.page.url).query)
        assert query == {strategies.segment: [strategy]}
        # The count beside each actor is what is left when that actor is added.
        for actor in actors.terms:
            box = visit.page.locator(f'input[name="{actors.segment}"][value="{actor}"]')
            if box.count():
                carrying = set(index.by_term.get((actors.id, actor), ()))
                shown = box.locator("xpath=..").locator(".tbv-count").text_content()
                assert shown == f"({len(carrying & set(expected))})", actor
        # AND across facets: add an actor of the first remaining vignette.
        actor = index.by_slug[expected[0]].tags[actors.id][0]
        visit.page.click(f'.tbv-facet[data-facet="{actors.segment}"] summary')
        visit.page.check(f'input[name="{actors.segment}"][value="{actor}"]')
        both = [s for s in expected if actor in index.by_slug[s].tags[actors.id]]
        assert _visible_cards(visit.page) == both
        shared = visit.page.url
        assert parse_qs(urlsplit(shared).query) == {strategies.segment: [strategy], actors.segment: [actor]}
        # A lecturer's link: a fresh page at that URL shows the same selection.
        visit.goto(shared)
        assert _visible_cards(visit.page) == both
        assert visit.page.is_checked(f'input[name="{strategies.segment}"][value="{strategy}"]')
        assert visit.page.is_checked(f'input[name="{actors.segment}"][value="{actor}"]')
        status = visit.page.inner_text("#tbv-status")
        assert status.split()[0] == str(len(both))
        violations = visit.axe(axe_source)  # the open filters too
        assert not violations, _describe(violations)
        visit.page.click('.tbv-filter button[type="reset"]')
        visit.page.wait_for_function("() => !location.search")
        assert _visible_cards(visit.page) == [v.slug for v in index.vignettes]
        assert not visit.errors, visit.errors
    finally:
        visit.close()
    assert not visit.foreign, visit.foreign


def test_explore_without_javascript_is_the_full_list(browser, served_site, index):
    strategies = index.vocabulary.facets[index.vocabulary.position_fields.get("strategy", "strategies")]
    visit = Visit(browser, viewport=DESKTOP, java_script_enabled=False)
    try:
        visit.goto(served_site + f"verkennen/?{strategies.segment}={_pick(index, strategies.id)}")
        assert not visit.page.is_visible("#tbv-filter")
        cards = visit.page.locator(".tbv-card")
        assert cards.count() == len(index.vignettes)
        assert all(cards.nth(i).is_visible() for i in range(cards.count()))
    finally:
        visit.close()


def _search(page, query: str) -> list[str]:
    """Type into Material's search and return the hrefs of the results."""
    page.keyboard.press("s")  # Material's shortcut opens and focuses the search, also on a phone
    assert page.evaluate("() => document.activeElement.matches('input.md-search__input')")
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item a", timeout=10_000)
    return page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => a.href)")


def _single_word_term(index, facet_id: str):
    facet = index.vocabulary.facets[facet_id]
    for term in facet.terms.values():
        if len(term.label.split()) == 1 and index.by_term.get((facet_id, term.id)):
            return term
    return next(t for t in facet.terms.values() if index.by_term.get((facet_id, t.id)))


@pytest.mark.parametrize("field", ["actor", "strategy"])
def test_dutch_search_finds_a_vignette_by_a_term_name(browser, served_site, index, field):
    facet_id = index.vocabulary.position_fields.get(field, {"actor": "actors", "strategy": "strategies"}[field])
    term = _single_word_term(index, facet_id)
    carrying = index.by_term[(facet_id, term.id)]
    visit = Visit(browser, viewport=DESKTOP)
    try:
        visit.goto(served_site)
        lang = visit.page.get_attribute("html", "lang")
        assert lang == "nl"
        hrefs = _search(visit.page, term.label)
        paths = {urlsplit(h).path for h in hrefs}
        assert any(f"/vignetten/{slug}/" in paths for slug in carrying), (term.label, sorted(paths))
        assert not visit.errors, visit.errors
    finally:
        visit.close()
    assert not visit.foreign, visit.foreign


def test_network_nodes_are_links_to_their_pages(browser, served_site, index):
    visit = Visit(browser, viewport=DESKTOP)
    try:
        visit.goto(served_site + "netwerk/")
        hrefs = visit.page.eval_on_selector_all(".tbv-net svg a", 
                                                 "links => links.map(a => new URL(a.getAttribute('href'), document.baseURI).href)")
        paths = {urlsplit(h).path for h in hrefs}
        for vignette in index.vignettes:
            assert f"/vignetten/{vignette.slug}/" in paths, vignette.slug
        # Every node leads to a page that exists.
        for path in sorted(paths):
            response = visit.context.request.get(served_site.rstrip("/") + path)
            assert response.ok, path
        # Keyboard: the first Tab stops inside the figure reach a node link.
        first = visit.page.locator(".tbv-net svg a").first
        first.focus()
        assert visit.page.evaluate("() => document.activeElement.closest('svg') !== null")
    finally:
        visit.close()
    assert not visit.foreign, visit.foreign


def test_own_assets_per_page_are_small(browser, served_site, index, real_site):
    """What a browser actually loads of ours, per page type, within 15 KB gzip."""
    import gzip

    sizes = {}
    visit = Visit(browser, viewport=DESKTOP)
    try:
        for name, path in _page_types(index):
            visit.own.clear()
            visit.goto(served_site + path)
            files = {urlsplit(u).path.lstrip("/") for u in visit.own
                     if urlsplit(u).path.endswith((".js", ".css"))}
            sizes[name] = sum(len(gzip.compress((real_site / f).read_bytes(), 9)) for f in files)
    finally:
        visit.close()
    print("\nown JS+CSS gzip bytes per page type: " + json.dumps(sizes))
    assert all(0 < size <= 15 * 1024 for size in sizes.values()), sizes
