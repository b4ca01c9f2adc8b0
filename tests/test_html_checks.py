"""Every page of every edition, checked from its HTML alone (tests/htmlcheck.py), in seconds.

These checks used to be left to axe-core in Chromium on every page at every
width; what the HTML decides (language, ids and references, accessible names,
alt text, headings, landmarks, focus order) does not change with the width or
the colour scheme, so it is decided here for every page of the student, the
instructor and both folder editions, Dutch and English. The browser
(tests/test_every_page.py) then runs axe on every page at one width and on one
page of each kind at the other.

The second half proves that each check fails on a page that breaks it.
"""

from __future__ import annotations

import pytest

from htmlcheck import check_page

EDITIONS = ["real_site", "real_instructor_site", "offline_site", "instructor_offline_site"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_page_passes_the_html_checks(request, edition):
    site = request.getfixturevalue(edition)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100, f"only {len(pages)} pages in {site}"
    problems = []
    for page in pages:
        relative = page.relative_to(site).as_posix()
        language = "en" if relative.startswith("en/") else "nl"
        problems += [f"{relative}: {p}" for p in check_page(page.read_text(encoding="utf-8"), language)]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60])


# ------------------------------------------------------------------ each check fails on a page that breaks it

GOOD = """<!doctype html><html lang="nl"><head><title>T</title></head><body>
<header><a href="#main">Naar de inhoud</a><nav aria-label="Menu"><a href="/">Start</a></nav></header>
<nav aria-label="Inhoudsopgave"><a href="#een">Een</a></nav>
<main id="main"><article><h1 id="een">Titel <a class="headerlink" href="#een">¶</a></h1>
<h2>Deel</h2><h3>Stuk</h3><h2>Ander deel</h2>
<p lang="en-GB">English words</p>
<img src="a.png" alt=""><a href="/x/"><svg role="img"><title>Icoon</title></svg></a>
<label for="q">Zoek</label><input id="q" type="search"><input type="hidden" name="h">
<button aria-label="Sluiten"><svg></svg></button>
<details><summary>Meer</summary><p>Tekst</p></details>
<div hidden><a href="/verborgen/"></a></div>
<input class="md-toggle" type="checkbox" id="__drawer"><label for="__drawer">Menu</label>
</article></main><footer><p>Voet</p></footer></body></html>"""

BROKEN = [
    ("lang", '<html lang="nl">', "<html>", "<html> has no lang"),
    ("lang", '<html lang="nl">', '<html lang="en">', "on a page of the 'nl' edition"),
    ("lang", 'lang="en-GB"', 'lang="engels!"', "is no language tag"),
    ("ids", '<h2>Deel</h2>', '<h2 id="een">Deel</h2>', "id 'een' 2 times"),
    ("ids", '<label for="q">', '<label for="qq">', "for='qq' names no id"),
    ("ids", '<button aria-label="Sluiten">', '<button aria-label="Sluiten" aria-controls="paneel">',
     "aria-controls='paneel' names no id"),
    ("names", '<a href="/x/"><svg role="img"><title>Icoon</title></svg></a>', '<a href="/x/"><svg></svg></a>',
     "<a>: has no accessible name"),
    ("names", '<button aria-label="Sluiten">', "<button>", "<button>: has no accessible name"),
    ("names", '<label for="q">Zoek</label>', "", "<input#q>: has no accessible name"),
    ("names", '<img src="a.png" alt="">', '<img src="a.png">', "an image without alt"),
    ("names", '<h2>Deel</h2>', '<h2>Deel <a href="#d">¶</a></h2>', "is named only '¶'"),
    ("names", "<title>Icoon</title>", "", "<svg>: has no accessible name"),
    ("headings", '<h2>Deel</h2><h3>Stuk</h3>', '<h2>Deel</h2><h4>Stuk</h4>', "h4 after h2 skips a level"),
    ("headings", "<h2>Ander deel</h2>", "<h2> </h2>", "an empty heading"),
    ("headings", "<h2>Ander deel</h2>", "<h1>Nog een titel</h1>", "2 h1 headings"),
    ("landmarks", "<main id=\"main\">", "<div id=\"main\">", "0 main landmarks"),
    ("landmarks", "<footer><p>Voet</p></footer>", "", "0 contentinfo landmarks"),
    ("landmarks", '<nav aria-label="Inhoudsopgave">', "<nav>", "one of 2 navigation landmarks without a name"),
    ("landmarks", "<summary>Meer</summary>", '<summary tabindex="3">Meer</summary>', "tabindex=3"),
]


def test_a_sound_page_passes():
    assert check_page(GOOD, "nl") == []


@pytest.mark.parametrize("check,old,new,expected", BROKEN, ids=[f"{b[0]}-{i}" for i, b in enumerate(BROKEN)])
def test_each_check_fails_on_a_page_that_breaks_it(check, old, new, expected):
    assert old in GOOD
    page = GOOD.replace(old, new, 1)
    if old.startswith("<main"):  # the element renamed: its end tag too
        page = page.replace("</main>", "</div>", 1)
    problems = check_page(page, "nl")
    assert any(p.startswith(f"{check}: ") and expected in p for p in problems), problems


def test_hidden_parts_and_repaired_markup_are_left_out():
    """A hidden link needs no name; Material's permalinks and state checkboxes are named in the page by
    a11y.js (and checked there by axe), so the HTML check leaves them out."""
    page = GOOD.replace('<div hidden><a href="/verborgen/"></a></div>', '<div aria-hidden="true"><button></button></div>')
    assert check_page(page, "nl") == []
