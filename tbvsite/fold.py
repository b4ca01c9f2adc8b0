"""The fold: the one way the site keeps how a case ended out of a student's sight.

Whatever tells an ending (the "Hoe het afliep" and "Analyse" part of a
vignette, a term's outcome in a case, the overview's "chosen" matrix, a
folded part of the glossary or the reading guide) stands inside a closed
``<details class="tbv-fold">`` whose summary says that it gives the ending
away (the locale string ``fold.summary``). In Markdown a hand-written page
folds a part with ``??? tbv-fold "<that label>"`` (pymdownx.details).

In the student edition the search index holds nothing from inside a fold:
:func:`hide_from_search` marks every fold, and every heading inside one, with
Material's ``data-search-exclude`` (an excluded fold alone would still leave
its headings as empty entries that point into it). The instructor edition
indexes everything.
"""

from __future__ import annotations

import re

from . import i18n

FOLD_CLASS = "tbv-fold"
SEARCH_EXCLUDE = "data-search-exclude"

_TAG = re.compile(r"<(/?)(details|h[1-6])\b([^>]*)>", re.I)
_FOLD = re.compile(r"""\bclass\s*=\s*["'][^"']*\btbv-fold\b""", re.I)


def summary(language: str, decision: bool = True) -> str:
    """The fold's label: it says that it gives the ending away, and when to open it."""
    t = i18n.strings(language)
    return t["fold.summary"] if decision else t["fold.summary_reflection"]


def hide_from_search(html: str) -> str:
    """``html`` with ``data-search-exclude`` on every fold and on every heading inside one."""
    out: list[str] = []
    last = 0
    depth = 0  # details elements open since the outermost fold opened
    for match in _TAG.finditer(html):
        closing, tag, attrs = match.group(1), match.group(2).lower(), match.group(3)
        if tag == "details":
            if closing:
                depth = max(0, depth - 1) if depth else 0
                continue
            if depth or _FOLD.search(attrs):
                depth += 1
                if depth == 1 and SEARCH_EXCLUDE not in attrs:
                    out.append(html[last:match.start()] + f"<{match.group(2)} {SEARCH_EXCLUDE}{attrs}>")
                    last = match.end()
            continue
        if depth and not closing and SEARCH_EXCLUDE not in attrs:
            out.append(html[last:match.start()] + f"<{match.group(2)} {SEARCH_EXCLUDE}{attrs}>")
            last = match.end()
    out.append(html[last:])
    return "".join(out)
