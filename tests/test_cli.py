"""The ``tbvsite`` command: new, check, export, schema; exit codes and outputs."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from tbvsite import cli
from tbvsite.fields import fields_for

from helpers import FIXTURES, fixture_vocabulary

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    (root / "vignettes").mkdir(parents=True)
    for p in FIXTURES.iterdir():
        if p.suffix in (".md", ".yml"):
            shutil.copy(p, root / "vignettes" / p.name)
    return root


def run(root: Path, *args: str) -> int:
    return cli.run(["--root", str(root), *args])


def fill(text: str, facets: dict[str, str]) -> str:
    """Fill the placeholders of a ``tbvsite new`` file as a researcher would."""
    text = re.sub(r"^summary:$", "summary: Een nieuwe casus.", text, flags=re.M)
    text = re.sub(r"^  - ref:$", "  - ref: heederik-werken", text, flags=re.M)
    text = re.sub(r"^  -$", "  - Wat zou jij doen?", text, flags=re.M)
    text = re.sub(r"^form:$", "form: reflectie", text, flags=re.M)
    for facet, ids in facets.items():
        text = text.replace(f"\n{facet}: []\n", f"\n{facet}: [{ids}]\n")
    return text


# -- new --------------------------------------------------------------------

@pytest.mark.parametrize("form", ["beslissing", "reflectie"])
def test_new_with_a_form_writes_the_contract_headings(project, capsys, form):
    assert run(project, "new", "delta", "--form", form, "--title", "Delta") == 0
    text = (project / "vignettes/delta.md").read_text(encoding="utf-8")
    assert re.search(rf"^form: {form}$", text, flags=re.M)
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    expected = ["De scène", "Het dilemma"] + (["Hoe het afliep"] if form == "beslissing" else []) + ["Analyse"]
    assert headings == expected
    filled = fill(text, {"actors": "anna", "strategies": "meebewegen, brief", "chosen": "brief"})
    (project / "vignettes/delta.md").write_text(filled, encoding="utf-8")
    capsys.readouterr()
    assert run(project, "check") == 0, capsys.readouterr().out


def test_new_writes_every_key_and_the_ids_and_refuses_until_filled(project, capsys):
    assert run(project, "new", "delta", "--title", 'Casus #5: "de brief"') == 0
    text = (project / "vignettes/delta.md").read_text(encoding="utf-8")
    vocabulary = fixture_vocabulary()
    for field in fields_for(vocabulary):
        assert re.search(rf"^(# )?{field.key}:", text, flags=re.M), field.key
        assert re.search(rf"^# {field.key} \((verplicht|optioneel)\): ", text, flags=re.M), field.key
    for facet in vocabulary.facets.values():
        for term_id in facet.terms:
            assert re.search(rf"^# ids: .*\b{term_id}\b", text, flags=re.M), term_id
    capsys.readouterr()
    # Unfilled, it is refused at every placeholder; the title, with ': ', '#' and quotes, is not.
    assert run(project, "check", "--format", "json", str(project / "vignettes/delta.md")) == 1
    codes = {p["code"] for p in json.loads(capsys.readouterr().out)}
    assert codes == {"empty-value", "empty-list"}
    filled = fill(text, {"actors": "anna", "strategies": "brief"})
    (project / "vignettes/delta.md").write_text(filled, encoding="utf-8")
    assert run(project, "check") == 0, capsys.readouterr().out
    from tbvsite.loader import load_vignette
    vignette, _ = load_vignette(project / "vignettes/delta.md", vocabulary, fields_for(vocabulary), "d")
    assert vignette.title == 'Casus #5: "de brief"'


def test_new_with_the_real_taxonomy_passes_check_once_filled(tmp_path, capsys):
    root = tmp_path / "real"
    (root / "vignettes").mkdir(parents=True)
    shutil.copy(ROOT / "vignettes/taxonomy.yml", root / "vignettes/taxonomy.yml")
    shutil.copy(ROOT / "vignettes/sources.yml", root / "vignettes/sources.yml")
    assert run(root, "new", "nieuwe-casus") == 0
    from tbvsite.vocabulary import load_vocabulary
    vocabulary, _ = load_vocabulary(root / "vignettes/taxonomy.yml")
    text = (root / "vignettes/nieuwe-casus.md").read_text(encoding="utf-8")
    text = fill(text, {f.id: next(iter(f.terms)) for f in vocabulary.facets.values()})
    text = text.replace('title: \n', "").replace("\ntitle:\n", "\ntitle: Nieuwe casus\n")
    (root / "vignettes/nieuwe-casus.md").write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert run(root, "check") == 0, capsys.readouterr().out


@pytest.mark.parametrize("slug, code", [
    ("alpha", 1),            # exists: never overwritten
    ("Mijn_Casus", 2),       # not a slug
    ("mijn casus", 2),
    ("-begint-met-streep", 2),
    ("../buiten", 2),
])
def test_new_refuses_existing_or_malformed_slugs(project, capsys, slug, code):
    before = (project / "vignettes/alpha.md").read_bytes()
    assert run(project, "new", slug) == code
    assert capsys.readouterr().err.strip()
    assert (project / "vignettes/alpha.md").read_bytes() == before
    assert not (project / "buiten.md").exists()


# -- check --------------------------------------------------------------------

def test_check_exit_codes(project, capsys):
    assert run(project, "check") == 0
    assert capsys.readouterr().out.strip() == "no problems"
    assert run(project, "check", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == []
    assert run(project, "check", "--format", "xml") == 2
    assert run(project, "bestaat-niet") == 2
    assert cli.run(["--root", str(project / "nergens"), "check"]) == 2
    assert cli.run([]) == 2


def test_check_json_has_every_field(project, capsys):
    path = project / "vignettes/alpha.md"
    path.write_text(path.read_text(encoding="utf-8").replace("[anna, ben]", "[anna, bem]"), encoding="utf-8")
    assert run(project, "check", "--format", "json") == 1
    [problem] = json.loads(capsys.readouterr().out)
    assert problem == {"path": "vignettes/alpha.md", "line": 11, "column": 16, "code": "unknown-term",
                       "severity": "error", "message": problem["message"], "hint": "did you mean 'ben'?",
                       "location": ""}


def test_real_content_is_clean(capsys):
    assert cli.run(["--root", str(ROOT), "check"]) == 0, capsys.readouterr().out


def test_entry_point_exit_codes(project):
    def tbvsite(*args):
        return subprocess.run([sys.executable, "-c", "from tbvsite.cli import main; main()", "--root",
                               str(project), *args], capture_output=True, text=True, timeout=60)
    assert tbvsite("check").returncode == 0
    (project / "vignettes/alpha.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    broken = tbvsite("check")
    assert broken.returncode == 1 and "Traceback" not in broken.stdout + broken.stderr
    assert broken.stdout.startswith("vignettes/alpha.md:2:")
    assert tbvsite("check", "--format", "nope").returncode == 2


# -- export ---------------------------------------------------------------------

def test_export_json_and_csv(project, tmp_path, capsys):
    assert run(project, "export", "--format", "json") == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["slug"] for r in records] == ["alpha", "beta", "gamma"]
    assert records[0]["actors"] == ["anna", "ben"]
    out = tmp_path / "coding.csv"
    assert run(project, "export", "--format", "csv", "-o", str(out)) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    tags = [(r["slug"], r["facet"], r["term"]) for r in rows if r["kind"] == "tag"]
    assert ("alpha", "actors", "anna") in tags and ("beta", "strategies", "confronteren") in tags
    assert len(tags) == sum(len(r[f]) for r in records for f in ("actors", "strategies", "concepts"))
    positions = [(r["slug"], r["actor"], r["strategy"]) for r in rows if r["kind"] == "position"]
    assert ("alpha", "anna", "meebewegen") in positions and ("beta", "cor", "confronteren") in positions


def test_export_refuses_a_broken_archive(project, capsys):
    (project / "vignettes/alpha.md").write_text("geen front matter\n", encoding="utf-8")
    assert run(project, "export", "--format", "json") == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "vignettes/alpha.md:1:1: no-front-matter" in captured.err
    assert run(project, "export", "--format", "qdc") == 0  # the codebook needs only the taxonomy


def test_export_usage_errors(project, tmp_path):
    assert run(project, "export") == 2
    assert run(project, "export", "--format", "pdf") == 2
    assert run(project, "export", "--format", "csv", "-o", str(tmp_path / "nergens" / "x.csv")) == 2


# -- schema ---------------------------------------------------------------------

def test_schema_accepts_the_valid_vignettes_and_names_the_terms(project, capsys):
    assert run(project, "schema", "--id", "https://example.org/data/vignette.schema.json") == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$id"].endswith("data/vignette.schema.json")
    assert schema["properties"]["actors"]["items"]["enum"] == ["anna", "ben", "cor"]
    validator = jsonschema.Draft7Validator(schema)
    for path in sorted(FIXTURES.glob("*.md")):
        data = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        assert not list(validator.iter_errors(data)), path


@pytest.mark.parametrize("change, keyword", [
    (("actors", ["anna", "bem"]), "enum"),
    (("titel", "Alpha"), "additionalProperties"),
    (("actors", []), "minItems"),
    (("order", "eerste"), "type"),
])
def test_schema_refuses_what_check_refuses(project, capsys, change, keyword):
    run(project, "schema")
    validator = jsonschema.Draft7Validator(json.loads(capsys.readouterr().out))
    data = yaml.safe_load((FIXTURES / "alpha.md").read_text(encoding="utf-8").split("---\n")[1])
    data[change[0]] = change[1]
    assert keyword in {e.validator for e in validator.iter_errors(data)}


def test_schema_of_the_real_taxonomy_accepts_the_real_vignettes(capsys):
    assert cli.run(["--root", str(ROOT), "schema"]) == 0
    validator = jsonschema.Draft7Validator(json.loads(capsys.readouterr().out))
    for path in sorted((ROOT / "vignettes").glob("*.md")):
        data = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        assert not list(validator.iter_errors(data)), path


# -- the researchers' guide shows real messages -----------------------------------

GUIDE = ROOT / "docs" / "casus-toevoegen.md"
# (old, new) edits of the filled-in example file of the guide, one per mistake it shows.
GUIDE_MISTAKES = [
    ('title: "De tweede bewonersavond"', "title: De tweede bewonersavond: terug naar de wijk"),
    ('title: "De tweede bewonersavond"', "title: Bewonersavond #2"),
    ("summary: Bij", "samenvatting: Bij"),
    ("actors: [hannah, bewoners]", "actors: [hanah, bewoners]"),
    ("  - ref: heederik-werken", "  - ref: heederik-werk"),
    ("questions:\n  - Wat", "questions:\n\t- Wat"),
    ("actors: [hannah, bewoners]", "actors: [hannah, bewoners]\nactors: [jeroen]"),
    ("actors: [hannah, bewoners]", "actors: [hannah, bewoners]\npositions:\n  - actor: jeroen\n"
                                   "    strategy: eerst-terug-naar-bewoners"),
    ("Vertel hier de scène in je eigen woorden.", "Vertel hier de scène. <script>alert(1)</script>"),
    ("Vertel hier de scène in je eigen woorden.", '<p onclick="x()">Tekst</p>'),
    ("Vertel hier de scène in je eigen woorden.", "Zie [de brief](javascript:alert(1))."),
]


def _messages(root: Path, capsys) -> list[str]:
    """Each problem as 'code: message' and its hint, without the line and column."""
    cli.run(["--root", str(root), "check"])
    lines = capsys.readouterr().out.splitlines()[:-1]
    return [re.sub(r"^[^:]+:\d+:\d+: ", "", line) for line in lines]


def test_the_guide_shows_the_real_messages(tmp_path, capsys):
    guide = GUIDE.read_text(encoding="utf-8")
    root = tmp_path / "guide"
    (root / "vignettes").mkdir(parents=True)
    shutil.copy(ROOT / "vignettes/taxonomy.yml", root / "vignettes/taxonomy.yml")
    shutil.copy(ROOT / "vignettes/sources.yml", root / "vignettes/sources.yml")
    assert run(root, "new", "tweede-bewonersavond", "--title", "De tweede bewonersavond") == 0
    path = root / "vignettes/tweede-bewonersavond.md"
    shown = []
    for line in _messages(root, capsys)[:6]:  # the guide shows the first few of the unfilled file
        shown.append(line)
    text = path.read_text(encoding="utf-8")
    text = text.replace("summary:\n", "summary: Bij de tweede bewonersavond vraagt het team eerst wat bewoners "
                                      "zelf willen.\n")
    text = text.replace("  - ref:\n", "  - ref: heederik-werken\n")
    for facet, ids in {"actors": "hannah, bewoners", "logics": "buurtgestuurde-samenwerking",
                       "strategies": "eerst-terug-naar-bewoners", "concepts": "vertrouwen"}.items():
        text = text.replace(f"{facet}: []", f"{facet}: [{ids}]")
    text = text.replace("form:\n", "form: reflectie\n")
    good = text.replace("questions:\n  -\n", "questions:\n  - Wat verandert er als bewoners eerst aan het woord zijn?\n")
    path.write_text(good, encoding="utf-8")
    assert run(root, "check") == 0
    capsys.readouterr()
    for old, new in GUIDE_MISTAKES:
        assert old in good, old
        path.write_text(good.replace(old, new, 1), encoding="utf-8")
        shown += _messages(root, capsys)
    path.write_bytes(good.replace("summary: Bij de", "summary: Bij de één").encode("latin-1"))
    shown += _messages(root, capsys)
    assert len(shown) >= 25
    for line in shown:
        assert line.strip() in guide, f"the guide does not show this real message: {line}"
