"""The editorial rules of the archive, as data (``vignettes/rules.yml``), applied to every vignette and term.

The loaders refuse what would break the site (a missing title, an unknown
term); the rules here say what a good case looks like: how long the body is,
how many questions and objectives it has, how long a term description is.
They are counts and lengths, each with a minimum and/or maximum and a
severity (``warning`` by default). The file sits beside the taxonomy; an
archive without it has no editorial rules.

One check does not come from the file, because no rule should switch it
off: a plain YAML text spanning several lines whose continuation line starts
with ``- `` is almost always a list item indented too far, which YAML folds
into the item before ("... Waarom wel of niet? - Welke ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import frontmatter, passages
from .checks import Checker, did_you_mean, dotted
from .model import Problem, Vignette, Vocabulary

FILE_NAME = "rules.yml"
SEVERITIES = ("warning", "error")
RULE_KEYS = ("min", "max", "severity")

# A word: letters/digits, with inner apostrophes or hyphens (scenario's, kind-van).
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")


def count_words(markdown: str) -> int:
    """Words a reader sees: link targets and HTML tags are not counted."""
    # Neither pattern can run past the next opening character, so each character is read a bounded
    # number of times: '<!-- ' repeated, or '](' without ')', stays linear (issue 24).
    text = re.sub(r"\]\([^()\]]*\)", "]", markdown)
    text = re.sub(r"<[^<>]+>", " ", text)
    return len(WORD.findall(text))


def count_sentences(text: str) -> int:
    return len(SENTENCE_END.findall(text.strip()))


@dataclass(frozen=True)
class Rule:
    scope: str  # "vignettes" or "terms"
    name: str  # e.g. "questions", "body_words"
    min: int | None
    max: int | None
    severity: str = "warning"
    line: int = 0  # where the rule is declared, for the hint

    def bounds(self) -> str:
        if self.min is not None and self.max is not None:
            return f"{self.min} to {self.max}"
        return f"at least {self.min}" if self.min is not None else f"at most {self.max}"

    def breaks(self, value: int) -> bool:
        return (self.min is not None and value < self.min) or (self.max is not None and value > self.max)


@dataclass(frozen=True)
class Rules:
    path: str  # as messages show it
    rules: tuple[Rule, ...] = ()

    def scope(self, name: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.scope == name)


NO_RULES = Rules("")

# What a vignette rule can measure besides a front-matter list: name -> (unit, measure).
VIGNETTE_MEASURES: dict[str, tuple[str, Callable[[Vignette], int]]] = {
    "body_words": ("words", lambda v: count_words(passages.strip(v.body))),  # without the coding markup
    "summary_sentences": ("sentences", lambda v: count_sentences(v.summary)),
}
TERM_MEASURES = {"description_words": "words"}
LIST_KEYS = ("objectives", "questions", "positions", "source")


def load_rules(path: Path, shown: str, vocabulary: Vocabulary | None = None) -> tuple[Rules, list[Problem]]:
    """Read the rules file; a missing file means no rules. Every mistake in it is a located error."""
    if not path.is_file():
        return Rules(shown), []
    doc, problems = frontmatter.read_document(path, shown)
    if doc is None:
        return Rules(shown), problems
    return parse_rules(doc, shown, vocabulary)


def parse_rules(doc: frontmatter.Document, shown: str, vocabulary: Vocabulary | None = None) -> tuple[Rules, list[Problem]]:
    check = Checker(shown, doc)
    facets = tuple(vocabulary.facets) if vocabulary is not None else ()
    known = {"vignettes": tuple(VIGNETTE_MEASURES) + LIST_KEYS + facets, "terms": tuple(TERM_MEASURES)}
    root = check.mapping(doc.data if doc.data is not None else {}, (), allowed=known)
    rules: list[Rule] = []
    for scope, raw in (root or {}).items():
        if scope not in known:
            continue
        section = check.mapping(raw if raw is not None else {}, (scope,), allowed=known[scope])
        for name, spec in (section or {}).items():
            if name not in known[scope]:
                continue
            rule = _rule(check, scope, name, spec)
            if rule is not None:
                rules.append(rule)
    return Rules(shown, tuple(rules)), check.problems


def _rule(check: Checker, scope: str, name: str, spec) -> Rule | None:
    path = (scope, name)
    spec = check.mapping(spec, path, allowed=RULE_KEYS, example="{min: 4, max: 6}")
    if spec is None:
        return None
    low = check.integer(spec["min"], path + ("min",), low=0) if spec.get("min") is not None else None
    high = check.integer(spec["max"], path + ("max",), low=0) if spec.get("max") is not None else None
    severity = check.text(spec.get("severity"), path + ("severity",), required=False) or "warning"
    if severity not in SEVERITIES:
        check.add(path + ("severity",), "unknown-severity", f"unknown severity '{severity}'",
                  did_you_mean(severity, SEVERITIES) or "use warning or error")
        return None
    if low is None and high is None:
        if spec.get("min") is not None or spec.get("max") is not None:
            return None  # the bad number is reported already
        check.add(path, "empty-rule", f"the rule '{dotted(path)}' has no min and no max",
                  "give it a min, a max or both, e.g. {min: 4, max: 6}")
        return None
    if low is not None and high is not None and low > high:
        check.add(path, "out-of-range", f"the rule '{dotted(path)}' has min {low} above max {high}",
                  "swap the two numbers")
        return None
    return Rule(scope, name, low, high, severity, check.doc.where(path, key=True)[0])


def check_vignettes(vignettes: list[Vignette], vocabulary: Vocabulary, rules: Rules) -> list[Problem]:
    """Every vignette against the vignette rules, every term against the term rules, and folded items."""
    problems: list[Problem] = []
    for vignette in vignettes:
        for rule in rules.scope("vignettes"):
            problems += _vignette_rule(vignette, rule, rules.path)
        problems += folded_items(vignette)
    for rule in rules.scope("terms"):
        problems += _term_rule(vocabulary, rule, rules.path)
    return sorted(problems, key=Problem.sort_key)


def _hint(rule: Rule, shown: str, advice: str) -> str:
    return f"{advice} (rule {rule.scope}.{rule.name} in {shown}, line {rule.line})"


def _vignette_rule(vignette: Vignette, rule: Rule, shown: str) -> list[Problem]:
    if rule.name in VIGNETTE_MEASURES:
        unit, measure = VIGNETTE_MEASURES[rule.name]
        value = measure(vignette)
        if not rule.breaks(value):
            return []
        if rule.name == "body_words":
            line, column = vignette.body_line, 1
            what, advice = "the text of the vignette", "shorten the text" if rule.max is not None and value > rule.max \
                else "tell more of the scene, the dilemma and the analysis"
        else:
            line, column = _where(vignette, ("summary",))
            what, advice = "'summary'", "say in one or two sentences what the vignette is about"
        return [Problem(vignette.path, line, column, f"rule-{rule.name.replace('_', '-')}",
                        f"{what} has {value} {unit}; the rules ask for {rule.bounds()}",
                        _hint(rule, shown, advice), rule.severity)]  # type: ignore[arg-type]
    key = rule.name
    value = _count(vignette, key)
    if not rule.breaks(value):
        return []
    present = vignette.doc is not None and (key,) in vignette.doc.keys
    # A missing key is located at the closing '---' of the front matter: add it above that line.
    line, column = _where(vignette, (key,), key=True) if present else (max(vignette.body_line - 1, 1), 1)
    found = f"'{key}' has {value} item{'s' if value != 1 else ''}" if present else f"'{key}' is missing"
    advice = (f"remove items from '{key}'" if rule.max is not None and value > rule.max
              else f"add a line '{key}:' with items above the closing '---'" if not present
              else f"add items to '{key}'")
    return [Problem(vignette.path, line, column, f"rule-{key}", f"{found}; the rules ask for {rule.bounds()}",
                    _hint(rule, shown, advice), rule.severity, key)]  # type: ignore[arg-type]


def _count(vignette: Vignette, key: str) -> int:
    if key in vignette.tags:
        return len(vignette.tags[key])
    return len(getattr(vignette, key, ()) or ())


def _where(vignette: Vignette, path, *, key: bool = False) -> tuple[int, int]:
    return vignette.doc.where(path, key=key) if vignette.doc is not None else (1, 1)


def _term_rule(vocabulary: Vocabulary, rule: Rule, shown: str) -> list[Problem]:
    problems = []
    for facet in vocabulary.facets.values():
        for term in facet.terms.values():
            value = count_words(term.description)
            if not rule.breaks(value):
                continue
            where = f"facets.{facet.id}.terms.{term.id}.description"
            advice = ("shorten the description" if rule.max is not None and value > rule.max
                      else "say what the term means, and where it occurs in the cases")
            problems.append(Problem(vocabulary.path, term.line or 1, 1, f"rule-{rule.name.replace('_', '-')}",
                                    f"the description of {facet.singular.lower()} '{term.id}' has {value} words; "
                                    f"the rules ask for {rule.bounds()}",
                                    _hint(rule, shown, advice), rule.severity, where))  # type: ignore[arg-type]
    return problems


def folded_items(vignette: Vignette) -> list[Problem]:
    """A warning for each plain text that YAML folded over a line starting with '- '."""
    doc = vignette.doc
    if doc is None:
        return []
    problems = []
    for path, (line, column) in sorted(doc.folded.items(), key=lambda item: item[1]):
        name = dotted(path)
        is_item = isinstance(path[-1], int)
        message = (f"'{name}' continues on line {line} with '- ': YAML folded what looks like a second item "
                   "into this one" if is_item else
                   f"'{name}' continues on line {line} with '- ': YAML read what looks like a list item as text")
        problems.append(Problem(vignette.path, line, column, "folded-item", message,
                                "check the indentation: every '- ' of one list starts in the same column",
                                "warning", name))
    return problems
