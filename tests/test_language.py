"""Dutch and own words over the whole site, both editions.

"Vignet" is a het-word: no page may say "de vignet", "elke vignet", "deze
vignet", "die vignet" or "geen vignet", in its visible text or in the names
a screen reader reads (aria-label, title, alt). The check runs over every
HTML page the student and the instructor edition write, so it covers the
content, the templates and the generated pages alike.

The reportage is retold in our own words: the project's overlap tool, run
with ``--paraphrase`` over the content and the package, prints nothing.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT

WRONG_ARTICLE = re.compile(r"\b(de|elke|deze|die|geen) vignet\b", re.I)
SPOKEN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
OVERLAP = Path("shared") / "tools" / "overlap.py"


class _Text(HTMLParser):
    """The text a reader sees or hears: text outside script/style/template, plus accessible names."""

    SILENT = {"script", "style", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._silent = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SILENT:
            self._silent += 1
        self.parts += [value for name, value in attrs if name in SPOKEN_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in self.SILENT and self._silent:
            self._silent -= 1

    def handle_data(self, data):
        if not self._silent:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def test_the_check_sees_wrong_articles_in_text_and_names():
    assert WRONG_ARTICLE.search(visible_text("<p>Lees <em>de</em>\n vignet.</p>"))  # across a tag and a line end
    assert WRONG_ARTICLE.search(visible_text("<p>Lees deze vignet.</p>"))
    assert WRONG_ARTICLE.search(visible_text('<nav aria-label="Vorige en volgende vignet, of elke vignet"></nav>'))
    assert not WRONG_ARTICLE.search(visible_text("<p>Het vignet en de vignetten.</p><script>'de vignet'</script>"))


@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_het_vignet_on_every_page(request, edition):
    site = request.getfixturevalue("real_site" if edition == "student" else "real_instructor_site")
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20, pages
    found = []
    for page in pages:
        text = visible_text(page.read_text(encoding="utf-8"))
        for match in WRONG_ARTICLE.finditer(text):
            found.append(f"{page.relative_to(site)}: ...{text[max(0, match.start() - 40):match.end() + 40]}...")
    assert not found, "'vignet' is a het-word:\n" + "\n".join(found)


def _overlap_tool() -> Path | None:
    """``../shared/tools/overlap.py`` beside the clone (CI), or beside a folder that holds the clone."""
    for folder in ROOT.parents:
        if (folder / OVERLAP).is_file():
            return folder / OVERLAP
    return None


def _run_overlap_tool(mode: str) -> None:
    tool = _overlap_tool()
    if tool is None:
        pytest.skip(f"the overlap tool is absent: no {OVERLAP} beside the project or any folder above it")
    result = subprocess.run([sys.executable, str(tool), mode, "vignettes", "docs", "tbvsite"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.stdout == "", result.stdout[-8000:]
    assert result.returncode == 0, result.stderr[-2000:]


def test_own_words_overlap_tool_prints_nothing():
    _run_overlap_tool("--paraphrase")


def test_own_words_overlap_tool_strict_prints_nothing():
    """The finer comb (stems, 6 words, 60%): a source sentence re-inflected or reordered a little."""
    _run_overlap_tool("--strict")


@pytest.mark.parametrize("mode", [[], ["--strict"]], ids=["paraphrase", "strict"])
def test_own_words_project_overlap_command_prints_nothing(capsys, mode):
    """Our own check (tbvsite overlap), against the maintainers' copy of the reportage where it is."""
    from tbvsite import cli

    tool = _overlap_tool()
    source = tool.parent.parent / "source" / "reportage.txt" if tool is not None else None
    if source is None or not source.is_file():
        pytest.skip("the maintainers' copy of the reportage (shared/source/reportage.txt) is absent")
    code = cli.run(["--root", str(ROOT), "overlap", *mode, "--source", str(source),
                    str(ROOT / "vignettes"), str(ROOT / "docs"), str(ROOT / "tbvsite")])
    captured = capsys.readouterr()
    assert "0 copied run(s)" in captured.err, captured.err  # the command did run and compare
    assert captured.out == "", captured.out[-8000:]
    assert code == 0
