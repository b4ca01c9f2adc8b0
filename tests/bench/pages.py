#!/usr/bin/env python3
"""Where the Markdown time goes: each generated page type converted on its own.

    .venv/bin/python tests/bench/pages.py [N]

Writes N synthetic vignettes (default 1,000), runs the pipeline and the
emitters, then converts every generated page with the Markdown extensions of
the repository's ``mkdocs.yml`` and reports, per page type, the count, the
Markdown size and the conversion time; and, for the vignette pages, what each
generated block adds (the page converted again without that block). A
profiling aid for ``analyse.md``, not a test.
"""

from __future__ import annotations

import collections
import re
import sys
import tempfile
import time
from pathlib import Path

import markdown
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402
from tbvsite import emit, pipeline  # noqa: E402
from tbvsite.markdown_ext import MatrixExtension  # noqa: E402

BLOCKS = {
    "metadata panel": r'(?s)<div class="tbv-meta" markdown>.*?</div>',
    "positions": r"(?s)## Posities\n.*?(?=\n## |\n<section|\n<nav)",
    "related vignettes": r"(?s)## Verwante vignetten\n.*?(?=\n## |\n<section|\n<nav)",
    "citation block": r'(?s)<section class="tbv-cite".*?</section>',
}


def extensions() -> tuple[list, dict]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    names, configs = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        configs[name] = options or {}
    configs.get("toc", {}).pop("permalink", None)  # BaseLoader keeps 'true' as text
    return names + [MatrixExtension()], configs


def convert_seconds(texts: list[str]) -> float:
    names, configs = extensions()
    start = time.perf_counter()
    for text in texts:
        markdown.Markdown(extensions=names, extension_configs=configs).convert(text)
    return time.perf_counter() - start


def kind(uri: str) -> str:
    if uri.startswith("vignetten/") and uri.count("/") == 1 and uri not in ("vignetten/index.md",
                                                                           "vignetten/hand-out.md"):
        return "vignette pages"
    if "/" in uri and not uri.startswith("vignetten/"):
        return uri.split("/")[0] + ("/index" if uri.endswith("index.md") else "/<term>")
    return uri


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "vignettes"
        synthetic.write_corpus(folder, n)
        start = time.perf_counter()
        result = pipeline.run(folder, folder / "taxonomy.yml", root=Path(tmp))
        pages = emit.emit(result.index, emit.Context(site_name="Benchmark"))
        print(f"load, check, index and emit {n} vignettes: {time.perf_counter() - start:.2f} s")
    groups: dict[str, list[str]] = collections.defaultdict(list)
    for uri, content in pages.items():
        if uri.endswith(".md"):
            groups[kind(uri)].append(content)
    rows = sorted(((convert_seconds(texts), name, texts) for name, texts in groups.items()), reverse=True)
    print(f"{'page type':28} {'pages':>6} {'MB':>7} {'seconds':>8}")
    for seconds, name, texts in rows:
        print(f"{name:28} {len(texts):6} {sum(map(len, texts)) / 1e6:7.2f} {seconds:8.2f}")
    vignettes = groups["vignette pages"]
    full = convert_seconds(vignettes)
    bodies = [v.body for v in result.index.vignettes]
    print(f"\nvignette pages {full:.2f} s; their bodies alone {convert_seconds(bodies):.2f} s")
    for block, pattern in BLOCKS.items():
        without = convert_seconds([re.sub(pattern, "", text) for text in vignettes])
        print(f"  {block:20} adds {full - without:5.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
