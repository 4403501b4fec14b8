"""nota preview end to end: the command in a process of its own on a free port, serving a copy of the
real project that the tests edit. Waits are bounded; no test times anything (bench.py measures speed)."""

from __future__ import annotations

import html
import http.client
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from helpers import browser
from nota import pipeline

VISIE = "visie-awbz-jeugdzorg-2012"
PLAN = "programmaplan-2022"
WAIT = 60.0  # seconds: the bound of every wait for the server (a loaded 2-core machine is slow, never this slow)
INLEIDING = Path("content", VISIE, "chapters", "inleiding.yaml")
PROSE = "Hierbij bieden wij u ter vaststelling"
TABLE = Path("content", PLAN, "tables", "wmo-meerjarenperspectief.yaml")
FIGURES = Path("content", VISIE, "chapters", "maatschappelijke-ontwikkelingen.yaml")


class Preview:
    """`nota preview` running on a copy of the project; its URL, its terminal output, requests to it."""

    def __init__(self, root: Path, *args: str) -> None:
        self.root = root
        command = [sys.executable, "-m", "nota", "--root", str(root), "preview", *args]
        if "--port" not in args:
            command += ["--port", "0"]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True, env={**os.environ, "NO_COLOR": "1"})
        self.lines: list[str] = []
        self._lines: queue.Queue[str] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        found = self.wait_for_line(r"nota preview: (http://\S+) ")
        self.url = found.group(1)
        self.host, port = self.url.removeprefix("http://").rstrip("/").rsplit(":", 1)
        self.port = int(port)

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)
            self._lines.put(line)

    def wait_for_line(self, pattern: str) -> re.Match[str]:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self._lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                break
            if found := re.search(pattern, line):
                return found
        raise AssertionError(f"no line matching {pattern!r}; output:\n{self.output}")

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def get(self, path: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
        """One request, with the path sent exactly as given (no normalising by a client library)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=WAIT)
        try:
            connection.putrequest("GET", path, skip_host=True)
            connection.putheader("Host", host or f"{self.host}:{self.port}")
            connection.endheaders()
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def page(self, doc: str) -> str:
        status, _headers, body = self.get(f"/{doc}/")
        assert status == 200
        return body.decode()

    @contextmanager
    def events(self) -> Iterator[Events]:
        stream = Events(self.host, self.port)
        try:
            yield stream
        finally:
            stream.close()

    def stop(self, sig: int = signal.SIGTERM) -> int:
        self.process.send_signal(sig)
        code = self.process.wait(WAIT)
        self._reader.join(WAIT)  # all its output is in
        return code

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(WAIT)
        self._reader.join(WAIT)
        assert self.process.stderr is not None
        self.process.stderr.close()


class Events:
    """The server's event stream, read as a browser's EventSource would."""

    def __init__(self, host: str, port: int) -> None:
        self.socket = socket.create_connection((host, port), timeout=WAIT)
        self.socket.sendall(f"GET /_nota/events HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
        self.stream = self.socket.makefile("rb")
        head = []
        while (line := self.stream.readline().decode()) not in ("\r\n", ""):
            head.append(line.lower())
        assert head[0].split()[1] == "200" and "content-type: text/event-stream; charset=utf-8\r\n" in head
        self.last: dict[str, Any] = {}
        self.first = self.next()

    def next(self, deadline: float | None = None) -> dict[str, Any]:
        """The next update event's data (an AssertionError if none comes before `deadline`)."""
        deadline = deadline or time.monotonic() + WAIT
        kind, data = "", ""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError("no event within the wait")
            self.socket.settimeout(remaining)
            try:
                line = self.stream.readline().decode()
            except TimeoutError:
                raise AssertionError("no event within the wait") from None
            if not line:
                raise AssertionError("the event stream ended")
            line = line.rstrip("\n")
            if line.startswith("event: "):
                kind = line.removeprefix("event: ")
            elif line.startswith("data: "):
                data = line.removeprefix("data: ")
            elif line == "" and kind == "update":
                self.last = dict(json.loads(data))
                return self.last

    def until(self, predicate: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """The first state, the latest one seen included, for which `predicate` holds."""
        deadline = time.monotonic() + WAIT
        state = self.last
        while not predicate(state):
            state = self.next(deadline)
        return state

    def close(self) -> None:
        self.stream.close()
        self.socket.close()


@pytest.fixture
def serve(project: Callable[..., Path]) -> Iterator[Callable[..., Preview]]:
    """Start `nota preview` on a copy of the real project (both documents unless named); stop it after."""
    started: list[Preview] = []

    def start(*args: str, documents: tuple[str, ...] = ()) -> Preview:
        root = started[0].root if started else project(*documents)
        preview = Preview(root, *args)
        started.append(preview)
        return preview

    yield start
    for preview in started:
        preview.close()


def edit(root: Path, path: Path, old: str, new: str) -> None:
    text = (root / path).read_text(encoding="utf-8")
    assert old in text
    (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")


def content_of(page: str) -> str:
    """The page as `nota build` writes it: without what the preview server adds."""
    page = page.replace('<link rel="stylesheet" href="/_nota/preview.css">\n<script src="/_nota/preview.js" defer>'
                        "</script>\n", "", 1)
    return re.sub(r'<div id="nota-preview".*?\n</div>\n(?=</body>)', "", page, count=1, flags=re.S)


# --- what it serves -------------------------------------------------------------------------------

def test_it_serves_an_index_and_each_document_exactly_as_built(serve: Callable[..., Preview], tmp_path: Path) -> None:
    preview = serve("--html-only")
    status, headers, body = preview.get("/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    index = body.decode()
    assert 'href="/programmaplan-2022/"' in index and 'href="/visie-awbz-jeugdzorg-2012/"' in index
    assert "Programmaplan Sociaal Domein 2022" in index and "2 warnings" in index and "3 warnings" in index
    report = pipeline.build(preview.root, tmp_path, pdf=False)
    assert not report.failed
    for doc in (PLAN, VISIE):
        built = (tmp_path / doc / f"{doc}.html").read_bytes()
        page = preview.page(doc)
        assert "_nota" not in built.decode() and "preview" not in built.decode()
        assert page.count('<script src="/_nota/preview.js" defer></script>') == 1
        assert content_of(page).encode() == built
        assert preview.get(f"/{doc}/{doc}.html")[2].decode() == page
        for path in sorted(p for p in (tmp_path / doc).rglob("*") if p.is_file() and p.suffix != ".html"):
            status, headers, body = preview.get(f"/{doc}/{path.relative_to(tmp_path / doc).as_posix()}")
            assert (status, body) == (200, path.read_bytes()), path  # every file of the edition, as built
            assert headers["Content-Type"] != "application/octet-stream", path  # scripts run, fonts load
    figure = tmp_path / VISIE / "figures" / "stepped-care.svg"
    status, headers, body = preview.get(f"/{VISIE}/figures/stepped-care.svg")
    assert (status, headers["Content-Type"], body) == (200, "image/svg+xml", figure.read_bytes())
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert preview.get(f"/{PLAN}")[:2][0] == 302


def test_one_document_is_served_at_the_root(serve: Callable[..., Preview]) -> None:
    preview = serve("--html-only", VISIE)
    status, headers, _body = preview.get("/")
    assert (status, headers["Location"]) == (302, f"/{VISIE}/")


@pytest.mark.parametrize("path", [
    "/../pyproject.toml", f"/{VISIE}/../../pyproject.toml", "/%2e%2e/pyproject.toml",
    f"/{VISIE}/%2e%2e/%2e%2e/README.md",
    f"/{VISIE}/..%2f..%2fpyproject.toml", f"/{VISIE}/assets%2Fnota.css", f"/{VISIE}/assets%2fnota.css",
    f"/{VISIE}/assets\\nota.css", f"/{VISIE}/./assets/nota.css", f"/{VISIE}//assets/nota.css",
    f"/{VISIE}/document.yaml", f"/{VISIE}/chapters/inleiding.yaml", f"/{VISIE}/secret.txt",
    f"/{VISIE}/figures/link.png", "/content/", "//etc/passwd", "/etc/passwd", f"/{VISIE}/%ff", f"/{VISIE}/%00",
    "/_nota/../pyproject.toml", "/_nota/chrome.html.j2", f"/{VISIE}/{PLAN}.pdf",
])
def test_only_rendered_files_are_served(serve: Callable[..., Preview], path: str) -> None:
    preview = serve("--html-only", VISIE)
    folder = preview.root / "content" / VISIE
    for name, target in (("secret.txt", "/etc/passwd"), ("figures/link.png", str(preview.root / "templates"))):
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).symlink_to(target)
    status, _headers, body = preview.get(path)
    assert status == 404, body[:200]
    assert preview.get(f"/{VISIE}/assets/nota.css")[0] == 200  # the same server does serve its own files


def test_it_answers_only_requests_for_this_computer(serve: Callable[..., Preview]) -> None:
    preview = serve("--html-only", VISIE)
    assert preview.get(f"/{VISIE}/", host=f"localhost:{preview.port}")[0] == 200
    assert preview.get(f"/{VISIE}/", host=f"attacker.example:{preview.port}")[0] == 421  # DNS rebinding


def test_it_listens_on_loopback_only_unless_a_host_is_given(serve: Callable[..., Preview]) -> None:
    preview = serve("--html-only", VISIE)
    assert preview.host == "127.0.0.1"
    with pytest.raises(ConnectionRefusedError):  # another loopback address: not listened on
        socket.create_connection(("127.0.0.2", preview.port), timeout=WAIT).close()
    other = serve("--html-only", "--host", "127.0.0.2", VISIE)
    assert other.url.startswith("http://127.0.0.2:")
    assert other.get(f"/{VISIE}/")[0] == 200
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", other.port), timeout=WAIT).close()


def test_a_taken_port_gives_the_next_free_one(serve: Callable[..., Preview]) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        preview = serve("--html-only", "--port", str(port), VISIE)
        assert preview.port > port
        assert f"port {port} is in use; using {preview.port}" in preview.output
    finally:
        taken.close()


def test_an_unknown_document_is_a_usage_error(project: Callable[..., Path]) -> None:
    result = subprocess.run([sys.executable, "-m", "nota", "--root", str(project(VISIE)), "preview", "plan-2099"],
                            capture_output=True, text=True, timeout=WAIT, check=False)
    assert result.returncode == 2
    assert "no document plan-2099 in content/" in result.stderr and "Traceback" not in result.stderr


# --- following saves ------------------------------------------------------------------------------

def test_a_save_sends_an_event_and_the_page_has_the_new_text(serve: Callable[..., Preview]) -> None:
    preview = serve("--html-only")
    with preview.events() as events:
        before = events.first["documents"][VISIE]
        edit(preview.root, INLEIDING, PROSE, f"{PROSE} en bespreking")
        after = events.until(lambda s: s["documents"][VISIE]["content"] > before["content"])
    assert after["documents"][PLAN] == events.first["documents"][PLAN]  # the other document was not rendered
    assert f"{PROSE} en bespreking" in preview.page(VISIE)
    assert "not rendered" not in preview.output and "Traceback" not in preview.output


def test_a_theme_change_shows_in_the_documents_that_use_it(
        serve: Callable[..., Preview]) -> None:
    preview = serve("--html-only")
    with preview.events() as events:
        first = events.first["documents"]
        edit(preview.root, Path("templates", "themes", "lelystad.yaml"), 'accent: "#00693c"', 'accent: "#00593c"')
        after = events.until(lambda s: s["documents"][PLAN]["content"] > first[PLAN]["content"])["documents"]
    assert after[VISIE]["content"] == first[VISIE]["content"]  # its theme is another: its page is the same
    assert b"#00593c" in preview.get(f"/{PLAN}/assets/theme.css")[2]  # the Programmaplan has the Lelystad theme
    assert re.search(r'data-assets="[1-9]\d*"', preview.page(PLAN))  # so the page fetches its stylesheet again


def test_open_starts_the_browser_at_the_address(serve: Callable[..., Preview], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    opened = tmp_path / "opened.txt"
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\necho "$1" > {opened}\n', encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(script))  # how Python's webbrowser is told which browser to start
    preview = serve("--html-only", "--open", VISIE)
    deadline = time.monotonic() + WAIT
    while not (opened.exists() and opened.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert opened.read_text().strip() == preview.url


def test_it_watches_content_the_projects_templates_and_notas_own(project: Callable[..., Path]) -> None:
    from nota.load.templates import PACKAGE, Templates
    from nota.preview.watch import folders

    root = project(VISIE)
    assert folders(root, Templates.of(root).folders) == [(root / "content").absolute(), (root / "templates").absolute(),
                                                          PACKAGE.absolute()]
    shutil.rmtree(root / "templates")  # a project without templates/ of its own
    assert folders(root, Templates.of(root).folders) == [(root / "content").absolute(), PACKAGE.absolute()]


def test_a_burst_of_saves_renders_once(serve: Callable[..., Preview]) -> None:
    preview = serve("--html-only", VISIE)
    chapters = preview.root / "content" / VISIE / "chapters"
    with preview.events() as events:
        renders = events.first["documents"][VISIE]["renders"]
        # what an editor does on save: a swap file, a backup, a new file renamed over the old, and
        # a `git checkout` that rewrites several chapters at once
        (chapters / ".inleiding.yaml.swp").write_bytes(b"swap")
        shutil.copy(chapters / "inleiding.yaml", chapters / "inleiding.yaml~")
        text = (chapters / "inleiding.yaml").read_text(encoding="utf-8")
        (chapters / "inleiding.yaml.tmp").write_text(text.replace(PROSE, f"{PROSE} (1)"), encoding="utf-8")
        os.replace(chapters / "inleiding.yaml.tmp", chapters / "inleiding.yaml")
        for path in sorted(chapters.glob("*.yaml")):
            path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        first = events.until(lambda s: s["documents"][VISIE]["content"] > events.first["documents"][VISIE]["content"])
        assert first["documents"][VISIE]["renders"] == renders + 1
        edit(preview.root, INLEIDING, f"{PROSE} (1)", f"{PROSE} (2)")  # a later save: the next render
        second = events.until(lambda s: s["documents"][VISIE]["content"] > first["documents"][VISIE]["content"])
    assert second["documents"][VISIE]["renders"] == renders + 2  # so the burst was rendered once, not more
    assert f"{PROSE} (2)" in preview.page(VISIE)


def test_problems_show_over_the_last_good_page_in_the_words_of_check(serve: Callable[..., Preview]) -> None:
    preview = serve("--html-only")
    edit(preview.root, TABLE, "amounts: [-291151, -591151,", "amounts: [-291.151, -591151,")
    edit(preview.root, Path("content", PLAN, "chapters", "jeugdzorg.yaml"), "type: focuspoint", "type: focuspunt")
    check = subprocess.run([sys.executable, "-m", "nota", "--root", str(preview.root), "check", PLAN], text=True,
                           capture_output=True, timeout=WAIT, check=False, env={**os.environ, "NO_COLOR": "1"})
    assert check.returncode == 1
    errors, warnings = (len(re.findall(rf"^content/\S+: {kind}: ", check.stderr, re.M))
                        for kind in ("error", "warning"))
    with preview.events() as events:
        events.until(lambda s: s["documents"][PLAN]["errors"] == errors)
        page = preview.page(PLAN)
        panel = [html.unescape(re.sub(r"<[^>]+>", "", line)) for line in
                 page.split('<div id="nota-preview"', 1)[1].splitlines()]
        # every line check prints (but its summary) is in the panel, in the same order
        expected = [line for line in check.stderr.splitlines() if line and not re.match(r"(Error: )?\d+ error", line)]
        assert len(expected) > 12 and _in_order(expected, panel), (expected, panel)
        counted = f"{errors} errors, {warnings} warning{'s' if warnings != 1 else ''}"
        assert f"{counted}: the page shows the last version without errors" in panel
        assert "De focuspunten voor de jeugdzorg in 2022 zijn" in page  # the last good rendering stays
        assert "wmo-meerjarenperspectief.yaml:" in preview.output  # and the terminal shows what check shows
        assert all(line in preview.output.splitlines() for line in expected if re.match(r"content/\S+:\d+:\d+: ", line))
        edit(preview.root, TABLE, "amounts: [-291.151, -591151,", "amounts: [-291151, -591151,")
        edit(preview.root, Path("content", PLAN, "chapters", "jeugdzorg.yaml"), "type: focuspunt", "type: focuspoint")
        events.until(lambda s: s["documents"][PLAN]["errors"] == 0)
    page = preview.page(PLAN)
    panel = page.split('<div id="nota-preview"', 1)[1]
    assert ": error: " not in panel and 'data-errors="0"' in panel and "<summary>2 warnings</summary>" in panel
    assert preview.process.poll() is None and "Traceback" not in preview.output


def _in_order(expected: list[str], lines: list[str]) -> bool:
    """Every expected line is one of `lines`, in the same order."""
    at = 0
    for want in expected:
        while at < len(lines) and lines[at] != want:
            at += 1
        if at == len(lines):
            return False
        at += 1
    return True


@pytest.mark.parametrize("damage", ["binary", "delete-document", "not-yaml", "huge", "link-out"])
def test_a_content_error_never_stops_the_server(serve: Callable[..., Preview], damage: str) -> None:
    preview = serve("--html-only", VISIE)
    folder = preview.root / "content" / VISIE
    with preview.events() as events:
        if damage == "binary":
            (folder / "chapters" / "inleiding.yaml").write_bytes(b"\x00\xff\xfe" * 1000)
        elif damage == "delete-document":
            (folder / "document.yaml").unlink()
        elif damage == "not-yaml":
            (folder / "chapters" / "inleiding.yaml").write_text("title: [unclosed\n  - {a: b\n", encoding="utf-8")
        elif damage == "huge":
            (folder / "chapters" / "inleiding.yaml").write_text("title: " + "x" * 600_000 + "\n", encoding="utf-8")
        else:  # a chapter that is a link to a file outside the project
            (folder / "chapters" / "inleiding.yaml").unlink()
            (folder / "chapters" / "inleiding.yaml").symlink_to("/etc/passwd")
        events.until(lambda s: s["documents"][VISIE]["errors"] > 0)
    page = preview.page(VISIE)
    assert "the page shows the last version without errors" in page and PROSE in page
    assert re.search(r"content/visie-awbz-jeugdzorg-2012/[a-z/.-]+:\d+:\d+: error: ", page)
    assert "root:x:0:0" not in page
    assert preview.process.poll() is None and "Traceback" not in preview.output


# --- stopping ---------------------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_it_stops_cleanly_on_sigterm_and_ctrl_c(serve: Callable[..., Preview], sig: int) -> None:
    preview = serve(VISIE)  # with the PDF helper process running beside it
    with preview.events() as events:
        events.until(lambda s: s["documents"][VISIE]["pdf"]["busy"] or s["documents"][VISIE]["pdf"]["current"])
        deadline = time.monotonic() + WAIT  # "busy" is told just before the helper process is started
        while not (helpers := _children(preview.process.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert helpers, "the PDF helper process runs"
        assert preview.stop(sig) == 0
        with pytest.raises(AssertionError, match="ended"):
            events.next()  # the open event stream was closed, not left hanging
    assert "nota preview: stopped" in preview.output and "Traceback" not in preview.output
    for pid in helpers:
        assert not Path(f"/proc/{pid}").exists() or "State:\tZ" in Path(f"/proc/{pid}/status").read_text()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((preview.host, preview.port), timeout=WAIT).close()


# --- in a browser -------------------------------------------------------------------------------------

@pytest.mark.browser
def test_the_open_page_follows_a_save_with_no_reload_and_shows_problems(serve: Callable[..., Preview]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    preview = serve("--html-only", VISIE)
    driver = browser(1280)
    try:
        wait = WebDriverWait(driver, WAIT)
        driver.get(f"{preview.url}{VISIE}/")  # the stream's first event brings a page loaded before it up to date
        panel = driver.find_element(By.ID, "nota-preview")
        assert not driver.find_element(By.CSS_SELECTOR, "#nota-preview .nota-preview-offline").is_displayed()
        assert "3 warnings" in panel.text
        driver.execute_script("window.scrollTo(0, document.body.scrollHeight); window.notaMark = 'same page';")
        edit(preview.root, INLEIDING, PROSE, f"{PROSE} en bespreking")
        wait.until(lambda d: f"{PROSE} en bespreking" in d.find_element(By.TAG_NAME, "main").text)
        assert driver.execute_script("return window.notaMark") == "same page"  # no reload
        changed = driver.execute_script("return document.querySelector('.nota-preview-changed')")
        assert changed is not None and f"{PROSE} en bespreking" in changed.text
        assert driver.execute_script("const r = arguments[0].getBoundingClientRect();"
                                     "return r.bottom > 0 && r.top < window.innerHeight", changed)  # moved to it
        driver.execute_script("document.getElementById('decentralisaties').scrollIntoView()")
        current = "return (document.querySelector('nav.toc [aria-current]') || {}).hash"
        wait.until(lambda d: d.execute_script(current) == "#decentralisaties")  # the page's own script still works
        edit(preview.root, FIGURES, "type: figure", "type: figuur")
        wait.until(lambda d: ": error: " in d.find_element(By.ID, "nota-preview").text)
        problems = driver.find_element(By.CSS_SELECTOR, "#nota-preview details")
        assert problems.is_displayed() and problems.get_attribute("open") is not None
        assert re.search(rf"{FIGURES.as_posix()}:\d+:\d+: error: unknown type \"figuur\"", problems.text)
        assert f"{PROSE} en bespreking" in driver.find_element(By.TAG_NAME, "main").text  # the last good page
        edit(preview.root, FIGURES, "type: figuur", "type: figure")
        wait.until(lambda d: ": error: " not in d.find_element(By.ID, "nota-preview").text)
        assert driver.execute_script("return window.notaMark") == "same page"
        preview.stop()
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#nota-preview .nota-preview-offline").is_displayed())
    finally:
        driver.quit()


# --- the PDF ----------------------------------------------------------------------------------------

def _pdf(state: dict[str, Any]) -> dict[str, Any]:
    return dict(state["documents"][VISIE]["pdf"])


@pytest.mark.slow
def test_the_pdf_is_typeset_once_saves_settle_and_marked_while_out_of_date(serve: Callable[..., Preview]) -> None:
    from helpers import pdf_text

    preview = serve(VISIE)
    with preview.events() as events:
        first = events.until(lambda s: _pdf(s)["current"])
        status, headers, data = preview.get(f"/{VISIE}/{VISIE}.pdf")
        assert (status, headers["Content-Type"], data[:5]) == (200, "application/pdf", b"%PDF-")
        assert f'<a href="{VISIE}.pdf">PDF</a> up to date' in preview.page(VISIE)
        edit(preview.root, INLEIDING, PROSE, f"{PROSE} (eerste)")
        saved = events.until(lambda s: s["documents"][VISIE]["content"] > first["documents"][VISIE]["content"])
        assert not _pdf(saved)["current"]
        assert f'<a href="{VISIE}.pdf">PDF</a> <strong>out of date</strong>: ' in preview.page(VISIE)
        assert preview.get(f"/{VISIE}/{VISIE}.pdf")[2] == data  # the last PDF stays readable meanwhile
        between = saved["documents"][VISIE]["content"]
        events.until(lambda s: _pdf(s)["busy"])
        edit(preview.root, INLEIDING, f"{PROSE} (eerste)", f"{PROSE} (tweede)")  # cancels the job in hand
        seen = [events.until(lambda s: s["documents"][VISIE]["content"] > between)]
        while not _pdf(seen[-1])["current"]:
            seen.append(events.next())
    assert _pdf(seen[-1])["of"] == seen[-1]["documents"][VISIE]["content"]
    assert all(_pdf(s)["of"] != between for s in seen), "the PDF of the older save was not cancelled"
    path = preview.root / "new.pdf"
    path.write_bytes(preview.get(f"/{VISIE}/{VISIE}.pdf")[2])
    text = pdf_text(path)
    assert "(tweede)" in text and "(eerste)" not in text
    assert "Traceback" not in preview.output


def test_the_pdf_is_not_called_up_to_date_while_the_content_has_errors(serve: Callable[..., Preview]) -> None:
    """With an error in a file the PDF is, like the page, of the last version without errors: the officer
    must not read "up to date" beside an overlay of errors."""
    preview = serve(VISIE)
    with preview.events() as events:
        events.until(lambda s: _pdf(s)["current"])
        edit(preview.root, INLEIDING, "title: ", "title: [unclosed ")
        broken = events.until(lambda s: s["documents"][VISIE]["errors"] > 0)
        assert not _pdf(broken)["current"]
        page = preview.page(VISIE)
        assert f'<a href="{VISIE}.pdf">PDF</a> <strong>out of date</strong>: fix the errors first' in page
        assert "up to date" not in page.split('<div id="nota-preview"', 1)[1]
        edit(preview.root, INLEIDING, "title: [unclosed ", "title: ")
        events.until(lambda s: s["documents"][VISIE]["errors"] == 0 and _pdf(s)["current"])
    assert f'<a href="{VISIE}.pdf">PDF</a> up to date' in preview.page(VISIE)


@pytest.mark.slow
def test_layout_problems_of_the_pdf_appear_in_the_panel(serve: Callable[..., Preview]) -> None:
    from test_pdf import WIDE_TABLE

    preview = serve(VISIE)
    chapter = Path("content", VISIE, "chapters", "op-weg-naar-uitwerking.yaml")
    marker = "      - type: table\n        id: planning-awbz-wmo"
    with preview.events() as events:
        events.until(lambda s: _pdf(s)["current"])
        edit(preview.root, chapter, marker, WIDE_TABLE.format(widths="") + marker)
        failed = events.until(lambda s: _pdf(s)["problems"] > 0)
        assert _pdf(failed)["tried"] == failed["documents"][VISIE]["content"] and not _pdf(failed)["current"]
        page = html.unescape(preview.page(VISIE))
        assert "Found when the PDF of this version was typeset:" in page
        assert re.search(rf"{chapter.as_posix()}:12:9: error: Tabel 1: Veel te breed is \d+ mm wider than the text "
                         r"area of page \d+ and would be cut off", page)
        assert "not made, see its layout problems" in page
        assert "Veel te breed" in page.split('<div id="nota-preview"', 1)[0]  # the HTML shows the new table
        edit(preview.root, chapter, WIDE_TABLE.format(widths=""), "")
        events.until(lambda s: _pdf(s)["current"] and _pdf(s)["problems"] == 0)
    assert "Found when the PDF" not in preview.page(VISIE)


# --- the parts --------------------------------------------------------------------------------------

def test_kept_parses_judge_content_exactly_as_a_fresh_check(project: Callable[..., Path]) -> None:
    from nota.check.recipe import check_one
    from nota.load import parsed

    root = project()
    cache = parsed.ParseCache()
    calls: list[Path] = []

    def counted(text: str, rel: Path) -> Any:
        calls.append(rel)
        from nota.load.yaml import _parse

        return _parse(text, rel)

    for doc in (PLAN, VISIE):
        with parsed.reuse(cache):
            kept = check_one(root, doc).problems
        assert kept == check_one(root, doc).problems
    edit(root, TABLE, "amounts: [-291151, -591151,", "amounts: [-291.151, -591151,")
    (root / INLEIDING).write_text("title: [\n", encoding="utf-8")
    for doc in (PLAN, VISIE):
        with parsed.reuse(cache):
            kept = check_one(root, doc).problems
        assert kept == check_one(root, doc).problems and any(p.is_error for p in kept)
    assert cache.load((root / TABLE).read_text(encoding="utf-8"), TABLE, counted) is not None
    assert calls == []  # the same text at the same path: not parsed again
    assert cache.load("title: Anders\n", TABLE, counted).data == {"title": "Anders"} and calls == [TABLE]
    assert parsed.current() is None  # only inside reuse


def test_a_change_renders_only_its_document_and_a_template_all(tmp_path: Path) -> None:
    from nota.preview.watch import affected

    ids = [PLAN, VISIE]
    content = (tmp_path / "content").absolute()
    assert affected({content / VISIE / "chapters" / "inleiding.yaml"}, tmp_path, ids) == ([VISIE], False)
    assert affected({content / PLAN / "tables" / "x.yaml", content / "README"}, tmp_path, ids) == ([PLAN], False)
    assert affected({content / "elders" / "document.yaml"}, tmp_path, ids) == ([], False)
    assert affected({tmp_path / "templates" / "themes" / "lelystad.yaml"}, tmp_path, ids) == (ids, True)


def test_the_panel_goes_before_the_documents_own_closing_tags() -> None:
    from nota.preview.pages import inject

    page = b"<html><head>\n<title>&lt;/head&gt;</title></head><body><p>&lt;/body&gt;</p></body></html>"
    assert inject(page, "[H]", "[B]") == (b"<html><head>\n[H]<title>&lt;/head&gt;</title></head><body><p>&lt;/body&gt;"
                                          b"</p>[B]</body></html>")
