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


def clean(html: str, piece: int = 256 * 1024) -> str:
    """``html`` with everything outside the policy removed. A page longer than two pieces (``piece``
    characters each) is cleaned a piece at a time (:func:`_pieces`), with the same result."""
    if len(html) > 2 * piece:
        cleaned = _clean_in_pieces(html, piece)
        if cleaned is not None:
            return cleaned
    return _clean(html)


def _clean(html: str) -> str:
    return nh3.clean(_split_long_text(html), attribute_filter=_filter, **_POLICY)


# -- a long page a piece at a time ------------------------------------------------------------
# nh3 builds the whole page as a tree in Rust: for the 9 MB network page of a 3,000-vignette archive
# that took some 110 MB at once, the peak of the whole build (issue 26, tests/bench/analyse.md). A
# piece is cleaned inside the elements open where it starts, written out as their start tags, and
# closed by the end tags of the elements open where it ends; of the result, what those tags became is
# cut off again. That is the same text the whole page gives, where the markup is plainly balanced:
# each start tag closed by its own end tag, no markup the HTML parser reads otherwise (raw text such
# as <script>, a document's own tags, HTML inside SVG). Anything else, or a piece whose frame does not
# come back as expected, and the page is cleaned whole. Either way every byte has been through nh3.

_TOKEN = re.compile(
    r"<(?:"
    r"!--(?!-?>)(?P<comment>.*?)-->"
    r"|(?P<end>/)?(?P<name>[A-Za-z][A-Za-z0-9-]*)"
    r"(?P<attributes>(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*(?P<closed>/)?>"
    r"|(?P<other>[A-Za-z/!?])"  # a tag, comment or declaration of another shape
    r")", re.S)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Elements whose content the parser does not read as markup, and a document's own elements.
_UNSPLIT = frozenset("script style xmp iframe noembed noframes noscript textarea title plaintext "
                     "html head body frameset frame template".split())
_IN_SVG = SVG_TAGS | {"a"}


def _pieces(html: str, piece: int) -> list[tuple[int, tuple[tuple[str, str], ...]]] | None:
    """Where each piece starts, with the elements open there (name, start tag); None where the
    markup is not plainly balanced."""
    open_: list[tuple[str, str]] = []
    starts: list[tuple[int, tuple[tuple[str, str], ...]]] = [(0, ())]
    in_svg = 0
    for match in _TOKEN.finditer(html):
        if match.group("other") is not None:
            return None
        if match.group("comment") is not None:
            if "--!>" in match.group("comment"):
                return None
            continue
        name = match.group("name").lower()
        if match.group("end"):
            if match.group("attributes") or match.group("closed") or not open_ or open_[-1][0] != name:
                return None
            open_.pop()
            in_svg -= name == "svg"
            continue
        if match.start() - starts[-1][0] >= piece:
            starts.append((match.start(), tuple(open_)))
        if in_svg:
            if name not in _IN_SVG:
                return None
            if match.group("closed"):
                continue
        elif name in _UNSPLIT:
            return None
        elif name in _VOID:
            continue
        open_.append((name, match.group(0)))
        in_svg += name == "svg"
    return starts if not open_ else None


def _frame(elements: tuple[tuple[str, str], ...]) -> tuple[str, str] | None:
    """What nh3 makes of these open elements: (their start tags, their end tags), or None."""
    if not elements:
        return "", ""
    end = "".join(f"</{name}>" for name, _ in reversed(elements) if name in TAGS)
    whole = _clean("".join(tag for _, tag in elements) + "".join(f"</{name}>" for name, _ in reversed(elements)))
    return (whole[: len(whole) - len(end)], end) if whole.endswith(end) else None


def _clean_in_pieces(html: str, piece: int) -> str | None:
    starts = _pieces(html, piece)
    if starts is None or len(starts) == 1:
        return None
    bounds = [*starts, (len(html), ())]
    frames = [_frame(elements) for _, elements in bounds]  # where one piece ends, the next starts
    if None in frames:
        return None
    out: list[str] = []
    for (start, around), (end, after), head, tail in zip(bounds, bounds[1:], frames, frames[1:]):
        cleaned = _clean("".join(tag for _, tag in around) + html[start:end]
                         + "".join(f"</{name}>" for name, _ in reversed(after)))
        if not (cleaned.startswith(head[0]) and cleaned.endswith(tail[1])):
            return None
        out.append(cleaned[len(head[0]): len(cleaned) - len(tail[1])])
    return "".join(out)


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
