"""The REFI-QDA codebook (.qdc): the structure of the Codebook 1.0 schema, checked rule by rule.

The rules below restate the REFI-QDA ``Codebook.xsd`` (v1.0) in our own words:

- the root is ``CodeBook`` in namespace ``urn:QDA-XML:codebook:1.0``; its only
  attribute is the optional ``origin``;
- it holds exactly one ``Codes`` and then at most one ``Sets``, nothing else;
- ``Codes`` holds one or more ``Code`` elements and nothing else;
- a ``Code`` holds at most one ``Description`` (first), then any number of
  nested ``Code`` elements; it must carry ``guid`` (a GUID, optionally in
  braces), ``name`` and ``isCodable`` (an xsd:boolean), may carry ``color``
  (``#`` and 3 or 6 hex digits), and nothing else;
- GUIDs identify codes, so they are unique in the file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from tbvsite import codebook

from helpers import fixture_index, fixture_vocabulary

NS = "urn:QDA-XML:codebook:1.0"
GUID = re.compile(r"^(\{)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?(1)\})$")
RGB = re.compile(r"^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
BOOLEAN = {"true", "false", "1", "0"}


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def check_code(code: ET.Element, guids: list[str]) -> None:
    assert set(code.attrib) <= {"guid", "name", "isCodable", "color"}, code.attrib
    assert {"guid", "name", "isCodable"} <= set(code.attrib), code.attrib
    assert GUID.match(code.get("guid")), code.get("guid")
    assert code.get("isCodable") in BOOLEAN
    assert code.get("name").strip()
    if code.get("color") is not None:
        assert RGB.match(code.get("color"))
    guids.append(code.get("guid"))
    children = list(code)
    if children and children[0].tag == q("Description"):
        assert len(children[0]) == 0  # xsd:string: text only
        children = children[1:]
    for child in children:
        assert child.tag == q("Code"), child.tag
        check_code(child, guids)


def check_structure(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == q("CodeBook")
    assert set(root.attrib) <= {"origin"}
    children = [child.tag for child in root]
    assert children in ([q("Codes")], [q("Codes"), q("Sets")]), children
    codes = root.find(q("Codes"))
    assert len(codes) >= 1 and all(child.tag == q("Code") for child in codes)
    guids: list[str] = []
    for code in codes:
        check_code(code, guids)
    assert len(guids) == len(set(guids)), "GUIDs must be unique"
    return root


def test_fixture_codebook_follows_the_schema_structure():
    vocabulary = fixture_vocabulary()
    root = check_structure(codebook.to_qdc(vocabulary))
    facets = list(root.find(q("Codes")))
    assert [f.get("name") for f in facets] == [f.label for f in vocabulary.facets.values()]
    for element, facet in zip(facets, vocabulary.facets.values()):
        assert element.get("isCodable") == "false"
        terms = element.findall(q("Code"))
        assert [t.get("name") for t in terms] == [t.label for t in facet.terms.values()]
        assert all(t.get("isCodable") == "true" for t in terms)
        for t, term in zip(terms, facet.terms.values()):
            description = t.find(q("Description")).text
            assert description and "](" not in description  # Markdown links became their labels
    anna = facets[0].find(q("Code"))
    assert anna.find(q("Description")).text == "Anna werkt in het team. Zie Ben."


def test_guids_are_stable_and_text_is_escaped():
    vocabulary = fixture_vocabulary()
    assert codebook.to_qdc(vocabulary) == codebook.to_qdc(vocabulary)
    assert codebook.guid("actors", "anna") != codebook.guid("actors", "ben")
    assert codebook.plain_text("**Vet** en <b>html</b> & [link](x.md)") == "Vet en html & link"


def test_real_taxonomy_codebook_follows_the_schema_structure(capsys):
    from pathlib import Path

    from tbvsite import cli
    root = Path(__file__).resolve().parents[1]
    assert cli.run(["--root", str(root), "export", "--format", "qdc"]) == 0
    check_structure(capsys.readouterr().out)


def test_site_publishes_the_codebook_and_the_schema(make_project):
    result = make_project().build()
    assert result.ok, result.log
    check_structure(result.page("data/codebook.qdc"))
    import json
    schema = json.loads(result.page("data/vignette.schema.json"))
    assert schema["properties"]["strategies"]["items"]["enum"] == ["meebewegen", "confronteren", "brief"]


def test_emitter_is_pure(tmp_path):
    from tbvsite.emit import Context, datafiles
    index = fixture_index(tmp_path)
    pages = datafiles.emit(index, Context(site_url="https://example.org/archief/"))
    assert set(pages) == {"data/codebook.qdc", "data/codebook-taguette.csv", "data/vignettes.qdpx",
                          "data/vignette.schema.json"}
    assert '"$id": "https://example.org/archief/data/vignette.schema.json"' in pages["data/vignette.schema.json"]


# -- the Taguette codebook (CSV) -------------------------------------------------------


def read_taguette(text: str) -> list[dict[str, str]]:
    import csv
    import io
    assert text.split("\n", 1)[0] == "tag,description"  # the header Taguette's import looks for
    return list(csv.DictReader(io.StringIO(text)))


def test_taguette_codebook_has_one_row_per_term_named_facet_dot_term():
    vocabulary = fixture_vocabulary()
    rows = read_taguette(codebook.to_taguette_csv(vocabulary))
    expected = [f"{facet.label}.{term.label}" for facet in vocabulary.facets.values() for term in facet.terms.values()]
    assert [row["tag"] for row in rows] == expected
    assert rows[0] == {"tag": "Actoren.Anna", "description": "Anna werkt in het team. Zie Ben."}
    assert all(row["description"] and "\n" not in row["description"] for row in rows)


def test_taguette_name_keeps_one_level_per_part():
    assert codebook.taguette_name("Strategieën", "Meebewegen") == "Strategieën.Meebewegen"
    assert codebook.taguette_name("Actoren", "Dhr. X") == "Actoren.Dhr· X"  # a dot would make a third level


def test_taguette_export_in_both_languages(capsys):
    from pathlib import Path

    from tbvsite import cli
    from tbvsite.vocabulary import load_vocabulary
    root = Path(__file__).resolve().parents[1]
    vocabulary, _ = load_vocabulary(root / "vignettes" / "taxonomy.yml", "taxonomy.yml")
    terms = sum(len(facet.terms) for facet in vocabulary.facets.values())
    assert cli.run(["--root", str(root), "export", "--format", "taguette"]) == 0
    dutch = read_taguette(capsys.readouterr().out)
    assert cli.run(["--root", str(root), "export", "--format", "taguette", "--language", "en"]) == 0
    english = read_taguette(capsys.readouterr().out)
    assert len(dutch) == len(english) == terms
    assert "Strategieën.Meebewegen" in {row["tag"] for row in dutch}
    assert "Strategies.Moving along (meebewegen)" in {row["tag"] for row in english}


def test_site_publishes_the_taguette_codebook(make_project):
    result = make_project().build()
    assert result.ok, result.log
    rows = read_taguette(result.page("data/codebook-taguette.csv"))
    assert [row["tag"] for row in rows][:2] == ["Actoren.Anna", "Actoren.Ben"]


def test_a_guid_is_the_uuid5_of_its_parts():
    """codebook.guid computes the version-5 UUID without the UUID object: the same text, or every
    code and coding of a project already imported into a QDA program would change its identity."""
    import uuid

    from tbvsite import codebook

    for parts in [("actors", "tbv"), ("qdpx", "coding", "heidag", "3", "meebewegen"), ("é", "ß", "日本"), ("",),
                  tuple(f"deel{i}" for i in range(40))]:
        assert codebook.guid(*parts) == str(uuid.uuid5(codebook._GUID_ROOT, "/".join(parts)))
