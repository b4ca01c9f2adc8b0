"""The edition opened from a folder (Material's ``offline`` plugin, ``mkdocs.offline.yml``).

Material adds its web-worker shim from a CDN; this edition serves it from our
own files instead, and drops the 404 page, which only a web server can show.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from material.plugins.offline.plugin import OfflinePlugin

from .options import ASSET_URI, PACKAGE

# Material's search runs in a web worker, which a page opened from file:// may not start;
# this shim (npm package iframe-worker, MIT) runs it in an iframe instead. Offline builds only.
SHIM = PACKAGE / "vendor" / "iframe-worker" / "shim.js"
SHIM_URI = f"{ASSET_URI}/iframe-worker/shim.js"


def offline_build(config: MkDocsConfig) -> bool:
    """Whether Material's offline plugin is on: the site is then built for file://."""
    return any(isinstance(p, OfflinePlugin) and p.config.enabled for p in config.plugins.values())


def use_our_shim(config: MkDocsConfig) -> None:
    """Material's offline plugin adds the shim from a CDN unless an iframe-worker polyfill is
    already listed: list ours, and drop a CDN one added before us."""
    polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in p]
    config.extra["polyfills"] = [*polyfills, SHIM_URI]


def add_shim(config: MkDocsConfig, files: Files) -> None:
    files.append(File.generated(config, SHIM_URI, abs_src_path=str(SHIM)))


def drop_404(config: MkDocsConfig) -> None:
    """A folder has no server to answer an unknown address with 404.html, and that
    page's root-absolute links would lead nowhere from file://."""
    Path(config.site_dir, "404.html").unlink(missing_ok=True)
