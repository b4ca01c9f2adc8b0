"""Dates and versions of a vignette come from git history or front matter, never from the clock.

Projects are real git repositories with back-dated commits (GIT_AUTHOR_DATE,
GIT_COMMITTER_DATE); the no-git and shallow-clone paths say so once and never
fall back to today.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
import subprocess

import pytest

from conftest import FIXTURES, Project, git
from test_citation import page_meta, parse_bibtex, parse_ris
from tbvsite import history

ALPHA = (FIXTURES / "alpha.md").read_text(encoding="utf-8")


def with_front_matter(text: str, extra: str) -> str:
    """A fixture vignette with ``extra`` YAML lines added to its front matter."""
    return text.replace("---\n", "---\n" + extra, 1)


def meta_of(result, slug: str) -> dict[str, str]:
    return dict(page_meta(result.site / f"vignetten/{slug}/index.html").meta)


def jsonld_of(result, slug: str) -> dict:
    [text] = page_meta(result.site / f"vignetten/{slug}/index.html").jsonld
    return json.loads(text)


def today_strings() -> list[str]:
    """Every way a page could print today's date (the build date must appear nowhere)."""
    today = datetime.datetime.now(datetime.timezone.utc).date()
    days = {today, datetime.date.today()}
    return [form for d in days for form in (d.isoformat(), d.strftime("%Y/%m/%d"),
                                            f"{d.day} {history_month(d)} {d.year}")]


def history_month(day: datetime.date) -> str:
    from tbvsite import i18n
    return i18n.strings("nl")["date.months"].split()[day.month - 1]


# ------------------------------------------------------------------ dates from git

def test_dates_follow_back_dated_commits(make_project):
    project = make_project()  # fixture vignettes, committed on 2024-01-15
    alpha = project.vignettes / "alpha.md"
    alpha.write_text(alpha.read_text(encoding="utf-8") + "\nEen nieuwe alinea.\n", encoding="utf-8")
    project.commit("Alpha: <b>een</b> *alinea* erbij", when="2024-06-01T09:00:00+00:00")
    project.write("vignettes/alpha.md", alpha.read_text(encoding="utf-8") + "\nNog een.\n")
    project.commit("Alpha: nog een alinea", when="2025-02-03T09:00:00+00:00")
    result = project.build()
    assert result.ok, result.log
    assert "WARNING" not in result.log

    meta = meta_of(result, "alpha")
    assert meta["citation_publication_date"] == "2024/01/15"  # the commit that added the file
    ld = jsonld_of(result, "alpha")
    assert (ld["datePublished"], ld["dateModified"], ld["version"]) == ("2024-01-15", "2025-02-03", "2025-02-03")
    beta = jsonld_of(result, "beta")  # touched once: published and last changed the same day
    assert (beta["datePublished"], beta["dateModified"]) == ("2024-01-15", "2024-01-15")

    page = result.page("vignetten/alpha/index.html")
    text = re.sub(r"<[^>]+>", "", page)
    assert "Gepubliceerd" in text and "15 januari 2024" in text
    assert "Laatst gewijzigd" in text and "3 februari 2025" in text
    assert "versie van 3 februari 2025" in text  # the reference names the version
    # The change history, newest first: dates, never a commit subject on the student site (issue 22).
    versions = page.split('id="versies"', 1)[1]
    order = [versions.index(s) for s in ("3 februari 2025", "1 juni 2024", "15 januari 2024")]
    assert order == sorted(order), order
    assert "alinea" not in versions and "Fixture project" not in versions and "<b>een</b>" not in versions

    bib = parse_bibtex(result.page("data/cite/alpha.bib"))[0]
    assert (bib["date"], bib["year"], bib["version"]) == ("2024-01-15", "2024", "2025-02-03")
    ris = parse_ris((result.site / "data/cite/alpha.ris").read_bytes().decode("utf-8"))[0]
    assert ris["DA"] == ["2024/01/15"] and ris["PY"] == ["2024"]
    [record] = [r for r in json.loads(result.page("data/vignettes.json")) if r["slug"] == "alpha"]
    assert (record["published"], record["updated"]) == ("2024-01-15", "2025-02-03")
    assert re.fullmatch(r"[0-9a-f]{40}", record["version"])


def test_front_matter_overrides_git(make_project):
    project = make_project(vignettes={
        "alpha.md": with_front_matter(ALPHA, "published: 2019-05-01\n"),
        "beta.md": with_front_matter((FIXTURES / "beta.md").read_text(encoding="utf-8"),
                                     "published: 2018-01-02\nupdated: 2020-03-04\n")})
    result = project.build()
    assert result.ok, result.log
    alpha, beta = jsonld_of(result, "alpha"), jsonld_of(result, "beta")
    assert (alpha["datePublished"], alpha["dateModified"]) == ("2019-05-01", "2024-01-15")  # change from git
    assert (beta["datePublished"], beta["dateModified"]) == ("2018-01-02", "2020-03-04")
    assert meta_of(result, "beta")["citation_publication_date"] == "2018/01/02"


def test_updated_before_published_is_located(make_project):
    text = with_front_matter(ALPHA, "published: 2020-05-01\nupdated: 2019-01-01\n")
    result = make_project(vignettes={"alpha.md": text}).build()
    assert not result.ok
    assert "vignettes/alpha.md:3:10: date-order:" in result.log


@pytest.mark.parametrize("value", ["15-01-2024", "2024-13-01", "gisteren", "2024-1-5"])
def test_bad_date_is_located(make_project, value):
    result = make_project(vignettes={"alpha.md": with_front_matter(ALPHA, f"published: {value}\n")}).build()
    assert not result.ok
    assert "vignettes/alpha.md:2:12: bad-date:" in result.log


# ------------------------------------------------------------------ without usable history

def test_no_git_warns_once_and_never_uses_today(make_project):
    project = make_project(repository=False, extra_config={"site_url": "https://example.org/"})
    strict = project.build()
    assert not strict.ok  # the warning is fatal under --strict: a tarball build must say it
    warnings = [line for line in strict.log.splitlines() if line.startswith("WARNING") and "tbvsite" in line]
    assert len(warnings) == 1, strict.log
    assert "3 of 3 vignettes have no publication date" in warnings[0]
    assert "not in a git repository" in warnings[0] and "fetch-depth: 0" in strict.log

    loose = project.build(strict=False)
    assert loose.ok, loose.log
    for slug in ("alpha", "beta", "gamma"):
        meta = meta_of(loose, slug)
        assert "citation_publication_date" not in meta
        page = loose.page(f"vignetten/{slug}/index.html")
        files = [page, loose.page(f"data/cite/{slug}.bib"), loose.page(f"data/cite/{slug}.ris")]
        assert "(z.d.)" in page and "nog geen verschijningsdatum" in page
        for today in today_strings():
            assert not any(today in text for text in files), (slug, today)
    sitemap = loose.page("sitemap.xml")  # no <lastmod> of today for an undated vignette
    assert "https://example.org/vignetten/alpha/</loc>" in sitemap
    assert not re.search(r"vignetten/alpha/</loc>\s*<lastmod>", sitemap)


def test_front_matter_dates_make_a_build_without_git_clean(make_project):
    dated = {p.name: with_front_matter(p.read_text(encoding="utf-8"), "published: 2023-09-01\n")
             for p in sorted(FIXTURES.glob("*.md"))}
    result = make_project(vignettes=dated, repository=False).build()
    assert result.ok, result.log
    assert "WARNING" not in result.log
    assert meta_of(result, "gamma")["citation_publication_date"] == "2023/09/01"


def test_shallow_clone_is_not_trusted(make_project, tmp_path):
    project = make_project()
    project.write("vignettes/alpha.md", ALPHA + "\nLater.\n")
    project.commit("Later", when="2025-01-01T00:00:00+00:00")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{project.root}", str(clone))
    found = history.read_history(clone / "vignettes")
    assert found.status == "shallow" and not found.commits
    # Its one commit would otherwise date every file 2025-01-01: no git date is used at all.
    strict = Project(clone).build()
    assert not strict.ok and "shallow clone" in strict.log
    loose = Project(clone).build(strict=False)
    assert loose.ok, loose.log
    assert "citation_publication_date" not in meta_of(loose, "beta")


def test_uncommitted_case_is_undated_without_a_warning(make_project, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.tbvsite")
    project = make_project()
    project.write("vignettes/delta.md", ALPHA.replace("title: ", "title: Delta ", 1))
    result = project.build()
    assert result.ok, result.log  # a case being written does not stop 'mkdocs serve --strict'
    assert "WARNING" not in result.log
    assert "not yet committed, so not yet dated: delta" in caplog.text
    assert "citation_publication_date" not in meta_of(result, "delta")
    assert "nog onbekend" in result.page("vignetten/delta/index.html")


# ------------------------------------------------------------------ one pass

def test_one_git_log_for_any_number_of_files(tmp_path, monkeypatch):
    folder = tmp_path / "vignettes"
    folder.mkdir()
    git(tmp_path, "init", "-q")
    for i in range(60):
        (folder / f"case-{i}.md").write_text(f"{i}\n", encoding="utf-8")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "Sixty cases", when="2023-03-03T10:00:00+00:00")
    (folder / "case-7.md").write_text("changed\n", encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "Case 7 changed", when="2023-04-04T10:00:00+00:00")
    calls = []
    real_run = subprocess.run

    def counting(args, **kwargs):
        calls.append(args)
        return real_run(args, **kwargs)

    monkeypatch.setattr(history.subprocess, "run", counting)
    found = history.read_history(folder)
    assert len(calls) == 2, calls  # rev-parse and one log, whatever the number of files
    assert found.status == "git" and len(found.commits) == 60
    assert [c.date.isoformat() for c in found.commits["case-7.md"]] == ["2023-04-04", "2023-03-03"]
    assert found.commits["case-7.md"][0].subject == "Case 7 changed"
    assert found.prefix == "vignettes/"
