"""The citation kit of each vignette: page metadata, BibTeX and RIS files, the citation block, one module each.

A vignette is cited as a page of this archive; the sources it rests on
(``vignettes/sources.yml``, CSL items cited by ``ref``) stay the primary
sources. The archive gives no access date.

- ``facts.py``: what every format says (address, publisher, version, dates, licence).
- ``cited_sources.py``: references to the sources (citeproc-py) and their locators.
- ``metadata.py``: Highwire tags and JSON-LD for the page's <head>.
- ``bibtex_file.py``: the .bib file.  ``ris_file.py``: the .ris file.
- ``block.py``: the "Citeer deze casus" section on the page.
- ``coins.py``: COinS spans and Highwire tags of a source itself (its page, the bibliography).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model import Index
from .bibtex_file import bib_text, bibtex
from .block import reference, render_block, render_versions
from .facts import (CITE_DIR, TEXT_LICENCE, TEXT_LICENCE_URL, cite_uri, long_date, page_address, publisher,
                    version_of)
from .metadata import page_meta
from .cited_sources import (cited_in, grouped_refs, in_text, locators, primary_keys, reference_html, reference_markdown,
                            reference_text, references, secondary_citation, source_uri)
from .coins import coins, source_highwire
from .ris_file import ris

if TYPE_CHECKING:
    from .. import Context

__all__ = ["CITE_DIR", "TEXT_LICENCE", "TEXT_LICENCE_URL", "bib_text", "bibtex", "cite_uri", "cited_in", "coins",
           "emit", "grouped_refs", "in_text", "locators", "long_date", "page_address", "page_meta", "primary_keys",
           "publisher", "reference", "reference_html", "reference_markdown", "reference_text", "references",
           "render_block", "render_versions", "ris", "secondary_citation", "source_highwire", "source_uri",
           "version_of"]


def emit(index: Index, context: "Context") -> dict[str, str]:
    pages: dict[str, str] = {}
    for v in index.vignettes:
        pages[cite_uri(v.slug, "bib")] = bibtex(index, v, context)
        pages[cite_uri(v.slug, "ris")] = ris(index, v, context)
    return pages
