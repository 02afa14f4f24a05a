"""The bundled demo agency, researched offline through the same pipeline as a live site.

`demo_transport()` serves `content/demo/site/` as https://northlight.example/; the engine reads
robots.txt, the sitemap, the RSS feed and the pages through it, exactly as it would over the
network. These tests pin what a careful reader notes on the demo site, the transport's static-host
behaviour, and that it never serves anything outside its folder or for another origin.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from coach.research.engine import research_html, research_sync
from coach.research.offline import DEMO_ORIGIN, DEMO_SITE, DEMO_URL, DirectoryTransport, demo_transport

PUBLIC_PAGES = [
    "/",
    "/about/",
    "/services/",
    "/work/",
    "/work/lakemont-health-know-your-numbers/",
    "/work/brightfield-foods-lunchbox-reset/",
    "/work/larkspur-home-recall/",
    "/clients/",
    "/team/",
    "/news/",
    "/news/2026/11/summer-internship-2027/",
    "/news/2026/08/health-trust-pulse-2026/",
    "/news/2026/05/know-your-numbers-campaign-of-the-year/",
    "/news/2026/03/ai-in-media-relations/",
    "/news/2026/02/cobalt-sleep-agency-of-record/",
    "/careers/",
    "/contact/",
]
NEWS = [  # newest first, as the site dates them
    ("Now recruiting: our 2027 summer internship class", "2026-11-04"),
    ("Health Trust Pulse 2026", "2026-08-19"),
    ("Know Your Numbers named Healthcare Campaign of the Year", "2026-05-21"),
    ("What AI changes, and what it doesn’t, in media relations", "2026-03-12"),
    ("Cobalt Sleep names Northlight its agency of record", "2026-02-03"),
]
LEADERS = [
    "Claire Whitaker — Founder & CEO",
    "Marcus Bell — President & Chief Client Officer",
    "Anjali Rao — Managing Director, Healthcare",
    "Tom Kowalski — Executive Vice President, Consumer; Minneapolis Office Lead",
    "Renee Okonkwo — Head of Crisis & Issues",
    "Priya Raman — Head of Content",
    "Samuel Ortiz — Director, Measurement & Insight",
    "Jordan Alvarez — Senior Account Director",
]
SERVICES = [
    "Media Relations",
    "Crisis & Issues Management",
    "Healthcare Communications",
    "Consumer Brand PR",
    "Content & Social",
    "Executive Visibility",
    "Measurement & Insight",
]
CLIENTS = [
    "Lakemont Health",
    "Brightfield Foods",
    "Larkspur Home",
    "Cobalt Sleep",
    "Caldera Diagnostics",
    "Tidewell Pharmacy",
    "Bluestem Children’s Foundation",
    "Juniper & Vine Coffee",
]


class Recording(httpx.AsyncBaseTransport):
    """Passes requests to the demo transport and remembers each URL asked for."""

    def __init__(self, inner: DirectoryTransport) -> None:
        self.inner = inner
        self.urls: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(str(request.url))
        return await self.inner.handle_async_request(request)


@pytest.fixture(scope="module")
def demo():
    transport = Recording(demo_transport())
    result = research_sync(DEMO_URL, transport=transport)
    return result, transport.urls


@pytest.fixture(scope="module")
def client():
    with httpx.Client(transport=demo_transport()) as c:
        yield c


def texts(result, kind):
    return [f.text for f in result.facts if f.kind == kind]


def find(result, kind, needle):
    return [f for f in result.facts if f.kind == kind and needle.lower() in f.text.lower()]


def path_of(url):
    return urlsplit(url).path


# --------------------------------------------------------------------------- the research


def test_demo_is_researched_through_robots_sitemap_and_feed(demo):
    result, urls = demo
    assert urls[0] == DEMO_ORIGIN + "/robots.txt"  # asked before any page
    assert DEMO_ORIGIN + "/sitemap.xml" in urls  # named in robots.txt
    assert DEMO_ORIGIN + "/feed.xml" in urls  # <link rel=alternate> on the home page
    fetched = {path_of(p.url) for p in result.pages if p.status == "ok"}
    assert fetched == set(PUBLIC_PAGES)


def test_demo_never_fetches_admin(demo):
    result, urls = demo
    assert not any(path_of(u).startswith("/admin") for u in urls)
    admin = [p for p in result.pages if path_of(p.url).startswith("/admin")]
    assert [p.status for p in admin] == ["blocked by robots.txt"]  # linked from the footer, robots says no
    assert [path_of(p.url) for p in result.problems] == ["/admin/"]  # the only problem in the demo


def test_demo_pages_are_classified(demo):
    result, _ = demo
    kinds = {path_of(p.url): p.kind for p in result.pages}
    expected = {"/": "home", "/about/": "about", "/services/": "services", "/work/": "work", "/clients/": "clients",
                "/team/": "team", "/news/": "news", "/careers/": "careers", "/contact/": "contact"}
    assert {k: kinds[k] for k in expected} == expected
    assert all(kinds[p] == "work" for p in PUBLIC_PAGES if p.startswith("/work/"))
    assert all(kinds[p] == "news" for p in PUBLIC_PAGES if p.startswith("/news/"))


def test_demo_name_and_positioning(demo):
    result, _ = demo
    assert result.name == "Northlight Communications"
    assert texts(result, "name") == ["Northlight Communications"]
    assert find(result, "about", "independent public relations agency in Chicago and Minneapolis")
    assert find(result, "about", "founded in 2011 by Claire Whitaker")


def test_demo_services(demo):
    result, _ = demo
    assert texts(result, "service") == SERVICES
    assert all(path_of(f.source) == "/services/" for f in result.facts if f.kind == "service")


def test_demo_clients(demo):
    result, _ = demo
    clients = texts(result, "client")
    assert set(clients[: len(CLIENTS)]) == set(CLIENTS)  # the real clients come first
    # The clients page's group headings are industries, and case-study titles are projects, not clients.
    for heading in ("Healthcare", "Consumer", "Know Your Numbers", "The Lunchbox Reset", "A recall handled in the open"):
        assert heading not in clients
    industries = texts(result, "industry")
    for industry in ("Health systems and hospitals", "Diagnostics and medtech", "Pharmacy", "Food and beverage",
                     "Home goods", "Sleep and wellness", "Healthcare", "Consumer"):
        assert industry in industries
    assert "Industries we know" not in industries


def test_demo_case_studies_carry_their_results(demo):
    result, _ = demo
    cases = {path_of(f.source): f.text for f in result.facts if f.kind == "client" and " — " in f.text}
    assert set(cases) == {"/work/lakemont-health-know-your-numbers/", "/work/brightfield-foods-lunchbox-reset/",
                          "/work/larkspur-home-recall/"}  # one fact per case, from the case-study page
    lakemont = cases["/work/lakemont-health-know-your-numbers/"]
    assert lakemont.startswith("Lakemont Health — Know Your Numbers: ")
    assert "rose 34%" in lakemont and "from 22% to 41%" in lakemont
    assert "rose 17 points" in cases["/work/brightfield-foods-lunchbox-reset/"]
    assert cases["/work/larkspur-home-recall/"].startswith("Larkspur Home — A recall handled in the open: ")


def test_demo_logo_wall_alt_text_gives_clients(client):
    # The home page names its clients only in <img alt> on the logo wall ("Trusted by").
    html = client.get(DEMO_URL).text
    assert "<li>Lakemont Health" not in html
    result = research_html(html, DEMO_URL)
    clients = texts(result, "client")
    assert clients[: len(CLIENTS)] == CLIENTS
    # The "Featured work" cards add each case study with its headline result.
    assert clients[len(CLIENTS):] == [
        "Lakemont Health — Know Your Numbers: Blood-pressure screenings up 34% at fourteen neighborhood clinics",
        "Brightfield Foods — The Lunchbox Reset: 146 stories and a 17-point lift in purchase intent for a snack launch",
        "Larkspur Home — A recall handled in the open: 71% of recalled heaters registered for a remedy within 60 days",
    ]


def test_demo_leaders_with_titles(demo):
    result, _ = demo
    assert texts(result, "leader") == LEADERS
    assert not any("Elena Marsh" in t for t in texts(result, "leader"))  # a client's testimonial, not staff


def test_demo_news_dated_newest_first(demo):
    result, _ = demo
    news = [f for f in result.facts if f.kind == "news"]
    dated = [f.date for f in news if f.date]
    assert dated == sorted(dated, reverse=True)
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dated)
    found = []
    for needle, date in NEWS:
        hits = [f for f in news if needle.lower() in f.text.lower()]
        assert len(hits) == 1, needle
        assert hits[0].date == date
        assert path_of(hits[0].source).startswith("/news/2026/")
        found.append(news.index(hits[0]))
    assert found == sorted(found)  # in the site's order, newest first
    # The home page's internship call-to-action mentions January 11, 2027, after the fetch: not news.
    assert all(d <= result.fetched_at[:10] for d in dated)
    assert not any("early-career" in f.text for f in news)


def test_demo_values(demo):
    result, _ = demo
    for needle in ("Accuracy before attention", "Curiosity is part of the job", "Health equity is everyone’s work",
                   "Measure what matters"):
        assert find(result, "value", needle), needle
    assert "Curiosity is part of the job." not in texts(result, "value")  # only with its sentence


def test_demo_awards(demo):
    result, _ = demo
    for needle in ("Great Lakes Communicators Awards 2026", "PRWeek US Awards 2025 — shortlist",
                   "PRovoke SABRE Awards North America 2024", "Best Place to Work in PR"):
        assert find(result, "award", needle), needle
    assert "Awards and recognition" not in texts(result, "award")  # the heading is not an award


def test_demo_locations(demo):
    result, _ = demo
    locations = texts(result, "location")
    # Each office once, under its heading, from the contact page (the footer repeats them on every page).
    assert locations == [
        "Chicago (headquarters) — 845 W. Fulton Market, Suite 400 Chicago, IL 60607",
        "Minneapolis — 310 N. Washington Avenue, Suite 210 Minneapolis, MN 55401",
        "We opened our Minneapolis office in 2019.",
    ]


def test_demo_careers_and_internship(demo):
    result, _ = demo
    for role in ("Account Executive, Healthcare — Chicago", "Senior Account Supervisor, Consumer — Minneapolis",
                 "Social Media Manager — Chicago or Minneapolis"):
        assert role in texts(result, "careers")
    assert "Summer Internship Program" in texts(result, "careers")
    assert find(result, "careers", "June 7 to August 13, 2027")
    assert find(result, "careers", "open January 11, 2027 and close February 19, 2027")
    assert find(result, "careers", "internships@northlight.example")
    assert "Students and early-career communicators" not in texts(result, "careers")  # a heading


def test_demo_contact(demo):
    result, _ = demo
    contact = texts(result, "contact")
    for item in ("hello@northlight.example", "press@northlight.example", "newbusiness@northlight.example",
                 "careers@northlight.example", "internships@northlight.example", "(312) 555-0148", "(612) 555-0163"):
        assert item in contact


def test_demo_has_enough_good_facts_and_no_boilerplate(demo):
    result, _ = demo
    kinds = {f.kind for f in result.facts}
    assert {"name", "about", "service", "client", "news", "leader", "value", "location", "award", "careers",
            "contact"} <= kinds
    assert len(result.facts) >= 25
    for f in result.facts:
        low = f.text.lower()
        assert "cookie" not in low and "rights reserved" not in low and "staff login" not in low
        assert low not in ("read more", "learn more", "linkedin", "instagram", "subscribe")
        assert f.source.startswith(DEMO_URL)


def test_demo_research_is_repeatable(demo):
    result, _ = demo
    again = research_sync(DEMO_URL, transport=demo_transport())
    assert sorted((f.kind, f.text, f.date or "") for f in again.facts) == sorted(
        (f.kind, f.text, f.date or "") for f in result.facts
    )
    # Pages are merged in plan order, so sources and order are the same too.
    assert [(f.kind, f.text, f.date, f.source) for f in again.facts] == [
        (f.kind, f.text, f.date, f.source) for f in result.facts]
    assert again.name == result.name


# --------------------------------------------------------------------------- the site itself


def _site_files(suffix):
    return sorted(p for p in DEMO_SITE.rglob(f"*{suffix}") if p.is_file())


def test_every_page_is_marked_fictional():
    pages = _site_files(".html")
    assert 12 <= len(pages) - 1 <= 18  # public pages, not counting /admin/
    for page in pages:
        head = page.read_text(encoding="utf-8")[:400]
        assert head.startswith("<!doctype html>\n<!-- Fictional demo site"), page


def test_sitemap_lists_every_public_page_with_lastmod(client):
    root = ET.fromstring(client.get(DEMO_ORIGIN + "/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
               for u in root.findall("s:url", ns)}
    assert sorted(path_of(u) for u in entries) == sorted(PUBLIC_PAGES)
    assert all(re.fullmatch(r"2026-\d{2}-\d{2}", d or "") for d in entries.values())
    for url in entries:
        assert client.get(url).status_code == 200, url


def test_feed_items_resolve(client):
    response = client.get(DEMO_ORIGIN + "/feed.xml")
    assert response.headers["content-type"] == "application/rss+xml"
    items = ET.fromstring(response.content).findall("channel/item")
    assert [path_of(i.findtext("link")) for i in items] == [p for p in PUBLIC_PAGES if p.startswith("/news/20")]
    for item in items:
        assert client.get(item.findtext("link")).status_code == 200


def test_internal_links_resolve(client):
    # Like a real site, images and the favicon are absent (404); every page link works.
    for page in PUBLIC_PAGES:
        html = client.get(urljoin(DEMO_URL, page)).text
        for href in re.findall(r'href="([^"]+)"', html):
            url = urljoin(urljoin(DEMO_URL, page), href)
            parts = urlsplit(url)
            if parts.scheme != "https" or parts.hostname != "northlight.example" or parts.path.endswith(".ico"):
                continue
            assert client.get(url).status_code == 200, (page, href)


# --------------------------------------------------------------------------- the transport


@pytest.mark.parametrize(
    ("path", "file", "media"),
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/about/", "about/index.html", "text/html; charset=utf-8"),
        ("/about", "about/index.html", "text/html; charset=utf-8"),
        ("/news/2026/03/ai-in-media-relations", "news/2026/03/ai-in-media-relations/index.html",
         "text/html; charset=utf-8"),
        ("/robots.txt", "robots.txt", "text/plain; charset=utf-8"),
        ("/sitemap.xml", "sitemap.xml", "application/xml"),
        ("/feed.xml", "feed.xml", "application/rss+xml"),
        ("/about/?utm_source=newsletter", "about/index.html", "text/html; charset=utf-8"),
    ],
)
def test_transport_serves_files_like_a_static_host(client, path, file, media):
    response = client.get(DEMO_ORIGIN + path)
    assert response.status_code == 200
    assert response.headers["content-type"] == media
    assert response.content == (DEMO_SITE / file).read_bytes()


def test_transport_x_html_before_x_index(tmp_path):
    (tmp_path / "page.html").write_text("<p>file</p>")
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text("<p>folder</p>")
    (tmp_path / "only").mkdir()
    (tmp_path / "only" / "index.html").write_text("<p>only</p>")
    with httpx.Client(transport=DirectoryTransport(tmp_path, "https://site.example")) as c:
        assert c.get("https://site.example/page").text == "<p>file</p>"
        assert c.get("https://site.example/page/").text == "<p>folder</p>"
        assert c.get("https://site.example/only").text == "<p>only</p>"
        assert c.get("https://site.example/").status_code == 404  # no index.html at the root


def test_transport_head_gives_headers_only(client):
    response = client.head(DEMO_ORIGIN + "/about/")
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-length"] == str(len((DEMO_SITE / "about/index.html").read_bytes()))
    assert client.head(DEMO_ORIGIN + "/nope/").status_code == 404


def test_transport_refuses_other_methods(client):
    response = client.post(DEMO_URL, content=b"x")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    "path",
    [
        "/nope/",
        "/nope",
        "/logos/lakemont-health.svg",  # referenced by the logo wall, deliberately absent
        "/news/2026",  # a folder without index.html
        "/admin.php",
        "/.git/config",
        "/%2egit/config",
        "/../../pyproject.toml",
        "/%2e%2e/%2e%2e/pyproject.toml",
        "/%2E%2E%2F%2E%2E%2Fpyproject.toml",
        "/..%2f..%2fpyproject.toml",
        "/about/..%2f..%2f..%2fpyproject.toml",
        "/..%5c..%5cpyproject.toml",
        "/.%2e/.%2e/pyproject.toml",
        "/%252e%252e/%252e%252e/pyproject.toml",
        "/%2Fetc%2Fpasswd",
        "//etc/passwd",
        "/about/%00.html",
        "/C:%5cWindows%5cwin.ini",
    ],
)
def test_transport_404s_and_never_leaves_the_folder(client, path):
    response = client.get(DEMO_ORIGIN + path)
    assert response.status_code == 404
    assert b"[project]" not in response.content and b"root:" not in response.content


@pytest.fixture
def walled(tmp_path):
    """A site folder with a servable secret next to it and a symlink pointing out of it."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>home</p>")
    (tmp_path / "secret.txt").write_text("secret")
    (tmp_path / "secret.html").write_text("secret")
    (site / "escape.txt").symlink_to(tmp_path / "secret.txt")
    (site / "door").symlink_to(tmp_path)
    return DirectoryTransport(site, "https://site.example")


@pytest.mark.parametrize(
    "path",
    ["/../secret.txt", "/%2e%2e/secret.txt", "/%2e%2e%2fsecret.html", "/..%5csecret.txt", "/escape.txt",
     "/door/secret.txt", "/door/secret"],
)
def test_transport_outside_files_are_404_even_when_servable(walled, path):
    with httpx.Client(transport=walled) as c:
        assert c.get("https://site.example/").text == "<p>home</p>"
        response = c.get("https://site.example" + path)
        assert response.status_code == 404
        assert response.text != "secret"


def test_transport_resolve_refuses_raw_dot_segments(walled):
    # httpx removes plain "../" from URLs; another client might not. resolve() refuses them anyway.
    for raw in ("/../secret.txt", "/./../secret.html", "/a/../../secret.txt"):
        url = SimpleNamespace(scheme="https", host="site.example", port=None, path=raw)
        assert walled.resolve(url) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "url",
    [
        "https://other.example/",
        "https://northlight.example.evil.example/",
        "https://www.northlight.example/",
        "http://northlight.example/",  # another scheme is another origin
        "https://northlight.example:8443/",
        "https://127.0.0.1/",
    ],
)
def test_transport_answers_only_for_its_origin(client, url):
    assert client.get(url).status_code == 404


def test_transport_explicit_default_port_is_same_origin(client):
    assert client.get("https://northlight.example:443/about/").status_code == 200


def test_demo_constants():
    assert DEMO_URL == "https://northlight.example/"
    assert DEMO_SITE == Path(__file__).resolve().parents[2] / "content" / "demo" / "site"
    assert (DEMO_SITE / "index.html").is_file()
