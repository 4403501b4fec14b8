"""PREVIEW, the web server: the rendered files from memory, the pages with the panel, and one
Server-Sent Events stream that says when something changed.

The standard library's ThreadingHTTPServer serves it: one thread per connection, so an event
stream (a response that never ends) holds only its own thread, and a page fetched beside it is
answered at once. Nothing is read from disk to answer a request: a path is looked up in the
rendering's own table of files, so `..`, encoded separators, backslashes and symbolic links can only
miss (404). It listens on 127.0.0.1 unless told otherwise, and there it answers only requests that
name this computer (a page elsewhere cannot reach it through a DNS name of its own).
"""

from __future__ import annotations

import errno
import json
import socket
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import Environment

from nota.errors import UsageError
from nota.i18n import _
from nota.load.safefs import UnsafeFile
from nota.load.templates import Templates
from nota.preview import pages
from nota.preview.site import Site

PORT_TRIES = 50  # a taken port: try the next ones, up to this many
KEEPALIVE_SECONDS = 15.0  # a comment on a quiet event stream, so a closed tab frees its thread
MEDIA_TYPES = {"html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "svg": "image/svg+xml",
               "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "ttf": "font/ttf",
               "pdf": "application/pdf", "js": "text/javascript; charset=utf-8", "csv": "text/csv; charset=utf-8",
               "json": "application/json", "zip": "application/zip"}
LOOPBACK = ("127.0.0.1", "localhost", "::1")
# the published pages hold no script; the preview's own is the only one that may run, from this server
POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; "
          "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
_REFUSED = ("%2e", "%2f", "%5c", "%00", "\\", "//")


class PreviewServer(ThreadingHTTPServer):
    """The HTTP server, holding what its handlers need."""

    daemon_threads = True  # a stream still open at Ctrl-C does not hold the process

    def __init__(self, address: tuple[str, int], family: socket.AddressFamily, site: Site, root: Path,
                 env: Environment) -> None:
        self.address_family = family
        super().__init__(address, Handler)
        self.site, self.root, self.env = site, root, env
        self.static = {name: _static(root, name) for name in pages.STATIC}
        port = self.server_address[1]
        host = address[0]
        names = [*LOOPBACK, host] if host in LOOPBACK or host.startswith("127.") else []
        self.hosts = {f"{n}:{port}" if ":" not in n else f"[{n}]:{port}" for n in names}

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A request that failed: a closed tab is nothing to report; anything else one line, no traceback."""
        error = sys.exc_info()[1]
        if not isinstance(error, OSError):
            print(_("nota preview: a request failed: {error}", error=f"{type(error).__name__}: {error}"),
                  file=sys.stderr)

    @property
    def url(self) -> str:
        host, port = str(self.server_address[0]), int(self.server_address[1])
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"


def _static(root: Path, name: str) -> bytes:
    """The preview's own script or stylesheet (templates/preview/, the project's before nota's)."""
    try:
        return Templates.of(root).read(f"preview/{name}")
    except UnsafeFile as exc:
        raise UsageError(_("{file} {reason}: {hint}", file=f"templates/preview/{name}", reason=exc.reason,
                           hint=exc.hint)) from None


def bind(host: str, port: int, site: Site, root: Path, env: Environment) -> PreviewServer:
    """A server on `host` at `port`, or the next free port after it (port 0: any free one)."""
    try:
        family = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)[0][0]
    except socket.gaierror:
        raise UsageError(_("--host {host}: no such address on this computer", host=host)) from None
    last = port if port == 0 else min(port + PORT_TRIES - 1, 65535)
    for candidate in range(port, last + 1):
        try:
            return PreviewServer((host, candidate), family, site, root, env)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise UsageError(_("cannot listen on {host} port {port}: {error}", host=host, port=candidate,
                                   error=exc.strerror or exc)) from None
    raise UsageError(_("ports {first} to {last} are all in use on {host}: give another with --port", first=port,
                       last=last, host=host))


class Handler(BaseHTTPRequestHandler):
    """GET and HEAD of the pages, the files beside them, the PDFs and the event stream."""

    server: PreviewServer
    server_version = "nota-preview"
    sys_version = ""
    timeout = 60  # a client that sends nothing is let go

    def log_message(self, format: str, *args: Any) -> None:
        """No access log: the terminal shows what was rendered and the problems."""

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        if self.server.hosts and self.headers.get("Host", "") not in self.server.hosts:
            self._send(HTTPStatus.MISDIRECTED_REQUEST, b"this preview answers only on this computer\n",
                       "text/plain; charset=utf-8", body)
            return
        path = urlsplit(self.path).path
        if path == "/_nota/events" and body:
            self._events()
            return
        found = self.server.site.read(lambda site: self._lookup(site, path))
        if found is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", body)
        elif isinstance(found, str):
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", found)
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._send(HTTPStatus(found[0]), found[2], found[1], body)

    def _lookup(self, site: Site, raw: str) -> tuple[int, str, bytes] | str | None:
        """(status, media type, bytes), a path to go to instead, or None: not one of the rendered files."""
        if any(sign in raw.lower() for sign in _REFUSED) or not raw.startswith("/"):
            return None
        try:
            parts = unquote(raw, errors="strict").split("/")[1:]
        except UnicodeDecodeError:  # no file of a rendering has such a name
            return None
        if any(part in (".", "..") for part in parts):
            return None
        if parts == [""]:
            if len(site.documents) == 1:
                return f"/{next(iter(site.documents))}/"
            return 200, MEDIA_TYPES["html"], site.page("", site.version, lambda: pages.index_page(
                self.server.env, self.server.root, site))
        if parts[0] == "_nota" and len(parts) == 2 and parts[1] in pages.STATIC:
            return 200, pages.STATIC[parts[1]], self.server.static[parts[1]]
        doc = site.documents.get(parts[0])
        if doc is None:
            return None
        name = "/".join(parts[1:])
        if len(parts) == 1:
            return f"/{doc.id}/"
        if name in ("", f"{doc.id}.html"):
            return 200, MEDIA_TYPES["html"], site.page(doc.id, doc.version, lambda: pages.document_page(
                self.server.env, self.server.root, doc))
        if name == f"{doc.id}.pdf" and doc.pdf is not None:
            if doc.pdf.data is None:
                return 503, "text/plain; charset=utf-8", b"the PDF is being typeset: the page links it when ready\n"
            return 200, MEDIA_TYPES["pdf"], doc.pdf.data
        data = doc.files.get(name) if name != f"{doc.id}.html" else None
        if data is None:
            return None
        return 200, MEDIA_TYPES.get(name.rsplit(".", 1)[-1], "application/octet-stream"), data

    def _headers(self, media_type: str, length: int) -> None:
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header("Content-Security-Policy", POLICY)

    def _send(self, status: HTTPStatus, data: bytes, media_type: str, body: bool) -> None:
        self.send_response(status)
        self._headers(media_type, len(data))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self) -> None:
        """The event stream: the versions now, then again after every change, until the server stops."""
        site = self.server.site
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.close_connection = True
        seen = -1
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while not site.closing:
                if site.wait(seen, KEEPALIVE_SECONDS):
                    state = site.snapshot()
                    seen = state["site"]
                    data = json.dumps(state, separators=(",", ":"))
                    self.wfile.write(f"id: {seen}\nevent: update\ndata: {data}\n\n".encode())
                elif not site.closing:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except OSError:  # the tab was closed
            return
