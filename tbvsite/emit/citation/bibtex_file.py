"""The BibTeX file of a vignette (data/cite/<slug>.bib): its entry, then one entry per source it rests on.

A source's entry is mapped from its CSL item, field by field: nothing added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ... import escape, i18n
from ...model import Index, Vignette
from .facts import (TEXT_LICENCE, TEXT_LICENCE_URL, csl_date, csl_name, csl_year, file_url, long_date, page_address,
                    publisher, taught_terms, version_of)
from .cited_sources import grouped_refs, reference_text

if TYPE_CHECKING:
    from .. import Context


BIBTEX_TYPE = "application/x-bibtex"

# BibTeX's (babel's) names of the site's languages.
BIBTEX_LANGUAGES = {"nl": "dutch", "en": "english"}

bib_text = escape.bibtex  # plain text as a BibTeX value body (tbvsite/escape.py)


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


def _bib_author(vignette: Vignette, context: "Context") -> str:
    """Persons "Achternaam, Voornaam" joined by 'and'; the archive braced whole, as a corporate author."""
    if vignette.authors:
        return " and ".join(f"{bib_text(a.family)}, {bib_text(a.given)}" for a in vignette.authors)
    return "{" + bib_text(publisher(context)) + "}"


def _bib_entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    width = max(len(k) for k, _ in fields)
    body = ",\n".join(f"  {k.ljust(width)} = {{{v}}}" for k, v in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


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
                        else bib_text(csl_name(n, inverted=True)) for n in names)


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
        fields.append(("note", "Interviewer: " + bib_text("; ".join(csl_name(n) for n in item["interviewer"]))))
    if csl_year(item):
        fields += [("year", csl_year(item)), ("date", csl_date(item))]
    if kind == "misc" and item["type"] not in ("dataset",):
        fields.append(("entrysubtype", bib_text(item["type"])))
    return _bib_entry(kind, item["id"], fields or [("note", "")])
