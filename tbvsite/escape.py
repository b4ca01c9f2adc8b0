"""Plain text escaped for the grammar of each output format that is not HTML.

HTML and Markdown have their own helpers (``emit/text.py``) and, after
rendering, the sanitiser (``sanitize.py``). These are the others: BibTeX
values, CSV cells a spreadsheet will open, and XML 1.0 text.
"""

from __future__ import annotations

import re

# BibTeX counts braces even after a backslash, so "\{" alone unbalances an entry:
# braces become text commands; the other TeX specials are escaped.
_BIBTEX = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "%": r"\%",
           "&": r"\&", "$": r"\$", "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}


def bibtex(text: str) -> str:
    """Plain text as the body of a braced BibTeX value: on one line, braces balanced, specials escaped."""
    return "".join(_BIBTEX.get(ch, ch) for ch in " ".join(text.split()))


# OWASP, "CSV Injection": a cell starting with one of these is run as a formula by
# spreadsheet programs; a leading single quote makes it text.
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(text: str) -> str:
    """A cell that a spreadsheet shows as text, never runs (quoting is the csv module's job)."""
    return "'" + text if text.startswith(CSV_FORMULA_START) else text


# XML 1.0 allows tab, LF, CR and these ranges; anything else makes the document malformed.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (the tree writer escapes the rest)."""
    return _NOT_XML.sub("", text)
