"""Find and load vignette files: text -> front matter -> typed :class:`Vignette`.

This stage checks the *shape* of each file (keys, types, required values);
checks against the vocabulary and across files live in :mod:`tbvsite.validate`.
A file with a shape problem yields no vignette, only problems: nothing is
dropped silently.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from pathlib import Path
from typing import Any

from . import frontmatter
from .authors import NAME_MAX, parse_orcid, split_name
from .checks import Checker
from .fields import NOTE_MAX, SECTION_MAX, Field, fields_for, key_aliases
from .model import Author, Change, Position, Problem, SourceRef, Vignette, Vocabulary
from .reuse import Kept
from .textfile import read_text, shown_path

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # \Z: "$" would accept a final newline
TAXONOMY = "taxonomy.yml"


def discover(folder: Path, *, shown_root: Path | None = None, ignore: tuple[Path, ...] = ()) -> tuple[list[Path], list[Problem]]:
    """Every vignette file in ``folder``, and a problem for each file that would be lost.

    Vignettes are the ``*.md`` files directly in ``folder``. A Markdown file in
    a subfolder (other than the ``ignore`` folders, e.g. teaching notes) or a
    file with another extension is reported, so no case silently goes missing.
    """
    paths: list[Path] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return [], [Problem(str(folder), 0, 0, "no-folder", "the vignettes folder does not exist",
                            "create it, or set 'vignettes' in the tbvsite plugin options")]
    ignored = tuple(p.resolve() for p in ignore)
    for path, kind in _walk(folder, ignored):
        shown = shown_path(path, shown_root)
        if kind == "symlink":
            problems.append(Problem(shown, 0, 0, "symlink", "this is a symbolic link; tbvsite does not follow links",
                                    "put the file or folder itself here, or remove the link"))
        elif kind == "too-deep":
            problems.append(Problem(shown, 0, 0, "too-deep", f"this folder is more than {MAX_DEPTH} levels deep; "
                                    "it is not searched", "vignettes are the .md files directly in the folder"))
        elif path.parent == folder and path.suffix == ".md":
            paths.append(path)
        elif path.parent == folder and path.name == TAXONOMY:
            continue
        elif path.suffix in (".md", ".markdown", ".txt"):
            where = "a subfolder" if path.parent != folder else f"a '{path.suffix}' file"
            problems.append(Problem(shown, 0, 0, "stray-file",
                                    f"this is {where}, so it is not read as a vignette",
                                    f"move it to {shown_path(folder, shown_root)}/ as a '.md' file, or out of the folder"))
    return paths, problems


MAX_DEPTH = 8  # folders below the vignettes folder that are still searched for stray files


def _walk(folder: Path, ignored: tuple[Path, ...]):
    """(path, kind) for every entry under ``folder``, sorted, without following a link.

    ``kind`` is "file" (anything that is not a folder, left to the reader to
    refuse if it is not a regular file), "symlink" or "too-deep" (a folder
    below :data:`MAX_DEPTH`). Hidden entries and the ``ignored`` folders are skipped.
    """
    found = []
    for top, dirs, files in os.walk(folder, followlinks=False):
        here = Path(top)
        depth = len(here.relative_to(folder).parts)
        keep = []
        for name in sorted(dirs):
            path = here / name
            if name.startswith("."):
                continue
            if path.is_symlink():  # before resolve(), which a link loop would break
                found.append((path, "symlink"))
            elif any(path.resolve().is_relative_to(i) for i in ignored):
                continue
            elif depth >= MAX_DEPTH:
                found.append((path, "too-deep"))
            else:
                keep.append(name)
        dirs[:] = keep
        for name in files:
            path = here / name
            if not name.startswith("."):
                found.append((path, "symlink" if path.is_symlink() else "file"))
    return sorted(found)



def load_vignettes(paths: list[Path], vocabulary: Vocabulary, *, shown_root: Path | None = None,
                   memo: dict | None = None) -> tuple[list[Vignette], list[Problem]]:
    """Each file read and parsed. ``memo`` (the preview keeps it across rebuilds): a file whose text
    (and what reading it found) and vocabulary are those of the last call is not parsed again."""
    vignettes: list[Vignette] = []
    problems: list[Problem] = []
    fields = fields_for(vocabulary)
    salt = hashlib.sha256(repr(vocabulary).encode()).hexdigest() if memo is not None else ""
    kept = Kept(memo)
    for path in paths:
        shown = shown_path(path, shown_root)
        text, read = read_text(path, shown)
        vignette, found = kept.get(shown, (salt, path.stem, text, repr(read)), lambda: (
            parse_vignette(text, path.stem, vocabulary, fields, shown, read) if text is not None else (None, read)))
        problems += found
        if vignette is not None:
            vignettes.append(vignette)
    kept.close()  # files gone leave the memo
    return vignettes, problems


def load_vignette(path: Path, vocabulary: Vocabulary, fields: tuple[Field, ...], shown: str) -> tuple[Vignette | None, list[Problem]]:
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    return parse_vignette(text, path.stem, vocabulary, fields, shown, problems)


def parse_vignette(text: str, slug: str, vocabulary: Vocabulary, fields: tuple[Field, ...], shown: str,
                   problems: list[Problem] | None = None) -> tuple[Vignette | None, list[Problem]]:
    problems = list(problems or [])
    if not SLUG.match(slug):
        problems.append(Problem(shown, 0, 0, "bad-slug", f"the file name '{slug}' cannot be a web address",
                                "rename the file to lowercase letters, digits and hyphens, e.g. 'mijn-casus.md'"))
    parts, found = frontmatter.split(text, shown)
    problems += found
    if parts is None:
        return None, problems
    if any(p.code == "control-character" for p in problems):
        # YAML would report the same characters again, less clearly: fix these first.
        return None, problems
    doc, found = frontmatter.parse(parts.yaml_text, shown, parts.yaml_line)
    problems += found
    if doc is None:
        return None, problems
    if doc.data is None:
        problems.append(Problem(shown, 1, 1, "empty-front-matter", "the front matter is empty",
                                "add at least title, summary, source and questions (see 'tbvsite new')"))
        return None, problems
    check = Checker(shown, doc)
    by_key = {f.key: f for f in fields}
    aliases = key_aliases(vocabulary)
    data = check.mapping(doc.data, (), allowed=by_key, required=[f.key for f in fields if f.required],
                         aliases=aliases)
    if data is None:
        return None, problems + check.problems
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in by_key:
            values[key] = _value(check, by_key[key], value, vocabulary)
    published, updated = values.get("published"), values.get("updated")
    if published and updated and updated < published:
        check.add(("updated",), "date-order", f"'updated' ({updated}) is before 'published' ({published})",
                  "a text is changed after it is published: correct one of the two dates")
    problems += check.problems
    if any(p.severity == "error" for p in problems):
        return None, problems
    vignette = Vignette(
        slug=slug,
        path=shown,
        title=values["title"],
        summary=values["summary"],
        body=parts.body,
        order=values.get("order"),
        form=values["form"],
        chosen=tuple(values.get("chosen", ())),
        objectives=tuple(values.get("objectives", ())),
        questions=tuple(values.get("questions", ())),
        source=tuple(values.get("source", ())),
        tags={facet: tuple(values.get(facet, ())) for facet in vocabulary.facets},
        positions=tuple(values.get("positions", ())),
        body_line=parts.body_line,
        authors=tuple(values.get("authors", ())),
        published=published,
        updated=updated,
        changes=tuple(values.get("changes", ())),
        doc=doc,
    )
    return vignette, problems


def _value(check: Checker, field: Field, value: Any, vocabulary: Vocabulary) -> Any:
    path = (field.key,)
    if field.kind == "text":
        return check.text(value, path, max_length=field.max_length)
    if field.kind == "int":
        return check.integer(value, path, low=0)
    if field.kind == "choice":
        return check.choice(value, path, field.choices)
    if field.kind == "text-list":
        items = check.sequence(value, path, required=field.required, example="['Eerste vraag?', 'Tweede vraag?']")
        return [t for i, item in enumerate(items) if (t := check.text(item, path + (i,), max_length=field.max_length))]
    if field.kind in ("terms", "chosen"):
        items = check.sequence(value, path, required=field.required, example="[eerste-id, tweede-id]")
        return [t for i, item in enumerate(items) if (t := check.ident(item, path + (i,))) is not None]
    if field.kind == "source":
        example = "[{ref: heederik-werken, section: 'Tussenkop', page: 54}]"
        items = check.sequence(value, path, required=True, example=example)
        refs = []
        for i, item in enumerate(items):
            item = check.mapping(item, path + (i,), allowed=("ref", "section", "page"), required=("ref",),
                                 example=example[1:-1], aliases=key_aliases(vocabulary))
            if item is None:
                continue
            # A missing key is reported once, by mapping(); the ref is checked against sources.yml in validate.
            ref = check.ident(item["ref"], path + (i, "ref")) if "ref" in item else None
            section = (check.text(item["section"], path + (i, "section"), max_length=SECTION_MAX)
                       if item.get("section") is not None else "")
            page = check.integer(item["page"], path + (i, "page"), low=1) if item.get("page") is not None else None
            if ref and section is not None:
                refs.append(SourceRef(ref, section, page))
        return refs
    if field.kind == "positions":
        keys = tuple(vocabulary.position_fields)
        items = check.sequence(value, path, required=False, example="[{" + ", ".join(f"{k}: id" for k in keys) + ", note: '...'}]")
        positions = []
        for i, item in enumerate(items):
            item = check.mapping(item, path + (i,), allowed=keys + ("note",), required=keys,
                                 aliases=key_aliases(vocabulary))
            if item is None:
                continue
            refs = {k: check.ident(item.get(k), path + (i, k)) for k in keys if k in item}
            note = check.text(item.get("note"), path + (i, "note"), required=False, max_length=NOTE_MAX) or ""
            if all(refs.get(k) for k in keys):
                positions.append(Position(refs, note))  # type: ignore[arg-type]
        return positions
    if field.kind == "date":
        return _date(check, value, path)
    if field.kind == "authors":
        return _authors(check, value, path)
    if field.kind == "changes":
        return _changes(check, value, path, field.max_length)
    raise ValueError(field.kind)  # pragma: no cover - fields.Kind is closed


def _date(check: Checker, value: Any, path) -> datetime.date | None:
    text = check.text(value, path)
    if text is None:
        return None
    try:
        if len(text) == 10:
            return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    check.add(path, "bad-date", f"'{text}' is not a date written as YYYY-MM-DD",
              "write the date as year-month-day, e.g. 2024-03-15")
    return None


def _changes(check: Checker, value: Any, path, max_length: int) -> list[Change]:
    """The editorial notes of a vignette's versions, for readers: [{date, note}]."""
    example = "[{date: 2024-03-15, note: 'De scène volgt de bron nu nauwer.'}]"
    items = check.sequence(value, path, required=False, example=example)
    changes = []
    for i, item in enumerate(items):
        item = check.mapping(item, path + (i,), allowed=("date", "note"), required=("date", "note"),
                             example=example[1:-1], aliases={"datum": "date", "noot": "note", "tekst": "note",
                                                             "notitie": "note"})
        if item is None or "date" not in item or "note" not in item:
            continue
        date = _date(check, item["date"], path + (i, "date"))
        note = check.text(item["note"], path + (i, "note"), max_length=max_length)
        if date and note:
            changes.append(Change(date, note))
    return sorted(changes, key=lambda c: c.date, reverse=True)


def _authors(check: Checker, value: Any, path) -> list[Author]:
    items = check.sequence(value, path, required=False, example='[{name: "Achternaam, Voornaam"}]')
    authors = []
    for i, item in enumerate(items):
        where = path + (i,)
        item = check.mapping(item, where, allowed=("name", "orcid"), required=("name",),
                             example='{name: "Achternaam, Voornaam", orcid: 0000-0002-1825-0097}',
                             aliases={"naam": "name"})
        if item is None or "name" not in item:
            continue
        name = check.text(item["name"], where + ("name",), max_length=NAME_MAX)
        parts = split_name(name) if name else None
        if name and parts is None:
            check.add(where + ("name",), "bad-author-name", f"'{name}' is not written as 'Achternaam, Voornaam'",
                      "write the family name, a comma, then the given name(s), e.g. \"Vries, Anna de\"")
        orcid = ""
        if item.get("orcid") is not None:
            text = check.text(item["orcid"], where + ("orcid",))
            if text:
                orcid, wrong = parse_orcid(text)
                if wrong:
                    check.add(where + ("orcid",), "bad-orcid", f"orcid '{text}' {wrong}",
                              "copy the iD from the author's ORCID record (https://orcid.org/...)")
        if parts:
            authors.append(Author(parts[0], parts[1], orcid))
    return authors
