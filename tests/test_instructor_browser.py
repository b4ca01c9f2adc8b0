"""The instructor edition marks every part of a teaching note (a tinted band, a label on each
heading) and keeps a part marked ``.collapsed`` (what happened next) closed until opened."""

from __future__ import annotations

import pytest

from browserkit import DESKTOP, Visit, describe
from tbvsite import i18n

pytestmark = pytest.mark.browser

_NOTE = """() => {
  const note = document.querySelector('.tbv-teaching-note');
  const headings = Array.from(note.querySelectorAll('h2, h3, h4, h5, h6'));
  return {
    band: getComputedStyle(note).backgroundColor,
    marks: headings.map(h => getComputedStyle(h, '::after').content),
    collapsed: Array.from(note.querySelectorAll('details.tbv-teaching-collapsed')).map(d =>
      [d.open, d.querySelector('p') ? d.querySelector('p').checkVisibility() : null]),
  };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path,language", [("vignetten/bewonersavond/", "nl"), ("en/vignettes/bewonersavond/", "en")])
def test_a_teaching_note_is_marked_throughout(browser, served_instructor_site, path, language, scheme):
    mark = i18n.strings(language)["teaching.mark"]
    visit = Visit(browser, viewport=DESKTOP, color_scheme=scheme)
    try:
        visit.goto(served_instructor_site + path)
        note = visit.page.evaluate(_NOTE)
        assert note["band"] not in ("rgba(0, 0, 0, 0)", "transparent"), note
        assert len(note["marks"]) >= 3 and all(m == f'"{mark}"' for m in note["marks"]), note
        assert note["collapsed"] == [[False, False]], note  # closed: its text not shown
        problems = visit.axe(".tbv-teaching-note")
        assert not problems, describe(problems)
        assert not visit.errors, visit.errors
    finally:
        visit.close()
    assert not visit.foreign, visit.foreign
