"""The handout's items: each cut from its converted vignette page, and written as a script after the build.

The cut itself (tbvsite/emit/handout.py) knows nothing of MkDocs; here it is
fed each vignette page before the sanitiser drops the comments that mark its
parts, and its items are written beside the site in ``on_post_build``, one
script each, loaded by handout.js when chosen.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from .. import i18n, sanitize
from ..emit import handout, packed


class Handout:
    def __init__(self, memo: dict[str, tuple[bytes, Callable[[], str] | None]] | None = None) -> None:
        # Under serve (the plugin's Preview keeps it across rebuilds): page -> (digest of what its cut
        # reads, the item), so an unchanged page is not cut and sanitised again on every save.
        self.memo = memo
        # slug -> HTML of its handout item, written after the build; compressed (emit.packed, as
        # pages.HtmlStore): every vignette's text is held until then (memory, issue 26)
        self.items: dict[str, Callable[[], str]] = {}

    def cut(self, html: str, page, index, marker: str, *, dutch: bool) -> None:
        """A vignette page's handout item, cut from its converted page (before the sanitiser drops the
        comments that mark its parts) and then sanitised on its own. ``dutch``: the page shows the
        Dutch text in another edition."""
        meta = page.meta.get("tbvsite") or {}
        vignette = index.by_slug.get(meta.get("slug", "")) if index is not None else None
        if meta.get("kind") != "vignette" or vignette is None:
            return
        language = i18n.DEFAULT_LANGUAGE if dutch else ""
        digest = b""
        if self.memo is not None:
            digest = hashlib.sha256("\0".join((marker, vignette.slug, vignette.title, language, html)).encode()).digest()
            known = self.memo.get(page.file.src_uri)
            if known is not None and known[0] == digest:
                if known[1] is not None:
                    self.items[vignette.slug] = known[1]
                return
        item = handout.item(html, marker, vignette.slug, vignette.title, lang=language)
        kept = packed(sanitize.clean(item)) if item else None
        if kept is not None:
            self.items[vignette.slug] = kept
        if self.memo is not None:
            self.memo[page.file.src_uri] = (digest, kept)

    def write(self, config: MkDocsConfig) -> None:
        """The items, one script each (tbvsite/emit/handout.py), into the built site."""
        for slug, item in self.items.items():
            target = Path(config.site_dir, handout.fragment_uri(slug))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(handout.fragment_script(slug, item()), encoding="utf-8")
        self.items = {}
