"""Author names and ORCID iDs in a vignette's front matter.

A name is written "Achternaam, Voornaam" (one comma), the form reference
managers and Google Scholar read without guessing. An ORCID iD is checked
with its ISO 7064 MOD 11-2 check character, so a mistyped digit is caught by
``tbvsite check`` rather than by a reader whose link leads to a stranger.
"""

from __future__ import annotations

import re

ORCID = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")
NAME_MAX = 120


def orcid_check_character(digits: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 15 digits of an iD."""
    total = 0
    for ch in digits:
        total = (total + int(ch)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def parse_orcid(text: str) -> tuple[str, str]:
    """(bare iD, '') for a valid iD, or ('', what is wrong with it)."""
    match = ORCID.match(text.strip())
    if not match:
        return "", "is not an ORCID iD: write 16 characters in four groups, e.g. 0000-0002-1825-0097"
    orcid = match.group(1)
    digits = orcid.replace("-", "")
    expected = orcid_check_character(digits[:15])
    if digits[15] != expected:
        return "", f"has a wrong check character: '{digits[15]}', where the first 15 digits give '{expected}'"
    return orcid, ""


def split_name(text: str) -> tuple[str, str] | None:
    """"Achternaam, Voornaam" -> (family, given); None when it is not in that form."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or not all(parts):
        return None
    return parts[0], parts[1]
