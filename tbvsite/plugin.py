"""The MkDocs adapter: the only module that imports MkDocs.

It hands the vignette folder to the pipeline and the generated pages to
MkDocs, nothing more. Hooks: ``on_config`` (paths, Markdown extension, our
assets and templates), ``on_files`` (run the pipeline from scratch, date the
vignettes from git, add the pages), ``on_pre_page`` (a vignette's last change
as the sitemap date), ``on_page_context`` (citation metadata for the theme),
``on_post_build`` (offline edition only), ``on_serve`` (watch the vignettes).
``on_page_markdown`` and the first ``on_page_content`` hook keep the parts the
templates rendered out of Python-Markdown (tbvsite/blocks.py); the last
``on_page_content`` hook sanitises every page.

Under ``mkdocs serve`` a :class:`RenderCache` (bottom of this module; hooks
``on_nav``, ``on_page_markdown``, ``on_page_content``) reuses each page's HTML
from the previous build while its Markdown, the config file and the set of
files are unchanged: an edit of one vignette body converts that page again,
not the archive. A generated page's Markdown is let go once it is converted
(``_release_source``), so the build does not hold every page's text to the end.

With Material's ``offline`` plugin enabled (``mkdocs.offline.yml``) the site is
built to be opened from a folder: the plugin then serves Material's web-worker
shim from our own files instead of the CDN address Material would add, and
drops the 404 page, which only a web server can show.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import CountHandler, get_relative_url
from material.plugins.offline.plugin import OfflinePlugin

from . import blocks, editions, emit, history, i18n, links, notes, pipeline, preview, sanitize, sources, translation
from .emit import handout, lists
from .emit.text import edition, vignette_uri
from .markdown_ext import MatrixExtension
from .model import Problem
from .report import format_line, summary
from .textfile import shown_path

log = logging.getLogger("mkdocs.plugins.tbvsite")

PACKAGE = Path(__file__).parent
ASSETS = PACKAGE / "assets"
THEME = PACKAGE / "theme"
ASSET_URI = "assets/tbvsite"
# Material's search runs in a web worker, which a page opened from file:// may not start;
# this shim (npm package iframe-worker, MIT) runs it in an iframe instead. Offline builds only.
SHIM = PACKAGE / "vendor" / "iframe-worker" / "shim.js"
SHIM_URI = f"{ASSET_URI}/iframe-worker/shim.js"


class TbvsiteConfig(Config):
    vignettes = c.Type(str, default="vignettes")
    """Folder of the vignette files, relative to mkdocs.yml."""
    taxonomy = c.Type(str, default="vignettes/taxonomy.yml")
    """The controlled vocabulary, relative to mkdocs.yml."""
    teaching_notes = c.Type(str, default="")
    """Folder of the teaching notes (relative to the config file, or absolute). Empty, the
    default, is the student edition: no note is read. Set, it is the instructor edition."""
    citation_style = c.Type(str, default="apa")
    """The CSL style of references to sources: the name of a vendored style (tbvsite/vendor/csl/, "apa"
    = APA 7th edition) or a .csl file relative to the config file."""
    repository = c.Type(str, default="")
    """Web address of the repository (e.g. https://github.com/org/archief): each version of a
    vignette links to its text at that commit. Empty: MkDocs' repo_url, if set."""
    translations = c.Type(dict, default={})
    """The other language editions: language -> a config overlay (relative to the config file),
    e.g. ``{en: mkdocs.en.yml}``. Each is built after this one, into ``<site_dir>/<language>/``,
    from this config with the overlay merged over it (see _build_editions)."""
    edition_of = c.Type(str, default="")
    """Set by _build_editions in an edition it builds: the config file it was built from."""
    source_docs = c.Type(str, default="")
    """Set by _build_editions in an edition it builds: the Dutch docs folder (absolute)."""


class TbvsitePlugin(BasePlugin[TbvsiteConfig]):
    supports_multiple_instances = False

    serving = False  # set by on_startup: True for 'mkdocs serve'
    depth = 0  # on_startup calls not yet shut down (an edition's build nests in the Dutch one)
    problems: list = []
    index = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # MkDocs 1.6 keeps a plugin with this hook across the rebuilds of 'serve' (and for the editions
        # _build_editions builds: the same instance); on_config resets everything else per build.
        self.depth += 1
        if self.depth > 1:  # an edition's build inside this one: serve stays serve, the cache stays
            return
        self.serving = command == "serve"
        if self.cache is not None:
            self.cache.close()
        self.cache = RenderCache() if self.serving else None  # serve's rebuilds reuse unchanged pages

    def on_shutdown(self) -> None:
        self.depth = max(0, self.depth - 1)
        if self.depth:
            return
        self.serving = False  # the cached instance may serve a later in-process 'build'
        if self.cache is not None:
            self.cache.close()
        self.cache = None

    cache: "RenderCache | None" = None
    marker = ""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._i18n_config(config)
        if self.serving:  # under 'serve --strict' no warning may abort the build: the server would hang
            _forgive_warnings()
        self.problems = []
        self.dropped: dict[str, str] = {}
        self.handout_items: dict[str, str] = {}  # slug -> HTML of its handout item, written after the build
        # The marker of the template blocks kept out of Python-Markdown (tbvsite/blocks.py): random, so
        # no authored text can forge one; one per plugin instance, so serve's cache keys stay the same.
        self.marker = self.marker or f"tbv-{secrets.token_hex(8)}"
        self.lifted: dict[str, list[str]] = {}  # page -> its blocks, from on_page_markdown to on_page_content
        root = Path(config.config_file_path or ".").resolve().parent
        self.root = root
        self.head: dict[str, dict] = {}
        self.folder = (root / self.config.vignettes).resolve()
        self.taxonomy = (root / self.config.taxonomy).resolve()
        self.notes = (root / self.config.teaching_notes).resolve() if self.config.teaching_notes else None
        self.dutch_notes = self.notes
        if self.notes and self.language != i18n.DEFAULT_LANGUAGE:
            self.notes = self.notes / self.language  # e.g. vignettes/teaching-notes/en
        # A notes folder inside the vignettes folder holds no vignettes (the pipeline
        # already skips the conventional one).
        self.ignore = (self.notes,) if self.notes else ()
        self.style = sources.style_path(self.config.citation_style, root)
        if not self.style.is_file():
            raise PluginError(f"tbvsite: citation_style '{self.config.citation_style}' is neither a style in "
                              f"{sources.VENDOR} nor a .csl file at {self.style}; name 'apa' or give the path "
                              "of a CSL style, relative to the config file")
        docs_dir = Path(config.docs_dir).resolve()
        if self.notes and self.notes.is_relative_to(docs_dir):
            raise PluginError(f"tbvsite: teaching_notes ({self.config.teaching_notes}) lies inside the docs folder "
                              f"{config.docs_dir}, so MkDocs would publish every note as a page; move the notes "
                              "out of the docs folder (e.g. to vignettes/teaching-notes)")
        if self.notes:
            config.extra["tbvsite_edition"] = "docenten"  # the theme shows the edition marker
        self.offline = offline_build(config)
        if self.offline:
            # Material's offline plugin adds the shim from a CDN unless an iframe-worker
            # polyfill is already listed: list ours, and drop a CDN one added before us.
            polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in p]
            config.extra["polyfills"] = [*polyfills, SHIM_URI]
        if not any(isinstance(e, MatrixExtension) for e in config.markdown_extensions):
            config.markdown_extensions.append(MatrixExtension())
        for name in sorted(p.name for p in ASSETS.iterdir() if p.suffix == ".css"):
            uri = f"{ASSET_URI}/{name}"
            if uri not in config.extra_css:
                config.extra_css.append(uri)
        # Our templates sit between the site's custom_dir and Material's own.
        if str(THEME) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
        return config

    # Run late, so pages of other plugins exist and collisions are seen.
    @event_priority(-50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        files = self._i18n_files(files)
        docs = [f.src_uri for f in files if f.src_uri.endswith(".md")]
        self._report(_notes_in_docs(docs, shown_path(Path(config.docs_dir), self.root)), fatal=False)
        result = pipeline.run(self.folder, self.taxonomy, root=self.root, ignore=self.ignore, docs=docs,
                              language=self.language)
        if self.serving and not result.ok:  # the preview builds what is sound (tbvsite/preview.py)
            result, self.dropped = preview.select(result)
        if result.index is not None and self.language != i18n.DEFAULT_LANGUAGE:
            result = self._i18n_result(result, config)
        self.index = result.index
        self.fallbacks = self._i18n_fallback_docs(config, files, result.index)
        teaching, found = ({}, [])
        if self.notes and result.index is not None:
            teaching, found = notes.load_notes(self.notes, [v.slug for v in result.vignettes], shown_root=self.root)
            found += notes.check_notes(teaching, self.notes, shown_root=self.root)
            teaching, found = self._i18n_notes(teaching, found, [v.slug for v in result.vignettes])
        self._report(result.problems + found, fatal=result.index is None, advice=self._check_advice())
        versions = _versions(self.folder, result.index.vignettes) if result.index is not None else {}
        context = emit.Context(site_name=config.site_name, site_url=config.site_url or "",
                               use_directory_urls=config.use_directory_urls, notes=teaching,
                               versions=versions, repo_url=self.config.repository or config.repo_url or "",
                               offline=self.offline, language=config.theme.get("language") or "nl",
                               template_dirs=tuple(config.theme.dirs),
                               citation_style=str(self.style), block_marker=self.marker)
        pages = emit.emit(result.index, context)
        self.head = emit.head_meta(result.index, context)
        known = {f.src_uri for f in files} | set(pages)
        with edition(self.language):
            known |= {vignette_uri(slug) for slug in self.dropped}  # the preview's stand-in pages
            self._report(links.check_links(result.index, known), fatal=False, advice="Fix the links and build again.")
            pages.update(self._preview_pages(config))
        self.generated = set(pages)
        listed = _nav_pages(config.nav) if config.nav is not None else None
        for uri, content in pages.items():
            existing = files.get_file_from_path(uri)
            if existing is not None:
                raise PluginError(f"tbvsite: '{existing.src_uri}' in {config.docs_dir} has the address of a "
                                  "generated page; rename or remove it")
            # A generated page is in the menu when mkdocs.yml's nav lists it (without a nav: the index
            # pages); the rest (e.g. a new facet's index page left out of nav) is reached by links.
            in_nav = uri in listed if listed is not None else uri.endswith("index.md")
            inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, uri, content=content, inclusion=inclusion))
        for asset in sorted(ASSETS.iterdir()):
            if asset.is_file():
                files.append(File.generated(config, f"{ASSET_URI}/{asset.name}", abs_src_path=str(asset)))
        if self.offline:
            files.append(File.generated(config, SHIM_URI, abs_src_path=str(SHIM)))
        self._i18n_pages(config, files, result)
        return files

    # Last, so the editions' folders are written after every plugin has finished this one.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # A folder has no server to answer an unknown address with 404.html, and that
        # page's root-absolute links would lead nowhere from file://.
        if self.offline:
            Path(config.site_dir, "404.html").unlink(missing_ok=True)
        # The handout's items, one script each, loaded by handout.js when chosen (tbvsite/emit/handout.py).
        for slug, item in self.handout_items.items():
            target = Path(config.site_dir, handout.fragment_uri(slug))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(handout.fragment_script(slug, item), encoding="utf-8")
        self.handout_items = {}
        if self.prefix and not self.root_url:
            # A server answers every unknown address, /en/ ones too, with the root's 404.html; this
            # one's root-absolute links (MkDocs writes them without a site_url) would miss the /en/.
            Path(config.site_dir, "404.html").unlink(missing_ok=True)
        if self.cache is not None:
            self.cache.report()
        self._build_editions(config)

    def _report(self, problems, *, fatal: bool, advice: str = "") -> None:
        """Stop the build on an error; in the preview, collect the problems for its problems page instead."""
        if self.serving:
            self.problems += problems
        else:
            _report(problems, fatal=fatal, advice=advice or CHECK_ADVICE)

    def _preview_pages(self, config: MkDocsConfig) -> dict[str, str]:
        if not (self.serving and self.problems):
            return {}
        _log(self.problems)
        return preview.pages(self.problems, self.root, self.dropped, config.use_directory_urls)

    # Run last, so the serve cache keys on the Markdown that MkDocs will render.
    @event_priority(-100)
    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """Fill the archive's lists into hand-written pages (``<!-- tbvsite:vignetten -->``)."""
        if not page.file.generated_by:
            with edition(self.language):
                markdown = lists.fill(markdown, self.index, page.file.src_uri)
        if self.cache is not None:
            self.cache.before_render(page, markdown)
        markdown, self.lifted[page.file.src_uri] = blocks.lift(markdown, self.marker)
        return markdown

    @event_priority(-100)
    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        # Every file of this build is known: what a page's rendering may depend on besides its Markdown.
        if self.cache is not None:
            self.cache.start_build(config, files)
        return nav

    # Run first, so every other plugin sees the whole page.
    @event_priority(100)
    def _restore_blocks(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """Put the template blocks lifted out in on_page_markdown back into the converted page."""
        try:
            return blocks.restore(html, self.marker, self.lifted.pop(page.file.src_uri, []))
        except ValueError as error:  # a programming error: never publish a page with a part missing
            raise PluginError(f"tbvsite: {page.file.src_uri}: {error}") from None

    # Run last, after every other plugin has changed the HTML: what the browser gets is what was cleaned.
    @event_priority(-100)
    def _clean_page(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        # In the preview, while the archive has problems, every page says so and links to them.
        if self.serving and self.problems and page.file.src_uri != preview.PROBLEMS_URI:
            target = files.get_file_from_path(preview.PROBLEMS_URI)
            if target is not None:
                html = preview.banner(self.problems, get_relative_url(target.url, page.url)) + html
        # Every page, authored or generated, passes the one policy (tbvsite/sanitize.py); so do
        # the headings MkDocs copies into the table of contents, which the theme prints as HTML.
        _clean_toc(page.toc)
        self._handout_item(html, page)
        html = self._i18n_untranslated(html, page)
        if self.cache is not None:
            self.cache.after_render(page)
            html = self.cache.clean(page.file.src_uri, html, sanitize.clean)
        else:
            html = sanitize.clean(html)
        self._release_source(page)
        return html

    on_page_content = CombinedEvent(_restore_blocks, _clean_page)

    # Last: every plugin has had the page's HTML.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        """The page is rendered into ``output`` (written next): let its HTML go rather than hold
        every page's until the end of the build, next to the search index (memory, issue 14)."""
        page.content = ""
        return output

    def _handout_item(self, html: str, page) -> None:
        """A vignette page's handout item, cut from its converted page (before the sanitiser drops the
        comments that mark its parts) and then sanitised on its own; written in on_post_build."""
        meta = page.meta.get("tbvsite") or {}
        vignette = self.index.by_slug.get(meta.get("slug", "")) if self.index is not None else None
        if meta.get("kind") != "vignette" or vignette is None:
            return
        language = i18n.DEFAULT_LANGUAGE if page.file.src_uri in self.untranslated_pages else ""
        item = handout.item(html, self.marker, vignette.slug, vignette.title, lang=language)
        if item:
            self.handout_items[vignette.slug] = sanitize.clean(item)

    generated: set = set()

    def _release_source(self, page) -> None:
        """A generated page's Markdown is converted now, and MkDocs reads neither copy again (the
        File's content, the Page's markdown): let both go, rather than hold every page's text
        until the end of the build (memory, issue 14). Hand-written pages keep theirs."""
        if page.file.src_uri in self.generated and page.file.abs_src_path is None:
            page.file.content_string = ""
            page.markdown = ""  # not None: Page.title would then be None

    def _check_advice(self) -> str:
        """The command that lists the same problems as this build (teaching notes included)."""
        if not self.notes:
            return CHECK_ADVICE
        default = (self.folder / pipeline.NOTES_FOLDER).resolve()
        option = "" if self.notes == default else f" --notes {shown_path(self.notes, self.root)}"
        return (f"Fix them (run 'tbvsite check{option}' for the same list, where a missing teaching note "
                "is a warning) and build again.")

    def on_page_context(self, context, *, page, config: MkDocsConfig, nav):
        # theme/main.html prints these citation tags and JSON-LD in <head>.
        context["tbvsite_head"] = self.head.get(page.file.src_uri, {})
        self._i18n_context(context, page, config)
        return context

    def on_pre_page(self, page, *, config: MkDocsConfig, files: Files):
        # The sitemap's <lastmod> (rendered before the pages): a vignette's last change, or
        # none, never the build date MkDocs puts there. Other pages keep MkDocs' date (it
        # also dates sitemap.xml.gz, and needs at least one).
        head = self.head.get(page.file.src_uri)
        if head is not None:
            page.update_date = head["jsonld"].get("dateModified", "")
        return page

    # -- language editions (issue 15): every method of the English edition's machinery ----------
    # The Dutch build (theme.language nl) builds each edition of 'translations' after itself
    # (_build_editions); an edition's build runs this same plugin with theme.language set.

    def _i18n_config(self, config: MkDocsConfig) -> None:
        self.language = config.theme.get("language") or i18n.DEFAULT_LANGUAGE
        unknown = [lang for lang in self.config.translations if lang not in i18n.languages()[1:]]
        if unknown:
            raise PluginError(f"tbvsite: translations: no interface strings for {', '.join(map(str, unknown))}; "
                              f"the languages with a catalogue (tbvsite/locales/) are {', '.join(i18n.languages()[1:])}")
        self.languages = (i18n.DEFAULT_LANGUAGE, *self.config.translations)
        self.prefix = editions.prefix(self.language)
        self.editions = editions.Editions(config.use_directory_urls)
        self.untranslated_pages: dict[str, str] = {}
        docs_dir = Path(config.docs_dir)
        self.dutch_docs = Path(self.config.source_docs) if self.config.source_docs else docs_dir
        site_url = config.site_url or ""
        self.root_url = site_url[: -len(self.prefix)] if self.prefix and site_url.endswith(self.prefix) else site_url
        if len(self.languages) > 1:
            # Material shows the language switch (partials/alternate.html, ours) when this is set; not a
            # list, so Material's base.html prints no <link rel="alternate"> of its own (main.html does).
            config.extra["alternate"] = True

    def _i18n_files(self, files: Files) -> Files:
        """The Dutch edition leaves the other languages' docs folders (docs/en/) to their builds."""
        if self.language == i18n.DEFAULT_LANGUAGE:
            for file in [f for f in files if f.src_uri.split("/")[0] in self.config.translations]:
                files.remove(file)
        return files

    def _i18n_docs(self, language: str) -> dict[str, tuple]:
        """An edition's docs pages by key: Dutch ones, or translations plus the Dutch pages not yet translated."""
        dutch = editions.docs_pages(self.dutch_docs, i18n.DEFAULT_LANGUAGE, self.languages)
        if language == i18n.DEFAULT_LANGUAGE:
            return dutch
        return editions.with_fallbacks(dutch, editions.docs_pages(self.dutch_docs / language, language, self.languages))

    def _i18n_docs_map(self) -> dict[str, str]:
        """Dutch docs page -> its page in this edition (a translation, or the Dutch text under its Dutch path)."""
        dutch = editions.docs_pages(self.dutch_docs, i18n.DEFAULT_LANGUAGE, self.languages)
        inverse = {key: uri for uri, key in self._i18n_docs(self.language).items()}
        return {uri: inverse[key] for uri, key in dutch.items() if key in inverse}

    def _i18n_result(self, result, config: MkDocsConfig):
        """This edition's index: links of Dutch texts (and kept Dutch links) lead to this edition's pages."""
        here = editions.docs_pages(self.dutch_docs / self.language, self.language, self.languages)
        dutch = editions.docs_pages(self.dutch_docs, i18n.DEFAULT_LANGUAGE, self.languages)
        problems = editions.check_docs(here, dutch, shown_path(self.dutch_docs / self.language, self.root))
        # A missing translation shows the Dutch text and says so: news for 'tbvsite check', not a build failure.
        quiet = [p for p in result.problems if p.code in QUIET_IN_EDITIONS]
        for problem in quiet + problems:
            log.info(format_line(problem))
        self.index_vocabulary = result.vocabulary
        self.same_text = self._i18n_dutch_pages(result.untranslated)
        index = editions.relink_index(result.index, result.vocabulary, self.language, self._i18n_docs_map(),
                                      self.same_text)
        return replace(result, index=index, problems=[p for p in result.problems if p not in quiet])

    def _i18n_dutch_pages(self, untranslated) -> set[str]:
        """This edition's pages that show a Dutch text: untranslated vignettes and docs pages."""
        with edition(self.language):
            pages = {vignette_uri(slug) for slug in untranslated}
        translated = set(editions.docs_pages(self.dutch_docs / self.language, self.language, self.languages))
        return pages | (set(self._i18n_docs(self.language)) - translated)

    def _i18n_notes(self, teaching: dict, found: list, slugs: list[str]) -> tuple[dict, list]:
        """An edition's teaching notes; a note not yet translated is the Dutch one."""
        if self.language == i18n.DEFAULT_LANGUAGE or self.dutch_notes is None:
            return teaching, found
        if self.index is not None:  # a translated note may keep the Dutch addresses of its links
            teaching = editions.relink_notes(teaching, self.index, self.index_vocabulary, self.language,
                                             self._i18n_docs_map(), self.same_text)
        missing = [s for s in slugs if s not in teaching]
        if missing:
            dutch, _ = notes.load_notes(self.dutch_notes, missing, shown_root=self.root)
            # Marked as Dutch (WCAG 3.1.2), in a block whose Markdown is still read (md_in_html).
            teaching = {**teaching, **{slug: f'<div lang="{i18n.DEFAULT_LANGUAGE}" markdown>\n\n{text.strip()}\n\n</div>'
                                       for slug, text in dutch.items()}}
            log.info(f"tbvsite: no {self.language} teaching note for {', '.join(missing)}: the Dutch one is shown")
        return teaching, [p for p in found if p.code not in ("note-missing", "no-notes-folder")]

    def _i18n_pages(self, config: MkDocsConfig, files: Files, result) -> None:
        """Every edition's pages by key, for the language switch and the hreflang links."""
        if result.index is None or result.vocabulary is None:
            return
        self.editions.use_directory_urls = config.use_directory_urls  # Material's offline plugin sets it late
        slugs = [v.slug for v in result.index.vignettes]
        fallbacks = self.fallbacks
        existing = {f.src_uri for f in files}
        for lang in self.languages:
            keys = (editions.generated_keys(result.vocabulary, slugs, lang, editions.source_ids(result.index))
                    | self._i18n_docs(lang))
            self.editions.add(lang, keys, existing if lang == self.language else None)
        with edition(i18n.DEFAULT_LANGUAGE):
            originals = {slug: self.editions.site_path(vignette_uri(slug), i18n.DEFAULT_LANGUAGE)
                         for slug in result.untranslated}
        with edition(self.language):
            self.untranslated_pages = {vignette_uri(slug): path for slug, path in originals.items()}
        self.untranslated_pages |= {uri: self.editions.site_path(uri, i18n.DEFAULT_LANGUAGE) for uri in fallbacks}

    def _i18n_fallback_docs(self, config: MkDocsConfig, files: Files, index) -> list[str]:
        """In an edition, each Dutch docs page without a translation, from its Dutch text (links to this
        edition's pages); the page then says so (_i18n_untranslated). Returns their source paths."""
        if self.language == i18n.DEFAULT_LANGUAGE or index is None:
            return []
        mapping = self._i18n_docs_map()
        slugs = [v.slug for v in index.vignettes]
        cited = editions.source_ids(index)
        here = {key: uri for uri, key in editions.generated_keys(self.index_vocabulary, slugs, self.language,
                                                                 cited).items()}
        for uri, key in editions.generated_keys(self.index_vocabulary, slugs, i18n.DEFAULT_LANGUAGE, cited).items():
            if key in here:
                mapping.setdefault(uri, here[key])
        added = []
        translated = set(editions.docs_pages(self.dutch_docs / self.language, self.language, self.languages))
        for uri in sorted(set(mapping.values()) & set(self._i18n_docs(self.language)) - translated):
            if files.get_file_from_path(uri) is not None:
                continue
            text = (self.dutch_docs / uri).read_text(encoding="utf-8")
            with edition(self.language):
                text = lists.fill(translation.relink(text, uri, uri, mapping, self.same_text), self.index, uri)
            files.append(File.generated(config, uri, content=text))
            added.append(uri)
        return added

    def _i18n_alternates(self, src_uri: str | None) -> list[dict]:
        """One page's counterparts (or the edition's home), then x-default: for theme/main.html's
        <link rel="alternate" hreflang> and the language switch (theme/partials/alternate.html).

        The links are final (relative to the page, or absolute with a site_url), never passed through
        MkDocs' '| url' filter, which takes every link to lie inside this edition.
        """
        if len(self.languages) < 2:
            return []
        if src_uri:
            found = self.editions.alternates(src_uri, self.language)
            here = self.editions.site_path(src_uri, self.language)
        else:  # 404.html, served at any depth: from the site root
            found = {lang: (editions.prefix(lang), False) for lang in self.languages}
            here = None
        entries = []
        for lang, (path, own) in found.items():
            if self.root_url:
                href = self.root_url.rstrip("/") + "/" + path
            elif here is None:
                href = "/" + path
            else:
                href = editions.relative(here, path)
            entries.append({"name": i18n.strings(lang)["language.name"], "link": href, "lang": lang,
                            "current": lang == self.language, "counterpart": own})
        default = next(e for e in entries if e["lang"] == i18n.DEFAULT_LANGUAGE)
        return entries + [{**default, "lang": "x-default", "current": False}]

    def _i18n_context(self, context, page, config: MkDocsConfig) -> None:
        """The theme's language data: the page's alternates, the strings of main.html and of the scripts."""
        context["tbv_alternates"] = self._i18n_alternates(page.file.src_uri if page is not None else None)
        strings = i18n.strings(self.language)
        context["tbv_t"] = strings
        context["tbv_js"] = {k: strings[k] for k in strings.keys() if k.startswith("js.")}

    def on_template_context(self, context, *, template_name: str, config: MkDocsConfig):
        """Pages that are no Markdown page (404.html): the switch leads to each edition's home."""
        self._i18n_context(context, None, config)
        return context

    def _i18n_untranslated(self, html: str, page) -> str:
        """A vignette not yet translated: its Dutch text, marked as Dutch, under a note linking the original."""
        original = self.untranslated_pages.get(page.file.src_uri)
        if original is None:
            return html
        strings = i18n.strings(self.language)
        href = editions.relative(self.editions.site_path(page.file.src_uri, self.language), original)
        note = (f'<div class="admonition info tbv-untranslated"><p class="admonition-title">'
                f'{escape(strings["translation.missing.title"])}</p><p>{escape(strings["translation.missing.text"])} '
                f'<a href="{escape(href)}" hreflang="nl">{escape(strings["translation.missing.link"])}</a></p></div>')
        return f'{note}<div lang="{i18n.DEFAULT_LANGUAGE}">{html}</div>'

    def _build_editions(self, config: MkDocsConfig) -> None:
        """Build each language of 'translations' into <site_dir>/<language>/ (not from within an edition)."""
        if self.config.edition_of or not self.config.translations:
            return
        import tempfile

        from mkdocs.commands.build import build  # here: only the Dutch build builds editions

        for language, overlay in self.config.translations.items():
            # No docs/<language>/ yet: every page of the edition is a Dutch page, not yet translated.
            with tempfile.TemporaryDirectory(prefix=f"tbvsite-docs-{language}-") as empty:
                docs = Path(config.docs_dir) / language
                edition_config = self._edition_config(config, language, overlay, docs if docs.is_dir() else Path(empty))
                edition_config.plugins.on_startup(command="serve" if self.serving else "build", dirty=False)
                try:
                    build(edition_config)
                finally:
                    edition_config.plugins.on_shutdown()

    def _edition_config(self, config: MkDocsConfig, language: str, overlay: str, docs: Path) -> MkDocsConfig:
        """This build's configuration (with what it INHERITs) with the language's overlay merged over it."""
        import io

        import mergedeep
        from mkdocs.config import load_config
        from mkdocs.utils.yaml import yaml_load

        path = Path(config.config_file_path)
        overlay_path = (path.parent / overlay).resolve()
        if not overlay_path.is_file():
            raise PluginError(f"tbvsite: translations: {language}: the overlay {overlay} does not exist next to "
                              f"{path.name}; create it (see mkdocs.en.yml) or remove the language")
        with open(path, "rb") as fd:
            raw = yaml_load(fd)
        with open(overlay_path, "rb") as fd:
            extra = yaml_load(fd)
        merged = mergedeep.merge(raw, extra)
        merged.pop("INHERIT", None)
        merged["docs_dir"] = str(docs)
        merged["site_dir"] = str(Path(config.site_dir) / language)
        merged["site_url"] = f"{config.site_url.rstrip('/')}/{language}/" if config.site_url else ""
        merged["exclude_docs"] = extra.get("exclude_docs", "")
        merged.setdefault("theme", {})["language"] = language
        plugins = []
        for entry in merged.get("plugins", []):
            name, options = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
            options = dict(options or {})
            if name == "search":
                options["lang"] = language  # English stemming for the English edition
            if name == "tbvsite":
                options["edition_of"] = str(path)
                options["source_docs"] = str(Path(config.docs_dir).resolve())
            plugins.append({name: options})
        merged["plugins"] = plugins
        extensions = []
        for entry in merged.get("markdown_extensions", []):
            if isinstance(entry, dict) and "toc" in entry:
                entry = {"toc": {**(entry["toc"] or {}), "permalink_title": i18n.strings(language)["toc.permalink_title"]}}
            extensions.append(entry)
        merged["markdown_extensions"] = extensions
        titles = merged.pop("nav_titles", None) or {}
        if config.nav is not None:
            merged["nav"] = self._edition_nav(config.nav, language, titles)
        return load_config(io.BytesIO(b"{}"), config_file_path=str(path), **merged)

    def _edition_nav(self, nav, language: str, titles: dict) -> list:
        """The Dutch nav with each page replaced by its counterpart in ``language`` (left out when there
        is none), titles from the overlay's ``nav_titles`` (Dutch title -> title), and the edition's
        other pages (e.g. a glossary of its own) at the end."""
        used: set[str] = set()

        def walk(items):
            out = []
            for item in items if isinstance(items, list) else [items]:
                title, value = next(iter(item.items())) if isinstance(item, dict) else (None, item)
                if isinstance(value, str):
                    uri = self.editions.counterpart(value, i18n.DEFAULT_LANGUAGE, language)
                    if uri is None:
                        continue
                    used.add(uri)
                    shown = titles.get(title) if title is not None else None
                    out.append({shown: uri} if shown else uri)
                else:
                    children = walk(value)
                    if children:
                        out.append({titles.get(title, title): children})
            return out

        found = walk(nav)
        docs = editions.docs_pages(self.dutch_docs / language, language, self.languages)
        return found + [uri for uri in sorted(docs) if uri not in used]

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        server.builder = preview.keep_serving(server.builder, Path(config.site_dir))
        server.watch(str(self.folder))
        if not self.taxonomy.is_relative_to(self.folder):
            server.watch(str(self.taxonomy))
        if self.notes and not self.notes.is_relative_to(self.folder):
            server.watch(str(self.notes))
        return server


def _versions(folder: Path, vignettes) -> dict:
    """Dates and commits of every vignette from one ``git log``; says once when they cannot be had."""
    found = history.read_history(folder)
    versions = history.versions(vignettes, found)
    undated = history.unusable(found, versions)
    if undated:  # a notice where the check has only a shallow clone (TBVSITE_SHALLOW=notice)
        say = log.info if history.undated_is_notice(found) else log.warning
        say(f"tbvsite: {len(undated)} of {len(versions)} vignettes have no publication date, because "
            f"{found.reason}; their citations say 'z.d.' (never today's date).\n"
            "    hint: build from a full clone (git fetch --unshallow; in GitHub Actions "
            "actions/checkout with fetch-depth: 0), or give those vignettes 'published' "
            "(and 'updated') in their front matter")
    new = history.uncommitted(found, versions)
    if new:
        log.info(f"tbvsite: not yet committed, so not yet dated: {', '.join(new)}")
    return versions


def offline_build(config: MkDocsConfig) -> bool:
    """Whether Material's offline plugin is on: the site is then built for file://."""
    return any(isinstance(p, OfflinePlugin) and p.config.enabled for p in config.plugins.values())


def _nav_pages(nav) -> set[str]:
    """Every page path in a ``nav`` configuration (nested lists and mappings)."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(_nav_pages(v) for v in nav.values()))
    if isinstance(nav, list):
        return set().union(*(_nav_pages(v) for v in nav))
    return set()


def _notes_in_docs(docs: list[str], shown_docs: str) -> list[Problem]:
    """A teaching-notes folder inside the docs folder: MkDocs would publish it in the student edition."""
    return [Problem(f"{shown_docs}/{uri}", 0, 0, "notes-in-docs",
                    f"this is in a '{notes.DEFAULT_FOLDER}' folder inside the docs folder, so the student edition "
                    "would publish it", f"move the folder out of {shown_docs}/, e.g. to vignettes/{notes.DEFAULT_FOLDER}/")
            for uri in docs if notes.DEFAULT_FOLDER in uri.split("/")[:-1]]


def _clean_toc(items) -> None:
    for item in items:
        item.title = sanitize.clean(item.title)
        _clean_toc(item.children)


# Problems of a language edition that 'tbvsite check' reports as warnings, but a build only logs:
# the edition shows the Dutch text (and says so), or the Dutch structure, which is authoritative.
QUIET_IN_EDITIONS = ("missing-translation", "translation-differs", "translation-unknown-vignette")

CHECK_ADVICE = "Fix them (run 'tbvsite check' for the same list) and build again."


def _log(problems) -> None:
    """Log each problem as one clickable line."""
    for problem in problems:
        text = format_line(problem) + (f"\n    hint: {problem.hint}" if problem.hint else "")
        (log.error if problem.severity == "error" else log.warning)(text)


def _report(problems, *, fatal: bool, advice: str = CHECK_ADVICE) -> None:
    """Log each problem; stop the build if any is an error (or ``fatal``)."""
    _log(problems)
    if fatal or any(p.severity == "error" for p in problems):
        raise PluginError(f"tbvsite: the archive has problems: {summary(problems)}. {advice}")


def _forgive_warnings() -> None:
    """Keep 'serve --strict' serving: no warning aborts this build.

    Under --strict, MkDocs counts every warning of a build (a CountHandler on
    the 'mkdocs' logger, added before on_config) and aborts at the end; the
    live-reload server then makes every request wait for a build that never
    succeeds (mkdocs/livereload: the visible epoch stays behind). The preview
    lists our problems on its problems page and the log still shows every
    warning, so under serve the counter skips records. 'mkdocs build' never
    calls this.
    """
    for handler in logging.getLogger("mkdocs").handlers:
        if isinstance(handler, CountHandler):
            handler.addFilter(lambda record: False)


# ------------------------------------------------------------------ serve: reuse unchanged pages

@dataclass
class _Rendered:
    """What ``Page.render`` left on a page, to put back without converting the Markdown again."""

    key: str
    content: str
    toc: object
    title: str | None
    anchors: set
    links: dict | None  # target src_uri -> {anchor: original link}; None when MkDocs keeps none


class RenderCache:
    """``mkdocs serve`` only: each page's HTML from the previous build, reused while nothing it depends on changed.

    A page's rendering depends on its final Markdown, on the configuration
    (extensions and their settings: the config file's bytes) and on which
    files exist at which address (links are resolved against them). The key
    is a hash of all three, so an edit of one vignette body converts that
    page again, and a new, deleted or renamed file converts every page again.
    A page whose rendering logged a warning is never stored, so 'serve --strict'
    sees the warning on every build. The sanitiser's output is reused when its
    input is the same text. ``rendered`` and ``reused`` count per build (for
    tests and the debug log).
    """

    def __init__(self) -> None:
        self.pages: dict[str, _Rendered] = {}
        self.cleaned: dict[str, tuple[bytes, str]] = {}
        self.fingerprint = ""
        self.pending: dict[str, tuple[str, int]] = {}
        self.rendered: list[str] = []
        self.reused: list[str] = []
        self.warnings = _WarningCounter()
        logging.getLogger("mkdocs").addHandler(self.warnings)

    def close(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)

    def report(self) -> None:
        log.debug(f"tbvsite: pages converted from Markdown: {len(self.rendered)}, reused: {len(self.reused)}")

    def start_build(self, config: MkDocsConfig, files: Files) -> None:
        digest = hashlib.sha256()
        if config.config_file_path and Path(config.config_file_path).is_file():
            digest.update(Path(config.config_file_path).read_bytes())
        for file in sorted(files, key=lambda f: f.src_uri):
            digest.update(f"\0{file.src_uri}\0{file.url}\0{file.inclusion}".encode())
        self.fingerprint = digest.hexdigest()
        self.pending.clear()
        self.rendered, self.reused = [], []
        known = {f.src_uri for f in files}
        for uri in [u for u in self.pages if u not in known]:  # deleted pages leave the cache
            del self.pages[uri]
            self.cleaned.pop(uri, None)

    def before_render(self, page, markdown: str) -> None:
        uri = page.file.src_uri
        key = hashlib.sha256(f"{self.fingerprint}\0{uri}\0{markdown}".encode()).hexdigest()
        entry = self.pages.get(uri)
        if entry is not None and entry.key == key:
            page.render = lambda config, files: _restore(page, entry, files)
            self.reused.append(uri)
        else:
            self.pending[uri] = (key, self.warnings.count)
            self.rendered.append(uri)

    def after_render(self, page) -> None:
        uri = page.file.src_uri
        key, warnings = self.pending.pop(uri, ("", 0))
        if not key:
            return
        if self.warnings.count != warnings:
            self.pages.pop(uri, None)
            return
        links = page.links_to_anchors
        self.pages[uri] = _Rendered(key, page.content, page.toc, page._title_from_render, set(page.present_anchor_ids or ()),
                                    None if links is None else {f.src_uri: dict(a) for f, a in links.items()})

    def clean(self, uri: str, html: str, clean) -> str:
        digest = hashlib.sha256(html.encode()).digest()
        known = self.cleaned.get(uri)
        if known is not None and known[0] == digest:
            return known[1]
        out = clean(html)
        self.cleaned[uri] = (digest, out)
        return out


def _restore(page, entry: _Rendered, files: Files) -> None:
    page.content = entry.content
    page.toc = entry.toc
    page._title_from_render = entry.title
    page.present_anchor_ids = set(entry.anchors)
    if entry.links is not None:
        page.links_to_anchors = {target: dict(anchors) for uri, anchors in entry.links.items()
                                 if (target := files.get_file_from_path(uri)) is not None}


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
