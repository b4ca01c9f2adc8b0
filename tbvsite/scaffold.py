"""Whether a vignette file is still the skeleton ``tbvsite new`` wrote: ``new --force`` rewrites
only such a file, never one a researcher has begun to fill in."""

from __future__ import annotations

import yaml

# Keys the skeleton itself fills in from the command's options: they may hold a value.
FILLED_BY_NEW = {"title", "form", "authors", "source", "order"}


def _split(text: str) -> tuple[str, str] | None:
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---", 3)
    if end == -1:
        return None
    return text[4:end], text[end + 4:].lstrip("-").strip()


def _empty(value) -> bool:
    if value is None or value == "":
        return True
    if isinstance(value, list):
        return all(_empty(item) for item in value)
    if isinstance(value, dict):
        return all(_empty(item) for item in value.values())
    return False


def untouched(text: str, skeletons: list[str]) -> bool:
    """True when ``text`` has no value beyond what ``new`` fills in and its body is one of ``skeletons``' bodies."""
    parts = _split(text)
    if parts is None:
        return not text.strip()  # an empty file is still to be written
    try:
        data = yaml.safe_load(parts[0])
    except yaml.YAMLError:
        return False
    if data is not None and not isinstance(data, dict):
        return False
    if any(not _empty(value) for key, value in (data or {}).items() if key not in FILLED_BY_NEW):
        return False
    bodies = {split[1] for skeleton in skeletons if (split := _split(skeleton)) is not None}
    return parts[1] in bodies
