"""The site's template blocks skip Python-Markdown (tbvsite/blocks.py) and come back whole."""

from __future__ import annotations

import re

import markdown
import pytest

from tbvsite import blocks, emit, pipeline
from tbvsite.emit import text

from conftest import FIXTURES

MARKER = "tbv-0123456789abcdef"
EXTENSIONS = ["admonition", "attr_list", "def_list", "md_in_html", "tables", "toc",
              "pymdownx.details", "pymdownx.superfences"]


def convert(source: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(source)


def same(html: str) -> str:
    """HTML without the whitespace between tags, which md_in_html re-serialises inside its containers."""
    return re.sub(r">\s+<", "><", html).strip()


def through(source: str, marker: str = MARKER) -> str:
    """What the plugin does around the conversion: lift, convert, restore."""
    lifted, found = blocks.lift(source, marker)
    return blocks.restore(convert(lifted), marker, found)


def test_without_a_marker_the_blocks_stay_in_the_markdown():
    html = '<ul class="tbv-x"><li>a</li></ul>'
    assert blocks.wrap(html, "") == html
    assert blocks.lift(f"# T\n\n{html}\n", "") == (f"# T\n\n{html}\n", [])


@pytest.mark.parametrize("place", [
    "{block}",                                                   # a block between paragraphs
    "<details markdown>\n<summary>Uitkomst</summary>\n\nTekst\n\n{block}\n\n</details>",  # in a fold
    '<article class="tbv-handout-item" markdown>\n\n## Kop\n\n{block}\n\n</article>',   # in a handout item
    "- een lijst\n\n{block}\n\n1. en nog een",                  # after lists
])
def test_a_lifted_block_comes_back_where_markdown_would_have_put_it(place):
    html = ('<table class="tbv-matrix"><tr><th scope="row">*geen nadruk*</th><td>'
            '<a href="../a/">a</a> &amp; [geen link](b.md)</td></tr></table>\n<p>\n\n_x_ </p>\n')
    source = f"# Titel\n\nVoor.\n\n{place.format(block=html)}\n\nNa *nadruk*.\n"
    wrapped = f"# Titel\n\nVoor.\n\n{place.format(block=blocks.wrap(html, MARKER))}\n\nNa *nadruk*.\n"
    assert same(through(wrapped)) == same(convert(source))
    assert "*geen nadruk*" in through(wrapped) and "[geen link](b.md)" in through(wrapped)


def test_a_placeholder_lost_in_conversion_stops_the_page():
    lifted, found = blocks.lift(f"A\n\n{blocks.wrap('<p>één</p>', MARKER)}\n\n{blocks.wrap('<p>twee</p>', MARKER)}\n",
                                MARKER)
    html = convert(lifted)
    with pytest.raises(ValueError, match="missing: \\[1\\]"):
        blocks.restore(html.replace(f"<!--{MARKER}:1-->", ""), MARKER, found)
    with pytest.raises(ValueError):
        blocks.restore(html + f"<!--{MARKER}:0-->", MARKER, found)  # one block twice


def test_authored_text_cannot_open_or_fill_a_block():
    """Text that imitates a marker it cannot know is converted like any other text."""
    forged = "<!--tbv-ffffffffffffffff-->\n*tekst*\n<!--/tbv-ffffffffffffffff-->\n\n<!--tbv-ffffffffffffffff:0-->\n"
    source = f"# T\n\n{forged}\n{blocks.wrap('<p>eigen</p>', MARKER)}\n"
    lifted, found = blocks.lift(source, MARKER)
    assert found == ["<p>eigen</p>"]
    assert "tbv-ffffffffffffffff" in lifted
    assert blocks.restore(convert(lifted), MARKER, found).count("<p>eigen</p>") == 1


def test_every_generated_page_converts_the_same_with_its_blocks_lifted():
    """The emitters' own pages: lifting their blocks changes nothing in the converted HTML."""
    result = pipeline.run(FIXTURES, FIXTURES / "taxonomy.yml", root=FIXTURES.parent)
    assert result.index is not None
    plain = emit.emit(result.index, emit.Context(site_name="Test"))
    marked = emit.emit(result.index, emit.Context(site_name="Test", block_marker=MARKER))
    pages = [uri for uri in plain if uri.endswith(".md")]
    lifted_somewhere = 0
    for uri in pages:
        assert blocks.lift(plain[uri], MARKER)[1] == []
        body = lambda page: page.split("\n---\n", 1)[-1]  # noqa: E731 (front matter aside)
        _, found = blocks.lift(marked[uri], MARKER)
        lifted_somewhere += len(found)
        # The vignette pages also mark their handout parts (comments the sanitiser drops).
        converted = re.sub(f"<!--{MARKER}:[a-z:/]+-->", "", through(body(marked[uri])))
        assert same(converted) == same(convert(body(plain[uri]))), uri
    assert lifted_somewhere > len(pages)  # the test saw blocks on most pages, not none


def test_html_block_wraps_only_with_a_marker():
    context = emit.Context(block_marker=MARKER)
    out = text.html_block("text_list.html", context, items=["een"], ordered=True)
    assert out.startswith(f"\n<!--{MARKER}-->") and out.endswith(f"<!--/{MARKER}-->\n")
    assert MARKER not in text.html_block("text_list.html", emit.Context(), items=["een"], ordered=True)


def test_the_contents_menu_is_filled_from_the_converted_page_headings():
    """A vignette's "Op deze pagina" (page_toc.html) waits for the page's headings (its h2s, under the
    title); the titles come cleaned (clean_toc), the addresses are escaped; no marker, no change."""
    from types import SimpleNamespace as Item

    from tbvsite.mkdocs.pages import fill_page_toc

    toc = [Item(level=1, url="#t", title="Titel", children=[
        Item(level=2, url="#de-scene", title="De scène", children=[]),
        Item(level=2, url='#a"b', title="Het <em>dilemma</em>", children=[])])]
    html = f"<nav><details><summary>Op deze pagina</summary><!--{MARKER}:toc--></details></nav>"
    filled = fill_page_toc(html, toc, MARKER)
    assert filled == ('<nav><details><summary>Op deze pagina</summary><ul><li><a href="#de-scene">De scène</a></li>'
                      '<li><a href="#a&quot;b">Het <em>dilemma</em></a></li></ul></details></nav>')
    assert fill_page_toc("<p>x</p>", toc, MARKER) == "<p>x</p>"
