"""The network page: actors, vignettes and strategies as an SVG drawn at build time.

Three columns: actors on the left, vignettes in the middle, strategies on the
right; a line joins a vignette to each actor and strategy it is tagged with.
Actors and strategies are ordered by the mean position of their vignettes
(one barycentre pass), which keeps lines short and few crossings, also with a
hundred vignettes. Every node is a link to its page; each vignette is a group
with its own lines, so hovering or focusing it highlights them (CSS only).
The same relations follow as a table, the text alternative.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from ..model import Facet, Index
from .text import address, attr, front_matter, href, link, plain, term_uri, vignette_uri

if TYPE_CHECKING:
    from . import Context

ROW = 30  # vertical room per node in the fullest column
LINE = 15  # line height of a label
FONT = 13
CHAR = 0.56 * FONT  # average advance of a character, for placing labels
SIDE_CHARS = 34  # wrap width of actor and strategy labels
MIDDLE_CHARS = 28  # wrap width of vignette titles
GAP = 120  # horizontal room for the lines between columns
TOP = 40  # room for the column headings


def emit(index: Index, context: "Context") -> dict[str, str]:
    return {address("network"): render_network(index, context.use_directory_urls)}


def _facets(index: Index) -> tuple[Facet | None, Facet | None]:
    """The facets of the side columns: the position fields (actor, strategy) when declared."""
    vocabulary = index.vocabulary
    ids = list(vocabulary.position_fields.values())
    if len(ids) < 2:
        ids = list(vocabulary.facets)[:1] + list(vocabulary.facets)[-1:]
    if not ids:  # no facets at all (the preview of a broken taxonomy)
        return None, None
    left, right = (vocabulary.facets.get(i) for i in (ids[0], ids[-1]))
    return left, right


def _lines(label: str, width: int) -> list[str]:
    return textwrap.wrap(label, width, break_long_words=True) or [label]


def _order(index: Index, facet: Facet, y_of: dict[str, float]) -> list[tuple[str, list[str]]]:
    """Terms of a facet that carry vignettes, ordered by the mean y of those vignettes."""
    used = []
    for term_id in facet.terms:
        slugs = list(index.by_term.get((facet.id, term_id), ()))
        if slugs:
            used.append((sum(y_of[s] for s in slugs) / len(slugs), term_id, slugs))
    used.sort(key=lambda item: item[0])
    return [(term_id, slugs) for _, term_id, slugs in used]


def _spread(count: int, height: float) -> list[float]:
    """``count`` centres spread evenly over ``height`` below the headings."""
    step = height / max(count, 1)
    return [TOP + step * (i + 0.5) for i in range(count)]


def _text(lines: list[str], x: float, y: float, anchor: str) -> str:
    first = y - (len(lines) - 1) * LINE / 2 + FONT * 0.35
    spans = "".join(f'<tspan x="{x:.0f}" y="{first + i * LINE:.1f}">{attr(line)}</tspan>'
                    for i, line in enumerate(lines))
    return f'<text text-anchor="{anchor}">{spans}</text>'


def render_svg(index: Index, use_directory_urls: bool = True) -> str:
    here = address("network")
    left, right = _facets(index)
    vignettes = list(index.vignettes)
    y_guess = {v.slug: float(i) for i, v in enumerate(vignettes)}
    columns = [_order(index, f, y_guess) if f else [] for f in (left, right)]
    middle_lines = [_lines(v.title, MIDDLE_CHARS) for v in vignettes]
    side_lines = [[_lines(f.terms[t].label, SIDE_CHARS) for t, _ in col] for f, col in zip((left, right), columns)
                  if f is not None]
    rows = max([len(vignettes), *(len(c) for c in columns)], default=1)
    tallest = max([len(lines) for lines in middle_lines] + [1])
    height = rows * max(ROW, tallest * LINE + 16)  # 8 inside a box, 8 between boxes

    left_w = CHAR * SIDE_CHARS
    box_w = CHAR * MIDDLE_CHARS + 16
    x_left = left_w + 10  # the dot of an actor
    x_box = x_left + GAP
    x_right = x_box + box_w + GAP  # the dot of a strategy
    width = x_right + 10 + CHAR * SIDE_CHARS

    y_mid = dict(zip((v.slug for v in vignettes), _spread(len(vignettes), height)))
    y_side = [dict(zip((t for t, _ in col), _spread(len(col), height))) for col in columns]

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height + TOP:.0f}" '
           f'width="{width:.0f}" height="{height + TOP:.0f}" aria-labelledby="tbv-net-title" '
           f'font-size="{FONT}">',
           f'<title id="tbv-net-title">Netwerk van {len(vignettes)} vignetten met hun '
           f'{attr(left.label.lower()) if left else ""} en {attr(right.label.lower()) if right else ""}</title>']
    for facet, x, anchor in ((left, x_left, "end"), (None, x_box + box_w / 2, "middle"), (right, x_right, "start")):
        label = facet.label if facet else "Vignetten"
        out.append(f'<text class="tbv-net-head" x="{x:.0f}" y="{TOP / 2:.0f}" text-anchor="{anchor}">'
                   f"{attr(label)}</text>")
    # One group per vignette: its lines, then its box; hover or focus highlights the lines.
    for v, lines in zip(vignettes, middle_lines):
        y = y_mid[v.slug]
        out.append('<g class="tbv-net-v">')
        for facet, x, ys, side in ((left, x_left, y_side[0], "l"), (right, x_right, y_side[1], "r")):
            if facet is None:
                continue
            for term_id in v.tags.get(facet.id, ()):
                if term_id not in ys:
                    continue
                edge = x_box if side == "l" else x_box + box_w
                bend = (x + edge) / 2
                out.append(f'<path d="M{x:.0f} {ys[term_id]:.1f}C{bend:.0f} {ys[term_id]:.1f} '
                           f'{bend:.0f} {y:.1f} {edge:.0f} {y:.1f}"/>')
        box_h = len(lines) * LINE + 8
        # aria-label: the name of a wrapped title, with the spaces its line breaks drop
        out.append(f'<a href="{attr(href(here, vignette_uri(v.slug), use_directory_urls))}" aria-label="{attr(v.title)}">'
                   f'<rect x="{x_box:.0f}" y="{y - box_h / 2:.1f}" width="{box_w:.0f}" height="{box_h:.0f}" rx="4"/>'
                   + _text(lines, x_box + box_w / 2, y, "middle") + "</a>")
        out.append("</g>")
    for facet, col, ys, x, anchor, dx, kind in (
            (left, columns[0], y_side[0], x_left, "end", -8, "a"),
            (right, columns[1], y_side[1], x_right, "start", 8, "s")):
        if facet is None:
            continue
        for term_id, _ in col:
            y = ys[term_id]
            lines = _lines(facet.terms[term_id].label, SIDE_CHARS)
            out.append(f'<a class="tbv-net-{kind}" href="{attr(href(here, term_uri(facet.segment, term_id), use_directory_urls))}" '
                       f'aria-label="{attr(facet.terms[term_id].label)}">'
                       f'<circle cx="{x:.0f}" cy="{y:.1f}" r="5"/>' + _text(lines, x + dx, y, anchor) + "</a>")
    out.append("</svg>")
    return "".join(out)


def render_table(index: Index) -> str:
    here = address("network")
    left, right = _facets(index)
    facets = [f for f in (left, right) if f is not None]
    head = ["Vignet"] + [f.label for f in facets]
    rows = ["| " + " | ".join(plain(h) for h in head) + " |", "|" + "---|" * len(head)]
    for v in index.vignettes:
        cells = [link(here, vignette_uri(v.slug), v.title)]
        for facet in facets:
            cells.append(", ".join(link(here, term_uri(facet.segment, t), facet.terms[t].label)
                                   for t in v.tags.get(facet.id, ())) or "\u2013")
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


def render_network(index: Index, use_directory_urls: bool = True) -> str:
    left, right = _facets(index)
    names = " en ".join(plain(f.label.lower()) for f in (left, right) if f is not None)
    names_html = " en ".join(attr(f.label.lower()) for f in (left, right) if f is not None)
    out = [front_matter({"title": "Netwerk", "hide": ["navigation", "toc"], "search": {"exclude": True}, "tbvsite": {"kind": "network"}}),
           "# Netwerk\n",
           f"Welke {names} spelen in welk vignet? Elke lijn verbindt een vignet met een van zijn "
           f"{names}. Alles in de figuur is een link naar de eigen pagina. Wijs een vignet aan om "
           "zijn lijnen te laten oplichten. Dezelfde verbanden staan ook [als tabel](#relaties) "
           "onder de figuur.\n",
           '<figure class="tbv-net" aria-labelledby="tbv-net-caption">',
           '<div class="tbv-net-scroll">' + render_svg(index, use_directory_urls) + "</div>",
           f'<figcaption id="tbv-net-caption">{len(index.vignettes)} vignetten, met links naar de '
           f"{names_html}.</figcaption>",
           "</figure>\n",
           "## De verbanden als tabel {#relaties}\n",
           render_table(index)]
    return "\n".join(out)
