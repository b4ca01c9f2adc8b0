"""A Python-Markdown extension: accessible matrices.

Markdown tables have no caption and no header scopes. Inside a
``<div class="tbv-matrix" data-caption="...">`` this adds both, and makes the
first cell of each body row a row header, so screen readers announce a cell
with its row and column. Links stay Markdown, so MkDocs still checks them.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor


class MatrixTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for div in root.iter("div"):
            if "tbv-matrix" not in (div.get("class") or "").split():
                continue
            caption = div.attrib.pop("data-caption", "")
            for table in div.iter("table"):
                if caption:
                    element = etree.Element("caption")
                    element.text = caption
                    table.insert(0, element)
                for th in table.iter("th"):
                    th.set("scope", "col")
                for tbody in table.iter("tbody"):
                    for tr in tbody.iter("tr"):
                        first = tr.find("td")
                        if first is not None:
                            first.tag = "th"
                            first.set("scope", "row")


class MatrixExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's name
        # After md_in_html and attr_list have built the tree, before links are rewritten.
        md.treeprocessors.register(MatrixTreeprocessor(md), "tbvsite_matrix", 5)


def makeExtension(**kwargs) -> MatrixExtension:  # noqa: N802 - Python-Markdown's entry point
    return MatrixExtension(**kwargs)
