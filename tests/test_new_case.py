"""A contribution as a new researcher makes it: a case resting on an interview of their own.

A clone of this repository gets a new source (an interview, with interviewer and consent note), a
vignette citing it with an author, its English translation and its teaching notes; everything is
committed, then `tbvsite check` and the strict builds (student and instructor) must pass and the
site must hold the case where the structure says. The structural tests of the suite are meant to
hold on such a clone as well (the lead runs `pytest -m "not browser"` there).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from serve_kit import VENV, clone, commit

SLUG = "straatgesprek"

SOURCE = """
  # A case of another researcher: an interview of their own (made-up test data).
  - id: interview-buurtwerker-2024
    type: interview
    title: Interview met een buurtwerker over de wijkschouw
    author:
      - literal: Buurtwerker B (pseudoniem)
    interviewer:
      - family: Vries
        given: Anna de
    issued: 2024-03-15
    medium: Audio-opname, niet openbaar
    tbv-consent:
      nl: Geïnformeerde toestemming schriftelijk vastgelegd; namen zijn gepseudonimiseerd.
      en: Informed consent recorded in writing; names are pseudonymised.
"""


def sentences(prefix: str, count: int) -> str:
    return " ".join(f"{prefix} {i} vertelt wat er op de wijkschouw gebeurde." for i in range(1, count + 1))


def english(prefix: str, count: int) -> str:
    return " ".join(f"{prefix} {i} tells what happened during the neighbourhood walk." for i in range(1, count + 1))


FRONT = """---
title: {title}
summary: {summary}
order: 9
form: beslissing
authors:
  - name: "Vries, Anna de"
source:
  - ref: interview-buurtwerker-2024
objectives:
  - {objective1}
  - {objective2}
actors: [tbv, bewoners]
logics: [reguliere-lijn]
strategies: [meebewegen, schuren]
concepts: [tussenpositie]
chosen: [meebewegen]
positions:
  - actor: tbv
    strategy: meebewegen
    note: {note}
questions:
  - {q1}
  - {q2}
  - {q3}
  - {q4}
---

"""

DUTCH = FRONT.format(
    title="De wijkschouw", summary="Een buurtwerker loopt met bewoners door de wijk en moet kiezen hoe hij een klacht doorgeeft.",
    objective1="Je kunt beschrijven welke keuze de buurtwerker had.", objective2="Je kunt de twee routes afwegen.",
    note="Het team wil in kleine stappen werken.", q1="Wat zou jij doen?", q2="Wie heeft hier invloed?",
    q3="Wat kost elke route?", q4="Wat vraagt dit van het team?") + (
    f"## De scène\n\n{sentences('Zin', 40)}\n\n## Het dilemma\n\n{sentences('Keuze', 30)}\n\n"
    f"## Hoe het afliep\n\n{sentences('Afloop', 20)}\n\n## Analyse\n\n{sentences('Lezing', 20)}\n")

ENGLISH = FRONT.format(
    title="The neighbourhood walk", summary="A community worker walks through the area with residents and must choose how to pass on a complaint.",
    objective1="You can describe the choice the worker had.", objective2="You can weigh the two routes.",
    note="The team wants to work in small steps.", q1="What would you do?", q2="Who has influence here?",
    q3="What does each route cost?", q4="What does this ask of the team?") + (
    f"## The scene\n\n{english('Sentence', 40)}\n\n## The dilemma\n\n{english('Choice', 30)}\n\n"
    f"## How it ended\n\n{english('Outcome', 20)}\n\n## Analysis\n\n{english('Reading', 20)}\n")

NOTE_NL = "## Leerdoelen\n\nStudenten wegen twee routes af.\n\n## Discussieplan\n\nBegin met de scène.\n"
NOTE_EN = "## Learning objectives\n\nStudents weigh two routes.\n\n## Discussion plan\n\nStart with the scene.\n"


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PATH": f"{VENV / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def contributed(tmp_path_factory) -> Path:
    repo = clone(tmp_path_factory.mktemp("contribution") / "repo")
    sources = repo / "vignettes" / "sources.yml"
    sources.write_text(sources.read_text(encoding="utf-8").rstrip("\n") + "\n" + SOURCE, encoding="utf-8")
    (repo / "vignettes" / f"{SLUG}.md").write_text(DUTCH, encoding="utf-8")
    (repo / "vignettes" / "en" / f"{SLUG}.md").write_text(ENGLISH, encoding="utf-8")
    (repo / "vignettes" / "teaching-notes" / f"{SLUG}.md").write_text(NOTE_NL, encoding="utf-8")
    (repo / "vignettes" / "teaching-notes" / "en" / f"{SLUG}.md").write_text(NOTE_EN, encoding="utf-8")
    commit(repo, "Een casus uit een eigen interview")
    return repo


def test_check_passes(contributed: Path) -> None:
    result = run(["tbvsite", "check"], contributed)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow  # every configuration built strictly with the new case
def test_strict_builds_hold_the_case(contributed: Path) -> None:
    result = run(["mkdocs", "build", "--strict"], contributed)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    site = contributed / "site"
    records = json.loads((site / "data" / "vignettes.json").read_text(encoding="utf-8"))
    slugs = {p.stem for p in (contributed / "vignettes").glob("*.md")}
    assert {r["slug"] for r in records} == slugs and SLUG in slugs
    page = (site / "vignetten" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "Vries" in page and "Buurtwerker B" in page
    assert "gepseudonimiseerd" in (site / "bronnen" / "interview-buurtwerker-2024" / "index.html").read_text(encoding="utf-8")
    english_page = (site / "en" / "vignettes" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "The neighbourhood walk" in english_page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "De wijkschouw" in home
    assert f"Het archief telt nu {len(slugs)} vignetten" in home  # the home page counts what is there
    english_source = (site / "en" / "sources" / "interview-buurtwerker-2024" / "index.html")
    if english_source.is_file():  # the consent note in English where sources.yml gives it
        assert "names are pseudonymised" in english_source.read_text(encoding="utf-8")
    assert "names are pseudonymised" in english_page
    # Fieldwork: the interviewer is never an editor (BibTeX annotator and a note; RIS A3 and N1).
    bib = (site / "data" / "cite" / f"{SLUG}.bib").read_text(encoding="utf-8")
    assert "annotator" in bib and "Interviewer: Anna de Vries" in bib and "editor" not in bib
    ris = (site / "data" / "cite" / f"{SLUG}.ris").read_text(encoding="utf-8")
    assert "A3  - Vries, Anna de" in ris and "N1  - Interviewer: Anna de Vries" in ris and "A2  -" not in ris
    instructor = run(["mkdocs", "build", "--strict", "-f", "mkdocs.instructor.yml"], contributed)
    assert instructor.returncode == 0, (instructor.stdout + instructor.stderr)[-4000:]
