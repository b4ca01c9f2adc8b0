"""The published site: with SITE_URL set every page is addressable; every page says what it is and under which licence.

A local build stays relative (``site_url: !ENV [SITE_URL, ""]``); the Pages
workflow sets SITE_URL, and then the sitemap lists every page, each vignette
has its canonical address, and every citation file carries it. Open Graph
tags on every page make Zotero save a page as a web page of this site.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, built_site
from test_citation import parse_bibtex, parse_ris
from tbvsite.emit.citation import TEXT_LICENCE, TEXT_LICENCE_URL

SITE_URL = "https://example.org/tbv-archief/"
SITE_NAME = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["site_name"]
# The English edition (under en/) has the site name of its overlay (mkdocs.en.yml).
SITE_NAMES = {"nl": SITE_NAME, "en": yaml.load((ROOT / "mkdocs.en.yml").read_text(encoding="utf-8"),
                                               Loader=yaml.BaseLoader)["site_name"]}
LOCALES = {"nl": "nl_NL", "en": "en_GB"}


def language_of(site: Path, page: Path) -> str:
    return "en" if page.relative_to(site).parts[0] == "en" else "nl"


class Head(HTMLParser):
    """The <title>, <meta> (name or property) and <link> tags of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("name") or attrs.get("property")):
            self.meta.setdefault(attrs.get("name") or attrs["property"], []).append(attrs.get("content", ""))
        elif tag == "link" and attrs.get("rel"):
            self.links.setdefault(attrs["rel"], []).append(attrs.get("href", ""))
        self._in_title = tag == "title" and not self.title  # the document's, not an SVG's

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def head(path: Path) -> Head:
    parser = Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def address(site: Path, page: Path) -> str:
    relative = page.relative_to(site).as_posix()
    return SITE_URL + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


@pytest.fixture(scope="session")
def public_site(tmp_path_factory) -> Path:
    """The student edition as the Pages workflow builds it: SITE_URL set."""
    return built_site(tmp_path_factory, "public", env={"SITE_URL": SITE_URL})


def test_sitemap_lists_every_page(public_site):
    """Each edition's sitemap (the English one in en/) lists that edition's pages."""
    for language, folder in (("nl", public_site), ("en", public_site / "en")):
        listed = set(re.findall(r"<loc>([^<]+)</loc>", (folder / "sitemap.xml").read_text(encoding="utf-8")))
        assert listed == {address(public_site, p) for p in pages(public_site)
                          if language_of(public_site, p) == language}, language


def test_sitemap_dates_are_the_vignettes_last_changes(public_site):
    sitemap = (public_site / "sitemap.xml").read_text(encoding="utf-8")
    lastmod = dict(re.findall(r"<loc>([^<]+)</loc>\s*(?:<lastmod>([^<]*)</lastmod>)?", sitemap))
    records = json.loads((public_site / "data/vignettes.json").read_text(encoding="utf-8"))
    dated = {SITE_URL + r["url"]: r["updated"] for r in records}
    assert {url: lastmod[url] for url in dated} == dated  # not the build date MkDocs would put there


def test_every_vignette_has_its_address_everywhere(public_site):
    records = json.loads((public_site / "data/vignettes.json").read_text(encoding="utf-8"))
    assert len(records) >= 4
    for record in records:
        page = public_site / record["url"] / "index.html"
        slug, url = page.parent.name, address(public_site, page)
        tags = head(page)
        assert tags.links["canonical"] == [url], slug
        assert tags.meta["og:url"] == [url]
        assert tags.meta["citation_public_url"] == tags.meta["citation_abstract_html_url"] == [url]
        assert f"&lt;{url}&gt;" in page.read_text(encoding="utf-8") or f'href="{url}"' in page.read_text(encoding="utf-8")
        [case, _] = parse_bibtex((public_site / f"data/cite/{slug}.bib").read_text(encoding="utf-8"))
        assert case["url"] == url
        [case, _] = parse_ris((public_site / f"data/cite/{slug}.ris").read_bytes().decode("utf-8"))
        assert case["UR"] == [url]


def test_a_local_build_stays_relative(real_site):
    if os.environ.get("SITE_URL"):
        pytest.skip("SITE_URL is set in this environment: the local build is the public one")
    assert "<loc>" not in (real_site / "sitemap.xml").read_text(encoding="utf-8")
    for page in pages(real_site):
        assert "canonical" not in head(page).links, page
        assert "https://example.org" not in page.read_text(encoding="utf-8")


def test_every_page_says_what_it_is(real_site):
    """og:type website and og:site_name everywhere; the page's own title, without the site suffix."""
    for page in pages(real_site):
        tags = head(page)
        where = page.relative_to(real_site).as_posix()
        language = language_of(real_site, page)
        site_name = SITE_NAMES[language]
        assert tags.meta["og:type"] == ["website"], where
        assert tags.meta["og:site_name"] == [site_name], where
        title = html.unescape(tags.title).strip()
        expected = title[: -len(f" - {site_name}")] if title.endswith(f" - {site_name}") else title
        assert tags.meta["og:title"] == [expected], where
        assert not tags.meta["og:title"][0].endswith(site_name) or where in ("index.html", "en/index.html"), where
        assert tags.meta["og:locale"] == [LOCALES[language]], where
        assert tags.meta["dcterms.language"] == [language], where
        assert "article" not in tags.meta["og:type"]


def test_every_page_states_the_text_licence(real_site):
    for page in pages(real_site):
        text = page.read_text(encoding="utf-8")
        footer = text.split('class="md-copyright"', 1)[1]
        assert TEXT_LICENCE in footer and 'rel="license"' in footer, page
        assert "creativecommons.org/licenses/by/4.0" in footer, page
    for record in json.loads((real_site / "data/vignettes.json").read_text(encoding="utf-8")):
        page = real_site / record["url"] / "index.html"
        block = page.read_text(encoding="utf-8").split('id="citeer-deze-casus"', 1)[1]
        assert f'href="{TEXT_LICENCE_URL}"' in block and TEXT_LICENCE in block
        assert head(page).meta["dcterms.rights"][0].startswith(TEXT_LICENCE)


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} is missing: install the test tools with pip install -e '.[test]'"
    return found


def test_reuse_lint_passes():
    result = subprocess.run([_tool("reuse"), "--root", str(ROOT), "lint"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def _cffconvert() -> str:
    """cffconvert lives in an environment of its own (it pins jsonschema<4); make test installs it there."""
    for candidate in (os.environ.get("CFFCONVERT", ""), str(ROOT / ".venv/cff/bin/cffconvert")):
        if candidate and Path(candidate).is_file():
            return candidate
    found = shutil.which("cffconvert")
    assert found, "cffconvert is missing: run make test (it installs cffconvert in .venv/cff)"
    return found


def test_citation_cff_validates():
    result = subprocess.run([_cffconvert(), "--validate", "-i", str(ROOT / "CITATION.cff")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    data = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert (data["type"], data["license"]) == ("dataset", "CC-BY-4.0")


def test_pages_workflow_builds_the_public_site_from_full_history():
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    [checkout] = [s for s in steps if s.get("uses", "").startswith("actions/checkout")]
    assert checkout["with"]["fetch-depth"] == 0  # a shallow clone would leave every vignette undated
    [build] = [s for s in steps if "make build" in s.get("run", "")]
    assert build["env"]["SITE_URL"] and build["env"]["REPO_URL"]
