"""Check loaded vignettes against the vocabulary and against each other.

Every problem is collected (never stop at the first); each points at the line
and column of the offending value and says where the valid values live.
"""

from __future__ import annotations

import hashlib

from . import body, passages
from .checks import did_you_mean
from .fields import DECISION, REFLECTION, chosen_facet
from .model import Problem, Vignette, Vocabulary
from .reuse import Kept
from .safety import scan_markdown
from .sources import Sources


def validate(vignettes: list[Vignette], vocabulary: Vocabulary, sources: Sources | None = None,
             memo: dict | None = None) -> list[Problem]:
    """Every problem of ``vignettes``. ``memo`` (the preview keeps it across rebuilds): a vignette's own
    problems, kept while the vignette, where its keys stand, the vocabulary and the sources are the same."""
    problems: list[Problem] = []
    salt = hashlib.sha256(repr((vocabulary, sources)).encode()).hexdigest() if memo is not None else ""
    kept = Kept(memo)
    for vignette in vignettes:
        key = (salt, repr(vignette), repr(vignette.doc)) if memo is not None else None  # no repr in a build
        problems += kept.get(vignette.path, key, lambda: tuple(_own(vignette, vocabulary, sources)))
    kept.close()
    problems += _duplicates(vignettes)
    problems += _descriptions(vocabulary)
    return sorted(problems, key=Problem.sort_key)


def _own(vignette: Vignette, vocabulary: Vocabulary, sources: Sources | None) -> list[Problem]:
    """The problems of one vignette on its own (not those between vignettes)."""
    problems: list[Problem] = []
    if sources is not None:
        problems += _source_refs(vignette, sources)
    problems += _terms(vignette, vocabulary)
    problems += _positions(vignette, vocabulary)
    problems += _outcome(vignette, vocabulary)
    problems += body.problems(vignette)
    problems += scan_markdown(vignette.body, vignette.path, vignette.body_line)
    problems += passages.problems(vignette, vocabulary)
    return problems


def _source_refs(vignette: Vignette, sources: Sources) -> list[Problem]:
    """Every ``source[i].ref`` names an item of sources.yml; else its location and the closest id."""
    problems = []
    known = sorted(sources.items)
    for i, ref in enumerate(vignette.source):
        if ref.ref in sources:
            continue
        hint = did_you_mean(ref.ref, known)
        hint = (hint + f" (the ids are in {sources.path})" if hint else
                f"the sources are: {', '.join(known)}; or add it to {sources.path}" if known else
                f"add the source to {sources.path} first")
        problems.append(_at(vignette, ("source", i, "ref"), "unknown-source",
                            f"source '{ref.ref}' is not in {sources.path}", hint))
    return problems


def _at(vignette: Vignette, path, code: str, message: str, hint: str = "") -> Problem:
    line, column = vignette.doc.where(path) if vignette.doc is not None else (1, 1)
    return Problem(vignette.path, line, column, code, message, hint)


def _unknown(vignette: Vignette, vocabulary: Vocabulary, path, facet_id: str, term_id: str) -> Problem:
    facet = vocabulary.facets[facet_id]
    hint = did_you_mean(term_id, facet.terms) or (
        f"the valid ids are under facets.{facet_id}.terms in {vocabulary.path}; "
        "add the term there first if it is new")
    return _at(vignette, path, "unknown-term",
               f"{facet.singular.lower()} '{term_id}' is not in the vocabulary", hint)


def _terms(vignette: Vignette, vocabulary: Vocabulary) -> list[Problem]:
    problems = []
    for facet_id, ids in vignette.tags.items():
        seen: set[str] = set()
        for i, term_id in enumerate(ids):
            if term_id not in vocabulary.facets[facet_id].terms:
                problems.append(_unknown(vignette, vocabulary, (facet_id, i), facet_id, term_id))
            elif term_id in seen:
                problems.append(_at(vignette, (facet_id, i), "duplicate-term",
                                    f"'{term_id}' is listed twice under {facet_id}", "remove one of the two"))
            seen.add(term_id)
    return problems


def _positions(vignette: Vignette, vocabulary: Vocabulary) -> list[Problem]:
    problems = []
    for i, position in enumerate(vignette.positions):
        for key, term_id in position.refs.items():
            facet_id = vocabulary.position_fields[key]
            path = ("positions", i, key)
            if term_id not in vocabulary.facets[facet_id].terms:
                problems.append(_unknown(vignette, vocabulary, path, facet_id, term_id))
            elif term_id not in vignette.tags.get(facet_id, ()):
                problems.append(_at(
                    vignette, path, "position-untagged",
                    f"the position names {key} '{term_id}', but this vignette's {facet_id} do not include it",
                    f"add '{term_id}' to {facet_id}, or correct the position"))
    return problems


def _outcome(vignette: Vignette, vocabulary: Vocabulary) -> list[Problem]:
    """``chosen`` against ``form`` and against the vignette's own options."""
    problems = []
    facet_id = chosen_facet(vocabulary)
    if vignette.form == DECISION and not vignette.chosen:
        problems.append(_at(vignette, ("form",), "chosen-missing",
                            f"a vignette with form '{DECISION}' must say which options the team took",
                            f"add 'chosen: [id, ...]' with ids from this vignette's {facet_id or 'options'}, "
                            f"or make it form: {REFLECTION}"))
    if vignette.form == REFLECTION and vignette.chosen:
        problems.append(_at(vignette, ("chosen",), "chosen-in-reflection",
                            f"a vignette with form '{REFLECTION}' has no outcome, so no 'chosen'",
                            f"remove 'chosen', or make it form: {DECISION} with a '## Hoe het afliep' section"))
        return problems
    options = vignette.tags.get(facet_id, ()) if facet_id else ()
    seen: set[str] = set()
    for i, term_id in enumerate(vignette.chosen):
        path = ("chosen", i)
        if facet_id and term_id not in vocabulary.facets[facet_id].terms:
            problems.append(_unknown(vignette, vocabulary, path, facet_id, term_id))
        elif term_id in seen:
            problems.append(_at(vignette, path, "duplicate-term",
                                f"'{term_id}' is listed twice under chosen", "remove one of the two"))
        elif term_id not in options:
            problems.append(_at(vignette, path, "chosen-not-option",
                                f"'{term_id}' is chosen, but it is not among this vignette's {facet_id or 'options'}",
                                f"add '{term_id}' to {facet_id} (as an option visible in the scene or the dilemma), "
                                "or correct 'chosen'"))
        seen.add(term_id)
    return problems


def _duplicates(vignettes: list[Vignette]) -> list[Problem]:
    problems = []
    slugs: dict[str, Vignette] = {}
    titles: dict[str, Vignette] = {}
    for vignette in vignettes:
        if vignette.slug in slugs:
            problems.append(Problem(vignette.path, 1, 1, "duplicate-slug",
                                    f"the slug '{vignette.slug}' is also used by {slugs[vignette.slug].path}",
                                    "rename one of the two files"))
        slugs.setdefault(vignette.slug, vignette)
        key = " ".join(vignette.title.casefold().split())
        if key in titles:
            problems.append(_at(vignette, ("title",), "duplicate-title",
                                f"the title is also used by {titles[key].path}",
                                "give each vignette its own title, so readers can tell them apart"))
        titles.setdefault(key, vignette)
    return problems


def _descriptions(vocabulary: Vocabulary) -> list[Problem]:
    """Term descriptions are Markdown on the term pages: the same HTML and link rules as bodies.

    The vocabulary keeps the line of each term's key, so a problem points there.
    """
    problems = []
    for facet in vocabulary.facets.values():
        where = f"facets.{facet.id}.intro"  # shown on the facet's page, so the same rules
        problems += [Problem(vocabulary.path, facet.line or 1, 1, p.code, p.message, p.hint, location=where)
                     for p in scan_markdown(facet.intro, vocabulary.path, where=where)]
        for term in facet.terms.values():
            texts = [("description", term.description)] + [(f"outcome.{slug}", text) for slug, text in term.outcome.items()]
            for key, text in texts:  # a term's outcome is Markdown on its page too (in the fold)
                where = f"facets.{facet.id}.terms.{term.id}.{key}"
                for problem in scan_markdown(text, vocabulary.path, where=where):
                    problems.append(Problem(vocabulary.path, term.line or 1, 1, problem.code, problem.message,
                                            problem.hint, location=where))
    return problems
