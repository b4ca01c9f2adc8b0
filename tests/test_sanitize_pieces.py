"""A long page is cleaned a piece at a time (issue 26: memory), and the result is the page cleaned
whole: on every page of the real site, on markup the parser reads in its own ways, and on hostile
markup. Cleaning the whole page once took some 110 MB at 3,000 vignettes; a test in a fresh process
holds the pieces to a fraction of that."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tbvsite import sanitize

WHOLE = 10**12  # a piece longer than any page: cleaned whole
SMALL = 64


def _article(page: str) -> str:
    """The page's content as the theme placed it: the inside of <article>."""
    start = page.index(">", page.index("<article")) + 1
    return page[start: page.rindex("</article>")]


def test_every_page_of_the_real_site_cleaned_in_pieces_is_the_page_cleaned_whole(real_site: Path):
    pages = sorted(p for p in real_site.rglob("*.html") if "<article" in p.read_text(encoding="utf-8"))
    assert len(pages) > 50
    split = 0
    for path in pages:
        html = _article(path.read_text(encoding="utf-8"))
        starts = sanitize._pieces(html, 512)
        split += starts is not None and len(starts) > 1
        assert sanitize.clean(html, piece=512) == sanitize.clean(html, piece=WHOLE), path
    # Not a test of the fallback alone: most pages are split.
    assert split > len(pages) * 0.8, f"only {split} of {len(pages)} pages were cleaned in pieces"


def _long(unit: str, before: str = "", after: str = "", times: int = 40) -> str:
    return before + unit * times + after


CASES = {
    "table rows without tbody": _long('<tr><td class="c">x</td><td>y</td></tr>\n', "<table>", "</table>"),
    "cells open across pieces": _long('<td><span>x</span></td>', "<table><tr>", "</tr></table>"),
    "svg with self-closed paths": _long('<path d="M0 0L1 1"/><text x="1">t</text>', '<svg viewBox="0 0 9 9">', "</svg>"),
    "html inside svg": _long("<p>x</p>", "<svg>", "</svg>"),
    "a quoted > in an attribute": _long('<span title="a>b</span><div>">x</span>'),
    "script and style": _long('<div><script>var a = "<div>";</script><style>p{}</style>z</div>'),
    "paragraphs never closed": _long("<p>x\n"),
    "a paragraph around a div": _long("<p><div>x</div></p>"),
    "links inside links": _long('<a href="/a">x<a href="/b">y</a></a>'),
    "misnested formatting": _long("<b><i>x</b></i>"),
    "formatting open across pieces": _long("<span>x</span><em>y</em>", "<b>", "</b>"),
    "a self-closed div": _long("<div/>x</div>"),
    "upper case tags": _long('<DIV CLASS="a"><P>x</P></DIV>'),
    "comments and their odd ends": _long("<!--x--!><img src=x onerror=alert(1)><!---->y<!-->z"),
    "a bare < in text": _long("<p>a < b and <3, </ p></p>"),
    "unquoted attributes": _long("<a href=/x/y title=t>z</a>"),
    "handlers and scripts in links": _long('<a href="javascript:alert(1)" onclick="x()">y</a><img src="data:x" onerror=z>'),
    "a run of ampersands": _long("<div>" + "&" * 300 + "</div>"),
    "an element left open at the end": _long("<li>x</li>", "<ul>"),
    "a stray end tag": _long("<li>x</li></div>", "<ul>", "</ul>"),
    "unknown elements": _long("<font color=red><center>x</center></font><custom-tag>y</custom-tag>"),
    "a document's own tags": _long("<body><p>x</p></body>"),
    "details and forms": _long('<details open><summary>s</summary><form><input type="text" value="v"></form></details>'),
}


@pytest.mark.parametrize("html", CASES.values(), ids=CASES.keys())
def test_markup_cleaned_in_pieces_is_the_markup_cleaned_whole(html):
    assert len(html) > 2 * SMALL
    assert sanitize.clean(html, piece=SMALL) == sanitize.clean(html, piece=WHOLE)


def test_plainly_balanced_markup_is_split_and_the_rest_is_not():
    assert len(sanitize._pieces(CASES["table rows without tbody"], SMALL)) > 10
    assert len(sanitize._pieces(CASES["svg with self-closed paths"], SMALL)) > 10
    assert len(sanitize._pieces(CASES["a self-closed div"], SMALL)) > 5  # <div/> opens a div, as in HTML
    for odd in ("html inside svg", "script and style", "paragraphs never closed", "misnested formatting",
                "comments and their odd ends", "a bare < in text", "a stray end tag"):
        assert sanitize._pieces(CASES[odd], SMALL) is None, odd


MEASURE = r"""
import re
import sys
from tbvsite import sanitize
def peak():
    with open("/proc/self/status") as status:
        return int(re.search(r"VmHWM:\s+(\d+)", status.read()).group(1)) * 1024
row = '<tr><td data-label="a"><a href="../x/">Casus 1: een titel</a></td><td><ul><li>b</li></ul></td></tr>\n'
svg = '<g class="n"><rect x="1" y="2" width="3" height="4"/><text x="1" y="2">t</text></g>'
html = ('<div class="net"><svg viewBox="0 0 9 9">' + svg * 30000 + '</svg><table><tbody>' + row * 30000
        + '</tbody></table></div>')
before = peak()
out = sanitize.clean(html, piece=int(sys.argv[1]))
print(len(html), peak() - before)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak from /proc")
def test_a_long_page_is_cleaned_in_a_fraction_of_the_memory_of_the_whole():
    def grown(piece: int) -> tuple[int, int]:
        result = subprocess.run([sys.executable, "-c", MEASURE, str(piece)], capture_output=True, text=True,
                                env={**os.environ, "PYTHONHASHSEED": "0"}, check=True)
        size, grew = map(int, result.stdout.split())
        return size, grew

    size, in_pieces = grown(256 * 1024)
    _, whole = grown(WHOLE)
    assert size > 5_000_000
    # Measured: the whole page grew the peak by about twelve times its length, the pieces by about
    # two (the page and its cleaned copy).
    assert in_pieces < 4 * size, f"cleaning in pieces grew the peak by {in_pieces / size:.1f} times the page"
    assert whole > 2 * in_pieces, f"the whole page took {whole / size:.1f} times, the pieces {in_pieces / size:.1f}"
