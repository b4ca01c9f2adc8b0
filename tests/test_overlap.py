"""``tbvsite overlap``: copied runs and close paraphrases of any source text, located."""

from __future__ import annotations

from pathlib import Path

import pytest

from tbvsite import cli
from tbvsite.overlap import STRICT, Source, common_subsequence, content, tokens

SOURCE = """\
Het interview begon in de kantine. De wethouder zei dat de buurtbewoners pas laat
bij het plan werden betrokken, en dat de corporatie de renovatie liever uit-
stelde tot na de verkiezingen. Daarna volgde een lange stilte.
"""


RUN_CASES = [
    # (id, our text, expected (line, words) of each run)
    ("seven words copied", "Intro.\nZij zei: de buurtbewoners pas laat bij het plan werden gehoord.",
     [(2, 8)]),
    ("six words are fine", "de buurtbewoners pas laat bij het, en verder niets.", []),
    ("case, accents and punctuation ignored", "DE BUURTBEWONERS — pás laat, bij het plan!", [(1, 7)]),
    ("hyphenation at a line end in the source", "dat de corporatie de renovatie liever uitstelde tot na", [(1, 9)]),
    ("a run over a line break in our text", "de buurtbewoners pas laat\nbij het plan", [(1, 7)]),
    ("two runs", "Het interview begon in de kantine. De wethouder\nx\ntot na de verkiezingen; daarna volgde een lange",
     [(1, 8), (3, 8)]),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in RUN_CASES], ids=[c[0] for c in RUN_CASES])
def test_runs(text, expected):
    found = [(line, length) for line, length, _ in Source(SOURCE).runs(text)]
    assert found == expected


def test_run_length_is_configurable():
    assert Source(SOURCE, words=4).runs("bij het plan werden")[0][:2] == (1, 4)
    assert Source(SOURCE, words=5).runs("bij het plan werden") == []


PARAPHRASE_CASES = [
    # (id, our sentence, reported?)
    ("a word swapped", "De wethouder zei dat buurtbewoners pas laat bij het plan betrokken werden, en dat de "
                       "corporatie de renovatie liefst uitstelde tot na de verkiezingen.", True),
    ("the same words in another order", "Verkiezingen, renovatie, corporatie: na betrokken plan laat pas de "
                                        "buurtbewoners en wethouder werden stilte.", False),
    ("our own sentence", "De renovatie kwam pas op gang toen de bewoners zelf een plan op tafel legden "
                         "en de corporatie moest luisteren.", False),
    ("too short to judge", "De wethouder zei dat bewoners laat meededen.", False),
]


@pytest.mark.parametrize("text, reported", [c[1:] for c in PARAPHRASE_CASES], ids=[c[0] for c in PARAPHRASE_CASES])
def test_paraphrases(text, reported):
    found = Source(SOURCE).paraphrases("Eerste regel.\n" + text)
    assert bool(found) == reported, found
    if reported:
        line, matched, total, sentence, origin = found[0]
        assert line == 2 and matched >= 7 and matched / total >= 0.75
        assert "wethouder" in origin


INFLECTED = ("De wethouders zeiden dat buurtbewoners pas laat bij de planning werden betrokken, en dat de "
             "corporaties de renovaties liefst uitstelden tot na verkiezingen.")


@pytest.mark.parametrize("text, default, strict", [
    (INFLECTED, False, True),  # the source's skeleton, its words inflected: only the finer comb sees it
    (PARAPHRASE_CASES[0][1], True, True),
    (PARAPHRASE_CASES[2][1], False, False),
    (PARAPHRASE_CASES[1][1], False, False),
], ids=["inflected", "a word swapped", "our own sentence", "the same words in another order"])
def test_strict_comb(text, default, strict):
    assert bool(Source(SOURCE).paraphrases(text)) == default
    found = Source(SOURCE, comb=STRICT).paraphrases(text)
    assert bool(found) == strict, found
    if strict:
        _, matched, total, _, origin = found[0]
        assert matched >= 6 and matched / total >= 0.6 and "wethouder" in origin


def test_stems_are_cut_to_the_comb():
    assert content(["wethouders", "de", "zeiden", "12"], stem=5) == ["wetho", "zeide"]


@pytest.mark.parametrize("a, b, expected", [
    ("a b c d", "a x c y d", 3), ("a b c", "c b a", 1), ("", "a", 0), ("a a b", "a b a b", 3),
])
def test_common_subsequence(a, b, expected):
    assert common_subsequence(a.split(), b.split()) == expected


def test_stop_words_are_not_content():
    assert content(tokens("De wethouder en het plan zijn er niet")) == ["wethouder", "plan"]


# ------------------------------------------------------------------ the command

@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    for name, text in {
        "vignettes/a.md": "---\ntitle: A\n---\nEigen tekst over de kantine.\n",
        "vignettes/b.md": "---\ntitle: B\n---\nRegel.\nZij zeiden: de buurtbewoners pas laat bij het plan werden.\n",
        "docs/c.md": "# C\n\nNiets overgenomen.\n",
        "docs/.verborgen/d.md": "de buurtbewoners pas laat bij het plan werden\n",
        "docs/plaatje.png": "de buurtbewoners pas laat bij het plan werden\n",
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (tmp_path / "interview.txt").write_text(SOURCE, encoding="utf-8")
    return root


def test_command_reports_located_runs(project, capsys, monkeypatch):
    monkeypatch.chdir(project)
    assert cli.run(["overlap", "--source", "../interview.txt"]) == 1
    out, err = capsys.readouterr()
    assert out == 'vignettes/b.md:5: 8 words: "de buurtbewoners pas laat bij het plan werden"\n'
    assert err == "1 copied run(s) of 7+ words, 0 close paraphrase(s)\n"


def test_command_is_quiet_on_own_words(project, capsys, monkeypatch):
    monkeypatch.chdir(project)
    assert cli.run(["overlap", "--source", "../interview.txt", "docs", "vignettes/a.md"]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("0 copied run(s)")


def test_command_strict(project, capsys, monkeypatch):
    monkeypatch.chdir(project)
    (project / "docs" / "e.md").write_text("Intro.\n\n" + INFLECTED + "\n", encoding="utf-8")
    assert cli.run(["overlap", "--source", "../interview.txt", "docs/e.md"]) == 0
    capsys.readouterr()
    assert cli.run(["overlap", "--strict", "--source", "../interview.txt", "docs/e.md"]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("docs/e.md:3: paraphrase 9/12: ") and "source: " in out
    assert err == "0 copied run(s) of 7+ words, 1 close paraphrase(s)\n"


@pytest.mark.parametrize("args", [
    ["overlap", "--source", "../interview.txt", "--strict", "--no-paraphrase"],
    ["overlap", "--source", "geen-bestand.txt"],
    ["overlap", "--source", "../interview.txt", "bestaat-niet"],
    ["overlap", "--source", "../interview.txt", "--words", "1"],
    ["overlap"],
])
def test_command_usage_errors(project, capsys, monkeypatch, args):
    monkeypatch.chdir(project)
    assert cli.run(args) == 2
    assert "Traceback" not in capsys.readouterr().err
