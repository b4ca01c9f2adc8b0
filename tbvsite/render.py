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
