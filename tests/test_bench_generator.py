"""The benchmark's synthetic corpus is a valid archive of the real vocabulary.

``tests/bench/synthetic.py`` writes the vignettes that ``make bench`` builds;
if they stopped passing ``tbvsite check`` the benchmark would measure an
error page. Quick: 40 vignettes.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tbvsite import pipeline
from tbvsite.emit.text import words

BENCH = Path(__file__).parent / "bench"
TBVSITE = Path(sys.executable).with_name("tbvsite")


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


synthetic = _load("synthetic")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    synthetic.write_corpus(root / "vignettes", 40)
    return root


def test_the_corpus_passes_tbvsite_check(corpus):
    assert TBVSITE.is_file(), f"{TBVSITE} is missing: install the package with 'make test'"
    result = subprocess.run([str(TBVSITE), "--root", str(corpus), "check", "--format", "json"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    # No errors and no warnings, but that the synthetic cases (Dutch only, under the real taxonomy
    # with its English mappings) have no English translation yet.
    problems = json.loads(result.stdout)
    assert [p for p in problems if p["code"] != "missing-translation"] == []
    assert all(p["severity"] == "warning" and p["path"].startswith("vignettes/en/") for p in problems)


def test_the_corpus_has_the_realistic_shape(corpus):
    folder = corpus / "vignettes"
    result = pipeline.run(folder, folder / "taxonomy.yml")
    assert result.ok, [(p.path, p.code) for p in result.errors]
    assert len(result.vignettes) == 40
    facets = result.vocabulary.facets
    for v in result.vignettes:
        assert 450 <= words(v.body) <= 800, (v.slug, words(v.body))
        for facet_id, (low, high) in synthetic.TAG_COUNTS.items():
            if facet_id in facets:
                assert low <= len(v.tags[facet_id]) <= min(high, len(facets[facet_id].terms)), (v.slug, facet_id)
        assert 2 <= len(v.positions) <= 7
        for position in v.positions:  # positions agree with the tags (validate checks it too)
            for key, facet_id in result.vocabulary.position_fields.items():
                assert position.refs[key] in v.tags[facet_id]
        assert 4 <= len(v.questions) <= 6
    # both forms of the teaching contract occur, each with its fold (validate checks the rules)
    forms = {v.form for v in result.vignettes}
    assert forms == {"beslissing", "reflectie"}, forms
    assert all(v.chosen for v in result.vignettes if v.form == "beslissing")
    # the vignettes the taxonomy links to exist, so a strict build has no broken links
    slugs = {v.slug for v in result.vignettes}
    assert set(synthetic.linked_slugs()) <= slugs
    # every body link points at a vignette of the corpus
    for v in result.vignettes:
        for target in re.findall(r"\]\(([a-z0-9-]+)\.md\)", v.body):
            assert target in slugs


def test_the_corpus_is_deterministic(tmp_path):
    a = synthetic.write_corpus(tmp_path / "a", 5, seed=3)
    b = synthetic.write_corpus(tmp_path / "b", 5, seed=3)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
