"""tbvsite/preview.py: which vignettes the preview leaves out, and the pages it writes instead."""

from __future__ import annotations

import re

import pytest

from tbvsite import preview

from helpers import FIXTURES, run_texts

FILES = {p.name: p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.md"))}


def _with(**changes: str) -> dict[str, str]:
    files = dict(FILES)
    for name, text in changes.items():
        files[name.replace("_", ".")] = text
    return files


CASES = [
    # (id, files, taxonomy change (old, new) or None, extra file, expected left-out slugs, kept slugs)
    ("an unknown term", _with(beta_md=FILES["beta.md"].replace("actors: [", "actors: [onbekend, ")), None, None,
     ["beta"], ["alpha", "gamma"]),
    ("YAML that does not parse", _with(gamma_md="---\ntitle: [open\n---\n"), None, None, ["gamma"], ["alpha", "beta"]),
    ("a duplicate title", _with(gamma_md=FILES["gamma.md"].replace("title: Gamma", "title: Alpha")), None, None,
     ["gamma"], ["alpha", "beta"]),
    ("a stray file drops nothing", FILES, None, ("vignettes/sub/los.md", "x"), [], ["alpha", "beta", "gamma"]),
    ("a broken rules file drops nothing", FILES, None, ("vignettes/rules.yml", "vignettes: {questions: {min: x}}"),
     [], ["alpha", "beta", "gamma"]),
    ("a broken taxonomy drops everything", FILES, ("description: Ben werkt bij de gemeente.",
                                                   "description: <script>alert(1)</script>"), None,
     ["alpha", "beta", "gamma"], []),
]


@pytest.mark.parametrize("files, taxonomy, extra, left_out, kept", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_select(tmp_path, files, taxonomy, extra, left_out, kept):
    text = (FIXTURES / "taxonomy.yml").read_text(encoding="utf-8")
    if taxonomy:
        assert taxonomy[0] in text
        text = text.replace(*taxonomy)
    if extra:
        (tmp_path / extra[0]).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / extra[0]).write_text(extra[1], encoding="utf-8")
    result = run_texts(tmp_path, files, text)
    assert not result.ok
    selected, dropped = preview.select(result)
    assert sorted(dropped) == left_out
    assert sorted(v.slug for v in selected.index.vignettes) == kept
    assert selected.problems == result.problems  # nothing is hidden
    pages = preview.pages(selected.problems, tmp_path, dropped)
    problems_page = pages[preview.PROBLEMS_URI]
    for problem in result.problems:
        assert problem.code in problems_page
    for slug in left_out:
        assert f"vignetten/{slug}.md" in pages and "niet in de preview" in pages[f"vignetten/{slug}.md"]


def test_each_location_links_to_its_line(tmp_path):
    result = run_texts(tmp_path, _with(beta_md=FILES["beta.md"].replace("actors: [", "actors: [onbekend, ")))
    pages = preview.pages(result.problems, tmp_path, {"beta": "vignettes/beta.md"}, use_directory_urls=False)
    problem = result.problems[0]
    view = preview.source_uri("vignettes/beta.md")
    assert f'<a href="problemen/vignettes-beta-md.html#L{problem.line}">' in pages[preview.PROBLEMS_URI]
    lines = re.findall(r'<span id="L(\d+)" class="([^"]+)">', pages[view])
    assert len(lines) == len(FILES["beta.md"].replace("actors: [", "actors: [onbekend, ").split("\n"))
    assert [n for n, cls in lines if "tbv-problem-line" in cls] == [str(problem.line)]
