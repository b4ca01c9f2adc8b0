"""The whole pipeline in one call: load -> validate -> index.

Both the MkDocs plugin and the command line run this; emitting pages is the
caller's next step (:func:`tbvsite.emit.emit`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

from . import addresses, budget
from .index import build_index
from .loader import discover, load_vignettes
from .model import Index, Problem, Vignette, Vocabulary
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

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def run(folder: Path, taxonomy: Path, *, root: Path | None = None, paths: list[Path] | None = None,
        ignore: tuple[Path, ...] = (), vocabulary: Vocabulary | None = None, notes: Path | None = None,
        docs: Iterable[str] = ()) -> Result:
    """Load the taxonomy (unless given) and the vignettes, check everything, index what is valid.

    ``paths`` limits the run to those files (``tbvsite check FILE``); by default
    every file in ``folder`` is read and stray files are reported, except in
    the teaching-notes folder inside it and the ``ignore`` folders. Messages
    show paths relative to ``root``. The editorial rules are read from
    ``rules.yml`` beside the taxonomy (none when it is absent). ``notes``, a
    teaching-notes folder, is checked too when given (the command line does;
    the student edition never opens a note). ``docs`` are the source paths of
    the hand-written pages, whose addresses no vignette or facet may take.
    """
    problems: list[Problem] = []
    if vocabulary is None:
        vocabulary, problems = load_vocabulary(taxonomy, shown_path(taxonomy, root))
        if vocabulary is None:
            return Result(None, [], sorted(problems, key=Problem.sort_key))
    paths_given = paths
    if paths is None:
        paths, found = discover(folder, shown_root=root, ignore=(folder / NOTES_FOLDER, *ignore))
        problems += found
    vignettes, found = load_vignettes(paths, vocabulary, shown_root=root)
    problems += found
    sources_path = taxonomy.parent / SOURCES_FILE
    sources, found = load_sources(sources_path, shown_path(sources_path, root))
    problems += found + validate(vignettes, vocabulary, sources)
    rules_path = taxonomy.parent / editorial.FILE_NAME
    rules, found = editorial.load_rules(rules_path, shown_path(rules_path, root), vocabulary)
    problems += found + editorial.check_vignettes(vignettes, vocabulary, rules)
    if notes is not None and paths_given is None:
        problems += check_notes(notes, [p.stem for p in paths], root)
    docs = list(docs)
    problems += addresses.check_vignettes(vignettes, docs) + addresses.check_vocabulary(vocabulary, docs)
    problems += _time_budget(vignettes, vocabulary, {p.path for p in problems if p.severity == "error"})
    problems.sort(key=Problem.sort_key)
    failed = any(p.severity == "error" for p in problems)
    index = build_index(vignettes, vocabulary, sources) if not failed else None
    return Result(vocabulary, vignettes, problems, index, sources)


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
