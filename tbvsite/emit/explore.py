"""The explore page: every vignette as a card, with facet filters.

The page is plain HTML that works without JavaScript (the full list of cards).
The filter form is drawn in its place from the start, so nothing moves when
the script starts; a browser without scripts hides it (CSS ``scripting``).
``assets/explore.js`` makes the filter form work, hides the cards that do not
match, updates the count per term and keeps the selection in the URL query
(``?strategieen=schuren&actoren=eveline``), so a lecturer can link to it.
Within a facet any chosen term matches; across facets all must match.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Index, Vignette
from .. import i18n
from . import citation
from .text import address, front_matter, html_block, plain, term_uri, url, vignette_uri

if TYPE_CHECKING:
    from . import Context




def emit(index: Index, context: "Context") -> dict[str, str]:
    return {address("explore"): render_explore(index, context)}


# The filter group of sources: its name in the query and the cards' data attribute (data-bron).
SOURCE_SEGMENT = "bron"


def _source_filter(index: Index, context: "Context") -> list[dict]:
    """One more group, by source, when the vignettes rest on more than one; labels are citeproc's references."""
    counts: dict[str, int] = {}
    for vignette in index.vignettes:
        for key in dict.fromkeys(r.ref for r in vignette.source):
            counts[key] = counts.get(key, 0) + 1
    if len(counts) < 2:
        return []
    references = citation.references(index, context)
    return [{"segment": SOURCE_SEGMENT, "id": SOURCE_SEGMENT, "label": i18n.strings(context.language)["explore.source"], "terms": [
        {"id": key, "label": references.get(key, ""), "reference": True, "count": n} for key, n in counts.items()]}]


def _filters(index: Index) -> list[dict]:
    """Per facet, the terms that some vignette carries, with their counts."""
    facets = []
    for facet in index.vocabulary.facets.values():
        used = [t for t in facet.terms.values() if index.by_term.get((facet.id, t.id))]
        if used:
            facets.append({"segment": facet.segment, "id": facet.id, "label": facet.label, "terms": [
                {"id": t.id, "label": t.label, "count": len(index.by_term[(facet.id, t.id)])} for t in used]})
    return facets


def _card(index: Index, vignette: Vignette, context: "Context") -> dict:
    vocabulary = index.vocabulary
    facets = []
    for facet_id, ids in vignette.tags.items():
        facet = vocabulary.facets.get(facet_id)
        if facet is None or not ids:
            continue
        facets.append({"label": facet.label, "terms": [
            {"url": url(context, address("explore"), term_uri(facet.segment, t)), "label": facet.terms[t].label} for t in ids]})
    return {"slug": vignette.slug, "url": url(context, address("explore"), vignette_uri(vignette.slug)),
            "title": vignette.title, "summary": vignette.summary, "facets": facets,
            "data": [(vocabulary.facets[f].segment, " ".join(ids)) for f, ids in vignette.tags.items()
                     if f in vocabulary.facets]
            + [(SOURCE_SEGMENT, " ".join(dict.fromkeys(r.ref for r in vignette.source)))]}


def render_explore(index: Index, context: "Context") -> str:
    t = i18n.strings(context.language)
    facets = ", ".join(f.label.lower() for f in index.vocabulary.facets.values())
    return "\n".join([
        front_matter({"title": t["explore.title"], "search": {"exclude": True}, "tbvsite": {"kind": "explore"}}),
        f"# {plain(t['explore.title'])}\n",
        plain(t.format("explore.intro", facets=facets)) + "\n",
        html_block("explore.html", context, facets=_filters(index) + _source_filter(index, context), total=len(index.vignettes),
                   cards=[_card(index, v, context) for v in index.vignettes]),
    ])
