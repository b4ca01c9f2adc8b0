"""The offline edition as one zip a lecturer can hand out: ``tbvsite zip``.

``mkdocs build -f mkdocs.offline.yml`` writes a site that works when opened
from a folder (file://). This module packs such a folder into
``<site name>-<edition>-<version date>.zip`` with one top folder of the same
name, so unpacking never scatters files. The version date is the date of the
last git commit; without git history the name says so
(``...-zonder-versiedatum``) rather than using today's date. Every entry in
the zip carries that date too, so the same commit gives the same zip.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import yaml

NO_DATE = "zonder-versiedatum"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class ZipError(Exception):
    """A problem the user can fix (a missing build, an unreadable config): exit 2."""


def version_date(root: Path) -> str | None:
    """ISO date (committer date) of the last commit in ``root``'s repository, or None without git."""
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=root, capture_output=True,
                                text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    date = result.stdout.strip()
    return date if result.returncode == 0 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else None


def uncommitted(root: Path) -> bool:
    """Whether ``root``'s work tree differs from its last commit (False without git)."""
    try:
        result = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                                capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0 and bool(result.stdout.strip())


def read_config(config_file: Path) -> tuple[str, str]:
    """``site_name`` and ``site_dir`` of a MkDocs config, following ``INHERIT`` (no MkDocs needed)."""
    seen: list[Path] = []
    values: dict[str, str] = {}
    path = config_file
    while path is not None:
        path = path.resolve()
        if path in seen:
            raise ZipError(f"{config_file}: INHERIT loops back to {path.name}")
        seen.append(path)
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LenientLoader) or {}
        except OSError as exc:
            raise ZipError(f"{path}: cannot read the config ({exc.strerror})") from None
        except yaml.YAMLError as exc:
            raise ZipError(f"{path}: not valid YAML ({exc})") from None
        if not isinstance(data, dict):
            raise ZipError(f"{path}: a MkDocs config is a mapping of keys")
        for key in ("site_name", "site_dir"):
            if key not in values and isinstance(data.get(key), str):
                values[key] = data[key]
        parent = data.get("INHERIT")
        path = path.parent / parent if isinstance(parent, str) else None
    if not values.get("site_name"):
        raise ZipError(f"{config_file}: no site_name")
    return values["site_name"], values.get("site_dir", "site")


class _LenientLoader(yaml.SafeLoader):
    """SafeLoader that reads tags MkDocs configs use (``!ENV``, ``!!python/name``) as plain values."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def archive_name(site_name: str, site_dir: str, date: str | None) -> str:
    """``TBV-casusarchief-offline-2026-11-30``: site name, edition (site_dir less ``site-``), date."""
    edition = Path(site_dir).name.removeprefix("site-").removeprefix("site")
    parts = [site_name, edition, date or NO_DATE]
    return "-".join(p for p in (_UNSAFE.sub("-", part).strip("-") for part in parts) if p)


def write_zip(site: Path, target: Path, top: str, date: str | None) -> int:
    """Pack every file under ``site`` into ``target`` below folder ``top``; returns the number of files."""
    stamp = (tuple(int(x) for x in date.split("-")) if date else (1980, 1, 1)) + (0, 0, 0)
    files = sorted(p for p in site.rglob("*") if p.is_file())
    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(site).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    partial.replace(target)
    return len(files)


def make_zip(config_file: Path, output: Path | None = None,
             site: Path | None = None) -> tuple[Path, str | None, int, bool]:
    """Zip the built site of ``config_file`` (or ``site``, built elsewhere with it).

    Returns the zip, the version date (None without git), the number of files,
    and whether a zip of that name was replaced.
    """
    site_name, site_dir = read_config(config_file)
    root = config_file.resolve().parent
    site = site if site is not None else root / site_dir
    if not (site / "index.html").is_file():
        raise ZipError(f"{site}: no built site here; build it first (mkdocs build -f {config_file.name})")
    date = version_date(root)
    name = archive_name(site_name, site_dir, date)
    folder = output if output is not None else root
    if not folder.is_dir():
        raise ZipError(f"{folder}: no such folder")
    target = folder / f"{name}.zip"
    replaced = target.exists()
    return target, date, write_zip(site, target, name, date), replaced
