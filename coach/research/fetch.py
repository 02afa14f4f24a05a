"""Safe, polite fetching of an agency's public pages.

Safe: every connection passes the address guard (`guard.py`); redirects are followed by hand
so each hop is checked; time, bytes and redirects are capped; compressed bodies are read raw
and decompressed under an output bound, so a compression bomb stops at the byte cap.

Polite: an honest User-Agent, robots.txt honoured (RFC 9309, via protego) and cached per
origin, its Crawl-delay kept, at most a few requests at a time per origin, and a 429/503
Retry-After waited out once.

Every failure leaves `Fetcher.fetch()` as a `ResearchError` (see `errors.py`) whose `.reason`
a person can read; nothing else escapes.
"""

from __future__ import annotations

import asyncio
import codecs
import email.utils
import http
import logging
import os
import re
import ssl
import time
import zlib
from dataclasses import dataclass, field
from types import TracebackType
from typing import Literal
from urllib.parse import urlsplit

import httpx
from protego import Protego

from coach.research import guard
from coach.research.errors import (
    BadUrl,
    BlockedByRobots,
    BrokenResponse,
    HttpStatus,
    NotHtml,
    ResearchError,
    TimedOut,
    TooLarge,
    TooManyRedirects,
    Unreachable,
)
from coach.research.types import Problem

__all__ = [
    "ROBOTS_TOKEN",
    "USER_AGENT",
    "FetchSettings",
    "FetchedPage",
    "Fetcher",
    "Purpose",
    "decode_text",
    "normalize_user_url",
]

log = logging.getLogger(__name__)

ROBOTS_TOKEN = "InformationalInterviewCoach"
USER_AGENT = (
    f"{ROBOTS_TOKEN}/0.1 (open-source app that prepares a student's informational interview "
    "by reading an agency's public pages; respects robots.txt)"
)

Purpose = Literal["page", "robots", "sitemap", "feed"]

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
XML_TYPES = frozenset({"application/xml", "text/xml", "application/x-xml"})
SITEMAP_TYPES = XML_TYPES | {"text/plain", "application/gzip", "application/x-gzip", "application/octet-stream"}
FEED_TYPES = XML_TYPES | {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/x-rss+xml"}
_ACCEPT = {
    "page": "text/html,application/xhtml+xml;q=0.9",
    "robots": "text/plain,*/*;q=0.5",
    "sitemap": "application/xml,text/xml;q=0.9,*/*;q=0.5",
    "feed": "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.8",
}
_WHAT = {"page": "a web page", "robots": "a robots.txt file", "sitemap": "a sitemap", "feed": "a news feed"}
_DECODERS = ("gzip", "x-gzip", "deflate")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def _env_allows_private() -> bool:
    return os.environ.get("COACH_ALLOW_PRIVATE_NETWORKS", "") == "1"


@dataclass(frozen=True)
class FetchSettings:
    """Limits and manners of one research run."""

    max_pages: int = 25  # enforced by the engine, kept here with the other limits
    max_bytes: int = 2_000_000  # per response, raw and after decompression
    connect_timeout: float = 5.0
    read_timeout: float = 10.0  # longest silence between two reads
    page_timeout: float = 15.0  # wall clock for one fetch's requests (redirects and retry included)
    max_redirects: int = 5
    per_host_concurrency: int = 4
    allow_private: bool = field(default_factory=_env_allows_private)
    user_agent: str = USER_AGENT
    max_crawl_delay: float = 10.0  # a higher Crawl-delay is capped, with a problem noted
    max_retry_after: float = 10.0  # a longer Retry-After means giving up on that page
    # Tests only: (host, port) origins reachable although private networks are not allowed.
    extra_allowed_origins: frozenset[tuple[str, int]] = frozenset()


@dataclass(frozen=True)
class FetchedPage:
    """One successful response, read within the limits."""

    url: str  # final URL after redirects
    requested_url: str
    status: int
    content_type: str  # media type only, lower-case, e.g. "text/html"
    body: bytes  # decompressed bytes, at most max_bytes
    text: str  # body decoded to str with the right charset


# --------------------------------------------------------------------------- user input


_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$", re.DOTALL)
_EXAMPLE = "Enter the agency's web address, for example https://www.example-agency.com"


def normalize_user_url(raw: str) -> str:
    """Turn what a user pasted into an absolute http(s) URL, or raise BadUrl saying why."""
    text = (raw or "").strip().strip("<>\"'").strip()
    if not text:
        raise BadUrl(raw or "", f"The address is empty. {_EXAMPLE}.")
    if any(ch.isspace() for ch in text):
        raise BadUrl(raw, f"A web address cannot contain spaces: {text!r}. {_EXAMPLE}.")
    if text.startswith("//"):
        text = "https:" + text
    elif "://" not in text:
        match = _SCHEME.match(text)
        if match and not re.match(r"^\d+(?:[/?#]|$)", match.group(2)):
            scheme = match.group(1).lower()
            if scheme in ("http", "https"):
                raise BadUrl(raw, f"The address is missing the '//' after '{scheme}:'. {_EXAMPLE}.")
            raise BadUrl(raw, f"'{scheme}:' addresses are not web pages. {_EXAMPLE}.")
        text = "https://" + text
    scheme = text.split("://", 1)[0].lower()
    if scheme not in ("http", "https"):
        raise BadUrl(raw, f"'{scheme}://' addresses are not web pages: only http and https work. {_EXAMPLE}.")
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise BadUrl(raw, f"{text!r} is not a valid web address. {_EXAMPLE}.") from None
    if parts.username is not None or parts.password is not None:
        raise BadUrl(raw, "The address contains a user name or password (before an '@'); leave those out.")
    if not host:
        raise BadUrl(raw, f"The address has no website name in it. {_EXAMPLE}.")
    try:
        ip = guard.parse_ip_host(host)
    except ValueError:
        raise BadUrl(raw, f"{host} looks like an IP address but is not a valid one. Check the address.") from None
    if ip is not None and not ip[1]:
        raise BadUrl(raw, f"{host} is an unusual way of writing the IP address {ip[0]}: please write it as {ip[0]}.")
    if ip is None and "." not in host.strip(".") and host != "localhost":
        raise BadUrl(raw, f"{host!r} is not a complete web address (did you mean {host}.com?). {_EXAMPLE}.")
    try:
        url = httpx.URL(text)
    except (httpx.InvalidURL, ValueError, UnicodeError):
        raise BadUrl(raw, f"{text!r} is not a valid web address. {_EXAMPLE}.") from None
    url = url.copy_with(fragment=None)
    if url.raw_path == b"/":  # "https://a.example" prints without its slash
        url = url.copy_with(path="/")
    return str(url)


def _parse_url(raw: str) -> httpx.URL:
    """An absolute http(s) URL from the engine or a redirect, or BadUrl."""
    try:
        url = httpx.URL(raw)
    except (httpx.InvalidURL, ValueError, UnicodeError, TypeError):
        host = _host_of(raw)
        if host:
            try:
                guard.parse_ip_host(host)
            except ValueError:
                raise BadUrl(raw, f"{host} looks like an IP address but is not a valid one.") from None
        raise BadUrl(raw, "This is not a valid web address.") from None
    if url.scheme not in ("http", "https"):
        what = f"'{url.scheme}:'" if url.scheme else "An address without http:// or https://"
        raise BadUrl(raw, f"{what} is not a web address we can visit: only http and https work.")
    if not url.host:
        raise BadUrl(raw, "The address has no website name in it.")
    return url.copy_with(fragment=None)


def _host_of(raw: str) -> str:
    try:
        return urlsplit(raw).hostname or ""
    except ValueError:
        return ""


def _port_of(url: httpx.URL) -> int:
    return url.port or (443 if url.scheme == "https" else 80)


# --------------------------------------------------------------------------- charsets


_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""")
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# As browsers do (WHATWG Encoding): these labels mean windows-1252.
_AS_1252 = frozenset({"latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1", "ascii", "us-ascii", "cp819"})


def _codec(label: str | bytes | None, *, from_meta: bool = False) -> str | None:
    if not label:
        return None
    name = label.decode("ascii", "ignore") if isinstance(label, bytes) else label
    name = name.strip().lower()
    if name in _AS_1252:
        return "cp1252"
    if name == "x-user-defined":
        return "cp1252"
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    if from_meta and info.name.startswith(("utf-16", "utf-32")):
        return "utf-8"  # a meta tag readable as ASCII cannot really be UTF-16
    return info.name


def decode_text(body: bytes, content_type_header: str = "", *, markup: Literal["html", "xml", "text"] = "html") -> str:
    """Decode a body: BOM, else the header charset, else meta/XML declaration, else UTF-8. Never raises."""
    encoding = None
    for bom, name in _BOMS:
        if body.startswith(bom):
            encoding = name
            break
    if encoding is None:
        match = _HEADER_CHARSET.search(content_type_header or "")
        encoding = _codec(match.group(1)) if match else None
    if encoding and encoding.startswith(("utf-16", "utf-32")) and b"\0" not in body[:4]:
        encoding = None  # declared UTF-16/32 but readable as ASCII: the declaration is wrong
    if encoding is None and markup == "html":
        match = _META_CHARSET.search(body[:4096])
        encoding = _codec(match.group(1), from_meta=True) if match else None
    if encoding is None and markup == "xml":
        match = _XML_ENCODING.search(body[:1024])
        encoding = _codec(match.group(1), from_meta=True) if match else None
    try:
        return body.decode(encoding or "utf-8", errors="replace")
    except (LookupError, ValueError, TypeError, UnicodeError):
        return body.decode("utf-8", errors="replace")


# --------------------------------------------------------------------------- bounded decompression


class _Overflow(Exception):
    """A decoder produced more than its bound."""


class _Inflater:
    """gzip / zlib / raw-deflate decompression that never produces more than `limit` bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        self._gzip = encoding in ("gzip", "x-gzip")
        self._limit = limit
        self._produced = 0
        self._d: zlib._Decompress | None = zlib.decompressobj(16 + zlib.MAX_WBITS) if self._gzip else None
        self._done = False

    def _room(self) -> int:
        return self._limit - self._produced + 1  # one more byte than allowed reveals an overflow

    def _count(self, chunk: bytes) -> bytes:
        self._produced += len(chunk)
        if self._produced > self._limit:
            raise _Overflow
        return chunk

    def feed(self, data: bytes) -> bytes:
        out: list[bytes] = []
        if self._d is None and data:
            # "deflate" should be zlib-wrapped but some servers send raw deflate: tell by the header.
            zlib_header = len(data) >= 2 and data[0] & 0x0F == 8 and ((data[0] << 8) | data[1]) % 31 == 0
            self._d = zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)
        while data and not self._done:
            assert self._d is not None
            chunk = self._d.decompress(data, self._room())
            out.append(self._count(chunk))
            if self._d.eof:
                rest = self._d.unused_data
                if self._gzip and rest.lstrip(b"\0"):  # another gzip member follows
                    self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
                    data = rest.lstrip(b"\0")
                    continue
                self._done = True
                break
            data = self._d.unconsumed_tail
            if not chunk and data:
                break
        return b"".join(out)

    def flush(self) -> bytes:
        if self._d is None or self._done:
            return b""
        return self._count(self._d.flush(self._room()))


class _Identity:
    def feed(self, data: bytes) -> bytes:
        return data

    def flush(self) -> bytes:
        return b""


class _Chain:
    """Undo Content-Encodings in reverse order, each stage bounded."""

    def __init__(self, stages: list[_Inflater]) -> None:
        self._stages = stages

    def feed(self, data: bytes) -> bytes:
        for stage in self._stages:
            data = stage.feed(data)
        return data

    def flush(self) -> bytes:
        data = b""
        for stage in self._stages:
            data = stage.feed(data) + stage.flush() if data else stage.flush()
        return data


def _gunzip(data: bytes, limit: int) -> bytes:
    inflater = _Inflater("gzip", limit)
    return inflater.feed(data) + inflater.flush()


# --------------------------------------------------------------------------- per-origin state


@dataclass
class _Robots:
    state: Literal["allow_all", "disallow_all", "parsed", "failed"]
    parser: Protego | None = None
    reason: str = ""
    error: ResearchError | None = None


@dataclass
class _Origin:
    semaphore: asyncio.Semaphore
    robots_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    pace_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    robots: _Robots | None = None
    delay: float = 0.0
    next_start: float = 0.0


@dataclass
class _Redirect:
    location: str


@dataclass
class _RetryLater:
    status: int
    seconds: float | None


class _Budget:
    """The page timeout, spent only while requests run (not while we wait to be polite)."""

    def __init__(self, seconds: float) -> None:
        self.total = seconds
        self.left = seconds


# --------------------------------------------------------------------------- the fetcher


class Fetcher:
    """Fetches pages safely and politely; use as `async with Fetcher(settings) as f:`."""

    def __init__(
        self, settings: FetchSettings | None = None, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.settings = settings or FetchSettings()
        self._injected = transport
        self._client: httpx.AsyncClient | None = None
        self._origins: dict[tuple[str, str, int], _Origin] = {}
        # Things worth telling the user that are not failures (e.g. a capped Crawl-delay).
        self.problems: list[Problem] = []

    async def __aenter__(self) -> Fetcher:
        self._open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc: BaseException | None = None,
        tb: TracebackType | None = None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            await client.aclose()

    def _open(self) -> httpx.AsyncClient:
        if self._client is None:
            s = self.settings
            transport = self._injected or guard.guarded_transport(
                allow_private=s.allow_private, extra_allowed=s.extra_allowed_origins
            )
            self._client = httpx.AsyncClient(
                transport=transport,
                timeout=httpx.Timeout(
                    connect=s.connect_timeout, read=s.read_timeout, write=s.read_timeout, pool=s.page_timeout
                ),
                follow_redirects=False,
                trust_env=False,
                headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"},
            )
        return self._client

    # -- public API

    async def fetch(self, url: str, purpose: Purpose = "page") -> FetchedPage:
        """Fetch `url` for `purpose`; raises a ResearchError subclass on any failure."""
        try:
            return await self._fetch(url, purpose)
        except ResearchError:
            raise
        except Exception as exc:  # the promise: nothing but ResearchError leaves fetch()
            raise _translate(exc, url, self.settings) from exc

    async def sitemaps_for(self, url: str) -> list[str]:
        """The Sitemap: lines of the robots.txt of `url`'s origin (fetched once, cached)."""
        try:
            parsed = _parse_url(url)
            self._guard(parsed)
            robots = await self._robots(parsed)
        except ResearchError:
            raise
        except Exception as exc:
            raise _translate(exc, url, self.settings) from exc
        if robots.state == "failed" and robots.error is not None:
            raise robots.error.with_url(url)
        if robots.parser is None:
            return []
        found: list[str] = []
        for sitemap in robots.parser.sitemaps:
            if urlsplit(sitemap).scheme in ("http", "https") and sitemap not in found:
                found.append(sitemap)
        return found

    # -- the steps

    def _origin(self, url: httpx.URL) -> _Origin:
        key = (url.scheme, url.host, _port_of(url))
        origin = self._origins.get(key)
        if origin is None:
            origin = _Origin(semaphore=asyncio.Semaphore(self.settings.per_host_concurrency))
            self._origins[key] = origin
        return origin

    def _guard(self, url: httpx.URL) -> None:
        if self._injected is not None:
            return  # an injected transport opens no sockets: nothing to guard
        try:
            guard.check_url_host(
                url.host,
                _port_of(url),
                allow_private=self.settings.allow_private,
                extra_allowed=self.settings.extra_allowed_origins,
            )
        except ResearchError as exc:
            raise exc.with_url(str(url)) from None

    async def _fetch(self, raw_url: str, purpose: Purpose) -> FetchedPage:
        s = self.settings
        url = _parse_url(raw_url)
        budget = _Budget(s.page_timeout)
        redirects = 0
        retried = False
        while True:
            self._guard(url)
            origin = self._origin(url)
            if purpose != "robots":
                await self._check_robots(url)
            outcome = await self._exchange(url, raw_url, purpose, origin, budget)
            if isinstance(outcome, FetchedPage):
                return outcome
            if isinstance(outcome, _Redirect):
                redirects += 1
                if redirects > s.max_redirects:
                    raise TooManyRedirects(
                        raw_url,
                        f"The site sent us on from address to address more than {s.max_redirects} times "
                        "(a redirect loop?). Open the address in your browser and use the address it ends on.",
                    )
                try:
                    target = url.join(outcome.location)
                except (httpx.InvalidURL, ValueError, UnicodeError):
                    raise BadUrl(raw_url, "The site redirected to an address that is not valid.") from None
                try:
                    url = _parse_url(str(target))
                except BadUrl as exc:
                    raise BadUrl(
                        str(target), f"The site redirected to an address we cannot visit: {exc.reason}"
                    ) from None
                continue
            # _RetryLater
            wait = outcome.seconds
            if retried or wait is None or wait > s.max_retry_after:
                raise HttpStatus(str(url), _retry_reason(outcome.status, wait), outcome.status)
            retried = True
            await asyncio.sleep(max(0.0, wait))

    async def _exchange(
        self, url: httpx.URL, requested: str, purpose: Purpose, origin: _Origin, budget: _Budget
    ) -> FetchedPage | _Redirect | _RetryLater:
        s = self.settings
        client = self._open()
        async with origin.semaphore:
            await self._pace(origin)
            if budget.left <= 0:
                raise TimedOut(requested, _page_timeout_reason(s))
            started = time.monotonic()
            try:
                async with asyncio.timeout(budget.left):
                    request = client.build_request("GET", url, headers={"Accept": _ACCEPT[purpose]})
                    response = await client.send(request, stream=True)
                    try:
                        return await self._read(response, url, requested, purpose)
                    finally:
                        await response.aclose()
            except TimeoutError as exc:  # the page budget ran out (asyncio.timeout)
                raise TimedOut(str(url), _page_timeout_reason(s)) from exc
            except ResearchError as exc:
                if exc.url == str(url):
                    raise
                raise exc.with_url(str(url)) from exc.__cause__  # the guard knows only the host
            except Exception as exc:
                raise _translate(exc, str(url), s) from exc
            finally:
                budget.left -= time.monotonic() - started

    async def _read(
        self, response: httpx.Response, url: httpx.URL, requested: str, purpose: Purpose
    ) -> FetchedPage | _Redirect | _RetryLater:
        s = self.settings
        status = response.status_code
        here = str(url)
        if status in _REDIRECTS and response.headers.get("location"):
            return _Redirect(response.headers["location"])
        if status in (429, 503):
            return _RetryLater(status, _retry_after_seconds(response.headers.get("retry-after")))
        if status >= 300 or status < 200:
            raise HttpStatus(here, _status_reason(status), status)
        header = response.headers.get("content-type", "")
        media = header.split(";", 1)[0].strip().lower()
        accepted = {"page": PAGE_TYPES, "sitemap": SITEMAP_TYPES, "feed": FEED_TYPES}.get(purpose)
        if accepted is not None and media and media not in accepted:
            raise NotHtml(here, _not_readable_reason(media, purpose))
        length = response.headers.get("content-length", "")
        if length.strip().isdigit() and int(length) > s.max_bytes:
            if purpose != "robots":
                raise TooLarge(here, _too_large_reason(s, declared=int(length)))
        body = await self._body(response, here, truncate=purpose == "robots")
        if purpose == "sitemap" and body[:2] == b"\x1f\x8b":
            try:
                body = _gunzip(body, s.max_bytes)
            except _Overflow:
                raise TooLarge(here, _too_large_reason(s, compressed=True)) from None
            except zlib.error as exc:
                raise BrokenResponse(here, "The compressed sitemap is damaged and cannot be unpacked.") from exc
        if purpose == "page" and not media and not body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            raise NotHtml(here, _not_readable_reason("an unknown type", purpose))
        markup: Literal["html", "xml", "text"] = (
            "html" if purpose == "page" else "text" if purpose == "robots" else "xml"
        )
        return FetchedPage(
            url=here,
            requested_url=requested,
            status=status,
            content_type=media or ("text/html" if purpose == "page" else ""),
            body=body,
            text=decode_text(body, header, markup=markup),
        )

    async def _body(self, response: httpx.Response, url: str, *, truncate: bool) -> bytes:
        """Read the raw body, decompressing under the byte cap; TooLarge beyond it (or cut, for robots.txt)."""
        limit = self.settings.max_bytes
        encodings = [
            e.strip().lower()
            for e in response.headers.get("content-encoding", "").split(",")
            if e.strip() and e.strip().lower() != "identity"
        ]
        unknown = [e for e in encodings if e not in _DECODERS]
        if unknown or len(encodings) > 3:
            raise BrokenResponse(
                url, f"The site compressed this page in a way the app cannot read ({', '.join(encodings)})."
            )
        decoder: _Chain | _Identity = (
            _Chain([_Inflater(e, limit) for e in reversed(encodings)]) if encodings else _Identity()
        )
        out = bytearray()
        raw = 0
        # The raw stream, as aiter_raw() would give it, but also for a response an injected transport
        # built from bytes (httpx marks those "consumed" although their stream still holds the raw body).
        stream = response.stream
        if not isinstance(stream, httpx.AsyncByteStream):
            raise BrokenResponse(url, "The answer could not be read (the transport is not asynchronous).")
        try:
            async for chunk in stream:
                raw += len(chunk)
                if raw > limit:
                    if truncate:
                        break
                    raise TooLarge(url, _too_large_reason(self.settings))
                out += decoder.feed(chunk)
                if len(out) > limit:
                    raise _Overflow
            out += decoder.flush()
        except _Overflow:
            if truncate:
                return bytes(out[:limit])
            raise TooLarge(url, _too_large_reason(self.settings, compressed=bool(encodings))) from None
        except zlib.error as exc:
            raise BrokenResponse(url, "The site's compressed answer is damaged and cannot be unpacked.") from exc
        if len(out) > limit:
            if truncate:
                return bytes(out[:limit])
            raise TooLarge(url, _too_large_reason(self.settings, compressed=bool(encodings)))
        return bytes(out)

    async def _pace(self, origin: _Origin) -> None:
        """Keep the origin's Crawl-delay between the starts of two requests."""
        if origin.delay <= 0:
            return
        loop = asyncio.get_running_loop()
        async with origin.pace_lock:
            now = loop.time()
            start = max(now, origin.next_start)
            origin.next_start = start + origin.delay
        if start > now:
            await asyncio.sleep(start - now)

    # -- robots.txt

    async def _robots(self, url: httpx.URL) -> _Robots:
        origin = self._origin(url)
        async with origin.robots_lock:
            if origin.robots is None:
                origin.robots = await self._load_robots(url, origin)
            return origin.robots

    async def _load_robots(self, url: httpx.URL, origin: _Origin) -> _Robots:
        s = self.settings
        robots_url = str(url.copy_with(path="/robots.txt", query=None, fragment=None))
        try:
            page = await self.fetch(robots_url, "robots")
        except HttpStatus as exc:
            if 400 <= exc.status < 500:
                return _Robots("allow_all")  # RFC 9309 2.3.1.3: unavailable means no rules
            return _Robots(
                "disallow_all",
                reason=f"The site's robots.txt answered with a server error ({exc.status}); by the robots.txt "
                "rules (RFC 9309) we stay away until it works. Try again later, or paste the page's HTML.",
            )
        except (TooManyRedirects, BadUrl):
            return _Robots("allow_all")  # RFC 9309 2.3.1.2: may be treated as unavailable
        except ResearchError as exc:
            # RFC 9309 2.3.1.4: unreachable means complete disallow. Report the real cause.
            return _Robots("failed", error=exc)
        try:
            parser = Protego.parse(page.text)
            delay = parser.crawl_delay(s.user_agent)
        except Exception:  # protego is lenient; should it fail, read no rules rather than crash
            log.warning("unparseable robots.txt at %s", robots_url, exc_info=True)
            return _Robots("allow_all")
        if delay:
            if delay > s.max_crawl_delay:
                self.problems.append(
                    Problem(
                        url=robots_url,
                        reason=f"The site asks for {delay:g} seconds between visits; the app waits "
                        f"{s.max_crawl_delay:g} seconds, so reading it takes a while.",
                    )
                )
                delay = s.max_crawl_delay
            origin.delay = float(delay)
            origin.next_start = asyncio.get_running_loop().time() + origin.delay
        return _Robots("parsed", parser=parser)

    async def _check_robots(self, url: httpx.URL) -> None:
        robots = await self._robots(url)
        here = str(url)
        if robots.state == "allow_all":
            return
        if robots.state == "failed" and robots.error is not None:
            raise robots.error.with_url(here)  # the site failed already when we asked for robots.txt
        if robots.state == "disallow_all":
            raise BlockedByRobots(here, robots.reason)
        assert robots.parser is not None
        if not robots.parser.can_fetch(here, self.settings.user_agent):
            raise BlockedByRobots(
                here,
                "The site's robots.txt asks automated visitors not to read this page, so the app leaves it "
                "alone. You can open it in your browser and paste its HTML instead.",
            )


# --------------------------------------------------------------------------- messages


def _mb(n: int) -> str:
    return f"{n / 1_000_000:g} MB"


def _too_large_reason(s: FetchSettings, *, declared: int | None = None, compressed: bool = False) -> str:
    if declared is not None:
        return (
            f"The page is too large: {_mb(declared)}, more than the {_mb(s.max_bytes)} the app reads per page. "
            "It was not downloaded."
        )
    if compressed:
        return (
            f"The page is too large: its compressed body unpacks to more than {_mb(s.max_bytes)}, "
            "so the app stopped reading it."
        )
    return f"The page is too large: more than {_mb(s.max_bytes)}, so the app stopped reading it."


def _page_timeout_reason(s: FetchSettings) -> str:
    return (
        f"The site took longer than {s.page_timeout:g} seconds to send the page, so the app stopped waiting. "
        "It may be slow or overloaded: try again later."
    )


def _not_readable_reason(media: str, purpose: Purpose) -> str:
    if purpose == "page":
        return (
            f"This address is not a web page (it is {media}), so it was skipped without downloading. "
            "Only HTML pages are read for facts."
        )
    return f"This address was expected to be {_WHAT[purpose]} but is {media}, so it was skipped."


def _status_phrase(status: int) -> str:
    try:
        return f"{status} {http.HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _status_reason(status: int) -> str:
    phrase = _status_phrase(status)
    if status in (404, 410):
        return f"This page does not exist on the site ({phrase}). Check the address, or start from the home page."
    if status in (401, 403, 451):
        return (
            f"The site refuses to show this page to the app ({phrase}). "
            "Open it in your browser and paste the page's HTML instead."
        )
    if status >= 500:
        return f"The site had a problem of its own ({phrase}). Try again later."
    if 300 <= status < 400:
        return f"The site answered with a redirect the app cannot follow ({phrase})."
    return f"The site refused the request ({phrase})."


def _retry_reason(status: int, wait: float | None) -> str:
    phrase = _status_phrase(status)
    if wait is None:
        return f"The site is busy or asks us to slow down ({phrase}). Try again in a few minutes."
    return (
        f"The site is busy or asks us to slow down ({phrase}) and to come back in {wait:g} seconds. "
        "Try again in a few minutes."
    )


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _causes(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 20:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _translate(exc: BaseException, url: str, s: FetchSettings) -> ResearchError:
    """Any lower-level failure, as a ResearchError with a reason a person can act on."""
    chain = _causes(exc)
    if isinstance(exc, ResearchError):
        return exc.with_url(url)
    if any(isinstance(e, ssl.SSLError | ssl.CertificateError) for e in chain):
        return Unreachable(
            url,
            "A secure (HTTPS) connection to the site failed: its certificate could not be verified. "
            "Check the address, or try again later.",
        )
    if isinstance(exc, httpx.ConnectTimeout):
        return TimedOut(
            url,
            f"The site did not accept a connection within {s.connect_timeout:g} seconds. "
            "It may be down or very slow: try again later.",
        )
    if isinstance(exc, httpx.TimeoutException):
        return TimedOut(
            url,
            f"The site stopped sending data for more than {s.read_timeout:g} seconds, "
            "so the app stopped waiting. Try again later.",
        )
    if isinstance(exc, TimeoutError):
        return TimedOut(url, _page_timeout_reason(s))
    if isinstance(exc, httpx.ConnectError):
        if any(isinstance(e, ConnectionRefusedError) for e in chain) or "refused" in str(exc).lower():
            return Unreachable(
                url,
                "The site refused the connection: nothing answers at this address. "
                "Check the address (and port), or try again later.",
            )
        return Unreachable(
            url,
            "The app could not connect to the site. Check the address and your "
            "internet connection, or try again later.",
        )
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
        return BrokenResponse(url, "The site closed the connection before the page was complete. Try again later.")
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return BadUrl(url, "This is not a web address the app can visit: only http and https work.")
    if isinstance(exc, httpx.TransportError | httpx.HTTPError):
        return Unreachable(url, "The connection to the site failed. Try again later.")
    if isinstance(exc, zlib.error):
        return BrokenResponse(url, "The site's compressed answer is damaged and cannot be unpacked.")
    if isinstance(exc, OSError):
        return Unreachable(url, f"The connection to the site failed ({exc.strerror or exc}). Try again later.")
    log.exception("unexpected error fetching %s", url, exc_info=exc)
    return ResearchError(url, "Something unexpected went wrong while reading this page. Try again later.")
