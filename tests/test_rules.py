"""The editorial rules (``vignettes/rules.yml``, ``tbvsite/rules.py``): counts and lengths, located.

Each case writes a small archive (the fixture vocabulary, one rule, one
vignette), runs the pipeline as ``tbvsite check`` does and looks at the
problems. The real archive must meet the real rules.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tbvsite import frontmatter, pipeline
from tbvsite.rules import count_sentences, count_words

from helpers import FIXTURES

ROOT = Path(__file__).resolve().parents[1]

VALID = """---
title: Delta
summary: Een casus. Nog een zin.
source:
  - {ref: heederik-werken, section: Sectie}
actors: [anna]
strategies: [meebewegen]
positions:
  - actor: anna
    strategy: meebewegen
questions:
  - Eerste vraag?
  - Tweede vraag?
form: reflectie
---
{body}
"""
BODY_LINE = 16


def archive(tmp_path: Path, rules: str | None, text: str, taxonomy: str | None = None) -> pipeline.Result:
    folder = tmp_path / "vignettes"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "taxonomy.yml").write_text(taxonomy or (FIXTURES / "taxonomy.yml").read_text(encoding="utf-8"),
                                         encoding="utf-8")
    (folder / "sources.yml").write_text((FIXTURES / "sources.yml").read_text(encoding="utf-8"), encoding="utf-8")
    if rules is not None:
        (folder / "rules.yml").write_text(rules, encoding="utf-8")
    (folder / "delta.md").write_text(text, encoding="utf-8")
    return pipeline.run(folder, folder / "taxonomy.yml", root=tmp_path)


def words(n: int) -> str:
    return " ".join(["woord"] * n)


def vignette(body: str = "Tekst.", **replace: str) -> str:
    text = VALID.replace("{body}", body)
    for old, new in replace.items():
        old = old.replace("_", " ")
        assert old in text, old
        text = text.replace(old, new)
    return text


RULE_CASES = [
    # (id, rules.yml, vignette text, expected (code, line, column) or None)
    ("too few questions", "vignettes: {questions: {min: 3}}", vignette(), ("rule-questions", 11, 1)),
    ("too many questions", "vignettes: {questions: {max: 1}}", vignette(), ("rule-questions", 11, 1)),
    ("questions on the bounds", "vignettes: {questions: {min: 2, max: 2}}", vignette(), None),
    ("objectives missing", "vignettes: {objectives: {min: 2, max: 3}}", vignette(), ("rule-objectives", BODY_LINE - 1, 1)),
    ("too few positions", "vignettes: {positions: {min: 2}}", vignette(), ("rule-positions", 8, 1)),
    ("a facet counted", "vignettes: {actors: {min: 2}}", vignette(), ("rule-actors", 6, 1)),
    ("body too short", "vignettes: {body_words: {min: 10}}", vignette(words(9)), ("rule-body-words", BODY_LINE, 1)),
    ("body on the minimum", "vignettes: {body_words: {min: 10}}", vignette(words(10)), None),
    ("body too long", "vignettes: {body_words: {max: 10}}", vignette(words(11)), ("rule-body-words", BODY_LINE, 1)),
    ("link targets are not words", "vignettes: {body_words: {max: 2}}",
     vignette("[twee woorden](https://example.org/een/heel/lang/adres)"), None),
    ("summary too long", "vignettes: {summary_sentences: {max: 1}}", vignette(), ("rule-summary-sentences", 3, 10)),
    ("summary within", "vignettes: {summary_sentences: {min: 1, max: 2}}", vignette(), None),
    ("no rules file, no rules", None, vignette(), None),
]


@pytest.mark.parametrize("rules, text, expected", [c[1:] for c in RULE_CASES], ids=[c[0] for c in RULE_CASES])
def test_vignette_rules(tmp_path, rules, text, expected):
    result = archive(tmp_path, rules, text)
    found = [(p.code, p.line, p.column) for p in result.problems]
    assert found == ([expected] if expected else []), result.problems
    if expected:
        problem = result.problems[0]
        assert problem.path == "vignettes/delta.md" and problem.severity == "warning"
        assert "the rules ask for" in problem.message
        assert "vignettes/rules.yml, line 1" in problem.hint  # where to change the rule
        assert result.ok and result.index is not None  # a warning does not stop the archive


def test_a_rule_can_be_an_error(tmp_path):
    result = archive(tmp_path, "vignettes:\n  questions: {min: 3, severity: error}\n", vignette())
    assert [(p.code, p.severity) for p in result.problems] == [("rule-questions", "error")]
    assert not result.ok and result.index is None
    assert "vignettes/rules.yml, line 2" in result.problems[0].hint


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if line.startswith(needle))


@pytest.mark.parametrize("rule, expected_terms", [
    ("{min: 6}", ["ben", "cor"]),  # 5 words each; anna has 5 + 2 (the link target is not counted)
    ("{min: 5, max: 5}", ["anna"]),
    ("{min: 1}", []),
])
def test_term_description_rule(tmp_path, rule, expected_terms):
    taxonomy = (FIXTURES / "taxonomy.yml").read_text(encoding="utf-8")
    result = archive(tmp_path, f"terms:\n  description_words: {rule}\n", vignette())
    actors = [p for p in result.problems if p.location.startswith("facets.actors.")]
    assert [p.location for p in actors] == [f"facets.actors.terms.{t}.description" for t in expected_terms]
    for problem, term in zip(actors, expected_terms):
        assert (problem.path, problem.code) == ("vignettes/taxonomy.yml", "rule-description-words")
        assert problem.line == _line_of(taxonomy, f"      {term}:")


RULES_FILE_CASES = [
    # (id, rules.yml, code, line, column, hint fragment)
    ("misspelled rule", "vignettes:\n  questons: {min: 1}\n", "unknown-key", 2, 3, "questions"),
    ("unknown scope", "vignetten:\n  questions: {min: 1}\n", "unknown-key", 1, 1, "vignettes"),
    ("min above max", "vignettes:\n  questions: {min: 5, max: 2}\n", "out-of-range", 2, 14, "swap"),
    ("unknown severity", "vignettes:\n  questions: {min: 1, severity: fatal}\n", "unknown-severity", 2, 33, "warning"),
    ("no bounds", "vignettes:\n  questions: {}\n", "empty-rule", 2, 14, "min"),
    ("not a number", "vignettes:\n  questions: {min: vier}\n", "wrong-type", 2, 20, "digits"),
    ("unknown rule key", "vignettes:\n  questions: {minimum: 4}\n", "unknown-key", 2, 15, "min"),
    ("invalid YAML", "vignettes:\n  questions: {min: 4\n", "yaml-syntax", 2, 14, ""),
]


@pytest.mark.parametrize("rules, code, line, column, hint", [c[1:] for c in RULES_FILE_CASES],
                         ids=[c[0] for c in RULES_FILE_CASES])
def test_mistakes_in_the_rules_file_are_located_errors(tmp_path, rules, code, line, column, hint):
    result = archive(tmp_path, rules, vignette())
    problems = [p for p in result.problems if p.path == "vignettes/rules.yml"]
    found = [(p.code, p.line, p.column, p.severity) for p in problems]
    assert (code, line, column, "error") in found, problems
    assert hint in problems[found.index((code, line, column, "error"))].hint
    assert not result.ok


FOLD_CASES = [
    # (id, questions block, expected (line, column, item) of the warning, or None)
    ("second item indented too far", "questions:\n  - Eerste vraag? Waarom wel of niet?\n    - Tweede vraag?\n",
     (13, 5, "questions[0]")),
    ("third item indented too far", "questions:\n  - Eerste vraag?\n  - Tweede vraag. En nu?\n     - Derde?\n",
     (14, 6, "questions[1]")),
    ("items lined up", "questions:\n  - Eerste vraag?\n  - Tweede vraag?\n", None),
    ("a long item over two lines", "questions:\n  - Eerste vraag, die over\n    twee regels loopt - met streepje?\n",
     None),
    ("quoted text may hold a dash", "questions:\n  - \"Eerste vraag?\n    - Tweede deel van de vraag\"\n", None),
]


@pytest.mark.parametrize("block, expected", [c[1:] for c in FOLD_CASES], ids=[c[0] for c in FOLD_CASES])
def test_a_folded_list_item_is_a_warning(tmp_path, block, expected):
    text = vignette().replace("questions:\n  - Eerste vraag?\n  - Tweede vraag?\n", block)
    result = archive(tmp_path, None, text)
    found = [(p.line, p.column, p.location) for p in result.problems if p.code == "folded-item"]
    assert found == ([expected] if expected else []), result.problems
    if expected:
        problem = next(p for p in result.problems if p.code == "folded-item")
        assert problem.severity == "warning"
        assert "check the indentation" in problem.hint
        assert text.split("\n")[problem.line - 1][problem.column - 1:].startswith("-")


def test_a_folded_value_outside_a_list_is_named():
    doc, problems = frontmatter.parse("summary: Een casus\n  - met een streepje\n", "x.md", first_line=2)
    assert not problems and doc.folded == {("summary",): (3, 3)}


@pytest.mark.parametrize("text, expected", [
    ("Een woord.", 2), ("scenario's en kind-van", 3), ("[link](a/b/c.md) <b>vet</b>", 2), ("", 0),
])
def test_count_words(text, expected):
    assert count_words(text) == expected


@pytest.mark.parametrize("text, expected", [("Een. Twee!", 2), ("Een zin zonder punt", 0), ("Ca. drie… en 1.5", 2)])
def test_count_sentences(text, expected):
    assert count_sentences(text) == expected


def test_the_real_archive_meets_the_real_rules():
    """Every rule in vignettes/rules.yml, on every real vignette and term, and the teaching notes."""
    assert (ROOT / "vignettes/rules.yml").is_file()
    result = pipeline.run(ROOT / "vignettes", ROOT / "vignettes/taxonomy.yml", root=ROOT,
                          notes=ROOT / "vignettes/teaching-notes")
    assert result.problems == []


def test_the_real_rules_are_the_documented_ones():
    """The numbers the how-to page promises are the numbers in the rules file."""
    from tbvsite.rules import load_rules

    rules, problems = load_rules(ROOT / "vignettes/rules.yml", "vignettes/rules.yml")
    assert problems == []
    page = (ROOT / "docs/casus-toevoegen.md").read_text(encoding="utf-8")
    for rule in rules.rules:
        assert re.search(rf"`{rule.name}`", page), f"docs/casus-toevoegen.md does not mention the rule {rule.name}"
