"""What the site draws around the text: nothing empty above the header, the menu's section chevrons
in one column, and the handout's heading anchors named as on the vignette pages."""

from __future__ import annotations

import pytest

from browserkit import DESKTOP, PHONE, Visit, first_handout_case

pytestmark = pytest.mark.browser

# Elements that take room above the header (outside it and its ancestors), with their text.
_ABOVE_HEADER = """() => {
  const header = document.querySelector('.md-header');
  const top = header.getBoundingClientRect().top;
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.contains(header) || header.contains(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.height > 0 && r.width > 0 && r.bottom <= top + 0.5 && getComputedStyle(el).visibility !== 'hidden')
      found.push(el.tagName + '.' + el.className + ' ' + Math.round(r.height) + 'px: ' + el.textContent.trim().slice(0, 40));
  }
  return {top: top, found: found};
}"""

# Per visible chevron of the main menu's top level: its right edge.
_CHEVRONS = """() => Array.from(document.querySelectorAll(
    '.md-sidebar--primary .md-nav--primary > .md-nav__list > .md-nav__item > .md-nav__link .md-nav__icon,' +
    '.md-sidebar--primary .md-nav--primary > .md-nav__list > .md-nav__item > .md-nav__container .md-nav__icon'))
  .map(icon => ({name: icon.closest('.md-nav__item').textContent.trim().split(/\\s+/)[0],
                 rect: icon.getBoundingClientRect()}))
  .filter(c => c.rect.width > 0)
  .map(c => [c.name, Math.round(c.rect.right)])"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_nothing_empty_above_the_header(browser, served_site, viewport):
    visit = Visit(browser, viewport=viewport)
    try:
        for path in ("", "vignetten/", "en/"):
            visit.goto(served_site + path)
            above = visit.page.evaluate(_ABOVE_HEADER)
            assert above["top"] == 0 and not above["found"], (path, above)
        assert not visit.errors, visit.errors
    finally:
        visit.close()
    assert not visit.foreign, visit.foreign


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["sidebar", "drawer"])
def test_the_menus_chevrons_line_up(browser, served_site, viewport):
    visit = Visit(browser, viewport=viewport)
    try:
        visit.goto(served_site + "leeswijzer/")
        if viewport is PHONE:
            visit.page.locator('.md-header [data-tbv-for="__drawer"]').click()
            visit.settle()
        chevrons = visit.page.evaluate(_CHEVRONS)
        assert len(chevrons) >= 2, chevrons
        assert max(r for _, r in chevrons) - min(r for _, r in chevrons) <= 1, chevrons
        cut = visit.page.evaluate("""() => Array.from(document.querySelectorAll(
            '.md-sidebar--primary .md-nav--primary > .md-nav__list > .md-nav__item .md-ellipsis'))
          .filter(e => e.getClientRects().length && e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.trim())""")
        assert not cut, cut  # no name cut short beside its chevron
    finally:
        visit.close()
    assert not visit.foreign, visit.foreign


def test_the_handouts_heading_anchors_are_named(browser, served_site):
    visit = Visit(browser, viewport=DESKTOP)
    try:
        slug = first_handout_case(visit, served_site)
        page = visit.page
        visit.goto(served_site + f"vignetten/hand-out/?v={slug}&afloop=1")
        page.locator(f'.tbv-handout-item[data-slug="{slug}"]:not([hidden])').wait_for()
        anchors = page.locator(".tbv-handout-item .headerlink")
        assert anchors.count() >= 2
        assert page.get_by_role("link", name="¶", exact=True).count() == 0
        named = page.eval_on_selector_all(".tbv-handout-item .headerlink", "links => links.map(a => a.getAttribute('aria-label'))")
        assert all(name and name != "¶" for name in named), named
        assert not visit.errors, visit.errors
    finally:
        visit.close()
    assert not visit.foreign, visit.foreign
