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
from .. import i18n
from .text import address, front_matter, html_block, plain, term_uri, url, vignette_uri

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
    return {address("network"): render_network(index, context)}


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


def _text(lines: list[str], x: float, y: float) -> list[dict]:
    """The lines of a label, centred on ``y`` (for ``<tspan>``)."""
    first = y - (len(lines) - 1) * LINE / 2 + FONT * 0.35
    return [{"x": f"{x:.0f}", "y": f"{first + i * LINE:.1f}", "text": line} for i, line in enumerate(lines)]


def figure(index: Index, context: "Context") -> dict:
    """The geometry of the picture, as data for ``partials/tbv/network.html``."""
    here = address("network")
    t = i18n.strings(context.language)
    left, right = _facets(index)
    vignettes = list(index.vignettes)
    y_guess = {v.slug: float(i) for i, v in enumerate(vignettes)}
    columns = [_order(index, f, y_guess) if f else [] for f in (left, right)]
    middle_lines = [_lines(v.title, MIDDLE_CHARS) for v in vignettes]
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

    heads = [{"x": f"{x:.0f}", "y": f"{TOP / 2:.0f}", "anchor": anchor,
              "label": facet.label if facet else t["network.vignettes"]}
             for facet, x, anchor in ((left, x_left, "end"), (None, x_box + box_w / 2, "middle"), (right, x_right, "start"))]
    # One group per vignette: its lines, then its box; hover or focus highlights the lines.
    groups = []
    for v, lines in zip(vignettes, middle_lines):
        y = y_mid[v.slug]
        paths = []
        for facet, x, ys, side in ((left, x_left, y_side[0], "l"), (right, x_right, y_side[1], "r")):
            if facet is None:
                continue
            for term_id in v.tags.get(facet.id, ()):
                if term_id not in ys:
                    continue
                edge = x_box if side == "l" else x_box + box_w
                bend = (x + edge) / 2
                paths.append(f"M{x:.0f} {ys[term_id]:.1f}C{bend:.0f} {ys[term_id]:.1f} {bend:.0f} {y:.1f} {edge:.0f} {y:.1f}")
        box_h = len(lines) * LINE + 8
        # aria-label: the name of a wrapped title, with the spaces its line breaks drop
        groups.append({"paths": paths, "url": url(context, here, vignette_uri(v.slug)), "title": " ".join(v.title.split()),
                       "x": f"{x_box:.0f}", "y": f"{y - box_h / 2:.1f}", "width": f"{box_w:.0f}", "height": f"{box_h:.0f}",
                       "lines": _text(lines, x_box + box_w / 2, y)})
    nodes = []
    for facet, col, ys, x, anchor, dx, kind in (
            (left, columns[0], y_side[0], x_left, "end", -8, "a"),
            (right, columns[1], y_side[1], x_right, "start", 8, "s")):
        if facet is None:
            continue
        for term_id, _ in col:
            y = ys[term_id]
            label = facet.terms[term_id].label
            nodes.append({"kind": kind, "url": url(context, here, term_uri(facet.segment, term_id)),
                          "label": " ".join(label.split()), "cx": f"{x:.0f}", "cy": f"{y:.1f}", "anchor": anchor,
                          "lines": _text(_lines(label, SIDE_CHARS), x + dx, y)})
    names = f" {t['network.and']} ".join(f.label.lower() for f in (left, right) if f is not None)
    return {"width": f"{width:.0f}", "height": f"{height + TOP:.0f}", "font": FONT,
            "title": t.format("network.svg_title", n=len(vignettes), left=left.label.lower() if left else "",
                              right=right.label.lower() if right else ""),
            "heads": heads, "vignettes": groups, "nodes": nodes,
            "caption": t.format("network.caption", n=len(vignettes), facets=names)}


def table(index: Index, context: "Context") -> dict:
    """The same relations as rows of a table, the text alternative."""
    here = address("network")
    t = i18n.strings(context.language)
    left, right = _facets(index)
    facets = [f for f in (left, right) if f is not None]
    rows = [{"url": url(context, here, vignette_uri(v.slug)), "title": v.title,
             "facets": [[{"url": url(context, here, term_uri(f.segment, term)), "label": f.terms[term].label}
                         for term in v.tags.get(f.id, ())] for f in facets]} for v in index.vignettes]
    return {"head": [t["network.vignette"]] + [f.label for f in facets], "rows": rows}


def render_network(index: Index, context: "Context") -> str:
    t = i18n.strings(context.language)
    left, right = _facets(index)
    names = f" {t['network.and']} ".join(f.label.lower() for f in (left, right) if f is not None)
    return "\n".join([
        front_matter({"title": t["network.title"], "hide": ["navigation", "toc"], "search": {"exclude": True},
                      "tbvsite": {"kind": "network"}}),
        f"# {plain(t['network.title'])}\n",
        f"{plain(t.format('network.intro', facets=names))} [{plain(t['network.intro_link'])}](#relaties) "
        f"{plain(t['network.intro_end'])}\n",
        html_block("network.html", context, **figure(index, context), stack=table(index, context)),
        f"## {plain(t['network.table_heading'])} {{#relaties}}\n",
        html_block("network_table.html", context, **table(index, context)),
    ])
