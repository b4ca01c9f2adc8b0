"""Pure-function helpers for tests: load the fixture vocabulary and vignettes without a build."""

from __future__ import annotations

import re
from pathlib import Path

from tbvsite import pipeline
from tbvsite.vocabulary import load_vocabulary

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_vocabulary():
    vocabulary, problems = load_vocabulary(FIXTURES / "taxonomy.yml", "vignettes/taxonomy.yml")
    assert vocabulary is not None and not problems, problems
    return vocabulary


def run_texts(tmp_path: Path, files: dict[str, str], taxonomy: str | None = None) -> pipeline.Result:
    """Write ``files`` into tmp_path/vignettes and run the pipeline on them."""
    folder = tmp_path / "vignettes"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "taxonomy.yml").write_text(
        taxonomy if taxonomy is not None else (FIXTURES / "taxonomy.yml").read_text(encoding="utf-8"),
        encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return pipeline.run(folder, folder / "taxonomy.yml", root=tmp_path)


def fixture_index(tmp_path: Path):
    files = {p.name: p.read_text(encoding="utf-8") for p in FIXTURES.glob("*.md")}
    result = run_texts(tmp_path, files)
    assert result.index is not None, result.problems
    return result.index


def normal_text(text: str) -> str:
    """Text as compared by the fold tests: whitespace collapsed, no-break spaces plain, case folded."""
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


def fold_sentences(text: str, min_words: int = 4) -> list[str]:
    """The sentences of a fold's text (of at least ``min_words`` words: a heading proves nothing), normalised."""
    found = []
    for block in re.split(r"\n\s*\n", text):
        found += [normal_text(s) for s in re.split(r"(?<=[.!?])\s+", " ".join(block.split()))
                  if len(s.split()) >= min_words]
    return found
