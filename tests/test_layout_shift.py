"""Nothing moves while a page loads: cumulative layout shift below 0.1 on a phone.

Chromium's Layout Instability API reports every shift of visible content
(``layout-shift`` entries, buffered from the start of the page). The pages
whose scripts change the page after it is drawn (explore's filters, the
handout's selection) and the large generated pages (network, overview) are
measured once their scripts are done: the sum of all shifts not caused by
input must stay below 0.1, Lighthouse's threshold for "good".
"""

from __future__ import annotations

import pytest

from browserkit import PHONE, Visit

# Every layout-shift entry from the start of the page, kept by an observer registered before
# any of the page's own scripts run (an init script), so none is missed.
_RECORD = """
window.__tbvShifts = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    window.__tbvShifts.push({value: entry.value, input: entry.hadRecentInput,
      sources: (entry.sources || []).map(s => s.node ? (s.node.id || s.node.className || s.node.nodeName) : '?')});
  }
}).observe({type: 'layout-shift', buffered: true});
"""

# After two more frames (a shift is reported with the frame that paints it).
_SHIFTS = """async () => {
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return window.__tbvShifts.filter(s => !s.input);
}"""

PAGES = {
    "explore": ("verkennen/", "() => document.getElementById('tbv-filter').hasAttribute('data-tbv-ready')"),
    "handout": ("vignetten/hand-out/", "() => document.readyState === 'complete'"),
    "network": ("netwerk/", "() => document.readyState === 'complete'"),
    "overview": ("overzicht/", "() => document.readyState === 'complete'"),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_nothing_moves_while_the_page_loads(browser, served_site, name):
    path, ready = PAGES[name]
    visit = Visit(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        visit.context.add_init_script(_RECORD)
        visit.goto(served_site + path)
        visit.page.wait_for_function(ready)
        visit.settle()
        shifts = visit.page.evaluate(_SHIFTS)
    finally:
        visit.close()
    total = sum(s["value"] for s in shifts)
    assert total < 0.1, f"{path}: layout shift {total:.3f}: {shifts}"
    assert not visit.errors, visit.errors
