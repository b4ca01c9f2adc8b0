"""Teaching notes: one Markdown file per vignette, read only for the instructor edition.

The notes live in their own folder (by default ``vignettes/teaching-notes``,
possibly a private checkout elsewhere). The student edition never calls this
module, so it never opens a note. Every note must belong to a vignette and
every vignette must have a note: both mistakes are located problems.
"""

from __future__ import annotations

from pathlib import Path

from . import budget
from .model import Problem
from .safety import scan_markdown
from .textfile import read_text, shown_path

# The conventional place of the notes inside the vignettes folder; the loader
# skips it in both editions, so the notes are never reported as stray files.
DEFAULT_FOLDER = "teaching-notes"


def load_notes(folder: Path, slugs: list[str], *, shown_root: Path | None = None) -> tuple[dict[str, str], list[Problem]]:
    """Read ``<slug>.md`` for every slug; return slug -> Markdown and the problems found."""
    shown_folder = shown_path(folder, shown_root)
    if not folder.is_dir():
        return {}, [Problem(shown_folder, 0, 0, "no-notes-folder", "the teaching-notes folder does not exist",
                            "check 'teaching_notes' in the tbvsite plugin options of the instructor config")]
    notes: dict[str, str] = {}
    problems: list[Problem] = []
    known = set(slugs)
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        shown = shown_path(path, shown_root)
        if path.suffix != ".md":
            if path.suffix in (".markdown", ".txt"):
                problems.append(Problem(shown, 0, 0, "stray-note", f"a '{path.suffix}' file is not read as a teaching note",
                                        f"rename it to '{path.stem}.md'"))
            continue
        slug = path.stem
        if slug not in known:
            hint = "name the note after its vignette: " + ", ".join(f"'{s}.md'" for s in sorted(known)) if known else \
                "there are no vignettes to attach it to"
            problems.append(Problem(shown, 0, 0, "note-unknown-vignette",
                                    f"there is no vignette '{slug}' for this teaching note", hint))
            continue
        text, found = read_text(path, shown)
        problems += found
        if text is not None:
            if not text.strip():
                problems.append(Problem(shown, 1, 1, "note-empty", "the teaching note is empty",
                                        "write the note: the instructor edition shows one on every vignette"))
            else:
                notes[slug] = text
    for slug in sorted(known - notes.keys()):
        if not any(p.path == shown_path(folder / f"{slug}.md", shown_root) for p in problems):
            problems.append(Problem(f"{shown_folder}/{slug}.md", 0, 0, "note-missing",
                                    f"the vignette '{slug}' has no teaching note",
                                    f"write {shown_folder}/{slug}.md; the instructor edition shows a note on every vignette"))
    problems.sort(key=Problem.sort_key)
    return notes, problems



def check_notes(notes: dict[str, str], folder: Path, *, shown_root: Path | None = None) -> list[Problem]:
    """The rules of vignette bodies for every note: raw HTML, links, nesting, the time budget."""
    problems: list[Problem] = []
    for slug, text in sorted(notes.items()):
        shown = shown_path(folder / f"{slug}.md", shown_root)
        found = scan_markdown(text, shown)
        problems += found or budget.check_time(text, shown, 1)
    return problems
