"""The citation kit: BibTeX and RIS parse back, every vignette page carries the meta.

The sources of vignettes/sources.yml stay the cited sources (the reportage,
with its unknown year and venue left unknown); the vignette's dates are its publication and last change (from git or
front matter), never the build date.
"""

from __future__ import annotations

import datetime
import html
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from helpers import run_texts
from tbvsite.emit import Context, citation
from tbvsite.history import Commit, Version
from tbvsite.sources import load_sources

SOURCES, _ = load_sources(ROOT / "vignettes/sources.yml")
REPORTAGE = SOURCES["heederik-werken"]

ALPHA = """---
title: 'Alpha {100%} & "co" </script><b>'
summary: "Een casus met lastige tekens_ #1 $5 ~ ^ \\\\ en é."
source:
  - ref: heederik-werken
    section: Eerste sectie
actors: [anna]
strategies: [meebewegen]
concepts: [activisme]
questions:
  - Wat zou jij doen?
form: reflectie
---

Tekst.
"""


# ------------------------------------------------------------------ small parsers

def parse_bibtex(text: str) -> list[dict]:
    """Entries as {'type', 'key', fields...}; values with their outer braces removed.

    Refuses unbalanced braces, so an escaping mistake fails loudly.
    """
    entries = []
    position = 0
    while (match := re.compile(r"@(\w+)\s*\{\s*([^,\s]+)\s*,").search(text, position)):
        entry = {"type": match.group(1).lower(), "key": match.group(2)}
        i = match.end()
        while True:
            field = re.compile(r"\s*(\w+)\s*=\s*\{").match(text, i)
            if not field:
                closing = re.compile(r"\s*\}").match(text, i)
                assert closing, f"unexpected text at {i}: {text[i:i + 40]!r}"
                position = closing.end()
                break
            depth, j = 1, field.end()
            while depth:
                assert j < len(text), "unbalanced braces"
                if text[j] == "\\":
                    j += 2
                    continue
                depth += {"{": 1, "}": -1}.get(text[j], 0)
                j += 1
            entry[field.group(1).lower()] = text[field.end():j - 1]
            comma = re.compile(r"\s*,").match(text, j)
            i = comma.end() if comma else j
        entries.append(entry)
    return entries


def bib_unescape(value: str) -> str:
    value = value.replace(r"\textbackslash{}", "\\").replace(r"\^{}", "^").replace(r"\~{}", "~")
    value = value.replace(r"\textbraceleft{}", "{").replace(r"\textbraceright{}", "}")
    value = re.sub(r"\\([{}%&$#_])", r"\1", value)
    return value[1:-1] if value.startswith("{") and value.endswith("}") else value


def parse_ris(text: str) -> list[dict[str, list[str]]]:
    records, current = [], None
    for line in text.split("\r\n"):
        if not line.strip():
            continue
        match = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
        assert match, f"not a RIS line: {line!r}"
        tag, value = match.groups()
        if tag == "TY":
            assert current is None, "TY inside a record"
            current = {}
        assert current is not None, "a tag before TY"
        if tag == "ER":
            records.append(current)
            current = None
            continue
        current.setdefault(tag, []).append(value)
    assert current is None, "a record without ER"
    return records


class MetaParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.jsonld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name", "").startswith("citation_"):
            self.meta.append((attrs["name"], attrs.get("content", "")))
        self._in_ld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.jsonld.append(data)

    def handle_endtag(self, tag):
        self._in_ld = False


def page_meta(path: Path) -> MetaParser:
    parser = MetaParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# ------------------------------------------------------------------ pure emitters

@pytest.fixture
def tricky(tmp_path):
    result = run_texts(tmp_path, {"alpha.md": ALPHA})
    assert result.index is not None, result.problems
    return result.index


ADDED, EDITED = datetime.date(2026, 3, 4), datetime.date(2026, 5, 6)
VERSION = Version(ADDED, EDITED, (Commit("b" * 40, EDITED, "Edit"), Commit("a" * 40, ADDED, "Add")),
                  "vignettes/alpha.md", True)
CONTEXTS = [Context(site_name="Archief & co"),
            Context(site_name="Archief", site_url="https://example.org/tbv/", versions={"alpha": VERSION}),
            Context(site_name="Archief", site_url="https://example.org", use_directory_urls=False,
                    versions={"alpha": VERSION}, repo_url="https://github.com/org/archief")]


@pytest.mark.parametrize("context", CONTEXTS)
def test_bibtex_parses_back(tricky, context):
    vignette = tricky.by_slug["alpha"]
    entries = parse_bibtex(citation.bibtex(tricky, vignette, context))
    assert [(e["type"], e["key"]) for e in entries] == [("misc", "tbv-alpha"), ("misc", "heederik-werken")]
    assert "copyright" not in entries[0] and "publisher" not in entries[0]  # neither is a field of biblatex's @misc
    case, source = entries
    assert bib_unescape(case["title"]) == vignette.title
    assert bib_unescape(case["abstract"]) == " ".join(vignette.summary.split())
    assert case["author"] == "{" + citation.bib_text(context.site_name) + "}"  # braced: a corporate author
    assert case["related"] == "heederik-werken"
    if context.versions:
        assert case["date"] == ADDED.isoformat() and case["year"] == str(ADDED.year)  # published, not edited
        assert case["version"] == EDITED.isoformat() and "aaaaaaa" not in case["note"]
        assert "bbbbbbb" in case["note"]  # the commit of the version cited
        permalink = "https://github.com/org/archief/blob/" + "b" * 40 + "/vignettes/alpha.md"
        assert (permalink in bib_unescape(case["note"])) == bool(context.repo_url)
    else:
        assert not {"year", "version"} & case.keys() and case["date"] == "XXXX"  # EDTF: the year is unknown
    assert "urldate" not in case  # no invented access date
    assert ("url" in case) == bool(context.site_url)
    if context.site_url:
        suffix = "vignetten/alpha/" if context.use_directory_urls else "vignetten/alpha.html"
        assert case["url"] == context.site_url.rstrip("/") + "/" + suffix
    assert source["author"] == "Heederik, Janne"
    assert bib_unescape(source["title"]) == tricky.sources["heederik-werken"].title
    assert not {"year", "journal", "pages"} & source.keys() and source["date"] == "XXXX"
    assert "onbekend" in source["note"]


@pytest.mark.parametrize("context", CONTEXTS)
def test_ris_parses_back(tricky, context):
    vignette = tricky.by_slug["alpha"]
    text = citation.ris(tricky, vignette, context)
    case, source = parse_ris(text)
    assert case["TY"] == ["ELEC"] and case["TI"] == [vignette.title]
    assert "AU" not in case and case["PB"] == [context.site_name] and case["LA"] == ["nl"]  # no person made up
    assert ("DA" in case) == bool(context.versions) and ("UR" in case) == bool(context.site_url)
    if context.versions:
        assert case["DA"] == [ADDED.strftime("%Y/%m/%d")] and case["PY"] == [str(ADDED.year)]
        assert "6 mei 2026" in case["N1"][0]  # the version
    assert "CC BY 4.0" in case["N1"][0]
    assert "Y2" not in case  # RIS access date: never invented
    facets = tricky.vocabulary.facets
    assert case["KW"] == [facets["strategies"].terms["meebewegen"].label, facets["concepts"].terms["activisme"].label]
    assert source["AU"] == ["Heederik, Janne"] and source["TI"] == [tricky.sources["heederik-werken"].title]
    assert not {"PY", "DA", "JO", "T2", "SP"} & source.keys()


def test_page_meta_is_plain_data(tricky):
    context = Context(site_name="Archief", site_url="https://example.org/", versions={"alpha": VERSION},
                      repo_url="https://github.com/org/archief/")
    meta = citation.page_meta(tricky, tricky.by_slug["alpha"], context)
    names = [name for name, _ in meta["highwire"]]
    for required in ["citation_title", "citation_publication_date", "citation_language", "citation_publisher",
                     "citation_public_url", "citation_reference"]:
        assert required in names
    assert dict(meta["highwire"])["citation_publication_date"] == "2026/03/04"
    assert "citation_author" not in names  # nobody named: no person; the archive is the publisher
    assert dict(meta["highwire"])["citation_publisher"] == "Archief"
    ld = meta["jsonld"]
    assert ld["@type"] == ["Article", "LearningResource"]
    assert [t["termCode"] for t in ld["teaches"]] == ["meebewegen", "activisme"]
    assert ld["teaches"][0]["url"] == "https://example.org/strategieen/meebewegen/"
    assert ld["isBasedOn"][0]["author"][0]["name"] == "Janne Heederik"
    assert (ld["datePublished"], ld["dateModified"]) == ("2026-03-04", "2026-05-06")
    assert "datePublished" not in ld["isBasedOn"][0]  # the reportage's date is unknown
    assert ld["author"] == {"@type": "Organization", "name": "Archief", "url": "https://example.org/"}
    assert ld["archivedAt"] == "https://github.com/org/archief/blob/" + "b" * 40 + "/vignettes/alpha.md"
    assert "sameAs" not in ld  # the commit's text is an archived copy, not the page itself
    assert ld["teaches"][0]["inDefinedTermSet"] == {"@type": "DefinedTermSet", "name": "Strategieën",
                                                    "url": "https://example.org/strategieen/"}
    assert ld["license"] == citation.TEXT_LICENCE_URL


def test_block_without_date_or_url_says_so(tricky):
    block = citation.render_block(tricky, tricky.by_slug["alpha"], Context(site_name="Archief"))
    assert "(z.d.)" in block and "example.org" not in block and "github" not in block
    assert "nog geen verschijningsdatum" in block
    assert "../data/cite/alpha.bib" in block and "../data/cite/alpha.ris" in block


# ------------------------------------------------------------------ a real build

def test_tricky_page_meta_is_escaped(make_project, tricky):
    project = make_project(vignettes={"alpha.md": ALPHA}, extra_config={"site_url": "https://example.org/tbv/"})
    result = project.build()
    assert result.ok, result.log
    page = result.site / "vignetten/alpha/index.html"
    parsed = page_meta(page)
    meta = dict(parsed.meta)
    title = tricky.by_slug["alpha"].title
    assert meta["citation_title"] == title  # the HTML parser unescapes: the value survived whole
    assert meta["citation_public_url"] == "https://example.org/tbv/vignetten/alpha/"
    raw = page.read_text(encoding="utf-8")
    assert "</script><b>" not in raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    [ld_text] = parsed.jsonld
    ld = json.loads(ld_text)
    assert ld["headline"] == title and ld["url"] == meta["citation_public_url"]
    # The downloads exist and are the emitter's output.
    entries = parse_bibtex((result.site / "data/cite/alpha.bib").read_text(encoding="utf-8"))
    assert bib_unescape(entries[0]["title"]) == title
    assert parse_ris((result.site / "data/cite/alpha.ris").read_bytes().decode("utf-8"))[0]["TI"] == [title]


# The four cases of the reportage (content); every other case cites a source of its own (structure).
REPORTAGE_CASES = {"bewonersavond", "budgetaanvraag", "heidag", "projectoverleg"}


def _first_author(slug: str) -> tuple[str, str]:
    """The family name (or literal name) of the first author of a vignette's first source, and as BibTeX/RIS write it."""
    from tbvsite import pipeline
    result = pipeline.run(ROOT / "vignettes", ROOT / "vignettes" / "taxonomy.yml", root=ROOT)
    vignette = next(v for v in result.vignettes if v.slug == slug)
    author = result.sources[vignette.source[0].ref].csl["author"][0]
    if "family" in author:
        return author["family"], f"{author['family']}, {author['given']}" if author.get("given") else author["family"]
    return author["literal"], author["literal"]


def test_every_real_vignette_page_carries_the_kit(real_site):
    records = json.loads((real_site / "data/vignettes.json").read_text(encoding="utf-8"))
    assert len(records) >= 4
    assert REPORTAGE_CASES <= {r["slug"] for r in records}
    for record in records:
        family, full = _first_author(record["slug"])
        if record["slug"] in REPORTAGE_CASES:
            assert (family, full) == ("Heederik", "Heederik, Janne")
        page = real_site / record["url"] / "index.html"
        parsed = page_meta(page)
        meta = dict(parsed.meta)
        for name in ["citation_title", "citation_publication_date", "citation_language",
                     "citation_publisher", "citation_reference"]:
            assert meta.get(name), (record["slug"], name)
        assert meta["citation_title"] == record["title"]
        assert meta["citation_language"] == "nl"
        # The date the file was added to the repository, asked of git another way.
        added = subprocess.run(["git", "log", "--diff-filter=A", "--format=%cs", "--", f"vignettes/{record['slug']}.md"],
                               cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
        assert meta["citation_publication_date"] == added[-1].replace("-", "/"), record["slug"]
        assert record["published"] == added[-1]
        assert family in meta["citation_reference"]
        [ld_text] = parsed.jsonld
        ld = json.loads(ld_text)
        assert {"Article", "LearningResource"} <= set(ld["@type"]) and ld["educationalLevel"]
        assert {t["termCode"] for t in ld["teaches"]} == set(record["strategies"]) | set(record["concepts"])
        raw = page.read_text(encoding="utf-8")
        assert 'id="citeer-deze-casus"' in raw
        for ext in ("bib", "ris"):
            assert f'href="../../data/cite/{record["slug"]}.{ext}"' in raw
        bib = parse_bibtex((real_site / f"data/cite/{record['slug']}.bib").read_text(encoding="utf-8"))
        assert bib_unescape(bib[0]["title"]) == record["title"]
        assert bib_unescape(bib[1]["author"]).strip("{}") == full
        ris = parse_ris((real_site / f"data/cite/{record['slug']}.ris").read_bytes().decode("utf-8"))
        assert ris[0]["TI"] == [record["title"]] and ris[1]["AU"] == [full]
    # Pages that are not vignettes carry no citation meta.
    assert page_meta(real_site / "index.html").meta == []


def test_citation_cff():
    data = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert data["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "type"):
        assert data[key]
    [reportage] = data["references"]
    assert reportage["authors"] == [{"family-names": "Heederik", "given-names": "Janne"}]
    assert reportage["title"] == REPORTAGE.title
    assert not {"year", "date-published", "journal", "publisher", "start", "end"} & reportage.keys()
    assert "onbekend" in reportage["notes"]
    assert html.unescape(reportage["title"]) == reportage["title"]


def test_the_versions_block_escapes_commit_subjects_and_links_each_commit():
    """Instructor edition: a commit subject is anyone's text: escaped, never markup; the permalink and
    commits link out."""
    import datetime

    from tbvsite.emit import Context
    from tbvsite.emit.citation import render_versions
    from tbvsite.history import Commit, Version

    sha = "0123456789abcdef0123456789abcdef01234567"
    day = datetime.date(2025, 3, 4)
    version = Version(day, day, commits=(Commit(sha, day, '<img src=x onerror="alert(1)"> *vet* [a](b)'),),
                      path="vignettes/alpha.md", committed=True)
    out = render_versions(version, Context(repo_url="https://example.org/archief", instructor=True))
    assert "<img" not in out and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; *vet* [a](b)" in out
    assert f'<a href="https://example.org/archief/commit/{sha}">0123456</a>' in out
    assert (f'<a href="https://example.org/archief/blob/{sha}/vignettes/alpha.md">de tekst bij commit 0123456</a>'
            in out)
    bare = render_versions(version, Context(instructor=True))  # no repository known: the commit as code, no links
    assert "<a " not in bare and "<code>0123456</code>" in bare


def test_the_student_versions_show_editorial_notes_never_commit_subjects():
    """Student edition: per version its date, a link to its text and the front matter's note (issue 22)."""
    import datetime

    from tbvsite.emit import Context
    from tbvsite.emit.citation import render_versions
    from tbvsite.history import Commit, Version
    from tbvsite.model import Change

    old, new = "0" * 40, "1" * 40
    first, second, unlisted = datetime.date(2025, 3, 4), datetime.date(2025, 6, 1), datetime.date(2024, 1, 2)
    version = Version(first, second, commits=(Commit(new, second, "Fix: Eveline chose the letter"),
                                              Commit(old, first, "Add case")),
                      path="vignettes/alpha.md", committed=True)
    notes = (Change(second, "De scène volgt de bron nu <b>nauwer</b>."), Change(unlisted, "Eerste versie op papier."))
    out = render_versions(version, Context(repo_url="https://example.org/archief"), notes)
    assert "Eveline" not in out and "Add case" not in out and "/commit/" not in out
    assert "De scène volgt de bron nu &lt;b&gt;nauwer&lt;/b&gt;." in out  # a note is text
    assert f'<a href="https://example.org/archief/blob/{new}/vignettes/alpha.md">tekst van deze versie</a>' in out
    assert f'<a href="https://example.org/archief/blob/{old}/vignettes/alpha.md">tekst van deze versie</a>' in out
    rows = [line for line in out.splitlines() if line.startswith("<li>")]
    assert [row.split(":")[0] for row in rows] == ["<li>1 juni 2025", "<li>4 maart 2025", "<li>2 januari 2024"]
    assert "wijziging" in rows[1] and "Eerste versie op papier." in rows[2]
    english = render_versions(version, Context(repo_url="https://example.org/archief", language="en"), notes)
    assert "text of this version" in english and "Eveline" not in english
