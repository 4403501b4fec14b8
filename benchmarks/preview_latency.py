"""`nota preview`: seconds from saving a prose edit to the updated page, in each real document.

The preview runs as a user starts it (`nota preview --html-only DOCUMENT`, its own process) on a copy
of the project. Each edit changes one sentence of one chapter file and is timed until

- the page is updated in headless Chromium (the page's own script swapped in the new text), when
  Selenium and chromedriver are there (`scripts/setup.sh --test`): the figure the goal is about;
- an event stream client has the change event and has fetched the new page: the server's part.

The median of several edits is printed beside the goal of 0.3 s.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 0.3
EDITS = {  # a sentence of prose in each document, and its file
    "programmaplan-2022": ("chapters/jeugdzorg.yaml", "De focuspunten voor de jeugdzorg in 2022 zijn:"),
    "visie-awbz-jeugdzorg-2012": ("chapters/inleiding.yaml", "Hierbij bieden wij u ter vaststelling"),
}


def _start(root: Path, doc: str) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    process = subprocess.Popen([sys.executable, "-m", "nota", "--root", str(root), "preview", "--html-only",
                                "--port", "0", doc], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                               env=env)
    assert process.stderr is not None
    for line in process.stderr:
        if found := re.search(r"nota preview: (http://\S+) ", line):
            return process, found.group(1)
    raise RuntimeError("nota preview did not start")


class _Events:
    """A minimal event stream client: waits for the next update event."""

    def __init__(self, url: str) -> None:
        host, port = url.removeprefix("http://").rstrip("/").rsplit(":", 1)
        self.socket = socket.create_connection((host, int(port)), timeout=30)
        self.socket.sendall(f"GET /_nota/events HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
        self.stream = self.socket.makefile("rb")
        self.next()

    def next(self) -> None:
        while (line := self.stream.readline()) and not line.startswith(b"data: "):
            pass
        if not line:
            raise RuntimeError("the event stream ended")

    def close(self) -> None:
        self.stream.close()
        self.socket.close()


def _save(path: Path, original: str, sentence: str, number: int) -> float:
    """Write the edit; return the wall-clock time it was written."""
    text = original.replace(sentence, f"{sentence} (bewerking {number})", 1)
    started = time.time()
    path.write_text(text, encoding="utf-8")
    return started


def _by_http(url: str, doc: str, path: Path, sentence: str, edits: int) -> list[float]:
    original = path.read_text(encoding="utf-8")
    events = _Events(url)
    times = []
    try:
        for number in range(edits):
            started = _save(path, original, sentence, number)
            wanted = f"(bewerking {number})"
            while True:
                events.next()
                with urllib.request.urlopen(f"{url}{doc}/", timeout=30) as response:
                    if wanted in response.read().decode():
                        break
            times.append(time.time() - started)
    finally:
        events.close()
    return times


def _in_chromium(url: str, doc: str, path: Path, sentence: str, edits: int) -> list[float] | None:
    try:
        sys.path.insert(0, str(ROOT / "tests"))
        from selenium.webdriver.support.ui import WebDriverWait

        from helpers import browser

        driver = browser(1280)
    except Exception as exc:  # no Selenium or no chromedriver: the server's part only
        print(f"  (in Chromium: not measured: {type(exc).__name__}: {str(exc).splitlines()[0][:80]})")
        return None
    original = path.read_text(encoding="utf-8")
    times = []
    try:
        driver.get(f"{url}{doc}/")
        time.sleep(1)  # the event stream connects
        for number in range(100, 100 + edits):
            wanted = f"(bewerking {number})"
            driver.execute_script(
                "window.notaSeen = 0; const wanted = arguments[0];"
                "new MutationObserver((m, o) => { if (document.body.textContent.includes(wanted)) {"
                " window.notaSeen = Date.now(); o.disconnect(); } })"
                ".observe(document.documentElement, {childList: true, subtree: true, characterData: true});",
                wanted)
            started = _save(path, original, sentence, number)
            seen = WebDriverWait(driver, 30, poll_frequency=0.02).until(
                lambda d: d.execute_script("return window.notaSeen"))
            times.append(seen / 1000 - started)
            time.sleep(0.2)
    finally:
        driver.quit()
    return times


def preview_latency(edits: int) -> None:
    """Print the save-to-page figures of each real document."""
    for doc, (name, sentence) in EDITS.items():
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            shutil.copytree(ROOT / "templates", root / "templates")
            shutil.copytree(ROOT / "content" / doc, root / "content" / doc)
            process, url = _start(root, doc)
            try:
                path = root / "content" / doc / name
                server = _by_http(url, doc, path, sentence, edits)
                browser = _in_chromium(url, doc, path, sentence, edits)
            finally:
                process.terminate()
                process.wait(30)
                assert process.stderr is not None
                process.stderr.close()
        for where, times in (("in Chromium", browser), ("event + page fetched", server)):
            if times:
                median = statistics.median(times)
                verdict = f" (goal < {GOAL} s: {'OK' if median < GOAL else 'TOO SLOW'})" if where == "in Chromium" \
                    or browser is None else ""
                print(f"preview, save to updated page, {doc}, {where}: median {median:.3f} s, best {min(times):.3f} s "
                      f"of {len(times)} prose edits{verdict}")
