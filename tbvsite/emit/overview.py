"""The overview page: matrices of vignettes and positions against the facets.

Tables are Markdown (so MkDocs checks their links) inside a ``tbv-matrix``
wrapper; :mod:`tbvsite.markdown_ext` adds the caption and header scopes.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ..fields import DECISION, chosen_facet
from ..model import Index
from .text import address, attr, front_matter, link, plain, term_uri, vignette_uri

if TYPE_CHECKING:
    from . import Context


def emit(index: Index, context: "Context") -> dict[str, str]:
    return {address("overview"): render_overview(index)}


def _shade(count: int, label: str) -> str:
    """attr_list: a class for the shade and an accessible name for a terse link."""
    name = attr(label).replace("|", "&#124;")
    return f'{{ .tbv-n{min(count, 4)} aria-label="{name}" }}'


def _table(caption: str, head: list[str], rows: list[list[str]]) -> str:
    lines = [f'<div class="tbv-matrix" data-caption="{attr(caption)}" markdown>\n',
             "| " + " | ".join(head) + " |", "|---|" + "---|" * (len(head) - 1)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n\n</div>\n"


def render_overview(index: Index) -> str:
    here = address("overview")
    vocabulary = index.vocabulary
    out = [front_matter({"title": "Overzicht", "search": {"exclude": True}, "tbvsite": {"kind": "overview"}}), "# Overzicht\n",
           "De tabellen hieronder laten zien welke termen in welke vignetten voorkomen en wie waarvoor pleitte. "
           "Een getal of vinkje verwijst naar de vignetten achter die cel.\n"]
    fields = list(vocabulary.position_fields.values())
    targets = fields[-1:] if fields else list(vocabulary.facets)
    for facet_id in targets:
        facet = vocabulary.facets[facet_id]
        head = ["Vignet"] + [link(here, term_uri(facet.segment, t.id), t.label) for t in facet.terms.values()]
        rows = []
        for vignette in index.vignettes:
            tagged = set(vignette.tags.get(facet_id, ()))
            row = [link(here, vignette_uri(vignette.slug), vignette.title)]
            for t in facet.terms:
                label = f"{vignette.title}: {facet.terms[t].label}"
                row.append(f"[\u2713]({vignette_uri(vignette.slug)}){_shade(1, label)}" if t in tagged else "")
            rows.append(row)
        out.append(f"## Vignetten \u00d7 {plain(facet.label.lower())}\n")
        out.append(_table(f"Welke {facet.label.lower()} spelen in welk vignet", head, rows))
    if len(fields) >= 2:
        out.append(render_position_matrix(index, here, fields[0], fields[-1]))
    choices = render_choice_matrix(index, here)
    if choices:
        out.append(choices)
    return "\n".join(out)


CHOSEN_MARK = "\u25cf gekozen"  # a filled circle and the word: never colour alone
OPTION_MARK = "\u25cb overwogen"


def render_choice_matrix(index: Index, here: str) -> str:
    """Decision vignettes × their options: which were on the table, which the team took.

    It tells every outcome, so it sits in a collapsed part of its own, like
    the outcome on a vignette page.
    """
    facet_id = chosen_facet(index.vocabulary)
    decisions = [v for v in index.vignettes if v.form == DECISION and v.chosen]
    if facet_id is None or not decisions:
        return ""
    facet = index.vocabulary.facets[facet_id]
    used = [t for t in facet.terms.values() if any(t.id in v.tags.get(facet_id, ()) for v in decisions)]
    head = ["Vignet"] + [link(here, term_uri(facet.segment, t.id), t.label) for t in used]
    rows = []
    for vignette in decisions:
        options = vignette.tags.get(facet_id, ())
        row = [link(here, vignette_uri(vignette.slug), vignette.title)]
        for t in used:
            row.append(f"**{CHOSEN_MARK}**" if t.id in vignette.chosen else OPTION_MARK if t.id in options else "")
        rows.append(row)
    caption = f"Welke {facet.label.lower()} lagen op tafel en welke koos het team"
    return "\n".join([
        f"## Overwogen en gekozen {plain(facet.label.lower())}\n",
        f"Bij elk beslissingsvignet staan de {plain(facet.label.lower())} die op tafel lagen; "
        "de tabel zegt welke het team koos. Dat verklapt de afloop, dus hij staat ingeklapt.\n",
        '<details class="tbv-fold" data-tbv-fold="overzicht" markdown>',
        f"<summary>Toon wat er gekozen werd (verklapt de afloop)</summary>\n",
        _table(caption, head, rows),
        "</details>\n",
    ])


def render_position_matrix(index: Index, here: str, row_facet_id: str, col_facet_id: str) -> str:
    vocabulary = index.vocabulary
    rows_facet, cols_facet = vocabulary.facets[row_facet_id], vocabulary.facets[col_facet_id]
    row_key = next(k for k, f in vocabulary.position_fields.items() if f == row_facet_id)
    col_key = next(k for k, f in vocabulary.position_fields.items() if f == col_facet_id)
    cells: dict[tuple[str, str], list[str]] = defaultdict(list)
    for vignette in index.vignettes:
        for position in vignette.positions:
            key = (position.refs[row_key], position.refs[col_key])
            if vignette.slug not in cells[key]:
                cells[key].append(vignette.slug)
    used_rows = [t for t in rows_facet.terms.values() if any(k[0] == t.id for k in cells)]
    used_cols = [t for t in cols_facet.terms.values() if any(k[1] == t.id for k in cells)]
    head = [plain(rows_facet.singular)] + [link(here, term_uri(cols_facet.segment, t.id), t.label) for t in used_cols]
    number = {v.slug: i for i, v in enumerate(index.vignettes, 1)}
    rows = []
    for r in used_rows:
        row = [link(here, term_uri(rows_facet.segment, r.id), r.label)]
        for c in used_cols:
            slugs = cells.get((r.id, c.id), [])
            row.append(" ".join(
                f"[{number[slug]}]({vignette_uri(slug)}){_shade(len(slugs), f'{number[slug]}. {index.by_slug[slug].title}')}"
                for slug in slugs))
        rows.append(row)
    caption = f"Welke {rows_facet.label.lower()} pleitten voor welke {cols_facet.label.lower()}"
    return (f"## {plain(rows_facet.label)} \u00d7 {plain(cols_facet.label.lower())}\n\n"
            "Elke cel noemt de vignetten waarin die actor voor die strategie pleitte; "
            "het nummer is dat van het vignet in de leesvolgorde.\n\n"
            + _table(caption, head, rows))
