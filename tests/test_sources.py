"""Sources as data (vignettes/sources.yml): located problems, citation by key, references by citeproc.

A second source (an interview) and a vignette resting on it are cited as that
source everywhere (page, JSON-LD, BibTeX, RIS, open data) and nothing of the
reportage, while the fixture vignettes keep citing the reportage with their
own sections and pages. Every reference on a built site is citeproc-py's.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from conftest import FIXTURES, ROOT
from helpers import run_texts
from tbvsite import frontmatter
from tbvsite.sources import FIELDWORK, TYPES, load_sources, parse_sources, render, style_path

INTERVIEW = """
  - id: interview-teamlid
    type: interview
    title: Gesprek met een teamlid over de wijkschouw
    author:
      - literal: Teamlid B (pseudoniem)
    interviewer:
      - family: Onderzoeker
        given: Olga
    issued: 2024-03-15
    tbv-consent: Schriftelijke toestemming; namen gepseudonimiseerd.
"""

DELTA = """---
title: De wijkschouw
summary: Een teamlid loopt met bewoners door de wijk.
source:
  - ref: interview-teamlid
    section: Tweede deel van het gesprek
    page: 3
actors: [anna]
strategies: [meebewegen]
concepts: [activisme]
questions:
  - Wat zou jij doen?
form: reflectie
---

Tekst.
"""


def _fixture_sources(extra: str = "") -> str:
    return (FIXTURES / "sources.yml").read_text(encoding="utf-8") + extra


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


# ------------------------------------------------------------------ sources.yml

def _problems(text: str) -> list[tuple[int, int, str, str]]:
    doc, problems = frontmatter.parse(text, "vignettes/sources.yml")
    assert doc is not None, problems
    _, problems = parse_sources(doc, "vignettes/sources.yml")
    return [(p.line, p.column, p.code, p.hint) for p in problems]


ITEM = "references:\n  - id: een-bron\n    type: book\n    title: Titel\n"


@pytest.mark.parametrize("name,text,expected", [
    ("unknown type", ITEM.replace("type: book", "type: boek"), (3, 11, "unknown-type", "did you mean 'book'?")),
    ("misspelled variable", ITEM + "    containter-title: Blad\n", (5, 5, "unknown-key", "did you mean 'container-title'?")),
    ("bad date", ITEM + "    issued: 15-03-2024\n", (5, 13, "bad-date", "")),
    ("bad id", ITEM.replace("id: een-bron", "id: Een Bron"), (2, 9, "bad-id", "")),
    ("missing type", ITEM.replace("    type: book\n", ""), (2, 5, "missing-key", "type")),
    ("name without family", ITEM + "    author:\n      - given: Anna\n", (6, 9, "missing-key", "literal")),
    ("duplicate id", ITEM + ITEM.split("\n", 1)[1], (5, 9, "duplicate-id", "")),
    ("consent on a book", ITEM + "    tbv-consent: Toestemming.\n", (5, 5, "consent-not-fieldwork", "interview")),
    ("not a list", "references: {id: x}\n", (1, 13, "wrong-type", "")),
    ("cited in an unknown source", ITEM + "    tbv-cited-in: een-brno\n", (5, 19, "unknown-source", "")),
    ("cited in itself", ITEM + "    tbv-cited-in: een-bron\n", (5, 19, "unknown-source", "")),
])
def test_a_malformed_item_is_located(name, text, expected):
    line, column, code, hint = expected
    found = _problems(text)
    assert any((l, c, k) == (line, column, code) and hint in h for l, c, k, h in found), found


def test_dates_in_both_forms_and_fieldwork_types_load():
    text = ("references:\n"
            "  - {id: a, type: interview, issued: 2024-03, tbv-consent: Toestemming gegeven.}\n"
            "  - {id: b, type: dataset, title: Veldnotities, issued: {date-parts: [[2023, 5, 1]]}}\n"
            "  - {id: c, type: personal_communication, issued: 2022}\n")
    doc, _ = frontmatter.parse(text, "s.yml")
    sources, problems = parse_sources(doc, "s.yml")
    assert not problems
    assert sources["a"].csl["issued"] == {"date-parts": [[2024, 3]]} and sources["a"].consent
    assert sources["b"].csl["issued"] == {"date-parts": [[2023, 5, 1]]}
    assert {s.type for s in sources.items.values()} == set(FIELDWORK) <= set(TYPES)


def test_the_real_sources_load_and_every_item_renders():
    sources, problems = load_sources(ROOT / "vignettes/sources.yml", "vignettes/sources.yml")
    assert not problems
    assert "heederik-werken" in sources
    # What the reportage does not say stays out: no date, no venue for the reportage.
    assert not {"issued", "container-title", "page"} & sources["heederik-werken"].csl.keys()
    rendered = render(sources, "nl")
    assert set(rendered) == set(sources.items) and all(rendered.values())


def test_a_missing_date_is_said_in_the_edition_language():
    sources, _ = load_sources(ROOT / "vignettes/sources.yml")
    assert "(z.d.)" in render(sources, "nl")["heederik-werken"]
    assert "(n.d.)" in render(sources, "en")["heederik-werken"]


# ------------------------------------------------------------------ citing by key

def test_an_unknown_key_is_located_with_a_hint(tmp_path):
    text = DELTA.replace("ref: interview-teamlid", "ref: heederik-werkne")
    result = run_texts(tmp_path, {"delta.md": text})
    [problem] = [p for p in result.problems if p.code == "unknown-source"]
    assert (problem.path, problem.line, problem.column) == ("vignettes/delta.md", 5, 10)
    assert "did you mean 'heederik-werken'?" in problem.hint


def _citeproc(item: dict, language: str) -> str:
    """The reference of one CSL item, asked of citeproc-py directly (not through tbvsite)."""
    style = CitationStylesStyle(str(style_path()), locale={"nl": "nl-NL", "en": "en-US"}[language], validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.html)
    citation = Citation([CitationItem(item["id"])])
    bibliography.register(citation)
    entries = bibliography.bibliography()
    if entries:
        return str(entries[0])
    return str(bibliography.cite(citation, lambda _: None)).strip("()")


def _spans(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<span class="tbv-ref" data-source="([^"]+)">(.*?)</span>', page)


def _visible(page: str) -> str:
    """The page without its tbv-ref spans, head metadata and scripts."""
    page = re.sub(r'<span class="tbv-ref".*?</span>', "", page)
    page = re.sub(r"<script.*?</script>|<meta[^>]*>|<head>.*?</head>", "", page, flags=re.S)
    return html.unescape(page)


@pytest.fixture
def two_sources(make_project):
    project = make_project(vignettes={**{p.name: p.read_text(encoding="utf-8") for p in FIXTURES.glob("*.md")},
                                      "delta.md": DELTA},
                           sources=_fixture_sources(INTERVIEW), extra_config={"site_url": "https://example.org/"})
    result = project.build()
    assert result.ok, result.log
    return project, result


def test_a_second_source_is_cited_as_itself_and_nothing_of_the_reportage(two_sources):
    project, result = two_sources
    page = result.page("vignetten/delta/index.html")
    # Bron line, citation block, printed colophon
    assert [key for key, _ in _spans(page)] == ["interview-teamlid"] * 3
    assert "Heederik" not in page and "heederik" not in page
    assert "Tweede deel van het gesprek" in html.unescape(page) and "vanaf p. 3" in html.unescape(page)
    assert "Schriftelijke toestemming; namen gepseudonimiseerd." in html.unescape(page)
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert [w["identifier"] for w in ld["isBasedOn"]] == ["interview-teamlid"]
    assert ld["isBasedOn"][0]["name"] == "Gesprek met een teamlid over de wijkschouw"
    for name in ("data/cite/delta.bib", "data/cite/delta.ris"):
        text = result.page(name)
        assert "interview-teamlid" in text and "Heederik" not in text and "heederik" not in text, name
    source_page = result.page("bronnen/interview-teamlid/index.html")
    assert "../../vignetten/delta/" in source_page and "Tweede deel van het gesprek" in html.unescape(source_page)
    assert "Schriftelijke toestemming" in html.unescape(source_page)
    records = {r["slug"]: r for r in json.loads(result.page("data/vignettes.json"))}
    assert records["delta"]["source"] == [{"ref": "interview-teamlid", "section": "Tweede deel van het gesprek",
                                           "page": 3}]
    # The fixture vignettes still rest on the reportage, with their own sections and pages.
    for path in sorted(FIXTURES.glob("*.md")):
        slug = path.stem
        expected = [{"ref": s["ref"], "section": s.get("section"), "page": int(s["page"]) if s.get("page") else None}
                    for s in _front_matter(path)["source"]]
        assert records[slug]["source"] == expected
        assert all(s["ref"] == "heederik-werken" for s in expected)
        page = result.page(f"vignetten/{slug}/index.html")
        assert {key for key, _ in _spans(page)} == {"heederik-werken"}
        for entry in expected:
            assert entry["section"] in html.unescape(page)
        ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
        assert [w["identifier"] for w in ld["isBasedOn"]] == ["heederik-werken"]
        assert "heederik-werken" in result.page(f"data/cite/{slug}.bib")
        assert "interview-teamlid" not in result.page(f"data/cite/{slug}.bib")
    explore = result.page("verkennen/index.html")
    assert re.search(r'<input type="checkbox" name="bron" value="interview-teamlid">', explore)
    assert re.search(r'data-slug="delta"[^>]*data-bron="interview-teamlid"', explore)
    assert re.search(r'data-slug="alpha"[^>]*data-bron="heederik-werken"', explore)
    bibliography = result.page("bibliografie/index.html")
    assert {key for key, _ in _spans(bibliography)} == {"heederik-werken", "interview-teamlid"}


def test_every_reference_on_a_site_is_citeprocs(two_sources):
    """Each tbv-ref span holds citeproc-py's own rendering; no source's reference appears outside one."""
    project, result = two_sources
    sources, _ = load_sources(project.vignettes / "sources.yml")
    expected = {key: _citeproc(source.csl, "nl") for key, source in sources.items.items()}
    seen = set()
    for page_path in result.site.rglob("*.html"):
        page = page_path.read_text(encoding="utf-8")
        for key, inner in _spans(page):
            assert html.unescape(re.sub(r"\\(.)", r"\1", inner)) == html.unescape(expected[key]), (page_path, key)
            seen.add(key)
        visible = _visible(page)
        for key, reference in expected.items():
            text = html.unescape(re.sub(r"<[^>]+>", "", reference))
            assert text[:25] not in visible, (page_path, key)
    assert seen == set(expected)


# ------------------------------------------------------------------ following the guide

GUIDE = ROOT / "docs/casus-toevoegen.md"


def _guide_section(heading: str) -> str:
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index(f"\n### {heading}\n")
    end = text.index("\n##", start + 5)
    return text[start:end]


@pytest.mark.slow  # the guide's commands on a fresh clone, builds included
def test_following_the_guide_on_a_fresh_clone_cites_the_interview(tmp_path):
    """'Een nieuwe bron toevoegen', literally: the source's YAML, then the 'tbvsite new' command shown there."""
    import shlex
    import subprocess
    import sys

    from tbvsite import cli

    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, capture_output=True, timeout=120)
    section = _guide_section("Een nieuwe bron toevoegen")
    item = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    sources = clone / "vignettes/sources.yml"
    sources.write_text(sources.read_text(encoding="utf-8") + "\n" + item, encoding="utf-8")
    [command] = re.findall(r"^\$ (tbvsite new .*)$", section, re.M)
    args = shlex.split(command)[1:]
    assert cli.run(["--root", str(clone), *args]) == 0
    slug = args[1]
    key = args[args.index("--source") + 1]
    path = clone / "vignettes" / f"{slug}.md"
    text = path.read_text(encoding="utf-8")
    assert re.search(rf"^  - ref: {key}$", text, re.M)
    # Filled in as stap 2 says, with ids of the real vocabulary.
    text = re.sub(r"^summary:$", "summary: Een teamlid loopt met bewoners door de wijk.", text, flags=re.M)
    text = re.sub(r"^form:$", "form: reflectie", text, flags=re.M)
    for facet, ids in {"actors": "tbv, bewoners", "logics": "buurtgestuurde-samenwerking",
                       "strategies": "heldere-communicatie", "concepts": "tussenpositie"}.items():
        text = text.replace(f"\n{facet}: []\n", f"\n{facet}: [{ids}]\n")
    text = re.sub(r"^objectives:\n  -$", "objectives:\n  - Een doel.\n  - Nog een doel.", text, flags=re.M)
    text = re.sub(r"^questions:\n  -$", "questions:\n" + "".join(f"  - Vraag {i}?\n" for i in range(4)).rstrip("\n"),
                  text, flags=re.M)
    text = re.sub(r"^# positions:\n#   - actor: \.\.\.\n#     strategy: \.\.\.\n#     note: \.\.\.$",
                  "positions:\n  - actor: tbv\n    strategy: heldere-communicatie\n    note: Het team wil helder zijn.",
                  text, flags=re.M)
    scene = " ".join(f"Zin {i} over de wijk." for i in range(160))  # the editorial rules ask 600 words or more
    text = text.replace("Vertel hier de scène in je eigen woorden.", scene)
    path.write_text(text, encoding="utf-8")
    (clone / "vignettes/teaching-notes" / f"{slug}.md").write_text("## Leerdoelen\n\nBespreek de wijkschouw.\n",
                                                                   encoding="utf-8")
    assert cli.run(["--root", str(clone), "check"]) == 0
    for config in ("mkdocs.yml", "mkdocs.instructor.yml"):
        out = clone / f"site-{config}"
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", str(out)],
                                cwd=clone, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
    site = clone / "site-mkdocs.yml"
    page = (site / f"vignetten/{slug}/index.html").read_text(encoding="utf-8")
    assert [k for k, _ in _spans(page)] == [key] * 3 and "Heederik" not in page  # Bron line, block, colophon
    assert "Vries, A. de" in html.unescape(page) or "Vries, Anna de" in html.unescape(page)  # the author
    for name in (f"data/cite/{slug}.bib", f"data/cite/{slug}.ris"):
        cite = (site / name).read_text(encoding="utf-8")
        assert key in cite and "Heederik" not in cite
    records = {r["slug"]: r for r in json.loads((site / "data/vignettes.json").read_text(encoding="utf-8"))}
    assert [s["ref"] for s in records[slug]["source"]] == [key]
    source_page = html.unescape((site / f"bronnen/{key}/index.html").read_text(encoding="utf-8"))
    assert "gepseudonimiseerd" in source_page and f"../../vignetten/{slug}/" in source_page


LITERATURE = """
  - id: abers-2019
    type: document
    author:
      - family: Abers
    issued: 2019
    tbv-cited-in: interview-teamlid
"""


def test_literature_is_cited_through_the_source_its_cited_in_names(make_project):
    """With two sources the vignettes rest on, tbv-cited-in says which one cites a work: the work is then
    cited 'zoals geciteerd in' that source (APA 7), and not listed as a reference of its own."""
    project = make_project(vignettes={**{p.name: p.read_text(encoding="utf-8") for p in FIXTURES.glob("*.md")},
                                      "delta.md": DELTA}, sources=_fixture_sources(INTERVIEW + LITERATURE))
    result = project.build()
    assert result.ok, result.log
    page = result.page("bronnen/abers-2019/index.html")
    assert "<title>Abers (2019) - " in page
    assert "(Abers, 2019, zoals geciteerd in Teamlid B (pseudoniem), persoonlijke communicatie, 15 maart 2024)" in page
    bibliography = result.page("bibliografie/index.html")
    assert "Abers. (2019)." not in bibliography and "zoals geciteerd in" in bibliography
