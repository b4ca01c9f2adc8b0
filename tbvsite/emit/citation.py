"""The citation kit of each vignette: BibTeX and RIS files, page metadata, a reference.

A vignette is cited as a page of this archive; the reportage stays the primary
source it is based on. What nobody knows is said, never filled in: the
reportage's year and venue are unknown, and the archive gives no access date.
The only date is the build date, and every output labels it as such.

``page_meta`` feeds ``theme/main.html``: Highwire ``citation_*`` tags as
(name, content) pairs and a schema.org JSON-LD object, both plain text that
the template escapes.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from .. import escape
from ..model import Index, Vignette
from .text import absolute_url, attr, plain, rel, term_uri, vignette_uri

if TYPE_CHECKING:
    from . import Context

CITE_DIR = "data/cite"
LANGUAGE = "nl"
REPORTAGE_AUTHOR = ("Heederik", "Janne")
REPORTAGE_TITLE = "Werken binnen én tegen het systeem"
REPORTAGE_UNKNOWN = "tijdschrift en jaar van verschijnen onbekend"
REPORTAGE_KEY = "heederik-werken"
EDUCATIONAL_LEVEL = "hoger onderwijs"
# Facets whose terms a vignette teaches (schema.org 'teaches'); others are context.
TEACHES = ("strategies", "concepts")
DATE_LABEL = "bouwdatum van deze versie van het archief, geen verschijnings- of raadpleegdatum"
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


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


def taught_terms(index: Index, vignette: Vignette) -> list[tuple[str, str]]:
    """(facet id, term id) of the strategy and concept terms, in declared order."""
    return [(f, t) for f in TEACHES if f in index.vocabulary.facets for t in vignette.tags.get(f, ())]


def _date(context: "Context") -> datetime.date | None:
    return datetime.date.fromisoformat(context.build_date) if context.build_date else None


def reportage_reference() -> str:
    surname, given = REPORTAGE_AUTHOR
    return f"{surname}, {given[0]}. (z.d.). *{plain(REPORTAGE_TITLE)}* [Reportage; {REPORTAGE_UNKNOWN}]."


# ------------------------------------------------------------- on the page

def render_block(index: Index, vignette: Vignette, context: "Context") -> str:
    """The "Citeer deze casus" section: a reference, its source, and the two files."""
    here = vignette_uri(vignette.slug)
    day = _date(context)
    when = f"{day.year}, {day.day} {MONTHS[day.month - 1]}" if day else "z.d."
    url = page_address(vignette.slug, context)
    reference = (f"{plain(publisher(context))}. ({when}). *{plain(vignette.title)}* [Casus]. "
                 f"{plain(publisher(context))}." + (f" <{url}>" if url else ""))
    out = ['<section class="tbv-cite" aria-labelledby="citeer-deze-casus" markdown>\n',
           "## Citeer deze casus {#citeer-deze-casus}\n",
           reference + "\n",
           f"Deze casus vertelt een scène na uit de reportage, de eigenlijke bron: {reportage_reference()}\n"]
    notes = []
    if day:
        notes.append(f"De datum in de verwijzing is de {plain(DATE_LABEL)}.")
    notes.append("Vermeld zelf de datum waarop je de pagina raadpleegde.")
    if not url:
        notes.append("Voeg ook het adres van deze pagina toe.")
    out.append(" ".join(notes) + "\n")
    bib, ris_file = rel(here, cite_uri(vignette.slug, "bib")), rel(here, cite_uri(vignette.slug, "ris"))
    out.append(f'Downloaden: [BibTeX (.bib)]({bib}){{ download="{attr(vignette.slug)}.bib" }} · '
               f'[RIS (.ris)]({ris_file}){{ download="{attr(vignette.slug)}.ris" }}\n')
    out.append("</section>\n")
    return "\n".join(out)


def page_meta(index: Index, vignette: Vignette, context: "Context") -> dict[str, Any]:
    """Plain-text metadata for the theme: Highwire pairs and a JSON-LD object."""
    name = publisher(context)
    url = page_address(vignette.slug, context)
    day = _date(context)
    surname, given = REPORTAGE_AUTHOR
    vocabulary = index.vocabulary
    labels = [vocabulary.facets[f].terms[t].label for f, t in taught_terms(index, vignette)]
    highwire: list[list[str]] = [
        ["citation_title", vignette.title],
        ["citation_author", name],
    ]
    if day:
        highwire.append(["citation_publication_date", day.strftime("%Y/%m/%d")])
    highwire += [["citation_language", LANGUAGE], ["citation_publisher", name],
                 ["citation_abstract", vignette.summary]]
    if labels:
        highwire.append(["citation_keywords", "; ".join(labels)])
    if url:
        highwire += [["citation_public_url", url], ["citation_abstract_html_url", url]]
    highwire.append(["citation_reference",
                     f"citation_author={surname}, {given}; citation_title={REPORTAGE_TITLE}"])

    teaches = []
    for facet_id, term_id in taught_terms(index, vignette):
        facet = vocabulary.facets[facet_id]
        term: dict[str, Any] = {"@type": "DefinedTerm", "name": facet.terms[term_id].label,
                                "termCode": term_id, "inDefinedTermSet": facet.label}
        if context.site_url:
            term["url"] = absolute_url(context.site_url, term_uri(facet.segment, term_id), context.use_directory_urls)
        teaches.append(term)
    organisation: dict[str, Any] = {"@type": "Organization", "name": name}
    website: dict[str, Any] = {"@type": "WebSite", "name": name}
    if context.site_url:
        website["url"] = context.site_url
    jsonld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": ["Article", "LearningResource"],
        "headline": vignette.title,
        "name": vignette.title,
        "description": vignette.summary,
        "inLanguage": LANGUAGE,
        "learningResourceType": "casus",
        "educationalLevel": EDUCATIONAL_LEVEL,
        "teaches": teaches,
        "keywords": labels,
        "author": organisation,
        "publisher": organisation,
        "isPartOf": website,
        "isBasedOn": {"@type": "CreativeWork", "name": REPORTAGE_TITLE, "genre": "reportage",
                      "author": {"@type": "Person", "name": f"{given} {surname}"}},
    }
    if vignette.questions:
        jsonld["educationalUse"] = "discussie in een werkgroep"
    if day:
        jsonld["dateModified"] = day.isoformat()
    if url:
        jsonld["url"] = url
    return {"highwire": highwire, "jsonld": jsonld}


# ------------------------------------------------------------------- BibTeX

bib_text = escape.bibtex  # plain text as a BibTeX value body (tbvsite/escape.py)


def _bib_entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    width = max(len(k) for k, _ in fields)
    body = ",\n".join(f"  {k.ljust(width)} = {{{v}}}" for k, v in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def bibtex(index: Index, vignette: Vignette, context: "Context") -> str:
    name = bib_text(publisher(context))
    day = _date(context)
    url = page_address(vignette.slug, context)
    surname, given = REPORTAGE_AUTHOR
    note = [f"Casus naar {REPORTAGE_TITLE} ({given} {surname}, reportage; {REPORTAGE_UNKNOWN})"]
    fields = [("author", "{" + name + "}"), ("title", "{" + bib_text(vignette.title) + "}"),
              ("howpublished", f"Casus in {name}"), ("publisher", name)]
    if day:
        fields += [("year", str(day.year)), ("date", day.isoformat())]
        note.append(f"datum: {DATE_LABEL}")
    if url:
        fields.append(("url", url))
    fields += [("language", "dutch"), ("abstract", bib_text(vignette.summary)),
               ("keywords", bib_text(", ".join(index.vocabulary.facets[f].terms[t].label
                                              for f, t in taught_terms(index, vignette)))),
               ("related", REPORTAGE_KEY), ("note", bib_text("; ".join(note)))]
    source = [("author", f"{surname}, {given}"), ("title", "{" + bib_text(REPORTAGE_TITLE) + "}"),
              ("howpublished", "Reportage"), ("language", "dutch"),
              ("note", bib_text(f"{REPORTAGE_UNKNOWN[0].upper()}{REPORTAGE_UNKNOWN[1:]}"))]
    header = (f"% {bib_text(vignette.title)}: een casus uit {name}, en de reportage waarop ze berust.\n"
              "% Geen raadpleegdatum: vul die zelf in (urldate).\n\n")
    return header + _bib_entry("misc", f"tbv-{vignette.slug}", fields) + "\n" + _bib_entry("misc", REPORTAGE_KEY, source)


# ---------------------------------------------------------------------- RIS

def _ris_value(text: str) -> str:
    return " ".join(text.split())


def ris(index: Index, vignette: Vignette, context: "Context") -> str:
    name = _ris_value(publisher(context))
    day = _date(context)
    url = page_address(vignette.slug, context)
    surname, given = REPORTAGE_AUTHOR
    case = [("TY", "ELEC"), ("AU", name), ("TI", _ris_value(vignette.title)), ("T2", name), ("PB", name)]
    if day:
        case += [("PY", str(day.year)), ("DA", day.strftime("%Y/%m/%d"))]
    if url:
        case.append(("UR", url))
    case += [("LA", LANGUAGE), ("AB", _ris_value(vignette.summary))]
    case += [("KW", _ris_value(index.vocabulary.facets[f].terms[t].label)) for f, t in taught_terms(index, vignette)]
    notes = [f"Casus naar {REPORTAGE_TITLE} ({given} {surname}, reportage; {REPORTAGE_UNKNOWN})."]
    if day:
        notes.append(f"Datum: {DATE_LABEL}.")
    case.append(("N1", " ".join(notes)))
    source = [("TY", "GEN"), ("AU", f"{surname}, {given}"), ("TI", REPORTAGE_TITLE), ("M3", "Reportage"),
              ("LA", LANGUAGE), ("N1", f"{REPORTAGE_UNKNOWN[0].upper()}{REPORTAGE_UNKNOWN[1:]}.")]
    lines = []
    for record in (case, source):
        lines += [f"{tag}  - {value}" for tag, value in record] + ["ER  - ", ""]
    return "\r\n".join(lines)
