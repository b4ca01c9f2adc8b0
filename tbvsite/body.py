"""The parts of a vignette body: what comes before the fold, the outcome and the analysis.

The teaching contract (issue 10): a body holds ``## De scène`` and
``## Het dilemma``, then, for a decision vignette, ``## Hoe het afliep`` and
``## Analyse`` (a reflection vignette has only ``## Analyse``). Everything
from the first of those two headings to the end is "the fold part": the site
shows it collapsed, after the discussion questions. The author writes no
fold of their own (no ``??? note``, no ``<details>``).

A decision may hold a second one (issue 23): under ``## Hoe het afliep``, a
``### Deel B`` heading (``### Part B`` in English) with new information and a
question, then a heading of the same level (``### Wat het team deed``) with
the answer. The site folds that answer, and the analysis after it, a second
time (:func:`part_b`), so a class can stop at the question.

Headings inside code (fences, spans) are not headings; every function here
keeps line numbers, so problems point at the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .fields import ANALYSIS_HEADING, DECISION, FOLD_HEADINGS, OUTCOME_HEADING, PART_B_HEADINGS, REFLECTION
from .model import Problem, Vignette
from .safety import mask_code

_ATX = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*$")
_ATTR_LIST = re.compile(r"\s*\{[^}]*\}\s*$")
_CLOSING = re.compile(r"\s+#+\s*$")
# A part B heading: the name alone, or the name, a separator and more ("Deel B: de waarschuwing").
_PART_B = re.compile(r"^(?:" + "|".join(re.escape(name) for name in PART_B_HEADINGS.values()) + r")(?:[\s:.,;–—-].*)?$")
# An admonition or collapsible block (``!!!``, ``???``, ``???+``) or a details tag: the site builds the fold.
_OWN_FOLD = re.compile(r"^[ \t]*(\?\?\?\+?)[ \t]|<details\b", re.I)


@dataclass(frozen=True)
class Heading:
    line: int  # 0-based line index in the body
    level: int
    text: str  # without closing hashes or an attribute list


@dataclass(frozen=True)
class Parts:
    """A body cut at the fold. ``outcome`` and ``analysis`` are the text under those headings."""

    before: str
    outcome: str
    analysis: str

    @property
    def has_fold(self) -> bool:
        return bool(self.outcome.strip() or self.analysis.strip())


def headings(body: str) -> list[Heading]:
    """Every ATX heading outside code."""
    out = []
    for i, line in enumerate(mask_code(body).split("\n")):
        match = _ATX.match(line)
        if match:
            text = _CLOSING.sub("", _ATTR_LIST.sub("", match.group(2)))
            out.append(Heading(i, len(match.group(1)), text.strip()))
    return out


# A translation's fold headings ("## How it ended") stand for the Dutch ones.
_CANONICAL = {text: dutch for pair in FOLD_HEADINGS.values() for text, dutch in zip(pair, FOLD_HEADINGS["nl"])}


def _fold_headings(body: str) -> list[Heading]:
    return [Heading(h.line, h.level, _CANONICAL[h.text]) for h in headings(body)
            if h.level == 2 and h.text in _CANONICAL]


@dataclass(frozen=True)
class PartB:
    """The outcome of a decision with a second decision in it: ``lead`` (the outcome before it),
    ``heading`` (its line as written), ``text`` (the new information and its question) and ``answer``
    (from the next heading of the part's level or higher, that heading included)."""

    lead: str
    heading: str
    text: str
    answer: str


def _is_part_b(heading: Heading) -> bool:
    return heading.level >= 3 and bool(_PART_B.match(heading.text))


def part_b(outcome: str) -> PartB | None:
    """The outcome text cut at its first part B heading; None when it has none."""
    marks = headings(outcome)
    start = next((h for h in marks if _is_part_b(h)), None)
    if start is None:
        return None
    lines = outcome.split("\n")
    answer = next((h for h in marks if h.line > start.line and h.level <= start.level), None)
    end = answer.line if answer else len(lines)
    return PartB("\n".join(lines[:start.line]).strip("\n"), lines[start.line],
                 "\n".join(lines[start.line + 1:end]).strip("\n"), "\n".join(lines[end:]).strip("\n"))


def split(body: str) -> Parts:
    """Cut ``body`` at its first ``## Hoe het afliep`` or ``## Analyse``; the headings themselves are dropped."""
    lines = body.split("\n")
    marks = _fold_headings(body)
    if not marks:
        return Parts(body, "", "")
    before = "\n".join(lines[:marks[0].line])
    sections: dict[str, list[str]] = {OUTCOME_HEADING: [], ANALYSIS_HEADING: []}
    for mark, following in zip(marks, marks[1:] + [None]):
        end = following.line if following else len(lines)
        sections[mark.text] += lines[mark.line + 1:end]
    return Parts(before, "\n".join(sections[OUTCOME_HEADING]).strip("\n"),
                 "\n".join(sections[ANALYSIS_HEADING]).strip("\n"))


def problems(vignette: Vignette) -> list[Problem]:
    """Located problems with the body's structure for the vignette's form."""
    found: list[Problem] = []
    body = vignette.body

    def add(line_index: int, column: int, code: str, message: str, hint: str) -> None:
        found.append(Problem(vignette.path, vignette.body_line + line_index, column, code, message, hint))

    masked = mask_code(body).split("\n")
    for i, line in enumerate(masked):
        match = _OWN_FOLD.search(line)
        if match:
            what = "a <details> block" if match.group(0).lower().startswith("<details") else f"a '{match.group(1)}' block"
            add(i, match.start() + 1, "own-fold",
                f"the body contains {what}; the site builds the one fold itself",
                f"remove the block and write its text under '## {OUTCOME_HEADING}' or '## {ANALYSIS_HEADING}'")
    marks = _fold_headings(body)
    outcome = [h for h in marks if h.text == OUTCOME_HEADING]
    analysis = [h for h in marks if h.text == ANALYSIS_HEADING]
    end = len(body.rstrip("\n").split("\n")) - 1 if body.strip() else 0
    if vignette.form == DECISION:
        if not outcome:
            add(analysis[0].line if analysis else end, 1, "outcome-missing",
                f"a vignette with form '{DECISION}' needs a '## {OUTCOME_HEADING}' section",
                f"after '## Het dilemma', add '## {OUTCOME_HEADING}' with what the team did, then '## {ANALYSIS_HEADING}'")
        if not analysis:
            add(end, 1, "analysis-missing",
                f"a vignette with form '{DECISION}' needs a '## {ANALYSIS_HEADING}' section",
                f"add '## {ANALYSIS_HEADING}' after '## {OUTCOME_HEADING}'")
        if outcome and analysis and analysis[0].line < outcome[0].line:
            add(analysis[0].line, 1, "fold-order",
                f"'## {ANALYSIS_HEADING}' comes before '## {OUTCOME_HEADING}'",
                f"move '## {OUTCOME_HEADING}' and its text above '## {ANALYSIS_HEADING}'")
        found += _part_b_problems(vignette, masked)
    elif vignette.form == REFLECTION:
        for heading in outcome:
            add(heading.line, 1, "outcome-in-reflection",
                f"a vignette with form '{REFLECTION}' has no '## {OUTCOME_HEADING}'",
                f"fold this text into '## {ANALYSIS_HEADING}', or make it form: {DECISION} with 'chosen'")
    return found


def _part_b_problems(vignette: Vignette, masked: list[str]) -> list[Problem]:
    """A part B outside '## Hoe het afliep', without a question, without an answer heading, or twice."""
    found: list[Problem] = []
    marks = headings(vignette.body)
    seen = False
    for i, mark in enumerate(marks):
        if not _is_part_b(mark):
            continue

        def add(code: str, message: str, hint: str, line: int = mark.line) -> None:
            found.append(Problem(vignette.path, vignette.body_line + line, 1, code, message, hint))

        section = next((h for h in reversed(marks[:i]) if h.level == 2), None)
        if section is None or _CANONICAL.get(section.text) != OUTCOME_HEADING:
            add("part-b-outside-outcome", f"'{mark.text}' stands outside '## {OUTCOME_HEADING}'",
                f"move the part B and its answer under '## {OUTCOME_HEADING}', before '## {ANALYSIS_HEADING}'")
            continue
        if seen:
            add("part-b-twice", f"a second part B ('{mark.text}'); a vignette has one",
                "make the two one part B, or write a second vignette for the later decision")
            continue
        seen = True
        answer = next((h for h in marks[i + 1:] if h.level <= mark.level), None)
        end = answer.line if answer else len(masked)
        if "?" not in "\n".join(masked[mark.line + 1:end]):
            add("part-b-no-question", f"'{mark.text}' asks no question (no '?' before the next heading)",
                "end the part B with the question a class answers before it reads on, e.g. "
                "'Houd je vast aan de opzet, of schrijf je haar om?'")
        if answer is None or answer.level < mark.level:
            add("part-b-no-answer", f"'{mark.text}' has no answer: no heading of its level follows it "
                f"inside '## {OUTCOME_HEADING}'",
                f"after the question, add a heading of the same level with what happened, "
                f"e.g. '{'#' * mark.level} Wat het team deed'")
    return found
