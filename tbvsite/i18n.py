"""Interface strings: one catalogue per language (``tbvsite/locales/<lang>.yml``).

Everything the site writes around authored text (headings such as
"Leerdoelen", labels, button texts, messages on generated pages) is looked up
here by key, never written in Python or in a template. A catalogue is a flat
YAML mapping of key to text; a text may hold ``{name}`` fields, filled by
:meth:`Strings.format`. Every language has the same keys and the same fields
(``tests/test_i18n.py``).

Why a YAML catalogue and not gettext: the site has a few hundred short
strings in two languages, MkDocs and Material keep their own theme strings
as per-language key/value tables too, and a YAML file needs no compile step
(``.po`` to ``.mo``) and no extra dependency.
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

import yaml

LOCALES = Path(__file__).parent / "locales"
DEFAULT_LANGUAGE = "nl"


def languages() -> tuple[str, ...]:
    """The languages with a catalogue, the default first."""
    found = sorted(p.stem for p in LOCALES.glob("*.yml"))
    return (DEFAULT_LANGUAGE, *(lang for lang in found if lang != DEFAULT_LANGUAGE))


class Strings:
    """The interface strings of one language: ``strings["key"]``, ``strings.format("key", n=2)``."""

    def __init__(self, language: str, table: dict[str, str]):
        self.language = language
        self._table = table

    def __getitem__(self, key: str) -> str:
        try:
            return self._table[key]
        except KeyError:
            raise KeyError(f"interface string {key!r} is missing from {LOCALES.name}/{self.language}.yml") from None

    def __contains__(self, key: str) -> bool:
        return key in self._table

    def get(self, key: str, default: str = "") -> str:
        return self._table.get(key, default)

    def format(self, key: str, /, **fields) -> str:
        return self[key].format(**fields)

    def keys(self):
        return self._table.keys()

    def fields(self, key: str) -> set[str]:
        """The ``{name}`` fields of one string (for the catalogue test)."""
        return {name for _, name, _, _ in string.Formatter().parse(self[key]) if name}


@lru_cache(maxsize=None)
def strings(language: str = DEFAULT_LANGUAGE) -> Strings:
    path = LOCALES / f"{language}.yml"
    if not path.is_file():
        raise ValueError(f"no interface strings for language {language!r}: expected {path}; "
                         f"available: {', '.join(languages())}")
    table = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in table.items()):
        raise ValueError(f"{path}: a catalogue is a flat mapping of key to text")
    return Strings(language, table)
