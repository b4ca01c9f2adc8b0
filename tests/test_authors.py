"""Named authors: "Achternaam, Voornaam" with an optional ORCID iD, checked and carried into every citation."""

from __future__ import annotations

import html
import json
import re

import pytest
import yaml

from helpers import run_texts
from test_citation import page_meta, parse_bibtex, parse_ris
from tbvsite import cli
from tbvsite.authors import orcid_check_character, parse_orcid
from tbvsite.emit import Context, citation
from tbvsite.emit import vignette as vignette_emit

VALID = "0000-0002-1825-0097"
BASE = """---
title: Alpha
summary: Een casus.
form: reflectie
{authors}source:
  - ref: heederik-werken
    section: Eerste sectie
actors: [anna]
strategies: [meebewegen]
concepts: [activisme]
questions:
  - Wat zou jij doen?
---

Tekst.
"""
TWO = ('authors:\n  - name: "Jansen, Eva"\n    orcid: 0000-0002-1825-0097\n'
       '  - name: "Vries, Anna de"\n')


def located(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of ``needle`` in ``text``."""
    before = text[:text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def one_digit_changes(orcid: str):
    for i, ch in enumerate(orcid):
        if ch.isdigit():
            for other in "0123456789":
                if other != ch:
                    yield orcid[:i] + other + orcid[i + 1:]


def test_every_single_digit_mistake_is_caught():
    assert parse_orcid(VALID) == (VALID, "")
    assert parse_orcid(f"https://orcid.org/{VALID}") == (VALID, "")
    wrong = [changed for changed in one_digit_changes(VALID) if parse_orcid(changed)[0]]
    assert wrong == []  # MOD 11-2 catches every substitution of one digit


def test_check_character_x():
    digits = "000000021694233"
    assert orcid_check_character(digits) == "X"
    assert parse_orcid("0000-0002-1694-233X")[0] == "0000-0002-1694-233X"


@pytest.mark.parametrize("orcid", ["0000-0002-1825-0098", "0000-0002-1825-009", "0000000218250097",
                                   "https://example.org/0000-0002-1825-0097"])
def test_bad_orcid_is_located(tmp_path, orcid):
    text = BASE.format(authors=f'authors:\n  - name: "Jansen, Eva"\n    orcid: {orcid}\n')
    result = run_texts(tmp_path, {"alpha.md": text})
    [problem] = [p for p in result.problems if p.code == "bad-orcid"]
    assert (problem.line, problem.column) == located(text, orcid)
    assert problem.path == "vignettes/alpha.md" and problem.hint


@pytest.mark.parametrize("name", ["Eva Jansen", "Jansen, Eva, jr", ", Eva", "Jansen,"])
def test_name_must_be_family_comma_given(tmp_path, name):
    text = BASE.format(authors=f'authors:\n  - name: "{name}"\n')
    result = run_texts(tmp_path, {"alpha.md": text})
    [problem] = [p for p in result.problems if p.code == "bad-author-name"]
    assert (problem.line, problem.column) == located(text, f'"{name}"')


def test_authors_reach_every_citation(tmp_path):
    result = run_texts(tmp_path, {"alpha.md": BASE.format(authors=TWO)})
    assert result.index is not None, result.problems
    vignette = result.index.by_slug["alpha"]
    context = Context(site_name="Archief", site_url="https://example.org/")
    meta = citation.page_meta(result.index, vignette, context)
    assert [v for k, v in meta["highwire"] if k == "citation_author"] == ["Jansen, Eva", "Vries, Anna de"]
    people = meta["jsonld"]["author"]
    assert [p["name"] for p in people] == ["Eva Jansen", "Anna de Vries"]
    assert people[0]["sameAs"] == f"https://orcid.org/{VALID}" and "sameAs" not in people[1]
    [case, _] = parse_bibtex(citation.bibtex(result.index, vignette, context))
    assert case["author"] == "Jansen, Eva and Vries, Anna de"
    [case, _] = parse_ris(citation.ris(result.index, vignette, context))
    assert case["AU"] == ["Jansen, Eva", "Vries, Anna de"]
    block = html.unescape(re.sub(r"\\(.)", r"\1", citation.render_block(result.index, vignette, context)))
    assert 'Jansen, E., & Vries, A. de. (z.d.). <em>Alpha</em> [Casus]. Archief. <a href="https://example.org/' in block
    panel = vignette_emit.render_meta(result.index, vignette, context)
    assert "<dt>Auteurs</dt>\n<dd>Eva Jansen, Anna de Vries</dd>" in panel


def test_without_authors_no_person_is_made_of_the_archive(tmp_path):
    result = run_texts(tmp_path, {"alpha.md": BASE.format(authors="")})
    vignette = result.index.by_slug["alpha"]
    context = Context(site_name="Het Archief")  # a name with a space stays one name
    meta = citation.page_meta(result.index, vignette, context)
    # Highwire and RIS cannot mark an organisation (Zotero makes "Het Archief" a person): no author there,
    # the archive as publisher; JSON-LD and BibTeX can say it is an organisation, and do.
    assert [v for k, v in meta["highwire"] if k == "citation_author"] == []
    assert [v for k, v in meta["highwire"] if k == "citation_publisher"] == ["Het Archief"]
    assert meta["jsonld"]["author"]["@type"] == "Organization"
    [case, _] = parse_bibtex(citation.bibtex(result.index, vignette, context))
    assert case["author"] == "{Het Archief}"  # braced: BibTeX does not split it into first and last name
    [case, _] = parse_ris(citation.ris(result.index, vignette, context))
    assert "AU" not in case and case["PB"] == ["Het Archief"] and case["T2"] == ["Het Archief"]


def test_new_writes_the_authors(tmp_path, capsys):
    root = tmp_path / "project"
    (root / "vignettes").mkdir(parents=True)
    from conftest import FIXTURES
    (root / "vignettes/taxonomy.yml").write_text((FIXTURES / "taxonomy.yml").read_text(encoding="utf-8"))
    (root / "vignettes/sources.yml").write_text((FIXTURES / "sources.yml").read_text(encoding="utf-8"))
    code = cli.run(["--root", str(root), "new", "delta", "--author", "Jansen, Eva", "--orcid",
                    f"https://orcid.org/{VALID}", "--author", "Vries,  Anna de"])
    assert code == 0, capsys.readouterr().err
    text = (root / "vignettes/delta.md").read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---\n")[1])
    assert data["authors"] == [{"name": "Jansen, Eva", "orcid": VALID}, {"name": "Vries, Anna de"}]


@pytest.mark.parametrize("args", [["--author", "Eva Jansen"], ["--orcid", VALID],
                                  ["--author", "Jansen, Eva", "--orcid", "0000-0002-1825-0098"],
                                  ["--author", "Jansen, Eva", "--orcid", VALID, "--orcid", VALID]])
def test_new_refuses_bad_authors(tmp_path, capsys, args):
    root = tmp_path / "project"
    (root / "vignettes").mkdir(parents=True)
    assert cli.run(["--root", str(root), "new", "delta", *args]) == 2
    assert "error" in capsys.readouterr().err
    assert not (root / "vignettes/delta.md").exists()


def test_authors_on_a_built_page(make_project):
    project = make_project(vignettes={"alpha.md": BASE.format(authors=TWO)})
    result = project.build()
    assert result.ok, result.log
    parsed = page_meta(result.site / "vignetten/alpha/index.html")
    assert [v for k, v in parsed.meta if k == "citation_author"] == ["Jansen, Eva", "Vries, Anna de"]
    [record] = json.loads(result.page("data/vignettes.json"))
    assert record["authors"] == [{"name": "Jansen, Eva", "orcid": VALID}, {"name": "Vries, Anna de", "orcid": ""}]
    assert re.search(r"Jansen, E\., &amp; Vries, A\. de\. \(2024, 15 januari\)", result.page("vignetten/alpha/index.html"))
