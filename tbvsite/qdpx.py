"""The archive as a REFI-QDA project (``.qdpx``), for QualCoder, ATLAS.ti, MAXQDA and NVivo.

A ``.qdpx`` is a zip with ``project.qde`` (QDA-XML 1.0, namespace
``urn:QDA-XML:project:1.0``) and the sources it points to, here one UTF-8 text
file per vignette under ``sources/``::

    <Project name origin>
      <Users>        the authors of the cases, and the archive, who made the coding
      <CodeBook>     the taxonomy, as in the .qdc codebook (the same GUIDs: tbvsite.codebook)
      <Variables>    form, order, source, chosen
      <Sources>
        <TextSource name="title" plainTextPath="internal://GUID.txt">
          <Description>   summary, source and licence
          <PlainTextSelection startPosition endPosition>   one per coded passage (tbvsite.passages)
            <Coding><CodeRef/></Coding>                   one per term of the passage
          <Coding><CodeRef/></Coding>                     one per front-matter tag: the whole case
          <VariableValue>                                 form, order, source, chosen

The text of a source is the vignette as plain text: its title, the scene and
the dilemma, the discussion questions, then the fold (outcome, analysis).
Positions count characters (Unicode code points) from 0, the end excluded, so
``text[start:end]`` is the passage. Every GUID is a UUID 5 of ids (slugs, term
ids, passage numbers), so the Dutch and the English project share them, and a
new export updates an imported project instead of duplicating it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
import xml.etree.ElementTree as ET
import zipfile

from . import __version__, body as body_module, codebook, i18n, passages
from .escape import xml_text
from .fields import DECISION, FOLD_HEADINGS, chosen_facet
from .model import Index, Vignette

NAMESPACE = "urn:QDA-XML:project:1.0"
QDE = "project.qde"
SOURCES = "sources"
# The licence of the archive's texts (tbvsite.emit.citation says the same on every page).
LICENCE, LICENCE_URL = "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"
# A fixed timestamp for the zip's entries: the same archive gives the same bytes (never the clock).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
VARIABLES = (("form", "Text"), ("order", "Integer"), ("source", "Text"), ("chosen", "Text"))


def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


def guid(*parts: str) -> str:
    """A GUID of the project's own objects (sources, selections, codings, users, variables)."""
    return codebook.guid("qdpx", *parts)


# -- Markdown to plain text, keeping the passage marks ------------------------------------

_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*(?:\{[^}\n]*\})?[ \t]*$")
_ITEM = re.compile(r"^[ \t]{0,3}([-*+]|\d{1,9}[.)])[ \t]+")
_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")
_REF_LINK = re.compile(r"\[([^\[\]]*)\]\[[^\[\]]*\]")
# Linear on any input (issue 24): an emphasis never spans its own marker, a code span starts where a
# run of backticks starts and takes it whole (a possessive run cannot be retried shorter).
_EMPHASIS = (re.compile(r"\*{1,2}(?=[^\s*])([^*]+?)(?<=[^\s*])\*{1,2}"),
             re.compile(r"(?<!\w)_{1,2}(?=[^\s_])([^_]+?)(?<=[^\s_])_{1,2}(?!\w)"))
_CODE = re.compile(r"(?<!`)`++([^`]+)`+")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")


def inline(text: str) -> str:
    """One block of Markdown as plain text on one line: links keep their label, markup goes."""
    text = _CODE.sub(r"\1", text)
    for _ in range(4):  # a link in a passage mark inside a link label: a few rounds undo any nesting
        text = _REF_LINK.sub(r"\1", _LINK.sub(r"\1", text))
    text = _TAG.sub("", text)
    for _ in range(2):  # **bold with *italic* inside**: the inner pair goes first
        for pattern in _EMPHASIS:
            text = pattern.sub(r"\1", text)
    return " ".join(_ESCAPE.sub(r"\1", text).split())


def blocks(markdown: str) -> list[str]:
    """Markdown as plain-text blocks: a heading, a paragraph or a list item each."""
    out: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            out.append(inline(" ".join(current)))
            current.clear()

    for line in markdown.split("\n"):
        if not line.strip():
            flush()
        elif (heading := _HEADING.match(line)) is not None:
            flush()
            out.append(inline(heading.group(1)))
        elif (item := _ITEM.match(line)) is not None:
            flush()
            marker = "-" if item.group(1) in "-*+" else item.group(1)
            current.append(marker + " " + line[item.end():])
        else:
            current.append(line.strip())
    flush()
    return [block for block in out if block]


# -- a vignette as a text source ------------------------------------------------------------

def source_text(vignette: Vignette, language: str) -> tuple[str, list[tuple[int, int, passages.Passage]]]:
    """The plain text of ``vignette`` and, for each coded passage, its (start, end) in that text."""
    t = i18n.strings(language)
    marked, found = passages.marked(vignette.body)
    parts = body_module.split(marked)
    out = [vignette.title]
    out += blocks(parts.before)
    if vignette.questions:
        out.append(t["vignette.questions"])
        out += [f"{n}. {' '.join(q.split())}" for n, q in enumerate(vignette.questions, 1)]
    outcome, analysis = FOLD_HEADINGS.get(language) or FOLD_HEADINGS[i18n.DEFAULT_LANGUAGE]
    if parts.outcome.strip():
        out += [outcome, *blocks(parts.outcome)]
    if parts.analysis.strip():
        out += [analysis, *blocks(parts.analysis)]
    text = "\n\n".join(out) + "\n"
    spans: list[tuple[int, int, passages.Passage]] = []
    clean: list[str] = []
    length, opened, index = 0, 0, 0
    for piece in re.split(f"([{passages.START}{passages.END}])", text):
        if piece == passages.START:
            opened = length
        elif piece == passages.END:
            spans.append((opened, length, found[index]))
            index += 1
        else:
            clean.append(piece)
            length += len(piece)
    return "".join(clean), spans


def description(index: Index, vignette: Vignette, language: str) -> str:
    """The case's summary, the source it rests on and the licence of its text."""
    t = i18n.strings(language)
    lines = [" ".join(vignette.summary.split())]
    for key in _keys(vignette):
        item = index.sources.items.get(key) if index.sources is not None else None
        where = []
        for ref in (r for r in vignette.source if r.ref == key):
            where += [t.format("source.section", section=ref.section)] if ref.section else []
            where += [t.format("source.page", page=ref.page)] if ref.page else []
        name = _reference(item.csl) if item is not None else key
        lines.append(f"{t['vignette.source']}: {name}" + (f" ({'; '.join(where)})" if where else ""))
    lines.append(t.format("cite.file_licence", licence=LICENCE, url=LICENCE_URL))
    return "\n".join(lines)


def _keys(vignette: Vignette) -> list[str]:
    """The sources a vignette rests on, each once, in the order given."""
    return list(dict.fromkeys(ref.ref for ref in vignette.source))


def _reference(csl: dict) -> str:
    """A short plain reference of a CSL item: authors, year, title."""
    names = []
    for author in csl.get("author", ()) or ():
        names.append(author.get("literal") or ", ".join(p for p in (author.get("family"), author.get("given")) if p))
    issued = (csl.get("issued") or {}).get("date-parts") if isinstance(csl.get("issued"), dict) else None
    year = f" ({issued[0][0]})" if issued and issued[0] else ""
    return f"{'; '.join(n for n in names if n)}{year}. {csl.get('title', '')}".strip(". ").strip()


# -- the project -----------------------------------------------------------------------------

# The one element of the frame that stands where the sources go, one after the other (see _project).
_SLOT = "tbvsiteSourcesSlot"


def _project(index: Index, name: str, language: str, text_of: Callable[[Vignette], tuple[str, list]] | None,
             files: dict[str, str]) -> Iterator[str]:
    """``project.qde`` of the archive in ``language``, in pieces, a source at a time, filling ``files``
    (path in the zip -> text) as it goes; ``text_of``: each vignette's :func:`source_text` (the preview
    passes the previous build's). The XML of the whole archive is never in memory at once: at 3,000
    vignettes its element tree and its text were the largest thing a build held
    (tests/bench/analyse.md). The pieces are the text that indenting and serialising the whole tree
    gives."""
    ET.register_namespace("", NAMESPACE)
    vocabulary = index.vocabulary
    root = ET.Element(_q("Project"), {"name": xml_text(name), "origin": f"tbvsite {__version__}"})
    coder = guid("user", "archive")
    users = ET.SubElement(root, _q("Users"))
    ET.SubElement(users, _q("User"), {"guid": coder, "name": xml_text(name), "id": "tbvsite"})
    authors = {}
    for vignette in index.vignettes:
        for author in vignette.authors:
            authors.setdefault(author.inverted, author)
    for inverted, author in authors.items():
        ET.SubElement(users, _q("User"), {"guid": guid("user", inverted), "name": xml_text(author.display),
                                          **({"id": author.orcid} if author.orcid else {})})
    codes = ET.SubElement(ET.SubElement(root, _q("CodeBook")), _q("Codes"))
    codebook.add_codes(codes, vocabulary, NAMESPACE)
    variables = ET.SubElement(root, _q("Variables"))
    for variable, kind in VARIABLES:
        ET.SubElement(variables, _q("Variable"), {"guid": guid("variable", variable), "name": variable,
                                                  "typeOfVariable": kind})
    sources = ET.SubElement(root, _q("Sources"))
    if index.vignettes:
        ET.SubElement(sources, _q(_SLOT))
    ET.indent(root)
    head, _, tail = ET.tostring(root, encoding="unicode").partition(f"<{_SLOT} />")
    yield '<?xml version="1.0" encoding="utf-8"?>\n' + head
    choice_facet = chosen_facet(vocabulary)
    for number, vignette in enumerate(index.vignettes, 1):
        source_guid = guid("source", vignette.slug)
        text, spans = text_of(vignette) if text_of is not None else source_text(vignette, language)
        files[f"{SOURCES}/{source_guid}.txt"] = text
        # Tags without the namespace: the frame declares it as the default, so inside it a source is
        # written without a prefix, and alone it would carry its own declaration.
        source = ET.Element("TextSource", {
            "guid": source_guid, "name": xml_text(vignette.title),
            "plainTextPath": f"internal://{source_guid}.txt", "creatingUser": coder})
        ET.SubElement(source, "Description").text = xml_text(description(index, vignette, language))
        for n, (start, end, passage) in enumerate(spans):
            selection = ET.SubElement(source, "PlainTextSelection", {
                "guid": guid("selection", vignette.slug, str(n)), "name": xml_text(_shortened(text[start:end])),
                "startPosition": str(start), "endPosition": str(end), "creatingUser": coder})
            for term_id in passage.terms:
                _coding(selection, coder, guid("coding", vignette.slug, str(n), term_id),
                        codebook.guid(passages.facet_of(vocabulary, term_id), term_id))
        for facet_id, term_id in vignette.terms():
            _coding(source, coder, guid("coding", vignette.slug, facet_id, term_id), codebook.guid(facet_id, term_id))
        values = {"form": ("TextValue", vignette.form),
                  "order": ("IntegerValue", str(vignette.order) if vignette.order is not None else ""),
                  "source": ("TextValue", "; ".join(_keys(vignette))),
                  "chosen": ("TextValue", "; ".join(
                      vocabulary.facets[choice_facet].terms[c].label for c in vignette.chosen)
                      if choice_facet and vignette.form == DECISION else "")}
        for variable, _ in VARIABLES:
            kind, value = values[variable]
            if value:
                element = ET.SubElement(source, "VariableValue")
                ET.SubElement(element, "VariableRef", {"targetGUID": guid("variable", variable)})
                ET.SubElement(element, kind).text = xml_text(value)
        # As ET.indent places it two levels down; the last source's line break is the slot's own.
        ET.indent(source, level=2)
        source.tail = "" if number == len(index.vignettes) else "\n    "
        yield ET.tostring(source, encoding="unicode")
    yield tail + "\n"


def _coding(parent: ET.Element, coder: str, coding_guid: str, code_guid: str) -> None:
    """A coding inside a source: without the namespace, as the rest of a source (see _project)."""
    coding = ET.SubElement(parent, "Coding", {"guid": coding_guid, "creatingUser": coder})
    ET.SubElement(coding, "CodeRef", {"targetGUID": code_guid})


def _shortened(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def to_qdpx(index: Index, name: str, language: str = i18n.DEFAULT_LANGUAGE,
            text_of: Callable[[Vignette], tuple[str, list]] | None = None) -> bytes:
    """The ``.qdpx`` zip: ``project.qde`` and ``sources/<GUID>.txt``, the same bytes for the same archive.
    ``project.qde`` goes into the zip as it is written (:func:`_project`)."""
    buffer = io.BytesIO()
    files: dict[str, str] = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entry = zipfile.ZipInfo(QDE, ZIP_DATE)
        entry.compress_type = zipfile.ZIP_DEFLATED
        with io.TextIOWrapper(archive.open(entry, "w"), encoding="utf-8", newline="") as qde:
            for piece in _project(index, name, language, text_of, files):
                qde.write(piece)
        for path, text in files.items():
            archive.writestr(zipfile.ZipInfo(path, ZIP_DATE), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
