"""The address guard: research may only reach public internet addresses.

A URL pasted into the app (or a redirect, or a DNS answer) could point at this computer, the
local network or a cloud metadata service (169.254.169.254). By default none of those may be
reached. The guard checks in two places:

* early, on the host written in each URL and redirect (`check_url_host`), so an obviously
  private address gets a clear message before any request;
* at connect time, in `GuardedBackend`, an httpcore network backend that resolves the host
  itself, checks every address it resolved to, connects only to a checked address and checks
  the peer address of the socket once more. A DNS name that answers with a private address
  (DNS rebinding included) is refused there, whatever the URL said.

`ipaddress` on Python 3.11 is not enough by itself: it does not flag 100.64.0.0/10, treats
``::ffff:127.0.0.1`` as merely "private", and NAT64 ``64:ff9b::7f00:1`` as global. So IPv6
wrappers of IPv4 addresses (mapped, NAT64, 6to4, Teredo, IPv4-compatible) are unwrapped and
the inner address checked too, and an address must be `is_global` and in no special network.

The switch `allow_private` (env COACH_ALLOW_PRIVATE_NETWORKS=1, CLI --allow-private) turns the
guard off for local use. `extra_allowed` holds (host, port) origins that tests serve on
loopback while the guard stays on for everything else.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import re
import socket
import ssl
import typing
from collections.abc import Iterable

import anyio
import anyio.abc
import httpcore
import httpx
from httpcore._backends.anyio import AnyIOStream  # httpcore's own stream type; pinned <1.1 in pyproject

from coach.research.errors import BadUrl, BlockedAddress, Unreachable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Origin = tuple[str, int]

__all__ = [
    "GuardedBackend",
    "blocked_reason",
    "check_url_host",
    "guarded_transport",
    "is_public",
    "parse_ip_host",
    "unwrap",
]

_V4 = ipaddress.IPv4Network
_V6 = ipaddress.IPv6Network

# (network, what a person would call it). Checked in order, first match wins.
_SPECIAL_V4: tuple[tuple[ipaddress.IPv4Network, str], ...] = (
    (_V4("0.0.0.0/8"), "an unspecified address (it means this computer)"),
    (_V4("127.0.0.0/8"), "a loopback address (this computer itself)"),
    (_V4("169.254.169.254/32"), "the cloud metadata service address"),
    (_V4("169.254.0.0/16"), "a link-local address (the local network segment)"),
    (_V4("10.0.0.0/8"), "a private network address"),
    (_V4("172.16.0.0/12"), "a private network address"),
    (_V4("192.168.0.0/16"), "a private network address"),
    (_V4("100.64.0.0/10"), "a shared address of a provider's private network (carrier-grade NAT)"),
    (_V4("192.0.0.0/24"), "a reserved protocol address"),
    (_V4("192.0.2.0/24"), "a documentation-only address"),
    (_V4("198.51.100.0/24"), "a documentation-only address"),
    (_V4("203.0.113.0/24"), "a documentation-only address"),
    (_V4("198.18.0.0/15"), "a benchmarking-only address"),
    (_V4("192.88.99.0/24"), "a retired 6to4 relay address"),
    (_V4("224.0.0.0/4"), "a multicast address"),
    (_V4("255.255.255.255/32"), "the broadcast address"),
    (_V4("240.0.0.0/4"), "a reserved address"),
)

_SPECIAL_V6: tuple[tuple[ipaddress.IPv6Network, str], ...] = (
    (_V6("::/128"), "an unspecified address (it means this computer)"),
    (_V6("::1/128"), "a loopback address (this computer itself)"),
    (_V6("64:ff9b:1::/48"), "a local-use NAT64 address"),
    (_V6("100::/64"), "a discard-only address"),
    (_V6("2001::/32"), "a Teredo tunnel address"),
    (_V6("2001:db8::/32"), "a documentation-only address"),
    (_V6("2001::/23"), "a reserved protocol address"),
    (_V6("fc00::/7"), "a private network address (unique local)"),
    (_V6("fe80::/10"), "a link-local address (the local network segment)"),
    (_V6("fec0::/10"), "a site-local address (a private network)"),
    (_V6("ff00::/8"), "a multicast address"),
    (_V6("::/8"), "a reserved address"),
)

_NAT64 = _V6("64:ff9b::/96")
_IPV4_COMPATIBLE = _V6("::/96")


def unwrap(ip: IPAddress) -> list[IPAddress]:
    """The IPv4 addresses an IPv6 address carries (mapped, NAT64, 6to4, Teredo), else []."""
    if isinstance(ip, ipaddress.IPv4Address):
        return []
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    if ip in _NAT64:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip.teredo is not None:
        server, client = ip.teredo
        return [server, client]
    if ip in _IPV4_COMPATIBLE and int(ip) > 1:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    return []


def blocked_reason(ip: IPAddress | str) -> str | None:
    """Why `ip` is not a public internet address (words for a person), or None if it is."""
    if isinstance(ip, str):
        ip = ipaddress.ip_address(ip.split("%", 1)[0].strip("[]"))
    if isinstance(ip, ipaddress.IPv6Address) and ip.scope_id:
        ip = ipaddress.IPv6Address(int(ip))
    inner = unwrap(ip)
    for address in inner:
        why = blocked_reason(address)
        if why is not None:
            return f"{why}, wrapped in the IPv6 address {ip}"
    if inner and (ip.ipv4_mapped is not None or ip in _NAT64 or ip.sixtofour is not None):
        # A wrapper of a public IPv4 address reaches that public address: judge it by that.
        return None
    table = _SPECIAL_V4 if isinstance(ip, ipaddress.IPv4Address) else _SPECIAL_V6
    for network, words in table:
        if ip in network:
            return words
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_loopback:
        return "a loopback address (this computer itself)"
    if ip.is_link_local:
        return "a link-local address (the local network segment)"
    if ip.is_private:
        return "a private network address"
    if ip.is_unspecified or ip.is_reserved or not ip.is_global:
        return "a reserved address, not part of the public internet"
    return None


def is_public(ip: IPAddress | str) -> bool:
    """True when `ip` is a globally routable address the guard lets a connection reach."""
    return blocked_reason(ip) is None


_NUMERIC_HOST = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+)){0,3}\.?", re.IGNORECASE)


def parse_ip_host(host: str) -> tuple[IPAddress, bool] | None:
    """Read `host` as an IP address: (address, written the usual way?), or None for a name.

    Besides the usual dotted-quad and IPv6 forms, the C library (and so every DNS lookup)
    accepts odd IPv4 spellings: decimal ``2130706433``, octal ``0177.0.0.1``, hex
    ``0x7f.0.0.1``, short ``127.1``. They are returned with False so callers can refuse them.
    Raises ValueError for a numeric host that is no valid address at all (``999.1.1.1``).
    """
    bare = host.strip().strip("[]")
    if bare.endswith(".") and ":" not in bare:
        bare = bare[:-1]
    try:
        return ipaddress.ip_address(bare.split("%", 1)[0] if ":" in bare else bare), True
    except ValueError:
        pass
    labels = bare.split(".")
    if _NUMERIC_HOST.fullmatch(bare) or (labels and re.fullmatch(r"[0-9]+|0x[0-9a-f]*", labels[-1], re.I)):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(bare)), False
        except (OSError, ValueError):
            raise ValueError(f"{host!r} is not a valid IP address") from None
    return None


_PRIVATE_HINT = (
    "The app only visits public websites. To research a site on your own network, "
    "turn on private networks (COACH_ALLOW_PRIVATE_NETWORKS=1, or --allow-private on the command line)."
)


def _blocked(host: str, ip: IPAddress, why: str) -> BlockedAddress:
    target = f"{host} leads to {ip}, which is" if host.strip("[]") != str(ip) else f"{ip} is"
    return BlockedAddress(host, f"{target} {why}. {_PRIVATE_HINT}")


def check_url_host(
    host: str,
    port: int,
    *,
    allow_private: bool,
    extra_allowed: Iterable[Origin] = (),
) -> None:
    """Refuse, before any request, a URL host that is an odd IP spelling or a non-public address.

    Raises BadUrl or BlockedAddress. A host name is only judged here when it is `localhost`;
    every other name is judged by the addresses it resolves to, at connect time.
    """
    if (host, port) in set(extra_allowed):
        return
    try:
        parsed = parse_ip_host(host)
    except ValueError:
        raise BadUrl(host, f"{host} looks like an IP address but is not a valid one. Check the address.") from None
    if parsed is not None:
        ip, usual = parsed
        why = blocked_reason(ip)
        if not usual:
            if why is not None and not allow_private:
                raise BlockedAddress(host, f"{host} is an unusual way of writing {ip}, which is {why}. {_PRIVATE_HINT}")
            raise BadUrl(host, f"{host} is an unusual way of writing the IP address {ip}: please write it as {ip}.")
        if why is not None and not allow_private:
            raise _blocked(host, ip, why)
        return
    name = host.lower().rstrip(".")
    if not allow_private and (name == "localhost" or name.endswith(".localhost")):
        raise BlockedAddress(host, f"{host} is this computer itself. {_PRIVATE_HINT}")


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that connects only to checked addresses.

    It resolves the host with getaddrinfo, refuses the host if any resolved address is not
    public, connects to a resolved address (never re-resolving the name) and checks the peer
    address of the open socket once more.
    """

    def __init__(self, *, allow_private: bool = False, extra_allowed: Iterable[Origin] = ()) -> None:
        self._allow_private = allow_private
        self._extra_allowed = frozenset(extra_allowed)
        # One lookup per host for the backend's life (one research): every later connection goes
        # to the addresses checked then, so a name is never re-resolved (no rebinding) and a
        # research of 25 pages does one DNS lookup, not 25.
        self._lookups: dict[tuple[str, int], asyncio.Future[list[str]]] = {}

    def _checking(self, host: str, port: int) -> bool:
        return not self._allow_private and (host, port) not in self._extra_allowed

    async def _resolve(self, host: str, port: int) -> list[str]:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
        except socket.gaierror as exc:
            raise Unreachable(
                host,
                f"Could not find a website called {host} (the name does not resolve). "
                "Check the spelling of the address, or your internet connection.",
            ) from exc
        except UnicodeError as exc:
            raise BadUrl(host, f"{host} is not a valid web address.") from exc
        addresses: list[str] = []
        for _family, _type, _proto, _name, sockaddr in infos:
            address = str(sockaddr[0])
            if address not in addresses:
                addresses.append(address)
        if not addresses:
            raise Unreachable(host, f"Could not find a website called {host} (no address).")
        return addresses

    async def _addresses(self, host: str, port: int) -> list[str]:
        """`_resolve`, once per host and port; connections started together share the lookup."""
        lookup = self._lookups.get((host, port))
        if lookup is None:
            lookup = self._lookups[(host, port)] = asyncio.ensure_future(self._resolve(host, port))
            lookup.add_done_callback(lambda done: done.cancelled() or done.exception())  # retrieved, never logged as lost
        # Shielded: one caller's timeout must not cancel the lookup the others wait for.
        return await asyncio.shield(lookup)

    def _check(self, host: str, address: str) -> None:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        why = blocked_reason(ip)
        if why is not None:
            raise _blocked(host, ip, why)

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        checking = self._checking(host, port)
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        try:
            with anyio.fail_after(timeout):
                addresses = await self._addresses(host, port)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"looking up {host} took too long") from exc
        if checking:
            for address in addresses:
                self._check(host, address)
        last_error: Exception | None = None
        for address in addresses:
            remaining = None if deadline is None else max(0.01, deadline - loop.time())
            try:
                stream = await _connect(address, port, remaining, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
                if deadline is not None and loop.time() >= deadline:
                    break
                continue
            if checking:
                peer = stream.get_extra_info("server_addr")
                try:
                    self._check(host, str(peer[0]) if peer else address)
                except BlockedAddress:
                    await stream.aclose()
                    raise
            return stream
        assert last_error is not None
        raise last_error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddress(path, "Research never connects to local sockets.")

    async def sleep(self, seconds: float) -> None:
        await anyio.sleep(seconds)


async def _connect(
    address: str,
    port: int,
    timeout: float | None,
    local_address: str | None,
    socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None,
) -> httpcore.AsyncNetworkStream:
    """Open a TCP connection to one checked numeric address.

    Straight through asyncio's `sock_connect` rather than `anyio.connect_tcp`, which would look the
    number up again and race it against itself in a task group (happy eyeballs over one address):
    on the research bench that path took 5 ms a connection instead of 1 while the event loop was
    busy with other responses, at every round of requests."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    # Numeric only: never a DNS query here (the scope of a link-local IPv6 address included).
    sockaddr = socket.getaddrinfo(address, port, family, socket.SOCK_STREAM, 0, socket.AI_NUMERICHOST)[0][4]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setblocking(False)
        for option in socket_options or ():
            sock.setsockopt(*option)
        if local_address:
            sock.bind((local_address, 0))
        async with asyncio.timeout(timeout):
            await asyncio.get_running_loop().sock_connect(sock, sockaddr)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        stream = await anyio.abc.SocketStream.from_socket(sock)
    except TimeoutError as exc:
        sock.close()
        raise httpcore.ConnectTimeout(f"connecting to {address} took too long") from exc
    except OSError as exc:
        sock.close()
        raise httpcore.ConnectError(str(exc)) from exc
    except BaseException:
        sock.close()
        raise
    return AnyIOStream(stream)


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport, with its connection pool built on a `GuardedBackend`.

    httpx has no public hook for the network backend, so the pool is replaced after
    construction; pyproject pins httpx 0.28 / httpcore 1.0 for this.
    """

    def __init__(self, backend: GuardedBackend, limits: httpx.Limits, ssl_context: ssl.SSLContext) -> None:
        super().__init__(verify=ssl_context, trust_env=False, limits=limits, retries=0)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=False,
            retries=0,
            network_backend=backend,
        )


def guarded_transport(
    *,
    allow_private: bool,
    extra_allowed: Iterable[Origin] = (),
    limits: httpx.Limits | None = None,
) -> httpx.AsyncBaseTransport:
    """An httpx transport whose every connection passes the address guard (certificates verified)."""
    backend = GuardedBackend(allow_private=allow_private, extra_allowed=extra_allowed)
    return _GuardedTransport(
        backend, limits or httpx.Limits(max_connections=50, max_keepalive_connections=20), _ssl_context()
    )


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One verifying context per process: loading the CA bundle costs about 30 ms, every research paid it."""
    return httpx.create_ssl_context()
