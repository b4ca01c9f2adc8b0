"""The contributor's path: a new case shows up everywhere, check sees the notes, make wraps the commands."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tbvsite import cli
from tbvsite.emit.lists import fill

from helpers import FIXTURES, fixture_index

ROOT = Path(__file__).resolve().parents[1]


def case(slug: str, title: str, order: int) -> str:
    return (f"---\ntitle: {title}\nsummary: Samenvatting.\norder: {order}\nsource:\n  - section: Sectie\n"
            f"actors: [anna]\nstrategies: [meebewegen]\nquestions:\n  - Wat zou jij doen?\n---\n\nTekst.\n")


# ------------------------------------------------------------------ generated lists

FIVE = {f"{slug}.md": case(slug, title, n) for n, (slug, title) in enumerate([
    ("een", "Eerste Patrijs"), ("twee", "Tweede Kievit"), ("drie", "Derde Zwaluw"),
    ("vier", "Vierde Merel"), ("vijf", "Vijfde Grutto")], 1)}
HOME = "# Start\n\nTekst.\n\n## De vignetten\n\n<!-- tbvsite:vignetten -->\n\nNa de lijst.\n"


def test_home_page_lists_every_case_of_an_archive_of_five(make_project):
    project = make_project(vignettes=FIVE, docs={"index.md": HOME, "over/pagina.md": HOME})
    result = project.build()
    assert result.ok, result.log
    for page, prefix in (("index.html", "vignetten/"), ("over/pagina/index.html", "../../vignetten/")):
        html = result.page(page)
        items = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', html)
        assert items == [(f"{prefix}{slug}/", title) for slug, title in [
            ("een", "Eerste Patrijs"), ("twee", "Tweede Kievit"), ("drie", "Derde Zwaluw"),
            ("vier", "Vierde Merel"), ("vijf", "Vijfde Grutto")]], page
        assert "tbvsite:vignetten" not in html and "Na de lijst." in html


@pytest.mark.parametrize("markdown, expected_lines", [
    ("<!-- tbvsite:vignetten -->", 3),
    ("<!--tbvsite:vignetten-->  \n\ntekst", 3),
    ("Zonder plaatshouder.", 0),
    ("`<!-- tbvsite:vignetten -->` in een zin", 0),
])
def test_fill_replaces_only_a_placeholder_line(tmp_path, markdown, expected_lines):
    index = fixture_index(tmp_path)
    out = fill(markdown, index, "index.md")
    assert len(re.findall(r"^\d+\. \[", out, re.M)) == expected_lines
    assert ("tbvsite:vignetten" in out) == (expected_lines == 0 and "tbvsite" in markdown)


def test_the_real_home_page_has_no_hand_written_list():
    home = (ROOT / "docs/index.md").read_text(encoding="utf-8")
    assert "<!-- tbvsite:vignetten -->" in home
    for slug in (p.stem for p in (ROOT / "vignettes").glob("*.md")):
        assert f"(vignetten/{slug}.md)" not in home, f"docs/index.md links {slug} by hand"


# ------------------------------------------------------------------ teaching notes in check

@pytest.fixture
def archive(tmp_path) -> Path:
    root = tmp_path / "project"
    (root / "vignettes").mkdir(parents=True)
    for p in FIXTURES.iterdir():
        if p.suffix in (".md", ".yml"):
            (root / "vignettes" / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    return root


def check(root: Path, capsys, *args: str) -> tuple[int, str]:
    code = cli.run(["--root", str(root), "check", *args])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("notes, code, expected", [
    ({"alpha": "## Plan\n", "beta": "## Plan\n", "gamma": "## Plan\n"}, 0, []),
    ({"alpha": "## Plan\n", "beta": "## Plan\n"}, 0,
     ["vignettes/teaching-notes/gamma.md: note-missing (warning): the vignette 'gamma' has no teaching note"]),
    ({"alpha": "## Plan\n", "beta": "## Plan\n", "gamma": "\n"}, 1,
     ["vignettes/teaching-notes/gamma.md:1:1: note-empty: the teaching note is empty"]),
    ({"alpha": "## Plan\n", "beta": "## Plan\n", "gamma": "## Plan\n", "delta": "## Plan\n"}, 1,
     ["vignettes/teaching-notes/delta.md: note-unknown-vignette: there is no vignette 'delta' for this teaching note"]),
])
def test_check_reports_the_teaching_notes(archive, capsys, notes, code, expected):
    for slug, text in notes.items():
        path = archive / "vignettes/teaching-notes" / f"{slug}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    status, out = check(archive, capsys)
    assert status == code
    assert [line for line in out.splitlines() if line.startswith("vignettes/")] == expected


def test_without_a_notes_folder_check_is_silent_about_notes(archive, capsys):
    assert check(archive, capsys) == (0, "no problems\n")


def test_check_notes_elsewhere_and_a_missing_folder(archive, capsys, tmp_path):
    elsewhere = tmp_path / "private-notes"
    elsewhere.mkdir()
    (elsewhere / "alpha.md").write_text("## Plan\n", encoding="utf-8")
    status, out = check(archive, capsys, "--notes", str(elsewhere))
    assert status == 0 and out.count("note-missing (warning)") == 2
    assert cli.run(["--root", str(archive), "check", "--notes", "nergens"]) == 2


def test_check_lists_what_the_instructor_build_reports(make_project, capsys):
    """The instructor build's advice ('run tbvsite check for the same list') holds: same messages."""
    import yaml

    project = make_project()
    project.write("vignettes/teaching-notes/alpha.md", "## Plan\n")
    project.write("vignettes/teaching-notes/delta.md", "## Plan\n")
    plugins = [p if p != "tbvsite" else {"tbvsite": {"teaching_notes": "vignettes/teaching-notes"}}
               for p in project.config["plugins"]]
    project.write("mkdocs.yml", yaml.safe_dump({**project.config, "plugins": plugins}, allow_unicode=True))
    built = project.build()
    assert not built.ok
    assert "run 'tbvsite check' for the same list" in built.log
    logged = sorted(re.sub(r"^(ERROR|WARNING): ", "", line) for line in built.log.splitlines()
                    if re.match(r"^(ERROR|WARNING): vignettes/", line))
    _, out = check(project.root, capsys)
    listed = sorted(line.replace(" (warning):", ":") for line in out.splitlines() if line.startswith("vignettes/"))
    assert logged == listed and len(listed) == 3  # beta and gamma missing, delta unknown


# ------------------------------------------------------------------ make

@pytest.mark.parametrize("args, expected", [
    (["check"], ".venv/bin/tbvsite check"),
    (["new", "SLUG=tweede-casus", "TITLE=De tweede casus"], '.venv/bin/tbvsite new "$SLUG" --title "$TITLE"'),
])
def test_make_wraps_the_commands(args, expected):
    out = subprocess.run(["make", "-n", "-W", "pyproject.toml", "-o", ".venv/.installed", *args], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert expected in out.stdout


def test_the_advice_names_a_notes_folder_elsewhere(make_project, capsys, tmp_path):
    import yaml

    project = make_project()
    private = tmp_path / "private"
    (private / "alpha.md").parent.mkdir()
    (private / "alpha.md").write_text("## Plan\n", encoding="utf-8")
    plugins = [p if p != "tbvsite" else {"tbvsite": {"teaching_notes": str(private)}} for p in project.config["plugins"]]
    project.write("mkdocs.yml", yaml.safe_dump({**project.config, "plugins": plugins}, allow_unicode=True))
    built = project.build()
    command = re.search(r"run '(tbvsite check[^']*)' for the same list", built.log)
    assert not built.ok and command, built.log
    args = command.group(1).split()[2:]
    assert args == ["--notes", private.as_posix()]
    status, out = check(project.root, capsys, *args)
    assert status == 0 and out.count("note-missing (warning)") == 2
