"""Validation against the vocabulary and across files: codes and locations."""

from __future__ import annotations

import pytest

from helpers import run_texts

VALID = """---
title: Delta
summary: Een casus.
source:
  - ref: heederik-werken
    section: Sectie
actors: [anna]
strategies: [meebewegen]
positions:
  - actor: anna
    strategy: meebewegen
questions:
  - Vraag?
form: reflectie
---
Tekst.
"""


def _variant(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new)


CASES = [
    # (id, text, expected code, line, column, hint fragment)
    ("unknown actor", _variant("actors: [anna]", "actors: [ana]"), "unknown-term", 7, 10, "anna"),
    ("unknown strategy", _variant("strategies: [meebewegen]", "strategies: [meebewegn]"), "unknown-term", 8, 14, "meebewegen"),
    ("untagged position actor", _variant("  - actor: anna", "  - actor: ben"), "position-untagged", 10, 12, "actors"),
    ("unknown position strategy", _variant("    strategy: meebewegen", "    strategy: xyz"), "unknown-term", 11, 15, "taxonomy"),
    ("term listed twice", _variant("actors: [anna]", "actors: [anna, anna]"), "duplicate-term", 7, 16, ""),
    ("unknown key", _variant("questions:", "vragen: [a]\nquestions:"), "unknown-key", 12, 1, ""),
    ("misspelled key", _variant("summary:", "sumary:"), "unknown-key", 3, 1, "summary"),
    ("missing required facet", _variant("strategies: [meebewegen]\n", ""), "missing-key", 2, 1, "strategies"),
    ("empty required list", _variant("strategies: [meebewegen]", "strategies: []"), "empty-list", 8, 13, ""),
    ("facet as a string", _variant("actors: [anna]", "actors: anna"), "wrong-type", 7, 9, "list"),
    ("title as a list", _variant("title: Delta", "title: [a, b]"), "wrong-type", 2, 8, ""),
    ("comment eats text", _variant("title: Delta", "title: Casus #5"), "comment-in-value", 2, 8, "quote"),
    ("page not a number", _variant("    section: Sectie", "    section: Sectie\n    page: vijf"), "wrong-type", 7, 11, ""),
    ("unknown source", _variant("ref: heederik-werken", "ref: heederik-werkne"), "unknown-source", 5, 10,
     "did you mean 'heederik-werken'?"),
    ("source without ref", _variant("  - ref: heederik-werken\n    section", "  - section"), "missing-key", 5, 5, "ref"),
    ("Dutch key for ref", _variant("  - ref: heederik-werken", "  - sleutel: heederik-werken"), "unknown-key", 5, 5,
     "did you mean 'ref'?"),
]


@pytest.mark.parametrize("name,text,code,line,column,hint", CASES, ids=[c[0] for c in CASES])
def test_problem_is_located(tmp_path, name, text, code, line, column, hint):
    result = run_texts(tmp_path, {"delta.md": text})
    found = [(p.code, p.line, p.column) for p in result.problems]
    assert (code, line, column) in found, result.problems
    problem = next(p for p in result.problems if (p.code, p.line, p.column) == (code, line, column))
    assert problem.path == "vignettes/delta.md"
    assert hint in problem.hint
    assert result.index is None


def test_valid_vignette_has_no_problems(tmp_path):
    result = run_texts(tmp_path, {"delta.md": VALID})
    assert result.problems == []
    assert result.index is not None


def test_every_problem_is_collected(tmp_path):
    files = {f"v{i}.md": _variant("actors: [anna]", f"actors: [nobody{i}]") for i in range(10)}
    files = {name: text.replace("title: Delta", f"title: Delta {name}") for name, text in files.items()}
    result = run_texts(tmp_path, files)
    unknown = [p.path for p in result.problems if p.code == "unknown-term"]
    assert sorted(unknown) == sorted(f"vignettes/{n}" for n in files)
    assert [p.sort_key() for p in result.problems] == sorted(p.sort_key() for p in result.problems)


def test_duplicate_titles_name_both_files(tmp_path):
    result = run_texts(tmp_path, {"a.md": VALID, "b.md": VALID})
    [problem] = result.problems
    assert (problem.code, problem.path, problem.line) == ("duplicate-title", "vignettes/b.md", 2)
    assert "vignettes/a.md" in problem.message


def test_stray_files_are_reported(tmp_path):
    result = run_texts(tmp_path, {"delta.md": VALID, "notes.txt": "x", "Nieuwe Casus.md": VALID})
    codes = {(p.path, p.code) for p in result.problems}
    assert ("vignettes/notes.txt", "stray-file") in codes
    assert ("vignettes/Nieuwe Casus.md", "bad-slug") in codes


def test_the_preview_s_memo_gives_the_problems_a_fresh_run_gives(tmp_path):
    """Under serve the pipeline keeps each file's parse and its own problems (pipeline.run's memo).
    Whatever is edited, a run with the memo reports what a run without it reports: the same
    problems at the same places, also when only the lines of the front matter move."""
    from helpers import FIXTURES, run_texts
    from tbvsite import pipeline

    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.md"))}
    first = sorted(texts)[0]
    broken = texts[first].replace("actors: [", "actors: [onbekend, ", 1)
    assert broken != texts[first]
    steps = [
        {first: broken},                                                   # an unknown actor
        {first: broken},                                                   # nothing changed
        {first: broken.replace("---\n", "---\n# een regel erbij\n", 1)},  # the same problem a line lower
        {first: broken.replace("---\n", "---\n# een regel erbij\n", 1)
                      .replace("actors: [", "actors:  [", 1)},              # and a column further: the
        # vignette itself is the same as before, only where its keys stand differs
        {first: texts[first]},                                             # fixed
    ]
    memo: dict = {}
    folder = tmp_path / "vignettes"
    run_texts(tmp_path, texts)
    for step in steps:
        for name, text in step.items():
            (folder / name).write_text(text, encoding="utf-8")
        kept = pipeline.run(folder, folder / "taxonomy.yml", root=tmp_path, memo=memo)
        fresh = pipeline.run(folder, folder / "taxonomy.yml", root=tmp_path)
        assert kept.problems == fresh.problems
        assert [v.slug for v in kept.vignettes] == [v.slug for v in fresh.vignettes]
        assert (kept.index is None) == (fresh.index is None)
    assert memo["files"] and "checked" in memo
