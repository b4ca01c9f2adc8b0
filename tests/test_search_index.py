"""The search index holds each text once: listings that repeat what a vignette's own page says stay out.

A term page lists the vignettes that carry the term, with their summaries, and
the positions taken in them; a vignette page lists its related vignettes, the
list page all of them; the vignette pages carry the same text. Indexed on
every listing, each summary would be found (and held in memory while the site
builds) once per listing, and a search for a vignette would list every page
that mentions it. The citation block and the versions are the same words on
every vignette. Material's search leaves out a section whose heading (or an
element that) has ``data-search-exclude``.
"""

from __future__ import annotations

import html
import json
import re

from conftest import ROOT
from tbvsite import i18n
from tbvsite.vocabulary import load_vocabulary


def _text(value: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", value)).split())


def test_a_summary_is_indexed_only_where_the_vignette_is_not_merely_listed(real_site):
    records = json.loads((real_site / "data" / "vignettes.json").read_text(encoding="utf-8"))
    entries = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert records and entries
    vocabulary, _ = load_vocabulary(ROOT / "vignettes" / "taxonomy.yml", "vignettes/taxonomy.yml")
    segments = {facet.segment for facet in vocabulary.facets.values()}
    repeated = []
    for record in records:
        summary = _text(record["summary"])
        for entry in entries:
            page = entry["location"].split("#")[0]
            if summary in _text(entry["text"]) and not page.startswith(f"vignetten/{record['slug']}/"):
                repeated.append((record["slug"], entry["location"]))
    on_term_pages = [(slug, where) for slug, where in repeated if where.split("/")[0] in segments]
    assert on_term_pages == [], on_term_pages
    assert repeated == [], repeated  # nor on the list page, nor as a related vignette


def test_the_citation_block_and_the_versions_are_not_indexed(real_site):
    t = i18n.strings("nl")
    entries = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    on_vignettes = [e for e in entries if e["location"].startswith("vignetten/")]
    assert any("#" in e["location"] for e in on_vignettes)  # the vignettes' own sections are there
    boilerplate = [e["location"] for e in on_vignettes
                   if e["location"].split("#")[-1] in (t["cite.anchor"], t["versions.anchor"])]
    assert boilerplate == []
    titles = {_text(e["title"]) for e in entries}
    assert t["cite.heading"] not in titles and t["versions.heading"] not in titles
