"""The English edition (issue 15): two languages from one source tree, page for page.

A small project with an English translation of one vignette, an ``en:``
mapping in its taxonomy and one translated docs page is built: the English
edition lands under ``en/`` with English addresses, English texts over the
Dutch structure, a Dutch page shown (and marked) where no translation exists,
and every page linking its counterpart. ``tbvsite check`` reports what is not
translated, and a translation whose structure differs, at file:line:col.
The repository's own site is walked page by page in both editions.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from helpers import FIXTURES
from tbvsite import cli, i18n, translation
from tbvsite.emit.text import ADDRESSES

ROOT = Path(__file__).resolve().parents[1]

EN_TAXONOMY = {
    "actors": ("Actors", "actors", {"anna": ("Anna", "Anna works in the team. See [Ben](ben.md)."),
                                    "ben": ("Ben", "Ben works for the municipality.")}),
    "strategies": ("Strategies", "strategies", {"meebewegen": ("Moving along", "Taking small steps.")}),
}

ALPHA_EN = """---
title: Alpha in English
summary: The first case.
order: 1
source:
  - ref: heederik-werken
    section: Eerste sectie
    page: 54
objectives:
  - Understand what moving along is.
actors: [anna, ben]
strategies: [meebewegen, brief]
concepts: [activisme]
positions:
  - actor: anna
    strategy: meebewegen
    note: Anna wants small steps.
questions:
  - What would you do?
form: beslissing
chosen: [brief]
---

## The scene

Anna and Ben talk. See [Beta](beta.md) and [moving along](../strategieen/meebewegen.md).

## The dilemma

Move along or send a letter?

## How it ended

Anna and Ben send a letter together.

## Analysis

The letter is a small step of the team.
"""


def _taxonomy_with_english() -> str:
    """The fixture taxonomy with an ``en:`` mapping under some facets and terms (the rest untranslated)."""
    text = (FIXTURES / "taxonomy.yml").read_text(encoding="utf-8")
    for facet, (label, segment, terms) in EN_TAXONOMY.items():
        text = re.sub(rf"(\n  {facet}:\n)", rf"\1    en: {{label: {label}, segment: {segment}}}\n", text, count=1)
        for term, (term_label, description) in terms.items():
            text = re.sub(rf"(\n      {term}:\n)",
                          rf"\1        en: {{label: {term_label}, description: '{description}'}}\n", text, count=1)
    return text


@pytest.fixture
def bilingual(make_project):
    project = make_project(taxonomy=_taxonomy_with_english(), extra_config={
        "plugins": [{"search": {"lang": "nl"}}, {"tbvsite": {"translations": {"en": "mkdocs.en.yml"}}}],
        "nav": [{"Start": "index.md"}, {"Vignetten": "vignetten/index.md"}, {"Over": "over.md"}],
    }, docs={"index.md": "# Start\n\nZie de [vignetten](vignetten/index.md).\n",
             "over.md": "# Over\n\nAlleen in het Nederlands, met een [vignet](vignetten/alpha.md).\n",
             "en/index.md": "---\ntranslates: index.md\n---\n\n# Home\n\nSee the [vignettes](vignettes/index.md).\n"})
    project.write("mkdocs.en.yml", "site_name: Test in English\nnav_titles: {Start: Home, Vignetten: Vignettes}\n")
    project.write("vignettes/en/alpha.md", ALPHA_EN)
    project.commit("English")
    return project


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang = None
        self.alternates: dict[str, str] = {}  # hreflang -> href of <link rel=alternate>
        self.switch: dict[str, str] = {}  # the language selector's links

    def handle_starttag(self, tag, attrs) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        if tag == "link" and "alternate" in (values.get("rel") or "").split() and values.get("hreflang"):
            self.alternates[values["hreflang"]] = values["href"]
        if tag == "a" and values.get("data-tbv-alternate"):
            self.switch[values["data-tbv-alternate"]] = values["href"]


def _links(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _land(site: Path, page: str, href: str) -> str | None:
    """The site path (``en/vignettes/x/index.html``) a relative link lands on, or None outside the site."""
    resolved = urlsplit(urljoin("http://site.invalid/" + page, href)).path.lstrip("/")
    if resolved == "" or resolved.endswith("/"):
        resolved += "index.html"
    return resolved if (site / resolved).is_file() else None


def _walk_editions(site: Path) -> list[str]:
    """Every problem with a page's language or its counterpart links, in both editions."""
    problems = []
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert any(p.startswith("en/") for p in pages), "no English edition under en/"
    parsed = {page: _links(site / page) for page in pages}
    for page, links in parsed.items():
        language = "en" if page.startswith("en/") else "nl"
        if links.lang != language:
            problems.append(f"{page}: <html lang={links.lang!r}>, expected {language!r}")
        if set(links.alternates) != {"nl", "en", "x-default"}:
            problems.append(f"{page}: hreflang links for {sorted(links.alternates)}, expected nl, en, x-default")
            continue
        if links.switch != {k: v for k, v in links.alternates.items() if k != "x-default"}:
            problems.append(f"{page}: the language switch {links.switch} differs from the hreflang links")
        own = _land(site, page, links.alternates[language])
        if own != page and not page.endswith("404.html"):
            problems.append(f"{page}: its own hreflang={language} leads to {own}")
        if _land(site, page, links.alternates["x-default"]) != _land(site, page, links.alternates["nl"]):
            problems.append(f"{page}: x-default is not the Dutch page")
        other = "nl" if language == "en" else "en"
        target = _land(site, page, links.alternates[other])
        if target is None:
            problems.append(f"{page}: hreflang={other} {links.alternates[other]!r} leads to no page")
            continue
        back = _land(site, target, parsed[target].alternates.get(language, ""))
        home = f"{'en/' if other == 'en' else ''}index.html"
        if back != page and target != home and not page.endswith("404.html"):
            problems.append(f"{page}: its counterpart {target} links back to {back}")
    return problems


# -- a small bilingual project ------------------------------------------------------------

def test_the_english_edition_is_built_under_en_with_english_addresses_and_texts(bilingual):
    result = bilingual.build()
    assert result.ok, result.error + result.log
    site = result.site
    english = site / "en" / ADDRESSES["en"]["vignettes"] / "alpha" / "index.html"
    html = english.read_text(encoding="utf-8")
    assert "Alpha in English" in html and "Anna wants small steps." in html
    # The Dutch structure wins: the English page's terms are the Dutch file's, with English labels.
    assert "Moving along" in html
    assert (site / "en" / "actors" / "anna" / "index.html").is_file(), "the English segment of a facet"
    assert (site / "en" / "strategieen" / "meebewegen" / "index.html").is_file() is False
    assert (site / "en" / "strategies" / "meebewegen" / "index.html").is_file()
    # A Dutch link in the English text leads to the English page (relinked), not to a missing one.
    assert 'href="../../strategies/meebewegen/"' in html
    for name in ("explore", "network", "overview"):
        assert (site / "en" / ADDRESSES["en"][name].removesuffix(".md") / "index.html").is_file(), name
    assert (site / "en" / "vignettes" / "handout" / "index.html").is_file()
    assert not (site / "en" / "vignetten").exists(), "Dutch addresses in the English edition"
    # The Dutch edition does not publish docs/en/ itself.
    assert (site / "vignetten" / "alpha" / "index.html").is_file()
    assert not (site / "en" / "en").exists()


def test_a_page_in_one_language_only_says_so_and_links_the_original(bilingual):
    result = bilingual.build()
    assert result.ok, result.error + result.log
    strings = i18n.strings("en")
    for page, original in (("en/vignettes/beta/index.html", "vignetten/beta/index.html"),
                           ("en/over/index.html", "over/index.html")):
        html = (result.site / page).read_text(encoding="utf-8")
        assert strings["translation.missing.title"] in html, page
        note = re.search(r'tbv-untranslated.*?<a href="([^"]+)"', html, re.S)
        assert note and _land(result.site, page, note.group(1)) == original, page
        assert '<div lang="nl">' in html, f"{page}: the Dutch text is not marked as Dutch"
    # The Dutch-only docs page keeps working links in the English edition (to English pages).
    assert 'href="../vignettes/alpha/"' in (result.site / "en/over/index.html").read_text(encoding="utf-8")


def test_every_page_of_the_small_project_links_its_counterpart_both_ways(bilingual):
    result = bilingual.build()
    assert result.ok, result.error + result.log
    problems = _walk_editions(result.site)
    assert not problems, "\n".join(problems)
    nav = (result.site / "en" / "index.html").read_text(encoding="utf-8")
    assert "Vignettes" in nav and "Vignetten" not in nav, "the English nav titles"


def test_search_stems_each_edition_in_its_own_language(bilingual):
    result = bilingual.build()
    assert result.ok, result.error + result.log
    import json
    dutch = json.loads((result.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    english = json.loads((result.site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert dutch["config"]["lang"] == ["nl"] and english["config"]["lang"] == ["en"]
    assert any("Alpha in English" in doc["title"] for doc in english["docs"])


# -- tbvsite check --------------------------------------------------------------------------

def test_check_reports_missing_and_diverging_translations_with_their_location(bilingual, capsys):
    text = ALPHA_EN.replace("actors: [anna, ben]", "actors: [anna]")
    bilingual.write("vignettes/en/alpha.md", text)
    assert cli.run(["--root", str(bilingual.root), "check"]) == 0  # warnings, not errors
    out = capsys.readouterr().out
    line = text.splitlines().index("actors: [anna]") + 1
    assert re.search(rf"^vignettes/en/alpha\.md:{line}:9: translation-differs \(warning\): 'actors'", out, re.M), out
    assert re.search(r"^vignettes/en/beta\.md: missing-translation \(warning\): the vignette 'beta'", out, re.M), out
    taxonomy = (bilingual.root / "vignettes/taxonomy.yml").read_text(encoding="utf-8").splitlines()
    cor = taxonomy.index("      cor:") + 1
    assert f"vignettes/taxonomy.yml:{cor}:1: missing-translation (warning): term 'actors/cor'" in out, out


def test_check_says_nothing_of_translations_in_an_archive_without_any(make_project, capsys):
    project = make_project()
    assert cli.run(["--root", str(project.root), "check"]) == 0
    assert "translation" not in capsys.readouterr().out


def test_a_translation_of_no_dutch_vignette_is_reported(bilingual, capsys):
    bilingual.write("vignettes/en/delta.md", ALPHA_EN)
    cli.run(["--root", str(bilingual.root), "check"])
    assert re.search(r"^vignettes/en/delta\.md: translation-unknown-vignette", capsys.readouterr().out, re.M)


def test_the_language_folder_is_no_stray_file(bilingual, capsys):
    cli.run(["--root", str(bilingual.root), "check"])
    assert "stray-file" not in capsys.readouterr().out


def test_a_taxonomy_translation_is_checked_like_the_original(make_project):
    text = _taxonomy_with_english().replace("en: {label: Actors, segment: actors}", "en: {label: Actors, segment: Actors!}")
    result = make_project(taxonomy=text).build()
    assert not result.ok and re.search(r"taxonomy\.yml:4:\d+: bad-id: 'Actors!'", result.log), result.log


# -- the pieces ---------------------------------------------------------------------------

def test_relink_turns_dutch_addresses_into_their_counterparts_and_leaves_the_rest():
    mapping = {"actoren/anna.md": "actors/anna.md", "vignetten/beta.md": "vignettes/beta.md"}
    text = "See [Anna](../actoren/anna.md#x), [Beta](beta.md), [web](https://example.org) and [gone](../x.md)."
    out = translation.relink(text, "vignetten/alpha.md", "vignettes/alpha.md", mapping)
    # The anchor goes: the English page has headings (and ids) of its own.
    assert out == "See [Anna](../actors/anna.md), [Beta](beta.md), [web](https://example.org) and [gone](../x.md)."


def test_every_generated_address_has_an_english_one():
    assert set(ADDRESSES["en"]) == set(ADDRESSES["nl"])
    assert not set(ADDRESSES["en"].values()) & set(ADDRESSES["nl"].values())


# -- the repository's own site ----------------------------------------------------------------

def test_every_page_of_both_editions_has_its_language_and_its_counterpart(real_site):
    problems = _walk_editions(real_site)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60])


def _dutch_interface_phrases() -> list[str]:
    """Dutch interface text: every catalogue string that differs in English, and the Dutch
    headings and labels the generated pages carried before the catalogue (until every
    emitter takes its strings from tbvsite/locales/)."""
    nl, en = i18n.strings("nl"), i18n.strings("en")
    phrases = {nl[k].strip() for k in nl.keys() if nl[k].strip() != en[k].strip() and len(nl[k].strip()) > 3}
    phrases |= set(LEGACY_DUTCH)
    return sorted(p for p in phrases if "{" not in p)


# Dutch interface strings written in the emitters and templates before the catalogue; the
# templates work moves them to tbvsite/locales/nl.yml (then they are found there as well).
LEGACY_DUTCH = ("Leerdoelen", "Discussievragen", "Hand-out maken", "Toon de hand-out", "Link naar deze hand-out",
                "Vignetten op de hand-out", "Leestijd", "Vorige", "Volgende", "Verwante vignetten",
                "Afloop", "Docentenhandleiding", "Posities", "Citeren", "Verkennen", "Netwerk",
                "Overzicht", "Docenteneditie", "Link naar deze sectie", "Donkere weergave", "Lichte weergave")


class _Text(HTMLParser):
    """Text and the attributes a reader meets (aria-label, title, alt, placeholder, meta content),
    outside any element marked lang="nl" (a Dutch text shown untranslated, or a Dutch name)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []  # per open element: inside a Dutch part
        self.parts: list[str] = []
        self.skip = 0

    def _dutch(self) -> bool:
        return bool(self.stack and self.stack[-1])

    def handle_starttag(self, tag, attrs) -> None:
        values = dict(attrs)
        dutch = self._dutch() or values.get("lang") == "nl" or values.get("hreflang") == "nl"
        if not dutch:
            for key in ("aria-label", "title", "alt", "placeholder"):
                if values.get(key):
                    self.parts.append(values[key])
            if tag == "meta" and values.get("name") in ("description",) and values.get("content"):
                self.parts.append(values["content"])
        if tag in ("script", "style"):
            self.skip += 1
        if tag not in self.VOID:
            self.stack.append(dutch)

    def handle_endtag(self, tag) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data) -> None:
        if not self.skip and not self._dutch() and data.strip():
            self.parts.append(data)


def test_no_dutch_interface_text_on_an_english_page(real_site):
    phrases = _dutch_interface_phrases()
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(p)}(?!\w)" for p in sorted(phrases, key=len, reverse=True)))
    found = []
    for page in sorted((real_site / "en").rglob("*.html")):
        parser = _Text()
        parser.feed(page.read_text(encoding="utf-8"))
        hits = sorted({m.group(0) for part in parser.parts for m in pattern.finditer(" ".join(part.split()))})
        if hits:
            found.append(f"{page.relative_to(real_site).as_posix()}: {hits}")
    assert not found, f"Dutch interface text on {len(found)} English pages:\n" + "\n".join(found[:80])


def test_the_overlay_of_the_english_edition_is_no_configuration_of_its_own():
    overlay = yaml.safe_load((ROOT / "mkdocs.en.yml").read_text(encoding="utf-8"))
    assert "INHERIT" not in overlay and "plugins" not in overlay, \
        "the overlay is merged over each edition's config; its plugins would replace theirs"


def test_serve_serves_both_editions_and_rebuilds_the_english_one(bilingual, monkeypatch):
    """'mkdocs serve' (MkDocs' own serve(), its HTTP loop replaced) builds the English edition
    into the served folder, and a changed translation is there after the rebuild."""
    from mkdocs.commands import serve as serve_command
    from test_serve import FakeServer

    seen = {}

    def scenario(server):
        page = server.root / "en" / "vignettes" / "alpha" / "index.html"
        seen["first"] = page.read_text(encoding="utf-8")
        bilingual.write("vignettes/en/alpha.md", ALPHA_EN.replace("Alpha in English", "Alpha renamed"))
        server.builder()
        seen["second"] = page.read_text(encoding="utf-8")

    monkeypatch.setattr(serve_command, "LiveReloadServer", FakeServer)
    monkeypatch.setattr(FakeServer, "scenario", staticmethod(scenario))
    serve_command.serve(config_file=str(bilingual.root / "mkdocs.yml"), livereload=True)
    assert "Alpha in English" in seen["first"]
    assert "Alpha renamed" in seen["second"]


def test_each_edition_publishes_its_data_in_its_language_with_the_same_ids(bilingual):
    import json
    result = bilingual.build()
    assert result.ok, result.error + result.log
    dutch = (result.site / "data" / "codebook.qdc").read_text(encoding="utf-8")
    english = (result.site / "en" / "data" / "codebook.qdc").read_text(encoding="utf-8")
    guid = re.search(r'<Code guid="([^"]+)" name="Meebewegen"', dutch)
    assert guid and f'<Code guid="{guid.group(1)}" name="Moving along"' in english
    records = json.loads((result.site / "en" / "data" / "vignettes.json").read_text(encoding="utf-8"))
    alpha = next(r for r in records if r["slug"] == "alpha")
    assert alpha["title"] == "Alpha in English" and alpha["url"] == "vignettes/alpha/"
    assert alpha["actors"] == ["anna", "ben"]  # ids, the same in both languages
    schema = (result.site / "en" / "data" / "vignette.schema.json").read_text(encoding="utf-8")
    assert "meebewegen (Moving along)" in schema


def test_check_of_one_translation_compares_it_with_its_original(bilingual, capsys):
    bilingual.write("vignettes/en/alpha.md", ALPHA_EN.replace("form: beslissing", "form: reflectie"))
    cli.run(["--root", str(bilingual.root), "check", str(bilingual.root / "vignettes/en/alpha.md")])
    out = capsys.readouterr().out
    assert re.search(r"^vignettes/en/alpha\.md:\d+:\d+: translation-differs \(warning\): 'form'", out, re.M), out
    assert "vignettes/en/beta.md" not in out  # only the file asked for


def test_check_reports_a_missing_english_teaching_note(bilingual, capsys):
    bilingual.write("vignettes/teaching-notes/alpha.md", "Een notitie.\n")
    bilingual.write("vignettes/teaching-notes/en/alpha.md", "A note.\n")
    cli.run(["--root", str(bilingual.root), "check"])
    out = capsys.readouterr().out
    assert re.search(r"^vignettes/teaching-notes/en/beta\.md: note-missing \(warning\)", out, re.M), out
    assert "teaching-notes/en/alpha.md" not in out


@pytest.mark.browser
def test_the_language_switch_leads_to_the_counterpart_and_back(browser, served_site):
    """In Chromium: the switch in the header (keyboard-reachable) opens the same page in the other
    language and back, with no request that fails (Material's script fetches no sitemap for it)."""
    from browserkit import DESKTOP, Visit

    visit = Visit(browser, viewport=DESKTOP)
    failed = []
    visit.page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    try:
        visit.goto(served_site + "vignetten/heidag/")
        for language, path in (("en", "en/vignettes/heidag/"), ("nl", "vignetten/heidag/")):
            visit.page.focus(".md-select button")  # the switch opens on focus, as for a keyboard user
            link = visit.page.locator(f'a[data-tbv-alternate="{language}"]')
            link.wait_for(state="visible")
            with visit.page.expect_navigation():
                link.click()
            visit.settle()
            assert visit.page.url == served_site + path
            assert visit.page.get_attribute("html", "lang") == language
        assert not failed and not visit.errors, (failed, visit.errors)
        assert not visit.axe(), "axe on the page after switching back"
    finally:
        visit.close()


def test_relink_keeps_an_anchor_only_into_a_page_with_the_same_dutch_text():
    mapping = {"leeswijzer.md": "reading-guide.md", "bibliografie.md": "bibliografie.md"}
    text = "[a](../leeswijzer.md#slot) [b](../bibliografie.md#boeken)"
    out = translation.relink(text, "vignetten/x.md", "vignettes/x.md", mapping, {"bibliografie.md"})
    assert out == "[a](../reading-guide.md) [b](../bibliografie.md#boeken)"


def test_attribute_labels_translate_under_the_facet_or_the_attribute(make_project):
    from tbvsite.vocabulary import load_vocabulary
    text = _taxonomy_with_english().replace(
        "en: {label: Actors, segment: actors}", "en: {label: Actors, segment: actors, attributes: {organisation: {label: Organisation}}}")
    project = make_project(taxonomy=text)
    vocabulary, problems = load_vocabulary(project.root / "vignettes/taxonomy.yml")
    assert not problems
    local = translation.localize_vocabulary(vocabulary, "en")
    assert [a.label for a in local.facets["actors"].attributes] == ["Organisation"]
    assert [a.label for a in vocabulary.facets["actors"].attributes] == ["Organisatie"]
    wrong = text.replace("attributes: {organisation:", "attributes: {organsation:")
    project.write("vignettes/taxonomy.yml", wrong)
    _, problems = load_vocabulary(project.root / "vignettes/taxonomy.yml")
    assert [p.code for p in problems] == ["unknown-key"] and "organisation" in problems[0].hint


def test_a_taxonomy_with_every_text_in_two_languages_is_not_too_large():
    from tbvsite import frontmatter
    from tbvsite.vocabulary import TAXONOMY_MAX_CHARS
    assert TAXONOMY_MAX_CHARS >= 2 * len((ROOT / "vignettes/taxonomy.yml").read_text(encoding="utf-8")) + \
        frontmatter.MAX_YAML_CHARS
