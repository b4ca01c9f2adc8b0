"""The skeleton that ``tbvsite new`` writes: every key, a comment on each, valid ids as hints.

Required values are left empty on purpose: ``tbvsite check`` refuses an empty
title, summary, source ref, required facet or question, so an unfinished
case can never be published by accident. Optional keys are commented out.
"""

from __future__ import annotations

import json
import textwrap

from .fields import ANALYSIS_HEADING, DECISION, OUTCOME_HEADING, REFLECTION, Field, chosen_facet, fields_for
from .model import Vocabulary

WIDTH = 100


def _comment(text: str, indent: str = "") -> list[str]:
    return [f"{indent}# {line}" for line in textwrap.wrap(text, WIDTH - len(indent) - 2, break_on_hyphens=False)]


def _ids(vocabulary: Vocabulary, facet_id: str) -> list[str]:
    ids = ", ".join(vocabulary.facets[facet_id].terms)
    return _comment(f"ids: {ids}")


def _authors(field: Field, authors: list[tuple[str, str]]) -> list[str]:
    if not authors:
        return [f"# {field.key}:", '#   - name: "Achternaam, Voornaam"', "#     orcid: 0000-0000-0000-0000"]
    lines = [f"{field.key}:"]
    for name, orcid in authors:
        lines.append(f"  - name: {json.dumps(name, ensure_ascii=False)}")
        if orcid:
            lines.append(f"    orcid: {orcid}")
    return lines


def _entry(field: Field, vocabulary: Vocabulary, title: str, form: str, authors: list[tuple[str, str]],
           rule=None, rules_path: str = "", sources: list[str] | None = None, known=None) -> list[str]:
    status = "verplicht" if field.required else "optioneel"
    if field.kind == "chosen":
        status = "verplicht" if form == DECISION else "optioneel"
    elif rule is not None and not field.required and (rule.min or 0) > 0:
        status = "volgens de redactieregels nodig"
    lines = _comment(f"{field.key} ({status}): {field.help}")
    if rule is not None:
        lines += _comment(f"redactieregel: {_bounds(rule)} ({rules_path})")
    if rule is not None and field.kind == "text-list" and (rule.min or 0) > 0:
        return lines + [f"{field.key}:", "  -"]  # left empty, like a required value: check asks for it
    if field.kind == "choice":
        lines.append(f"{field.key}: {form if form in field.choices else ''}".rstrip())
    elif field.kind == "chosen":
        facet = chosen_facet(vocabulary)
        lines += _comment(f"ids: alleen ids die je hierboven bij {facet} zet" if facet else "ids: -")
        lines.append(f"{field.key}: []" if form == DECISION else f"# {field.key}: []")
    elif field.kind == "text":
        value = json.dumps(title, ensure_ascii=False) if field.key == "title" and title else ""
        lines.append(f"{field.key}: {value}".rstrip())
    elif field.kind == "int":
        lines.append(f"# {field.key}: 5")
    elif field.kind == "date":
        lines.append(f"# {field.key}: 2024-03-15")
    elif field.kind == "changes":
        lines += [f"# {field.key}:", "#   - date: 2024-03-15", "#     note: ..."]
    elif field.kind == "authors":
        lines += _authors(field, authors)
    elif field.kind == "source":
        if known is not None and known.items:
            lines += _comment(f"ids: {', '.join(known.items)}")
        lines.append(f"{field.key}:")
        for key in sources or [""]:
            lines += [f"  - ref: {key}".rstrip(), "    # section: tussenkop of deel van de bron", "    # page: 54"]
    elif field.kind == "terms":
        lines += _ids(vocabulary, field.facet)
        lines.append(f"{field.key}: []")
    elif field.kind == "text-list":
        if field.required:
            lines += [f"{field.key}:", "  -"]
        else:
            lines += [f"# {field.key}:", "#   - ..."]
    elif field.kind == "positions":
        keys = list(vocabulary.position_fields)
        if keys:
            lines += _comment("elke id moet ook hierboven bij het vignet staan")
            lines.append(f"# {field.key}:")
            lines.append(f"#   - {keys[0]}: ...")
            lines += [f"#     {key}: ..." for key in keys[1:]]
            lines.append("#     note: ...")
    return lines


def _bounds(rule) -> str:
    if rule.min is not None and rule.max is not None:
        return f"{rule.min} tot {rule.max}"
    return f"minstens {rule.min}" if rule.min is not None else f"hoogstens {rule.max}"


def _body(form: str) -> list[str]:
    """The headings of the teaching contract; the fold part only once the form is known."""
    out = ["## De scène", "", "Vertel hier de scène in je eigen woorden.", ""]
    if form:
        out += ["## Het dilemma", "", "Welke opties liggen er op tafel, en voor wie?", ""]
    if form == DECISION:
        out += [f"## {OUTCOME_HEADING}", "", "Wat het team koos en wat volgde (ingeklapt op de site).", ""]
    if form in (DECISION, REFLECTION):
        out += [f"## {ANALYSIS_HEADING}", "", "Jouw analyse, met links naar de begrippen (ingeklapt op de site).", ""]
    return out


def render(vocabulary: Vocabulary, slug: str, title: str = "", form: str = "",
           authors: list[tuple[str, str]] | None = None, rules=None, sources: list[str] | None = None,
           known=None) -> str:
    """The skeleton; ``authors`` are ("Achternaam, Voornaam", ORCID iD or '') pairs; ``rules`` (a
    :class:`tbvsite.rules.Rules`) adds the editorial rule to each key it counts; ``sources`` are the
    ids of ``--source``, ``known`` the :class:`tbvsite.sources.Sources` whose ids the comment lists."""
    by_key = {r.name: r for r in rules.scope("vignettes")} if rules is not None else {}
    out = ["---"]
    out += _comment(f"Nieuw vignet '{slug}'. Vul elke lege waarde in; regels met # zijn uitleg en mogen blijven "
                    f"staan. Controleer met: tbvsite check vignettes/{slug}.md")
    out += _comment("Zet tekst met ': ', ' #' of een aanhalingsteken aan het begin tussen dubbele "
                    "aanhalingstekens, bijvoorbeeld: title: \"Casus #5: de brief\"")
    for field in fields_for(vocabulary):
        out.append("")
        out += _entry(field, vocabulary, title, form, authors or [], by_key.get(field.key),
                      rules.path if rules is not None else "", sources, known)
    out += ["---", ""] + _body(form)
    return "\n".join(out)
