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


def test_handout_items_are_cut_whole_and_in_order():
    """Each item runs to the next item's start, so an author's own <article> stays inside it;
    an item that never rendered gets no fragment (handout.js then says it could not load it)."""
    from tbvsite.emit import handout

    item = '<article class="tbv-handout-item" data-slug="{0}"><p>{0}</p><article>eigen</article></article>\n'
    page = '<h1>Hand-out</h1><div class="tbv-handout-items" data-tbv-items=""></div>\n' + item.format("a") + item.format("b")
    rest, fragments = handout.split(page, ["a", "gone", "b"])
    assert "tbv-handout-item" not in rest.replace("tbv-handout-items", "")
    assert fragments == {"a": item.format("a"), "b": item.format("b")}
    script = handout.fragment_script("a", fragments["a"])
    assert "</" not in script  # cannot end a script element early, wherever it is put
    assert json.loads(script[script.index(", ") + 2: script.rindex(")")]) == fragments["a"]
