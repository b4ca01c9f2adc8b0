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


def build_index(vignettes: list[Vignette], vocabulary: Vocabulary, sources=None) -> Index:
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

    related = _related(ordered, by_term, rank)

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
        sources=sources,
    )


def _related(ordered: tuple[Vignette, ...], by_term: dict[TermKey, list[str]],
             rank: dict[str, int]) -> dict[str, tuple[tuple[str, int], ...]]:
    """For each vignette, the RELATED_MAX others sharing most terms (ties: reading order).

    Counting shared terms pair by pair is quadratic in Python. Instead each
    term is a big integer with one byte per vignette (1 where it is tagged);
    a vignette's terms summed give, byte by byte, how many terms it shares
    with every other vignette, so the counting runs in C. A byte holds at
    most 255, so a vignette with more terms takes the plain path.
    """
    n = len(ordered)
    vectors: dict[TermKey, int] = {}
    for key, slugs in by_term.items():
        row = bytearray(n)
        for slug in slugs:
            row[rank[slug]] = 1
        vectors[key] = int.from_bytes(row, "little")
    related: dict[str, tuple[tuple[str, int], ...]] = {}
    for i, vignette in enumerate(ordered):
        keys = vignette.terms()
        if len(keys) > 255:
            related[vignette.slug] = _related_plain(vignette, by_term, rank)
            continue
        counts = bytearray(sum(vectors[key] for key in keys).to_bytes(n, "little"))
        counts[i] = 0
        best: list[tuple[str, int]] = []
        level = max(counts, default=0)
        while level > 0 and len(best) < RELATED_MAX:
            needle = bytes((level,))
            at = counts.find(needle)
            while at != -1 and len(best) < RELATED_MAX:
                best.append((ordered[at].slug, level))
                at = counts.find(needle, at + 1)
            level -= 1
        related[vignette.slug] = tuple(best)
    return related


def _related_plain(vignette: Vignette, by_term: dict[TermKey, list[str]],
                   rank: dict[str, int]) -> tuple[tuple[str, int], ...]:
    shared: Counter[str] = Counter()
    for key in vignette.terms():
        shared.update(by_term[key])
    del shared[vignette.slug]
    return tuple(heapq.nsmallest(RELATED_MAX, shared.items(), key=lambda item: (-item[1], rank[item[0]])))
