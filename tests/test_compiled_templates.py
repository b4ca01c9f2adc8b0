"""Templates are compiled once per process, not once per environment (issue 26).

MkDocs makes a new Jinja environment for the theme at every build (the
English edition's, each rebuild under serve), and tbvsite/render.py one per
language: they share compiled code through ``render.compiled_templates``
when, and only when, their settings agree, and a changed source is compiled
again.
"""

from __future__ import annotations

import jinja2
import pytest

from tbvsite import render


def _env(folder, **settings) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), **settings)
    env.bytecode_cache = render.compiled_templates(env)
    return env


def _refuse_to_compile(env: jinja2.Environment) -> None:
    def compile(*args, **kwargs):
        raise AssertionError("compiled again")

    env.compile = compile


def test_a_second_environment_with_the_same_settings_compiles_nothing(tmp_path):
    (tmp_path / "page.html").write_text("{% for x in items %}<b>{{ x }}</b>{% endfor %}", encoding="utf-8")
    first = _env(tmp_path, trim_blocks=True)
    assert first.get_template("page.html").render(items=[1, 2]) == "<b>1</b><b>2</b>"
    second = _env(tmp_path, trim_blocks=True)
    _refuse_to_compile(second)
    assert second.get_template("page.html").render(items=[3]) == "<b>3</b>"


@pytest.mark.parametrize("settings", [{"autoescape": True}, {"trim_blocks": False},
                                      {"variable_start_string": "[[", "variable_end_string": "]]"}])
def test_other_settings_compile_their_own(tmp_path, settings):
    (tmp_path / "page.html").write_text("{{ x }}\n[[ x ]]", encoding="utf-8")
    _env(tmp_path, trim_blocks=True).get_template("page.html")
    other = _env(tmp_path, **{"trim_blocks": True, **settings})
    assert other.bytecode_cache is not render.compiled_templates(_env(tmp_path, trim_blocks=True))
    expected = jinja2.Environment(**{"trim_blocks": True, **settings}).from_string("{{ x }}\n[[ x ]]").render(x="<i>")
    assert other.get_template("page.html").render(x="<i>") == expected


def test_a_changed_template_is_compiled_again(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("old {{ x }}", encoding="utf-8")
    assert _env(tmp_path).get_template("page.html").render(x=1) == "old 1"
    page.write_text("new {{ x }}", encoding="utf-8")
    assert _env(tmp_path).get_template("page.html").render(x=1) == "new 1"


def test_an_environment_whose_escaping_is_a_function_is_left_alone(tmp_path):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), autoescape=jinja2.select_autoescape())
    assert render.compiled_templates(env) is None


def test_our_partials_use_it():
    assert render.environment((), "nl").bytecode_cache is not None
    assert render.environment((), "nl").bytecode_cache is render.environment((), "en").bytecode_cache
