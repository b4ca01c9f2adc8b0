"""Coded passages: a stretch of a vignette's text marked with one or more terms of the vocabulary.

The syntax is a Pandoc bracketed span with a ``codes`` attribute, written
around existing text in the body::

    Een teamlid ziet [niets in 'heel hard te beuken']{codes="meebewegen reguliere-lijn"}.

Pandoc itself renders it as ``<span data-codes="...">``, and so does the site
(:func:`render`): the span changes nothing a student sees until the page's
"codering tonen" switch shows the passages with their terms. The ids are term
ids of any facet; each must also be in the vignette's front matter, so a
passage only ever says *where* in the text a tag of the vignette shows. A
passage lies within one paragraph, holds text, and does not lie inside another
passage (code one passage with several terms instead).

:func:`problems` checks all that with ``path:line:col``, like the front matter;
:func:`plain_text` gives the text of the body with the offsets of each passage
in it (the REFI-QDA export, :mod:`tbvsite.qdpx`). Every pass is linear in the
length of the body: one scan with a bounded pattern and a stack.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass

from .checks import did_you_mean
from .model import Problem, Vignette, Vocabulary
from .safety import CODING_ATTRIBUTE, mask_code

CLASS = "tbv-passage"
# A backslash escape, a bracket, the attribute list that ends a coded passage, or a paragraph break.
_TOKENS = re.compile(r"\\.|\[|" + CODING_ATTRIBUTE.pattern.replace(r"\{", r"\]\{", 1) + r"|\]|\n[ \t]*\n")
_TERM = re.compile(r"\S+")


@dataclass(frozen=True)
class Passage:
    """One coded passage: ``start``/``end`` of its text in the body (between ``[`` and ``]``),
    ``close`` where its ``{codes="..."}`` ends, and its term ids with their offsets in the body."""

    start: int
    end: int
    close: int
    codes: tuple[tuple[str, int], ...]

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(term for term, _ in self.codes)


# code -> (message, hint); "{where}" is the line and column of the passage around an overlapping one.
MESSAGES = {
    "coding-unopened": ("this coding has no '[' before it in the same paragraph",
                        "put '[' where the passage starts; a coded passage lies within one paragraph"),
    "coding-overlap": ("this coded passage lies inside another one, which starts at {where}",
                       "end the first passage before the second starts, or code one passage with several terms: "
                       '[...]{{codes="first-id second-id"}}'),
    "coding-empty": ("this coded passage holds no text",
                     "put the text the terms apply to between '[' and ']', or remove the coding"),
    "coding-no-terms": ("this coding names no term",
                        'write the ids of one or more terms of the front matter: {{codes="first-id second-id"}}'),
}


def parse(body: str) -> tuple[list[Passage], list[tuple[int, str, int]]]:
    """The coded passages of ``body``, and its structural problems as (offset, code, offset of the
    enclosing passage for an overlap, else -1)."""
    masked = mask_code(body)
    passages: list[Passage] = []
    problems: list[tuple[int, str, int]] = []
    # Open brackets of the paragraph: [offset, the first coded passage inside it or None].
    stack: list[list] = []
    for match in _TOKENS.finditer(masked):
        token = match.group(0)
        if token.startswith("\\"):
            continue
        if token == "[":
            stack.append([match.start(), None])
        elif token.startswith("]{"):
            codes = tuple((m.group(0), match.start(1) + m.start()) for m in _TERM.finditer(match.group(1)))
            if not stack:
                problems.append((match.start(), "coding-unopened", -1))
                continue
            opened, inner = stack.pop()
            passage = Passage(opened + 1, match.start(), match.end(), codes)
            if inner is not None:
                problems.append((inner.start - 1, "coding-overlap", opened))
            elif not body[passage.start:passage.end].strip():
                problems.append((opened, "coding-empty", -1))
            elif not codes:
                problems.append((match.start(), "coding-no-terms", -1))
            else:
                passages.append(passage)
            if stack and stack[-1][1] is None:
                stack[-1][1] = passage
        elif token == "]":
            if stack:
                _, inner = stack.pop()
                if inner is not None and stack and stack[-1][1] is None:
                    stack[-1][1] = inner
        else:  # a blank line: no bracket reaches into the next paragraph
            stack.clear()
    return passages, problems


def facet_of(vocabulary: Vocabulary, term_id: str) -> str | None:
    return next((facet.id for facet in vocabulary.facets.values() if term_id in facet.terms), None)


def problems(vignette: Vignette, vocabulary: Vocabulary) -> list[Problem]:
    """Located problems with the coded passages of ``vignette``'s body."""
    body = vignette.body
    if "{codes=" not in body:
        return []
    starts = [0] + [m.end() for m in re.finditer("\n", body)]
    found: list[Problem] = []

    def at(offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(starts, offset) - 1
        return vignette.body_line + line, offset - starts[line] + 1

    def add(offset: int, code: str, message: str, hint: str) -> None:
        found.append(Problem(vignette.path, *at(offset), code, message, hint))

    passages, structure = parse(body)
    for offset, code, other in structure:
        message, hint = MESSAGES[code]
        where = "line {}, column {}".format(*at(other)) if other >= 0 else ""
        add(offset, code, message.format(where=where), hint.format())
    known = sorted(term for facet in vocabulary.facets.values() for term in facet.terms)
    for passage in passages:
        seen: set[str] = set()
        for term_id, offset in passage.codes:
            facet_id = facet_of(vocabulary, term_id)
            if term_id in seen:
                add(offset, "coding-repeated-term", f"the passage is coded '{term_id}' twice",
                    "name each term once")
                continue
            seen.add(term_id)
            if facet_id is None:
                add(offset, "coding-unknown-term", f"the passage is coded '{term_id}', which is not in the vocabulary",
                    did_you_mean(term_id, known) or f"the term ids are in {vocabulary.path}")
            elif term_id not in vignette.tags.get(facet_id, ()):
                facet = vocabulary.facets[facet_id]
                add(offset, "coding-untagged",
                    f"the passage is coded {facet.singular.lower()} '{term_id}', but this vignette's "
                    f"{facet_id} do not include it",
                    f"add '{term_id}' to {facet_id} in the front matter, or code the passage with a term "
                    "the vignette has")
    return found


def labels(vocabulary: Vocabulary, terms: tuple[str, ...]) -> str:
    """The terms of a passage as readers see them: "Strategie: Meebewegen; Logica: ..."."""
    out = []
    for term_id in terms:
        facet = vocabulary.facets[facet_of(vocabulary, term_id)]
        out.append(f"{facet.singular}: {facet.terms[term_id].label}")
    return "; ".join(out)


def _valid(body: str, vocabulary: Vocabulary) -> list[Passage]:
    passages, structure = parse(body)
    if structure:
        return []
    return [p for p in passages if all(facet_of(vocabulary, t) is not None for t in p.terms)]


def render(body: str, vocabulary: Vocabulary) -> str:
    """``body`` with each coded passage as ``<span class="tbv-passage" data-codes data-labels>``:
    the text as it was, its terms (ids and labels) in attributes the "show coding" switch shows."""
    if "{codes=" not in body:
        return body
    out, last = [], 0
    for p in _valid(body, vocabulary):
        out += [body[last:p.start - 1],
                f'<span class="{CLASS}" data-codes="{html.escape(" ".join(p.terms))}" '
                f'data-labels="{html.escape(labels(vocabulary, p.terms))}">',
                body[p.start:p.end], "</span>"]
        last = p.close
    return "".join(out) + body[last:]


def strip(body: str) -> str:
    """``body`` without the coding markup: the Markdown a reader of the plain text sees."""
    if "{codes=" not in body:
        return body
    out, last = [], 0
    for p in parse(body)[0]:
        out += [body[last:p.start - 1], body[p.start:p.end]]
        last = p.close
    return "".join(out) + body[last:]


START, END = "\ue000", "\ue001"  # private-use marks of a passage while its Markdown becomes plain text


def marked(body: str) -> tuple[str, list[Passage]]:
    """``body`` with each valid passage between :data:`START` and :data:`END` instead of its markup."""
    passages = parse(body)[0]
    out, last = [], 0
    for p in passages:
        out += [body[last:p.start - 1], START, body[p.start:p.end], END]
        last = p.close
    return "".join(out) + body[last:], passages


def has_passages(body: str) -> bool:
    return "{codes=" in body and bool(parse(body)[0])
