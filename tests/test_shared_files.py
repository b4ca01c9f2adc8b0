"""One error, one message: a broken shared file (taxonomy, sources, rules) is reported first and alone.

Every vignette rests on the three shared files; a slip in one of them must
not come back as follow-on errors in the vignettes (one tab in sources.yml
once gave 16 errors, the real one last). Runs on a copy of this archive,
whatever is in it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tbvsite import cli

ROOT = Path(__file__).resolve().parents[1]


def tab_in_first_indented_line(text: str) -> str:
    lines = text.split("\n")
    i = next(i for i, line in enumerate(lines) if line.startswith("    ") and line.strip() and not line.strip().startswith("#"))
    lines[i] = "\t" + lines[i].lstrip(" ")
    return "\n".join(lines)


def half(text: str) -> str:
    return text[: len(text) // 2]


BREAKS = [
    ("sources.yml", tab_in_first_indented_line),
    ("sources.yml", lambda text: text[: text.index("    type:")]),  # saved halfway through an item
    ("taxonomy.yml", tab_in_first_indented_line),
    ("taxonomy.yml", half),
    ("rules.yml", lambda text: text.replace("{min: 600, max: 1200}", "{min: 600, max: 1200", 1)),
    ("rules.yml", lambda text: text + "\nvignettes: {}\n"),
]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "vignettes", tmp_path / "vignettes")
    return tmp_path


@pytest.mark.parametrize("name,change", BREAKS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(BREAKS)])
def test_a_broken_shared_file_is_reported_alone(archive: Path, name: str, change, capsys) -> None:
    target = archive / "vignettes" / name
    original = target.read_text(encoding="utf-8")
    changed = change(original)
    assert changed != original
    target.write_text(changed, encoding="utf-8")
    assert cli.run(["--root", str(archive), "check"]) == 1
    out = capsys.readouterr().out
    errors = [line for line in out.splitlines() if line.startswith("vignettes/") and "(warning)" not in line]
    assert errors, out
    assert all(line.startswith(f"vignettes/{name}:") for line in errors), out


def test_a_tab_is_named_with_its_fix(archive: Path, capsys) -> None:
    target = archive / "vignettes" / "sources.yml"
    target.write_text(tab_in_first_indented_line(target.read_text(encoding="utf-8")), encoding="utf-8")
    assert cli.run(["--root", str(archive), "check"]) == 1
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    assert first.startswith("vignettes/sources.yml:") and "tab" in first, out
    assert "spaces" in out and "hint:" in out
    assert out.count("error") <= 2 and "unknown-source" not in out, out
