"""Real builds of small projects: pages, links both ways, data, refusals."""

from __future__ import annotations

import json
import re


def test_fixture_project_builds_every_page(make_project):
    project = make_project()
    result = project.build()
    assert result.ok, result.log
    for page in ["vignetten/alpha/index.html", "vignetten/index.html", "actoren/anna/index.html",
                 "actoren/index.html", "strategieen/brief/index.html", "concepten/activisme/index.html",
                 "overzicht/index.html", "data/vignettes.json", "data/vignettes.csv"]:
        assert (result.site / page).is_file(), page
    assert "WARNING" not in result.log
