"""Content checks for the real vignettes and vocabulary of tbvsite.

These tests read the repository's own files (``vignettes/*.md`` and
``vignettes/taxonomy.yml``) and check the editorial rules that the build
itself does not enforce: the parts every vignette needs and that every actor
the reportage names is in the vocabulary. The counts and lengths (body,
questions, objectives, positions, term descriptions) are editorial rules in
``vignettes/rules.yml``, checked for every vignette by ``tbvsite check``
(tests/test_rules.py).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
VIGNETTES = ROOT / "vignettes"
TAXONOMY = VIGNETTES / "taxonomy.yml"

SLUGS = ["bewonersavond", "projectoverleg", "budgetaanvraag", "heidag"]

# Every person or party the reportage names, as the label of an actor term.
REPORTAGE_ACTORS = [
    "Hannah",
    "Jeroen",
    "Eveline",
    "Judith",
    "Noor",
    "Piet",
    "Hugo",
    "Bestuurder",
    "Ambtelijk opdrachtgever",
    "Wethouders",
    "Bewoners",
    "Woningcorporaties",
    "Team BuurtVerbonden",
]

KNOWN_PAGES = range(53, 57)  # the only page numbers that survive in the OCR

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n(.*)\Z", re.S)
# The outcome of a decision vignette (the site folds it with the analysis): the
# heading, then text before the next heading.
OUTCOME = re.compile(r"^## Hoe het afliep[ \t]*\n(?:[ \t]*\n)*[^#\s].*", re.M)
ANALYSIS = re.compile(r"^## Analyse[ \t]*$", re.M)


@lru_cache(maxsize=None)
def load_vignette(slug: str) -> tuple[dict, str]:
    path = VIGNETTES / f"{slug}.md"
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    assert match, f"{path}: no front matter between '---' lines"
    meta = yaml.safe_load(match.group(1))
    assert isinstance(meta, dict), f"{path}: front matter is not a mapping"
    return meta, match.group(2)


@lru_cache(maxsize=None)
def load_taxonomy() -> dict:
    data = yaml.safe_load(TAXONOMY.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and "facets" in data, f"{TAXONOMY}: no 'facets'"
    return data


# --------------------------------------------------------------- vignettes


@pytest.mark.parametrize("slug", SLUGS)
def test_source_names_a_section(slug):
    meta, _ = load_vignette(slug)
    sources = meta.get("source") or []
    assert sources, f"{slug}: no source"
    for i, source in enumerate(sources):
        assert isinstance(source.get("section"), str) and source["section"].strip(), (
            f"{slug}: source[{i}] has no section"
        )
        if "page" in source:
            assert source["page"] in KNOWN_PAGES, f"{slug}: source[{i}].page {source['page']!r} is not 53-56"


@pytest.mark.parametrize("slug", SLUGS)
def test_folded_outcome(slug):
    meta, body = load_vignette(slug)
    if meta.get("form") == "beslissing":
        assert OUTCOME.search(body), f"{slug}: a decision needs '## Hoe het afliep' followed by text"
    else:
        assert not OUTCOME.search(body), f"{slug}: a reflection has no '## Hoe het afliep'"


@pytest.mark.parametrize("slug", SLUGS)
def test_analysis_section(slug):
    _, body = load_vignette(slug)
    assert ANALYSIS.search(body), f"{slug}: no '## Analyse' section"


@pytest.mark.parametrize("slug", SLUGS)
def test_no_h1_in_body(slug):
    _, body = load_vignette(slug)
    assert not re.search(r"^# ", body, re.M), f"{slug}: the body has an H1; the plugin prints the title"


@pytest.mark.parametrize("slug", SLUGS)
def test_tags_exist_in_taxonomy(slug):
    meta, _ = load_vignette(slug)
    facets = load_taxonomy()["facets"]
    for facet, spec in facets.items():
        for term_id in meta.get(facet) or []:
            assert term_id in spec["terms"], f"{slug}: {facet} '{term_id}' is not in {TAXONOMY.name}"


def test_reading_order_is_one_to_four():
    orders = sorted(load_vignette(slug)[0].get("order") for slug in SLUGS)
    assert orders == [1, 2, 3, 4]


# ---------------------------------------------------------------- taxonomy


@pytest.mark.parametrize("label", REPORTAGE_ACTORS)
def test_reportage_actor_in_vocabulary(label):
    labels = {term["label"].casefold() for term in load_taxonomy()["facets"]["actors"]["terms"].values()}
    assert label.casefold() in labels, f"actor '{label}' from the reportage is not a term in {TAXONOMY.name}"
