"""Reading on a phone (390 x 844) and a laptop (1280 x 800), issue 28: what a page shows where.

- a vignette page starts with the case: its scene's heading within 1.2 screens on a phone, the
  terms in a "Codering" disclosure, a contents menu of the page's headings at the top;
- each matrix of the overview keeps its row names in view when scrolled to its far right;
- the network and its table fit a phone, every actor's label visible;
- explore's count stays in view after a tick on a phone.

Structural: every vignette of the archive, every matrix, every actor. Contexts, waits and axe come
from tests/browserkit.py (reduced motion; waits for state, never for time).
"""

from __future__ import annotations

import json

import pytest

from browserkit import Visit, describe, wait_for_explore
from tbvsite import i18n

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
EDITIONS = {"nl": ("", "vignetten"), "en": ("en/", "vignettes")}


@pytest.fixture(scope="module")
def slugs(real_site) -> list[str]:
    records = json.loads((real_site / "data" / "vignettes.json").read_text(encoding="utf-8"))
    assert records
    return [r["slug"] for r in records]


# The first heading of the case itself: the first h2 after the metadata panel that is not the objectives'.
_SCENE_TOP = """(objectives) => {
  const meta = document.querySelector('.tbv-meta');
  const heads = Array.from(document.querySelectorAll('article h2'))
    .filter(h => meta.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING)
    .filter(h => h.textContent.replace('¶', '').trim() !== objectives);
  return {text: heads[0].textContent.replace('¶', '').trim(), top: heads[0].getBoundingClientRect().top + scrollY};
}"""


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_vignette_on_a_phone_starts_with_the_case(browser, served_site, slugs, lang):
    prefix, folder = EDITIONS[lang]
    t = i18n.strings(lang)
    with Visit(browser, viewport=PHONE_390) as visit:
        for slug in slugs:
            visit.goto(f"{served_site}{prefix}{folder}/{slug}/")
            page = visit.page
            scene = page.evaluate(_SCENE_TOP, t["vignette.objectives"])
            assert scene["top"] < 1.2 * PHONE_390["height"], (slug, scene)
            # The terms wait in a closed disclosure that the keyboard opens.
            coding = page.locator(".tbv-meta details.tbv-coding")
            assert coding.count() == 1 and not coding.get_attribute("open", timeout=0), slug
            coding.locator("summary").focus()
            page.keyboard.press("Enter")
            page.wait_for_function("() => document.querySelector('.tbv-meta details.tbv-coding').open")
            assert coding.locator("dd a").first.is_visible(), slug
            # A contents menu at the top: a named navigation whose links are the page's h2 headings.
            menu = page.get_by_role("navigation", name=t["vignette.page_toc"])
            assert menu.is_visible(), slug
            menu.locator("summary").click()
            targets = menu.locator("a").evaluate_all("links => links.map(a => a.hash.slice(1))")
            headings = page.eval_on_selector_all("article h2[id]", "hs => hs.map(h => h.id)")
            assert targets and set(headings) <= set(targets), (slug, targets, headings)
            assert menu.locator("a").first.is_visible(), slug
        violations = visit.axe()
        assert not violations, describe(violations)
    assert not visit.foreign and not visit.errors, (visit.foreign, visit.errors)


def test_the_scene_opens_the_first_screen_of_a_laptop(browser, served_site, slugs):
    with Visit(browser, viewport=LAPTOP) as visit:
        for slug in slugs:
            visit.goto(f"{served_site}vignetten/{slug}/")
            scene = visit.page.evaluate(_SCENE_TOP, i18n.strings("nl")["vignette.objectives"])
            assert scene["top"] < 1.2 * LAPTOP["height"], (slug, scene)


# Each matrix's scrolling box (the nearest box that scrolls sideways), scrolled to its far right:
# which row heads are then outside the box's visible part.
_ROW_HEADS_AFTER_SCROLL = """() => Array.from(document.querySelectorAll('.tbv-matrix table')).map(table => {
  for (let d = table.closest('details'); d; d = d.parentElement.closest('details')) d.open = true;
  let box = table;
  while (box && !(box.scrollWidth > box.clientWidth + 1 && /auto|scroll/.test(getComputedStyle(box).overflowX)))
    box = box.parentElement;
  if (!box) return {caption: table.caption.textContent, wide: false, lost: []};
  box.scrollLeft = box.scrollWidth;
  const edge = box.getBoundingClientRect();
  const lost = Array.from(table.querySelectorAll('tbody th')).filter(th => {
    const r = th.getBoundingClientRect();
    return !(r.width > 0 && r.left >= edge.left - 1 && r.right <= edge.right + 1);
  }).map(th => th.textContent.trim());
  return {caption: table.caption.textContent, wide: true, lost: lost,
          named: box.getAttribute('tabindex') === '0' && !!box.getAttribute('aria-label')};
})"""


@pytest.mark.parametrize("viewport", [PHONE_390, LAPTOP], ids=["phone", "laptop"])
@pytest.mark.parametrize("path", ["overzicht/", "en/overview/"])
def test_each_matrix_keeps_its_row_names_in_view(browser, served_site, viewport, path):
    with Visit(browser, viewport=viewport) as visit:
        visit.goto(served_site + path)
        matrices = visit.page.evaluate(_ROW_HEADS_AFTER_SCROLL)
        assert matrices
        for matrix in matrices:
            assert not matrix["lost"], matrix
            assert not matrix["wide"] or matrix["named"], matrix  # a box that scrolls: Tab reaches it, named
        assert any(m["wide"] for m in matrices) or viewport is LAPTOP  # on a phone they do scroll
        violations = visit.axe()
        assert not violations, describe(violations)
    assert not visit.foreign and not visit.errors, (visit.foreign, visit.errors)


# What sticks out sideways of the viewport in the network's figure and its table (every element with a
# box), and which node labels (actors, strategies: the picture's links' names) no visible element shows.
_NETWORK_FIT = """() => {
  const width = document.documentElement.clientWidth;
  const parts = [document.querySelector('figure.tbv-net'), document.querySelector('table a[href]').closest('table')];
  const out = [];
  for (const part of parts) for (const el of [part, ...part.querySelectorAll('*')]) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.left < -1 || r.right > width + 1)) out.push(el.tagName + ': ' + el.textContent.trim().slice(0, 40));
  }
  const shown = (label) => Array.from(parts[0].querySelectorAll('*')).some(el => {
    const r = el.getBoundingClientRect();
    return el.textContent.replace(/\\s+/g, ' ').trim() === label && r.width > 0 && r.height > 0
      && r.left >= -1 && r.right <= width + 1 && getComputedStyle(el).visibility === 'visible';
  });
  const labels = Array.from(document.querySelectorAll('.tbv-net svg a[class^="tbv-net-"]')).map(a => a.getAttribute('aria-label'));
  return {page: [document.documentElement.scrollWidth, width], outside: out, labels: labels.length,
          unseen: labels.filter(label => !shown(label))};
}"""


@pytest.mark.parametrize("path", ["netwerk/", "en/network/"])
def test_the_network_fits_a_phone_with_every_label_in_view(browser, served_site, path):
    with Visit(browser, viewport=PHONE_390) as visit:
        visit.goto(served_site + path)
        fit = visit.page.evaluate(_NETWORK_FIT)
        assert fit["page"][0] <= fit["page"][1], fit
        assert fit["labels"] and not fit["outside"] and not fit["unseen"], fit
        violations = visit.axe()
        assert not violations, describe(violations)
    assert not visit.foreign and not visit.errors, (visit.foreign, visit.errors)


# Labels of explore's terms that wrap: the left edge of each of their lines of text against the
# right edge of their checkbox (a wrapped line that starts under the checkbox is misaligned).
_LABEL_LINES = """() => Array.from(document.querySelectorAll('.tbv-filter label')).filter(l => l.offsetHeight > 0).map(label => {
  const box = label.querySelector('input').getBoundingClientRect();
  const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
  const starts = {};  // line (its top) -> the left edge of its first text
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const range = document.createRange();  // from the first visible character: a space is no text
    range.setStart(node, node.textContent.search(/\\S/));
    range.setEnd(node, node.textContent.length);
    for (const r of range.getClientRects()) {
      if (r.width <= 1) continue;
      const line = Math.round(r.top);
      starts[line] = Math.min(starts[line] ?? Infinity, r.left);
    }
  }
  return {text: label.textContent.trim(), box: box.right, starts: Object.values(starts)};
})"""


def test_explore_on_a_phone_keeps_the_count_in_view_after_a_tick(browser, served_site):
    with Visit(browser, viewport=PHONE_390) as visit:
        visit.goto(served_site + "verkennen/")
        page = visit.page
        wait_for_explore(page)
        groups = page.locator(".tbv-facet > summary")
        for i in range(groups.count()):  # every term list open, as a student who looks around
            groups.nth(i).click()
        box = page.locator(".tbv-filter input[type=checkbox]").nth(1)
        before = page.inner_text("#tbv-status")
        box.check()
        page.wait_for_function("(before) => document.getElementById('tbv-status').textContent !== before", arg=before)
        inside = page.evaluate("""() => { const r = document.getElementById('tbv-status').getBoundingClientRect();
            return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; }""")
        assert inside, page.evaluate("() => document.getElementById('tbv-status').getBoundingClientRect().toJSON()")
        status = page.locator("#tbv-status")
        assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
        # The term groups are boxes with their name, not Material's notes (no icon before the name).
        icon = page.evaluate("() => getComputedStyle(document.querySelector('.tbv-facet > summary'), '::before').content")
        assert icon in ("none", "normal"), icon
        # A wrapped label's lines all start where its text starts, right of its checkbox.
        wrapped = [label for label in page.evaluate(_LABEL_LINES) if len(label["starts"]) > 1]
        assert wrapped  # some labels wrap at this width (long names, sources' references)
        misaligned = [label for label in wrapped
                      if min(label["starts"]) < label["box"] or max(label["starts"]) - min(label["starts"]) > 1]
        assert not misaligned, misaligned
        violations = visit.axe()
        assert not violations, describe(violations)
    assert not visit.foreign and not visit.errors, (visit.foreign, visit.errors)


def test_on_paper_a_vignette_prints_its_coding_and_no_menu(browser, served_site, slugs):
    with Visit(browser, viewport=PHONE_390) as visit:
        visit.goto(f"{served_site}vignetten/{slugs[0]}/")
        visit.page.emulate_media(media="print")
        seen = visit.page.evaluate("""() => [document.querySelector('.tbv-meta dd a[href*="/"]:not([href^="#"])'),
                                              document.querySelector('.tbv-coding dd a')]
                                             .map(el => !!el && el.checkVisibility())""")
        assert seen == [True, True], seen  # the source and the terms, on paper without a click
        menu = visit.page.get_by_role("navigation", name=i18n.strings("nl")["vignette.page_toc"])
        assert not menu.is_visible()
