"""The front-matter keys of a vignette, as data.

One table serves the loader (shape checks), the JSON Schema, and the template
of ``tbvsite new``. Facet keys (actors, logics, ...) are not listed here: they
come from the taxonomy, so a new facet needs no Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .model import Vocabulary

Kind = Literal["text", "int", "choice", "text-list", "source", "positions", "terms", "chosen", "authors", "date",
               "changes"]


@dataclass(frozen=True)
class Field:
    key: str
    kind: Kind
    required: bool
    help: str  # one line, Dutch: shown in the template and the schema
    max_length: int = 0  # for text and the items of text-list
    facet: str = ""  # for kind "terms"
    choices: tuple[str, ...] = ()  # for kind "choice"


NOTE_MAX = 400  # a position note, an editorial note of a version

# The two forms of a vignette (issue 10, the teaching contract). A decision
# vignette stops before the choice and tells the outcome in the fold; a
# reflection vignette has no outcome, only an analysis.
DECISION = "beslissing"
REFLECTION = "reflectie"
FORMS = (DECISION, REFLECTION)

# The level-2 headings of the fold part of a body, spelled exactly.
OUTCOME_HEADING = "Hoe het afliep"
ANALYSIS_HEADING = "Analyse"
# The same two headings in each language edition's vignette files (vignettes/en/*.md); body.py
# reads each as its Dutch one.
FOLD_HEADINGS = {"nl": (OUTCOME_HEADING, ANALYSIS_HEADING), "en": ("How it ended", "Analysis")}
# Their anchors on the site, the same in every vignette of an edition (the handout prefixes them).
FOLD_ANCHORS = {"nl": ("hoe-het-afliep", "analyse"), "en": ("how-it-ended", "analysis")}
# A second decision inside "Hoe het afliep" (issue 23): a heading of level 3 or lower whose text is, or
# starts with, this name ("### Deel B", "### Deel B: de waarschuwing") holds new information and its
# question; the next heading of the same level or higher (e.g. "### Wat het team deed") starts the
# answer, which the site folds on its own, with the analysis after it (body.part_b).
PART_B_HEADINGS = {"nl": "Deel B", "en": "Part B"}

FIELDS: tuple[Field, ...] = (
    Field("title", "text", True, "Titel van het vignet, kort en zonder opmaak.", 160),
    Field("summary", "text", True,
          "Samenvatting in een of twee zinnen, zonder opmaak; verraadt niets van de afloop.", 600),
    Field("authors", "authors", False,
          "Auteurs van dit vignet: een lijst van {name: \"Achternaam, Voornaam\", orcid: 0000-0000-0000-0000 "
          "(optioneel)}; zonder auteurs staat het archief als auteur."),
    Field("order", "int", False, "Leesvolgorde in het archief (geheel getal); zonder volgt de titel."),
    Field("published", "date", False,
          "Verschijningsdatum (JJJJ-MM-DD), alleen voor een casus met een bekende eerdere datum; "
          "anders geldt de eerste commit."),
    Field("updated", "date", False,
          "Datum van de laatste wijziging (JJJJ-MM-DD), alleen als die niet uit git mag komen."),
    Field("form", "choice", True,
          "Vorm van het vignet: 'beslissing' (een keuze, met '## Hoe het afliep' en '## Analyse' in de tekst) "
          "of 'reflectie' (geen keuze, alleen '## Analyse').", choices=FORMS),
    Field("source", "source", True,
          "Waarop de casus berust: een lijst van {ref: id van een bron in vignettes/sources.yml, "
          "section: tussenkop of deel van de bron (optioneel), page: pagina, waar bekend (optioneel)}."),
    Field("chosen", "chosen", False,
          "Alleen bij form: beslissing (en daar verplicht): de strategieën die het team echt koos, "
          "ids uit de strategieën van dit vignet (lijst). Alleen in het ingeklapte deel te zien."),
    Field("objectives", "text-list", False, "Leerdoelen, twee of drie; verraden niets van de afloop.", 400),
    Field("questions", "text-list", True,
          "Discussievragen voor de werkgroep, vier tot zes, te beantwoorden met alleen de scène en het dilemma.",
          400),
    Field("positions", "positions", False,
          "Wie pleitte vóór de beslissing voor welke strategie: een lijst van {actor, strategy, note}; "
          "de toelichting verraadt niets van de afloop."),
    Field("changes", "changes", False,
          "Redactionele noten bij versies, voor lezers (optioneel): een lijst van {date: JJJJ-MM-DD, "
          "note: wat er voor een lezer veranderde}. De studentensite toont ze bij 'Versies', nooit de "
          "commitberichten; een vertaling (vignettes/en/) heeft haar eigen lijst.", NOTE_MAX),
)

# Keys a Dutch-speaking author is likely to type instead: they get a "did you mean" hint.
DUTCH_KEYS = {
    "titel": "title", "samenvatting": "summary", "volgorde": "order", "bron": "source", "bronnen": "source",
    "leerdoelen": "objectives", "doelen": "objectives", "vragen": "questions", "discussievragen": "questions",
    "posities": "positions", "standpunten": "positions", "sectie": "section", "pagina": "page",
    "sleutel": "ref", "key": "ref", "id": "ref", "bron-id": "ref",
    "notitie": "note", "toelichting": "note", "strategie": "strategy",
    "vorm": "form", "soort": "form", "gekozen": "chosen", "keuze": "chosen", "gekozen-strategieen": "chosen",
    "auteurs": "authors", "auteur": "authors", "author": "authors", "naam": "name",
    "gepubliceerd": "published", "datum": "published", "date": "published", "gewijzigd": "updated",
}

SECTION_MAX = 200


def fields_for(vocabulary: Vocabulary) -> tuple[Field, ...]:
    """Every allowed key: the fixed ones, with one ``terms`` field per facet after ``source``."""
    facet_fields = tuple(
        Field(facet.id, "terms", facet.required,
              f"{facet.label}: ids uit de taxonomie (lijst).", facet=facet.id)
        for facet in vocabulary.facets.values()
    )
    tail_keys = ("chosen", "objectives", "questions", "positions", "changes")
    head = tuple(f for f in FIELDS if f.key not in tail_keys)
    tail = tuple(f for f in FIELDS if f.key in tail_keys)
    chosen = chosen_facet(vocabulary)
    tail = tuple(Field(f.key, f.kind, f.required, f.help, f.max_length, chosen or "") if f.kind == "chosen" else f
                 for f in tail)
    return head + facet_fields + tail


def chosen_facet(vocabulary: Vocabulary) -> str | None:
    """The facet ``chosen`` points into: the one positions argue for (their last field), e.g. strategies."""
    fields = list(vocabulary.position_fields.values())
    return fields[-1] if fields else None


_ALIASES: dict[int, tuple[Vocabulary, dict[str, str]]] = {}


def key_aliases(vocabulary: Vocabulary) -> dict[str, str]:
    """Likely wrong keys -> the right key: Dutch names, and each facet's label, singular and segment.

    Computed once per vocabulary (the loader asks for every mapping it checks).
    """
    cached = _ALIASES.get(id(vocabulary))
    if cached is not None and cached[0] is vocabulary:
        return cached[1]
    aliases = dict(DUTCH_KEYS)
    for facet in vocabulary.facets.values():
        for name in (facet.label, facet.singular, facet.segment):
            aliases.setdefault(name.casefold(), facet.id)
    for key, facet_id in vocabulary.position_fields.items():
        aliases.setdefault(vocabulary.facets[facet_id].singular.casefold(), key)
    _ALIASES.clear()
    _ALIASES[id(vocabulary)] = (vocabulary, aliases)
    return aliases
