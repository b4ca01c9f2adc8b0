"""The preview (``mkdocs serve``) of an archive with problems: build what is sound, show what is not.

``mkdocs build`` stops on a problem; the preview must not, or the server
hangs until the file is fixed. Here the vignettes with an error are left
out (the index is built from the rest), and the preview gets a problems page
(``problemen/``) with the same lines as ``tbvsite check``, each linked to a
view of its file at that line, and a page in place of each left-out vignette,
so links to it still land somewhere. Pure functions; the plugin decides when
to use them.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import replace
from pathlib import Path

from . import translation
from .index import build_index
from .loader import SLUG
from .model import Problem, Vocabulary
from .pipeline import Result
from .report import format_line, location, summary
from .textfile import read_text
from .emit.text import front_matter, href, plain, rel, vignette_uri

PROBLEMS_URI = "problemen.md"
SOURCE_FOLDER = "problemen"
TITLE = "Problemen in het archief"

log = logging.getLogger("mkdocs.plugins.tbvsite")


def select(result: Result) -> tuple[Result, dict[str, str]]:
    """The result with an index over the vignettes without errors; and slug -> path of those left out.

    An error in the taxonomy leaves an index without terms and without
    vignettes: term pages from a broken vocabulary cannot be trusted, and
    every vignette then gets a stand-in page. Errors elsewhere (a stray file,
    the rules file, a note) leave every vignette in.
    """
    vocabulary = result.vocabulary
    taxonomy_broken = vocabulary is None or vocabulary.path in {p.path for p in result.errors}
    bad = {p.path for p in result.errors}
    dropped = {Path(p.path).stem: p.path for p in result.errors
               if p.path.endswith(".md") and p.code != "stray-file" and SLUG.match(Path(p.path).stem)}
    if result.sources is not None and result.sources.path in bad:  # what cites a source now missing waits
        dropped.update({v.slug: v.path for v in result.vignettes
                        if any(ref.ref not in result.sources for ref in v.source)})
    if taxonomy_broken:
        dropped.update({v.slug: v.path for v in result.vignettes})
        vocabulary = Vocabulary(vocabulary.path if vocabulary else "", {}, {})
    kept = [] if taxonomy_broken else [v for v in result.vignettes if v.path not in bad and v.slug not in dropped]
    dropped = {slug: path for slug, path in dropped.items() if slug not in {v.slug for v in kept}}
    shown = vocabulary  # an edition's index shows its own labels and addresses (as pipeline.run builds it)
    if result.language != translation.DEFAULT_LANGUAGE and not taxonomy_broken:
        shown = translation.localize_vocabulary(vocabulary, result.language)
    return replace(result, vocabulary=vocabulary, vignettes=kept, index=build_index(kept, shown, result.sources)), dropped


def source_uri(path: str) -> str:
    """The preview page that shows one file: ``problemen/vignettes-heidag-md.md``."""
    return f"{SOURCE_FOLDER}/{re.sub(r'[^a-z0-9]+', '-', path.lower()).strip('-') or 'bestand'}.md"


def _items(problems: list[Problem], here: str, sources: dict[str, str], use_directory_urls: bool) -> str:
    lines = ['<ol class="tbv-problems">']
    for problem in sorted(problems, key=Problem.sort_key):
        where = html.escape(location(problem))
        if problem.path in sources:
            anchor = f"L{problem.line}" if problem.line > 0 else ""
            target = href(here, source_uri(problem.path), use_directory_urls) + (f"#{anchor}" if anchor else "")
            where = f'<a href="{html.escape(target)}">{where}</a>'
        rest = html.escape(format_line(problem)[len(location(problem)):])
        hint = f'<br><span class="tbv-hint">hint: {html.escape(problem.hint)}</span>' if problem.hint else ""
        lines.append(f"<li><code>{where}{rest}</code>{hint}</li>")
    lines.append("</ol>")
    return "\n".join(lines)


def pages(problems: list[Problem], root: Path, dropped: dict[str, str], use_directory_urls: bool = True) -> dict[str, str]:
    """The problems page, one page per file with a problem, and one in place of each left-out vignette."""
    sources: dict[str, str] = {}
    for path in sorted({p.path for p in problems}):
        full = root / path
        if full.is_file():
            text, _ = read_text(full, path)
            if text is not None:
                sources[path] = text
    out: dict[str, str] = {}
    intro = (f"De preview (`mkdocs serve`) toont het archief zonder de vignetten met een fout. "
             f"Dit zijn dezelfde meldingen als van `tbvsite check` ({summary(problems)}). "
             "Klik op een plek om het bestand op die regel te zien. Zodra je het bestand bewaart, "
             "bouwt de preview opnieuw; `mkdocs build` weigert het archief zolang er fouten zijn.\n")
    left_out = ""
    if dropped:
        left_out = "\n## Weggelaten vignetten\n\n" + "\n".join(
            f"- [{slug}]({rel(PROBLEMS_URI, vignette_uri(slug))}) ({plain(path)})"
            for slug, path in sorted(dropped.items())) + "\n"
    out[PROBLEMS_URI] = (_head(TITLE) + f"# {TITLE}\n\n{intro}\n"
                         + _items(problems, PROBLEMS_URI, sources, use_directory_urls) + "\n" + left_out)
    for slug, path in dropped.items():
        uri = vignette_uri(slug)
        own = [p for p in problems if p.path == path]
        out[uri] = (_head(f"{slug} (niet in de preview)") +
                    f"# {slug}\n\nDit vignet staat niet in de preview: {plain(path)} heeft "
                    f"{len(own)} {'probleem' if len(own) == 1 else 'problemen'}. "
                    f"Zie ook alle [problemen]({rel(uri, PROBLEMS_URI)}).\n\n"
                    + _items(own, uri, sources, use_directory_urls) + "\n")
    for path, text in sources.items():
        uri = source_uri(path)
        marked = {p.line for p in problems if p.path == path}
        rows = []
        for number, line in enumerate(text.split("\n"), 1):
            cls = "tbv-line tbv-problem-line" if number in marked else "tbv-line"
            rows.append(f'<span id="L{number}" class="{cls}">{number:>4}  '
                        f"{html.escape(line)}</span>")
        back = href(uri, PROBLEMS_URI, use_directory_urls)
        out[uri] = (_head(path) + f"# {plain(path)}\n\n"
                    f'<p><a href="{html.escape(back)}">Terug naar de problemen</a></p>\n\n'
                    + _items([p for p in problems if p.path == path], uri, sources, use_directory_urls)
                    + '\n\n<pre class="tbv-source">' + "\n".join(rows) + "</pre>\n")
    return out


def _head(title: str) -> str:
    return front_matter({"title": title, "search": {"exclude": True}})


def banner(problems: list[Problem], problems_href: str) -> str:
    """The notice on top of every page of the preview while the archive has problems."""
    return (f'<div class="admonition failure tbv-preview-banner" role="alert"><p class="admonition-title">'
            f"Het archief heeft problemen ({html.escape(summary(problems))})</p>"
            f'<p>Deze preview laat de vignetten met een fout weg. <a href="{html.escape(problems_href)}">'
            "Bekijk de problemen</a>.</p></div>\n")


def failure_page(site_dir: Path, message: str) -> None:
    """A plain problems page (and a home page, when the failed build left none) naming the failure."""
    text = ('<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>' + TITLE + "</title></head>"
            f'<body><div class="tbv-preview-banner" role="alert"><h1>{TITLE}</h1>'
            "<p>De preview kon niet opnieuw worden gebouwd:</p>"
            f"<pre>{html.escape(message)}</pre><p>Herstel het bestand en bewaar het opnieuw; "
            "de terminal van <code>make serve</code> toont de melding ook.</p></div></body></html>\n")
    for target in (site_dir / SOURCE_FOLDER / "index.html", site_dir / "index.html"):
        if target.name == "index.html" and target.parent == site_dir and target.is_file():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
