"""Raw HTML and dangerous links in Markdown written by researchers.

Decision: refuse, with a location, rather than sanitise. A refused tag is
visible to the author at once (``path:line:col``) and nothing on the page is
silently changed; a sanitiser would drop text the author meant to publish.

Allowed in a vignette body or a term description:

- Markdown, including links to ``http:``, ``https:``, ``mailto:`` and
  relative addresses;
- a short list of harmless HTML tags (:data:`ALLOWED_TAGS`) with a short list
  of attributes (:data:`ALLOWED_ATTRIBUTES`, plus ``aria-*``);
- anything inside code (fenced blocks and inline code spans), which Markdown
  shows as text.

Refused: any other tag (``<script>``, ``<iframe>``, ``<style>``, ``<form>``,
...), every ``on*=`` event attribute, and ``javascript:``, ``vbscript:``,
``data:`` or ``file:`` addresses in links, images, reference definitions,
autolinks and attributes, also when hidden behind HTML entities or spaces.
"""

from __future__ import annotations

import html
import re

from .model import Problem

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

_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])([^>]*)>")
_ATTRIBUTE = re.compile(r"([^\s>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
# Markdown destinations: inline links/images, reference definitions, autolinks.
INLINE_URL = re.compile(r"\]\(\s*(<[^>\n]*>|[^\s)]+)")
REFERENCE_URL = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)", re.M)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]")


def blocked_scheme(url: str) -> str | None:
    """The dangerous scheme of ``url`` (as a browser would read it), or None."""
    cleaned = _INVISIBLE.sub("", html.unescape(url.strip("<>"))).lower()
    for scheme in BLOCKED_SCHEMES:
        if cleaned.startswith(scheme + ":"):
            return scheme
    return None


def mask_code(text: str) -> str:
    """Blank out fenced code blocks and inline code spans, keeping every offset."""
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
    text = _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    return _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def scan_markdown(text: str, shown: str, first_line: int = 1, *, first_column: int = 1,
                  where: str = "") -> list[Problem]:
    """Problems for raw HTML and dangerous links in ``text``.

    ``first_line`` is the file line of the text's first line; ``first_column``
    is added to columns on that first line only (for text that starts after a
    key on the same line). ``where`` names the data path, e.g. a term's
    description, for messages about the taxonomy.
    """
    masked = mask_code(text)
    starts = [0] + [m.end() for m in re.finditer("\n", masked)]
    problems: list[Problem] = []
    suffix = f" in {where}" if where else ""

    def add(offset: int, code: str, message: str, hint: str) -> None:
        line_index = max(i for i, s in enumerate(starts) if s <= offset)
        column = offset - starts[line_index] + 1
        if line_index == 0:
            column += first_column - 1
        problems.append(Problem(shown, first_line + line_index, column, code, message + suffix, hint,
                                location=where))

    for match in _TAG.finditer(masked):
        name = match.group(2).lower()
        if match.group(1):  # a closing tag: its opening tag is what counts
            continue
        if name not in ALLOWED_TAGS:
            add(match.start(), "raw-html", f"the HTML tag <{name}> is not allowed",
                "write Markdown instead; only plain tags such as <div>, <span>, <small>, <abbr> and "
                "<details> are allowed (the list is in tbvsite/safety.py)")
            continue
        attributes = match.group(3)
        base = match.start(3)
        for attribute in _ATTRIBUTE.finditer(attributes):
            key = attribute.group(1).lower()
            value = (attribute.group(2) or "").strip("\"'")
            offset = base + attribute.start()
            if key.startswith("on"):
                add(offset, "html-event-handler", f"the attribute '{key}' on <{name}> runs script and is not allowed",
                    "remove the attribute; a vignette may not contain anything that runs script")
            elif key not in ALLOWED_ATTRIBUTES and not key.startswith("aria-"):
                add(offset, "raw-html", f"the attribute '{key}' on <{name}> is not allowed",
                    "remove it; allowed attributes are " + ", ".join(sorted(ALLOWED_ATTRIBUTES)) + " and aria-*")
            elif (scheme := blocked_scheme(value)) is not None:
                add(offset, "unsafe-url", f"a '{scheme}:' address in '{key}' on <{name}> is not allowed",
                    "link to an http(s) address or to another page of the archive")

    for pattern in (INLINE_URL, REFERENCE_URL, _AUTOLINK):
        for match in pattern.finditer(masked):
            if (scheme := blocked_scheme(match.group(1))) is not None:
                add(match.start(1), "unsafe-url", f"a '{scheme}:' link is not allowed",
                    "link to an http(s) address or to another page of the archive")
    return sorted(problems, key=Problem.sort_key)
