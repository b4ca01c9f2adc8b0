"""The site by keyboard alone, as a screen reader meets it (WCAG 2.1.1, 2.1.4, 2.4.3, 2.4.7, 4.1.2).

On every page type, at 1280 px and at 375 px, Tab walks every focus stop:
- each stop has a visible indicator: the stop's box (plus a margin, which holds
  outlines and the indicators Material draws on a sibling label) looks
  different focused and unfocused, and the computed outline or box-shadow or
  colour changes;
- no stop is off-screen, zero-sized or invisible;
- each stop has a name in the accessibility tree, without a pilcrow, and no
  heading's name ends in one; expanders tell their state;
- Shift+Tab goes back one stop.
Then the interactions: the drawer opens and closes by keyboard; the explore
filters, the handout and the outcome fold work by Tab, Space, Enter alone;
Escape closes the search; single-key shortcuts do nothing until switched on.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from browserkit import DESKTOP, PHONE, Visit, location

pytestmark = pytest.mark.browser

MAX_STOPS = 400
CONTROLS = {"link", "button", "checkbox", "radio", "textbox", "searchbox", "combobox", "switch", "menuitem", "tab"}
SNAPSHOT_LINE = re.compile(r'^- \'?(\w+)(?: "((?:[^"\\]|\\.)*)")?')

# The focused element: where it is, whether it is shown, a key for its styling,
# and the styles that tell focus apart (on it and on a label beside it).
_STOP = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const r = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  // A control drawn by its label (a visually hidden radio or checkbox under its
  // label) is shown when that label is.
  const next = el.nextElementSibling;
  const labels = [next, ...(el.labels || [])].filter(l => l && l.tagName === 'LABEL' && l.getClientRects().length);
  const drawn = parseFloat(style.opacity) === 0 && labels.length ? labels[0] : el;
  let shown = style.visibility !== 'hidden';
  for (let n = drawn; n; n = n.parentElement) {
    const s = getComputedStyle(n);
    if (s.display === 'none' || parseFloat(s.opacity) === 0) { shown = false; break; }
  }
  const id = el.id ? '#' + el.id : '';
  const cls = typeof el.className === 'string' ? el.className.trim().split(/\\s+/).filter(Boolean).slice(0, 3).join('.') : '';
  return {
    tag: el.tagName.toLowerCase(), id, key: el.tagName + '.' + cls + '[' + (el.getAttribute('type') || '') + ']',
    text: (el.textContent || el.value || '').trim().slice(0, 40),
    x: r.left, y: r.top, w: r.width, h: r.height,
    vw: innerWidth, vh: innerHeight, shown,
  };
}"""

_LOOK = """el => {
  const pick = n => { if (!n) return ''; const s = getComputedStyle(n);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.color, s.backgroundColor,
            s.textDecorationLine].join('|'); };
  return pick(el) + '#' + pick(el.nextElementSibling && el.nextElementSibling.tagName === 'LABEL' ? el.nextElementSibling : null);
}"""


def _page_paths(real_site) -> dict[str, str]:
    records = json.loads((real_site / "data/vignettes.json").read_text(encoding="utf-8"))
    term = next(p for p in sorted((real_site / "actoren").iterdir()) if p.is_dir())
    return {"home": "", "vignette": f"vignetten/{records[0]['slug']}/", "vignette list": "vignetten/",
            "explore": "verkennen/", "network": "netwerk/", "handout": "vignetten/hand-out/",
            "overview": "overzicht/", "facet index": "actoren/", "term": f"actoren/{term.name}/",
            "how-to": "casus-toevoegen/"}


# Two animation frames: scroll events a focus move caused are handled, and what they show or hide is
# drawn, before the stop is read (a state, not a time).
_SETTLED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def _focused_snapshot(page) -> str:
    return page.locator("*:focus").aria_snapshot()


def _where(stop: dict) -> str:
    return f"{stop['tag']}{stop['id']} {' '.join(stop['text'].split())!r} ({stop['key'].replace('.focus-visible', '')})"


def _walk(visit, looks: dict) -> list[str]:
    """Tab through every stop once; return problems."""
    page = visit.page
    problems: list[str] = []
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    seen: list[str] = []
    previous = None
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        page.evaluate(_SETTLED)  # the page has handled the scroll the focus move made (Material's back-to-top)
        stop = page.evaluate(_STOP)
        if stop is None:
            break  # past the last stop, into the browser's own UI
        where = _where(stop)
        if seen and where == seen[0]:
            break
        seen.append(where)
        if not stop["shown"] or stop["w"] < 1 or stop["h"] < 1:
            problems.append(f"{where}: focusable but not shown ({stop['w']:.0f}x{stop['h']:.0f})")
            continue
        if stop["x"] + stop["w"] <= 0 or stop["y"] + stop["h"] <= 0 or stop["x"] >= stop["vw"] or stop["y"] >= stop["vh"]:
            problems.append(f"{where}: focused off-screen at ({stop['x']:.0f}, {stop['y']:.0f})")
            continue
        first = (_focused_snapshot(page).splitlines() or [""])[0].strip()
        match = SNAPSHOT_LINE.match(first)
        if not match:
            problems.append(f"{where}: not in the accessibility tree ({first!r})")
        elif "¶" in (match.group(2) or ""):
            problems.append(f"{where}: name has a pilcrow: {first}")
        elif match.group(1) in CONTROLS and not (match.group(2) or "").strip():
            problems.append(f"{where}: {match.group(1)} without a name: {first}")
        if stop["key"] not in looks:
            looks[stop["key"]] = _indicator(page, where)
        if looks[stop["key"]]:
            problems.append(looks[stop["key"]])
        # Shift+Tab goes back one stop, then Tab forward again.
        if previous is not None and len(seen) % 7 == 0:
            page.keyboard.press("Shift+Tab")
            back = page.evaluate(_STOP)
            back_where = back and _where(back)
            if back_where != previous:
                problems.append(f"Shift+Tab from {where} went to {back_where}, not {previous}")
            page.keyboard.press("Tab")
        previous = where
    else:
        problems.append(f"Tab never came back round after {MAX_STOPS} stops")
    assert len(seen) >= 5, f"only {len(seen)} focus stops: {seen}"
    return problems


def _indicator(page, where: str) -> str:
    """'' when focus is visible on the current stop; else the problem."""
    handle = page.evaluate_handle("() => document.activeElement")
    box = page.evaluate("""el => { const r = el.getBoundingClientRect();
        return {x: Math.max(0, r.left - 6), y: Math.max(0, r.top - 6), width: r.width + 12, height: r.height + 12}; }""",
                        handle)
    box["width"] = min(box["width"], page.viewport_size["width"] - box["x"])
    box["height"] = min(box["height"], page.viewport_size["height"] - box["y"])
    focused_look = page.evaluate(_LOOK, handle)
    focused = page.screenshot(clip=box, animations="disabled")
    page.evaluate("el => el.blur()", handle)
    plain_look = page.evaluate(_LOOK, handle)
    plain = page.screenshot(clip=box, animations="disabled")
    page.evaluate("el => el.focus()", handle)  # back where the walk was; the next Tab goes on from here
    if focused == plain:
        return f"{where}: no visible focus indicator (looks the same focused and unfocused)"
    if focused_look == plain_look:
        return f"{where}: focus changes no outline, box-shadow or colour"
    return ""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_every_page_type_by_tab(browser, served_site, real_site, viewport):
    problems: list[str] = []
    looks: dict = {}
    visit = Visit(browser, viewport=viewport)
    try:
        for kind, path in _page_paths(real_site).items():
            visit.goto(served_site + path)
            problems += [f"{kind} /{path}: {p}" for p in _walk(visit, looks)]
            tree = visit.page.locator("body").aria_snapshot()
            for line in tree.splitlines():
                if "¶" in line:
                    problems.append(f"{kind} /{path}: pilcrow in the accessibility tree: {line.strip()}")
            problems += [f"{kind} /{path}: {p}" for p in visit.page.evaluate(_STATES)]
        assert not visit.errors, visit.errors
    finally:
        visit.close()
    assert not visit.foreign, visit.foreign
    assert not problems, "\n".join(problems)


# Expanders and the scheme switch tell the state they are in.
_STATES = """() => {
  const problems = [];
  document.querySelectorAll('[aria-expanded]').forEach(el => {
    const target = el.htmlFor || el.getAttribute('data-tbv-for');
    const input = target ? document.getElementById(target) : null;
    if (input && input.type === 'checkbox' && String(input.checked) !== el.getAttribute('aria-expanded'))
      problems.push('aria-expanded of ' + (el.id || target) + ' says ' + el.getAttribute('aria-expanded'));
  });
  document.querySelectorAll('label.md-nav__link[for][tabindex], label.md-header__button[tabindex]').forEach(el => {
    problems.push('label for ' + el.htmlFor + ' takes focus: a label has no role, state or Space');
  });
  const checked = document.querySelector('input[name="__palette"]:checked');
  if (checked) {
    const scheme = document.body.getAttribute('data-md-color-scheme');
    const label = checked.getAttribute('aria-label') || '';
    if ((scheme === 'slate') !== /donker/i.test(label))
      problems.push('the checked scheme radio is named "' + label + '" while the scheme is ' + scheme);
  }
  return problems;
}"""


def _tab_to(page, predicate: str, limit: int = MAX_STOPS) -> None:
    """Press Tab until ``predicate`` (a JS expression over ``el``) holds for the focused element."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!(el && ({predicate})); }}"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def test_the_drawer_opens_and_closes_by_keyboard(browser, served_site):
    visit = Visit(browser, viewport=PHONE)
    try:
        visit.goto(served_site + "overzicht/")
        page = visit.page
        _tab_to(page, "el.getAttribute('data-tbv-for') === '__drawer'")
        assert page.get_attribute("*:focus", "aria-expanded") == "false"
        page.keyboard.press("Enter")
        visit.settle()
        assert page.evaluate("() => document.getElementById('__drawer').checked")
        assert page.get_attribute("*:focus", "aria-expanded") == "true"
        _tab_to(page, "el.closest('.md-sidebar--primary')", limit=6)  # past the header's own buttons
        page.keyboard.press("Escape")
        visit.settle()
        assert not page.evaluate("() => document.getElementById('__drawer').checked")
        assert page.evaluate("() => document.activeElement.getAttribute('data-tbv-for') === '__drawer'")
        page.keyboard.press(" ")  # Space opens it too
        visit.settle()
        assert page.evaluate("() => document.getElementById('__drawer').checked")
        assert not visit.errors, visit.errors
    finally:
        visit.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_explore_filters_by_keyboard(browser, served_site, viewport):
    visit = Visit(browser, viewport=viewport)
    try:
        visit.goto(served_site + "verkennen/")
        page = visit.page
        total = page.locator(".tbv-card:not([hidden])").count()
        _tab_to(page, "el.matches('.tbv-facet summary')")
        page.keyboard.press("Enter")
        _tab_to(page, "el.matches('.tbv-filter input[type=checkbox]')", limit=5)
        page.keyboard.press(" ")
        assert page.evaluate("() => document.activeElement.checked")
        assert 0 < page.locator(".tbv-card:not([hidden])").count() <= total
        assert urlsplit(location(page)).query
        assert not visit.errors, visit.errors
    finally:
        visit.close()


def test_the_handout_by_keyboard(browser, served_site, real_site):
    visit = Visit(browser, viewport=DESKTOP)
    try:
        visit.goto(served_site + "vignetten/hand-out/")
        page = visit.page
        assert not page.locator("[data-tbv-print]").is_visible(), "print button shown with nothing selected"
        _tab_to(page, "el.matches('input[name=v]')")
        page.keyboard.press(" ")
        # The chosen vignette arrives as a script of its own (lazy handout): wait for that state.
        page.locator("[data-tbv-status]").filter(has_text="op de hand-out").wait_for(state="attached")
        assert parse_qs(urlsplit(location(page)).query).get("v")
        page.locator("[data-tbv-print]").wait_for(state="visible")
        _tab_to(page, "el.matches('[data-tbv-copy]')", limit=40)
        page.keyboard.press("Enter")
        visit.settle()
        assert page.evaluate("() => document.activeElement.matches('[data-tbv-copy]')"), \
            "copying the link moved focus away from the button"
        assert not visit.errors, visit.errors
    finally:
        visit.close()


def test_the_outcome_fold_by_keyboard(browser, served_site, real_site):
    records = json.loads((real_site / "data/vignettes.json").read_text(encoding="utf-8"))
    visit = Visit(browser, viewport=DESKTOP)
    try:
        visit.goto(served_site + f"vignetten/{records[0]['slug']}/")
        page = visit.page
        _tab_to(page, "el.matches('.md-content details > summary')")
        assert not page.evaluate("() => document.activeElement.parentElement.open")
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.parentElement.open")
        page.keyboard.press(" ")
        assert not page.evaluate("() => document.activeElement.parentElement.open")
    finally:
        visit.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_search_by_keyboard_and_escape(browser, served_site, viewport):
    visit = Visit(browser, viewport=viewport)
    try:
        visit.goto(served_site + "leeswijzer/")
        page = visit.page
        _tab_to(page, "el.matches('input.md-search__input') || el.getAttribute('data-tbv-for') === '__search'")
        if page.evaluate("() => document.activeElement.getAttribute('data-tbv-for') === '__search'"):
            page.keyboard.press("Enter")
            visit.settle()
        assert page.evaluate("() => document.getElementById('__search').checked || "
                             "document.activeElement.matches('input.md-search__input')")
        page.keyboard.type("bewoners")
        page.wait_for_selector(".md-search-result__item")
        live = page.locator(".md-search-result__meta")
        assert live.get_attribute("aria-live") == "polite" and re.search(r"\d", live.text_content())
        page.keyboard.press("Escape")
        visit.settle()
        assert not page.evaluate("() => document.getElementById('__search').checked")
        assert not visit.errors, visit.errors
    finally:
        visit.close()


def test_single_key_shortcuts_are_off_until_switched_on(browser, served_site):
    visit = Visit(browser, viewport=DESKTOP)
    try:
        visit.goto(served_site + "overzicht/")
        page = visit.page
        here = location(page)
        for key in ("n", ".", "p", ","):
            page.keyboard.press(key)
            assert location(page) == here, f"'{key}' changed the page although shortcuts are off"
        page.keyboard.press("s")
        assert not page.evaluate("() => document.getElementById('__search').checked")
        switch = page.get_by_role("checkbox", name=re.compile("Sneltoetsen"))
        switch.focus()
        page.keyboard.press(" ")
        assert switch.is_checked()
        page.evaluate("() => document.activeElement.blur()")
        with page.expect_navigation():
            page.keyboard.press("n")
        assert location(page) != here
        visit.goto(location(page))  # the choice is kept
        assert page.get_by_role("checkbox", name=re.compile("Sneltoetsen")).is_checked()
        assert not visit.errors, visit.errors
    finally:
        visit.close()


TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
                    word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_network_labels_survive_text_spacing(browser, served_site, viewport):
    """1.4.12: with the text-spacing overrides no label is cut off: the picture's node labels by its
    edge where the picture shows, the cards' labels (a phone) by the window's edge."""
    visit = Visit(browser, viewport=viewport)
    try:
        visit.goto(served_site + "netwerk/")
        visit.page.add_style_tag(content=TEXT_SPACING)
        visit.settle()
        shown = visit.page.evaluate("""() => ['.tbv-net-scroll', '.tbv-net-stack'].filter(
          s => document.querySelector(s) && document.querySelector(s).getClientRects().length)""")
        assert len(shown) == 1, f"the picture or the cards, one of them: {shown}"
        if shown == [".tbv-net-stack"]:
            cut = visit.page.evaluate("""() => Array.from(document.querySelectorAll('.tbv-net-stack a'))
              .filter(a => { const r = a.getBoundingClientRect();
                             return !r.width || r.left < -0.5 || r.right > innerWidth + 0.5; })
              .map(a => a.textContent)""")
            assert visit.page.locator(".tbv-net-stack a").count() > 0
            assert not cut, cut
            return
        clipped = visit.page.evaluate("""() => {
          const scroller = document.querySelector('.tbv-net-scroll');
          const box = scroller.getBoundingClientRect();
          const left = box.left - scroller.scrollLeft, right = left + scroller.scrollWidth;
          const svg = scroller.querySelector('svg');
          const clips = getComputedStyle(svg).overflow !== 'visible';
          const frame = svg.getBoundingClientRect();
          return Array.from(scroller.querySelectorAll('text')).filter(t => {
            const r = t.getBoundingClientRect();
            return r.left < left - 0.5 || r.right > right + 0.5 ||
                   (clips && (r.left < frame.left - 0.5 || r.right > frame.right + 0.5));
          }).map(t => t.textContent);
        }""")
        assert not clipped, clipped
    finally:
        visit.close()
