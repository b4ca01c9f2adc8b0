"""The MkDocs adapter: the only module that imports MkDocs.

It hands the vignette folder to the pipeline and the generated pages to
MkDocs, nothing more. Hooks: ``on_config`` (paths, Markdown extension, our
assets and templates), ``on_files`` (run the pipeline from scratch, add the
pages), ``on_serve`` (watch the vignettes).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from . import emit, links, notes, pipeline, sanitize
from .markdown_ext import MatrixExtension
from .model import Problem
from .report import format_line, summary
from .textfile import shown_path

log = logging.getLogger("mkdocs.plugins.tbvsite")

PACKAGE = Path(__file__).parent
ASSETS = PACKAGE / "assets"
THEME = PACKAGE / "theme"
ASSET_URI = "assets/tbvsite"


class TbvsiteConfig(Config):
    vignettes = c.Type(str, default="vignettes")
    """Folder of the vignette files, relative to mkdocs.yml."""
    taxonomy = c.Type(str, default="vignettes/taxonomy.yml")
    """The controlled vocabulary, relative to mkdocs.yml."""
    teaching_notes = c.Type(str, default="")
    """Folder of the teaching notes (relative to the config file, or absolute). Empty, the
    default, is the student edition: no note is read. Set, it is the instructor edition."""


class TbvsitePlugin(BasePlugin[TbvsiteConfig]):
    supports_multiple_instances = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.root = root
        self.head: dict[str, dict] = {}
        self.folder = (root / self.config.vignettes).resolve()
        self.taxonomy = (root / self.config.taxonomy).resolve()
        self.notes = (root / self.config.teaching_notes).resolve() if self.config.teaching_notes else None
        # A notes folder inside the vignettes folder holds no vignettes (the pipeline
        # already skips the conventional one).
        self.ignore = (self.notes,) if self.notes else ()
        docs_dir = Path(config.docs_dir).resolve()
        if self.notes and self.notes.is_relative_to(docs_dir):
            raise PluginError(f"tbvsite: teaching_notes ({self.config.teaching_notes}) lies inside the docs folder "
                              f"{config.docs_dir}, so MkDocs would publish every note as a page; move the notes "
                              "out of the docs folder (e.g. to vignettes/teaching-notes)")
        if self.notes:
            config.extra["tbvsite_edition"] = "docenten"  # the theme shows the edition marker
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
        docs = [f.src_uri for f in files if f.src_uri.endswith(".md")]
        _report(_notes_in_docs(docs, shown_path(Path(config.docs_dir), self.root)), fatal=False)
        result = pipeline.run(self.folder, self.taxonomy, root=self.root, ignore=self.ignore, docs=docs)
        teaching, found = ({}, [])
        if self.notes and result.index is not None:
            teaching, found = notes.load_notes(self.notes, [v.slug for v in result.vignettes], shown_root=self.root)
            found += notes.check_notes(teaching, self.notes, shown_root=self.root)
        _report(result.problems + found, fatal=result.index is None)
        context = emit.Context(site_name=config.site_name, site_url=config.site_url or "",
                               use_directory_urls=config.use_directory_urls, notes=teaching,
                               build_date=emit.build_date())
        pages = emit.emit(result.index, context)
        self.head = emit.head_meta(result.index, context)
        known = {f.src_uri for f in files} | set(pages)
        _report(links.check_links(result.index, known), fatal=False, advice="Fix the links and build again.")
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
        return files

    # Run last, after every other plugin has changed the HTML: what the browser gets is what was cleaned.
    @event_priority(-100)
    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files) -> str:
        # Every page, authored or generated, passes the one policy (tbvsite/sanitize.py); so do
        # the headings MkDocs copies into the table of contents, which the theme prints as HTML.
        _clean_toc(page.toc)
        return sanitize.clean(html)

    def on_page_context(self, context, *, page, config: MkDocsConfig, nav):
        # theme/main.html prints these citation tags and JSON-LD in <head>.
        context["tbvsite_head"] = self.head.get(page.file.src_uri, {})
        return context

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        server.watch(str(self.folder))
        if not self.taxonomy.is_relative_to(self.folder):
            server.watch(str(self.taxonomy))
        if self.notes and not self.notes.is_relative_to(self.folder):
            server.watch(str(self.notes))
        return server


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


CHECK_ADVICE = "Fix them (run 'tbvsite check' for the same list) and build again."


def _report(problems, *, fatal: bool, advice: str = CHECK_ADVICE) -> None:
    """Log each problem as one clickable line; stop the build if any is an error (or ``fatal``)."""
    for problem in problems:
        text = format_line(problem) + (f"\n    hint: {problem.hint}" if problem.hint else "")
        (log.error if problem.severity == "error" else log.warning)(text)
    if fatal or any(p.severity == "error" for p in problems):
        raise PluginError(f"tbvsite: the archive has problems: {summary(problems)}. {advice}")
