"""A page per source (``bronnen/<id>.md``) and the bibliography (``bibliografie.md``), over sources.yml.

Every reference on these pages is citeproc-py's (:mod:`tbvsite.emit.citation`);
the pages add only the locators, the vignettes that rest on a source, its
consent note and links to hand-written pages about it (``tbv-pages``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import i18n
from ..model import Index, SourceRef
from . import citation
from .text import address, attr, front_matter, link, plain, rel, vignette_uri

if TYPE_CHECKING:
    from . import Context



def bibliography_uri() -> str:
    return address("bibliography")



def emit(index: Index, context: "Context") -> dict[str, str]:
    if index.sources is None:
        return {}
    pages = {citation.source_uri(key): render_source(index, key, context) for key in index.sources.items}
    pages[bibliography_uri()] = render_bibliography(index, context)
    return pages


def resting_on(index: Index, key: str) -> list[tuple[str, list[SourceRef]]]:
    """(slug, refs) of the vignettes citing ``key``, in reading order."""
    out = []
    for vignette in index.vignettes:
        refs = [r for r in vignette.source if r.ref == key]
        if refs:
            out.append((vignette.slug, refs))
    return out


def _title(index: Index, key: str, context: "Context") -> str:
    """APA's narrative in-text form, the way a text names the source: "Abers (2019)", "Heederik (z.d.)"."""
    return citation.in_text(index, key, context) or index.sources[key].title or key


def description(index: Index, key: str, context: "Context") -> str:
    """The page's own description (plain text): our commentary on the source (``annote``, written in the
    archive's language, so on its pages only), else a sentence about the source."""
    t = i18n.strings(context.language)
    annote = index.sources[key].csl.get("annote", "")
    if annote and context.language == i18n.DEFAULT_LANGUAGE:
        return " ".join(str(annote).split())
    through = citation.cited_in(index, key)
    if through:
        return t.format("sources.description_cited", source=_title(index, key, context),
                        cited_in=_title(index, through, context))
    return t.format("sources.description", source=_title(index, key, context), site=citation.publisher(context))


def _coins(index: Index, key: str, context: "Context") -> str:
    """The COinS span of a source: Zotero offers it as an item of its own. A work without a title is
    described in square brackets instead (APA 7), naming the source that cites it."""
    t = i18n.strings(context.language)
    through = citation.cited_in(index, key)
    untitled = (t.format("sources.untitled_cited", source=_title(index, key, context),
                         cited_in=_title(index, through, context)) if through
                else t["sources.untitled"])
    return f'<span class="Z3988" title="{attr(citation.coins(index.sources[key].csl, untitled))}"></span>'


def _written_in(context: "Context") -> str:
    """The lang attribute of what sources.yml says in words (notes, commentary, consent): written in
    the archive's language, so marked as such on the pages of another edition (WCAG 3.1.2)."""
    return "" if context.language == i18n.DEFAULT_LANGUAGE else f' lang="{i18n.DEFAULT_LANGUAGE}"'


def render_source(index: Index, key: str, context: "Context") -> str:
    t = i18n.strings(context.language)
    source = index.sources[key]
    here = citation.source_uri(key)
    title = _title(index, key, context)
    secondary = citation.secondary_citation(index, key, context)
    out = [front_matter({"title": attr(title), "description": attr(description(index, key, context)),
                         "tbvsite": {"kind": "source"}}),
           f"# {plain(title)}\n", f"{plain(t['sources.page_intro'])}\n", f"## {plain(t['sources.cite'])}\n"]
    # A work known only through another source is cited through it (APA 7, secondary source), not
    # referenced on its own: its reference would have no more than a name and a year.
    out.append(f"{plain(t.format('sources.cite_as', citation=secondary))} {_coins(index, key, context)}\n" if secondary
               else f"{citation.reference_markdown(index, key, context)} {_coins(index, key, context)}\n")
    for variable in ("note", "annote"):  # what the item says about itself, and our commentary on it
        if source.csl.get(variable):
            out.append(f'<p class="tbv-source-{variable}"{_written_in(context)}>{attr(source.csl[variable])}</p>\n')
    if source.fieldwork:
        out.append(f"{plain(t['sources.fieldwork'])}\n")
    if source.consent:  # in this edition's language where sources.yml gives it (tbv-consent: {nl: ..., en: ...})
        own = context.language in source.consent_translated
        out += [f"## {plain(t['sources.consent'])}\n",
                f'<p class="tbv-consent"{"" if own else _written_in(context)}>{attr(source.consent_in(context.language))}</p>\n']
    if source.pages:
        out.append(f"## {plain(t['sources.reading'])}\n")
        out += [f"- {link(here, page, label)}" for page, label in source.pages]
        out[-1] += "\n"
    vignettes = resting_on(index, key)
    out.append(f"## {plain(t['sources.vignettes'])}\n")
    if not vignettes:
        out.append(f"{plain(t['sources.no_vignettes'])}\n")
    for slug, refs in vignettes:
        where = citation.locators(refs, context.language)
        out.append(f"- {link(here, vignette_uri(slug), index.by_slug[slug].title)}"
                   + (f": {plain(where)}" if where else ""))
    return "\n".join(out) + "\n"


def render_bibliography(index: Index, context: "Context") -> str:
    t = i18n.strings(context.language)
    primary = citation.primary_keys(index)
    ordered = sorted(index.sources.items, key=lambda k: citation.reference_text(index, k, context).casefold())
    out = [front_matter({"title": attr(t["bibliography.title"]),
                         "description": attr(t.format("bibliography.description", site=citation.publisher(context))),
                         "tbvsite": {"kind": "bibliography"}}),
           f"# {plain(t['bibliography.title'])}\n", f"{plain(t['bibliography.intro'])}\n"]
    for heading, intro, keys in (
            (t["bibliography.primary"], t["bibliography.primary_intro"], [k for k in ordered if k in primary]),
            (t["bibliography.literature"], t["bibliography.literature_intro"],
             [k for k in ordered if k not in primary])):
        if not keys:
            continue
        out += [f"## {plain(heading)}\n", f"{plain(intro)}\n"]
        for key in keys:
            secondary = citation.secondary_citation(index, key, context)
            # A secondary work: its in-text form, linked, and how to cite it; never a reference of its own.
            shown = (f"[{plain(secondary)}]({rel(bibliography_uri(), citation.source_uri(key))})" if secondary else
                     f"[{citation.reference_markdown(index, key, context)}]"
                     f"({rel(bibliography_uri(), citation.source_uri(key))})")
            out.append(f"- {shown} {_coins(index, key, context)}")
            if index.sources[key].csl.get("annote"):  # our commentary: what the source is used for
                marked = f"\n    {{: {_written_in(context).strip()} }}" if _written_in(context) else ""
                out.append(f"\n    {plain(index.sources[key].csl['annote'])}{marked}\n")
        out[-1] += "\n"
    return "\n".join(out) + "\n"
