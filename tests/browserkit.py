"""What every browser test shares: contexts, the request guard, waits for state, axe-core.

Use it from any test that drives Chromium (the ``browser`` fixture of conftest.py)::

    from browserkit import Visit, DESKTOP, PHONE, axe_source, describe

    with Visit(browser, viewport=PHONE, color_scheme="dark") as visit:   # closed at the end
        visit.goto(served_site + "verkennen/")   # loaded, fonts and images in, no transition running
        visit.page.check(...)
        visit.settle()                           # after anything that animates
        assert not visit.axe(), describe(visit.axe())
    assert not visit.foreign and not visit.errors

Rules that keep the suite from flaking under load:
- every context is opened with ``reduced_motion="reduce"`` (``new_context``); the
  site's CSS then turns transitions and animations off (tbvsite.css), and
  ``settle`` still waits for any that run;
- read the address with ``location(page)``, not ``page.url`` (which lags behind
  history.replaceState);
- wait for the state under test (``settle``, ``wait_for_search_results``,
  Playwright's auto-waiting locators and ``wait_for_function``), never for time:
  no ``time.sleep`` and no ``wait_for_timeout``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import urlsplit

import pytest

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
# Where the test servers of conftest.py (``serve``) answer with axe-core. A script the page loads from an
# address is parsed off the main thread and its compiled code reused across pages, where a script passed
# as text is compiled anew on every page (about 0.1 s a page here); pages of other servers get the text.
AXE_PATH = "/__tests__/axe.min.js"
AXE_ORIGINS: set[str] = set()
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}

# Resolves when fonts and images are in and no finite animation or transition runs,
# checked again after two frames (a transition may start on the next style change).
# Bounded by rounds, not by time; returns whether it settled.
_SETTLE = """async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const running = () => document.getAnimations().filter(a =>
      a.playState === 'running' && a.effect && a.effect.getComputedTiming().endTime !== Infinity);
  await document.fonts.ready;
  await Promise.all(Array.from(document.images).filter(i => !i.complete).map(i => new Promise(r => {
      i.addEventListener('load', r, {once: true}); i.addEventListener('error', r, {once: true}); })));
  for (let round = 0; round < 100; round++) {
    const now = running();
    if (!now.length) {
      await frame();
      if (!running().length) return true;
      continue;
    }
    await Promise.all(now.map(a => a.finished.catch(() => null)));
  }
  return false;
}"""

# Resolves when Material's search has answered a new query: the meta line differs
# from the one read before typing (``initial``), and the list of results kept the same length
# over three consecutive frame pairs.
_SEARCH_DONE = """async (initial) => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const meta = document.querySelector('.md-search-result__meta');
  let last = -1, same = 0;
  for (let round = 0; round < 1000 && same < 3; round++) {
    await frame();
    const text = meta ? meta.textContent.trim() : '';
    const count = document.querySelectorAll('.md-search-result__item').length;
    if (!text || text === initial) { same = 0; continue; }
    same = count === last ? same + 1 : 0;
    last = count;
  }
  return same >= 3 ? last : -1;
}"""


def location(page) -> str:
    """The address as the page itself has it now. ``page.url`` follows history.replaceState
    through an event that may arrive after the action returned; this never lags."""
    return page.evaluate("() => location.href")


def new_context(browser, **options):
    """A fresh context with reduced motion (unless a test asks otherwise)."""
    options.setdefault("reduced_motion", "reduce")
    return browser.new_context(**options)


@functools.cache
def axe_file() -> Path:
    """axe-core as shipped by axe-playwright-python (never fetched from the internet)."""
    try:
        import axe_playwright_python
    except ImportError:
        pytest.fail("axe-playwright-python (which ships axe.min.js) is not installed: run 'make test'")
    path = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    assert path.is_file(), f"axe.min.js missing at {path}: reinstall axe-playwright-python"
    return path


@functools.cache
def axe_source() -> str:
    return axe_file().read_text(encoding="utf-8")


def settle(page) -> None:
    assert page.evaluate(_SETTLE), f"{page.url}: animations never finished"


def start_axe(page, include: str = "document") -> None:
    """Start axe-core on the settled page and return at once: pages in other contexts
    run their axe in their own renderer processes meanwhile. Collect with ``finish_axe``."""
    settle(page)
    origin = page.evaluate("() => typeof window.axe === 'undefined' ? location.origin : ''")
    if origin in AXE_ORIGINS:
        page.add_script_tag(url=origin + AXE_PATH)
    elif origin:
        page.add_script_tag(content=axe_source())
    page.evaluate(
        "([tags, include]) => { window.__tbvAxe = axe.run(include === 'document' ? document : include,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}); }", [AXE_TAGS, include])


def finish_axe(page) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations, once the run that ``start_axe`` began is done."""
    return page.evaluate("() => window.__tbvAxe.then(r => r.violations)")


def axe(page, include: str = "document") -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the settled page (or inside ``include``)."""
    start_axe(page, include)
    return finish_axe(page)


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): " + "; ".join(
        n["target"][0] if isinstance(n["target"][0], str) else str(n["target"]) for n in v["nodes"][:5])
        for v in violations)


def open_search(page) -> None:
    """Open Material's search as a user does: the search field (desktop) or the header button (phone)."""
    field = page.locator("input.md-search__input")
    if not field.is_visible():
        page.locator('.md-header [data-tbv-for="__search"], .md-header label[for="__search"]').first.click()
        page.wait_for_function("() => document.getElementById('__search').checked")
    field.focus()  # Material opens the search when its field takes focus
    page.wait_for_function("() => document.getElementById('__search').checked")
    settle(page)


def search_meta(page) -> str:
    return page.locator(".md-search-result__meta").text_content().strip()


def wait_for_search_results(page, before: str) -> int:
    """Wait until the results of a new query are rendered and stable; returns their number.

    ``before`` is the meta line (``search_meta``) read before typing: the answer is a new line.
    """
    count = page.evaluate(_SEARCH_DONE, before)
    settle(page)
    return count


def search(page, query: str) -> list[str]:
    """Type ``query`` into the search and return the hrefs of the results."""
    open_search(page)
    before = search_meta(page)
    page.locator("input.md-search__input").press_sequentially(query)  # key events, as Material listens
    count = wait_for_search_results(page, before)
    assert count > 0, f"no search results for {query!r}"
    return page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => a.href)")


class Visit:
    """A browser context that records every request to another host (which the browser refuses, see
    conftest.CHROMIUM_ARGS) and every error."""

    def __init__(self, browser, **options) -> None:
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.own: list[str] = []
        self.scripts = options.get("java_script_enabled", True)
        self.context = new_context(browser, **options)
        # Every request is recorded from its event: routing each one through Python instead cost about
        # 0.06 s a page. The browser itself refuses other hosts (conftest.CHROMIUM_ARGS resolves no name
        # but the loopback's), so a foreign request is both recorded here and never answered.
        self.context.on("request", self._request)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("console", lambda msg: self.errors.append(f"console.{msg.type}: {msg.text}")
                     if msg.type in ("error", "warning") else None)

    def _request(self, request) -> None:
        url = request.url
        host = urlsplit(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in LOOPBACK:
            if "/assets/tbvsite/" in url:
                self.own.append(url)
        else:
            self.foreign.append(url)

    def goto(self, url: str, wait_until: str = "load") -> None:
        """Open ``url`` and wait until it is loaded (scripts run) and settled."""
        response = self.page.goto(url, wait_until=wait_until)
        assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
        if self.scripts:  # without JavaScript, page.evaluate never returns (and nothing animates)
            settle(self.page)

    def settle(self) -> None:
        settle(self.page)

    def axe(self, include: str = "document") -> list[dict]:
        return axe(self.page, include)

    def close(self) -> None:
        self.context.close()

    def __enter__(self) -> "Visit":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def wait_for_explore(page) -> None:
    """Wait until the explore page's filter has set itself up (explore.js marks it ready)."""
    page.wait_for_selector("#tbv-filter[data-tbv-ready]", state="attached")


def first_handout_case(visit: "Visit", base: str) -> str:
    """Open the handout page of the site at ``base`` and return the slug of its first case."""
    visit.goto(base + "vignetten/hand-out/")
    return visit.page.locator('form[data-tbv-handout] input[name="v"]').first.get_attribute("value")
