"""Two editions from one source: the student site never reads the teaching notes.

A unique string planted in a note must be in no file of the student build
(pages, search index, sitemap, data, 404) and on that vignette's page of the
instructor build. Notes that belong to no vignette, or vignettes without a
note, stop the instructor build with a located problem.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from helpers import fixture_index
from tbvsite import notes as notes_module
from tbvsite.emit import Context, emit
from tbvsite.emit.handout import URI as HANDOUT_URI
from tbvsite.emit.teaching import demote_headings, render_note
from tbvsite.loader import discover

NOTES = "vignettes/teaching-notes"


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site, gzip files unpacked."""
    out = {}
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            out[path.relative_to(site).as_posix()] = gzip.decompress(data) if path.suffix == ".gz" else data
    return out


def build(config_file: Path):
    """Build one config in-process; (ok, log, error) without raising."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    records: list[str] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = lambda record: records.append(f"{record.levelname}: {record.getMessage()}")
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        mkdocs_build(load_config(str(config_file), strict=True))
        return True, "\n".join(records), ""
    except (MkDocsException, Abort, SystemExit) as exc:
        return False, "\n".join(records), str(exc)
    finally:
        logger.removeHandler(handler)


def instructor_config(project, notes: str, name: str = "mkdocs.instructor.yml") -> Path:
    plugins = [p if p != "tbvsite" else {"tbvsite": {"teaching_notes": notes}} for p in project.config["plugins"]]
    return project.write(name, yaml.safe_dump({"INHERIT": "mkdocs.yml", "site_dir": "site-instructor",
                                               "plugins": plugins}, allow_unicode=True, sort_keys=False))


def write_notes(project, token: str, folder: str = NOTES, slugs=("alpha", "beta", "gamma")) -> None:
    for slug in slugs:
        text = f"## Leerdoelen\n\nNotitie bij {slug}.\n"
        if slug == "alpha":
            text += f"\n## Valkuilen\n\nHet geheime woord is {token}.\n"
        project.write(f"{folder}/{slug}.md", text)


@pytest.fixture
def token() -> str:
    return "geheim" + uuid.uuid4().hex


# ------------------------------------------------------------------ planted string

def test_planted_note_string_only_in_instructor_edition(make_project, token):
    project = make_project(extra_config={"site_url": "https://example.org/tbv/"})
    write_notes(project, token)

    student = project.build()
    assert student.ok, student.log
    assert "stray-file" not in student.log  # the notes folder is not mistaken for vignettes
    files = site_files(student.site)
    for must in ["index.html", "404.html", "search/search_index.json", "sitemap.xml", "sitemap.xml.gz",
                 "data/vignettes.json", "data/cite/alpha.bib", "vignetten/alpha/index.html"]:
        assert must in files, must
    for name, data in files.items():
        assert token.encode() not in data, name
        assert b"Notitie bij" not in data, name
        assert b"tbv-teaching-note" not in data, name

    ok, log, error = build(instructor_config(project, NOTES))
    assert ok, log + error
    site = project.root / "site-instructor"
    found = sorted(n for n, d in site_files(site).items() if token.encode() in d)
    assert found == ["search/search_index.json", "vignetten/alpha/index.html"]
    page = (site / "vignetten/alpha/index.html").read_text(encoding="utf-8")
    section = re.search(r'<section[^>]*class="tbv-teaching-note"[^>]*>(.*?)</section>', page, re.S)
    assert section and token in section.group(1)
    assert 'id="docentenhandleiding"' in section.group(1)
    assert "Notitie bij beta." in (site / "vignetten/beta/index.html").read_text(encoding="utf-8")
    # The edition is marked on every page, and asks not to be indexed.
    for name in ["index.html", "vignetten/alpha/index.html", "actoren/anna/index.html"]:
        html = (site / name).read_text(encoding="utf-8")
        assert 'data-tbv-edition="docenten"' in html, name
        assert '<meta name="robots" content="noindex, nofollow">' in html, name
    student_index = (student.site / "index.html").read_text(encoding="utf-8")
    assert "data-tbv-edition" not in student_index and "noindex" not in student_index
    # Search covers the note in the instructor edition.
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert any(token in doc["text"] and doc["location"].startswith("vignetten/alpha/") for doc in index["docs"])


def test_student_build_never_opens_a_note(make_project, token, monkeypatch):
    project = make_project()
    write_notes(project, token)
    from tbvsite import textfile

    opened: list[str] = []
    real = textfile.read_text

    def spy(path, shown):
        opened.append(Path(path).resolve().as_posix())
        return real(path, shown)

    def refuse(*args, **kwargs):
        raise AssertionError("the student edition loaded teaching notes")

    monkeypatch.setattr(textfile, "read_text", spy)
    monkeypatch.setattr("tbvsite.loader.read_text", spy)
    monkeypatch.setattr(notes_module, "read_text", spy)
    monkeypatch.setattr(notes_module, "load_notes", refuse)
    result = project.build()
    assert result.ok, result.log
    assert opened, "the spy saw no vignette being read"
    notes_folder = (project.root / NOTES).resolve().as_posix()
    assert not [p for p in opened if p.startswith(notes_folder)]


def test_notes_outside_the_repository(make_project, token, tmp_path):
    project = make_project()
    private = tmp_path / "private-checkout" / "notes"
    for slug in ("alpha", "beta", "gamma"):
        private.mkdir(parents=True, exist_ok=True)
        (private / f"{slug}.md").write_text(f"## Plan\n\n{token} {slug}\n", encoding="utf-8")
    ok, log, error = build(instructor_config(project, str(private)))  # absolute
    assert ok, log + error
    assert f"{token} alpha" in (project.root / "site-instructor/vignetten/alpha/index.html").read_text(encoding="utf-8")
    ok, log, error = build(instructor_config(project, "../private-checkout/notes", "relative.yml"))
    assert ok, log + error


@pytest.mark.parametrize("files, code, path", [
    ({"alpha": 1, "beta": 1, "gamma": 1, "delta": 1}, "note-unknown-vignette", f"{NOTES}/delta.md"),
    ({"alpha": 1, "beta": 1}, "note-missing", f"{NOTES}/gamma.md"),
    ({"alpha": 1, "beta": 1, "gamma": 0}, "note-empty", f"{NOTES}/gamma.md"),
])
def test_note_problems_stop_the_instructor_build(make_project, files, code, path):
    project = make_project()
    for slug, filled in files.items():
        project.write(f"{NOTES}/{slug}.md", "## Plan\n\nTekst.\n" if filled else "\n")
    ok, log, error = build(instructor_config(project, NOTES))
    assert not ok
    assert re.search(rf"^ERROR: {re.escape(path)}(:\d+:\d+)?: {code}: ", log, re.M), log
    assert project.build().ok  # the student edition does not care


def test_missing_notes_folder_is_located(make_project):
    project = make_project()
    ok, log, error = build(instructor_config(project, "nergens"))
    assert not ok
    assert re.search(r"^ERROR: nergens: no-notes-folder: ", log, re.M), log


def test_discover_skips_the_notes_folder(tmp_path):
    folder = tmp_path / "vignettes"
    (folder / "teaching-notes").mkdir(parents=True)
    (folder / "a.md").write_text("x", encoding="utf-8")
    (folder / "teaching-notes" / "a.md").write_text("y", encoding="utf-8")
    paths, problems = discover(folder, ignore=(folder / notes_module.DEFAULT_FOLDER,))
    assert [p.name for p in paths] == ["a.md"] and problems == []


# ------------------------------------------------------------------ pure functions

@pytest.mark.parametrize("text, top, expected", [
    ("## A\n\n### B", 3, "### A\n\n#### B"),
    ("# A\n## B", 3, "### A\n#### B"),
    ("#### A", 3, "#### A"),
    ("```\n# not a heading\n```\n## A", 3, "```\n# not a heading\n```\n### A"),
    ("#hashtag\n## A", 3, "#hashtag\n### A"),
    ("##### A\n# B", 3, "###### A\n### B"),
])
def test_demote_headings(text, top, expected):
    assert demote_headings(text, top) == expected


def test_note_is_marked_and_nested():
    out = render_note("## Leerdoelen\n\nIets.")
    assert 'class="tbv-teaching-note"' in out
    assert "## Docentenhandleiding {#docentenhandleiding}" in out
    assert "### Leerdoelen" in out and "\n## Leerdoelen" not in out


def test_emit_shows_notes_only_when_given(tmp_path):
    index = fixture_index(tmp_path)
    student = emit(index, Context(site_name="T"))
    instructor = emit(index, Context(site_name="T", notes={"alpha": "## Plan\n\nZEGEL"}))
    assert not any("ZEGEL" in c for c in student.values() if isinstance(c, str))
    assert [u for u, c in instructor.items() if isinstance(c, str) and "ZEGEL" in c] == ["vignetten/alpha.md"]
    assert HANDOUT_URI in student


def test_load_notes_table(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.md").write_text("## x\n", encoding="utf-8")
    (folder / "b.txt").write_text("x", encoding="utf-8")
    (folder / "c.md").write_text("## x\n", encoding="utf-8")
    (folder / ".hidden.md").write_text("x", encoding="utf-8")
    found, problems = notes_module.load_notes(folder, ["a", "b"], shown_root=tmp_path)
    assert found == {"a": "## x\n"}
    assert [(p.path, p.code) for p in problems] == [
        ("notes/b.md", "note-missing"), ("notes/b.txt", "stray-note"), ("notes/c.md", "note-unknown-vignette")]


# ------------------------------------------------------------------ the repository's own editions

def test_instructor_config_differs_only_in_notes():
    from mkdocs.utils import yaml_load  # MkDocs' own reading: !ENV resolved, INHERIT left as written

    student = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    instructor = yaml_load((ROOT / "mkdocs.instructor.yml").read_text(encoding="utf-8"))
    assert instructor["INHERIT"] == "mkdocs.yml"
    assert instructor["site_dir"] not in ("site", student.get("site_dir", "site"))
    options = {next(iter(p)) if isinstance(p, dict) else p: (next(iter(p.values())) if isinstance(p, dict) else {})
               for p in instructor["plugins"]}
    assert options["tbvsite"].pop("teaching_notes") == NOTES
    assert instructor["plugins"] == student["plugins"], "repeat mkdocs.yml's plugin list (INHERIT replaces lists)"
    assert not any(isinstance(p, dict) and "tbvsite" in p and p["tbvsite"].get("teaching_notes")
                   for p in student["plugins"])


@pytest.mark.parametrize("offline, base", [("mkdocs.offline.yml", "mkdocs.yml"),
                                           ("mkdocs.instructor.offline.yml", "mkdocs.instructor.yml")])
def test_offline_config_differs_only_by_the_offline_plugin(offline, base):
    """An offline config repeats its base's plugin list (INHERIT replaces lists) and adds Material's offline."""
    from mkdocs.utils import yaml_load  # MkDocs' own reading: !ENV resolved, INHERIT left as written

    config = yaml_load((ROOT / offline).read_text(encoding="utf-8"))
    parent = yaml_load((ROOT / base).read_text(encoding="utf-8"))
    assert config["INHERIT"] == base
    sites = {yaml_load(p.read_text(encoding="utf-8")).get("site_dir", "site") for p in ROOT.glob("mkdocs*.yml")
             if p.name != offline}
    assert config["site_dir"] not in sites, "each edition builds into a folder of its own"
    names = [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    assert names.count("offline") == 1 and "offline" not in str(parent["plugins"])
    assert [p for p in config["plugins"] if p != "offline"] == parent["plugins"], \
        f"repeat {base}'s plugin list (INHERIT replaces lists)"
    assert set(config) == {"INHERIT", "site_dir", "plugins"}, "everything else comes from " + base


def test_every_real_vignette_has_a_note():
    slugs = sorted(p.stem for p in (ROOT / "vignettes").glob("*.md"))
    assert slugs
    found, problems = notes_module.load_notes(ROOT / NOTES, slugs, shown_root=ROOT)
    assert problems == [] and sorted(found) == slugs


def test_real_editions_keep_the_notes_apart(real_site, tmp_path):
    """Every sentence of the real notes, as the instructor site shows it, is absent from the student site."""
    out = tmp_path / "instructor"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.instructor.yml",
                             "-d", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-5000:]
    sentences = set()
    for page in sorted((out / "vignetten").glob("*/index.html")):
        html = page.read_text(encoding="utf-8")
        section = re.search(r'<section[^>]*class="tbv-teaching-note"[^>]*>(.*?)</section>', html, re.S)
        if section is None:
            continue
        text = re.sub(r"<[^>]+>", " ", section.group(1))
        sentences |= {s.strip() for s in re.split(r"(?<=[.?!:])\s+", " ".join(text.split())) if len(s) > 60}
    slugs = [p.stem for p in (ROOT / "vignettes").glob("*.md")]
    assert len(sentences) > 20 * len(slugs) // 4, "the notes should show on the instructor pages"
    student = {name: data.decode("utf-8", "replace") for name, data in site_files(real_site).items()
               if name.endswith((".html", ".json", ".xml", ".csv", ".bib", ".ris", ".js"))}
    leaks = [(name, s) for s in sentences for name, text in student.items() if s in text]
    assert leaks == []
