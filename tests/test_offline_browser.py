"""The offline edition opened from a folder (file://) in Chromium, as a lecturer hands it out.

The build of ``mkdocs.offline.yml`` is opened by its ``file://`` address, with
no web server. Each test walks what a student or lecturer does there: follow
links from the home page to a vignette and a term, search for an actor, filter
the explore page, make a two-vignette handout (outcome option, print), follow
the network picture and download a citation. Every visit asserts zero console
errors and no request outside the folder; axe-core checks the pages visited.
Non-browser checks of the same build (every link names a file, the zip):
tests/test_offline.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ROOT
from tbvsite.vocabulary import load_vocabulary

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def archive(offline_site):
    """The vocabulary and the coding as the offline build publishes it (data/vignettes.json)."""
    vocabulary, problems = load_vocabulary(ROOT / "vignettes" / "taxonomy.yml", "vignettes/taxonomy.yml")
    assert vocabulary is not None, problems
    records = json.loads((offline_site / "data" / "vignettes.json").read_text(encoding="utf-8"))
    assert len(records) >= 2
    return vocabulary, records


@pytest.fixture(scope="module")
def axe_source() -> str:
    import axe_playwright_python  # ships axe.min.js; installed with the test extras

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


class Visit:
    """A reduced-motion context on the folder: records console errors and any request leaving it."""

    def __init__(self, browser, site: Path) -> None:
        self.site = site
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.context = browser.new_context(reduced_motion="reduce", accept_downloads=True,
                                           viewport={"width": 1280, "height": 900})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("console", lambda msg: self.errors.append(f"console.{msg.type}: {msg.text}")
                     if msg.type in ("error", "warning") else None)

    def _route(self, route) -> None:
        if route.request.url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()

    def url(self, relative: str) -> str:
        path, _, query = relative.partition("?")
        return (self.site / path).as_uri() + (f"?{query}" if query else "")

    def goto(self, relative: str) -> None:
        self.page.goto(self.url(relative), wait_until="load")

    def at(self, relative: str) -> None:
        """Wait until the page shown is that file of the site (after a click)."""
        self.page.wait_for_url(self.url(relative) + "*")
        assert not self.page.title().startswith("Index of"), "a folder listing instead of a page"

    def axe(self, source: str) -> str:
        # preload: false, as axe would otherwise re-read the stylesheets by XHR, which file:// forbids
        # (console errors of the test's own making; only css-orientation-lock needs them).
        self.page.add_script_tag(content=source)
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],"
            " preload: false})", AXE_TAGS)
        return "\n".join(f"{self.page.url}: {v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
                         for v in result["violations"])

    def close(self) -> None:
        self.context.close()
        assert not self.foreign, f"requests outside the folder: {self.foreign}"
        assert not self.errors, "\n".join(self.errors)


@pytest.fixture
def visit(browser, offline_site):
    opened = Visit(browser, offline_site)
    yield opened
    opened.close()


def _rarest(vocabulary, records, facet_id: str, *, one_word: bool = False) -> tuple[str, list[str]]:
    """A term carried by some vignettes but not all (the rarest), and their slugs in reading order."""
    facet = vocabulary.facets[facet_id]
    options = []
    for position, term_id in enumerate(facet.terms):
        slugs = [r["slug"] for r in records if term_id in r.get(facet_id, [])]
        if 0 < len(slugs) < len(records) and not (one_word and len(facet.terms[term_id].label.split()) > 1):
            options.append((len(slugs), position, term_id, slugs))
    assert options, f"no term of {facet_id} narrows the list"
    _, _, term_id, slugs = min(options)
    return term_id, slugs


def test_home_to_vignette_to_term_by_links(visit, archive, axe_source):
    vocabulary, records = archive
    first = records[0]
    facet_id = next(f for f in vocabulary.facets if first.get(f))
    facet = vocabulary.facets[facet_id]
    term_id = first[facet_id][0]
    visit.goto("index.html")
    problems = [visit.axe(axe_source)]
    visit.page.locator("article").get_by_role("link", name=first["title"], exact=True).first.click()
    visit.at(f"vignetten/{first['slug']}.html")
    assert visit.page.locator("h1").first.inner_text().startswith(first["title"])
    problems.append(visit.axe(axe_source))
    # The terms sit in the closed "Codering" disclosure at the top: a reader opens it, then follows one.
    visit.page.locator("details.tbv-coding > summary").first.click()
    visit.page.locator(f'details.tbv-coding a[href$="{facet.segment}/{term_id}.html"]').first.click()
    visit.at(f"{facet.segment}/{term_id}.html")
    assert facet.terms[term_id].label in visit.page.locator("h1").first.inner_text()
    problems.append(visit.axe(axe_source))
    assert not any(problems), "\n".join(problems)


def test_search_finds_a_vignette_by_an_actors_name(visit, archive, axe_source):
    vocabulary, records = archive
    actors = vocabulary.position_fields.get("actor", "actors")
    actor, slugs = _rarest(vocabulary, records, actors, one_word=True)
    name = vocabulary.facets[actors].terms[actor].label
    visit.goto("index.html")
    page = visit.page
    # Material says when its index is ready (its own text, read from its config): wait for that.
    ready = page.evaluate("JSON.parse(document.getElementById('__config').textContent)"
                          ".translations['search.result.placeholder']")
    search = page.locator("input.md-search__input")
    search.click()
    page.wait_for_function("text => document.querySelector('.md-search-result__meta').textContent.trim() === text",
                           arg=ready)
    search.press_sequentially(name)
    wanted = [f'.md-search-result__item a[href*="vignetten/{slug}.html"]' for slug in slugs]  # ?h=: highlight
    hit = page.locator(", ".join(wanted)).first
    hit.wait_for()
    problems = visit.axe(axe_source)
    hit.click()
    page.wait_for_url(lambda url: any(urlsplit(url).path.endswith(f"vignetten/{s}.html") for s in slugs))
    assert not problems, problems


def test_a_facet_filter_narrows_explore_and_the_address_keeps_it(visit, archive, axe_source):
    vocabulary, records = archive
    strategies = vocabulary.position_fields.get("strategy", "strategies")
    segment = vocabulary.facets[strategies].segment
    term, expected = _rarest(vocabulary, records, strategies)
    visit.goto("verkennen.html")
    page = visit.page
    shown = "() => [...document.querySelectorAll('#tbv-cards .tbv-card:not([hidden])')].map(c => c.dataset.slug)"
    assert page.evaluate(shown) == [r["slug"] for r in records]
    page.click(f'.tbv-facet[data-facet="{segment}"] summary')
    page.check(f'input[name="{segment}"][value="{term}"]')
    page.wait_for_function(f"n => ({shown})().length === n", arg=len(expected))
    assert page.evaluate(shown) == expected
    assert parse_qs(urlsplit(page.url).query) == {segment: [term]}
    assert page.is_visible("#tbv-filter [data-tbv-offline]"), "the page says where such an address works"
    problems = visit.axe(axe_source)
    visit.page.goto(page.url, wait_until="load")  # the address alone restores the selection
    assert page.is_checked(f'input[name="{segment}"][value="{term}"]')
    assert page.evaluate(shown) == expected
    assert not problems, problems


def test_two_vignette_handout_shows_exactly_those_two(visit, archive, axe_source):
    _, records = archive
    chosen = [records[0]["slug"], records[-1]["slug"]]
    visit.goto("vignetten/hand-out.html")
    page = visit.page
    shown = "() => [...document.querySelectorAll('.tbv-handout-item')].filter(i => !i.hidden).map(i => i.dataset.slug)"
    for slug in chosen:
        page.check(f'form[data-tbv-handout] input[name="v"][value="{slug}"]')
    page.get_by_role("button", name="Toon de hand-out").click()
    page.wait_for_function(f"n => ({shown})().length === n", arg=2)
    assert sorted(page.evaluate(shown)) == sorted(chosen)
    for item in page.locator(".tbv-handout-item:not([hidden])").all():
        assert item.is_visible()
    assert parse_qs(urlsplit(page.url).query) == {"v": [s for s in (r["slug"] for r in records) if s in chosen]}
    # The link to share is this very address, and the page says where it works.
    assert page.input_value("[data-tbv-link]") == page.url
    assert page.is_visible("[data-tbv-offline]")
    problems = visit.axe(axe_source)
    # The outcome option is kept in the address too.
    page.check('input[name="afloop"]')
    page.wait_for_function("() => new URLSearchParams(location.search).get('afloop') === '1'")
    visit.page.goto(page.url, wait_until="load")
    page.wait_for_function(f"n => ({shown})().length === n", arg=2)
    assert sorted(page.evaluate(shown)) == sorted(chosen) and page.is_checked('input[name="afloop"]')
    # Printed: the two vignettes, without the form.
    page.emulate_media(media="print")
    assert not page.is_visible("form[data-tbv-handout]")
    assert sorted(s for s in chosen if page.is_visible(f'.tbv-handout-item[data-slug="{s}"]')) == sorted(chosen)
    assert page.locator(".tbv-handout-item:visible").count() == 2
    assert not problems, problems


def test_network_picture_links_and_citation_downloads(visit, archive, offline_site, axe_source):
    _, records = archive
    slug = records[-1]["slug"]
    visit.goto("netwerk.html")
    problems = [visit.axe(axe_source)]
    visit.page.locator(f'svg a[href$="vignetten/{slug}.html"]').first.click()
    visit.at(f"vignetten/{slug}.html")
    for extension in ("bib", "ris"):
        with visit.page.expect_download() as event:
            visit.page.locator(f'a[download="{slug}.{extension}"]').click()
        download = event.value
        assert download.suggested_filename == f"{slug}.{extension}"
        assert Path(download.path()).read_bytes() == (offline_site / "data" / "cite" / f"{slug}.{extension}").read_bytes()
    assert not any(problems), "\n".join(problems)
