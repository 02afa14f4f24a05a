"""HTTP handlers for fetcher tests: a scripted friendly site and hostile servers.

Serve any of them with `tests.loopback.serve_handler(handler_cls)`. Every handler swallows
the broken pipe it gets when the fetcher hangs up early (which is what the fetcher should do).
Handler classes are made per test (`site(...)`, `type(...)`), so class-level records do not
leak between tests.
"""

from __future__ import annotations

import functools
import gzip
import threading
import time
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

Route = tuple[int, dict[str, str], bytes]


class Recorder:
    """What a server saw: each request's path, headers and arrival time; how many at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[tuple[str, dict[str, str], float]] = []
        self.active = 0
        self.max_active = 0

    def paths(self) -> list[str]:
        with self.lock:
            return [path for path, _, _ in self.requests]

    def times(self, path: str) -> list[float]:
        with self.lock:
            return [t for p, _, t in self.requests if p == path]

    def enter(self, path: str, headers: dict[str, str]) -> None:
        with self.lock:
            self.requests.append((path, headers, time.monotonic()))
            self.active += 1
            self.max_active = max(self.max_active, self.active)

    def leave(self) -> None:
        with self.lock:
            self.active -= 1


class Base(BaseHTTPRequestHandler):
    """Records every request, then calls `respond()`; quiet, and calm about hang-ups."""

    recorder: Recorder = Recorder()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self.recorder.enter(self.path, {k.lower(): v for k, v in self.headers.items()})
        try:
            if self.path == "/robots.txt":
                self.robots_txt()
            else:
                self.respond()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError):
            self.close_connection = True
        finally:
            self.recorder.leave()

    def respond(self) -> None:
        self.send(404, {"Content-Type": "text/plain"}, b"not found")

    def robots_txt(self) -> None:
        """No robots.txt (404: everything allowed), so hostile behaviour reaches the page fetch."""
        self.send(404, {"Content-Type": "text/plain"}, b"not found")

    def send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        if not any(k.lower() == "content-length" for k in headers):
            headers = {**headers, "Content-Length": str(len(body))}
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


HTML = {"Content-Type": "text/html; charset=utf-8"}


def site(routes: dict[str, Route | Callable[[Base], None]], *, hold: float = 0.0) -> type[Base]:
    """A handler serving `routes` (path -> (status, headers, body) or a callable); 404 elsewhere.

    `hold` seconds are spent inside every page request (not robots.txt) to make overlap visible.
    """

    class Site(Base):
        recorder = Recorder()

        def robots_txt(self) -> None:
            self.respond()

        def respond(self) -> None:
            route = routes.get(self.path)
            if self.path != "/robots.txt" and hold:
                time.sleep(hold)
            if route is None:
                self.send(404, {"Content-Type": "text/plain"}, b"not found")
            elif callable(route):
                route(self)
            else:
                status, headers, body = route
                self.send(status, dict(headers), body)

    return Site


# ---------------------------------------------------------------------------- hostile servers


class Drip(Base):
    """text/html headers, then one byte per second for ever."""

    recorder = Recorder()

    def respond(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        for _ in range(120):
            self.wfile.write(b"<")
            self.wfile.flush()
            time.sleep(1.0)


class Stall(Base):
    """Headers, a few bytes, then silence for a long time."""

    recorder = Recorder()

    def respond(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html>")
        self.wfile.flush()
        time.sleep(30)


class Endless(Base):
    """An HTML body without Content-Length that never ends."""

    recorder = Recorder()

    def respond(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        chunk = b"<p>" + b"a" * 65_000 + b"</p>"
        for _ in range(100_000):
            self.wfile.write(chunk)


class Huge(Base):
    """A 10 MB HTML page that declares its size."""

    recorder = Recorder()
    size = 10_000_000

    def respond(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(self.size))
        self.end_headers()
        chunk = b"a" * 100_000
        for _ in range(self.size // len(chunk)):
            self.wfile.write(chunk)


class HugeUndeclared(Huge):
    """The same 10 MB page, sent without Content-Length (connection close ends it)."""

    recorder = Recorder()

    def respond(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        chunk = b"a" * 100_000
        for _ in range(self.size // len(chunk)):
            self.wfile.write(chunk)


def zeros_compressed(size: int, *, wbits: int) -> bytes:
    """`size` zero bytes compressed without ever holding them in memory."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    block = bytes(1_000_000)
    parts = [compressor.compress(block) for _ in range(size // len(block))]
    parts.append(compressor.flush())
    return b"".join(parts)


BOMB_SIZE = 200_000_000  # bytes of zeros a bomb unpacks to; compressed, about 200 KB


@functools.cache
def gzip_bomb() -> bytes:
    return zeros_compressed(BOMB_SIZE, wbits=16 + zlib.MAX_WBITS)


@functools.cache
def deflate_bomb() -> bytes:
    return zeros_compressed(BOMB_SIZE, wbits=zlib.MAX_WBITS)


@functools.cache
def nested_bomb() -> bytes:
    """gzip of a gzip bomb: each layer small, the whole 200 MB."""
    return gzip.compress(gzip_bomb(), compresslevel=9)


def bomb(body: bytes, encoding: str, content_type: str = "text/html") -> type[Base]:
    class Bomb(Base):
        recorder = Recorder()

        def respond(self) -> None:
            self.send(200, {"Content-Type": content_type, "Content-Encoding": encoding}, body)

    return Bomb


class RedirectLoop(Base):
    """/a -> /b -> /a -> ..."""

    recorder = Recorder()

    def respond(self) -> None:
        target = "/b" if self.path == "/a" else "/a"
        self.send(302, {"Location": target}, b"")


def redirect_to(location: str) -> type[Base]:
    class Redirector(Base):
        recorder = Recorder()

        def respond(self) -> None:
            self.send(302, {"Location": location}, b"")

    return Redirector


class CutShort(Base):
    """Promises 10 000 bytes, sends 100, hangs up."""

    recorder = Recorder()

    def respond(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "10000")
        self.end_headers()
        self.wfile.write(b"<html>" + b"x" * 94)
        self.wfile.flush()
        self.close_connection = True


class SlowPdf(Base):
    """A PDF that declares 50 MB and sends it slowly: a fetcher must not wait for the body."""

    recorder = Recorder()
    content_type = "application/pdf"

    def respond(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", "50000000")
        self.end_headers()
        for _ in range(50):
            self.wfile.write(b"%PDF" + b"\0" * 1000)
            self.wfile.flush()
            time.sleep(0.2)


class SlowPng(SlowPdf):
    recorder = Recorder()
    content_type = "image/png"
