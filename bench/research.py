"""How fast one agency research runs, against the network-bound ideal. Run by hand, never as a test.

    .venv/bin/python bench/research.py                 # print the table
    .venv/bin/python bench/research.py --write         # also write it into docs/PERFORMANCE.md "## Research"
    .venv/bin/python bench/research.py --corpus        # also time the six corpus sites (no delay)
    .venv/bin/python bench/research.py --code-root DIR # measure another checkout's `coach` (before/after)

A 25-page agency site (home with nav, about, services and three service pages, work with four case
studies, clients with a logo wall, team grid, news listing with eight dated posts, careers,
contact, values; robots.txt with a Sitemap line, sitemap.xml, an RSS feed; 20-60 KB of HTML per
page with inline CSS, scripts and SVG like real sites) is generated into a temp folder and
served from a separate process on 127.0.0.1 with 100 ms added to every response, so the
research's CPU time is not mixed with the server's. The server counts every request. It answers
as web servers do, over HTTP/1.1 with connections kept open (and Nagle's algorithm off); until
2026-11-26 it was Python's default HTTP/1.0 handler, which closes the connection after every
response, so each request paid a new TCP connection: that server is still measured, in runs
alternating with the main ones, and reported on its own row.

Reported: wall, CPU (this process's, plus its children's but the server's: the extraction worker
process) and peak memory of `research_sync` (max_pages=25, allow_private=True), repeated after a
warm-up research that starts the extraction worker (waited for until ready); the ideal
`ceil(requests / 4) x 0.1 s` over every request the research made (robots.txt, sitemap and feed
included, counted by the server); a plain sequential httpx fetch of the same URLs; median and p95
CPU per page of extraction; the wall time and peak RSS of the CLI (`python -m coach research URL
--json --allow-private`) run as a subprocess, alone and summed with its extraction worker's.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # appended: --code-root may put another checkout's coach/ first

from bench._stats import cpu_model  # noqa: E402

DOC = ROOT / "docs" / "PERFORMANCE.md"
CORPUS = ROOT.parent / "shared" / "corpus" / "sites"
DELAY = 0.1
CONCURRENCY = 4
PAGES = 25

# --------------------------------------------------------------------------- the fixture site

AGENCY = "Northlight Communications"
SERVICES = [
    ("media-relations", "Media Relations"),
    ("crisis-communications", "Crisis Communications"),
    ("content-studio", "Content Studio"),
]
MORE_SERVICES = ["Executive Visibility", "Social & Influencer", "Public Affairs", "Brand Strategy", "Employee Comms",
                 "Research & Insights", "Event Design"]
CASES = [
    ("harbor-bank-rebrand", "Harbor Bank: a rebrand that doubled branch visits"),
    ("city-museum-reopening", "City Museum: 40,000 visitors in the reopening week"),
    ("greenfield-energy-launch", "Greenfield Energy: launching a wind farm with the town"),
    ("nova-health-campaign", "Nova Health: a flu campaign that reached 2 million people"),
]
CLIENTS = ["Harbor Bank", "City Museum", "Greenfield Energy", "Nova Health", "Atlas Airlines", "Blue Fern Foods",
           "Keystone University", "Orbit Telecom", "Maple Insurance", "Riverside Hospital", "Quarry Outdoor",
           "Lumen Software", "Cobalt Motors", "Sable Fashion", "Tidewater Port", "Aster Pharma"]
TEAM = [("Maya Okafor", "Founder & CEO"), ("Daniel Reyes", "Managing Director"), ("Priya Natarajan", "Head of Media Relations"),
        ("Tom Becker", "Creative Director"), ("Lena Fischer", "Head of Content"), ("Omar Haddad", "Account Director"),
        ("Sofia Rossi", "Senior Account Manager"), ("Kenji Watanabe", "Digital Strategist"),
        ("Grace Liu", "Research Lead"), ("Jonas Berg", "Public Affairs Director"), ("Amara Diallo", "Account Executive"),
        ("Lucas Martin", "Designer")]
POSTS = [
    ("2025-03-18", "northlight-wins-sabre-award", "Northlight wins a SABRE Award for the Greenfield launch"),
    ("2025-02-06", "new-client-atlas-airlines", "Atlas Airlines picks Northlight as agency of record"),
    ("2025-01-14", "chicago-office", "We opened a Chicago office"),
    ("2024-11-27", "crisis-playbook-2025", "Our crisis playbook for 2025, free to download"),
    ("2024-10-09", "internship-programme", "Our summer internship programme is open for applications"),
    ("2024-09-02", "media-trends-report", "Media trends report: what journalists want from agencies"),
    ("2024-07-15", "b-corp-certified", "Northlight is now a certified B Corp"),
    ("2024-05-21", "museum-reopening-case", "How we helped the City Museum reopen"),
]
WORDS = ("strategy audience story campaign media brand launch reputation insight research message community "
         "editor journalist coverage measure outcome result channel content partner client team crisis plan "
         "stakeholder trust growth public launch event social voice narrative evidence clarity").split()


def _lorem(seed: int, n: int) -> str:
    """Deterministic, sentence-like filler built from communications words (never 'lorem ipsum')."""
    out = []
    x = seed * 7919 + 17
    for i in range(n):
        x = (x * 1103515245 + 12345) % 2**31
        out.append(WORDS[x % len(WORDS)])
    text = " ".join(out)
    sentences = [s.strip().capitalize() + "." for s in re.findall(r"(?:\S+\s+){11}\S+", text)]
    return " ".join(sentences)


_CSS = "\n".join(
    f".c{i} {{ margin: {i % 7}px {i % 5}px; padding: {i % 3}rem; color: #{(i * 2654435761) % 0xFFFFFF:06x}; "
    f"font: {12 + i % 6}px/1.4 Inter, sans-serif; transition: opacity .{i % 9}s ease-in-out; }}"
    for i in range(110)
)
_JS = "window.dataLayer=window.dataLayer||[];" + "".join(
    f"function f{i}(a,b){{return (a*{i}+b)%{i + 7}}};document.addEventListener('scroll',function(){{f{i}(1,2)}});"
    for i in range(70)
)
_SVG = '<svg xmlns="http://www.w3.org/2000/svg" style="display:none">' + "".join(
    f'<symbol id="i{i}" viewBox="0 0 24 24"><path d="M{i} {i}L{24 - i % 24} {i % 24}C{i % 9} 3 5 {i % 11} 12 12Z"/></symbol>'
    for i in range(40)
) + "</svg>"


def _nav() -> str:
    services = "".join(f'<li><a href="/services/{slug}/">{name}</a></li>' for slug, name in SERVICES)
    work = "".join(f'<li><a href="/work/{slug}/">{title.split(":")[0]}</a></li>' for slug, title in CASES)
    return (
        '<header class="site-header"><a href="/" class="logo"><img src="/logo.svg" alt="Northlight logo"></a>'
        '<nav class="main-menu" aria-label="Main"><ul>'
        '<li><a href="/about/">About</a><ul class="sub"><li><a href="/values/">Our values</a></li>'
        '<li><a href="/team/">Our people</a></li></ul></li>'
        f'<li><a href="/services/">Services</a><ul class="sub">{services}</ul></li>'
        f'<li><a href="/work/">Work</a><ul class="sub">{work}</ul></li>'
        '<li><a href="/clients/">Clients</a></li><li><a href="/news/">News</a></li>'
        '<li><a href="/careers/">Careers</a></li><li><a href="/contact/">Contact</a></li></ul></nav></header>'
    )


def _footer() -> str:
    cols = "".join(
        f'<div class="col c{i}"><h4>Column {i}</h4><ul>'
        + "".join(f'<li><a href="/{p}/">{p.title()}</a></li>' for p in ("about", "services", "work", "news", "careers"))
        + "</ul></div>"
        for i in range(4)
    )
    return (
        f'<footer class="site-footer">{cols}<address>Northlight Communications, 120 Harbor Street, '
        'Boston, MA 02110</address><p>Tel. +1 617 555 0142 · <a href="mailto:hello@northlight.example">'
        'hello@northlight.example</a></p><p><a href="/privacy/">Privacy policy</a> · '
        '<a href="https://www.linkedin.com/company/x">LinkedIn</a></p>'
        f'<p>© 2025 {AGENCY}. All rights reserved.</p></footer>'
        '<div class="cookie-banner"><p>We use cookies to improve your experience.</p><button>Accept all</button></div>'
    )


def _page(title: str, body: str, description: str = "", extra_head: str = "", pad: int = 0) -> str:
    head = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta property="og:site_name" content="{AGENCY}">'
        + (f'<meta name="description" content="{description}">' if description else "")
        + '<link rel="alternate" type="application/rss+xml" title="News" href="/feed.xml">'
        + extra_head
        + f"<style>{_CSS}</style><script>{_JS}</script></head>"
    )
    filler = "".join(f'<div class="c{i % 110} spacer" data-i="{i}"></div>' for i in range(pad))
    return f"{head}<body>{_SVG}{_nav()}<main>{body}{filler}</main>{_footer()}</body></html>"


def _paras(seed: int, n: int, words: int = 60) -> str:
    return "".join(f"<p>{_lorem(seed * 31 + i, words)}</p>" for i in range(n))


def build_site(root: Path) -> list[str]:
    """Write the fixture site into `root`; return the page paths (25)."""
    pages: dict[str, str] = {}
    org = json.dumps({"@context": "https://schema.org", "@type": "Organization", "name": AGENCY,
                      "url": "https://northlight.example/", "foundingDate": "2009",
                      "address": {"@type": "PostalAddress", "streetAddress": "120 Harbor Street",
                                  "addressLocality": "Boston", "postalCode": "02110"}})
    news_cards = "".join(
        f'<article class="card"><time datetime="{d}">{d}</time><h3><a href="/news/{d[:4]}/{slug}/">{t}</a></h3></article>'
        for d, slug, t in POSTS[:3]
    )
    logos = "".join(f'<li><img src="/logos/{c.lower().replace(" ", "-")}.png" alt="{c}"></li>' for c in CLIENTS[:10])
    pages["/"] = _page(
        f"{AGENCY} | Public relations agency in Boston",
        f'<section class="hero"><h1>Stories that earn attention</h1><p>{AGENCY} is an independent public relations '
        'agency helping purpose-driven brands earn attention since 2009.</p></section>'
        '<section><h2>What we do</h2><ul>' + "".join(f"<li>{n}</li>" for _, n in SERVICES) + "</ul></section>"
        f'<section class="clients"><h2>Trusted by</h2><ul class="logos">{logos}</ul></section>'
        f'<section><h2>Latest news</h2>{news_cards}</section>' + _paras(1, 6),
        description=f"{AGENCY} is an independent public relations agency in Boston.",
        extra_head=f'<script type="application/ld+json">{org}</script>', pad=260,
    )
    pages["/about/"] = _page(
        f"About us | {AGENCY}",
        f"<h1>About us</h1><p>Founded in 2009, {AGENCY} is a team of 40 communicators based in Boston and Chicago.</p>"
        + _paras(2, 14) + "<h2>Awards</h2><ul><li>PRWeek Boutique Agency of the Year 2024</li>"
        "<li>Cannes Lions shortlist 2023</li></ul>", pad=240,
    )
    pages["/values/"] = _page(
        f"Our values | {AGENCY}",
        "<h1>Our values</h1><ul><li>We believe curiosity beats certainty.</li><li>We value honest measurement over "
        "vanity metrics.</li><li>We are committed to diversity and inclusion in every team.</li></ul>" + _paras(3, 10),
        pad=220,
    )
    pages["/services/"] = _page(
        f"Services | {AGENCY}",
        "<h1>Services</h1>" + "".join(f'<div class="card"><h3><a href="/services/{s}/">{n}</a></h3>{_paras(10 + i, 2, 40)}</div>'
                                      for i, (s, n) in enumerate(SERVICES))
        + "".join(f'<div class="card"><h3>{n}</h3>{_paras(20 + i, 1, 40)}</div>' for i, n in enumerate(MORE_SERVICES))
        + "<h2>Industries</h2><ul><li>Healthcare</li><li>Clean energy</li><li>Consumer technology</li></ul>", pad=200,
    )
    for i, (slug, name) in enumerate(SERVICES):
        pages[f"/services/{slug}/"] = _page(f"{name} | {AGENCY}", f"<h1>{name}</h1>" + _paras(30 + i, 16), pad=240)
    pages["/work/"] = _page(
        f"Work | {AGENCY}",
        "<h1>Our work</h1><ul class='filters'><li>Finance</li><li>Culture</li><li>Energy</li><li>Health</li></ul>"
        + "".join(f'<div class="card"><img src="/img/{s}.jpg" alt="{t}"><h3><a href="/work/{s}/">{t}</a></h3></div>'
                  for s, t in CASES) + _paras(4, 6), pad=260,
    )
    for i, (slug, t) in enumerate(CASES):
        pages[f"/work/{slug}/"] = _page(
            f"{t} | {AGENCY}",
            f"<h1>{t}</h1><h2>The challenge</h2>{_paras(40 + i, 6)}<h2>What we did</h2>{_paras(50 + i, 6)}"
            f"<h2>Results</h2><ul><li>Coverage up 240% against the previous launch</li><li>1,200 sign-ups</li></ul>",
            pad=220,
        )
    wall = "".join(f'<div class="logo-item"><img src="/logos/{c.lower().replace(" ", "-")}-logo.png" alt="{c} logo"></div>'
                   for c in CLIENTS)
    pages["/clients/"] = _page(f"Clients | {AGENCY}", f'<h1>Our clients</h1><div class="client-logos">{wall}</div>'
                               + _paras(5, 8), pad=260)
    grid = "".join(f'<div class="member"><img src="/team/{n.split()[0].lower()}.jpg" alt=""><h3>{n}</h3><p class="role">{r}</p></div>'
                   for n, r in TEAM)
    pages["/team/"] = _page(f"Our People | {AGENCY}", f"<h1>Our people</h1><div class='team-grid'>{grid}</div>"
                            + _paras(6, 8), pad=240)
    listing = "".join(
        f'<article class="post-card"><time datetime="{d}">{d}</time><h2><a href="/news/{d[:4]}/{slug}/">{t}</a></h2>'
        f"<p>{_lorem(60 + i, 40)}</p></article>"
        for i, (d, slug, t) in enumerate(POSTS)
    )
    pages["/news/"] = _page(f"News | {AGENCY}", f"<h1>Newsroom</h1>{listing}", pad=240)
    for i, (d, slug, t) in enumerate(POSTS):
        pages[f"/news/{d[:4]}/{slug}/"] = _page(
            f"{t} | {AGENCY}",
            f'<article><h1>{t}</h1><p class="meta"><time datetime="{d}">{d}</time></p>{_paras(70 + i, 12)}</article>',
            extra_head=f'<meta property="article:published_time" content="{d}T09:00:00+00:00">', pad=200,
        )
    pages["/careers/"] = _page(
        f"Careers | {AGENCY}",
        "<h1>Careers</h1><p>We're hiring! Join our team of curious communicators.</p><h2>Open positions</h2>"
        "<ul><li>Senior Account Manager</li><li>Content Strategist</li><li>Summer Internship 2025</li></ul>"
        + _paras(7, 8), pad=220,
    )
    pages["/contact/"] = _page(
        f"Contact | {AGENCY}",
        "<h1>Contact</h1><h2>Our offices</h2><address>120 Harbor Street<br>Boston, MA 02110</address>"
        "<address>455 West Lake Street<br>Chicago, IL 60606</address>" + _paras(8, 4), pad=200,
    )
    assert len(pages) == PAGES, len(pages)
    for path, html in pages.items():
        folder = root / path.strip("/")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(html, encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\nSitemap: /sitemap.xml\n", encoding="utf-8")
    base = "http://northlight.invalid"  # rewritten to the server's address when served
    urls = "".join(f"<url><loc>{base}{p}</loc><lastmod>2025-03-01</lastmod></url>" for p in pages)
    (root / "sitemap.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
        encoding="utf-8")
    items = "".join(f"<item><title>{t}</title><link>{base}/news/{d[:4]}/{s}/</link>"
                    f"<pubDate>{time.strftime('%a, %d %b %Y 09:00:00 +0000', time.strptime(d, '%Y-%m-%d'))}</pubDate></item>"
                    for d, s, t in POSTS)
    (root / "feed.xml").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{AGENCY}</title>{items}</channel></rss>',
        encoding="utf-8")
    return list(pages)


# --------------------------------------------------------------------------- the server (a child process)

_SERVER = r"""
import http.server, json, sys, threading, time
from pathlib import Path
root, delay, keep_alive = Path(sys.argv[1]), float(sys.argv[2]), sys.argv[3] == "keep-alive"
log, lock = [], threading.Lock()

class H(http.server.SimpleHTTPRequestHandler):
    if keep_alive:  # as web servers answer: HTTP/1.1, connections kept open, Nagle off
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True
    def log_message(self, *a):
        pass
    def do_GET(self):
        if self.path.startswith("/__bench__/"):
            with lock:
                body = json.dumps(log).encode()
                if self.path.endswith("/reset"):
                    log.clear()
            self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
            self.wfile.write(body); return
        with lock:
            log.append([time.time(), self.path])
        time.sleep(delay)
        if self.path.endswith((".xml", ".txt")):  # sitemap and feed name this server
            f = root / self.path.lstrip("/")
            if f.is_file():
                body = f.read_bytes().replace(b"http://northlight.invalid", BASE.encode())
                self.send_response(200)
                self.send_header("Content-Type", "text/plain" if self.path.endswith(".txt") else "application/xml")
                self.send_header("Content-Length", str(len(body))); self.end_headers()
                self.wfile.write(body); return
        super().do_GET()

class S(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

srv = S(("127.0.0.1", 0), lambda *a, **k: H(*a, directory=str(root), **k))
BASE = f"http://127.0.0.1:{srv.server_address[1]}"
print(BASE, flush=True)
srv.serve_forever(poll_interval=0.05)
"""


class Server:
    """The fixture site in a child process. `keep_alive`: HTTP/1.1 with connections kept open, as real
    web servers serve; else Python's default HTTP/1.0 handler, which closes the connection after
    every response, so each request opens a new TCP connection."""

    def __init__(self, root: Path, delay: float, keep_alive: bool = True) -> None:
        mode = "keep-alive" if keep_alive else "close"
        self.proc = subprocess.Popen([sys.executable, "-c", _SERVER, str(root), str(delay), mode],
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        self.base = self.proc.stdout.readline().strip()

    def timeline(self, reset: bool = False) -> list[tuple[float, str]]:
        """(wall-clock start, path) of every request since the last reset."""
        import httpx  # noqa: PLC0415

        return [(t, p) for t, p in httpx.get(self.base + "/__bench__/" + ("reset" if reset else "log"), timeout=5).json()]

    def log(self, reset: bool = False) -> list[str]:
        return [p for _, p in self.timeline(reset)]

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(5)


# --------------------------------------------------------------------------- measurements


def _ideal(requests: int) -> float:
    return math.ceil(requests / CONCURRENCY) * DELAY


def network_rounds(timeline: list[tuple[float, str]], start: float, end: float) -> tuple[int, float]:
    """Sequential network rounds of one research, and the time no request was in flight.

    A round opens with the earliest request not yet in a round and holds every request that
    started while that first one was still being served (within DELAY of it): requests that
    start later had to wait for something (an earlier response, or extraction). Idle time is
    the wall time not covered by any [start, start + DELAY] interval: time spent on CPU or
    waiting for a stage, with the network unused.
    """
    starts = sorted(t for t, _ in timeline)
    rounds, opened = 0, -1.0
    for t in starts:
        if rounds == 0 or t >= opened + DELAY * 0.9:
            rounds, opened = rounds + 1, t
    covered, cur_a, cur_b = 0.0, None, None
    for t in starts:
        a, b = t, t + DELAY
        if cur_b is None or a > cur_b:
            if cur_b is not None:
                covered += cur_b - cur_a
            cur_a, cur_b = a, b
        else:
            cur_b = max(cur_b, b)
    if cur_b is not None:
        covered += cur_b - cur_a
    return rounds, max(0.0, (end - start) - covered)


def _child_pids(pid: int) -> list[int]:
    """The live children of process `pid` (Linux: /proc/<pid>/task/*/children)."""
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as f:
                out += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return out


def _proc_cpu(pid: int) -> float:
    """User + system CPU seconds of a live process, 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children_cpu(exclude: set[int]) -> float:
    """CPU seconds of this process's children (the extraction worker), live or reaped, but not `exclude`
    (the bench server). Differences of this give the worker's share of a research."""
    live = sum(_proc_cpu(p) for p in _child_pids(os.getpid()) if p not in exclude)
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return live + ru.ru_utime + ru.ru_stime


def _hwm_kb(pid: int) -> int:
    """Peak RSS (VmHWM) of a live process in KB, 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_cli(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, float, int]:
    """Run the CLI; (wall s, its own peak RSS MB, peak RSS MB of it and its children summed, children seen).

    The children (the extraction worker) are polled every 5 ms for their VmHWM (a high-water mark,
    so the last reading is their peak); the sum of the peaks bounds what both held at once."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks: dict[int, int] = {}
    while True:
        for pid in [proc.pid, *_child_pids(proc.pid)]:
            peaks[pid] = max(peaks.get(pid, 0), _hwm_kb(pid))
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        time.sleep(0.005)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"CLI failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    own = max(usage.ru_maxrss, peaks.pop(proc.pid, 0)) / 1024
    return wall, own, own + sum(peaks.values()) / 1024, len(peaks)


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def machine() -> dict[str, str]:
    return {"nproc": str(os.cpu_count()), "cpu": cpu_model() or "?",
            "python": platform.python_version(), "load": " ".join(f"{x:.2f}" for x in os.getloadavg())}


def spread(values: list[float], unit: str = "s", scale: float = 1.0, digits: int = 2) -> str:
    v = [x * scale for x in values]
    return f"{statistics.median(v):.{digits}f} {unit} ({min(v):.{digits}f}–{max(v):.{digits}f})"


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, math.ceil(p / 100 * len(s)) - 1))]


def measure(code_root: Path, repeats: int, quick: bool = False) -> dict:
    from coach.research.engine import research_sync  # noqa: PLC0415
    from coach.research.facts import extract_facts  # noqa: PLC0415
    from coach.research.fetch import FetchSettings  # noqa: PLC0415

    settings = FetchSettings(max_pages=PAGES, allow_private=True)
    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        root = Path(tmp)
        paths = build_site(root)
        sizes = [len((root / p.strip("/") / "index.html").read_bytes()) for p in paths]
        out["site"] = f"{len(paths)} pages, {min(sizes) // 1000}–{max(sizes) // 1000} KB HTML each"
        srv = Server(root, DELAY)
        closing = Server(root, DELAY, keep_alive=False)
        try:
            base = srv.base + "/"
            research_sync(base, settings)  # warm-up: imports, trafilatura's first use
            out["worker"] = _wait_for_worker()
            walls, cpus, wcpus, requests, facts, read, rounds, idles = [], [], [], [], [], [], [], []
            walls_close, requests_close = [], []
            server = {srv.proc.pid, closing.proc.pid}
            for _ in range(repeats):
                # The same research against the server that closes every connection, alternating with
                # the main runs so that both see the same machine.
                closing.log(reset=True)
                t0 = time.perf_counter()
                research_sync(closing.base + "/", settings)
                walls_close.append(time.perf_counter() - t0)
                requests_close.append(len(closing.log()))
                srv.log(reset=True)
                t0, c0, w0, e0 = time.perf_counter(), time.process_time(), _children_cpu(server), time.time()
                result = research_sync(base, settings)
                walls.append(time.perf_counter() - t0)
                cpus.append(time.process_time() - c0)
                wcpus.append(_children_cpu(server) - w0)
                timeline = srv.timeline()
                log = [p for _, p in timeline]
                n_rounds, idle = network_rounds(timeline, e0, e0 + walls[-1])
                rounds.append(n_rounds)
                idles.append(idle)
                requests.append(len(log))
                facts.append(len(result.facts))
                read.append(sum(1 for p in result.pages if p.status.startswith("ok")))
            out.update(walls=walls, cpus=cpus, wcpus=wcpus, requests=requests, facts=facts, read=read, log=log, rounds=rounds,
                       idles=idles, timeline=[(t - e0, p) for t, p in timeline], walls_close=walls_close,
                       requests_close=requests_close)
            # Peak memory of one research: Python allocations (tracemalloc) and the RSS growth.
            rss0 = _rss_mb()
            tracemalloc.start()
            research_sync(base, settings)
            out["py_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            out["rss_growth_mb"] = _rss_mb() - rss0
            out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            if not quick:  # --no-cli: only the research runs
                # The same requests, one after another, with plain httpx.
                import httpx  # noqa: PLC0415

                seq = []
                for _ in range(3):
                    t0 = time.perf_counter()
                    with httpx.Client() as client:
                        for path in log:
                            client.get(srv.base + path)
                    seq.append(time.perf_counter() - t0)
                out["sequential"] = seq
                # The same requests with plain httpx, 4 at a time, none waiting for another: the
                # network-bound ideal as this server really serves it (its per-request overhead included).
                import asyncio  # noqa: PLC0415

                async def wide() -> float:
                    sem = asyncio.Semaphore(CONCURRENCY)
                    async with httpx.AsyncClient() as client:
                        async def get(path: str) -> None:
                            async with sem:
                                await client.get(srv.base + path)

                        t0 = time.perf_counter()
                        await asyncio.gather(*(get(path) for path in log))
                        return time.perf_counter() - t0

                out["wide"] = [asyncio.run(wide()) for _ in range(3)]
                # The CLI as a subprocess: wall time, peak RSS of the CLI (wait4) and of the CLI plus
                # its extraction worker (polled).
                env = dict(os.environ, PYTHONPATH=str(code_root))
                cli_walls, cli_rss, cli_total, cli_children = [], [], [], []
                for _ in range(3):
                    wall, own, total, children = run_cli(
                        [sys.executable, "-m", "coach", "research", base, "--json", "--allow-private"], code_root, env)
                    cli_walls.append(wall)
                    cli_rss.append(own)
                    cli_total.append(total)
                    cli_children.append(children)
                out.update(cli_walls=cli_walls, cli_rss=cli_rss, cli_total=cli_total, cli_children=cli_children)
        finally:
            srv.close()
            closing.close()
        # CPU per page of extraction (parse + extract_facts), every page of the site, 3 passes.
        # Twice: with each page's kind as the engine gives it (URL and title, `classify_page`), and,
        # as recorded before, every page but the home page as "other".
        from coach.research.facts import _title_of  # noqa: PLC0415
        from coach.research.pages import classify_page, parse_html  # noqa: PLC0415

        per_page, per_other = [], []
        for _ in range(3):
            for p in paths:
                html = (root / p.strip("/") / "index.html").read_text(encoding="utf-8")
                url = "http://127.0.0.1:1" + p
                kind = classify_page(url, "", _title_of(parse_html(html)))
                for k, into in ((kind, per_page), ("home" if p == "/" else "other", per_other)):
                    c0 = time.process_time()
                    extract_facts(html, url, k)
                    into.append(time.process_time() - c0)
        out["per_page"], out["per_page_other"] = per_page, per_other
        if not quick:
            out["huge"] = huge_page_cpu()
    return out


def huge_page_cpu() -> tuple[int, float, float] | None:
    """CPU of extracting one 2 MB page of list items, read in part (trim.py) and whole, in this run:
    (bytes, trimmed, whole). None for a `coach` without trim.py."""
    try:
        from coach.research.extract_pool import extract_page  # noqa: PLC0415
        from coach.research.facts import extract_facts  # noqa: PLC0415
        from coach.research.pages import parse_html  # noqa: PLC0415
        from coach.research.trim import MAX_ELEMENTS  # noqa: PLC0415, F401
    except ImportError:
        return None
    items = "".join(f"<li>Client number {i}</li>" for i in range(80000))
    html = f"<html><head><title>Clients</title></head><body><ul>{items}</ul></body></html>"
    url = "http://127.0.0.1:1/clients/"
    c0 = time.process_time()
    extract_page(html, url, url, "clients", {})
    trimmed = time.process_time() - c0
    c0 = time.process_time()
    extract_facts(html, url, "clients", tree=parse_html(html))
    whole = time.process_time() - c0
    return len(html.encode()), trimmed, whole


def _wait_for_worker() -> str:
    """After the warm-up research: wait (at most 30 s) until the extraction worker, if this version of
    the engine has one, is ready, so the timed researches see the app's steady state."""
    try:
        from coach.research import extract_pool  # noqa: PLC0415
    except ImportError:
        return "none (extraction in a thread of the research's process)"
    pool = extract_pool.shared()
    t0 = time.perf_counter()
    while getattr(pool, "state", "ready" if pool.ready else "dead") in ("idle", "starting") \
            and time.perf_counter() - t0 < 30:
        time.sleep(0.02)
    if not pool.ready:
        return "not ready (extraction in-process)"
    return f"ready ({time.perf_counter() - t0:.2f} s after the warm-up research ended)"


def corpus_times(repeats: int) -> list[tuple[str, list[float], list[float], int]]:
    from coach.research.engine import research_sync  # noqa: PLC0415
    from coach.research.fetch import FetchSettings  # noqa: PLC0415

    rows = []
    if not CORPUS.is_dir():
        return rows
    for site in ("valuecom", "mobilenow", "studioalloy", "uradesign", "ideasonstage", "buhosocial"):
        if not (CORPUS / site).is_dir():
            continue
        srv = Server(CORPUS / site, 0.0)
        try:
            walls, cpus = [], []
            for _ in range(repeats):
                t0, c0, w0 = time.perf_counter(), time.process_time(), _children_cpu({srv.proc.pid})
                r = research_sync(srv.base + "/", FetchSettings(allow_private=True))
                walls.append(time.perf_counter() - t0)
                cpus.append(time.process_time() - c0 + _children_cpu({srv.proc.pid}) - w0)
            rows.append((site, walls, cpus, len(r.pages)))
        finally:
            srv.close()
    return rows


def report(m: dict, corpus: list, command: str, label: str) -> str:
    wall = statistics.median(m["walls"])
    reqs = int(statistics.median(m["requests"]))
    ideal = _ideal(reqs)
    quick = "sequential" not in m
    cpu_pp = statistics.median(m["per_page"])
    mach = machine()
    ok = lambda good: "yes" if good else "**no**"  # noqa: E731
    lines = [
        f"Command: `{command}`{label} (add `--write` to update this section)",
        "",
        f"Machine: {mach['nproc']} CPUs (`nproc`), {mach['cpu']}, Python {mach['python']}; load average at the end "
        f"{mach['load']} (a shared machine: wall times are noisy, CPU times less so).",
        "",
        f"Fixture: {m['site']}, served from a separate process on 127.0.0.1 with {DELAY * 1000:.0f} ms added to "
        f"every response; `research_sync(url, FetchSettings(max_pages={PAGES}, allow_private=True))`, "
        f"{len(m['walls'])} runs after one warm-up (median, min–max). Extraction worker process: {m.get('worker', 'n/a')}.",
        "",
        "| measure | value | target | met |",
        "|---|---|---|---|",
        f"| wall time of one research | {spread(m['walls'])} | ≤ 1.5 × ideal = {1.5 * ideal:.2f} s | {ok(wall <= 1.5 * ideal)} |",
        f"| CPU time of one research: this process + extraction worker | "
        f"{spread([a + b for a, b in zip(m['cpus'], m.get('wcpus') or [0.0] * len(m['cpus']))])}: "
        f"{statistics.median(m['cpus']):.2f} s + {statistics.median(m.get('wcpus') or [0.0]):.2f} s (medians) | | |",
        f"| requests made (server count: robots.txt, sitemap, feed, pages) | {reqs} ({min(m['requests'])}–{max(m['requests'])}); "
        f"{int(statistics.median(m['read']))} pages read, {int(statistics.median(m['facts']))} facts | | |",
        f"| network-bound ideal: ceil({reqs} / {CONCURRENCY}) × {DELAY:g} s | {ideal:.2f} s | | |",
        f"| sequential network rounds (request starts grouped by {DELAY * 1000:.0f} ms; server log) | "
        f"{int(statistics.median(m['rounds']))} ({min(m['rounds'])}–{max(m['rounds'])}) | {math.ceil(reqs / CONCURRENCY)} | |",
        f"| time with no request in flight (CPU or waiting on a stage) | {spread(m['idles'])} | | |",
        f"| wall / ideal | {wall / ideal:.2f} | ≤ 1.5 | {ok(wall <= 1.5 * ideal)} |",
    ]
    if m.get("walls_close"):
        close = statistics.median(m["walls_close"])
        close_ideal = _ideal(int(statistics.median(m["requests_close"])))
        lines.append(f"| the same research, server closing every connection (HTTP/1.0: a new TCP connection per "
                     f"request), runs alternating with the above | {spread(m['walls_close'])}, "
                     f"{close / close_ideal:.2f} × its ideal | | |")
    if not quick:
        seq = statistics.median(m["sequential"])
        lines += [
            f"| sequential httpx fetch of the same {reqs} URLs | {spread(m['sequential'])} | | |",
            f"| wall / sequential | {wall / seq:.2f} | | |",
        ]
        if m.get("wide"):
            lines.append(f"| plain httpx, the same {reqs} URLs {CONCURRENCY} at a time with no dependencies (this "
                         f"server's real ideal) | {spread(m['wide'])} | | |")
    lines += [
        f"| CPU per page of extraction (parse + `extract_facts`, each page's kind as the engine classifies it), "
        f"{len(m['per_page'])} samples | median "
        f"{cpu_pp * 1000:.1f} ms, p95 {pct(m['per_page'], 95) * 1000:.1f} ms | median ≤ 30 ms | {ok(cpu_pp <= 0.030)} |",
    ]
    if m.get("per_page_other"):
        other = m["per_page_other"]
        lines.append(f"| the same, every page but the home page as kind \"other\" (as recorded before) | median "
                     f"{statistics.median(other) * 1000:.1f} ms, p95 {pct(other, 95) * 1000:.1f} ms | | |")
    if m.get("huge"):
        size, trimmed, whole = m["huge"]
        lines.append(f"| CPU of one {size / 1e6:.1f} MB page of 80,000 list items: read in part (its first and last "
                     f"elements, `trim.py`) / whole | {trimmed:.2f} s / {whole:.2f} s ({whole / trimmed:.0f}× less) | | |")
    lines += [
        f"| peak Python memory of one research (tracemalloc) | {m['py_peak_mb']:.1f} MB | | |",
        f"| peak RSS of the bench process (all runs, `RUSAGE_SELF`) | {m['rss_mb']:.0f} MB | | |",
    ]
    if not quick:
        lines += [
            f"| CLI `python -m coach research URL --json --allow-private`: wall | {spread(m['cli_walls'])} | | |",
            f"| CLI peak RSS: the CLI (wait4 `ru_maxrss`) | {spread(m['cli_rss'], 'MB', digits=0)} | | |",
            f"| CLI peak RSS: the CLI + its child processes ({max(m['cli_children'])} seen: the extraction worker "
            f"starts after a process's first research, so a one-shot CLI has none; sum of each one's VmHWM) | "
            f"{spread(m['cli_total'], 'MB', digits=0)} | ≤ 250 MB | "
            f"{ok(max(m['cli_total']) <= 250)} |",
        ]
    if corpus:
        lines += ["", "Corpus sites (`../shared/corpus/sites`, served on loopback without delay, default settings, "
                  f"{len(corpus[0][1])} runs each, median (min–max)):", "",
                  "| site | pages | wall | CPU (process + worker) |", "|---|---|---|---|"]
        for site, walls, cpus, pages in corpus:
            lines.append(f"| {site} | {pages} | {spread(walls)} | {spread(cpus)} |")
    return "\n".join(lines)


def write_section(body: str) -> None:
    """Replace (or add) the '## Research' section of docs/PERFORMANCE.md, leaving other sections alone."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
    section = "## Research\n\n" + body.strip() + "\n"
    m = re.search(r"^## Research\s*$.*?(?=^## |\Z)", text, flags=re.M | re.S)
    if m:
        keep_after = text[m.end():]
        existing = m.group(0)
        # Keep hand-written notes that follow the generated block (after the marker).
        marker = "<!-- end of generated figures -->"
        notes = existing.split(marker, 1)[1] if marker in existing else ""
        text = text[: m.start()] + section + "\n" + marker + notes.rstrip() + "\n" + ("\n" + keep_after if keep_after else "")
    else:
        text = text.rstrip() + "\n\n" + section + "\n<!-- end of generated figures -->\n"
    DOC.write_text(text, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=5, help="research runs to time (default 5)")
    ap.add_argument("--corpus", action="store_true", help="also time the corpus sites (../shared/corpus)")
    ap.add_argument("--write", action="store_true", help="write the table into docs/PERFORMANCE.md '## Research'")
    ap.add_argument("--code-root", type=Path, default=ROOT, help="checkout whose `coach` package is measured")
    ap.add_argument("--json", type=Path, help="also save the raw numbers here")
    ap.add_argument("--timeline", action="store_true", help="also print the last run's request starts (ms, path)")
    ap.add_argument("--no-cli", action="store_true", help="skip the sequential baseline and the CLI runs (quicker)")
    args = ap.parse_args()
    code_root = args.code_root.resolve()
    sys.path.insert(0, str(code_root))
    import warnings  # noqa: PLC0415

    warnings.simplefilter("ignore")
    m = measure(code_root, args.repeats, quick=args.no_cli)
    corpus = corpus_times(3) if args.corpus else []
    shown, skip = [], False
    for a in sys.argv[1:]:
        if skip or a == "--write":
            skip = False
            continue
        if a == "--json":
            skip = True  # where the raw numbers went is not part of the command to rerun
            continue
        shown.append(a)
    argv = " ".join(shown)
    command = ".venv/bin/python bench/research.py" + (f" {argv}" if argv else "")
    label = "" if code_root == ROOT else f" (measuring the `coach` package in {code_root})"
    table = report(m, corpus, command, label)
    print(table)
    if args.timeline:
        print("\nrequest starts of the last run (ms after research_sync was called):")
        for t, p in m["timeline"]:
            print(f"  {t * 1000:7.0f}  {p}")
    if args.json:
        args.json.write_text(json.dumps({"measure": m, "corpus": corpus, "machine": machine()}, indent=1))
    if args.write:
        write_section(table)
        print(f"\nwritten to {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
