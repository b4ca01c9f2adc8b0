"""The one HTML policy of the site: what a page may contain once Markdown has rendered it.

This is the guarantee that nothing a contributor writes runs as script on the
student site. Every page's HTML (vignette bodies, term descriptions, facet
intros, teaching notes, the hand-written docs pages and our own generated
markup, which share one page) passes through :func:`clean` after Markdown has
rendered it and before the theme wraps it: the plugin's ``on_page_content``
hook does that, and also cleans the headings MkDocs copies into the table of
contents. Anything not listed below is dropped by nh3 (the Rust sanitiser
ammonia): unknown tags lose their tags but keep their text, ``<script>`` and
``<style>`` lose their content too, every ``on*`` attribute goes, and a URL
attribute keeps only the schemes in :data:`URL_SCHEMES` or a relative address.

The located refusals of :mod:`tbvsite.safety` come first and tell a
contributor, with ``path:line:col``, what they wrote that will not work; this
module is what holds if that scan misreads the Markdown.

For contributors: write Markdown. Of raw HTML, the plain text tags in
:data:`TAGS` keep their look; ``{: ... }`` attribute lists may set only
:data:`AUTHORED_ATTRIBUTES` (see ``safety.py``). The form, button and SVG tags
are there for pages the site generates (hand-out, explore, network).
"""

from __future__ import annotations

import re

import nh3

# Text and structure: what Markdown, its extensions (tables, footnotes, admonitions,
# details, def_list, toc permalinks) and a contributor's plain HTML produce.
TEXT_TAGS = frozenset(
    "a abbr article aside b blockquote br caption cite code col colgroup dd del details dfn div dl dt "
    "em figcaption figure h1 h2 h3 h4 h5 h6 header hr i img ins kbd li mark nav ol p pre q s "
    "section small span strong sub summary sup table tbody td tfoot th thead time tr u ul var wbr".split()
)
# Our generated pages: the hand-out and explore forms, the network picture (inline SVG).
FORM_TAGS = frozenset("form fieldset legend label input button".split())
SVG_TAGS = frozenset("svg g path rect circle ellipse line polyline polygon text tspan title desc".split())
TAGS = TEXT_TAGS | FORM_TAGS | SVG_TAGS

# Allowed on every tag; plus every aria-* and data-* attribute (GENERIC_PREFIXES).
GENERIC_ATTRIBUTES = frozenset("id class title lang dir hidden role tabindex".split())
GENERIC_PREFIXES = frozenset({"aria-", "data-"})
ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": GENERIC_ATTRIBUTES,
    "a": frozenset({"href", "download"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "time": frozenset({"datetime"}),
    "details": frozenset({"open"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "th": frozenset({"colspan", "rowspan", "scope", "style"}),
    "td": frozenset({"colspan", "rowspan", "style"}),
    "form": frozenset({"method"}),
    "label": frozenset({"for"}),
    "input": frozenset({"type", "name", "value", "checked", "readonly", "size", "disabled", "placeholder"}),
    "button": frozenset({"type", "name", "value", "disabled"}),
    # ammonia matches attribute names case-sensitively: SVG keeps its camelCase.
    "svg": frozenset({"xmlns", "viewBox", "width", "height", "font-size", "preserveAspectRatio", "focusable"}),
    "g": frozenset({"transform"}),
    "path": frozenset({"d"}),
    "rect": frozenset({"x", "y", "width", "height", "rx", "ry"}),
    "circle": frozenset({"cx", "cy", "r"}),
    "ellipse": frozenset({"cx", "cy", "rx", "ry"}),
    "line": frozenset({"x1", "y1", "x2", "y2"}),
    "polyline": frozenset({"points"}),
    "polygon": frozenset({"points"}),
    "text": frozenset({"x", "y", "dx", "dy", "text-anchor"}),
    "tspan": frozenset({"x", "y", "dx", "dy", "text-anchor"}),
}
# Python-Markdown's tables align cells with style="text-align: ..."; no other property passes.
STYLE_PROPERTIES = frozenset({"text-align"})
# Besides relative addresses (other pages, #anchors, assets) only these schemes; "data" only as
# a download link of a citation file (the offline edition carries them inside the link), see _filter.
URL_SCHEMES = frozenset({"http", "https", "mailto", "data"})
DATA_LINK_TYPES = frozenset({"application/x-bibtex", "application/x-research-info-systems"})

# What attr_list ({: ... }) may set in authored text; the scan refuses the rest with its location.
AUTHORED_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "width", "height"})

_POLICY = dict(
    tags=set(TAGS),
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    generic_attribute_prefixes=set(GENERIC_PREFIXES),
    url_schemes=set(URL_SCHEMES),
    filter_style_properties=set(STYLE_PROPERTIES),
    strip_comments=True,
    link_rel=None,  # our links are our own pages; ammonia would add rel="noopener noreferrer" to each
)


def _filter(tag: str, attribute: str, value: str) -> str | None:
    """A ``data:`` address survives only as an ``<a href>`` to a citation file (BibTeX, RIS):
    text a browser downloads or shows, never a page, image or script."""
    if value.lstrip()[:5].lower() != "data:":
        return value
    media_type = value.lstrip()[5:].split(";", 1)[0].split(",", 1)[0].strip().lower()
    return value if (tag, attribute) == ("a", "href") and media_type in DATA_LINK_TYPES else None


def clean(html: str) -> str:
    """``html`` with everything outside the policy removed."""
    return nh3.clean(_split_long_text(html), attribute_filter=_filter, **_POLICY)


# nh3's parser (html5ever) takes time quadratic in the length of one text run full of '&'
# (900 KB of '&' in a vignette: some 10 s per clean). An empty comment every few thousand
# characters of such a run, which the policy then drops, keeps it linear (issue 24).
_LONG_TEXT = re.compile(r"[^<]{4096,}")
_SPLIT_AT = re.compile(r"(?<=;)|(?=[^&#\w;])")  # never inside a character reference such as &amp; or &#38;


def _split_long_text(html: str) -> str:
    if len(html) < 4096 or "&" not in html:
        return html

    def split(match: re.Match) -> str:
        text, parts, start = match.group(0), [], 0
        while len(text) - start > 4096:
            cut = _SPLIT_AT.search(text, start + 4096)
            if cut is None or cut.start() == start:
                break
            parts.append(text[start:cut.start()])
            start = cut.start()
        return "<!---->".join(parts + [text[start:]])

    return _LONG_TEXT.sub(split, html)
