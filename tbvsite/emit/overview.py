"""The overview page: matrices of vignettes and positions against the facets.

The matrices are HTML from one template (``partials/tbv/matrix.html``) with a
caption and header scopes; their links come from the one URL function and
the built site's link check proves them. The headings stay Markdown, in the
table of contents.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ..fields import DECISION, chosen_facet
from ..model import Index
from .. import i18n
from .text import address, front_matter, html_block, plain, term_uri, url, vignette_uri

if TYPE_CHECKING:
    from . import Context


def emit(index: Index, context: "Context") -> dict[str, str]:
    return {address("overview"): render_overview(index, context)}


def _link(context: "Context", to: str, label: str) -> dict:
    return {"url": url(context, address("overview"), to), "label": label}


def _mark(context: "Context", slug: str, text: str, count: int, name: str) -> dict:
    """A terse link in a cell: a shade for how full the cell is, and an accessible name."""
    return {"url": url(context, address("overview"), vignette_uri(slug)), "text": text, "shade": min(count, 4), "name": name}


def render_overview(index: Index, context: "Context") -> str:
    vocabulary = index.vocabulary
    t = i18n.strings(context.language)
    out = [front_matter({"title": t["overview.title"], "search": {"exclude": True}, "tbvsite": {"kind": "overview"}}),
           f"# {plain(t['overview.title'])}\n", plain(t["overview.intro"]) + "\n"]
    fields = list(vocabulary.position_fields.values())
    targets = fields[-1:] if fields else list(vocabulary.facets)
    for facet_id in targets:
        facet = vocabulary.facets[facet_id]
        # Only terms some vignette carries: an empty column says nothing, and a term that no vignette
        # has as an option (a strategy that was only ever the outcome) would tell an ending.
        used = [term for term in facet.terms.values() if index.by_term.get((facet_id, term.id))]
        columns = [_link(context, term_uri(facet.segment, term.id), term.label) for term in used]
        rows = []
        for vignette in index.vignettes:
            tagged = set(vignette.tags.get(facet_id, ()))
            cells = [{"mark": "", "links": [_mark(context, vignette.slug, t["overview.tagged"], 1,
                                                  f"{vignette.title}: {term.label}")] if term.id in tagged else []}
                     for term in used]
            rows.append({**_link(context, vignette_uri(vignette.slug), vignette.title), "cells": cells})
        out.append(f"## {plain(t.format('overview.vignettes_heading', facet=facet.label.lower()))}\n")
        out.append(html_block("matrix.html", context, caption=t.format("overview.vignettes_caption", facet=facet.label.lower()),
                              corner=t["overview.vignette"], columns=columns, rows=rows))
    if len(fields) >= 2:
        out.append(render_position_matrix(index, context, fields[0], fields[-1]))
    choices = render_choice_matrix(index, context)
    if choices:
        out.append(choices)
    return "\n".join(out)


def render_choice_matrix(index: Index, context: "Context") -> str:
    """Decision vignettes × their options: which were on the table, which the team took.

    It tells every outcome, so it sits in a collapsed part of its own, like
    the outcome on a vignette page.
    """
    facet_id = chosen_facet(index.vocabulary)
    decisions = [v for v in index.vignettes if v.form == DECISION and v.chosen]
    if facet_id is None or not decisions:
        return ""
    t = i18n.strings(context.language)
    facet = index.vocabulary.facets[facet_id]
    used = [term for term in facet.terms.values() if any(term.id in v.tags.get(facet_id, ()) for v in decisions)]
    columns = [_link(context, term_uri(facet.segment, term.id), term.label) for term in used]
    rows = []
    for vignette in decisions:
        options = vignette.tags.get(facet_id, ())
        cells = [{"links": [], "mark": "chosen" if term.id in vignette.chosen else "considered" if term.id in options else ""}
                 for term in used]
        rows.append({**_link(context, vignette_uri(vignette.slug), vignette.title), "cells": cells})
    name = facet.label.lower()
    return "\n".join([
        f"## {plain(t.format('overview.choices_heading', facet=name))}\n",
        plain(t.format("overview.choices_intro", facet=name)) + "\n",
        html_block("choice_matrix.html", context, caption=t.format("overview.choices_caption", facet=name),
                   corner=t["overview.vignette"], columns=columns, rows=rows),
    ])


def render_position_matrix(index: Index, context: "Context", row_facet_id: str, col_facet_id: str) -> str:
    vocabulary = index.vocabulary
    t = i18n.strings(context.language)
    rows_facet, cols_facet = vocabulary.facets[row_facet_id], vocabulary.facets[col_facet_id]
    row_key = next(k for k, f in vocabulary.position_fields.items() if f == row_facet_id)
    col_key = next(k for k, f in vocabulary.position_fields.items() if f == col_facet_id)
    cells: dict[tuple[str, str], list[str]] = defaultdict(list)
    for vignette in index.vignettes:
        for position in vignette.positions:
            key = (position.refs[row_key], position.refs[col_key])
            if vignette.slug not in cells[key]:
                cells[key].append(vignette.slug)
    used_rows = [term for term in rows_facet.terms.values() if any(k[0] == term.id for k in cells)]
    used_cols = [term for term in cols_facet.terms.values() if any(k[1] == term.id for k in cells)]
    number = {v.slug: i for i, v in enumerate(index.vignettes, 1)}
    rows = []
    for r in used_rows:
        row_cells = []
        for c in used_cols:
            slugs = cells.get((r.id, c.id), [])
            row_cells.append({"mark": "", "links": [
                _mark(context, slug, str(number[slug]), len(slugs), f"{number[slug]}. {index.by_slug[slug].title}")
                for slug in slugs]})
        rows.append({**_link(context, term_uri(rows_facet.segment, r.id), r.label), "cells": row_cells})
    return "\n".join([
        f"## {plain(rows_facet.label)} \u00d7 {plain(cols_facet.label.lower())}\n",
        plain(t["overview.positions_intro"]) + "\n",
        html_block("matrix.html", context, corner=rows_facet.singular,
                   caption=t.format("overview.positions_caption", rows=rows_facet.label.lower(),
                                    columns=cols_facet.label.lower()),
                   columns=[_link(context, term_uri(cols_facet.segment, c.id), c.label) for c in used_cols], rows=rows),
    ])
