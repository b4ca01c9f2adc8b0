"""The teaching contract in a real browser: nothing of the outcome before the fold.

For every vignette page of the built site, before any click: the page has
exactly one fold (``details.tbv-fold``; a part B's fold sits inside it and
stays closed when the first is opened), it is closed, it holds the analysis
(and, for a decision, the outcome), the discussion questions come before it,
and the text a student can see before it contains no sentence of the fold
and does not single out the options the team chose.

Before the fold the options are on the table, so a chosen option may be
named there, but only as one option among others, never on its own. The
text before the fold is cut into units: a paragraph, a table cell, a heading,
an item of a numbered list (each discussion question stands alone), or a
whole bulleted list (an enumeration, such as the options of a dilemma or
the objectives). A unit that names a chosen option must also
name an option the team did not take ("de reguliere lijn of een direct
gesprek"); a unit that names only chosen ones ("is het verkokerd opschrijven
een nederlaag?") gives the outcome away. An option is named by its label,
without a leading article or preposition ("reguliere lijn" for "Via de
reguliere lijn"). The term links of the metadata panel and of the positions
table, where every option is listed alike, are left out; nothing else is.

This is a heuristic with a known blind side: a unit that names the chosen
option by its label and the other options only in other words is reported,
and the fix is to name the options alike.

Runs over whatever vignettes exist (their slugs come from the vignettes
folder and are checked against the site's open data), so it holds for new
cases too.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT
from helpers import fold_sentences, normal_text as normal
from tbvsite.vocabulary import load_vocabulary

pytestmark = pytest.mark.browser

SLUGS = sorted(p.stem for p in (ROOT / "vignettes").glob("*.md"))

# Text nodes in document order, split at the fold. Links to the chosen facet's
# term pages inside the metadata panel or a table are left out: there every
# option is listed alike. Only text that is rendered counts.
PAGE_STATE = """([segment]) => {
  const fold = Array.from(document.querySelectorAll('details.tbv-fold'))
                    .filter(d => !d.parentElement.closest('details.tbv-fold'));  // a part B's fold is inside
  const questions = document.getElementById('discussievragen');
  const out = {folds: fold.length, open: null, questionsBefore: false, before: '', fold: '',
               foldHeadings: [], foldVisible: null};
  if (fold.length !== 1) return out;
  const f = fold[0];
  out.open = f.open;
  out.foldVisible = Array.from(f.children).filter(c => c.tagName !== 'SUMMARY')
                         .some(c => c.checkVisibility());
  out.foldHeadings = Array.from(f.querySelectorAll('h2, h3')).map(h => h.textContent.replace('\\u00b6', '').trim());
  out.questionsBefore = !!questions &&
      !!(f.compareDocumentPosition(questions) & Node.DOCUMENT_POSITION_PRECEDING);
  const skip = (el) => el.closest(`.tbv-meta a[href*="/${segment}/"], table a[href*="/${segment}/"]`);
  const unitOf = (el) => {
    const item = el.closest('li');
    if (item && item.parentElement) return item.parentElement.tagName === 'OL' ? item : item.parentElement;
    return el.closest('p, td, th, h1, h2, h3, h4, h5, h6, dt, dd, summary, figcaption, blockquote') || el;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const parts = [];
  const units = new Map();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !(f.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_PRECEDING)) continue;
    if (el.closest('script, style, template') || skip(el) || !el.checkVisibility()) continue;
    parts.push(node.textContent);
    const unit = unitOf(el);
    units.set(unit, (units.get(unit) || '') + node.textContent);
  }
  out.before = parts.join(' ');
  out.units = Array.from(units.values());
  const summary = f.querySelector('summary');
  out.fold = Array.from(f.childNodes).filter(n => n !== summary).map(n => n.textContent).join('\\n');
  return out;
}"""


# The answer to a part B: closed, nothing but its summary visible.
INNER_CLOSED = """(d) => !d.open && !Array.from(d.children).some(c => c.tagName !== 'SUMMARY' && c.checkVisibility())
  && d.querySelector('summary').checkVisibility()"""


LEADING = {"via", "langs", "de", "het", "een", "met", "naar", "door"}


def option_name(label: str) -> str:
    """How the text names an option: its label, without leading articles or prepositions."""
    words = normal(label).split()
    while len(words) > 1 and words[0] in LEADING:
        words.pop(0)
    return " ".join(words).rstrip(".")


@pytest.fixture(scope="module")
def archive(real_site):
    vocabulary, problems = load_vocabulary(ROOT / "vignettes" / "taxonomy.yml", "vignettes/taxonomy.yml")
    assert vocabulary is not None, [p.code for p in problems]
    records = {r["slug"]: r for r in json.loads((real_site / "data/vignettes.json").read_text(encoding="utf-8"))}
    assert sorted(records) == SLUGS, "every vignette file must have a page (and only those)"
    return vocabulary, records


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    yield context
    context.close()


@pytest.mark.parametrize("slug", SLUGS)
def test_nothing_of_the_outcome_before_the_fold(context, served_site, archive, slug):
    vocabulary, records = archive
    record = records[slug]
    facet_id = list(vocabulary.position_fields.values())[-1]  # the facet positions argue for: the options
    facet = vocabulary.facets[facet_id]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{served_site}vignetten/{slug}/", wait_until="load")
    page.locator("h1").first.wait_for(state="visible")
    state = page.evaluate(PAGE_STATE, [facet.segment])
    inner = page.locator("details.tbv-fold details.tbv-fold")  # the answer to a part B
    if state["folds"] == 1 and inner.count():
        page.locator("details.tbv-fold > summary").first.click()
        assert page.locator("details.tbv-fold").first.evaluate("d => d.open")
        assert inner.first.evaluate(INNER_CLOSED), f"{slug}: opening the fold opened the answer to part B"
    page.close()

    assert state["folds"] == 1, f"{slug}: expected one fold (details.tbv-fold), found {state['folds']}"
    assert state["open"] is False and state["foldVisible"] is False, f"{slug}: the fold is open before any click"
    expected = (["Hoe het afliep"] if record.get("form") == "beslissing" else []) + ["Analyse"]
    assert [h for h in state["foldHeadings"] if h in ("Hoe het afliep", "Analyse")] == expected, state["foldHeadings"]
    assert state["questionsBefore"], f"{slug}: the discussion questions must come before the fold"

    before = normal(state["before"])
    sentences = fold_sentences(state["fold"])
    assert sentences, f"{slug}: the fold holds no text"
    leaked = [s for s in sentences if s in before]
    assert not leaked, f"{slug}: sentences of the fold are visible before it: {leaked}"
    taken = record.get("chosen", [])
    chosen = [option_name(facet.terms[t].label) for t in taken]
    others = [option_name(facet.terms[t].label) for t in record[facet_id] if t not in taken]
    alone = [unit for unit in map(normal, state["units"])
             if any(name in unit for name in chosen) and not any(name in unit for name in others)]
    assert not alone, f"{slug}: a chosen option is named on its own before the fold: {alone}"
    assert not errors, errors
