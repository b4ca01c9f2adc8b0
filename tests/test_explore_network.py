"""The explore and network emitters as pure functions, at 3 and at 100 vignettes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import pytest

from helpers import run_texts
from tbvsite.emit import Context, explore, network
from tbvsite.emit.text import href

SVG = "{http://www.w3.org/2000/svg}"
ACTORS = ["anna", "ben", "cor"]
STRATEGIES = ["meebewegen", "confronteren", "brief"]


def _vignette(i: int) -> str:
    actors = [ACTORS[i % 3]] + ([ACTORS[(i + 1) % 3]] if i % 2 else [])
    strategies = [STRATEGIES[i % 3]] + ([STRATEGIES[(i + 2) % 3]] if i % 5 == 0 else [])
    return (f"---\ntitle: Vignet nummer {i} met een vrij lange titel om te kunnen afbreken\n"
            f"summary: Samenvatting {i}.\norder: {i}\nsource:\n  - ref: heederik-werken\n    section: Sectie {i}\n"
            f"actors: [{', '.join(actors)}]\nstrategies: [{', '.join(strategies)}]\n"
            f"positions:\n  - actor: {actors[0]}\n    strategy: {strategies[0]}\n    note: Notitie.\n"
            f"objectives:\n  - Doel {i}.\nquestions:\n  - Vraag {i}?\nform: reflectie\n---\n\nTekst van vignet {i}.\n")


@pytest.fixture(scope="module")
def index_of(tmp_path_factory):
    def make(count: int):
        result = run_texts(tmp_path_factory.mktemp("v"), {f"v{i:03d}.md": _vignette(i) for i in range(1, count + 1)})
        assert result.index is not None, [(p.path, p.code) for p in result.problems]
        return result.index
    return make


@pytest.mark.parametrize("from_src,to,directory_urls,expected", [
    ("verkennen.md", "vignetten/a.md", True, "../vignetten/a/"),
    ("verkennen.md", "vignetten/a.md", False, "vignetten/a.html"),
    ("verkennen.md", "actoren/index.md", True, "../actoren/"),
    ("verkennen.md", "index.md", True, "../"),
    ("verkennen.md", "assets/tbvsite/explore.js", True, "../assets/tbvsite/explore.js"),
    ("verkennen.md", "assets/tbvsite/explore.js", False, "assets/tbvsite/explore.js"),
    ("a/b.md", "a/c.md", True, "../c/"),
    ("a/b.md", "a/c.md", False, "c.html"),
])
def test_href_matches_the_published_urls(from_src, to, directory_urls, expected):
    assert href(from_src, to, directory_urls) == expected


def _svg(markdown: str) -> etree.Element:
    match = re.search(r"<svg .*?</svg>", markdown, re.S)
    assert match, "no SVG in the network page"
    return etree.fromstring(match.group(0))  # well-formed XML, or this raises


@pytest.mark.parametrize("count", [3, 100])
def test_network_has_a_link_per_node_and_a_table_row_per_vignette(index_of, count):
    index = index_of(count)
    page = network.render_network(index, Context())
    svg = _svg(page)
    links = [a.get("href") for a in svg.iter(f"{SVG}a")]
    assert len(links) == count + len(ACTORS) + len(STRATEGIES)
    assert len(set(links)) == len(links)
    for v in index.vignettes:
        assert f"../vignetten/{v.slug}/" in links
    # One group of lines per vignette, one line per tag of the two side facets.
    groups = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "tbv-net-v"]
    assert len(groups) == count
    for group, v in zip(groups, index.vignettes):
        assert len(group.findall(f"{SVG}path")) == len(v.tags["actors"]) + len(v.tags["strategies"])
    # The text alternative: a table row per vignette.
    table = page[page.index("{#relaties}"):]
    table_rows = re.findall(r'<tr>\s*<td><a href="\.\./vignetten/', table)
    assert len(table_rows) == count


@pytest.mark.parametrize("count", [3, 100])
def test_network_links_are_named_with_the_spaces_their_line_breaks_drop(index_of, count):
    """A title wrapped over tspans reads as one run of words ("en het", not "en hetteam")."""
    svg = _svg(network.render_network(index_of(count), Context()))
    for a in svg.iter(f"{SVG}a"):
        shown = " ".join(t.text for t in a.iter(f"{SVG}tspan"))
        assert a.get("aria-label") == shown, (a.get("aria-label"), shown)
        # The text itself keeps the spaces too (WCAG 2.5.3, label in name: what is seen is in the name;
        # also for find-in-page and copying): a space between the lines of a label.
        assert "".join(a.itertext()) == shown, ("".join(a.itertext()), shown)


@pytest.mark.parametrize("count", [3, 100])
def test_network_labels_do_not_overlap_and_height_grows_linearly(index_of, count):
    svg = _svg(network.render_network(index_of(count), Context()))
    width = float(svg.get("width"))
    height = float(svg.get("height"))
    assert width < 1100  # the same width at any size: only the height grows
    assert height <= network.TOP + count * (3 * network.LINE + 16)
    boxes = sorted(float(r.get("y")) for r in svg.iter(f"{SVG}rect"))
    heights = {float(r.get("height")) for r in svg.iter(f"{SVG}rect")}
    assert all(b - a >= max(heights) for a, b in zip(boxes, boxes[1:])), "vignette boxes overlap"


def test_network_orders_side_columns_by_their_vignettes(index_of):
    index = index_of(30)
    svg = _svg(network.render_network(index, Context()))
    ys = {a.get("href"): float(a.find(f"{SVG}circle").get("cy")) for a in svg.iter(f"{SVG}a")
          if a.find(f"{SVG}circle") is not None}
    assert len(ys) == len(ACTORS) + len(STRATEGIES)
    for column in ("../actoren/", "../strategieen/"):
        heights = [y for href, y in ys.items() if href.startswith(column)]
        assert len(set(heights)) == len(heights), f"two nodes at one height in {column}"
    # Barycentre order: a term whose vignettes come first in reading order sits higher.
    def mean_rank(facet, term):
        ranks = [i for i, v in enumerate(index.vignettes) if term in v.tags[facet]]
        return sum(ranks) / len(ranks)
    actors = sorted(ACTORS, key=lambda t: ys[f"../actoren/{t}/"])
    assert [round(mean_rank("actors", t), 6) for t in actors] == sorted(round(mean_rank("actors", t), 6) for t in ACTORS)


@pytest.mark.parametrize("count", [3, 100])
def test_explore_lists_every_vignette_as_a_card_with_its_tags(index_of, count):
    index = index_of(count)
    page = explore.render_explore(index, Context())
    cards = re.findall(r'<li class="tbv-card" data-slug="([^"]+)" ([^>]*)>', page)
    assert [slug for slug, _ in cards] == [v.slug for v in index.vignettes]
    for (slug, data), v in zip(cards, index.vignettes):
        assert f'data-actoren="{" ".join(v.tags["actors"])}"' in data
        assert f'data-strategieen="{" ".join(v.tags["strategies"])}"' in data
    # A checkbox per used term, named by facet segment, with the count of its vignettes.
    for facet in index.vocabulary.facets.values():
        for term in facet.terms:
            carrying = index.by_term.get((facet.id, term), ())
            box = re.search(rf'name="{facet.segment}" value="{term}"> [^<]*<span class="tbv-count">\((\d+)\)', page)
            assert (box is not None) == bool(carrying), (facet.id, term)
            if box:
                assert int(box.group(1)) == len(carrying)
    # The form is in its place from the start (nothing moves when the script starts); without
    # JavaScript the stylesheet hides it (test_browser.py checks that in Chromium).
    assert not re.search(r'<form class="tbv-filter"[^>]* hidden', page)
    # The theme loads explore.js: page content never holds a <script> (the sanitiser would drop it).
    assert "<script" not in page
