"""How a build reports the archive's problems: one clickable line each, and a stop on an error."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from .. import pipeline
from ..report import format_line, summary
from ..textfile import shown_path

log = logging.getLogger("mkdocs.plugins.tbvsite")

CHECK_ADVICE = "Fix them (run 'tbvsite check' for the same list) and build again."


def check_advice(notes: Path | None, folder: Path, root: Path) -> str:
    """The command that lists the same problems as this build (teaching notes included)."""
    if not notes:
        return CHECK_ADVICE
    default = (folder / pipeline.NOTES_FOLDER).resolve()
    option = "" if notes == default else f" --notes {shown_path(notes, root)}"
    return (f"Fix them (run 'tbvsite check{option}' for the same list, where a missing teaching note "
            "is a warning) and build again.")


def log_problems(problems) -> None:
    """Log each problem as one clickable line."""
    for problem in problems:
        text = format_line(problem) + (f"\n    hint: {problem.hint}" if problem.hint else "")
        (log.error if problem.severity == "error" else log.warning)(text)


def report(problems, *, fatal: bool, advice: str = CHECK_ADVICE) -> None:
    """Log each problem; stop the build if any is an error (or ``fatal``)."""
    log_problems(problems)
    if fatal or any(p.severity == "error" for p in problems):
        raise PluginError(f"tbvsite: the archive has problems: {summary(problems)}. {advice}")
