"""The English edition speaks English in what the scripts write, and the language switch keeps the
reader's selection (explore's filters, the handout's vignettes) in the address."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from browserkit import DESKTOP, Visit, first_handout_case, location, wait_for_explore

pytestmark = pytest.mark.browser

DUTCH = ("vignetten", "van", "gekozen")

# The selection as the page's boxes hold it, by facet id (the same in every language).
_SELECTION = """() => Array.from(document.querySelectorAll('#tbv-filter input:checked')).map(box =>
  box.closest('.tbv-facet').getAttribute('data-facet-id') + '=' + box.value).sort()"""

# The query the page's own boxes give: its facet segments (box names) -> values.
_OWN_QUERY = """() => Array.from(document.querySelectorAll('#tbv-filter input:checked')).map(box =>
  box.name + '=' + box.value).sort()"""


def _tick_first_term(page) -> str:
    """Open the first facet group, tick its first term; returns the status line before."""
    before = page.locator("#tbv-status").inner_text()
    page.locator("#tbv-filter details.tbv-facet > summary").first.click()
    page.locator("#tbv-filter details.tbv-facet input[type=checkbox]").first.check()
    page.wait_for_function("() => !!location.search")
    return before


def _follow_switch(visit, lang: str) -> None:
    page = visit.page
    page.locator(".md-header .md-select").first.hover()
    link = page.locator(f'a[data-tbv-alternate="{lang}"]').first
    with page.expect_navigation():
        link.click()
    visit.settle()


def test_english_explore_after_a_tick_has_no_dutch(browser, served_site):
    with Visit(browser, viewport=DESKTOP) as visit:
        visit.goto(served_site + "en/explore/")
        page = visit.page
        wait_for_explore(page)
        _tick_first_term(page)
        page.wait_for_function("() => /\\d+ of \\d+/.test(document.getElementById('tbv-status').textContent)"
                               " || document.querySelector('.tbv-chosen').textContent.trim() !== ''")
        text = page.evaluate("""() => {
            const parts = [document.getElementById('tbv-status').innerText];
            document.querySelectorAll('#tbv-filter summary').forEach(s => parts.push(s.innerText));
            return parts.join(' \\n ');
        }""")
        found = [w for w in DUTCH if re.search(rf"\b{w}\b", text, re.IGNORECASE)]
        assert not found, (found, text)
        assert re.search(r"\bchosen\b", text), text
        assert not visit.errors, visit.errors
    assert not visit.foreign, visit.foreign


@pytest.mark.parametrize("start,lang,other", [("verkennen/", "en", "/en/explore/"), ("en/explore/", "nl", "/verkennen/")])
def test_the_language_switch_on_explore_keeps_the_selection(browser, served_site, start, lang, other):
    with Visit(browser, viewport=DESKTOP) as visit:
        visit.goto(served_site + start)
        page = visit.page
        wait_for_explore(page)
        _tick_first_term(page)
        chosen = page.evaluate(_SELECTION)
        status = page.locator("#tbv-status").inner_text()
        assert chosen
        _follow_switch(visit, lang)
        wait_for_explore(page)
        assert urlsplit(location(page)).path.endswith(other), location(page)
        assert page.evaluate(_SELECTION) == chosen
        assert re.findall(r"\d+", page.locator("#tbv-status").inner_text()) == re.findall(r"\d+", status)
        # the address now says it in this page's own names, so a copied link works here
        query = parse_qs(urlsplit(location(page)).query)
        assert sorted(f"{k}={v}" for k, vs in query.items() for v in vs) == page.evaluate(_OWN_QUERY)
        assert not visit.errors, visit.errors
    assert not visit.foreign, visit.foreign


def test_the_language_switch_on_the_handout_keeps_the_query(browser, served_site, real_site):
    with Visit(browser, viewport=DESKTOP) as visit:
        slug = first_handout_case(visit, served_site)
        page = visit.page
        visit.goto(served_site + f"vignetten/hand-out/?v={slug}&afloop=1")
        _follow_switch(visit, "en")
        address = urlsplit(location(page))
        assert address.path.endswith("/en/vignettes/handout/"), address
        assert parse_qs(address.query) == {"v": [slug], "afloop": ["1"]}
        assert page.locator(f'input[name="v"][value="{slug}"]').is_checked()
        assert not visit.errors, visit.errors
    assert not visit.foreign, visit.foreign
