"""The preview's problems pages in Chromium: reachable from the banner, the line in view, accessible."""

from __future__ import annotations

import shutil

import pytest
from mkdocs.commands import serve as serve_command

from conftest import serve
from browserkit import Visit, describe
from test_serve import TAXONOMY, FakeServer, vignette


@pytest.fixture
def preview_site(make_project, monkeypatch, tmp_path):
    """The site 'mkdocs serve' builds for an archive with one broken vignette, copied out of its temp dir."""
    project = make_project(vignettes={
        "eerste.md": vignette("Eerste Kwartelkoning", "[anna, ben]", order=1),
        "tweede.md": vignette("Tweede Grutto", "[onbekend]", order=2),
    }, taxonomy=TAXONOMY)
    out = tmp_path / "preview"

    def scenario(server):
        shutil.copytree(server.root, out)

    monkeypatch.setattr(serve_command, "LiveReloadServer", FakeServer)
    monkeypatch.setattr(FakeServer, "scenario", staticmethod(scenario))
    serve_command.serve(config_file=str(project.root / "mkdocs.yml"), livereload=True)
    base, server = serve(out)
    yield base
    server.shutdown()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_from_the_banner_to_the_line_and_accessible(browser, preview_site, scheme):
    visit = Visit(browser, color_scheme="dark" if scheme == "slate" else "light")
    try:
        visit.goto(preview_site + "vignetten/eerste/")
        visit.page.get_by_role("link", name="Bekijk de problemen").click()
        visit.page.wait_for_url("**/problemen/")
        problems = []
        for path in ("vignetten/eerste/", "problemen/", "vignetten/tweede/"):
            visit.goto(preview_site + path)
            if violations := visit.axe():
                problems.append(f"{path}: {describe(violations)}")
        visit.goto(preview_site + "problemen/")
        link = visit.page.locator("ol.tbv-problems a").first
        line = link.inner_text().split(":")[1]
        link.click()
        visit.page.wait_for_url(f"**/problemen/vignettes-tweede-md/#L{line}")
        target = visit.page.locator(f"#L{line}")
        assert "tbv-problem-line" in target.get_attribute("class")
        assert target.is_visible() and target.evaluate("el => el.getBoundingClientRect().top") > 0
        if violations := visit.axe():
            problems.append(f"source view: {describe(violations)}")
        assert problems == [] and visit.errors == [] and visit.foreign == []
    finally:
        visit.close()
