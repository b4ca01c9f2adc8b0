"""The page of each vignette, and the list of all vignettes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import body
from ..fields import ANALYSIS_HEADING, DECISION, OUTCOME_HEADING, chosen_facet
from ..model import Index, Vignette
from . import citation, teaching
from .text import address, attr, front_matter, link, plain, reading_minutes, term_uri, vignette_uri

if TYPE_CHECKING:
    from . import Context

def list_uri() -> str:
    return f"{address('vignettes')}/index.md"
REPORTAGE = 'Heederik, "Werken binnen én tegen het systeem"'
# The one collapsed part of a page (and of a handout item): outcome and analysis.
FOLD_CLASS = "tbv-fold"
CODING_NOTE = ("De termen hierboven zijn onze eigen codering van de reportage: wij kozen ze, "
               "de reportage gebruikt ze niet altijd zelf.")


def emit(index: Index, context: "Context") -> dict[str, str]:
    pages = {vignette_uri(v.slug): render_vignette(index, v, context) for v in index.vignettes}
    pages[list_uri()] = render_list(index)
    return pages


def source_line(vignette: Vignette) -> str:
    parts = []
    for ref in vignette.source:
        part = f"sectie \u201c{plain(ref.section)}\u201d"
        if ref.page:
            part += f", vanaf p.\u00a0{ref.page}"
        parts.append(part)
    return f"{plain(REPORTAGE)}, " + "; ".join(parts)


def tag_links(index: Index, here: str, facet_id: str, ids: tuple[str, ...]) -> str:
    facet = index.vocabulary.facets[facet_id]
    return ", ".join(link(here, term_uri(facet.segment, t), facet.terms[t].label) for t in ids)


def fold_summary(vignette: Vignette) -> str:
    return f"{OUTCOME_HEADING} en analyse" if vignette.form == DECISION else ANALYSIS_HEADING


def chosen_line(index: Index, here: str, vignette: Vignette) -> str:
    """The chosen options, named as such (only ever inside the fold)."""
    facet_id = chosen_facet(index.vocabulary)
    if not vignette.chosen or facet_id is None:
        return ""
    facet = index.vocabulary.facets[facet_id]
    name = "Gekozen" + (f" {facet.singular.lower()}" if len(vignette.chosen) == 1 else f" {facet.label.lower()}")
    return f"**{plain(name)}:** {tag_links(index, here, facet_id, vignette.chosen)}\n{{ .tbv-chosen }}\n"


def render_fold(index: Index, here: str, vignette: Vignette, *, level: int = 2, anchor: str = "") -> str:
    """One collapsed ``<details>``: "Hoe het afliep" (with the chosen options), then "Analyse".

    ``level`` is the heading level inside it (2 on a vignette page, 3 in the
    handout); ``anchor`` prefixes heading ids where one page holds several
    vignettes. Empty when the body has no fold part.
    """
    parts = body.split(vignette.body)
    if not parts.has_fold and not vignette.chosen:
        return ""
    hashes = "#" * level
    out = [f'<details class="{FOLD_CLASS}" data-tbv-fold="{attr(vignette.form)}" markdown>',
           f"<summary>{attr(fold_summary(vignette))}</summary>\n"]
    if vignette.form == DECISION:
        heading_id = f" {{#{anchor}hoe-het-afliep}}" if anchor else ""
        out.append(f"{hashes} {OUTCOME_HEADING}{heading_id}\n")
        chosen = chosen_line(index, here, vignette)
        if chosen:
            out.append(chosen)
        if parts.outcome.strip():
            out.append(teaching.demote_headings(parts.outcome.strip(), level + 1) + "\n")
    if parts.analysis.strip():
        heading_id = f" {{#{anchor}analyse}}" if anchor else ""
        out.append(f"{hashes} {ANALYSIS_HEADING}{heading_id}\n")
        out.append(teaching.demote_headings(parts.analysis.strip(), level + 1) + "\n")
    out.append("</details>\n")
    return "\n".join(out)


def render_vignette(index: Index, vignette: Vignette, context: "Context") -> str:
    """The page, in the order of the teaching contract: nothing before the fold reveals the outcome."""
    here = vignette_uri(vignette.slug)
    vocabulary = index.vocabulary
    meta = {
        "title": attr(vignette.title),
        "description": attr(vignette.summary),
        "tbvsite": {"kind": "vignette", "slug": vignette.slug},
    }
    out = [front_matter(meta), f"# {plain(vignette.title)}\n",
           f'<p class="tbv-summary">{attr(vignette.summary)}</p>\n',
           '<div class="tbv-meta" markdown>\n']
    for facet_id, ids in vignette.tags.items():
        if ids:
            out.append(f"{plain(vocabulary.facets[facet_id].label)}\n:   {tag_links(index, here, facet_id, ids)}\n")
    out.append(f"Bron\n:   {source_line(vignette)}\n")
    out.append(f"Leestijd\n:   ongeveer {reading_minutes(vignette.body)} min\n")
    out += citation.meta_lines(vignette, context)
    out.append(f'<p class="tbv-coding-note">{attr(CODING_NOTE)}</p>\n')
    out.append("</div>\n")
    if vignette.objectives:
        out.append("## Leerdoelen\n")
        out += [f"- {plain(o)}" for o in vignette.objectives]
        out.append("")
    out.append(body.split(vignette.body).before.strip() + "\n")
    if vignette.questions:
        out.append("## Discussievragen\n")
        out += [f"{i}. {plain(q)}" for i, q in enumerate(vignette.questions, 1)]
        out.append("")
    if vignette.positions:
        out.append(render_positions(index, here, [(vignette.slug, p) for p in vignette.positions],
                                    heading="## Posities\n", with_vignette=False))
    fold = render_fold(index, here, vignette)
    if fold:
        out.append(fold)
    if vignette.slug in context.notes:
        out.append(teaching.render_note(context.notes[vignette.slug]))
    related = index.related.get(vignette.slug, ())
    if related:
        out.append("## Verwante vignetten\n")
        for slug, shared in related:
            other = index.by_slug[slug]
            noun = "gedeelde term" if shared == 1 else "gedeelde termen"
            out.append(f"- {link(here, vignette_uri(slug), other.title)}: {plain(other.summary)} "
                       f"<small>({shared} {noun})</small>")
        out.append("")
    out.append(citation.render_block(index, vignette, context))
    out.append(render_pager(index, here, vignette.slug))
    return "\n".join(out)


def render_positions(index: Index, here: str, positions, *, heading: str, with_vignette: bool) -> str:
    """A table of positions: (vignette,) one column per position field, and the note."""
    vocabulary = index.vocabulary
    fields = list(vocabulary.position_fields.items())
    head = (["Vignet"] if with_vignette else []) + [vocabulary.facets[f].singular for _, f in fields] + ["Toelichting"]
    rows = []
    for slug, position in positions:
        cells = [link(here, vignette_uri(slug), index.by_slug[slug].title)] if with_vignette else []
        for key, facet_id in fields:
            facet = vocabulary.facets[facet_id]
            term_id = position.refs[key]
            cells.append(link(here, term_uri(facet.segment, term_id), facet.terms[term_id].label))
        cells.append(plain(position.note))
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join([heading, "| " + " | ".join(plain(h) for h in head) + " |",
                      "|" + "---|" * len(head), *rows, ""])


def render_pager(index: Index, here: str, slug: str) -> str:
    previous, following = index.neighbours[slug]
    items = []
    if previous:
        items.append(f"- Vorig vignet: {link(here, vignette_uri(previous), index.by_slug[previous].title)}")
    if following:
        items.append(f"- Volgend vignet: {link(here, vignette_uri(following), index.by_slug[following].title)}")
    if not items:
        return ""
    return '<nav class="tbv-pager" aria-label="Vorig en volgend vignet" markdown>\n\n' + "\n".join(items) + "\n\n</nav>\n"


def render_list(index: Index) -> str:
    here = list_uri()
    out = [front_matter({"title": "Vignetten", "tbvsite": {"kind": "vignettes"}}), "# Vignetten\n",
           f"Het archief telt {len(index.vignettes)} vignetten, in leesvolgorde.\n"]
    for vignette in index.vignettes:
        out.append(f"- **{link(here, vignette_uri(vignette.slug), vignette.title)}**: {plain(vignette.summary)}")
    return "\n".join(out) + "\n"
