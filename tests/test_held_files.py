"""What a build holds of its generated files until MkDocs writes them (issue 26: memory).

A vignette page's Markdown is written when MkDocs reads the page; the other generated pages wait
compressed until MkDocs reads them, and a data file (open data, REFI-QDA, citation files) until MkDocs
copies the static files, after every page is converted (tbvsite.emit.packed). Either way the file MkDocs writes is the content the emitter gave, byte for byte; the
site tests (citation files, the REFI-QDA project, open data) read those files from built sites.
"""

from __future__ import annotations

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import InclusionLevel

from tbvsite.emit import packed
from tbvsite.mkdocs.pages import _DeferredFile


@pytest.fixture
def config(tmp_path) -> MkDocsConfig:
    (tmp_path / "docs").mkdir()
    config = MkDocsConfig()
    config.load_dict({"site_name": "Test", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site")})
    errors, _ = config.validate()
    assert not errors, errors
    config.plugins._current_plugin = None  # outside a build: as MkDocs sets it between events
    return config


@pytest.mark.parametrize("content", [
    "naam,samenvatting\r\nbewonersavond,\"Een avond – met é, ‘quotes’ en 👍\"\n",
    bytes(range(256)) * 40,  # a zip, say
    "",
], ids=["text", "bytes", "empty"])
def test_a_data_file_waits_compressed_and_is_written_as_it_was_given(config, content):
    raw = content.encode("utf-8") if isinstance(content, str) else content
    file = _DeferredFile.later(config, "data/vignettes.csv", packed(content), InclusionLevel.UNDEFINED)
    assert file._content is None, "the file holds its content uncompressed"
    if len(raw) > 1000:
        assert len(file.write.__closure__[0].cell_contents) < len(raw) / 4  # what it holds is compressed
    assert file.content_bytes == raw
    if isinstance(content, str):
        assert file.content_string == content
    assert file.is_modified()
    file.copy_file()
    with open(file.abs_dest_path, "rb") as written:
        assert written.read() == raw
    # Let go once written (Archive.release_data): nothing is held any more.
    file.content_bytes = b""
    assert file.write is None and file.content_bytes == b""


def test_a_deferred_page_is_written_when_read_and_let_go_when_set(config):
    calls = []

    def write() -> str:
        calls.append(1)
        return "# Bewonersavond\n"

    file = _DeferredFile.later(config, "vignetten/bewonersavond.md", write, InclusionLevel.UNDEFINED)
    assert not calls
    assert file.content_string == "# Bewonersavond\n" and len(calls) == 1
    file.content_string = ""
    assert file.write is None and file.content_string == ""
