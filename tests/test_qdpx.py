"""The REFI-QDA project (.qdpx): valid against the QDA-XML 1.0 schema, every coded passage a selection
whose range cuts exactly its text out of the exported source, every front-matter tag a coding, and the
GUIDs of the .qdc codebook, in Dutch and in English."""

from __future__ import annotations

import dataclasses
import io
import tracemalloc
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tbvsite import cli, codebook, passages, pipeline, qdpx

from helpers import FIXTURES, run_texts

ROOT = Path(__file__).resolve().parents[1]
XSD = ROOT.parent / "shared" / "schemas" / "refi-qda-project-1.0.xsd"
NS = {"q": qdpx.NAMESPACE}
ALPHA = (FIXTURES / "alpha.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def schema():
    if not XSD.is_file():
        pytest.fail(f"the REFI-QDA schema is missing: {XSD}")
    return etree.XMLSchema(etree.parse(str(XSD)))


def fixture_index(tmp_path: Path):
    files = {p.name: p.read_text(encoding="utf-8") for p in FIXTURES.glob("*.md")}
    files["alpha.md"] = ALPHA.replace(
        "Anna en Ben praten.", '[Anna en *Ben* praten]{codes="anna ben"}.').replace(
        "Meebewegen of een brief sturen?", '[Meebewegen](x.md) of [een [brief](y.md) sturen]{codes="brief meebewegen"}?')
    result = run_texts(tmp_path, files)
    assert result.index is not None, result.problems
    return result.index


def unpack(data: bytes) -> tuple[etree._Element, dict[str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names[0] == qdpx.QDE
        root = etree.fromstring(archive.read(qdpx.QDE))
        files = {name: archive.read(name).decode("utf-8") for name in names[1:]}
    return root, files


def check_project(root, files, index, schema) -> None:
    """Every rule of the issue, for any archive."""
    assert schema.validate(root), schema.error_log
    qdc_guids = {e.get("guid") for e in etree.fromstring(codebook.to_qdc(index.vocabulary).encode()).iter()
                 if e.get("guid")}
    assert {e.get("guid") for e in root.iterfind("q:CodeBook//q:Code", NS)} == qdc_guids
    sources = root.findall("q:Sources/q:TextSource", NS)
    assert [s.get("name") for s in sources] == [v.title for v in index.vignettes]
    assert len(files) == len(sources)
    for source, vignette in zip(sources, index.vignettes):
        path = source.get("plainTextPath")
        assert path.startswith("internal://")
        text = files[f"{qdpx.SOURCES}/{path.removeprefix('internal://')}"]
        # every front-matter tag is a coding of the whole source
        coded = [ref.get("targetGUID") for ref in source.iterfind("q:Coding/q:CodeRef", NS)]
        assert coded == [codebook.guid(f, t) for f, t in vignette.terms()]
        # every coded passage is a selection that cuts exactly its text
        found = passages.parse(vignette.body)[0]
        selections = source.findall("q:PlainTextSelection", NS)
        assert len(selections) == len(found)
        for selection, passage in zip(selections, found):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert 0 <= start < end <= len(text)
            assert text[start:end] == qdpx.inline(vignette.body[passage.start:passage.end])
            assert [r.get("targetGUID") for r in selection.iterfind("q:Coding/q:CodeRef", NS)] == [
                codebook.guid(passages.facet_of(index.vocabulary, t), t) for t in passage.terms]
        # the scene comes before the questions, the questions before the fold
        if vignette.questions:
            assert text.index(" ".join(vignette.questions[0].split())) > text.index(vignette.title)
    users = root.find("q:Users", NS)
    coder = users[0].get("guid")
    assert all(c.get("creatingUser") == coder for c in root.iter(f"{{{qdpx.NAMESPACE}}}Coding"))


def test_fixture_project_is_valid_and_cuts_each_passage(tmp_path, schema):
    index = fixture_index(tmp_path)
    root, files = unpack(qdpx.to_qdpx(index, "Test"))
    check_project(root, files, index, schema)
    alpha = root.find("q:Sources/q:TextSource[@name='Alpha']", NS)
    text = files[f"{qdpx.SOURCES}/{alpha.get('guid')}.txt"]
    cuts = [text[int(s.get("startPosition")):int(s.get("endPosition"))]
            for s in alpha.iterfind("q:PlainTextSelection", NS)]
    assert cuts == ["Anna en Ben praten", "een brief sturen"]
    assert text.startswith("Alpha\n\nDe scène\n\nAnna en Ben praten. Zie Beta en meebewegen.")
    variables = {v.get("name"): v.get("guid") for v in root.iterfind("q:Variables/q:Variable", NS)}
    assert set(variables) == {"form", "order", "source", "chosen"}
    values = {value.find("q:VariableRef", NS).get("targetGUID"): value[1].text
              for value in alpha.iterfind("q:VariableValue", NS)}
    assert values == {variables["form"]: "beslissing", variables["order"]: "1",
                      variables["source"]: "heederik-werken", variables["chosen"]: "Brief aan bewoners"}
    assert "CC BY 4.0" in alpha.find("q:Description", NS).text


def test_the_same_archive_gives_the_same_bytes(tmp_path):
    index = fixture_index(tmp_path)
    assert qdpx.to_qdpx(index, "Test") == qdpx.to_qdpx(index, "Test")


def test_project_is_written_a_source_at_a_time_as_indenting_the_whole_tree_writes_it(tmp_path):
    """project.qde goes into the zip a source at a time (issue 26: at 3,000 vignettes the whole
    tree and its text were the largest thing a build held). The text is still what indenting and
    serialising the whole tree gives, and the memory it takes stays well under the text's own size
    times the element tree's overhead (the whole tree took nine times the text)."""
    index = fixture_index(tmp_path)
    many = dataclasses.replace(index, vignettes=tuple(
        dataclasses.replace(vignette, slug=f"{vignette.slug}-{n}")
        for n in range(100) for vignette in index.vignettes))
    qdpx.to_qdpx(index, "Test")  # what a first call sets up once (caches, compiled patterns) is not counted
    tracemalloc.start()
    try:
        data = qdpx.to_qdpx(many, "Test")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    qde = zipfile.ZipFile(io.BytesIO(data)).read(qdpx.QDE).decode("utf-8")
    declaration, _, body = qde.partition("\n")
    assert declaration == '<?xml version="1.0" encoding="utf-8"?>'
    tree = ET.fromstring(body)
    assert len(tree.find(f"{{{qdpx.NAMESPACE}}}Sources")) == len(many.vignettes)
    ET.register_namespace("", qdpx.NAMESPACE)
    ET.indent(tree)
    assert ET.tostring(tree, encoding="unicode") + "\n" == body
    assert peak < 3 * len(qde), f"writing the project took {peak / len(qde):.1f} times its text"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_real_archive_project_in_both_languages(tmp_path, schema, language):
    out = tmp_path / f"archief-{language}.qdpx"
    assert cli.run(["--root", str(ROOT), "export", "--format", "qdpx", "--language", language, "-o", str(out)]) == 0
    root, files = unpack(out.read_bytes())
    result = pipeline.run(ROOT / "vignettes", ROOT / "vignettes" / "taxonomy.yml", root=ROOT, language=language)
    check_project(root, files, result.index, schema)
    assert len(root.findall(".//q:PlainTextSelection", NS)) >= 4 * 3
    assert root.get("name") == {"nl": "TBV-casusarchief", "en": "TBV case archive"}[language]


def test_dutch_and_english_projects_share_every_guid(tmp_path):
    guids = {}
    for language in ("nl", "en"):
        out = tmp_path / f"{language}.qdpx"
        assert cli.run(["--root", str(ROOT), "export", "--format", "qdpx", "--language", language, "-o", str(out)]) == 0
        root, _ = unpack(out.read_bytes())
        guids[language] = [e.get("guid") for e in root.iter() if e.get("guid")]
    assert guids["nl"] == guids["en"]
    assert len(set(guids["nl"])) == len(guids["nl"])


def test_export_needs_a_file_name(capsys):
    assert cli.run(["--root", str(ROOT), "export", "--format", "qdpx"]) == 2
    assert "give a file name with -o" in capsys.readouterr().err


def test_site_publishes_the_project(make_project, schema):
    result = make_project().build()
    assert result.ok, result.log
    data = (result.site / "data" / "vignettes.qdpx").read_bytes()
    root, files = unpack(data)
    assert schema.validate(root), schema.error_log
    assert len(files) == 3
