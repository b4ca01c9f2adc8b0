"""The adversarial corpus: bad inputs a researcher can produce, each refused with a location.

Every case runs ``tbvsite check --format json`` on a small project (the
fixture taxonomy and vignettes, with ``alpha.md`` replaced or extra files
added) and asserts the exit code and the exact set of ``path:line`` + code of
the errors. Wording is free to change; codes and locations are not.

Line numbers refer to the fixture ``alpha.md``::

     1 ---                          14   - actor: anna
     2 title: Alpha                 15     strategy: meebewegen
     3 summary: De eerste casus.    16     note: Anna wil kleine stappen.
     4 order: 1                     17 questions:
     5 source:                      18   - Wat zou jij doen?
     6   - section: Eerste sectie   19 form: beslissing
     7     page: 54                 20 chosen: [brief]
     8 objectives:                  21 ---
     9   - Begrijpen wat ...        23 ## De scène
    10 actors: [anna, ben]          27 ## Het dilemma
    11 strategies: [meebewegen, brief]  31 ## Hoe het afliep
    12 concepts: [activisme]        35 ## Analyse
    13 positions:                   37 De brief is een kleine stap van het team.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tbvsite import cli
from tbvsite.loader import load_vignette
from tbvsite.fields import fields_for
from tbvsite.model import Problem, Vignette
from tbvsite.validate import validate

from helpers import FIXTURES, fixture_vocabulary

ALPHA = (FIXTURES / "alpha.md").read_text(encoding="utf-8")
A = "vignettes/alpha.md"
TAX = "vignettes/taxonomy.yml"


def alpha(old: str, new: str) -> str:
    assert old in ALPHA, old
    return ALPHA.replace(old, new, 1)


def body(extra: str) -> str:
    """alpha.md with ``extra`` as line 39 (a new last line of the body)."""
    return ALPHA.rstrip("\n") + "\n" + extra + "\n"


@dataclass
class Case:
    id: str
    files: dict[str, str | bytes]  # relative to the project root; replaces fixture files of the same name
    expected: set[str]  # "path:line:code" of every error (line 0: the file as a whole)
    exit: int = 1
    args: tuple[str, ...] = ()
    taxonomy: str | None = None
    loaded: dict[str, str] = field(default_factory=dict)  # for accepted cases: key -> the value kept


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))

CASES = [
    # -- YAML syntax -------------------------------------------------------
    Case("unquoted-colon", {A: alpha("title: Alpha", "title: Casus: de brief")}, {f"{A}:2:yaml-syntax"}),
    Case("unclosed-quote", {A: alpha("title: Alpha", 'title: "Alpha')}, {f"{A}:2:yaml-syntax"}),
    Case("tab-indentation", {A: alpha("  - ref: heederik-werken", "\t- ref: heederik-werken")},
         {f"{A}:6:yaml-syntax"}),
    Case("unclosed-flow-list", {A: alpha("actors: [anna, ben]", "actors: [anna, ben")}, {f"{A}:11:yaml-syntax"}),
    Case("bad-indentation", {A: alpha("    page: 54", "     page: 54")}, {f"{A}:8:yaml-syntax"}),
    # -- the front-matter block ---------------------------------------------
    Case("unclosed-front-matter", {A: ALPHA.replace("---\n\n## De", "\n## De")}, {f"{A}:1:unclosed-front-matter"}),
    Case("empty-front-matter", {A: "---\n---\n\nTekst.\n"}, {f"{A}:1:empty-front-matter"}),
    Case("front-matter-is-a-list", {A: "---\n- title\n- summary\n---\n"}, {f"{A}:2:not-a-mapping"}),
    Case("front-matter-is-a-scalar", {A: "---\nzomaar wat tekst\n---\n"}, {f"{A}:2:not-a-mapping"}),
    Case("no-front-matter", {A: "# Alpha\n\nAlleen tekst.\n"}, {f"{A}:1:no-front-matter"}),
    Case("text-after-opening-fence", {A: ALPHA.replace("---\n", "--- title: Alpha\n", 1)}, {f"{A}:1:no-front-matter"}),
    # -- encodings and line ends ---------------------------------------------
    Case("bom-and-crlf-accepted", {A: b"\xef\xbb\xbf" + ALPHA.replace("\n", "\r\n").encode()}, set(), exit=0,
         loaded={"title": "Alpha"}),
    Case("latin-1", {A: alpha("De eerste casus.", "De eerste casus, één.").encode("latin-1")}, {f"{A}:3:encoding"}),
    Case("utf-16", {A: ALPHA.encode("utf-16")}, {f"{A}:1:encoding"}),
    Case("file-too-large", {A: body("x" * 1_000_001)}, {f"{A}:1:too-large"}),
    Case("front-matter-too-large", {A: alpha("title: Alpha", "title: Alpha\nx: " + "y" * 100_001)},
         {f"{A}:2:too-large"}),
    # -- keys ---------------------------------------------------------------
    Case("duplicate-key", {A: alpha("title: Alpha", "title: Alpha\ntitle: Alfa")}, {f"{A}:3:duplicate-key"}),
    Case("non-string-key", {A: alpha("order: 1", "1: eerste")}, {f"{A}:4:non-string-key"}),
    Case("complex-key", {A: alpha("order: 1", "? [a, b]\n: c")}, {f"{A}:4:non-string-key"}),
    Case("misspelled-key", {A: alpha("title: Alpha", "titel: Alpha")},
         {f"{A}:2:unknown-key", f"{A}:2:missing-key"}),
    Case("missing-required-key", {A: alpha("questions:\n  - Wat zou jij doen?\n", "")}, {f"{A}:2:missing-key"}),
    Case("unknown-key-in-position", {A: alpha("    note: Anna", "    notitie: Anna")}, {f"{A}:17:unknown-key"}),
    # -- YAML 1.1 typing: kept as the typed text, or refused where a number is wanted --
    Case("yaml11-boolean-kept", {A: alpha("title: Alpha", "title: NO")}, set(), exit=0, loaded={"title": "NO"}),
    Case("yaml11-yes-kept", {A: alpha("summary: De eerste casus.", "summary: yes")}, set(), exit=0,
         loaded={"summary": "yes"}),
    Case("yaml11-number-kept", {A: alpha("title: Alpha", "title: 1.10")}, set(), exit=0, loaded={"title": "1.10"}),
    Case("octal-kept", {A: alpha("title: Alpha", "title: 0755")}, set(), exit=0, loaded={"title": "0755"}),
    Case("date-kept-as-text", {A: alpha("title: Alpha", "title: 2024-01-31")}, set(), exit=0,
         loaded={"title": "2024-01-31"}),
    Case("date-where-a-page-is-wanted", {A: alpha("page: 54", "page: 2024-01-31")}, {f"{A}:8:wrong-type"}),
    Case("impossible-date", {A: alpha("title: Alpha", "title: 2024-02-31")}, set(), exit=0,
         loaded={"title": "2024-02-31"}),
    Case("hash-in-unquoted-value", {A: alpha("title: Alpha", "title: Casus #5")}, {f"{A}:2:comment-in-value"}),
    # -- values ---------------------------------------------------------------
    Case("unknown-term", {A: alpha("actors: [anna, ben]", "actors: [anna, bem]")}, {f"{A}:11:unknown-term"}),
    Case("wrong-type-list", {A: alpha("actors: [anna, ben]", "actors: anna")}, {f"{A}:11:wrong-type"}),
    Case("wrong-type-text", {A: alpha("title: Alpha", "title: [Alpha]")}, {f"{A}:2:wrong-type"}),
    Case("wrong-type-number", {A: alpha("order: 1", "order: eerste")}, {f"{A}:4:wrong-type"}),
    Case("page-out-of-range", {A: alpha("page: 54", "page: 0")}, {f"{A}:8:out-of-range"}),
    Case("empty-required-list", {A: alpha("actors: [anna, ben]", "actors: []")},
         {f"{A}:11:empty-list"}),
    Case("empty-title", {A: alpha("title: Alpha", 'title: ""')}, {f"{A}:2:empty-value"}),
    Case("title-too-long", {A: alpha("title: Alpha", "title: " + "A" * 161)}, {f"{A}:2:too-long"}),
    Case("bad-term-id", {A: alpha("actors: [anna, ben]", "actors: [anna, Ben Bakker]")}, {f"{A}:11:bad-id"}),
    Case("duplicate-term", {A: alpha("actors: [anna, ben]", "actors: [anna, ben, anna]")},
         {f"{A}:11:duplicate-term"}),
    Case("position-untagged-actor", {A: alpha("  - actor: anna", "  - actor: cor")}, {f"{A}:15:position-untagged"}),
    Case("position-untagged-strategy", {A: alpha("    strategy: meebewegen", "    strategy: confronteren")},
         {f"{A}:16:position-untagged"}),
    # -- tags, anchors, aliases ---------------------------------------------
    Case("custom-tag", {A: alpha("title: Alpha", "title: !mijn Alpha")}, {f"{A}:2:yaml-tag"}),
    Case("python-tag", {A: alpha("title: Alpha", "title: !!python/object/apply:os.system [ls]")},
         {f"{A}:2:yaml-tag"}),
    Case("anchor", {A: alpha("title: Alpha", "title: &t Alpha")}, {f"{A}:2:yaml-anchor"}),
    Case("alias", {A: alpha("summary: De eerste casus.", "summary: *t")}, {f"{A}:3:yaml-alias"}),
    Case("merge-key", {A: alpha("order: 1", "<<: {order: 1}")}, {f"{A}:4:yaml-merge"}),
    Case("alias-bomb", {A: alpha("order: 1", BOMB.rstrip())}, {f"{A}:4:yaml-anchor"}),
    Case("recursive-alias", {A: alpha("order: 1", "x: &x [*x]")}, {f"{A}:4:yaml-anchor"}),
    Case("deep-nesting", {A: alpha("order: 1", "x: " + "[" * 40 + "]" * 40)}, {f"{A}:4:too-deep"}),
    # -- invisible characters -------------------------------------------------
    Case("control-character", {A: alpha("title: Alpha", "title: Al\x07pha")}, {f"{A}:2:control-character"}),
    Case("bidi-override", {A: alpha("summary: De eerste", "summary: De \u202eeerste")}, {f"{A}:3:control-character"}),
    Case("zero-width-in-id", {A: alpha("actors: [anna, ben]", "actors: [anna, b\u200ben]")},
         {f"{A}:11:control-character"}),
    # -- HTML: escaped in plain-text fields, refused in the body ---------------
    Case("html-in-title-accepted", {A: alpha("title: Alpha", "title: <b>Alpha</b><script>x()</script>")}, set(),
         exit=0, loaded={"title": "<b>Alpha</b><script>x()</script>"}),
    Case("html-in-summary-accepted", {A: alpha("summary: De eerste casus.", 'summary: "<img src=x onerror=y()>"')},
         set(), exit=0, loaded={"summary": "<img src=x onerror=y()>"}),
    Case("script-in-body", {A: body("<script>alert(1)</script>")}, {f"{A}:39:raw-html"}),
    Case("event-handler-in-body", {A: body('<img src="x.png" alt="" onerror="alert(1)">')},
         {f"{A}:39:html-event-handler"}),
    Case("javascript-link-in-body", {A: body("[klik](javascript:alert(1))")}, {f"{A}:39:unsafe-url"}),
    Case("entity-hidden-javascript", {A: body("[klik](&#106;avascript:alert(1))")}, {f"{A}:39:unsafe-url"}),
    Case("data-url-image", {A: body("![x](data:image/svg+xml;base64,PHN2Zz4=)")}, {f"{A}:39:unsafe-url"}),
    Case("iframe-in-body", {A: body('<iframe src="https://example.org"></iframe>')}, {f"{A}:39:raw-html"}),
    Case("script-in-code-accepted", {A: body("`<script>` en\n\n```\n<script>x</script>\n```")}, set(), exit=0),
    Case("script-in-term-description", {TAX: (FIXTURES / "taxonomy.yml").read_text(encoding="utf-8").replace(
        "description: Ben werkt bij de gemeente.", "description: Ben <script>x()</script>")},
         {f"{TAX}:15:raw-html"}),
    # -- across files -------------------------------------------------------
    Case("duplicate-title", {"vignettes/beta.md": (FIXTURES / "beta.md").read_text(encoding="utf-8").replace(
        "title: Beta", "title: alpha")}, {"vignettes/beta.md:2:duplicate-title"}),
    Case("bad-file-name", {"vignettes/Mijn Casus.md": ALPHA.replace("title: Alpha", "title: Mijn casus")},
         {"vignettes/Mijn Casus.md:0:bad-slug"}),
    Case("stray-file-in-subfolder", {"vignettes/concepten/delta.md": ALPHA}, {"vignettes/concepten/delta.md:0:stray-file"}),
    Case("broken-taxonomy", {TAX: "facets:\n  actors:\n    label: A\n  actors:\n    label: B\n"}, {f"{TAX}:4:duplicate-key"}),
    Case("ten-broken-files", {f"vignettes/kapot-{i}.md": ALPHA.replace("title: Alpha", f"title: Kapot {i}").replace(
        "actors: [anna, ben]", "actors: [anna, bem]") for i in range(10)},
         {f"vignettes/kapot-{i}.md:11:unknown-term" for i in range(10)}),
    # -- usage ---------------------------------------------------------------
    Case("missing-path-is-usage", {}, set(), exit=2, args=("vignettes/bestaat-niet.md",)),
]

TAXONOMY = (FIXTURES / "taxonomy.yml").read_text(encoding="utf-8")
NOTES = "vignettes/teaching-notes"


def tax(old: str, new: str) -> str:
    assert old in TAXONOMY, old
    return TAXONOMY.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


NEW_FACET = "positions:\n"  # a facet inserted before the positions: a key of the open data
URL_FACET = tax(NEW_FACET, "  url:\n    label: Adressen\n    segment: adressen\n    terms:\n"
                           "      een: {label: Een, description: Een term.}\n" + NEW_FACET)
INDEX_TERM = tax("    terms:\n      activisme:", "    terms:\n      index: {label: Index, description: Een term.}\n"
                 "      activisme:")
INTRO = tax("    segment: actoren\n", "    segment: actoren\n    intro: '<img src=x onerror=alert(1)>'\n")
SCALE_LIST = tax("low: meebewegen", "low: [meebewegen, zacht]")
LONG_SLUG = "a" * 252
DEEP_LIST = "".join("    " * i + "- punt\n" for i in range(300)).rstrip("\n")
DEEP_DIV = "<div markdown>\n" * 500 + "tekst\n" + "</div>\n" * 500
NOTE_FILES = {f"{NOTES}/{name}.md": "Een gewone notitie.\n" for name in ("alpha", "beta", "gamma")}

# The issue's classes (#12): each is refused with its location (the sanitiser is tested in a build below).
CASES += [
    # -- script the old scan let through ------------------------------------
    Case("attr-list-autofocus-onfocus", {A: body('Tekst\n{: autofocus onfocus="alert(1)" }')},
         {f"{A}:40:attr-list", f"{A}:40:html-event-handler"}),
    Case("attr-list-onerror-on-image", {A: body('![x](x.png){ onerror="alert(1)" }')}, {f"{A}:39:html-event-handler"}),
    Case("attr-list-javascript-href", {A: body('[klik](https://example.org){ href="javascript:alert(1)" }')},
         {f"{A}:39:unsafe-url"}),
    Case("attr-list-toc-label", {A: body('## Kop { data-toc-label="x" }')}, {f"{A}:39:attr-list"}),
    Case("attr-list-allowed", {A: body("## Kop {: #eigen-kop .klasse lang=en title=Kop }")}, set(), exit=0),
    Case("braces-in-prose-accepted", {A: body("Een {tussenzin} in de tekst.")}, set(), exit=0),
    Case("gt-inside-quoted-attribute", {A: body('<img src="x.png" alt="a>b" onerror="alert(1)">')},
         {f"{A}:39:html-event-handler"}),
    Case("tag-name-with-colon", {A: body('<x:y onclick="alert(1)">z</x:y>')}, {f"{A}:39:raw-html"}),
    Case("short-comment-ends-early", {A: body("<!--> <img src=x onerror=alert(1)> -->")},
         {f"{A}:39:html-event-handler"}),
    Case("three-dash-comment-ends-early", {A: body("<!---> <img src=x onerror=alert(1)> -->")},
         {f"{A}:39:html-event-handler"}),
    Case("backticks-across-paragraphs", {A: body("Een ` hier.\n\n<img src=x onerror=alert(1)>\n\nEn ` daar.")},
         {f"{A}:41:html-event-handler"}),
    Case("backtick-line-that-is-no-fence", {A: body("```x```\n<img src=x onerror=alert(1)>\n```")},
         {f"{A}:40:html-event-handler"}),
    Case("unclosed-tag-at-end", {A: body('<img src="x.png" alt="')}, {f"{A}:39:unclosed-tag"}),
    Case("reference-url-on-next-line", {A: body("[klik][x]\n\n[x]:\n    javascript:alert(1)")},
         {f"{A}:42:unsafe-url"}),
    Case("reference-in-blockquote", {A: body("> [klik][x]\n>\n> [x]: javascript:alert(1)")},
         {f"{A}:41:unsafe-url"}),
    Case("reference-in-list-item", {A: body("- [klik][x]\n\n    [x]: javascript:alert(1)")},
         {f"{A}:41:unsafe-url"}),
    Case("facet-intro-is-scanned", {TAX: INTRO}, {f"{TAX}:{line_of(INTRO, 'segment: actoren')}:html-event-handler"}),
    Case("teaching-note-is-scanned", {**NOTE_FILES, f"{NOTES}/alpha.md": "Zie <script>alert(1)</script>\n"},
         {f"{NOTES}/alpha.md:1:raw-html"}),
    # -- pages lost or overwritten --------------------------------------------
    *(Case(f"vignette-named-{name}", {f"vignettes/{name}.md": alpha("title: Alpha", f"title: Casus {name}")},
           {f"vignettes/{name}.md:0:reserved-name"}) for name in ("index", "hand-out", "hand-out-maken")),
    Case("term-id-index", {TAX: INDEX_TERM}, {f"{TAX}:{line_of(INDEX_TERM, 'index: {')}:reserved-name"}),
    *(Case(f"segment-{segment}", {TAX: tax("segment: actoren", f"segment: {segment}")},
           {f"{TAX}:6:reserved-name"}) for segment in ("verkennen", "netwerk", "data", "assets", "search", "slug")),
    Case("segment-of-a-docs-page", {TAX: tax("segment: actoren", "segment: reportage"), "docs/reportage.md": "# R\n"},
         {f"{TAX}:6:reserved-name"}),
    Case("facet-id-shadows-a-record-key", {TAX: URL_FACET}, {f"{TAX}:{line_of(URL_FACET, '  url:')}:reserved-id"}),
    Case("slug-too-long", {f"vignettes/{LONG_SLUG}.md": alpha("title: Alpha", "title: Lang")},
         {f"vignettes/{LONG_SLUG}.md:0:too-long"}),
    # -- crashes, hangs, corrupt output -----------------------------------------
    Case("list-nested-300-deep", {A: body(DEEP_LIST)}, {f"{A}:{39 + 25}:too-deep"}),
    Case("div-nested-500-deep", {A: body(DEEP_DIV)}, {f"{A}:{39 + 24}:too-deep"}),
    Case("brackets-nested-deep", {A: body("[" * 10000)}, {f"{A}:39:too-deep"}),
    Case("scale-end-as-a-list", {TAX: SCALE_LIST}, {f"{TAX}:{line_of(SCALE_LIST, 'spectrum:')}:wrong-type"}),
    *(Case(f"yaml-escape-{name}", {A: alpha("title: Alpha", f'title: "Al{escape}pha"')}, {f"{A}:2:control-character"})
      for name, escape in (("bidi", "\\u202E"), ("nul", "\\0"), ("escape", "\\e"), ("zero-width", "\\u200B"))),
    Case("yaml-escape-in-taxonomy", {TAX: tax("label: Anna", 'label: "An\\u202Ena"')},
         {f"{TAX}:{line_of(TAXONOMY, 'label: Anna')}:control-character"}),
]


def make(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    root = tmp_path / "project"
    (root / "vignettes").mkdir(parents=True)
    (root / TAX).write_text((FIXTURES / "taxonomy.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "vignettes/sources.yml").write_text((FIXTURES / "sources.yml").read_text(encoding="utf-8"), encoding="utf-8")
    for p in FIXTURES.glob("*.md"):
        (root / "vignettes" / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            (root / name).write_bytes(content)
        else:
            (root / name).write_text(content, encoding="utf-8")
    return root


def check(root: Path, capsys, *args: str) -> tuple[int, list[dict]]:
    code = cli.run(["--root", str(root), "check", "--format", "json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out) if code != 2 else []


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, tmp_path, capsys, monkeypatch):
    root = make(tmp_path, case.files)
    monkeypatch.chdir(root)
    code, problems = check(root, capsys, *case.args)
    found = {f"{p['path']}:{p['line']}:{p['code']}" for p in problems if p["severity"] == "error"}
    assert (code, found) == (case.exit, case.expected), problems
    for p in problems:  # every problem is located and says how to fix it
        assert p["message"] and p["hint"], p
    if case.loaded:
        vocabulary = fixture_vocabulary()
        path = root / A
        vignette, found_problems = load_vignette(path, vocabulary, fields_for(vocabulary), A)
        assert vignette is not None, found_problems
        for key, value in case.loaded.items():
            assert getattr(vignette, key) == value


def test_duplicate_key_names_both_lines(tmp_path, capsys):
    root = make(tmp_path, {A: alpha("title: Alpha", "title: Alpha\ntitle: Alfa")})
    _, problems = check(root, capsys)
    [problem] = problems
    assert "2" in problem["message"] and "3" in problem["message"]


def test_alias_bomb_is_refused_in_under_100_ms(tmp_path, capsys):
    root = make(tmp_path, {A: alpha("order: 1", BOMB.rstrip())})
    vocabulary = fixture_vocabulary()
    started = time.perf_counter()
    vignette, problems = load_vignette(root / A, vocabulary, fields_for(vocabulary), A)
    elapsed = time.perf_counter() - started
    assert vignette is None and [p.code for p in problems] == ["yaml-anchor"]
    assert elapsed < 0.1, f"{elapsed * 1000:.1f} ms"


def test_duplicate_slug_is_refused():
    # One folder cannot hold two files with one name; two roots fed to validate() can.
    vocabulary = fixture_vocabulary()
    first = Vignette(slug="alpha", path="a/alpha.md", title="Alpha", summary="s", body="")
    second = Vignette(slug="alpha", path="b/alpha.md", title="Alfa", summary="s", body="")
    problems = validate([first, second], vocabulary)
    assert [(p.path, p.line, p.code) for p in problems] == [("b/alpha.md", 1, "duplicate-slug")]


def test_text_report_is_sorted_clickable_and_summarised(tmp_path, capsys):
    files = {f"vignettes/kapot-{i}.md": ALPHA.replace("title: Alpha", f"title: Kapot {i}").replace(
        "actors: [anna, ben]", "actors: [anna, bem]") for i in (3, 1, 2)}
    root = make(tmp_path, files)
    assert cli.run(["--root", str(root), "check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    located = [line for line in lines if line.startswith("vignettes/")]
    assert located == sorted(located) and len(located) == 3
    assert all(line.split(":")[1:3] == ["11", "16"] and ": unknown-term: " in line for line in located)
    assert sum(line.startswith("    hint: did you mean 'ben'?") for line in lines) == 3
    assert lines[-1].startswith("3 errors, 0 warnings in 3 files")


# -- in a real build: the same problems stop MkDocs; MkDocs checks body links ----

def _project(make_project, alpha_text: str):
    files = {p.name: p.read_text(encoding="utf-8") for p in FIXTURES.glob("*.md")}
    return make_project(vignettes={**files, "alpha.md": alpha_text})


@pytest.mark.parametrize("strict", [True, False])
def test_refusals_stop_the_build_with_or_without_strict(make_project, strict):
    result = _project(make_project, body("<script>alert(1)</script>")).build(strict=strict)
    assert not result.ok
    assert f"{A}:39:1: raw-html: " in result.log


def test_broken_link_in_a_body_names_the_source_file_and_line(make_project):
    result = _project(make_project, body("[weg](bestaat-niet.md)")).build(strict=True)
    assert not result.ok
    # tbvsite checks link targets itself, so the message names the file the researcher edits.
    assert f"{A}:39:7: broken-link: " in result.log, result.log
    assert "did you mean 'vignetten/beta.md'?" in result.log


def test_broken_anchor_in_a_body_fails_the_build(make_project):
    result = _project(make_project, body("[weg](beta.md#geen-kop)")).build(strict=True)
    assert not result.ok
    # Anchors are MkDocs' own check: it names the generated page of the vignette and the anchor.
    assert any("vignetten/alpha.md" in line and "#geen-kop" in line for line in result.log.splitlines()), result.log


def test_html_in_plain_text_fields_is_escaped_on_every_page(make_project):
    text = alpha("title: Alpha", "title: <b>Alpha</b><script>x()</script>")
    result = _project(make_project, text).build(strict=True)
    assert result.ok, result.log
    for page in sorted(result.site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert "<script>x()" not in html and "<b>Alpha</b>" not in html, page
    assert "&lt;b&gt;Alpha&lt;/b&gt;" in result.page("vignetten/alpha/index.html")


# -- #12: files that are not plain files, names, escapes, bounded work ------------

@pytest.mark.parametrize("kind", ["loop", "self", "file-link", "fifo"])
def test_links_and_special_files_are_refused_without_following_or_opening(tmp_path, capsys, kind):
    import os

    root = make(tmp_path, {})
    folder = root / "vignettes"
    if kind == "loop":
        (folder / "lus").symlink_to(folder / "lus")
    elif kind == "self":
        (folder / "zelf").symlink_to(folder)
    elif kind == "file-link":
        (folder / "kopie.md").symlink_to(folder / "alpha.md")
    else:
        os.mkfifo(folder / "x.md")  # reading it would block forever
    name = {"loop": "lus", "self": "zelf", "file-link": "kopie.md", "fifo": "x.md"}[kind]
    code, problems = check(root, capsys)
    assert code == 1
    assert [(p["path"], p["code"]) for p in problems] == [
        (f"vignettes/{name}", "not-a-file" if kind == "fifo" else "symlink")]


def test_a_fifo_or_link_named_on_the_command_line_is_refused_not_opened(tmp_path, capsys, monkeypatch):
    import os

    root = make(tmp_path, {})
    os.mkfifo(root / "vignettes" / "x.md")
    (root / "vignettes" / "kopie.md").symlink_to(root / "vignettes" / "alpha.md")
    monkeypatch.chdir(root)
    code, problems = check(root, capsys, "vignettes/x.md", "vignettes/kopie.md")
    assert code == 1
    assert [(p["path"], p["code"]) for p in problems] == [("vignettes/kopie.md", "symlink"),
                                                         ("vignettes/x.md", "not-a-file")]


def test_a_symlinked_taxonomy_is_refused(tmp_path, capsys):
    root = make(tmp_path, {})
    real = root / "elders.yml"
    (root / TAX).rename(real)
    (root / TAX).symlink_to(real)
    code, problems = check(root, capsys)
    assert code == 1 and [(p["path"], p["code"]) for p in problems] == [(TAX, "symlink")]


@pytest.mark.parametrize("slug", ["goed\n", "goed\r", "goed\n.md"])
def test_new_refuses_a_file_name_with_a_line_end(tmp_path, capsys, slug):
    root = make(tmp_path, {})
    assert cli.run(["--root", str(root), "new", slug]) == 2
    assert not any(p.name.startswith("goed") for p in (root / "vignettes").iterdir())


def test_ids_with_a_final_line_end_are_refused(tmp_path, capsys):
    root = make(tmp_path, {TAX: tax("      anna:\n", '      "anna\\n":\n')})
    code, problems = check(root, capsys)
    assert code == 1 and ("bad-id" in {p["code"] for p in problems}), problems


# Units a contributor can repeat to make a text scanner rescan (each was super-linear or crashed before #12).
PATHOLOGICAL = ["<!-- ", "`a ", "<a ", '<a title="', "[", "<a:b", "](<", "{x} ", "[a]: ", "a<b ", "```\n",
                "``` x ``", "<div>\n", "{", "- ", "> ", "&#106;", "<!-->"]


@pytest.mark.parametrize("unit", PATHOLOGICAL)
def test_the_scan_is_linear_on_a_megabyte_of_pathological_text(unit):
    from tbvsite.safety import scan_markdown

    text = unit * (900_000 // len(unit))
    started = time.perf_counter()
    scan_markdown(text, "x.md")
    elapsed = time.perf_counter() - started
    # Linear code does this in seconds even on a loaded machine; the old scan took 465 s on "<!-- ".
    assert elapsed < 30, f"{elapsed:.1f} s"


def test_a_text_markdown_cannot_render_in_time_is_a_located_error(tmp_path, capsys, monkeypatch):
    from tbvsite import budget

    monkeypatch.setattr(budget, "SECONDS", 0.5)
    root = make(tmp_path, {A: body("`a " * 60_000)})  # one long paragraph: Python-Markdown is quadratic on it
    code, problems = check(root, capsys)
    assert code == 1
    fixture = (FIXTURES / "alpha.md").read_text(encoding="utf-8").split("\n")
    body_line = fixture.index("---", 1) + 2  # the line after the closing fence
    assert [(p["path"], p["line"], p["code"]) for p in problems] == [(A, body_line, "too-slow")]


def test_normal_texts_are_not_put_on_trial():
    from tbvsite import budget, pipeline

    root = Path(__file__).parents[1]
    result = pipeline.run(root / "vignettes", root / "vignettes/taxonomy.yml", root=root)
    assert result.vignettes
    for vignette in result.vignettes:  # the repository's own bodies: a build never waits for a trial
        assert not budget.needs_trial(vignette.body), vignette.path


# -- every output escaped for its grammar ------------------------------------------

HOSTILE_TITLE = "=HYPERLINK(\"http://x\") } { 100% \\ @SUM"


def _hostile_index(tmp_path):
    from helpers import run_texts

    files = {p.name: p.read_text(encoding="utf-8") for p in FIXTURES.glob("*.md")}
    files["alpha.md"] = alpha("title: Alpha", f"title: '{HOSTILE_TITLE}'").replace(
        "note: Anna wil kleine stappen.", "note: '-2+3 Anna'")
    taxonomy = tax("label: Anna", "label: '@Anna'").replace("description: Ben werkt bij de gemeente.",
                                                          "description: '+Ben \\uFFFE werkt'")
    result = run_texts(tmp_path, files, taxonomy=taxonomy)
    assert result.index is not None, result.problems
    return result.index


def test_bibtex_braces_balance_as_bibtex_counts_them(tmp_path):
    from tbvsite.emit import Context, citation

    index = _hostile_index(tmp_path)
    text = citation.bibtex(index, index.by_slug["alpha"], Context(site_name="Archief {x"))
    for entry in text.split("\n@")[1:]:
        depth = 0
        for ch in entry:  # BibTeX counts every brace, escaped or not
            depth += {"{": 1, "}": -1}.get(ch, 0)
            assert depth >= 0, entry
        assert depth == 0, entry


def test_no_csv_cell_starts_a_formula(tmp_path):
    import csv
    import io

    from tbvsite.emit import opendata
    from tbvsite.escape import CSV_FORMULA_START

    index = _hostile_index(tmp_path)
    wide, long = (list(csv.reader(io.StringIO(text))) for text in (opendata.to_csv(index), opendata.to_coding_csv(index)))
    for rows in (wide, long):
        assert not [c for row in rows for c in row if c.startswith(CSV_FORMULA_START)], rows
    # The text is kept, behind the quote a spreadsheet hides.
    assert ["alpha", "'" + HOSTILE_TITLE] == wide[1][:2]
    assert {"'@Anna", "'-2+3 Anna"} <= {c for row in long for c in row}


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x7f\x85", "\ud800", "\ufffe", "\uffff"])
def test_the_codebook_is_well_formed_xml_whatever_the_labels(char):
    # The loader refuses these characters; the writer must not depend on that.
    import dataclasses
    import re
    import xml.etree.ElementTree as ET

    from tbvsite import codebook

    vocabulary = fixture_vocabulary()
    facet = vocabulary.facets["actors"]
    anna = dataclasses.replace(facet.terms["anna"], label=f"An{char}na", description=f"Tekst{char}.")
    facets = {**vocabulary.facets, "actors": dataclasses.replace(facet, label=f"Act{char}oren",
                                                                  terms={**facet.terms, "anna": anna})}
    text = codebook.to_qdc(dataclasses.replace(vocabulary, facets=facets))
    assert not re.search("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", text)
    root = ET.fromstring(text.encode("utf-8", "surrogatepass"))
    assert any(code.get("name", "").startswith("An") for code in root.iter("{urn:QDA-XML:codebook:1.0}Code"))


# -- teaching notes never published by the student edition; nav as ARCHITECTURE.md says ----

def test_a_notes_folder_inside_docs_stops_the_student_build(make_project):
    project = make_project(docs={"index.md": "# Start\n", "teaching-notes/alpha.md": "Geheim.\n"})
    result = project.build(strict=True)
    assert not result.ok
    assert "docs/teaching-notes/alpha.md: notes-in-docs: " in result.log, result.log


def test_teaching_notes_option_inside_docs_stops_the_build(make_project):
    project = make_project(extra_config={"plugins": [{"search": {"lang": "nl"}},
                                                      {"tbvsite": {"teaching_notes": "docs/noten"}}]})
    project.write("docs/noten/alpha.md", "Geheim.\n")
    result = project.build(strict=True)
    assert not result.ok and "inside the docs folder" in result.log, result.log


def test_a_new_facets_page_may_be_left_out_of_nav(make_project):
    # ARCHITECTURE.md: "add its index page to nav in mkdocs.yml if it should appear in the menu".
    taxonomy = tax(NEW_FACET, "  themas:\n    label: Thema's\n    segment: themas\n    terms:\n"
                              "      een: {label: Een, description: Een term.}\n" + NEW_FACET)
    nav = ["index.md", {"Vignetten": "vignetten/index.md"}, {"Actoren": "actoren/index.md"}]
    validation = {"nav": {"omitted_files": "warn"}, "links": {"anchors": "warn", "not_found": "warn"}}  # as mkdocs.yml
    result = make_project(taxonomy=taxonomy, extra_config={"nav": nav, "validation": validation}).build(strict=True)
    assert result.ok, result.log
    assert (result.site / "themas" / "index.html").is_file()
