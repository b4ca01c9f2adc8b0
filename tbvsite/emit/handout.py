"""The handout page: a lecturer ticks vignettes and prints them for a class.

Each vignette's handout item holds the scene and the dilemma (the body up to
the fold), the questions, then one collapsed ``<details class="tbv-fold">``
with the outcome and the analysis (the same fold as on the vignette page).
The page itself carries only the form. The items are not converted again:
the vignette page marks those three parts (``vignette.handout_part``), and
the plugin cuts them out of the converted, sanitised page (:func:`item`),
with every heading one level down and every id prefixed, into one small
script per vignette (``assets/tbvsite/handout/<slug>.js``,
:func:`fragment_script`) that registers its item's HTML. ``handout.js`` loads
the scripts of the vignettes named in the URL query (``?v=slug&v=slug``) by
adding ``<script>`` tags, which also works from ``file://`` (the offline
edition), where a browser refuses ``fetch``; it hides the fold unless
``afloop=1``. With ``deelb=1`` it shows the first fold of a vignette with a
part B (body.part_b) on a page of its own, up to the part B's question, and
keeps the second fold, with the answer, hidden. So a link is the whole selection, no server is needed, and the
page stays small however large the archive. Without JavaScript the page says
why it shows no vignettes and points to their own pages.

It lives next to the vignette pages (``vignetten/hand-out.md``) so the links
in the vignette texts, cut from the vignette pages, resolve unchanged. Should
a vignette ever be called ``hand-out``, the vignette keeps that address and
the handout moves aside.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import json
import re

from .. import i18n
from ..model import Index
from .vignette import handout_marks
from .text import ADDRESSES, address, attr, front_matter, html_block, plain, url

if TYPE_CHECKING:
    from . import Context

NAME = "hand-out"
URI = f"{ADDRESSES['nl']['vignettes']}/{NAME}.md"  # the Dutch edition's; emitters ask uri()
PARAM_VIGNETTE = "v"
PARAM_OUTCOME = "afloop"
PARAM_PART_B = "deelb"  # a decision's part B (body.part_b) on a page of its own, without its answer


FRAGMENTS = "assets/tbvsite/handout"
KIND = "handout"
# Where handout.js puts the items it loads.
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
    return "\n".join([front_matter(meta), f"# {plain(t['handout.title'])} {{ .tbv-no-print }}\n",
                      html_block("handout_form.html", context, items=items, param_vignette=PARAM_VIGNETTE,
                                 param_outcome=PARAM_OUTCOME, param_part_b=PARAM_PART_B,
                                 list_url=url(context, here, f"{address('vignettes')}/index.md")),
                      ITEMS + "\n"])


def item(page_html: str, marker: str, slug: str, title: str, lang: str = "") -> str:
    """A vignette's handout item, cut from its converted page: the parts the page marked
    (vignette.handout_part), in order, under the vignette's title.

    Each heading goes one level down (the title is the item's h2), each id gets the prefix
    ``hand-out-<slug>-`` and so does every reference to it (links, labels, ARIA), so items
    side by side on one page keep their anchors apart. ``lang`` marks a text in another
    language than the page's. Empty when the page marked no part.
    """
    start, end = handout_marks(marker, "\0")
    head, tail = start.split("\0")
    pattern = re.compile(f"{re.escape(head)}([a-z]+){re.escape(tail)}(.*?){re.escape(end)}", re.DOTALL)
    parts = []
    for name, html in pattern.findall(page_html):
        html = _HEADING.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + 1)}", html.strip())
        if name == "questions":
            html = _HEADING_START.sub(r'<h\1 class="tbv-handout-questions"', html, count=1)
        parts.append(html)
    if not parts:
        return ""
    text = "\n".join(parts)
    prefix = f"{NAME}-{slug}-"
    ids = {m[2] for m in _ID.finditer(text)}

    def refer(match: re.Match) -> str:
        name, value = match[1], match[2]
        if name == "href":  # only a link to a fragment of this item
            value = f"#{prefix}{value[1:]}" if value.startswith("#") and value[1:] in ids else value
        else:
            value = " ".join(prefix + v if v in ids else v for v in value.split())
        return f'{name}="{value}"'

    text = _ID.sub(lambda m: f'{m[1]}="{prefix}{m[2]}"', text)
    text = _ID_REF.sub(refer, text)
    language = f' lang="{attr(lang)}"' if lang else ""
    anchor = f"{NAME}-{attr(slug)}"
    # The title gets a permalink as the item's other headings have one (the toc extension's, if on).
    permalink = _PERMALINK.search(text)
    link = f'<a class="headerlink" href="#{anchor}"{permalink[1]}>{permalink[2]}</a>' if permalink else ""
    return (f'<article class="tbv-handout-item" data-slug="{attr(slug)}"{language}>\n'
            f'<h2 id="{anchor}">{attr(title)}{link}</h2>\n{text}\n</article>\n')


_HEADING = re.compile(r"<(/?)h([1-6])\b")
_PERMALINK = re.compile(r'<a class="headerlink" href="#[^"]*"([^>]*)>([^<]*)</a>')
_HEADING_START = re.compile(r"<h([1-6])\b")
_ID = re.compile(r'\b(id)="([^"]*)"')
# Attributes that name an id of the same page: a fragment link, a label's control, ARIA relations.
_ID_REF = re.compile(r'\b(href|for|aria-labelledby|aria-describedby|aria-controls)="([^"]*)"')


def fragment_uri(slug: str) -> str:
    return f"{FRAGMENTS}/{slug}.js"


def fragment_script(slug: str, html: str) -> str:
    """A script that hands one item's HTML to handout.js (a script loads from file://, a fetch does not)."""
    data = json.dumps(html, ensure_ascii=True).replace("</", "<\\/")
    return f"window.tbvHandout && window.tbvHandout.add({json.dumps(slug)}, {data});\n"
