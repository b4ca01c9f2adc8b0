"""Search that stems the words a reader types (Material's search plugin, lunr in a web worker).

The search plugin's ``pipeline`` option (mkdocs.yml) puts the language's stemmer into the
index; Material's worker then still looks up each typed word unstemmed, with a wildcard.
``stem_typed_words`` appends a few lines to the worker (search_stems.js) that stem those
words too. The worker keeps its address, so the offline edition's iframe shim runs it as is.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

PATCH = Path(__file__).with_name("search_stems.js")
WORKER = "assets/javascripts/workers/search."  # Material's worker: search.<hash>.min.js
MAP_COMMENT = "\n//# sourceMappingURL="


def stem_typed_words(config: MkDocsConfig, files: Files) -> None:
    """Replace Material's search worker by the same script with search_stems.js appended (before
    its source-map comment, which stays last). Nothing to do without Material's worker."""
    for worker in [f for f in files if f.src_uri.startswith(WORKER) and f.src_uri.endswith(".min.js")]:
        script = Path(worker.abs_src_path).read_text(encoding="utf-8")
        code, comment, rest = script.rpartition(MAP_COMMENT)
        if not comment:
            code, rest = script, ""
        patched = f"{code}\n{PATCH.read_text(encoding='utf-8')}{comment}{rest}"
        files.remove(worker)
        files.append(File.generated(config, worker.src_uri, content=patched))
