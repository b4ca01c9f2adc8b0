"""``tbvsite check`` and the ending outside a fold (tbvsite/spoilers.py): one row per rule.

The fixture archive has one decision vignette, alpha (``chosen: [brief]``,
"Brief aan bewoners"; its fold says "Anna en Ben sturen samen een brief.").
Each row changes one text and names the code it must raise and where, or
none. Rows assert on codes and locations, not on wording.
"""

from __future__ import annotations

import pytest

from helpers import FIXTURES, run_texts

TAXONOMY = (FIXTURES / "taxonomy.yml").read_text(encoding="utf-8")
ALPHA = (FIXTURES / "alpha.md").read_text(encoding="utf-8")
OTHERS = {name: (FIXTURES / name).read_text(encoding="utf-8") for name in ("beta.md", "gamma.md")}
TELLS = "Anna kiest uiteindelijk voor een [brief](../strategieen/brief.md)."


def _anna(extra: str) -> str:
    """The fixture taxonomy with ``extra`` lines under the term anna (8 spaces in)."""
    old = "        description: Anna werkt in het team. Zie [Ben](ben.md).\n"
    assert old in TAXONOMY
    return TAXONOMY.replace(old, old + extra)


def _codes(result, path_end: str = ""):
    return sorted((p.code, p.path.split("/")[-1], p.line) for p in result.problems
                  if p.path.endswith(path_end) and p.code in
                  ("tells-outcome", "position-tells-fold", "outcome-unknown-vignette", "outcome-not-decision"))


ROWS = [
    # (name, taxonomy, alpha, docs page, expected (code, file, line))
    ("a neutral archive", TAXONOMY, ALPHA, None, []),
    ("a description tells the chosen option with a verb",
     TAXONOMY.replace("description: Anna werkt in het team. Zie [Ben](ben.md).",
                      "description: Anna werkt in het team. " + TELLS),
     ALPHA, None, [("tells-outcome", "taxonomy.yml", 14)]),
    ("the English description tells it",
     _anna("        en:\n          description: In the end Anna opts for a letter, the [Brief aan bewoners](../strategieen/brief.md).\n"),
     ALPHA, None, [("tells-outcome", "taxonomy.yml", 16)]),
    ("the same sentence in the term's outcome field is where it belongs",
     _anna(f"        outcome:\n          alpha: {TELLS}\n        en:\n          outcome:\n            alpha: In the end Anna opts for a letter.\n"),
     ALPHA, None, []),
    ("the outcome names a vignette close to an existing one",
     _anna("        outcome:\n          alpah: Iets.\n"), ALPHA, None, [("outcome-unknown-vignette", "taxonomy.yml", 16)]),
    ("the outcome names a vignette far from every one: another archive's case, ignored",
     _anna("        outcome:\n          bewonersavond: Iets.\n"), ALPHA, None, []),
    ("the outcome names a reflection vignette",
     _anna("        outcome:\n          beta: Iets.\n"), ALPHA, None, [("outcome-not-decision", "taxonomy.yml", 16)]),
    ("a position note names the chosen option with a verb",
     TAXONOMY, ALPHA.replace("note: Anna wil kleine stappen.", "note: Anna besluit tot een Brief aan bewoners."),
     None, [("tells-outcome", "alpha.md", 17)]),
    ("a position note repeats six words of the fold",
     TAXONOMY, ALPHA.replace("note: Anna wil kleine stappen.", "note: Anna en Ben sturen samen een brief, vindt Anna."),
     None, [("position-tells-fold", "alpha.md", 17)]),
    ("a hand-written page tells it outside a fold",
     TAXONOMY, ALPHA, "# Woordenlijst\n\n## brief\n\nAnna kiest uiteindelijk een [brief](strategieen/brief.md).\n",
     [("tells-outcome", "woordenlijst.md", 5)]),
    ("a hand-written page tells it inside a fold",
     TAXONOMY, ALPHA, "# Woordenlijst\n\n## brief\n\nEen brief.\n\n??? tbv-fold \"Hoe het afliep\"\n\n"
                      "    Anna kiest uiteindelijk een [brief](strategieen/brief.md).\n\nVerder.\n", []),
    ("a hand-written page names the option without a verb of deciding",
     TAXONOMY, ALPHA, "# Woordenlijst\n\nEen [brief](strategieen/brief.md) aan alle bewoners.\n", []),
    ("a hand-written page names the option with a verb, but not the case",
     TAXONOMY, ALPHA, "# Woordenlijst\n\nWie een brief kiest, kiest voor een [brief](strategieen/brief.md).\n", []),
    ("a hand-written page names the case by its title",
     TAXONOMY, ALPHA, "# Woordenlijst\n\nIn Alpha kiest het team een [brief](strategieen/brief.md).\n",
     [("tells-outcome", "woordenlijst.md", 3)]),
    ("the description of a term that is not an actor of the case, naming no actor",
     TAXONOMY.replace("        description: Veranderen van binnenuit.\n",
                      "        description: Wie van binnenuit verandert, kiest soms voor een [brief](../strategieen/brief.md).\n"),
     ALPHA, None, []),
]


@pytest.mark.parametrize("name, taxonomy, alpha, page, expected", ROWS, ids=[r[0] for r in ROWS])
def test_ending_outside_a_fold(tmp_path, name, taxonomy, alpha, page, expected):
    if page is not None:
        (tmp_path / "docs").mkdir()
        (tmp_path / "docs" / "woordenlijst.md").write_text(page, encoding="utf-8")
    result = run_texts(tmp_path, {"alpha.md": alpha, **OTHERS}, taxonomy=taxonomy)
    assert _codes(result) == expected, [str(p) for p in result.problems]


def test_a_problem_names_its_column_and_a_hint(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "woordenlijst.md").write_text("Intro.\n\nZo kiest Anna voor de Brief aan bewoners.\n",
                                                       encoding="utf-8")
    result = run_texts(tmp_path, {"alpha.md": ALPHA, **OTHERS})
    found = [p for p in result.problems if p.code == "tells-outcome"]
    assert [(p.line, p.column) for p in found] == [(3, 1)]
    assert found[0].hint and "tbv-fold" in found[0].hint


def test_a_term_outcome_reaches_the_english_edition(tmp_path):
    from tbvsite import translation
    from tbvsite.vocabulary import load_vocabulary

    path = tmp_path / "taxonomy.yml"
    path.write_text(_anna("        outcome:\n          alpha: Ze kiest.\n        en:\n          outcome:\n"
                          "            alpha: She chooses.\n"), encoding="utf-8")
    vocabulary, problems = load_vocabulary(path)
    assert problems == []
    anna = vocabulary.facets["actors"].terms["anna"]
    assert anna.outcome == {"alpha": "Ze kiest."}
    english = translation.localize_vocabulary(vocabulary, "en").facets["actors"].terms["anna"]
    assert english.outcome == {"alpha": "She chooses."}


def test_a_term_outcome_follows_the_rules_of_a_description(tmp_path):
    """Links and raw HTML in an outcome are checked as in a description: it is Markdown on the term page."""
    taxonomy = _anna("        outcome:\n          alpha: Zie [nergens](nergens.md) en <script>x</script>.\n")
    result = run_texts(tmp_path, {"alpha.md": ALPHA, **OTHERS}, taxonomy=taxonomy)
    assert any(p.location.endswith("anna.outcome.alpha") for p in result.problems), result.problems


@pytest.mark.parametrize("guide, page, text", [
    ("docs/casus-toevoegen.md", "docs/woordenlijst.md",
     "# Woordenlijst\n\n## brief\n\nEen brief aan alle bewoners. In Alpha besluit het team\ntot een "
     "[brief](strategieen/brief.md).\n"),
    ("docs/en/adding-a-case.md", "docs/en/glossary.md",
     "# Glossary\n\n## brief\n\nA letter to all residents. In Alpha, the team decides\non a "
     "[letter](../strategieen/brief.md).\n"),
])
def test_the_guide_shows_the_real_output_of_these_checks(tmp_path, capsys, guide, page, text):
    """The example under 'De afloop blijft ingeklapt' / 'The ending stays folded' is what check prints for
    the example archive it describes: the fixture archive with one sentence too many in each place."""
    from conftest import ROOT
    from tbvsite import cli

    root = tmp_path / "example"
    (root / "vignettes").mkdir(parents=True)
    (root / "vignettes" / "taxonomy.yml").write_text(TAXONOMY.replace(
        "description: Anna werkt in het team. Zie [Ben](ben.md).",
        "description: Anna werkt in het team. Ze kiest uiteindelijk voor een [brief](../strategieen/brief.md)."),
        encoding="utf-8")
    (root / "vignettes" / "sources.yml").write_text((FIXTURES / "sources.yml").read_text(encoding="utf-8"),
                                                    encoding="utf-8")
    (root / "vignettes" / "alpha.md").write_text(ALPHA.replace(
        "note: Anna wil kleine stappen.", "note: Anna en Ben sturen samen een brief, vindt Anna."), encoding="utf-8")
    for name, other in OTHERS.items():
        (root / "vignettes" / name).write_text(other, encoding="utf-8")
    (root / page).parent.mkdir(parents=True, exist_ok=True)
    (root / page).write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert cli.run(["--root", str(root), "check"]) == 1
    out = capsys.readouterr().out
    assert out.count(": tells-outcome: ") == 2 and ": position-tells-fold: " in out
    assert out in (ROOT / guide).read_text(encoding="utf-8"), out
