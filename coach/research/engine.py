"""The research run: from an agency's URL to a ResearchResult.

    normalize the URL → fetch the home page → (robots sitemaps, sitemap.xml, feeds) →
    choose pages within the budget → fetch them concurrently (progress as each arrives) →
    discover posts on listing pages → fetch the newest → extract facts per page → merge.

Every failure ends up as a Problem with the fetcher's user-readable reason; nothing raises.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import ipaddress
import logging
import socket
import threading
from collections.abc import Awaitable, Callable
from urllib.parse import urljoin

import httpx

from . import extract_pool as X
from . import pages as P
from .errors import (
    BadUrl,
    BlockedAddress,
    BlockedByRobots,
    HttpStatus,
    NotHtml,
    ResearchError,
    TimedOut,
    TooLarge,
    TooManyRedirects,
    Unreachable,
)
from .facts import PageFacts, extract_facts, merge_facts, page_links
from .fetch import FetchedPage, Fetcher, FetchSettings, normalize_user_url
from .prompts import with_prompts
from .trim import parse_bounded
from .types import PageInfo, Problem, ResearchResult

__all__ = ["research", "research_sync", "research_html", "prepare_for_research", "Progress"]

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]

MAX_SITEMAPS = 3
MAX_FEEDS = 2
# Pages started from the home page's links while its feeds are still being fetched.
EARLY_PAGES = 3
# Seconds a page waits before it goes to the extraction worker while other fetches are under way.
EXTRACT_DEFER = 0.010


def _read_status(trimmed: bool) -> str:
    """The status of a page that was read; a very long one was read in part (trim.py)."""
    return "ok: very long, its start and end were read" if trimmed else "ok"


def _status_of(err: ResearchError) -> str:
    """A short page status for the pages table."""
    if isinstance(err, BlockedByRobots):
        return "blocked by robots.txt"
    if isinstance(err, NotHtml):
        return "skipped: not a web page"
    if isinstance(err, HttpStatus):
        code = getattr(err, "status", 0)
        return f"HTTP error {code}" if code else "HTTP error"
    if isinstance(err, TimedOut):
        return "timed out"
    if isinstance(err, TooLarge):
        return "too large"
    if isinstance(err, TooManyRedirects):
        return "too many redirects"
    if isinstance(err, BlockedAddress):
        return "blocked address"
    if isinstance(err, Unreachable):
        return "unreachable"
    if isinstance(err, BadUrl):
        return "bad address"
    return "failed"


def _problem(url: str, err: BaseException) -> Problem:
    reason = getattr(err, "reason", "") or "The page could not be read."
    return Problem(url=url[:2000], reason=str(reason)[:600])


class _Run:
    """State of one research run."""

    def __init__(self, fetcher: Fetcher, settings: FetchSettings, progress: Progress | None,
                 xpool: X.ExtractPool | None = None) -> None:
        self.f = fetcher
        self.budget = max(1, int(settings.max_pages))
        self.progress = progress
        self.done = 0
        self.total = 0
        self.attempted: set[str] = set()  # page keys (P.page_key) planned or read
        # Fetches started (the home page included): the page budget counts these. Final URLs of
        # redirects also go into `attempted` but, arriving in any order, never into this count.
        self.planned = 0
        self.infos: dict[str, PageInfo] = {}
        self.problems: list[Problem] = []
        self.page_facts: list[PageFacts] = []
        self.url_dates: dict[str, str] = {}
        self.feed_items: list[P.FeedItem] = []
        self.link_text: dict[str, tuple[str, str]] = {}  # url -> (anchor text, parent label)
        # Extraction is CPU work that holds the interpreter lock: it runs in the extraction worker
        # process (extract_pool) so that the event loop's requests start on time. Until that worker
        # is ready, or if it stops, a page is extracted in one thread of this process instead.
        self.xpool = xpool
        self.thread: concurrent.futures.ThreadPoolExecutor | None = None
        self.fetching = 0  # fetches started and not finished (queued for a connection included)
        # The order pages were planned in: facts are merged in this order, not in order of arrival,
        # so a result does not depend on which response happened to come first.
        self.order: dict[str, int] = {}

    def plan_index(self, url: str) -> int:
        return self.order.setdefault(P.canonical_url(url), len(self.order))

    async def _extract(self, url: str, text: str, final: str, fallback: str, tree: object = None,
                       links: PageFacts | None = None, urgent: bool = False) -> PageFacts:
        """Parse, classify and extract one page: in the worker process if it is ready, else (or if it
        stops meanwhile) in this process's extraction thread. `urgent` pages (their links decide
        the next requests) go to the worker before the others queued."""
        seen = {k: self.link_text[k] for k in (P.canonical_url(url), final) if k in self.link_text}
        if self.xpool is not None and self.xpool.ready:
            if self.fetching:
                # Responses come in rounds (four at a time); at a round's end this process starts the
                # next requests while the server accepts them. Extraction waits a moment so that it
                # does not compete with both for the two cores (10-15 ms a research on the bench).
                # Not when nothing else is being fetched: then it is the research's last step.
                await asyncio.sleep(EXTRACT_DEFER)
            future = self.xpool.submit((text, url, final, fallback, seen), 0 if urgent else 1)
            if future is not None:
                try:
                    return await asyncio.wrap_future(future)
                except X.WorkerUnavailable as exc:
                    log.info("extracting %s in-process: %s", final, exc)
        if self.thread is None:
            self.thread = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="coach-extract")
        return await asyncio.get_running_loop().run_in_executor(
            self.thread, X.extract_page, text, url, final, fallback, seen, tree, links)

    async def _get(self, url: str, purpose: str) -> FetchedPage:
        self.fetching += 1
        try:
            return await self.f.fetch(url, purpose=purpose)  # type: ignore[arg-type]
        finally:
            self.fetching -= 1

    def _tick(self, url: str) -> None:
        self.done += 1
        if self.progress is not None:
            try:
                self.progress(self.done, max(self.total, self.done), url)
            except Exception:  # noqa: BLE001 - a UI callback must not break the research
                log.debug("progress callback failed", exc_info=True)

    def _record(self, url: str, kind: str, title: str, status: str) -> None:
        self.infos[P.canonical_url(url)] = PageInfo(url=url[:2000], kind=kind, title=title[:400], status=status[:200])  # type: ignore[arg-type]

    async def fetch_page(self, cand: P.Candidate,
                         links_first: Callable[[PageFacts], Awaitable[None]] | None = None) -> PageFacts | None:
        """Fetch and extract one page. `links_first`, if given, is called (and awaited) with the
        page's links before its facts are extracted, to start the next requests early."""
        url = cand.url
        try:
            page = await self._get(url, "page")
        except ResearchError as err:
            self._record(url, cand.kind, "", _status_of(err))
            self.problems.append(_problem(url, err))
            self._tick(url)
            return None
        except Exception as err:  # noqa: BLE001 - the fetcher promises ResearchError only; be safe
            self._record(url, cand.kind, "", "failed")
            self.problems.append(Problem(url=url[:2000], reason="The page could not be read."))
            log.debug("unexpected fetch error", exc_info=err)
            self._tick(url)
            return None
        final = P.canonical_url(page.url)
        # Not into `attempted`: responses arrive in any order, and what is planned next must not
        # depend on that (see `_crawl`). A page reached twice is merged once (`_unique`).
        self.order.setdefault(final, self.plan_index(url))
        if links_first is None:
            pf = await self._extract(url, page.text, final, cand.kind, urgent=P.is_listing_url(url))
        else:
            # The home page: its links and feeds (a few ms) are read right here, before its facts,
            # so that the next requests start at once.
            tree, links = self._links(page.text, final, cand.kind)
            await links_first(links)
            pf = await self._extract(url, page.text, final, cand.kind, tree, links)
        self._record(final, pf.kind, pf.title, _read_status(pf.trimmed))
        self._tick(final)
        return pf

    def _links(self, text: str, final: str, kind: str) -> tuple[object, PageFacts]:
        """Parse (and trim) a page and read its links only."""
        tree, trimmed = parse_bounded(text)
        if tree is None:
            return None, PageFacts(url=final, kind=kind)  # type: ignore[arg-type]
        links = page_links(tree, final, kind)  # type: ignore[arg-type]
        links.trimmed = trimmed
        return tree, links

    def start(self, cands: list[P.Candidate]) -> list[tuple[P.Candidate, asyncio.Task[PageFacts | None]]]:
        """Plan and start fetching `cands` (in this order) within the budget: (candidate, task) per page."""
        tasks = []
        for c in cands:
            u = P.page_key(c.url)
            if u in self.attempted or self.planned >= self.budget:
                continue
            self.attempted.add(u)
            self.planned += 1
            self.plan_index(c.url)
            self.total += 1
            tasks.append((c, asyncio.ensure_future(self._fetch_kept(c))))
        return tasks

    async def _fetch_kept(self, cand: P.Candidate) -> PageFacts | None:
        pf = await self.fetch_page(cand)
        if pf is not None:
            self.page_facts.append(pf)
        return pf

    async def fetch_many(self, cands: list[P.Candidate]) -> list[PageFacts]:
        tasks = self.start(cands)
        return [pf for pf in await asyncio.gather(*(t for _, t in tasks)) if pf is not None]

    async def xml(self, url: str, purpose: str) -> str:
        try:
            page = await self._get(url, purpose)
        except ResearchError:
            return ""
        except Exception:  # noqa: BLE001
            return ""
        return page.text or ""

    async def sitemap_urls(self, home_url: str) -> list[tuple[str, str | None]]:
        try:
            maps = await self.f.sitemaps_for(home_url)
        except ResearchError:
            maps = []
        except Exception:  # noqa: BLE001
            maps = []
        if not maps:
            maps = [urljoin(home_url, "/sitemap.xml")]
        found: list[tuple[str, str | None]] = []
        queue = [m for m in maps if P.same_site(m, home_url)][:MAX_SITEMAPS]
        seen: set[str] = set()
        fetched = 0
        while queue and fetched < MAX_SITEMAPS + 2:
            batch = [m for m in queue if m not in seen][:MAX_SITEMAPS]
            queue = []
            seen.update(batch)
            texts = await asyncio.gather(*(self.xml(m, "sitemap") for m in batch))
            fetched += len(batch)
            for text in texts:
                sm = P.parse_sitemap(text)
                found.extend(sm.urls)
                queue.extend(s for s in sm.sitemaps if P.same_site(s, home_url))
        return found

    async def feeds(self, feed_urls: list[str]) -> list[P.FeedItem]:
        texts = await asyncio.gather(*(self.xml(u, "feed") for u in feed_urls[:MAX_FEEDS]))
        items: list[P.FeedItem] = []
        for u, text in zip(feed_urls, texts):
            items.extend(P.parse_feed(text, u))
        return items


def _sitemap_candidates(sm_urls: list[tuple[str, str | None]], home_url: str) -> list[P.Candidate]:
    out = []
    for u, d in sm_urls:
        u = P.canonical_url(u)
        if P.same_site(u, home_url) and not P.is_asset_url(u):
            out.append(P.Candidate(u, P.classify_page(u), "", "body", _sitemap_date(u, d), False))
    return out


def _sitemap_date(url: str, lastmod: str | None) -> str | None:
    """A page's date from the sitemap. lastmod is when the page last changed: it stands for the
    publication date only when it agrees with a date written in the address (/2024/05/16/…), and
    then it may add the day; a post edited in 2025 at /2023/02/ was published in 2023-02."""
    in_url = P.date_from_url(url)
    if in_url and lastmod and not lastmod.startswith(in_url):
        return in_url
    return lastmod or in_url


def _candidates(pf: PageFacts, run: _Run, from_home: bool) -> list[P.Candidate]:
    out = []
    for link in pf.links:
        u = P.canonical_url(link.url)
        if u not in run.link_text or (not run.link_text[u][0] and link.text):
            run.link_text[u] = (link.text, link.parent_label)
        kind = P.classify_page(u, link.text, "", link.parent_label)
        out.append(P.Candidate(u, kind, link.text, link.region, run.url_dates.get(u) or P.date_from_url(u),
                               from_home, link.parent_label))
    return out


def _unique(page_facts: list[PageFacts], home: PageFacts, order: dict[str, int]) -> list[PageFacts]:
    """The pages in plan order (the home page first), each final URL once."""
    big = len(order) + 1
    ranked = sorted(page_facts, key=lambda pf: -1 if pf is home else order.get(P.canonical_url(pf.url), big))
    seen: set[str] = set()
    out = []
    for pf in ranked:
        u = P.canonical_url(pf.url)
        if u not in seen:
            seen.add(u)
            out.append(pf)
    return out


async def _research(url: str, settings: FetchSettings, transport: httpx.AsyncBaseTransport | None,
                    progress: Progress | None) -> ResearchResult:
    fetched_at = P.now_iso()
    raw = url if isinstance(url, str) else ""
    try:
        start = normalize_user_url(raw)
    except ResearchError as err:
        return ResearchResult(url=raw[:2000], fetched_at=fetched_at, problems=(_problem(raw, err),))
    xpool = X.shared()
    xpool.research_started()  # from the second research on: (re)start the worker if it is not running
    try:
        async with Fetcher(settings, transport) as f:
            run = _Run(f, settings, progress, xpool)
            try:
                return await _crawl(run, start, fetched_at)
            finally:
                if run.thread is not None:
                    run.thread.shutdown(wait=False, cancel_futures=True)
    finally:
        xpool.research_ended()  # after the first research: start the worker in the background


def _is_stub(home: PageFacts) -> bool:
    """A redirect page (<meta http-equiv=refresh> to another page of the site, hardly any links)."""
    return bool(home.refresh) and P.same_site(home.refresh or "", home.url) \
        and P.canonical_url(home.refresh or "") != P.canonical_url(home.url) and len(home.links) <= 3


async def _crawl(run: _Run, start: str, fetched_at: str) -> ResearchResult:
    run.total = 1
    sitemap_task = asyncio.ensure_future(run.sitemap_urls(start))
    run.attempted.add(P.page_key(start))
    run.planned = 1
    # Stage 1 reads the home page's own sections; `reserve` pages are left for stage 2.
    reserve = min(8, run.budget // 3)
    stage1 = max(1, run.budget - reserve)
    tasks: list[tuple[P.Candidate, asyncio.Task[PageFacts | None]]] = []
    started: dict[str, object] = {}

    async def links_first(home: PageFacts) -> None:
        """As soon as the home page's links are read (before its facts): its feeds and the first pages."""
        if _is_stub(home) or started:
            return
        home_url = P.canonical_url(home.url)
        run.attempted.add(P.page_key(home_url))
        started["feeds"] = asyncio.ensure_future(run.feeds(home.feeds))
        try:
            started["sitemap"] = await sitemap_task
        except Exception:  # noqa: BLE001
            started["sitemap"] = []
        if home.feeds and stage1 > 2 * EARLY_PAGES:
            # While the feeds load, read the first pages the plan would start with anyway (the best
            # page of the first kinds, from the home page's links and the sitemap): feeds only add
            # news. Always when there are feeds, whatever the timing, so the pages read do not
            # depend on it.
            early = _candidates(home, run, True) + _sitemap_candidates(started["sitemap"], home_url)  # type: ignore[arg-type]
            tasks.extend(run.start(P.choose_pages(home_url, early, stage1)[1: 1 + EARLY_PAGES]))

    home = await run.fetch_page(P.Candidate(start, "home"), links_first)
    if home is not None:
        run.attempted.add(P.page_key(home.url))
    if home is not None and _is_stub(home):
        # A redirect page (<meta http-equiv=refresh>): the real home page is its target.
        run.total += 1
        run.attempted.add(P.page_key(home.refresh or ""))
        run.planned += 1
        target = await run.fetch_page(P.Candidate(P.canonical_url(home.refresh or ""), "home"), links_first)
        if target is not None:
            run.attempted.add(P.page_key(target.url))
            target.kind = "home"
            run.infos[P.canonical_url(target.url)] = run.infos[P.canonical_url(target.url)].model_copy(update={"kind": "home"})
            # The stub counts as one of the budget's pages (it was fetched, and is listed).
            home = target
    if home is None:
        for t in [sitemap_task, *(v for v in started.values() if isinstance(v, asyncio.Future))]:
            t.cancel()
            try:
                await t
            except (asyncio.CancelledError, Exception):  # noqa: BLE001
                pass
        return ResearchResult(url=start, fetched_at=fetched_at, pages=tuple(run.infos.values()),
                              problems=tuple(run.problems))
    home.kind = "home"
    run.page_facts.insert(0, home)
    home_url = P.canonical_url(home.url)
    if not started:  # links_first did not run (an unparseable page, or a stub whose target failed)
        await links_first(home)
    feed_task = started.get("feeds")
    if not isinstance(feed_task, asyncio.Future):  # a stub whose target failed: it is the home page
        feed_task = asyncio.ensure_future(run.feeds(home.feeds))
        try:
            started["sitemap"] = await sitemap_task
        except Exception:  # noqa: BLE001
            started["sitemap"] = []
    sm_urls: list[tuple[str, str | None]] = started.get("sitemap") or []  # type: ignore[assignment]
    try:
        run.feed_items = await feed_task
    except Exception:  # noqa: BLE001
        run.feed_items = []
    # Feed items that point off the site are not this site's news.
    run.feed_items = [it for it in run.feed_items if it.link and P.same_site(it.link, home_url)]
    for u, d in sm_urls:
        if d := _sitemap_date(u, d):
            run.url_dates[P.canonical_url(u)] = d
    for it in run.feed_items:
        if it.link and it.date:
            run.url_dates[P.canonical_url(it.link)] = it.date

    cands = _candidates(home, run, True) + _sitemap_candidates(sm_urls, home_url)
    for it in run.feed_items:  # all on this site (filtered above)
        u = P.canonical_url(it.link)
        cands.append(P.Candidate(u, P.feed_item_kind(it), it.title, "body", it.date or P.date_from_url(u), False))

    # Stage 1. Listing pages (a section's top page: /news/, /work/, /team/) start first: stage 2
    # is chosen from their links, so it can start while the rest of stage 1 is still loading.
    plan = P.choose_pages(home_url, cands, stage1)[1:]
    for c in plan:
        run.plan_index(c.url)  # facts merge in plan order, whatever order the fetches start in
    tasks += run.start([c for c in plan if P.is_listing_url(c.url)] + [c for c in plan if not P.is_listing_url(c.url)])
    # Stage 2: links found on stage 1's listing pages (posts on a news listing, people on a team
    # page), chosen once every listing page is read: the same pages every run, in any arrival order.
    listings = [(c, t) for c, t in tasks if P.is_listing_url(c.url)]
    if run.planned < run.budget:
        found = await asyncio.gather(*(t for _, t in listings))
        more = list(cands)
        exclude = set(run.attempted)
        for (c, _), pf in sorted(zip(listings, found), key=lambda x: run.plan_index(x[0][0].url)):
            if pf is not None and pf.kind != "home":
                exclude.add(P.page_key(pf.url))
                for c2 in _candidates(pf, run, False):
                    c2.from_home = False
                    more.append(c2)
        plan2 = P.choose_pages(home_url, more, run.budget + run.planned)
        rest = [c for c in plan2[1:] if P.page_key(c.url) not in exclude]
        tasks += run.start(rest)
    await asyncio.gather(*(t for _, t in tasks))
    run.page_facts = _unique(run.page_facts, home, run.order)

    big = len(run.order) + 1
    posts = [it for it in run.feed_items if P.feed_item_kind(it) == "news"]
    name, facts = merge_facts(run.page_facts, home_url, posts, run.url_dates, now=fetched_at)
    pages = sorted(run.infos.values(), key=lambda i: run.order.get(P.canonical_url(i.url), big))
    return with_prompts(ResearchResult(
        url=start,
        name=name[:300],
        fetched_at=fetched_at,
        pages=tuple(pages),
        facts=tuple(facts),
        problems=tuple(run.problems),
    ))


async def research(
    url: str,
    settings: FetchSettings | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    progress: Progress | None = None,
) -> ResearchResult:
    """Research an agency's site. Never raises for site problems: they are in `.problems`."""
    settings = settings or FetchSettings()
    try:
        return await _research(url, settings, transport, progress)
    except ResearchError as err:
        return ResearchResult(url=str(url)[:2000], fetched_at=P.now_iso(), problems=(_problem(str(url), err),))


class _KeptExecutor(concurrent.futures.ThreadPoolExecutor):
    """A thread pool that `shutdown` leaves running (its threads end with the interpreter).

    As the research loop's default executor it runs asyncio's `getaddrinfo` calls. For a host that is
    already a numeric address (the guard connects to the addresses it checked, by number) the
    lookup involves no DNS and returns at once: it runs right here instead of in a thread, saving
    the two thread switches, which took up to a few ms each while the event loop was busy."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        if fn is socket.getaddrinfo and args and _is_numeric_host(args[0]):
            done: concurrent.futures.Future = concurrent.futures.Future()
            try:
                done.set_result(fn(*args, **kwargs))
            except BaseException as exc:  # noqa: BLE001 - handed to the awaiting coroutine, as a thread would
                done.set_exception(exc)
            return done
        return super().submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        pass


def _is_numeric_host(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str) or not host:
        return False
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


_loop_executor: _KeptExecutor | None = None
_loop_executor_lock = threading.Lock()


async def _with_kept_executor(coro: Awaitable[ResearchResult]) -> ResearchResult:
    """Run `coro` in a loop whose default executor is kept across researches. asyncio resolves every
    connection's host name in the loop's default executor; a fresh loop (asyncio.run) made new
    threads for it each research and waited at its end for them to stop (3-12 ms per research)."""
    global _loop_executor
    with _loop_executor_lock:
        if _loop_executor is None:
            _loop_executor = _KeptExecutor(max_workers=16, thread_name_prefix="coach-research-loop")
    asyncio.get_running_loop().set_default_executor(_loop_executor)
    return await coro


def prepare_for_research() -> None:
    """The user opened the page they research from: start the extraction worker now, in the
    background, so that their first research after a server start is as fast as the later ones.
    (Otherwise the worker starts after a process's first research; a one-shot CLI never needs it.)"""
    X.shared().start()


def research_sync(
    url: str,
    settings: FetchSettings | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    progress: Progress | None = None,
) -> ResearchResult:
    """`research` for synchronous callers (a Streamlit script thread): runs its own event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_with_kept_executor(research(url, settings, transport, progress)))
    # Called from inside a running loop: run in a worker thread with a fresh loop.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _with_kept_executor(research(url, settings, transport, progress))).result()


def research_html(html: str | bytes, url: str) -> ResearchResult:
    """Facts from one pasted or uploaded page (no fetching)."""
    fetched_at = P.now_iso()
    raw = url if isinstance(url, str) else ""
    try:
        page_url = normalize_user_url(raw) if raw.strip() else "https://pasted.invalid/"
    except ResearchError:
        page_url = "https://pasted.invalid/"
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    if not isinstance(html, str):
        html = ""
    tree, trimmed = parse_bounded(html)
    kind = P.classify_page(page_url)
    pf = extract_facts(html, page_url, kind, tree=tree)
    name, facts = merge_facts([pf], page_url, now=fetched_at)
    status = "empty" if tree is None else _read_status(trimmed)
    info = PageInfo(url=page_url[:2000], kind=kind, title=pf.title[:400], status=status)
    problems: tuple[Problem, ...] = ()
    if tree is None:
        problems = (Problem(url=page_url, reason="The pasted text has no readable HTML."),)
    return with_prompts(ResearchResult(url=page_url, name=name[:300], fetched_at=fetched_at, pages=(info,),
                                       facts=tuple(facts), problems=problems))
