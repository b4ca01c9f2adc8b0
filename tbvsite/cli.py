"""The ``tbvsite`` command: check the archive without building the site.

Every subcommand returns an exit code; only :func:`main` calls ``sys.exit``.
0 = clean, 1 = problems in the user's files, 2 = usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import pipeline
from .report import format_json, format_text


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tbvsite", description="Werk aan het tbvsite-archief.")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (default: here)")
    parser.add_argument("--vignettes", default="vignettes", help="vignettes folder, relative to --root")
    parser.add_argument("--taxonomy", default="vignettes/taxonomy.yml", help="taxonomy, relative to --root")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check the taxonomy and the vignettes; exit 1 on problems")
    check.add_argument("paths", nargs="*", type=Path, help="only these vignette files")
    check.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def cmd_check(args: argparse.Namespace) -> int:
    root = args.root.resolve()
    paths = [p if p.is_absolute() else (Path.cwd() / p) for p in args.paths] or None
    result = pipeline.run(root / args.vignettes, root / args.taxonomy, root=root, paths=paths)
    checked = len(paths) if paths is not None else None
    if args.format == "json":
        sys.stdout.write(format_json(result.problems))
    else:
        sys.stdout.write(format_text(result.problems, checked))
    return 0 if result.ok else 1


COMMANDS = {"check": cmd_check}


def run(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on a usage error, 0 on --help
        return int(exc.code or 0)
    return COMMANDS[args.command](args)


def main() -> None:
    sys.exit(run())
