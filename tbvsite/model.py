"""Plain data of the archive: the vocabulary, vignettes, problems and the index.

Everything here is a frozen dataclass with no behaviour beyond small lookups,
so every stage of the pipeline can be tested on its own.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a user's file, located as precisely as we can.

    ``line`` and ``column`` are 1-based; 0 means "the file as a whole".
    ``code`` is stable (tests and tools match on it); ``message`` says what
    was found and what was expected; ``hint`` says how to fix it.
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    hint: str = ""
    severity: Severity = "error"
    location: str = ""  # a path into the data, e.g. "positions[2].actor"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


@dataclass(frozen=True)
class Attribute:
    """A facet-specific attribute that every term of the facet may carry."""

    id: str
    label: str
    type: Literal["text", "term", "scale", "list"]
    required: bool = False
    facet: str | None = None  # for type "term": the facet its value points into
    min: int | None = None  # for type "scale"
    max: int | None = None
    low: str = ""  # for type "scale": what the low end means
    high: str = ""
    # language -> {"label", "low", "high"} from the taxonomy's ``en:`` mapping (tbvsite.translation)
    translations: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Term:
    facet: str
    id: str
    label: str
    description: str
    attributes: dict[str, Any] = field(default_factory=dict)
    line: int = 0
    # language -> {"label", "description", "outcome", text attributes}: the term's ``en:`` mapping
    translations: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)
    # vignette slug -> what the term did in how that (decision) case ended: never part of the
    # description, shown only inside the term page's fold (tbvsite/fold.py)
    outcome: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Facet:
    """A dimension of the coding (actors, logics, ...), declared in the taxonomy."""

    id: str
    label: str
    singular: str
    segment: str
    required: bool
    intro: str
    attributes: tuple[Attribute, ...]
    terms: dict[str, Term]
    line: int = 0  # of the segment in the taxonomy, for messages
    # language -> {"label", "singular", "segment", "intro"}: the facet's ``en:`` mapping
    translations: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Vocabulary:
    """The controlled vocabulary: facets in declared order, and the position fields."""

    path: str
    facets: dict[str, Facet]
    # Position key -> facet id, e.g. {"actor": "actors", "strategy": "strategies"}.
    position_fields: dict[str, str]

    def term(self, facet: str, term_id: str) -> Term | None:
        f = self.facets.get(facet)
        return f.terms.get(term_id) if f else None


@dataclass(frozen=True)
class Change:
    """An editorial note on a version of a vignette, written for readers (front matter ``changes``)."""

    date: datetime.date
    note: str


@dataclass(frozen=True)
class Position:
    """Who argued for what in one vignette: position key -> term id, plus a note."""

    refs: dict[str, str]
    note: str = ""


@dataclass(frozen=True)
class SourceRef:
    """A vignette's pointer into one source of ``sources.yml``: its id, and where in it (both optional)."""

    ref: str
    section: str = ""
    page: int | None = None


@dataclass(frozen=True)
class Author:
    """A named author of a vignette: "Achternaam, Voornaam", and an ORCID iD when given."""

    family: str
    given: str
    orcid: str = ""  # the bare iD, e.g. "0000-0002-1825-0097"

    @property
    def inverted(self) -> str:
        return f"{self.family}, {self.given}"

    @property
    def display(self) -> str:
        return f"{self.given} {self.family}"


@dataclass(frozen=True)
class Vignette:
    slug: str
    path: str  # as given to the loader, for messages
    title: str
    summary: str
    body: str
    order: int | None = None
    form: str = "reflectie"  # "beslissing" or "reflectie" (fields.FORMS); required in a file
    chosen: tuple[str, ...] = ()  # strategy ids the team took (form "beslissing" only)
    objectives: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    source: tuple[SourceRef, ...] = ()
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)  # facet id -> term ids
    positions: tuple[Position, ...] = ()
    body_line: int = 1  # line of the file where the body starts
    authors: tuple[Author, ...] = ()  # empty: credited to the archive
    published: datetime.date | None = None  # front-matter overrides of the dates from git
    updated: datetime.date | None = None
    changes: tuple[Change, ...] = ()  # editorial notes per version, newest first
    # The parsed front matter (a frontmatter.Document), kept for locating problems.
    doc: Any = field(default=None, compare=False, repr=False)

    def terms(self) -> list[tuple[str, str]]:
        """Every (facet, term) this vignette is tagged with, in declared order."""
        return [(facet, term) for facet, ids in self.tags.items() for term in ids]


@dataclass(frozen=True)
class Index:
    """The cross-links of the whole archive, computed once per build."""

    vocabulary: Vocabulary
    vignettes: tuple[Vignette, ...]  # in reading order
    by_term: dict[tuple[str, str], tuple[str, ...]]  # (facet, term) -> slugs
    positions_by_term: dict[tuple[str, str], tuple[tuple[str, Position], ...]]
    related: dict[str, tuple[tuple[str, int], ...]]  # slug -> (slug, shared terms)
    cooccurrence: dict[tuple[tuple[str, str], tuple[str, str]], int]
    by_slug: dict[str, Vignette]
    # slug -> (previous slug, next slug) in reading order
    neighbours: dict[str, tuple[str | None, str | None]]
    # The sources of vignettes/sources.yml (a tbvsite.sources.Sources), cited by key.
    sources: Any = None
