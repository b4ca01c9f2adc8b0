"""Each page's citation metadata (citation tags, JSON-LD), handed to the theme's <head> and to the sitemap.

The metadata itself is made by the core (tbvsite/emit/citation/metadata.py,
``emit.head_meta``); here it only travels to MkDocs.
"""

from __future__ import annotations


class Head:
    def __init__(self, meta: dict[str, dict] | None = None) -> None:
        self.meta = meta or {}  # page src_uri -> its head metadata

    def context(self, context, page) -> None:
        # theme/main.html prints these citation tags and JSON-LD in <head>.
        context["tbvsite_head"] = self.meta.get(page.file.src_uri, {})

    def date(self, page) -> None:
        # The sitemap's <lastmod> (rendered before the pages): a vignette's last change, or
        # none, never the build date MkDocs puts there. Other pages keep MkDocs' date (it
        # also dates sitemap.xml.gz, and needs at least one).
        head = self.meta.get(page.file.src_uri)
        if head is not None and head.get("jsonld"):  # a vignette (a source's page has no JSON-LD)
            page.update_date = head["jsonld"].get("dateModified", "")
