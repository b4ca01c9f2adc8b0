"""Load the controlled vocabulary (``vignettes/taxonomy.yml``).

Facets are data: each declares its labels, URL segment, whether vignettes
must tag it, its attributes (typed: text, term, scale, list) and its terms.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from . import addresses, frontmatter, i18n
from .checks import Checker, did_you_mean
from .fields import FIELDS
from .model import Attribute, Facet, Problem, Term, Vocabulary

FACET_KEYS = ("label", "singular", "segment", "required", "intro", "attributes", "terms")
ATTRIBUTE_KEYS = ("label", "type", "required", "facet", "min", "max", "low", "high")
ATTRIBUTE_TYPES = ("text", "term", "scale", "list")
RESERVED_SEGMENTS = tuple(addresses.SITE_NAMES)
RESERVED_KEYS = ("label", "description", "outcome")
# The other languages of the site (a catalogue in tbvsite/locales/): each may have a mapping
# under every facet, attribute and term, e.g. ``en: {label: ..., description: ...}``.
LANGUAGES = i18n.languages()[1:]
FACET_TRANSLATED = ("label", "singular", "segment", "intro")
ATTRIBUTE_TRANSLATED = ("label", "low", "high")
# The taxonomy holds every term's description in every language: more than a vignette's front matter.
TAXONOMY_MAX_CHARS = 600_000


def load_vocabulary(path: Path, shown: str | None = None) -> tuple[Vocabulary | None, list[Problem]]:
    """Read and check the taxonomy. Returns None when it cannot be used at all."""
    shown = shown or str(path)
    doc, problems = frontmatter.read_document(path, shown, max_chars=TAXONOMY_MAX_CHARS)
    if doc is None:
        return None, problems
    return parse_vocabulary(doc, shown)


def parse_vocabulary(doc: frontmatter.Document, shown: str) -> tuple[Vocabulary | None, list[Problem]]:
    check = Checker(shown, doc)
    root = check.mapping(doc.data, (), allowed=("facets", "positions"), required=("facets",))
    if root is None:
        return None, check.problems
    raw_facets = check.mapping(root.get("facets"), ("facets",), allowed=root.get("facets") or {})
    facets: dict[str, Facet] = {}
    segments: dict[str, str] = {}
    for facet_id, raw in (raw_facets or {}).items():
        facet = _facet(check, facet_id, raw)
        if facet is None:
            continue
        if facet.segment in segments:
            check.add(("facets", facet_id, "segment"), "duplicate-segment",
                      f"the segment '{facet.segment}' is also used by facet '{segments[facet.segment]}'",
                      "give every facet its own URL segment")
        segments[facet.segment] = facet_id
        facets[facet_id] = facet
    if raw_facets is not None and not raw_facets:
        check.add(("facets",), "empty-list", "no facets are declared", "declare at least one facet")
    _check_references(check, facets)
    position_fields = _position_fields(check, root.get("positions"), facets)
    if check.problems:
        return None, check.problems
    return Vocabulary(shown, facets, position_fields), []


def _facet(check: Checker, facet_id: str, raw: Any) -> Facet | None:
    path = ("facets", facet_id)
    if check.ident(facet_id, path) is None:
        return None
    if facet_id in {f.key for f in FIELDS}:
        check.add(path, "reserved-id", f"'{facet_id}' is a front-matter key and cannot name a facet",
                  "choose another id", key=True)
        return None
    if facet_id in addresses.RECORD_KEYS:
        check.add(path, "reserved-id", f"'{facet_id}' is a key of every record in the open data "
                  "(data/vignettes.json) and cannot name a facet", "choose another id", key=True)
        return None
    raw = check.mapping(raw, path, allowed=FACET_KEYS + LANGUAGES, required=("label", "segment", "terms"))
    if raw is None:
        return None
    label = check.text(raw.get("label"), path + ("label",), max_length=80)
    singular = check.text(raw.get("singular"), path + ("singular",), required=False, max_length=80)
    segment = check.ident(raw.get("segment"), path + ("segment",))
    if segment in RESERVED_SEGMENTS:
        check.add(path + ("segment",), "reserved-name",
                  f"the segment '{segment}' collides with {addresses.SITE_NAMES[segment]}",
                  "choose another segment")
    elif segment is not None and len(segment) > addresses.NAME_MAX:
        check.add(path + ("segment",), "too-long", f"the segment has {len(segment)} characters; "
                  f"the limit is {addresses.NAME_MAX}", "shorten it: it becomes part of every address of the facet")
    required = _boolean(check, raw.get("required"), path + ("required",))
    intro = check.text(raw.get("intro"), path + ("intro",), required=False) or ""
    attributes = tuple(
        a for a_id, a_raw in (check.mapping(raw.get("attributes") or {}, path + ("attributes",),
                                            allowed=raw.get("attributes") or {}) or {}).items()
        if (a := _attribute(check, path + ("attributes", a_id), a_id, a_raw)) is not None
    )
    terms: dict[str, Term] = {}
    raw_terms = check.mapping(raw.get("terms"), path + ("terms",), allowed=raw.get("terms") or {})
    for term_id, term_raw in (raw_terms or {}).items():
        term = _term(check, facet_id, term_id, term_raw, attributes)
        if term is not None:
            terms[term_id] = term
    if label is None or segment is None:
        return None
    translations = {lang: t for lang in LANGUAGES
                    if (t := _translation(check, path + (lang,), raw.get(lang), FACET_TRANSLATED + ("attributes",),
                                          {"attributes": [a.id for a in attributes]})) is not None}
    for lang, t in translations.items():
        _check_segment(check, path + (lang, "segment"), t.get("segment"))
        # Attribute labels may also be translated under the facet's mapping: en: {attributes: {role: {label: Role}}}
        given = t.pop("attributes", {})
        attributes = tuple(replace(a, translations={**a.translations, lang: {**given[a.id], **a.translations.get(lang, {})}})
                           if a.id in given else a for a in attributes)
    return Facet(facet_id, label, singular or label, segment, required, intro, attributes, terms,
                 check.doc.where(path + ("segment",))[0], translations)


def _check_segment(check: Checker, path, segment) -> None:
    if segment is None:
        return
    if check.ident(segment, path) is None:
        return
    if segment in RESERVED_SEGMENTS:
        check.add(path, "reserved-name", f"the segment '{segment}' collides with {addresses.SITE_NAMES[segment]}",
                  "choose another segment")


def _translation(check: Checker, path, raw: Any, keys: tuple[str, ...],
                 nested: dict[str, list[str]] | None = None) -> dict[str, Any] | None:
    """A ``<language>:`` mapping of translated texts (None when absent); ``nested``: keys holding
    a mapping of attribute id -> translated attribute texts, and the ids allowed there."""
    if raw is None:
        return None
    raw = check.mapping(raw, path, allowed=keys)
    if raw is None:
        return None
    found: dict[str, Any] = {}
    for key in keys:
        if key not in raw:
            continue
        value = raw[key]
        if key == "outcome":
            found[key] = _outcome(check, path + (key,), value)
        elif key in (nested or {}):
            items = check.mapping(value, path + (key,), allowed=nested[key]) or {}
            found[key] = {a_id: t for a_id, item in items.items()
                          if (t := _translation(check, path + (key, a_id), item, ATTRIBUTE_TRANSLATED)) is not None}
        elif isinstance(value, list):
            items = check.sequence(value, path + (key,), required=False, example="['...']")
            found[key] = tuple(t for i, item in enumerate(items) if (t := check.text(item, path + (key, i))) is not None)
        elif (text := check.text(value, path + (key,))) is not None:
            found[key] = text
    return found


def _attribute(check: Checker, path, a_id: str, raw: Any) -> Attribute | None:
    if check.ident(a_id, path) is None:
        return None
    if a_id in RESERVED_KEYS + LANGUAGES:
        check.add(path, "reserved-id", f"'{a_id}' is already a key of every term", "choose another name", key=True)
        return None
    raw = check.mapping(raw, path, allowed=ATTRIBUTE_KEYS + LANGUAGES, required=("label", "type"))
    if raw is None:
        return None
    label = check.text(raw.get("label"), path + ("label",))
    kind = check.text(raw.get("type"), path + ("type",))
    if kind is not None and kind not in ATTRIBUTE_TYPES:
        check.add(path + ("type",), "unknown-type", f"unknown attribute type '{kind}'",
                  did_you_mean(kind, ATTRIBUTE_TYPES) or f"use one of: {', '.join(ATTRIBUTE_TYPES)}")
        return None
    low = high = None
    if kind == "scale":
        low = check.integer(raw.get("min"), path + ("min",))
        high = check.integer(raw.get("max"), path + ("max",))
    facet = check.ident(raw.get("facet"), path + ("facet",)) if kind == "term" else None
    if label is None or kind is None:
        return None
    low_label = check.text(raw.get("low"), path + ("low",), required=False, max_length=80) or ""
    high_label = check.text(raw.get("high"), path + ("high",), required=False, max_length=80) or ""
    translations = {lang: t for lang in LANGUAGES
                    if (t := _translation(check, path + (lang,), raw.get(lang), ATTRIBUTE_TRANSLATED)) is not None}
    return Attribute(a_id, label, kind, _boolean(check, raw.get("required"), path + ("required",)),  # type: ignore[arg-type]
                     facet, low, high, low_label, high_label, translations)


def _term(check: Checker, facet_id: str, term_id: str, raw: Any, attributes: tuple[Attribute, ...]) -> Term | None:
    path = ("facets", facet_id, "terms", term_id)
    if check.ident(term_id, path) is None:
        return None
    if term_id in addresses.TERM_NAMES:
        check.add(path, "reserved-name", f"the term id '{term_id}' collides with "
                  f"{addresses.TERM_NAMES[term_id]}", "choose another id", key=True)
        return None
    if len(term_id) > addresses.NAME_MAX:
        check.add(path, "too-long", f"the term id has {len(term_id)} characters; the limit is {addresses.NAME_MAX}",
                  "shorten it: it becomes the term page's address", key=True)
        return None
    allowed = RESERVED_KEYS + tuple(a.id for a in attributes) + LANGUAGES
    required = ("label", "description") + tuple(a.id for a in attributes if a.required)  # outcome is optional
    raw = check.mapping(raw, path, allowed=allowed, required=required)
    if raw is None:
        return None
    label = check.text(raw.get("label"), path + ("label",), max_length=120)
    description = check.text(raw.get("description"), path + ("description",)) or ""
    values: dict[str, Any] = {}
    for attribute in attributes:
        if attribute.id not in raw:
            continue
        a_path = path + (attribute.id,)
        value = raw[attribute.id]
        if attribute.type == "scale":
            values[attribute.id] = check.integer(value, a_path, low=attribute.min, high=attribute.max)
        elif attribute.type == "list":
            items = check.sequence(value, a_path, required=attribute.required, example="['Auteur (2024)']")
            values[attribute.id] = tuple(t for i, item in enumerate(items)
                                         if (t := check.text(item, a_path + (i,))) is not None)
        elif attribute.type == "term":
            values[attribute.id] = check.ident(value, a_path)
        else:
            values[attribute.id] = check.text(value, a_path)
    if label is None:
        return None
    texts = RESERVED_KEYS + tuple(a.id for a in attributes if a.type in ("text", "list"))
    translations = {lang: t for lang in LANGUAGES
                    if (t := _translation(check, path + (lang,), raw.get(lang), texts)) is not None}
    outcome = _outcome(check, path + ("outcome",), raw["outcome"]) if "outcome" in raw else {}
    return Term(facet_id, term_id, label, description, values, check.doc.where(path, key=True)[0], translations,
                outcome)


def _outcome(check: Checker, path, raw: Any) -> dict[str, str]:
    """A term's ``outcome``: vignette slug -> what the term did in that case's ending (Markdown)."""
    items = check.mapping(raw, path, allowed=raw if isinstance(raw, dict) else ()) or {}
    return {slug: text for slug, value in items.items()
            if check.ident(slug, path + (slug,)) is not None and (text := check.text(value, path + (slug,)))}


def _check_references(check: Checker, facets: dict[str, Facet]) -> None:
    """Attributes of type ``term`` must point at a declared term of their facet."""
    for facet in facets.values():
        for attribute in facet.attributes:
            if attribute.type != "term":
                continue
            target = facets.get(attribute.facet or "")
            if target is None:
                check.add(("facets", facet.id, "attributes", attribute.id, "facet"), "unknown-facet",
                          f"attribute '{attribute.id}' points at facet '{attribute.facet}', which is not declared",
                          did_you_mean(attribute.facet or "", facets) or f"declared facets: {', '.join(facets)}")
                continue
            for term in facet.terms.values():
                ref = term.attributes.get(attribute.id)
                if ref and ref not in target.terms:
                    check.add(("facets", facet.id, "terms", term.id, attribute.id), "unknown-term",
                              f"'{ref}' is not a term of facet '{target.id}'",
                              did_you_mean(ref, target.terms) or f"see the terms under facets.{target.id}")


def _position_fields(check: Checker, raw: Any, facets: dict[str, Facet]) -> dict[str, str]:
    if raw is None:
        return {}
    raw = check.mapping(raw, ("positions",), allowed=raw if isinstance(raw, dict) else ())
    result: dict[str, str] = {}
    for key, facet_id in (raw or {}).items():
        if check.ident(key, ("positions", key)) is None:
            continue
        if key == "note":
            check.add(("positions", key), "reserved-id", "'note' is the free-text key of a position",
                      "choose another name", key=True)
            continue
        if facet_id not in facets:
            check.add(("positions", key), "unknown-facet", f"'{facet_id}' is not a declared facet",
                      did_you_mean(str(facet_id), facets) or f"declared facets: {', '.join(facets)}")
            continue
        result[key] = facet_id
    return result


def _boolean(check: Checker, value: Any, path) -> bool:
    if value is None:
        return False
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    check.add(path, "wrong-type", f"expected true or false, found {value!r}", "write true or false")
    return False
