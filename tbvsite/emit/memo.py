"""What the previous build of an edition emitted, reused where what it read is the same (the preview).

Under ``mkdocs serve`` a save rebuilds the whole site; most of what the emitters write is the same
as before. A :class:`Memo` keeps, per edition, each vignette's page and its text in the REFI-QDA
project, by the key of everything they read: the vignette itself, its teaching note
and versions, the context, and of the rest of the archive what any of them shows (vocabulary,
sources, every vignette's slug, title, summary, order, tags and sources, the related vignettes and
the neighbours). A change to a vignette's body then writes that vignette's parts alone, and the
emitters that read no body (term pages, overview, explore, network, open data, citation files,
sources) keep all they wrote while the front matter, vocabulary, sources and context are the same. The key is
deliberately wider than any one part needs: a part written again for nothing costs time, a part
reused wrongly would be a stale page. ``tests/test_incremental.py`` compares the site after each
kind of edit with a fresh build's, byte for byte.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Callable, TypeVar

from ..model import Index, Vignette

if TYPE_CHECKING:
    from . import Context

T = TypeVar("T")


class Memo:
    def __init__(self) -> None:
        self.salt = ""  # what the caller knows every part also reads (the template files)
        self.known: dict[tuple[str, str], tuple[str, object]] = {}  # (kind, slug) -> (key, part)
        self.used: dict[tuple[str, str], tuple[str, object]] = {}  # this build's
        self.made: Counter[str] = Counter()  # parts made again this build, by kind
        self.reused: Counter[str] = Counter()
        self.shared = ""
        self.front = ""
        self.keys: dict[str, str] = {}

    def begin(self, index: Index, context: "Context") -> None:
        """A build's emitters start: the key of what every part reads of the archive and the context."""
        archive = repr((index.vocabulary, index.sources, index.related, index.neighbours,
                        [(v.slug, v.title, v.summary, v.order, v.tags, v.source) for v in index.vignettes]))
        shown = repr(replace(context, notes={}, versions={}, memo=None))
        self.shared = hashlib.sha256("\0".join([self.salt, archive, shown]).encode()).hexdigest()
        # What an emitter that reads no vignette body and no teaching note reads: all the rest.
        front = repr((index.vocabulary, index.sources, index.related, index.neighbours,
                      [replace(v, body="", doc=None) for v in index.vignettes],
                      replace(context, notes={}, memo=None)))
        self.front = hashlib.sha256("\0".join([self.salt, front]).encode()).hexdigest()
        self.keys, self.used = {}, {}
        self.made, self.reused = Counter(), Counter()

    def key(self, vignette: Vignette, context: "Context") -> str:
        """The key of every part of ``vignette`` in this build."""
        if vignette.slug not in self.keys:
            own = repr((vignette, context.notes.get(vignette.slug), context.versions.get(vignette.slug)))
            self.keys[vignette.slug] = hashlib.sha256(f"{self.shared}\0{own}".encode()).hexdigest()
        return self.keys[vignette.slug]

    def part(self, kind: str, vignette: Vignette, context: "Context", make: Callable[[], T]) -> T:
        """The ``kind`` part of ``vignette``: the previous build's when its key is the same, else ``make()``."""
        return self._get((kind, vignette.slug), self.key(vignette, context), make)

    def whole(self, kind: str, make: Callable[[], T]) -> T:
        """All an emitter writes, for one that reads no vignette's body and no teaching note
        (``emit.BODILESS``): the previous build's while nothing else of the archive changed."""
        return self._get((kind, ""), self.front, make)

    def _get(self, name: tuple[str, str], key: str, make: Callable[[], T]) -> T:
        entry = self.known.get(name)
        if entry is None or entry[0] != key:
            entry = (key, make())
            self.made[name[0]] += 1
        else:
            self.reused[name[0]] += 1
        self.used[name] = entry
        return entry[1]  # type: ignore[return-value]

    def end(self) -> None:
        """The build's emitters are done: what this build did not use (a vignette gone) leaves the memo."""
        self.known, self.used = self.used, {}


def part(context: "Context", kind: str, vignette: Vignette, make: Callable[[], T]) -> T:
    """``make()``, or under the preview the previous build's part when nothing it reads changed."""
    memo = context.memo
    return make() if memo is None else memo.part(kind, vignette, context, make)
