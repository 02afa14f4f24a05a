"""The fetcher against real HTTP servers on 127.0.0.1: manners, content rules, charsets, URLs."""

from __future__ import annotations

import asyncio
import gzip
import time
import zlib
from collections.abc import Awaitable
from typing import TypeVar

import httpx
import pytest

from coach.research.errors import (
    BadUrl,
    BlockedAddress,
    BlockedByRobots,
    HttpStatus,
    NotHtml,
    ResearchError,
)
from coach.research.fetch import USER_AGENT, FetchedPage, Fetcher, FetchSettings, decode_text, normalize_user_url
from tests.loopback import serve_handler
from tests.research.hostile import HTML, Base, SlowPdf, SlowPng, site

pytestmark = pytest.mark.timeout(30)

T = TypeVar("T")

PAGE = b"<!doctype html><html><head><title>Acme PR</title></head><body><h1>We tell stories</h1></body></html>"
LOCAL = FetchSettings(allow_private=True)


def run(coro: Awaitable[T]) -> T:
    async def main() -> T:
        return await coro

    return asyncio.run(main())


async def fetch(url: str, settings: FetchSettings = LOCAL, purpose: str = "page") -> FetchedPage:
    async with Fetcher(settings) as fetcher:
        return await fetcher.fetch(url, purpose)  # type: ignore[arg-type]


def fetch_error(url: str, settings: FetchSettings = LOCAL, purpose: str = "page") -> ResearchError:
    with pytest.raises(ResearchError) as caught:
        run(fetch(url, settings, purpose))
    return caught.value


# ---------------------------------------------------------------------------- the happy path


def test_fetches_an_html_page_from_a_loopback_server() -> None:
    handler = site({"/": (200, HTML, PAGE)})
    with serve_handler(handler) as base:
        page = run(fetch(base + "/"))
    assert page.status == 200
    assert page.url == page.requested_url == base + "/"
    assert page.content_type == "text/html"
    assert page.body == PAGE
    assert "We tell stories" in page.text
    assert handler.recorder.paths() == ["/robots.txt", "/"]


def test_sends_an_honest_user_agent_to_pages_and_robots() -> None:
    handler = site({"/": (200, HTML, PAGE)})
    with serve_handler(handler) as base:
        run(fetch(base + "/"))
    agents = [headers.get("user-agent") for _, headers, _ in handler.recorder.requests]
    assert agents == [USER_AGENT, USER_AGENT]
    assert "InformationalInterviewCoach" in USER_AGENT and "robots.txt" in USER_AGENT
    assert "http" not in USER_AGENT  # no made-up contact URL


def test_follows_redirects_and_reports_the_final_url() -> None:
    handler = site({"/old": (301, {"Location": "/new"}, b""), "/new": (200, HTML, PAGE)})
    with serve_handler(handler) as base:
        page = run(fetch(base + "/old"))
    assert page.url == base + "/new"
    assert page.requested_url == base + "/old"


def test_error_status_is_an_http_status_error() -> None:
    handler = site({"/boom": (500, HTML, b"oops")})
    with serve_handler(handler) as base:
        missing = fetch_error(base + "/nope")
        boom = fetch_error(base + "/boom")
    assert isinstance(missing, HttpStatus) and missing.status == 404
    assert "404" in missing.reason and "does not exist" in missing.reason
    assert isinstance(boom, HttpStatus) and boom.status == 500
    assert "500" in boom.reason


def test_fetcher_can_be_used_without_the_context_manager_and_closed() -> None:
    handler = site({"/": (200, HTML, PAGE)})

    async def go(base: str) -> FetchedPage:
        fetcher = Fetcher(LOCAL)
        try:
            return await fetcher.fetch(base + "/")
        finally:
            await fetcher.aclose()

    with serve_handler(handler) as base:
        assert run(go(base)).body == PAGE


# ---------------------------------------------------------------------------- robots.txt


def test_robots_disallow_blocks_the_page_without_requesting_it() -> None:
    robots = b"User-agent: *\nDisallow: /private/\n"
    handler = site({"/robots.txt": (200, {"Content-Type": "text/plain"}, robots), "/private/x": (200, HTML, PAGE)})
    with serve_handler(handler) as base:
        error = fetch_error(base + "/private/x")
    assert type(error) is BlockedByRobots
    assert "robots.txt" in error.reason
    assert "/private/x" not in handler.recorder.paths()


def test_robots_rules_for_our_agent_and_wildcards_follow_rfc_9309() -> None:
    robots = (
        b"User-agent: *\nDisallow: /\n\nUser-agent: InformationalInterviewCoach\nAllow: /about\nDisallow: /*.php$\n"
    )
    handler = site(
        {
            "/robots.txt": (200, {"Content-Type": "text/plain"}, robots),
            "/about": (200, HTML, PAGE),
            "/team.php": (200, HTML, PAGE),
        }
    )

    async def go(base: str) -> tuple[FetchedPage, ResearchError]:
        async with Fetcher(LOCAL) as fetcher:
            ok = await fetcher.fetch(base + "/about")
            with pytest.raises(BlockedByRobots) as caught:
                await fetcher.fetch(base + "/team.php")
            return ok, caught.value

    with serve_handler(handler) as base:
        ok, _blocked = run(go(base))
    assert ok.status == 200
    assert handler.recorder.paths().count("/robots.txt") == 1  # cached per origin


@pytest.mark.parametrize("status", [404, 401, 403, 410])
def test_robots_4xx_means_allow_all(status: int) -> None:
    handler = site({"/robots.txt": (status, {"Content-Type": "text/plain"}, b"Disallow: /"), "/": (200, HTML, PAGE)})
    with serve_handler(handler) as base:
        assert run(fetch(base + "/")).status == 200


@pytest.mark.parametrize("status", [500, 502])
def test_robots_5xx_means_disallow_all(status: int) -> None:
    handler = site({"/robots.txt": (status, {"Content-Type": "text/plain"}, b""), "/": (200, HTML, PAGE)})
    with serve_handler(handler) as base:
        error = fetch_error(base + "/")
    assert type(error) is BlockedByRobots
    assert str(status) in error.reason and "robots.txt" in error.reason
    assert handler.recorder.paths() == ["/robots.txt"]


def test_sitemaps_for_lists_the_sitemap_lines_of_robots_txt() -> None:
    robots = b"User-agent: *\nAllow: /\nSitemap: https://agency.example/sitemap.xml\nSitemap: /relative.xml\n"
    handler = site({"/robots.txt": (200, {"Content-Type": "text/plain"}, robots), "/": (200, HTML, PAGE)})

    async def go(base: str) -> tuple[list[str], list[str]]:
        async with Fetcher(LOCAL) as fetcher:
            first = await fetcher.sitemaps_for(base + "/about")
            await fetcher.fetch(base + "/")
            return first, await fetcher.sitemaps_for(base)

    with serve_handler(handler) as base:
        first, again = run(go(base))
    assert first == again == ["https://agency.example/sitemap.xml"]
    assert handler.recorder.paths().count("/robots.txt") == 1


def test_sitemaps_for_without_robots_is_empty() -> None:
    handler = site({})

    async def go(base: str) -> list[str]:
        async with Fetcher(LOCAL) as fetcher:
            return await fetcher.sitemaps_for(base + "/")

    with serve_handler(handler) as base:
        assert run(go(base)) == []


def test_crawl_delay_spaces_requests() -> None:
    robots = b"User-agent: *\nCrawl-delay: 1\n"
    handler = site(
        {
            "/robots.txt": (200, {"Content-Type": "text/plain"}, robots),
            "/a": (200, HTML, PAGE),
            "/b": (200, HTML, PAGE),
        }
    )

    async def go(base: str) -> None:
        async with Fetcher(LOCAL) as fetcher:
            await asyncio.gather(fetcher.fetch(base + "/a"), fetcher.fetch(base + "/b"))

    with serve_handler(handler) as base:
        run(go(base))
    robots_at = handler.recorder.times("/robots.txt")[0]
    starts = sorted(handler.recorder.times("/a") + handler.recorder.times("/b"))
    assert len(starts) == 2
    # Measured where the server sees them (with some slack for a busy machine): a second apart.
    assert starts[0] - robots_at >= 0.8
    assert starts[1] - starts[0] >= 0.8


def test_excessive_crawl_delay_is_capped_and_noted() -> None:
    robots = b"User-agent: *\nCrawl-delay: 3600\n"
    handler = site({"/robots.txt": (200, {"Content-Type": "text/plain"}, robots), "/": (200, HTML, PAGE)})

    async def go(base: str) -> list:
        async with Fetcher(FetchSettings(allow_private=True, max_crawl_delay=0.2)) as fetcher:
            await fetcher.fetch(base + "/")
            return fetcher.problems

    with serve_handler(handler) as base:
        started = time.monotonic()
        problems = run(go(base))
    assert time.monotonic() - started < 3
    assert len(problems) == 1 and "3600" in problems[0].reason


# ---------------------------------------------------------------------------- concurrency and retries


def test_at_most_four_requests_at_a_time_per_host() -> None:
    routes = {f"/p{i}": (200, HTML, PAGE) for i in range(12)}
    handler = site(routes, hold=0.3)  # type: ignore[arg-type]

    async def go(base: str) -> list[FetchedPage]:
        async with Fetcher(LOCAL) as fetcher:
            return await asyncio.gather(*(fetcher.fetch(base + path) for path in routes))

    with serve_handler(handler) as base:
        pages = run(go(base))
    assert len(pages) == 12
    assert handler.recorder.max_active == 4


def test_concurrency_cap_is_configurable() -> None:
    routes = {f"/p{i}": (200, HTML, PAGE) for i in range(4)}
    handler = site(routes, hold=0.2)  # type: ignore[arg-type]

    async def go(base: str) -> None:
        async with Fetcher(FetchSettings(allow_private=True, per_host_concurrency=1)) as fetcher:
            await asyncio.gather(*(fetcher.fetch(base + path) for path in routes))

    with serve_handler(handler) as base:
        run(go(base))
    assert handler.recorder.max_active == 1


def _busy_then_ok(status: int, retry_after: str) -> type[Base]:
    calls: list[int] = []

    def page(h: Base) -> None:
        calls.append(1)
        if len(calls) == 1:
            h.send(status, {"Retry-After": retry_after, "Content-Type": "text/plain"}, b"slow down")
        else:
            h.send(200, HTML, PAGE)

    return site({"/": page})


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_waited_out_once(status: int) -> None:
    handler = _busy_then_ok(status, "1")
    with serve_handler(handler) as base:
        page = run(fetch(base + "/"))
    assert page.status == 200
    first, second = handler.recorder.times("/")
    assert second - first >= 0.9


def test_retry_after_too_long_gives_up_with_a_clear_message() -> None:
    handler = _busy_then_ok(429, "3600")
    with serve_handler(handler) as base:
        started = time.monotonic()
        error = fetch_error(base + "/")
    assert time.monotonic() - started < 3
    assert type(error) is HttpStatus and error.status == 429
    assert "slow down" in error.reason and "3600" in error.reason
    assert handler.recorder.paths().count("/") == 1


def test_429_without_retry_after_is_not_retried() -> None:
    handler = site({"/": (429, {"Content-Type": "text/plain"}, b"")})
    with serve_handler(handler) as base:
        error = fetch_error(base + "/")
    assert type(error) is HttpStatus and error.status == 429
    assert handler.recorder.paths().count("/") == 1


def test_only_one_retry() -> None:
    handler = site({"/": (503, {"Retry-After": "0", "Content-Type": "text/plain"}, b"")})
    with serve_handler(handler) as base:
        error = fetch_error(base + "/")
    assert type(error) is HttpStatus and error.status == 503
    assert handler.recorder.paths().count("/") == 2


# ---------------------------------------------------------------------------- content types


@pytest.mark.parametrize("handler", [SlowPdf, SlowPng])
def test_non_html_is_refused_without_reading_the_body(handler: type[Base]) -> None:
    with serve_handler(handler) as base:
        started = time.monotonic()
        error = fetch_error(base + "/file")
        elapsed = time.monotonic() - started
    assert type(error) is NotHtml
    assert handler.content_type in error.reason and "not a web page" in error.reason
    assert elapsed < 5  # the 50 MB body trickles for 10 s; we did not wait for it


def test_xhtml_is_a_page() -> None:
    handler = site({"/": (200, {"Content-Type": "application/xhtml+xml; charset=utf-8"}, PAGE)})
    with serve_handler(handler) as base:
        assert run(fetch(base + "/")).content_type == "application/xhtml+xml"


def test_missing_content_type_is_sniffed() -> None:
    handler = site({"/html": (200, {}, b"  " + PAGE), "/bin": (200, {}, b"\x89PNG\r\n\x1a\n...")})
    with serve_handler(handler) as base:
        assert run(fetch(base + "/html")).content_type == "text/html"
        assert type(fetch_error(base + "/bin")) is NotHtml


def test_sitemaps_and_feeds_are_fetched_for_discovery_but_are_not_pages() -> None:
    xml = b'<?xml version="1.0"?><urlset><url><loc>http://x/</loc></url></urlset>'
    rss = b'<?xml version="1.0"?><rss><channel><title>News</title></channel></rss>'
    handler = site(
        {
            "/sitemap.xml": (200, {"Content-Type": "application/xml"}, xml),
            "/sitemap.xml.gz": (200, {"Content-Type": "application/gzip"}, gzip.compress(xml)),
            "/feed": (200, {"Content-Type": "application/rss+xml"}, rss),
        }
    )
    with serve_handler(handler) as base:
        assert run(fetch(base + "/sitemap.xml", purpose="sitemap")).text == xml.decode()
        assert run(fetch(base + "/sitemap.xml.gz", purpose="sitemap")).body == xml
        assert "News" in run(fetch(base + "/feed", purpose="feed")).text
        assert type(fetch_error(base + "/sitemap.xml")) is NotHtml
        assert type(fetch_error(base + "/feed", purpose="sitemap")) is NotHtml


# ---------------------------------------------------------------------------- encodings


def test_gzip_and_deflate_bodies_are_decoded() -> None:
    handler = site(
        {
            "/gz": (200, {**HTML, "Content-Encoding": "gzip"}, gzip.compress(PAGE)),
            "/zlib": (200, {**HTML, "Content-Encoding": "deflate"}, zlib.compress(PAGE)),
            "/raw": (200, {**HTML, "Content-Encoding": "deflate"}, zlib.compress(PAGE, wbits=-15)),
            "/twice": (200, {**HTML, "Content-Encoding": "gzip, gzip"}, gzip.compress(gzip.compress(PAGE))),
        }
    )
    with serve_handler(handler) as base:
        for path in ("/gz", "/zlib", "/raw", "/twice"):
            assert run(fetch(base + path)).body == PAGE, path
    accepted = {headers.get("accept-encoding") for _, headers, _ in handler.recorder.requests}
    assert accepted == {"gzip, deflate"}


def test_charset_from_the_header() -> None:
    body = "<html><body>Café Crème Agentur</body></html>".encode("latin-1")
    handler = site({"/": (200, {"Content-Type": "text/html; charset=ISO-8859-1"}, body)})
    with serve_handler(handler) as base:
        assert "Café Crème" in run(fetch(base + "/")).text


def test_charset_from_a_meta_tag() -> None:
    body = '<html><head><meta charset="windows-1251"></head><body>Агентство</body></html>'.encode("cp1251")
    old_style = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=shift_jis"></head>'
        "<body>広報</body></html>"
    ).encode("shift_jis")
    handler = site(
        {
            "/": (200, {"Content-Type": "text/html"}, body),
            "/jp": (200, {"Content-Type": "text/html"}, old_style),
        }
    )
    with serve_handler(handler) as base:
        assert "Агентство" in run(fetch(base + "/")).text
        assert "広報" in run(fetch(base + "/jp")).text


def test_header_charset_wins_over_meta() -> None:
    body = '<meta charset="shift_jis"><p>Crème</p>'.encode()
    handler = site({"/": (200, {"Content-Type": "text/html; charset=utf-8"}, body)})
    with serve_handler(handler) as base:
        assert "Crème" in run(fetch(base + "/")).text


def test_broken_bytes_are_replaced_not_raised() -> None:
    body = b"<html><body>ok \xff\xfe\xc3 broken \xe2\x82</body></html>"
    handler = site({"/": (200, {"Content-Type": "text/html; charset=utf-8"}, body)})
    with serve_handler(handler) as base:
        text = run(fetch(base + "/")).text
    assert "ok" in text and "broken" in text and "\ufffd" in text


@pytest.mark.parametrize(
    ("header", "body"),
    [
        ("text/html; charset=no-such-codec", b"<p>caf\xc3\xa9</p>"),
        ("text/html; charset=rot13", b"<p>caf\xc3\xa9</p>"),
        ("text/html; charset=hex", b"<p>caf\xc3\xa9</p>"),
        ("text/html", b'<meta charset="bogus"><p>caf\xc3\xa9</p>'),
        ("text/html; charset=utf-16", b"<p>odd length\xff"),
        ('text/html; charset="utf-8"', b"<p>caf\xc3\xa9</p>"),
    ],
)
def test_decode_text_never_raises(header: str, body: bytes) -> None:
    text = decode_text(body, header)
    assert isinstance(text, str)
    if b"caf" in body:
        assert "café" in text


def test_decode_text_utf8_bom_and_utf16_meta() -> None:
    assert decode_text(b"\xef\xbb\xbf<p>\xc3\xa9</p>", "text/html; charset=latin-1") == "<p>é</p>"
    # A meta tag saying utf-16 in an ASCII-readable page means utf-8 (as browsers do).
    assert "é" in decode_text('<meta charset="utf-16"><p>é</p>'.encode(), "text/html")


# ---------------------------------------------------------------------------- the address guard in use


def test_private_address_is_refused_and_the_server_sees_nothing() -> None:
    handler = site({"/": (200, HTML, PAGE)})
    with serve_handler(handler) as base:
        error = fetch_error(base + "/", FetchSettings(allow_private=False))
    assert type(error) is BlockedAddress
    assert "loopback" in error.reason and "COACH_ALLOW_PRIVATE_NETWORKS" in error.reason
    assert error.url == base + "/"
    assert handler.recorder.requests == []


def test_env_switch_allows_private_networks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_ALLOW_PRIVATE_NETWORKS", "1")
    assert FetchSettings().allow_private is True
    monkeypatch.setenv("COACH_ALLOW_PRIVATE_NETWORKS", "0")
    assert FetchSettings().allow_private is False
    monkeypatch.delenv("COACH_ALLOW_PRIVATE_NETWORKS")
    assert FetchSettings().allow_private is False


def test_connect_time_guard_catches_a_name_the_url_check_lets_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """Defence in depth: with the early URL check switched off, the socket-level check still refuses."""
    from coach.research import guard

    monkeypatch.setattr(guard, "check_url_host", lambda *args, **kwargs: None)
    handler = site({"/": (200, HTML, PAGE)})
    with serve_handler(handler) as base:
        port = base.rsplit(":", 1)[1]
        error = fetch_error(f"http://localhost:{port}/", FetchSettings(allow_private=False))
    assert type(error) is BlockedAddress
    assert "localhost leads to" in error.reason and "loopback" in error.reason
    assert error.url == f"http://localhost:{port}/"
    assert handler.recorder.requests == []


def test_default_settings() -> None:
    s = FetchSettings(allow_private=False)
    assert (s.max_pages, s.max_bytes, s.max_redirects, s.per_host_concurrency) == (25, 2_000_000, 5, 4)
    assert (s.connect_timeout, s.read_timeout, s.page_timeout) == (5.0, 10.0, 15.0)
    assert s.user_agent == USER_AGENT
    assert s.extra_allowed_origins == frozenset()


# ---------------------------------------------------------------------------- an injected transport


def test_injected_transport_still_gets_redirects_robots_and_content_rules() -> None:
    def app(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nDisallow: /secret\n")
        if path == "/start":
            return httpx.Response(302, headers={"Location": "/home"})
        if path == "/home":
            return httpx.Response(200, headers={"Content-Type": "text/html"}, content=PAGE)
        if path == "/logo.png":
            return httpx.Response(200, headers={"Content-Type": "image/png"}, content=b"\x89PNG")
        return httpx.Response(404)

    async def go() -> tuple[FetchedPage, list[type]]:
        async with Fetcher(FetchSettings(allow_private=False), transport=httpx.MockTransport(app)) as fetcher:
            page = await fetcher.fetch("https://demo.agency.example/start")
            errors = []
            for url in ("https://demo.agency.example/secret", "https://demo.agency.example/logo.png"):
                try:
                    await fetcher.fetch(url)
                except ResearchError as exc:
                    errors.append(type(exc))
            return page, errors

    page, errors = run(go())
    assert page.url == "https://demo.agency.example/home" and page.body == PAGE
    assert errors == [BlockedByRobots, NotHtml]


# ---------------------------------------------------------------------------- what users paste


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("acme-pr.com", "https://acme-pr.com/"),
        ("  www.acme-pr.com/about  ", "https://www.acme-pr.com/about"),
        ("http://acme-pr.com", "http://acme-pr.com/"),
        ("HTTPS://Acme-PR.com/Team", "https://acme-pr.com/Team"),
        ("//acme-pr.com/x", "https://acme-pr.com/x"),
        ("acme-pr.com:8443/news?page=2#top", "https://acme-pr.com:8443/news?page=2"),
        ("<https://acme-pr.com/>", "https://acme-pr.com/"),
        ("localhost:8501", "https://localhost:8501/"),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/"),
        ("http://[::1]:8000/", "http://[::1]:8000/"),
    ],
)
def test_normalize_user_url_accepts_web_addresses(raw: str, expected: str) -> None:
    assert normalize_user_url(raw) == expected


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("mailto:press@acme-pr.com", "mailto"),
        ("javascript:alert(1)", "javascript"),
        ("ftp://acme-pr.com/file", "ftp"),
        ("file:///etc/passwd", "file"),
        ("data:text/html,hi", "data"),
        ("acme pr.com", "spaces"),
        ("https://acme pr.com", "spaces"),
        ("acme", "not a complete"),
        ("https://", "no website name"),
        ("http://user:pw@acme-pr.com/", "password"),
        ("acme-pr.com:99999", "not a valid"),
        ("http://2130706433/", "unusual way"),
        ("http://0x7f.0.0.1/", "unusual way"),
        ("http://0177.0.0.1/", "unusual way"),
        ("http://127.1/", "unusual way"),
        ("http://999.1.1.1/", "not a valid"),
        ("https:acme-pr.com", "//"),
    ],
)
def test_normalize_user_url_rejects_what_is_not_a_web_address(raw: str, words: str) -> None:
    with pytest.raises(BadUrl) as caught:
        normalize_user_url(raw)
    assert words in caught.value.reason


@pytest.mark.parametrize("url", ["ftp://x.example/", "mailto:a@b.example", "not a url", "http://", "file:///x"])
def test_fetch_rejects_non_web_urls(url: str) -> None:
    error = fetch_error(url)
    assert type(error) is BadUrl
