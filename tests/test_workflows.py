"""The GitHub workflows' own commands, run here on a shallow clone and on a full one.

The pull-request check (vignettes.yml) must pass on both: with full history
it builds dated pages; where only a shallow clone can be had, it says so in
a notice and the check passes. The Pages workflow (pages.yml) publishes, so
it clones the full history, and on a shallow clone it refuses with the fix.
Only the steps that are shell commands runnable here are run (not the
installation with pip, which the tests' own environment stands in for).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from serve_kit import REPO, VENV

pytestmark = pytest.mark.slow  # a whole build per case: in make test, not in make check-fast

WORKFLOWS = REPO / ".github" / "workflows"
SKIPPED = ("python -m pip install",)
# What GitHub would put in for the expressions of a step's env.
EXPRESSIONS = {"steps.pages.outputs.base_url": "https://example.org/archief", "github.server_url": "https://github.com",
               "github.repository": "example/archief"}  # the environment running the tests is the installation


def steps(name: str) -> list[dict]:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def checkout_depth(name: str) -> int:
    checkout = next(s for s in steps(name) if str(s.get("uses", "")).startswith("actions/checkout"))
    return int((checkout.get("with") or {}).get("fetch-depth", 1))


def commands(name: str) -> list[tuple[str, dict]]:
    """The run: scripts of a workflow with their env (GitHub expressions replaced by plain values)."""
    found = []
    for step in steps(name):
        script = step.get("run")
        if not script or script.strip().startswith(SKIPPED):
            continue
        env = {key: re.sub(r"\$\{\{\s*([^}]*?)\s*\}\}", lambda m: EXPRESSIONS.get(m.group(1), ""), str(value))
               for key, value in (step.get("env") or {}).items()}
        found.append((script, env))
    return found


def clone(source: Path, target: Path, shallow: bool) -> Path:
    depth = ["--depth", "1"] if shallow else []
    subprocess.run(["git", "clone", "--quiet", *depth, f"file://{source}", str(target)], check=True)
    os.utime(target / "pyproject.toml", (0, 0))  # make uses the tests' environment, installs nothing
    return target


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """The repository as it is here, committed (uncommitted edits included) with a history of two commits."""
    from serve_kit import clone as working_copy, commit
    repo = working_copy(tmp_path_factory.mktemp("source") / "repo")
    status = subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True, text=True).stdout
    if status.strip():
        commit(repo, "the working tree under test")
    return repo


def run(script: str, env: dict, cwd: Path) -> subprocess.CompletedProcess:
    full = {**os.environ, "PATH": f"{VENV / 'bin'}{os.pathsep}{os.environ['PATH']}", "VENV": str(VENV),
            "GITHUB_ACTIONS": "true", **env}
    full.pop("TBVSITE_SHALLOW", None)
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=full, capture_output=True, text=True,
                          timeout=300)


def test_the_pull_request_check_clones_the_full_history() -> None:
    assert checkout_depth("vignettes.yml") == 0
    assert checkout_depth("pages.yml") == 0


@pytest.mark.parametrize("shallow", [False, True], ids=["full-clone", "shallow-clone"])
def test_the_pull_request_check_passes(source: Path, tmp_path: Path, shallow: bool) -> None:
    repo = clone(source, tmp_path / "repo", shallow)
    assert commands("vignettes.yml"), "no runnable step found"
    for script, env in commands("vignettes.yml"):
        result = run(script, env, repo)
        out = result.stdout + result.stderr
        assert result.returncode == 0, f"{script}\n{out[-3000:]}"
        assert "Traceback" not in out
        if "mkdocs build" in script:
            assert ("::notice title=Shallow clone::" in out) == shallow, out[-2000:]
            assert (repo / "site" / "index.html").is_file()


@pytest.mark.parametrize("shallow", [False, True], ids=["full-clone", "shallow-clone"])
def test_the_pages_workflow_builds_dated_or_refuses(source: Path, tmp_path: Path, shallow: bool) -> None:
    repo = clone(source, tmp_path / "repo", shallow)
    for script, env in commands("pages.yml"):
        result = run(script, env, repo)
        out = result.stdout + result.stderr
        assert "Traceback" not in out
        if shallow:  # publishing undated pages is refused, with the fix
            assert result.returncode != 0 and "fetch-depth: 0" in out, out[-2000:]
        else:
            assert result.returncode == 0, f"{script}\n{out[-3000:]}"
