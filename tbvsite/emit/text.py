"""Small helpers every emitter shares: safe text, page addresses, relative links."""

from __future__ import annotations

import contextlib
import contextvars
import functools
import html
import posixpath
import re

import yaml

from .. import blocks, render

# The addresses of the generated pages per language (the English edition has English
# URLs). Emitters ask address(name) while emit.emit() runs inside edition(language).
ADDRESSES: dict[str, dict[str, str]] = {
    "nl": {"vignettes": "vignetten", "overview": "overzicht.md", "explore": "verkennen.md",
           "network": "netwerk.md", "handout": "hand-out", "sources": "bronnen", "bibliography": "bibliografie.md"},
    "en": {"vignettes": "vignettes", "overview": "overview.md", "explore": "explore.md",
           "network": "network.md", "handout": "handout", "sources": "sources", "bibliography": "bibliography.md"},
}
_LANGUAGE: contextvars.ContextVar[str] = contextvars.ContextVar("tbvsite_language", default="nl")


def address(name: str) -> str:
    """The source path (or folder) of a generated page of the current edition."""
    return ADDRESSES.get(_LANGUAGE.get(), ADDRESSES["nl"])[name]


@contextlib.contextmanager
def edition(language: str):
    """Emit the pages of ``language``'s edition (its addresses) inside this block."""
    token = _LANGUAGE.set(language)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


VIGNETTES = ADDRESSES["nl"]["vignettes"]  # the Dutch defaults, for callers outside an edition
OVERVIEW = ADDRESSES["nl"]["overview"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def plain(text: str) -> str:
    """Author's plain text as safe inline Markdown: HTML escaped, Markdown inert."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=True))


def attr(text: str) -> str:
    """Author's plain text for an HTML attribute or a page-meta value Material prints raw."""
    return html.escape(" ".join(text.split()), quote=True)


# libyaml's emitter when PyYAML has it: the same text, several times faster on large archives.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(meta: dict) -> str:
    return "---\n" + yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"


def vignette_uri(slug: str) -> str:
    return f"{address('vignettes')}/{slug}.md"


def term_uri(segment: str, term_id: str) -> str:
    return f"{segment}/{term_id}.md"


def facet_uri(segment: str) -> str:
    return f"{segment}/index.md"


def rel(from_uri: str, to_uri: str) -> str:
    """Relative link from one page's source path to another's, as MkDocs resolves it."""
    return _rel(to_uri, posixpath.dirname(from_uri) or ".")


# posixpath.relpath is slow and a big archive asks for the same few links over and over.
_rel = functools.lru_cache(maxsize=65_536)(posixpath.relpath)


def link(from_uri: str, to_uri: str, label: str) -> str:
    return f"[{plain(label)}]({rel(from_uri, to_uri)})"


def words(markdown_text: str) -> int:
    return len(re.findall(r"\w+", markdown_text))


def reading_minutes(markdown_text: str, per_minute: int = 200) -> int:
    return max(1, round(words(markdown_text) / per_minute))


def page_url(src_uri: str, use_directory_urls: bool) -> str:
    """Site-relative URL of a generated Markdown page, as MkDocs will publish it."""
    stem = src_uri[: -len(".md")]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def href(from_src: str, to_path: str, use_directory_urls: bool) -> str:
    """Relative URL from a generated page to a page (``.md``) or file, as published.

    For raw HTML, which MkDocs does not rewrite: the result is what the
    browser needs, for directory URLs and for plain ``.html`` URLs alike.
    """
    return _href(from_src, to_path, use_directory_urls)


@functools.lru_cache(maxsize=65_536)
def _href(from_src: str, to_path: str, use_directory_urls: bool) -> str:
    here = page_url(from_src, use_directory_urls)
    target = page_url(to_path, use_directory_urls) if to_path.endswith(".md") else to_path
    base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    relative = posixpath.relpath(target or ".", base.rstrip("/") or ".")
    if (target.endswith("/") or not target) and not relative.endswith("/"):
        relative = "./" if relative == "." else relative + "/"
    return relative


def absolute_url(site_url: str, src_uri: str, use_directory_urls: bool) -> str:
    """Full address of a generated page when the site's URL is known, else ''."""
    if not site_url:
        return ""
    return site_url.rstrip("/") + "/" + page_url(src_uri, use_directory_urls)


def url(context, from_src: str, to_path: str) -> str:
    """The one URL function of the templates: ``to_path`` (a page's source path or a file)
    as a relative URL from the page ``from_src``, for the edition's URL style."""
    return href(from_src, to_path, context.use_directory_urls)


# Material's search leaves out a section whose heading (or an element that) carries this attribute:
# listings that repeat what another page says (a vignette's summary, its title) and the site's
# boilerplate stay out of the index, so a search finds the page that says it.
SEARCH_EXCLUDE = "data-search-exclude"


def html_block(template: str, context, **data) -> str:
    """A part rendered from its template (:mod:`tbvsite.render`), as a raw HTML block of a
    generated Markdown page: blank lines around it, so Python-Markdown passes it through;
    wrapped in the context's block marker, so the plugin can keep it out of the conversion
    altogether (:mod:`tbvsite.blocks`)."""
    html = render.render(template, dirs=context.template_dirs, language=context.language, **data)
    return "\n" + blocks.wrap(html, context.block_marker) + "\n"
