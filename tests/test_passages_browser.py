"""The "Codering tonen" switch in a real browser: hidden by default, reached and ticked with the keyboard,
the coded passages then marked with their term names (not by colour alone), axe-clean, light and dark,
Dutch and English."""

from __future__ import annotations

import pytest

from browserkit import DESKTOP, Visit, describe

pytestmark = pytest.mark.browser

# For each coded passage: the text in front of it (the ::before), its underline, whether it is shown.
PASSAGES = """() => Array.from(document.querySelectorAll('.tbv-passage')).map(span => ({
  before: getComputedStyle(span, '::before').content,
  underline: getComputedStyle(span).borderBottomStyle,
  labels: span.dataset.labels,
}))"""


@pytest.mark.parametrize("path, label", [("vignetten/heidag/", "Codering tonen"),
                                         ("en/vignettes/heidag/", "Show coding")])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_switch_shows_the_terms_of_each_passage(browser, served_site, path, label, scheme):
    visit = Visit(browser, viewport=DESKTOP, color_scheme=scheme)
    try:
        visit.goto(served_site + path)
        page = visit.page
        passages = page.evaluate(PASSAGES)
        assert len(passages) >= 3
        assert all(p["before"] in ("none", "normal") and p["underline"] == "none" for p in passages)
        # Tab to the switch (bounded: a page has fewer stops than this), then Space ticks it.
        for _ in range(200):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement && document.activeElement.id") == "tbv-coding-toggle":
                break
        else:
            pytest.fail("the switch cannot be reached with Tab")
        assert page.get_by_label(label).is_visible()
        page.keyboard.press("Space")
        assert page.is_checked("#tbv-coding-toggle")
        visit.settle()
        passages = page.evaluate(PASSAGES)
        assert all(p["before"] == f'"{p["labels"]}"' and p["underline"] == "solid" for p in passages), passages
        violations = visit.axe()
        assert not violations, describe(violations)
        page.keyboard.press("Space")
        assert not page.is_checked("#tbv-coding-toggle")
    finally:
        visit.close()
    assert not visit.foreign and not visit.errors
