"""``tbvsite source add FILE.json``: CSL JSON as Zotero, Pandoc or a DOI look-up exports it, into sources.yml.

One item or a list of them. Each entry gets a readable id (the item's citation key, else
author-year), keeps what CSL knows (dates as 2024-03-15), and loses what only the exporting
program needs: Zotero's internal lines in ``note`` ("_eprint: ...", "Citation Key: ..."), and keys
CSL does not define. An id that sources.yml already has is never overwritten: the whole file is
then refused, with the id and its line. What is written is read back with the loader that every
build uses; a problem there leaves sources.yml as it was.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from .loader import SLUG
from .model import Problem
from .sources import DATE_VARIABLES, ITEM_KEYS, load_sources

# A line of Zotero's "Extra" field exported into note: "key: value", e.g. "_eprint: ...", "Citation Key: x".
_INTERNAL_NOTE_LINE = re.compile(r"^\s*(?:_[\w-]+|[A-Z][\w -]{0,40}):\s")
_NOT_ID = re.compile(r"[^a-z0-9]+")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _slug(text: str) -> str:
    return _NOT_ID.sub("-", _ascii(text)).strip("-")[:60].strip("-")


def _year(item: dict) -> str:
    issued = item.get("issued")
    if isinstance(issued, dict):
        parts = issued.get("date-parts") or [[]]
        if parts and parts[0]:
            return str(parts[0][0])
        match = re.search(r"\d{4}", str(issued.get("raw") or issued.get("literal") or ""))
        return match.group(0) if match else ""
    match = re.search(r"\d{4}", str(issued or ""))
    return match.group(0) if match else ""


def readable_id(item: dict) -> str:
    """The citation key when it is a usable id, else first author's family name and year (e.g. 'abers-2019')."""
    in_note = re.search(r"^\s*Citation Key:\s*(\S+)", str(item.get("note", "")), re.M)  # Zotero 7's Extra field
    for key in ("citation-key", "citation_key", "note", "id"):
        value = in_note.group(1) if key == "note" and in_note else None if key == "note" else item.get(key)
        if isinstance(value, str) and SLUG.match(_slug(value)) and "/" not in value and not value.isdigit():
            return _slug(value)
    names = item.get("author") or item.get("editor") or []
    first = names[0] if names and isinstance(names[0], dict) else {}
    name = first.get("family") or first.get("literal") or str(item.get("title", "bron")).split(" ")[0]
    return "-".join(filter(None, (_slug(name), _year(item)))) or "bron"


def _date(value: Any) -> Any:
    """CSL JSON's {date-parts: [[2024, 3, 15]]} as 2024-03-15; anything else as given."""
    if isinstance(value, dict) and list(value) == ["date-parts"]:
        parts = value["date-parts"]
        if len(parts) == 1 and parts[0] and all(isinstance(p, (int, str)) and str(p).isdigit() for p in parts[0]):
            year, *rest = [int(p) for p in parts[0]]
            return "-".join([f"{year:04d}", *(f"{p:02d}" for p in rest[:2])])
    return value


def _note(text: str) -> str:
    kept = [line for line in str(text).splitlines() if not _INTERNAL_NOTE_LINE.match(line)]
    return "\n".join(kept).strip()


def clean(item: dict) -> tuple[dict, list[str]]:
    """The entry for sources.yml, and the keys left out."""
    entry: dict[str, Any] = {"id": readable_id(item), "type": item.get("type", "")}
    dropped = []
    for key, value in item.items():
        if key in ("id", "type", "citation-key", "citation_key"):
            continue
        if key not in ITEM_KEYS:
            dropped.append(key)
            continue
        if key == "note":
            value = _note(value)
            if not value:
                dropped.append("note")
                continue
        if key in DATE_VARIABLES:
            value = _date(value)
        if value in ("", None, [], {}):
            continue
        entry[key] = value
    return entry, dropped


def read_items(path: Path) -> list[dict]:
    """The items of a CSL JSON file (one object or a list); ValueError with a readable reason."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}") from None
    items = data if isinstance(data, list) else [data]
    if not items or not all(isinstance(i, dict) for i in items):
        raise ValueError(f"{path}: expected one CSL JSON item or a list of them")
    return items


def add(json_path: Path, sources_path: Path, shown: str) -> tuple[list[str], list[str]]:
    """Append the file's items to sources.yml. Returns (messages, errors); on errors nothing is written."""
    items = read_items(json_path)
    existing, problems = load_sources(sources_path, shown) if sources_path.is_file() else (None, [])
    if any(p.severity == "error" for p in problems):
        return [], [f"{shown}: has problems of its own; run 'tbvsite check' and fix them first"]
    known = dict(existing.items) if existing is not None else {}
    entries, messages, errors = [], [], []
    for item in items:
        entry, dropped = clean(item)
        if entry["id"] in known:
            line = known[entry["id"]].line
            errors.append(f"{json_path}: the id '{entry['id']}' is already in {shown} (line {line}); "
                          "give this item another 'citation-key' (or 'id') in the file, or leave it out")
            continue
        if entry["id"] in {e["id"] for e in entries}:
            errors.append(f"{json_path}: two items get the id '{entry['id']}'; give one a 'citation-key'")
            continue
        entries.append(entry)
        messages.append(f"added {entry['id']}" + (f" (left out: {', '.join(dropped)})" if dropped else ""))
    if errors:
        return [], errors
    original = sources_path.read_text(encoding="utf-8") if sources_path.is_file() else "references:\n"
    dumped = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
    block = "".join(f"  {line}\n" if line else "\n" for line in dumped.rstrip("\n").split("\n"))
    sources_path.write_text(original.rstrip("\n") + "\n\n" + block, encoding="utf-8")
    _, problems = load_sources(sources_path, shown)
    bad = [p for p in problems if p.severity == "error"]
    if bad:
        sources_path.write_text(original, encoding="utf-8")
        return [], [_line(p) for p in bad]
    return messages, []


def _line(problem: Problem) -> str:
    return f"{problem.path}:{problem.line}:{problem.column}: {problem.code}: {problem.message}" + (
        f"\n    hint: {problem.hint}" if problem.hint else "")
