"""The contributor's path: a new case shows up everywhere, check sees the notes, make wraps the commands."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tbvsite import cli
from tbvsite.emit.lists import fill

from helpers import FIXTURES, fixture_index

ROOT = Path(__file__).resolve().parents[1]


def case(slug: str, title: str, order: int) -> str:
    return (f"---\ntitle: {title}\nsummary: Samenvatting.\nform: reflectie\norder: {order}\nsource:\n  - ref: heederik-werken\n    section: Sectie\n"
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
    (["new", "SLUG=tweede-casus", "SOURCE=heederik-werken"], '${SOURCE:+--source "$SOURCE"}'),
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


# ------------------------------------------------------------------ the how-to page

def _section(page: str, heading: str) -> str:
    start = page.index(f"\n## {heading}\n")
    end = page.find("\n## ", start + 1)
    return page[start:end if end != -1 else len(page)]


def test_term_examples_cover_every_facet_and_load(tmp_path):
    """Each facet has a YAML example on 'Een casus toevoegen' that the real taxonomy accepts."""
    import yaml

    from tbvsite.vocabulary import load_vocabulary

    page = (ROOT / "docs/casus-toevoegen.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", _section(page, "Een term toevoegen"), re.S)
    taxonomy = yaml.safe_load((ROOT / "vignettes/taxonomy.yml").read_text(encoding="utf-8"))
    covered, examples = set(), []
    for block in blocks:
        for facet_id, facet in yaml.safe_load(block)["facets"].items():
            for term_id, term in facet["terms"].items():
                assert term_id not in taxonomy["facets"][facet_id]["terms"]
                taxonomy["facets"][facet_id]["terms"][term_id] = term
                covered.add(facet_id)
                examples.append((facet_id, term_id))
    assert covered == set(taxonomy["facets"])
    path = tmp_path / "taxonomy.yml"
    path.write_text(yaml.safe_dump(taxonomy, allow_unicode=True, sort_keys=False), encoding="utf-8")
    vocabulary, problems = load_vocabulary(path, "taxonomy.yml")
    assert problems == [] and vocabulary is not None
    # each example carries its facet's required attributes: without one, the taxonomy is refused
    for facet_id, term_id in examples:
        for attribute in (a for a in vocabulary.facets[facet_id].attributes if a.required):
            broken = yaml.safe_load(path.read_text(encoding="utf-8"))
            del broken["facets"][facet_id]["terms"][term_id][attribute.id]
            path.write_text(yaml.safe_dump(broken, allow_unicode=True, sort_keys=False), encoding="utf-8")
            _, problems = load_vocabulary(path, "taxonomy.yml")
            assert [p.code for p in problems] == ["missing-key"], (facet_id, attribute.id)
            path.write_text(yaml.safe_dump(taxonomy, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_the_rules_table_has_the_real_numbers():
    from tbvsite.rules import load_rules

    rules, _ = load_rules(ROOT / "vignettes/rules.yml", "vignettes/rules.yml")
    page = (ROOT / "docs/casus-toevoegen.md").read_text(encoding="utf-8")
    for rule in rules.rules:
        row = next(line for line in page.splitlines() if line.startswith(f"| `{rule.name}` |"))
        expected = (f"{rule.min} tot {rule.max}" if rule.min is not None and rule.max is not None
                    else f"minstens {rule.min}" if rule.min is not None else f"hoogstens {rule.max}")
        assert row.rstrip(" |").endswith(expected), row


def test_a_new_case_that_breaks_the_rules_gets_located_warnings(tmp_path, capsys):
    """'tbvsite new' on the real vocabulary and rules, filled in as a hurried researcher would."""
    root = tmp_path / "project"
    (root / "vignettes").mkdir(parents=True)
    for name in ("taxonomy.yml", "rules.yml", "sources.yml"):
        (root / "vignettes" / name).write_text((ROOT / "vignettes" / name).read_text(encoding="utf-8"),
                                               encoding="utf-8")
    assert cli.run(["--root", str(root), "new", "nieuw", "--title", "Nieuw"]) == 0
    path = root / "vignettes/nieuw.md"
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^# redactieregel: 4 tot 6 \(vignettes/rules.yml\)\nquestions:\n  -$", text, re.M)
    assert re.search(r"^# redactieregel: 2 tot 3 \(vignettes/rules.yml\)\nobjectives:\n  -$", text, re.M)
    text = re.sub(r"^summary:$", "summary: Een nieuwe casus.", text, flags=re.M)
    text = re.sub(r"^form:$", "form: reflectie", text, flags=re.M)
    text = re.sub(r"^  - ref:$", "  - ref: heederik-werken", text, flags=re.M)
    text = re.sub(r"^  -$", "  - Wat zou jij doen?", text, flags=re.M)
    for facet in ("actors", "logics", "strategies", "concepts"):
        text = text.replace(f"\n{facet}: []\n", f"\n{facet}: [{_first_term(facet)}]\n")
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    code, out = check(root, capsys)
    assert code == 0
    lines = text.split("\n")
    found = re.findall(r"^vignettes/nieuw\.md:(\d+):(\d+): (rule-[a-z-]+) \(warning\): ", out, re.M)
    codes = [c for _, _, c in found]
    assert codes == ["rule-objectives", "rule-questions", "rule-positions", "rule-body-words"], out
    for line, column, code in found:
        key = code.removeprefix("rule-")
        if key in ("objectives", "questions"):
            assert lines[int(line) - 1] == f"{key}:"
        elif key == "positions":
            assert lines[int(line) - 1] == "---"  # missing: add it above the closing fence
        else:
            assert lines[int(line) - 2] == "---"  # the body starts after the front matter


def _first_term(facet: str) -> str:
    import yaml

    return next(iter(yaml.safe_load((ROOT / "vignettes/taxonomy.yml").read_text(encoding="utf-8"))
                     ["facets"][facet]["terms"]))


def test_the_guide_shows_the_real_rule_messages(tmp_path, capsys):
    """The example output under 'De redactieregels' is what check prints for the case described there."""
    page = (ROOT / "docs/casus-toevoegen.md").read_text(encoding="utf-8")
    shown = re.search(r"```text\n(.*?)```", _section(page, "De redactieregels"), re.S).group(1)
    root = tmp_path / "project"
    (root / "vignettes/teaching-notes").mkdir(parents=True)
    for name in ("taxonomy.yml", "rules.yml", "sources.yml"):
        (root / "vignettes" / name).write_text((ROOT / "vignettes" / name).read_text(encoding="utf-8"),
                                               encoding="utf-8")
    assert cli.run(["--root", str(root), "new", "tweede-bewonersavond", "--title", "De tweede bewonersavond"]) == 0
    path = root / "vignettes/tweede-bewonersavond.md"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^summary:$", "summary: Het team organiseert een tweede avond met bewoners.", text, flags=re.M)
    text = re.sub(r"^form:$", "form: reflectie", text, flags=re.M)
    text = re.sub(r"^  - ref:$", "  - ref: heederik-werken", text, flags=re.M)
    for facet, ids in {"actors": "tbv, bewoners", "logics": "buurtgestuurde-samenwerking",
                       "strategies": "heldere-communicatie", "concepts": "tussenpositie"}.items():
        text = text.replace(f"\n{facet}: []\n", f"\n{facet}: [{ids}]\n")
    text = re.sub(r"^objectives:\n  -$", "objectives:\n  - Begrijpen waarom een tweede avond nodig was.", text,
                  flags=re.M)
    text = re.sub(r"^questions:\n  -$", "questions:\n  - Wat zou jij als teamlid doen? Waarom wel of niet?\n"
                  "    - Welke partij heeft hier de meeste invloed?", text, flags=re.M)
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    code, out = check(root, capsys)
    assert code == 0
    if os.environ.get("UPDATE_GOLDEN") and out != shown:  # after a change of the messages: review the diff
        guide = ROOT / "docs/casus-toevoegen.md"
        section = _section(page, "De redactieregels")
        guide.write_text(page.replace(section, section.replace(shown, out, 1), 1), encoding="utf-8")
        shown = out

    # The skeleton's comments list the archive's source ids, so its line numbers move as sources.yml
    # grows: the guide's example is compared without the new file's line and column.
    def unlocated(text: str) -> str:
        return re.sub(r"(vignettes/tweede-bewonersavond\.md):\d+:\d+:", r"\1:", text)

    assert unlocated(out) == unlocated(shown)
