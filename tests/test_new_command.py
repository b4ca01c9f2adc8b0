"""`make new` passes every option of `tbvsite new`; `new --force` rewrites only a still-empty skeleton."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tbvsite import cli

from serve_kit import REPO, VENV


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "vignettes", tmp_path / "vignettes")
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(REPO / name, tmp_path / name)
    os.utime(tmp_path / "pyproject.toml", (0, 0))  # make uses the tests' environment, installs nothing
    return tmp_path


def make_new(project: Path, **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", "new", f"VENV={VENV}",
                           *(f"{k}={v}" for k, v in variables.items())],
                          cwd=project, capture_output=True, text=True, timeout=120)


def test_make_new_passes_author_orcid_form_and_source(project: Path) -> None:
    result = make_new(project, SLUG="wijkschouw", TITLE="De wijkschouw", AUTHOR="Vries, Anna de",
                      ORCID="0000-0002-1825-0097", FORM="beslissing", SOURCE="heederik-werken")
    assert result.returncode == 0, result.stderr
    text = (project / "vignettes" / "wijkschouw.md").read_text(encoding="utf-8")
    assert 'name: "Vries, Anna de"' in text and "orcid: 0000-0002-1825-0097" in text
    assert "\nform: beslissing\n" in text and "- ref: heederik-werken" in text
    assert "## Hoe het afliep" in text


def test_make_new_refuses_an_existing_file_unless_forced_and_empty(project: Path) -> None:
    assert make_new(project, SLUG="wijkschouw", TITLE="Eerst").returncode == 0
    again = make_new(project, SLUG="wijkschouw", TITLE="Opnieuw")
    assert again.returncode != 0 and "--force" in again.stderr
    forced = make_new(project, SLUG="wijkschouw", TITLE="Opnieuw", FORCE="1", FORM="reflectie")
    assert forced.returncode == 0, forced.stderr
    target = project / "vignettes" / "wijkschouw.md"
    assert 'title: "Opnieuw"' in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("change", [
    lambda t: t.replace("\nsummary:\n", "\nsummary: Een buurtwerker moet kiezen.\n"),
    lambda t: t.replace("actors: []", "actors: [tbv]"),
    lambda t: t + "\nMijn eerste zin van de scène.\n",
], ids=["summary", "actors", "body"])
def test_force_never_rewrites_a_filled_file(project: Path, change, capsys) -> None:
    assert cli.run(["--root", str(project), "new", "wijkschouw", "--title", "Eerst"]) == 0
    target = project / "vignettes" / "wijkschouw.md"
    filled = change(target.read_text(encoding="utf-8"))
    target.write_text(filled, encoding="utf-8")
    assert cli.run(["--root", str(project), "new", "wijkschouw", "--title", "Anders", "--force"]) == 1
    assert target.read_text(encoding="utf-8") == filled
    assert "values filled in" in capsys.readouterr().err


def test_force_rewrites_an_empty_file(project: Path) -> None:
    target = project / "vignettes" / "wijkschouw.md"
    target.write_text("", encoding="utf-8")
    assert cli.run(["--root", str(project), "new", "wijkschouw", "--title", "Nu wel", "--force"]) == 0
    assert 'title: "Nu wel"' in target.read_text(encoding="utf-8")
