"""The one error family of the research engine.

Every failure of `Fetcher.fetch()` ends as one of these, never as an httpx, socket, TLS or
zlib error. Each carries the URL it concerns and a `.reason` written for the person using
the app: what went wrong and, where there is something to do, what to do.

Our exception hierarchy:

* ResearchError
  + BadUrl              - the address is not a web address we can visit
  + BlockedAddress      - the address points into a private or special network
  + BlockedByRobots     - the site's robots.txt asks visitors like us to stay out
  + Unreachable         - the site could not be reached (DNS, refused, TLS)
  + BrokenResponse      - the site answered, but the answer could not be read
  + TimedOut            - the site answered too slowly
  + TooLarge            - the page is bigger than we are willing to read
  + NotHtml             - the address is not a web page (an image, a PDF, a download …)
  + TooManyRedirects    - the site sent us from address to address too many times
  + HttpStatus          - the site answered with an error status (404, 500, 429 …)
"""

from __future__ import annotations

__all__ = [
    "BadUrl",
    "BlockedAddress",
    "BlockedByRobots",
    "BrokenResponse",
    "HttpStatus",
    "NotHtml",
    "ResearchError",
    "TimedOut",
    "TooLarge",
    "TooManyRedirects",
    "Unreachable",
]


class ResearchError(Exception):
    """Base class: raised for any failure to fetch or read a page."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason

    def with_url(self, url: str) -> ResearchError:
        """The same error about another URL (the guard knows only a host; the fetcher knows the page)."""
        clone = type(self).__new__(type(self))
        clone.__dict__.update(self.__dict__)
        ResearchError.__init__(clone, url, self.reason)
        clone.__cause__ = self.__cause__
        return clone


class BadUrl(ResearchError):
    """Raised when a URL is empty, malformed, or not an http(s) web address."""


class BlockedAddress(ResearchError):
    """Raised when a URL, a redirect or a DNS answer leads to a non-public network address."""


class BlockedByRobots(ResearchError):
    """Raised when the site's robots.txt disallows the page (or could not be read: RFC 9309)."""


class Unreachable(ResearchError):
    """Raised when the site cannot be reached: unknown name, refused connection, TLS failure."""


class BrokenResponse(ResearchError):
    """Raised when the connection drops mid-answer or the body's compression is broken or unknown."""


class TimedOut(ResearchError):
    """Raised when connecting, a read, or the whole page takes longer than its time limit."""


class TooLarge(ResearchError):
    """Raised when a response (after decompression) exceeds the byte limit."""


class NotHtml(ResearchError):
    """Raised, before the body is read, when the content type is not one this purpose reads."""


class TooManyRedirects(ResearchError):
    """Raised when a URL redirects more often than the redirect limit allows."""


class HttpStatus(ResearchError):
    """Raised when the final answer has an error status (4xx, 5xx, or a redirect without Location)."""

    def __init__(self, url: str, reason: str, status: int = 0) -> None:
        super().__init__(url, reason)
        self.status = status
