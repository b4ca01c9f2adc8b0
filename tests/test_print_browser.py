"""The handout on paper (Chromium's print media): body-size text everywhere, the fold printed as
ordinary sections, the vignette's colophon on the page and in every page's margins; and
"Toon de hand-out" takes the reader to the first vignette's title."""

from __future__ import annotations

import pytest

from browserkit import DESKTOP, Visit, first_handout_case

pytestmark = pytest.mark.browser

# Per shown paragraph or list item of the handout's items: size, orphans and widows on paper.
_TEXT = """() => Array.from(document.querySelectorAll('.tbv-handout-items p, .tbv-handout-items li'))
  .filter(el => el.getClientRects().length > 0)
  .map(el => { const s = getComputedStyle(el);
               return [el.textContent.trim().slice(0, 40), parseFloat(s.fontSize), +s.orphans, +s.widows]; })"""

# The text of every @page rule of the page's style sheets (the margins' content), inside @media too.
_PAGE_RULES = """() => {
  const all = rules => Array.from(rules).flatMap(rule => rule.cssText.startsWith('@page') ? [rule.cssText]
                                                      : rule.cssRules ? all(rule.cssRules) : []);
  return Array.from(document.styleSheets).flatMap(sheet => {
    try { return all(sheet.cssRules); } catch (e) { return []; }
  }).join('\\n');
}"""


def test_the_printed_handout(browser, served_site):
    visit = Visit(browser, viewport=DESKTOP)
    try:
        slug = first_handout_case(visit, served_site)
        page = visit.page
        visit.goto(served_site + f"vignetten/hand-out/?v={slug}&afloop=1")
        item = page.locator(f'.tbv-handout-item[data-slug="{slug}"]:not([hidden])')
        item.wait_for()
        archive = page.get_attribute('meta[property="og:site_name"]', "content")
        page.emulate_media(media="print")
        text = page.evaluate(_TEXT)
        assert len(text) > 5, text
        small = [t for t in text if t[1] < 12]
        assert not small, small
        assert all(t[2] >= 2 and t[3] >= 2 for t in text), [t for t in text if t[2] < 2 or t[3] < 2]
        # The fold: its content shown as sections, no box, no prompt.
        fold = page.evaluate("""() => { const d = document.querySelector('.tbv-handout-item:not([hidden]) details.tbv-fold');
            const s = getComputedStyle(d);
            return [d.open, s.borderTopWidth, s.boxShadow, getComputedStyle(d.querySelector('summary')).display,
                    d.querySelector('h3').getClientRects().length]; }""")
        assert fold == [True, "0px", "none", "none", 1], fold
        # The colophon under the title and in the margins of the item's pages, with the page number.
        colophon = item.locator("[data-tbv-colophon]")
        assert colophon.is_visible()
        words = colophon.inner_text()
        assert archive in words and "CC BY 4.0" in words and "://" in words, words
        rules = page.evaluate(_PAGE_RULES)
        assert "counter(page)" in rules, rules
        assert archive in rules and "CC BY 4.0" in rules, rules
        title = item.locator("h2").first.inner_text()
        assert title in rules, (title, rules)
        assert not visit.errors, visit.errors
    finally:
        visit.close()
    assert not visit.foreign, visit.foreign


def test_showing_the_handout_goes_to_the_first_title(browser, served_site):
    visit = Visit(browser, viewport=DESKTOP)
    try:
        first_handout_case(visit, served_site)
        page = visit.page
        page.locator('form[data-tbv-handout] input[name="v"]').nth(1).check()
        page.locator('form[data-tbv-handout] input[name="v"]').first.check()
        page.locator('form[data-tbv-handout] button[type="submit"]').click()
        page.wait_for_function("() => document.activeElement && document.activeElement.matches('.tbv-handout-item > h2')")
        visit.settle()
        where = page.evaluate("""() => { const h = document.activeElement.getBoundingClientRect();
            const header = document.querySelector('.md-header').getBoundingClientRect();
            const first = document.querySelector('.tbv-handout-item:not([hidden]) > h2');
            return [h.top, header.bottom, first === document.activeElement]; }""")
        top, header, first = where
        assert first, where
        assert header <= top <= header + 80, where
        assert not visit.errors, visit.errors
    finally:
        visit.close()
    assert not visit.foreign, visit.foreign
