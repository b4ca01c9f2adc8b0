"""Internal links in bodies: located at the source file, code ignored."""

from __future__ import annotations

import pytest

from tbvsite.links import broken_links, targets

KNOWN = {"vignetten/alpha.md", "vignetten/beta.md", "actoren/anna.md", "docs-page.md"}


@pytest.mark.parametrize("text,expected", [
    ("[a](beta.md)", []),
    ("[a](beta.md#kop)", []),
    ("[a](../actoren/anna.md)", []),
    ("[a](../docs-page.md)", []),
    ("[a](https://example.org/x.md) [b](mailto:x@y) [c](#kop)", []),
    ("`[a](kapot.md)`\n\n```\n[b](kapot.md)\n```", []),
    ("[a](kapot.md)", [(3, 5)]),
    ("regel\n\nzie [a](../actoren/ana.md) hier", [(5, 9)]),
    ("[ref]: ../actoren/niemand.md", [(3, 8)]),
])
def test_broken_links_are_located(text, expected):
    problems = broken_links(text, "vignetten/alpha.md", KNOWN, "vignettes/alpha.md", first_line=3)
    assert [(p.line, p.column) for p in problems] == expected
    assert all(p.code == "broken-link" and p.path == "vignettes/alpha.md" for p in problems)


def test_hint_suggests_the_page_meant():
    [problem] = broken_links("[a](../actoren/ana.md)", "vignetten/alpha.md", KNOWN, "x.md", 1)
    assert "actoren/anna.md" in problem.hint


def test_targets_skip_absolute_and_external():
    assert [t for _, t in targets("[a](/abs.md) [b](http://x) [c](rel.md)")] == ["rel.md"]
