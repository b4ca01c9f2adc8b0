"""The ``tbvsite`` command: start a case, check the archive, export the coding, write the schema.

Every subcommand returns an exit code; only :func:`main` calls ``sys.exit``.
0 = clean, 1 = problems in the user's files (or a file that would be
overwritten), 2 = usage error (bad arguments, a malformed slug, a missing path).
Output goes to stdout (or ``-o FILE``); problems and refusals to stderr,
except for ``check``, whose report is its output.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import codebook, pipeline, schema, template
from .loader import SLUG
from .model import Problem
from .report import format_github, format_json, format_text
from .textfile import shown_path
from .vocabulary import load_vocabulary

EXPORT_FORMATS = ("json", "csv", "qdc")


class UsageError(Exception):
    """A mistake in the command line itself: exit code 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tbvsite", description="Werk aan het tbvsite-archief.")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (default: here)")
    parser.add_argument("--vignettes", default="vignettes", help="vignettes folder, relative to --root")
    parser.add_argument("--taxonomy", default="vignettes/taxonomy.yml", help="taxonomy, relative to --root")
    sub = parser.add_subparsers(dest="command", required=True)

    new = sub.add_parser("new", help="write vignettes/SLUG.md from a template with every key")
    new.add_argument("slug", help="file name without .md: lowercase letters, digits and hyphens")
    new.add_argument("--title", default="", help="the title, filled in for you")

    check = sub.add_parser("check", help="check the taxonomy and the vignettes; exit 1 on problems")
    check.add_argument("paths", nargs="*", type=Path, help="only these vignette files")
    check.add_argument("--format", choices=("text", "json", "github"), default="text",
                       help="github: workflow commands that annotate the lines of a pull request")

    export = sub.add_parser("export", help="the coding as JSON or CSV, the taxonomy as a REFI-QDA codebook")
    export.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    export.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")

    schema_ = sub.add_parser("schema", help="a JSON Schema of the front matter, from the taxonomy")
    schema_.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    schema_.add_argument("--id", default="", help="the schema's $id (its public address)")
    return parser


def _root(args: argparse.Namespace) -> Path:
    root = args.root.resolve()
    if not root.is_dir():
        raise UsageError(f"--root {args.root}: no such folder")
    return root


def _refuse(problems: list[Problem]) -> int:
    sys.stderr.write(format_text(problems))
    return 1


def _write(text: str, output: Path | None) -> int:
    if output is None:
        sys.stdout.write(text)
        return 0
    if output.is_dir():
        raise UsageError(f"-o {output}: is a folder; give a file name")
    if not output.parent.is_dir():
        raise UsageError(f"-o {output}: the folder {output.parent} does not exist")
    output.write_text(text, encoding="utf-8")
    sys.stderr.write(f"wrote {output}\n")
    return 0


def _vocabulary(args: argparse.Namespace, root: Path):
    taxonomy = root / args.taxonomy
    shown = shown_path(taxonomy, root)
    return load_vocabulary(taxonomy, shown)


def _pipeline(args: argparse.Namespace, root: Path, paths: list[Path] | None = None) -> pipeline.Result:
    return pipeline.run(root / args.vignettes, root / args.taxonomy, root=root, paths=paths)


def cmd_new(args: argparse.Namespace) -> int:
    root = _root(args)
    slug = args.slug[:-3] if args.slug.endswith(".md") else args.slug
    if not SLUG.match(slug) or len(slug) > 80:
        raise UsageError(f"'{args.slug}' cannot be a file name and web address; use lowercase letters, "
                         "digits and single hyphens, e.g. 'tweede-bewonersavond'")
    if any(ch in args.title for ch in "\n\r"):
        raise UsageError("--title must be one line")
    folder = root / args.vignettes
    target = folder / f"{slug}.md"
    shown = shown_path(target, root)
    if target.exists():
        sys.stderr.write(f"{shown}: exists: refusing to overwrite it; choose another slug or edit that file\n")
        return 1
    vocabulary, problems = _vocabulary(args, root)
    if vocabulary is None:
        return _refuse(problems)
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(template.render(vocabulary, slug, args.title), encoding="utf-8")
    sys.stdout.write(f"wrote {shown}\nfill in every empty value, then run: tbvsite check {shown}\n")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    root = _root(args)
    paths = [p if p.is_absolute() else (Path.cwd() / p) for p in args.paths] or None
    missing = [str(p) for p, full in zip(args.paths, paths or ()) if not full.is_file()]
    if missing:
        raise UsageError(f"no such file: {', '.join(missing)}")
    result = _pipeline(args, root, paths)
    checked = len(paths) if paths is not None else None
    if args.format == "json":
        sys.stdout.write(format_json(result.problems))
    elif args.format == "github":
        sys.stdout.write(format_github(result.problems, checked))
    else:
        sys.stdout.write(format_text(result.problems, checked))
    return 0 if result.ok else 1


def cmd_export(args: argparse.Namespace) -> int:
    root = _root(args)
    if args.format == "qdc":
        vocabulary, problems = _vocabulary(args, root)
        if vocabulary is None:
            return _refuse(problems)
        return _write(codebook.to_qdc(vocabulary), args.output)
    result = _pipeline(args, root)
    if result.index is None:
        return _refuse(result.problems)
    from .emit import opendata  # here, so 'check' and 'new' never depend on the emitters

    if args.format == "json":
        return _write(opendata.to_json(result.index), args.output)
    return _write(opendata.to_coding_csv(result.index), args.output)


def cmd_schema(args: argparse.Namespace) -> int:
    root = _root(args)
    vocabulary, problems = _vocabulary(args, root)
    if vocabulary is None:
        return _refuse(problems)
    return _write(schema.to_json(vocabulary, args.id), args.output)


COMMANDS = {"new": cmd_new, "check": cmd_check, "export": cmd_export, "schema": cmd_schema}


def run(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on a usage error, 0 on --help
        return int(exc.code or 0)
    try:
        return COMMANDS[args.command](args)
    except UsageError as exc:
        sys.stderr.write(f"tbvsite {args.command}: error: {exc}\n")
        return 2
    except OSError as exc:  # a file we were told to write or read cannot be: not a traceback
        sys.stderr.write(f"tbvsite {args.command}: error: {exc.filename or ''}: {exc.strerror}\n")
        return 2


def main() -> None:
    sys.exit(run())
