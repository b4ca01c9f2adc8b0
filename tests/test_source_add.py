"""`tbvsite source add FILE.json`: CSL JSON as Zotero, Pandoc or a DOI look-up exports it, into sources.yml."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from tbvsite import cli
from tbvsite.sources import load_sources

ROOT = Path(__file__).resolve().parents[1]

ZOTERO = [{  # as Zotero exports it: a URI as id, its Extra field in note, keys CSL does not define
    "id": "http://zotero.org/users/123/items/ABCD1234", "type": "article-journal",
    "title": "Buurtwerk: een verkenning van binnenuit", "container-title": "Bestuurskunde",
    "author": [{"family": "Jansen", "given": "Eva"}], "issued": {"date-parts": [[2022, 5, 2]]},
    "note": "_eprint: https://example.org/x.pdf\nCitation Key: jansen2022buurtwerk", "libraryCatalog": "Wiley"}]
DOI = {"type": "book", "title": "Wijken en wethouders", "author": [{"family": "Bakker", "given": "Piet"}],
       "issued": {"date-parts": [[2020]]}, "DOI": "10.1000/abc", "id": "https://doi.org/10.1000/abc"}
PANDOC = [{"id": "devries2023", "type": "report", "title": "Het rapport", "author": [{"literal": "Gemeente X"}],
           "issued": {"date-parts": [[2023, 1]]}, "note": "Opgesteld voor de raad."}]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "vignettes", tmp_path / "vignettes")
    return tmp_path


def add(root: Path, data, indent="\t") -> tuple[int, Path]:
    path = root / "export.json"
    path.write_text(json.dumps(data, indent=indent, ensure_ascii=False), encoding="utf-8")
    return cli.run(["--root", str(root), "source", "add", str(path)]), root / "vignettes" / "sources.yml"


def test_zotero_pandoc_and_doi_exports_become_clean_entries(root: Path, capsys) -> None:
    for data in (ZOTERO, DOI, PANDOC):
        code, sources = add(root, data)
        assert code == 0, capsys.readouterr().err
    items, problems = load_sources(sources, "vignettes/sources.yml")
    assert not [p for p in problems if p.severity == "error"], problems
    zotero = items["jansen2022buurtwerk"]
    assert zotero.csl["title"] == "Buurtwerk: een verkenning van binnenuit"  # ': ' kept, quoted by the writer
    assert "note" not in zotero.csl and "libraryCatalog" not in zotero.csl  # Zotero's internal lines dropped
    assert zotero.csl["issued"] == {"date-parts": [[2022, 5, 2]]}  # the date kept
    assert items["bakker-2020"].csl["DOI"] == "10.1000/abc"  # author-year where there is no citation key
    assert items["devries2023"].csl["note"] == "Opgesteld voor de raad."
    text = sources.read_text(encoding="utf-8")
    assert "_eprint" not in text and "zotero.org" not in text
    assert yaml.safe_load(text)["references"][-1]["id"] == "devries2023"


def test_an_existing_id_is_never_overwritten(root: Path, capsys) -> None:
    assert add(root, ZOTERO)[0] == 0
    before = (root / "vignettes" / "sources.yml").read_text(encoding="utf-8")
    changed = [{**ZOTERO[0], "title": "Iets anders"}]
    code, sources = add(root, changed)
    assert code == 1
    err = capsys.readouterr().err
    assert "jansen2022buurtwerk" in err and "already" in err and "nothing written" in err
    assert sources.read_text(encoding="utf-8") == before
    code, _ = add(root, [{"id": "heederik-werken", "type": "book", "title": "X"}])
    assert code == 1 and sources.read_text(encoding="utf-8") == before


def test_a_broken_export_is_a_usage_error(root: Path, capsys) -> None:
    path = root / "export.json"
    path.write_text('[{"id": "x", "type": "book",}]', encoding="utf-8")
    assert cli.run(["--root", str(root), "source", "add", str(path)]) == 2
    assert "not valid JSON" in capsys.readouterr().err
