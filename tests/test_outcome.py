"""The teaching contract as data: ``form``, ``chosen`` and the fold headings of the body.

Each rule is one row: a variant of a valid vignette, the code it must raise,
and where (file line and column). The same rows run over both forms where
the rule applies to both. The valid vignettes themselves must raise nothing.
"""

from __future__ import annotations

import pytest

from helpers import line_of as _line_of, run_texts, variant as _variant

DECISION = """---
title: Delta
summary: Een casus.
form: beslissing
source:
  - ref: heederik-werken
    section: Sectie
actors: [anna]
strategies: [meebewegen, brief]
chosen: [brief]
positions:
  - actor: anna
    strategy: meebewegen
questions:
  - Vraag?
---

## De scène

Anna aarzelt.

## Het dilemma

Meebewegen of een brief?

## Hoe het afliep

Er gaat een brief uit.

## Analyse

Waarom dat werkt.
"""

REFLECTION = """---
title: Epsilon
summary: Een gesprek.
form: reflectie
source:
  - ref: heederik-werken
    section: Sectie
actors: [anna]
strategies: [meebewegen]
questions:
  - Vraag?
---

## De scène

Het team praat.

## Analyse

Wat het gesprek laat zien.
"""


CASES = [
    # (id, text, code, line fragment, column)
    ("form missing", _variant(DECISION, "form: beslissing\n", ""), "missing-key", "title:", 1),
    ("form unknown", _variant(DECISION, "form: beslissing", "form: besluit"), "unknown-value", "form:", 7),
    ("form empty", _variant(DECISION, "form: beslissing", "form:"), "empty-value", "form:", 6),
    ("form as a list", _variant(DECISION, "form: beslissing", "form: [beslissing]"), "wrong-type", "form:", 7),
    ("chosen missing for a decision", _variant(DECISION, "chosen: [brief]\n", ""), "chosen-missing", "form:", 7),
    ("chosen empty for a decision", _variant(DECISION, "chosen: [brief]", "chosen: []"), "chosen-missing", "form:", 7),
    ("chosen in a reflection", _variant(REFLECTION, "questions:", "chosen: [meebewegen]\nquestions:"),
     "chosen-in-reflection", "chosen:", 9),
    ("chosen not an option", _variant(DECISION, "chosen: [brief]", "chosen: [confronteren]"),
     "chosen-not-option", "chosen:", 10),
    ("chosen not in the vocabulary", _variant(DECISION, "chosen: [brief]", "chosen: [brif]"),
     "unknown-term", "chosen:", 10),
    ("chosen twice", _variant(DECISION, "chosen: [brief]", "chosen: [brief, brief]"), "duplicate-term", "chosen:", 17),
    ("chosen not an id", _variant(DECISION, "chosen: [brief]", "chosen: [Brief aan bewoners]"), "bad-id", "chosen:", 10),
    ("decision without outcome", _variant(DECISION, "## Hoe het afliep\n\nEr gaat een brief uit.\n\n", ""),
     "outcome-missing", "## Analyse", 1),
    ("decision without analysis", _variant(DECISION, "## Analyse\n\nWaarom dat werkt.\n", ""),
     "analysis-missing", "Er gaat een brief uit.", 1),
    ("decision with neither", DECISION.split("## Hoe het afliep")[0], "outcome-missing", "Meebewegen of", 1),
    ("analysis before outcome",
     _variant(DECISION, "## Hoe het afliep\n\nEr gaat een brief uit.\n\n## Analyse\n\nWaarom dat werkt.\n",
              "## Analyse\n\nWaarom dat werkt.\n\n## Hoe het afliep\n\nEr gaat een brief uit.\n"),
     "fold-order", "## Analyse", 1),
    ("heading at the wrong level", _variant(DECISION, "## Hoe het afliep", "### Hoe het afliep"),
     "outcome-missing", "## Analyse", 1),
    ("reflection with outcome", _variant(REFLECTION, "## Analyse", "## Hoe het afliep\n\nIets.\n\n## Analyse"),
     "outcome-in-reflection", "## Hoe het afliep", 1),
    ("own collapsible block", _variant(DECISION, "Er gaat een brief uit.", '??? note "Afloop"\n\n    Brief.'),
     "own-fold", "??? note", 1),
    ("own details tag", _variant(REFLECTION, "Wat het gesprek", "<details><summary>Meer</summary>x</details>\n\nWat"),
     "own-fold", "<details>", 1),
    ("position not an option", _variant(DECISION, "    strategy: meebewegen", "    strategy: confronteren"),
     "position-untagged", "strategy: confronteren", 15),
]


@pytest.mark.parametrize("name,text,code,fragment,column", CASES, ids=[c[0] for c in CASES])
def test_outcome_rule_is_located(tmp_path, name, text, code, fragment, column):
    result = run_texts(tmp_path, {"delta.md": text})
    line = _line_of(text, fragment)
    found = [(p.code, p.line, p.column) for p in result.problems]
    assert (code, line, column) in found, result.problems
    problem = next(p for p in result.problems if p.code == code)
    assert problem.path == "vignettes/delta.md"
    assert problem.hint, problem
    assert result.index is None


@pytest.mark.parametrize("text", [DECISION, REFLECTION], ids=["beslissing", "reflectie"])
def test_valid_forms_have_no_problems(tmp_path, text):
    result = run_texts(tmp_path, {"delta.md": text})
    assert result.problems == []
    [vignette] = result.index.vignettes
    assert vignette.form in ("beslissing", "reflectie")
    assert set(vignette.chosen) <= set(vignette.tags["strategies"])


def test_headings_inside_code_do_not_count(tmp_path):
    text = _variant(DECISION, "## Hoe het afliep\n", "```\n## Analyse\n```\n\n## Hoe het afliep\n")
    assert run_texts(tmp_path, {"delta.md": text}).problems == []
    text = _variant(REFLECTION, "Het team praat.", "```\n## Hoe het afliep\n??? note\n```")
    assert run_texts(tmp_path / "b", {"e.md": text}).problems == []


def test_rules_are_all_collected(tmp_path):
    """A file breaking several rules gets one message per rule, not just the first."""
    text = _variant(DECISION, "chosen: [brief]\n", "")
    text = _variant(text, "## Hoe het afliep\n\nEr gaat een brief uit.\n\n", "")
    codes = {p.code for p in run_texts(tmp_path, {"delta.md": text}).problems}
    assert {"chosen-missing", "outcome-missing"} <= codes


def test_split_cuts_at_the_first_fold_heading():
    from tbvsite.body import split

    parts = split(DECISION.split("---\n", 2)[2])
    assert "## Het dilemma" in parts.before and "Hoe het afliep" not in parts.before
    assert parts.outcome.strip() == "Er gaat een brief uit."
    assert parts.analysis.strip() == "Waarom dat werkt."
    parts = split(REFLECTION.split("---\n", 2)[2])
    assert parts.outcome == "" and parts.analysis.strip() == "Wat het gesprek laat zien."


def test_open_data_and_schema_carry_form_and_chosen(tmp_path):
    """Researchers can query the choice data: JSON, both CSVs and the schema know form and chosen."""
    import csv
    import io
    import json

    import jsonschema

    from helpers import fixture_index
    from tbvsite import schema
    from tbvsite.emit import opendata

    index = fixture_index(tmp_path)
    records = {r["slug"]: r for r in json.loads(opendata.to_json(index))}
    for vignette in index.vignettes:
        assert records[vignette.slug]["form"] == vignette.form
        assert records[vignette.slug]["chosen"] == list(vignette.chosen)
    assert any(r["chosen"] for r in records.values()), "the fixtures need a decision vignette"
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(opendata.to_csv(index)))}
    for vignette in index.vignettes:
        assert rows[vignette.slug]["form"] == vignette.form
        assert rows[vignette.slug]["chosen"] == ";".join(vignette.chosen)
    for row in csv.DictReader(io.StringIO(opendata.to_coding_csv(index))):
        vignette = index.by_slug[row["slug"]]
        if row["kind"] == "tag" and row["facet"] == "strategies" and vignette.form == "beslissing":
            assert row["chosen"] == ("1" if row["term"] in vignette.chosen else "0")
        else:
            assert row["chosen"] == ""
    validator = jsonschema.Draft7Validator(schema.build_schema(index.vocabulary))
    base = {"title": "T", "summary": "S", "source": [{"ref": "heederik-werken", "section": "S"}], "actors": ["anna"],
            "strategies": ["brief"], "questions": ["V?"]}
    assert not list(validator.iter_errors({**base, "form": "beslissing", "chosen": ["brief"]}))
    assert not list(validator.iter_errors({**base, "form": "reflectie"}))
    for bad in ({**base}, {**base, "form": "besluit"}, {**base, "form": "beslissing"},
                {**base, "form": "beslissing", "chosen": []}, {**base, "form": "reflectie", "chosen": ["brief"]},
                {**base, "form": "beslissing", "chosen": ["onbekend"]}):
        assert list(validator.iter_errors(bad)), bad
