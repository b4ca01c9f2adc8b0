"""Text outside a fold that tells how a decision case ended, where a machine can tell.

The teaching contract (issue 22): a student meets an ending only inside a fold
(:mod:`tbvsite.fold`). What a term did in an ending belongs in its ``outcome``
field, never in its description; a position note says what someone argued
before the decision; a hand-written page (the glossary, the reading guide)
folds what tells an ending. This module checks what it can:

- ``outcome-unknown-vignette`` / ``outcome-not-decision``: a term's
  ``outcome`` names a vignette that is not in the archive but close to the
  name of one (a typo), or one that has no ending.
- ``tells-outcome``: a sentence of a term description (in any language), a
  position note, or a hand-written page outside its folds names a term of a
  case's ending (a ``chosen`` term, or a term the ``## Hoe het afliep`` part
  links to) by its label or by a link to its page, together with a verb of
  deciding or ending ("kiest", "besluiten", "uiteindelijk", "decides", ...),
  and is about that case: a position note of it, the description of one of
  its actors, or a sentence that names the case (title, link) or one of its
  actors. A strategy named with "kiezen" in a general sentence is no finding.
- ``position-tells-fold``: a position note repeats six or more words in a row
  of its vignette's fold.

What it cannot tell (the guide says so, docs/casus-toevoegen.md): an ending
told in other words (without the term's label or link, or without one of the
verbs), or in a sentence that does not name the case or one of its actors,
and anything a picture or a table says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import body, fold, i18n
from .fields import DECISION, chosen_facet
from .model import Problem, Vignette, Vocabulary
from .safety import mask_code

# Verbs and phrases of deciding or ending, per language; matched as whole words, case-insensitively.
OUTCOME_WORDS = {
    "nl": ("besluit", "besluiten", "besloot", "besloten", "kiest", "kiezen", "koos", "kozen", "gekozen",
           "kiest voor", "uiteindelijk", "mondt uit", "teruggedraaid", "draait terug", "herschreven",
           "uitkomst", "afloop"),
    "en": ("decide", "decides", "decided", "chose", "chooses", "chosen", "opts", "opted", "ends up", "ended up",
           "finally", "in the end", "results in", "resulted in", "reversed", "rewritten"),
}
_WORDS = re.compile(r"\b(" + "|".join(sorted({re.escape(w).replace(r"\ ", r"\s+") for ws in OUTCOME_WORDS.values()
                                               for w in ws}, key=len, reverse=True)) + r")\b", re.I)
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")
_LINK = re.compile(r"\[([^\[\]]*)\]\(([^()\s]*)\)")  # no [ inside: linear on a run of [ (issue 24)
_NOT_WORD = re.compile(r"\W+")
RUN_WORDS = 6  # a position note that shares this many words in a row with the fold repeats it
# A fold in a hand-written page: ``??? tbv-fold "..."`` (pymdownx.details) and its indented body,
# or a <details> block.
_FOLD_START = re.compile(r"^(\s*)(\?\?\?\+?\s+tbv-fold\b|<details\b)", re.I)


@dataclass(frozen=True)
class Ending:
    """What tells a decision case's ending: the terms it names, and the words of its fold; and what
    says that a sentence is about this case (its title, its page, the names of its actors)."""

    slug: str
    terms: dict[tuple[str, str], tuple[str, ...]]  # (facet, term) -> its labels and page names
    fold_words: tuple[str, ...]
    title: str = ""
    actors: dict[str, tuple[str, ...]] = field(default_factory=dict)  # actor id -> its labels


def _normal_words(text: str) -> list[str]:
    return _NOT_WORD.sub(" ", _LINK.sub(r"\1", text).casefold()).split()


def endings(vignettes: list[Vignette], vocabulary: Vocabulary) -> list[Ending]:
    """Every decision vignette's ending: its chosen terms and the terms its outcome part links to."""
    out = []
    pages = {}
    for facet in vocabulary.facets.values():
        for term in facet.terms.values():
            names = dict.fromkeys([term.label, *(t.get("label", "") for t in term.translations.values())])
            pages[(facet.segment, term.id)] = (facet.id, term.id, tuple(n for n in names if n))
    chosen = chosen_facet(vocabulary)
    for vignette in vignettes:
        if vignette.form != DECISION:
            continue
        parts = body.split(vignette.body)
        named: dict[tuple[str, str], tuple[str, ...]] = {}
        for term_id in vignette.chosen:
            if chosen and term_id in vocabulary.facets[chosen].terms:
                segment = vocabulary.facets[chosen].segment
                named[(chosen, term_id)] = pages[(segment, term_id)][2]
        for _, target in _LINK.findall(parts.outcome):
            bits = target.split("#")[0].split("/")
            if len(bits) >= 2 and bits[-1].endswith(".md"):
                key = (bits[-2], bits[-1][:-3])
                if key in pages:
                    facet_id, term_id, names = pages[key]
                    named[(facet_id, term_id)] = names
        actor_facet = next(iter(vocabulary.position_fields.values()), None)
        actors = {}
        if actor_facet:
            segment = vocabulary.facets[actor_facet].segment
            actors = {term_id: pages[(segment, term_id)][2] for term_id in vignette.tags.get(actor_facet, ())
                      if (segment, term_id) in pages}
        out.append(Ending(vignette.slug, named, tuple(_normal_words(parts.outcome + "\n" + parts.analysis)),
                          vignette.title, actors))
    return out


def _about(sentence: str, ending: Ending, term_id: str = "") -> bool:
    """Whether ``sentence`` is about the ending's case: written under one of its actors (``term_id``),
    or naming the case (its title, a link to its page) or one of its actors."""
    if term_id in ending.actors:
        return True
    folded = sentence.casefold()
    if ending.title and ending.title.casefold() in folded:
        return True
    if any(target.split("#")[0].rstrip("/").endswith((f"/{ending.slug}.md", f"/{ending.slug}"))
           or target.split("#")[0] == f"{ending.slug}.md" for _, target in _LINK.findall(sentence)):
        return True
    return any(re.search(rf"(?<!\w){re.escape(name.casefold())}(?!\w)", folded)
               for names in ending.actors.values() for name in names)


_LABELS: dict[int, tuple[Vocabulary, frozenset[str]]] = {}


def _labels(vocabulary: Vocabulary) -> frozenset[str]:
    """Every term label in every language, case-folded (computed once per vocabulary)."""
    cached = _LABELS.get(id(vocabulary))
    if cached is not None and cached[0] is vocabulary:
        return cached[1]
    labels = frozenset(" ".join(name.split()).casefold() for facet in vocabulary.facets.values()
                       for term in facet.terms.values()
                       for name in (term.label, *(t.get("label", "") for t in term.translations.values())) if name)
    _LABELS.clear()
    _LABELS[id(vocabulary)] = (vocabulary, labels)
    return labels


def _has_verb(sentence: str, vocabulary: Vocabulary) -> bool:
    """Whether ``sentence`` has a verb of deciding or ending; a link whose text is a term's label
    ("[besluiten eerst terugleggen bij bewoners](...)") is a name, not a verb."""
    labels = _labels(vocabulary)
    text = _LINK.sub(lambda m: " " if " ".join(m.group(1).split()).casefold() in labels else m.group(1), sentence)
    return bool(_WORDS.search(text))


def _names_ending(sentence: str, ending: Ending, vocabulary: Vocabulary, author: str = "",
                  always: bool = False) -> str:
    """The label of an ending's term that ``sentence`` (with a verb of deciding: the caller checks)
    names, in a sentence about that case (``always``: it is, as a position note of the case is;
    ``author``: the actor whose description it is), or ''."""
    folded = sentence.casefold()
    targets = [target.split("#")[0] for _, target in _LINK.findall(sentence)]
    for (facet_id, term_id), names in ending.terms.items():
        segment = vocabulary.facets[facet_id].segment
        linked = any(t.endswith((f"{segment}/{term_id}.md", f"/{term_id}.md")) or t == f"{term_id}.md"
                     for t in targets)
        if linked or any(name.casefold() in folded for name in names):
            return (names[0] if names else term_id) if always or _about(sentence, ending, author) else ""
    return ""


def _sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) of a text; a link's dots do not end a sentence."""
    masked = _LINK.sub(lambda m: "x" * len(m.group(0)), text)
    return [(m.start(), text[m.start():m.end()]) for m in _SENTENCE.finditer(masked) if m.group(0).strip()]


def _locate(lines: list[str], start: int, sentence: str) -> tuple[int, int]:
    """(line, column), 1-based, of ``sentence`` in a file's ``lines`` from line ``start`` on: where its
    first words stand (a description may wrap them); ``(start, 1)`` when they cannot be found."""
    words = sentence.split()
    for count in (3, 2, 1):
        needle = " ".join(words[:count])
        for i in range(max(0, start - 1), len(lines)):
            column = lines[i].find(needle)
            if needle and column >= 0:
                return i + 1, column + 1
    return start, 1


def _typo(a: str, b: str) -> bool:
    """Whether ``a`` is ``b`` with one or two letters wrong, missing, added or swapped."""
    if abs(len(a) - len(b)) > 2 or a == b:
        return False
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        row = [i]
        for j, y in enumerate(b, 1):
            cost = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, previous2[j - 2] + 1)
            row.append(cost)
        previous2, previous = previous, row
    return previous[-1] <= min(2, max(1, len(b) // 4))


def check_vocabulary(vignettes: list[Vignette], vocabulary: Vocabulary, taxonomy: Path | None = None) -> list[Problem]:
    """Term outcomes that point nowhere, and descriptions (every language) that tell an ending."""
    problems = []
    try:
        lines = taxonomy.read_text(encoding="utf-8").split("\n") if taxonomy is not None else []
    except (OSError, UnicodeError):
        lines = []
    slugs = {v.slug: v for v in vignettes}
    ends = endings(vignettes, vocabulary)
    actor_facet = next(iter(vocabulary.position_fields.values()), None)
    for facet in vocabulary.facets.values():
        for term in facet.terms.values():
            where = f"facets.{facet.id}.terms.{term.id}"
            for slug in term.outcome:
                if slug not in slugs:
                    # A taxonomy taken over from another archive names its cases: shown nowhere, harmless.
                    # Close to one of ours, it is a typo that would hide the outcome.
                    close = [other for other in sorted(slugs) if _typo(slug, other)]
                    if close:
                        hint = f"did you mean '{close[0]}'?"
                        line, column = _locate(lines, term.line or 1, f"{slug}:")
                        problems.append(Problem(vocabulary.path, line, column, "outcome-unknown-vignette",
                                                f"the outcome of {facet.singular.lower()} '{term.id}' names "
                                                f"vignette '{slug}', which is not in the archive", hint,
                                                location=f"{where}.outcome.{slug}"))
                elif slugs[slug].form != DECISION:
                    line, column = _locate(lines, term.line or 1, f"{slug}:")
                    problems.append(Problem(vocabulary.path, line, column, "outcome-not-decision",
                                            f"the outcome of {facet.singular.lower()} '{term.id}' names vignette "
                                            f"'{slug}', which has form '{slugs[slug].form}' and so no ending",
                                            "move the text into the description, or make the vignette "
                                            f"form: {DECISION}", location=f"{where}.outcome.{slug}"))
            texts = [("", term.description)] + [(lang, t.get("description", "")) for lang, t in term.translations.items()]
            for lang, text in texts:
                for offset, sentence in _sentences(text):
                    if not _has_verb(sentence, vocabulary):
                        continue
                    for ending in ends:
                        label = _names_ending(sentence, ending, vocabulary, term.id if facet.id == actor_facet else "")
                        if label:
                            line, column = _locate(lines, term.line or 1, sentence.strip())
                            problems.append(Problem(
                                vocabulary.path, line, column, "tells-outcome",
                                f"the {lang + ' ' if lang else ''}description of {facet.singular.lower()} "
                                f"'{term.id}' tells how '{ending.slug}' ended ('{label}' with a verb of deciding): "
                                f"\"{_short(sentence)}\"",
                                f"move that sentence under '{(lang + '.') if lang else ''}outcome: "
                                f"{{{ending.slug}: ...}}' of the term, which the term page shows only in its fold",
                                location=f"{where}.{(lang + '.') if lang else ''}description"))
                            break
    return problems


def check_positions(vignettes: list[Vignette], vocabulary: Vocabulary) -> list[Problem]:
    """Position notes that tell the ending or repeat the fold."""
    problems = []
    by_slug = {e.slug: e for e in endings(vignettes, vocabulary)}
    for vignette in vignettes:
        ending = by_slug.get(vignette.slug)
        if ending is None:
            continue
        runs = {" ".join(ending.fold_words[i:i + RUN_WORDS]) for i in range(len(ending.fold_words) - RUN_WORDS + 1)}
        for i, position in enumerate(vignette.positions):
            path = ("positions", i, "note")
            line, column = vignette.doc.where(path) if vignette.doc is not None else (1, 1)
            words = _normal_words(position.note)
            shared = next((" ".join(words[k:k + RUN_WORDS]) for k in range(len(words) - RUN_WORDS + 1)
                           if " ".join(words[k:k + RUN_WORDS]) in runs), "")
            if shared:
                # Quote the note's own words (its case and punctuation), not their normal form.
                match = re.search(r"\W+".join(re.escape(w) for w in shared.split()), position.note, re.I)
                quoted = match.group(0) if match else shared
                problems.append(Problem(vignette.path, line, column, "position-tells-fold",
                                        f"the note of position {i + 1} repeats the fold's words \"{quoted}\"",
                                        "say what this person argued before the decision, in other words than "
                                        "'## Hoe het afliep' and '## Analyse'", location=f"positions[{i}].note"))
                continue
            label = next((l for _, s in _sentences(position.note) if _has_verb(s, vocabulary)
                          and (l := _names_ending(s, ending, vocabulary, always=True))), "")
            if label:
                problems.append(Problem(vignette.path, line, column, "tells-outcome",
                                        f"the note of position {i + 1} tells the ending ('{label}' with a verb of "
                                        "deciding)", "say what this person argued before the decision, not what "
                                        "was decided", location=f"positions[{i}].note"))
    return problems


def check_pages(folder: Path, vignettes: list[Vignette], vocabulary: Vocabulary,
                shown_root: Path | None = None) -> list[Problem]:
    """Hand-written pages (glossary, reading guide, ...): a sentence outside a fold that tells an ending."""
    problems: list[Problem] = []
    ends = endings(vignettes, vocabulary)
    if not ends or not folder.is_dir():
        return problems
    for path in sorted(folder.rglob("*.md")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeError):
            continue  # the build reports an unreadable page itself
        shown = str(path.relative_to(shown_root)) if shown_root and path.is_relative_to(shown_root) else str(path)
        top = path.relative_to(folder).parts[0]
        label = fold.summary(top if len(path.relative_to(folder).parts) > 1 and top in i18n.languages()
                             else i18n.DEFAULT_LANGUAGE)
        for first, paragraph in _paragraphs(_outside_folds(mask_code(frontmatter_body(text)))):
            for offset, sentence in _sentences(paragraph):
                if not _has_verb(sentence, vocabulary):
                    continue
                for ending in ends:
                    named = _names_ending(sentence, ending, vocabulary)
                    if named:
                        skip = len(sentence) - len(sentence.lstrip())
                        line, column = _line_col(paragraph, offset + skip)
                        problems.append(Problem(
                            shown, first + line + 1, column + 1, "tells-outcome",
                            f"this sentence tells how '{ending.slug}' ended ('{named}' with a verb of deciding), "
                            f"outside a fold: \"{_short(sentence)}\"",
                            f"put it in a fold (??? tbv-fold \"{label}\", its text indented by four spaces), "
                            "or say it without the ending"))
                        break
    return problems


def frontmatter_body(text: str) -> str:
    """The text with a front-matter block blanked out (lines kept, so numbers stay right)."""
    match = re.match(r"\A---\n.*?\n---\n", text, re.S)
    return "\n" * match.group(0).count("\n") + text[match.end():] if match else text


def _outside_folds(text: str) -> list[tuple[int, str]]:
    """(line index, line) of every line outside a fold: a ``??? tbv-fold`` block and its indented body,
    or a ``<details>`` block up to ``</details>``."""
    out = []
    fold_indent: int | None = None
    in_details = 0
    for i, line in enumerate(text.split("\n")):
        if in_details:
            in_details += len(re.findall(r"<details\b", line, re.I)) - len(re.findall(r"</details>", line, re.I))
            continue
        if fold_indent is not None:
            if not line.strip() or len(line) - len(line.lstrip()) > fold_indent:
                continue
            fold_indent = None
        match = _FOLD_START.match(line)
        if match:
            if match.group(2).lower().startswith("<details"):
                in_details = line.lower().count("<details") - line.lower().count("</details>")
            else:
                fold_indent = len(match.group(1))
            continue
        out.append((i, line))
    return out


def _paragraphs(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(first line index, text) of each run of adjacent non-blank lines: a sentence may wrap."""
    out: list[tuple[int, str]] = []
    previous = -2
    for number, line in lines:
        if line.strip() and number == previous + 1 and out:
            out[-1] = (out[-1][0], out[-1][1] + "\n" + line)
        elif line.strip():
            out.append((number, line))
        previous = number if line.strip() else -2
    return out


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """0-based line and column of ``offset`` in ``text``."""
    before = text[:offset]
    return before.count("\n"), offset - (before.rfind("\n") + 1)


def _short(sentence: str, limit: int = 90) -> str:
    text = " ".join(_LINK.sub(r"\1", sentence).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


__all__ = ["OUTCOME_WORDS", "check_pages", "check_positions", "check_vocabulary", "endings"]
