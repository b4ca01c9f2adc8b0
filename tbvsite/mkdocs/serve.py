"""The preview of ``mkdocs serve``: the render cache, the problems page and banner, and warning forgiveness.

``mkdocs build`` stops on a problem; the preview builds what is sound and
shows the rest (the pages themselves come from tbvsite/preview.py, which
knows nothing of MkDocs). Under serve a :class:`RenderCache` reuses each
page's HTML from the previous build while its Markdown, the config file and
the set of files are unchanged: an edit of one vignette body converts that
page again, not the archive.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.utils import CountHandler, get_relative_url

from .. import preview, sanitize
from ..emit.text import vignette_uri
from .problems import CHECK_ADVICE, log, log_problems, report


class Preview:
    """What one plugin instance knows of the preview: whether it serves, this build's problems, the cache."""

    def __init__(self, serving: bool = False) -> None:
        self.serving = serving
        self.cache = RenderCache() if serving else None  # serve's rebuilds reuse unchanged pages
        self.problems: list = []
        self.dropped: dict[str, str] = {}

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()

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

    def start_build(self, config: MkDocsConfig, files: Files) -> None:
        # Every file of this build is known: what a page's rendering may depend on besides its Markdown.
        if self.cache is not None:
            self.cache.start_build(config, files)

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
            return builder(*args, **kwargs)
        except Exception as error:  # anything: an exception here stalls every request of the server
            log.error(f"tbvsite: the preview could not be rebuilt ({type(error).__name__}: {error}); "
                      "it shows the last pages it has. Fix the file and save it again.")
            preview.failure_page(site_dir, f"{type(error).__name__}: {error}")
    return build


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
