"""Open data: the coding of every vignette as JSON and CSV (``data/``)."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

from ..escape import csv_cell
from ..model import Index
from .text import page_url, vignette_uri

if TYPE_CHECKING:
    from . import Context

JSON_URI = "data/vignettes.json"
CSV_URI = "data/vignettes.csv"


def records(index: Index, use_directory_urls: bool = True) -> list[dict[str, Any]]:
    """One plain record per vignette, in reading order."""
    out = []
    for v in index.vignettes:
        record: dict[str, Any] = {
            "slug": v.slug,
            "title": v.title,
            "summary": v.summary,
            "url": page_url(vignette_uri(v.slug), use_directory_urls),
            "order": v.order,
            "source": [{"section": s.section, "page": s.page} for s in v.source],
        }
        for facet_id in index.vocabulary.facets:
            record[facet_id] = list(v.tags.get(facet_id, ()))
        record["positions"] = [{**p.refs, "note": p.note} for p in v.positions]
        record["objectives"] = list(v.objectives)
        record["questions"] = list(v.questions)
        out.append(record)
    return out


def to_json(index: Index, use_directory_urls: bool = True) -> str:
    return json.dumps(records(index, use_directory_urls), ensure_ascii=False, indent=2) + "\n"


def to_csv(index: Index, use_directory_urls: bool = True) -> str:
    """A row per vignette; multi-valued cells hold ids separated by ';'."""
    facets = list(index.vocabulary.facets)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["slug", "title", "summary", "url", *facets, "positions"])
    for r in records(index, use_directory_urls):
        positions = ";".join(
            "+".join(p[k] for k in index.vocabulary.position_fields) for p in r["positions"])
        writer.writerow([csv_cell(cell) for cell in (r["slug"], r["title"], r["summary"], r["url"],
                                                     *(";".join(r[f]) for f in facets), positions)])
    return buffer.getvalue()


def emit(index: Index, context: "Context") -> dict[str, str]:
    return {JSON_URI: to_json(index, context.use_directory_urls),
            CSV_URI: to_csv(index, context.use_directory_urls)}


def to_coding_csv(index: Index) -> str:
    """A row per vignette × term, then a row per position (long format, for R, SPSS, pandas)."""
    keys = list(index.vocabulary.position_fields)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["slug", "kind", "facet", "term", "label", *keys, "note"])
    for vignette in index.vignettes:
        for facet_id, term_id in vignette.terms():
            term = index.vocabulary.term(facet_id, term_id)
            writer.writerow([csv_cell(cell) for cell in (vignette.slug, "tag", facet_id, term_id,
                                                         term.label if term else "", *([""] * len(keys)), "")])
        for position in vignette.positions:
            writer.writerow([csv_cell(cell) for cell in (vignette.slug, "position", "", "", "",
                                                         *(position.refs.get(k, "") for k in keys), position.note)])
    return buffer.getvalue()
