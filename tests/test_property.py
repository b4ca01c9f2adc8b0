"""Property-based tests: no front matter, however random, yields a traceback.

Each generated file is either a valid vignette or refused with at least one
located error (a line inside the file, a stable code, a hint). Valid text
survives unchanged: what YAML quoting says is text stays that text.
"""

from __future__ import annotations

import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tbvsite.fields import fields_for
from tbvsite.loader import parse_vignette
from tbvsite.textfile import decode

from helpers import fixture_vocabulary

VOCABULARY = fixture_vocabulary()
FIELDS = fields_for(VOCABULARY)
KEYS = [f.key for f in FIELDS] + ["titel", "actor", "note", "<<", "1", "~"]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

YAML_BITS = ["-", ": ", ":", "#", "&a", "*a", "!", "!!str", "[", "]", "{", "}", ",", "'", '"', "|", ">", "?",
             "---", "...", "\t", "  ", "\n", "<<", "%YAML 1.1", "NO", "1.10", "2024-01-01", "~", "@", "`"]
scalars = st.one_of(st.text(max_size=30), st.sampled_from(["NO", "yes", "1.10", "0755", "2024-02-31", "null", ""]),
                    st.integers(), st.booleans(), st.none())
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(KEYS + ["section", "page", "strategy"]), inner, max_size=4),
                      max_leaves=12)


def assert_located(text: str) -> None:
    lines = text.count("\n") + 1
    vignette, problems = parse_vignette(text, "alpha", VOCABULARY, FIELDS, "vignettes/alpha.md")
    errors = [p for p in problems if p.severity == "error"]
    if vignette is None:
        assert errors, "refused without a problem"
    for p in problems:
        assert p.path == "vignettes/alpha.md"
        assert 1 <= p.line <= lines, (p, text)
        assert p.column >= 1 and p.code and p.message and p.hint, p


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(YAML_BITS), st.text(alphabet=string.printable, max_size=12)),
                max_size=40))
def test_random_yaml_text_is_valid_or_located(bits):
    assert_located("---\n" + "".join(bits) + "\n---\n\nTekst.\n")


@SETTINGS
@given(st.dictionaries(st.sampled_from(KEYS), values, max_size=10))
def test_random_mappings_are_valid_or_located(data):
    assert_located("---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n\nTekst.\n")


@SETTINGS
@given(st.binary(max_size=200))
def test_random_bytes_never_raise(data):
    text, problems = decode(b"---\ntitle: " + data + b"\n---\n", "vignettes/alpha.md")
    if text is None:
        assert problems and all(p.line >= 1 for p in problems)
    else:
        assert_located(text)


printable = st.text(st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn")),
                    min_size=1, max_size=60).filter(lambda s: s.strip() and s == " ".join(s.split()))


@SETTINGS
@given(title=printable, summary=printable, question=printable)
def test_quoted_text_is_kept_exactly(title, summary, question):
    data = {"title": title, "summary": summary, "source": [{"ref": "heederik-werken", "section": "Sectie"}], "actors": ["anna"],
            "strategies": ["brief"], "questions": [question], "form": "reflectie"}
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000) + "---\n"
    vignette, problems = parse_vignette(text, "alpha", VOCABULARY, FIELDS, "vignettes/alpha.md")
    if vignette is None:  # only a value YAML would cut at ' #' may be refused, and then with a location
        assert {p.code for p in problems} <= {"comment-in-value", "too-long"}, problems
        return
    assert (vignette.title, vignette.summary, vignette.questions) == (title, summary, (question,))
