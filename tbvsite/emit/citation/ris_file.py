"""The RIS file of a vignette (data/cite/<slug>.ris): its record, then one record per source it rests on.

A source's record is mapped from its CSL item, field by field: nothing added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ... import i18n
from ...model import Index, Vignette
from .facts import cited_keys, csl_date, csl_name, csl_year, file_note, page_address, publisher, taught_terms, version_of

if TYPE_CHECKING:
    from .. import Context


RIS_TYPE = "application/x-research-info-systems"


def ris(index: Index, vignette: Vignette, context: "Context") -> str:
    name = _ris_value(publisher(context))
    version = version_of(vignette, context)
    url = page_address(vignette.slug, context)
    # A person is "Achternaam, Voornaam". Nobody named: no AU (RIS cannot mark an organisation, and
    # readers split a name into given and family); the archive is the website (T2) and publisher (PB).
    authors = [_ris_value(a.inverted) for a in vignette.authors]
    case = [("TY", "ELEC"), *(("AU", a) for a in authors), ("TI", _ris_value(vignette.title)), ("T2", name),
            ("PB", name)]
    if version.published:
        case += [("PY", str(version.published.year)), ("DA", version.published.strftime("%Y/%m/%d"))]
    if url:
        case.append(("UR", url))
    case += [("LA", context.language), ("AB", _ris_value(vignette.summary))]
    case += [("KW", _ris_value(index.vocabulary.facets[f].terms[t].label)) for f, t in taught_terms(index, vignette)]
    keys = cited_keys(index, vignette)
    case.append(("N1", file_note(index, vignette, context)))
    lines = []
    for record in (case, *(_ris_source(index.sources[key].csl, context.language) for key in keys)):
        lines += [f"{tag}  - {value}" for tag, value in record] + ["ER  - ", ""]
    return "\r\n".join(lines)


def _ris_value(text: str) -> str:
    return " ".join(text.split())


# CSL type -> RIS type; anything else is GEN, with the CSL type in M3.
RIS_TYPES = {"article-journal": "JOUR", "article-magazine": "MGZN", "article-newspaper": "NEWS", "book": "BOOK",
             "chapter": "CHAP", "report": "RPRT", "thesis": "THES", "dataset": "DATA", "webpage": "ELEC",
             "personal_communication": "PCOMM", "paper-conference": "CPAPER"}

RIS_FIELDS = (("title", "TI"), ("container-title", "T2"), ("publisher", "PB"), ("publisher-place", "CY"),
              ("volume", "VL"), ("issue", "IS"), ("DOI", "DO"), ("ISBN", "SN"), ("URL", "UR"), ("genre", "M3"),
              ("medium", "M3"), ("language", "LA"), ("note", "N1"))


def _ris_source(item: dict[str, Any], language: str = i18n.DEFAULT_LANGUAGE) -> list[tuple[str, str]]:
    """A source's RIS record, mapped from its CSL item field by field: nothing added. Its note is in the
    archive's language (sources.yml), so another edition's file leaves it out."""
    if language != i18n.DEFAULT_LANGUAGE:
        item = {k: v for k, v in item.items() if k != "note"}
    record = [("TY", RIS_TYPES.get(item["type"], "GEN"))]
    record += [("AU", _ris_value(csl_name(n, inverted=True))) for n in item.get("author", [])]
    record += [("A3", _ris_value(csl_name(n, inverted=True))) for n in item.get("interviewer", [])]
    if item.get("interviewer"):  # the role, for readers that file A3 without saying what it is
        record.append(("N1", "Interviewer: " + _ris_value("; ".join(csl_name(n) for n in item["interviewer"]))))
    for csl_key, tag in RIS_FIELDS:
        if item.get(csl_key) and not (tag == "M3" and any(t == "M3" for t, _ in record)):
            record.append((tag, _ris_value(str(item[csl_key]))))
    if record[0][1] == "GEN" and not any(t == "M3" for t, _ in record):
        record.append(("M3", item["type"]))
    if csl_year(item):
        record += [("PY", csl_year(item)), ("DA", csl_date(item).replace("-", "/"))]
    if item.get("page"):
        first, _, last = str(item["page"]).partition("-")
        record += [("SP", first)] + ([("EP", last)] if last else [])
    record.append(("ID", item["id"]))
    return record
