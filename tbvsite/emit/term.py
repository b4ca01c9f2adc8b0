"""A page per term of every facet, and an index page per facet.

One code path serves every facet: what a page shows comes from the facet's
declared attributes, so a facet added to the taxonomy gets pages with no code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Attribute, Facet, Index, Term
from .text import attr, facet_uri, front_matter, link, plain, term_uri, vignette_uri
from .vignette import render_positions

if TYPE_CHECKING:
    from . import Context


# Material's search leaves out a section whose heading carries this attribute.
SEARCH_EXCLUDE = "data-search-exclude"
# Above this many vignettes a term page lists titles without their summaries.
SUMMARIES_MAX = 50


def emit(index: Index, context: "Context") -> dict[str, str]:
    pages: dict[str, str] = {}
    for facet in index.vocabulary.facets.values():
        pages[facet_uri(facet.segment)] = render_facet(index, facet)
        for term in facet.terms.values():
            pages[term_uri(facet.segment, term.id)] = render_term(index, facet, term)
    return pages


def attribute_value(index: Index, here: str, attribute: Attribute, value) -> str:
    if attribute.type == "term":
        target = index.vocabulary.facets[attribute.facet or ""]
        return link(here, term_uri(target.segment, value), target.terms[value].label)
    if attribute.type == "scale":
        ends = f" ({plain(attribute.low)} = {attribute.min}, {plain(attribute.high)} = {attribute.max})" \
            if attribute.low and attribute.high else ""
        return f"{value} op een schaal van {attribute.min} tot {attribute.max}{ends}"
    if attribute.type == "list":
        return "; ".join(plain(item) for item in value)
    return plain(value)


def render_term(index: Index, facet: Facet, term: Term) -> str:
    here = term_uri(facet.segment, term.id)
    slugs = index.by_term.get((facet.id, term.id), ())
    meta = {"title": attr(term.label), "description": attr(f"{facet.singular}: {term.label}"),
            "tbvsite": {"kind": "term", "facet": facet.id, "term": term.id}}
    out = [front_matter(meta), f"# {plain(term.label)}\n",
           f"{link(here, facet_uri(facet.segment), facet.singular)}\n{{: .tbv-kicker }}\n"]
    shown = [(a, term.attributes[a.id]) for a in facet.attributes if term.attributes.get(a.id) not in (None, ())]
    if shown:
        out.append('<div class="tbv-meta" markdown>\n')
        out += [f"{plain(a.label)}\n:   {attribute_value(index, here, a, value)}\n" for a, value in shown]
        out.append("</div>\n")
    out.append(term.description.strip() + "\n")
    # The lists repeat titles and summaries that the vignette pages carry: not in the search index.
    out.append(f"## Vignetten met deze {plain(facet.singular.lower())} ({len(slugs)}) {{ {SEARCH_EXCLUDE} }}\n")
    if slugs:
        # A long list reads better, and builds faster, as titles alone.
        with_summary = len(slugs) <= SUMMARIES_MAX
        for slug in slugs:
            vignette = index.by_slug[slug]
            entry = f"- {link(here, vignette_uri(slug), vignette.title)}"
            out.append(f"{entry}: {plain(vignette.summary)}" if with_summary else entry)
        out.append("")
    else:
        out.append("Nog geen enkel vignet draagt deze term.\n")
    positions = index.positions_by_term.get((facet.id, term.id), ())
    if positions:
        out.append(render_positions(index, here, positions, heading=f"## Posities in de vignetten {{ {SEARCH_EXCLUDE} }}\n",
                                    with_vignette=True))
    return "\n".join(out)


def render_facet(index: Index, facet: Facet) -> str:
    here = facet_uri(facet.segment)
    columns = [a for a in facet.attributes if a.type in ("text", "scale", "term")]
    out = [front_matter({"title": attr(facet.label), "tbvsite": {"kind": "facet", "facet": facet.id}}),
           f"# {plain(facet.label)}\n"]
    if facet.intro:
        out.append(facet.intro.strip() + "\n")
    head = [facet.singular] + [a.label for a in columns] + ["Vignetten"]
    out.append("| " + " | ".join(plain(h) for h in head) + " |")
    out.append("|" + "---|" * (len(head) - 1) + "--:|")
    for term in facet.terms.values():
        cells = [link(here, term_uri(facet.segment, term.id), term.label)]
        for a in columns:
            value = term.attributes.get(a.id)
            cells.append(str(value) if a.type == "scale" and value is not None
                         else attribute_value(index, here, a, value) if value else "")
        cells.append(str(len(index.by_term.get((facet.id, term.id), ()))))
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"
