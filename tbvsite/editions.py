"""The language editions of the site, page for page (no MkDocs here).

The Dutch edition is at the site's root, every other language under
``<language>/`` with the same structure (``en/vignettes/heidag/`` is the
counterpart of ``vignetten/heidag/``). A page is known in every edition by a
*key*: a generated page by what it shows (a vignette's slug, a facet's or term's
id, the name of a site page), a hand-written page by its Dutch source path
(an English page in ``docs/en/`` names it in its front matter:
``translates: leeswijzer.md``). :class:`Editions` maps a page of one edition
to its counterpart in another, or to nothing (then the language switch leads
to the other edition's home page).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

import yaml

from . import frontmatter
from .emit import handout
from .emit.text import address, edition, facet_uri, page_url, term_uri, vignette_uri
from .i18n import DEFAULT_LANGUAGE
from .index import build_index
from .model import Index, Problem, Vocabulary
from .textfile import read_text
from .translation import localize_vocabulary, relink

TRANSLATES = "translates"  # the front-matter key of a translated docs page
SITE_PAGES = ("overview", "explore", "network", "bibliography")


def prefix(language: str) -> str:
    """Where an edition lives below the site root: '' for Dutch, 'en/' for English."""
    return "" if language == DEFAULT_LANGUAGE else f"{language}/"


def generated_keys(vocabulary: Vocabulary, slugs: list[str], language: str,
                   sources: tuple[str, ...] = ()) -> dict[str, tuple]:
    """Source path -> key of every generated page of ``language``'s edition.

    ``vocabulary`` is the Dutch one, with its translations (segments differ per language).
    """
    local = localize_vocabulary(vocabulary, language) if language != DEFAULT_LANGUAGE else vocabulary
    keys: dict[str, tuple] = {}
    with edition(language):
        for slug in slugs:
            keys[vignette_uri(slug)] = ("vignette", slug)
        keys[f"{address('vignettes')}/index.md"] = ("list",)
        name = address("handout")
        keys[f"{address('vignettes')}/{name}-maken.md" if name in slugs else handout.uri()] = ("handout",)
        for name in SITE_PAGES:
            keys[address(name)] = ("page", name)
        for key in sources:  # a page per source of sources.yml (tbvsite/emit/sources.py)
            keys[f"{address('sources')}/{key}.md"] = ("source", key)
        for facet in local.facets.values():
            keys[facet_uri(facet.segment)] = ("facet", facet.id)
            for term in facet.terms.values():
                keys[term_uri(facet.segment, term.id)] = ("term", facet.id, term.id)
    return keys


def source_ids(index: Index | None) -> tuple[str, ...]:
    """The ids of the archive's sources (each has a page)."""
    sources = getattr(index, "sources", None)
    return tuple(sources.items) if sources is not None else ()


def docs_pages(docs_dir: Path, language: str, languages: tuple[str, ...]) -> dict[str, tuple]:
    """Source path -> key of every hand-written page of an edition.

    The Dutch edition's pages are its own keys (the other languages' folders
    left out); a translated page's key is the Dutch page it names in ``translates``.
    """
    keys: dict[str, tuple] = {}
    if not docs_dir.is_dir():
        return keys
    for path in sorted(docs_dir.rglob("*.md")):
        uri = path.relative_to(docs_dir).as_posix()
        if language == DEFAULT_LANGUAGE:
            if uri.split("/")[0] not in languages:
                keys[uri] = ("doc", uri)
        else:
            original = translates(path)
            keys[uri] = ("doc", original) if original else ("doc-only", language, uri)
    return keys


def with_fallbacks(dutch: dict[str, tuple], translated: dict[str, tuple]) -> dict[str, tuple]:
    """An edition's docs pages: its translations, and each Dutch page without one under the Dutch
    path (built from the Dutch text, which then says it is not yet translated)."""
    have = set(translated.values())
    pages = dict(translated)
    for uri, key in dutch.items():
        if key not in have and uri not in pages:
            pages[uri] = key
    return pages


def translates(path: Path) -> str:
    """The ``translates:`` value of a docs page's front matter, or ''."""
    text, _ = read_text(path, str(path))
    if not text:
        return ""
    parts, _ = frontmatter.split(text, str(path))
    if parts is None or not parts.yaml_text.strip():
        return ""
    try:
        data = yaml.safe_load(parts.yaml_text)
    except yaml.YAMLError:
        return ""
    value = data.get(TRANSLATES) if isinstance(data, dict) else None
    return value.strip() if isinstance(value, str) else ""


def check_docs(docs: dict[str, tuple], originals: dict[str, tuple], shown_dir: str) -> list[Problem]:
    """A translated page that names no existing Dutch page (its language switch would lead home)."""
    known = {key for key in originals.values()}
    return [Problem(f"{shown_dir}/{uri}", 1, 1, "translates-unknown",
                    f"'{TRANSLATES}: {key[1]}' names no page of the Dutch docs folder",
                    f"write the Dutch page's path relative to the docs folder, e.g. '{TRANSLATES}: index.md'",
                    "warning")
            for uri, key in sorted(docs.items()) if key[0] == "doc" and key not in known]


@dataclass
class Editions:
    """Every edition's pages by key: the counterpart of any page in any language."""

    use_directory_urls: bool = True
    pages: dict[str, dict[str, tuple]] = field(default_factory=dict)  # language -> src_uri -> key
    by_key: dict[str, dict[tuple, str]] = field(default_factory=dict)  # language -> key -> src_uri

    def add(self, language: str, keys: dict[str, tuple], existing: set[str] | None = None) -> None:
        """Register an edition's pages (only those in ``existing``, when given)."""
        for uri, key in keys.items():
            if existing is not None and uri not in existing:
                continue
            self.pages.setdefault(language, {})[uri] = key
            self.by_key.setdefault(language, {}).setdefault(key, uri)

    def counterpart(self, src_uri: str, language: str, other: str) -> str | None:
        """The source path of ``src_uri``'s counterpart in ``other``, or None."""
        key = self.pages.get(language, {}).get(src_uri)
        return None if key is None else self.by_key.get(other, {}).get(key)

    def site_path(self, src_uri: str, language: str) -> str:
        """The page's path from the site root (the Dutch edition's root)."""
        return prefix(language) + page_url(src_uri, self.use_directory_urls)

    def alternates(self, src_uri: str, language: str) -> dict[str, tuple[str, bool]]:
        """Language -> (path from the site root, whether it is the page's own counterpart)."""
        found = {}
        for other in self.pages:
            uri = src_uri if other == language else self.counterpart(src_uri, language, other)
            if uri is not None:
                found[other] = (self.site_path(uri, other), True)
            else:
                found[other] = (self.site_path("index.md", other), False)
        return found


def relative(from_site_path: str, to_site_path: str) -> str:
    """A link from one page to another, both given by their path from the site root."""
    base = from_site_path if from_site_path.endswith("/") or not from_site_path \
        else posixpath.dirname(from_site_path) + "/"
    result = posixpath.relpath(to_site_path or ".", base.rstrip("/") or ".")
    if (to_site_path.endswith("/") or not to_site_path) and not result.endswith("/"):
        result = "./" if result == "." else result + "/"
    return result


def link_mapping(index: Index, vocabulary: Vocabulary, language: str,
                 docs: dict[str, str] | None = None, left_out: Iterable[str] = ()) -> dict[str, str]:
    """Dutch source path -> its counterpart in ``language``'s edition, for every page that has one.

    ``left_out``: vignettes the preview leaves out of the index; their pages stand in for them in
    each edition (tbvsite/preview.py), so links to them lead there too.
    """
    slugs = [v.slug for v in index.vignettes] + sorted(set(left_out) - {v.slug for v in index.vignettes})
    cited = source_ids(index)
    inverse = {key: uri for uri, key in generated_keys(vocabulary, slugs, language, cited).items()}
    mapping = {uri: inverse[key] for uri, key in generated_keys(vocabulary, slugs, DEFAULT_LANGUAGE, cited).items()
               if key in inverse}
    mapping.update(docs or {})
    return mapping


def relink_notes(notes: dict[str, str], index: Index, vocabulary: Vocabulary, language: str,
                 docs: dict[str, str] | None = None, same_text: set[str] | None = None,
                 left_out: Iterable[str] = ()) -> dict[str, str]:
    """Teaching notes (shown on their vignette's page) with links to Dutch addresses turned into
    their counterparts in ``language``'s edition, as the vignettes' own texts are."""
    mapping = link_mapping(index, vocabulary, language, docs, left_out)
    keep = frozenset(same_text or ())
    out = {}
    for slug, text in notes.items():
        with edition(DEFAULT_LANGUAGE):
            dutch = vignette_uri(slug)
        with edition(language):
            out[slug] = relink(text, dutch, vignette_uri(slug), mapping, keep)
    return out


def relink_index(index: Index, vocabulary: Vocabulary, language: str,
                 docs: dict[str, str] | None = None, same_text: set[str] | None = None,
                 left_out: Iterable[str] = ()) -> Index:
    """The ``language`` edition's index with every link to a Dutch address turned into its counterpart.

    ``vocabulary`` is the Dutch one (with translations); ``docs`` maps Dutch docs
    pages to their translations; ``same_text``: pages of the edition that show the
    Dutch text (anchors into them stay); ``left_out``: as for :func:`link_mapping`. A text
    shown untranslated, or a translation that kept the Dutch links, then still leads to
    pages of its own edition.
    """
    mapping = link_mapping(index, vocabulary, language, docs, left_out)
    keep = frozenset(same_text or ())
    with edition(DEFAULT_LANGUAGE):
        dutch_pages = {v.slug: vignette_uri(v.slug) for v in index.vignettes}
    with edition(language):
        vignettes = [replace(v, body=relink(v.body, dutch_pages[v.slug], vignette_uri(v.slug), mapping, keep))
                     for v in index.vignettes]
    local = index.vocabulary
    facets = {}
    for facet in local.facets.values():
        dutch = vocabulary.facets[facet.id].segment
        def relinked(text: str, term_id: str) -> str:
            return relink(text, term_uri(dutch, term_id), term_uri(facet.segment, term_id), mapping, keep)
        terms = {t.id: replace(t, description=relinked(t.description, t.id),
                               outcome={slug: relinked(text, t.id) for slug, text in t.outcome.items()})
                 for t in facet.terms.values()}
        facets[facet.id] = replace(facet, terms=terms, intro=relink(facet.intro, facet_uri(dutch),
                                                                    facet_uri(facet.segment), mapping, keep))
    return build_index(vignettes, replace(local, facets=facets), _relink_sources(index.sources, language, mapping))


def _relink_sources(sources, language: str, mapping: dict[str, str]):
    """The sources with their hand-written pages in ``language``'s edition: its labels, its paths."""
    if sources is None:
        return None
    items = {key: replace(source, pages=tuple((mapping.get(page, page), label) for page, label
                                              in source.translated_pages.get(language, source.pages)))
             for key, source in sources.items.items()}
    return replace(sources, items=items)
