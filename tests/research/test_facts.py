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


# --------------------------------------------------------------------------- case studies, industries, dates


def cases_of(html, url, kind):
    return [f.text for _, f in extract_facts(html, url, kind).cases]


def test_case_study_page_gives_client_title_and_measured_results():
    html = """<body><main><article class="case-study"><p class="breadcrumb"><a href="/work/">Work</a></p>
    <h1>Know Your Numbers</h1><p class="client">Client: Lakemont Health</p><p class="tags">Healthcare · 2025</p>
    <h2>The challenge</h2><p>Screening numbers had been flat for three years across 14 clinics.</p>
    <h2>Results</h2><ul class="results"><li>118 stories in local and health media.</li>
    <li>Screenings rose 34% in 12 weeks (8,900 vs. 6,640).</li>
    <li>Awareness of free screenings went from 22% to 41% in a survey of 800 residents.</li></ul>
    </article></main></body>"""
    url = URL + "work/know-your-numbers/"
    pf = extract_facts(html, url, "work")
    assert [f.text for _, f in pf.cases] == [
        "Lakemont Health — Know Your Numbers: Screenings rose 34% in 12 weeks (8,900 vs. 6,640); "
        "Awareness of free screenings went from 22% to 41% in a survey of 800 residents; "
        "118 stories in local and health media"]
    assert all(f.source == url for _, f in pf.cases)
    assert "Lakemont Health" in kinds(pf.facts, "client")
    # Merged: the case study is a client fact after the names, and its title is not a client.
    _, merged = merge_facts([pf], URL)
    clients = kinds(merged, "client")
    assert "Know Your Numbers" not in clients
    assert clients[0] == "Lakemont Health" and clients[1].startswith("Lakemont Health — Know Your Numbers: ")


def test_case_cards_with_results_on_a_home_page_and_a_work_index():
    home = """<body><section><h2>Featured work</h2>
    <article><h3>Harbor Bank: A rebrand that customers noticed</h3><p>Branch visits up 18% in a quarter.</p></article>
    <article><h3>Nova Health</h3><p>A flu campaign: +17 points in vaccination intent.</p></article>
    <article><h3>City Museum</h3><p>A reopening people talked about.</p></article></section>
    <section><h2>Latest news</h2><ul><li><h3>We grew to 40 people</h3><p>Up 10 from 2023.</p></li></ul></section></body>"""
    assert cases_of(home, URL, "home") == [
        "Harbor Bank — A rebrand that customers noticed: Branch visits up 18% in a quarter",
        "Nova Health: A flu campaign: +17 points in vaccination intent"]
    index = """<body><h1>Our work</h1><div class="grid">
    <article><h2><a href="/work/a/">The Lunchbox Reset</a></h2><p>Brightfield Foods · Consumer PR</p>
    <p>Purchase intent up 17 points among parents.</p></article>
    <article><h2><a href="/work/b/">Quiet Launch</a></h2><p>Orbit Telecom · Technology</p><p>A launch.</p></article>
    </div></body>"""
    pf = extract_facts(index, URL + "work/", "work")
    assert [f.text for _, f in pf.cases] == [
        "Brightfield Foods — The Lunchbox Reset: Purchase intent up 17 points among parents"]
    _, merged = merge_facts([pf], URL)
    assert "The Lunchbox Reset" not in kinds(merged, "client")
    assert "Brightfield Foods" in kinds(merged, "client")


def test_industries_from_a_separated_line_and_group_headings_on_a_clients_page():
    html = """<body><h1>Our clients</h1><h2>Healthcare</h2><ul><li>Lakemont Health</li><li>Caldera Diagnostics</li></ul>
    <h2>Consumer</h2><ul><li>Brightfield Foods</li><li>Cobalt Sleep</li></ul>
    <h2>Industries we know</h2><p>Health systems and hospitals · Diagnostics and medtech · Pharmacy</p>
    <p>Sectors: Energy | Transport / Logistics</p></body>"""
    f = facts_of(html, URL + "clients/", "clients")
    assert kinds(f, "client") == ["Lakemont Health", "Caldera Diagnostics", "Brightfield Foods", "Cobalt Sleep"]
    assert sorted(kinds(f, "industry")) == sorted(["Healthcare", "Consumer", "Health systems and hospitals",
                                                   "Diagnostics and medtech", "Pharmacy", "Energy", "Transport",
                                                   "Logistics"])


def test_news_dated_after_the_fetch_is_not_news():
    page = PageFacts(url=URL, kind="home", facts=[
        Fact(kind="news", text="Applications open for the 2027 internship", source=URL, date="2027-01-11"),
        Fact(kind="news", text="We opened a Chicago office", source=URL, date="2026-11-04"),
        Fact(kind="news", text="Published late in the day", source=URL, date="2026-11-26"),
    ])
    _, merged = merge_facts([page], URL, now="2026-11-25T23:50:00+00:00")
    assert kinds(merged, "news") == ["Published late in the day", "We opened a Chicago office"]


def test_award_lines_and_results_are_not_addresses_and_offices_keep_their_heading():
    about = """<body><h2>Awards and recognition</h2><ul>
    <li>Named a Best Place to Work in PR, Midwest Communicators Guild, 2023 and 2025</li>
    <li>PRWeek US Awards 2025 — shortlist, Healthcare Campaign of the Year</li></ul>
    <p>A 41,000-unit voluntary recall: 71% of units registered for a remedy within 60 days.</p></body>"""
    f = facts_of(about, URL + "about/", "about")
    assert kinds(f, "location") == []
    assert "Awards and recognition" not in kinds(f, "award")
    assert "Named a Best Place to Work in PR, Midwest Communicators Guild, 2023 and 2025" in kinds(f, "award")
    contact = """<body><h1>Contact</h1><section><h2>Our offices</h2>
    <div><h3>Chicago (headquarters)</h3><p>845 W. Fulton Market, Suite 400<br>Chicago, IL 60607</p></div>
    <div><h3>Minneapolis</h3><p>310 N. Washington Avenue, Suite 210<br>Minneapolis, MN 55401</p></div></section>
    <footer><p><strong>Chicago</strong><br>845 W. Fulton Market, Suite 400<br>Chicago, IL 60607</p></footer></body>"""
    pf = extract_facts(contact, URL + "contact/", "contact")
    _, merged = merge_facts([pf], URL)
    assert kinds(merged, "location") == [
        "Chicago (headquarters) — 845 W. Fulton Market, Suite 400 Chicago, IL 60607",
        "Minneapolis — 310 N. Washington Avenue, Suite 210 Minneapolis, MN 55401"]


def test_section_headings_are_not_facts_and_lead_ins_are_not_repeated():
    html = """<body><h2>Our values</h2><ul>
    <li><strong>Curiosity is part of the job.</strong> We read what our clients’ audiences read, every day.</li></ul>
    <section class="cta"><h2>Students and early-career communicators</h2>
    <p>Our summer internship opens for applications in January.</p></section></body>"""
    pf = extract_facts(html, URL, "home")
    _, merged = merge_facts([pf], URL)
    assert kinds(merged, "value") == ["Curiosity is part of the job. We read what our clients’ audiences read, every day."]
    assert "Students and early-career communicators" not in kinds(merged, "careers")
    assert "Our summer internship opens for applications in January." in kinds(merged, "careers")


def test_an_agency_named_on_stage_is_not_hiring():
    html = """<body><h1>About</h1><p>Ideas on Stage helps leaders deliver powerful presentations and empower their
    organizations with public speaking coaching.</p></body>"""
    assert kinds(facts_of(html, URL + "about/", "about"), "careers") == []


def test_a_version_number_is_not_a_measured_result():
    html = """<body><h1>Usability audit</h1><h2>Results</h2>
    <p>This system improves readability and accessibility, with improved WCAG 2.2 compliance.</p></body>"""
    assert cases_of(html, URL + "work/audit/", "work") == []


def test_placeholder_prefilter_keeps_every_alternative():
    # One example per alternative of _PLACEHOLDER_RE: none may be lost to its literal prefilter.
    examples = [
        "Lorem ipsum", "ipsum factum", "dolor sit amet", "consectetur", "adipiscing elit", "adipisicing", "Coming soon",
        "Próximamente", "Binnenkort", "Bientôt", "Demnächst", "Prossimamente", "Under construction",
        "En construcción", "Your Company", "Company Name", "Client Name", "Client Two", "Service Four",
        "Project Name", "Sample text", "Dummy text", "Placeholder", "www.example.com", "John Doe", "Jane Doe",
        "Name Surname", "Title goes here", "Heading here", "Add your logo here", "Click here to edit", "Edit this",
        "Your tagline", "Job Title", "Team member name", "Hello world!", "Just another WordPress site",
        "Sample Page", "Uncategorized", "TBD", "TBA", "To be announced", "Foo bar", "XXXX", "123 Main Street",
        "555-0142", "Write something", "Some text", "Your awesome title", "Site title", "My blog",
        "Position name", "Person name", "Full name", "Name here", "your@mail.com", "yourname@x.com",
        "name@domain.com", "www.yourdomain.com", "info@company.com", "me@domain.com", "000-000",
    ]
    for text in examples:
        assert is_placeholder(text), text


WORK_GRID = """<html><head><title>Work | Northlight</title></head><body>
<nav><a href="/work/">Work</a><a href="/services/">Services</a></nav>
<main><h1>Our work</h1>
<div id="work-filter" role="tablist">
  <button role="tab" class="button-filter">All Works</button>
  <button role="tab" class="button-filter">Branding</button>
  <button role="tab" class="button-filter">Web Development</button>
  <button role="tab" class="button-filter">Healthcare</button>
</div>
<div class="row">
  <div class="card"><a href="/work/harbor-green/"><img src="/img/hg.jpg" alt=""></a>
    <a class="card-link" href="/work/harbor-green/">Harbor Green Room</a>
    <p><a href="/work/categories/branding">Branding</a>, <a href="/work/categories/web">Web Development</a></p></div>
  <div class="card"><a href="/work/red-kite/"><img src="/img/rk.jpg" alt="Red Kite Brewing"></a></div>
  <div class="card"><a href="/work/lumen-health/"><h3>Lumen Health</h3><p>A patient portal for a clinic group.</p></a></div>
  <div class="card"><a href="/work/page/2/">2</a></div>
</div></main></body></html>"""


def test_work_grid_cards_are_named_by_their_links_and_filters_are_services_or_sectors():
    facts = facts_of(WORK_GRID, URL + "work/", kind="work")
    clients = kinds(facts, "client")
    # Project and brand names that look like person names are still projects.
    assert sorted(clients) == ["Harbor Green Room", "Lumen Health", "Red Kite Brewing"]
    # A discipline in a filter is a service, a sector an industry, the reset button nothing.
    assert kinds(facts, "service") == ["Branding", "Web Development"]
    assert kinds(facts, "industry") == ["Healthcare"]
    assert is_boilerplate("All Works") and is_boilerplate("View all projects") and is_boilerplate("Todos los proyectos")


def test_a_person_card_on_a_work_page_is_not_a_client():
    html = """<html><body><main><h1>Work</h1><h3>Aurora Rebrand</h3><p>New identity.</p>
    <h3>Stella Marin</h3><p>Creative Director</p><h3>Night Owl Cafe</h3><p>Menus and signage.</p></main></body></html>"""
    clients = kinds(facts_of(html, URL + "work/", kind="work"), "client")
    assert "Aurora Rebrand" in clients and "Night Owl Cafe" in clients
    assert "Stella Marin" not in clients


def test_a_logo_wall_does_not_take_in_the_pages_other_pictures():
    logos = "".join(f'<div><img src="/img/logos/{n}-logo.png" alt="{n}-logo.png"></div>'
                    for n in ("acme", "zenith", "orbit", "polaris", "vega"))
    html = f"""<html><body><main>
    <header><div><div><img src="/img/hero.jpg" alt="Our annual speaking guide"></div></div></header>
    <section><div><a href="/training/"><img src="/img/training.jpg" alt="Presentation Training"></a></div></section>
    <section>{logos}</section></main></body></html>"""
    clients = kinds(facts_of(html, URL, kind="home"), "client")
    assert "Our annual speaking guide" not in clients and "Presentation Training" not in clients


def test_named_clients_outrank_project_titles_and_bios_name_no_clients():
    about = extract_facts("""<html><body><main><h1>About</h1>
      <p>Clients include: Vantor Bank, Meridian Foods and Lakeside Hotels.</p></main></body></html>""",
                          URL + "about/", "about")
    work_html = "<html><body><main><h1>Work</h1>" + "".join(
        f'<h3>Project {chr(65 + i)}{chr(65 + j)} Launch</h3><p>x</p>' for i in range(5) for j in range(10)
    ) + "</main></body></html>"
    work = extract_facts(work_html, URL + "work/", "work")
    _, merged = merge_facts([about, work], URL)
    clients = [f.text for f in merged if f.kind == "client"]
    assert len(clients) == 40
    assert {"Vantor Bank", "Meridian Foods", "Lakeside Hotels"} <= set(clients)
    bio = """<html><body><main><h1>Jane Roe</h1><p>Jane has worked with Google, the BBC and Oxfam.</p></main></body></html>"""
    assert kinds(facts_of(bio, URL + "team/jane-roe/", kind="team"), "client") == []
    assert kinds(facts_of(bio, URL + "news/2024/05/01/guest/", kind="news"), "client") == []


def test_a_section_labelled_by_its_id_is_read_like_a_headed_section():
    html = """<html><body><main>
    <section id="services"><div><a href="/coaching/"><h3>Speaker Coaching</h3><p>One to one.</p></a></div>
      <div><a href="/design/"><h3>Slide Design</h3><p>Decks that work.</p></a></div></section>
    <section class="home-clients"><div><img src="/logos/orbit-air-logo.png" alt="orbit-air-logo.png"></div>
      <div><img src="/logos/vega-foods.png" alt="Vega Foods"></div></section>
    <section id="intro"><h3>Come visit our studio</h3></section>
    </main></body></html>"""
    facts = facts_of(html, kind="home")
    assert kinds(facts, "service") == ["Speaker Coaching", "Slide Design"]
    assert sorted(kinds(facts, "client")) == ["Vega Foods", "orbit air"]


def test_a_long_heading_that_uses_a_section_word_is_not_a_section_label():
    html = """<html><body><main><h1>Training</h1>
    <h2>Change the culture of presentations in your company</h2>
    <h3>Made to measure</h3><p>Every course is adapted.</p>
    <h3>Lasting transformation</h3><p>Follow-up sessions.</p>
    <h2>Our values</h2><ul><li>We tell the truth, even when it costs us.</li></ul></main></body></html>"""
    facts = facts_of(html, URL + "training/", kind="services")
    assert "Made to measure" not in kinds(facts, "value")
    assert "Made to measure" in kinds(facts, "service")
    assert kinds(facts, "value") == ["We tell the truth, even when it costs us."]


def test_a_case_studies_heading_ends_the_clients_section_above_it():
    html = """<html><body><main><h2>Clients</h2>
    <div class="row"><img src="/c/ardent.svg" alt="Ardent Labs"><img src="/c/brio.svg" alt="Brio Foundation"></div>
    <h3>Featured Case Studies</h3>
    <div><a href="/work/ardent/"><img src="/img/work/ardent-rebrand.webp" alt=""></a>
      <a class="title" href="/work/ardent/">Ardent Labs: a new identity</a></div></main></body></html>"""
    clients = kinds(facts_of(html, kind="home"), "client")
    assert clients == ["Ardent Labs", "Brio Foundation"]


def test_what_case_studies_and_testimonials_say_is_not_the_agencys_values_awards_or_places():
    case = """<html><body><main><h1>Harbor Fest app</h1><h4>Mission</h4>
    <p>Empower the festival to engage its visitors before, during and after the event.</p>
    <p>The festival is based in Lisbon and its founder is a prize-winning director who won many awards.</p>
    <p>The app was shortlisted for the Lovie Awards 2024.</p></main></body></html>"""
    facts = facts_of(case, URL + "work/harbor-fest/", kind="work")
    assert kinds(facts, "value") == [] and kinds(facts, "location") == []
    assert kinds(facts, "award") == ["The app was shortlisted for the Lovie Awards 2024."]
    home = """<html><body><main><h1>Tallow &amp; Pine</h1>
    <p>"Working with them has been a passion project for all of us, with quality at every step."</p>
    <p>We believe in honest work and long partnerships.</p>
    <div><h3>Facts</h3><span>09.09.2009</span></div></main></body></html>"""
    facts = facts_of(home, kind="home")
    assert kinds(facts, "value") == ["We believe in honest work and long partnerships."]
    assert kinds(facts, "news") == []  # a one-word label by a date is not a post


def test_selling_points_on_a_services_page_are_not_services():
    html = """<html><body><main><h1>Consulting</h1>
    <h2>A different approach to brand communication</h2><p>We listen first.</p>
    <h3>Key benefits</h3><p>Clarity and speed.</p>
    <h3>Proven methods, seasoned consultants</h3><p>Twenty years of practice.</p>
    <h3>Message Strategy</h3><p>One story for the whole company.</p>
    <h3>The Narrative Sprint</h3><p>Five days to a story.</p></main></body></html>"""
    services = kinds(facts_of(html, URL + "consulting/", kind="services"), "service")
    assert "Message Strategy" in services and "The Narrative Sprint" in services
    for t in ("A different approach to brand communication", "Key benefits", "Proven methods, seasoned consultants"):
        assert t not in services


def test_a_clients_list_of_linked_cells_and_no_calls_to_action():
    html = """<html><body><main><h1>Clientes</h1>
    <div class="row"><div class="cell"><h3>Nuestros clientes</h3></div><div class="cell">
      <div class="cell"><a href="https://social.example/larkspur">→ Larkspur Bakery</a></div>
      <div class="cell"><a href="https://social.example/tidal">» Hotel Tidal Bay</a></div>
      <div class="cell"><a href="https://social.example/ok">Conoce a nuestros clientes</a></div>
      <div class="cell"><a href="mailto:hola@agencia.example">hola@agencia.example</a></div>
    </div></div></main></body></html>"""
    clients = kinds(facts_of(html, URL + "clientes/", kind="clients"), "client")
    assert clients == ["Larkspur Bakery", "Hotel Tidal Bay"]


def test_a_post_announcing_a_prize_is_an_award_even_from_a_listing_card():
    listing = PageFacts(url=URL + "news/", kind="news", facts=[
        Fact(kind="news", text="We're finalists in the 2025 Brand Impact Awards", source=URL + "news/2025/01/10/finalists/",
             date="2025-01-10"),
        Fact(kind="news", text="Five tips for your next keynote", source=URL + "news/2025/01/03/tips/", date="2025-01-03"),
        Fact(kind="news", text="Why awards matter to clients", source=URL + "news/2024/12/01/why/", date="2024-12-01"),
    ])
    _, merged = merge_facts([listing], URL, now="2025-06-01T00:00:00+00:00")
    awards = [(f.text, f.date) for f in merged if f.kind == "award"]
    assert awards == [("We're finalists in the 2025 Brand Impact Awards", "2025-01-10")]


def test_a_theme_class_on_body_does_not_hide_the_page():
    """Themes mark the page template on <body> ("no-sidebar", "nav-float-right", "footer-widgets-3"):
    the class names no sidebar, menu or footer to skip, so the page is read."""
    html = ('<html><body class="page no-sidebar nav-float-right footer-widgets-3 menu-open">'
            '<div class="site has-sidebar"><main><h1>Our team</h1>'
            '<h3>Claire Hughes</h3><p>Founder &amp; Managing Director</p></main>'
            '<aside class="sidebar"><h3>Tom Baker</h3><p>Head of Sales</p></aside></div></body></html>')
    leaders = kinds(facts_of(html, URL + "team/", "team"), "leader")
    assert leaders == ["Claire Hughes — Founder & Managing Director"]  # the real sidebar is still skipped


def test_thought_leadership_and_reputation_management_are_services_not_team_sections():
    html = ("<html><body><h1>Services</h1><h2>Thought Leadership</h2><p>Bylines and speaking.</p>"
            "<h2>Reputation Management</h2><p>Monitoring and response.</p><h2>Media Relations</h2><p>Press.</p>"
            "</body></html>")
    services = kinds(facts_of(html, URL + "services/", "services"), "service")
    assert {"Thought Leadership", "Reputation Management", "Media Relations"} <= set(services)
    # An unqualified "Leadership" still heads a team.
    html2 = ("<html><body><h2>Leadership</h2><div><h3>Ana Costa</h3><p>Managing Partner</p></div></body></html>")
    assert kinds(facts_of(html2, URL + "about/", "about"), "leader") == ["Ana Costa — Managing Partner"]


def test_a_heading_naming_another_section_is_not_an_item_of_the_one_above():
    html = ("<html><body><h1>What we do</h1><h2>Media Relations</h2><p>Press.</p>"
            "<h2>Sectors we work in</h2><ul><li>Housing</li><li>Transport</li></ul></body></html>")
    facts = facts_of(html, URL + "what-we-do/", "services")
    assert "Sectors we work in" not in kinds(facts, "service")
    assert "Media Relations" in kinds(facts, "service")
    assert {"Housing", "Transport"} <= set(kinds(facts, "industry"))


def test_a_values_grid_pairs_each_short_name_with_its_explanation():
    html = ("<html><body><h2>Our values</h2>"
            '<div class="value"><h3>Be kind</h3><p>To journalists, to clients and to each other.</p></div>'
            '<div class="value"><h3>Candor</h3><p>We say what we think, even when it is unwelcome.</p></div>'
            "<dl><dt>Craft</dt><dd>Every detail is somebody's job.</dd></dl></body></html>")
    values = kinds(facts_of(html, URL + "about/", "about"), "value")
    assert "Be kind — To journalists, to clients and to each other." in values
    assert "Candor — We say what we think, even when it is unwelcome." in values
    assert "Craft — Every detail is somebody's job." in values
    assert not any(v in ("Be kind", "Candor", "Craft") for v in values)


def test_a_registration_or_vat_number_is_not_a_phone():
    html = ("<html><body><footer><p>Tel: 0117 496 0321</p>"
            "<p>© 2025 Acme Ltd. Registered in England &amp; Wales, company no. 08123456. VAT GB 123 4567 89</p>"
            "<p>SIRET : 52214433600057</p><p>Organisme registrée sous le numéro 11 75 45849 75</p></footer></body></html>")
    contacts = kinds(facts_of(html, URL + "contact/", "contact"), "contact")
    assert contacts == ["0117 496 0321"]


def test_post_excerpts_under_a_news_heading_are_not_about_the_agency():
    html = ("<html><body><h1>Stories that move people</h1>"
            "<p>Acme is an independent PR agency based in Bristol.</p>"
            "<h2>Latest news</h2><article><h3><a href='/2025/01/21/x/'>Severn Housing appoints Acme</a></h3>"
            "<span>21 January 2025</span><p>Severn Housing, a company with 9,000 homes, has appointed Acme as its agency.</p>"
            "</article></body></html>")
    facts = facts_of(html, URL, "home")
    about = kinds(facts, "about")
    assert "Acme is an independent PR agency based in Bristol." in about
    assert not any("Severn Housing" in a for a in about)
    assert ("Severn Housing appoints Acme", "2025-01-21") in [(f.text, f.date) for f in facts if f.kind == "news"]


def test_a_logo_carousel_under_proud_to_work_with_names_clients_by_alt_text():
    slides = "".join(f'<div class="swiper-slide"><figure class="swiper-slide-inner"><img class="swiper-slide-image" '
                     f'src="/wp-content/uploads/2023/06/{i}.png" alt="{n}"></figure></div>'
                     for i, n in enumerate(("Westcountry Rail", "Marlow Bank", "Kestrel Outdoor", "Oakleaf Organics")))
    html = (f'<html><body><h2 class="elementor-heading-title">Proud to work with</h2>'
            f'<div class="elementor-image-carousel swiper-wrapper">{slides}</div></body></html>')
    assert {"Westcountry Rail", "Marlow Bank", "Kestrel Outdoor", "Oakleaf Organics"} <= set(kinds(facts_of(html, URL, "home"), "client"))


def test_a_hero_sentence_using_a_section_word_does_not_label_the_page():
    """"We make brands worth talking about." is a statement: the page under it is no client list."""
    html = ("<html><body><h1>We make brands worth talking about.</h1>"
            "<h2>Featured work</h2><a href='/work/a'><div>Acme</div><h3>Spring launch</h3><div>PR · Social</div></a>"
            "</body></html>")
    assert kinds(facts_of(html, URL, "home"), "client") == []
    html2 = "<html><body><h2>Why us?</h2><ul><li>We answer the phone on the first ring.</li></ul></body></html>"
    assert kinds(facts_of(html2, URL + "about/", "about"), "value") == ["We answer the phone on the first ring."]


def test_values_under_what_we_value_and_open_roles_heading_is_no_role():
    html = ("<html><body><h2>What we value</h2><div><h4>Candor</h4><p>We say what we think, kindly.</p></div>"
            "<h2>Open roles</h2><div><h3>Account Coordinator</h3><div>Austin · Full-time</div></div></body></html>")
    facts = facts_of(html, URL + "about/", "about")
    assert kinds(facts, "value") == ["Candor — We say what we think, kindly."]
    assert "Open roles" not in kinds(facts, "careers")
    assert "Account Coordinator" in kinds(extract_facts(html, URL + "careers/", "careers").facts, "careers")


def test_a_case_page_with_label_value_meta_and_stat_tiles():
    html = ("<html><body><h1>Spring gear launch</h1>"
            "<div class='case-meta'><div>Client</div><div>Trailhead Outfitters</div><div>Services</div><div>PR · Social</div></div>"
            "<h2>Results</h2><div class='stat'><div>212</div><div>pieces of coverage</div></div>"
            "<div class='stat'><div>38%</div><div>increase in online sales</div></div></body></html>")
    pf = extract_facts(html, URL + "work/spring-gear-launch", "work")
    assert "Trailhead Outfitters" in kinds(pf.facts, "client")
    assert [f.text for _, f in pf.cases] == [
        "Trailhead Outfitters — Spring gear launch: 38% increase in online sales; 212 pieces of coverage"]


def test_a_section_subtitle_does_not_relabel_its_section():
    html = ("<html><body><section id='work'><h2 class='section-heading'>Our Work</h2>"
            "<h3 class='section-subheading text-muted'>Recent campaigns for clients we love</h3>"
            "<div class='portfolio-item'><img src='img/portfolio/acme-dairy.jpg' alt='...'>"
            "<div class='portfolio-caption'><div class='portfolio-caption-heading'>Acme Dairy</div>"
            "<div class='portfolio-caption-subheading'>Cheese festival launch</div></div></div></section></body></html>")
    clients = kinds(facts_of(html, URL, "home"), "client")
    assert "Cheese festival launch" not in clients and "acme dairy" not in clients


def test_a_logo_named_only_by_aria_label():
    html = "<html><body><h2>Clients</h2>" + "".join(
        f'<a href="#!"><img class="img-brand" src="assets/img/logos/{i}.svg" alt="..." aria-label="{n} Logo"></a>'
        for i, n in enumerate(("Yarra Valley Dairy", "Brunswick Bakehouse", "Summit Bikes", "Lone Oak Coffee"))) + "</body></html>"
    assert kinds(facts_of(html, URL, "home"), "client") == ["Yarra Valley Dairy", "Brunswick Bakehouse", "Summit Bikes",
                                                            "Lone Oak Coffee"]


def test_a_team_section_on_a_home_page_reads_like_a_team_page():
    html = ("<html><body><h2>Meet the team</h2>"
            "<div><h4>Grace Okoro</h4><p>Senior Publicist</p></div><div><h4>Tom Baxter</h4><p>Social Media Coordinator</p></div>"
            "<h2>Our Work</h2><div><h4>Yarra Valley Dairy</h4><p>Cheese festival launch</p></div></body></html>")
    leaders = kinds(facts_of(html, URL, "home"), "leader")
    assert leaders == ["Grace Okoro — Senior Publicist", "Tom Baxter — Social Media Coordinator"]


def test_merged_leaders_keep_the_fuller_title():
    pf = PageFacts(url=URL, kind="home", facts=[
        Fact(kind="leader", text="Mia Nguyen — Founder", source=URL),
        Fact(kind="leader", text="Mia Nguyen — Founder & Director", source=URL)])
    _, facts = merge_facts([pf], URL)
    assert [f.text for f in facts if f.kind == "leader"] == ["Mia Nguyen — Founder & Director"]


def test_a_news_card_with_a_title_and_a_subtitle_is_one_post():
    html = ("<html><body><h1>News</h1><div class='post-preview'><a href='/news/launch/'>"
            "<h2 class='post-title'>We launched a podcast</h2><h3 class='post-subtitle'>Six episodes on local media</h3></a>"
            "<p class='post-meta'>Posted by Mia on 12 February 2025</p></div></body></html>")
    news = kinds(facts_of(html, URL + "news/", "news"), "news")
    assert news == ["We launched a podcast"]
