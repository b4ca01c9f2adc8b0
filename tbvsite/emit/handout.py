"""The handout page: a lecturer ticks vignettes and prints them for a class.

The page holds every vignette: the scene and the dilemma (the body up to the
fold), the questions, then one collapsed ``<details class="tbv-fold">`` with
the outcome and the analysis (the same fold as on the vignette page).
``handout.js`` shows only the vignettes named in the URL query
(``?v=slug&v=slug``) and hides the fold unless ``afloop=1``, so a link is the
whole selection and no server is needed. Without JavaScript the page shows
every vignette with the fold closed.

It lives next to the vignette pages (``vignetten/hand-out.md``) so the links
in the vignette texts resolve unchanged. Should a vignette ever be called
``hand-out``, the vignette keeps that address and the handout moves aside.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import body
from ..model import Index, Vignette
from .teaching import demote_headings
from .vignette import render_fold
from .text import ADDRESSES, address, attr, front_matter, plain

if TYPE_CHECKING:
    from . import Context

NAME = "hand-out"
URI = f"{ADDRESSES['nl']['vignettes']}/{NAME}.md"  # the Dutch edition's; emitters ask uri()
SCRIPT = "assets/tbvsite/handout.js"
PARAM_VIGNETTE = "v"
PARAM_OUTCOME = "afloop"


def emit(index: Index, context: "Context") -> dict[str, str]:
    name = address("handout")
    if name in index.by_slug:
        return {f"{address('vignettes')}/{name}-maken.md": render_handout(index)}
    return {uri(): render_handout(index)}


def uri() -> str:
    """The handout's address in the current edition (tbvsite.emit.text.edition)."""
    return f"{address('vignettes')}/{address('handout')}.md"


def render_handout(index: Index) -> str:
    meta = {
        "title": "Hand-out maken",
        "description": "Kies vignetten en druk ze af als hand-out: scène, dilemma en discussievragen.",
        "hide": ["toc"],
        "search": {"exclude": True},  # the vignettes have their own pages in the search
        "tbvsite": {"kind": "handout"},
    }
    out = [front_matter(meta), "# Hand-out maken { .tbv-no-print }\n",
           '<div class="tbv-no-print" markdown>\n',
           "Vink de vignetten aan die je wilt uitdelen. De hand-out bevat per vignet de "
           "scène, het dilemma en de discussievragen. Hoe het afliep en de analyse, die op de site "
           "ingeklapt staan, laat je standaard weg, zodat studenten eerst zelf nadenken.\n",
           "Je keuze staat in het adres van deze pagina. Kopieer de link om hem met studenten te "
           "delen, of druk de hand-out af (A4; ook als pdf te bewaren).\n",
           "</div>\n",
           render_form(index),
           f'<p class="tbv-print-only">Hand-out met vignetten uit het casusarchief.</p>\n']
    out += [render_item(index, v) for v in index.vignettes]
    return "\n".join(out)


def render_form(index: Index) -> str:
    boxes = "\n".join(
        f'<li><label><input type="checkbox" name="{PARAM_VIGNETTE}" value="{attr(v.slug)}"> '
        f"{attr(v.title)}</label></li>" for v in index.vignettes)
    return f"""<form class="tbv-handout-form tbv-no-print" method="get" data-tbv-handout>
<fieldset>
<legend>Vignetten op de hand-out</legend>
<ul class="tbv-handout-choices">
{boxes}
</ul>
</fieldset>
<fieldset>
<legend>Afloop</legend>
<label><input type="checkbox" name="{PARAM_OUTCOME}" value="1"> Neem ook op hoe het afliep en de analyse (anders weggelaten)</label>
</fieldset>
<p>
<button type="submit" class="md-button md-button--primary">Toon de hand-out</button>
<button type="button" class="md-button" data-tbv-print hidden>Afdrukken</button>
</p>
<p data-tbv-share hidden>
<label for="tbv-handout-link">Link naar deze hand-out</label><br>
<input id="tbv-handout-link" type="text" readonly size="60" data-tbv-link>
<button type="button" class="md-button" data-tbv-copy>Kopieer de link</button>
<br><small data-tbv-offline hidden>Je opent het archief als map (offline-editie): deze link werkt alleen op een computer waar die map op dezelfde plek staat. Deel dan liever de afgedrukte hand-out, of de titels van de vignetten.</small>
</p>
<p role="status" aria-live="polite" data-tbv-status></p>
</form>
"""


def render_item(index: Index, vignette: Vignette) -> str:
    """Scene and dilemma, the questions, then the fold (outcome and analysis) that handout.js shows on request."""
    out = [f'<article class="tbv-handout-item" data-slug="{attr(vignette.slug)}" markdown>\n',
           f"## {plain(vignette.title)} {{#{NAME}-{vignette.slug}}}\n",
           demote_headings(body.split(vignette.body).before.strip(), 3) + "\n"]
    if vignette.questions:
        out.append(f'### Discussievragen {{#{NAME}-{vignette.slug}-vragen .tbv-handout-questions}}\n')
        out += [f"{i}. {plain(q)}" for i, q in enumerate(vignette.questions, 1)]
        out.append("")
    fold = render_fold(index, uri(), vignette, level=3, anchor=f"{NAME}-{vignette.slug}-")
    if fold:
        out.append(fold)
    out.append("</article>\n")
    return "\n".join(out)
