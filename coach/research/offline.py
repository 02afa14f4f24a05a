"""The bundled demo agency: a static site served from a folder through an injected transport.

A career-center demo in a room without network, or a test run, researches the demo agency
through exactly the pipeline a live site goes through (robots.txt, sitemap, feed, pages, facts):
only the transport differs. `DirectoryTransport` answers for one origin from a folder, the way a
static host would:

    /            -> index.html
    /x/          -> x/index.html
    /x           -> x.html, else x/index.html
    /robots.txt  -> robots.txt (any file with a served extension, by its exact name)

Anything else, another host, scheme or port, a dotfile, or a path that would leave the folder
(`..`, encoded or not, or a symlink pointing out) is a 404. GET and HEAD are answered; other
methods get 405. The transport never touches the network.
"""

from __future__ import annotations

import email.utils
from pathlib import Path

import httpx

from coach.content import CONTENT_DIR

__all__ = ["DEMO_ORIGIN", "DEMO_SITE", "DEMO_URL", "DirectoryTransport", "demo_transport"]

DEMO_ORIGIN = "https://northlight.example"
DEMO_URL = DEMO_ORIGIN + "/"
DEMO_SITE = CONTENT_DIR / "demo" / "site"

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain; charset=utf-8",
}
_NOT_FOUND = (
    b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Page not found</title></head>"
    b"<body><h1>Page not found</h1></body></html>\n"
)


def _content_type(path: Path, head: bytes) -> str:
    media = _TYPES[path.suffix.lower()]
    if media == "application/xml":  # a feed served as .xml says what it is, as real hosts do
        start = head[:1024]
        if b"<rss" in start:
            return "application/rss+xml"
        if b"<feed" in start:
            return "application/atom+xml"
    return media


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


class DirectoryTransport(httpx.AsyncBaseTransport, httpx.BaseTransport):
    """Serve the files under `root` as the site at `origin` (scheme://host[:port]); 404 for anything else."""

    def __init__(self, root: str | Path, origin: str = DEMO_ORIGIN) -> None:
        self.root = Path(root).resolve(strict=True)
        if not self.root.is_dir():
            raise NotADirectoryError(str(self.root))
        url = httpx.URL(origin)
        if url.scheme not in ("http", "https") or not url.host:
            raise ValueError(f"not an http(s) origin: {origin!r}")
        self.scheme = url.scheme
        self.host = url.host
        self.port = url.port or _default_port(url.scheme)

    # -- the two transport interfaces share one answer

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self.respond(request)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.respond(request)

    def respond(self, request: httpx.Request) -> httpx.Response:
        """The response a static host would give to `request`."""
        if request.method not in ("GET", "HEAD"):
            return self._error(request, 405, {"Allow": "GET, HEAD"})
        file = self.resolve(request.url)
        if file is None:
            return self._error(request, 404)
        body = file.read_bytes()
        headers = {
            "Content-Type": _content_type(file, body),
            "Content-Length": str(len(body)),
            "Last-Modified": email.utils.formatdate(file.stat().st_mtime, usegmt=True),
        }
        if request.method == "HEAD":  # the headers of a GET (Content-Length included), no body
            return httpx.Response(200, headers=headers, content=b"", request=request)
        return httpx.Response(200, headers=headers, content=body, request=request)

    def resolve(self, url: httpx.URL) -> Path | None:
        """The file that answers `url`, or None (wrong origin, not found, or outside the folder)."""
        if url.scheme != self.scheme or url.host != self.host or (url.port or _default_port(url.scheme)) != self.port:
            return None
        path = url.path  # percent-decoded: "%2e%2e" is "..", "%2f" is "/", and both are refused below
        if not path.startswith("/") or "\\" in path or "\x00" in path:
            return None
        segments = [s for s in path.split("/") if s]
        if any(s.startswith(".") or ":" in s for s in segments):
            return None  # "..", ".", dotfiles (.git, .env) and drive-like names are never served
        if path.endswith("/"):
            names = [(*segments, "index.html")]
        elif segments[-1:] and Path(segments[-1]).suffix.lower() in _TYPES:
            names = [tuple(segments)]
        else:
            names = [(*segments[:-1], segments[-1] + ".html"), (*segments, "index.html")]
        for parts in names:
            found = self._inside(parts)
            if found is not None:
                return found
        return None

    def _inside(self, parts: tuple[str, ...]) -> Path | None:
        candidate = self.root.joinpath(*parts)
        try:
            real = candidate.resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return None
        if not real.is_relative_to(self.root) or not real.is_file() or real.suffix.lower() not in _TYPES:
            return None  # a symlink out of the folder, a directory, or a type we do not serve
        return real

    def _error(self, request: httpx.Request, status: int, extra: dict[str, str] | None = None) -> httpx.Response:
        body = _NOT_FOUND if status == 404 else b""
        headers = {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body)), **(extra or {})}
        return httpx.Response(status, headers=headers, content=b"" if request.method == "HEAD" else body,
                              request=request)


def demo_transport() -> DirectoryTransport:
    """A transport that serves the bundled demo agency, Northlight Communications, at DEMO_URL."""
    return DirectoryTransport(DEMO_SITE, DEMO_ORIGIN)
