"""The contribution workflow: GitHub annotations from ``tbvsite check``, and the
files a contributor meets on GitHub (workflows, issue form, pull-request
template, pre-commit hook) parse and are valid against the schemas that
check-jsonschema ships (no network)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from helpers import FIXTURES
from tbvsite import cli
from tbvsite.model import Problem
from tbvsite.report import format_github, format_github_line

ROOT = Path(__file__).resolve().parents[1]
COMMAND = re.compile(r"^::(?P<command>[a-z]+)(?: (?P<properties>[^:]*))?::(?P<data>.*)$")


def _unescape(text: str, *, property_value: bool) -> str:
    """GitHub's runner decoding: %0D, %0A and %25 in data; also %3A and %2C in property values."""
    table = {"%0D": "\r", "%0A": "\n", "%25": "%"}
    if property_value:
        table.update({"%3A": ":", "%2C": ","})
    return re.sub("|".join(re.escape(k) for k in table), lambda m: table[m.group(0)], text)


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """Read a workflow command as the runner does: properties split on ',' and the first '='."""
    match = COMMAND.match(line)
    assert match, f"not a workflow command: {line!r}"
    properties = {}
    for pair in (match["properties"] or "").split(","):
        key, _, value = pair.partition("=")
        assert key not in properties, f"property {key} twice in {line!r}"
        properties[key] = _unescape(value, property_value=True)
    return match["command"], properties, _unescape(match["data"], property_value=False)


text = st.lists(st.sampled_from(list("ab é%:,=\r\n;\\/.-") + ["::", "%0A", "%25", "%3A"]), max_size=15).map("".join)


@given(path=text.filter(bool), message=text, hint=text, line=st.integers(0, 10_000),
       column=st.integers(0, 500), severity=st.sampled_from(["error", "warning"]))
def test_every_problem_is_one_command_that_decodes_to_itself(path, message, hint, line, column, severity):
    problem = Problem(path, line, column, "some-code", message, hint, severity)
    rendered = format_github_line(problem)
    assert "\n" not in rendered and "\r" not in rendered  # one log line per problem
    command, properties, data = parse_command(rendered)
    assert command == severity
    assert properties["file"] == path
    assert properties["title"] == "tbvsite: some-code"
    assert properties.get("line") == (str(line) if line > 0 else None)
    assert properties.get("col") == (str(column) if line > 0 and column > 0 else None)
    assert data == message + (f"\nhint: {hint}" if hint else "")


def test_the_summary_follows_the_commands_and_is_not_one():
    problems = [Problem("vignettes/b.md", 3, 1, "x", "m"), Problem("vignettes/a.md", 0, 0, "y", "n", severity="warning")]
    lines = format_github(problems, 2).splitlines()
    assert [parse_command(line)[1]["file"] for line in lines[:2]] == ["vignettes/a.md", "vignettes/b.md"]
    assert lines[2] == "1 error, 1 warning in 2 files (2 checked)" and not lines[2].startswith("::")


@pytest.fixture
def broken(tmp_path) -> Path:
    root = tmp_path / "project"
    (root / "vignettes").mkdir(parents=True)
    for p in FIXTURES.iterdir():
        if p.suffix in (".md", ".yml"):
            shutil.copy(p, root / "vignettes" / p.name)
    vignette = next(p for p in sorted((root / "vignettes").glob("*.md")))
    text = vignette.read_text(encoding="utf-8")
    text = re.sub(r"^actors: \[", "actors: [niemand-bekend, ", text, count=1, flags=re.M)
    text = re.sub(r"^summary:", "samenvatting:", text, count=1, flags=re.M)
    vignette.write_text(text, encoding="utf-8")
    return root


def test_check_format_github_annotates_the_lines_that_check_reports(broken, capsys):
    assert cli.run(["--root", str(broken), "check", "--format", "json"]) == 1
    expected = json.loads(capsys.readouterr().out)
    assert len(expected) >= 2 and any(p["line"] > 0 for p in expected)
    assert cli.run(["--root", str(broken), "check", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    commands = [parse_command(line) for line in lines if line.startswith("::")]
    assert len(commands) == len(expected) and not lines[-1].startswith("::")
    for (command, properties, data), problem in zip(commands, expected):
        assert command == problem["severity"]
        assert properties["file"] == problem["path"]
        assert (properties.get("line"), properties.get("col")) == (
            (str(problem["line"]), str(problem["column"])) if problem["line"] > 0 else (None, None))
        assert data.startswith(problem["message"])
        assert (broken / properties["file"]).is_file()  # relative to the repository root, as GitHub wants


def test_check_format_github_on_a_clean_archive_prints_no_command(capsys):
    assert cli.run(["--root", str(ROOT), "check", "--format", "github"]) == 0
    assert not [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]


# -- the files a contributor meets on GitHub --------------------------------------

def _check_jsonschema(schema: str, files: list[Path]) -> None:
    assert files, f"nothing to validate against {schema}"
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema,
                             *map(str, files)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_are_valid_github_workflows():
    _check_jsonschema("vendor.github-workflows", sorted((ROOT / ".github/workflows").glob("*.y*ml")))


def test_issue_forms_are_valid_github_issue_forms():
    forms = sorted((ROOT / ".github/ISSUE_TEMPLATE").glob("*.y*ml"))
    assert any(yaml.safe_load(f.read_text(encoding="utf-8"))["name"] == "Nieuwe casus voorstellen" for f in forms)
    _check_jsonschema("vendor.github-issue-forms", forms)


def _workflows() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / ".github/workflows").glob("*.y*ml"))]


def test_a_pull_request_touching_vignettes_runs_the_annotating_check_and_the_strict_build():
    runs = []
    for workflow in _workflows():
        trigger = workflow.get(True, workflow.get("on"))  # YAML 1.1 reads the key 'on' as True
        pull = trigger.get("pull_request") if isinstance(trigger, dict) else None
        if not isinstance(trigger, dict) or "pull_request" not in trigger:
            continue
        patterns = (pull or {}).get("paths")
        if patterns is not None and not any(re.fullmatch(p.replace("**", ".*").replace("*", "[^/]*"),
                                                          "vignettes/nieuw.md") for p in patterns):
            continue
        for job in workflow["jobs"].values():
            runs.append([step.get("run", "") for step in job.get("steps", [])])
    assert any(any("tbvsite check --format github" in r for r in steps) and
               any(re.search(r"mkdocs build --strict|make build\b", r) for r in steps) for steps in runs), runs


def test_pre_commit_hook_runs_our_own_command():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert isinstance(hooks, list) and hooks
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= hook.keys(), hook
        assert hook["language"] == "python"  # pre-commit installs this repository, which provides the entry
        program, *args = hook["entry"].split()
        assert program in scripts, hook["entry"]
        assert cli.run(["--root", str(ROOT), *args, "--help"]) == 0
        assert re.search(hook.get("files", ""), "vignettes/heidag.md")


def test_the_pull_request_template_asks_what_the_reviewers_look_for():
    template = (ROOT / ".github/PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.+)$", template, flags=re.M)
    assert len(boxes) >= 4
    for needle in ("tbvsite check", "bron", "eigen woorden", "afloop"):
        assert any(needle in box for box in boxes), needle
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for needle in ("tbvsite new", "tbvsite check", "make serve", "--format github", "English summary"):
        assert needle in guide, needle
