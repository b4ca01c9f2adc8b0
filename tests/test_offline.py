"""The offline edition (``mkdocs.offline.yml``): a site that works from a folder, and its zip.

Opened from file:// there is no server to turn ``vignetten/heidag/`` into its
``index.html``, nor to answer a missing file. So every link and every file a
page loads must name an existing file, with its anchor; nothing may be loaded
from another host (Material's offline plugin would add a CDN shim); the zip is
named by the date of the last commit, never by today's date.
The same pages in Chromium: tests/test_offline_browser.py.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from helpers import offline_link_problems
from tbvsite import offline
from tbvsite.cli import run


def test_every_link_of_the_offline_edition_names_an_existing_file(offline_site):
    pages = sorted(offline_site.rglob("*.html"))
    assert len(pages) > 20
    assert offline_link_problems(offline_site) == []


def test_instructor_offline_edition_links_resolve_too(instructor_offline_site):
    site = instructor_offline_site
    assert 'data-tbv-edition="docenten"' in (site / "index.html").read_text(encoding="utf-8")
    assert offline_link_problems(site) == []


def test_offline_edition_has_inlined_search_and_no_server_page(offline_site):
    assert (offline_site / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index =")
    assert not (offline_site / "404.html").exists(), "a folder has no server to show a 404 page"


def test_student_edition_is_unchanged_by_the_offline_support(real_site):
    home = (real_site / "index.html").read_text(encoding="utf-8")
    assert "iframe-worker" not in home and (real_site / "404.html").is_file()
    assert not (real_site / "search" / "search_index.js").exists()
    assert 'href="data:' not in (real_site / "vignetten" / "heidag" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("order", ["offline first", "offline last"])
def test_fixture_site_offline_in_any_plugin_order(make_project, order):
    plugins = [{"search": {"lang": "nl"}}, "tbvsite"]
    plugins = ["offline", *plugins] if order == "offline first" else [*plugins, "offline"]
    project = make_project(extra_config={"plugins": plugins, "nav": None})
    result = project.build()
    assert result.ok, result.error + result.log
    assert offline_link_problems(result.site) == []
    assert (result.site / "assets" / "tbvsite" / "iframe-worker" / "shim.js").is_file()
    for page in result.site.rglob("*.html"):
        assert "unpkg.com" not in page.read_text(encoding="utf-8"), page


def test_citation_files_are_inside_their_links_offline(offline_site):
    """From file:// a browser will not download another file; the link carries the file itself."""
    import base64
    import re

    cited = 0
    for page in sorted((offline_site / "vignetten").glob("*.html")):
        for name, data in re.findall(r'<a download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"',
                                     page.read_text(encoding="utf-8")):
            assert base64.b64decode(data) == (offline_site / "data" / "cite" / name).read_bytes(), name
            cited += 1
    assert cited == 2 * len(list((offline_site / "data" / "cite").glob("*.bib")))


# ------------------------------------------------------------------ the zip

def test_zip_of_the_real_offline_edition(offline_site, tmp_path):
    """`tbvsite zip` packs every file below one top folder named after the site and the last commit."""
    date = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    assert run(["--root", str(ROOT), "zip", "-f", "mkdocs.offline.yml", "--site", str(offline_site),
                "-o", str(tmp_path)]) == 0
    zips = list(tmp_path.glob("*.zip"))
    assert [z.name for z in zips] == [f"TBV-casusarchief-offline-{date}.zip"]
    with zipfile.ZipFile(zips[0]) as archive:
        names = archive.namelist()
        assert archive.testzip() is None
        top = zips[0].stem
        assert sorted(names) == sorted(f"{top}/{p.relative_to(offline_site).as_posix()}"
                                       for p in offline_site.rglob("*") if p.is_file())
        assert archive.read(f"{top}/index.html") == (offline_site / "index.html").read_bytes()


def _project(tmp_path: Path, site_dir: str = "site-offline") -> Path:
    (tmp_path / "mkdocs.yml").write_text("site_name: Mijn archief\nsite_dir: site\n", encoding="utf-8")
    (tmp_path / "mkdocs.offline.yml").write_text(f"INHERIT: mkdocs.yml\nsite_dir: {site_dir}\n",
                                                 encoding="utf-8")
    site = tmp_path / site_dir
    (site / "vignetten").mkdir(parents=True)
    (site / "index.html").write_text("<p>start</p>", encoding="utf-8")
    (site / "vignetten" / "a.html").write_text("<p>a</p>", encoding="utf-8")
    return tmp_path


def test_zip_is_named_by_the_last_commit_not_the_clock(tmp_path, capsys, monkeypatch):
    root = _project(tmp_path)
    env = {**os.environ, "GIT_AUTHOR_DATE": "2001-02-03T04:05:06Z", "GIT_COMMITTER_DATE": "2001-02-03T04:05:06Z",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    for args in (["init", "-q"], ["add", "mkdocs.yml"], ["commit", "-q", "-m", "start"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    assert offline.version_date(root) == "2001-02-03"
    target, date, count, replaced = offline.make_zip(root / "mkdocs.offline.yml")
    assert (target.name, date, count, replaced) == ("Mijn-archief-offline-2001-02-03.zip", "2001-02-03", 2, False)
    with zipfile.ZipFile(target) as archive:
        assert {i.date_time[:3] for i in archive.infolist()} == {(2001, 2, 3)}
    # Built again from a changed work tree: same name, said out loud.
    (root / "mkdocs.yml").write_text("site_name: Mijn archief\nsite_dir: site\nstrict: true\n", encoding="utf-8")
    assert offline.uncommitted(root)
    monkeypatch.chdir(root)
    assert run(["zip"]) == 0
    err = capsys.readouterr().err
    assert f"replaced the earlier {target.name}" in err and "uncommitted changes" in err


def test_zip_without_git_says_so_and_uses_no_date(tmp_path, capsys, monkeypatch):
    root = _project(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))  # no repository above it either
    assert run(["--root", str(root), "zip"]) == 0
    out, err = capsys.readouterr()
    assert [p.name for p in root.glob("*.zip")] == [f"Mijn-archief-offline-{offline.NO_DATE}.zip"]
    assert "no git history" in err and offline.NO_DATE in err
    assert datetime.date.today().isoformat() not in out + err


def test_zip_before_a_build_is_a_usage_error(tmp_path, capsys):
    root = _project(tmp_path)
    (root / "site-offline" / "index.html").unlink()
    assert run(["--root", str(root), "zip"]) == 2
    err = capsys.readouterr().err
    assert "no built site" in err and "mkdocs build -f mkdocs.offline.yml" in err and "Traceback" not in err
    assert not list(root.glob("*.zip*"))


@pytest.mark.parametrize("site_dir, label", [("site-offline", "offline"),
                                             ("site-instructor-offline", "instructor-offline")])
def test_archive_name_names_the_edition(site_dir, label):
    assert offline.archive_name("TBV casus/archief", site_dir, "2026-01-02") == f"TBV-casus-archief-{label}-2026-01-02"


def test_make_builds_the_offline_edition_and_its_zip():
    """`make build-offline` runs the strict offline build and then `tbvsite zip` on it."""
    dry = subprocess.run(["make", "-n", "build-offline"], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "MAKEFLAGS": ""})
    assert dry.returncode == 0, dry.stderr
    lines = [line for line in dry.stdout.splitlines() if "mkdocs.offline.yml" in line]
    assert any("mkdocs build --strict -f mkdocs.offline.yml" in line for line in lines), dry.stdout
    assert any("tbvsite zip -f mkdocs.offline.yml" in line for line in lines), dry.stdout
