"""The archive's sources as data: ``vignettes/sources.yml``, CSL items as Zotero and Pandoc write them.

The file is a ``references:`` list of CSL items (CSL-YAML, the form Pandoc
reads and Zotero's "CSL JSON" export becomes when pasted as YAML). Each item
has an ``id`` (also its address on the site, so lowercase letters, digits and
hyphens), a CSL ``type`` and the CSL variables the source has; what is not
known is left out, never filled in. One key is ours: ``tbv-consent``, a short
note on consent and pseudonymisation for fieldwork (interviews, personal
communications, field notes), shown on the site as written and nothing more.

Loading keeps every key's line and column (:mod:`tbvsite.frontmatter`), so a
malformed item is reported as ``sources.yml:line:col: code: message`` with a
hint, like the taxonomy and the vignettes. References are formatted by
citeproc-py with a CSL style (:func:`render`), never assembled here.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import frontmatter
from .checks import Checker, did_you_mean
from .model import Problem

FILE_NAME = "sources.yml"
CONSENT_KEY = "tbv-consent"
# Hand-written pages about a source, linked from its page: [{path: leeswijzer.md, label: ...}].
PAGES_KEY = "tbv-pages"
# The id of the source through which the archive knows a work (APA 7's secondary source): the site then
# cites the work "zoals geciteerd in" that source and lists no reference of its own.
CITED_IN_KEY = "tbv-cited-in"
# Languages besides Dutch whose labels a page item may carry (the English edition's).
TRANSLATIONS = ("en",)
CONSENT_MAX = 600
CONSENT_LANGUAGES = ("nl", "en")  # tbv-consent as a mapping: the archive's language first
# CSL 1.0.2 item types.
TYPES = (
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast",
    "chapter", "classic", "collection", "dataset", "document", "entry", "entry-dictionary",
    "entry-encyclopedia", "event", "figure", "graphic", "hearing", "interview", "legal_case", "legislation",
    "manuscript", "map", "motion_picture", "musical_score", "pamphlet", "paper-conference", "patent",
    "performance", "periodical", "personal_communication", "post", "post-weblog", "regulation", "report",
    "review", "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
)
# Fieldwork: material a researcher gathered, which may carry a consent note.
FIELDWORK = ("interview", "personal_communication", "dataset")
NAME_VARIABLES = (
    "author", "chair", "collection-editor", "compiler", "composer", "container-author", "contributor",
    "curator", "director", "editor", "editorial-director", "executive-producer", "guest", "host",
    "illustrator", "interviewer", "narrator", "organizer", "original-author", "performer", "producer",
    "recipient", "reviewed-author", "script-writer", "series-creator", "translator",
)
DATE_VARIABLES = ("accessed", "available-date", "event-date", "issued", "original-date", "submitted")
TEXT_VARIABLES = (
    "abstract", "annote", "archive", "archive_collection", "archive_location", "archive-place", "authority",
    "call-number", "chapter-number", "citation-key", "citation-label", "collection-number", "collection-title",
    "container-title", "container-title-short", "dimensions", "division", "DOI", "edition", "event",
    "event-place", "event-title", "genre", "ISBN", "ISSN", "issue", "jurisdiction", "keyword", "language",
    "license", "medium", "note", "number", "number-of-pages", "number-of-volumes", "original-publisher",
    "original-publisher-place", "original-title", "page", "page-first", "part-number", "part-title", "PMCID",
    "PMID", "printing-number", "publisher", "publisher-place", "references", "reviewed-genre",
    "reviewed-title", "scale", "section", "source", "status", "supplement-number", "title", "title-short",
    "URL", "version", "volume", "volume-title", "year-suffix",
)
ITEM_KEYS = ("id", "type", CONSENT_KEY, PAGES_KEY, CITED_IN_KEY, *TEXT_VARIABLES, *NAME_VARIABLES, *DATE_VARIABLES)
NAME_KEYS = ("family", "given", "literal", "non-dropping-particle", "dropping-particle", "suffix")
DATE_KEYS = ("date-parts", "literal", "raw", "season", "circa")
EDTF = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")
ITEM_EXAMPLE = '{id: achternaam-titel, type: interview, title: "...", author: [{family: Achternaam, given: Voornaam}]}'

# Where citeproc-py finds the default style, and the locale of each edition's language.
VENDOR = Path(__file__).parent / "vendor" / "csl"
DEFAULT_STYLE = "apa"
LOCALES = {"nl": "nl-NL", "en": "en-US"}


@dataclass(frozen=True)
class Source:
    """One CSL item: its id and type, the item as citeproc reads it, and our consent note."""

    id: str
    type: str
    csl: dict[str, Any]
    consent: str = ""
    line: int = 0
    pages: tuple[tuple[str, str], ...] = ()  # (path under docs/, label) of hand-written pages about it
    # The same pages with their labels in another language: {"en": ((path, label), ...)}.
    translated_pages: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    # The consent note in another language: {"en": "..."} (tbv-consent written as {nl: ..., en: ...}).
    consent_translated: dict[str, str] = field(default_factory=dict)
    cited_in: str = ""  # tbv-cited-in: the id of the source that cites this work

    def consent_in(self, language: str) -> str:
        """The consent note in ``language`` where written, else the archive's own."""
        return self.consent_translated.get(language, self.consent)

    @property
    def title(self) -> str:
        return str(self.csl.get("title", ""))

    @property
    def fieldwork(self) -> bool:
        return self.type in FIELDWORK


@dataclass(frozen=True)
class Sources:
    path: str
    items: dict[str, Source] = field(default_factory=dict)

    def __contains__(self, key: str) -> bool:
        return key in self.items

    def __getitem__(self, key: str) -> Source:
        return self.items[key]


def load_sources(path: Path, shown: str | None = None) -> tuple[Sources, list[Problem]]:
    """Read ``sources.yml``; a missing file is an empty list of sources (every ``ref`` is then unknown)."""
    shown = shown or str(path)
    if not path.is_file():
        return Sources(shown), []
    doc, problems = frontmatter.read_document(path, shown)
    if doc is None:
        return Sources(shown), problems
    return parse_sources(doc, shown)


def parse_sources(doc: frontmatter.Document, shown: str) -> tuple[Sources, list[Problem]]:
    check = Checker(shown, doc)
    if doc.data is None:
        return Sources(shown), []
    root = check.mapping(doc.data, (), allowed=("references",), required=("references",),
                         example="references: [" + ITEM_EXAMPLE + "]")
    items: dict[str, Source] = {}
    positions: dict[str, int] = {}
    raw_items = check.sequence(root.get("references") if root else None, ("references",), required=False,
                               example="[" + ITEM_EXAMPLE + "]") if root else []
    for i, raw in enumerate(raw_items):
        source = _item(check, ("references", i), raw)
        if source is None:
            continue
        if source.id in items:
            check.add(("references", i, "id"), "duplicate-id",
                      f"the id '{source.id}' is also used by the item on line {items[source.id].line}",
                      "give every source its own id")
            continue
        items[source.id] = source
        positions[source.id] = i
    for source in list(items.values()):  # tbv-cited-in names another item of this file
        if source.cited_in and (source.cited_in not in items or source.cited_in == source.id):
            others = sorted(set(items) - {source.id})
            check.add(("references", positions[source.id], CITED_IN_KEY), "unknown-source",
                      f"'{source.cited_in}' names no other source of {shown}",
                      did_you_mean(source.cited_in, others) or f"write the id of the source that cites this work: "
                      f"{', '.join(others) or 'add that source first'}")
            items[source.id] = replace(source, cited_in="")
    return Sources(shown, items), check.problems


def _item(check: Checker, path, raw: Any) -> Source | None:
    raw = check.mapping(raw, path, allowed=ITEM_KEYS, required=("id", "type"), example=ITEM_EXAMPLE)
    if raw is None:
        return None
    csl: dict[str, Any] = {}
    ok = True
    key = check.ident(raw.get("id"), path + ("id",)) if "id" in raw else None
    kind = check.text(raw.get("type"), path + ("type",)) if "type" in raw else None
    if kind is not None and kind not in TYPES:
        check.add(path + ("type",), "unknown-type", f"'{kind}' is not a CSL item type",
                  did_you_mean(kind, TYPES) or "use a CSL type, e.g. article-journal, book, interview, "
                  "personal_communication, dataset")
        kind = None
    consent = ""
    consent_translated: dict[str, str] = {}
    cited_in = ""
    pages: tuple[tuple[str, str], ...] = ()
    translated: dict[str, tuple[tuple[str, str], ...]] = {}
    for name, value in raw.items():
        where = path + (name,)
        if name in ("id", "type") or name not in ITEM_KEYS:
            continue
        if name == CONSENT_KEY and isinstance(value, dict):  # {nl: ..., en: ...}: the note and its translation
            texts = check.mapping(value, where, allowed=CONSENT_LANGUAGES, required=(CONSENT_LANGUAGES[0],),
                                  example="{nl: Toestemming schriftelijk vastgelegd., en: Consent recorded in writing.}")
            for language, text in (texts or {}).items():
                text = check.text(text, where + (language,), max_length=CONSENT_MAX) or ""
                if language == CONSENT_LANGUAGES[0]:
                    consent = text
                elif text:
                    consent_translated[language] = text
        elif name == CONSENT_KEY:
            consent = check.text(value, where, max_length=CONSENT_MAX) or ""
        elif name == PAGES_KEY:
            pages, translated = _pages(check, where, value)
        elif name == CITED_IN_KEY:
            cited_in = check.ident(value, where) or ""
        elif name in NAME_VARIABLES:
            names = _names(check, where, value)
            ok = ok and names is not None
            if names:
                csl[name] = names
        elif name in DATE_VARIABLES:
            date = _date(check, where, value)
            ok = ok and date is not None
            if date:
                csl[name] = date
        else:
            text = check.text(value, where)
            ok = ok and text is not None
            if text is not None:
                csl[name] = text
    if consent and kind is not None and kind not in FIELDWORK:
        check.add(path + (CONSENT_KEY,), "consent-not-fieldwork",
                  f"'{CONSENT_KEY}' belongs to fieldwork, not to a source of type '{kind}'",
                  f"use it with type {', '.join(FIELDWORK)}; or remove it", key=True)
    if key is None or kind is None or not ok:
        return None
    csl = {"id": key, "type": kind, **csl}
    return Source(key, kind, csl, consent, check.doc.where(path + ("id",))[0], pages, translated, consent_translated,
                  cited_in)


def _pages(check: Checker, path, value: Any):
    """The pages, and per language (an ``en: {label: ...}`` mapping in an item) the same pages so labelled."""
    example = "[{path: leeswijzer.md, label: Leeswijzer, en: {label: Reading guide}}]"
    out = []
    translated: dict[str, list[tuple[str, str]]] = {}
    for i, item in enumerate(check.sequence(value, path, required=False, example=example)):
        item = check.mapping(item, path + (i,), allowed=("path", "label", *TRANSLATIONS), required=("path", "label"),
                             example=example[1:-1])
        if item is None:
            continue
        page = check.text(item.get("path"), path + (i, "path")) if "path" in item else None
        label = check.text(item.get("label"), path + (i, "label"), max_length=120) if "label" in item else None
        if page is not None and (not page.endswith(".md") or page.startswith("/") or ".." in page.split("/")):
            check.add(path + (i, "path"), "bad-page", f"'{page}' is not a page in the docs folder",
                      "write the path of a .md file relative to docs/, e.g. leeswijzer.md")
            continue
        if page and label:
            out.append((page, label))
            for language in TRANSLATIONS:
                other = check.mapping(item[language], path + (i, language), allowed=("label",), required=("label",),
                                      example="{label: Reading guide}") if language in item else None
                text = check.text(other.get("label"), path + (i, language, "label"), max_length=120) if other else None
                translated.setdefault(language, []).append((page, text or label))
    return tuple(out), {language: tuple(items) for language, items in translated.items()}


def _names(check: Checker, path, value: Any) -> list[dict[str, str]] | None:
    items = check.sequence(value, path, required=True, example="[{family: Achternaam, given: Voornaam}]")
    names = []
    for i, item in enumerate(items):
        where = path + (i,)
        item = check.mapping(item, where, allowed=NAME_KEYS, example="{family: Achternaam, given: Voornaam}")
        if item is None:
            return None
        if "family" not in item and "literal" not in item:
            check.add(where, "missing-key", f"the name '{'.'.join(map(str, where))}' has neither family nor literal",
                      "write family (and given) for a person, literal for an organisation")
            return None
        name = {k: t for k, v in item.items() if (t := check.text(v, where + (k,))) is not None}
        if len(name) != len(item):
            return None
        names.append(name)
    return names if items else None


def _date(check: Checker, path, value: Any) -> dict[str, Any] | None:
    """A date as CSL wants it: ``{date-parts: [[2024, 3, 15]]}``; a plain ``2024-03-15`` is accepted too."""
    example = "2013, 2024-03-15, or {date-parts: [[2024, 3, 15]]}"
    if isinstance(value, str):
        match = EDTF.match(value.strip())
        if match is None:
            check.add(path, "bad-date", f"'{value}' is not a date written as YYYY, YYYY-MM or YYYY-MM-DD",
                      f"write e.g. {example}; leave the key out when the date is unknown")
            return None
        return {"date-parts": [[int(p) for p in match.groups() if p]]}
    item = check.mapping(value, path, allowed=DATE_KEYS, example=example)
    if item is None:
        return None
    parts = item.get("date-parts")
    if parts is None:
        literal = {k: t for k in ("literal", "raw") if k in item and (t := check.text(item[k], path + (k,)))}
        if not literal:
            check.add(path, "missing-key", f"the date '{'.'.join(map(str, path))}' has no date-parts",
                      f"write e.g. {example}")
            return None
        return literal
    outer = check.sequence(parts, path + ("date-parts",), required=True, example="[[2024, 3, 15]]")
    result = []
    for i, inner in enumerate(outer[:2]):
        numbers = check.sequence(inner, path + ("date-parts", i), required=True, example="[2024, 3, 15]")
        row = [check.integer(n, path + ("date-parts", i, j), low=0) for j, n in enumerate(numbers[:3])]
        if None in row or not row:
            return None
        result.append(row)
    return {"date-parts": result} if result else None


# ----------------------------------------------------------------- checking refs

def unknown_ref(check: Checker, path, key: str, sources: Sources) -> None:
    """Report a ``ref`` that names no item of ``sources.yml``."""
    known = sorted(sources.items)
    hint = did_you_mean(key, known) or (
        f"the sources are: {', '.join(known)}" if known else f"add the source to {sources.path} first")
    check.add(path, "unknown-source", f"source '{key}' is not in {sources.path}",
              hint + (f"; or add it to {sources.path}" if known else ""))


# -------------------------------------------------------------------- rendering

def style_path(style: str = "", base: Path | None = None) -> Path:
    """The CSL file: a name of a vendored style (``apa``) or a path, relative to ``base`` (the config's folder)."""
    style = style or DEFAULT_STYLE
    vendored = VENDOR / f"{style}.csl"
    if "/" not in style and not style.endswith(".csl") and vendored.is_file():
        return vendored
    path = Path(style)
    return path if path.is_absolute() or base is None else base / path


def render(sources: Sources, language: str = "nl", style: Path | None = None) -> dict[str, str]:
    """Every source as a reference in HTML (``<i>`` for italics), formatted by citeproc-py.

    Items a style keeps out of its reference list (APA does so for interviews
    and personal communications) are given in the style's citation form, as
    APA cites them, without the surrounding parentheses.
    """
    style = style or style_path()
    payload = json.dumps([s.csl for s in sources.items.values()], sort_keys=True, ensure_ascii=False)
    return dict(_render(payload, LOCALES.get(language, LOCALES["nl"]), str(style)))


@functools.lru_cache(maxsize=8)
def _render(payload: str, locale: str, style_file: str) -> tuple[tuple[str, str], ...]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads(payload)
    style = CitationStylesStyle(style_file, locale=locale, validate=False)
    out = []
    for item in items:
        bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.html)
        citation = Citation([CitationItem(item["id"])])
        bibliography.register(citation)
        entries = bibliography.bibliography()
        if entries:
            text = str(entries[0])
        else:
            text = str(bibliography.cite(citation, lambda _item: None))
            if text.startswith("(") and text.endswith(")"):
                text = text[1:-1]
        out.append((item["id"], text.strip()))
    return tuple(out)


def render_citations(sources: Sources, language: str = "nl", style: Path | None = None) -> dict[str, str]:
    """Every source's parenthetical in-text citation as plain text, without its parentheses
    ("Abers, 2019"; "Heederik, z.d."), formatted by citeproc-py."""
    style = style or style_path()
    payload = json.dumps([s.csl for s in sources.items.values()], sort_keys=True, ensure_ascii=False)
    return dict(_cite(payload, LOCALES.get(language, LOCALES["nl"]), str(style)))


@functools.lru_cache(maxsize=8)
def _cite(payload: str, locale: str, style_file: str) -> tuple[tuple[str, str], ...]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    style = CitationStylesStyle(style_file, locale=locale, validate=False)
    out = []
    for item in json.loads(payload):
        bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
        citation = Citation([CitationItem(item["id"])])
        bibliography.register(citation)
        text = str(bibliography.cite(citation, lambda _item: None)).strip()
        if text.startswith("(") and text.endswith(")"):
            text = text[1:-1]
        out.append((item["id"], text))
    return tuple(out)


def plain_text(html: str) -> str:
    """A rendered reference without its markup, for metadata that takes plain text."""
    import html as html_module

    return html_module.unescape(re.sub(r"<[^>]+>", "", html))
