"""The BibTeX file of a vignette (data/cite/<slug>.bib): its entry, then one entry per source it rests on.

A source's entry is mapped from its CSL item, field by field: nothing added.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from ... import escape, i18n
from ...model import Index, Vignette
from .facts import (cited_keys, csl_date, csl_name, csl_year, file_note, page_address, publisher, taught_terms,
                    version_of)

if TYPE_CHECKING:
    from .. import Context


BIBTEX_TYPE = "application/x-bibtex"

# babel's names of the site's languages: biblatex's langid (hyphenation and localisation).
# The language field itself carries the ISO 639-1 code, as RIS and Zotero write it.
BIBTEX_LANGUAGES = {"nl": "dutch", "en": "english"}

# An unknown date, as EDTF (ISO 8601-2) writes an unspecified year: biblatex requires a date in every
# entry, and a guessed one would be false. Classic BibTeX ignores the date field.
UNKNOWN_DATE = "XXXX"

bib_text = escape.bibtex  # plain text as a BibTeX value body (tbvsite/escape.py)


def entry_key(vignette: Vignette, context: "Context") -> str:
    """The case's key: tbv-<slug> in the archive's language, tbv-<slug>-<lang> in another, so the two editions'
    entries can sit in one .bib."""
    suffix = "" if context.language == i18n.DEFAULT_LANGUAGE else f"-{context.language}"
    return f"tbv-{vignette.slug}{suffix}"


def bibtex(index: Index, vignette: Vignette, context: "Context") -> str:
    """The case's entry and its sources' entries, valid for biblatex's data model (biber --validate-datamodel)
    and classic BibTeX: the comment at the top holds no '@', which BibTeX would read as an entry."""
    name = bib_text(publisher(context))
    version = version_of(vignette, context)
    url = page_address(vignette.slug, context)
    keys = cited_keys(index, vignette)
    t = i18n.strings(context.language)
    fields = [("author", _bib_author(vignette, context)), ("title", "{" + bib_text(vignette.title) + "}"),
              ("howpublished", t.format("cite.howpublished", name=name)), ("organization", "{" + name + "}")]
    fields += ([("year", str(version.published.year)), ("date", version.published.isoformat())] if version.published
               else [("date", UNKNOWN_DATE)])
    if version.updated:
        fields.append(("version", version.updated.isoformat()))
    if url:
        fields.append(("url", url))
    fields += [("language", context.language), ("langid", BIBTEX_LANGUAGES.get(context.language, context.language)),
               ("abstract", bib_text(vignette.summary)),
               ("keywords", bib_text(", ".join(index.vocabulary.facets[f].terms[t].label
                                              for f, t in taught_terms(index, vignette)))),
               *([("related", ",".join(keys))] if keys else []),
               ("note", bib_text(file_note(index, vignette, context)))]
    header = "".join(f"% {line}\n" for line in _comment(t.format("cite.bib_header", name=publisher(context))))
    entries = [_bib_entry("misc", entry_key(vignette, context), fields)]
    entries += [_bib_source(index.sources[key].csl, context.language) for key in keys]
    return header + "\n" + "\n".join(entries)


def _comment(text: str, width: int = 100) -> list[str]:
    """A comment's lines, without '@' (BibTeX starts an entry at any '@', even in a '%' line)."""
    return textwrap.wrap(" ".join(text.replace("@", " at ").split()), width) or [""]


def _bib_author(vignette: Vignette, context: "Context") -> str:
    """Persons "Achternaam, Voornaam" joined by 'and'; the archive braced whole, as a corporate author
    (BibTeX, biber and Zotero keep a braced name as one name, which Highwire and RIS cannot say)."""
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


def _bib_source(item: dict[str, Any], language: str = i18n.DEFAULT_LANGUAGE) -> str:
    """A source's BibTeX entry, mapped from its CSL item field by field: nothing added. Its note and any
    other words of sources.yml are in the archive's language, so another edition's file leaves the note out;
    no year is written when the source has none."""
    kind = BIBTEX_TYPES.get(item["type"], "misc")
    if kind == "article" and not item.get("container-title"):
        kind = "misc"  # an article needs its journal in BibTeX; an unknown venue stays unknown
    if language != i18n.DEFAULT_LANGUAGE:
        item = {k: v for k, v in item.items() if k != "note"}
    fields: list[tuple[str, str]] = []
    for csl_key, bib_key in (("author", "author"), ("editor", "editor"), ("interviewer", "annotator")):
        if item.get(csl_key) and not any(k == bib_key for k, _ in fields):
            fields.append((bib_key, _bib_names(item[csl_key])))
    if kind == "incollection" and item.get("container-title"):
        fields.append(("booktitle", "{" + bib_text(item["container-title"]) + "}"))
    for csl_key, bib_key in BIBTEX_FIELDS:
        taken = any(k == bib_key for k, _ in fields)
        if bib_key == "publisher" and kind == "misc":  # biblatex's @misc has no publisher: its organization
            bib_key = "organization"
        if item.get(csl_key) and not taken and not (csl_key == "container-title" and kind != "article"):
            value = bib_text(str(item[csl_key]))
            fields.append((bib_key, "{" + value + "}" if bib_key in ("title", "organization") else value))
            if bib_key == "language" and str(item[csl_key]) in BIBTEX_LANGUAGES:
                fields.append(("langid", BIBTEX_LANGUAGES[str(item[csl_key])]))
    if item.get("interviewer") and not any(k == "note" for k, _ in fields):  # the role, for BibTeX without annotator
        fields.append(("note", "Interviewer: " + bib_text("; ".join(csl_name(n) for n in item["interviewer"]))))
    fields += [("year", csl_year(item)), ("date", csl_date(item))] if csl_year(item) else [("date", UNKNOWN_DATE)]
    if kind == "misc" and item["type"] not in ("dataset",):
        fields.append(("entrysubtype", bib_text(item["type"])))
    return _bib_entry(kind, item["id"], fields or [("note", "")])
