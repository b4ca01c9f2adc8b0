"""Split the ``---`` block off a Markdown file and parse YAML we can trust.

PyYAML's defaults are wrong for hand-written front matter: duplicate keys
silently keep the last value, anchors and aliases can explode, and YAML 1.1
turns ``NO`` into False and ``1.10`` into 1.1. Here every scalar is kept as
the text the author typed (only an empty value becomes None), duplicate keys,
anchors, aliases, merge keys and custom tags are refused, and every key and
value keeps its line and column in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
    ScalarEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .model import Problem
from .textfile import read_text

MAX_DEPTH = 16
MAX_YAML_CHARS = 100_000

Path_ = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"
_ALLOWED_TAGS = {_STR, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
_SCAN_NEEDED = re.compile(r"[&*!]")
_TOO_DEEP = (f"the data is nested more than {MAX_DEPTH} levels deep",
             "front matter needs at most three levels; flatten the structure")
_TRAILING_COMMENT = re.compile(r"[ \t]+#")
_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")

# PyYAML's wording -> what a researcher should do about it.
_SYNTAX_HINTS = (
    ("mapping values are not allowed", "a value contains ': '; put the whole value in quotes"),
    ("found character '\\t'", "indent with spaces, not tabs"),
    ("while scanning a quoted scalar", "a quote is opened but never closed; close it on the same value"),
    ("found unexpected end of stream", "a quote or bracket is never closed"),
    ("expected <block end>", "check the indentation: items of one list or mapping line up"),
    ("did not find expected key", "check the indentation: keys of one mapping line up"),
    ("while parsing a flow", "a '[' or '{' is never closed, or an item in it needs quotes"),
    ("found undefined alias", "'*' starts an alias in YAML; put the value in quotes"),
    ("but found another document", "only one '---' opens and one closes the front matter"),
)


@dataclass(frozen=True)
class Document:
    """Parsed YAML: plain data plus where every part of it stands in the file."""

    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # Plain scalars directly followed by ' # ...' on their line: YAML dropped that text.
    commented: frozenset[Path_] = frozenset()
    # Plain scalars that YAML folded over a continuation line starting with '- ': that
    # line's (line, column). Usually a list item indented too far (see rules.folded_items).
    folded: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column of ``path`` (its key if ``key``), or of its nearest parent."""
        for n in range(len(path), -1, -1):
            prefix = path[:n]
            table = self.keys if key and n == len(path) else self.values
            if prefix in table:
                return table[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return (1, 1)


@dataclass(frozen=True)
class Split:
    yaml_text: str
    yaml_line: int  # file line of the first YAML line
    body: str
    body_line: int  # file line where the body starts


def split(text: str, shown: str) -> tuple[Split | None, list[Problem]]:
    """Separate the front matter from the body."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        first = lines[0] if lines else ""
        hint = "start the file with a line '---', then the keys, then another '---'"
        if first.startswith("---"):
            hint = "the first line must be exactly '---' (nothing after it)"
        return None, [Problem(shown, 1, 1, "no-front-matter", "the file has no front matter", hint)]
    for i in range(1, len(lines)):
        if _FENCE.match(lines[i]):
            yaml_text = "\n".join(lines[1:i])
            body = "\n".join(lines[i + 1 :])
            return Split(yaml_text, 2, body, i + 2), []
    return None, [
        Problem(
            shown, 1, 1, "unclosed-front-matter",
            "the front matter opened on line 1 is never closed",
            "add a line '---' after the last key, before the text of the vignette",
        )
    ]


def read_document(path, shown: str, max_chars: int = MAX_YAML_CHARS) -> tuple[Document | None, list[Problem]]:
    """Read and parse a YAML data file (the taxonomy, rules.yml, sources.yml): None, with located
    problems, when it cannot be read or parsed."""
    text, problems = read_text(path, shown)
    if text is None or problems:
        return None, problems
    return parse(text, shown, max_chars=max_chars)


def parse(yaml_text: str, shown: str, first_line: int = 1,
          max_chars: int = MAX_YAML_CHARS) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML document; locations are shifted so line 1 of ``yaml_text`` is ``first_line``."""
    offset = first_line - 1

    def at(mark) -> tuple[int, int]:
        return (mark.line + 1 + offset, mark.column + 1)

    def problem(mark, code: str, message: str, hint: str = "") -> Problem:
        line, column = at(mark) if mark is not None else (first_line, 1)
        return Problem(shown, line, column, code, message, hint)

    if len(yaml_text) > max_chars:
        what = "the front matter" if max_chars == MAX_YAML_CHARS else "the file"
        return None, [
            Problem(shown, first_line, 1, "too-large",
                    f"{what} has {len(yaml_text):,} characters; the limit is {max_chars:,}",
                    "keep long text in the body of the vignette, not in the front matter"
                    if max_chars == MAX_YAML_CHARS else "split the text, or shorten the descriptions")
        ]
    try:
        root, problems = _compose(yaml_text, problem)
        if problems:
            return None, problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and (exc.context or "").startswith(("while parsing a flow", "while scanning a quoted")):
            mark = exc.context_mark  # where the unclosed '[', '{' or quote opened: that is where to fix it
        text = f"{exc.problem or exc.context or 'invalid YAML'}"
        if exc.context and exc.problem:
            text = f"{exc.context}, {exc.problem}"
        hint = next((h for needle, h in _SYNTAX_HINTS if needle in str(exc)),
                    "check the quoting and indentation on this line and the one before")
        if "found character '\\t'" in str(exc):  # the commonest slip of a file edited by hand or pasted in
            text = "this line contains a tab; YAML indents with spaces only, never with tabs"
            hint = ("replace the tabs with spaces (as many as the lines around it use); most editors can "
                    "insert spaces for the Tab key, or convert tabs to spaces for the whole file")
        return None, [problem(mark, "yaml-syntax", f"invalid YAML: {text}", hint)]
    except yaml.reader.ReaderError as exc:  # a character YAML does not accept at all
        before = yaml_text[: exc.position]
        line, column = before.count("\n") + first_line, len(before) - (before.rfind("\n") + 1) + 1
        return None, [Problem(shown, line, column, "yaml-syntax",
                              f"invalid YAML: the character U+{exc.character:04X} is not allowed"
                              if isinstance(exc.character, int) else "invalid YAML: a character is not allowed",
                              "delete it (it is often pasted in from a web page or a word processor)")]
    except yaml.YAMLError as exc:
        return None, [problem(None, "yaml-syntax", f"invalid YAML: {' '.join(str(exc).split())}",
                              "check the quoting and indentation of the front matter")]
    except RecursionError:  # a composer deeper than Python's stack: far past MAX_DEPTH
        return None, [problem(None, "too-deep", *_TOO_DEEP)]
    except (ValueError, UnicodeError) as exc:  # defensive: never a traceback
        return None, [problem(None, "yaml-syntax", f"invalid YAML: {type(exc).__name__}")]
    if root is None:
        return Document(None), []
    builder = _Builder(yaml_text.split("\n"), at, problem)
    data = builder.build(root, ())
    if builder.problems:
        return None, builder.problems
    return Document(data, builder.values, builder.keys, frozenset(builder.commented), builder.folded), []


def _compose(yaml_text: str, problem) -> tuple[Node | None, list[Problem]]:
    """Scan, then compose, with libyaml's parser where PyYAML has it.

    libyaml is several times faster and gives the same nodes and marks, but
    words its errors differently. A text it refuses is parsed again with the
    pure-Python parser, so every message and location is PyYAML's own.
    """
    if _FAST_LOADER is not None:
        try:
            # Anchors, aliases and tags cannot occur without '&', '*' or '!': most
            # files skip the scan. Depth is then checked by _Builder, at the same mark.
            problems = _scan(yaml_text, problem, _FAST_LOADER) if _SCAN_NEEDED.search(yaml_text) else []
            return (None, problems) if problems else (yaml.compose(yaml_text, Loader=_FAST_LOADER), [])
        except yaml.YAMLError:
            pass  # fall through: report it with PyYAML's wording and marks
    problems = _scan(yaml_text, problem, yaml.SafeLoader)
    return (None, problems) if problems else (yaml.compose(yaml_text, Loader=yaml.SafeLoader), [])


def _scan(yaml_text: str, problem, loader=yaml.SafeLoader) -> list[Problem]:
    """Refuse anchors, aliases, explicit tags and deep nesting from the event stream.

    Scanning events builds nothing, so an alias bomb or a recursive alias is
    refused in microseconds, before any node could be expanded.
    """
    problems: list[Problem] = []
    depth = 0
    for event in yaml.parse(yaml_text, Loader=loader):
        if isinstance(event, AliasEvent):
            return [problem(event.start_mark, "yaml-alias", f"alias '*{event.anchor}' is not allowed",
                            "write the value out in full; if '*' is part of the text, quote the value")]
        if isinstance(event, NodeEvent) and event.anchor is not None:
            return [problem(event.start_mark, "yaml-anchor", f"anchor '&{event.anchor}' is not allowed",
                            "write the value out in full; if '&' is part of the text, quote the value")]
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _ALLOWED_TAGS and not (isinstance(event, ScalarEvent) and tag == "!"):
            problems.append(problem(event.start_mark, "yaml-tag", f"the tag '{tag}' is not allowed",
                                    "remove the tag; if '!' is part of the text, quote the value"))
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return [problem(event.start_mark, "too-deep", *_TOO_DEEP)]
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    return problems


class _Builder:
    """Turn composed nodes into plain data, keeping text and marks."""

    def __init__(self, lines: list[str], at, problem) -> None:
        self.lines = lines
        self.at = at
        self.problem = problem
        self.values: dict[Path_, tuple[int, int]] = {}
        self.keys: dict[Path_, tuple[int, int]] = {}
        self.commented: set[Path_] = set()
        self.folded: dict[Path_, tuple[int, int]] = {}
        self.problems: list[Problem] = []

    def build(self, node: Node, path: Path_) -> Any:
        self.values[path] = self.at(node.start_mark)
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if len(path) >= MAX_DEPTH:  # this collection is level len(path) + 1
            if not any(p.code == "too-deep" for p in self.problems):
                self.problems.append(self.problem(node.start_mark, "too-deep", *_TOO_DEEP))
            return None
        if isinstance(node, SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        raise TypeError(node)  # pragma: no cover - PyYAML has no other node type

    def _scalar(self, node: ScalarNode, path: Path_) -> str | None:
        if not node.style:  # plain (None in PyYAML, "" in libyaml): the only style YAML 1.1 re-types
            if node.tag == _NULL:
                return None
            end = node.end_mark
            rest = self.lines[end.line][end.column :] if end.line < len(self.lines) else ""
            if _TRAILING_COMMENT.match(rest):
                self.commented.add(path)
            for number in range(node.start_mark.line + 1, min(end.line, len(self.lines) - 1) + 1):
                line = self.lines[number]
                if line.lstrip().startswith("- ") or line.strip() == "-":
                    column = len(line) - len(line.lstrip())
                    first_line = self.at(node.start_mark)[0]
                    self.folded[path] = (first_line + number - node.start_mark.line, column + 1)
                    break
        return node.value

    def _mapping(self, node: MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self.problems.append(self.problem(key_node.start_mark, "yaml-merge",
                                                  "the merge key '<<' is not allowed",
                                                  "write the keys out in full"))
                continue
            if not isinstance(key_node, ScalarNode) or (not key_node.style and key_node.tag not in (_STR,)):
                shown = key_node.value if isinstance(key_node, ScalarNode) else "a list or mapping"
                self.problems.append(self.problem(
                    key_node.start_mark, "non-string-key",
                    f"the key {shown!r} is not a name" if isinstance(key_node, ScalarNode)
                    else "a key is a list or mapping, not a name",
                    "keys are lowercase names such as 'title' or 'actors'"))
                continue
            key = key_node.value
            where = self.at(key_node.start_mark)
            if key in seen:
                first = seen[key]
                self.problems.append(self.problem(
                    key_node.start_mark, "duplicate-key",
                    f"the key '{key}' appears twice, on lines {first[0]} and {where[0]}",
                    "keep one of the two; YAML would silently use the last one"))
                continue
            seen[key] = where
            self.keys[path + (key,)] = where
            result[key] = self.build(value_node, path + (key,))
        return result
