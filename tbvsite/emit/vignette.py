"""The page of each vignette, and the list of all vignettes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from markupsafe import Markup

from .. import body, fold, i18n, passages, render
from ..fields import DECISION, FOLD_ANCHORS, FOLD_HEADINGS, chosen_facet
from ..model import Index, Vignette
from . import citation, memo, teaching
from .text import SEARCH_EXCLUDE, address, attr, edition, front_matter, html_block, plain, reading_minutes, term_uri, url, vignette_uri

if TYPE_CHECKING:
    from . import Context



def list_uri() -> str:
    """The list of vignettes in the current edition (tbvsite.emit.text.edition)."""
    return f"{address('vignettes')}/index.md"


# The one collapsed part of a page (and of a handout item): outcome and analysis (tbvsite/fold.py).
FOLD_CLASS = fold.FOLD_CLASS
# The value of ``data-tbv-fold`` on the second fold, inside the first, that holds the answer to part B.
PART_B_FOLD = "part-b"


def emit(index: Index, context: "Context", *, defer: bool = False) -> dict[str, str | Callable[[], str]]:
    """Every vignette's page and the list. ``defer``: each vignette's page as a function that writes
    it when called, so a build need not hold every page's Markdown at once (memory, issue 26). Under
    the preview (``context.memo``), a page is the previous build's while nothing it reads changed."""
    if defer:
        pages = {vignette_uri(v.slug): partial(_render_in_edition, index, v, context) for v in index.vignettes}
    else:
        pages = {vignette_uri(v.slug): memo.part(context, "page", v, partial(render_vignette, index, v, context))
                 for v in index.vignettes}
    pages[list_uri()] = render_list(index, context)
    return pages


def _render_in_edition(index: Index, vignette: Vignette, context: "Context") -> str:
    with edition(context.language):  # called later, outside emit.emit's edition
        return render_vignette(index, vignette, context)


def source_line(index: Index, vignette: Vignette, context: "Context") -> Markup:
    """The "Bron" line of the metadata panel: citeproc's reference of each source, linked to
    the source's page. Where in it the vignette rests is in "Citeer deze casus" (citation.render_block),
    so the panel stays short on a phone."""
    here = vignette_uri(vignette.slug)
    return Markup(" · ").join(
        Markup('<a href="{}">{}</a>').format(url(context, here, citation.source_uri(key)),
                                             citation.reference_html(index, key, context))
        for key, _ in citation.grouped_refs(vignette))


def _link(context: "Context", here: str, to: str, label: str) -> dict:
    return {"url": url(context, here, to), "label": label}


def render_meta(index: Index, vignette: Vignette, context: "Context") -> str:
    """The metadata panel: terms per facet, source, reading time, authors and version dates."""
    here = vignette_uri(vignette.slug)
    facets = []
    for facet_id, ids in vignette.tags.items():
        if ids:
            facet = index.vocabulary.facets[facet_id]
            facets.append({"label": facet.label, "terms": [
                {"url": url(context, here, term_uri(facet.segment, t)), "label": facet.terms[t].label} for t in ids]})
    version = citation.version_of(vignette, context)
    published, updated = version.published, version.updated or version.published
    return html_block("meta.html", context, facets=facets, terms=sum(len(f["terms"]) for f in facets),
                      source=source_line(index, vignette, context), toc=Markup(page_toc(context).strip()),
                 minutes=reading_minutes(passages.strip(vignette.body)),
                 authors=", ".join(a.display for a in vignette.authors),
                 published=citation.long_date(published, context.language) if published else "",
                 updated=citation.long_date(updated, context.language) if updated else "")


def render_colophon(index: Index, vignette: Vignette, context: "Context") -> str:
    """What a printed page of the vignette (or its handout item) says about itself: archive, title,
    source, licence, address and version (theme/partials/tbv/colophon.html; shown on paper only).
    The link is made as from a page beside it, so it holds on the page and in its handout item
    (the handout page is one of the vignette pages' siblings)."""
    t = i18n.strings(context.language)
    version = citation.version_of(vignette, context)
    day = version.updated or version.published
    return html_block("colophon.html", context, archive=citation.publisher(context), title=vignette.title,
                      source=Markup("; ").join(citation.reference_html(index, key, context)
                                               for key, _ in citation.grouped_refs(vignette)),
                      licence=citation.TEXT_LICENCE, link=url(context, vignette_uri(vignette.slug + "-"), vignette_uri(vignette.slug)),
                      address=citation.page_address(vignette.slug, context),
                      version=citation.long_date(day, context.language) if day else t["vignette.date_unknown"])


def page_toc(context: "Context") -> str:
    """A closed "Op deze pagina" menu at the top of the page: vignette pages are not in the nav, so a
    phone shows no table of contents for them. Its list is the converted page's own headings, put in
    by the plugin (tbvsite/mkdocs/pages.py, fill_page_toc); without the plugin (no marker) it stays
    empty. Shown in the metadata panel, beside "Codering" (meta.html)."""
    return render.render("page_toc.html", dirs=context.template_dirs, language=context.language,
                         marker=context.block_marker)


def fold_summary(vignette: Vignette, language: str = i18n.DEFAULT_LANGUAGE) -> str:
    return fold.summary(language, vignette.form == DECISION)


def chosen_line(index: Index, here: str, vignette: Vignette, context: "Context") -> str:
    """The chosen options, named as such (only ever inside the fold)."""
    facet_id = chosen_facet(index.vocabulary)
    if not vignette.chosen or facet_id is None:
        return ""
    facet = index.vocabulary.facets[facet_id]
    one = len(vignette.chosen) == 1
    name = i18n.strings(context.language).format("fold.chosen", facet=(facet.singular if one else facet.label).lower())
    terms = [_link(context, here, term_uri(facet.segment, t), facet.terms[t].label) for t in vignette.chosen]
    return html_block("chosen.html", context, name=name, terms=terms)


def render_fold(index: Index, here: str, vignette: Vignette, context: "Context", *, level: int = 2,
                anchor: str = "") -> str:
    """One collapsed ``<details>``: "Hoe het afliep" (with the chosen options), then "Analyse".

    A decision with a part B (body.part_b) shows, after opening, the outcome up to and with its
    part B and its question; the answer, the chosen options and the analysis are in a second
    ``<details>`` inside the first (``data-tbv-fold="part-b"``), so a class can stop at the
    question. ``level`` is the heading level inside it; ``anchor`` prefixes heading ids where
    one page holds several vignettes. Empty when the body has no fold part.
    """
    parts = body.split(vignette.body)
    if not parts.has_fold and not vignette.chosen:
        return ""
    hashes = "#" * level
    headings = FOLD_HEADINGS.get(context.language, FOLD_HEADINGS["nl"])
    anchors = FOLD_ANCHORS.get(context.language, FOLD_ANCHORS["nl"])
    out = [f'<details class="{FOLD_CLASS}" data-tbv-fold="{attr(vignette.form)}" markdown>',
           f"<summary>{attr(fold_summary(vignette, context.language))}</summary>\n"]
    outcome = teaching.demote_headings(parts.outcome.strip(), level + 1) if parts.outcome.strip() else ""
    second = body.part_b(outcome) if vignette.form == DECISION else None
    chosen = chosen_line(index, here, vignette, context) if vignette.form == DECISION else ""
    if vignette.form == DECISION:
        out.append(f"{hashes} {plain(headings[0])} {{#{anchor}{anchors[0]}}}\n")
        if second is None:
            out += [text for text in (chosen, outcome + "\n" if outcome else "") if text]
        else:  # the chosen options tell the answer to part B: they go into its fold
            out += [text + "\n" for text in (second.lead, second.heading, second.text)
                    if text]
            out += [f'<details class="{FOLD_CLASS}" data-tbv-fold="{PART_B_FOLD}" markdown>',
                    f"<summary>{attr(i18n.strings(context.language)['fold.part_b'])}</summary>\n"]
            out += [text for text in (chosen, second.answer + "\n" if second.answer else "") if text]
    if parts.analysis.strip():
        out.append(f"{hashes} {plain(headings[1])} {{#{anchor}{anchors[1]}}}\n")
        out.append(teaching.demote_headings(parts.analysis.strip(), level + 1) + "\n")
    if second is not None:
        out.append("</details>\n")
    out.append("</details>\n")
    return "\n".join(out)


def render_vignette(index: Index, vignette: Vignette, context: "Context") -> str:
    """The page, in the order of the teaching contract: nothing before the fold reveals the outcome.

    A Markdown page whose own parts are HTML blocks rendered from templates;
    only authored text (body, fold, teaching note) and the headings of the
    table of contents are Markdown.
    """
    here = vignette_uri(vignette.slug)
    t = i18n.strings(context.language)
    meta = {
        "title": attr(vignette.title),
        "description": attr(vignette.summary),
        "tbvsite": {"kind": "vignette", "slug": vignette.slug},
    }
    out = [front_matter(meta), f"# {plain(vignette.title)}\n",
           f'<p class="tbv-summary">{attr(vignette.summary)}</p>\n',
           render_meta(index, vignette, context),
           handout_part(render_colophon(index, vignette, context), "colophon", context)]
    if vignette.objectives:
        out.append(f"## {plain(t['vignette.objectives'])}\n")
        out.append(html_block("text_list.html", context, items=vignette.objectives, ordered=False,
                              kind="objectives"))
    if passages.has_passages(vignette.body):  # the coded passages, shown with their terms on request
        out.append(html_block("coding_toggle.html", context))
        vignette = replace(vignette, body=passages.render(vignette.body, index.vocabulary))
    out.append(handout_part(body.split(vignette.body).before.strip(), "scene", context))
    if vignette.questions:
        out.append(handout_part("\n".join([f"## {plain(t['vignette.questions'])}\n",
                                           html_block("text_list.html", context, items=vignette.questions,
                                                      ordered=True)]), "questions", context))
    if vignette.positions:
        out.append(f"## {plain(t['vignette.positions'])}\n")
        out.append(render_positions(index, here, [(vignette.slug, p) for p in vignette.positions],
                                    context, with_vignette=False))
    fold = render_fold(index, here, vignette, context)
    if fold:
        out.append(handout_part(fold, "fold", context))
    if vignette.slug in context.notes:
        out.append(teaching.render_note(context.notes[vignette.slug], context.language))
    related = index.related.get(vignette.slug, ())
    if related:
        out.append(f"## {plain(t['vignette.related'])} {{ {SEARCH_EXCLUDE} }}\n")
        items = [{"url": url(context, here, vignette_uri(slug)), "title": index.by_slug[slug].title,
                  "summary": index.by_slug[slug].summary, "shared": shared} for slug, shared in related]
        out.append(html_block("related.html", context, items=items))
    out.append(citation.render_block(index, vignette, context))
    out.append(render_pager(index, here, vignette.slug, context))
    return "\n".join(out)


def handout_marks(marker: str, name: str) -> tuple[str, str]:
    """The comments around one part of a vignette page that also makes its handout item."""
    return f"<!--{marker}:handout:{name}-->", f"<!--{marker}:/handout-->"


def handout_part(markdown: str, name: str, context: "Context") -> str:
    """A part of the page that is also part of the vignette's handout item (the scene and dilemma,
    the questions, the fold), between comments that the plugin finds in the converted page
    (tbvsite/emit/handout.py, item): so the handout's items are converted once, with the page.
    Without a block marker (the core on its own) the part as it is."""
    if not context.block_marker:
        return markdown if markdown.endswith("\n") else markdown + "\n"
    start, end = handout_marks(context.block_marker, name)
    return f"{start}\n\n{markdown.strip()}\n\n{end}\n"


def render_positions(index: Index, here: str, positions, context: "Context", *, with_vignette: bool) -> str:
    """A table of positions: (vignette,) one column per position field, and the note."""
    vocabulary = index.vocabulary
    t = i18n.strings(context.language)
    fields = list(vocabulary.position_fields.items())
    head = (([t["positions.vignette"]] if with_vignette else []) + [vocabulary.facets[f].singular for _, f in fields]
            + [t["positions.note"]])
    rows = []
    for slug, position in positions:
        links = [_link(context, here, vignette_uri(slug), index.by_slug[slug].title)] if with_vignette else []
        for key, facet_id in fields:
            facet = vocabulary.facets[facet_id]
            term_id = position.refs[key]
            links.append(_link(context, here, term_uri(facet.segment, term_id), facet.terms[term_id].label))
        rows.append({"links": links, "note": " ".join(position.note.split())})
    return html_block("positions.html", context, head=head, rows=rows)


def render_pager(index: Index, here: str, slug: str, context: "Context") -> str:
    previous, following = index.neighbours[slug]
    if not previous and not following:
        return ""
    def side(other):
        return {"url": url(context, here, vignette_uri(other)), "title": index.by_slug[other].title} if other else None
    return html_block("pager.html", context, previous=side(previous), next=side(following))


def render_list(index: Index, context: "Context") -> str:
    here = list_uri()
    t = i18n.strings(context.language)
    items = [{"url": url(context, here, vignette_uri(v.slug)), "title": v.title, "summary": v.summary}
             for v in index.vignettes]
    return "\n".join([front_matter({"title": t["list.title"], "tbvsite": {"kind": "vignettes"}}),
                      f"# {plain(t['list.title'])}\n",
                      plain(t.format("list.intro", n=len(index.vignettes))) + "\n",
                      html_block("vignette_list.html", context, items=items)])
