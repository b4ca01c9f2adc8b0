"""The whole pipeline in one call: load -> validate -> index.

Both the MkDocs plugin and the command line run this; emitting pages is the
caller's next step (:func:`tbvsite.emit.emit`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from . import addresses
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
    problems.sort(key=Problem.sort_key)
    index = build_index(vignettes, vocabulary) if not any(p.severity == "error" for p in problems) else None
    return Result(vocabulary, vignettes, problems, index)

