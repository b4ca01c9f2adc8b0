"""Open data: the coding of every vignette as JSON and CSV (``data/``)."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

from ..escape import csv_cell
from ..fields import DECISION, chosen_facet
from ..history import Version
from ..model import Index
from .text import page_url, vignette_uri

if TYPE_CHECKING:
    from . import Context

JSON_URI = "data/vignettes.json"
CSV_URI = "data/vignettes.csv"
SOURCES_URI = "data/sources.json"


def records(index: Index, use_directory_urls: bool = True,
            versions: dict[str, Version] | None = None) -> list[dict[str, Any]]:
    """One plain record per vignette, in reading order; dates and version from ``versions``."""
    out = []
    for v in index.vignettes:
        version = (versions or {}).get(v.slug) or Version(v.published, v.updated or v.published)
        record: dict[str, Any] = {
            "slug": v.slug,
            "title": v.title,
            "summary": v.summary,
            "url": page_url(vignette_uri(v.slug), use_directory_urls),
            "order": v.order,
            "form": v.form,
            "authors": [{"name": a.inverted, "orcid": a.orcid} for a in v.authors],
            "published": version.published.isoformat() if version.published else None,
            "updated": version.updated.isoformat() if version.updated else None,
            "version": version.sha or None,
            "source": [{"ref": s.ref, "section": s.section or None, "page": s.page} for s in v.source],
        }
        for facet_id in index.vocabulary.facets:
            record[facet_id] = list(v.tags.get(facet_id, ()))
        record["chosen"] = list(v.chosen)
        record["positions"] = [{**p.refs, "note": p.note} for p in v.positions]
        record["objectives"] = list(v.objectives)
        record["questions"] = list(v.questions)
        out.append(record)
    return out


def to_json(index: Index, use_directory_urls: bool = True, versions: dict[str, Version] | None = None) -> str:
    return json.dumps(records(index, use_directory_urls, versions), ensure_ascii=False, indent=2) + "\n"


def to_csv(index: Index, use_directory_urls: bool = True, versions: dict[str, Version] | None = None) -> str:
    """A row per vignette; multi-valued cells hold ids separated by ';'."""
    facets = list(index.vocabulary.facets)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["slug", "title", "summary", "url", "form", *facets, "chosen", "positions",
                     "published", "updated"])
    for r in records(index, use_directory_urls, versions):
        positions = ";".join(
            "+".join(p[k] for k in index.vocabulary.position_fields) for p in r["positions"])
        writer.writerow([csv_cell(cell) for cell in (
            r["slug"], r["title"], r["summary"], r["url"], r["form"], *(";".join(r[f]) for f in facets),
            ";".join(r["chosen"]), positions, r["published"] or "", r["updated"] or "")])
    return buffer.getvalue()


def sources_json(index: Index) -> str:
    """The archive's sources as CSL JSON (Zotero imports it), with each item's consent note as 'tbv-consent'."""
    items = []
    for source in (index.sources.items.values() if index.sources is not None else ()):
        items.append({**source.csl, **({"tbv-consent": source.consent} if source.consent else {})})
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def emit(index: Index, context: "Context") -> dict[str, str]:
    return {JSON_URI: to_json(index, context.use_directory_urls, context.versions),
            CSV_URI: to_csv(index, context.use_directory_urls, context.versions),
            SOURCES_URI: sources_json(index)}


def to_coding_csv(index: Index) -> str:
    """A row per vignette × term, then a row per position (long format, for R, SPSS, pandas).

    A tag row of the facet ``chosen`` points into (strategies) says in
    ``chosen`` whether the team took that option (1) or only had it on the
    table (0); other rows leave it empty.
    """
    keys = list(index.vocabulary.position_fields)
    choice_facet = chosen_facet(index.vocabulary)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["slug", "form", "kind", "facet", "term", "label", "chosen", *keys, "note"])
    for vignette in index.vignettes:
        for facet_id, term_id in vignette.terms():
            term = index.vocabulary.term(facet_id, term_id)
            taken = ("1" if term_id in vignette.chosen else "0") if (
                facet_id == choice_facet and vignette.form == DECISION) else ""
            writer.writerow([csv_cell(cell) for cell in (vignette.slug, vignette.form, "tag", facet_id, term_id,
                                                         term.label if term else "", taken, *([""] * len(keys)), "")])
        for position in vignette.positions:
            writer.writerow([csv_cell(cell) for cell in (vignette.slug, vignette.form, "position", "", "", "", "",
                                                         *(position.refs.get(k, "") for k in keys), position.note)])
    return buffer.getvalue()
