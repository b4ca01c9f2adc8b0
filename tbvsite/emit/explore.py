"""The explore page: every vignette as a card, with facet filters.

The page is plain HTML that works without JavaScript (the full list of cards).
The filter form is drawn in its place from the start, so nothing moves when
the script starts; a browser without scripts hides it (CSS ``scripting``).
``assets/explore.js`` makes the filter form work, hides the cards that do not
match, updates the count per term and keeps the selection in the URL query
(``?strategieen=schuren&actoren=eveline``), so a lecturer can link to it.
Within a facet any chosen term matches; across facets all must match.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Index, Vignette
from .text import attr, front_matter, href, plain, term_uri, vignette_uri

if TYPE_CHECKING:
    from . import Context

EXPLORE = "verkennen.md"
SCRIPT = "assets/tbvsite/explore.js"



def emit(index: Index, context: "Context") -> dict[str, str]:
    return {EXPLORE: render_explore(index, context.use_directory_urls)}


def _filters(index: Index) -> list[str]:
    out = ['<form class="tbv-filter" id="tbv-filter" aria-label="Vignetten filteren">',
           "<p>Kies termen om de lijst te beperken: binnen een groep volstaat één van de gekozen termen, "
           "tussen de groepen moeten ze allemaal kloppen. Het getal achter een term zegt hoeveel vignetten "
           "je dan overhoudt. De adresbalk onthoudt je keuze, zodat je de selectie kunt delen.</p>",
           '<p data-tbv-offline hidden>Je opent het archief als map (offline-editie): zo\'n adres werkt alleen op '
           'een computer waar die map op dezelfde plek staat.</p>']
    for facet in index.vocabulary.facets.values():
        used = [t for t in facet.terms.values() if index.by_term.get((facet.id, t.id))]
        if not used:
            continue
        out.append(f'<details class="tbv-facet" data-facet="{attr(facet.segment)}">'
                   f'<summary>{attr(facet.label)} <span class="tbv-chosen"></span></summary>'
                   f'<fieldset><legend class="tbv-sr">{attr(facet.label)}</legend><ul>')
        for term in used:
            count = len(index.by_term[(facet.id, term.id)])
            out.append(f'<li><label><input type="checkbox" name="{attr(facet.segment)}" value="{attr(term.id)}"> '
                       f'{attr(term.label)} <span class="tbv-count">({count})</span></label></li>')
        out.append("</ul></fieldset></details>")
    out.append('<p><button type="reset" class="md-button">Alle filters wissen</button></p>')
    out.append("</form>")
    return out


def _card(index: Index, vignette: Vignette, use_directory_urls: bool) -> list[str]:
    here = EXPLORE
    vocabulary = index.vocabulary
    data = " ".join(f'data-{attr(vocabulary.facets[f].segment)}="{attr(" ".join(ids))}"'
                    for f, ids in vignette.tags.items() if f in vocabulary.facets)
    out = [f'<li class="tbv-card" data-slug="{attr(vignette.slug)}" {data}>',
           f'<h2><a href="{href(here, vignette_uri(vignette.slug), use_directory_urls)}">{attr(vignette.title)}</a></h2>',
           f"<p>{attr(vignette.summary)}</p>", '<dl class="tbv-tags">']
    for facet_id, ids in vignette.tags.items():
        facet = vocabulary.facets.get(facet_id)
        if facet is None or not ids:
            continue
        links = ", ".join(f'<a href="{href(here, term_uri(facet.segment, t), use_directory_urls)}">'
                          f"{attr(facet.terms[t].label)}</a>" for t in ids)
        out.append(f"<dt>{attr(facet.label)}</dt><dd>{links}</dd>")
    out += ["</dl>", "</li>"]
    return out


def render_explore(index: Index, use_directory_urls: bool = True) -> str:
    total = len(index.vignettes)
    facets = ", ".join(f.label.lower() for f in index.vocabulary.facets.values())
    out = [front_matter({"title": "Verkennen", "search": {"exclude": True}, "tbvsite": {"kind": "explore"}}), "# Verkennen\n",
           f"Alle vignetten op een rij, elk met een korte samenvatting en de termen waarmee ze zijn "
           f"gecodeerd ({plain(facets)}).\n",
           '<div class="tbv-explore">']
    out += _filters(index)
    out.append(f'<p class="tbv-status" id="tbv-status" role="status" data-total="{total}">'
               f"{total} vignetten</p>")
    out.append('<ul class="tbv-cards" id="tbv-cards">')
    for vignette in index.vignettes:
        out += _card(index, vignette, use_directory_urls)
    out.append("</ul>")
    out.append("</div>\n")  # theme/main.html loads SCRIPT: page content holds no <script> (sanitize.py)
    return "\n".join(out)
