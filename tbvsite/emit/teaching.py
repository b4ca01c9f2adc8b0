"""The teaching note on a vignette page (instructor edition only), and heading shifts.

A note is the lecturer's own Markdown; it is set under one clearly marked
heading, with its own headings shifted below it so the page keeps one outline.
"""

from __future__ import annotations

import re

NOTE_ID = "docentenhandleiding"
_HEADING = re.compile(r"^(#{1,6})(?=\s|$)")


def heading_levels(markdown_text: str) -> list[int]:
    return [len(m.group(1)) for line in _outside_fences(markdown_text) if (m := _HEADING.match(line))]


def demote_headings(markdown_text: str, top: int) -> str:
    """Shift ATX headings (outside code fences) so the highest one becomes level ``top``."""
    levels = heading_levels(markdown_text)
    shift = max(0, top - min(levels)) if levels else 0
    if not shift:
        return markdown_text
    out = []
    fence = ""
    for line in markdown_text.split("\n"):
        fence, inside = _fence_state(line, fence)
        if not inside and (m := _HEADING.match(line)):
            line = "#" * min(6, len(m.group(1)) + shift) + line[len(m.group(1)):]
        out.append(line)
    return "\n".join(out)


def render_note(markdown_text: str) -> str:
    """The note as a marked section of the vignette page; search indexes it like the rest."""
    return "\n".join([
        f'<section class="tbv-teaching-note" aria-labelledby="{NOTE_ID}" markdown>\n',
        f"## Docentenhandleiding {{#{NOTE_ID}}}\n",
        '!!! warning "Alleen in de docenteneditie"\n',
        "    Deze handleiding hoort bij de docenteneditie van het archief. De studenteneditie",
        "    bevat haar niet; deel deze pagina dus niet met studenten.\n",
        demote_headings(markdown_text.strip(), 3) + "\n",
        "</section>\n",
    ])


def _fence_state(line: str, fence: str) -> tuple[str, bool]:
    """(fence after this line, whether this line is code or a fence marker)."""
    stripped = line.lstrip()
    for marker in ("```", "~~~"):
        if stripped.startswith(marker):
            if not fence:
                return marker, True
            if fence == marker:
                return "", True
    return fence, bool(fence)


def _outside_fences(markdown_text: str):
    fence = ""
    for line in markdown_text.split("\n"):
        fence, inside = _fence_state(line, fence)
        if not inside:
            yield line
