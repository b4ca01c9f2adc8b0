"""The language editions in a MkDocs build: config overlay, docs map, fallbacks, alternates, the second nav.

The Dutch build (theme.language nl) builds each edition of the plugin's
``translations`` after itself, into ``<site_dir>/<language>/`` (see
:meth:`LanguageEditions.build`); an edition's build runs the same plugin with
theme.language set. The MkDocs-free half (which page is which in each
language, relinking, translated vocabularies) is tbvsite/editions.py and
tbvsite/translation.py.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from .. import editions, i18n, notes, translation
from ..emit import lists
from ..emit.text import edition, vignette_uri
from ..report import format_line
from ..textfile import shown_path
from . import parallel
from .problems import log

# Problems of a language edition that 'tbvsite check' reports as warnings, but a build only logs:
# the edition shows the Dutch text (and says so), or the Dutch structure, which is authoritative.
QUIET_IN_EDITIONS = ("missing-translation", "translation-differs", "translation-unknown-vignette")


class LanguageEditions:
    """One build's place among the language editions: its language, the others, and every page's counterparts."""

    def __init__(self, options, config: MkDocsConfig, root: Path) -> None:
        self.options = options
        self.root = root
        self.language = config.theme.get("language") or i18n.DEFAULT_LANGUAGE
        unknown = [lang for lang in options.translations if lang not in i18n.languages()[1:]]
        if unknown:
            raise PluginError(f"tbvsite: translations: no interface strings for {', '.join(map(str, unknown))}; "
                              f"the languages with a catalogue (tbvsite/locales/) are {', '.join(i18n.languages()[1:])}")
        self.languages = (i18n.DEFAULT_LANGUAGE, *options.translations)
        self.prefix = editions.prefix(self.language)
        self.editions = editions.Editions(config.use_directory_urls)
        self.untranslated_pages: dict[str, str] = {}
        self.fallbacks: list[str] = []
        self.index_vocabulary = None
        self.same_text: set[str] = set()
        self.left_out: tuple[str, ...] = ()  # the preview's left-out vignettes, this build (result)
        self.child: parallel.Child | None = None  # the editions' build in a second process (start)
        docs_dir = Path(config.docs_dir)
        self.dutch_docs = Path(options.source_docs) if options.source_docs else docs_dir
        site_url = config.site_url or ""
        self.root_url = site_url[: -len(self.prefix)] if self.prefix and site_url.endswith(self.prefix) else site_url
        if len(self.languages) > 1:
            # Material shows the language switch (partials/alternate.html, ours) when this is set; not a
            # list, so Material's base.html prints no <link rel="alternate"> of its own (main.html does).
            config.extra["alternate"] = True

    @property
    def dutch(self) -> bool:
        return self.language == i18n.DEFAULT_LANGUAGE

    def files(self, files: Files) -> Files:
        """The Dutch edition leaves the other languages' docs folders (docs/en/) to their builds."""
        if self.language == i18n.DEFAULT_LANGUAGE:
            for file in [f for f in files if f.src_uri.split("/")[0] in self.options.translations]:
                files.remove(file)
        return files

    def docs(self, language: str) -> dict[str, tuple]:
        """An edition's docs pages by key: Dutch ones, or translations plus the Dutch pages not yet translated."""
        dutch = editions.docs_pages(self.dutch_docs, i18n.DEFAULT_LANGUAGE, self.languages)
        if language == i18n.DEFAULT_LANGUAGE:
            return dutch
        return editions.with_fallbacks(dutch, editions.docs_pages(self.dutch_docs / language, language, self.languages))

    def docs_map(self) -> dict[str, str]:
        """Dutch docs page -> its page in this edition (a translation, or the Dutch text under its Dutch path)."""
        dutch = editions.docs_pages(self.dutch_docs, i18n.DEFAULT_LANGUAGE, self.languages)
        inverse = {key: uri for uri, key in self.docs(self.language).items()}
        return {uri: inverse[key] for uri, key in dutch.items() if key in inverse}

    def result(self, result, left_out: dict[str, str] | None = None):
        """This edition's index: links of Dutch texts (and kept Dutch links) lead to this edition's pages,
        and to the stand-in pages of the vignettes the preview leaves out (``left_out``: slug -> path)."""
        self.left_out = tuple(left_out or ())
        if result.index is None or self.dutch:
            return result
        here = editions.docs_pages(self.dutch_docs / self.language, self.language, self.languages)
        dutch = editions.docs_pages(self.dutch_docs, i18n.DEFAULT_LANGUAGE, self.languages)
        problems = editions.check_docs(here, dutch, shown_path(self.dutch_docs / self.language, self.root))
        # A missing translation shows the Dutch text and says so: news for 'tbvsite check', not a build failure.
        quiet = [p for p in result.problems if p.code in QUIET_IN_EDITIONS]
        for problem in quiet + problems:
            log.info(format_line(problem))
        self.index_vocabulary = result.vocabulary
        self.same_text = self._dutch_pages(result.untranslated)
        index = editions.relink_index(result.index, result.vocabulary, self.language, self.docs_map(),
                                      self.same_text, self.left_out)
        return replace(result, index=index, problems=[p for p in result.problems if p not in quiet])

    def _dutch_pages(self, untranslated) -> set[str]:
        """This edition's pages that show a Dutch text: untranslated vignettes and docs pages."""
        with edition(self.language):
            pages = {vignette_uri(slug) for slug in untranslated}
        translated = set(editions.docs_pages(self.dutch_docs / self.language, self.language, self.languages))
        return pages | (set(self.docs(self.language)) - translated)

    def notes(self, teaching: dict, found: list, slugs: list[str], index, dutch_notes: Path | None) -> tuple[dict, list]:
        """An edition's teaching notes; a note not yet translated is the Dutch one."""
        if self.language == i18n.DEFAULT_LANGUAGE or dutch_notes is None:
            return teaching, found
        if index is not None:  # a translated note may keep the Dutch addresses of its links
            teaching = editions.relink_notes(teaching, index, self.index_vocabulary, self.language,
                                             self.docs_map(), self.same_text, self.left_out)
        missing = [s for s in slugs if s not in teaching]
        if missing:
            dutch, _ = notes.load_notes(dutch_notes, missing, shown_root=self.root)
            # Marked as Dutch (WCAG 3.1.2), in a block whose Markdown is still read (md_in_html).
            teaching = {**teaching, **{slug: f'<div lang="{i18n.DEFAULT_LANGUAGE}" markdown>\n\n{text.strip()}\n\n</div>'
                                       for slug, text in dutch.items()}}
            log.info(f"tbvsite: no {self.language} teaching note for {', '.join(missing)}: the Dutch one is shown")
        return teaching, [p for p in found if p.code not in ("note-missing", "no-notes-folder")]

    def pages(self, config: MkDocsConfig, existing: set[str], result) -> None:
        """Every edition's pages by key, for the language switch, the hreflang links and an edition's
        nav (``existing``: the source paths of this build's pages)."""
        if result.index is None or result.vocabulary is None:
            return
        self.editions.use_directory_urls = config.use_directory_urls  # Material's offline plugin sets it late
        slugs = [v.slug for v in result.index.vignettes]
        fallbacks = self.fallbacks
        for lang in self.languages:
            keys = (editions.generated_keys(result.vocabulary, slugs, lang, editions.source_ids(result.index))
                    | self.docs(lang))
            self.editions.add(lang, keys, existing if lang == self.language else None)
        with edition(i18n.DEFAULT_LANGUAGE):
            originals = {slug: self.editions.site_path(vignette_uri(slug), i18n.DEFAULT_LANGUAGE)
                         for slug in result.untranslated}
        with edition(self.language):
            self.untranslated_pages = {vignette_uri(slug): path for slug, path in originals.items()}
        self.untranslated_pages |= {uri: self.editions.site_path(uri, i18n.DEFAULT_LANGUAGE) for uri in fallbacks}

    def fallback_docs(self, config: MkDocsConfig, files: Files, index) -> None:
        """In an edition, each Dutch docs page without a translation, from its Dutch text (links to this
        edition's pages); the page then says so (:meth:`untranslated`). Keeps their source paths."""
        self.fallbacks = []
        if self.language == i18n.DEFAULT_LANGUAGE or index is None:
            return
        mapping = self.docs_map()
        slugs = [v.slug for v in index.vignettes]
        cited = editions.source_ids(index)
        here = {key: uri for uri, key in editions.generated_keys(self.index_vocabulary, slugs, self.language,
                                                                 cited).items()}
        for uri, key in editions.generated_keys(self.index_vocabulary, slugs, i18n.DEFAULT_LANGUAGE, cited).items():
            if key in here:
                mapping.setdefault(uri, here[key])
        translated = set(editions.docs_pages(self.dutch_docs / self.language, self.language, self.languages))
        for uri in sorted(set(mapping.values()) & set(self.docs(self.language)) - translated):
            if files.get_file_from_path(uri) is not None:
                continue
            text = (self.dutch_docs / uri).read_text(encoding="utf-8")
            with edition(self.language):
                text = lists.fill(translation.relink(text, uri, uri, mapping, self.same_text), index, uri)
            files.append(File.generated(config, uri, content=text))
            self.fallbacks.append(uri)

    def alternates(self, src_uri: str | None) -> list[dict]:
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

    def context(self, context, page) -> None:
        """The theme's language data: the page's alternates, the strings of main.html and of the scripts."""
        context["tbv_alternates"] = self.alternates(page.file.src_uri if page is not None else None)
        strings = i18n.strings(self.language)
        context["tbv_t"] = strings
        context["tbv_js"] = {k: strings[k] for k in strings.keys() if k.startswith("js.")}

    def untranslated(self, html: str, page) -> str:
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

    def drop_404(self, config: MkDocsConfig) -> None:
        """A server answers every unknown address, /en/ ones too, with the root's 404.html; this
        one's root-absolute links (MkDocs writes them without a site_url) would miss the /en/."""
        if self.prefix and not self.root_url:
            Path(config.site_dir, "404.html").unlink(missing_ok=True)

    def start(self, config: MkDocsConfig, files: Files, *, serving: bool) -> None:
        """At on_files, once MkDocs has cleaned the site folder and before this build's pipeline, start
        building the editions in a second process, when that is allowed and safe; :meth:`build` then
        waits for it. Never under serve, whose rebuilds share the plugin's cache and server threads
        with the editions' builds. The child first lets go of any page other plugins generated
        (``files``), which it never converts."""
        if (serving or self.options.edition_of or not self.options.translations
                or not self.options.parallel_editions or not parallel.available()):
            return
        names = ", ".join(self.options.translations)
        leaves = [Path(config.site_dir) / language for language in self.options.translations]
        def work() -> None:
            for file in files:
                if file.generated_by and file.abs_src_path is None:
                    file.content_string = ""
            self._build_editions(config, serving=False)

        self.child = parallel.start(work, f"the build of the {names} edition", leaves)
        log.debug(f"tbvsite: building the {names} edition in a second process ({self.child.pid})")

    def build(self, config: MkDocsConfig, *, serving: bool) -> None:
        """Build each language of 'translations' into <site_dir>/<language>/ (not from within an edition),
        or wait for the second process that builds them (:meth:`start`)."""
        if self.child is not None:
            child, self.child = self.child, None
            child.wait()
            return
        if self.options.edition_of or not self.options.translations:
            return
        self._build_editions(config, serving=serving)

    def stop(self) -> None:
        """This build failed: the editions' build in a second process ends, and leaves nothing."""
        if self.child is not None:
            child, self.child = self.child, None
            child.stop()

    def _build_editions(self, config: MkDocsConfig, *, serving: bool) -> None:
        import contextlib
        import tempfile

        from mkdocs.commands.build import build  # here: only the Dutch build builds editions

        for language, overlay in self.options.translations.items():
            # No docs/<language>/ yet: every page of the edition is a Dutch page, not yet translated.
            # Under serve the same empty folder every rebuild: the configuration is part of the key of
            # each themed page kept (serve.py), and a new folder's name would theme every page again.
            with (contextlib.nullcontext(_empty_docs(language)) if serving
                  else tempfile.TemporaryDirectory(prefix=f"tbvsite-docs-{language}-")) as empty:
                docs = Path(config.docs_dir) / language
                edition_config = self._edition_config(config, language, overlay, docs if docs.is_dir() else Path(empty))
                edition_config.plugins.on_startup(command="serve" if serving else "build", dirty=False)
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
                # The edition's nav is the Dutch one turned into its own (:meth:`nav`), once its
                # pipeline knows its pages: its build may start before the Dutch pipeline has run.
                options["source_nav"] = config.nav
                options["nav_titles"] = merged.get("nav_titles") or {}
            plugins.append({name: options})
        merged["plugins"] = plugins
        merged.pop("nav_titles", None)
        if config.nav is not None:  # the edition makes its own from the Dutch one (:meth:`nav`)
            merged.pop("nav", None)
        extensions = []
        for entry in merged.get("markdown_extensions", []):
            if isinstance(entry, dict) and "toc" in entry:
                entry = {"toc": {**(entry["toc"] or {}), "permalink_title": i18n.strings(language)["toc.permalink_title"]}}
            extensions.append(entry)
        merged["markdown_extensions"] = extensions
        return load_config(io.BytesIO(b"{}"), config_file_path=str(path), **merged)

    def nav(self, config: MkDocsConfig) -> None:
        """In an edition, once :meth:`pages` knows every edition's pages: the Dutch nav turned into this
        edition's (none when the Dutch build has none: MkDocs then makes one from the files)."""
        if not self.dutch and self.options.source_nav is not None:
            config.nav = self._edition_nav(self.options.source_nav, self.language, self.options.nav_titles)

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


_EMPTY_DOCS: dict[str, str] = {}


def _empty_docs(language: str) -> str:
    """An empty docs folder for an edition without one, the same for every rebuild of this serve
    process, removed when it ends (serve never forks, so the process that made it removes it)."""
    if language not in _EMPTY_DOCS or not Path(_EMPTY_DOCS[language]).is_dir():
        import atexit
        import shutil
        import tempfile

        folder = tempfile.mkdtemp(prefix=f"tbvsite-docs-{language}-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _EMPTY_DOCS[language] = folder
    return _EMPTY_DOCS[language]
