"""Emit: turn the index into every generated page and data file.

Each emitter is a pure function ``(index, context) -> {src_uri: content}``;
the plugin adds what they return to the site. To add a page type, write an
emitter module and list it in :data:`EMITTERS`.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable

from ..history import Version
from ..model import Index
from . import citation, datafiles, explore, handout, network, opendata, overview, sources, term, vignette
from .text import edition, page_url, vignette_uri  # noqa: F401 - page_url is part of this package's API


@dataclass(frozen=True)
class Context:
    """What emitters may know about the site besides the index."""

    site_name: str = ""
    site_url: str = ""
    use_directory_urls: bool = True
    # slug -> Markdown of the teaching note; empty in the student edition.
    notes: dict[str, str] = field(default_factory=dict)
    # slug -> dates and commits of its text (tbvsite.history); never the build date.
    versions: dict[str, Version] = field(default_factory=dict)
    # The repository's web address (mkdocs.yml repo_url): links to a version's exact text.
    repo_url: str = ""
    # Built to be opened from a folder (file://), where a page may not read other files.
    offline: bool = False
    # The edition's language (mkdocs.yml theme.language): which interface strings
    # (tbvsite/i18n.py) and which texts of the archive the pages carry.
    language: str = "nl"
    # The theme's template folders (custom_dir first), where tbvsite.render finds its partials.
    template_dirs: tuple[str, ...] = ()
    # The CSL style of every reference to a source: a vendored style's name ("apa") or a .csl path.
    citation_style: str = ""
    # Set by the plugin: each part rendered from a template is wrapped in this marker, so the
    # plugin converts the page's Markdown without it (tbvsite/blocks.py). Empty: plain HTML blocks.
    block_marker: str = ""
    # The instructor edition (teaching notes set): it may show what the student edition keeps
    # out of sight, such as the commit subjects of a vignette's versions.
    instructor: bool = False
    # Set by the preview: what the previous build emitted, reused where what it read is the same
    # (a tbvsite.emit.memo.Memo). Not part of what a page shows.
    memo: Any = field(default=None, compare=False, repr=False)


Emitter = Callable[[Index, Context], dict[str, str | bytes]]

EMITTERS: tuple[Emitter, ...] = (
    vignette.emit,
    term.emit,
    overview.emit,
    opendata.emit,
    citation.emit,
    handout.emit,
    explore.emit,
    network.emit,
    datafiles.emit,
    sources.emit,
)

# The emitters that read no vignette's body and no teaching note: under the preview, all they write is
# kept while the rest is the same (tbvsite/emit/memo.py). tests/test_emit.py holds them to it.
BODILESS: frozenset[Emitter] = frozenset({term.emit, overview.emit, opendata.emit, citation.emit, handout.emit,
                                          explore.emit, network.emit, sources.emit})


def emit(index: Index, context: Context, *,
         defer: bool = False) -> dict[str, str | bytes | Callable[[], str | bytes]]:
    """Every generated page and data file. ``defer``: for a build that reads them one by one, the
    vignette pages as functions that write each page when called (:func:`tbvsite.emit.vignette.emit`),
    and every other page and file as a function that gives it back from a compressed copy
    (:func:`packed`): at 3,000 vignettes the term, overview, explore and network pages and the data
    files are some 65 MB of text, which then wait as some 15 (issue 26).
    With ``context.memo`` (the preview), each vignette's parts are the previous build's where what
    they read is the same (tbvsite/emit/memo.py)."""
    pages: dict[str, str | bytes | Callable[[], str | bytes]] = {}
    if context.memo is not None:
        context.memo.begin(index, context)
    with edition(context.language):  # the addresses of the edition's language
        for emitter in EMITTERS:
            if defer and emitter is vignette.emit:
                found = vignette.emit(index, context, defer=True)
            elif context.memo is not None and emitter in BODILESS:
                found = context.memo.whole(emitter.__module__, partial(emitter, index, context))
            else:
                found = emitter(index, context)
            for uri, content in found.items():
                if uri in pages:
                    raise ValueError(f"two emitters write {uri}")  # a programming error, not a user's
                pages[uri] = packed(content) if defer and not callable(content) else content
            del found  # what it wrote waits packed, not whole, while the next emitter runs
    if context.memo is not None:
        context.memo.end()
    return pages


def packed(content: str | bytes) -> Callable[[], str | bytes]:
    """``content`` compressed, and the function that gives it back as it was (``str`` or ``bytes``)."""
    text = isinstance(content, str)
    kept = zlib.compress(content.encode("utf-8") if text else content, 1)
    return lambda: zlib.decompress(kept).decode("utf-8") if text else zlib.decompress(kept)


def head_meta(index: Index, context: Context) -> dict[str, dict]:
    """Data for the ``<head>`` of each vignette and source page (citation tags, JSON-LD), by source path.

    Handed to the template by the plugin rather than written into the
    generated front matter, which MkDocs would parse again, page by page,
    with its slow pure-Python YAML loader.
    """
    with edition(context.language):
        meta = {vignette_uri(v.slug): citation.page_meta(index, v, context) for v in index.vignettes}
        if index.sources is not None:  # a source's page: the source's own tags, so it is saved as itself
            meta.update({citation.source_uri(key): {"highwire": citation.source_highwire(source.csl), "jsonld": {}}
                         for key, source in index.sources.items.items()})
        return meta
