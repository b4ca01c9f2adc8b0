"""A page per term of every facet, and an index page per facet.

One code path serves every facet: what a page shows comes from the facet's
declared attributes, so a facet added to the taxonomy gets pages with no code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Attribute, Facet, Index, Term
from .. import fold, i18n
from .text import SEARCH_EXCLUDE, attr, facet_uri, front_matter, html_block, link, plain, term_uri, url, vignette_uri
from .vignette import render_positions

if TYPE_CHECKING:
    from . import Context


# Above this many vignettes a term page lists titles without their summaries.
SUMMARIES_MAX = 50


def emit(index: Index, context: "Context") -> dict[str, str]:
    pages: dict[str, str] = {}
    for facet in index.vocabulary.facets.values():
        pages[facet_uri(facet.segment)] = render_facet(index, facet, context)
        for term in facet.terms.values():
            pages[term_uri(facet.segment, term.id)] = render_term(index, facet, term, context)
    return pages


def attribute_value(index: Index, here: str, attribute: Attribute, value, context: "Context") -> dict:
    """An attribute's value as data for ``attribute_value.html``: its text, and a URL when it names a term."""
    if attribute.type == "term":
        target = index.vocabulary.facets[attribute.facet or ""]
        return {"text": target.terms[value].label, "url": url(context, here, term_uri(target.segment, value))}
    if attribute.type == "scale":
        text = i18n.strings(context.language).format("term.scale", value=value, min=attribute.min, max=attribute.max)
        if attribute.low and attribute.high:
            text += f" ({attribute.low} = {attribute.min}, {attribute.high} = {attribute.max})"
        return {"text": text, "url": ""}
    if attribute.type == "list":
        return {"text": "; ".join(" ".join(str(item).split()) for item in value), "url": ""}
    return {"text": " ".join(str(value).split()), "url": ""}


def render_term(index: Index, facet: Facet, term: Term, context: "Context") -> str:
    here = term_uri(facet.segment, term.id)
    t = i18n.strings(context.language)
    slugs = index.by_term.get((facet.id, term.id), ())
    meta = {"title": attr(term.label), "description": attr(f"{facet.singular}: {term.label}"),
            "tbvsite": {"kind": "term", "facet": facet.id, "term": term.id}}
    attributes = [{"label": a.label, **attribute_value(index, here, a, term.attributes[a.id], context)}
                  for a in facet.attributes if term.attributes.get(a.id) not in (None, ())]
    out = [front_matter(meta), f"# {plain(term.label)}\n",
           html_block("term_head.html", context, attributes=attributes,
                 facet={"url": url(context, here, facet_uri(facet.segment)), "label": facet.singular}),
           term.description.strip() + "\n",
           *filter(None, [render_outcome(index, facet, term, context)]),
           f"## {plain(t.format('term.vignettes', term=facet.singular.lower(), n=len(slugs)))} {{ {SEARCH_EXCLUDE} }}\n"]
    if slugs:
        # A long list reads better, and builds faster, as titles alone.
        with_summary = len(slugs) <= SUMMARIES_MAX
        items = [{"url": url(context, here, vignette_uri(slug)), "title": index.by_slug[slug].title,
                  "summary": index.by_slug[slug].summary if with_summary else ""} for slug in slugs]
        out.append(html_block("term_list.html", context, items=items))
    else:
        out.append(plain(t["term.no_vignettes"]) + "\n")
    positions = index.positions_by_term.get((facet.id, term.id), ())
    if positions:
        out.append(f"## {plain(t['term.positions'])} {{ {SEARCH_EXCLUDE} }}\n")
        out.append(render_positions(index, here, positions, context, with_vignette=True))
    return "\n".join(out)


def render_outcome(index: Index, facet: Facet, term: Term, context: "Context") -> str:
    """What the term did in how each decision case ended: only ever inside a closed fold with the
    vignette page's label (tbvsite/fold.py). Empty when the taxonomy gives the term no ``outcome``."""
    here = term_uri(facet.segment, term.id)
    items = [(index.by_slug[slug], text) for slug, text in term.outcome.items() if slug in index.by_slug]
    if not items:
        return ""
    t = i18n.strings(context.language)
    out = [f'<details class="{fold.FOLD_CLASS}" data-tbv-fold="term" markdown>',
           f"<summary>{attr(fold.summary(context.language))}</summary>\n",
           plain(t.format("fold.term_outcome", term=facet.singular.lower())) + "\n"]
    out += [f"- {link(here, vignette_uri(vignette.slug), vignette.title)}: {' '.join(text.split())}"
            for vignette, text in items]
    out.append("\n</details>\n")
    return "\n".join(out)


def render_facet(index: Index, facet: Facet, context: "Context") -> str:
    here = facet_uri(facet.segment)
    columns = [a for a in facet.attributes if a.type in ("text", "scale", "term")]
    out = [front_matter({"title": attr(facet.label), "tbvsite": {"kind": "facet", "facet": facet.id}}),
           f"# {plain(facet.label)}\n"]
    if facet.intro:
        out.append(facet.intro.strip() + "\n")
    rows = []
    for term in facet.terms.values():
        cells = []
        for a in columns:
            value = term.attributes.get(a.id)
            cells.append({"text": str(value), "url": ""} if a.type == "scale" and value is not None
                         else attribute_value(index, here, a, value, context) if value else {"text": "", "url": ""})
        rows.append({"url": url(context, here, term_uri(facet.segment, term.id)), "label": term.label,
                     "cells": cells, "count": len(index.by_term.get((facet.id, term.id), ()))})
    out.append(html_block("facet_table.html", context, head=[facet.singular] + [a.label for a in columns], rows=rows))
    return "\n".join(out)
