"""When each vignette was published and last changed, from git history or front matter.

A vignette is published on the date of the first commit that added its file
and last changed on the date of the last commit that touched it; front-matter
``published`` / ``updated`` override either (cases imported with a known
date). Dates are commit dates (when a change landed), never the clock at build
time.

The whole folder's history is read with ONE ``git log`` (plus one
``git rev-parse``), however many vignettes there are. Without usable history
(no git, not a repository, a shallow clone whose oldest commit would claim
every file) git dates are not used at all: :func:`unusable` says why, and the
caller reports it once.
"""

from __future__ import annotations

import datetime
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal

from .model import Vignette

Status = Literal["git", "shallow", "no-git"]
RECORD, UNIT = "\x1e", "\x1f"
TIMEOUT = 120  # seconds; a log of a large archive takes well under one


@dataclass(frozen=True)
class Commit:
    sha: str
    date: datetime.date
    subject: str


@dataclass(frozen=True)
class History:
    """Commits per file name in the folder (newest first), and whether they can be trusted."""

    status: Status
    commits: dict[str, tuple[Commit, ...]] = field(default_factory=dict)
    prefix: str = ""  # the folder's path inside the repository, e.g. "vignettes/"
    reason: str = ""  # why git dates are not used (status other than "git")


@dataclass(frozen=True)
class Version:
    """The dated identity of one vignette's text."""

    published: datetime.date | None
    updated: datetime.date | None
    commits: tuple[Commit, ...] = ()  # newest first; empty without git
    path: str = ""  # the file's path inside the repository, for links to it
    committed: bool = False  # git knows the file (False: new, or no usable history)

    @property
    def sha(self) -> str:
        """The commit of this version of the text, '' when unknown."""
        return self.commits[0].sha if self.commits else ""


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=folder, capture_output=True,
                              text=True, encoding="utf-8", errors="replace", timeout=TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        return None


def read_history(folder: Path) -> History:
    """The history of every file under ``folder``, from one ``git log``."""
    if not folder.is_dir():
        return History("no-git", reason="the vignettes folder does not exist")
    where = _git(folder, "rev-parse", "--is-shallow-repository", "--show-prefix")
    if where is None:
        return History("no-git", reason="git is not installed")
    if where.returncode != 0:
        return History("no-git", reason="the vignettes are not in a git repository")
    lines = where.stdout.splitlines()
    shallow, prefix = (lines + ["", ""])[:2]
    if shallow.strip() == "true":
        return History("shallow", prefix=prefix.strip(),
                       reason="this is a shallow clone, so the oldest commit would claim every file")
    log = _git(folder, "log", f"--format={RECORD}%H{UNIT}%cs{UNIT}%s", "--name-only", "--relative",
               "--no-renames", "--", ".")
    if log is None or log.returncode != 0:
        # A repository without any commit yet: nothing is published.
        return History("git", prefix=prefix.strip())
    return History("git", parse_log(log.stdout), prefix=prefix.strip())


def parse_log(text: str) -> dict[str, tuple[Commit, ...]]:
    """``git log --name-only`` output in our format -> file name -> commits, newest first."""
    out: dict[str, list[Commit]] = {}
    for record in text.split(RECORD):
        if not record.strip():
            continue
        header, _, names = record.partition("\n")
        sha, day, subject = (header.split(UNIT) + ["", ""])[:3]
        try:
            commit = Commit(sha, datetime.date.fromisoformat(day), subject.strip())
        except ValueError:
            continue
        for name in names.splitlines():
            if name.strip():
                out.setdefault(name.strip(), []).append(commit)
    return {name: tuple(commits) for name, commits in out.items()}


def versions(vignettes: Iterable[Vignette], history: History) -> dict[str, Version]:
    """slug -> its :class:`Version`: front-matter dates first, then git's."""
    out = {}
    for v in vignettes:
        name = Path(v.path).name
        commits = history.commits.get(name, ()) if history.status == "git" else ()
        published = v.published or (commits[-1].date if commits else None)
        updated = v.updated or (commits[0].date if commits else None)
        if published and (updated is None or updated < published):
            updated = published  # never changed since (as far as anyone knows)
        out[v.slug] = Version(published, updated, commits, history.prefix + name, bool(commits))
    return out


def unusable(history: History, found: dict[str, Version]) -> list[str]:
    """Slugs with no publication date because git history is missing, in order."""
    if history.status == "git":
        return []
    return [slug for slug, version in found.items() if version.published is None]


# A check that has only a shallow clone (a pull request's workflow) sets this to "notice": the
# missing dates are then news, not a warning that fails 'mkdocs build --strict'.
SHALLOW_VARIABLE = "TBVSITE_SHALLOW"


def undated_is_notice(history: History) -> bool:
    """Whether a shallow clone's missing dates are a notice here (``TBVSITE_SHALLOW=notice``)."""
    return history.status == "shallow" and os.environ.get(SHALLOW_VARIABLE, "") == "notice"


def uncommitted(history: History, found: dict[str, Version]) -> list[str]:
    """Slugs whose file git does not know yet (a new case) and that have no front-matter date."""
    if history.status != "git":
        return []
    return [slug for slug, version in found.items() if not version.committed and version.published is None]
