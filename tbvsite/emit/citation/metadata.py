"""Page metadata for the theme's <head>: Highwire ``citation_*`` tags and a schema.org JSON-LD object.

``page_meta`` feeds ``theme/main.html`` (through the MkDocs adapter,
tbvsite/mkdocs/head.py): (name, content) pairs and a JSON-LD object, both
plain text that the template escapes. The JSON-LD of a source is mapped from
its CSL item: only what the item says.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ... import i18n
from ...model import Author, Index, Vignette
from ..text import absolute_url, facet_uri, term_uri
from .facts import (TEXT_LICENCE, TEXT_LICENCE_URL, csl_date, csl_name, csl_year, file_url, page_address, publisher,
                    taught_terms, version_of)
from .cited_sources import grouped_refs, reference_text

if TYPE_CHECKING:
    from .. import Context


def page_meta(index: Index, vignette: Vignette, context: "Context") -> dict[str, Any]:
    """Plain-text metadata for the theme: Highwire pairs and a JSON-LD object."""
    name = publisher(context)
    url = page_address(vignette.slug, context)
    version = version_of(vignette, context)
    vocabulary = index.vocabulary
    labels = [vocabulary.facets[f].terms[t].label for f, t in taught_terms(index, vignette)]
    t = i18n.strings(context.language)
    highwire: list[list[str]] = [["citation_title", vignette.title]]
    # One tag per author, "Achternaam, Voornaam". Nobody named: no author tag at all, since Highwire
    # cannot mark an organisation (Zotero would split the archive's name into a person); the archive
    # is the publisher and the website (og:site_name).
    highwire += [["citation_author", a.inverted] for a in vignette.authors]
    if version.published:
        highwire.append(["citation_publication_date", version.published.strftime("%Y/%m/%d")])
    highwire += [["citation_language", context.language], ["citation_publisher", name],
                 ["citation_abstract", vignette.summary]]
    if labels:
        highwire.append(["citation_keywords", "; ".join(labels)])
    if url:
        highwire += [["citation_public_url", url], ["citation_abstract_html_url", url]]
    for item in _source_items(index, vignette):
        pairs = [f"citation_author={csl_name(n, inverted=True)}" for n in item.get("author", [])]
        pairs += [f"citation_title={item['title']}"] if item.get("title") else []
        pairs += [f"citation_publication_date={csl_year(item)}"] if csl_year(item) else []
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
                                "termCode": term_id}
        term_set: dict[str, Any] = {"@type": "DefinedTermSet", "name": facet.label}
        if context.site_url:
            term["url"] = absolute_url(context.site_url, term_uri(facet.segment, term_id), context.use_directory_urls)
            term_set["url"] = absolute_url(context.site_url, facet_uri(facet.segment), context.use_directory_urls)
        term["inDefinedTermSet"] = term_set
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
        "learningResourceType": t["cite.kind"],  # "Casus" / "Case"
        "educationalLevel": t["jsonld.educational_level"],
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
        jsonld["educationalUse"] = t["jsonld.educational_use"]
    if version.published:
        jsonld["datePublished"] = version.published.isoformat()
    if version.updated:
        jsonld["dateModified"] = jsonld["version"] = version.updated.isoformat()
    if url:
        jsonld["url"] = url
    if file_url(version, context):  # this version's text, pinned to its commit: an archived copy, not the same page
        jsonld["archivedAt"] = file_url(version, context)
    return {"highwire": highwire, "jsonld": jsonld}


def _source_items(index: Index, vignette: Vignette) -> list[dict[str, Any]]:
    """The CSL items of the vignette's sources, in the order it cites them."""
    if index.sources is None:
        return []
    return [index.sources[key].csl for key, _ in grouped_refs(vignette) if key in index.sources]


def _creative_work(item: dict[str, Any]) -> dict[str, Any]:
    """schema.org for a CSL item: only what the item says."""
    work: dict[str, Any] = {"@type": "CreativeWork", "identifier": item["id"], "genre": item.get("genre") or item["type"]}
    if item.get("title"):
        work["name"] = item["title"]
    names = item.get("author", [])
    if names:
        work["author"] = [{"@type": "Organization" if "literal" in n else "Person", "name": csl_name(n)}
                          for n in names]
    if csl_date(item):
        work["datePublished"] = csl_date(item)
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
