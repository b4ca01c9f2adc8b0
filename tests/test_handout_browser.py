"""The handout page in a real browser (Debian's Chromium through Playwright).

A lecturer ticks two vignettes; the URL alone, opened in a fresh context,
shows exactly those two with their questions, the folded outcome left out
unless asked for. On paper (A4) the form, menus and buttons are gone and each
vignette starts a new page. The page asks nothing of any other host.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from browserkit import axe, location, new_context, settle
from helpers import fold_sentences, normal_text

pytestmark = pytest.mark.browser

HANDOUT = "vignetten/hand-out/"
LOOPBACK = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="module")
def records(real_site) -> list[dict]:
    data = json.loads((real_site / "data/vignettes.json").read_text(encoding="utf-8"))
    assert len(data) >= 3, "the handout test needs at least three vignettes"
    return data


def fresh(browser, foreign: list[str], errors: list[str]):
    """A new context (no shared history or storage) that blocks and records foreign requests."""
    context = new_context(browser, viewport={"width": 1280, "height": 900})

    def route(r):
        if urlsplit(r.request.url).hostname in LOOPBACK or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            foreign.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return context, page


def ready(page) -> None:
    """Wait until handout.js has loaded the chosen vignettes (it says so in the status line)."""
    page.locator("[data-tbv-status]").filter(has_text="op de hand-out").wait_for(state="attached")


def visible_items(page) -> list[str]:
    return page.eval_on_selector_all(
        ".tbv-handout-item", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.slug)")


def test_ticking_two_vignettes_gives_a_link_that_reproduces_them(browser, served_site, records):
    foreign, errors = [], []
    chosen = [records[0], records[-1]]
    context, page = fresh(browser, foreign, errors)
    page.goto(served_site + HANDOUT, wait_until="load")
    settle(page)
    assert visible_items(page) == []  # nothing chosen yet: only the form
    for record in chosen:
        page.get_by_role("checkbox", name=record["title"], exact=True).check()
    url = location(page)
    assert page.input_value("[data-tbv-link]") == url
    query = parse_qs(urlsplit(url).query)
    assert query == {"v": [r["slug"] for r in chosen]}  # outcome off by default: not in the URL
    context.close()

    context, page = fresh(browser, foreign, errors)
    page.goto(url, wait_until="load")
    ready(page)
    settle(page)
    assert visible_items(page) == [r["slug"] for r in chosen]
    for record in chosen:
        item = page.locator(f'.tbv-handout-item[data-slug="{record["slug"]}"]')
        assert item.locator("h2").inner_text().strip().startswith(record["title"])
        questions = item.locator(".tbv-handout-questions + ol > li")
        assert questions.all_inner_texts() == record["questions"]
        folds = item.locator("details")
        assert folds.count() >= 1, "the vignette text has a folded outcome"
        assert all(not f.is_visible() for f in folds.all())
    assert page.is_checked(f'input[name="v"][value="{chosen[0]["slug"]}"]')

    # Asking for the outcome puts it in the URL and opens it for print.
    page.get_by_role("checkbox", name=re.compile("afliep")).check()
    assert parse_qs(urlsplit(location(page)).query)["afloop"] == ["1"]
    item = page.locator(f'.tbv-handout-item[data-slug="{chosen[0]["slug"]}"]')
    assert item.locator("details").first.is_visible()
    assert item.locator("details").first.get_attribute("open") is not None
    context.close()
    assert not foreign, foreign
    assert not errors, errors


def test_handout_on_paper(browser, served_site, records, tmp_path):
    foreign, errors = [], []
    context, page = fresh(browser, foreign, errors)
    chosen = [records[1]["slug"], records[2]["slug"]]
    page.goto(served_site + HANDOUT + "?" + "&".join(f"v={s}" for s in chosen), wait_until="load")
    page.emulate_media(media="print")
    ready(page)
    settle(page)
    for selector in ["form[data-tbv-handout]", ".md-header", ".md-sidebar--primary", "h1", ".md-footer"]:
        assert not page.locator(selector).first.is_visible(), selector
    assert visible_items(page) == chosen
    breaks = page.eval_on_selector_all(
        ".tbv-handout-item:not([hidden])", "els => els.map(e => getComputedStyle(e).breakBefore)")
    assert breaks == ["auto", "page"]  # no blank first page; the second vignette on a new page
    pdf = page.pdf(prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 2, pages
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", pdf)
    assert box and (round(float(box.group(1))), round(float(box.group(2)))) == (595, 842)  # A4 in points
    context.close()
    assert not foreign and not errors, (foreign, errors)


def test_handout_without_javascript_says_why_and_where_to_print(browser, served_site, records):
    """The vignettes come with the script that loads them: without it the page says so, visibly,
    and links to the list of every vignette, each printable from its own page."""
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + HANDOUT, wait_until="load")
    assert visible_items(page) == []
    note = page.locator("[data-tbv-no-script]")
    assert note.is_visible() and "JavaScript" in note.inner_text()
    note.get_by_role("link").click()
    page.wait_for_load_state("load")
    listed = page.eval_on_selector_all(".md-content a[href]", "els => els.map(a => new URL(a.href).pathname)")
    assert all(any(path.rstrip("/").endswith("/" + r["slug"]) for path in listed) for r in records)
    context.close()


def test_handout_page_carries_no_vignette_but_loads_the_chosen_ones(browser, served_site, real_site, records):
    """The page holds the form only; a vignette's text arrives from its own small file when chosen."""
    html = (real_site / HANDOUT / "index.html").read_text(encoding="utf-8")
    assert 'class="tbv-handout-item"' not in html
    for record in records:
        assert record["questions"][0] not in html
    foreign, errors = [], []
    context, page = fresh(browser, foreign, errors)
    requested = []
    page.on("request", lambda r: requested.append(urlsplit(r.url).path))
    page.goto(served_site + HANDOUT + "?v=" + records[1]["slug"], wait_until="load")
    ready(page)
    scripts = [p for p in requested if "/assets/tbvsite/handout/" in p]
    assert scripts == [f"/assets/tbvsite/handout/{records[1]['slug']}.js"], scripts
    context.close()
    assert not foreign and not errors, (foreign, errors)


def test_handout_is_accessible(browser, served_site):
    """axe-core on the page's own content (the site's chrome is tests/test_browser.py's)."""
    foreign, errors = [], []
    context, page = fresh(browser, foreign, errors)
    page.goto(served_site + HANDOUT, wait_until="load")
    page.locator('input[name="v"]').first.check()
    violations = axe(page, ".md-content")
    page.set_viewport_size({"width": 375, "height": 740})  # reflow (1.4.10): no sideways scrolling
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0, overflow
    assert [v["id"] for v in violations] == [], [(v["id"], [n["target"] for n in v["nodes"][:5]], v["nodes"][0].get("failureSummary")) for v in violations]


# -- the teaching contract on paper: scene, dilemma, questions; the fold only on request ---------

FOLD_HEADINGS = {"Hoe het afliep", "Analyse"}
ITEM_STATE = """(item) => {
  const fold = item.querySelector('[data-tbv-fold]');
  const questions = item.querySelector('.tbv-handout-questions');
  const summary = fold && fold.querySelector('summary');
  return {
    visibleText: item.innerText,
    headings: Array.from(item.querySelectorAll('h3')).filter(h => h.checkVisibility())
                   .map(h => h.textContent.replace('\\u00b6', '').trim()),
    summaryShown: !!item.querySelector('.tbv-summary') && item.querySelector('.tbv-summary').checkVisibility(),
    fold: !!fold,
    foldShown: !!fold && fold.checkVisibility(),
    foldOpen: !!fold && fold.open,
    foldText: fold ? Array.from(fold.childNodes).filter(n => n !== summary).map(n => n.textContent).join('\\n') : '',
    questionsFirst: !!fold && !!questions &&
        !!(fold.compareDocumentPosition(questions) & Node.DOCUMENT_POSITION_PRECEDING),
  };
}"""


@pytest.mark.parametrize("outcome", [False, True], ids=["zonder-afloop", "met-afloop"])
def test_handout_holds_the_outcome_only_when_asked(browser, served_site, records, outcome):
    """Every vignette at once: without afloop=1 only scene, dilemma and questions are on the page."""
    foreign, errors = [], []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    query = "&".join(f"v={r['slug']}" for r in records) + ("&afloop=1" if outcome else "")
    page.goto(served_site + HANDOUT + "?" + query, wait_until="load")
    page.locator("[data-tbv-status]").filter(has_text="op de hand-out").wait_for(state="attached")
    assert visible_items(page) == [r["slug"] for r in records]
    for record in records:
        state = page.locator(f'.tbv-handout-item[data-slug="{record["slug"]}"]').evaluate(ITEM_STATE)
        slug = record["slug"]
        assert state["fold"], f"{slug}: the handout item has no fold ([data-tbv-fold])"
        assert state["questionsFirst"], f"{slug}: the questions must come before the fold"
        assert not state["summaryShown"], f"{slug}: the handout holds scene, dilemma and questions, no summary"
        sentences = fold_sentences(state["foldText"])
        assert sentences, f"{slug}: the fold holds no text"
        visible = normal_text(state["visibleText"])
        shown = [s for s in sentences if s in visible]
        if outcome:
            assert state["foldShown"] and state["foldOpen"], f"{slug}: afloop=1 must show the fold, open"
            assert "Analyse" in state["headings"], state["headings"]
            assert ("Hoe het afliep" in state["headings"]) == (record.get("form") == "beslissing"), state["headings"]
            assert shown == sentences, f"{slug}: hidden with afloop=1: {set(sentences) - set(shown)}"
        else:
            assert not state["foldShown"], f"{slug}: the fold is on the handout without afloop=1"
            assert not FOLD_HEADINGS & set(state["headings"]), state["headings"]
            assert state["headings"][-1] == "Discussievragen", state["headings"]
            assert not shown, f"{slug}: outcome or analysis on the handout without afloop=1: {shown}"
    # On paper too: the fold follows the same rule.
    page.emulate_media(media="print")
    folds = page.locator(".tbv-handout-item [data-tbv-fold]")
    assert all(f.is_visible() == outcome for f in folds.all())
    context.close()
    assert not foreign and not errors, (foreign, errors)


PART_B_STATE = """(item) => {
  const outer = item.querySelector('[data-tbv-fold]:not([data-tbv-fold="part-b"])');
  const inner = item.querySelector('[data-tbv-fold="part-b"]');
  const own = outer ? Array.from(outer.children).filter(c => c.tagName !== 'SUMMARY' && c !== inner) : [];
  return {
    partB: !!inner,
    outerShown: !!outer && outer.checkVisibility(), outerOpen: !!outer && outer.open,
    innerShown: !!inner && inner.checkVisibility(),
    question: own.map(c => c.textContent).join('\\n').replace(/\\u00b6/g, ''),  // no permalink signs
    answer: inner ? Array.from(inner.children).filter(c => c.tagName !== 'SUMMARY').map(c => c.textContent).join('\\n') : '',
    visibleText: item.innerText,
    breakBefore: outer ? getComputedStyle(outer).breakBefore : '',
  };
}"""


def test_part_b_goes_on_the_handout_without_its_answer(browser, served_site, real_site, records):
    """deelb=1: a vignette with a part B shows how it ended up to the part B's question, on a sheet of
    its own, and not the answer; a vignette without one shows no fold at all."""
    with_b = [r["slug"] for r in records
              if 'data-tbv-fold="part-b"' in (real_site / "vignetten" / r["slug"] / "index.html").read_text("utf-8")]
    if not with_b:
        pytest.skip("no vignette of this archive has a part B")
    foreign, errors = [], []
    context, page = fresh(browser, foreign, errors)
    page.goto(served_site + HANDOUT + "?" + "&".join(f"v={r['slug']}" for r in records) + "&deelb=1",
              wait_until="load")
    ready(page)
    assert page.is_checked('input[name="deelb"]') and not page.is_checked('input[name="afloop"]')
    for media in ("screen", "print"):
        page.emulate_media(media=media)
        for record in records:
            slug = record["slug"]
            state = page.locator(f'.tbv-handout-item[data-slug="{slug}"]').evaluate(PART_B_STATE)
            assert state["partB"] == (slug in with_b), slug
            visible = normal_text(state["visibleText"].replace("\u00b6", ""))  # a permalink shows on screen only
            answer = fold_sentences(state["answer"])
            if slug in with_b:
                question = fold_sentences(state["question"])
                assert state["outerShown"] and state["outerOpen"], f"{slug}: deelb=1 shows part B"
                assert question and all(s in visible for s in question), f"{slug} ({media}): part B not shown"
                assert not state["innerShown"], f"{slug} ({media}): the answer to part B is on the handout"
                assert answer and not [s for s in answer if s in visible], f"{slug} ({media}): answer shown"
                if media == "print":
                    assert state["breakBefore"] == "page", f"{slug}: part B does not start a new sheet"
            else:
                assert not state["outerShown"], f"{slug} ({media}): deelb=1 shows the ending of a case without part B"
    context.close()
    assert not foreign and not errors, (foreign, errors)
