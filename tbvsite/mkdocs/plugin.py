"""The plugin class: MkDocs' hooks, each handing its work to one module of this package.

Hooks: ``on_startup``/``on_shutdown`` (serve or build), ``on_config`` (paths,
Markdown extension, our assets and templates), ``on_files`` (run the pipeline,
add its pages, stem typed search words), ``on_nav`` (serve's cache learns the files), ``on_pre_page``
(a vignette's last change as the sitemap date), ``on_page_markdown`` (lists in
hand-written pages; template blocks kept out of Python-Markdown,
tbvsite/blocks.py), ``on_page_content`` (blocks back first, the sanitiser
last), ``on_page_context``/``on_template_context`` (citation metadata and
language data for the theme; serve's key of a themed page), ``on_env`` (the theme's
templates compiled once per process; serve's cache of themed pages), ``on_post_page``
(let a page's HTML go), ``on_post_build`` (offline edition, handout items, language
editions), ``on_serve`` (watch the vignettes).
"""

from __future__ import annotations

import secrets
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files

from .. import blocks, fold, render
from . import offline, options, search
from .handout import Handout
from .head import Head
from .languages import LanguageEditions
from .options import TbvsiteConfig
from .pages import Archive, HtmlStore, clean_toc, fill_page_toc
from .serve import Preview, keep_serving

__all__ = ["TbvsiteConfig", "TbvsitePlugin"]


class TbvsitePlugin(BasePlugin[TbvsiteConfig]):
    supports_multiple_instances = False

    preview: Preview | None = None  # set by on_startup (a serving one for 'mkdocs serve') or on_config
    marker = ""
    depth = 0  # on_startup calls not yet shut down (an edition's build nests in the Dutch one)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # MkDocs 1.6 keeps a plugin with this hook across the rebuilds of 'serve' (and for the editions
        # LanguageEditions.build builds: the same instance); on_config resets everything else per build.
        self.depth += 1
        if self.depth > 1:  # an edition's build inside this one: serve stays serve, the cache stays
            return
        if self.preview is not None:
            self.preview.close()
        self.preview = Preview(serving=command == "serve")  # serve's rebuilds reuse unchanged pages

    def on_shutdown(self) -> None:
        self.depth = max(0, self.depth - 1)
        if self.depth:
            return
        if getattr(self, "editions", None) is not None:  # interrupted: no child outlives the command
            self.editions.stop()
        if self.preview is not None:
            self.preview.close()
        self.preview = None  # the cached instance may serve a later in-process 'build'

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.editions = LanguageEditions(self.config, config, options.config_root(config))
        self.preview = self.preview or Preview()
        self.preview.start()
        self.preview.theme_listing(config)
        self.handout = Handout(self.preview.handout_memo())
        # The marker of the template blocks kept out of Python-Markdown (tbvsite/blocks.py): random, so
        # no authored text can forge one; one per plugin instance, so serve's cache keys stay the same.
        self.marker = self.marker or f"tbv-{secrets.token_hex(8)}"
        self.lifted: dict[str, list[str]] = {}  # page -> its blocks, from on_page_markdown to on_page_content
        self.head = Head()
        paths = options.paths(self.config, config, self.editions.language)
        self.offline = offline.offline_build(config)
        if self.offline:
            offline.use_our_shim(config)
        options.set_up(config, instructor=paths.notes is not None)
        self.archive = Archive(self.config, paths, self.marker, self.offline)
        self.html = HtmlStore(active=not self.preview.serving)
        return config

    # Run late, so pages of other plugins exist and collisions are seen.
    @event_priority(-50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        files = self.editions.files(files)
        # The English edition's whole build on the other core, from here (the site folder is clean) while
        # this one runs its pipeline: the child starts small and the pipelines run side by side.
        self.editions.start(config, files, serving=self.preview.serving)
        self.head = Head(self.archive.add_pages(files, config, self.editions, self.preview))
        search.stem_typed_words(config, files)
        return files

    # Last, so the editions' folders are written after every plugin has finished this one.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.offline:
            offline.drop_404(config)
        self.handout.write(config)
        self.editions.drop_404(config)
        self.preview.end_build()
        self.editions.build(config, serving=self.preview.serving)

    def on_build_error(self, *, error: Exception) -> None:
        self.editions.stop()

    # Run last, so the serve cache keys on the Markdown that MkDocs will render.
    @event_priority(-100)
    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        self.archive.release_file(page)
        markdown = self.archive.fill_lists(markdown, page, self.editions.language)
        self.preview.before_render(page, markdown)
        markdown, self.lifted[page.file.src_uri] = blocks.lift(markdown, self.marker)
        return markdown

    @event_priority(-100)
    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        self.preview.start_build(config, files, nav, self.archive.paths.taxonomy)
        return nav

    # Last, so the preview sees the environment every other plugin has set up.
    @event_priority(-100)
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """The theme's templates compiled once per process, not again for the English edition's build
        or each rebuild under serve (tbvsite/render.py); under serve, its cache of themed pages."""
        if env.bytecode_cache is None:
            env.bytecode_cache = render.compiled_templates(env)
        return self.preview.theme_env(env, config)

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
        html = self.preview.banner(html, page, files)
        clean_toc(page.toc)
        html = fill_page_toc(html, page.toc, self.marker)
        self.handout.cut(html, page, self.archive.index, self.marker,
                         dutch=page.file.src_uri in self.editions.untranslated_pages)
        html = self.editions.untranslated(html, page)
        if self.archive.paths.notes is None:  # the student edition: nothing inside a fold in the search index
            html = fold.hide_from_search(html)
        html = self.preview.clean(html, page)
        self.archive.release_source(page)
        return self.html.keep(page, html)  # compressed until the page's template (on_page_context)

    on_page_content = CombinedEvent(_restore_blocks, _clean_page)

    # Last: every plugin has had the page's HTML.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        """The page is rendered into ``output`` (written next): let its HTML go rather than hold
        every page's until the end of the build, next to the search index (memory, issue 14)."""
        page.content = ""
        return output

    # First, so every other plugin (search) and the theme find the page's HTML given back.
    @event_priority(100)
    def _give_back(self, context, *, page, config: MkDocsConfig, nav):
        self.html.give_back(page)
        self.head.context(context, page)
        self.editions.context(context, page)
        return context

    # Last, so serve's cache keys on the context every plugin has finished.
    @event_priority(-100)
    def _key_page(self, context, *, page, config: MkDocsConfig, nav):
        self.preview.page_context(context, page)
        return context

    on_page_context = CombinedEvent(_give_back, _key_page)

    def on_pre_template(self, template, *, template_name: str, config: MkDocsConfig):
        """The first of these follows MkDocs' copy of the static files (404.html and the sitemap are
        themed before any page): the generated data files are in the site, their text can go."""
        self.archive.release_data()
        return template

    def on_pre_page(self, page, *, config: MkDocsConfig, files: Files):
        self.head.date(page)
        return page

    def on_template_context(self, context, *, template_name: str, config: MkDocsConfig):
        """Pages that are no Markdown page (404.html): the switch leads to each edition's home."""
        self.editions.context(context, None)
        return context

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        server.builder = keep_serving(server.builder, Path(config.site_dir))
        paths = self.archive.paths
        server.watch(str(paths.folder))
        if not paths.taxonomy.is_relative_to(paths.folder):
            server.watch(str(paths.taxonomy))
        if paths.notes and not paths.notes.is_relative_to(paths.folder):
            server.watch(str(paths.notes))
        return server
