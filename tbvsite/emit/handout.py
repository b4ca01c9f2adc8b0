"""The handout page: a lecturer ticks vignettes and prints them for a class.

Each vignette's handout item holds the scene and the dilemma (the body up to
the fold), the questions, then one collapsed ``<details class="tbv-fold">``
with the outcome and the analysis (the same fold as on the vignette page).
The page itself carries only the form: the items are rendered with the page
(so they get the site's Markdown, link rewriting and HTML policy), then cut
out of it (:func:`split`) into one small script per vignette
(``assets/tbvsite/handout/<slug>.js``, :func:`fragment_script`) that
registers its item's HTML. ``handout.js`` loads the scripts of the vignettes
named in the URL query (``?v=slug&v=slug``) by adding ``<script>`` tags, which
also works from ``file://`` (the offline edition), where a browser refuses
``fetch``; it hides the fold unless ``afloop=1``. So a link is the whole
selection, no server is needed, and the page stays small however large the
archive. Without JavaScript the page says why it shows no vignettes and
points to their own pages.

It lives next to the vignette pages (``vignetten/hand-out.md``) so the links
in the vignette texts resolve unchanged, in the page and in its items. Should
a vignette ever be called ``hand-out``, the vignette keeps that address and
the handout moves aside.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import json
import re

from .. import body, i18n
from ..model import Index, Vignette
from .teaching import demote_headings
from .vignette import render_fold
from .text import ADDRESSES, address, attr, front_matter, html_block, plain, url

if TYPE_CHECKING:
    from . import Context

NAME = "hand-out"
URI = f"{ADDRESSES['nl']['vignettes']}/{NAME}.md"  # the Dutch edition's; emitters ask uri()
PARAM_VIGNETTE = "v"
PARAM_OUTCOME = "afloop"


FRAGMENTS = "assets/tbvsite/handout"
KIND = "handout"
# Where handout.js puts the items it loads; the rendered items are cut from here on.
ITEMS = '<div class="tbv-handout-items" data-tbv-items></div>'


def emit(index: Index, context: "Context") -> dict[str, str]:
    name = address("handout")
    if name in index.by_slug:
        here = f"{address('vignettes')}/{name}-maken.md"
        return {here: render_handout(index, context, here)}
    return {uri(): render_handout(index, context, uri())}


def uri() -> str:
    """The handout's address in the current edition (tbvsite.emit.text.edition)."""
    return f"{address('vignettes')}/{address('handout')}.md"


def render_handout(index: Index, context: "Context", here: str = URI) -> str:
    t = i18n.strings(context.language)
    meta = {
        "title": t["handout.title"],
        "description": t["handout.description"],
        "hide": ["toc"],
        "search": {"exclude": True},  # the vignettes have their own pages in the search
        "tbvsite": {"kind": KIND},
    }
    items = [{"slug": v.slug, "title": " ".join(v.title.split())} for v in index.vignettes]
    out = [front_matter(meta), f"# {plain(t['handout.title'])} {{ .tbv-no-print }}\n",
           html_block("handout_form.html", context, items=items, param_vignette=PARAM_VIGNETTE,
                      param_outcome=PARAM_OUTCOME, list_url=url(context, here, f"{address('vignettes')}/index.md")),
           ITEMS + "\n"]
    out += [render_item(index, v, context) for v in index.vignettes]
    return "\n".join(out)


def render_item(index: Index, vignette: Vignette, context: "Context") -> str:
    """Scene and dilemma, the questions, then the fold (outcome and analysis) that handout.js shows on request."""
    t = i18n.strings(context.language)
    out = [f'<article class="tbv-handout-item" data-slug="{attr(vignette.slug)}" markdown>\n',
           f"## {plain(vignette.title)} {{#{NAME}-{vignette.slug}}}\n",
           demote_headings(body.split(vignette.body).before.strip(), 3) + "\n"]
    if vignette.questions:
        out.append(f'### {plain(t["handout.questions"])} {{#{NAME}-{vignette.slug}-vragen .tbv-handout-questions}}\n')
        out.append(html_block("text_list.html", context, items=vignette.questions, ordered=True))
    fold = render_fold(index, uri(), vignette, context, level=3, anchor=f"{NAME}-{vignette.slug}-")
    if fold:
        out.append(fold)
    out.append("</article>\n")
    return "\n".join(out)


def split(html: str, slugs: list[str]) -> tuple[str, dict[str, str]]:
    """The rendered (and sanitised) handout page without its items, and each item's HTML by slug.

    The items are the last thing on the page, one after the other in reading
    order, so an item runs from its own start tag to the next item's: an
    ``<article>`` an author wrote inside a vignette cannot end it early.
    """
    marker = _ITEMS.search(html)
    if marker is None:
        raise ValueError("the handout page has lost its items marker")  # a programming error
    starts: list[tuple[str, int]] = []
    position = marker.end()
    for slug in slugs:
        match = next((m for m in _ITEM_START.finditer(html, position) if m.group(1) == slug), None)
        if match is None:  # never seen; handout.js then says that this vignette could not be loaded
            continue
        starts.append((slug, match.start()))
        position = match.end()
    ends = [start for _, start in starts[1:]] + [len(html)]
    fragments = {slug: html[start:end].strip() + "\n" for (slug, start), end in zip(starts, ends)}
    return html[: marker.end()] + "\n", fragments


_ITEMS = re.compile(r'<div class="tbv-handout-items" data-tbv-items(="")?></div>')
_ITEM_START = re.compile(r'<article\b[^>]*?\bclass="tbv-handout-item"[^>]*?\bdata-slug="([^"]*)"[^>]*>')


def fragment_uri(slug: str) -> str:
    return f"{FRAGMENTS}/{slug}.js"


def fragment_script(slug: str, html: str) -> str:
    """A script that hands one item's HTML to handout.js (a script loads from file://, a fetch does not)."""
    data = json.dumps(html, ensure_ascii=True).replace("</", "<\\/")
    return f"window.tbvHandout && window.tbvHandout.add({json.dumps(slug)}, {data});\n"
