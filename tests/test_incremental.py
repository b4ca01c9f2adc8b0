"""`mkdocs serve`'s rebuild after an edit writes the site a fresh start writes, byte for byte, in both languages.

Serve's rebuilds reuse what an edit leaves unchanged (tbvsite/mkdocs/serve.py:
each page's converted Markdown and its themed output, per language edition).
This runs MkDocs' own ``serve()`` on a clone of this repository (its archive,
both editions, its history), with the live-reload server replaced by a
stand-in that edits the archive and calls the builder as the file watcher
would: after an edit of a vignette body, a tag, a title and a source, every
file of the site must equal the one a new session writes from the same files.
"""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

import pytest
import yaml
from mkdocs.commands import serve as serve_command

from serve_kit import clone

def _edits(repo: Path) -> list[tuple[str, str, str, str]]:
    """(name, file, old, new) for an edit of a body, a tag, a title and a source, found in whatever
    archive the repository holds: its first vignette (by name) and its first source."""
    vignette = sorted(p for p in (repo / "vignettes").glob("*.md"))[0]
    text = vignette.read_text(encoding="utf-8")
    lines = text.split("\n")
    close = lines.index("---", 1)
    body = next(line for line in lines[close + 1:] if line.strip() and not line.startswith(("#", ">", "-", "|", "<")))
    title = next(line for line in lines[1:close] if line.startswith("title:"))
    actors = next(line for line in lines[1:close] if line.startswith("actors:"))
    assert actors.startswith("actors: [") and actors.endswith("]"), f"{vignette.name}: actors not in flow style"
    used = {a.strip() for a in actors[len("actors: ["):-1].split(",")}
    known = yaml.safe_load((repo / "vignettes/taxonomy.yml").read_text(encoding="utf-8"))["facets"]["actors"]["terms"]
    extra = next(actor for actor in known if actor not in used)
    sources = (repo / "vignettes/sources.yml").read_text(encoding="utf-8")
    source_title = next(line for line in sources.split("\n") if line.strip().startswith("title:"))
    name = f"vignettes/{vignette.name}"
    return [
        ("body", name, body, "Bewerkt. " + body),
        ("tag", name, actors, actors[:-1] + f", {extra}]"),
        ("title", name, title, _append(title, " (bewerkt)")),
        ("source", "vignettes/sources.yml", source_title, _append(source_title, " (bewerkt)")),
    ]


def _append(line: str, words: str) -> str:
    """``words`` at the end of a YAML scalar line, inside its quotes if it has them."""
    return line[:-1] + words + line[-1] if line.endswith(("'", '"')) else line + words


def _page_types(repo: Path, paths) -> list[str]:
    """One page of every type, in both languages: the comparison must have covered each."""
    slug = sorted(p.stem for p in (repo / "vignettes").glob("*.md"))[0]
    fixed = [
        "index.html", "vignetten/index.html", f"vignetten/{slug}/index.html", "vignetten/hand-out/index.html",
        "actoren/index.html", "overzicht/index.html", "verkennen/index.html", "netwerk/index.html",
        "bibliografie/index.html", "sitemap.xml", "data/vignettes.json", "search/search_index.json",
        "en/index.html", f"en/vignettes/{slug}/index.html", "en/overview/index.html", "en/explore/index.html",
        "en/network/index.html", "en/vignettes/handout/index.html",
    ]
    one_of = [next((p for p in sorted(paths) if p.startswith(folder + "/") and p.count("/") == folder.count("/") + 2),
                   folder) for folder in ("actoren", "concepten", "bronnen", "en/actors")]
    return fixed + one_of


class _Server:
    """Stands in for mkdocs.livereload.LiveReloadServer: runs ``scenario(builder, site)`` instead of serving."""

    scenario = None

    def __init__(self, builder, host, port, root, **kwargs) -> None:
        self.builder, self.root = builder, Path(root)

    def watch(self, *args, **kwargs) -> None:
        pass

    def serve(self, *, open_in_browser: bool = False) -> None:
        type(self).scenario(self.builder, self.root)

    def shutdown(self, wait: bool = False) -> None:
        pass


class _Counts(logging.Handler):
    """Keeps the render cache's count of pages themed and reused (its debug line) of each build."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(logging.DEBUG)
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        if "themed:" in record.getMessage() or "vignette pages written:" in record.getMessage():
            self.lines.append(record.getMessage())


def site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return clone(tmp_path_factory.mktemp("incremental") / "repo")


def serve(repo: Path, monkeypatch, scenario) -> None:
    monkeypatch.setattr(serve_command, "LiveReloadServer", _Server)
    monkeypatch.setattr(_Server, "scenario", staticmethod(scenario))
    monkeypatch.chdir(repo)
    serve_command.serve(config_file=str(repo / "mkdocs.yml"), livereload=True)


def apply(repo: Path, edits) -> None:
    for _, name, old, new in edits:
        path = repo / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_rebuild_after_each_edit_writes_what_a_fresh_session_writes(repo, monkeypatch):
    EDITS = _edits(repo)
    vignettes = sorted((repo / "vignettes").glob("*.md"))
    originals = {name: (repo / name).read_bytes() for _, name, _, _ in EDITS}
    rebuilt: list[dict[str, bytes]] = []
    first: dict[str, bytes] = {}

    counts: list[str] = []
    handler = _Counts(counts)

    def edit_and_rebuild(builder, site):
        first.update(site_bytes(site))
        for edit in EDITS:
            counts.clear()
            apply(repo, [edit])
            builder()
            rebuilt.append(site_bytes(site))
            if edit[0] == "body":  # the deterministic half of the speed: one vignette's body re-themes few pages
                themes = [line for line in counts if "themed:" in line]
                assert len(themes) == 2, counts  # one line per language edition
                for line in themes:
                    themed, kept = map(int, re.search(r"themed: (\d+), reused: (\d+)", line).groups())
                    assert kept > 0 and themed <= max(3, (themed + kept) // 10), \
                        f"a body edit re-themed {themed} pages and reused {kept}: {line}"
                # and writes the Markdown of its own page alone: in Dutch; in English too, unless the
                # English page shows a translation, which the edit leaves as it was
                written = [tuple(map(int, re.search(r"written: (\d+), reused: (\d+)", line).groups()))
                           for line in counts if "vignette pages written:" in line]
                assert len(written) == 2 and written[0] == (1, len(vignettes) - 1), counts
                assert written[1][0] <= 1 and sum(written[1]) == len(vignettes), counts

    logger = logging.getLogger("mkdocs.plugins.tbvsite")
    level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        serve(repo, monkeypatch, edit_and_rebuild)
        logger.removeHandler(handler)
        missing = [page for page in _page_types(repo, first) if page not in first]
        assert not missing, f"a page type is missing from the site: {missing}"
        before = first
        for step, (name, *_rest) in enumerate(EDITS):
            for path, content in originals.items():
                (repo / path).write_bytes(content)
            apply(repo, EDITS[: step + 1])
            fresh: dict[str, bytes] = {}
            serve(repo, monkeypatch, lambda builder, site: fresh.update(site_bytes(site)))
            cached = rebuilt[step]
            assert sorted(cached) == sorted(fresh), f"after the {name} edit: other files than a fresh session's"
            differ = [path for path in fresh if cached[path] != fresh[path]]
            assert differ == [], f"after the {name} edit, the rebuild left these unlike a fresh session's: {differ}"
            changed = {path for path in fresh if before.get(path) != fresh[path]}
            assert changed, f"the {name} edit changed nothing: the comparison would prove nothing"
            before = fresh
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        for path, content in originals.items():
            (repo / path).write_bytes(content)
