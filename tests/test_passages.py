"""Coded passages in vignette bodies: '[text]{codes="id id"}' (tbvsite/passages.py).

The checks (one test per message, with its location), the rendering (a span that changes no text,
a switch that shows the terms) and the guarantee that every pass stays linear in the body's length.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tbvsite import passages
from tbvsite.emit import Context, vignette as vignette_emit

from helpers import FIXTURES, fixture_vocabulary, run_texts

ALPHA = (FIXTURES / "alpha.md").read_text(encoding="utf-8")
SCENE = "Anna en Ben praten."


def with_scene(text: str) -> dict[str, str]:
    """The fixture vignettes, alpha with ``text`` in place of its first sentence."""
    assert SCENE in ALPHA
    return {**{p.name: p.read_text(encoding="utf-8") for p in FIXTURES.glob("*.md")},
            "alpha.md": ALPHA.replace(SCENE, text)}


def problems_of(tmp_path: Path, text: str) -> list:
    result = run_texts(tmp_path, with_scene(text))
    return [p for p in result.problems if p.code.startswith("coding-")]


def line_of(text: str) -> int:
    """The file line of the first scene sentence in the fixture alpha."""
    return ALPHA.split(SCENE)[0].count("\n") + 1


def test_a_valid_coding_passes_the_check_and_the_safety_scan(tmp_path):
    result = run_texts(tmp_path, with_scene('[Anna en Ben]{codes="anna meebewegen"} praten.'))
    assert result.ok, result.problems
    assert not result.problems


@pytest.mark.parametrize("text, code, column, message", [
    ('[Anna]{codes="anne"} praat.', "coding-unknown-term", 15,
     "the passage is coded 'anne', which is not in the vocabulary"),
    ('[Anna]{codes="cor"} praat.', "coding-untagged", 15,
     "the passage is coded actor 'cor', but this vignette's actors do not include it"),
    ('[ ]{codes="anna"} praat.', "coding-empty", 1, "this coded passage holds no text"),
    ('[Anna]{codes=""} praat.', "coding-no-terms", 6, "this coding names no term"),
    ('[Anna [en]{codes="ben"} Ben]{codes="anna"} praten.', "coding-overlap", 7,
     "this coded passage lies inside another one, which starts at line {line}, column 1"),
    ('[Anna]{codes="anna anna"} praat.', "coding-repeated-term", 20, "the passage is coded 'anna' twice"),
    ('Anna]{codes="anna"} praat.', "coding-unopened", 5,
     "this coding has no '[' before it in the same paragraph"),
])
def test_each_message_with_its_location(tmp_path, text, code, column, message):
    found = problems_of(tmp_path, text)
    assert [p.code for p in found] == [code], found
    problem = found[0]
    assert (problem.path, problem.line, problem.column) == ("vignettes/alpha.md", line_of(text), column)
    assert problem.message == message.format(line=line_of(text))
    assert problem.hint and problem.severity == "error"


def test_hints_point_to_the_fix(tmp_path):
    unknown, = problems_of(tmp_path, '[Anna]{codes="meebewegn"} praat.')
    assert unknown.hint == "did you mean 'meebewegen'?"
    untagged, = problems_of(tmp_path, '[Anna]{codes="confronteren"} praat.')
    assert untagged.hint.startswith("add 'confronteren' to strategies in the front matter")


def test_a_passage_stays_within_its_paragraph(tmp_path):
    found = problems_of(tmp_path, 'Anna [en\n\nBen]{codes="anna"} praten.')
    assert [p.code for p in found] == ["coding-unopened"]
    assert found[0].line == line_of("") + 2


def test_code_spans_and_escapes_are_not_codings(tmp_path):
    # inside a code span nothing is read at all; an escaped '[' opens no passage
    assert problems_of(tmp_path, '`[x]{codes="nope"}` praat.') == []
    assert [p.code for p in problems_of(tmp_path, '\\[Anna]{codes="anna"} praat.')] == ["coding-unopened"]


def test_a_link_inside_a_passage_and_a_passage_inside_a_link_label(tmp_path):
    body = "[Zie [Beta](beta.md) en Ben]{codes=\"ben\"} en [[Anna]{codes=\"anna\"}](beta.md)."
    found, problems = passages.parse(body)
    assert not problems
    assert [body[p.start:p.end] for p in found] == ["Zie [Beta](beta.md) en Ben", "Anna"]
    assert passages.strip(body) == "Zie [Beta](beta.md) en Ben en [Anna](beta.md)."


def test_translations_are_checked_against_the_dutch_tags(tmp_path):
    from tbvsite import pipeline
    folder = tmp_path / "vignettes"
    run_texts(tmp_path, with_scene(SCENE))
    (folder / "en").mkdir()
    (folder / "en" / "alpha.md").write_text(ALPHA.replace(SCENE, '[Anna and Ben]{codes="cor"} talk.'),
                                            encoding="utf-8")
    result = pipeline.run(folder, folder / "taxonomy.yml", root=tmp_path, language="en")
    assert [(p.path, p.code) for p in result.problems if p.code.startswith("coding-")] == [
        ("vignettes/en/alpha.md", "coding-untagged")]


def test_rendering_keeps_the_text_and_adds_the_switch(tmp_path):
    result = run_texts(tmp_path, with_scene('[Anna en Ben]{codes="anna meebewegen"} praten.'))
    index = result.index
    page = vignette_emit.render_vignette(index, index.by_slug["alpha"], Context())
    assert ('<span class="tbv-passage" data-codes="anna meebewegen" '
            'data-labels="Actor: Anna; Strategie: Meebewegen">Anna en Ben</span> praten.') in page
    assert "{codes=" not in page
    assert 'id="tbv-coding-toggle"' in page and "Codering tonen" in page
    english = vignette_emit.render_vignette(index, index.by_slug["alpha"], Context(language="en"))
    assert "Show coding" in english
    # A vignette without codings has no switch.
    plain = vignette_emit.render_vignette(index, index.by_slug["beta"], Context())
    assert "tbv-coding-toggle" not in plain and "tbv-passage" not in plain


def test_the_built_page_keeps_the_span_through_the_sanitiser(make_project):
    vignettes = {p.name: p.read_text(encoding="utf-8") for p in FIXTURES.glob("*.md")}
    vignettes["alpha.md"] = ALPHA.replace(SCENE, '[Anna en [Ben](beta.md)]{codes="anna ben"} praten.')
    result = make_project(vignettes=vignettes).build()
    assert result.ok, result.log
    page = result.page("vignetten/alpha/index.html")
    assert re.search(r'<span class="tbv-passage" data-codes="anna ben" data-labels="Actor: Anna; Actor: Ben">'
                     r'Anna en <a href="[^"]+">Ben</a></span> praten\.', page), page
    assert '<input type="checkbox" id="tbv-coding-toggle"' in page
    assert '<label for="tbv-coding-toggle">Codering tonen</label>' in page


THE_FOUR = ("bewonersavond", "projectoverleg", "budgetaanvraag", "heidag")  # a content test: our four cases


def test_real_vignettes_code_each_option_and_only_their_own_terms():
    """The four cases carry passage codings; a contributor's case may have none (coding is optional)."""
    from tbvsite import pipeline
    root = Path(__file__).resolve().parents[1]
    for language in ("nl", "en"):
        result = pipeline.run(root / "vignettes", root / "vignettes" / "taxonomy.yml", root=root, language=language)
        assert result.ok, result.problems
        for vignette in [v for v in result.index.vignettes if v.slug in THE_FOUR]:
            found = passages.parse(vignette.body)[0]
            assert len(found) >= 3, vignette.slug
            coded = {term for p in found for term in p.terms}
            assert coded <= {term for _, term in vignette.terms()}
            assert set(vignette.chosen) <= coded  # the decision that was taken is coded in the text
            assert set(vignette.tags.get("logics", ())) <= coded


# Units a contributor could repeat to make the parser rescan: open brackets that never close, codings
# that close nothing, nested codings, escapes, paragraph breaks.
PATHOLOGICAL = ["[", "]", ']{codes="a"}', '[x]{codes="a"}', '[[x]{codes="a"} ', "\\[", "[\n\n", '[x]{codes="'
                + "a " * 200 + '"}']


@pytest.mark.parametrize("unit", PATHOLOGICAL)
def test_the_passage_passes_are_linear_on_a_megabyte_of_pathological_text(unit):
    vocabulary = fixture_vocabulary()
    body = unit * (900_000 // len(unit))
    started = time.perf_counter()
    passages.parse(body)
    passages.strip(body)
    passages.render(body, vocabulary)
    passages.marked(body)
    elapsed = time.perf_counter() - started
    # Linear code does this in a few seconds even on a loaded machine; a rescan per bracket takes hours.
    assert elapsed < 30, f"{elapsed:.1f} s"


def test_labels_name_facet_and_term():
    vocabulary = fixture_vocabulary()
    assert passages.labels(vocabulary, ("brief", "anna")) == "Strategie: Brief aan bewoners; Actor: Anna"
