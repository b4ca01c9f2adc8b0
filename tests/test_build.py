"""Real builds: small projects in temporary folders, and the repository's own site."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from conftest import ROOT, FIXTURES


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_article = 0
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.in_article += 1
        if tag == "a" and self.in_article:
            self.hrefs.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article -= 1


def fixture_vignettes() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in FIXTURES.glob("*.md")}


def article_links(site: Path, page_dir: str) -> set[str]:
    """Site-relative directories that the article of ``page_dir`` links to."""
    parser = _Links()
    parser.feed((site / page_dir / "index.html").read_text(encoding="utf-8"))
    base = f"http://x/{page_dir}/"
    out = set()
    for href in parser.hrefs:
        url = urlparse(urljoin(base, href))
        if url.netloc == "x" and not url.fragment:
            out.add(url.path.strip("/"))
    return out


def test_fixture_project_builds_every_page(make_project):
    result = make_project().build()
    assert result.ok, result.log
    for page in ["vignetten/alpha/index.html", "vignetten/index.html", "actoren/anna/index.html",
                 "actoren/index.html", "strategieen/brief/index.html", "concepten/activisme/index.html",
                 "overzicht/index.html", "data/vignettes.json", "data/vignettes.csv"]:
        assert (result.site / page).is_file(), page
    assert "WARNING" not in result.log


def test_vignette_and_term_pages_link_both_ways(make_project):
    result = make_project().build()
    assert result.ok, result.log
    alpha = article_links(result.site, "vignetten/alpha")
    for term in ["actoren/anna", "actoren/ben", "strategieen/meebewegen", "strategieen/brief", "concepten/activisme"]:
        assert term in alpha
        assert "vignetten/alpha" in article_links(result.site, term)
    assert "vignetten/beta" in alpha  # related
    assert "vignetten/gamma" not in article_links(result.site, "actoren/anna")


@pytest.mark.parametrize("broken,code,line,column", [
    ("title: [Alpha", "yaml-syntax", 2, None),
    ("actors: [anna, bestuuder]", "unknown-term", 11, 16),
    ("title: Alpha\ntitle: Alpha twee", "duplicate-key", 3, 1),
])
def test_broken_vignette_stops_the_build_with_location(make_project, broken, code, line, column):
    alpha = (FIXTURES / "alpha.md").read_text(encoding="utf-8")
    old = "title: Alpha" if broken.startswith("title") else "actors: [anna, ben]"
    project = make_project(vignettes={**fixture_vignettes(), "alpha.md": alpha.replace(old, broken)})
    for strict in (True, False):
        result = project.build(strict=strict)
        assert not result.ok
        where = f"vignettes/alpha.md:{line}:" + (f"{column}:" if column else "")
        assert re.search(re.escape(where) + r".*" + re.escape(f" {code}: "), result.log), result.log
        assert "hint:" in result.log
    cli = project.build_cli("--strict")
    assert cli.returncode == 1
    assert f"vignettes/alpha.md:{line}:" in cli.stderr and code in cli.stderr
    assert "Traceback" not in cli.stderr


def test_front_matter_values_reach_html_escaped(make_project):
    alpha = (FIXTURES / "alpha.md").read_text(encoding="utf-8")
    hostile = 'title: "<b>Vet</b> & <script>x()</script>"\nsummary: "<img src=x onerror=alert(1)>"'
    text = alpha.replace("title: Alpha\nsummary: De eerste casus.", hostile)
    result = make_project(vignettes={**fixture_vignettes(), "alpha.md": text}).build()
    assert result.ok, result.log
    for page in ["vignetten/alpha/index.html", "vignetten/index.html", "actoren/anna/index.html", "overzicht/index.html"]:
        html = result.page(page)
        assert "<script>x()" not in html and "<b>Vet" not in html and "<img src=x" not in html, page
    html = result.page("vignetten/alpha/index.html")
    assert "<title>&lt;b&gt;Vet&lt;/b&gt; &amp; &lt;script&gt;" in html
    assert 'content="&lt;img src=x onerror=alert(1)&gt;"' in html


def test_docs_page_cannot_shadow_a_generated_page(make_project):
    project = make_project(docs={"index.md": "# Start\n", "actoren/anna.md": "# Eigen pagina\n"})
    result = project.build()
    # Found in validation, located at the segment that would take the docs page's address (#12).
    assert not result.ok and "vignettes/taxonomy.yml:6:1: reserved-name: " in result.log, result.log
    assert "docs/actoren/anna.md" in result.log


# -- the repository's own site -------------------------------------------------

def test_every_vignette_file_is_in_the_open_data(real_site):
    slugs = {p.stem for p in (ROOT / "vignettes").glob("*.md")}
    assert len(slugs) >= 4
    records = json.loads((real_site / "data/vignettes.json").read_text(encoding="utf-8"))
    assert {r["slug"] for r in records} == slugs
    facets = ["actors", "logics", "strategies", "concepts"]
    for r in records:
        assert {"slug", "title", "summary", "url", "positions", *facets} <= set(r)
        assert (real_site / r["url"] / "index.html").is_file()
    rows = list(csv.DictReader(io.StringIO((real_site / "data/vignettes.csv").read_text(encoding="utf-8"))))
    assert {row["slug"] for row in rows} == slugs


def test_real_vignettes_link_to_their_terms_and_back(real_site):
    records = json.loads((real_site / "data/vignettes.json").read_text(encoding="utf-8"))
    segments = {"actors": "actoren", "logics": "logicas", "strategies": "strategieen", "concepts": "concepten"}
    for r in records:
        links = article_links(real_site, r["url"].strip("/"))
        for facet, segment in segments.items():
            for term in r[facet]:
                assert f"{segment}/{term}" in links, (r["slug"], term)
                assert r["url"].strip("/") in article_links(real_site, f"{segment}/{term}")


def test_site_loads_nothing_from_other_hosts(real_site):
    pattern = re.compile(r"""(?:src|href)=["'](?:https?:)?//(?!127\.0\.0\.1|localhost)""")
    for html in real_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        for match in pattern.finditer(text):
            context = text[max(0, match.start() - 80): match.end() + 80]
            # Plain outbound links (<a href>) are fine; nothing may be loaded.
            assert context[context.rfind("<", 0, 80):].startswith("<a "), (html, context)
    assert "fonts.googleapis" not in "".join(p.read_text(encoding="utf-8") for p in real_site.rglob("*.html"))
