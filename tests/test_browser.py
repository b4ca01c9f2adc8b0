"""The student edition in a real browser (Debian's Chromium through Playwright).

The every-page checks (requests, errors, axe-core on every page of both
editions) are in tests/test_every_page.py. Here: the explore filters, their
URL, the Dutch search and the network, driven as a student would, and the
size of what a page loads of ours. Contexts, waits and axe come from
tests/browserkit.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest

from browserkit import DESKTOP, Visit, describe, location, search
from conftest import ROOT
from tbvsite.vocabulary import load_vocabulary

pytestmark = pytest.mark.browser


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


def _visible_cards(page) -> list[str]:
    return page.eval_on_selector_all(".tbv-card:not([hidden])", "cards => cards.map(c => c.dataset.slug)")


def _pick(index, facet_id: str) -> str:
    """A term of the facet carried by some vignettes but not all, preferring the rarest."""
    counts = [(len(index.by_term.get((facet_id, t), ())), t) for t in index.vocabulary.facets[facet_id].terms]
    usable = sorted(c for c in counts if 0 < c[0] < len(index.vignettes)) or sorted(c for c in counts if c[0])
    return usable[0][1]


def test_explore_filters_by_strategy_and_the_url_reproduces_the_selection(browser, served_site, index):
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
        query = parse_qs(urlsplit(location(visit.page)).query)
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
        shared = location(visit.page)
        assert parse_qs(urlsplit(shared).query) == {strategies.segment: [strategy], actors.segment: [actor]}
        # A lecturer's link: a fresh page at that URL shows the same selection.
        visit.goto(shared)
        assert _visible_cards(visit.page) == both
        assert visit.page.is_checked(f'input[name="{strategies.segment}"][value="{strategy}"]')
        assert visit.page.is_checked(f'input[name="{actors.segment}"][value="{actor}"]')
        status = visit.page.inner_text("#tbv-status")
        assert status.split()[0] == str(len(both))
        violations = visit.axe()  # the open filters too
        assert not violations, describe(violations)
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
        hrefs = search(visit.page, term.label)
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


def test_a_visit_records_and_the_browser_refuses_a_request_to_another_host(browser, tmp_path):
    """The guard every browser test leans on: a request leaving the loopback is recorded by Visit and
    never answered (the browser resolves no other host name)."""
    from conftest import serve

    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><title>t</title><img alt="" src="http://tracker.example/p.png">'
        '<script>fetch("https://cdn.example/x.js").catch(() => document.title = "refused")</script>',
        encoding="utf-8")
    base, server = serve(tmp_path)
    visit = Visit(browser, viewport=DESKTOP)
    failed = []
    visit.page.on("requestfailed", lambda request: failed.append((request.url, request.failure)))
    try:
        visit.goto(base)
        visit.page.wait_for_function("() => document.title === 'refused'")
    finally:
        visit.close()
        server.shutdown()
    assert sorted(visit.foreign) == ["http://tracker.example/p.png", "https://cdn.example/x.js"]
    assert sorted(url for url, _ in failed) == sorted(visit.foreign), failed
    assert all("ERR_NAME_NOT_RESOLVED" in failure for _, failure in failed), failed
