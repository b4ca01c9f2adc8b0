"""Generated Markdown against golden files, and safe text.

Regenerate the golden files after an intended change with
``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_emit.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers import fixture_index
from tbvsite.emit import Context, emit, page_url
from tbvsite.emit.text import plain, rel

GOLDEN = Path(__file__).parent / "golden"
PAGES = ["vignetten/alpha.md", "vignetten/index.md", "actoren/ben.md", "actoren/index.md",
         "strategieen/meebewegen.md", "overzicht.md"]


@pytest.fixture
def pages(tmp_path):
    return emit(fixture_index(tmp_path), Context(site_name="Test"))


@pytest.mark.parametrize("uri", PAGES)
def test_page_matches_golden(pages, uri):
    golden = GOLDEN / uri.replace("/", "__")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(pages[uri], encoding="utf-8")
    assert pages[uri] == golden.read_text(encoding="utf-8")


def test_every_term_and_facet_gets_a_page(pages, tmp_path):
    index = fixture_index(tmp_path)
    for facet in index.vocabulary.facets.values():
        assert f"{facet.segment}/index.md" in pages
        for term in facet.terms:
            assert f"{facet.segment}/{term}.md" in pages


def test_open_data_lists_every_vignette(pages):
    records = json.loads(pages["data/vignettes.json"])
    assert [r["slug"] for r in records] == ["alpha", "beta", "gamma"]
    alpha = records[0]
    assert alpha["url"] == "vignetten/alpha/"
    assert alpha["actors"] == ["anna", "ben"] and alpha["concepts"] == ["activisme"]
    assert alpha["positions"] == [{"actor": "anna", "strategy": "meebewegen", "note": "Anna wil kleine stappen."}]
    header, *rows = pages["data/vignettes.csv"].splitlines()
    assert header.split(",")[:4] == ["slug", "title", "summary", "url"]
    assert len(rows) == 3


@pytest.mark.parametrize("text,expected", [
    ("<script>alert(1)</script>", "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"),
    ("Casus *5* [x](y)", "Casus \\*5\\* \\[x\\]\\(y\\)"),
    ("a  b\nc", "a b c"),
    ('"quoted" & more', "&quot;quoted&quot; &amp; more"),
])
def test_plain_text_is_inert(text, expected):
    assert plain(text) == expected


@pytest.mark.parametrize("src,dst,expected", [
    ("vignetten/a.md", "actoren/b.md", "../actoren/b.md"),
    ("overzicht.md", "vignetten/a.md", "vignetten/a.md"),
    ("actoren/a.md", "actoren/b.md", "b.md"),
])
def test_relative_links(src, dst, expected):
    assert rel(src, dst) == expected


@pytest.mark.parametrize("uri,directory,expected", [
    ("vignetten/a.md", True, "vignetten/a/"),
    ("vignetten/index.md", True, "vignetten/"),
    ("vignetten/a.md", False, "vignetten/a.html"),
])
def test_page_url(uri, directory, expected):
    assert page_url(uri, directory) == expected


def test_long_term_lists_drop_the_summaries(tmp_path):
    from helpers import run_texts
    from tbvsite.emit.term import SUMMARIES_MAX

    template = (Path(__file__).parent / "fixtures" / "gamma.md").read_text(encoding="utf-8")
    count = SUMMARIES_MAX + 1
    files = {f"v{i:03}.md": template.replace("title: Gamma", f"title: Casus {i}") for i in range(count)}
    index = run_texts(tmp_path, files).index
    pages = emit(index, Context())
    cor = pages["actoren/cor.md"]
    assert cor.count('href="../../vignetten/v') == count
    assert "De derde casus" not in cor  # titles only
    assert "De derde casus" in emit(fixture_index(tmp_path / "small"), Context())["actoren/cor.md"]
