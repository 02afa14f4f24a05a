"""Discovery and classification of pages: links, feeds, sitemaps, dates, kinds, choosing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.research import pages as P

HOME = """<html><head><title>Acme PR</title>
<link rel="alternate" type="application/rss+xml" href="/feed.xml">
<link rel="alternate" type="application/atom+xml" href="https://other.example/feed">
<link rel="stylesheet" href="/style.css"></head><body>
<header><nav><ul>
  <li><a href="/about-us/">About</a></li>
  <li><span>Services</span><ul><li><a href="/media-training/">Media training</a></li></ul></li>
  <li><a href="/we-team.html">Careers</a></li>
  <li><a href="#top">Top</a></li><li><a href="mailto:a@b.c">Mail</a></li><li><a href="tel:+123">Call</a></li>
  <li><a href="javascript:void(0)">JS</a></li>
</ul></nav></header>
<main><a href="/news/2024/03/05/launch/#comments">Launch</a><a href="/brochure.pdf">PDF</a>
<a href="https://elsewhere.example/">Partner</a><img src="/x.png"><a href="/about-us/"><img src="a.png" alt="About"></a></main>
<footer><a href="/contact">Contact</a></footer></body></html>"""


def test_discover_links_resolves_filters_and_marks_regions():
    tree = P.parse_html(HOME)
    links = P.discover_links(tree, "https://www.acme.example/")
    urls = [link.url for link in links]
    assert urls == [
        "https://www.acme.example/about-us/",
        "https://www.acme.example/media-training/",
        "https://www.acme.example/we-team.html",
        "https://www.acme.example/news/2024/03/05/launch/",
        "https://www.acme.example/contact",
    ]
    by = {link.url.rsplit("/", 2)[-2] if link.url.endswith("/") else link.url.rsplit("/", 1)[-1]: link for link in links}
    assert by["about-us"].region == "nav" and by["about-us"].text == "About"
    assert by["media-training"].parent_label == "Services"
    assert by["contact"].region == "footer"


def test_feed_links_same_site_only():
    tree = P.parse_html(HOME)
    assert P.feed_links(tree, "https://www.acme.example/") == ["https://www.acme.example/feed.xml"]


def test_classify_page_from_path_anchor_title_and_language():
    assert P.classify_page("https://a.example/") == "home"
    assert P.classify_page("https://a.example/en/") == "home"
    assert P.classify_page("https://a.example/about-us/") == "about"
    assert P.classify_page("https://a.example/we-team.html", "Careers") == "careers"
    assert P.classify_page("https://a.example/the-team.html", "The team") == "team"
    assert P.classify_page("https://a.example/we-are-trusted.html", "Clients") == "clients"
    assert P.classify_page("https://a.example/x/", "", "Case studies | Acme") == "work"
    assert P.classify_page("https://a.example/media-training/", "Media training", "", "Services") == "services"
    assert P.classify_page("https://a.example/news/2024/03/05/meet-our-new-team/") == "news"
    assert P.classify_page("https://a.example/blog/svg-for-web/") == "news"
    assert P.classify_page("https://a.example/projecten/") == "work"
    assert P.classify_page("https://a.example/nosotros/") == "about"
    assert P.classify_page("https://a.example/equipo/") == "team"
    assert P.classify_page("https://a.example/vacatures/") == "careers"
    assert P.classify_page("https://a.example/contacto/") == "contact"
    assert P.classify_page("https://a.example/prensa/") == "news"
    # A post title mentioning "contact" is not the contact page.
    assert P.classify_page("https://a.example/p/meet-camille/", "Meet Camille, your new contact person here") != "contact"
    assert P.classify_page("https://a.example/misc/") == "other"


def test_normalize_date_formats():
    cases = {
        "2024-03-03": "2024-03-03",
        "2024-03-03T10:00:00+02:00": "2024-03-03",
        "10 Dec 2015": "2015-12-10",
        "March 3, 2024": "2024-03-03",
        "Wednesday 12 June 2024": "2024-06-12",
        "Apr 2, 2025": "2025-04-02",
        "Sun, 03 Mar 2024 09:00:00 GMT": "2024-03-03",
        "3 de marzo de 2024": "2024-03-03",
        "12 juni 2023": "2023-06-12",
        "12.06.2024": "2024-06-12",
        "2024-03": "2024-03",
        "June 2024": "2024-06",
        "no date here": None,
        "2024-13-45": None,
        "": None,
    }
    for raw, want in cases.items():
        assert P.normalize_date(raw) == want, raw


def test_date_from_url():
    assert P.date_from_url("https://a.example/news/2024/04/01/2024-03-23-joke/") == "2024-04-01"
    assert P.date_from_url("https://a.example/2015/12/") == "2015-12"
    assert P.date_from_url("https://a.example/about/") is None


def test_parse_sitemap_urlset_and_index():
    urlset = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>https://a.example/</loc><lastmod>2024-05-01T10:00:00Z</lastmod></url>
    <url><loc>https://a.example/team/</loc></url><url><loc>ftp://bad/</loc></url></urlset>"""
    sm = P.parse_sitemap(urlset)
    assert sm.urls == [("https://a.example/", "2024-05-01"), ("https://a.example/team/", None)]
    index = """<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://a.example/post-sitemap.xml</loc></sitemap></sitemapindex>"""
    assert P.parse_sitemap(index).sitemaps == ["https://a.example/post-sitemap.xml"]
    assert P.parse_sitemap("<html>not a sitemap</html>").urls == []


def test_parse_sitemap_refuses_entities():
    bomb = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">
    <!ENTITY x SYSTEM "file:///etc/passwd">]>
    <urlset><url><loc>https://a.example/&x;</loc></url><url><loc>https://a.example/&lol2;</loc></url></urlset>"""
    sm = P.parse_sitemap(bomb)
    for url, _ in sm.urls:
        assert "root:" not in url and "lollol" not in url


def test_parse_feed_rss_and_atom():
    rss = """<rss version="2.0"><channel><item><title>Big win</title><link>/news/big-win/</link>
    <pubDate>Tue, 10 Dec 2019 09:00:00 +0000</pubDate></item></channel></rss>"""
    assert P.parse_feed(rss, "https://a.example/feed.xml") == [
        P.FeedItem("Big win", "https://a.example/news/big-win/", "2019-12-10")]
    atom = """<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Hello</title>
    <link rel="alternate" href="https://a.example/hello/"/><published>2024-01-02T00:00:00Z</published></entry></feed>"""
    assert P.parse_feed(atom) == [P.FeedItem("Hello", "https://a.example/hello/", "2024-01-02")]
    assert P.parse_feed("garbage <<<") == []


def test_choose_pages_budget_order_and_newest_posts():
    C = P.Candidate
    cands = [
        C("https://a.example/privacy/", "other", "Privacy", "footer"),
        C("https://a.example/about/", "about", "About", "nav"),
        C("https://a.example/team/", "team", "Team", "nav"),
        C("https://a.example/news/", "news", "News", "nav"),
        C("https://a.example/news/old-post/", "news", "", "body", "2019-01-01", False),
        C("https://a.example/news/new-post/", "news", "", "body", "2024-05-01", False),
        C("https://a.example/misc/", "other", "Misc", "body"),
        C("https://a.example/", "home"),
    ]
    chosen = P.choose_pages("https://a.example/", cands, 5)
    urls = [c.url for c in chosen]
    assert urls[0] == "https://a.example/"
    assert len(urls) == 5 and len(set(urls)) == 5
    assert {"https://a.example/about/", "https://a.example/team/", "https://a.example/news/"} <= set(urls)
    assert "https://a.example/news/new-post/" in urls
    assert "https://a.example/news/old-post/" not in urls
    assert "https://a.example/privacy/" not in urls
    assert P.choose_pages("https://a.example/", cands, 0) == []
    assert len(P.choose_pages("https://a.example/", cands * 3, 100)) == 7


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_pure_functions_never_raise_on_arbitrary_text(s):
    P.normalize_date(s)
    P.date_from_url(s)
    P.parse_sitemap(s)
    P.parse_feed(s, "https://a.example/")
    P.classify_page("https://a.example/" + s, s, s, s)
    tree = P.parse_html(s)
    P.discover_links(tree, "https://a.example/")
    P.feed_links(tree, "https://a.example/")
    P.same_site(s, "https://a.example/")
    P.is_asset_url(s)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["<a href='", "/x", "'>", "</a>", "<nav>", "<li>", "<ul>", "#", "mailto:",
                                 "http://[::1", "<base href='", "&#0;", "\x00", "<link rel=alternate type=application/rss+xml href="]),
                max_size=40).map("".join))
def test_link_discovery_on_html_ish_strings(s):
    tree = P.parse_html(s)
    for link in P.discover_links(tree, "https://a.example/"):
        assert P.same_site(link.url, "https://a.example/")


def test_every_service_line_in_the_navigation_is_read_before_older_posts():
    C = P.Candidate
    services = ["training", "coaching", "consulting", "events"]
    cands = [C("https://a.example/about/", "about", "About", "nav"), C("https://a.example/news/", "news", "News", "nav")]
    cands += [C(f"https://a.example/{s}/", "services", s.title(), "nav") for s in services]
    cands += [C(f"https://a.example/news/post-{n}/", "news", "", "body", f"2024-0{n}-01", False) for n in range(1, 10)]
    cands += [C("https://a.example/services/extra/", "services", "Extra", "body")]
    urls = [c.url for c in P.choose_pages("https://a.example/", cands, 10)]
    assert {f"https://a.example/{s}/" for s in services} <= set(urls), urls
    assert "https://a.example/news/post-9/" in urls and "https://a.example/news/post-6/" not in urls


def test_page_key_and_choose_pages_read_a_page_with_and_without_its_slash_once():
    assert P.page_key("https://a.example/Contact/") == "https://a.example/Contact"
    assert P.page_key("https://a.example/contact#x") == "https://a.example/contact"
    assert P.page_key("https://a.example/") == "https://a.example/"
    assert P.page_key("https://a.example") == "https://a.example/"
    home = "https://a.example/en/"
    cands = [P.Candidate("https://a.example/en/contact", "contact", "Contact", "nav"),
             P.Candidate("https://a.example/en/contact/", "contact", "Contact us", "footer"),
             P.Candidate("https://a.example/en", "home", "English", "nav"),
             P.Candidate("https://a.example/en/about/", "about", "About", "nav")]
    urls = [c.url for c in P.choose_pages(home, cands, 10)]
    assert urls == ["https://a.example/en/", "https://a.example/en/about/", "https://a.example/en/contact"]


def test_rfc822_zero_date_is_no_date():
    # Hugo and other generators write the zero time for pages without a date; email.utils would
    # read the year 0001 as 2001.
    assert P.normalize_date("Mon, 01 Jan 0001 00:00:00 +0000") is None
    assert P.normalize_date("Wed, 12 Jun 2024 09:30:00 +0000") == "2024-06-12"
    assert P.normalize_date("Wed, 12 Jun 24 09:30:00 +0000") == "2024-06-12"  # two-digit years stay legal


def test_feed_items_with_a_zero_date_are_pages_not_posts():
    feed = """<rss version="2.0"><channel><title>Site</title>
    <item><title>Media Training</title><link>/services/media-training/</link>
      <pubDate>Mon, 01 Jan 0001 00:00:00 +0000</pubDate></item>
    <item><title>Old epoch</title><link>/team/ana/</link><pubDate>Thu, 01 Jan 1970 00:00:00 +0000</pubDate></item>
    <item><title>We opened a Lisbon office</title><link>/news/lisbon/</link>
      <pubDate>Tue, 05 Mar 2024 10:00:00 +0000</pubDate></item>
    <item><title>Undated post</title><link>/news/undated/</link></item>
    </channel></rss>"""
    items = P.parse_feed(feed, "https://agency.example/")
    assert [(i.title, i.date) for i in items] == [("We opened a Lisbon office", "2024-03-05"), ("Undated post", None)]


LANG_HOME = """<html lang="en-GB"><head>
<link rel="alternate" hreflang="en" href="https://agency.example/team/">
<link rel="alternate" hreflang="de" href="https://agency.example/de/das-team/">
<link rel="alternate" hreflang="x-default" href="https://agency.example/team/">
</head><body><nav><ul>
<li><a href="/team/">Team</a></li><li><a href="/en/about/">About</a></li>
<li><a href="/de/das-team/">Deutsch</a></li><li><a href="/fr/">Français</a></li>
<li><a href="/it/chi-siamo/">Italiano</a></li><li><a href="/pr/">PR</a></li>
</ul></nav></body></html>"""


def test_language_switcher_links_are_not_pages_to_read():
    links = P.discover_links(P.parse_html(LANG_HOME), "https://agency.example/team/")
    assert [link.url.replace("https://agency.example", "") for link in links] == ["/team/", "/en/about/", "/pr/"]


def test_without_a_page_language_prefixed_links_stay():
    html = '<html><body><a href="/fr/">Français</a><a href="/about/">About</a></body></html>'
    links = P.discover_links(P.parse_html(html), "https://agency.example/")
    assert len(links) == 2


def test_a_theme_class_on_body_does_not_make_every_link_a_nav_link():
    html = ('<html><body class="page nav-float-right menu-open"><nav><a href="/about/">About</a></nav>'
            '<main><a href="/work/acme/">Acme</a></main><footer><a href="/privacy/">Privacy</a></footer></body></html>')
    regions = {link.url.rsplit("/", 2)[-2]: link.region for link in P.discover_links(P.parse_html(html), "https://a.example/")}
    assert regions == {"about": "nav", "acme": "body", "privacy": "footer"}


def test_qualified_leadership_and_management_are_services_not_team_pages():
    # (Some agencies call their blog "Thought leadership": not a team page, whatever else it is.)
    assert P.classify_page("https://a.example/thought-leadership/", "Thought leadership") != "team"
    assert P.classify_page("https://a.example/thought-leadership/") != "team"
    assert P.classify_page("https://a.example/services/crisis/", "Crisis & issues management") == "services"
    assert P.classify_page("https://a.example/leadership/", "Leadership") == "team"
    assert P.classify_page("https://a.example/about/people/", "Senior management") == "team"
