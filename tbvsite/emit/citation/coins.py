"""COinS (ContextObjects in Spans, OpenURL 1.0 KEV) and Highwire tags for a source of sources.yml.

A source's page and the bibliography carry one ``<span class="Z3988">`` per
source, so a reference manager (Zotero's COinS translator) offers each source
as an item of its own; the source's page also has Highwire ``citation_*`` tags
of the source itself. Both are mapped from the CSL item: only what it says.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from .facts import csl_date, csl_name

# CSL type -> (OpenURL format, genre, the key of the title, the key of the container's title).
JOURNAL = ("info:ofi/fmt:kev:mtx:journal", "article", "rft.atitle", "rft.jtitle")
FORMATS = {
    "article": JOURNAL, "article-journal": JOURNAL, "article-magazine": JOURNAL, "article-newspaper": JOURNAL,
    "book": ("info:ofi/fmt:kev:mtx:book", "book", "rft.btitle", ""),
    "chapter": ("info:ofi/fmt:kev:mtx:book", "bookitem", "rft.atitle", "rft.btitle"),
    "paper-conference": ("info:ofi/fmt:kev:mtx:book", "proceeding", "rft.atitle", "rft.btitle"),
    "report": ("info:ofi/fmt:kev:mtx:book", "report", "rft.btitle", ""),
    "thesis": ("info:ofi/fmt:kev:mtx:dissertation", "", "rft.title", ""),
}
# Anything else: a document (Zotero's OpenURL reader: book format, genre document, rft.title).
DOCUMENT = ("info:ofi/fmt:kev:mtx:book", "document", "rft.title", "")

# CSL variable -> OpenURL key, copied as text.
COINS_FIELDS = (("publisher", "rft.pub"), ("publisher-place", "rft.place"), ("volume", "rft.volume"),
                ("issue", "rft.issue"), ("page", "rft.pages"), ("ISBN", "rft.isbn"), ("ISSN", "rft.issn"),
                ("edition", "rft.edition"))


def person(name: dict[str, str]) -> str:
    """A person as "Family, Given"; "Family," when only the family name is known, so that readers
    (Zotero's cleanAuthor) keep a name like "Oude Vrielink" whole as the family name. '' for a literal."""
    if "literal" in name:
        return ""
    inverted = csl_name(name, inverted=True)
    return inverted if "," in inverted else inverted + ","


def coins(item: dict[str, Any], untitled: str = "") -> str:
    """The OpenURL ContextObject of a CSL item, as the title of a COinS span (not yet HTML-escaped).

    ``untitled``: what stands for the title of a work without one, as APA 7 describes such a work, in square
    brackets ("[Titel onbekend; ...]"): Zotero's COinS reader drops an item without a title (it looks it up
    online instead, and finds nothing)."""
    fmt, genre, title_key, container_key = FORMATS.get(item["type"], DOCUMENT)
    pairs = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", fmt)] + ([("rft.genre", genre)] if genre else [])
    if item.get("title") or untitled:
        pairs.append((title_key, str(item.get("title") or untitled)))
    if container_key and item.get("container-title"):
        pairs.append((container_key, str(item["container-title"])))
    for name in item.get("author", []):
        pairs.append(("rft.aucorp", name["literal"]) if "literal" in name else ("rft.au", person(name)))
    if csl_date(item):
        pairs.append(("rft.date", csl_date(item)))
    pairs += [(key, str(item[csl_key])) for csl_key, key in COINS_FIELDS if item.get(csl_key)]
    if item.get("DOI"):
        pairs.append(("rft_id", f"info:doi/{item['DOI']}"))
    elif item.get("URL"):
        pairs.append(("rft_id", str(item["URL"])))
    return urlencode(pairs, quote_via=quote)


def source_highwire(item: dict[str, Any]) -> list[list[str]]:
    """Highwire tags of a source itself (its page's <head>): title, persons, date, venue, language."""
    tags = [["citation_title", str(item["title"])]] if item.get("title") else []
    tags += [["citation_author", person(n)] for n in item.get("author", []) if "literal" not in n]
    if csl_date(item):
        tags.append(["citation_publication_date", csl_date(item).replace("-", "/")])
    for csl_key, tag in (("container-title", "citation_journal_title"), ("publisher", "citation_publisher"),
                         ("volume", "citation_volume"), ("issue", "citation_issue"), ("ISBN", "citation_isbn"),
                         ("DOI", "citation_doi"), ("language", "citation_language")):
        if item.get(csl_key):
            tags.append([tag, str(item[csl_key])])
    return tags
