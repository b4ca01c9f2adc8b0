"""The archive's pages in MkDocs: the pipeline's run, its pages added as files, cleaned and let go once converted.

Where a vignette becomes a page: :meth:`Archive.add_pages` runs the pipeline
(tbvsite/pipeline.py: load -> validate -> index) and hands its index to the
emitters (tbvsite/emit/), whose Markdown pages are added here to MkDocs'
files; MkDocs and Material then convert and theme them like hand-written pages.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from html import escape
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from .. import emit, history, links, notes, pipeline, sanitize
from ..emit import lists
from ..emit.text import edition
from ..model import Problem
from ..textfile import shown_path
from .options import ASSET_URI, ASSETS, Paths, TbvsiteConfig
from .languages import LanguageEditions
from .offline import add_shim
from .problems import check_advice, log
from .serve import Preview


class Archive:
    """The archive in one build: its index, and which pages were generated from it."""

    def __init__(self, options: TbvsiteConfig, paths: Paths, marker: str, offline: bool) -> None:
        self.options = options
        self.paths = paths
        self.marker = marker
        self.offline = offline
        self.index = None
        self.generated: set[str] = set()
        self.data: list[File] = []  # the generated files that are not pages, until MkDocs has copied them

    def add_pages(self, files: Files, config: MkDocsConfig, editions: LanguageEditions,
                  preview: Preview) -> dict[str, dict]:
        """Run the pipeline and add its pages (and our assets) to ``files``; returns each page's head metadata."""
        paths = self.paths
        docs = [f.src_uri for f in files if f.src_uri.endswith(".md")]
        preview.report(_notes_in_docs(docs, shown_path(Path(config.docs_dir), paths.root)), fatal=False)
        result = pipeline.run(paths.folder, paths.taxonomy, root=paths.root, ignore=paths.ignore, docs=docs,
                              language=editions.language, memo=preview.parsed(editions.language))
        # The preview's selection first: an edition's index is then built from what still stands.
        result = preview.select(result)
        result = editions.result(result, preview.dropped)
        self.index = result.index
        editions.fallback_docs(config, files, result.index)
        teaching, found = ({}, [])
        if paths.notes and result.index is not None:
            teaching, found = notes.load_notes(paths.notes, [v.slug for v in result.vignettes], shown_root=paths.root)
            found += notes.check_notes(teaching, paths.notes, shown_root=paths.root)
            teaching, found = editions.notes(teaching, found, [v.slug for v in result.vignettes], self.index,
                                             paths.dutch_notes)
        preview.report(result.problems + found, fatal=result.index is None,
                       advice=check_advice(paths.notes, paths.folder, paths.root))
        versions = _versions(paths.folder, result.index.vignettes) if result.index is not None else {}
        context = emit.Context(site_name=config.site_name, site_url=config.site_url or "",
                               use_directory_urls=config.use_directory_urls, notes=teaching,
                               versions=versions, repo_url=self.options.repository or config.repo_url or "",
                               offline=self.offline, language=config.theme.get("language") or "nl",
                               template_dirs=tuple(config.theme.dirs),
                               citation_style=str(paths.style), block_marker=self.marker,
                               instructor=paths.notes is not None, memo=preview.memo(config))
        # Outside serve, a vignette page's Markdown is written when MkDocs reads it (_DeferredFile).
        pages = emit.emit(result.index, context, defer=not preview.serving)
        head = emit.head_meta(result.index, context)
        known = {f.src_uri for f in files} | set(pages)
        with edition(editions.language):
            known |= preview.stand_ins()
            preview.report(links.check_links(result.index, known), fatal=False, advice="Fix the links and build again.")
            pages.update(preview.pages(config, paths.root))
        self.generated = set(pages)
        editions.pages(config, {f.src_uri for f in files} | set(pages), result)
        editions.nav(config)
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
            # Outside serve, what the emitters wrote waits to be written (tbvsite.emit.emit's defer).
            file = (_DeferredFile.later(config, uri, content, inclusion) if callable(content)
                    else File.generated(config, uri, content=content, inclusion=inclusion))
            files.append(file)
            if not file.is_documentation_page():
                self.data.append(file)
        for asset in sorted(ASSETS.iterdir()):
            if asset.is_file():
                files.append(File.generated(config, f"{ASSET_URI}/{asset.name}", abs_src_path=str(asset)))
        if self.offline:
            add_shim(config, files)
        return head

    def fill_lists(self, markdown: str, page, language: str) -> str:
        """Fill the archive's lists into hand-written pages (``<!-- tbvsite:vignetten -->``)."""
        if not page.file.generated_by:
            with edition(language):
                markdown = lists.fill(markdown, self.index, page.file.src_uri)
        return markdown

    def release_data(self) -> None:
        """MkDocs has copied the static files into the site (before it themes the first page): let the
        data files this build generated go (open data, REFI-QDA, citation files), rather than hold
        them until the end of the build (memory, issue 26)."""
        for file in self.data:
            file.content_bytes = b""
        self.data = []

    def release_file(self, page) -> None:
        """MkDocs has read a generated page's Markdown from its File (``page.markdown`` has it now) and
        does not read the File again: let that copy go before the page is converted, rather than hold
        both while the page is (memory, issue 26: the 9 MB network page of 3,000 vignettes)."""
        if page.file.src_uri in self.generated and page.file.abs_src_path is None:
            page.file.content_string = ""

    def release_source(self, page) -> None:
        """A generated page's Markdown is converted now, and MkDocs does not read the Page's copy again
        (the File's went in :meth:`release_file`): let it go, rather than hold every page's text until
        the end of the build (memory, issue 14). Hand-written pages keep theirs."""
        if page.file.src_uri in self.generated and page.file.abs_src_path is None:
            page.markdown = ""  # not None: Page.title would then be None


class _DeferredFile(File):
    """A generated file whose content is written when MkDocs reads or copies it (``write``), not in
    on_files: MkDocs reads and converts the pages one by one, so every vignette page's Markdown is never
    in memory at once, and the other pages and the data files wait compressed (tbvsite.emit.packed) until
    MkDocs reads or copies them (issue 26).
    Setting its content, as :meth:`Archive.release_source` and :meth:`Archive.release_data` do, ends that."""

    write: Callable[[], str | bytes] | None = None

    @classmethod
    def later(cls, config: MkDocsConfig, uri: str, write: Callable[[], str | bytes], inclusion) -> File:
        file = cls.generated(config, uri, content="", inclusion=inclusion)
        file._content = None
        file.write = write
        return file

    def is_modified(self) -> bool:
        return self.write is not None or super().is_modified()

    @property
    def content_string(self) -> str:
        if self._content is None and self.write is not None:
            content = self.write()
            return content.decode("utf-8") if isinstance(content, bytes) else content
        return File.content_string.fget(self)

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.write = None
        File.content_string.fset(self, value)

    @property
    def content_bytes(self) -> bytes:
        if self._content is None and self.write is not None:
            content = self.write()
            return content.encode("utf-8") if isinstance(content, str) else content
        return File.content_bytes.fget(self)

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.write = None
        File.content_bytes.fset(self, value)

    def copy_file(self, dirty: bool = False) -> None:
        """MkDocs' copy writes the file's own content (``_content``): here, what ``write`` gives."""
        if self._content is None and self.write is not None:
            Path(self.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
            Path(self.abs_dest_path).write_bytes(self.content_bytes)
            return
        super().copy_file(dirty)


class HtmlStore:
    """Each page's HTML, compressed, from its conversion to its template (memory, issue 26).

    MkDocs converts every page before it puts the first into its template, so without this every
    page's HTML is in memory at once: most of a build's peak at 3,000 vignettes. The plugin's last
    ``on_page_content`` hook keeps the HTML here and leaves the page empty; its first
    ``on_page_context`` hook gives it back, before any plugin or the theme reads it. Off under
    serve, whose rebuilds want time more than memory."""

    def __init__(self, active: bool) -> None:
        self.active = active
        self.kept: dict[str, Callable[[], str]] = {}

    def keep(self, page, html: str) -> str:
        if not self.active:
            return html
        self.kept[page.file.src_uri] = emit.packed(html)
        return ""

    def give_back(self, page) -> None:
        kept = self.kept.pop(page.file.src_uri, None)
        if kept is not None:
            page.content = kept()


def clean_toc(items) -> None:
    """The headings MkDocs copies into the table of contents, which the theme prints as HTML, pass the
    sanitiser's one policy (tbvsite/sanitize.py) like the pages themselves."""
    for item in items:
        item.title = _clean_heading(item.title)
        clean_toc(item.children)


# The same heading on every page and every rebuild of serve (pages reused from its cache, their
# headings already clean) is cleaned once: the sanitiser is a pure function of the text.
_clean_heading = functools.lru_cache(maxsize=1 << 14)(sanitize.clean)


def fill_page_toc(html: str, toc, marker: str) -> str:
    """Put the page's headings (its second level, under the title) into the "Op deze pagina" menu of a
    vignette page (tbvsite/theme/partials/tbv/page_toc.html), as links; titles are already clean (clean_toc)."""
    placeholder = f"<!--{marker}:toc-->"
    if placeholder not in html:
        return html
    items = [child for item in toc for child in (item.children if item.level == 1 else [item])]
    links = "".join(f'<li><a href="{escape(item.url)}">{item.title}</a></li>' for item in items)
    return html.replace(placeholder, f"<ul>{links}</ul>" if links else "", 1)


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


