"""The taxonomy as a REFI-QDA codebook (``.qdc``), for ATLAS.ti, NVivo, MAXQDA and QualCoder, and as
the CSV codebook Taguette imports (:func:`to_taguette_csv`).

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

import csv
import hashlib
import io
import re
import uuid
import xml.etree.ElementTree as ET

from . import __version__
from .escape import csv_cell, xml_text
from .model import Vocabulary

NAMESPACE = "urn:QDA-XML:codebook:1.0"
_GUID_ROOT = uuid.uuid5(uuid.NAMESPACE_URL, "https://tbvsite.invalid/codebook")
# One colour per facet, in declared order (colour-blind-safe Okabe-Ito palette).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")


_ROOT_BYTES = _GUID_ROOT.bytes


def guid(*parts: str) -> str:
    """``str(uuid.uuid5(_GUID_ROOT, "/".join(parts)))``, computed from the SHA-1 directly: the project of
    a large archive needs tens of thousands, and the UUID object was most of their cost."""
    digest = bytearray(hashlib.sha1(_ROOT_BYTES + "/".join(parts).encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # the RFC 4122 variant
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def plain_text(markdown: str) -> str:
    """Markdown of a description as plain text: links keep their label, markup goes."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    return "\n".join(" ".join(line.split()) for line in text.strip().split("\n\n"))


def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


def add_codes(codes: ET.Element, vocabulary: Vocabulary, namespace: str = NAMESPACE) -> None:
    """One ``Code`` per facet (not codable) under ``codes``, with one ``Code`` per term inside it: the
    codebook's structure, shared by the ``.qdc`` codebook and the ``.qdpx`` project (:mod:`tbvsite.qdpx`)."""
    def q(tag: str) -> str:
        return f"{{{namespace}}}{tag}"

    for n, facet in enumerate(vocabulary.facets.values()):
        parent = ET.SubElement(codes, q("Code"), {"guid": guid(facet.id), "name": xml_text(facet.label),
                                                 "isCodable": "false"})
        ET.SubElement(parent, q("Description")).text = xml_text(plain_text(facet.intro) or facet.label)
        color = PALETTE[n % len(PALETTE)]
        for term in facet.terms.values():
            code = ET.SubElement(parent, q("Code"), {"guid": guid(facet.id, term.id), "name": xml_text(term.label),
                                                    "isCodable": "true", "color": color})
            ET.SubElement(code, q("Description")).text = xml_text(plain_text(term.description))


def to_qdc(vocabulary: Vocabulary) -> str:
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(_q("CodeBook"), {"origin": f"tbvsite {__version__}"})
    add_codes(ET.SubElement(root, _q("Codes")), vocabulary)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


TAGUETTE_HEADER = ("tag", "description")


def taguette_name(*labels: str) -> str:
    """A tag name for Taguette, whose codebook shows ``Facet.Term`` as a hierarchy: a dot in a
    label would start a level of its own, so it becomes a middle dot."""
    return ".".join(" ".join(label.replace(".", "·").split()) for label in labels)


def to_taguette_csv(vocabulary: Vocabulary) -> str:
    """The terms as a codebook Taguette imports (CSV with the columns ``tag,description``), one row per
    term, named ``Facet.Term``; the facets are only the first part of the names (Taguette has no
    tags that group others)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(TAGUETTE_HEADER)
    for facet in vocabulary.facets.values():
        for term in facet.terms.values():
            writer.writerow([csv_cell(taguette_name(facet.label, term.label)),
                             csv_cell(" ".join(plain_text(term.description).split()))])
    return buffer.getvalue()
