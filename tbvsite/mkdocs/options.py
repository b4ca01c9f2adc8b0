"""The plugin's options, and what they set up in MkDocs' configuration (paths, extension, assets, templates)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from .. import i18n, sources
from ..markdown_ext import MatrixExtension

PACKAGE = Path(__file__).parent.parent  # tbvsite/
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
    citation_style = c.Type(str, default="apa")
    """The CSL style of references to sources: the name of a vendored style (tbvsite/vendor/csl/, "apa"
    = APA 7th edition) or a .csl file relative to the config file."""
    repository = c.Type(str, default="")
    """Web address of the repository (e.g. https://github.com/org/archief): each version of a
    vignette links to its text at that commit. Empty: MkDocs' repo_url, if set."""
    translations = c.Type(dict, default={})
    """The other language editions: language -> a config overlay (relative to the config file),
    e.g. ``{en: mkdocs.en.yml}``. Each is built after this one, into ``<site_dir>/<language>/``,
    from this config with the overlay merged over it (see tbvsite/mkdocs/languages.py)."""
    parallel_editions = c.Type(bool, default=True)
    """Build the language editions in a second process while this build goes on (a fork, on a
    machine with two cores or more; never under ``mkdocs serve``). The site and the output are
    those of building them one after the other, which ``false`` does."""
    edition_of = c.Type(str, default="")
    """Set by the language editions in an edition they build: the config file it was built from."""
    source_docs = c.Type(str, default="")
    """Set by the language editions in an edition they build: the Dutch docs folder (absolute)."""
    source_nav = c.Optional(c.Type(list))
    """Set by the language editions in an edition they build: the Dutch nav, which the edition turns
    into its own once its pipeline knows its pages (none: MkDocs' nav from the files)."""
    nav_titles = c.Type(dict, default={})
    """Set by the language editions in an edition they build: the overlay's ``nav_titles``."""


@dataclass(frozen=True)
class Paths:
    """Where this build reads from, resolved against the config file's folder."""

    root: Path
    folder: Path  # the vignettes
    taxonomy: Path
    notes: Path | None  # this edition's teaching notes (None: the student edition)
    dutch_notes: Path | None
    style: Path  # the CSL style

    @property
    def ignore(self) -> tuple:
        # A notes folder inside the vignettes folder holds no vignettes (the pipeline
        # already skips the conventional one).
        return (self.notes,) if self.notes else ()


def config_root(config: MkDocsConfig) -> Path:
    """The folder of the config file: every path of the options is relative to it."""
    return Path(config.config_file_path or ".").resolve().parent


def paths(options: TbvsiteConfig, config: MkDocsConfig, language: str) -> Paths:
    """The build's folders and files; stops with the fix when the style or the notes folder will not do."""
    root = config_root(config)
    notes = (root / options.teaching_notes).resolve() if options.teaching_notes else None
    dutch_notes = notes
    if notes and language != i18n.DEFAULT_LANGUAGE:
        notes = notes / language  # e.g. vignettes/teaching-notes/en
    style = sources.style_path(options.citation_style, root)
    if not style.is_file():
        raise PluginError(f"tbvsite: citation_style '{options.citation_style}' is neither a style in "
                          f"{sources.VENDOR} nor a .csl file at {style}; name 'apa' or give the path "
                          "of a CSL style, relative to the config file")
    docs_dir = Path(config.docs_dir).resolve()
    if notes and notes.is_relative_to(docs_dir):
        raise PluginError(f"tbvsite: teaching_notes ({options.teaching_notes}) lies inside the docs folder "
                          f"{config.docs_dir}, so MkDocs would publish every note as a page; move the notes "
                          "out of the docs folder (e.g. to vignettes/teaching-notes)")
    return Paths(root=root, folder=(root / options.vignettes).resolve(),
                 taxonomy=(root / options.taxonomy).resolve(), notes=notes, dutch_notes=dutch_notes, style=style)


def set_up(config: MkDocsConfig, instructor: bool) -> None:
    """Our Markdown extension, stylesheets and templates, and the edition marker, in MkDocs' configuration."""
    if instructor:
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
