"""The whole pipeline in one call: load -> validate -> index.

Both the MkDocs plugin and the command line run this; emitting pages is the
caller's next step (:func:`tbvsite.emit.emit`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from . import addresses, budget
from .index import build_index
from .loader import discover, load_vignettes
from .model import Index, Problem, Vignette, Vocabulary
from .notes import DEFAULT_FOLDER as NOTES_FOLDER
from .textfile import shown_path
from .validate import validate
from .vocabulary import load_vocabulary


@dataclass(frozen=True)
class Result:
    vocabulary: Vocabulary | None
    vignettes: list[Vignette] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    index: Index | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def run(folder: Path, taxonomy: Path, *, root: Path | None = None, paths: list[Path] | None = None,
        ignore: tuple[Path, ...] = (), vocabulary: Vocabulary | None = None, docs: Iterable[str] = ()) -> Result:
    """Load the taxonomy (unless given) and the vignettes, check everything, index what is valid.

    ``paths`` limits the run to those files (``tbvsite check FILE``); by default
    every file in ``folder`` is read and stray files are reported, except in
    the teaching-notes folder inside it and the ``ignore`` folders. Messages
    show paths relative to ``root``. ``docs`` are the source paths of the
    hand-written pages, whose addresses no vignette or facet may take.
    """
    problems: list[Problem] = []
    if vocabulary is None:
        vocabulary, problems = load_vocabulary(taxonomy, shown_path(taxonomy, root))
        if vocabulary is None:
            return Result(None, [], sorted(problems, key=Problem.sort_key))
    if paths is None:
        paths, found = discover(folder, shown_root=root, ignore=(folder / NOTES_FOLDER, *ignore))
        problems += found
    vignettes, found = load_vignettes(paths, vocabulary, shown_root=root)
    problems += found
    problems += validate(vignettes, vocabulary)
    docs = list(docs)
    problems += addresses.check_vignettes(vignettes, docs) + addresses.check_vocabulary(vocabulary, docs)
    problems += _time_budget(vignettes, vocabulary, {p.path for p in problems if p.severity == "error"})
    problems.sort(key=Problem.sort_key)
    index = build_index(vignettes, vocabulary) if not any(p.severity == "error" for p in problems) else None
    return Result(vocabulary, vignettes, problems, index)



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
