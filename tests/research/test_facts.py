"""Fact extraction on inline HTML, the filters, and the merge across pages."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.research.facts import (
    PageFacts,
    choose_name,
    extract_facts,
    is_boilerplate,
    is_placeholder,
    looks_like_job_title,
    looks_like_person_name,
    merge_facts,
)
from coach.research.types import Fact

URL = "https://agency.example/"


def facts_of(html, url=URL, kind="other"):
    return extract_facts(html, url, kind).facts


def kinds(facts, kind):
    return [f.text for f in facts if f.kind == kind]


def test_placeholder_filter():
    for t in ("Lorem ipsum dolor sit amet", "Coming soon!", "Your Company", "Service One", "Client Name",
              "Sample text", "Próximamente", "John Doe", "your@email.com", "Click here to edit", "   ", None, 5):
        assert is_placeholder(t), t
    for t in ("Media Relations", "Alexandros Manos", "Public Speaking Coaching", "Coca Cola"):
        assert not is_placeholder(t), t


def test_boilerplate_filter():
    for t in ("Read more", "LEARN MORE →", "Accept all cookies", "© 2024 Acme. All rights reserved.", "Share on Facebook",
              "Skip to content", "Leave this field blank", "Privacy Policy", "Next »", "Follow us", "Lees meer", "123"):
        assert is_boilerplate(t), t
    for t in ("Media Relations", "We believe in hard work.", "Crisis communications for healthcare brands"):
        assert not is_boilerplate(t), t


def test_person_names_and_job_titles():
    assert looks_like_person_name("Alexandros Manos")
    assert looks_like_person_name("Laura Díaz de Entresotos")
    assert looks_like_person_name("Mitchel van Eijgen")
    assert not looks_like_person_name("Core Team")
    assert not looks_like_person_name("Web Development")
    assert not looks_like_person_name("We believe in hard work")
    assert not looks_like_person_name("Fernanda")
    assert looks_like_person_name("Fernanda", allow_single=True)
    assert looks_like_job_title("Founder, CEO")
    assert looks_like_job_title("Fundadora | Ciencias de la Comunicación")
    assert looks_like_job_title("Chief Inspiration Officer", strong_only=True)
    assert not looks_like_job_title("Our ideas are big and we make them happen with great care every day")


def test_team_grid_pairs_names_with_titles_and_skips_alumni_and_testimonials():
    html = """<body><h1>Team</h1>
    <div class="card"><img alt="..."><h5>Alexandros Manos</h5><p>Founder, CEO</p><p>Alex has led brands since 1998.</p></div>
    <div class="card"><h5>Virna Ntanou</h5><p>Deputy CEO, Partner</p></div>
    <div><h4>Anja Xhakani</h4><p>UX Researcher</p></div>
    <p>Rita Makraki – Business Unit Director</p>
    <h2>Alumni</h2><div><h4>Renata Gegaj</h4><p>UX Research Lead</p></div>
    <blockquote class="testimonial"><p>Great!</p><p>Sara Brody</p><p>Design Director</p></blockquote></body>"""
    leaders = kinds(facts_of(html, URL + "team/", "team"), "leader")
    assert leaders == ["Alexandros Manos — Founder, CEO", "Virna Ntanou — Deputy CEO, Partner",
                       "Anja Xhakani — UX Researcher", "Rita Makraki — Business Unit Director"]


def test_services_section_on_home_and_services_page_cards():
    home = """<body><h2>Our Expertise</h2><div><h3>Branding</h3><p>…</p></div><div><h3>UX Research</h3></div>
    <h2>Latest work</h2><div><h3>Qubes OS audit</h3></div></body>"""
    f = facts_of(home, URL, "home")
    assert kinds(f, "service") == ["Branding", "UX Research"]
    page = """<body><h1>Services</h1><h2>Media Relations</h2><p>Coverage.</p><h2>Crisis Communications</h2>
    <ul><li>Issues monitoring</li></ul><h2>Industries</h2><ul><li>Healthcare</li></ul></body>"""
    f = facts_of(page, URL + "services/", "services")
    assert {"Media Relations", "Crisis Communications", "Issues monitoring"} <= set(kinds(f, "service"))
    assert "Healthcare" not in kinds(f, "service") and "Healthcare" in kinds(f, "industry")


def test_logo_wall_alt_text_and_file_names():
    html = """<body><h2>Trusted by</h2><div class="logos">
    <img src="/l/acme-logo.png" alt="Acme logo"><img src="/l/Alpha-Bank-1.jpg"><img src="/l/fedex-logo.png" alt="fedex-logo.png">
    <img src="/l/x.png" alt="Slide background"></div></body>"""
    clients = kinds(facts_of(html, URL, "home"), "client")
    assert clients[:3] == ["Acme", "Alpha Bank", "fedex"]
    assert not any("slide" in c.lower() for c in clients)
    # File names are not used outside client sections and client pages.
    other = '<body><div class="gallery"><img src="/a/sunset-beach.jpg"><img src="/a/b.jpg"><img src="/a/c.jpg"><img src="/a/d.jpg"></div></body>'
    assert kinds(facts_of(other, URL, "other"), "client") == []


def test_clients_include_sentence():
    html = "<body><p>Clients include: The Coca Cola Company, Unilever, Ford and KFC.</p></body>"
    assert kinds(facts_of(html, URL + "about/", "about"), "client") == ["The Coca Cola Company", "Unilever", "Ford", "KFC"]


def test_dated_listing_items():
    html = """<body><h1>News</h1>
    <div class="post"><h2><a href="/wpp-app/">WPP builds Our Campus App</a></h2><div><span>10 Dec 2015</span> / by admin</div></div>
    <article><p>1 min read / <time datetime="Apr 2, 2025">Apr 2, 2025</time></p><a href="/soss/">Ura joins the GitHub SOSS Fund as partner</a></article>
    <div class="post"><h2><a href="/x/">Undated post title</a></h2></div></body>"""
    news = [(f.text, f.date, f.source) for f in facts_of(html, URL + "news/", "news") if f.kind == "news"]
    assert ("WPP builds Our Campus App", "2015-12-10", URL + "wpp-app/") in news
    assert ("Ura joins the GitHub SOSS Fund as partner", "2025-04-02", URL + "soss/") in news


def test_post_page_headline_and_date_from_metadata():
    html = """<html><head><title>Big news | Acme</title><meta property="article:published_time" content="2024-03-03T10:00:00Z">
    </head><body><article><h1>We won the Golden Hermes award</h1><p>Text.</p></article></body></html>"""
    pf = extract_facts(html, URL + "news/big-news/", "news")
    assert pf.date == "2024-03-03"
    assert [(f.text, f.date) for f in pf.facts if f.kind == "news"] == [("We won the Golden Hermes award", "2024-03-03")]
    assert any(f.kind == "award" for f in pf.facts)


def test_jsonld_og_contact_address():
    html = """<html><head><title>Home | Acme PR</title><meta property="og:site_name" content="Acme PR">
    <meta name="description" content="Acme PR is a public relations agency in Leeds for tech firms.">
    <script type="application/ld+json">{"@context":"https://schema.org","@type":"Organization","name":"Acme PR",
    "address":{"streetAddress":"1 Mill Road","postalCode":"LS1 4AB","addressLocality":"Leeds"},
    "founder":[{"@type":"Person","name":"Ada Stone"}],"telephone":"+44 113 000 1111"}</script></head>
    <body><p>Call us: +44 113 496 0000</p><a href="mailto:hello@acme.example?subject=Hi">Mail</a>
    <address>1 Mill Road<br>Leeds LS1 4AB</address><footer>© 2024 Acme PR</footer></body></html>"""
    pf = extract_facts(html, URL, "home")
    assert ("Acme PR", 4.0) in pf.names
    assert pf.descriptions[0].startswith("Acme PR is a public relations agency")
    f = pf.facts
    assert "hello@acme.example" in kinds(f, "contact")
    assert "+44 113 496 0000" in kinds(f, "contact")
    assert "1 Mill Road, Leeds LS1 4AB" in kinds(f, "location")
    assert "Ada Stone — Founder" in kinds(f, "leader")


def test_values_awards_careers_sentences():
    html = """<body><h1>Culture</h1><p>We work with respect &amp; integrity, transparency &amp; accountability.</p>
    <p>Shortlisted for the Cannes Lions PR Grand Prix 2023.</p>
    <p>We are always on the lookout for top talent. Join our team!</p>
    <div class="cookie-banner">We use cookies. Accept all</div></body>"""
    f = facts_of(html, URL + "culture/", "about")
    assert kinds(f, "value") == ["We work with respect & integrity, transparency & accountability."]
    assert kinds(f, "award") == ["Shortlisted for the Cannes Lions PR Grand Prix 2023."]
    assert "We are always on the lookout for top talent." in kinds(f, "careers")
    assert not any("cookie" in x.text.lower() for x in f)


def test_placeholder_page_gives_nothing():
    html = """<html><head><title>Your Company</title></head><body><h1>Welcome to Your Company</h1>
    <p>Lorem ipsum dolor sit amet.</p><h2>Services</h2><ul><li>Service One</li><li>Service Two</li></ul>
    <h2>Clients</h2><div class="logos"><img alt="Client Name"><img alt="Client Name"><img alt="Client Logo"><img alt="Client Name"></div>
    <p>Coming soon</p></body></html>"""
    pf = extract_facts(html, URL, "home")
    assert pf.facts == []
    name, facts = merge_facts([pf], URL)
    assert name == "" and facts == []


def test_merge_dedupes_ranks_and_caps():
    a = PageFacts(URL, "home", "Acme PR | Home", names=[("Acme PR", 3.0)], facts=[
        Fact(kind="service", text="Media relations", source=URL),
        Fact(kind="news", text="Old post", source=URL + "old/", date="2019-01-01"),
        Fact(kind="news", text="No date post", source=URL + "nodate/"),
    ])
    b = PageFacts(URL + "services/", "services", "Services | Acme PR", facts=[
        Fact(kind="service", text="Media Relations.", source=URL + "services/"),
        Fact(kind="news", text="New post", source=URL + "new/", date="2024-05-01"),
        *[Fact(kind="client", text=f"Client {i}x", source=URL + "services/") for i in range(100)],
    ])
    name, facts = merge_facts([a, b], URL, url_dates={URL + "nodate/": "2020-02-02"})
    assert name == "Acme PR"
    services = [f for f in facts if f.kind == "service"]
    assert len(services) == 1 and services[0].source == URL + "services/"
    news = [(f.text, f.date) for f in facts if f.kind == "news"]
    assert news == [("New post", "2024-05-01"), ("No date post", "2020-02-02"), ("Old post", "2019-01-01")]
    assert sum(1 for f in facts if f.kind == "client") <= 40
    assert facts[0].kind == "name"


def test_choose_name_common_title_part():
    pages = [PageFacts(URL, "home", "Public Speaking Coaching | Ideas on Stage USA"),
             PageFacts(URL + "a/", "about", "About | Ideas on Stage USA"),
             PageFacts(URL + "b/", "team", "Team | Ideas on Stage USA", names=[("Ideas on Stage", 1.0)])]
    assert choose_name(pages, URL) in ("Ideas on Stage USA", "Ideas on Stage")


HTMLISH = st.lists(
    st.sampled_from(["<div>", "</div>", "<h2>", "</h2>", "<li>", "<ul>", "<img alt='", "'>", "<a href='/x'>", "</a>",
                     "Services", "Team", "Maya Okafor", "CEO", "10 Dec 2015", "<time datetime='2024-01-01'>", "</time>",
                     "<script type='application/ld+json'>", "{\"@type\":\"Organization\",\"name\":", "</script>",
                     "<address>", "&amp;", "&#0;", "\x00", "<br>", "lorem", "@", "+1 555", "<meta name=description content='",
                     "<footer>", "©", "<blockquote>", "<table><tr><td>", "<!--", "]]>", "<?xml version='1.0'?>"]),
    max_size=60,
).map("".join)


@settings(max_examples=120, deadline=None)
@given(st.one_of(st.text(max_size=500), st.binary(max_size=300), HTMLISH),
       st.sampled_from(["home", "about", "services", "work", "clients", "team", "news", "careers", "contact", "other"]))
def test_extract_never_raises_and_facts_are_valid(data, kind):
    pf = extract_facts(data, "https://agency.example/news/x/", kind)
    for f in pf.facts:
        assert 1 <= len(f.text) <= 600
        assert not is_placeholder(f.text) or f.kind in ("contact", "location")
    merge_facts([pf], "https://agency.example/")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_filters_total_on_any_text(s):
    assert isinstance(is_placeholder(s), bool)
    assert isinstance(is_boilerplate(s), bool)
    looks_like_person_name(s)
    looks_like_job_title(s)
