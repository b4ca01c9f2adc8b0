"""The teaching contract on every page: a student meets how a case ended only inside a fold.

The student edition (Dutch, and English under ``en/``) is walked page by page,
and its search indexes entry by entry. What counts as "the ending" is read
from the archive itself, for whatever it holds: every sentence of the
``## Hoe het afliep`` / ``## How it ended`` part of each decision vignette
(``vignettes/*.md`` and their translations in ``vignettes/<language>/``), and
every term's ``outcome`` text in the taxonomy. No such sentence may stand
outside a ``<details>`` on any page, nor in any search entry; and no search
entry may point at a heading inside a ``<details>`` (a fold's section).

A sentence is compared in a normal form (lower case, words only), and only
sentences of six words or more count, so a short phrase that the scene and
the ending happen to share is no finding.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import yaml

from conftest import ROOT
from tbvsite import body
from tbvsite.fields import DECISION

MIN_WORDS = 6
_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n\s*\n|\n\s*[-*+]\s+|\n\s*\d+\.\s+")
_NOT_WORD = re.compile(r"[^\w]+")


def normal(text: str) -> str:
    """Lower case, words only, one space between them."""
    return " ".join(_NOT_WORD.sub(" ", html.unescape(text).casefold()).split())


def sentences(markdown_text: str) -> set[str]:
    """The sentences (six words or more) of a piece of Markdown, in normal form."""
    text = _TAG.sub(" ", _LINK.sub(r"\1", markdown_text))
    text = re.sub(r"^#+\s.*$", "", text, flags=re.M)  # headings are labels, not the ending
    found = set()
    for piece in _SENTENCE_END.split(text):
        words = normal(piece)
        if len(words.split()) >= MIN_WORDS:
            found.add(words)
    return found


def _front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    match = _FRONT.match(text)
    if not match:
        return {}, text
    data = yaml.safe_load(match.group(1))
    return (data if isinstance(data, dict) else {}), text[match.end():]


def _outcome_texts(value) -> list[str]:
    """The texts of a term's ``outcome`` field: a mapping vignette -> text (or a text)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [v for v in value.values() if isinstance(v, str)]
    return []


def ending_sentences(root: Path) -> dict[str, str]:
    """Every sentence that tells how a decision case ended -> where it comes from."""
    found: dict[str, str] = {}
    vignettes = root / "vignettes"
    translated: dict[str, dict] = {}
    for path in sorted(vignettes.glob("*/*.md")):
        if path.parent.name == "teaching-notes":
            continue
        translated.setdefault(path.stem, {})[path.parent.name] = path
    for path in sorted(vignettes.glob("*.md")):
        meta, text = _front_matter(path)
        if meta.get("form") != DECISION:
            continue
        for source in [path, *translated.get(path.stem, {}).values()]:
            _, source_text = _front_matter(source) if source != path else (meta, text)
            for sentence in sentences(body.split(source_text).outcome):
                found.setdefault(sentence, str(source.relative_to(root)))
    taxonomy = yaml.safe_load((vignettes / "taxonomy.yml").read_text(encoding="utf-8")) or {}
    for facet_id, facet in (taxonomy.get("facets") or {}).items():
        for term_id, term in ((facet or {}).get("terms") or {}).items():
            term = term or {}
            texts = _outcome_texts(term.get("outcome"))
            for key, value in term.items():
                if isinstance(value, dict) and key not in ("outcome",):
                    texts += _outcome_texts(value.get("outcome"))
            for text in texts:
                for sentence in sentences(text):
                    found.setdefault(sentence, f"taxonomy.yml: {facet_id}.{term_id}.outcome")
    return found


class _Page(HTMLParser):
    """The text of a page outside every ``<details>`` (and scripts), and the ids inside one. The
    vignette page's two menus ("Op deze pagina", "Codering": tbvsite/theme/partials/tbv/meta.html)
    are disclosures of what the page shows anyway, not folds."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    MENUS = {"tbv-coding", "tbv-page-toc__menu"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.folded = 0
        self.hidden = 0
        self.outside: list[str] = []
        self.fold_ids: set[str] = set()
        self.menus: list[bool] = []  # per open <details>: whether it is a menu

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        self.stack.append(tag)
        if tag == "details":
            self.menus.append(bool(self.MENUS & set((dict(attrs).get("class") or "").split())))
            self.folded += not self.menus[-1]
        elif tag in ("script", "style", "template"):
            self.hidden += 1
        ident = dict(attrs).get("id")
        if ident and self.folded:
            self.fold_ids.add(ident)

    def handle_endtag(self, tag):
        if tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            if top == "details":
                self.folded -= not self.menus.pop()
            elif top in ("script", "style", "template"):
                self.hidden -= 1
            if top == tag:
                break

    def handle_data(self, data):
        if not self.folded and not self.hidden:
            self.outside.append(data)


def read_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def _search_indexes(site: Path) -> list[Path]:
    return sorted(site.glob("**/search/search_index.json"))


def findings(site: Path, ending: dict[str, str]) -> list[str]:
    """Every place in a built site where a student meets the ending without opening a fold."""
    out: list[str] = []
    fold_ids: dict[str, set[str]] = {}
    for path in sorted(site.rglob("*.html")):
        page = read_page(path)
        relative = path.relative_to(site).as_posix()
        fold_ids[relative] = page.fold_ids
        text = normal(" ".join(page.outside))
        out += [f"{relative}: '{sentence}' ({source})" for sentence, source in ending.items() if sentence in text]
    for index in _search_indexes(site):
        prefix = index.parent.parent.relative_to(site).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        for entry in json.loads(index.read_text(encoding="utf-8"))["docs"]:
            where = f"{index.relative_to(site).as_posix()} -> {entry['location']}"
            text = normal(_TAG.sub(" ", f"{entry.get('title', '')} {entry.get('text', '')}"))
            out += [f"{where}: '{sentence}' ({source})" for sentence, source in ending.items() if sentence in text]
            page, _, anchor = entry["location"].partition("#")
            target = prefix + (page or "") + ("index.html" if not page or page.endswith("/") else "")
            if anchor and anchor in fold_ids.get(target, set()):
                out.append(f"{where}: the entry points into a fold")
    return out


def _report(found: list[str]) -> str:
    return f"{len(found)} places:\n" + "\n".join(found[:60])


def test_the_archive_has_endings_to_protect():
    ending = ending_sentences(ROOT)
    assert len(ending) >= 5, ending  # the check below is not empty by accident
    assert any(source.startswith("vignettes/en/") for source in ending.values())


def test_the_student_edition_tells_no_ending_outside_a_fold(real_site):
    assert (real_site / "en" / "search" / "search_index.json").is_file()
    found = findings(real_site, ending_sentences(ROOT))
    assert found == [], _report(found)


def test_the_walk_sees_an_ending_outside_a_fold(tmp_path):
    """The check itself can fail: a sentence of the ending in plain text, or an entry into a fold."""
    (tmp_path / "a").mkdir()
    sentence = "Het team stuurt daarna een brief aan alle bewoners."
    (tmp_path / "a" / "index.html").write_text(
        f"<main><p>{sentence}</p><details><summary>x</summary><h2 id='afloop'>Afloop</h2>"
        f"<p>{sentence}</p></details></main>", encoding="utf-8")
    (tmp_path / "b.html").write_text(f"<details><p>{sentence}</p></details>", encoding="utf-8")
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(json.dumps({"docs": [
        {"location": "a/#afloop", "title": "Afloop", "text": ""}]}), encoding="utf-8")
    found = findings(tmp_path, {normal(sentence): "test"})
    assert len(found) == 2, found
    assert found[0].startswith("a/index.html") and "points into a fold" in found[1]


CONTRIBUTED = """---
title: Delta
summary: Een team moet kiezen tussen wachten en handelen.
form: beslissing
source:
  - ref: heederik-werken
    section: Sectie
actors: [anna, cor]
strategies: [meebewegen, confronteren]
chosen: [confronteren]
positions:
  - actor: anna
    strategy: meebewegen
    note: Anna wil eerst afwachten wat de corporatie doet.
  - actor: cor
    strategy: confronteren
    note: Cor vindt dat wachten te veel kost.
questions:
  - Wat zou jij doen, en waarom?
---

## De scène

Anna en Cor zitten aan tafel met de corporatie.

## Het dilemma

Wachten of de confrontatie zoeken?

## Hoe het afliep

Cor belt dezelfde middag de directeur van de corporatie op. De directeur zegt de sloop van de flat voorlopig af.

## Analyse

Een snelle stap kan werken als de relatie het toelaat.
"""


def test_a_contributed_decision_case_keeps_its_ending_in_the_fold(make_project):
    project = make_project(vignettes={"delta.md": CONTRIBUTED})
    result = project.build()
    assert result.ok, result.log
    ending = ending_sentences(project.root)
    assert len(ending) == 2, ending
    page = read_page(result.site / "vignetten" / "delta" / "index.html")
    assert not any(sentence in normal(" ".join(page.outside)) for sentence in ending)  # folded on its own page
    assert all(sentence in normal(_TAG.sub(" ", (result.site / "vignetten" / "delta" / "index.html")
                                           .read_text(encoding="utf-8"))) for sentence in ending)  # but there
    found = findings(result.site, ending)
    assert found == [], _report(found)


def test_the_overview_has_no_column_that_only_an_ending_fills(real_site):
    """Outside its fold, the overview names only terms that some vignette carries as an option: an
    empty column says nothing, and a strategy that was only ever the outcome tells it (issue 22)."""
    tagged: set[str] = set()
    for path in sorted((ROOT / "vignettes").glob("*.md")):
        meta, _ = _front_matter(path)
        for value in meta.values():
            if isinstance(value, list):
                tagged |= {item for item in value if isinstance(item, str)}
    page = read_page(real_site / "overzicht" / "index.html")
    text = " ".join(page.outside)
    html_text = (real_site / "overzicht" / "index.html").read_text(encoding="utf-8")
    outside = re.sub(r"<details\b.*?</details>", "", html_text, flags=re.S)
    linked = set(re.findall(r'href="\.\./strategieen/([a-z0-9-]+)/"', outside))
    assert linked and text
    assert linked <= tagged, sorted(linked - tagged)


class _Folded(_Page):
    """The text inside the page's ``<details>`` elements."""

    def __init__(self) -> None:
        super().__init__()
        self.inside: list[str] = []

    def handle_data(self, data):
        super().handle_data(data)
        if self.folded and not self.hidden:
            self.inside.append(data)


def _folded_sentences(path: Path) -> set[str]:
    page = _Folded()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return {s for s in (normal(piece) for piece in re.split(r"(?<=[.!?])\s+", " ".join(page.inside)))
            if len(s.split()) >= MIN_WORDS}


def _index_of(site: Path, prefix: str) -> dict[str, str]:
    """Search entries' text (title and text, normal form) per page, for the edition under ``prefix``."""
    entries = json.loads((site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    texts: dict[str, str] = {}
    for entry in entries:
        page = prefix + "/" + entry["location"].partition("#")[0] if prefix else entry["location"].partition("#")[0]
        key = (page.strip("/") + "/index.html").lstrip("/") if page.strip("/") else "index.html"
        texts[key] = texts.get(key, "") + " " + normal(_TAG.sub(" ", f"{entry['title']} {entry['text']}"))
    return texts


def test_the_student_index_holds_nothing_from_inside_a_fold(real_site):
    """Not only the endings of the vignette files: no sentence of any fold (a term's outcome, a folded
    part of the glossary or the reading guide, the analysis) is in the student edition's search index."""
    found, folds = [], 0
    for prefix in ("", "en"):
        texts = _index_of(real_site, prefix)
        for page, text in texts.items():
            path = real_site / page
            if not path.is_file():
                continue
            sentences = _folded_sentences(path)
            folds += len(sentences)
            found += [f"{page}: '{s}'" for s in sentences if s in text]
    assert folds > 50  # the pages have folds with text to keep out
    assert found == [], _report(found)


def test_the_instructor_edition_finds_what_is_folded(real_instructor_site):
    """The instructor edition indexes everything: the fold sections of the vignettes, the terms' outcomes
    and the folded parts of the glossary, in both languages."""
    for prefix, page in (("", "actoren/eveline/index.html"), ("en", "en/actors/eveline/index.html"),
                         ("", "woordenlijst/index.html"), ("en", "en/glossary/index.html"),
                         ("", "vignetten/budgetaanvraag/index.html"), ("en", "en/vignettes/budgetaanvraag/index.html")):
        sentences = _folded_sentences(real_instructor_site / page)
        text = _index_of(real_instructor_site, prefix).get(page, "")
        assert sentences and all(s in text for s in sentences), (page, [s for s in sentences if s not in text])
