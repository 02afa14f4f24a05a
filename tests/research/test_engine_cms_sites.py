"""The research engine against fixture sites modelled on what common site builders emit.

wordpress_agency: WordPress + GeneratePress + Elementor + Yoast SEO + Complianz (robots.txt with a
sitemap index, an RSS feed at /feed/, absolute URLs everywhere, posts at /YYYY/MM/DD/slug/).
webflow_agency: a Webflow export (w-nav, w-dyn-list collection lists, clean URLs without
trailing slashes or .html, dates written "March 4, 2025", no sitemap, no feed).
onepage_agency: a one-page Bootstrap site (sections #about, #services, #work, #team, #contact
on the home page, fragment links in the nav) with a /news/ listing, three posts and /privacy/.

Each is served by a real HTTP server on 127.0.0.1 (tests/loopback.py), as a static host of that
kind would serve it.
"""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

import pytest

from coach.research.engine import research_sync
from coach.research.fetch import FetchSettings
from tests.loopback import _DirectoryHandler, serve_handler
from tests.research.test_engine_sites import has, texts

SITES = Path(__file__).resolve().parent / "sites"
SETTINGS = FetchSettings(allow_private=True)


class _CmsHost(_DirectoryHandler):
    """A static host that answers like a CMS: a folder whose index is an RSS file (WordPress's
    /feed/) is served as RSS, and /about is about.html (Webflow's clean URLs)."""

    extensions_map = {**_DirectoryHandler.extensions_map, ".rss": "application/rss+xml", ".xml": "application/xml"}

    def send_head(self):  # type: ignore[no-untyped-def]
        path, _, query = self.path.partition("?")
        local = self.translate_path(path)
        if path.endswith("/") and not os.path.exists(os.path.join(local, "index.html")) \
                and os.path.exists(os.path.join(local, "index.rss")):
            self.path = path + "index.rss"
        elif not path.endswith("/") and "." not in path.rsplit("/", 1)[-1] and os.path.isfile(local + ".html"):
            self.path = path + ".html"
        return super().send_head()


def _serve(root: Path):
    return serve_handler(functools.partial(_CmsHost, directory=str(root)))  # type: ignore[arg-type]


def _research_copy(site: str, tmp_path_factory, own_origin: str | None = None):
    """Research a copy of `site`; a site written with absolute URLs on `own_origin` (as WordPress
    writes them) is rewritten to the server's origin once it is known."""
    root = tmp_path_factory.mktemp(site)
    shutil.copytree(SITES / site, root, dirs_exist_ok=True)
    with _serve(root) as base:
        if own_origin:
            for f in root.rglob("*"):
                if f.is_file() and f.suffix in (".html", ".xml", ".rss", ".txt"):
                    f.write_text(f.read_text(encoding="utf-8").replace(own_origin, base).replace(
                        own_origin.replace("https://", "//"), base.replace("http://", "//")), encoding="utf-8")
        result = research_sync(base + "/", SETTINGS)
    return base, result


BOILERPLATE = ("cookie", "accept all", "reject all", "deny", "view preferences", "manage options", "skip to content",
               "read more", "rights reserved", "no items found", "thank you! your submission", "oops! something went wrong",
               "got it", "toggle navigation", "menu")


def assert_no_boilerplate(result, base, nav_labels=()):
    labels = {x.lower() for x in nav_labels}
    for f in result.facts:
        low = f.text.lower()
        assert not any(b in low for b in BOILERPLATE), f
        assert low.strip(" .") not in labels, f
        assert f.source.startswith(base), f


# --------------------------------------------------------------------------- WordPress

WP_ORIGIN = "https://www.fernhill-comms.example"


@pytest.fixture(scope="module")
def wordpress(tmp_path_factory):
    return _research_copy("wordpress_agency", tmp_path_factory, WP_ORIGIN)


def test_wordpress_name_description_and_pages(wordpress):
    base, result = wordpress
    assert result.name == "Fernhill Communications"
    assert has(result, "about", "independent PR and communications agency based in Bristol")
    kinds = {p.url.replace(base, ""): p.kind for p in result.pages}
    assert kinds["/our-team/"] == "team" and kinds["/what-we-do/"] == "services" and kinds["/careers/"] == "careers"
    assert all(p.status == "ok" for p in result.pages), [p for p in result.pages if p.status != "ok"]
    assert not result.problems
    assert "/privacy-policy/" not in kinds  # listed in the page sitemap, never worth a page of the budget


def test_wordpress_posts_are_dated_when_published_not_when_updated(wordpress):
    """GeneratePress writes <time class="updated"> before <time class="entry-date published">."""
    _, result = wordpress
    news = {f.text: f.date for f in result.facts if f.kind == "news"}
    assert news.get("Fernhill named South West Agency of the Year at the PRCA Awards") == "2025-03-04"
    assert news.get("Severn Housing appoints Fernhill after competitive pitch") == "2025-01-21"
    assert news.get("What our summer interns learned in ten weeks") == "2024-09-02"
    assert news.get("Fernhill becomes a certified B Corp") == "2024-05-16"  # only on page 2 and in the feed
    assert len(news) == 4, news  # no "Title - Fernhill Communications" duplicates from <title>
    assert not any(d in ("2025-03-10", "2024-06-01") for d in news.values())  # the updated dates
    assert has(result, "award", "South West Agency of the Year")


def test_wordpress_services_team_and_industries(wordpress):
    _, result = wordpress
    services = set(texts(result, "service"))
    assert {"Media Relations", "Crisis & Issues Management", "Content & Social", "Thought Leadership",
            "Internal Communications"} <= services
    assert "Sectors we work in" not in services and "What we do" not in services
    assert {"Housing", "Transport", "Charities", "Higher education"} <= set(texts(result, "industry"))
    leaders = texts(result, "leader")
    for person in ("Claire Hughes — Founder & Managing Director", "Tom Adebayo — Head of Corporate Communications",
                   "Megan O’Sullivan — Associate Director, Consumer PR", "Rhys Morgan — Senior Account Manager",
                   "Aisha Khan — Content & Social Lead", "Ben Whitlock — Account Executive"):
        assert person in leaders, leaders
    assert not any("Helen Price" in t or "Sophie Marsh" in t for t in leaders)  # a testimonial, a post's author


def test_wordpress_clients_from_the_logo_carousel_alt_text(wordpress):
    _, result = wordpress
    clients = set(texts(result, "client"))
    assert {"Westcountry Rail", "Harbourside Museum", "Kestrel Outdoor", "Marlow Bank", "Severn Housing",
            "Oakleaf Organics"} <= clients
    assert not any("slide" in c.lower() or "of 6" in c for c in clients)


def test_wordpress_values_careers_location_contact(wordpress):
    base, result = wordpress
    values = texts(result, "value")
    assert "Tell it straight — We give honest advice, even when it is not what a client hoped to hear." in values
    assert "Be kind — To journalists, to clients and to each other." in values
    assert has(result, "value", "Stay curious") and has(result, "value", "Do the work")
    assert has(result, "careers", "Summer Internship 2025")
    assert has(result, "careers", "Account Executive, Consumer PR")
    assert has(result, "careers", "paid summer internship runs for ten weeks")
    assert has(result, "location", "Bath Road Bristol BS4 3EH")
    contacts = texts(result, "contact")
    assert "hello@fernhill-comms.example" in contacts and "0117 496 0321" in contacts
    assert "08123456" not in contacts  # the company number in the footer
    # Post excerpts on the home page are the posts' words, not facts about the agency.
    assert not any(f.kind == "about" and "Severn Housing" in f.text for f in result.facts)
    assert_no_boilerplate(result, base, ("About", "What we do", "Our team", "News", "Careers", "Contact",
                                         "Explore", "Visit us", "Say hello"))


# --------------------------------------------------------------------------- Webflow


@pytest.fixture(scope="module")
def webflow(tmp_path_factory):
    return _research_copy("webflow_agency", tmp_path_factory)


def test_webflow_name_pages_and_clean_urls(webflow):
    base, result = webflow
    assert result.name == "Meridian Row"  # no og:site_name, an empty logo alt: from titles and ©
    kinds = {p.url.replace(base, ""): p.kind for p in result.pages}
    assert kinds["/team"] == "team" and kinds["/work"] == "work" and kinds["/careers"] == "careers"
    assert kinds["/news/meridian-row-opens-denver-studio"] == "news"
    assert all(p.status == "ok" for p in result.pages) and not result.problems
    assert has(result, "about", "brand and communications agency for outdoor, food and consumer brands")


def test_webflow_collection_lists_give_team_and_dated_news(webflow):
    _, result = webflow
    leaders = texts(result, "leader")
    for person in ("Rosa Delgado — Founder & CEO", "Marcus Bell — Executive Creative Director",
                   "Jordan Ellis — Managing Director, Denver", "Priya Raman — VP, Public Relations",
                   "Sam Whitaker — Senior Brand Strategist", "Lena Park — Social & Influencer Manager"):
        assert person in leaders, leaders
    news = {f.text: f.date for f in result.facts if f.kind == "news"}
    assert news == {"Meridian Row opens a Denver studio": "2025-03-04",
                    "Meridian Row wins three Austin ADDY Awards": "2025-02-20",
                    "High Plains Brewing picks Meridian Row for its rebrand": "2025-01-15"}
    assert has(result, "award", "three Austin ADDY Awards")


def test_webflow_services_clients_and_case_studies(webflow):
    _, result = webflow
    assert {"Brand Strategy", "Public Relations", "Social & Influencer", "Content Production",
            "Launch Campaigns"} <= set(texts(result, "service"))
    clients = texts(result, "client")
    assert {"Trailhead Outfitters", "Pecan Street Creamery", "High Plains Brewing", "Lone Oak Coffee", "Summit Bikes",
            "Bluebonnet Health"} <= set(clients)
    # Card tags and section headings are not clients; the case pages' "Client" label names the client.
    assert not any(c in ("Featured work", "PR · Social", "PR", "Social", "Brand") for c in clients), clients
    assert any(c.startswith("Trailhead Outfitters — Spring gear launch:") and "212 pieces of coverage" in c
               for c in clients), clients


def test_webflow_values_offices_careers_and_no_form_or_consent_text(webflow):
    base, result = webflow
    values = texts(result, "value")
    for name in ("Candor", "Craft", "Curiosity", "Generosity"):
        assert any(v.startswith(name + " — ") for v in values), values
    assert has(result, "location", "Austin, TX 78702") and has(result, "location", "Denver, CO 80205")
    careers = texts(result, "careers")
    assert {"Account Coordinator, PR", "Brand Strategist", "Summer PR Internship"} <= set(careers)
    assert "Open roles" not in careers
    assert has(result, "careers", "paid summer internship")
    assert {"hello@meridianrow.example", "(512) 555-0148"} <= set(texts(result, "contact"))
    assert_no_boilerplate(result, base, ("About", "Work", "Services", "Team", "News", "Careers", "Let's talk",
                                         "See our work", "All news", "Trusted by", "Preferences", "Essential"))
    assert not any("storage" in f.text.lower() or "advertising" in f.text.lower() for f in result.facts)


# --------------------------------------------------------------------------- one page


@pytest.fixture(scope="module")
def onepage(tmp_path_factory):
    return _research_copy("onepage_agency", tmp_path_factory)


def test_onepage_reads_the_sections_of_the_home_page(onepage):
    base, result = onepage
    assert result.name == "Saltbush PR"
    read = {p.url.replace(base, "") for p in result.pages}
    assert "/" in read and "/news/" in read and "/privacy/" not in read
    assert has(result, "about", "independent public relations agency in Melbourne")
    assert {"Media Relations", "Events & Launches", "Social Media", "Crisis Communications"} <= set(texts(result, "service"))
    assert "How we help brands get heard" not in texts(result, "service")  # the section's subtitle
    leaders = texts(result, "leader")
    assert {"Mia Nguyen — Founder & Director", "Oliver Hart — Account Director", "Grace Okoro — Senior Publicist",
            "Tom Baxter — Social Media Coordinator"} <= set(leaders), leaders
    assert len(leaders) == 4  # JSON-LD's "Mia Nguyen — Founder" is the same person


def test_onepage_clients_from_aria_labels_not_project_titles(onepage):
    _, result = onepage
    clients = texts(result, "client")
    assert {"Yarra Valley Dairy", "Gippsland Rail Trails", "Mornington Estate Wines", "Brunswick Bakehouse"} <= set(clients)
    for project in ("Cheese festival launch", "Summer on the trails", "Vintage 2024 release", "Crisis response"):
        assert project not in clients
    assert all(c[:1].isupper() for c in clients), clients  # names, not file names


def test_onepage_news_location_careers_contact_and_no_template_leftovers(onepage):
    base, result = onepage
    news = {f.text: f.date for f in result.facts if f.kind == "news"}
    assert news == {"Saltbush wins Small Consultancy of the Year at the PRIA Golden Target Awards": "2025-02-12",
                    "Yarra Valley Dairy's cheese festival sells out in four hours": "2024-11-28",
                    "We're hiring a graduate publicist": "2024-09-03"}  # no card subtitles as posts
    assert has(result, "award", "Small Consultancy of the Year")
    assert has(result, "location", "45 Flinders Lane") and has(result, "location", "Melbourne")
    assert has(result, "careers", "paid intern each semester")
    assert {"hello@saltbushpr.example", "+61 3 5550 3172"} <= set(texts(result, "contact"))
    assert_no_boilerplate(result, base, ("About", "Services", "Work", "Team", "News", "Contact", "Tell Me More",
                                         "Our Work", "Contact Us", "Close Project", "Privacy Policy", "Terms of Use"))
    for leftover in ("form submission successful", "to activate this form", "error sending message", "be part of our story"):
        assert not any(leftover in f.text.lower() for f in result.facts), leftover
