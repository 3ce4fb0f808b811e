"""Screenshots of the web interface for docs/web.md, taken in Debian's headless chromium.

    python -m scripts.web_screenshots            # ingests corpus/ into a temporary index home

Writes docs/web-search.png, web-document.png, web-person.png, web-organisation.png.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.web_browser import CHROMIUM, CHROMIUM_ARGS, serving

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "search": "/search?q=statutory+direction",
    "document": "/documents/001_3a3dd66e6bade30d.txt",
    "person": "/people/Ade%20Adetosoye",
    "organisation": "/organisations/Bromley%20Council",
}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "index"
        subprocess.run([sys.executable, "-m", "corpus_search", "--index", str(home), "ingest", "corpus/"], cwd=ROOT, check=True)
        with serving(home, ROOT) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 860}, device_scale_factor=1)
            for name, url in PAGES.items():
                page.goto(base + url)
                height = min(page.evaluate("document.body.scrollHeight"), 1500)
                out = ROOT / "docs" / f"web-{name}.png"
                page.screenshot(path=str(out), full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": height})
                print(out.relative_to(ROOT))
            browser.close()


if __name__ == "__main__":
    main()
