"""Own words: find passages of our texts that copy or closely paraphrase a source text.

``tbvsite overlap --source FILE [PATH ...]`` compares every text file under
the PATHs with one source (a reportage, an interview transcript, a council
document: the source itself stays wherever the researcher keeps it, outside
the repository if it must). Two findings:

- a *run*: N or more consecutive words (default 7) that also stand, in that
  order, in the source;
- a *paraphrase*: a sentence whose content words (Dutch stop words left out)
  follow one source sentence, or two adjacent ones, in the same order for at
  least N words and at least 75% of the sentence: a source sentence with a
  few words swapped.

``--strict`` combs finer (:data:`STRICT`): words are compared by their first
five letters, so an inflected or derived form still meets the source's word
("voorzichtige" and "voorzichtiger"), and a sentence is reported when 6 of its
content words, and 60% of them, follow a source sentence in order. It finds a
source sentence whose skeleton was kept while its words were inflected,
swapped or moved a little.

Case, accents, punctuation and hyphenation at line ends are ignored. Pure
functions; :func:`tbvsite.cli.cmd_overlap` prints the findings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .textfile import read_text

SUFFIXES = frozenset({".md", ".yml", ".yaml", ".html", ".txt", ".json", ".csv", ".j2", ".py"})
PROSE = frozenset({".md", ".yml", ".yaml", ".txt"})  # files with sentences worth a paraphrase check
_TOKEN = re.compile(r"[a-z0-9]+")
_HYPHENATED = re.compile(r"(\w)-[ \t]*\n[ \t]*(\w)")
_SENTENCE = re.compile(r"[^.!?;:]+[.!?;:]*")
STOP_WORDS = frozenset("""
aan al alle alles als ben bent bij daar dan dat de deze die dit door dus een eens en er even geen geweest
had hadden haar heb hebben hebt heeft heel hem hen het hier hij hoe hun iets ik in is je jij jou jouw kan
kon konden kunnen kunt maar mag me meer met mij mijn mocht moest moet moeten na naar niet nog nu of om
omdat ons onze ook op over te tegen toch toen tot tussen u uit uw van veel voor want waar waren was wat
we wel werd werden wie wij wil worden wordt ze zeer zich zij zijn zo zou zouden zullen zult
""".split())


def fold(text: str) -> str:
    """Lowercase without accents: 'Hiërarchisch' and 'hierarchisch' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


def content(words: list[str], stem: int = 0) -> list[str]:
    """The content words (stop words and numbers left out), cut to their first ``stem`` letters if ``stem``."""
    kept = [w for w in words if w not in STOP_WORDS and not w.isdigit()]
    return [w[:stem] for w in kept] if stem else kept


@dataclass(frozen=True)
class Comb:
    """How finely a sentence is compared with the source's sentences in the paraphrase check."""

    stem: int = 0  # compare words by their first ``stem`` letters; 0: whole words
    least: int | None = None  # content words that must follow the source; None: the run length
    share: float = 0.75  # ... and at least this share of the sentence's content words


DEFAULT = Comb()
STRICT = Comb(stem=5, least=6, share=0.6)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    kind: str  # "run" or "paraphrase"
    text: str
    matched: int  # words of the run, or content words that follow the source
    total: int = 0  # content words of the sentence (paraphrase)
    source: str = ""  # the source sentence(s) (paraphrase)

    def format(self) -> str:
        if self.kind == "run":
            return f'{self.path}:{self.line}: {self.matched} words: "{self.text}"'
        return (f'{self.path}:{self.line}: paraphrase {self.matched}/{self.total}: "{_clip(self.text, 200)}"\n'
                f'    source: "{_clip(self.source, 400)}"')


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Source:
    """A source text, prepared once: its word n-grams and its sentences with an index of content words."""

    def __init__(self, text: str, words: int = 7, comb: Comb = DEFAULT) -> None:
        self.n = words
        self.comb = comb
        text = _HYPHENATED.sub(r"\1\2", text)
        all_words = tokens(text)
        self.grams = {tuple(all_words[i : i + words]) for i in range(len(all_words) - words + 1)}
        single = [" ".join(s.split()) for s in _SENTENCE.findall(text) if tokens(s)]
        joined = single + [f"{a} {b}" for a, b in zip(single, single[1:])]
        self.sentences = [(s, content(tokens(s), comb.stem)) for s in joined]
        self.postings: dict[str, list[int]] = {}
        for number, (_, words_) in enumerate(self.sentences):
            for word in set(words_):
                self.postings.setdefault(word, []).append(number)

    def runs(self, text: str) -> list[tuple[int, int, str]]:
        """(line, length, words) of every maximal run of at least n words that stands in the source."""
        located = [(w, number) for number, line in enumerate(text.split("\n"), 1) for w in tokens(line)]
        found, i, n = [], 0, self.n
        while i + n <= len(located):
            if tuple(w for w, _ in located[i : i + n]) not in self.grams:
                i += 1
                continue
            end = i + n
            while end < len(located) and tuple(w for w, _ in located[end - n + 1 : end + 1]) in self.grams:
                end += 1
            found.append((located[i][1], end - i, " ".join(w for w, _ in located[i:end])))
            i = end
        return found

    def paraphrases(self, text: str, share: float | None = None,
                    candidates: int = 25) -> list[tuple[int, int, int, str, str]]:
        """(line, matched, total, sentence, source sentence) of each sentence that follows a source sentence."""
        share = self.comb.share if share is None else share
        least = self.n if self.comb.least is None else self.comb.least
        found = []
        for match in _SENTENCE.finditer(text):
            sentence = match.group(0)
            words = content(tokens(sentence), self.comb.stem)
            if len(words) < least:
                continue
            votes: dict[int, int] = {}
            for word in set(words):
                for number in self.postings.get(word, ()):
                    votes[number] = votes.get(number, 0) + 1
            best, best_number = 0, -1
            for number in sorted(votes, key=lambda k: (-votes[k], k))[:candidates]:
                length = common_subsequence(words, self.sentences[number][1])
                if length > best:
                    best, best_number = length, number
            if best >= least and best >= share * len(words):
                stripped = len(sentence) - len(sentence.lstrip())
                line = text.count("\n", 0, match.start() + stripped) + 1
                found.append((line, best, len(words), " ".join(sentence.split()), self.sentences[best_number][0]))
        return found


def common_subsequence(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence: the words of ``a`` that follow ``b`` in order."""
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def files(paths: list[Path], skip: Path | None = None) -> list[Path]:
    """Text files under ``paths`` (hidden ones left out), without the source itself."""
    out: list[Path] = []
    for root in paths:
        found = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in found:
            parts = path.relative_to(root).parts if path != root else ()
            if path.suffix not in SUFFIXES or any(part.startswith(".") for part in parts):
                continue
            if skip is not None and path.resolve() == skip.resolve():
                continue
            out.append(path)
    return out


def compare(source: Source, paths: list[Path], shown, paraphrase: bool = True) -> list[Finding]:
    """Every finding in the files under ``paths``; ``shown(path)`` gives the path as printed."""
    findings: list[Finding] = []
    for path in paths:
        name = shown(path)
        text, _ = read_text(path, name)
        if text is None:
            continue
        for line, length, words in source.runs(text):
            findings.append(Finding(name, line, "run", words, length))
        if paraphrase and path.suffix in PROSE:
            for line, matched, total, sentence, origin in source.paraphrases(text):
                findings.append(Finding(name, line, "paraphrase", sentence, matched, total, origin))
    return findings
