"""The .bib and .ris downloads as the real tools read them: biber's data-model check, classic BibTeX, rispy.

biber (Debian's package) and classic ``bibtex`` (texlive-binaries) are installed by ``make biber``, which
``make test`` depends on; without them these tests fail with that command as the hint (never skip: a
missing tool would hide every warning). The two that run the tools are marked ``slow``, so ``make
check-fast`` (which installs neither) leaves them to ``make test``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import rispy


def _downloads(site: Path, extension: str) -> list[Path]:
    files = sorted(site.glob(f"data/cite/*.{extension}")) + sorted(site.glob(f"en/data/cite/*.{extension}"))
    assert files, f"no .{extension} file in {site}"
    return files


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is not installed: run make biber (Debian's biber and texlive-binaries)"
    return path


@pytest.mark.slow  # runs Debian's biber (make biber): in make test, not in check-fast
def test_biber_validates_every_bib_against_its_data_model(real_site, tmp_path):
    biber = _tool("biber")
    for bib in _downloads(real_site, "bib"):
        result = subprocess.run([biber, "--tool", "--validate-datamodel", "--nolog", "--output-directory",
                                 str(tmp_path), "--output-file", str(tmp_path / "out.bib"), str(bib)],
                                capture_output=True, text=True, timeout=120)
        problems = [line for line in (result.stdout + result.stderr).splitlines()
                    if line.startswith(("WARN", "ERROR", "FATAL"))]
        assert result.returncode == 0 and not problems, f"{bib.relative_to(real_site)}:\n" + "\n".join(problems)


@pytest.mark.slow  # runs classic bibtex (make biber)
def test_classic_bibtex_reads_every_bib_without_a_warning(real_site, tmp_path):
    bibtex = _tool("bibtex")
    for bib in _downloads(real_site, "bib"):
        shutil.copy(bib, tmp_path / "archive.bib")
        # A minimal .aux that cites every entry in the plain style.
        (tmp_path / "doc.aux").write_text("\\citation{*}\n\\bibdata{archive}\n\\bibstyle{plain}\n", encoding="utf-8")
        result = subprocess.run([bibtex, "-terse", "doc"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
        output = result.stdout + result.stderr
        assert result.returncode == 0 and "Warning" not in output and "error" not in output.lower(), \
            f"{bib.relative_to(real_site)}:\n{output}"
        assert (tmp_path / "doc.bbl").read_text(encoding="utf-8").count("\\bibitem") == \
            len(re.findall(r"^@\w+\{", bib.read_text(encoding="utf-8"), re.M))  # every entry became an item


def _keys(bib: Path) -> list[str]:
    return re.findall(r"^@\w+\{([^,]+),", bib.read_text(encoding="utf-8"), re.M)


def test_keys_are_unique_across_the_editions_and_each_file_names_a_source_once(real_site):
    case_keys = []
    for bib in _downloads(real_site, "bib"):
        keys = _keys(bib)
        assert len(keys) == len(set(keys)), f"{bib}: a key twice: {keys}"
        case_keys.append(keys[0])
        text = bib.read_text(encoding="utf-8")
        assert ".;" not in text and "..\n" not in text, f"{bib}: doubled punctuation"
        comments = [line for line in text.splitlines() if line.startswith("%")]
        assert not any("@" in line for line in comments), f"{bib}: '@' in a comment starts an entry in BibTeX"
    assert len(case_keys) == len(set(case_keys)), f"the same case key in two editions: {sorted(case_keys)}"


def test_the_english_files_are_in_english(real_site):
    for bib in sorted(real_site.glob("en/data/cite/*.bib")):
        text = bib.read_text(encoding="utf-8")
        assert re.search(r"^\s*langid\s*=\s*\{english\}", text, re.M) and re.search(r"^\s*language\s*=\s*\{en\}", text, re.M)
        for dutch in ("casus", " bron", "versie", "Licentie", "raadpleegdatum", "Verschenen"):
            assert dutch not in text, f"{bib.relative_to(real_site)}: Dutch text '{dutch}'"
        # One language convention: ISO codes in language, babel names in langid.
        assert set(re.findall(r"^\s*language\s*=\s*\{([^}]*)\}", text, re.M)) <= {"en", "nl"}


def test_rispy_reads_every_ris(real_site):
    for ris in _downloads(real_site, "ris"):
        records = rispy.loads(ris.read_bytes().decode("utf-8"))
        assert records, ris
        for record in records:
            assert record.get("type_of_reference") and "unknown_tag" not in record, (ris, record)
        # An author is a person, "Family, Given": readers split a name without a comma into two.
        assert all("," in name for name in records[0].get("authors", [])), f"{ris}: {records[0]['authors']}"
