"""Present problems: one clickable line each (``path:line:col: code: message``), JSON,
or GitHub Actions workflow commands (``::error file=...,line=...::message``) that
annotate the changed file in a pull request."""

from __future__ import annotations

import json

from .model import Problem


def location(problem: Problem) -> str:
    if problem.line <= 0:
        return problem.path
    return f"{problem.path}:{problem.line}:{problem.column}"


def format_line(problem: Problem) -> str:
    text = f"{location(problem)}: {problem.code}: {problem.message}"
    if problem.severity == "warning":
        text = f"{location(problem)}: {problem.code} (warning): {problem.message}"
    return text


def format_text(problems: list[Problem], checked: int | None = None) -> str:
    lines = []
    for problem in sorted(problems, key=Problem.sort_key):
        lines.append(format_line(problem))
        if problem.hint:
            lines.append(f"    hint: {problem.hint}")
    lines.append(summary(problems, checked))
    return "\n".join(lines) + "\n"


def summary(problems: list[Problem], checked: int | None = None) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    files = len({p.path for p in problems})
    scope = f" in {checked} file{'s' if checked != 1 else ''}" if checked is not None else ""
    if not problems:
        return f"no problems{scope}"
    return (f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''} "
            f"in {files} file{'s' if files != 1 else ''}" + (f" ({checked} checked)" if checked is not None else ""))


def format_json(problems: list[Problem]) -> str:
    return json.dumps(
        [{"path": p.path, "line": p.line, "column": p.column, "code": p.code, "severity": p.severity,
          "message": p.message, "hint": p.hint, "location": p.location}
         for p in sorted(problems, key=Problem.sort_key)],
        ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    """A workflow command's message: GitHub decodes %25, %0D and %0A."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property value: also ':' and ',' (they delimit properties)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github_line(problem: Problem) -> str:
    """One ``::error``/``::warning`` command; line and col only when known (1-based)."""
    properties = [("file", problem.path)]
    if problem.line > 0:
        properties.append(("line", str(problem.line)))
        if problem.column > 0:
            properties.append(("col", str(problem.column)))
    properties.append(("title", f"tbvsite: {problem.code}"))
    message = problem.message + (f"\nhint: {problem.hint}" if problem.hint else "")
    head = ",".join(f"{key}={_escape_property(value)}" for key, value in properties)
    return f"::{problem.severity} {head}::{_escape_data(message)}"


def format_github(problems: list[Problem], checked: int | None = None) -> str:
    """Workflow commands, one a problem, then the summary as a plain log line."""
    lines = [format_github_line(p) for p in sorted(problems, key=Problem.sort_key)]
    lines.append(summary(problems, checked))
    return "\n".join(lines) + "\n"
