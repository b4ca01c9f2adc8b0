"""Search as a reader types it, in both languages: inflected words find their stems, and a
vignette's result shows its summary (not the terms it is coded with).

The words are content: they are inflections that the archive's texts never use, while
another form of each is there (the first test checks that against the built index).
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

from browserkit import DESKTOP, Visit, new_context, search, settle

pytestmark = pytest.mark.browser

# (edition folder, query, a form the texts do use)
INFLECTED = [("", "gesprekken", "gesprek"), ("", "afspraak", "afspraken"),
             ("", "bewonersavonden", "bewonersavond"),
             ("en/", "neighbourhoods", "neighbourhood"), ("en/", "conversations", "conversation")]


def _words(site, edition: str) -> set[str]:
    docs = json.loads((site / edition / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return {w for d in docs for w in re.findall(r"\w+", f"{d['title']} {d['text']}".lower())}


def test_the_queries_are_inflections_the_texts_do_not_use(real_site):
    for edition, query, used in INFLECTED:
        words = _words(real_site, edition)
        assert query not in words and used in words, (edition, query, used)


@pytest.mark.parametrize("edition,query,used", INFLECTED, ids=[q for _, q, _ in INFLECTED])
def test_an_inflected_word_finds_its_stem(browser, served_site, edition, query, used):
    visit = Visit(browser, viewport=DESKTOP)
    try:
        visit.goto(served_site + edition)
        hrefs = search(visit.page, query)  # fails when there is no result
        assert hrefs
        assert not visit.errors, visit.errors
    finally:
        visit.close()
    assert not visit.foreign, visit.foreign


# The text of the result for the page itself (not one of its sections) whose path ends with the argument.
_PAGE_RESULT = """(path) => {
  for (const link of document.querySelectorAll('.md-search-result__item > a')) {
    const url = new URL(link.href);
    if (url.pathname.endsWith(path) && !url.hash) return link.innerText;
  }
  return null;
}"""


def test_a_vignette_result_shows_its_summary(browser, served_site, real_site):
    records = json.loads((real_site / "data" / "vignettes.json").read_text(encoding="utf-8"))
    facet_labels = re.findall(r"<dt>([^<]+)</dt>",
                              (real_site / urlsplit(records[0]["url"]).path.lstrip("/") / "index.html")
                              .read_text(encoding="utf-8"))
    assert facet_labels
    visit = Visit(browser, viewport=DESKTOP)
    try:
        visit.goto(served_site)
        for record in records:
            search(visit.page, record["title"])
            text = visit.page.evaluate(_PAGE_RESULT, "/" + record["url"])
            assert text is not None, f"no result for the page of {record['slug']}"
            text = " ".join(text.split())
            assert " ".join(record["summary"].split())[:60] in text, (record["slug"], text[:300])
            for label in facet_labels:
                assert label not in text.replace(record["title"], ""), (record["slug"], label, text[:300])
            visit.page.locator("input.md-search__input").fill("")
        assert not visit.errors, visit.errors
    finally:
        visit.close()
    assert not visit.foreign, visit.foreign


def test_the_offline_edition_stems_too(browser, offline_site):
    """Opened from a folder, search runs Material's worker in an iframe (tbvsite/vendor/iframe-worker):
    the appended stemming runs there as well."""
    foreign: list[str] = []
    errors: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            request_route.continue_()
        else:
            foreign.append(url)
            request_route.abort()

    context = new_context(browser, viewport=DESKTOP)
    try:
        context.route("**/*", route)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto((offline_site / "index.html").as_uri())
        settle(page)
        hrefs = search(page, "gesprekken")
        assert any(urlsplit(h).path.endswith(".html") for h in hrefs), hrefs
    finally:
        context.close()
    assert not errors and not foreign, (errors, foreign)
