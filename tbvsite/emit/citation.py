"""The citation kit of each vignette: BibTeX and RIS files, page metadata, a reference, its versions.

A vignette is cited as a page of this archive; the sources it rests on
(``vignettes/sources.yml``, CSL items cited by ``ref``) stay the primary
sources. Every reference to a source is formatted by citeproc-py
(:func:`tbvsite.sources.render`) and wrapped in ``<span class="tbv-ref">``;
BibTeX, RIS and JSON-LD of a source are mapped from its CSL item. What nobody
knows is said, never filled in: an item without a date is "z.d.", and the
archive gives no access date.

Dates come from :mod:`tbvsite.history` (git, or front-matter overrides),
never from the clock: ``published`` is the date a reference cites (Google
Scholar's "date normally cited"), ``updated`` names the version, and the
commit of that version links to the exact text when the repository's address
is known. Named authors are persons ("Achternaam, Voornaam"); a vignette
without them is credited to the archive as an organisation.

``page_meta`` feeds ``theme/main.html``: Highwire ``citation_*`` tags as
(name, content) pairs and a schema.org JSON-LD object, both plain text that
the template escapes.
"""

from __future__ import annotations

import base64
import datetime
import html
import re

from markupsafe import Markup
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .. import escape, i18n
from .. import sources as sources_module
from ..history import Version
from ..model import Author, Index, SourceRef, Vignette
from .text import SEARCH_EXCLUDE, absolute_url, address, attr, html_block, plain, term_uri, url, vignette_uri

if TYPE_CHECKING:
    from . import Context

CITE_DIR = "data/cite"
EDUCATIONAL_LEVEL = "hoger onderwijs"
# The licence of every text on the site (the code is MIT; see REUSE.toml).
TEXT_LICENCE = "CC BY 4.0"
TEXT_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# Facets whose terms a vignette teaches (schema.org 'teaches'); others are context.
TEACHES = ("strategies", "concepts")
BIBTEX_TYPE = "application/x-bibtex"
RIS_TYPE = "application/x-research-info-systems"
# BibTeX's (babel's) names of the site's languages.
BIBTEX_LANGUAGES = {"nl": "dutch", "en": "english"}
HISTORY_SHOWN = 10  # commits listed on the page; older ones are counted


def cite_uri(slug: str, extension: str) -> str:
    return f"{CITE_DIR}/{slug}.{extension}"


def emit(index: Index, context: "Context") -> dict[str, str]:
    pages: dict[str, str] = {}
    for v in index.vignettes:
        pages[cite_uri(v.slug, "bib")] = bibtex(index, v, context)
        pages[cite_uri(v.slug, "ris")] = ris(index, v, context)
    return pages


# ----------------------------------------------------------------- shared facts

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


# ------------------------------------------------------------------ sources

def source_uri(key: str) -> str:
    """A source's page in the current edition: bronnen/<id>.md (sources/<id>.md in English)."""
    return f"{address('sources')}/{key}.md"


def references(index: Index, context: "Context") -> dict[str, str]:
    """id -> the reference of every source, in HTML, as citeproc-py formats it in the edition's language."""
    if index.sources is None or not index.sources.items:
        return {}
    return sources_module.render(index.sources, context.language,
                                 sources_module.style_path(context.citation_style))


_TAG = re.compile(r"(</?(?:i|b|em|strong|sup|sub|span)(?: [^>]*)?>)")


def _reference(index: Index, key: str, context: "Context", escape_text) -> str:
    """A source's citeproc reference inside ``<span class="tbv-ref" data-source=...>``: citeproc's
    tags (italics) kept, the text between them passed through ``escape_text``."""
    parts = _TAG.split(references(index, context).get(key, ""))
    inner = "".join(part if i % 2 else escape_text(html.unescape(part)) for i, part in enumerate(parts))
    return f'<span class="tbv-ref" data-source="{attr(key)}">{inner}</span>'


def reference_markdown(index: Index, key: str, context: "Context") -> str:
    """The reference as inline Markdown: its text made inert (no Markdown, HTML escaped)."""
    return _reference(index, key, context, _inert)


def reference_html(index: Index, key: str, context: "Context") -> Markup:
    """The reference as HTML for a template: its text escaped."""
    return Markup(_reference(index, key, context, lambda text: str(Markup.escape(text))))


def _inert(text: str) -> str:
    """plain(), keeping a space at either end (it separates the text from citeproc's tags)."""
    if not text.strip():
        return " " if text else ""
    return (" " if text[0].isspace() else "") + plain(text) + (" " if text[-1].isspace() else "")


def reference_text(index: Index, key: str, context: "Context") -> str:
    """A source's citeproc reference as plain text (metadata, BibTeX notes, JSON-LD)."""
    return sources_module.plain_text(references(index, context).get(key, ""))


def locator(ref: SourceRef, language: str) -> str:
    """Where in its source a vignette rests: section and page, in the edition's language (plain text)."""
    t = i18n.strings(language)
    parts = []
    if ref.section:
        parts.append(t.format("source.section", section=ref.section))
    if ref.page:
        parts.append(t.format("source.page", page=ref.page))
    return ", ".join(parts)


def grouped_refs(vignette: Vignette) -> list[tuple[str, list[SourceRef]]]:
    """The vignette's refs grouped by source, in the order each source is first cited."""
    groups: dict[str, list[SourceRef]] = {}
    for ref in vignette.source:
        groups.setdefault(ref.ref, []).append(ref)
    return list(groups.items())


def locators(refs: list[SourceRef], language: str) -> str:
    return "; ".join(filter(None, (locator(r, language) for r in refs)))


def consent_notes(index: Index, vignette: Vignette, language: str = "nl") -> list[tuple[str, str]]:
    """(id, note) of the vignette's fieldwork sources that carry a consent note (in ``language`` where given)."""
    if index.sources is None:
        return []
    return [(key, index.sources[key].consent_in(language)) for key, _ in grouped_refs(vignette)
            if key in index.sources and index.sources[key].consent]


def _initials(given: str) -> str:
    """"Anna Maria" -> "A. M."; a lowercase particle stays whole: "Anna de" -> "A. de"."""
    return " ".join(f"{part[0]}." if part[0].isupper() else part for part in given.replace("-", " ").split())


def _apa_names(authors: tuple[Author, ...]) -> str:
    names = [f"{a.family}, {_initials(a.given)}" for a in authors]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]


# ------------------------------------------------------------- on the page

def reference(vignette: Vignette, context: "Context") -> Markup:
    """The on-page reference (APA-like, in the edition's language), naming the version; HTML."""
    version = version_of(vignette, context)
    name = publisher(context)
    day = version.published
    t = i18n.strings(context.language)
    when = (t.format("cite.date", year=day.year, day=day.day, month=t["date.months"].split()[day.month - 1])
            if day else t["cite.no_date"])
    label = (t.format("cite.kind_version", date=long_date(version.updated, context.language)) if version.updated
             else t["cite.kind"])
    creator = _apa_names(vignette.authors) if vignette.authors else name
    creator += "" if creator.endswith(".") else "."
    url = page_address(vignette.slug, context)
    # The archive is named once: as the site after the title, or as the author when nobody is named.
    text = Markup("{} ({}). <em>{}</em> [{}].").format(creator, when, " ".join(vignette.title.split()), label)
    if vignette.authors:
        text += Markup(" {}.").format(name)
    return text + (Markup(' <a href="{0}">{0}</a>').format(url) if url else "")


def render_block(index: Index, vignette: Vignette, context: "Context") -> str:
    """The "Citeer deze casus" section: a reference, its source, the licence, the files, the versions.

    The headings are Markdown (they belong in the table of contents); the rest is rendered by the
    templates ``cite.html`` and ``versions.html``."""
    here = vignette_uri(vignette.slug)
    version = version_of(vignette, context)
    t = i18n.strings(context.language)
    sources = [{"reference": reference_html(index, key, context), "where": locators(refs, context.language)}
               for key, refs in grouped_refs(vignette)]
    notes = []
    if not version.published:
        notes.append(t["cite.undated"])
    notes.append(t["cite.accessed"])
    if not page_address(vignette.slug, context):
        notes.append(t["cite.add_address"])
    bib, ris_file = url(context, here, cite_uri(vignette.slug, "bib")), url(context, here, cite_uri(vignette.slug, "ris"))
    if context.offline:
        # From file:// a browser ignores 'download' for another file and shows it as text;
        # the file inside the link itself downloads as on the web.
        bib = _data_url(BIBTEX_TYPE, bibtex(index, vignette, context))
        ris_file = _data_url(RIS_TYPE, ris(index, vignette, context))
    licence = Markup('<a href="{}">{}</a>').format(TEXT_LICENCE_URL, TEXT_LICENCE)
    return "\n".join([
        f'<section class="tbv-cite" aria-labelledby="{t["cite.anchor"]}" markdown>\n',
        f"## {plain(t['cite.heading'])} {{#{t['cite.anchor']} {SEARCH_EXCLUDE}}}\n",
        html_block("cite.html", context, reference=reference(vignette, context), sources=sources,
                   consent=[note for _, note in consent_notes(index, vignette, context.language)], notes=notes, licence=licence,
                   slug=vignette.slug, bib=bib, ris=ris_file),
        render_versions(version, context),
        "</section>\n"])


def render_versions(version: Version, context: "Context") -> str:
    """Where to find this exact text again, and the change history, newest first."""
    t = i18n.strings(context.language)
    lang = context.language
    permalink = file_url(version, context)
    link = (Markup('<a href="{}">{}</a>').format(permalink, t.format("versions.permalink_label", sha=version.sha[:7]))
            if permalink else "")
    changes = []
    if not version.commits:
        if version.published:
            changes.append({"date": long_date(version.published, lang), "text": t["versions.published"], "sha": ""})
            if version.updated and version.updated != version.published:
                changes.append({"date": long_date(version.updated, lang), "text": t["versions.updated"], "sha": ""})
    for commit in version.commits[:HISTORY_SHOWN]:
        address = commit_url(commit.sha, context)
        sha = (Markup('<a href="{}">{}</a>').format(address, commit.sha[:7]) if address
               else Markup("<code>{}</code>").format(commit.sha[:7]))
        changes.append({"date": long_date(commit.date, lang),
                        "text": " ".join(commit.subject.split()) or t["versions.change"], "sha": sha})
    older = len(version.commits) - HISTORY_SHOWN
    if older > 0:
        changes.append({"date": "", "text": t.format("versions.older_one" if older == 1 else "versions.older_many",
                                                       n=older), "sha": ""})
    return "\n".join([f"### {plain(t['versions.heading'])} {{#{t['versions.anchor']} {SEARCH_EXCLUDE}}}\n",
                      html_block("versions.html", context, permalink=link,
                                 sha=Markup("<code>{}</code>").format(version.sha[:7]) if version.sha else "",
                                 changes=changes)])


def _data_url(media_type: str, text: str) -> str:
    return f"data:{media_type};charset=utf-8;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


def page_meta(index: Index, vignette: Vignette, context: "Context") -> dict[str, Any]:
    """Plain-text metadata for the theme: Highwire pairs and a JSON-LD object."""
    name = publisher(context)
    url = page_address(vignette.slug, context)
    version = version_of(vignette, context)
    vocabulary = index.vocabulary
    labels = [vocabulary.facets[f].terms[t].label for f, t in taught_terms(index, vignette)]
    highwire: list[list[str]] = [["citation_title", vignette.title]]
    # One tag per author, "Achternaam, Voornaam"; the archive's name when nobody is named.
    highwire += [["citation_author", a.inverted] for a in vignette.authors] or [["citation_author", name]]
    if version.published:
        highwire.append(["citation_publication_date", version.published.strftime("%Y/%m/%d")])
    highwire += [["citation_language", context.language], ["citation_publisher", name],
                 ["citation_abstract", vignette.summary]]
    if labels:
        highwire.append(["citation_keywords", "; ".join(labels)])
    if url:
        highwire += [["citation_public_url", url], ["citation_abstract_html_url", url]]
    for item in _source_items(index, vignette):
        pairs = [f"citation_author={_csl_name(n, inverted=True)}" for n in item.get("author", [])]
        pairs += [f"citation_title={item['title']}"] if item.get("title") else []
        pairs += [f"citation_publication_date={_csl_year(item)}"] if _csl_year(item) else []
        if pairs:
            highwire.append(["citation_reference", "; ".join(pairs)])
    # Dublin Core, read by Zotero into 'Rights' and by others as the version date.
    highwire.append(["dcterms.rights", f"{TEXT_LICENCE} ({TEXT_LICENCE_URL})"])
    if version.updated:
        highwire.append(["dcterms.modified", version.updated.isoformat()])

    teaches = []
    for facet_id, term_id in taught_terms(index, vignette):
        facet = vocabulary.facets[facet_id]
        term: dict[str, Any] = {"@type": "DefinedTerm", "name": facet.terms[term_id].label,
                                "termCode": term_id, "inDefinedTermSet": facet.label}
        if context.site_url:
            term["url"] = absolute_url(context.site_url, term_uri(facet.segment, term_id), context.use_directory_urls)
        teaches.append(term)
    organisation: dict[str, Any] = {"@type": "Organization", "name": name}
    if context.site_url:
        organisation["url"] = context.site_url
    website: dict[str, Any] = {"@type": "WebSite", "name": name}
    if context.site_url:
        website["url"] = context.site_url
    jsonld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": ["Article", "LearningResource"],
        "headline": vignette.title,
        "name": vignette.title,
        "description": vignette.summary,
        "inLanguage": context.language,
        "learningResourceType": "casus",
        "educationalLevel": EDUCATIONAL_LEVEL,
        "teaches": teaches,
        "keywords": labels,
        "author": [_person(a) for a in vignette.authors] or organisation,
        "publisher": organisation,
        "isPartOf": website,
        "license": TEXT_LICENCE_URL,
        "isBasedOn": [_creative_work(item) for item in _source_items(index, vignette)],
        "citation": [reference_text(index, key, context) for key, _ in grouped_refs(vignette)],
    }
    if vignette.questions:
        jsonld["educationalUse"] = "discussie in een werkgroep"
    if version.published:
        jsonld["datePublished"] = version.published.isoformat()
    if version.updated:
        jsonld["dateModified"] = jsonld["version"] = version.updated.isoformat()
    if url:
        jsonld["url"] = url
    if file_url(version, context):
        jsonld["sameAs"] = file_url(version, context)
    return {"highwire": highwire, "jsonld": jsonld}


def _source_items(index: Index, vignette: Vignette) -> list[dict[str, Any]]:
    """The CSL items of the vignette's sources, in the order it cites them."""
    if index.sources is None:
        return []
    return [index.sources[key].csl for key, _ in grouped_refs(vignette) if key in index.sources]


def _csl_name(name: dict[str, str], *, inverted: bool = False) -> str:
    """A CSL name as text: "Family, Given" (inverted) or "Given Family"; an organisation's literal as is."""
    if "literal" in name:
        return name["literal"]
    family = " ".join(filter(None, (name.get("non-dropping-particle"), name.get("family"))))
    given = " ".join(filter(None, (name.get("given"), name.get("dropping-particle"))))
    if inverted:
        return f"{family}, {given}" if given else family
    return f"{given} {family}".strip()


def _csl_year(item: dict[str, Any]) -> str:
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    return str(parts[0][0]) if parts[0] else ""


def _csl_date(item: dict[str, Any]) -> str:
    """The issued date as ISO 8601 (as much of it as is known), or ''."""
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    return "-".join(f"{p:04d}" if i == 0 else f"{p:02d}" for i, p in enumerate(parts[0]))


def _creative_work(item: dict[str, Any]) -> dict[str, Any]:
    """schema.org for a CSL item: only what the item says."""
    work: dict[str, Any] = {"@type": "CreativeWork", "identifier": item["id"], "genre": item.get("genre") or item["type"]}
    if item.get("title"):
        work["name"] = item["title"]
    names = item.get("author", [])
    if names:
        work["author"] = [{"@type": "Organization" if "literal" in n else "Person", "name": _csl_name(n)}
                          for n in names]
    if _csl_date(item):
        work["datePublished"] = _csl_date(item)
    for csl_key, key in (("container-title", "isPartOf"), ("publisher", "publisher"), ("URL", "url"),
                         ("language", "inLanguage")):
        if item.get(csl_key):
            work[key] = item[csl_key]
    if item.get("DOI"):
        work["sameAs"] = f"https://doi.org/{item['DOI']}"
    return work


def _person(author: Author) -> dict[str, Any]:
    person: dict[str, Any] = {"@type": "Person", "name": author.display, "familyName": author.family,
                              "givenName": author.given}
    if author.orcid:
        person["identifier"] = person["sameAs"] = f"https://orcid.org/{author.orcid}"
    return person


# ------------------------------------------------------------------- BibTeX

bib_text = escape.bibtex  # plain text as a BibTeX value body (tbvsite/escape.py)


def _bib_entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    width = max(len(k) for k, _ in fields)
    body = ",\n".join(f"  {k.ljust(width)} = {{{v}}}" for k, v in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def _bib_author(vignette: Vignette, context: "Context") -> str:
    """Persons "Achternaam, Voornaam" joined by 'and'; the archive braced whole, as a corporate author."""
    if vignette.authors:
        return " and ".join(f"{bib_text(a.family)}, {bib_text(a.given)}" for a in vignette.authors)
    return "{" + bib_text(publisher(context)) + "}"


def bibtex(index: Index, vignette: Vignette, context: "Context") -> str:
    name = bib_text(publisher(context))
    version = version_of(vignette, context)
    url = page_address(vignette.slug, context)
    keys = [key for key, _ in grouped_refs(vignette) if index.sources is not None and key in index.sources]
    t = i18n.strings(context.language)
    note = [t.format("cite.file_source", reference=reference_text(index, key, context)) for key in keys]
    fields = [("author", _bib_author(vignette, context)), ("title", "{" + bib_text(vignette.title) + "}"),
              ("howpublished", t.format("cite.howpublished", name=name)), ("publisher", name), ("organization", name)]
    if version.published:
        fields += [("year", str(version.published.year)), ("date", version.published.isoformat())]
    if version.updated:
        fields.append(("version", version.updated.isoformat()))
        note.append(t.format("cite.file_version", date=long_date(version.updated, context.language))
                    + (", " + t.format("cite.file_commit", sha=version.sha[:7]) if version.sha else "")
                    + (", " + t.format("cite.file_text", url=file_url(version, context)) if file_url(version, context) else ""))
    if url:
        fields.append(("url", url))
    fields += [("language", BIBTEX_LANGUAGES.get(context.language, context.language)), ("abstract", bib_text(vignette.summary)),
               ("keywords", bib_text(", ".join(index.vocabulary.facets[f].terms[t].label
                                              for f, t in taught_terms(index, vignette)))),
               *([("related", ",".join(keys))] if keys else []), ("note", bib_text("; ".join(note))),
               ("copyright", bib_text(f"{TEXT_LICENCE}, {TEXT_LICENCE_URL}"))]
    header = (f"% {bib_text(vignette.title)}: een casus uit {name}, en de bron(nen) waarop ze berust.\n"
              "% @misc werkt in BibTeX en biblatex. Geen raadpleegdatum: voeg die zelf toe als\n"
              "% urldate = {JJJJ-MM-DD} (biblatex) of in note (BibTeX).\n\n")
    entries = [_bib_entry("misc", f"tbv-{vignette.slug}", fields)]
    entries += [_bib_source(index.sources[key].csl) for key in keys]
    return header + "\n".join(entries)


# CSL type -> BibTeX entry type (biblatex reads these too); anything else is @misc.
BIBTEX_TYPES = {"article-journal": "article", "article-magazine": "article", "article-newspaper": "article",
                "book": "book", "chapter": "incollection", "paper-conference": "inproceedings",
                "report": "techreport", "thesis": "phdthesis", "dataset": "misc"}
# CSL variable -> BibTeX field, copied as text.
BIBTEX_FIELDS = (("title", "title"), ("container-title", "journal"), ("publisher", "publisher"),
                 ("publisher-place", "address"), ("volume", "volume"), ("issue", "number"), ("page", "pages"),
                 ("edition", "edition"), ("DOI", "doi"), ("ISBN", "isbn"), ("URL", "url"), ("genre", "howpublished"),
                 ("medium", "howpublished"), ("language", "language"), ("note", "note"))


def _bib_names(names: list[dict[str, str]]) -> str:
    return " and ".join("{" + bib_text(n["literal"]) + "}" if "literal" in n
                        else bib_text(_csl_name(n, inverted=True)) for n in names)


def _bib_source(item: dict[str, Any]) -> str:
    """A source's BibTeX entry, mapped from its CSL item field by field: nothing added."""
    kind = BIBTEX_TYPES.get(item["type"], "misc")
    if kind == "article" and not item.get("container-title"):
        kind = "misc"  # an article needs its journal in BibTeX; an unknown venue stays unknown
    fields: list[tuple[str, str]] = []
    for csl_key, bib_key in (("author", "author"), ("editor", "editor"), ("interviewer", "annotator")):
        if item.get(csl_key) and not any(k == bib_key for k, _ in fields):
            fields.append((bib_key, _bib_names(item[csl_key])))
    if kind == "incollection" and item.get("container-title"):
        fields.append(("booktitle", "{" + bib_text(item["container-title"]) + "}"))
    for csl_key, bib_key in BIBTEX_FIELDS:
        taken = any(k == bib_key for k, _ in fields)
        if item.get(csl_key) and not taken and not (csl_key == "container-title" and kind != "article"):
            value = bib_text(str(item[csl_key]))
            fields.append((bib_key, "{" + value + "}" if bib_key == "title" else value))
    if item.get("interviewer") and not any(k == "note" for k, _ in fields):  # the role, for BibTeX without annotator
        fields.append(("note", "Interviewer: " + bib_text("; ".join(_csl_name(n) for n in item["interviewer"]))))
    if _csl_year(item):
        fields += [("year", _csl_year(item)), ("date", _csl_date(item))]
    if kind == "misc" and item["type"] not in ("dataset",):
        fields.append(("entrysubtype", bib_text(item["type"])))
    return _bib_entry(kind, item["id"], fields or [("note", "")])


# ---------------------------------------------------------------------- RIS

def _ris_value(text: str) -> str:
    return " ".join(text.split())


def ris(index: Index, vignette: Vignette, context: "Context") -> str:
    name = _ris_value(publisher(context))
    version = version_of(vignette, context)
    url = page_address(vignette.slug, context)
    # A person is "Achternaam, Voornaam"; a name without a comma is read as a corporate author.
    authors = [_ris_value(a.inverted) for a in vignette.authors] or [name]
    case = [("TY", "ELEC"), *(("AU", a) for a in authors), ("TI", _ris_value(vignette.title)), ("T2", name),
            ("PB", name)]
    if version.published:
        case += [("PY", str(version.published.year)), ("DA", version.published.strftime("%Y/%m/%d"))]
    if url:
        case.append(("UR", url))
    case += [("LA", context.language), ("AB", _ris_value(vignette.summary))]
    case += [("KW", _ris_value(index.vocabulary.facets[f].terms[t].label)) for f, t in taught_terms(index, vignette)]
    keys = [key for key, _ in grouped_refs(vignette) if index.sources is not None and key in index.sources]
    t = i18n.strings(context.language)
    notes = [t.format("cite.file_source", reference=reference_text(index, key, context)) for key in keys]
    if version.updated:
        version_note = t.format("cite.file_version", date=long_date(version.updated, context.language))
        notes.append(version_note[:1].upper() + version_note[1:]
                     + (f" ({t.format('cite.file_commit', sha=version.sha[:7])})" if version.sha else "")
                     + (", " + t.format("cite.file_text", url=file_url(version, context)) + "." if file_url(version, context)
                        else "."))
    notes.append(t.format("cite.file_licence", licence=TEXT_LICENCE, url=TEXT_LICENCE_URL))
    case.append(("N1", " ".join(notes)))
    lines = []
    for record in (case, *(_ris_source(index.sources[key].csl) for key in keys)):
        lines += [f"{tag}  - {value}" for tag, value in record] + ["ER  - ", ""]
    return "\r\n".join(lines)


# CSL type -> RIS type; anything else is GEN, with the CSL type in M3.
RIS_TYPES = {"article-journal": "JOUR", "article-magazine": "MGZN", "article-newspaper": "NEWS", "book": "BOOK",
             "chapter": "CHAP", "report": "RPRT", "thesis": "THES", "dataset": "DATA", "webpage": "ELEC",
             "personal_communication": "PCOMM", "paper-conference": "CPAPER"}
RIS_FIELDS = (("title", "TI"), ("container-title", "T2"), ("publisher", "PB"), ("publisher-place", "CY"),
              ("volume", "VL"), ("issue", "IS"), ("DOI", "DO"), ("ISBN", "SN"), ("URL", "UR"), ("genre", "M3"),
              ("medium", "M3"), ("language", "LA"), ("note", "N1"))


def _ris_source(item: dict[str, Any]) -> list[tuple[str, str]]:
    """A source's RIS record, mapped from its CSL item field by field: nothing added."""
    record = [("TY", RIS_TYPES.get(item["type"], "GEN"))]
    record += [("AU", _ris_value(_csl_name(n, inverted=True))) for n in item.get("author", [])]
    record += [("A3", _ris_value(_csl_name(n, inverted=True))) for n in item.get("interviewer", [])]
    if item.get("interviewer"):  # the role, for readers that file A3 without saying what it is
        record.append(("N1", "Interviewer: " + _ris_value("; ".join(_csl_name(n) for n in item["interviewer"]))))
    for csl_key, tag in RIS_FIELDS:
        if item.get(csl_key) and not (tag == "M3" and any(t == "M3" for t, _ in record)):
            record.append((tag, _ris_value(str(item[csl_key]))))
    if record[0][1] == "GEN" and not any(t == "M3" for t, _ in record):
        record.append(("M3", item["type"]))
    if _csl_year(item):
        record += [("PY", _csl_year(item)), ("DA", _csl_date(item).replace("-", "/"))]
    if item.get("page"):
        first, _, last = str(item["page"]).partition("-")
        record += [("SP", first)] + ([("EP", last)] if last else [])
    record.append(("ID", item["id"]))
    return record
