"""The address guard: which addresses research may reach. Checks only: nothing here connects outside."""

from __future__ import annotations

import asyncio
import ipaddress
import socket

import httpcore
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.research import guard
from coach.research.errors import BadUrl, BlockedAddress
from tests.loopback import serve_handler
from tests.research.hostile import site

BLOCKED = {
    "127.0.0.1": "loopback",
    "127.255.255.254": "loopback",
    "10.0.0.1": "private",
    "10.255.255.255": "private",
    "172.16.0.1": "private",
    "172.31.255.254": "private",
    "192.168.1.1": "private",
    "169.254.169.254": "metadata",
    "169.254.1.1": "link-local",
    "100.64.0.1": "carrier-grade NAT",
    "100.127.255.254": "carrier-grade NAT",
    "0.0.0.0": "unspecified",
    "224.0.0.1": "multicast",
    "239.255.255.250": "multicast",
    "240.0.0.1": "reserved",
    "255.255.255.255": "broadcast",
    "192.0.2.1": "documentation",
    "198.18.0.1": "benchmarking",
    "::1": "loopback",
    "::": "unspecified",
    "fe80::1": "link-local",
    "fc00::1": "private",
    "fd12:3456::1": "private",
    "ff02::1": "multicast",
    "fec0::1": "site-local",
    "2001:db8::1": "documentation",
    "100::1": "discard",
    "64:ff9b:1::a00:1": "NAT64",
    # IPv6 wrappers of blocked IPv4 addresses
    "::ffff:127.0.0.1": "loopback",
    "::ffff:10.0.0.1": "private",
    "::ffff:169.254.169.254": "metadata",
    "::ffff:100.64.0.1": "carrier-grade NAT",
    "64:ff9b::7f00:1": "loopback",
    "64:ff9b::a9fe:a9fe": "metadata",
    "2002:7f00:1::": "loopback",
    "2002:a00:1::1": "private",
    "::7f00:1": "loopback",
    # Teredo: server 65.54.227.120, client 127.0.0.1 (obfuscated as 0x80ff:0xfffe)
    "2001:0:4136:e378:8000:80ff:80ff:fffe": "Teredo",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2": "Teredo",
}


@pytest.mark.parametrize(("address", "words"), sorted(BLOCKED.items()))
def test_non_public_addresses_are_blocked_with_a_reason(address: str, words: str) -> None:
    why = guard.blocked_reason(address)
    assert why is not None, address
    assert not guard.is_public(address)
    if words not in ("Teredo",):
        assert words.split()[0].lower() in why.lower(), (address, why)


def test_teredo_reason_names_the_tunnel() -> None:
    # server 65.54.227.120, client 8.8.8.8: both public, yet a tunnel we do not use
    assert "Teredo" in (guard.blocked_reason("2001:0:4136:e378:8000:ffff:f7f7:f7f7") or "")


def test_wrapped_addresses_say_they_are_wrapped() -> None:
    why = guard.blocked_reason("::ffff:127.0.0.1")
    assert why is not None and "loopback" in why and "wrapped" in why


@pytest.mark.parametrize(
    "address",
    [
        "8.8.8.8",
        "1.1.1.1",
        "93.184.215.14",
        "2606:4700:4700::1111",
        "2001:4860:4860::8888",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808",
    ],
)
def test_public_addresses_pass_the_check(address: str) -> None:
    assert guard.blocked_reason(address) is None
    assert guard.is_public(address)


def test_python_ipaddress_alone_would_let_these_through() -> None:
    """Why the guard exists: the stdlib calls these global, or not loopback."""
    assert not ipaddress.ip_address("100.64.0.1").is_private
    assert ipaddress.ip_address("64:ff9b::7f00:1").is_global
    assert not ipaddress.ip_address("::ffff:127.0.0.1").is_loopback
    for address in ("100.64.0.1", "64:ff9b::7f00:1", "::ffff:127.0.0.1"):
        assert not guard.is_public(address)


def test_unwrap_finds_the_ipv4_inside() -> None:
    v4 = ipaddress.IPv4Address("127.0.0.1")
    assert guard.unwrap(ipaddress.ip_address("::ffff:127.0.0.1")) == [v4]
    assert guard.unwrap(ipaddress.ip_address("64:ff9b::7f00:1")) == [v4]
    assert guard.unwrap(ipaddress.ip_address("2002:7f00:1::")) == [v4]
    assert v4 in guard.unwrap(ipaddress.ip_address("2001:0:4136:e378:8000:80ff:80ff:fffe"))
    assert guard.unwrap(ipaddress.ip_address("2606:4700:4700::1111")) == []
    assert guard.unwrap(v4) == []


ODD_SPELLINGS = ["2130706433", "0177.0.0.1", "0x7f.0.0.1", "127.1", "017700000001", "0x7f000001", "127.0.1"]


@pytest.mark.parametrize("host", ODD_SPELLINGS)
def test_odd_ipv4_spellings_are_read_as_the_address_they_mean(host: str) -> None:
    parsed = guard.parse_ip_host(host)
    assert parsed is not None
    ip, usual = parsed
    assert ip == ipaddress.IPv4Address("127.0.0.1")
    assert usual is False
    # The C library agrees: this is what a connection would reach.
    assert socket.getaddrinfo(host, 80, type=socket.SOCK_STREAM)[0][4][0] == "127.0.0.1"


@pytest.mark.parametrize("host", ODD_SPELLINGS)
@pytest.mark.parametrize("allow_private", [False, True])
def test_odd_ipv4_spellings_are_refused_early(host: str, allow_private: bool) -> None:
    expected = BadUrl if allow_private else BlockedAddress
    with pytest.raises(expected) as caught:
        guard.check_url_host(host, 80, allow_private=allow_private)
    assert "unusual way of writing" in caught.value.reason
    assert "127.0.0.1" in caught.value.reason


def test_odd_spelling_of_a_public_address_is_a_bad_url() -> None:
    with pytest.raises(BadUrl, match="8.8.8.8"):
        guard.check_url_host("134744072", 80, allow_private=False)


def test_invalid_numeric_host_is_a_bad_url() -> None:
    with pytest.raises(BadUrl, match="not a valid"):
        guard.check_url_host("999.1.1.1", 80, allow_private=False)


def test_parse_ip_host_leaves_names_alone() -> None:
    for name in ("example.com", "1password.com", "www.123.example", "localhost", "xn--bcher-kva.example"):
        assert guard.parse_ip_host(name) is None
    assert guard.parse_ip_host("[::1]") == (ipaddress.IPv6Address("::1"), True)
    assert guard.parse_ip_host("8.8.8.8") == (ipaddress.IPv4Address("8.8.8.8"), True)


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "169.254.169.254",
        "10.1.2.3",
        "::1",
        "[::ffff:127.0.0.1]",
        "localhost",
        "api.localhost",
        "LOCALHOST.",
    ],
)
def test_check_url_host_blocks_private_hosts_unless_allowed(host: str) -> None:
    with pytest.raises(BlockedAddress) as caught:
        guard.check_url_host(host, 80, allow_private=False)
    assert "COACH_ALLOW_PRIVATE_NETWORKS" in caught.value.reason
    guard.check_url_host(host, 80, allow_private=True)


def test_check_url_host_allows_public_and_names() -> None:
    guard.check_url_host("8.8.8.8", 443, allow_private=False)
    guard.check_url_host("www.example-agency.com", 443, allow_private=False)


def test_extra_allowed_origin_is_exactly_one_host_and_port() -> None:
    allowed = frozenset({("127.0.0.1", 8123)})
    guard.check_url_host("127.0.0.1", 8123, allow_private=False, extra_allowed=allowed)
    with pytest.raises(BlockedAddress):
        guard.check_url_host("127.0.0.1", 8124, allow_private=False, extra_allowed=allowed)
    with pytest.raises(BlockedAddress):
        guard.check_url_host("169.254.169.254", 80, allow_private=False, extra_allowed=allowed)


# ---------------------------------------------------------------------------- property


BLOCKED_V4_NETWORKS = [
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "224.0.0.0/4",
    "240.0.0.0/4",
]


@st.composite
def blocked_ipv4(draw: st.DrawFn) -> ipaddress.IPv4Address:
    network = ipaddress.IPv4Network(draw(st.sampled_from(BLOCKED_V4_NETWORKS)))
    offset = draw(st.integers(0, network.num_addresses - 1))
    return network[offset]


def _teredo(server: ipaddress.IPv4Address, client: ipaddress.IPv4Address) -> ipaddress.IPv6Address:
    value = (0x20010000 << 96) | (int(server) << 64) | (0x8000 << 48) | (0xFFFF << 32) | (int(client) ^ 0xFFFFFFFF)
    return ipaddress.IPv6Address(value)


WRAPPERS = {
    "plain": lambda v4: v4,
    "mapped": lambda v4: ipaddress.IPv6Address((0xFFFF << 32) | int(v4)),
    "nat64": lambda v4: ipaddress.IPv6Address((0x64FF9B << 96) | int(v4)),
    "nat64-local": lambda v4: ipaddress.IPv6Address((0x64FF9B0001 << 88) | int(v4)),
    "6to4": lambda v4: ipaddress.IPv6Address((0x2002 << 112) | (int(v4) << 80) | 1),
    "teredo-client": lambda v4: _teredo(ipaddress.IPv4Address("8.8.8.8"), v4),
    "teredo-server": lambda v4: _teredo(v4, ipaddress.IPv4Address("8.8.8.8")),
    "compatible": lambda v4: ipaddress.IPv6Address(int(v4)),
}


@given(v4=blocked_ipv4(), wrapper=st.sampled_from(sorted(WRAPPERS)))
def test_any_blocked_ipv4_in_any_wrapper_is_refused(v4: ipaddress.IPv4Address, wrapper: str) -> None:
    address = WRAPPERS[wrapper](v4)
    assert guard.blocked_reason(address) is not None
    assert guard.blocked_reason(str(address)) is not None
    with pytest.raises((BlockedAddress, BadUrl)):
        guard.check_url_host(str(address), 80, allow_private=False)


@given(v4=blocked_ipv4(), spelling=st.sampled_from(["decimal", "hex", "octal"]))
def test_any_blocked_ipv4_in_odd_spelling_is_refused(v4: ipaddress.IPv4Address, spelling: str) -> None:
    host = {"decimal": str(int(v4)), "hex": hex(int(v4)), "octal": "0" + format(int(v4), "o")}[spelling]
    with pytest.raises(BlockedAddress):
        guard.check_url_host(host, 80, allow_private=False)


# ---------------------------------------------------------------------------- connect-time check


def _connect(backend: guard.GuardedBackend, host: str, port: int) -> None:
    async def go() -> None:
        stream = await backend.connect_tcp(host, port, timeout=5)
        await stream.aclose()

    asyncio.run(go())


def test_backend_refuses_a_name_that_resolves_to_loopback_before_connecting() -> None:
    handler = site({"/": (200, {}, b"hi")})
    with serve_handler(handler) as base:
        port = int(base.rsplit(":", 1)[1])
        with pytest.raises(BlockedAddress) as caught:
            _connect(guard.GuardedBackend(), "localhost", port)
        assert "loopback" in caught.value.reason
        with pytest.raises(BlockedAddress):
            _connect(guard.GuardedBackend(), "127.0.0.1", port)
        with pytest.raises(BlockedAddress):
            _connect(guard.GuardedBackend(), "2130706433", port)
        # The switch and the test-only allowlist let it through.
        _connect(guard.GuardedBackend(allow_private=True), "localhost", port)
        _connect(guard.GuardedBackend(extra_allowed={("127.0.0.1", port)}), "127.0.0.1", port)
        with pytest.raises(BlockedAddress):
            _connect(guard.GuardedBackend(extra_allowed={("127.0.0.1", port + 1)}), "127.0.0.1", port)
    assert handler.recorder.requests == []


def test_a_host_is_looked_up_once_and_every_connection_goes_to_the_checked_address(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Eight connections (four at once, then four more) to one name: one DNS lookup, shared."""
    lookups: list[str] = []
    real = asyncio.BaseEventLoop.getaddrinfo

    async def spy(self, host, *args, **kwargs):  # type: ignore[no-untyped-def]
        lookups.append(host)
        return await real(self, host, *args, **kwargs)

    monkeypatch.setattr(asyncio.BaseEventLoop, "getaddrinfo", spy)
    handler = site({"/": (200, {}, b"hi")})
    with serve_handler(handler) as base:
        port = int(base.rsplit(":", 1)[1])
        backend = guard.GuardedBackend(allow_private=True)

        async def go() -> list[str]:
            async def one() -> str:
                stream = await backend.connect_tcp("localhost", port, timeout=5)
                peer = stream.get_extra_info("server_addr")
                await stream.aclose()
                return str(peer[0])

            first = await asyncio.gather(*(one() for _ in range(4)))
            return first + list(await asyncio.gather(*(one() for _ in range(4))))

        peers = asyncio.run(go())
    assert lookups.count("localhost") == 1, lookups
    assert len(peers) == 8 and set(peers) <= {"127.0.0.1", "::1"}


def test_a_name_that_does_not_resolve_is_looked_up_once_and_fails_every_connection(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    lookups: list[str] = []

    async def no_such_name(self, host, *args, **kwargs):  # type: ignore[no-untyped-def]
        lookups.append(host)  # answered here, so no DNS query leaves the machine
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(asyncio.BaseEventLoop, "getaddrinfo", no_such_name)
    backend = guard.GuardedBackend()

    async def go() -> list[BaseException]:
        results = await asyncio.gather(*(backend.connect_tcp("agency.example", 80, timeout=5) for _ in range(3)),
                                       return_exceptions=True)
        return [r for r in results if isinstance(r, BaseException)]

    errors = asyncio.run(go())
    assert lookups == ["agency.example"]
    assert len(errors) == 3 and all("does not resolve" in getattr(e, "reason", "") for e in errors), errors


def test_a_closed_port_is_a_connect_error_and_an_ipv6_address_connects() -> None:
    """The guard opens its own sockets: a refused connection says so (httpcore's ConnectError, which
    the fetcher words for the user), and an IPv6 address is connected to as IPv6."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    with pytest.raises(httpcore.ConnectError):
        _connect(guard.GuardedBackend(allow_private=True), "127.0.0.1", closed)
    if not socket.has_ipv6:
        return
    try:
        server = socket.create_server(("::1", 0), family=socket.AF_INET6)
    except OSError:
        return  # no IPv6 loopback on this machine
    with server:
        port = server.getsockname()[1]

        async def go() -> str:
            stream = await guard.GuardedBackend(allow_private=True).connect_tcp("::1", port, timeout=5)
            peer = stream.get_extra_info("server_addr")
            await stream.aclose()
            return str(peer[0])

        assert asyncio.run(go()) == "::1"
