"""Every pass over contributor text is linear: ~900 KB of each pathological shape, in a body, a
front-matter string and a term description, gets a located refusal or a whole page within 10 s.

A body of '<!-- ' repeated once took `tbvsite check` more than three minutes (the word counter of the
editorial rules rescanned to the end from every '<'); no test looked at the passes as a whole. Here
`tbvsite check` and the strict build each run on a small project with one such text.
"""

from __future__ import annotations

import contextlib
import io
import re
import time

import pytest

from tbvsite import cli

from helpers import FIXTURES

SIZE = 900_000
LIMIT = 10.0  # CPU seconds (this process and its children), for each of check and build
END = "Einde van de lange tekst."


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the safety budget's Markdown subprocess).

    CPU, not wall time: the suite runs in parallel workers beside a browser, and a pass that is linear
    must not fail because the machine is busy; on a quiet machine the two are about the same
    (the body of '<' measured 6.0 s CPU, 8.9 s wall with the other core busy)."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def repeat(unit: str) -> str:
    return unit * (SIZE // len(unit))


def nested(prefix: str, tail: str) -> str:
    lines, total, i = [], 0, 0
    while total < SIZE:
        line = prefix * (i % 40) + tail
        lines.append(line)
        total += len(line)
        i += 1
    return "".join(lines)


SHAPES = {
    "lt": repeat("<"), "comment": repeat("<!-- "), "bracket": repeat("["), "backtick": repeat("`"),
    "star": repeat("*"), "underscore": repeat("_"), "brace": repeat("{"), "amp": repeat("&"), "pipe": repeat("|"),
    "nested-lists": nested("  ", "- x\n"), "nested-quotes": nested("> ", "x\n"), "long-line": repeat("woord "),
}
# The strict build (slower than check) runs on the shapes that defeated a pass before, and one of each kind.
BUILT = {"comment", "lt", "bracket", "backtick", "amp", "nested-lists", "long-line"}

ALPHA = (FIXTURES / "alpha.md").read_text(encoding="utf-8")
TAXONOMY = (FIXTURES / "taxonomy.yml").read_text(encoding="utf-8")
RULES = ("vignettes:\n  body_words: {min: 1, max: 1200}\n  summary_sentences: {max: 2}\n"
         "terms:\n  description_words: {max: 250}\n")


def placed(place: str, text: str) -> tuple[dict[str, str], str | None]:
    """The vignettes and taxonomy of a project with ``text`` in ``place``."""
    if place == "body":
        return {"alpha.md": ALPHA.rstrip("\n") + "\n\n" + text + "\n\n" + END + "\n"}, None
    if place == "front-matter":
        quoted = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return {"alpha.md": ALPHA.replace("summary: De eerste casus.", f'summary: "{quoted}"', 1)}, None
    old = "description: Anna werkt in het team."
    assert old in TAXONOMY
    block = "description: |\n" + "".join(f"        {line}\n" for line in (text + "\n\n" + END).split("\n"))
    return {}, TAXONOMY.replace(old, block, 1)


def located(out: str) -> bool:
    return bool(re.search(r"(?:^|ERROR: |WARNING: )vignettes/[\w./-]+:\d+(?::\d+)?: [a-z-]+", out, re.M))


CASES = [(shape, place) for place in ("body", "front-matter", "term-description") for shape in SHAPES]


@pytest.mark.parametrize("shape,place", CASES, ids=[f"{p}-{s}" for s, p in CASES])
def test_check_answers_in_time(make_project, shape: str, place: str) -> None:
    vignettes, taxonomy = placed(place, SHAPES[shape])
    files = {p.name: p.read_text(encoding="utf-8") for p in FIXTURES.glob("*.md")} | vignettes
    project = make_project(vignettes=files | {"rules.yml": RULES}, taxonomy=taxonomy, repository=False)
    out = io.StringIO()
    start = cpu_seconds()
    with contextlib.redirect_stdout(out):
        code = cli.run(["--root", str(project.root), "check"])
    spent = cpu_seconds() - start
    assert spent < LIMIT, f"tbvsite check took {spent:.1f} s"
    assert code in (0, 1), out.getvalue()[-2000:]
    if code == 1:
        assert located(out.getvalue()), out.getvalue()[-2000:]


BUILD_CASES = [(s, p) for s, p in CASES if s in BUILT and (p == "body" or s in {"comment", "lt"})]


@pytest.mark.slow  # a whole strict build of each hostile archive: seconds each (make test, not check-fast)
@pytest.mark.parametrize("shape,place", BUILD_CASES, ids=[f"{p}-{s}" for s, p in BUILD_CASES])
def test_strict_build_answers_in_time(make_project, shape: str, place: str) -> None:
    vignettes, taxonomy = placed(place, SHAPES[shape])
    files = {p.name: p.read_text(encoding="utf-8") for p in FIXTURES.glob("*.md")} | vignettes
    project = make_project(vignettes=files | {"rules.yml": RULES}, taxonomy=taxonomy)
    start = cpu_seconds()
    result = project.build(strict=True)
    spent = cpu_seconds() - start
    assert spent < LIMIT, f"the strict build took {spent:.1f} s"
    assert "Traceback" not in result.log
    if result.ok:  # a whole page: the text after the long run is on it
        page = result.page("vignetten/alpha/index.html" if place != "term-description" else "actoren/anna/index.html")
        assert END in page
    else:
        assert located(result.log + result.error), (result.log + result.error)[-2000:]
