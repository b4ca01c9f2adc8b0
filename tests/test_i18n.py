"""The interface-string catalogues: every language has every key, with the same fields."""

import pytest

from tbvsite import i18n


def test_default_language_comes_first():
    assert i18n.languages()[0] == "nl"
    assert "en" in i18n.languages()


@pytest.mark.parametrize("language", [lang for lang in i18n.languages() if lang != "nl"])
def test_every_language_has_the_same_keys_and_fields(language):
    base, other = i18n.strings("nl"), i18n.strings(language)
    assert sorted(other.keys()) == sorted(base.keys()), "the catalogues differ in keys"
    for key in base.keys():
        assert other.fields(key) == base.fields(key), f"{key}: the {{fields}} differ"
        assert other[key].strip(), f"{key} is empty in {language}.yml"


def test_a_missing_key_names_the_catalogue():
    with pytest.raises(KeyError, match="nl.yml"):
        i18n.strings("nl")["no.such.key"]


def test_an_unknown_language_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="available: nl"):
        i18n.strings("xx")


def test_templates_get_the_strings_of_their_language(tmp_path):
    from tbvsite import render
    folder = tmp_path / "partials" / "tbv"
    folder.mkdir(parents=True)
    (folder / "probe.html").write_text("{{ t['language.name'] }} {{ lang }} {{ text }}")
    assert render.render("probe.html", dirs=(str(tmp_path),), language="en", text="<b>") == "English en &lt;b&gt;"
