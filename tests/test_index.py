"""The cross-link index over the fixture vignettes."""

from __future__ import annotations

from helpers import fixture_index


def test_reading_order_puts_ordered_first(tmp_path):
    index = fixture_index(tmp_path)
    assert [v.slug for v in index.vignettes] == ["alpha", "beta", "gamma"]
    assert index.neighbours["alpha"] == (None, "beta")
    assert index.neighbours["gamma"] == ("beta", None)


def test_term_to_vignettes(tmp_path):
    index = fixture_index(tmp_path)
    assert index.by_term[("actors", "ben")] == ("alpha", "beta")
    assert index.by_term[("strategies", "brief")] == ("alpha", "gamma")
    assert ("actors", "nobody") not in index.by_term


def test_positions_by_term_cover_both_ends(tmp_path):
    index = fixture_index(tmp_path)
    [(slug, position)] = index.positions_by_term[("actors", "cor")]
    assert slug == "beta" and position.refs == {"actor": "cor", "strategy": "confronteren"}
    assert [s for s, _ in index.positions_by_term[("strategies", "meebewegen")]] == ["alpha"]


def test_related_ranked_by_shared_terms(tmp_path):
    index = fixture_index(tmp_path)
    # alpha shares ben + meebewegen with beta (2), brief with gamma (1).
    assert index.related["alpha"] == (("beta", 2), ("gamma", 1))
    assert index.related["gamma"] == (("beta", 1), ("alpha", 1)) or index.related["gamma"] == (("alpha", 1), ("beta", 1))
    assert all(slug != "alpha" for slug, _ in index.related["alpha"])


def test_cooccurrence_counts_pairs_once_per_vignette(tmp_path):
    index = fixture_index(tmp_path)
    assert index.cooccurrence[(("actors", "ben"), ("strategies", "meebewegen"))] == 2
    assert index.cooccurrence[(("actors", "cor"), ("strategies", "brief"))] == 1
