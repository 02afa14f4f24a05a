"""The fetcher against hostile servers on 127.0.0.1: each attack ends in a clear ResearchError, fast.

Time limits are shrunk through FetchSettings so the whole file stays well under a minute.
"""

from __future__ import annotations

import asyncio
import socket
import time
import tracemalloc

import pytest

from coach.research.errors import (
    BadUrl,
    BlockedAddress,
    BrokenResponse,
    NotHtml,
    ResearchError,
    TimedOut,
    TooLarge,
    TooManyRedirects,
    Unreachable,
)
from coach.research.fetch import FetchedPage, Fetcher, FetchSettings
from tests.loopback import serve_handler
from tests.research import hostile
from tests.research.hostile import HTML, site

pytestmark = pytest.mark.timeout(20)

FAST = FetchSettings(allow_private=True, connect_timeout=1.0, read_timeout=1.5, page_timeout=2.0)


def fetch(url: str, settings: FetchSettings = FAST) -> FetchedPage:
    async def go() -> FetchedPage:
        async with Fetcher(settings) as fetcher:
            return await fetcher.fetch(url)

    return asyncio.run(go())


def fails(url: str, settings: FetchSettings = FAST) -> tuple[ResearchError, float]:
    started = time.monotonic()
    with pytest.raises(ResearchError) as caught:
        fetch(url, settings)
    return caught.value, time.monotonic() - started


def origin(base: str) -> tuple[str, int]:
    host, port = base.removeprefix("http://").split(":")
    return host, int(port)


# ---------------------------------------------------------------------------- slow servers


def test_one_byte_per_second_drip_times_out_on_the_page_clock() -> None:
    with serve_handler(hostile.Drip) as base:
        error, elapsed = fails(base + "/")
    assert type(error) is TimedOut
    assert "longer than 2 seconds" in error.reason
    assert 1.8 < elapsed < 6


def test_a_server_that_goes_silent_times_out_on_the_read_clock() -> None:
    settings = FetchSettings(allow_private=True, read_timeout=0.5, page_timeout=5.0)
    with serve_handler(hostile.Stall) as base:
        error, elapsed = fails(base + "/", settings)
    assert type(error) is TimedOut
    assert "stopped sending" in error.reason
    assert elapsed < 5


@pytest.mark.timeout(40)
def test_default_page_timeout_is_fifteen_seconds_for_a_drip() -> None:
    """The real limits, once: a drip ends within ~15 s (read timeout alone would never fire)."""
    settings = FetchSettings(allow_private=True)
    with serve_handler(hostile.Drip) as base:
        error, elapsed = fails(base + "/", settings)
    assert type(error) is TimedOut and "15 seconds" in error.reason
    assert 14.5 < elapsed < 20


# ---------------------------------------------------------------------------- big bodies


def test_an_endless_body_stops_at_the_byte_cap() -> None:
    with serve_handler(hostile.Endless) as base:
        error, elapsed = fails(base + "/")
    assert type(error) is TooLarge
    assert "too large" in error.reason and "2 MB" in error.reason
    assert elapsed < 5


def test_a_declared_10_mb_page_is_refused_before_reading() -> None:
    with serve_handler(hostile.Huge) as base:
        error, _ = fails(base + "/")
    assert type(error) is TooLarge
    assert "10 MB" in error.reason and "not downloaded" in error.reason


def test_an_undeclared_10_mb_page_stops_at_the_byte_cap() -> None:
    with serve_handler(hostile.HugeUndeclared) as base:
        error, _ = fails(base + "/")
    assert type(error) is TooLarge and "2 MB" in error.reason


@pytest.mark.parametrize(
    ("name", "body", "encoding"),
    [
        ("gzip", hostile.gzip_bomb, "gzip"),
        ("deflate", hostile.deflate_bomb, "deflate"),
        ("nested", hostile.nested_bomb, "gzip, gzip"),
    ],
)
def test_a_compression_bomb_stops_early_with_bounded_memory(name: str, body, encoding: str) -> None:  # noqa: ANN001
    data = body()
    assert len(data) < 250_000  # ~200 KB on the wire, 200 MB unpacked
    with serve_handler(hostile.bomb(data, encoding)) as base:
        tracemalloc.start()
        try:
            error, elapsed = fails(base + "/")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert type(error) is TooLarge, name
    assert "unpacks to more than 2 MB" in error.reason
    assert peak < 20_000_000, f"{name}: peak {peak / 1e6:.1f} MB"
    assert elapsed < 5


def test_a_small_cap_applies_to_decompressed_bytes() -> None:
    settings = FetchSettings(allow_private=True, max_bytes=10_000)
    page = b"<html>" + b"a" * 20_000 + b"</html>"
    import gzip

    handler = site({"/": (200, {**HTML, "Content-Encoding": "gzip"}, gzip.compress(page))})
    with serve_handler(handler) as base:
        error, _ = fails(base + "/", settings)
    assert type(error) is TooLarge and "0.01 MB" in error.reason


def test_broken_compression_is_a_broken_response() -> None:
    handler = site(
        {
            "/garbage": (200, {**HTML, "Content-Encoding": "gzip"}, b"this is not gzip at all"),
            "/brotli": (200, {**HTML, "Content-Encoding": "br"}, b"\x1b\x00\x00"),
        }
    )
    with serve_handler(handler) as base:
        garbage, _ = fails(base + "/garbage")
        brotli, _ = fails(base + "/brotli")
    assert type(garbage) is BrokenResponse and "damaged" in garbage.reason
    assert type(brotli) is BrokenResponse and "cannot read (br)" in brotli.reason


# ---------------------------------------------------------------------------- redirects


def test_a_redirect_loop_ends_with_too_many_redirects() -> None:
    with serve_handler(hostile.RedirectLoop) as base:
        error, _ = fails(base + "/a")
    assert type(error) is TooManyRedirects
    assert "more than 5 times" in error.reason
    assert hostile.RedirectLoop.recorder.paths().count("/a") + hostile.RedirectLoop.recorder.paths().count("/b") == 6


def test_redirect_to_another_loopback_port_is_blocked() -> None:
    target = site({"/": (200, HTML, b"<p>internal admin</p>")})
    with serve_handler(target) as internal:
        redirector = hostile.redirect_to(internal + "/")
        with serve_handler(redirector) as base:
            settings = FetchSettings(allow_private=False, extra_allowed_origins=frozenset({origin(base)}))
            error, _ = fails(base + "/start", settings)
    assert type(error) is BlockedAddress
    assert "loopback" in error.reason
    assert error.url == internal + "/"
    assert redirector.recorder.paths() == ["/robots.txt", "/start"]  # the allowed server was reached
    assert target.recorder.requests == []  # the other port never was


def test_redirect_to_the_cloud_metadata_address_is_blocked_before_connecting() -> None:
    redirector = hostile.redirect_to("http://169.254.169.254/latest/meta-data/")
    with serve_handler(redirector) as base:
        settings = FetchSettings(allow_private=False, extra_allowed_origins=frozenset({origin(base)}))
        error, elapsed = fails(base + "/start", settings)
    assert type(error) is BlockedAddress
    assert "metadata" in error.reason
    assert error.url == "http://169.254.169.254/latest/meta-data/"
    assert elapsed < 3  # refused at once, not a 5 s connection attempt


@pytest.mark.parametrize(
    ("location", "expected", "words"),
    [
        ("http://2130706433/", BlockedAddress, "unusual way of writing 127.0.0.1"),
        ("http://[::ffff:127.0.0.1]/", BlockedAddress, "loopback"),
        ("http://localhost/", BlockedAddress, "this computer"),
        ("file:///etc/passwd", BadUrl, "'file:'"),
        ("gopher://127.0.0.1:6379/_INFO", BadUrl, "'gopher:'"),
    ],
)
def test_redirects_to_sneaky_targets_are_refused(location: str, expected: type, words: str) -> None:
    redirector = hostile.redirect_to(location)
    with serve_handler(redirector) as base:
        settings = FetchSettings(allow_private=False, extra_allowed_origins=frozenset({origin(base)}))
        error, _ = fails(base + "/start", settings)
    assert type(error) is expected
    assert words in error.reason


# ---------------------------------------------------------------------------- lying content


def test_html_served_as_octet_stream_is_not_html() -> None:
    handler = site({"/": (200, {"Content-Type": "application/octet-stream"}, b"<html><p>hi</p></html>")})
    with serve_handler(handler) as base:
        error, _ = fails(base + "/")
    assert type(error) is NotHtml and "application/octet-stream" in error.reason


def test_binary_served_as_html_is_returned_without_error() -> None:
    junk = bytes(range(256)) * 40
    handler = site({"/": (200, {"Content-Type": "text/html"}, junk)})
    with serve_handler(handler) as base:
        page = fetch(base + "/")
    assert page.body == junk
    assert isinstance(page.text, str) and "\ufffd" in page.text


@pytest.mark.parametrize(
    "content_type",
    [
        "text/html; charset=utf-8",
        "text/html; charset=nonsense",
        "text/html; charset=utf-16",
        "text/html; charset=rot13",
        "text/html; charset=",
        "TEXT/HTML;CHARSET=UTF-8;;;",
    ],
)
def test_broken_encodings_never_raise(content_type: str) -> None:
    body = b'<meta charset="x-unknown"><p>caf\xe9 \xc3\x28 \xf0\x28\x8c\x28 \xed\xa0\x80</p>'
    handler = site({"/": (200, {"Content-Type": content_type}, body)})
    with serve_handler(handler) as base:
        page = fetch(base + "/")
    assert page.content_type == "text/html"
    assert "caf" in page.text


def test_malformed_html_is_fetched_fine() -> None:
    body = b"<html><head><title>Acme<body><div><p>unclosed <b>bold <<<>>> <script>if (a < b) {</html></div></span>"
    handler = site({"/": (200, HTML, body)})
    with serve_handler(handler) as base:
        assert fetch(base + "/").body == body


# ---------------------------------------------------------------------------- broken connections


def test_a_server_that_hangs_up_mid_response_is_a_broken_response() -> None:
    with serve_handler(hostile.CutShort) as base:
        error, elapsed = fails(base + "/")
    assert type(error) is BrokenResponse
    assert "closed the connection" in error.reason
    assert elapsed < 5


def test_a_closed_port_is_unreachable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    error, elapsed = fails(f"http://127.0.0.1:{port}/")
    assert type(error) is Unreachable
    assert "refused" in error.reason
    assert error.url == f"http://127.0.0.1:{port}/"
    assert elapsed < 5


def test_a_server_that_accepts_but_never_answers_times_out() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        port = sock.getsockname()[1]
        error, elapsed = fails(f"http://127.0.0.1:{port}/")
    assert type(error) is TimedOut
    assert elapsed < 5
