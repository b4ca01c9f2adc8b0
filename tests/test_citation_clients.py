"""What a reference manager reads from the built site, in both editions (issue 27).

- No ``citation_author`` that is not a person written "Family, Given" (Zotero splits any other name
  into a person: the archive's name became firstName "TBV case", lastName "Archive").
- A source's page is titled with APA's narrative in-text form ("Abers (2019)"), in <title>, h1 and
  og:title, and has a description of its own (not the site's); so has the bibliography.
- COinS: one span per source on its page, one per source on the bibliography (Zotero offers each).
- JSON-LD on an English page holds no value of the Dutch catalogue.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import parse_qs

import yaml

from conftest import ROOT
from tbvsite.sources import load_sources

SOURCES, _ = load_sources(ROOT / "vignettes/sources.yml")
EDITIONS = {"": ("mkdocs.yml", "bronnen", "bibliografie"), "en/": ("mkdocs.en.yml", "sources", "bibliography")}


def _config(name: str) -> dict:
    return yaml.load((ROOT / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def _meta(page: str, attribute: str, name: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', page)]


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_citation_author_is_a_person_family_comma_given(real_site):
    seen = 0
    for path in _pages(real_site):
        for author in _meta(path.read_text(encoding="utf-8"), "name", "citation_author"):
            assert re.fullmatch(r"[^,]+,(?: [^,]+)?", author), (path.relative_to(real_site), author)
            seen += 1
    assert seen  # the sources' pages name their authors


def test_a_source_page_is_titled_in_text_and_describes_itself(real_site):
    for prefix, (config, folder, bibliography) in EDITIONS.items():
        site = _config(config)
        suffix = f" - {site['site_name']}"
        descriptions = set()
        for key in SOURCES.items:
            page = (real_site / f"{prefix}{folder}/{key}/index.html").read_text(encoding="utf-8")
            title = html.unescape(re.search(r"<title>([^<]*)</title>", page).group(1))
            assert title.endswith(suffix), title
            title = title[:-len(suffix)]
            # "Names (date)": no rendered reference ("Abers. (2019)."), no bare work title.
            assert re.fullmatch(r"[^()]+ \([^()]+\)", title) and not title.endswith("."), (prefix, key, title)
            h1 = re.sub(r"<[^>]+>|¶", "", re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1))
            assert html.unescape(h1).strip() == title
            assert _meta(page, "property", "og:title") == [title]
            [description] = _meta(page, "name", "description")
            assert _meta(page, "property", "og:description") == [description]
            assert description and description != site["site_description"], (prefix, key)
            descriptions.add(description)
            coins = re.findall(r'<span class="Z3988" title="([^"]*)">', page)
            assert len(coins) == 1 and parse_qs(html.unescape(coins[0]))["ctx_ver"] == ["Z39.88-2004"]
        assert len(descriptions) == len(SOURCES.items)  # each its own
        page = (real_site / f"{prefix}{bibliography}/index.html").read_text(encoding="utf-8")
        [description] = _meta(page, "name", "description")
        assert description != site["site_description"]
    # The reportage's page, in both editions, as APA names it in a text.
    assert "<title>Heederik (z.d.) - " in (real_site / "bronnen/heederik-werken/index.html").read_text(encoding="utf-8")
    assert "<title>Heederik (n.d.) - " in (real_site / "en/sources/heederik-werken/index.html").read_text(encoding="utf-8")
    assert "<title>Abers (2019) - " in (real_site / "bronnen/abers-2019/index.html").read_text(encoding="utf-8")


def test_the_bibliography_has_one_coins_span_per_source(real_site):
    for prefix, (_, _, bibliography) in EDITIONS.items():
        page = (real_site / f"{prefix}{bibliography}/index.html").read_text(encoding="utf-8")
        spans = [parse_qs(html.unescape(t)) for t in re.findall(r'<span class="Z3988" title="([^"]*)">', page)]
        assert len(spans) == len(SOURCES.items), prefix
        for span in spans:
            assert span["ctx_ver"] == ["Z39.88-2004"] and span["rft_val_fmt"][0].startswith("info:ofi/fmt:kev:mtx:")
            assert span.get("rft.au") or span.get("rft.aucorp")
            # Zotero's COinS reader drops an item without a title (and looks it up online instead).
            assert span.get("rft.title") or span.get("rft.atitle") or span.get("rft.btitle"), span


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _catalogue(language: str) -> dict[str, str]:
    return yaml.safe_load((ROOT / f"tbvsite/locales/{language}.yml").read_text(encoding="utf-8"))


# JSON-LD keys whose values are words of the interface, from the language's catalogue.
WORDED = ("learningResourceType", "educationalLevel", "educationalUse")


def test_english_json_ld_holds_no_dutch_value(real_site):
    dutch, english = _catalogue("nl"), _catalogue("en")
    # Every value of the Dutch catalogue that the English one does not share.
    phrases = {value for key, value in dutch.items()
               if isinstance(value, str) and len(value) > 2 and english.get(key) != value}  # not "en", a code too
    objects = 0
    for path in _pages(real_site / "en"):
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', path.read_text(encoding="utf-8"), re.S):
            ld = json.loads(block)
            objects += 1
            assert not phrases & set(_strings(ld)), (path.relative_to(real_site), phrases & set(_strings(ld)))
            for key in WORDED:  # the English catalogue's words
                assert key not in ld or ld[key] in english.values(), (path.relative_to(real_site), key, ld[key])
            for term in ld.get("teaches", []):
                assert term["inDefinedTermSet"]["@type"] == "DefinedTermSet"
            assert "sameAs" not in ld  # a commit-pinned copy is archivedAt
    assert objects
