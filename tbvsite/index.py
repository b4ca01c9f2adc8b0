"""Build the cross-link index of the archive from validated vignettes."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from itertools import combinations

from .model import Index, Position, Vignette, Vocabulary

RELATED_MAX = 5

TermKey = tuple[str, str]


def reading_order(vignette: Vignette) -> tuple[bool, int, str, str]:
    """Vignettes with an ``order`` come first, by number; then the rest by title."""
    return (vignette.order is None, vignette.order or 0, vignette.title.casefold(), vignette.slug)


def build_index(vignettes: list[Vignette], vocabulary: Vocabulary) -> Index:
    ordered = tuple(sorted(vignettes, key=reading_order))
    rank = {v.slug: i for i, v in enumerate(ordered)}

    by_term: dict[TermKey, list[str]] = defaultdict(list)
    positions_by_term: dict[TermKey, list[tuple[str, Position]]] = defaultdict(list)
    cooccurrence: Counter[tuple[TermKey, TermKey]] = Counter()
    for vignette in ordered:
        keys = vignette.terms()
        for key in keys:
            by_term[key].append(vignette.slug)
        cooccurrence.update(combinations(sorted(keys), 2))
        for position in vignette.positions:
            for field, term_id in position.refs.items():
                positions_by_term[(vocabulary.position_fields[field], term_id)].append((vignette.slug, position))

    related: dict[str, tuple[tuple[str, int], ...]] = {}
    for vignette in ordered:
        shared: Counter[str] = Counter()
        for key in vignette.terms():
            shared.update(by_term[key])
        del shared[vignette.slug]
        best = heapq.nsmallest(RELATED_MAX, shared.items(), key=lambda item: (-item[1], rank[item[0]]))
        related[vignette.slug] = tuple(best)

    neighbours = {
        v.slug: (ordered[i - 1].slug if i > 0 else None, ordered[i + 1].slug if i + 1 < len(ordered) else None)
        for i, v in enumerate(ordered)
    }
    return Index(
        vocabulary=vocabulary,
        vignettes=ordered,
        by_term={k: tuple(v) for k, v in by_term.items()},
        positions_by_term={k: tuple(v) for k, v in positions_by_term.items()},
        related=related,
        cooccurrence=dict(cooccurrence),
        by_slug={v.slug: v for v in ordered},
        neighbours=neighbours,
    )
