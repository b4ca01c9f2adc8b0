"""Presentation: what the site writes around authored text, rendered by Jinja templates.

The templates are theme partials in ``tbvsite/theme/partials/tbv/``, looked up
through the same folders as the theme (the site's ``custom_dir`` first, then
ours), so a site overrides one the way it overrides Material's partials. They
get plain data from the index, URLs computed by :mod:`tbvsite.emit.text`, and
the interface strings of the edition's language as ``t`` (:mod:`tbvsite.i18n`).
Autoescaping is on: a template marks HTML it was given as safe explicitly.

This module knows nothing of MkDocs: the plugin passes the theme's folders in
(``emit.Context.template_dirs``); without them, our own theme folder is used.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import i18n

THEME = Path(__file__).parent / "theme"
PARTIALS = "partials/tbv"


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the whole process, so a template is compiled once, not
    once per environment: the English edition's build (tbvsite/mkdocs/languages.py) and each rebuild
    under serve create new environments. Jinja checks each entry against the template's source."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, object]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self._code.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)


_COMPILED: dict[tuple, _CompiledTemplates] = {}


def compiled_templates(env: jinja2.Environment) -> jinja2.BytecodeCache | None:
    """The process's cache of compiled templates for environments with ``env``'s settings.

    What Jinja compiles depends on the environment's syntax, whitespace, escaping, extensions and
    finalize, so only environments that agree on all of them share compiled code (Jinja's cache
    key is the template's name and file); the source is checked on every load. None (compile as
    usual) for an environment whose escaping or finalize is a function, which a key cannot name."""
    if not isinstance(env.autoescape, bool) or env.finalize is not None:
        return None
    signature = (
        env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
        env.autoescape, tuple(sorted(env.extensions)), getattr(env, "newstyle_gettext", None),
        env.code_generator_class, env.is_async,
    )
    return _COMPILED.setdefault(signature, _CompiledTemplates())


@lru_cache(maxsize=8)
def environment(dirs: tuple[str, ...] = (), language: str = i18n.DEFAULT_LANGUAGE) -> jinja2.Environment:
    """One environment per (theme folders, language), reused across pages and rebuilds."""
    folders = [d for d in dirs if Path(d).is_dir()] or [str(THEME)]
    if str(THEME) not in folders:
        folders.append(str(THEME))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a misspelt field fails the build, never prints nothing
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    strings = i18n.strings(language)
    env.bytecode_cache = compiled_templates(env)
    env.globals["t"] = strings

    def t_html(key: str, /, **fields) -> Markup:
        """An interface string as HTML: its text escaped, and so is each field, unless it is
        Markup already (a link the template built): "licence {licence}" with an <a>."""
        return Markup.escape(strings[key]).format(**fields)

    env.globals["t_html"] = t_html
    env.globals["lang"] = language
    return env


def render(name: str, /, *, dirs: tuple[str, ...] = (), language: str = i18n.DEFAULT_LANGUAGE, **data) -> str:
    """Render ``partials/tbv/<name>`` with ``data``."""
    return environment(tuple(dirs), language).get_template(f"{PARTIALS}/{name}").render(**data)
