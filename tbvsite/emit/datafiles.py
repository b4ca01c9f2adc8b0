"""Data files for other tools: the taxonomy as a REFI-QDA codebook, a Taguette codebook and a JSON Schema;
the archive as a REFI-QDA project."""

from __future__ import annotations

from typing import TYPE_CHECKING

from functools import partial

from .. import codebook, qdpx, schema
from ..model import Index, Vignette
from . import memo

if TYPE_CHECKING:
    from . import Context

CODEBOOK_URI = "data/codebook.qdc"
TAGUETTE_URI = "data/codebook-taguette.csv"
PROJECT_URI = "data/vignettes.qdpx"
SCHEMA_URI = schema.URI


def emit(index: Index, context: "Context") -> dict[str, str | bytes]:
    site_url = context.site_url.rstrip("/")
    schema_id = f"{site_url}/{SCHEMA_URI}" if site_url else ""
    return {CODEBOOK_URI: codebook.to_qdc(index.vocabulary),
            TAGUETTE_URI: codebook.to_taguette_csv(index.vocabulary),
            PROJECT_URI: qdpx.to_qdpx(index, context.site_name or "tbvsite", context.language, partial(_text, context)),
            SCHEMA_URI: schema.to_json(index.vocabulary, schema_id, index.sources)}


def _text(context: "Context", vignette: Vignette) -> tuple[str, list]:
    """A vignette's text in the REFI-QDA project (under the preview: the previous build's, if unchanged)."""
    return memo.part(context, "qdpx", vignette, partial(qdpx.source_text, vignette, context.language))
