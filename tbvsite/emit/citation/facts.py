"""What every citation of a vignette says: its address, publisher, version and dates, licence, taught terms, CSL names.

Dates come from :mod:`tbvsite.history` (git, or front-matter overrides),
never from the clock: ``published`` is the date a reference cites (Google
Scholar's "date normally cited"), ``updated`` names the version, and the
commit of that version links to the exact text when the repository's address
is known. What nobody knows is said, never filled in.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ... import i18n
from ...history import Version
from ...model import Index, Vignette
from ..text import absolute_url, vignette_uri
from .cited_sources import grouped_refs, reference_text

if TYPE_CHECKING:
    from .. import Context


CITE_DIR = "data/cite"

# The licence of every text on the site (the code is MIT; see REUSE.toml).
TEXT_LICENCE = "CC BY 4.0"

TEXT_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

# Facets whose terms a vignette teaches (schema.org 'teaches'); others are context.
TEACHES = ("strategies", "concepts")


def cite_uri(slug: str, extension: str) -> str:
    return f"{CITE_DIR}/{slug}.{extension}"


def page_address(slug: str, context: "Context") -> str:
    """Absolute URL of the vignette page when the site's URL is known, else ''."""
    return absolute_url(context.site_url, vignette_uri(slug), context.use_directory_urls)


def publisher(context: "Context") -> str:
    return context.site_name or "TBV-casusarchief"


def version_of(vignette: Vignette, context: "Context") -> Version:
    return context.versions.get(vignette.slug) or Version(vignette.published, vignette.updated or vignette.published)


def long_date(day: datetime.date, language: str = i18n.DEFAULT_LANGUAGE) -> str:
    t = i18n.strings(language)
    return t.format("date.long", day=day.day, month=t["date.months"].split()[day.month - 1], year=day.year)


def _repo(context: "Context") -> str:
    return context.repo_url.rstrip("/")


def file_url(version: Version, context: "Context") -> str:
    """The vignette's source file at the commit of this version, when the repository is known."""
    if not (_repo(context) and version.sha and version.path):
        return ""
    infix = "/-/blob/" if "gitlab" in _repo(context) else "/blob/"
    return f"{_repo(context)}{infix}{version.sha}/{quote(version.path)}"


def commit_url(sha: str, context: "Context") -> str:
    if not _repo(context):
        return ""
    return f"{_repo(context)}{'/-/commit/' if 'gitlab' in _repo(context) else '/commit/'}{sha}"


def taught_terms(index: Index, vignette: Vignette) -> list[tuple[str, str]]:
    """(facet id, term id) of the strategy and concept terms, in declared order."""
    return [(f, t) for f in TEACHES if f in index.vocabulary.facets for t in vignette.tags.get(f, ())]


def csl_name(name: dict[str, str], *, inverted: bool = False) -> str:
    """A CSL name as text: "Family, Given" (inverted) or "Given Family"; an organisation's literal as is."""
    if "literal" in name:
        return name["literal"]
    family = " ".join(filter(None, (name.get("non-dropping-particle"), name.get("family"))))
    given = " ".join(filter(None, (name.get("given"), name.get("dropping-particle"))))
    if inverted:
        return f"{family}, {given}" if given else family
    return f"{given} {family}".strip()


def csl_year(item: dict[str, Any]) -> str:
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    return str(parts[0][0]) if parts[0] else ""


def csl_date(item: dict[str, Any]) -> str:
    """The issued date as ISO 8601 (as much of it as is known), or ''."""
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    return "-".join(f"{p:04d}" if i == 0 else f"{p:02d}" for i, p in enumerate(parts[0]))


def cited_keys(index: Index, vignette: Vignette) -> list[str]:
    """The ids of the sources the vignette rests on that sources.yml holds, in the order first cited."""
    return [key for key, _ in grouped_refs(vignette) if index.sources is not None and key in index.sources]


def file_note(index: Index, vignette: Vignette, context: "Context") -> str:
    """The note of the .bib and .ris files, in sentences: the source, the version (its commit and text), the
    licence."""
    t = i18n.strings(context.language)
    notes = [_sentence(t.format("cite.file_source", reference=reference_text(index, key, context)))
             for key in cited_keys(index, vignette)]
    version = version_of(vignette, context)
    if version.updated:
        notes.append(_sentence(t.format("cite.file_version", date=long_date(version.updated, context.language))
                               + (f" ({t.format('cite.file_commit', sha=version.sha[:7])})" if version.sha else "")
                               + (", " + t.format("cite.file_text", url=file_url(version, context))
                                  if file_url(version, context) else "")))
    notes.append(t.format("cite.file_licence", licence=TEXT_LICENCE, url=TEXT_LICENCE_URL))
    return " ".join(notes)


def _sentence(text: str) -> str:
    """``text`` with a capital and one full stop at its end (a reference ends in one already)."""
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")
