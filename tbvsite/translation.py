"""The archive in another language: English texts over the Dutch structure.

The Dutch files are authoritative. An English vignette (``vignettes/en/<slug>.md``)
is a full vignette file with the same id; its texts (title, summary, body,
objectives, questions, the notes of its positions) replace the Dutch ones in the
English edition, while the tags, positions, form, order and source stay those of
the Dutch file. Where they differ, :func:`load` warns at the English file's
line and column. The taxonomy carries its translations inline (an ``en:`` mapping
under a facet, an attribute or a term, parsed by :mod:`tbvsite.vocabulary`);
:func:`localize_vocabulary` applies them.

A vignette or term without a translation keeps its Dutch text in the English
edition (the page says so: :func:`untranslated`) and is a warning of
``tbvsite check``, never an error: a new case may be added in Dutch first.
"""

from __future__ import annotations

import posixpath
from dataclasses import replace
from pathlib import Path

from .fields import fields_for
from .loader import SLUG, load_vignette
from .model import Attribute, Position, Problem, Term, Vignette, Vocabulary
from .textfile import shown_path
from .i18n import DEFAULT_LANGUAGE
from .vocabulary import LANGUAGES

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "folder_of", "wanted", "localize_vocabulary", "vocabulary_gaps", "load", "apply"]


def folder_of(vignettes: Path, language: str) -> Path:
    """Where the vignettes of ``language`` live: ``vignettes/<language>/``."""
    return vignettes / language


def wanted(vignettes: Path, vocabulary: Vocabulary, language: str) -> bool:
    """Whether the archive has begun a ``language`` edition (its folder or any taxonomy translation).

    Only then does ``tbvsite check`` report what is not yet translated.
    """
    if folder_of(vignettes, language).is_dir():
        return True
    return any(language in f.translations or any(language in t.translations for t in f.terms.values())
               for f in vocabulary.facets.values())


# -- the vocabulary ---------------------------------------------------------------------

def localize_vocabulary(vocabulary: Vocabulary, language: str) -> Vocabulary:
    """The vocabulary with the texts (and facet segments) of ``language`` where translated."""
    facets = {}
    for facet in vocabulary.facets.values():
        t = facet.translations.get(language, {})
        attributes = tuple(_attribute(a, language) for a in facet.attributes)
        terms = {term.id: _term(term, language) for term in facet.terms.values()}
        label = t.get("label", facet.label)
        facets[facet.id] = replace(facet, label=label, singular=t.get("singular", label if "label" in t else facet.singular),
                                   segment=t.get("segment", facet.segment), intro=t.get("intro", facet.intro),
                                   attributes=attributes, terms=terms)
    return replace(vocabulary, facets=facets)


def _attribute(attribute: Attribute, language: str) -> Attribute:
    t = attribute.translations.get(language, {})
    return replace(attribute, label=t.get("label", attribute.label), low=t.get("low", attribute.low),
                   high=t.get("high", attribute.high))


def _term(term: Term, language: str) -> Term:
    t = term.translations.get(language, {})
    if not t:
        return term
    values = {k: t.get(k, v) for k, v in term.attributes.items()}
    return replace(term, label=t.get("label", term.label), description=t.get("description", term.description),
                   attributes=values, outcome={**term.outcome, **t.get("outcome", {})})


def vocabulary_gaps(vocabulary: Vocabulary, language: str) -> list[Problem]:
    """A warning for every facet and term without a ``language`` label (and description)."""
    problems = []
    hint = f"add '{language}: {{label: ..., description: ...}}' under it, in the same indentation as its label"
    segments: dict[str, str] = {}
    for facet in vocabulary.facets.values():
        t = facet.translations.get(language, {})
        where = f"facets.{facet.id}"
        if "label" not in t:
            problems.append(Problem(vocabulary.path, facet.line or 1, 1, "missing-translation",
                                    f"facet '{facet.id}' has no {language} label",
                                    f"add '{language}: {{label: ..., singular: ..., segment: ..., intro: ...}}' under it",
                                    "warning", where))
        segment = t.get("segment", facet.segment)
        if segment in segments:
            problems.append(Problem(vocabulary.path, facet.line or 1, 1, "duplicate-segment",
                                    f"the {language} segment '{segment}' is also used by facet '{segments[segment]}'",
                                    "give every facet its own URL segment in every language", "error",
                                    f"{where}.{language}.segment"))
        segments[segment] = facet.id
        for term in facet.terms.values():
            missing = [k for k in ("label", "description") if k not in term.translations.get(language, {})]
            if missing:
                problems.append(Problem(vocabulary.path, term.line or 1, 1, "missing-translation",
                                        f"term '{facet.id}/{term.id}' has no {language} {' or '.join(missing)}",
                                        hint, "warning", f"{where}.terms.{term.id}"))
    return problems


# -- the vignettes ----------------------------------------------------------------------

def load(vignettes: list[Vignette], folder: Path, vocabulary: Vocabulary, language: str, *,
         root: Path | None = None) -> tuple[dict[str, Vignette], list[Problem]]:
    """Read ``folder/<language>/*.md``: slug -> English vignette, and the problems.

    A file that is no Dutch vignette's translation, and a translation whose tags,
    positions, form, chosen strategies, order or sources differ from the Dutch
    original, are warnings located in the English file; a Dutch vignette without
    one is a warning located at the place its translation should be.
    """
    here = folder_of(folder, language)
    by_slug = {v.slug: v for v in vignettes}
    found: dict[str, Vignette] = {}
    problems: list[Problem] = []
    fields = fields_for(vocabulary)
    paths = sorted(p for p in here.iterdir() if p.suffix == ".md" and not p.name.startswith(".")) \
        if here.is_dir() else []
    for path in paths:
        shown = shown_path(path, root)
        if path.stem not in by_slug:
            close = ", ".join(sorted(by_slug)) or "none yet"
            problems.append(Problem(shown, 0, 0, "translation-unknown-vignette",
                                    f"there is no Dutch vignette '{path.stem}' for this translation",
                                    f"name the file after the Dutch vignette it translates (vignettes: {close})",
                                    "warning"))
            continue
        if not SLUG.match(path.stem):
            continue
        english, errors = load_vignette(path, vocabulary, fields, shown)
        problems += errors
        if english is not None:
            found[path.stem] = english
            problems += differences(by_slug[path.stem], english)
    shown_here = shown_path(here, root)
    for vignette in vignettes:
        if vignette.slug not in found and not any(p.path.endswith(f"/{vignette.slug}.md") and p.severity == "error"
                                                  for p in problems):
            problems.append(Problem(f"{shown_here}/{vignette.slug}.md", 0, 0, "missing-translation",
                                    f"the vignette '{vignette.slug}' ({vignette.path}) has no {language} translation; "
                                    f"the {language} edition shows the Dutch text and says so",
                                    f"translate it into {shown_here}/{vignette.slug}.md (same front-matter keys and "
                                    "tags, translated texts)", "warning"))
    return found, problems


def differences(dutch: Vignette, english: Vignette) -> list[Problem]:
    """Warnings where a translation's structure differs from its Dutch original (which wins)."""
    problems = []

    def warn(key, what: str) -> None:
        line, column = english.doc.where(key) if english.doc is not None else (1, 1)
        problems.append(Problem(english.path, line, column, "translation-differs",
                                f"{what} differs from the Dutch original {dutch.path}; the Dutch file is used",
                                f"copy it from {dutch.path}: a translation changes only texts", "warning",
                                ".".join(str(k) for k in key)))

    for facet, ids in dutch.tags.items():
        if tuple(english.tags.get(facet, ())) != tuple(ids):
            warn((facet,), f"'{facet}'")
    for key in ("form", "chosen", "order"):
        if getattr(english, key) != getattr(dutch, key):
            warn((key,), f"'{key}'")
    if [p.refs for p in english.positions] != [p.refs for p in dutch.positions]:
        warn(("positions",), "'positions' (who takes which position)")
    if [s.page for s in english.source] != [s.page for s in dutch.source]:
        warn(("source",), "the pages of 'source'")
    for key in ("objectives", "questions"):
        if len(getattr(english, key)) != len(getattr(dutch, key)):
            warn((key,), f"the number of '{key}'")
    return problems


def apply(dutch: Vignette, english: Vignette | None) -> Vignette:
    """The vignette of the other edition: the translation's texts on the Dutch structure."""
    if english is None:
        return dutch
    positions = tuple(Position(p.refs, english.positions[i].note if i < len(english.positions) else p.note)
                      for i, p in enumerate(dutch.positions))
    return replace(dutch, path=english.path, title=english.title, summary=english.summary, body=english.body,
                   body_line=english.body_line, objectives=english.objectives or dutch.objectives,
                   questions=english.questions or dutch.questions, positions=positions, doc=english.doc,
                   changes=english.changes or dutch.changes)


def untranslated(vignettes: list[Vignette], found: dict[str, Vignette]) -> set[str]:
    """The slugs the other edition shows in Dutch."""
    return {v.slug for v in vignettes if v.slug not in found}


# -- links ------------------------------------------------------------------------------

def relink(text: str, page_from: str, page_to: str, mapping: dict[str, str],
           same_text: frozenset[str] | set[str] = frozenset()) -> str:
    """``text`` (written for the page ``page_from``) with its links to pages of the
    other edition turned into links to their counterparts, as seen from ``page_to``.

    A Dutch text shown in the English edition links to ``../actoren/tbv.md``;
    there that page is ``../actors/tbv.md``. ``mapping``: source path of one
    edition -> source path of the counterpart. Links that match no page stay. An
    anchor (``#het-dilemma``) is kept only for a target in ``same_text`` (a page
    showing the Dutch text, with the Dutch headings); a translation has its own.
    """
    from .links import targets  # here: links imports the emitters, which import this module's users

    out, last = [], 0
    for offset, url in targets(text):
        path, _, rest = url.partition("#")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_from), path)) if path else ""
        target = mapping.get(resolved)
        if target is None:
            continue
        keep = rest and target in same_text
        new = posixpath.relpath(target, posixpath.dirname(page_to) or ".") + ("#" + rest if keep else "")
        out += [text[last:offset], new]
        last = offset + len(url)
    return "".join(out) + text[last:] if out else text
