"""`mkdocs serve` rebuilds: edits, additions and deletions leave nothing stale.

MkDocs 1.6's ``mkdocs/commands/serve.py`` builds once, then on every change
calls its ``builder()``: a fresh ``load_config`` (so fresh plugin instances,
our plugin having no ``on_startup``) and a non-dirty ``build`` into the same
temporary ``site_dir``. These tests run that very code: ``serve()`` itself,
with the live-reload server replaced by a stand-in whose ``serve()`` edits
the project and calls the builder the watcher would call, then looks at the
site on disk.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands import serve as serve_command
from mkdocs.exceptions import Abort

TAXONOMY = """\
facets:
  actors:
    label: Actoren
    singular: Actor
    segment: actoren
    required: true
    terms:
      anna: {label: Anna Oudlabel, description: Anna werkt in het team.}
      ben: {label: Ben, description: Ben werkt bij de gemeente.}
      cor: {label: Cor Verdwijnt, description: Cor werkt bij de corporatie.}
  strategies:
    label: Strategieën
    singular: Strategie
    segment: strategieen
    terms:
      meebewegen: {label: Meebewegen, description: Kleine stappen zetten.}
      brief: {label: Brief aan bewoners, description: Een brief sturen.}
positions:
  actor: actors
  strategy: strategies
"""


def vignette(title: str, actors: str, strategies: str = "[meebewegen]", order: int = 1) -> str:
    return (f"---\ntitle: {title}\nsummary: Samenvatting van {title}.\norder: {order}\n"
            f"source:\n  - section: Eerste sectie\nactors: {actors}\nstrategies: {strategies}\n"
            f"questions:\n  - Wat zou jij doen?\nform: reflectie\n---\n\n## De scène\n\nTekst van {title}.\n")


def site_text(site: Path) -> dict[str, str]:
    """Every text file of the built site, by its path relative to the site."""
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8", errors="replace")
            for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".csv", ".xml", ".js", ".md")}


def mentions(site: Path, needle: str) -> list[str]:
    return sorted(path for path, text in site_text(site).items() if needle in text)


class FakeServer:
    """Stands in for mkdocs.livereload.LiveReloadServer: records watches, runs a scenario."""

    scenario = None

    def __init__(self, builder, host, port, root, mount_path="/", **kwargs) -> None:
        self.builder, self.root = builder, Path(root)
        self.watched: list[str] = []
        self.error_handler = None

    def watch(self, path: str, func=None, *, recursive: bool = True) -> None:
        self.watched.append(str(path))

    def serve(self, *, open_in_browser: bool = False) -> None:
        type(self).scenario(self)

    def shutdown(self, wait: bool = False) -> None:
        pass


@pytest.fixture
def serve_with(monkeypatch):
    """Run ``mkdocs serve`` on a project with ``scenario(server)`` in place of the HTTP loop."""

    def run(project, scenario) -> None:
        monkeypatch.setattr(serve_command, "LiveReloadServer", FakeServer)
        monkeypatch.setattr(FakeServer, "scenario", staticmethod(scenario))
        serve_command.serve(config_file=str(project.root / "mkdocs.yml"), livereload=True)

    return run


@pytest.fixture
def project(make_project):
    return make_project(vignettes={
        "eerste.md": vignette("Eerste Kwartelkoning", "[anna, ben]", order=1),
        "tweede.md": vignette("Tweede Grutto", "[ben, cor]", "[meebewegen, brief]", order=2),
        "derde.md": vignette("Derde Scholekster", "[anna]", order=3),
    }, taxonomy=TAXONOMY)


def test_serve_watches_the_vignettes_and_taxonomy(project, serve_with):
    seen = {}

    def scenario(server):
        seen["watched"] = [Path(p).resolve() for p in server.watched]

    serve_with(project, scenario)
    folder = project.vignettes.resolve()
    assert folder in seen["watched"]
    taxonomy = (project.vignettes / "taxonomy.yml").resolve()
    assert any(taxonomy == w or taxonomy.is_relative_to(w) for w in seen["watched"])


def test_editing_a_vignette_updates_every_page(project, serve_with):
    def scenario(server):
        site = server.root
        assert mentions(site, "Eerste Kwartelkoning")
        project.write("vignettes/eerste.md", vignette("Eerste Roerdomp", "[ben]", order=1))
        server.builder()
        assert mentions(site, "Eerste Kwartelkoning") == []
        pages = mentions(site, "Eerste Roerdomp")
        assert "vignetten/eerste/index.html" in pages
        assert "vignetten/index.html" in pages
        assert "actoren/ben/index.html" in pages
        # anna is no longer tagged: her term page must not list the vignette any more
        assert "actoren/anna/index.html" not in pages

    serve_with(project, scenario)


def test_adding_and_deleting_vignettes(project, serve_with):
    def scenario(server):
        site = server.root
        project.write("vignettes/vierde.md", vignette("Vierde Wulp", "[cor]", order=4))
        server.builder()
        assert (site / "vignetten/vierde/index.html").is_file()
        assert "actoren/cor/index.html" in mentions(site, "Vierde Wulp")

        assert mentions(site, "tweede/")  # linked from its neighbours, the list, term pages, data
        (project.vignettes / "tweede.md").unlink()
        server.builder()
        assert not (site / "vignetten/tweede").exists()
        assert mentions(site, "Tweede Grutto") == []
        assert mentions(site, "vignetten/tweede/") == []
        assert mentions(site, "tweede/") == []

    serve_with(project, scenario)


def test_editing_the_taxonomy_leaves_no_stale_term_pages(project, serve_with):
    def scenario(server):
        site = server.root
        assert (site / "actoren/cor/index.html").is_file()
        # drop cor (untag it first), rename anna's label, add a new actor
        project.write("vignettes/tweede.md", vignette("Tweede Grutto", "[ben]", "[meebewegen, brief]", order=2))
        taxonomy = TAXONOMY.replace("      cor: {label: Cor Verdwijnt, description: Cor werkt bij de corporatie.}\n",
                                    "      dirk: {label: Dirk Nieuwkomer, description: Dirk is nieuw.}\n")
        project.write("vignettes/taxonomy.yml", taxonomy.replace("Anna Oudlabel", "Anna Nieuwlabel"))
        server.builder()
        assert not (site / "actoren/cor").exists()
        assert mentions(site, "Cor Verdwijnt") == []
        assert mentions(site, "actoren/cor/") == []
        assert (site / "actoren/dirk/index.html").is_file()
        assert mentions(site, "Anna Oudlabel") == []
        assert "vignetten/eerste/index.html" in mentions(site, "Anna Nieuwlabel")

    serve_with(project, scenario)


def test_a_broken_edit_fails_the_rebuild_and_the_fix_recovers(project, serve_with):
    def scenario(server):
        site = server.root
        good = (project.vignettes / "derde.md").read_text(encoding="utf-8")
        project.write("vignettes/derde.md", vignette("Derde Scholekster", "[onbekend]", order=3))
        with pytest.raises(Abort):  # serve's watcher logs this and keeps the old site
            server.builder()
        project.write("vignettes/derde.md", good.replace("Derde Scholekster", "Derde Tureluur"))
        server.builder()
        assert (site / "vignetten/derde/index.html").is_file()
        assert mentions(site, "Derde Scholekster") == []
        assert "actoren/anna/index.html" in mentions(site, "Derde Tureluur")

    serve_with(project, scenario)
