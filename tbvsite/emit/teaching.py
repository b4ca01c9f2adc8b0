"""The teaching note on a vignette page (instructor edition only), and heading shifts.

A note is the lecturer's own Markdown; it is set under one clearly marked
heading, with its own headings shifted below it so the page keeps one outline.
"""

from __future__ import annotations

import re
import textwrap

from .. import i18n
from ..safety import mask_code
from .text import attr, plain

NOTE_ID = "docentenhandleiding"
_HEADING = re.compile(r"^(#{1,6})(?=\s|$)")


def _headings(markdown_text: str) -> list[tuple[int, int]]:
    """(line index, level) of every ATX heading outside code (fences and spans)."""
    masked = mask_code(markdown_text).split("\n")
    return [(i, len(m.group(1))) for i, line in enumerate(masked) if (m := _HEADING.match(line))]


def demote_headings(markdown_text: str, top: int) -> str:
    """Shift ATX headings (outside code) so the highest one becomes level ``top``."""
    headings = _headings(markdown_text)
    shift = max(0, top - min(level for _, level in headings)) if headings else 0
    if not shift:
        return markdown_text
    lines = markdown_text.split("\n")
    for i, level in headings:
        lines[i] = "#" * min(6, level + shift) + lines[i][level:]
    return "\n".join(lines)


# A heading of a note with this class (attr_list: ``## What happened next {.collapsed}``) opens a part
# shown collapsed, up to the next heading of its level or above: what a projector should not show at once.
COLLAPSED = "collapsed"
_COLLAPSED = re.compile(r"\s*\{:?([^}]*)\}\s*$")


def collapse_parts(markdown_text: str, hint: str) -> str:
    """Each part under a heading marked ``.collapsed`` wrapped in a closed ``<details>``, whose summary
    is the heading's text and ``hint``; the heading stays inside (and in the table of contents)."""
    lines = markdown_text.split("\n")
    headings = _headings(markdown_text)
    for n in range(len(headings) - 1, -1, -1):
        i, level = headings[n]
        found = _COLLAPSED.search(lines[i])
        if not found or f".{COLLAPSED}" not in found[1].split():
            continue
        rest = " ".join(w for w in found[1].split() if w != f".{COLLAPSED}")
        text = lines[i][level:found.start()].strip()
        lines[i] = lines[i][:found.start()] + (f" {{ {rest} }}" if rest else "")
        end = next((j for j, other in headings[n + 1:] if other <= level), len(lines))
        lines[i:end] = ["", '<details class="tbv-teaching-collapsed" markdown>',
                        f"<summary>{attr(text)} ({attr(hint)})</summary>", "", *lines[i:end], "", "</details>", ""]
    return "\n".join(lines)


def render_note(markdown_text: str, language: str = i18n.DEFAULT_LANGUAGE) -> str:
    """The note as a marked section of the vignette page; search indexes it like the rest. Every
    heading in it is marked for instructors (tbvsite.css), parts marked ``.collapsed`` start closed."""
    t = i18n.strings(language)
    warning = textwrap.fill(t["teaching.warning"], 90, initial_indent="    ", subsequent_indent="    ")
    return "\n".join([
        f'<section class="tbv-teaching-note" aria-labelledby="{NOTE_ID}" markdown>\n',
        f"## {plain(t['teaching.heading'])} {{#{NOTE_ID}}}\n",
        f'!!! warning "{attr(t["teaching.warning_title"])}"\n',
        warning + "\n",
        collapse_parts(demote_headings(markdown_text.strip(), 3), t["teaching.collapsed"]) + "\n",
        "</section>\n",
    ])
