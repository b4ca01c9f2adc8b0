"""References to the sources (``vignettes/sources.yml``), as citeproc-py formats them, and where in them a vignette rests.

Every reference to a source is formatted by citeproc-py
(:func:`tbvsite.sources.render`) and wrapped in ``<span class="tbv-ref">``.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from markupsafe import Markup

from ... import i18n
from ... import sources as sources_module
from ...model import Index, SourceRef, Vignette
from ..text import address, attr, plain

if TYPE_CHECKING:
    from .. import Context


def source_uri(key: str) -> str:
    """A source's page in the current edition: bronnen/<id>.md (sources/<id>.md in English)."""
    return f"{address('sources')}/{key}.md"


def references(index: Index, context: "Context") -> dict[str, str]:
    """id -> the reference of every source, in HTML, as citeproc-py formats it in the edition's language."""
    if index.sources is None or not index.sources.items:
        return {}
    return sources_module.render(index.sources, context.language,
                                 sources_module.style_path(context.citation_style))


_TAG = re.compile(r"(</?(?:i|b|em|strong|sup|sub|span)(?: [^>]*)?>)")


def _reference(index: Index, key: str, context: "Context", escape_text) -> str:
    """A source's citeproc reference inside ``<span class="tbv-ref" data-source=...>``: citeproc's
    tags (italics) kept, the text between them passed through ``escape_text``."""
    parts = _TAG.split(references(index, context).get(key, ""))
    inner = "".join(part if i % 2 else escape_text(html.unescape(part)) for i, part in enumerate(parts))
    return f'<span class="tbv-ref" data-source="{attr(key)}">{inner}</span>'


def reference_markdown(index: Index, key: str, context: "Context") -> str:
    """The reference as inline Markdown: its text made inert (no Markdown, HTML escaped)."""
    return _reference(index, key, context, _inert)


def reference_html(index: Index, key: str, context: "Context") -> Markup:
    """The reference as HTML for a template: its text escaped."""
    return Markup(_reference(index, key, context, lambda text: str(Markup.escape(text))))


def _inert(text: str) -> str:
    """plain(), keeping a space at either end (it separates the text from citeproc's tags)."""
    if not text.strip():
        return " " if text else ""
    return (" " if text[0].isspace() else "") + plain(text) + (" " if text[-1].isspace() else "")


def reference_text(index: Index, key: str, context: "Context") -> str:
    """A source's citeproc reference as plain text (metadata, BibTeX notes, JSON-LD)."""
    return sources_module.plain_text(references(index, context).get(key, ""))


def citation_text(index: Index, key: str, context: "Context") -> str:
    """A source's parenthetical in-text citation without its parentheses: "Abers, 2019" (citeproc-py)."""
    if index.sources is None or not index.sources.items:
        return ""
    return sources_module.render_citations(index.sources, context.language,
                                           sources_module.style_path(context.citation_style)).get(key, "")


def in_text(index: Index, key: str, context: "Context") -> str:
    """A source's narrative in-text citation, APA's form for a title: "Abers (2019)", "Heederik (z.d.)",
    "Oude Vrielink en Verhoeven (2011)", "Teamlid B (persoonlijke communicatie, 15 maart 2024)": the names,
    then the rest of the parenthetical form in parentheses. A style whose citation has no names (numeric)
    gives no such form: ''."""
    names, comma, date = citation_text(index, key, context).partition(", ")
    if not comma:
        return ""
    and_word = i18n.strings(context.language)["cite.and"]
    return f"{names.replace(' & ', f' {and_word} ')} ({date})"


def primary_keys(index: Index) -> set[str]:
    """Sources some vignette rests on; the others are literature that these sources cite."""
    return {r.ref for v in index.vignettes for r in v.source}


def cited_in(index: Index, key: str) -> str:
    """The source through which the archive knows a work of literature: its ``tbv-cited-in``; without
    one, the one primary source when there is exactly one, else '' (which of several cites it is unknown)."""
    primary = primary_keys(index)
    if index.sources is None or key in primary:
        return ""
    if key in index.sources and index.sources[key].cited_in:
        return index.sources[key].cited_in
    if len(primary) != 1:
        return ""
    [through] = primary
    return through if through in index.sources else ""


def secondary_citation(index: Index, key: str, context: "Context") -> str:
    """APA 7's citation of a work known only through another source: "(Abers, 2019, zoals geciteerd in
    Heederik, z.d.)"; '' when the work is no such secondary source."""
    through = cited_in(index, key)
    if not through:
        return ""
    t = i18n.strings(context.language)
    return (f"({citation_text(index, key, context)}, {t['cite.as_cited_in']} "
            f"{citation_text(index, through, context)})")


def locator(ref: SourceRef, language: str) -> str:
    """Where in its source a vignette rests: section and page, in the edition's language (plain text)."""
    t = i18n.strings(language)
    parts = []
    if ref.section:
        parts.append(t.format("source.section", section=ref.section))
    if ref.page:
        parts.append(t.format("source.page", page=ref.page))
    return ", ".join(parts)


def grouped_refs(vignette: Vignette) -> list[tuple[str, list[SourceRef]]]:
    """The vignette's refs grouped by source, in the order each source is first cited."""
    groups: dict[str, list[SourceRef]] = {}
    for ref in vignette.source:
        groups.setdefault(ref.ref, []).append(ref)
    return list(groups.items())


def locators(refs: list[SourceRef], language: str) -> str:
    return "; ".join(filter(None, (locator(r, language) for r in refs)))


def consent_notes(index: Index, vignette: Vignette, language: str = "nl") -> list[tuple[str, str]]:
    """(id, note) of the vignette's fieldwork sources that carry a consent note (in ``language`` where given)."""
    if index.sources is None:
        return []
    return [(key, index.sources[key].consent_in(language)) for key, _ in grouped_refs(vignette)
            if key in index.sources and index.sources[key].consent]
