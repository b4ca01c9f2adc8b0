"""The site's own HTML stays out of Python-Markdown.

What the site writes around authored text (metadata panel, lists, matrices,
the network, explore's cards) is rendered as HTML by templates
(:mod:`tbvsite.render`) and placed in a generated page's Markdown as a raw
HTML block. Python-Markdown would pass it through unchanged, but only after
parsing every tag of it: on the term, overview, explore and network pages
that is most of the conversion time (issue 14).

So the plugin gives the emitters a marker (``emit.Context.block_marker``, a
random token per build process that authored text cannot know), the emitters
wrap each block in it (:func:`wrap`), and before a page is converted the
plugin lifts the blocks out (:func:`lift`), leaving a one-line comment in
their place, and puts them back in the converted HTML (:func:`restore`),
before the sanitiser sees the page. Without a marker (the core on its own,
``tbvsite check``, the tests of the emitters) the blocks stay in the
Markdown as they are.
"""

from __future__ import annotations

import re


def wrap(html: str, marker: str) -> str:
    """``html`` between the marker's opening and closing comments (nothing when there is no marker)."""
    if not marker:
        return html
    return f"<!--{marker}-->{html}<!--/{marker}-->"


def lift(markdown: str, marker: str) -> tuple[str, list[str]]:
    """The Markdown with each wrapped block replaced by a placeholder comment, and the blocks in order."""
    if not marker or f"<!--{marker}-->" not in markdown:
        return markdown, []
    found: list[str] = []

    def keep(match: re.Match) -> str:
        found.append(match.group(1).strip())  # as Python-Markdown would have placed it
        return _placeholder(marker, len(found) - 1)

    pattern = re.compile(f"<!--{re.escape(marker)}-->(.*?)<!--/{re.escape(marker)}-->", re.DOTALL)
    return pattern.sub(keep, markdown), found


def restore(html: str, marker: str, found: list[str]) -> str:
    """The converted HTML with every placeholder replaced by its block.

    Raises ValueError when a placeholder went missing or was repeated: the
    page would otherwise lose or double part of itself without a word.
    """
    if not found:
        return html
    pattern = re.compile(f"<!--{re.escape(marker)}:([0-9]+)-->")
    seen: list[int] = []

    def put(match: re.Match) -> str:
        number = int(match.group(1))
        seen.append(number)
        return found[number] if number < len(found) else match.group(0)

    out = pattern.sub(put, html)
    if sorted(seen) != list(range(len(found))):
        missing = sorted(set(range(len(found))) - set(seen))
        raise ValueError(f"{len(found)} template blocks were lifted out of the page, but the converted HTML "
                         f"has placeholders {sorted(seen)} (missing: {missing})")
    return out


def _placeholder(marker: str, number: int) -> str:
    return f"<!--{marker}:{number}-->"
