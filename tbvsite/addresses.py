"""Every address the site will publish, known before anything is emitted.

A vignette slug, a term id, a facet id or a facet's URL segment is a name a
contributor chooses; each becomes part of an address (or, for a facet id, a
key of the open-data records). Here those names are checked against the
addresses the site itself uses and against the hand-written docs pages, so a
collision is a located problem in validation, never a page silently replaced
or an exception while emitting.
"""

from __future__ import annotations

from typing import Iterable

from .model import Problem, Vignette, Vocabulary

# Top-level names the site uses for its own pages and folders; a facet segment may not take one.
SITE_NAMES: dict[str, str] = {
    "index": "the home page",
    "vignetten": "the vignette pages",
    "verkennen": "the explore page (verkennen/)",
    "netwerk": "the network page (netwerk/)",
    "overzicht": "the overview page (overzicht/)",
    "data": "the open data (data/)",
    "assets": "the site's scripts and styles (assets/)",
    "search": "the search index (search/)",
    "sitemap": "the sitemap",
    "404": "the not-found page",
    "bronnen": "the source pages (bronnen/)",
    "bibliografie": "the bibliography (bibliografie/)",
    "en": "the English edition (en/)",
    # The English edition's addresses (tbvsite.emit.text.ADDRESSES), reserved in both.
    "vignettes": "the vignette pages of the English edition",
    "explore": "the explore page of the English edition (explore/)",
    "network": "the network page of the English edition (network/)",
    "sources": "the source pages of the English edition (sources/)",
    "bibliography": "the bibliography of the English edition (bibliography/)",
    "overview": "the overview page of the English edition (overview/)",
    # Not an address: a segment also names a data-* attribute of each card on the explore page.
    "slug": "the attribute data-slug of the explore page's cards",
    "bron": "the explore page's filter by source (data-bron, ?bron=)",
}
# Names inside vignetten/ that are not vignettes; a vignette file may not take one.
VIGNETTE_NAMES: dict[str, str] = {
    "index": "the vignette list (vignetten/)",
    "hand-out": "the handout page (vignetten/hand-out/)",
    "hand-out-maken": "the handout page (vignetten/hand-out-maken/)",
    "handout": "the handout page of the English edition (vignettes/handout/)",
    "handout-maken": "the handout page of the English edition (vignettes/handout-maken/)",
}
# Inside a facet's folder: a term id may not take the facet's own page.
TERM_NAMES: dict[str, str] = {"index": "the facet's own page"}
# Keys of a record in data/vignettes.json and columns of data/vignettes.csv; a facet id may not take one.
RECORD_KEYS = ("slug", "title", "summary", "url", "order", "source", "positions", "objectives", "questions")

# A name becomes a folder, a file and part of every link to it: long ones fail on some file systems.
NAME_MAX = 80


def page_address(src_uri: str) -> str:
    """The published address of a source path, without ``.md`` and a final ``index``."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index":
        return ""
    return stem[: -len("/index")] if stem.endswith("/index") else stem


def docs_addresses(docs: Iterable[str]) -> dict[str, str]:
    """Published address -> docs source path, for every Markdown page in the docs folder."""
    return {page_address(uri): uri for uri in docs if uri.endswith(".md")}


def reserved_segment(segment: str, docs: dict[str, str]) -> str:
    """What ``segment`` would collide with (a sentence), or ''."""
    if segment in SITE_NAMES:
        return SITE_NAMES[segment]
    for address, uri in docs.items():
        if address == segment or address.startswith(segment + "/"):
            return f"the docs page docs/{uri}"
    return ""


def check_vignettes(vignettes: list[Vignette], docs: Iterable[str] = ()) -> list[Problem]:
    """A vignette file name that takes a reserved or a docs page's address, or is too long."""
    pages = docs_addresses(docs)
    problems = []
    for vignette in vignettes:
        address = f"vignetten/{vignette.slug}"
        taken = VIGNETTE_NAMES.get(vignette.slug) or (f"the docs page docs/{pages[address]}"
                                                      if address in pages else "")
        if len(vignette.slug) > NAME_MAX:
            problems.append(Problem(vignette.path, 0, 0, "too-long",
                                    f"the file name has {len(vignette.slug)} characters; the limit is {NAME_MAX}",
                                    "shorten the file name: it becomes the page's address"))
        if taken:
            problems.append(Problem(vignette.path, 0, 0, "reserved-name",
                                    f"the file name '{vignette.slug}' collides with {taken}",
                                    "rename the file, e.g. to 'casus-" + vignette.slug + ".md'"))
    return problems


def check_vocabulary(vocabulary: Vocabulary, docs: Iterable[str]) -> list[Problem]:
    """A facet segment that takes a docs page's address (the site's own names are checked on load)."""
    pages = docs_addresses(docs)
    problems = []
    for facet in vocabulary.facets.values():
        taken = reserved_segment(facet.segment, pages) if facet.segment not in SITE_NAMES else ""
        if taken:
            where = f"facets.{facet.id}.segment"
            problems.append(Problem(vocabulary.path, facet.line or 1, 1, "reserved-name",
                                    f"the segment '{facet.segment}' collides with {taken}",
                                    "choose another segment, or rename the docs page", location=where))
    return problems
