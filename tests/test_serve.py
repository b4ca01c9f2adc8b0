"""`mkdocs serve` rebuilds: edits, additions and deletions leave nothing stale.

MkDocs 1.6's ``mkdocs/commands/serve.py`` builds once, then on every change
calls its ``builder()``: a fresh ``load_config`` (our plugin has an
``on_startup`` hook, so MkDocs keeps its instance, which learns it is serving)
and a non-dirty ``build`` into the same temporary ``site_dir``. These tests run that very code: ``serve()`` itself,
with the live-reload server replaced by a stand-in whose ``serve()`` edits
the project and calls the builder the watcher would call, then looks at the
site on disk.
"""

from __future__ import annotations

import html
import logging
import posixpath
import re

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
            f"source:\n  - ref: heederik-werken\n    section: Eerste sectie\nactors: {actors}\nstrategies: {strategies}\n"
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


def test_a_broken_edit_keeps_the_preview_serving_and_the_fix_recovers(project, serve_with):
    def scenario(server):
        site = server.root
        good = (project.vignettes / "derde.md").read_text(encoding="utf-8")
        broken = vignette("Derde Scholekster", "[onbekend]", order=3)
        project.write("vignettes/derde.md", broken)
        server.builder()  # no Abort: 'serve --strict' keeps serving
        problems = (site / "problemen/index.html").read_text(encoding="utf-8")
        line = next(i for i, text in enumerate(broken.split("\n"), 1) if text.startswith("actors:"))
        assert f"vignettes/derde.md:{line}:" in problems and "unknown-term" in problems
        assert "actor 'onbekend' is not in the vocabulary" in html.unescape(problems)
        # each location links to a view of the file at that line
        view = "problemen/vignettes-derde-md/index.html"
        assert f'href="vignettes-derde-md/#L{line}"' in problems
        assert f'id="L{line}"' in (site / view).read_text(encoding="utf-8")
        # the sound vignettes are built, the broken one is replaced by a page that says why
        assert "Eerste Kwartelkoning" in (site / "vignetten/eerste/index.html").read_text(encoding="utf-8")
        stand_in = (site / "vignetten/derde/index.html").read_text(encoding="utf-8")
        assert "niet in de preview" in stand_in and "Derde Scholekster" not in stand_in
        assert mentions(site, "Derde Scholekster") == [view]  # only in the view of the file itself
        # every page carries the banner, linking to the problems page
        assert 'class="admonition failure tbv-preview-banner"' in (site / "index.html").read_text(encoding="utf-8")
        assert 'href="../../problemen/"' in (site / "vignetten/eerste/index.html").read_text(encoding="utf-8")
        assert project.build_cli("--strict").returncode == 1  # mkdocs build stays strict
        assert project.build_cli().returncode == 1

        project.write("vignettes/derde.md", good.replace("Derde Scholekster", "Derde Tureluur"))
        server.builder()
        assert (site / "vignetten/derde/index.html").is_file()
        assert not (site / "problemen").exists()
        assert mentions(site, "tbv-preview-banner") == []
        assert mentions(site, "Derde Scholekster") == []
        assert "actoren/anna/index.html" in mentions(site, "Derde Tureluur")

    serve_with(project, scenario)


@pytest.mark.parametrize("breakage", [
    pytest.param(("vignettes/eerste.md", "---\ntitle: [niet gesloten\n---\n"), id="YAML that does not parse"),
    pytest.param(("vignettes/taxonomy.yml", TAXONOMY.replace("facets:", "facetten:")), id="a broken taxonomy"),
    pytest.param(("vignettes/eerste.md", vignette("Tweede Grutto", "[anna]")), id="a duplicate title"),
])
def test_serve_starts_with_a_broken_archive(make_project, serve_with, breakage):
    """The first build of 'serve' with a problem already in the archive: the server starts."""
    project = make_project(vignettes={
        "eerste.md": vignette("Eerste Kwartelkoning", "[anna, ben]", order=1),
        "tweede.md": vignette("Tweede Grutto", "[ben, cor]", "[meebewegen, brief]", order=2),
    }, taxonomy=TAXONOMY, docs={"index.md": "# Start\n\nZie de [vignetten](vignetten/index.md).\n"})
    project.write(*breakage)
    seen = {}

    def scenario(server):
        seen["problems"] = (server.root / "problemen/index.html").read_text(encoding="utf-8")
        seen["home"] = (server.root / "index.html").read_text(encoding="utf-8")

    serve_with(project, scenario)  # returns: the server ran its scenario instead of aborting
    assert breakage[0] in seen["problems"]
    assert "tbv-preview-banner" in seen["home"]
    assert project.build_cli().returncode == 1
    assert not project.build().ok  # in-process, after serve ended: strict again


def _output(uri: str) -> str:
    """The built file of a page's source path (use_directory_urls)."""
    stem = uri[:-len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


@pytest.fixture
def conversions(monkeypatch):
    """Source paths of the pages MkDocs converts from Markdown, in order (every build)."""
    from mkdocs.structure.pages import Page

    seen: list[str] = []
    original = Page.render

    def render(self, config, files):
        seen.append(self.file.src_uri)
        return original(self, config, files)

    monkeypatch.setattr(Page, "render", render)
    return seen


def test_editing_one_body_converts_only_the_pages_that_show_it(project, serve_with, conversions):
    """A serve rebuild converts a page from Markdown again only when its output changes;
    the site is then exactly what a fresh session builds."""
    seen = {}

    def scenario(server):
        site = server.root
        assert "vignetten/eerste.md" in conversions and "actoren/anna.md" in conversions
        everything = set(conversions)
        conversions.clear()
        text = (project.vignettes / "eerste.md").read_text(encoding="utf-8")
        project.write("vignettes/eerste.md", text.replace("Tekst van Eerste Kwartelkoning.", "Een Nieuwe Alinea."))
        server.builder()
        assert "vignetten/eerste.md" in conversions
        assert len(conversions) < len(everything) / 2, conversions
        for uri in conversions:  # nothing converted that does not show the change
            shown = (site / _output(uri)).read_text(encoding="utf-8")
            if uri.endswith("/hand-out.md"):  # the handout's items are cut into one script per vignette
                shown = (site / "assets" / "tbvsite" / "handout" / "eerste.js").read_text(encoding="utf-8")
            assert "Een Nieuwe Alinea." in shown, uri
        seen["cached"] = site_text(site)

    serve_with(project, scenario)

    def fresh(server):
        seen["fresh"] = site_text(server.root)

    serve_with(project, fresh)  # a new session starts with nothing cached
    assert seen["cached"].keys() == seen["fresh"].keys()
    differ = [path for path in seen["cached"] if seen["cached"][path] != seen["fresh"][path]]
    assert differ == []


def test_a_vignette_left_out_of_the_preview_is_one_problem_in_both_languages(make_project, serve_with):
    """A vignette with an error is left out of both editions. What links to it (a vignette's body, translated
    or not, a term's description) leads to its stand-in page in each language, and no edition reports
    those links as problems of their own."""
    from test_language_editions import ALPHA_EN, _taxonomy_with_english

    project = make_project(taxonomy=_taxonomy_with_english(), extra_config={
        "plugins": [{"search": {"lang": "nl"}}, {"tbvsite": {"translations": {"en": "mkdocs.en.yml"}}}],
    })
    project.write("mkdocs.en.yml", "site_name: Test in English\n")
    project.write("vignettes/en/alpha.md", ALPHA_EN)
    links = re.findall(r"\]\(([a-z0-9-]+)\.md\)", (project.vignettes / "alpha.md").read_text(encoding="utf-8"))
    assert links, "the fixture's alpha links to another vignette"
    target = links[0]
    text = (project.vignettes / f"{target}.md").read_text(encoding="utf-8")
    project.write(f"vignettes/{target}.md", re.sub(r"(?m)^actors: \[", "actors: [onbekend, ", text, count=1))
    # Dutch texts the English edition shows as they are: a term description and a vignette without translation
    taxonomy = (project.vignettes / "taxonomy.yml").read_text(encoding="utf-8")
    project.write("vignettes/taxonomy.yml", taxonomy.replace(
        "Cor werkt bij de corporatie.", f"Cor werkt bij de corporatie. Zie [het vignet](../vignetten/{target}.md)."))
    gamma = (project.vignettes / "gamma.md").read_text(encoding="utf-8")
    project.write("vignettes/gamma.md", gamma.rstrip("\n") + f"\n\nZie ook [het andere vignet]({target}.md).\n")
    project.commit("A vignette with an unknown actor")
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    seen = {}

    def scenario(server):
        site = server.root
        seen["nl"] = (site / "problemen/index.html").read_text(encoding="utf-8")
        seen["en"] = (site / "en/problemen/index.html").read_text(encoding="utf-8")
        pages = [(f"{folder}{page}/index.html", folder)
                 for folder, pages in (("vignetten/", ("alpha", "gamma")), ("en/vignettes/", ("alpha", "gamma")))
                 for page in pages] + [("actoren/cor/index.html", "vignetten/"), ("en/actors/cor/index.html", "en/vignettes/")]
        for page, stand_in in pages:
            body = (site / page).read_text(encoding="utf-8")
            hrefs = re.findall(rf'href="([^"]*\b{target}/)"', body)
            assert hrefs, f"{page} no longer links to {target}"
            for href in hrefs:
                landed = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
                assert landed == stand_in + target, f"{page} links {target} at {href}: {landed}, not its stand-in"
                assert "niet in de preview" in (site / landed / "index.html").read_text(encoding="utf-8")

    handler = Keep(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        serve_with(project, scenario)
    finally:
        logger.removeHandler(handler)
    own = f"vignettes/{target}.md:"
    for language, problems in seen.items():
        listed = re.findall(r"<code>(?:<a [^>]*>)?([^<:]+):\d+", problems)
        assert listed and set(listed) == {own[:-1]}, f"the {language} problems page lists {listed}"
    others = [f"{r.levelname}: {r.getMessage()}" for r in records
              if not r.getMessage().startswith(own) and "tbvsite: the archive has problems" not in r.getMessage()]
    assert others == [], "the left-out vignette made other warnings:\n" + "\n".join(others)


def test_an_edition_without_its_own_docs_folder_keeps_its_themed_pages_across_rebuilds(make_project, serve_with):
    """An English edition with no docs/en/ yet (every docs page shown in Dutch): a body edit re-themes
    the edited page, not the whole edition (its configuration must be the same every rebuild)."""
    project = make_project(extra_config={
        "plugins": [{"search": {"lang": "nl"}}, {"tbvsite": {"translations": {"en": "mkdocs.en.yml"}}}],
    })
    project.write("mkdocs.en.yml", "site_name: Test in English\n")
    project.commit("English edition, no docs/en")
    assert not (project.root / "docs/en").exists()
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "themed:" in record.getMessage():
                lines.append(record.getMessage())

    def scenario(server):
        name = sorted(project.vignettes.glob("*.md"))[0]
        text = name.read_text(encoding="utf-8")
        close = text.index("\n---\n", 4) + len("\n---\n")
        lines.clear()
        name.write_text(text[:close] + "\nBewerkt.\n" + text[close:], encoding="utf-8")
        server.builder()

    logger = logging.getLogger("mkdocs.plugins.tbvsite")
    handler, level = Keep(logging.DEBUG), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        serve_with(project, scenario)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert len(lines) == 2, lines  # the Dutch and the English edition's rebuild
    for line in lines:
        themed, kept = map(int, re.search(r"themed: (\d+), reused: (\d+)", line).groups())
        assert kept > 0 and themed <= 2, f"a body edit re-themed {themed} pages and reused {kept}: {line}"


def test_a_rebuild_empties_the_site_but_keeps_its_folders_until_they_stay_empty(tmp_path):
    """serve's rebuild cleans the site as MkDocs does, but removes a folder only if the build left it
    empty (tbvsite/mkdocs/serve.py): the same files in the end, without a folder removed and made
    again for every page; MkDocs' own clean is back after the rebuild."""
    import mkdocs.utils

    from tbvsite.mkdocs import serve as ours

    site = tmp_path / "site"
    for name in ("index.html", "a/index.html", "a/b/index.html", "gone/index.html", ".hidden/x", "a/.kept"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("old", encoding="utf-8")
    (site / "link").symlink_to(site / "a", target_is_directory=True)
    original = mkdocs.utils.clean_directory

    def builder():
        assert mkdocs.utils.clean_directory is not original
        mkdocs.utils.clean_directory(str(site))
        left = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if not p.is_dir())
        assert left == [".hidden/x"]  # every file went but MkDocs' hidden ones at the top
        assert (site / "a/b").is_dir() and (site / "gone").is_dir()
        mkdocs.utils.write_file(b"new", str(site / "a/b/index.html"))

    ours.keep_serving(builder, site)()
    assert mkdocs.utils.clean_directory is original
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == [
        ".hidden", ".hidden/x", "a", "a/b", "a/b/index.html"]
