"""A JSON Schema of a vignette's front matter, generated from the taxonomy.

Editors that speak the YAML language server validate front matter while a
researcher types (unknown keys, misspelled term ids, missing values). The
schema follows :func:`tbvsite.fields.fields_for`, so a new facet or term in
the taxonomy needs no Python. ``tbvsite check`` stays the authority: the
schema cannot see duplicates across files, positions naming untagged
actors, chosen options that are not the vignette's own, or the headings of
the body.
"""

from __future__ import annotations

import json
from typing import Any

from .authors import NAME_MAX, ORCID
from .fields import DECISION, NOTE_MAX, REFLECTION, SECTION_MAX, Field, fields_for
from .model import Vocabulary
from .sources import Sources

DRAFT = "http://json-schema.org/draft-07/schema#"
URI = "data/vignette.schema.json"


def _text(field_help: str, max_length: int = 0) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "minLength": 1, "description": field_help}
    if max_length:
        schema["maxLength"] = max_length
    return schema


def _terms(vocabulary: Vocabulary, facet_id: str) -> dict[str, Any]:
    facet = vocabulary.facets[facet_id]
    return {"type": "string", "enum": list(facet.terms),
            "description": f"{facet.singular}: " + ", ".join(f"{t.id} ({t.label})" for t in facet.terms.values())}


def _refs(sources: Sources | None) -> dict[str, Any]:
    """The ids of vignettes/sources.yml, each described by its title (an enum when the sources are known)."""
    schema: dict[str, Any] = {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$",
                              "description": "Id van een bron in vignettes/sources.yml."}
    if sources is not None and sources.items:
        schema["enum"] = list(sources.items)
        schema["description"] += " " + ", ".join(f"{s.id} ({s.title})" if s.title else s.id
                                                 for s in sources.items.values())
    return schema


def _property(field: Field, vocabulary: Vocabulary, sources: Sources | None = None) -> dict[str, Any]:
    if field.kind == "text":
        return _text(field.help, field.max_length)
    if field.kind == "int":
        return {"type": "integer", "minimum": 0, "description": field.help}
    if field.kind == "choice":
        return {"type": "string", "enum": list(field.choices), "description": field.help}
    if field.kind == "chosen":
        items = _terms(vocabulary, field.facet) if field.facet else {"type": "string"}
        return {"type": "array", "items": items, "uniqueItems": True, "description": field.help}
    if field.kind == "text-list":
        return {"type": "array", "items": _text(field.help, field.max_length),
                "minItems": 1 if field.required else 0, "description": field.help}
    if field.kind == "terms":
        return {"type": "array", "items": _terms(vocabulary, field.facet), "uniqueItems": True,
                "minItems": 1 if field.required else 0, "description": field.help}
    if field.kind == "source":
        return {"type": "array", "minItems": 1, "description": field.help, "items": {
            "type": "object", "additionalProperties": False, "required": ["ref"],
            "properties": {"ref": _refs(sources),
                           "section": _text("Tussenkop of deel van de bron.", SECTION_MAX),
                           "page": {"type": "integer", "minimum": 1, "description": "Paginanummer."}}}}
    if field.kind == "positions":
        keys = list(vocabulary.position_fields)
        properties = {key: _terms(vocabulary, facet_id) for key, facet_id in vocabulary.position_fields.items()}
        properties["note"] = _text("Toelichting op de positie.", NOTE_MAX)
        return {"type": "array", "description": field.help, "items": {
            "type": "object", "additionalProperties": False, "required": keys, "properties": properties}}
    if field.kind == "date":
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": field.help}
    if field.kind == "changes":
        return {"type": "array", "description": field.help, "items": {
            "type": "object", "additionalProperties": False, "required": ["date", "note"],
            "properties": {"date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                           "note": _text("Wat er voor een lezer veranderde.", field.max_length)}}}
    if field.kind == "authors":
        return {"type": "array", "description": field.help, "items": {
            "type": "object", "additionalProperties": False, "required": ["name"],
            "properties": {"name": {"type": "string", "pattern": "^[^,]+,[^,]+$", "maxLength": NAME_MAX,
                                    "description": "Achternaam, Voornaam"},
                           "orcid": {"type": "string", "pattern": ORCID.pattern,
                                     "description": "ORCID iD, bijvoorbeeld 0000-0002-1825-0097."}}}}
    raise ValueError(field.kind)  # pragma: no cover - fields.Kind is closed


def build_schema(vocabulary: Vocabulary, schema_id: str = "", sources: Sources | None = None) -> dict[str, Any]:
    fields = fields_for(vocabulary)
    schema: dict[str, Any] = {"$schema": DRAFT}
    if schema_id:
        schema["$id"] = schema_id
    schema.update({
        "title": "Vignet (front matter)",
        "description": "De sleutels van een vignet in het tbvsite-archief, met de ids uit de taxonomie.",
        "type": "object",
        "additionalProperties": False,
        "required": [f.key for f in fields if f.required],
        "properties": {f.key: _property(f, vocabulary, sources) for f in fields},
        # The form decides about 'chosen'; that each chosen id is one of the vignette's own
        # options is left to 'tbvsite check'.
        "allOf": [
            {"if": {"properties": {"form": {"const": DECISION}}, "required": ["form"]},
             "then": {"required": ["chosen"], "properties": {"chosen": {"minItems": 1}}}},
            {"if": {"properties": {"form": {"const": REFLECTION}}, "required": ["form"]},
             "then": {"properties": {"chosen": {"maxItems": 0}}}},
        ],
    })
    return schema


def to_json(vocabulary: Vocabulary, schema_id: str = "", sources: Sources | None = None) -> str:
    return json.dumps(build_schema(vocabulary, schema_id, sources), ensure_ascii=False, indent=2) + "\n"
