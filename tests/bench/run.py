#!/usr/bin/env python3
"""The performance benchmark (``make bench``): the plugin against the Material floor.

For N = 100, 1,000 and 3,000 synthetic vignettes (``synthetic.py``) it builds
two sites with ``mkdocs build`` in a subprocess, alternating them:

- *plugin*: our plugin over the synthetic ``vignettes/``, with the theme,
  Markdown extensions and search settings of the repository's ``mkdocs.yml``,
  a small nav (start page, vignette list, overview, facet indexes) and both
  editions (the English one under ``en/``, with the repository's overlay);
- *floor*: the same vignette files as plain Markdown pages of a Material site
  with the same theme and extensions and a nav of one page, built once per
  language (``mkdocs.yml`` and ``mkdocs.en.yml``), one after the other.

Per build it records the wall time (the floor: the sum of its two builds),
the peak RSS of the build process and, apart, of its largest child (the
English edition's build in a second process; ``MKDOCS_WITH_PEAKS``).
``--builds-only`` measures these builds and nothing else. At 1,000 vignettes (or the middle size) it also times
``tbvsite check``; one build of each site per page type (the plugin's emitter,
MkDocs' Markdown conversion with the page hooks, the theme's template, and the
HTML's weight); the time from saving an edit of one vignette body to the
rebuilt page under ``mkdocs serve`` (MkDocs' own serve command, its file
watcher replaced by a stand-in that calls the builder; the median of five
edits, on a clone of the real archive with both editions and at 100 and
1,000 synthetic vignettes; ``--serve-only`` measures just that); and the
explore page's filter in Chromium. The table, with date and machine, goes to
``tests/bench/RESULTS.md`` (development documentation, not a page of the
site); ``--out -`` prints it instead.

This is not a test: pytest does not collect it (``--ignore=tests/bench``).
"""

from __future__ import annotations

import argparse
import datetime
import http.server
import functools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import synthetic  # noqa: E402

PYTHON = sys.executable
ANALYSIS = HERE / "analyse.md"
TBVSITE = Path(PYTHON).with_name("tbvsite")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}

TARGETS = {
    "ratio_1000": 1.3,  # plugin build / floor build at 1,000 (issue 14; the goal beyond it is 1.15)
    "growth": 3.3,  # plugin build at 3,000 / at 1,000
    "rss_3000_mb": 300,  # peak RSS of the plugin build at 3,000
    "check_1000_s": 1.0,  # tbvsite check on 1,000 vignettes
    "explore_1000_ms": 50,  # one filter change on the explore page at 1,000
    "handout_1000_kb": 50,  # the handout page (HTML) at 1,000
}

# From saving an edit of one vignette body to its rebuilt page under serve, median of SERVE_EDITS
# edits (issue 26): the real archive (both editions), and synthetic archives of 100 and 1,000.
SERVE_EDITS = 5
SERVE_TARGETS = {"real": 1.0, 100: 2.0, 1000: 5.0}

TYPE_NAMES = {"vignette": "vignet", "vignettes": "vignettenlijst", "term": "term", "facet": "facet-index",
              "overview": "overzicht", "handout": "hand-out", "explore": "verkennen", "network": "netwerk",
              "page": "gewone pagina (Markdown)", "other (generated)": "overig (gegenereerd)"}


@dataclass
class Run:
    seconds: float
    rss_mb: float
    ok: bool
    warnings: int = 0
    error: str = ""
    child_rss_mb: float = 0.0  # the largest child's peak (the English edition's build), 0 if none
    # Processor time of the process and the children it waited for (user + system, os.wait4): what
    # the build costs, whatever else the machine is doing; both editions together for the plugin.
    cpu_seconds: float = 0.0


@dataclass
class Series:
    runs: list[Run] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.ok for r in self.runs)

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def rss_mb(self) -> float:
        return max(r.rss_mb for r in self.runs)

    @property
    def child_rss_mb(self) -> float:
        return max(r.child_rss_mb for r in self.runs)


# ----------------------------------------------------------------- projects

class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as data; MkDocs' own tags (``!ENV [NAME, default]``) read as their default."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: (
    loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) else None))


def base_config() -> dict:
    """Theme, Markdown extensions and search settings of the repository's own site."""
    real = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    theme = dict(real.get("theme", {}))
    theme.pop("custom_dir", None)
    search = [p for p in real.get("plugins", []) if p == "search" or (isinstance(p, dict) and "search" in p)]
    return {"theme": theme, "markdown_extensions": real.get("markdown_extensions", []), "search": search}


def make_plugin_project(folder: Path, n: int, base: dict) -> Path:
    synthetic.write_corpus(folder / "vignettes", n)
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    (folder / "docs" / "index.md").write_text(
        "# Start\n\nEen synthetisch archief voor de benchmark. Zie de [vignetten](vignetten/index.md).\n",
        encoding="utf-8")
    taxonomy = yaml.safe_load((folder / "vignettes" / "taxonomy.yml").read_text(encoding="utf-8"))
    # The hand-written pages that the taxonomy's descriptions link to (e.g. ../leeswijzer.md), as stubs.
    text = (folder / "vignettes" / "taxonomy.yml").read_text(encoding="utf-8")
    for name in sorted(set(re.findall(r"\(\.\./([a-z0-9-]+)\.md[#)]", text))):
        (folder / "docs" / f"{name}.md").write_text(f"# {name.capitalize()}\n\nEen stand-in voor de benchmark.\n",
                                                    encoding="utf-8")
    facets = [{f["label"]: f"{f['segment']}/index.md"} for f in taxonomy["facets"].values()]
    config = {
        "site_name": "Benchmark", "docs_dir": "docs", "strict": False, "theme": base["theme"],
        "plugins": base["search"] + [{"tbvsite": {"vignettes": "vignettes", "taxonomy": "vignettes/taxonomy.yml",
                                                  "translations": {"en": "mkdocs.en.yml"}}}],
        "markdown_extensions": base["markdown_extensions"],
        "validation": {"nav": {"omitted_files": "info"}},
        "nav": [{"Start": "index.md"}, {"Vignetten": "vignetten/index.md"}, {"Overzicht": "overzicht.md"},
                {"Begrippen": facets}],
    }
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # The English edition, as the site builds it: the repository's overlay (site name, palette, nav titles).
    shutil.copyfile(ROOT / "mkdocs.en.yml", folder / "mkdocs.en.yml")
    return folder


def make_floor_project(folder: Path, source: Path, base: dict) -> Path:
    """The same vignette files as plain Markdown pages of a Material site with a one-page nav, once per
    language: ``mkdocs.yml`` (Dutch, into ``site/``) and ``mkdocs.en.yml`` (English, into ``site/en/``)."""
    pages = folder / "docs" / "vignetten"
    pages.mkdir(parents=True, exist_ok=True)
    for path in source.glob("*.md"):
        shutil.copyfile(path, pages / path.name)
    (folder / "docs" / "index.md").write_text("# Start\n\nEen synthetisch archief voor de benchmark.\n",
                                              encoding="utf-8")
    config = {
        "site_name": "Benchmark (floor)", "docs_dir": "docs", "strict": False, "theme": base["theme"],
        "plugins": base["search"], "markdown_extensions": base["markdown_extensions"],
        "validation": {"nav": {"omitted_files": "info"}},
        "nav": [{"Start": "index.md"}],
    }
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    english = {**config, "theme": {**config["theme"], "language": "en"},
               "plugins": [_search_in(p, "en") for p in config["plugins"]]}
    (folder / "mkdocs.en.yml").write_text(yaml.safe_dump(english, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
    return folder


def _search_in(plugin, language: str):
    """The search plugin's entry with ``lang`` set (English stemming for the English floor)."""
    if plugin == "search":
        return {"search": {"lang": language}}
    if isinstance(plugin, dict) and "search" in plugin:
        return {"search": {**(plugin["search"] or {}), "lang": language}}
    return plugin


# ----------------------------------------------------------------- measuring

MKDOCS_WITH_PEAKS = textwrap.dedent("""
    # 'mkdocs' itself, saying at exit the peak RSS of its own process and of its largest child (the
    # plugin builds the English edition in a forked child, tbvsite/mkdocs/parallel.py): os.wait4 on
    # the command gives only the larger of the two.
    import atexit, json, os, resource, runpy, sys

    def peaks():
        with open(os.environ["TBVSITE_BENCH_PEAKS"], "w") as fd:
            json.dump({"self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                       "children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}, fd)

    atexit.register(peaks)
    sys.argv = ["mkdocs", *sys.argv[1:]]
    runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)
""")


def measured(argv: list[str], cwd: Path, timeout: float = 900, env: dict | None = None) -> tuple[Run, str]:
    """Run a command; wall time and the peak RSS of that process tree (os.wait4)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, env={**ENV, **(env or {})}, stdout=out, stderr=subprocess.STDOUT)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.005)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    ok = process.returncode == 0
    run = Run(seconds, usage.ru_maxrss / 1024, ok, warnings=text.count("WARNING"),
              error="" if ok else text[-2000:], cpu_seconds=usage.ru_utime + usage.ru_stime)
    return run, text


def build(project: Path) -> Run:
    """The plugin's build of both editions: one ``mkdocs build``; the peaks of the build process
    and of its largest child (the English edition's, when it runs in a second process)."""
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    script, peaks = project / "mkdocs_peaks.py", project / "peaks.json"
    script.write_text(MKDOCS_WITH_PEAKS, encoding="utf-8")
    peaks.unlink(missing_ok=True)
    run, _ = measured([PYTHON, str(script), "build", "-d", str(site)], project,
                      env={"TBVSITE_BENCH_PEAKS": str(peaks)})
    if peaks.is_file():
        found = json.loads(peaks.read_text(encoding="utf-8"))
        run.rss_mb, run.child_rss_mb = found["self"] / 1024, found["children"] / 1024
    return run


def build_floor(project: Path) -> Run:
    """The floor: plain Material builds the same Markdown once per language, one after the other."""
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    dutch, _ = measured([PYTHON, "-m", "mkdocs", "build", "-d", str(site)], project)
    english, _ = measured([PYTHON, "-m", "mkdocs", "build", "-f", "mkdocs.en.yml", "-d", str(site / "en")], project)
    return Run(dutch.seconds + english.seconds, max(dutch.rss_mb, english.rss_mb), dutch.ok and english.ok,
               warnings=dutch.warnings + english.warnings, error=dutch.error or english.error,
               cpu_seconds=dutch.cpu_seconds + english.cpu_seconds)


def time_check(project: Path, runs: int) -> Series:
    series = Series()
    for _ in range(runs):
        run, text = measured([str(TBVSITE), "--root", str(project), "check"], project, timeout=120)
        series.runs.append(run)
    return series


REBUILD_SCRIPT = textwrap.dedent("""
    # 'mkdocs serve' itself (mkdocs/commands/serve.py), with its live-reload server replaced
    # by a stand-in that, like the file watcher, calls the builder after each saved edit.
    # Measured: from saving an edit of one vignette body to the rebuilt page on disk, five edits.
    import json, sys, time
    from pathlib import Path
    from mkdocs.commands import serve

    project, target = Path(sys.argv[1]), Path(sys.argv[2])
    times = []

    class Server:
        def __init__(self, builder, host, port, root, **kwargs):
            self.builder, self.root = builder, Path(root)
        def watch(self, *args, **kwargs):
            pass
        def shutdown(self, wait=False):
            pass
        def serve(self, open_in_browser=False):
            original = target.read_text(encoding="utf-8")
            page = self.root / "vignetten" / target.stem / "index.html"
            try:
                for i in range(EDITS):
                    marker = f"Bewerkt {i}"
                    target.write_text(original.replace("## ", f"## {marker} ", 1), encoding="utf-8")
                    start = time.perf_counter()
                    self.builder()
                    times.append(time.perf_counter() - start)
                    assert marker in page.read_text(encoding="utf-8"), "the edited page was not rebuilt"
            finally:
                target.write_text(original, encoding="utf-8")

    serve.LiveReloadServer = Server
    serve.serve(config_file=str(project / "mkdocs.yml"), livereload=True)
    print(json.dumps(times))
""").replace("EDITS", str(SERVE_EDITS))


def _run_script(project: Path, name: str, source: str, *args: str):
    """Run one of the measuring scripts in the project; its last line of output is JSON.
    Returns (that value, "") or (None, the end of its error output)."""
    script = project / name
    script.write_text(source, encoding="utf-8")
    result = subprocess.run([PYTHON, str(script), str(project), *args], cwd=project,
                            env=ENV, capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        return None, result.stderr[-1500:]
    return json.loads(result.stdout.strip().splitlines()[-1]), ""


def time_rebuild(project: Path, target: Path | None = None) -> tuple[float | None, str]:
    """Median seconds from saving an edit of one vignette body to its rebuilt page under serve."""
    target = target or sorted((project / "vignettes").glob("casus-*.md"))[-1]
    seconds, error = _run_script(project, "rebuild.py", REBUILD_SCRIPT, str(target))
    if seconds is not None:
        print(f"  save -> page in {project.name}: {[round(s, 2) for s in seconds]}", flush=True)
    return (statistics.median(seconds) if seconds is not None else None), error


def real_archive(folder: Path) -> Path:
    """A clone of this repository (its archive, both editions, its history), to edit without touching it."""
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(folder)], check=True)
    return folder


def time_edits(work: Path, sizes: list[int], base: dict) -> tuple[list[tuple], list[str]]:
    """Save -> page under serve (median of SERVE_EDITS edits): the real archive, then each synthetic size."""
    rows, notes = [], []
    projects = [("het echte archief", real_archive(work / "real"), "real", "vignettes/heidag.md")]
    for n in sizes:
        folder = work / f"plugin-{n}"
        project = folder if (folder / "mkdocs.yml").is_file() else make_plugin_project(folder, n, base)
        projects.append((f"{n:,} vignetten".replace(",", "."), project, n, None))
    for label, project, key, target in projects:
        seconds, why = time_rebuild(project, project / target if target else None)
        print(f"serve save -> page, {label}: {seconds} {why}", flush=True)
        if why:
            notes.append(f"Van bewaren tot pagina ({label}) is niet gemeten: {why.strip().splitlines()[-1]}")
        limit = SERVE_TARGETS.get(key)
        if limit is not None:
            rows.append((f"Van bewaren tot pagina (serve), {label}", f"≤ {fmt(limit, ' s', 0)}", fmt(seconds, " s"),
                         None if seconds is None else seconds <= limit))
    return rows, notes


PAGE_TYPES_SCRIPT = textwrap.dedent("""
    # One 'mkdocs build' in this process, timed per page type: the plugin's emitters (generating
    # the page), MkDocs' reading and Markdown conversion with every plugin's page hooks, the
    # theme's template, and the size of the written HTML.
    import collections, json, sys, time
    from pathlib import Path
    import mkdocs.commands.build as build

    project = Path(sys.argv[1])
    stats = collections.defaultdict(lambda: {"pages": 0, "emit": 0.0, "convert": 0.0, "template": 0.0, "bytes": 0})

    def kind(page):
        meta = page.meta.get("tbvsite") if isinstance(page.meta, dict) else None
        if isinstance(meta, dict) and meta.get("kind"):
            return meta["kind"]
        return "page" if not page.file.generated_by else "other (generated)"

    def timed(original, field):
        def run(page, *args, **kwargs):
            start = time.perf_counter()
            try:
                return original(page, *args, **kwargs)
            finally:
                entry = stats[kind(page)]
                entry[field] += time.perf_counter() - start
                if field == "template":
                    entry["pages"] += 1
                    path = Path(page.file.abs_dest_path)
                    entry["bytes"] += path.stat().st_size if path.is_file() else 0
        return run

    build._populate_page = timed(build._populate_page, "convert")
    build._build_page = timed(build._build_page, "template")
    try:
        import tbvsite.emit as emit
        kinds = {"vignette": "vignette", "term": "term", "overview": "overview", "handout": "handout",
                 "explore": "explore", "network": "network"}
        def wrap(emitter):
            name = emitter.__module__.rsplit(".", 1)[-1]
            def run(index, context):
                start = time.perf_counter()
                try:
                    return emitter(index, context)
                finally:
                    stats[kinds.get(name, "other (generated)")]["emit"] += time.perf_counter() - start
            return run
        emit.EMITTERS = tuple(wrap(e) for e in emit.EMITTERS)
    except ImportError:
        pass
    from mkdocs.config import load_config
    start = time.perf_counter()
    build.build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site-types")))
    total = time.perf_counter() - start
    print(json.dumps({"total": total, "types": stats}))
""")


def page_types(project: Path) -> tuple[dict | None, str]:
    """Seconds per page type (emit, convert, template) and the HTML weight, from one build."""
    return _run_script(project, "page_types.py", PAGE_TYPES_SCRIPT)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


EXPLORE_JS = """() => {
  const form = document.getElementById('tbv-filter');
  const boxes = Array.from(form.querySelectorAll('input[type=checkbox]'));
  const pick = [];
  for (let i = 0; i < boxes.length; i += Math.max(1, Math.floor(boxes.length / 9))) pick.push(boxes[i]);
  const times = [];
  for (const box of pick) {
    const start = performance.now();
    box.checked = !box.checked;
    form.dispatchEvent(new Event('change', {bubbles: true}));
    document.body.getBoundingClientRect(); void document.body.offsetHeight;  // include style and layout
    times.push(performance.now() - start);
  }
  return times;
}"""


def time_explore(site: Path) -> tuple[float | None, str]:
    """Median time of one filter change on the explore page (script + layout), in ms."""
    page_dir = site / "verkennen"
    if not (page_dir / "index.html").is_file():
        return None, "verkennen/index.html is missing from the build"
    executable = shutil.which("chromium")
    if not executable:
        return None, "Debian's chromium is not installed (make bench installs it as root)"
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable,
                                                 args=["--headless", "--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/verkennen/", wait_until="load")
            page.wait_for_selector("#tbv-filter[data-tbv-ready]", state="attached", timeout=10_000)
            times = page.evaluate(EXPLORE_JS) + page.evaluate(EXPLORE_JS)
            browser.close()
    finally:
        server.shutdown()
    return statistics.median(times), ""


# ----------------------------------------------------------------- reporting

def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GB".replace(".", ",")
    except (OSError, StopIteration, ValueError):
        pass
    from importlib.metadata import version
    return {"cpus": str(os.cpu_count()), "cpu": cpu, "ram": ram, "python": platform.python_version(),
            "mkdocs": version("mkdocs"), "material": version("mkdocs-material"),
            "os": platform.platform(terse=True)}


def fmt(value: float | None, unit: str = "", digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}{unit}".replace(".", ",")


def verdict(ok: bool | str | None) -> str:
    if isinstance(ok, str):
        return ok
    return "niet gemeten" if ok is None else ("gehaald" if ok else "niet gehaald")


def render(results: dict, info: dict[str, str], runs: dict[int, int], notes: list[str]) -> str:
    sizes = sorted(results["builds"])
    out = ["# Prestaties (benchmark)\n",
           "Dit bestand is geschreven door de benchmark (`make bench`, `tests/bench/run.py`). "
           "Hij bouwt een synthetisch archief met de echte taxonomie op twee manieren: met onze plugin, "
           "en als gewone Material-site met dezelfde Markdown en een klein menu (de *ondergrens*). "
           "De plugin bouwt beide talen (de Engelse editie onder `en/`, in een tweede proces terwijl de "
           "Nederlandse bouw doorloopt); de ondergrens bouwt dezelfde Markdown twee keer, één keer per taal, "
           "na elkaar. Tijden zijn medianen van de wandkloktijd (de ondergrens: de som van de twee bouwen); "
           "het geheugen is het hoogste residente geheugen (RSS) van het bouwproces en, apart, van zijn "
           "grootste kindproces (de Engelse editie). Beide processen delen bij de start het geheugen van het "
           "bouwproces, dus hun som is een bovengrens van wat ze samen innemen.\n",
           f"Gemeten op {results['date']}: {info['cpus']} kernen ({plainmd(info['cpu'])}), {info['ram']} geheugen, "
           f"Python {info['python']}, MkDocs {info['mkdocs']}, Material {info['material']}.\n",
           "## Bouwtijd en geheugen\n",
           "| Vignetten | Runs | Plugin, beide talen (s) | Ondergrens, twee talen (s) | Verhouding | "
           "Plugin RSS bouwproces (MB) | Plugin RSS tweede proces (MB) | Ondergrens RSS (MB) |",
           "|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for n in sizes:
        plugin, floor = results["builds"][n]["plugin"], results["builds"][n]["floor"]
        if not (plugin.ok and floor.ok):
            out.append(f"| {n:,} | {runs[n]} | mislukt | mislukt | – | – | – | – |".replace(",", "."))
            continue
        out.append(f"| {n:,} | {runs[n]} | {fmt(plugin.seconds)} | {fmt(floor.seconds)} | "
                   f"{fmt(plugin.seconds / floor.seconds)} | {fmt(plugin.rss_mb, digits=0)} | "
                   f"{fmt(plugin.child_rss_mb, digits=0)} | {fmt(floor.rss_mb, digits=0)} |".replace(f"{n:,}", f"{n:,}".replace(",", ".")))
    out.append("")
    out.append("## Doelen\n")
    out.append("| Doel | Norm | Gemeten | Oordeel |")
    out.append("|---|--:|--:|---|")
    for label, norm, value, ok in results["targets"]:
        out.append(f"| {label} | {norm} | {value} | {verdict(ok)} |")
    out.append("")
    if results.get("types"):
        out += render_types(results["types"])
    if notes:
        out.append("## Toelichting\n")
        out += [f"- {n}" for n in notes]
        out.append("")
    if ANALYSIS.is_file():  # what dominates and what was tried: written by hand after profiling
        out.append(ANALYSIS.read_text(encoding="utf-8").strip() + "\n")
    return "\n".join(out)


def render_types(types: dict) -> list[str]:
    """The table per page type: the plugin's build and the floor's, from one build each."""
    out = [f"## Per paginatype (bij {types['n']:,} vignetten)\n".replace(",", "."),
           "Eén bouw per site in één proces (`PAGE_TYPES_SCRIPT`): *genereren* is de emitter van de plugin, "
           "*omzetten* is MkDocs' lezen en Markdown-omzetting met de paginahooks van alle plugins, *sjabloon* "
           "is het thema (Jinja) met het schrijven van de pagina. De ondergrens heeft alleen gewone pagina's.\n",
           "| Site | Paginatype | Pagina's | Genereren (s) | Omzetten (s) | Sjabloon (s) | ms per pagina | KB per pagina |",
           "|---|---|--:|--:|--:|--:|--:|--:|"]
    for site, label in (("plugin", "plugin"), ("floor", "ondergrens")):
        found = types.get(site)
        if not found:
            out.append(f"| {label} | niet gemeten | – | – | – | – | – | – |")
            continue
        rows = sorted(found["types"].items(), key=lambda item: -(item[1]["convert"] + item[1]["template"] + item[1]["emit"]))
        for name, t in rows:
            pages = t["pages"]
            spent = t["emit"] + t["convert"] + t["template"]
            per_page = fmt(1000 * spent / pages, digits=1) if pages else "–"
            weight = fmt(t["bytes"] / 1024 / pages, digits=1) if pages else "–"
            out.append(f"| {label} | {TYPE_NAMES.get(name, plainmd(name))} | {pages} | {fmt(t['emit'])} | "
                       f"{fmt(t['convert'])} | {fmt(t['template'])} | {per_page} | {weight} |")
        out.append(f"| {label} | **hele bouw** | | | | | | {fmt(found['total'])} s |")
    out.append("")
    return out


def plainmd(text: str) -> str:
    return text.replace("|", "/").replace("*", "").replace("_", " ")


# ----------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="100,1000,3000", help="comma-separated vignette counts")
    parser.add_argument("--runs", type=int, default=3, help="builds per site and size (median)")
    parser.add_argument("--runs-largest", type=int, default=0, help="runs at the largest size (default: --runs)")
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"), help="the file to write, or -")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--serve-only", action="store_true",
                        help="only save -> page under serve (the real archive and --sizes, default 100,1000); "
                             "prints its table")
    parser.add_argument("--builds-only", action="store_true",
                        help="only the builds of both sites (no check, page types, serve or explore)")
    args = parser.parse_args(argv)
    if args.serve_only:
        return serve_only(args)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    runs = {n: args.runs for n in sizes}
    if args.runs_largest:
        runs[sizes[-1]] = args.runs_largest
    info = machine()
    notes: list[str] = []
    if args.runs_largest and args.runs_largest != args.runs:
        largest = f"{sizes[-1]:,}".replace(",", ".")  # Dutch thousands separator
        notes.append(f"Bij {largest} vignetten is elke site {args.runs_largest} keer gebouwd in plaats van "
                     f"{args.runs} keer, om de benchmark kort te houden.")
    base = base_config()
    work = Path(tempfile.mkdtemp(prefix="tbvsite-bench-"))
    results: dict = {"date": datetime.date.today().isoformat(), "builds": {}}
    started = time.perf_counter()
    print(f"benchmark in {work}; machine: {info}", flush=True)
    try:
        for n in sizes:
            plugin = make_plugin_project(work / f"plugin-{n}", n, base)
            floor = make_floor_project(work / f"floor-{n}", plugin / "vignettes", base)
            series = {"plugin": Series(), "floor": Series()}
            for i in range(runs[n]):
                order = ("plugin", "floor") if i % 2 == 0 else ("floor", "plugin")
                for kind in order:
                    run = build(plugin) if kind == "plugin" else build_floor(floor)
                    series[kind].runs.append(run)
                    print(f"N={n} {kind} run {i + 1}: {run.seconds:.2f} s, {run.rss_mb:.0f} MB, "
                          f"ok={run.ok}, warnings={run.warnings}", flush=True)
                    if not run.ok:
                        print(run.error, file=sys.stderr)
            results["builds"][n] = series
            for kind, s in series.items():
                if s.ok and s.runs[-1].warnings:
                    notes.append(f"De {kind}-bouw bij {n} vignetten gaf {s.runs[-1].warnings} waarschuwingen.")
        check_n = 1000 if 1000 in sizes else sizes[len(sizes) // 2]
        project = work / f"plugin-{check_n}"
        check, types, serve_rows, explore = Series(), {"n": check_n}, [], None
        if args.builds_only:
            notes.append("Alleen de bouwtijden en het geheugen zijn gemeten (`--builds-only`).")
        else:
            check = time_check(project, 3)
            print(f"check at {check_n}: {[round(r.seconds, 3) for r in check.runs]}", flush=True)
            types = {"n": check_n}
            for site, folder in (("plugin", project), ("floor", work / f"floor-{check_n}")):
                found, why = page_types(folder)
                print(f"page types of {site} at {check_n}: {found} {why}", flush=True)
                if found:
                    types[site] = found
                else:
                    notes.append(f"De tijd per paginatype ({site}) is niet gemeten: {why.strip().splitlines()[-1]}")
            results["types"] = types
            serve_rows, serve_notes = time_edits(work, [n for n in sizes if n in SERVE_TARGETS], base)
            notes += serve_notes
            if (ROOT / "tbvsite" / "emit" / "explore.py").is_file():
                explore, why = time_explore(project / "site")
            else:
                explore, why = None, "de verkenpagina bestaat nog niet"
            print(f"explore filter at {check_n}: {explore} {why}", flush=True)
            if why:
                notes.append(f"Het filter van de verkenpagina is niet gemeten: {why}.")

        b = results["builds"]
        def ratio(n):
            return b[n]["plugin"].seconds / b[n]["floor"].seconds if n in b and b[n]["plugin"].ok and b[n]["floor"].ok else None
        r1000 = ratio(1000)
        growth = (b[3000]["plugin"].seconds / b[1000]["plugin"].seconds
                  if 1000 in b and 3000 in b and b[1000]["plugin"].ok and b[3000]["plugin"].ok else None)
        rss = (max(b[3000]["plugin"].rss_mb, b[3000]["plugin"].child_rss_mb)
               if 3000 in b and b[3000]["plugin"].ok else None)
        check_s = check.seconds if check.ok else None
        results["targets"] = [
            ("Bouwtijd plugin (beide talen) / ondergrens (twee talen) bij 1.000", "≤ 1,3 (daarna 1,15)", fmt(r1000), None if r1000 is None else r1000 <= TARGETS["ratio_1000"]),
            ("Groei bouwtijd 1.000 → 3.000", "≤ 3,3", fmt(growth), None if growth is None else growth <= TARGETS["growth"]),
            ("Piek-RSS plugin bij 3.000 (het grootste van de twee processen)", "≤ 300 MB", fmt(rss, " MB", 0), None if rss is None else rss <= TARGETS["rss_3000_mb"]),
            (f"`tbvsite check` op {check_n:,}".replace(",", "."), "≤ 1 s", fmt(check_s, " s"), None if check_s is None else check_s <= TARGETS["check_1000_s"]),
            (f"Filter verkenpagina bij {check_n:,}".replace(",", "."), "≤ 50 ms", fmt(explore, " ms", 1), None if explore is None else explore <= TARGETS["explore_1000_ms"]),
            *serve_rows,
        ]
        handout = types.get("plugin", {}).get("types", {}).get("handout") if check_n == 1000 else None
        handout_kb = handout["bytes"] / 1024 if handout and handout.get("pages") else None
        results["targets"].append(("Hand-outpagina bij 1.000", "< 50 KB", fmt(handout_kb, " KB", 1),
                                   None if handout_kb is None else handout_kb < TARGETS["handout_1000_kb"]))
        total = time.perf_counter() - started
        notes.append(f"De hele benchmark duurde {total / 60:.1f} minuten.".replace(".", ",", 1))
        text = render(results, info, runs, notes)
        if args.out == "-":
            print(text)
        else:
            Path(args.out).write_text(text, encoding="utf-8")
            print(f"wrote {args.out}", flush=True)
        failed = [n for n in sizes if not all(s.ok for s in results["builds"][n].values())]
        return 1 if failed or not (check.ok or args.builds_only) else 0
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def serve_only(args) -> int:
    """``--serve-only``: save -> page under serve, without the builds; the table on standard output."""
    sizes = sorted(int(s) for s in args.sizes.split(",")) if args.sizes != "100,1000,3000" else [100, 1000]
    work = Path(tempfile.mkdtemp(prefix="tbvsite-bench-serve-"))
    started = time.perf_counter()
    try:
        rows, notes = time_edits(work, sizes, base_config())
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\n## Van bewaren tot pagina (serve), mediaan van {SERVE_EDITS} bewerkingen\n")
    print("| Doel | Norm | Gemeten | Oordeel |\n|---|--:|--:|---|")
    for label, norm, value, ok in rows:
        print(f"| {label} | {norm} | {value} | {verdict(ok)} |")
    for note in notes:
        print(f"- {note}")
    print(f"\n({(time.perf_counter() - started) / 60:.1f} minuten)")
    return 0 if all(ok is not None for *_, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
