"""The front-matter parser and the text reader, as tables over pure functions."""

from __future__ import annotations

import time

import pytest

from tbvsite import frontmatter
from tbvsite.textfile import decode


@pytest.mark.parametrize("yaml_text, expected", [
    ("a: NO", {"a": "NO"}),
    ("a: yes", {"a": "yes"}),
    ("a: 1.10", {"a": "1.10"}),
    ("a: 0755", {"a": "0755"}),
    ("a: 0x1F", {"a": "0x1F"}),
    ("a: 2024-01-31", {"a": "2024-01-31"}),
    ("a: 2024-02-31", {"a": "2024-02-31"}),
    ("a: 12:30:00", {"a": "12:30:00"}),
    ("a: .inf", {"a": ".inf"}),
    ("a: ~", {"a": None}),
    ("a:", {"a": None}),
    ("a: ''", {"a": ""}),
    ("a: 'NO'", {"a": "NO"}),
    ("a: [1, true, x]", {"a": ["1", "true", "x"]}),
    ("a: {b: 2}", {"a": {"b": "2"}}),
    ("a: |\n  een\n  twee", {"a": "een\ntwee"}),
    ("a: Casus #5", {"a": "Casus"}),
    ("'1': x", {"1": "x"}),
])
def test_scalars_keep_the_typed_text(yaml_text, expected):
    doc, problems = frontmatter.parse(yaml_text, "f")
    assert problems == [] and doc.data == expected


def test_commented_values_are_remembered_and_yaml_11_values_stay_text():
    doc, _ = frontmatter.parse("a: NO\nb: 1.10\nc: Casus #5\nd: 'NO'", "f")
    assert doc.data == {"a": "NO", "b": "1.10", "c": "Casus", "d": "NO"}
    assert doc.commented == frozenset({("c",)})


def test_locations_are_shifted_to_the_file():
    doc, _ = frontmatter.parse("title: x\nlist:\n  - een\n  - twee", "f", first_line=2)
    assert doc.where(("title",)) == (2, 8)
    assert doc.where(("title",), key=True) == (2, 1)
    assert doc.where(("list", 1)) == (5, 5)
    assert doc.where(("list", 7)) == (4, 3)  # nearest known parent


@pytest.mark.parametrize("yaml_text, code, line, column", [
    ("a: 1\na: 2", "duplicate-key", 2, 1),
    ("a: &x 1", "yaml-anchor", 1, 4),
    ("a: *x", "yaml-alias", 1, 4),
    ("<<: {a: 1}", "yaml-merge", 1, 1),
    ("a: !x 1", "yaml-tag", 1, 4),
    ("a: !!python/name:os.system", "yaml-tag", 1, 4),
    ("a: !!int 1", "yaml-tag", 1, 4),
    ("1: a", "non-string-key", 1, 1),
    ("null: a", "non-string-key", 1, 1),
    ("[a]: b", "non-string-key", 1, 1),
    ("a: b: c", "yaml-syntax", 1, 5),
    ("a: 'b", "yaml-syntax", 1, 4),  # where the quote opens
    ("a:\n\t- b", "yaml-syntax", 2, 1),
    ("a: [b", "yaml-syntax", 1, 4),  # where the bracket opens
    ("a: " + "[" * 20 + "]" * 20, "too-deep", 1, 19),
    ("a: \x0c", "yaml-syntax", 1, 4),
    ("a: " + "x" * 100_001, "too-large", 1, 1),
])
def test_refusals_are_located(yaml_text, code, line, column):
    doc, problems = frontmatter.parse(yaml_text, "f")
    assert doc is None
    assert [(p.code, p.line, p.column) for p in problems][:1] == [(code, line, column)]
    assert all(p.hint for p in problems)


def test_alias_bomb_and_recursion_are_refused_fast():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    for text in (bomb, "a: &a [*a]"):
        started = time.perf_counter()
        doc, problems = frontmatter.parse(text, "f")
        assert doc is None and problems[0].code == "yaml-anchor"
        assert time.perf_counter() - started < 0.1


@pytest.mark.parametrize("text, code, line", [
    ("title: x\n---\n", "no-front-matter", 1),
    ("--- \ntitle: x\n", "unclosed-front-matter", 1),
    ("---yaml\ntitle: x\n---\n", "no-front-matter", 1),
    ("", "no-front-matter", 1),
])
def test_split_refusals(text, code, line):
    parts, problems = frontmatter.split(text, "f")
    assert parts is None and [(p.code, p.line) for p in problems] == [(code, line)]


def test_split_finds_body_line():
    parts, _ = frontmatter.split("---\na: b\n...\n\nTekst\n", "f")
    assert (parts.yaml_text, parts.yaml_line, parts.body_line) == ("a: b", 2, 4)


@pytest.mark.parametrize("data, code, line, column", [
    ("\xe9t\xe9".encode("latin-1"), "encoding", 1, 1),
    (b"a: b\nc: \xe9", "encoding", 2, 4),
    ("a".encode("utf-16"), "encoding", 1, 1),
    ("a".encode("utf-16-be"), None, 0, 0),  # no BOM: reads as text with NUL characters...
    (b"a: \xe2\x80\xae", "control-character", 1, 4),
    (b"a: b\x00", "control-character", 1, 5),
    (b"x" * 1_000_001, "too-large", 1, 1),
])
def test_decode_refusals(data, code, line, column):
    text, problems = decode(data, "f")
    if code is None:  # ...which are then refused one by one
        assert {p.code for p in problems} == {"control-character"}
        return
    assert [(p.code, p.line, p.column) for p in problems][:1] == [(code, line, column)]
    assert all(p.hint for p in problems)


def test_decode_accepts_bom_and_crlf():
    text, problems = decode(b"\xef\xbb\xbfa: b\r\nc: d\r", "f")
    assert (text, problems) == ("a: b\nc: d\n", [])


@pytest.mark.parametrize("depth", [17, 20_000])
def test_deep_nesting_is_refused_with_or_without_the_event_scan(depth):
    from tbvsite import frontmatter as fm

    plain_text = "a: " + "[" * depth + "]" * depth
    with_star = plain_text + "\nb: '*'"  # a '*' makes the parser scan events first
    for text in (plain_text, with_star):
        doc, problems = fm.parse(text, "x.md", 2)
        assert doc is None
        assert [(p.line, p.column, p.code) for p in problems] == [(2, 19, "too-deep")]
