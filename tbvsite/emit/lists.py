"""Lists of the archive inside hand-written pages: a placeholder the plugin fills.

A hand-written page (the home page) writes ``<!-- tbvsite:vignetten -->`` on
a line of its own; the plugin puts the numbered list of every vignette, in
reading order, in its place; ``<!-- tbvsite:aantal -->``, inside a sentence, becomes the
number of vignettes. So a new case appears there without anyone editing the
page, and a page without the placeholders is left as it is.
"""

from __future__ import annotations

import re

from ..model import Index
from .text import link, vignette_uri

PLACEHOLDER = re.compile(r"^<!--[ \t]*tbvsite:vignetten[ \t]*-->[ \t]*$", re.M)
# Inline, anywhere in a sentence: the number of vignettes ("Het archief telt <!-- tbvsite:aantal --> vignetten").
COUNT = re.compile(r"<!--[ \t]*tbvsite:aantal[ \t]*-->")


def vignette_list(index: Index, page_uri: str) -> str:
    """A numbered Markdown list of links to every vignette, relative to ``page_uri``."""
    return "\n".join(f"{n}. {link(page_uri, vignette_uri(v.slug), v.title)}"
                     for n, v in enumerate(index.vignettes, 1))


def fill(markdown: str, index: Index | None, page_uri: str) -> str:
    """``markdown`` with each placeholder replaced by the list (by nothing when there is no index)."""
    if "tbvsite:" not in markdown:
        return markdown
    listing = vignette_list(index, page_uri) if index is not None else ""
    count = str(len(index.vignettes)) if index is not None else ""
    return COUNT.sub(lambda _: count, PLACEHOLDER.sub(lambda _: listing, markdown))
