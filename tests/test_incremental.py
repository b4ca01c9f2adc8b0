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

import time
from pathlib import Path

import pytest
from mkdocs.commands import serve as serve_command

from serve_kit import clone

VIGNETTE = "vignettes/heidag.md"

# (name, file, old, new), applied one after the other: each state is compared with a fresh session's site.
EDITS = [
    ("body", VIGNETTE, "## ", "## Bewerkt: "),
    ("tag", VIGNETTE, "actors: [tbv, teamleden]", "actors: [tbv, teamleden, bewoners]"),
    ("title", VIGNETTE, "title: De heidag – confronteren of meebewegen?", "title: De heidag – schuren of meebewegen?"),
    ("source", "vignettes/sources.yml", "title: Werken binnen én tegen het systeem",
     "title: Werken binnen én tegen het bestel"),
]

# One page of every type, in both languages: the comparison must have covered each.
PAGE_TYPES = [
    "index.html", "vignetten/index.html", "vignetten/heidag/index.html", "vignetten/hand-out/index.html",
    "actoren/index.html", "actoren/bewoners/index.html", "concepten/dwars/index.html", "overzicht/index.html",
    "verkennen/index.html", "netwerk/index.html", "bronnen/heederik-werken/index.html", "bibliografie/index.html",
    "leeswijzer/index.html", "sitemap.xml", "data/vignettes.json", "search/search_index.json",
    "en/index.html", "en/vignettes/heidag/index.html", "en/actors/bewoners/index.html", "en/overview/index.html",
    "en/explore/index.html", "en/network/index.html", "en/vignettes/handout/index.html",
]


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
    originals = {name: (repo / name).read_bytes() for _, name, _, _ in EDITS}
    rebuilt: list[dict[str, bytes]] = []
    first: dict[str, bytes] = {}

    def edit_and_rebuild(builder, site):
        first.update(site_bytes(site))
        for edit in EDITS:
            apply(repo, [edit])
            builder()
            rebuilt.append(site_bytes(site))

    try:
        serve(repo, monkeypatch, edit_and_rebuild)
        assert not [page for page in PAGE_TYPES if page not in first], "a page type is missing from the site"
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
        for path, content in originals.items():
            (repo / path).write_bytes(content)
