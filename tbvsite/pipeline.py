"""The whole pipeline in one call: load -> validate -> index.

Both the MkDocs plugin and the command line run this; emitting pages is the
caller's next step (:func:`tbvsite.emit.emit`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

from . import addresses, body, budget, passages, spoilers, translation
from .index import build_index
from .loader import discover, load_vignettes
from .model import Index, Problem, Vignette, Vocabulary
from .safety import scan_markdown
from . import notes as teaching_notes
from . import rules as editorial
from .notes import DEFAULT_FOLDER as NOTES_FOLDER
from .textfile import shown_path
from .sources import FILE_NAME as SOURCES_FILE
from .sources import Sources, load_sources
from .validate import validate
from .vocabulary import load_vocabulary


@dataclass(frozen=True)
class Result:
    vocabulary: Vocabulary | None
    vignettes: list[Vignette] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    index: Index | None = None
    sources: Sources | None = None
    # The edition's language, and the vignettes it shows in Dutch for want of a translation.
    language: str = "nl"
    untranslated: frozenset[str] = frozenset()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def run(folder: Path, taxonomy: Path, *, root: Path | None = None, paths: list[Path] | None = None,
        ignore: tuple[Path, ...] = (), vocabulary: Vocabulary | None = None, notes: Path | None = None,
        docs: Iterable[str] = (), language: str = "nl", translations: bool = False,
        memo: dict | None = None) -> Result:
    """Load the taxonomy (unless given) and the vignettes, check everything, index what is valid.

    ``paths`` limits the run to those files (``tbvsite check FILE``); by default
    every file in ``folder`` is read and stray files are reported, except in
    the teaching-notes folder inside it and the ``ignore`` folders. Messages
    show paths relative to ``root``. The editorial rules are read from
    ``rules.yml`` beside the taxonomy (none when it is absent). ``notes``, a
    teaching-notes folder, is checked too when given (the command line does;
    the student edition never opens a note). ``docs`` are the source paths of
    the hand-written pages, whose addresses no vignette or facet may take.

    ``language`` other than Dutch gives that edition: the translations in
    ``folder/<language>/`` and the taxonomy's ``<language>:`` mappings over the
    Dutch structure (:mod:`tbvsite.translation`); what lacks a translation is a
    warning. ``translations`` (``tbvsite check``) reports those warnings for
    every language the archive has begun. ``memo``: the preview's, kept across
    its rebuilds: each vignette file as parsed and its own problems, reused while
    they would be the same (:func:`load_vignettes`, :func:`validate`).
    """
    problems: list[Problem] = []
    if vocabulary is None:
        vocabulary, problems = load_vocabulary(taxonomy, shown_path(taxonomy, root))
        if vocabulary is None:
            return Result(None, [], sorted(problems, key=Problem.sort_key))
    # The shared files first: a mistake in one of them is reported alone, never as a cascade of
    # follow-on errors in the vignettes that use it (one tab in sources.yml is one message).
    sources_path = taxonomy.parent / SOURCES_FILE
    sources, sources_found = load_sources(sources_path, shown_path(sources_path, root))
    rules_path = taxonomy.parent / editorial.FILE_NAME
    rules, rules_found = editorial.load_rules(rules_path, shown_path(rules_path, root), vocabulary)
    shared = problems + sources_found + rules_found
    paths_given = paths
    if paths is None:
        languages = tuple(folder / lang for lang in translation.LANGUAGES)  # language folders, not stray files
        paths, found = discover(folder, shown_root=root, ignore=(folder / NOTES_FOLDER, *languages, *ignore))
        problems += found
    if any(p.severity == "error" for p in shared):
        # The vignettes are read (the preview shows those that still stand), their problems wait.
        usable = not any(p.severity == "error" and p.path == vocabulary.path for p in shared)
        vignettes = _checked(load_vignettes(paths, vocabulary, shown_root=root, memo=_part(memo, "files"))[0]) \
            if usable else []
        return Result(vocabulary, vignettes, sorted(shared, key=Problem.sort_key), sources=sources, language=language)
    vignettes, found = load_vignettes(paths, vocabulary, shown_root=root, memo=_part(memo, "files"))
    problems += found
    problems += sources_found + validate(vignettes, vocabulary, sources, memo=_part(memo, "checked"))
    problems += rules_found + editorial.check_vignettes(vignettes, vocabulary, rules)
    if language == translation.DEFAULT_LANGUAGE:  # the teaching contract outside the folds (issue 22)
        problems += spoilers.check_positions(vignettes, vocabulary)
        if paths_given is None:  # only the whole archive tells which vignettes a term's outcome may name
            problems += spoilers.check_vocabulary(vignettes, vocabulary, taxonomy)
            problems += spoilers.check_pages((root or folder.parent) / "docs", vignettes, vocabulary, root)
    if notes is not None and paths_given is None:
        problems += check_notes(notes, [p.stem for p in paths], root)
    docs = list(docs)
    problems += addresses.check_vignettes(vignettes, docs) + addresses.check_vocabulary(vocabulary, docs)
    problems += _time_budget(vignettes, vocabulary, {p.path for p in problems if p.severity == "error"})
    untranslated: frozenset[str] = frozenset()
    shown_vocabulary = vocabulary  # the Result keeps the Dutch one, with its translations
    if language != translation.DEFAULT_LANGUAGE:
        vignettes, shown_vocabulary, untranslated, found = _translated(vignettes, vocabulary, folder, language, root)
        problems += found
    elif translations and paths_given is None:
        for lang in translation.LANGUAGES:
            if translation.wanted(folder, vocabulary, lang):
                problems += _translated(vignettes, vocabulary, folder, lang, root)[3]
                if notes is not None:  # the edition's teaching notes (a missing one is a warning)
                    problems += check_notes(notes / lang, [v.slug for v in vignettes], root)
    problems.sort(key=Problem.sort_key)
    vignettes = _checked(vignettes)
    index = build_index(vignettes, shown_vocabulary, sources) if not any(p.severity == "error" for p in problems) else None
    return Result(vocabulary, vignettes, problems, index, sources, language, untranslated)


def _part(memo: dict | None, name: str) -> dict | None:
    return None if memo is None else memo.setdefault(name, {})


def _checked(vignettes: list[Vignette]) -> list[Vignette]:
    """The vignettes without the located front matter (``doc``), once every check that points into
    the file has run: what comes after reads the plain fields, and the locations would stay in memory
    for the whole build (about 20 kB a vignette)."""
    return [replace(v, doc=None) for v in vignettes]


def _translated(vignettes: list[Vignette], vocabulary: Vocabulary, folder: Path, language: str,
                root: Path | None) -> tuple[list[Vignette], Vocabulary, frozenset[str], list[Problem]]:
    """The vignettes and vocabulary of the ``language`` edition, and what is wrong with its translations."""
    found, problems = translation.load(vignettes, folder, vocabulary, language, root=root)
    problems += translation.vocabulary_gaps(vocabulary, language)
    merged = [translation.apply(v, found.get(v.slug)) for v in vignettes]
    for vignette in merged:
        if vignette.slug in found:  # the translated body follows the rules of every body
            problems += body.problems(vignette)
            problems += scan_markdown(vignette.body, vignette.path, vignette.body_line)
            problems += passages.problems(vignette, vocabulary)
    return (merged, translation.localize_vocabulary(vocabulary, language),
            frozenset(translation.untranslated(vignettes, found)), problems)


def check_notes(folder: Path, slugs: list[str], root: Path | None = None) -> list[Problem]:
    """The teaching-notes problems the instructor build reports, for ``tbvsite check``.

    The same messages; a vignette without a note is a warning here (the
    student edition needs none), an error only in the instructor build. The
    notes' text follows the rules of vignette bodies (raw HTML, links, nesting).
    """
    if not folder.is_dir():
        return []
    found, problems = teaching_notes.load_notes(folder, slugs, shown_root=root)
    problems += teaching_notes.check_notes(found, folder, shown_root=root)
    return [replace(p, severity="warning") if p.code == "note-missing" else p for p in problems]

def _time_budget(vignettes: list[Vignette], vocabulary: Vocabulary, failed: set[str]) -> list[Problem]:
    """Render every long text once, in a separate process with a deadline (:mod:`tbvsite.budget`)."""
    problems: list[Problem] = []
    for vignette in vignettes:
        if vignette.path not in failed:
            problems += budget.check_time(vignette.body, vignette.path, vignette.body_line)
    if vocabulary.path not in failed:
        for facet in vocabulary.facets.values():
            problems += budget.check_time(facet.intro, vocabulary.path, facet.line or 1,
                                          where=f"facets.{facet.id}.intro")
            for term in facet.terms.values():
                problems += budget.check_time(term.description, vocabulary.path, term.line or 1,
                                              where=f"facets.{facet.id}.terms.{term.id}.description")
    return problems
