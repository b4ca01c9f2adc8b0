"""The MkDocs adapter: the only module that imports MkDocs.

It hands the vignette folder to the pipeline and the generated pages to
MkDocs, nothing more. Hooks: ``on_config`` (paths, Markdown extension, our
assets and templates), ``on_files`` (run the pipeline from scratch, date the
vignettes from git, add the pages), ``on_pre_page`` (a vignette's last change
as the sitemap date), ``on_page_context`` (citation metadata for the theme),
``on_post_build`` (offline edition only), ``on_serve`` (watch the vignettes).

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
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import CountHandler, get_relative_url
from material.plugins.offline.plugin import OfflinePlugin

from . import emit, history, links, notes, pipeline, preview, sanitize
from .emit import lists
from .emit.text import vignette_uri
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
    repository = c.Type(str, default="")
    """Web address of the repository (e.g. https://github.com/org/archief): each version of a
    vignette links to its text at that commit. Empty: MkDocs' repo_url, if set."""


class TbvsitePlugin(BasePlugin[TbvsiteConfig]):
    supports_multiple_instances = False

    serving = False  # set by on_startup: True for 'mkdocs serve'
    problems: list = []
    index = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # MkDocs 1.6 keeps a plugin with this hook across the rebuilds of 'serve';
        # on_config resets everything else per build.
        self.serving = command == "serve"
        if self.cache is not None:
            self.cache.close()
        self.cache = RenderCache() if self.serving else None  # serve's rebuilds reuse unchanged pages

    def on_shutdown(self) -> None:
        self.serving = False  # the cached instance may serve a later in-process 'build'
        if self.cache is not None:
            self.cache.close()
        self.cache = None

    cache: "RenderCache | None" = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.problems = []
        self.dropped: dict[str, str] = {}
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
        docs = [f.src_uri for f in files if f.src_uri.endswith(".md")]
        self._report(_notes_in_docs(docs, shown_path(Path(config.docs_dir), self.root)), fatal=False)
        result = pipeline.run(self.folder, self.taxonomy, root=self.root, ignore=self.ignore, docs=docs)
        if self.serving and not result.ok:  # the preview builds what is sound (tbvsite/preview.py)
            result, self.dropped = preview.select(result)
        self.index = result.index
        teaching, found = ({}, [])
        if self.notes and result.index is not None:
            teaching, found = notes.load_notes(self.notes, [v.slug for v in result.vignettes], shown_root=self.root)
            found += notes.check_notes(teaching, self.notes, shown_root=self.root)
        self._report(result.problems + found, fatal=result.index is None, advice=self._check_advice())
        versions = _versions(self.folder, result.index.vignettes) if result.index is not None else {}
        context = emit.Context(site_name=config.site_name, site_url=config.site_url or "",
                               use_directory_urls=config.use_directory_urls, notes=teaching,
                               versions=versions, repo_url=self.config.repository or config.repo_url or "",
                               offline=self.offline, language=config.theme.get("language") or "nl",
                               template_dirs=tuple(config.theme.dirs))
        pages = emit.emit(result.index, context)
        self.head = emit.head_meta(result.index, context)
        known = {f.src_uri for f in files} | set(pages)
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
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # A folder has no server to answer an unknown address with 404.html, and that
        # page's root-absolute links would lead nowhere from file://.
        if self.offline:
            Path(config.site_dir, "404.html").unlink(missing_ok=True)
        if self.cache is not None:
            self.cache.report()

    def _report(self, problems, *, fatal: bool, advice: str = "") -> None:
        """Stop the build on an error; in the preview, collect the problems for its problems page instead."""
        if self.serving:
            self.problems += problems
        else:
            _report(problems, fatal=fatal, advice=advice or CHECK_ADVICE)

    def _preview_pages(self, config: MkDocsConfig) -> dict[str, str]:
        if not (self.serving and self.problems):
            return {}
        _forgive_warnings()
        _log(self.problems)
        return preview.pages(self.problems, self.root, self.dropped, config.use_directory_urls)

    # Run last, so the serve cache keys on the Markdown that MkDocs will render.
    @event_priority(-100)
    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """Fill the archive's lists into hand-written pages (``<!-- tbvsite:vignetten -->``)."""
        if not page.file.generated_by:
            markdown = lists.fill(markdown, self.index, page.file.src_uri)
        if self.cache is not None:
            self.cache.before_render(page, markdown)
        return markdown

    @event_priority(-100)
    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        # Every file of this build is known: what a page's rendering may depend on besides its Markdown.
        if self.cache is not None:
            self.cache.start_build(config, files)
        return nav

    # Run last, after every other plugin has changed the HTML: what the browser gets is what was cleaned.
    @event_priority(-100)
    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        # In the preview, while the archive has problems, every page says so and links to them.
        if self.serving and self.problems and page.file.src_uri != preview.PROBLEMS_URI:
            target = files.get_file_from_path(preview.PROBLEMS_URI)
            if target is not None:
                html = preview.banner(self.problems, get_relative_url(target.url, page.url)) + html
        # Every page, authored or generated, passes the one policy (tbvsite/sanitize.py); so do
        # the headings MkDocs copies into the table of contents, which the theme prints as HTML.
        _clean_toc(page.toc)
        if self.cache is not None:
            self.cache.after_render(page)
            html = self.cache.clean(page.file.src_uri, html, sanitize.clean)
        else:
            html = sanitize.clean(html)
        self._release_source(page)
        return html

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
        return context

    def on_pre_page(self, page, *, config: MkDocsConfig, files: Files):
        # The sitemap's <lastmod> (rendered before the pages): a vignette's last change, or
        # none, never the build date MkDocs puts there. Other pages keep MkDocs' date (it
        # also dates sitemap.xml.gz, and needs at least one).
        head = self.head.get(page.file.src_uri)
        if head is not None:
            page.update_date = head["jsonld"].get("dateModified", "")
        return page

    def on_serve(self, server, *, config: MkDocsConfig, builder):
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
    if undated:
        log.warning(f"tbvsite: {len(undated)} of {len(versions)} vignettes have no publication date, because "
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
    """Keep 'serve --strict' serving while the preview shows problems.

    Under --strict, MkDocs counts every warning of this build (a CountHandler
    on the 'mkdocs' logger) and aborts at the end, and the live-reload server
    then hangs until a build succeeds. The preview already lists our problems
    on its problems page, so for this build the counter skips records; the
    log still shows them. 'mkdocs build' never calls this.
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
