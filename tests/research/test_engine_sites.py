"""The research engine against fixture agency sites served on a real loopback HTTP server."""

from __future__ import annotations

import functools
import random
import shutil
import time
from pathlib import Path

import pytest

from coach.research.engine import research_html, research_sync
from coach.research.facts import is_placeholder
from coach.research.fetch import FetchSettings
from tests.loopback import _DirectoryHandler, serve_directory, serve_handler

SITES = Path(__file__).resolve().parent / "sites"
SETTINGS = FetchSettings(allow_private=True)


def texts(result, kind):
    return [f.text for f in result.facts if f.kind == kind]


def has(result, kind, needle, date=None):
    return any(needle.lower() in f.text.lower() and (date is None or f.date == date)
               for f in result.facts if f.kind == kind)


@pytest.fixture(scope="module")
def pr_agency():
    calls = []
    with serve_directory(SITES / "pr_agency") as base:
        result = research_sync(base + "/", SETTINGS, progress=lambda d, t, u: calls.append((d, t, u)))
    return base, result, calls


def test_pr_agency_name_and_description(pr_agency):
    _, result, _ = pr_agency
    assert result.name == "Harbor & Vale"
    assert has(result, "about", "independent public relations agency")
    assert result.fetched_at.endswith("+00:00")


def test_pr_agency_newsroom_dates_newest_first(pr_agency):
    _, result, _ = pr_agency
    assert has(result, "news", "wins a SABRE Award", "2024-03-03")
    assert has(result, "news", "agency of record", "2023-12-10")
    assert has(result, "news", "We opened a Chicago office", "2023-11-02")
    # Only in the RSS feed: still a dated news fact.
    assert has(result, "news", "turns ten", "2019-05-15")
    dates = [f.date for f in result.facts if f.kind == "news" and f.date]
    assert dates == sorted(dates, reverse=True)
    assert len(texts(result, "news")) == 4


def test_pr_agency_team_services_values_awards_careers_contact(pr_agency):
    _, result, _ = pr_agency
    leaders = texts(result, "leader")
    assert "Maya Okafor — Founder & CEO" in leaders
    assert any(t.startswith("Daniel Reyes — Managing Director") for t in leaders)
    assert any(t.startswith("Priya Natarajan — Head of Media Relations") for t in leaders)
    assert not any("Laura Smith" in t for t in leaders)  # a client's testimonial, not staff
    for s in ("Media Relations", "Crisis Communications", "Executive Visibility"):
        assert s in texts(result, "service")
    assert {"Healthcare", "Clean energy"} <= set(texts(result, "industry"))
    assert has(result, "value", "curiosity beats certainty")
    assert has(result, "award", "PRWeek Boutique Agency of the Year")
    assert has(result, "award", "Cannes Lions")
    assert has(result, "careers", "Summer Internship")
    assert has(result, "location", "120 Harbor Street")
    assert "hello@harborvale.example" in texts(result, "contact")
    assert any("617 555 0142" in t for t in texts(result, "contact"))


def test_pr_agency_no_boilerplate_and_sources(pr_agency):
    base, result, _ = pr_agency
    for f in result.facts:
        low = f.text.lower()
        assert "cookie" not in low and "rights reserved" not in low and low not in ("read more", "learn more")
        assert f.source.startswith(base)
        assert len(f.text) <= 600
    sabre = next(f for f in result.facts if f.kind == "news" and "SABRE" in f.text)
    assert sabre.source.endswith("/news/2024/03/harbor-wins-sabre/")


def test_pr_agency_pages_and_progress(pr_agency):
    base, result, calls = pr_agency
    kinds = {p.url.replace(base, ""): p.kind for p in result.pages}
    assert kinds["/"] == "home"
    assert kinds["/team/"] == "team"
    assert kinds["/news/"] == "news"
    assert kinds["/careers/"] == "careers"
    # The feed lists a post that no longer exists: reported, not fatal.
    assert kinds["/news/2019/05/ten-years/"] == "news"
    for p in result.pages:
        assert p.status == ("HTTP error 404" if p.url.endswith("/ten-years/") else "ok"), p
    assert [p.url.replace(base, "") for p in result.problems] == ["/news/2019/05/ten-years/"]
    assert calls and calls[-1][0] == len(result.pages)
    assert [c[0] for c in calls] == list(range(1, len(calls) + 1))
    assert len(result.pages) <= SETTINGS.max_pages
    assert result.prompts and all(p.source.startswith(base) for p in result.prompts)


def test_creative_studio_logo_clients_and_case_studies():
    with serve_directory(SITES / "creative_studio") as base:
        result = research_sync(base, SETTINGS)
    assert result.name == "Northlight Studio"
    clients = set(texts(result, "client"))
    assert {"Acme Foods", "River Museum", "Bright Bank", "Kite Labs", "Orbit Telecom"} <= clients
    # A file name is only a (weak) signal on a clients page.
    assert "harbor ferries" in {c.lower() for c in clients}
    assert not any("slide" in c.lower() for c in clients)
    assert has(result, "about", "creative agency for brand identity")
    assert has(result, "award", "Dutch Design Award")
    assert has(result, "leader", "Sanne de Vries")
    assert any(t.startswith("Joost Bakker — Design Lead") for t in texts(result, "leader"))
    assert has(result, "location", "Keizersgracht 100")
    assert has(result, "value", "good design is honest")
    assert "studio@northlight.example" in texts(result, "contact")


def test_placeholder_site_yields_no_placeholder_facts():
    with serve_directory(SITES / "placeholder_site") as base:
        result = research_sync(base + "/", SETTINGS)
    bad = ("lorem", "ipsum", "service one", "service two", "client name", "your company", "coming soon",
           "john doe", "jane doe", "sample text", "your@email", "client logo", "job title")
    for f in result.facts:
        assert not any(b in f.text.lower() for b in bad), f
        assert not is_placeholder(f.text)
    assert len(result.facts) <= 3
    assert result.name == ""


def test_robots_disallowed_pages_are_not_fetched_and_sitemap_pages_are_found(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITES / "robots_site", site)
    with serve_directory(site) as base:
        (site / "robots.txt").write_text(f"User-agent: *\nDisallow: /private/\n\nSitemap: {base}/sitemap.xml\n")
        (site / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{base}/</loc></url><url><loc>{base}/team/</loc><lastmod>2024-01-05</lastmod></url>"
            f"<url><loc>{base}/private/plans/</loc></url></urlset>"
        )
        result = research_sync(base + "/", SETTINGS)
    pages = {p.url.replace(base, ""): p for p in result.pages}
    assert pages["/private/plans/"].status == "blocked by robots.txt"
    assert any(p.url.endswith("/private/plans/") and "robots" in p.reason.lower() for p in result.problems)
    assert pages["/team/"].status == "ok"  # found only through the sitemap
    assert has(result, "leader", "Ines Moreau")
    assert not has(result, "client", "Confidential Corp")
    assert result.name == "Quill & Quarry"


def test_undated_feed_items_are_read_as_what_their_address_says_not_as_posts(tmp_path):
    """Some generators' feeds list every page of the site without dates: a page is not a post."""
    site = tmp_path / "site"
    (site / "studio").mkdir(parents=True)
    (site / "news" / "2024" / "launch").mkdir(parents=True)
    (site / "index.html").write_text(
        '<html><head><title>Kite & Key</title><link rel="alternate" type="application/rss+xml" href="/feed.xml">'
        "</head><body><h1>Kite & Key</h1><p>Kite & Key is a communications agency in Leeds.</p></body></html>")
    (site / "studio" / "index.html").write_text(
        "<html><head><title>The studio</title></head><body><h1>The studio</h1>"
        "<h2>Twelve people in a converted mill</h2><p>We work from a converted mill by the canal.</p>"
        "<h2>Open on Fridays for students</h2><p>Drop in and see how a campaign is planned.</p></body></html>")
    (site / "news" / "2024" / "launch" / "index.html").write_text(
        "<html><head><title>We launched a podcast</title></head><body><article><h1>We launched a podcast</h1>"
        '<time datetime="2024-03-04">4 March 2024</time><p>Our podcast on local media is out.</p></article></body></html>')
    with serve_directory(site) as base:
        (site / "feed.xml").write_text(
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Kite & Key</title>'
            f"<item><title>The studio</title><link>{base}/studio/</link></item>"
            f"<item><title>We launched a podcast</title><link>{base}/news/2024/launch/</link>"
            "<pubDate>Mon, 04 Mar 2024 09:00:00 GMT</pubDate></item></channel></rss>".replace("&", "&amp;"))
        result = research_sync(base + "/", SETTINGS)
    pages = {p.url.replace(base, ""): p for p in result.pages}
    assert pages["/studio/"].status == "ok" and pages["/studio/"].kind != "news"
    assert not [f for f in result.facts if f.kind == "news" and f.source.endswith("/studio/")], result.facts
    assert has(result, "news", "We launched a podcast", "2024-03-04")


def test_unreachable_home_gives_a_problem_and_no_facts():
    with serve_directory(SITES / "pr_agency") as base:
        pass  # server stopped: the port now refuses connections
    result = research_sync(base + "/", SETTINGS)
    assert result.facts == ()
    assert result.problems and result.problems[0].reason


def test_bad_url_gives_a_problem():
    result = research_sync("not a url at all ::", SETTINGS)
    assert result.facts == () and result.problems


def test_missing_page_is_reported_with_its_status(tmp_path):
    site = tmp_path / "s"
    site.mkdir()
    (site / "index.html").write_text('<html><head><title>Acme PR</title></head><body><nav><a href="/team/">Team</a></nav>'
                                     "<p>Acme PR is a public relations agency in Leeds.</p></body></html>")
    with serve_directory(site) as base:
        result = research_sync(base + "/", SETTINGS)
    team = next(p for p in result.pages if p.url.endswith("/team/"))
    assert team.status.startswith("HTTP error")
    assert any(p.url.endswith("/team/") for p in result.problems)


def test_research_html_reads_one_pasted_page():
    html = (SITES / "pr_agency" / "team" / "index.html").read_text()
    result = research_html(html, "https://harborvale.example/team/")
    assert len(result.pages) == 1 and result.pages[0].kind == "team"
    assert "Maya Okafor — Founder & CEO" in texts(result, "leader")
    assert research_html("", "").facts == ()
    garbage = research_html(b"\xff\xfe garbage", "??")  # not an address, not HTML: no facts, no error
    assert garbage.facts == () and [p.url for p in garbage.pages] == ["https://pasted.invalid/"]


def test_research_sync_works_from_a_thread_and_inside_a_running_loop():
    import asyncio  # noqa: PLC0415
    import threading  # noqa: PLC0415

    with serve_directory(SITES / "robots_site") as base:
        out = []
        t = threading.Thread(target=lambda: out.append(research_sync(base + "/", SETTINGS)))  # like Streamlit
        t.start()
        t.join(30)
        assert out and out[0].name

        async def inside_loop():
            return research_sync(base + "/", SETTINGS)

        result2 = asyncio.run(inside_loop())
    assert result2.name == out[0].name


def _stub_site(root: Path, with_target: bool = True) -> None:
    (root / "index.html").write_text(
        '<html><head><meta http-equiv="refresh" content="0; url=/en/"><title>Redirecting</title></head>'
        '<body><a href="/en/">English</a></body></html>')
    if not with_target:
        return
    (root / "en" / "about").mkdir(parents=True)
    (root / "en" / "index.html").write_text(
        '<html><head><title>Fernweh PR | Public relations in Munich</title>'
        '<meta property="og:site_name" content="Fernweh PR">'
        '<link rel="alternate" type="application/rss+xml" href="/en/feed.xml"></head><body>'
        '<nav><a href="/en/about/">About us</a></nav>'
        '<p>Fernweh PR is an independent public relations agency for travel brands.</p></body></html>')
    (root / "en" / "about" / "index.html").write_text(
        '<html><head><title>About us | Fernweh PR</title></head><body><h1>About us</h1>'
        '<p>We believe that honest stories travel further than slogans.</p></body></html>')
    (root / "en" / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Fernweh PR</title><item>'
        '<title>Fernweh PR opens a Vienna office</title><link>/en/news/vienna/</link>'
        '<pubDate>Tue, 04 Mar 2025 09:00:00 +0000</pubDate></item></channel></rss>')


def test_meta_refresh_home_is_followed_and_its_links_and_feed_are_read(tmp_path):
    _stub_site(tmp_path)
    with serve_directory(tmp_path) as base:
        result = research_sync(base + "/", SETTINGS)
    kinds = {p.url.replace(base, ""): p.kind for p in result.pages}
    assert kinds["/en/"] == "home" and kinds["/en/about/"] == "about"
    assert result.name == "Fernweh PR"
    assert has(result, "value", "honest stories travel further")
    assert has(result, "news", "Vienna office", "2025-03-04")


def test_meta_refresh_home_whose_target_is_missing_is_the_home_page(tmp_path):
    _stub_site(tmp_path, with_target=False)
    with serve_directory(tmp_path) as base:
        result = research_sync(base + "/", SETTINGS)
    assert any(p.url.replace(base, "") == "/" and p.status == "ok" for p in result.pages)
    assert [p.url.replace(base, "") for p in result.problems] == ["/en/"]


def _shuffled_site(root: Path, seed: int):
    """A site served with a different random delay (0-60 ms) per path, per `seed`."""

    class Shuffled(_DirectoryHandler):
        def send_head(self):  # type: ignore[no-untyped-def]
            time.sleep(random.Random(f"{seed}{self.path}").uniform(0, 0.06))
            return super().send_head()

    return serve_handler(functools.partial(Shuffled, directory=str(root)))  # type: ignore[arg-type]


def test_same_pages_and_facts_whatever_order_responses_arrive_in():
    runs = []
    for seed in (1, 2, 3):
        with _shuffled_site(SITES / "pr_agency", seed) as base:
            result = research_sync(base + "/", SETTINGS)
        runs.append(([p.url.replace(base, "") for p in result.pages],
                     [(f.kind, f.text, f.date, f.source.replace(base, "")) for f in result.facts]))
    assert runs[0] == runs[1] == runs[2]
