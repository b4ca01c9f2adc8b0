"""The citation block of a vignette page ("Citeer deze casus"): the reference, its sources, licence, files and versions.

Named authors are persons ("Achternaam, Voornaam"); a vignette without them
is credited to the archive as an organisation.
"""

from __future__ import annotations

import base64
import datetime
from dataclasses import replace
from typing import TYPE_CHECKING

from markupsafe import Markup

from ... import i18n
from ...history import Version
from ...model import Author, Index, Vignette
from ..text import SEARCH_EXCLUDE, html_block, plain, url, vignette_uri
from .bibtex_file import BIBTEX_TYPE, bibtex
from .facts import TEXT_LICENCE, TEXT_LICENCE_URL, cite_uri, commit_url, file_url, long_date, page_address, publisher, version_of
from .cited_sources import consent_notes, grouped_refs, locators, reference_html
from .ris_file import RIS_TYPE, ris

if TYPE_CHECKING:
    from .. import Context


HISTORY_SHOWN = 10  # commits listed on the page; older ones are counted


def reference(vignette: Vignette, context: "Context") -> Markup:
    """The on-page reference (APA-like, in the edition's language), naming the version; HTML."""
    version = version_of(vignette, context)
    name = publisher(context)
    day = version.published
    t = i18n.strings(context.language)
    when = (t.format("cite.date", year=day.year, day=day.day, month=t["date.months"].split()[day.month - 1])
            if day else t["cite.no_date"])
    label = (t.format("cite.kind_version", date=long_date(version.updated, context.language)) if version.updated
             else t["cite.kind"])
    creator = _apa_names(vignette.authors) if vignette.authors else name
    creator += "" if creator.endswith(".") else "."
    url = page_address(vignette.slug, context)
    # The archive is named once: as the site after the title, or as the author when nobody is named.
    text = Markup("{} ({}). <em>{}</em> [{}].").format(creator, when, " ".join(vignette.title.split()), label)
    if vignette.authors:
        text += Markup(" {}.").format(name)
    return text + (Markup(' <a href="{0}">{0}</a>').format(url) if url else "")


def render_block(index: Index, vignette: Vignette, context: "Context") -> str:
    """The "Citeer deze casus" section: a reference, its source, the licence, the files, the versions.

    The headings are Markdown (they belong in the table of contents); the rest is rendered by the
    templates ``cite.html`` and ``versions.html``."""
    here = vignette_uri(vignette.slug)
    version = version_of(vignette, context)
    t = i18n.strings(context.language)
    sources = [{"reference": reference_html(index, key, context), "where": locators(refs, context.language)}
               for key, refs in grouped_refs(vignette)]
    notes = []
    if not version.published:
        notes.append(t["cite.undated"])
    notes.append(t["cite.accessed"])
    if not page_address(vignette.slug, context):
        notes.append(t["cite.add_address"])
    bib, ris_file = url(context, here, cite_uri(vignette.slug, "bib")), url(context, here, cite_uri(vignette.slug, "ris"))
    if context.offline:
        # From file:// a browser ignores 'download' for another file and shows it as text;
        # the file inside the link itself downloads as on the web.
        bib = _data_url(BIBTEX_TYPE, bibtex(index, vignette, context))
        ris_file = _data_url(RIS_TYPE, ris(index, vignette, context))
    licence = Markup('<a href="{}">{}</a>').format(TEXT_LICENCE_URL, TEXT_LICENCE)
    return "\n".join([
        f'<section class="tbv-cite" aria-labelledby="{t["cite.anchor"]}" markdown>\n',
        f"## {plain(t['cite.heading'])} {{#{t['cite.anchor']} {SEARCH_EXCLUDE}}}\n",
        html_block("cite.html", context, reference=reference(vignette, context), sources=sources,
                   consent=[note for _, note in consent_notes(index, vignette, context.language)], notes=notes, licence=licence,
                   slug=vignette.slug, bib=bib, ris=ris_file),
        render_versions(version, context, vignette.changes),
        "</section>\n"])


def render_versions(version: Version, context: "Context", editorial=()) -> str:
    """Where to find this exact text again, and the change history, newest first.

    The student edition dates each version, links to its text, and says what changed in the
    editorial notes of the front matter (``changes``, here ``editorial``), never in a commit subject: those are
    developers' sentences, and may name how a case ended. The instructor edition shows the
    subjects and links to the commits."""
    t = i18n.strings(context.language)
    lang = context.language
    permalink = file_url(version, context)
    link = (Markup('<a href="{}">{}</a>').format(permalink, t.format("versions.permalink_label", sha=version.sha[:7]))
            if permalink else "")
    changes = []
    if not version.commits:
        if version.published:
            changes.append({"date": long_date(version.published, lang), "text": t["versions.published"], "sha": ""})
            if version.updated and version.updated != version.published:
                changes.append({"date": long_date(version.updated, lang), "text": t["versions.updated"], "sha": ""})
    notes: dict[datetime.date, list[str]] = {}
    for change in editorial:
        notes.setdefault(change.date, []).append(" ".join(change.note.split()))
    dated = []
    for commit in version.commits[:HISTORY_SHOWN]:
        if context.instructor:
            address = commit_url(commit.sha, context)
            sha = (Markup('<a href="{}">{}</a>').format(address, commit.sha[:7]) if address
                   else Markup("<code>{}</code>").format(commit.sha[:7]))
            text = " ".join(commit.subject.split()) or t["versions.change"]
        else:
            address = file_url(replace(version, commits=(commit,)), context)
            sha = Markup('<a href="{}">{}</a>').format(address, t["versions.text_link"]) if address else ""
            text = " ".join(notes.pop(commit.date, [])) or t["versions.change"]
        dated.append((commit.date, {"date": long_date(commit.date, lang), "text": text, "sha": sha}))
    # A note on a date without a listed commit (no git, or an older version) stands on its own.
    dated += [(date, {"date": long_date(date, lang), "text": " ".join(texts), "sha": ""})
              for date, texts in notes.items() if not context.instructor]
    changes += [row for _, row in sorted(dated, key=lambda pair: pair[0], reverse=True)]
    older = len(version.commits) - HISTORY_SHOWN
    if older > 0:
        changes.append({"date": "", "text": t.format("versions.older_one" if older == 1 else "versions.older_many",
                                                       n=older), "sha": ""})
    return "\n".join([f"### {plain(t['versions.heading'])} {{#{t['versions.anchor']} {SEARCH_EXCLUDE}}}\n",
                      html_block("versions.html", context, permalink=link,
                                 sha=Markup("<code>{}</code>").format(version.sha[:7]) if version.sha else "",
                                 changes=changes)])


def _initials(given: str) -> str:
    """"Anna Maria" -> "A. M."; a lowercase particle stays whole: "Anna de" -> "A. de"."""
    return " ".join(f"{part[0]}." if part[0].isupper() else part for part in given.replace("-", " ").split())


def _apa_names(authors: tuple[Author, ...]) -> str:
    names = [f"{a.family}, {_initials(a.given)}" for a in authors]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]


def _data_url(media_type: str, text: str) -> str:
    return f"data:{media_type};charset=utf-8;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")
