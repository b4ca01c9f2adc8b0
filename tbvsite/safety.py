"""Raw HTML, attribute lists and dangerous links in Markdown written by contributors: located refusals.

This is the courtesy, not the guarantee. The guarantee is :mod:`tbvsite.sanitize`,
which cleans every page's HTML after Markdown has rendered it, whatever this
scan misread. The scan reads the Markdown source, so it can tell a contributor
at ``path:line:col`` what they wrote that will not survive, before a build.

Allowed in a vignette body, a term description, a facet intro or a teaching note:

- Markdown, including links to ``http:``, ``https:``, ``mailto:`` and
  relative addresses;
- a short list of harmless HTML tags (:data:`ALLOWED_TAGS`) with a short list
  of attributes (:data:`ALLOWED_ATTRIBUTES`, plus ``aria-*``);
- attribute lists (``{: #id .class }``) that set only
  :data:`tbvsite.sanitize.AUTHORED_ATTRIBUTES`;
- anything inside code (fenced blocks and inline code spans), which Markdown
  shows as text.

Refused: any other tag (``<script>``, ``<iframe>``, ``<style>``, ``<form>``,
``<x:y>``, ...), a tag left open at the end of the text, every ``on*=`` event
attribute, any other attribute set with ``{ }``, and ``javascript:``,
``vbscript:``, ``data:`` or ``file:`` addresses in links, images, reference
definitions (also with the address on the next line, in a quote or a list),
autolinks and attributes, also when hidden behind HTML entities or spaces.
Text nested deeper than :data:`MAX_NESTING` (lists, quotes, HTML blocks,
brackets) is refused too: Markdown's parser would recurse or backtrack on it
for minutes.

Every pass over the text is linear in its length: patterns have bounded
repetitions, and comments, code spans and line numbers are found without
rescanning.
"""

from __future__ import annotations

import bisect
import html
import re

from .model import Problem
from .sanitize import AUTHORED_ATTRIBUTES

ALLOWED_TAGS = frozenset(
    "a abbr b blockquote br caption cite code dd del details div dl dt em figcaption figure "
    "h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s small span strong sub summary sup "
    "table tbody td tfoot th thead tr u ul".split()
)
ALLOWED_ATTRIBUTES = frozenset(
    "alt cite class colspan datetime dir height href id lang markdown open role rowspan scope "
    "src title width".split()
)
BLOCKED_SCHEMES = ("javascript", "vbscript", "data", "file")
# Deeper than this, lists, quotes, HTML blocks and brackets are refused (Python-Markdown recurses on them).
MAX_NESTING = 24
MAX_PROBLEMS = 100  # per text: enough to start fixing, and a hostile text cannot make the report huge
MAX_BRACKETS = 6  # Python-Markdown's link pattern backtracks on every level
VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())

# A backtick fence's info string may not hold a backtick (CommonMark; SuperFences agrees).
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}(?=[^`]*$)|~{3,})")
_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# A tag: its name is followed by a space, '/', '>' or the end of the text.
_TAG_START = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:._-]{0,100})(?=[\s/>]|\Z)")
_ATTRIBUTE = re.compile(r"""[\s/]*([^\s"'<>/=]{1,200})(?:\s*=\s*("[^"]{0,4000}"|'[^']{0,4000}'|[^\s"'=<>`]{1,4000}))?""")
_SPACE = re.compile(r"[\s/]*")
# Markdown destinations: inline links/images, reference definitions, autolinks.
INLINE_URL = re.compile(r"\]\(\s*(<[^>\n]{0,2000}>|[^\s)]+)")
REFERENCE_URL = re.compile(
    r"^(?:[ \t]{0,16}(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]{0,16}\[[^\]\n]{1,1000}\]:"
    r"[ \t]*(?:\n(?:[ \t]{0,16}>)*)?[ \t]*(<[^>\n]{0,2000}>|\S+)", re.M)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>")
_ANY_SCRIPT_URL = re.compile(r"(?i)(?<![\w.+-])(javascript|vbscript)[ \t]*:")
# An attribute list: at the end of a line, or right after an element ("*x*{: ...}", "[a](b){ ... }").
_ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]{1,2000})\}")
_LINE_END = re.compile(r"[ \t]*(?:\n|\Z)")
# The attribute list that ends a coded passage, '[text]{codes="id id"}': checked by tbvsite.passages.
CODING_ATTRIBUTE = re.compile(r'\{codes="([^"\n]{0,500})"\}')
_ATTR_TOKEN = re.compile(r"""([^\s=]+)=("[^"]*"|'[^']*'|\S+)|(\S+)""")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]")
_INDENT = re.compile(r"^([ \t]*)((?:>[ \t]?){0,1000})", re.M)
_BRACKETS = re.compile(r"\\.|[\[\]]|\n[ \t]*\n")


def blocked_scheme(url: str) -> str | None:
    """The dangerous scheme of ``url`` (as a browser would read it), or None."""
    cleaned = _INVISIBLE.sub("", html.unescape(url.strip("<>"))).lower()
    for scheme in BLOCKED_SCHEMES:
        if cleaned.startswith(scheme + ":"):
            return scheme
    return None


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every (start, end) span replaced by spaces (line ends kept), in one pass."""
    if not spans:
        return text
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            start = last
        if end <= start:
            continue
        out.append(text[last:start])
        span = text[start:end]
        out.append(re.sub(r"[^\n]", " ", span) if "\n" in span else " " * len(span))
        last = end
    out.append(text[last:])
    return "".join(out)


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Inline code spans: a run of backticks closed by the next run of the same length in the same paragraph."""
    spans = []
    start = 0
    for block_end in [m.start() for m in _BLANK_LINE.finditer(text)] + [len(text)]:
        runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text, start, block_end)
                if not (m.start() and text[m.start() - 1] == "\\")]
        following: dict[int, int] = {}
        closer = [None] * len(runs)
        for i in range(len(runs) - 1, -1, -1):  # the next run of the same length, found from the end
            length = runs[i][1] - runs[i][0]
            closer[i] = following.get(length)
            following[length] = i
        i = 0
        while i < len(runs):
            j = closer[i]
            if j is None:
                i += 1
                continue
            spans.append((runs[i][0], runs[j][1]))
            i = j + 1
        start = block_end
    return spans


def _comments(text: str) -> list[tuple[int, int]]:
    """HTML comments, ended where a browser ends them ("<!-->" and "<!--->" are whole comments)."""
    spans = []
    position = text.find("<!--")
    while position != -1:
        if text.startswith(">", position + 4):
            end = position + 5
        elif text.startswith("->", position + 4):
            end = position + 6
        else:
            close = text.find("-->", position + 4)
            if close == -1:  # unclosed: scan the rest, as Markdown may not hide it
                break
            end = close + 3
        spans.append((position, end))
        position = text.find("<!--", end)
    return spans


def mask_code(text: str) -> str:
    """Blank out fenced code blocks, inline code spans and comments, keeping every offset."""
    lines = text.split("\n")
    fence: str | None = None
    for i, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
            lines[i] = " " * len(line)
        elif fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
                    and not line.strip().lstrip(fence[0]):
                fence = None
            lines[i] = " " * len(line)
    text = "\n".join(lines)
    text = _blank(text, _code_spans(text))
    return _blank(text, _comments(text))


def scan_markdown(text: str, shown: str, first_line: int = 1, *, first_column: int = 1,
                  where: str = "") -> list[Problem]:
    """Problems for raw HTML, attribute lists, dangerous links and too-deep nesting in ``text``.

    ``first_line`` is the file line of the text's first line; ``first_column``
    is added to columns on that first line only (for text that starts after a
    key on the same line). ``where`` names the data path, e.g. a term's
    description, for messages about the taxonomy.
    """
    masked = mask_code(text)
    starts = [0] + [m.end() for m in re.finditer("\n", masked)]
    problems: list[Problem] = []
    seen: set[tuple[int, str]] = set()
    suffix = f" in {where}" if where else ""

    def add(offset: int, code: str, message: str, hint: str) -> None:
        if (offset, code) in seen:
            return
        if len(problems) >= MAX_PROBLEMS:
            raise _Enough
        seen.add((offset, code))
        line_index = bisect.bisect_right(starts, offset) - 1
        column = offset - starts[line_index] + 1
        if line_index == 0:
            column += first_column - 1
        problems.append(Problem(shown, first_line + line_index, column, code, message + suffix, hint,
                                location=where))


    try:
        unclosed = masked.find("<!--")  # closed comments are blanked out: this one never ends
        if unclosed != -1:
            add(unclosed, "unclosed-comment", "an HTML comment opens here ('<!--') and is never closed, so the "
                "rest of the text would vanish from the page", "close it with '-->', or put it in `backticks` "
                "to show the characters")
        _scan_tags(masked, add)
        _scan_attribute_lists(masked, add)
        _scan_nesting(text, masked, add)
        for pattern in (INLINE_URL, REFERENCE_URL, _AUTOLINK):
            for match in pattern.finditer(masked):
                if (scheme := blocked_scheme(match.group(1))) is not None:
                    add(match.start(1), "unsafe-url", f"a '{scheme}:' link is not allowed",
                        "link to an http(s) address or to another page of the archive")
        for match in _ANY_SCRIPT_URL.finditer(masked):
            add(match.start(), "unsafe-url", f"a '{match.group(1).lower()}:' address is not allowed",
                "remove it; to show it as text, put it in `backticks`")
    except _Enough:
        pass  # the first MAX_PROBLEMS are enough to start fixing; the next check finds the rest
    return sorted(problems, key=Problem.sort_key)


class _Enough(Exception):
    """Raised inside :func:`scan_markdown` when it has found MAX_PROBLEMS problems."""


def _scan_tags(masked: str, add) -> None:
    position = 0
    last_close = masked.rfind(">")  # a tag that starts after it is still open where the text ends
    while (match := _TAG_START.search(masked, position)) is not None:
        position = match.end()
        name = match.group(2).lower()
        if match.group(1):  # a closing tag: its opening tag is what counts
            continue
        if name not in ALLOWED_TAGS:
            add(match.start(), "raw-html", f"the HTML tag <{name}> is not allowed",
                "write Markdown instead; only plain tags such as <div>, <span>, <small>, <abbr> and "
                "<details> are allowed (the list is in tbvsite/safety.py)")
        # Read the attributes (quoted values may hold '>') up to the '>' that ends the tag.
        closed = False
        for _ in range(1000):
            position = _SPACE.match(masked, position).end()
            if masked.startswith(">", position):
                closed = True
                position += 1
                break
            found = _ATTRIBUTE.match(masked, position)
            if found is None or found.end() == position:
                break
            position = found.end()
            if name in ALLOWED_TAGS:
                key = found.group(1).lower()
                _check_attribute(add, found.start(1), f"on <{name}>", key, (found.group(2) or "").strip("\"'"),
                                 lambda k: k in ALLOWED_ATTRIBUTES or k.startswith("aria-"),
                                 ("raw-html", f"the attribute '{key}' on <{name}> is not allowed",
                                  "remove it; allowed attributes are " + ", ".join(sorted(ALLOWED_ATTRIBUTES))
                                  + " and aria-*"))
        if not closed and match.start() > last_close:
            add(match.start(), "unclosed-tag", f"the tag <{name}> is not closed",
                "end the tag with '>', or write '&lt;' for a '<' that is meant as text")


def _check_attribute(add, offset: int, place: str, key: str, value: str, allowed, refusal) -> None:
    """One attribute, written in a tag (``place`` "on <img>") or an attribute list ("set with { }"):
    an event handler, a blocked address, or (``refusal``: code, message, hint) one not ``allowed``."""
    if key.startswith("on"):
        add(offset, "html-event-handler", f"the attribute '{key}' {place} runs script and is not allowed",
            "remove the attribute; a vignette may not contain anything that runs script")
    elif (scheme := blocked_scheme(value)) is not None:
        add(offset, "unsafe-url", f"a '{scheme}:' address in '{key}' {place} is not allowed",
            "link to an http(s) address or to another page of the archive")
    elif not allowed(key):
        add(offset, *refusal)


def _scan_attribute_lists(masked: str, add) -> None:
    for match in _ATTR_LIST.finditer(masked):
        if match.start() and masked[match.start() - 1] in " \t" and not match.group(0).startswith("{:") \
                and not _LINE_END.match(masked, match.end()):
            continue  # "{...}" between words of running text is not an attribute list
        if masked[match.start() - 1:match.start()] == "]" and CODING_ATTRIBUTE.fullmatch(match.group(0)):
            continue  # a coded passage (tbvsite/passages.py), which sets no attribute of its own
        for token in _ATTR_TOKEN.finditer(match.group(1)):
            offset = match.start(1) + token.start()
            if token.group(3):
                word = token.group(3)
                if word.startswith(("#", ".")) or word == ":":
                    continue
                key, value = word.lower(), ""
            else:
                key, value = token.group(1).lower(), token.group(2).strip("\"'")
            _check_attribute(add, offset, "set with { }", key, value, AUTHORED_ATTRIBUTES.__contains__,
                             ("attr-list", f"the attribute '{key}' cannot be set with {{ }}",
                              "only " + ", ".join(sorted(AUTHORED_ATTRIBUTES)) + ", #id and .class may be set; "
                              "to show braces as text, write \\{"))


def _scan_nesting(text: str, masked: str, add) -> None:
    """Lists and quotes by indentation, HTML blocks by open tags, links by brackets: each nested at most so deep."""
    hint = f"nest at most {MAX_NESTING} levels deep; Markdown's parser cannot read deeper text in reasonable time"
    for match in _INDENT.finditer(text):  # the source's indentation, on lines that are not code
        if masked[match.start():match.end() + 1].isspace():
            continue
        indent = len(match.group(1).expandtabs(4))
        quotes = match.group(2).count(">")
        if indent > 4 * MAX_NESTING or quotes > MAX_NESTING:
            add(match.start(), "too-deep", "this line is nested too deeply (indentation or '>' quotes)", hint)
            break  # the first such line is enough to find the place
    depth = 0
    for match in _TAG_START.finditer(masked):
        name = match.group(2).lower()
        if name in VOID_TAGS:
            continue
        depth += -1 if match.group(1) else 1
        if depth > MAX_NESTING:
            add(match.start(), "too-deep", f"HTML tags are nested more than {MAX_NESTING} deep here", hint)
            return
    depth = 0
    for match in _BRACKETS.finditer(masked):
        token = match.group()
        if token == "[":
            depth += 1
            if depth > MAX_BRACKETS:
                add(match.start(), "too-deep", f"brackets are nested more than {MAX_BRACKETS} deep here",
                    f"nest links and brackets at most {MAX_BRACKETS} deep; write \\[ for a bracket that is text")
                return
        elif token == "]":
            depth = max(0, depth - 1)
        elif token.startswith("\n"):
            depth = 0
