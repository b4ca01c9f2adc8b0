"""The text students read does not change when the markup around it does.

The site's own parts (metadata panel, positions, pager, listings, handout...)
are rendered from templates; this test proves that, read as text, every page
of the student and the instructor edition says what it said before. The
expected text is a snapshot per page in ``tests/golden/text/`` (taken from the
build before the templates landed). After an intended change of wording or
content, regenerate it with
``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_page_text.py`` and
review the diff: it shows exactly what readers will read differently. A snapshot
holds for the cases it was taken with: when the archive has other cases (a
contributor's new one), the test skips and says so, until the maintainer
regenerates it.

The handout's vignettes are not in its page but in per-vignette fragments it
loads on request; its text here is the page followed by every fragment, in
reading order, which is what a lecturer sees with every vignette chosen.
"""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden" / "text"
VIGNETTE_PAGE = re.compile(r"^(en/vignettes|vignetten)/[^/]+/index\.html$")

# Elements whose edges separate words however the markup is indented.
BLOCK = {"address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "fieldset",
         "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "legend",
         "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
         "thead", "tr", "ul", "input", "button", "label", "option", "select", "textarea"}
SKIP = {"script", "style", "template", "noscript"}


class _Text(HTMLParser):
    """The visible text of the page's main content (Material's ``<article class="md-content__inner">``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside the article: element depth, 0 = outside
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            if tag == "article" and "md-content__inner" in (dict(attrs).get("class") or ""):
                self.depth = 1
            return
        if tag in ("br", "hr", "input", "img", "meta", "link", "wbr", "source"):
            self.parts.append(" ")
            return
        self.depth += 1
        if tag in SKIP:
            self.skip += 1
        if tag in BLOCK:
            self.parts.append(" ")

    def handle_startendtag(self, tag, attrs):
        if self.depth:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if self.depth == 0 or tag in ("br", "hr", "input", "img", "meta", "link", "wbr", "source"):
            return
        self.depth -= 1
        if tag in SKIP and self.skip:
            self.skip -= 1
        if tag in BLOCK:
            self.parts.append(" ")

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def fragment_text(html: str) -> str:
    """Text of an HTML snippet (a handout item)."""
    parser = _Text()
    parser.depth = 1
    parser.feed(html)
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def handout_items(site: Path, page: str) -> list[str]:
    """The HTML of the handout's items in the order of its choices (the scripts handout.js loads)."""
    slugs = re.findall(r'<input [^>]*name="v" [^>]*value="([^"]+)"', page)
    items = []
    for slug in slugs:
        script = site / "assets" / "tbvsite" / "handout" / f"{slug}.js"
        if script.is_file():
            items.append(json.loads(re.search(r",\s*(\".*\")\);\s*$", script.read_text(encoding="utf-8"), re.S)[1]))
    return items


def site_text(site: Path) -> dict[str, str]:
    texts = {}
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative.startswith("assets/"):
            continue
        html = path.read_text(encoding="utf-8")
        text = page_text(html)
        if relative.endswith("hand-out/index.html"):
            text = " ".join([text, *(fragment_text(item) for item in handout_items(site, html))])
        texts[relative] = text.strip()
    return texts


def _check(site: Path, name: str) -> None:
    golden = GOLDEN / f"{name}.json"
    actual = site_text(site)
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(actual, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    cases = {page for page in actual if VIGNETTE_PAGE.match(page)}
    known = {page for page in expected if VIGNETTE_PAGE.match(page)}
    if cases != known:  # a contributed (or removed) case changes the archive's text by intent
        pytest.skip(f"the archive's cases differ from the snapshot's ({', '.join(sorted(cases ^ known))}): "
                    "review the text and regenerate it with UPDATE_GOLDEN=1 (see this module's docstring)")
    assert sorted(actual) == sorted(expected), "pages added or gone"
    changed = [page for page in expected if actual[page] != expected[page]]
    for page in changed:
        a, e = actual[page], expected[page]
        at = next((i for i, (x, y) in enumerate(zip(a, e)) if x != y), min(len(a), len(e)))
        print(f"{page}: differs at {at}:\n  now: …{a[max(0, at - 80):at + 80]}\n  was: …{e[max(0, at - 80):at + 80]}")
    assert not changed, f"text changed on {changed}"


def test_student_edition_reads_the_same(real_site):
    _check(real_site, "site")


def test_instructor_edition_reads_the_same(real_instructor_site):
    _check(real_instructor_site, "instructor")


@pytest.mark.parametrize("markup, text", [
    ("<article class='md-content__inner'><p>a<em>b</em></p><p>c</p></article><p>not</p>", "ab c"),
    ("<article class='md-content__inner'><script>x</script><td>1</td><td>2</td></article>", "1 2"),
])
def test_page_text_reads_like_a_browser(markup, text):
    assert page_text(markup) == text


class _Headings(HTMLParser):
    """The ids of the ``<h2>`` headings of the main content, and the anchors of the page's table of contents."""

    def __init__(self) -> None:
        super().__init__()
        self.article = 0
        self.toc = 0
        self.headings: list[str] = []
        self.anchors: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "article" and "md-content__inner" in classes:
            self.article = 1
        elif tag == "nav" and "md-nav--secondary" in classes:
            self.toc = 1
        elif self.toc and tag == "nav":
            self.toc += 1
        elif self.article and tag == "h2" and attributes.get("id"):
            self.headings.append(attributes["id"])
        if self.toc and tag == "a" and (attributes.get("href") or "").startswith("#"):
            self.anchors.add(attributes["href"][1:])

    def handle_endtag(self, tag):
        if tag == "article":
            self.article = 0
        elif tag == "nav" and self.toc:
            self.toc -= 1


def test_every_section_heading_is_in_the_table_of_contents(real_site):
    """The parts rendered from templates keep their headings Markdown: MkDocs lists each in the page's ToC."""
    checked = 0
    for path in sorted(real_site.rglob("*.html")):
        parser = _Headings()
        parser.feed(path.read_text(encoding="utf-8"))
        if not parser.anchors:  # a page that hides its table of contents
            continue
        missing = [h for h in parser.headings if h not in parser.anchors]
        assert not missing, (path.relative_to(real_site).as_posix(), missing)
        checked += "leerdoelen" in parser.headings and "verwante-vignetten" in parser.headings
    assert checked, "no vignette page with objectives and related vignettes was checked"
