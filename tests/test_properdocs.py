"""The second platform: ProperDocs 1.6 (a maintained fork of MkDocs 1.6 that keeps the plugin API)
builds every edition, strictly, into the same files as MkDocs, the generator line of each page aside.

ProperDocs runs in a process of its own: it redirects every ``mkdocs.*`` import to itself, so the
plugin (and the English edition it builds) runs on ProperDocs there, and this test session keeps MkDocs.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # a whole build per case: in make test, not in make check-fast

pytest.importorskip("properdocs", reason="ProperDocs is in the test extras: pip install -e '.[test]'")

# The one line that names the platform: <meta name="generator" content="mkdocs-1.6.1, mkdocs-material-...">.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def build(tool: str, config: str, out: Path) -> Path:
    result = subprocess.run([sys.executable, "-m", tool, "build", "--strict", "-f", config, "-d", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{tool} build --strict -f {config}:\n{result.stderr[-5000:]}"
    return out


def differences(mkdocs_site: Path, other_site: Path) -> list[str]:
    """Every file that is not the same in both sites (HTML compared without its generator line)."""
    files = {p.relative_to(mkdocs_site) for p in mkdocs_site.rglob("*") if p.is_file()}
    others = {p.relative_to(other_site) for p in other_site.rglob("*") if p.is_file()}
    found = [f"{path}: only in the MkDocs build" for path in sorted(files - others)]
    found += [f"{path}: only in the other build" for path in sorted(others - files)]
    for path in sorted(files & others):
        mine, theirs = (mkdocs_site / path).read_bytes(), (other_site / path).read_bytes()
        if mine != theirs and (path.suffix != ".html" or GENERATOR.sub(b"", mine) != GENERATOR.sub(b"", theirs)):
            found.append(f"{path}: differs")
    return found


@pytest.mark.parametrize("config", ["mkdocs.yml", "mkdocs.instructor.yml", "mkdocs.offline.yml",
                                    "mkdocs.instructor.offline.yml"])
def test_properdocs_builds_every_edition_as_mkdocs_does(config, request, tmp_path):
    # The MkDocs builds are the test run's own (conftest.built_site).
    mkdocs_site = request.getfixturevalue({"mkdocs.yml": "real_site", "mkdocs.instructor.yml": "real_instructor_site",
                                           "mkdocs.offline.yml": "offline_site",
                                           "mkdocs.instructor.offline.yml": "instructor_offline_site"}[config])
    site = build("properdocs", config, tmp_path / "properdocs")
    assert (site / "en" / "index.html").is_file(), "the English edition comes along"
    assert b"ProperDocs" in GENERATOR.search((site / "en" / "index.html").read_bytes()).group(), \
        "the English edition is built by ProperDocs too"
    found = differences(mkdocs_site, site)
    assert not found, f"{len(found)} files differ between MkDocs and ProperDocs ({config}): " + "; ".join(found[:20])


def test_the_comparison_sees_a_page_that_differs(tmp_path):
    mkdocs_site, other = tmp_path / "a", tmp_path / "b"
    for site, generator in ((mkdocs_site, "mkdocs-1.6.1"), (other, "mkdocs-ProperDocs 1.6.7")):
        (site / "en").mkdir(parents=True)
        for name in ("index.html", "en/index.html"):
            (site / name).write_text(f'<head><meta name="generator" content="{generator}"></head><p>Het vignet</p>')
    assert differences(mkdocs_site, other) == []  # the generator line alone is no difference
    (other / "en" / "index.html").write_text('<head><meta name="generator" content="x"></head><p>The vignette</p>')
    (other / "extra.html").write_text("")
    (mkdocs_site / "sitemap.xml").write_text("<urlset/>")
    assert differences(mkdocs_site, other) == ["sitemap.xml: only in the MkDocs build",
                                               "extra.html: only in the other build", "en/index.html: differs"]
