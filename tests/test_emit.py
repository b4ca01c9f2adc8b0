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


def test_a_handout_item_is_cut_from_its_vignette_page():
    """The parts the vignette page marks, in order, one heading level down, with ids (and the
    references to them) prefixed, under the title; unmarked text and other pages' ids stay out."""
    from tbvsite.emit import handout
    from tbvsite.emit.vignette import handout_marks

    marker = "tbv-0123456789abcdef"

    def part(name, html):
        start, end = handout_marks(marker, name)
        return f"{start}\n{html}\n{end}"

    permalink = '<a class="headerlink" href="#{0}" title="Link naar deze sectie">¶</a>'
    page = "\n".join([
        '<h1 id="titel">Titel</h1><p>Samenvatting, niet in de hand-out.</p>',
        part("scene", f'<h2 id="de-scene">De scène{permalink.format("de-scene")}</h2>'
                      '<p>Zie <a href="#het-dilemma">het dilemma</a> en <a href="#elders">elders</a>'
                      ' en <a href="het-dilemma/">een pagina</a>.<sup id="fnref:1"><a href="#fn:1">1</a></sup></p>'
                      '<h2 id="het-dilemma">Het dilemma</h2><div class="footnote"><li id="fn:1">noot</li></div>'),
        '<h2 id="posities">Posities</h2><table><tr><td>niet in de hand-out</td></tr></table>',
        part("questions", '<h2 id="discussievragen">Discussievragen</h2><ol><li>Wat?</li></ol>'),
        part("fold", '<details class="tbv-fold"><summary>Uitkomst</summary><h2 id="analyse">Analyse</h2>'
                     '<h6 id="diep">Diep</h6></details>'),
    ])
    item = handout.item(page, marker, "alpha", "Alpha & <b>co</b>", lang="nl")
    assert item.startswith('<article class="tbv-handout-item" data-slug="alpha" lang="nl">\n'
                           '<h2 id="hand-out-alpha">Alpha &amp; &lt;b&gt;co&lt;/b&gt;'
                           '<a class="headerlink" href="#hand-out-alpha" title="Link naar deze sectie">¶</a></h2>')
    assert item.endswith("</article>\n")
    for absent in ("Samenvatting", "niet in de hand-out", "Posities", marker):
        assert absent not in item
    assert '<h3 id="hand-out-alpha-de-scene">De scène<a class="headerlink" href="#hand-out-alpha-de-scene"' in item
    assert '<a href="#hand-out-alpha-het-dilemma">' in item and '<a href="#elders">' in item  # not an id of the item
    assert '<a href="het-dilemma/">' in item  # a page, not a fragment
    assert '<a href="#hand-out-alpha-fn:1">' in item and 'id="hand-out-alpha-fn:1"' in item
    assert '<h3 class="tbv-handout-questions" id="hand-out-alpha-discussievragen">' in item
    assert '<h3 id="hand-out-alpha-analyse">' in item and '<h6 id="hand-out-alpha-diep">' in item  # h6 stays h6
    assert item.index("de-scene") < item.index("discussievragen") < item.index("analyse")
    assert handout.item(page.replace(marker, "tbv-ffffffffffffffff"), marker, "alpha", "Alpha") == ""


def test_a_handout_fragment_script_cannot_end_a_script_early():
    from tbvsite.emit import handout

    html = '<article class="tbv-handout-item" data-slug="a"><p>a</p><script>x</script></article>\n'
    script = handout.fragment_script("a", html)
    assert "</" not in script  # cannot end a script element early, wherever it is put
    assert json.loads(script[script.index(", ") + 2: script.rindex(")")]) == html


@pytest.mark.parametrize("archive", ["fixtures", "repository"])
def test_the_emitters_kept_whole_under_the_preview_read_no_body_and_no_note(tmp_path, archive):
    """The preview keeps all that a BODILESS emitter wrote while everything but the bodies and the
    notes is the same (tbvsite/emit/memo.py). That holds only if those emitters read neither: the
    same archive with every body and every note replaced must give them the same output, in both
    languages, for whatever archive is in vignettes/."""
    from dataclasses import replace

    from tbvsite import emit as emitting, pipeline
    from tbvsite.emit.text import edition
    from tbvsite.index import build_index

    root = Path(__file__).resolve().parents[1]
    for language in ("nl", "en"):
        if archive == "fixtures":
            index = fixture_index(tmp_path / language)
        else:
            result = pipeline.run(root / "vignettes", root / "vignettes/taxonomy.yml", root=root, language=language)
            assert result.index is not None, result.problems
            index = result.index
        blank = build_index([replace(v, body="## Leeg\n\nAndere tekst.\n") for v in index.vignettes],
                            index.vocabulary, index.sources)
        context = Context(site_name="Test", language=language, block_marker="tbv-test",
                          notes={v.slug: f"Notitie bij {v.slug}." for v in index.vignettes})
        with edition(language):
            for emitter in emitting.BODILESS:
                assert emitter(index, context) == emitter(blank, replace(context, notes={})), \
                    f"{emitter.__module__} reads a vignette's body or its note: it cannot be kept whole"
            # the check can fail: the vignette pages do read both
            assert emitting.vignette.emit(index, context) != emitting.vignette.emit(blank, context)


def test_a_deferred_emit_gives_back_every_page_and_file_as_it_was(tmp_path):
    """A build (``defer``) gets every page and data file as a function: a vignette page written when
    MkDocs reads it, the rest kept compressed until then (issue 26). Called, each gives what the
    emitters write without ``defer``, text as text and bytes as bytes."""
    index = fixture_index(tmp_path)
    context = Context(site_name="Test")
    whole, deferred = emit(index, context), emit(index, context, defer=True)
    assert set(deferred) == set(whole)
    assert all(callable(content) for content in deferred.values())
    for uri, content in whole.items():
        assert deferred[uri]() == content, uri
    assert any(isinstance(content, bytes) for content in whole.values())  # the REFI-QDA project
