"""Check the internal links in vignette bodies and term descriptions.

MkDocs reports a broken link under the address of the generated page
(``vignetten/alpha.md``), which is not the file a researcher edits. This
check names the source file, line and column, and suggests the page meant.
Anchors (``#section``) are left to MkDocs' own validation, which sees the
rendered headings.
"""

from __future__ import annotations

import bisect
from dataclasses import replace
import posixpath
import re
from typing import Iterable

from .checks import did_you_mean
from .emit.text import term_uri, vignette_uri
from .model import Index, Problem
from .safety import INLINE_URL, REFERENCE_URL, mask_code

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def targets(text: str) -> Iterable[tuple[int, str]]:
    """(offset, target) of every relative link in Markdown ``text``, code excluded."""
    masked = mask_code(text)
    for pattern in (INLINE_URL, REFERENCE_URL):
        for match in pattern.finditer(masked):
            url = match.group(1).strip("<>")
            if url and not url.startswith(("#", "/")) and not _SCHEME.match(url):
                yield match.start(1), url


def broken_links(text: str, page: str, known: set[str], shown: str, first_line: int,
                 where: str = "") -> list[Problem]:
    """Problems for links in ``text`` (rendered at ``page``) whose target is not in ``known``."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    problems = []
    for offset, url in targets(text):
        path = url.split("#", 1)[0].split("?", 1)[0]
        if not path:
            continue
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if resolved in known:
            continue
        line = bisect.bisect_right(starts, offset) - 1
        guess = did_you_mean(resolved, known)
        hint = (f"{guess} (links are relative to the page '{page}')" if guess else
                f"links are relative to the page '{page}': a term is '../<segment>/<id>.md', "
                "another vignette '<slug>.md'")
        problems.append(Problem(shown, first_line + line, offset - starts[line] + 1, "broken-link",
                                f"the link '{url}'{' in ' + where if where else ''} points to '{resolved}', "
                                "which is not a page of the site", hint, location=where))
    return problems


def check_links(index: Index, known: set[str]) -> list[Problem]:
    """Every broken internal link in the archive's bodies and descriptions."""
    problems: list[Problem] = []
    for vignette in index.vignettes:
        problems += broken_links(vignette.body, vignette_uri(vignette.slug), known, vignette.path,
                                 vignette.body_line)
    for facet in index.vocabulary.facets.values():
        for term in facet.terms.values():
            texts = [("description", term.description)] + [(f"outcome.{slug}", text) for slug, text in term.outcome.items()]
            for key, text in texts:
                found = broken_links(text, term_uri(facet.segment, term.id), known, index.vocabulary.path, term.line,
                                     where=f"facets.{facet.id}.terms.{term.id}.{key}")
                # The vocabulary keeps the line of each term's key, not of its description.
                problems += [replace(p, line=term.line, column=1) for p in found]
    return sorted(problems, key=Problem.sort_key)
