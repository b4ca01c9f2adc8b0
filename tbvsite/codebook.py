"""The taxonomy as a REFI-QDA codebook (``.qdc``), for ATLAS.ti, NVivo, MAXQDA, QualCoder, Taguette.

Structure (REFI-QDA Codebook 1.0, namespace ``urn:QDA-XML:codebook:1.0``)::

    <CodeBook origin="...">
      <Codes>
        <Code guid name isCodable="false">       one per facet
          <Description>the facet's intro</Description>
          <Code guid name isCodable="true" color>  one per term
            <Description>the term's description, as plain text</Description>

GUIDs are UUID 5 of the facet and term ids, so the same taxonomy always gives
the same codebook and a re-import updates codes instead of duplicating them.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET

from . import __version__
from .escape import xml_text
from .model import Vocabulary

NAMESPACE = "urn:QDA-XML:codebook:1.0"
_GUID_ROOT = uuid.uuid5(uuid.NAMESPACE_URL, "https://tbvsite.invalid/codebook")
# One colour per facet, in declared order (colour-blind-safe Okabe-Ito palette).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")


def guid(*parts: str) -> str:
    return str(uuid.uuid5(_GUID_ROOT, "/".join(parts)))


def plain_text(markdown: str) -> str:
    """Markdown of a description as plain text: links keep their label, markup goes."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    return "\n".join(" ".join(line.split()) for line in text.strip().split("\n\n"))


def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


def to_qdc(vocabulary: Vocabulary) -> str:
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(_q("CodeBook"), {"origin": f"tbvsite {__version__}"})
    codes = ET.SubElement(root, _q("Codes"))
    for n, facet in enumerate(vocabulary.facets.values()):
        parent = ET.SubElement(codes, _q("Code"), {"guid": guid(facet.id), "name": xml_text(facet.label),
                                                  "isCodable": "false"})
        ET.SubElement(parent, _q("Description")).text = xml_text(plain_text(facet.intro) or facet.label)
        color = PALETTE[n % len(PALETTE)]
        for term in facet.terms.values():
            code = ET.SubElement(parent, _q("Code"), {"guid": guid(facet.id, term.id), "name": xml_text(term.label),
                                                     "isCodable": "true", "color": color})
            ET.SubElement(code, _q("Description")).text = xml_text(plain_text(term.description))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
