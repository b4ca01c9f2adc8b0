"""Shape checks on parsed YAML that report located problems.

Shared by the taxonomy and the vignette loaders: each check looks at one
value of a :class:`~tbvsite.frontmatter.Document`, appends a problem at that
value's line and column when it is not what the schema wants, and returns the
value in the wanted type (or None).
"""

from __future__ import annotations

import difflib
import re
from typing import Any, Iterable

from .frontmatter import Document, Path_
from .model import Problem
from .textfile import INVISIBLE

ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # \Z: "$" would accept a final newline


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def dotted(path: Path_) -> str:
    """``("positions", 2, "actor")`` -> ``positions[2].actor``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def describe(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the text {value!r}" if len(str(value)) < 40 else "a text"


class Checker:
    """Collects problems for one document."""

    def __init__(self, shown: str, doc: Document) -> None:
        self.shown = shown
        self.doc = doc
        self.problems: list[Problem] = []

    def add(self, path: Path_, code: str, message: str, hint: str = "", *, key: bool = False,
            severity: str = "error") -> None:
        line, column = self.doc.where(path, key=key)
        self.problems.append(Problem(self.shown, line, column, code, message, hint,
                                     severity, dotted(path)))  # type: ignore[arg-type]

    # -- single values -------------------------------------------------
    def text(self, value: Any, path: Path_, *, max_length: int = 0, required: bool = True) -> str | None:
        if isinstance(value, str):  # the common case, with nothing to report, stays cheap
            stripped = value.strip()
            if stripped and path not in self.doc.commented and not (max_length and len(stripped) > max_length) \
                    and not INVISIBLE.search(stripped):
                return stripped
        name = dotted(path)
        if value is None:
            if required:
                self.add(path, "empty-value", f"'{name}' is empty", "write a value after the colon")
            return None
        if not isinstance(value, str):
            self.add(path, "wrong-type", f"'{name}' must be text, found {describe(value)}",
                     "write one line of text; quote it if it contains ': ' or starts with '[' or '{'")
            return None
        value = value.strip()
        if not value and required:
            self.add(path, "empty-value", f"'{name}' is empty", "write a value after the colon")
            return None
        if path in self.doc.commented:
            self.add(path, "comment-in-value",
                     f"text after ' #' in '{name}' is read as a YAML comment and dropped",
                     "put the whole value in quotes, e.g. title: \"Meeting #5\"")
        if (hidden := INVISIBLE.search(value)) is not None:
            # A YAML escape ("\u202e", "\0", "\e") decodes to what the raw-file check refuses.
            self.add(path, "control-character",
                     f"'{name}' contains the invisible character U+{ord(hidden.group()):04X} (written as a YAML escape)",
                     "delete the escape; write visible text only")
            return None
        if max_length and len(value) > max_length:
            self.add(path, "too-long", f"'{name}' has {len(value)} characters; the limit is {max_length}",
                     "shorten it; longer text belongs in the body")
        return value

    def integer(self, value: Any, path: Path_, *, low: int | None = None, high: int | None = None) -> int | None:
        name = dotted(path)
        if isinstance(value, str) and re.fullmatch(r"-?\d{1,9}", value.strip()):
            number = int(value)
            if (low is not None and number < low) or (high is not None and number > high):
                bounds = (f"between {low} and {high}" if low is not None and high is not None
                          else f"at least {low}" if low is not None else f"at most {high}")
                self.add(path, "out-of-range", f"'{name}' is {number}; it must be {bounds}",
                         f"write a whole number {bounds}")
                return None
            return number
        self.add(path, "wrong-type", f"'{name}' must be a whole number, found {describe(value)}",
                 "write digits only, e.g. 3")
        return None

    def ident(self, value: Any, path: Path_) -> str | None:
        raw, value = value, self.text(value, path)
        if value is not None and (not ID.match(value) or value != raw):  # a quoted "anna\n" is not 'anna'
            value = raw
            self.add(path, "bad-id", f"'{value}' is not a valid id",
                     "use lowercase letters, digits and single hyphens, e.g. 'brief-aan-bewoners'")
            return None
        return value

    def choice(self, value: Any, path: Path_, choices: tuple[str, ...]) -> str | None:
        """One of a closed list of words, e.g. a vignette's form."""
        options = " or ".join(f"'{c}'" for c in choices)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add(path, "empty-value", f"'{dotted(path)}' is empty", f"write {options} after the colon")
            return None
        value = self.text(value, path)
        if value is not None and value not in choices:
            self.add(path, "unknown-value", f"'{dotted(path)}' is '{value}'; it must be {options}",
                     did_you_mean(value, choices) or f"write {options}")
            return None
        return value

    # -- containers ----------------------------------------------------
    def sequence(self, value: Any, path: Path_, *, required: bool, example: str) -> list[Any]:
        name = dotted(path)
        if value is None:
            if required:
                self.add(path, "empty-list", f"'{name}' is empty; at least one item is required",
                         f"add items, e.g. {example}")
            return []
        if not isinstance(value, list):
            self.add(path, "wrong-type", f"'{name}' must be a list, found {describe(value)}",
                     f"write a list, e.g. {example}")
            return []
        if not value and required:
            self.add(path, "empty-list", f"'{name}' is empty; at least one item is required",
                     f"add items, e.g. {example}")
        return value

    def mapping(self, value: Any, path: Path_, *, allowed: Iterable[str], required: Iterable[str] = (),
                example: str = "", aliases: dict[str, str] | None = None) -> dict[str, Any] | None:
        """Check a mapping's keys; ``aliases`` maps likely wrong keys (e.g. Dutch ones) to the right one."""
        name = dotted(path) or "the front matter"
        if not isinstance(value, dict):
            self.add(path, "wrong-type" if path else "not-a-mapping",
                     f"{name} must be a mapping of keys to values, found {describe(value)}",
                     f"write 'key: value' lines{', e.g. ' + example if example else ''}")
            return None
        allowed = list(allowed)
        for key in value:
            if key not in allowed:
                alias = (aliases or {}).get(str(key).casefold())
                hint = f"did you mean '{alias}'? (the keys are English)" if alias in allowed else ""
                self.add(path + (key,), "unknown-key", f"unknown key '{dotted(path + (key,))}'",
                         hint or did_you_mean(key, allowed) or f"allowed keys: {', '.join(allowed)}", key=True)
        for key in required:
            if key not in value:
                self.add(path, "missing-key", f"the required key '{dotted(path + (key,))}' is missing",
                         f"add a line '{key}: ...'")
        return value
