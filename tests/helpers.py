"""Pure-function helpers for tests: load the fixture vocabulary and vignettes without a build."""

from __future__ import annotations

import re
from pathlib import Path

from tbvsite import pipeline
from tbvsite.vocabulary import load_vocabulary

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_vocabulary():
    vocabulary, problems = load_vocabulary(FIXTURES / "taxonomy.yml", "vignettes/taxonomy.yml")
    assert vocabulary is not None and not problems, problems
    return vocabulary


def run_texts(tmp_path: Path, files: dict[str, str], taxonomy: str | None = None) -> pipeline.Result:
    """Write ``files`` into tmp_path/vignettes and run the pipeline on them."""
    folder = tmp_path / "vignettes"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "taxonomy.yml").write_text(
        taxonomy if taxonomy is not None else (FIXTURES / "taxonomy.yml").read_text(encoding="utf-8"),
        encoding="utf-8")
    if not (folder / "sources.yml").exists():
        (folder / "sources.yml").write_text((FIXTURES / "sources.yml").read_text(encoding="utf-8"), encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return pipeline.run(folder, folder / "taxonomy.yml", root=tmp_path)


def fixture_index(tmp_path: Path):
    files = {p.name: p.read_text(encoding="utf-8") for p in FIXTURES.glob("*.md")}
    result = run_texts(tmp_path, files)
    assert result.index is not None, result.problems
    return result.index


def variant(text: str, old: str, new: str) -> str:
    """``text`` with the first ``old`` replaced by ``new``; ``old`` must be there."""
    assert old in text, old
    return text.replace(old, new, 1)


def line_of(text: str, fragment: str) -> int:
    """The 1-based number of the first line of ``text`` that holds ``fragment``."""
    return next(i for i, line in enumerate(text.split("\n"), 1) if fragment in line)


def normal_text(text: str) -> str:
    """Text as compared by the fold tests: whitespace collapsed, no-break spaces plain, case folded."""
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


def fold_sentences(text: str, min_words: int = 4) -> list[str]:
    """The sentences of a fold's text (of at least ``min_words`` words: a heading proves nothing), normalised."""
    found = []
    for block in re.split(r"\n\s*\n", text):
        found += [normal_text(s) for s in re.split(r"(?<=[.!?])\s+", " ".join(block.split()))
                  if len(s.split()) >= min_words]
    return found


# ------------------------------------------------------------------ the offline edition

def offline_link_problems(site: Path) -> list[str]:
    """Every link, and every file a page loads, that fails from file://: as 'page: url: why'.

    A link must name an existing file (a folder has no index page from
    file://), and its #anchor an id in that file; what a page loads (scripts,
    styles, images, frames) must be inside the site. Links to other sites are
    fine: they are followed only when clicked, and only when online.
    """
    import posixpath
    from html.parser import HTMLParser
    from urllib.parse import unquote, urlsplit

    loads = {("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")}

    class Page(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.urls: list[tuple[str, str, str]] = []
            self.ids: set[str] = set()

        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if name in ("id", "name") and value:
                    self.ids.add(value)
                if name in ("href", "src", "xlink:href") and value is not None:
                    self.urls.append((tag, name, value))

    parsed: dict[Path, Page] = {}

    def page(path: Path) -> Page:
        if path not in parsed:
            parser = Page()
            parser.feed(path.read_text(encoding="utf-8"))
            parsed[path] = parser
        return parsed[path]

    site = site.resolve()
    problems = []
    for path in sorted(site.rglob("*.html")):
        shown = path.relative_to(site).as_posix()
        for tag, name, url in page(path).urls:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                if (tag, name) in loads and parts.scheme not in ("data", "blob"):
                    problems.append(f"{shown}: {url}: loaded from outside the site")
                elif parts.scheme in ("javascript", "file"):
                    problems.append(f"{shown}: {url}: a {parts.scheme}: link")
                continue
            if parts.path.startswith("/"):
                problems.append(f"{shown}: {url}: root-absolute, which from file:// means the disk's root")
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.is_relative_to(site.resolve()):
                problems.append(f"{shown}: {url}: outside the site folder")
            elif not target.is_file():
                problems.append(f"{shown}: {url}: no such file" + (" (a folder)" if target.is_dir() else ""))
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in page(target).ids:
                problems.append(f"{shown}: {url}: no id '{unquote(parts.fragment)}' in "
                                f"{posixpath.relpath(target.as_posix(), site.as_posix())}")
    return problems
