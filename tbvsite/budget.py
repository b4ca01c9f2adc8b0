"""A time budget for rendering contributed Markdown, so no file can hang a build.

Python-Markdown is fast on the short paragraphs of a normal vignette, but
super-linear on some long ones (a 100 KB paragraph of "`a " takes it more than
ten seconds, of "<b " more than a minute) and it recurses on deep nesting.
:mod:`tbvsite.safety` refuses deep nesting by the source's shape. Text whose
shape cannot be vouched for cheaply (the squares of its paragraph lengths sum
to more than :data:`SAFE_WORK`, since the worst cases are quadratic in a
paragraph's length, or it has more than :data:`SAFE_TEXT` characters) is
rendered once in a separate process with :data:`SECONDS` to finish; if it does
not, or the parser fails, that is a located problem instead of a hang or a
traceback. Normal texts never pay for the trial.
"""

from __future__ import annotations

import re
import subprocess
import sys

from .model import Problem

# Measured: a 4,000-character paragraph of "<b " or "[a](" takes Python-Markdown about 1.4 s,
# while a real vignette (a few paragraphs of a few hundred words) sums to well under this.
SAFE_WORK = 3_000 ** 2
SAFE_TEXT = 60_000
SECONDS = 5.0  # with the other passes, a pathological text is refused within 10 s (issue 24)
# The Markdown extensions of the site (mkdocs.yml), so the trial parses as the build will.
EXTENSIONS = ("admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
              "pymdownx.details", "pymdownx.superfences")

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_TRIAL = ("import sys, markdown\n"
          "markdown.markdown(sys.stdin.read(), extensions=sys.argv[1:])\n")


def needs_trial(text: str) -> bool:
    if len(text) > SAFE_TEXT:
        return True
    work, start = 0, 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        work += (match.start() - start) ** 2
        start = match.end()
    return work + (len(text) - start) ** 2 > SAFE_WORK


def check_time(text: str, shown: str, line: int, *, where: str = "", seconds: float | None = None) -> list[Problem]:
    """A problem if rendering ``text`` takes longer than ``seconds`` (default :data:`SECONDS`, read at
    call time) or fails; [] for texts of a safe shape."""
    if not needs_trial(text):
        return []
    seconds = SECONDS if seconds is None else seconds
    suffix = f" in {where}" if where else ""
    try:
        result = subprocess.run([sys.executable, "-c", _TRIAL, *EXTENSIONS], input=text, text=True,
                                capture_output=True, timeout=seconds)
    except subprocess.TimeoutExpired:
        return [Problem(shown, line, 1, "too-slow",
                        f"Markdown needs more than {seconds:.0f} s to render this text{suffix}",
                        "split very long paragraphs (a blank line between them) and remove long runs of "
                        "markup characters such as ` * _ [ <", location=where)]
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["unknown error"])[-1]
        return [Problem(shown, line, 1, "markdown-error", f"Markdown cannot render this text{suffix}: {last}",
                        "simplify the text: nest lists, quotes and HTML less deeply", location=where)]
    return []
