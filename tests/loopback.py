"""Real HTTP servers on 127.0.0.1 for tests and benchmarks: fixture sites and hostile handlers.

Every server binds an ephemeral port on loopback only and runs in daemon threads, so a
test that forgets to stop one cannot hang the suite.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class _DirectoryHandler(SimpleHTTPRequestHandler):
    """Serves a folder like a static host, optionally slowed down by a fixed delay."""

    delay = 0.0

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        if self.delay:
            time.sleep(self.delay)
        return super().send_head()


@contextmanager
def serve_handler(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve `handler` on 127.0.0.1 and yield the base URL (no trailing slash)."""
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_directory(root: Path, delay: float = 0.0) -> Iterator[str]:
    """Serve the static site in `root`; `delay` seconds are added before every response."""
    handler = type("SiteHandler", (_DirectoryHandler,), {"delay": delay})
    with serve_handler(functools.partial(handler, directory=str(root))) as base:  # type: ignore[arg-type]
        yield base
