"""The ``tbvsite`` command: start a case, check the archive, export the coding, write the schema,
zip the offline edition.

Every subcommand returns an exit code; only :func:`main` calls ``sys.exit``.
0 = clean, 1 = problems in the user's files (or a file that would be
overwritten), 2 = usage error (bad arguments, a malformed slug, a missing path).
Output goes to stdout (or ``-o FILE``); problems and refusals to stderr,
except for ``check``, whose report is its output.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import replace
from pathlib import Path

from . import codebook, history, pipeline, scaffold, schema, template, translation
from . import sources as sources_module
from .checks import did_you_mean
from . import rules as editorial
from .authors import NAME_MAX, parse_orcid, split_name
from .fields import FORMS
from .loader import SLUG
from .model import Problem
from .report import format_github, format_json, format_text
from .textfile import read_text, shown_path
from .vocabulary import load_vocabulary

EXPORT_FORMATS = ("json", "csv", "qdc", "taguette", "qdpx")


class UsageError(Exception):
    """A mistake in the command line itself: exit code 2."""


class _AuthorAction(argparse.Action):
    """``--author NAME``: one more [name, orcid] pair, in the order given."""

    def __call__(self, parser, namespace, value, option_string=None):
        setattr(namespace, self.dest, [*getattr(namespace, self.dest, []), [value, ""]])


class _OrcidAction(argparse.Action):
    """``--orcid ID``: the iD of the author named just before it."""

    def __call__(self, parser, namespace, value, option_string=None):
        authors = getattr(namespace, self.dest, [])
        if not authors or authors[-1][1]:
            parser.error("--orcid belongs right after the --author it identifies")
        authors[-1][1] = value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tbvsite", description="Werk aan het tbvsite-archief.")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (default: here)")
    parser.add_argument("--vignettes", default="vignettes", help="vignettes folder, relative to --root")
    parser.add_argument("--taxonomy", default="vignettes/taxonomy.yml", help="taxonomy, relative to --root")
    sub = parser.add_subparsers(dest="command", required=True)

    new = sub.add_parser("new", help="write vignettes/SLUG.md from a template with every key")
    new.add_argument("slug", help="file name without .md: lowercase letters, digits and hyphens")
    new.add_argument("--title", default="", help="the title, filled in for you")
    new.add_argument("--form", choices=FORMS, default="",
                     help="beslissing (a decision: chosen, '## Hoe het afliep', '## Analyse') or reflectie; "
                          "filled in for you, with the matching headings")
    new.add_argument("--author", action=_AuthorAction, dest="authors", default=[], metavar='"ACHTERNAAM, VOORNAAM"',
                     help="an author of the case (repeat for each, in order)")
    new.add_argument("--orcid", action=_OrcidAction, dest="authors", metavar="ID",
                     help="the ORCID iD of the --author just before it")
    new.add_argument("--source", action="append", dest="sources", default=[], metavar="KEY",
                     help="the id of a source in vignettes/sources.yml the case rests on (repeat for each)")
    new.add_argument("--force", action="store_true",
                     help="rewrite the file if it is still the empty skeleton (never one with values filled in)")

    source = sub.add_parser("source", help="work on vignettes/sources.yml")
    source_sub = source.add_subparsers(dest="action", required=True)
    source_add = source_sub.add_parser("add", help="add the items of a CSL JSON file (Zotero, Pandoc, DOI) to sources.yml")
    source_add.add_argument("file", type=Path, help="a CSL JSON file: one item or a list")

    check = sub.add_parser("check", help="check the taxonomy and the vignettes; exit 1 on problems")
    check.add_argument("paths", nargs="*", type=Path, help="only these vignette files")
    check.add_argument("--format", choices=("text", "json", "github"), default="text",
                       help="github: workflow commands that annotate the lines of a pull request")
    check.add_argument("--notes", type=Path, help="teaching-notes folder, relative to --root "
                       "(default: teaching-notes in the vignettes folder, when it exists)")

    export = sub.add_parser("export", help="the coding as JSON or CSV, the taxonomy as a REFI-QDA codebook "
                                           "or a Taguette codebook (CSV), the archive as a REFI-QDA project (.qdpx)")
    export.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    export.add_argument("--language", choices=(translation.DEFAULT_LANGUAGE, *translation.LANGUAGES),
                        default=translation.DEFAULT_LANGUAGE, help="the edition whose texts it carries (default: nl)")
    export.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")

    overlap_ = sub.add_parser("overlap", help="find text copied or closely paraphrased from a source; exit 1 if any")
    overlap_.add_argument("--source", type=Path, required=True,
                          help="the source text (UTF-8), e.g. a reportage or an interview transcript")
    overlap_.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the vignettes and docs)")
    overlap_.add_argument("--words", type=int, default=7, help="shortest copied run reported (default 7)")
    overlap_.add_argument("--no-paraphrase", action="store_true", help="report copied runs only")
    overlap_.add_argument("--strict", action="store_true",
                          help="close paraphrases with a finer comb: word stems, 6 words, 60%% of the sentence")

    schema_ = sub.add_parser("schema", help="a JSON Schema of the front matter, from the taxonomy")
    schema_.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    schema_.add_argument("--id", default="", help="the schema's $id (its public address)")

    zip_ = sub.add_parser("zip", help="pack a built offline edition as NAME-EDITION-DATE.zip (date of the last commit)")
    zip_.add_argument("-f", "--config", type=Path, default=Path("mkdocs.offline.yml"),
                      help="the MkDocs config it was built with, relative to --root (default: mkdocs.offline.yml)")
    zip_.add_argument("-o", "--output", type=Path, help="folder for the zip (default: --root)")
    zip_.add_argument("--site", type=Path, help="the built site, if not in the config's site_dir")
    return parser


def _root(args: argparse.Namespace) -> Path:
    root = args.root.resolve()
    if not root.is_dir():
        raise UsageError(f"--root {args.root}: no such folder")
    return root


def _refuse(problems: list[Problem]) -> int:
    sys.stderr.write(format_text(problems))
    return 1


def _write(text: str | bytes, output: Path | None) -> int:
    if output is None:
        if isinstance(text, bytes):
            raise UsageError("this format is a zip file: give a file name with -o, e.g. -o archief.qdpx")
        sys.stdout.write(text)
        return 0
    if output.is_dir():
        raise UsageError(f"-o {output}: is a folder; give a file name")
    if not output.parent.is_dir():
        raise UsageError(f"-o {output}: the folder {output.parent} does not exist")
    if isinstance(text, bytes):
        output.write_bytes(text)
    else:
        output.write_text(text, encoding="utf-8")
    sys.stderr.write(f"wrote {output}\n")
    return 0


def _vocabulary(args: argparse.Namespace, root: Path):
    taxonomy = root / args.taxonomy
    shown = shown_path(taxonomy, root)
    return load_vocabulary(taxonomy, shown)


def _sources(args: argparse.Namespace, root: Path):
    """The sources beside the taxonomy (vignettes/sources.yml); problems in it are left to 'check'."""
    path = (root / args.taxonomy).parent / sources_module.FILE_NAME
    return sources_module.load_sources(path, shown_path(path, root))[0]


def _docs(root: Path) -> list[str]:
    """Source paths of the hand-written pages (``docs/``), whose addresses vignettes and facets may not take."""
    folder = root / "docs"
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md")) if folder.is_dir() else []


def _pipeline(args: argparse.Namespace, root: Path, language: str = translation.DEFAULT_LANGUAGE) -> pipeline.Result:
    return pipeline.run(root / args.vignettes, root / args.taxonomy, root=root, docs=_docs(root), language=language)


def cmd_new(args: argparse.Namespace) -> int:
    root = _root(args)
    slug = args.slug[:-3] if args.slug.endswith(".md") else args.slug
    if not SLUG.match(slug) or len(slug) > 80:
        raise UsageError(f"'{args.slug}' cannot be a file name and web address; use lowercase letters, "
                         "digits and single hyphens, e.g. 'tweede-bewonersavond'")
    if any(ch in args.title for ch in "\n\r"):
        raise UsageError("--title must be one line")
    authors = []
    for name, orcid in args.authors:
        parts = split_name(name)
        if parts is None or any(ch in name for ch in "\n\r") or len(name) > NAME_MAX:
            raise UsageError(f"--author '{name}': write one name as \"Achternaam, Voornaam\", e.g. \"Vries, Anna de\"")
        if orcid:
            raw = orcid
            orcid, wrong = parse_orcid(raw)
            if wrong:
                raise UsageError(f"--orcid {raw}: {wrong}")
        authors.append((f"{parts[0]}, {parts[1]}", orcid))
    folder = root / args.vignettes
    target = folder / f"{slug}.md"
    shown = shown_path(target, root)
    vocabulary, problems = _vocabulary(args, root)
    if vocabulary is None:
        return _refuse(problems)
    if target.exists() and not (args.force and scaffold.untouched(
            target.read_text(encoding="utf-8", errors="replace"),
            [template.render(vocabulary, slug, form=form) for form in ("", *FORMS)])):
        why = ("it has values filled in; --force rewrites only an empty skeleton" if args.force
               else "refusing to overwrite it; choose another slug, edit that file, or (while it is still "
                    "the empty skeleton) add --force (make new: FORCE=1)")
        sys.stderr.write(f"{shown}: exists: {why}\n")
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    rules_path = (root / args.taxonomy).parent / editorial.FILE_NAME
    rules, problems = editorial.load_rules(rules_path, shown_path(rules_path, root), vocabulary)
    if problems:
        return _refuse(problems)
    known = _sources(args, root)
    for key in args.sources:
        if key not in known:
            hint = did_you_mean(key, known.items) or f"add the source to {known.path} first" + (
                f" (it has: {', '.join(known.items)})" if known.items else "")
            raise UsageError(f"--source {key}: not in {known.path}; {hint}")
    target.write_text(template.render(vocabulary, slug, args.title, args.form, authors, rules,
                                      sources=args.sources, known=known), encoding="utf-8")
    sys.stdout.write(f"wrote {shown}\nfill in every empty value, then run: tbvsite check {shown}\n")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    root = _root(args)
    paths = [p if p.is_absolute() else (Path.cwd() / p) for p in args.paths] or None
    # A link or a FIFO given by name is the checker's to refuse (symlink, not-a-file), not a usage error.
    missing = [str(p) for p, full in zip(args.paths, paths or ())
               if not (full.is_symlink() or (full.exists() and not full.is_dir()))]
    if missing:
        raise UsageError(f"no such file: {', '.join(missing)}")
    notes = root / (args.notes or Path(args.vignettes) / pipeline.NOTES_FOLDER)
    if args.notes is not None and not notes.is_dir():
        raise UsageError(f"--notes {args.notes}: no such folder")
    folder = (root / args.vignettes).resolve()
    languages = [folder / lang for lang in translation.LANGUAGES]
    if paths and any(p.resolve().parent in languages for p in paths):
        # A translation is checked against its Dutch original: check everything, show these files.
        result = pipeline.run(root / args.vignettes, root / args.taxonomy, root=root, notes=notes,
                              docs=_docs(root), translations=True)
        shown = {shown_path(p.resolve(), root) for p in paths}
        result = replace(result, problems=[p for p in result.problems if p.path in shown])
    else:
        result = pipeline.run(root / args.vignettes, root / args.taxonomy, root=root, paths=paths, notes=notes,
                              docs=_docs(root), translations=True)
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
    if args.format in ("qdc", "taguette"):
        vocabulary, problems = _vocabulary(args, root)
        if vocabulary is None:
            return _refuse(problems)
        vocabulary = translation.localize_vocabulary(vocabulary, args.language)
        write = codebook.to_qdc if args.format == "qdc" else codebook.to_taguette_csv
        return _write(write(vocabulary), args.output)
    result = _pipeline(args, root, args.language)
    if result.index is None:
        return _refuse(result.problems)
    from .emit import opendata  # here, so 'check' and 'new' never depend on the emitters

    if args.format == "json":
        found = history.versions(result.index.vignettes, history.read_history(root / args.vignettes))
        return _write(opendata.to_json(result.index, versions=found), args.output)
    if args.format == "qdpx":
        from . import qdpx

        return _write(qdpx.to_qdpx(result.index, _site_name(root, args.language), args.language), args.output)
    return _write(opendata.to_coding_csv(result.index), args.output)


_SITE_NAME = re.compile(r"^site_name:[ \t]*['\"]?(.*?)['\"]?[ \t]*$", re.M)


def _site_name(root: Path, language: str) -> str:
    """The name of the site (mkdocs.yml, or the language's overlay mkdocs.<language>.yml), for the project."""
    for name in ([f"mkdocs.{language}.yml"] if language != translation.DEFAULT_LANGUAGE else []) + ["mkdocs.yml"]:
        path = root / name
        found = _SITE_NAME.search(path.read_text(encoding="utf-8")) if path.is_file() else None
        if found and found.group(1):
            return found.group(1)
    return root.name


def cmd_schema(args: argparse.Namespace) -> int:
    root = _root(args)
    vocabulary, problems = _vocabulary(args, root)
    if vocabulary is None:
        return _refuse(problems)
    sources = _sources(args, root)
    return _write(schema.to_json(vocabulary, args.id, sources), args.output)


def cmd_zip(args: argparse.Namespace) -> int:
    from . import offline

    root = _root(args)
    try:
        target, date, count, replaced = offline.make_zip(root / args.config, args.output, args.site)
    except offline.ZipError as exc:
        raise UsageError(str(exc)) from None
    if replaced:
        sys.stderr.write(f"tbvsite zip: replaced the earlier {target.name}\n")
    if date is not None and offline.uncommitted(root):
        sys.stderr.write("tbvsite zip: warning: the work tree has uncommitted changes; the zip holds them "
                         f"but carries the date of the last commit ({date})\n")
    if date is None:
        sys.stderr.write(f"tbvsite zip: warning: no git history in {root}, so no version date: the zip is "
                         f"labelled '{offline.NO_DATE}' instead of the date of the last commit\n")
    sys.stdout.write(f"wrote {target} ({count} files, {target.stat().st_size:,} bytes)\n")
    return 0


def cmd_overlap(args: argparse.Namespace) -> int:
    from . import overlap  # here, so the other commands never load it

    root = _root(args)
    if args.words < 3:
        raise UsageError("--words must be at least 3")
    text, problems = read_text(args.source, str(args.source)) if args.source.is_file() else (None, [])
    if text is None:
        raise UsageError(f"--source {args.source}: " + (problems[0].message if problems else "no such file"))
    paths = args.paths or [p for p in (root / args.vignettes, root / "docs") if p.is_dir()]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    if args.strict and args.no_paraphrase:
        raise UsageError("--strict combs the paraphrase check finer; it cannot go with --no-paraphrase")
    source = overlap.Source(text, args.words, overlap.STRICT if args.strict else overlap.DEFAULT)
    findings = overlap.compare(source, overlap.files(paths, skip=args.source),
                               lambda p: shown_path(p.absolute(), Path.cwd()), paraphrase=not args.no_paraphrase)
    for finding in findings:
        sys.stdout.write(finding.format() + "\n")
    runs = sum(f.kind == "run" for f in findings)
    sys.stderr.write(f"{runs} copied run(s) of {args.words}+ words, {len(findings) - runs} close paraphrase(s)\n")
    return 1 if findings else 0


def cmd_source(args: argparse.Namespace) -> int:
    from . import csl_import

    root = _root(args)
    path = (root / args.taxonomy).parent / sources_module.FILE_NAME
    if not args.file.is_file():
        raise UsageError(f"{args.file}: no such file")
    try:
        messages, errors = csl_import.add(args.file, path, shown_path(path, root))
    except ValueError as error:
        raise UsageError(str(error)) from None
    for line in errors:
        sys.stderr.write(line + "\n")
    if errors:
        sys.stderr.write(f"nothing written to {shown_path(path, root)}\n")
        return 1
    for line in messages:
        sys.stdout.write(line + "\n")
    sys.stdout.write(f"wrote {shown_path(path, root)}; cite with: tbvsite new SLUG --source ID\n")
    return 0


COMMANDS = {"new": cmd_new, "source": cmd_source, "check": cmd_check, "export": cmd_export, "schema": cmd_schema, "zip": cmd_zip,
            "overlap": cmd_overlap}


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
