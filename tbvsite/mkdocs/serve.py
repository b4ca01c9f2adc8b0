"""The preview of ``mkdocs serve``: the render cache, the problems page and banner, and warning forgiveness.

``mkdocs build`` stops on a problem; the preview builds what is sound and
shows the rest (the pages themselves come from tbvsite/preview.py, which
knows nothing of MkDocs). Under serve a :class:`RenderCache` per language
edition reuses each page's HTML from the previous build while its Markdown,
the config file and the set of files are unchanged, and each page's themed
output while every input of the theme's template is unchanged: an edit of one
vignette body converts and themes the pages that show it again, not the archive.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import jinja2

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.utils import CountHandler, get_relative_url

from .. import preview, sanitize
from ..emit.text import vignette_uri
from ..emit.memo import Memo
from .problems import CHECK_ADVICE, log, log_problems, report


class Preview:
    """What one plugin instance knows of the preview: whether it serves, this build's problems, the cache."""

    def __init__(self, serving: bool = False) -> None:
        self.serving = serving
        # serve's rebuilds reuse unchanged pages: a cache per language edition (both editions' builds
        # run on this instance, and share page paths such as index.md); ``cache`` is the current build's.
        self.caches: dict[str, RenderCache] = {}
        self.cache: RenderCache | None = None
        self.problems: list = []
        self.dropped: dict[str, str] = {}
        self.memos: dict[str, Memo] = {}  # per language edition: its vignette pages of the previous build
        self.memo_used: Memo | None = None  # this build's
        self.files_parsed: dict[str, dict] = {}  # per edition: each vignette file's parse and checks
        self.cuts: dict[str, tuple[bytes, bytes]] = {}  # the handout's items of the previous build (handout.py)

    def close(self) -> None:
        for cache in self.caches.values():
            cache.close()
        self.caches.clear()

    def start(self) -> None:
        """A new build (on_config): no problems yet, no vignette left out; under serve, no warning aborts it."""
        self.problems = []
        self.dropped = {}
        if self.serving:  # under 'serve --strict' no warning may abort the build: the server would hang
            _forgive_warnings()

    def report(self, problems, *, fatal: bool, advice: str = "") -> None:
        """Stop the build on an error; in the preview, collect the problems for its problems page instead."""
        if self.serving:
            self.problems += problems
        else:
            report(problems, fatal=fatal, advice=advice or CHECK_ADVICE)

    def select(self, result):
        """The preview builds what is sound (tbvsite/preview.py); a build takes the result as it is."""
        if self.serving and not result.ok:
            result, self.dropped = preview.select(result)
        return result

    def stand_ins(self) -> set[str]:
        """The pages in place of the vignettes left out (within the edition's ``edition()``)."""
        return {vignette_uri(slug) for slug in self.dropped}

    def pages(self, config: MkDocsConfig, root: Path) -> dict[str, str]:
        """The problems page and the stand-ins, while the archive has problems."""
        if not (self.serving and self.problems):
            return {}
        log_problems(self.problems)
        return preview.pages(self.problems, root, self.dropped, config.use_directory_urls)

    def banner(self, html: str, page, files: Files) -> str:
        """In the preview, while the archive has problems, every page says so and links to them."""
        if self.serving and self.problems and page.file.src_uri != preview.PROBLEMS_URI:
            target = files.get_file_from_path(preview.PROBLEMS_URI)
            if target is not None:
                html = preview.banner(self.problems, get_relative_url(target.url, page.url)) + html
        return html

    def parsed(self, language: str) -> dict | None:
        """Under serve: the edition's vignette files as parsed and checked by the previous build
        (pipeline.run's ``memo``)."""
        return self.files_parsed.setdefault(language, {}) if self.serving else None

    def handout_memo(self) -> dict | None:
        """Under serve: the handout items cut from the pages of the previous build (mkdocs/handout.py)."""
        return self.cuts if self.serving else None

    def memo(self, config: MkDocsConfig) -> Memo | None:
        """Under serve: this edition's vignette pages of the previous build, each written again only
        when what it reads changed (tbvsite/emit/memo.py); a template file changed, every page."""
        if not self.serving:
            return None
        memo = self.memos.setdefault(config.theme.get("language") or "", Memo())
        memo.salt = "\n".join(_theme_files(folder) for folder in config.theme.dirs)
        self.memo_used = memo
        return memo

    def start_build(self, config: MkDocsConfig, files: Files, nav, taxonomy: Path | None = None) -> None:
        # Every file of this build is known: what a page's rendering may depend on besides its Markdown.
        if self.serving:
            language = config.theme.get("language") or ""
            if language not in self.caches:
                self.caches[language] = RenderCache()
            self.cache = self.caches[language]
            self.cache.start_build(config, files, nav, taxonomy)

    def theme_listing(self, config: MkDocsConfig) -> None:
        """Under serve: the list of the theme folders' files, which MkDocs takes every build (walking
        Material's thousands of icons), kept while the folders' other files are the same. Hidden
        files and folders (``.icons/``) are left out: MkDocs' ``add_files_from_theme``, the only
        reader, leaves them out too, after matching each of them against its patterns."""
        if not self.serving:
            return
        get_env, dirs = config.theme.get_env, tuple(config.theme.dirs)

        def env() -> jinja2.Environment:
            made = get_env()
            listed = made.loader.list_templates

            def list_templates() -> list[str]:
                key = "\n".join(_theme_files(folder) for folder in dirs)
                known = _LISTED.get(dirs)
                if known is None or known[0] != key:
                    known = _LISTED[dirs] = (key, [name for name in listed()
                                                   if not name.startswith(".") and "/." not in name])
                return list(known[1])
            made.loader.list_templates = list_templates
            return made
        config.theme.get_env = env

    def theme_env(self, env: jinja2.Environment, config: MkDocsConfig) -> jinja2.Environment:
        """Under serve: a page's themed output reused while every input of its template is the same
        (:meth:`RenderCache.page_context`). The templates are compiled once a process in any build
        (plugin.on_env, tbvsite/render.py)."""
        if self.cache is not None:
            self.cache.start_theming(config)
            for plugin in config.plugins.values():  # Material's search: its entries of an unchanged page kept
                index = getattr(plugin, "search_index", None)
                if index is not None and callable(getattr(index, "add_entry_from_context", None)):
                    index.add_entry_from_context = self.cache.searched(index.add_entry_from_context, index)
            get_template, cache = env.get_template, self.cache
            env.get_template = lambda *args, **kwargs: _Template(get_template(*args, **kwargs), cache)
        return env

    def page_context(self, context, page) -> None:
        if self.cache is not None:
            self.cache.page_context(context, page)

    def before_render(self, page, markdown: str) -> None:
        if self.cache is not None:
            self.cache.before_render(page, markdown)

    def clean(self, html: str, page) -> str:
        """The sanitised page; under serve, the same input's output of the previous build."""
        if self.cache is not None:
            self.cache.after_render(page)
            return self.cache.clean(page.file.src_uri, html, sanitize.clean)
        return sanitize.clean(html)

    def end_build(self) -> None:
        if self.cache is not None:
            self.cache.report()
        if self.memo_used is not None:
            memo, self.memo_used = self.memo_used, None
            log.debug(f"tbvsite: vignette pages written: {memo.made['page']}, reused: {memo.reused['page']}; "
                      f"other parts made: {sum(memo.made.values()) - memo.made['page']}, "
                      f"reused: {sum(memo.reused.values()) - memo.reused['page']}")
        self.cache = None


def keep_serving(builder, site_dir: Path):
    """``mkdocs serve``'s rebuild, made unable to stop the server.

    MkDocs 1.6's live-reload server (mkdocs/livereload) makes every request
    wait until a rebuild has succeeded; one that raises leaves every page,
    the problems page included, hanging until the next successful build. The
    plugin turns every problem of the archive into the preview's problems
    page; this catches whatever else goes wrong, logs it, and leaves a page
    that says so, so the server keeps answering and the next save rebuilds.
    """
    def build(*args, **kwargs):
        try:
            with _files_not_folders():
                return builder(*args, **kwargs)
        except Exception as error:  # anything: an exception here stalls every request of the server
            log.error(f"tbvsite: the preview could not be rebuilt ({type(error).__name__}: {error}); "
                      "it shows the last pages it has. Fix the file and save it again.")
            preview.failure_page(site_dir, f"{type(error).__name__}: {error}")
        finally:
            _prune(site_dir)
    return build


@contextlib.contextmanager
def _files_not_folders():
    """During a rebuild, MkDocs' ``clean_directory`` (of the site, and of an edition's ``en/``) removes
    every file but keeps the folders, which the build writes into again. Removing and making the
    folders again was most of a clean (measured here with the test suite beside it: 1.2 s of a rebuild
    at 100 vignettes, about 3 ms a folder).
    The folders left empty go afterwards (:func:`_prune`). MkDocs' function and ProperDocs' copy of
    it are replaced where loaded; another build tool's clean is left as it is."""
    replaced = [(module, module.clean_directory) for name in ("mkdocs.utils", "properdocs.utils")
                if callable(getattr(module := sys.modules.get(name), "clean_directory", None))]
    for module, _ in replaced:
        module.clean_directory = _remove_files
    try:
        yield
    finally:
        for module, original in replaced:
            module.clean_directory = original


def _remove_files(directory: str) -> None:
    """What MkDocs' ``clean_directory`` removes (everything but the hidden entries at the top), folders
    excepted."""
    if not os.path.isdir(directory):
        return
    for entry in os.scandir(directory):
        if entry.name.startswith("."):
            continue
        if not entry.is_dir(follow_symlinks=False):
            os.unlink(entry.path)
            continue
        for top, dirs, names in os.walk(entry.path):
            for name in names + [d for d in dirs if os.path.islink(os.path.join(top, d))]:
                os.unlink(os.path.join(top, name))


def _prune(site_dir: Path) -> None:
    """The folders a rebuild left empty (a page deleted or renamed) go, as MkDocs' clean would have
    removed them; hidden entries at the top stay, as MkDocs leaves them."""
    if not site_dir.is_dir():
        return
    for entry in os.scandir(site_dir):
        if entry.name.startswith(".") or not entry.is_dir(follow_symlinks=False):
            continue
        for top, _dirs, _names in os.walk(entry.path, topdown=False):
            try:
                os.rmdir(top)  # only an empty folder: the others raise and stay
            except OSError:
                pass


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
    is a hash of all three and of the taxonomy's bytes (a change to the
    taxonomy renders every page again), so an edit of one vignette body converts that
    page again, and a new, deleted or renamed file converts every page again.
    A page whose rendering logged a warning is never stored, so 'serve --strict'
    sees the warning on every build. The sanitiser's output is reused when its
    input is the same text. ``rendered`` and ``reused`` count per build (for
    tests and the debug log).

    The theme's template is the other half of a page's time: its output is
    reused when the key of :meth:`page_context` is the same, a hash of every
    input the template reads: the page (its HTML, title, table of contents,
    metadata, addresses, neighbours), the whole menu with every page's title,
    what plugins added to the context, the configuration (the config file and
    the language overlays, byte for byte, and the values plugins set in it),
    the set of files, and the theme's template files (name, size, time). A
    change to any of them themes the pages again. ``themed`` and ``kept``
    count per build.
    """

    def __init__(self) -> None:
        self.pages: dict[str, _Rendered] = {}
        self.cleaned: dict[str, tuple[bytes, str]] = {}
        self.fingerprint = ""
        self.pending: dict[str, tuple[str, int]] = {}
        self.rendered: list[str] = []
        self.reused: list[str] = []
        self.outputs: dict[str, tuple[str, str]] = {}  # src_uri -> (key of the template's inputs, output)
        self.build_key = ""  # what every page's template reads: menu, configuration, files, theme
        self.next_page: tuple[str, str] | None = None  # the page whose template MkDocs renders next
        self.themed: list[str] = []
        self.kept: list[str] = []
        self.nav = None
        self.entries: dict[str, tuple[str, list]] = {}  # src_uri -> (key, its search entries)
        self.warnings = _WarningCounter()
        logging.getLogger("mkdocs").addHandler(self.warnings)

    def close(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)

    def report(self) -> None:
        log.debug(f"tbvsite: pages converted from Markdown: {len(self.rendered)}, reused: {len(self.reused)}; "
                  f"themed: {len(self.themed)}, reused: {len(self.kept)}")

    def start_build(self, config: MkDocsConfig, files: Files, nav=None, taxonomy: Path | None = None) -> None:
        digest = hashlib.sha256()
        if config.config_file_path and Path(config.config_file_path).is_file():
            digest.update(Path(config.config_file_path).read_bytes())
        if taxonomy is not None and taxonomy.is_file():  # a change to the taxonomy renders every page again
            digest.update(b"\0" + taxonomy.read_bytes())
        for file in sorted(files, key=lambda f: f.src_uri):
            digest.update(f"\0{file.src_uri}\0{file.url}\0{file.inclusion}".encode())
        self.fingerprint = digest.hexdigest()
        self.pending.clear()
        self.rendered, self.reused = [], []
        self.themed, self.kept = [], []
        self.nav, self.build_key, self.next_page = nav, "", None
        known = {f.src_uri for f in files}
        for uri in [u for u in self.pages if u not in known]:  # deleted pages leave the cache
            del self.pages[uri]
            self.cleaned.pop(uri, None)
        for uri in [u for u in self.outputs if u not in known]:
            del self.outputs[uri]
        for uri in [u for u in self.entries if u not in known]:
            del self.entries[uri]

    def start_theming(self, config: MkDocsConfig) -> None:
        """Every page is converted (MkDocs' on_env): the key of what every page's template reads."""
        digest = hashlib.sha256(self.fingerprint.encode())
        for path in _config_paths(config):
            digest.update(b"\0" + path.read_bytes())
        settings = {k: v for k, v in config.items() if k not in ("plugins", "nav", "markdown_extensions", "mdx_configs")}
        try:
            digest.update(_stable(settings).encode())
            digest.update(_stable(_nav_key(self.nav.items if self.nav is not None else [])).encode())
        except (TypeError, ValueError, RecursionError):  # no stable form: this build themes every page
            self.build_key = ""
            return
        for folder in config.theme.dirs:
            digest.update(_theme_files(folder).encode())
        self.build_key = digest.hexdigest()

    def page_context(self, context, page) -> None:
        """The page's template is rendered next (MkDocs' on_page_context): the key of all it reads."""
        self.next_page = None
        if not self.build_key:
            return
        extra = {k: v for k, v in context.items() if k not in _BUILD_CONTEXT}
        try:
            inputs = _stable([
                page.file.src_uri, page.url, page.canonical_url, page.abs_url, page.edit_url, page.title,
                page.is_homepage, getattr(page, "update_date", None), page.meta, _toc_key(page.toc),
                _neighbour(page.previous_page), _neighbour(page.next_page), context.get("base_url"),
                context.get("extra_css"), [str(s) for s in context.get("extra_javascript") or ()], extra,
                hashlib.sha256((page.content or "").encode()).hexdigest()])
        except (TypeError, ValueError, RecursionError):  # something without a stable form: theme it every build
            return
        key = hashlib.sha256(f"{self.build_key}\0{inputs}".encode()).hexdigest()
        self.next_page = (page.file.src_uri, key)

    def searched(self, add_entry, index):
        """Material's ``SearchIndex.add_entry_from_context``, reusing a page's entries while what it reads
        (the page's HTML, table of contents, address, title and metadata) is unchanged."""
        def add(page):
            try:
                inputs = _stable([page.url, page.title, page.meta, _toc_key(page.toc)])
            except (TypeError, ValueError, RecursionError):
                return add_entry(page)
            key = hashlib.sha256(f"{inputs}\0{page.content}".encode()).hexdigest()
            uri = page.file.src_uri
            known = self.entries.get(uri)
            if known is not None and known[0] == key:
                index.entries.extend(copy.deepcopy(known[1]))
                return None
            start = len(index.entries)
            found = add_entry(page)
            self.entries[uri] = (key, copy.deepcopy(index.entries[start:]))
            return found
        return add

    def render(self, template: jinja2.Template, *args, **kwargs) -> str:
        """The template's output; for the page of :meth:`page_context`, the previous build's when its key is the same."""
        if self.next_page is None:
            return template.render(*args, **kwargs)
        (uri, key), self.next_page = self.next_page, None
        known = self.outputs.get(uri)
        if known is not None and known[0] == key:
            self.kept.append(uri)
            return known[1]
        warnings = self.warnings.count
        output = template.render(*args, **kwargs)
        self.themed.append(uri)
        if self.warnings.count == warnings:
            self.outputs[uri] = (key, output)
        else:
            self.outputs.pop(uri, None)
        return output

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


class _Template:
    """A theme template whose ``render`` asks the cache first; everything else is the template's own
    (Jinja's ``extends`` and ``include`` use its blocks and render functions directly)."""

    def __init__(self, template: jinja2.Template, cache: RenderCache) -> None:
        self._template, self._cache = template, cache

    def __getattr__(self, name: str):
        return getattr(self._template, name)

    def render(self, *args, **kwargs) -> str:
        return self._cache.render(self._template, *args, **kwargs)


_LISTED: dict[tuple, tuple[str, list[str]]] = {}  # theme folders -> (their files' sizes and times, the listing)

# What MkDocs' get_context gives every page; the rest of a page's context is what plugins added.
_BUILD_CONTEXT = frozenset({"nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version",
                            "build_date_utc", "config", "page"})


def _stable(value) -> str:
    """A text that is the same for equal values in every build (objects by their attributes)."""
    return json.dumps(value, sort_keys=True, default=_attributes, ensure_ascii=False)


def _attributes(value):
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "__dict__"):
        return {"": type(value).__qualname__, **{k: v for k, v in vars(value).items() if not k.startswith("__")}}
    if isinstance(value, (list, tuple)):
        return list(value)
    return f"{type(value).__qualname__}:{value}"


def _nav_key(items) -> list:
    """The menu as every page's template shows it: sections, pages and links, with titles, addresses and metadata."""
    out = []
    for item in items:
        children = getattr(item, "children", None)
        page_meta = getattr(item, "meta", None) if getattr(item, "is_page", False) else None
        out.append([type(item).__name__, item.title, getattr(item, "url", None), page_meta,
                    _nav_key(children) if children else None])
    return out


def _toc_key(items) -> list:
    return [[item.title, item.url, item.level, _toc_key(item.children)] for item in items]


def _neighbour(page) -> list | None:
    return None if page is None else [page.title, page.url]


def _config_paths(config: MkDocsConfig) -> list[Path]:
    """The config file and the language overlays beside it (the English edition's mkdocs.en.yml)."""
    if not config.config_file_path:
        return []
    path = Path(config.config_file_path)
    return sorted(p for p in {path, *path.parent.glob("mkdocs*.yml")} if p.is_file())


def _theme_files(folder: str) -> str:
    """Every template file of a theme folder with its size and time (not the thousands of icons)."""
    found = []
    for top, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != ".icons")
        for name in sorted(names):
            stat = os.stat(os.path.join(top, name))
            found.append(f"{os.path.join(top, name)}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return "\n".join(found)


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
