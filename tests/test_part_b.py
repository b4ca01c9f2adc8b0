"""A decision's part B (issue 23): a second question inside "Hoe het afliep", its answer in a fold of its own.

The fixture vignette alpha gets a ``### Deel B`` with new information and a
question, then ``### Wat het team deed`` with the answer. The rows of
``tbvsite check`` name the code and where; the built fixture site shows the
part B after opening the first fold, and the answer (with the chosen
options and the analysis) only inside a second fold inside the first; the
student search index holds neither; the handout item keeps the same two
folds, so handout.js can show part B without its answer.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from helpers import FIXTURES, line_of as _line_of, normal_text, run_texts, variant as _variant
from tbvsite import body

ALPHA = (FIXTURES / "alpha.md").read_text(encoding="utf-8")
OUTCOME = "Anna en Ben sturen samen een brief.\n"
QUESTION = "De corporatie belt de volgende ochtend boos op. Houd je vast aan de brief, of trek je hem in?"
ANSWER = "Anna belt de corporatie terug en de brief blijft staan."
ANALYSIS = "De brief is een kleine stap van het team."
PART_B = f"{OUTCOME}\n### Deel B\n\n{QUESTION}\n\n### Wat het team deed\n\n{ANSWER}\n"
ALPHA_B = ALPHA.replace(OUTCOME, PART_B, 1)
assert ALPHA_B != ALPHA and ANALYSIS in ALPHA


ROWS = [
    # (id, alpha's text, code, line fragment)
    ("no question", _variant(ALPHA_B, "of trek je hem in?", "of je trekt hem in."), "part-b-no-question", "### Deel B"),
    ("no answer heading", _variant(ALPHA_B, f"### Wat het team deed\n\n{ANSWER}\n", ""), "part-b-no-answer",
     "### Deel B"),
    ("the answer heading a level up", _variant(ALPHA_B, "### Wat het team deed", "## Wat het team deed"),
     "part-b-no-answer", "### Deel B"),
    ("outside the outcome", _variant(ALPHA, "Meebewegen of een brief sturen?",
                                     f"Meebewegen of een brief sturen?\n\n### Deel B\n\n{QUESTION}\n\n### Verder\n\nx"),
     "part-b-outside-outcome", "### Deel B"),
    ("twice", _variant(ALPHA_B, "\n## Analyse", f"\n### Deel B: nog een keer\n\n{QUESTION}\n\n### Daarna\n\nx\n\n## Analyse"),
     "part-b-twice", "### Deel B: nog een keer"),
]


def _others() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in FIXTURES.glob("*.md") if p.name != "alpha.md"}


@pytest.mark.parametrize("name,text,code,fragment", ROWS, ids=[r[0] for r in ROWS])
def test_check_reports_a_broken_part_b_where_it_is(tmp_path, name, text, code, fragment):
    result = run_texts(tmp_path, {**_others(), "alpha.md": text})
    line = _line_of(text, fragment)
    found = [p for p in result.problems if p.code == code]
    assert [(p.path, p.line, p.column) for p in found] == [("vignettes/alpha.md", line, 1)], result.problems
    assert found[0].hint and found[0].message
    assert result.index is None  # an error: the file is refused, not shown half


def test_a_part_b_with_question_and_answer_is_no_problem(tmp_path):
    result = run_texts(tmp_path, {**_others(), "alpha.md": ALPHA_B})
    assert result.problems == []
    heading = "### Deel B: de corporatie belt"
    result = run_texts(tmp_path / "named", {**_others(), "alpha.md": ALPHA_B.replace("### Deel B", heading)})
    assert result.problems == []


def test_part_b_cuts_the_outcome():
    parts = body.split(ALPHA_B.split("---\n", 2)[2])
    second = body.part_b(parts.outcome)
    assert second is not None
    assert second.lead.strip() == OUTCOME.strip() and second.heading == "### Deel B"
    assert second.text.strip() == QUESTION
    assert second.answer.startswith("### Wat het team deed") and ANSWER in second.answer
    assert body.part_b(body.split(ALPHA.split("---\n", 2)[2]).outcome) is None
    assert body.part_b("### Deelname\n\nIets?\n\n### Daarna\n") is None  # a name that only starts alike


class _Folds(HTMLParser):
    """The text of a page per depth of ``<details>`` nesting, and the data-tbv-fold value of each level."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.kinds: list[str | None] = []
        self.text: dict[tuple, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        if tag == "details":
            self.kinds.append(dict(attrs).get("data-tbv-fold"))

    def handle_endtag(self, tag):
        if tag == "details" and self.kinds:
            self.kinds.pop()

    def handle_data(self, data):
        self.text.setdefault(tuple(self.kinds), []).append(data)

    def at(self, *kinds) -> str:
        return normal_text(" ".join(self.text.get(tuple(kinds), [])))


def _folds(html: str) -> _Folds:
    parser = _Folds()
    parser.feed(html)
    parser.close()
    return parser


def test_the_answer_to_part_b_is_a_fold_of_its_own(make_project):
    project = make_project(vignettes={**_others(), "alpha.md": ALPHA_B})
    result = project.build()
    assert result.ok, result.log
    page = _folds(result.page("vignetten/alpha/index.html"))
    first, second = ("beslissing",), ("beslissing", "part-b")
    # Opening the first fold shows the outcome, part B and its question, and the second fold's label.
    assert normal_text(OUTCOME) in page.at(*first) and normal_text(QUESTION) in page.at(*first)
    assert "deel b" in page.at(*first)
    assert re.search(r'<details class="tbv-fold" data-tbv-fold="part-b">\s*<summary>Lees wat het team deed',
                     result.page("vignetten/alpha/index.html"))  # the second fold's label, seen from the first
    # The answer, the chosen options (they tell the answer) and the analysis only inside the second.
    for text in (ANSWER, "Gekozen strategie", ANALYSIS):
        assert normal_text(text) in page.at(*second), text
        assert normal_text(text) not in page.at(*first) + page.at(), text
    assert normal_text(QUESTION) not in page.at()

    # The student search index holds nothing of either fold.
    index = json.loads(result.page("search/search_index.json"))["docs"]
    indexed = normal_text(" ".join(re.sub(r"<[^>]+>", " ", f"{d['title']} {d['text']}") for d in index))
    assert normal_text(ANSWER) not in indexed and normal_text(QUESTION) not in indexed
    assert "wat het team deed" not in indexed and "deel b" not in indexed
    assert not [d["location"] for d in index if d["location"].startswith("vignetten/alpha/#wat-het-team-deed")]

    # The handout item: part B in the first fold (a sheet of its own with deelb=1), the answer in the second.
    script = result.page("assets/tbvsite/handout/alpha.js")
    item = _folds(json.loads(script[script.index('"alpha", ') + len('"alpha", '):script.rindex(")")]))
    assert normal_text(QUESTION) in item.at(*first) and normal_text(ANSWER) in item.at(*second)
    assert normal_text(ANSWER) not in item.at(*first) + item.at()
    assert 'name="deelb"' in result.page("vignetten/hand-out/index.html")
