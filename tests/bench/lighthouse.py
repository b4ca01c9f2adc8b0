#!/usr/bin/env python3
"""Lighthouse accessibility scores of five page types: a manual check, not a test.

Lighthouse is an npm package; it is not a dependency of the project. Install it
once, anywhere, and point this script at it; it drives Debian's Chromium
(CHROME_PATH) offline against the built site served on 127.0.0.1::

    npm install --prefix /tmp/lh lighthouse
    make build
    .venv/bin/python tests/bench/lighthouse.py --lighthouse /tmp/lh/node_modules/.bin/lighthouse

With ``--category performance`` it prints the performance score and the
cumulative layout shift instead (targets of issue 14: at least 95, CLS below
0.1; tests/test_layout_shift.py checks the shift in every test run).

For home, a vignette, a term page, explore, the handout, network and overview it runs the
accessibility category with the mobile (default) and the desktop preset and
prints the score and every failed audit. Expected: 100 everywhere and no failed
audit. axe-core in tests/test_every_page.py covers most of the same rules on
every page; Lighthouse adds a few (aria-dialog-name, aria-allowed-role).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _pages(site: Path) -> dict[str, str]:
    records = json.loads((site / "data/vignettes.json").read_text(encoding="utf-8"))
    term = next(p.name for p in sorted((site / "actoren").iterdir()) if p.is_dir())
    return {"home": "", "vignette": f"vignetten/{records[0]['slug']}/", "term": f"actoren/{term}/",
            "explore": "verkennen/", "handout": "vignetten/hand-out/",
            "network": "netwerk/", "overview": "overzicht/"}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """The built site as a static host serves it (GitHub Pages, Netlify, nginx): text files gzipped
    when the browser asks for it. Without that, Lighthouse's slow-4G simulation would measure the
    uncompressed theme CSS and scripts, which no real visitor downloads."""

    COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # its redirect to the folder's address
            path = path / "index.html"
        if (path.suffix not in self.COMPRESSED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lighthouse", default=shutil.which("lighthouse") or "lighthouse")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="a built site (make build)")
    parser.add_argument("--category", default="accessibility", choices=("accessibility", "performance"),
                        help="performance: the score and the cumulative layout shift (target: 95, CLS < 0.1)")
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if not chromium or not args.site.is_dir():
        sys.stderr.write("needs Debian's chromium and a built site (make build)\n")
        return 2
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    worst = 100
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in _pages(args.site).items():
            for preset in ("mobile", "desktop"):
                out = Path(tmp) / f"{name}-{preset}.json"
                command = [args.lighthouse, base + path, f"--only-categories={args.category}", "--quiet",
                           "--output=json", f"--output-path={out}",
                           "--chrome-flags=--headless --no-sandbox --disable-gpu"]
                if preset == "desktop":
                    command.append("--preset=desktop")
                subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": chromium}, timeout=600)
                report = json.loads(out.read_text(encoding="utf-8"))
                score = round(report["categories"][args.category]["score"] * 100)
                if args.category == "performance":
                    cls = report["audits"]["cumulative-layout-shift"]["numericValue"]
                    worst = min(worst, score if score >= 95 and cls < 0.1 else min(score, 94))
                    print(f"{name:9} {preset:8} {score:3}  CLS {cls:.3f}  /{path}")
                    continue
                failed = [key for key, audit in report["audits"].items()
                          if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0]
                worst = min(worst, score if not failed else min(score, 99))
                print(f"{name:9} {preset:8} {score:3}  {' '.join(failed) or '-'}  /{path}")
    server.shutdown()
    return 0 if worst >= (95 if args.category == "performance" else 100) else 1


if __name__ == "__main__":
    sys.exit(main())
