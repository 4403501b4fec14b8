"""Test helpers: read the text a reader sees in built HTML and PDF files."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Headless Chromium as the tests run it (no network, a fresh profile given by each test), and the
# npm checkers that scripts/setup.sh --test installs.
CHROMIUM = ("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PA11Y = ROOT / "node_modules" / ".bin" / "pa11y"  # with HTML_CodeSniffer; drives the system's Chromium

# Elements whose text is not part of the reading text: footnote numbers, print-only duplicates,
# screen-reader-only words and note markers.
SKIP_CLASSES = {"fn-ref", "fn-body", "visually-hidden", "print-only", "marker", "fn-back"}
VOID = {"br", "img", "meta", "link", "hr", "input", "col", "source", "wbr"}
BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "caption", "figcaption",
          "blockquote", "div", "section", "aside", "tr"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[bool] = []  # per open element: is it skipped?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        skipped = bool(self.stack and self.stack[-1]) or bool(classes & SKIP_CLASSES) or tag in ("style", "script")
        self.stack.append(skipped)
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.stack:
            self.stack.pop()
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def html_text(html: str) -> str:
    """The visible reading text of an HTML page, one block per line."""
    parser = _Text()
    parser.feed(html.split("<body", 1)[1])
    return "".join(parser.parts)


def normalise(text: str) -> str:
    """Fold the differences that do not change the words: soft hyphens, spaces, quotes, case."""
    text = text.replace("\u00ad", "").replace("\u00a0", " ").replace("\u2212", "-")
    text = re.sub(r"[“”„\"]", '"', text)
    text = re.sub(r"[‘’']", "'", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def pdf_text(path: Path) -> str:
    """All text of a PDF, page after page (pypdf)."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def browser(width: int, height: int = 900, script: bool = True, scrollbars: bool = False) -> Any:
    """Headless Chromium driven by Selenium, with the flags of CHROMIUM and a viewport exactly `width` px
    wide (a window cannot be made narrower than 500 px, so the device metrics are set instead). Uses
    Debian's chromium and chromedriver (scripts/setup.sh --test); Selenium Manager is never asked for one.
    `scrollbars`: a classic scrollbar (15 px) that takes its width from the page, as on a desktop."""
    import shutil
    import tempfile

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    profile = f"--user-data-dir={tempfile.mkdtemp(prefix='nota-chrome-')}"
    for flag in (*CHROMIUM[1:], *(() if scrollbars else ("--hide-scrollbars",)), profile,
                 f"--window-size={max(width, 500)},{height}"):
        options.add_argument(flag)
    if not script:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(service=service, options=options)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    return driver


def pa11y_errors(page: Path, tmp_path: Path) -> list[tuple[str, str]]:
    """The errors pa11y's HTML_CodeSniffer (WCAG2AA) finds on a page, as (code, selector): a second WCAG 2.1
    AA checker beside axe-core, which also judges how table cells are tied to their headers (H43)."""
    import json
    import shutil
    import subprocess

    chromium = shutil.which(CHROMIUM[0])
    assert chromium and PA11Y.exists(), "run ./scripts/setup.sh --test"
    config = tmp_path / "pa11y.json"
    config.write_text(json.dumps({"standard": "WCAG2AA", "runners": ["htmlcs"], "timeout": 90000,
                                  "chromeLaunchConfig": {"executablePath": chromium, "args": list(CHROMIUM[2:])}}))
    result = subprocess.run([str(PA11Y), "--config", str(config), "--reporter", "json", page.as_uri()],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode in (0, 2), result.stderr[-2000:]  # 2: it found issues
    return [(i["code"], i["selector"]) for i in json.loads(result.stdout) if i["type"] == "error"]
