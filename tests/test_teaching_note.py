"""A teaching note's parts marked ``{.collapsed}`` (tbvsite/emit/teaching.py, collapse_parts)."""

from __future__ import annotations

import pytest

from tbvsite.emit.teaching import collapse_parts

NOTE = "### A\ntext\n### B {.collapsed}\nb text\n#### B1\nmore\n### C\nc"


def test_the_part_runs_to_the_next_heading_of_its_level():
    out = collapse_parts(NOTE, "hint")
    before, rest = out.split('<details class="tbv-teaching-collapsed" markdown>')
    inside, after = rest.split("</details>")
    assert "### A\ntext\n" in before and "\n\n" in before[-2:] + "\n"
    assert "<summary>B (hint)</summary>" in inside
    assert "### B\nb text\n#### B1\nmore" in inside  # the heading stays, without the class
    assert "### C\nc" in after and "collapsed" not in after


@pytest.mark.parametrize("heading,kept", [("### B {: #x .collapsed }", "### B { #x }"),
                                          ("### B {.collapsed .wide}", "### B { .wide }")])
def test_other_attributes_stay(heading, kept):
    assert kept in collapse_parts(f"{heading}\nb", "h")


def test_a_note_without_the_mark_is_unchanged():
    assert collapse_parts("### A {#a}\ntext", "h") == "### A {#a}\ntext"
