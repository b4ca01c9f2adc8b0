"""The English edition built in a second process (issue 26): the same site and output, a clean failure.

``mkdocs build`` starts the English edition's build in a forked child at the
start of the Dutch build's on_files, before its pipeline (tbvsite/mkdocs/parallel.py). The site it writes and
what it prints must be those of the sequential build (``parallel_editions:
false``); a child that fails or dies fails the build with one clean message.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import time
from pathlib import Path

import pytest
import yaml

from tbvsite.mkdocs import parallel

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")

BROKEN_EN = "---\ntitle: [broken\n---\n\n## The scene\n\nText.\n"


def _bilingual(make_project, *, parallel_editions: bool):
    tbvsite = {"translations": {"en": "mkdocs.en.yml"}, "parallel_editions": parallel_editions}
    project = make_project(extra_config={
        "plugins": [{"search": {"lang": "nl"}}, {"tbvsite": tbvsite}],
        "nav": [{"Start": "index.md"}, {"Vignetten": "vignetten/index.md"}],
    }, docs={"index.md": "# Start\n\nZie de [vignetten](vignetten/index.md).\n",
             "en/index.md": "---\ntranslates: index.md\n---\n\n# Home\n\nSee the [vignettes](vignettes/index.md).\n"})
    project.write("mkdocs.en.yml", "site_name: Test in English\nnav_titles: {Start: Home, Vignetten: Vignettes}\n")
    project.commit("English")
    return project


def _set_parallel(project, value: bool) -> None:
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "tbvsite" in entry:
            entry["tbvsite"]["parallel_editions"] = value
    project.write("mkdocs.yml", yaml.safe_dump(config, allow_unicode=True, sort_keys=False))


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _output(text: str, site: str) -> str:
    return re.sub(r"built in [0-9.]+ seconds", "built in N seconds", text.replace(site, "SITE"))


def test_the_parallel_build_writes_the_site_and_the_output_of_the_sequential_one(make_project):
    project = _bilingual(make_project, parallel_editions=True)
    runs = {}
    for value in (True, False):
        _set_parallel(project, value)
        site = f"site-{value}"
        result = project.build_cli("--strict", "-d", site)
        assert result.returncode == 0, result.stderr[-3000:]
        runs[value] = (_tree(project.root / site), _output(result.stdout + result.stderr, site))
    assert "en/index.html" in runs[True][0]
    assert runs[True][0].keys() == runs[False][0].keys()
    assert [p for p in runs[True][0] if runs[True][0][p] != runs[False][0][p]] == []
    assert runs[True][1] == runs[False][1]
    # and the child did build it: the debug log says so
    _set_parallel(project, True)
    verbose = project.build_cli("--strict", "-v", "-d", "site-verbose")
    assert "edition in a second process" in verbose.stderr, verbose.stderr[-3000:]


def _failed_builds(project) -> dict:
    """The strict build in both modes (parallel, sequential), each failing without a traceback; its
    result, and what it left in the site folder (``tree``)."""
    results = {}
    for value in (True, False):
        _set_parallel(project, value)
        result = project.build_cli("--strict", "-d", "site")
        assert result.returncode != 0
        assert "Traceback" not in result.stderr, result.stderr[-3000:]
        result.tree = sorted(_tree(project.root / "site"))
        results[value] = result
    return results


def test_a_failing_english_edition_fails_the_build_with_its_location_and_no_traceback(make_project):
    project = _bilingual(make_project, parallel_editions=True)
    project.write("vignettes/en/alpha.md", BROKEN_EN)
    results = _failed_builds(project)
    assert all("vignettes/en/alpha.md:2:" in r.stderr for r in results.values()), results[True].stderr[-3000:]
    outputs = {value: _output(r.stdout + r.stderr, "site") for value, r in results.items()}
    assert outputs[True] == outputs[False]


def test_a_dutch_failure_stops_the_build_as_the_sequential_build_does(make_project):
    project = _bilingual(make_project, parallel_editions=True)
    project.write("docs/kapot.md", "# Kapot\n\nEen [link](nergens.md).\n")  # a warning: --strict stops
    results = _failed_builds(project)
    runs = {value: (_output(r.stdout + r.stderr, "site"), r.tree) for value, r in results.items()}
    assert runs[True] == runs[False]


# -- the second process itself ------------------------------------------------------------

def _raise_build_error() -> None:
    from mkdocs.exceptions import PluginError

    logging.getLogger("mkdocs.plugins.test").warning("a warning from the child")
    raise PluginError("vignettes/en/x.md:3:1: broken-yaml: the front matter is no YAML")


def test_the_child_s_log_is_replayed_here_and_its_error_raised(tmp_path, caplog):
    from mkdocs.exceptions import PluginError

    child = parallel.start(_raise_build_error, "a test build", [tmp_path / "en"])
    with caplog.at_level(logging.INFO), pytest.raises(PluginError, match="vignettes/en/x.md:3:1"):
        child.wait()
    assert [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.test"] == ["a warning from the child"]


def test_a_child_that_dies_is_a_clean_build_error(tmp_path):
    from mkdocs.exceptions import PluginError

    child = parallel.start(lambda: os.kill(os.getpid(), signal.SIGKILL), "a test build", [])
    with pytest.raises(PluginError, match="signal 9"):
        child.wait()


def test_a_stopped_child_leaves_nothing(tmp_path):
    leaves = tmp_path / "en"

    def write_forever() -> None:
        leaves.mkdir()
        (leaves / "index.html").write_text("half", encoding="utf-8")
        while True:
            signal.pause()

    child = parallel.start(write_forever, "a test build", [leaves])
    for _ in range(500):  # until the child has written (at most 5 s)
        if (leaves / "index.html").is_file():
            break
        time.sleep(0.01)
    child.stop()
    assert not leaves.exists()
    assert not child.folder.exists()
