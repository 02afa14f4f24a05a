"""Skills in a real browser: the career-changer demo accepts a match, sees the chart and pitch, and keeps them after a reload."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.appserver import Server, go_to, open_demo, settle, shot

pytestmark = pytest.mark.browser

SAM = "Sam Okafor — career-changer, brand storytelling and content"


def test_a_career_changer_maps_skills_and_rehearses_the_pitch(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    page = open_demo(browser, server, persona=SAM, height=1400)
    go_to(page, "Homework")
    page.get_by_role("button", name="Use the demo agency (works offline)").click()
    settle(page, timeout=60_000)
    expect(page.get_by_text(re.compile(r"Northlight Communications · \d+ facts from \d+ pages"))).to_be_visible(timeout=60_000)
    go_to(page, "Skills")
    page.wait_for_url(re.compile(r".*/skills\?ws=.+"))
    expect(page.get_by_text("Made for career-changers.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"“curriculum” \+2"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Social media and community ★"))).to_be_visible()
    shot(page, "skills-top")

    # Streamlit gives a keyed widget the class st-key-<key> (characters other than letters, digits, - and _ as -).
    page.locator("[class*='st-key-accept-storytelling'] button").click()
    settle(page)
    expect(page.get_by_text("Storytelling and content · ◻️ Claimed: add an example")).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^1\. Media relations"))).to_be_visible()
    short = page.get_by_label("30-second version")
    expect(short).to_have_value(re.compile(r"^I'm Sam, a teacher .*Northlight Communications"))
    expect(page.get_by_text(re.compile(r"fits 30 s\."))).to_be_visible()

    page.get_by_role("button", name="Start").click()
    settle(page)
    expect(page.get_by_text(re.compile(r"⏱ \d+ s / 30 s"))).to_be_visible()
    # Stop only once the clock has shown a whole second: a click within half a second is "Stopped at 0 s".
    expect(page.get_by_text(re.compile(r"⏱ [1-9]\d* s / 30 s"))).to_be_visible(timeout=10_000)
    page.get_by_role("button", name="Stop").click()
    settle(page)
    expect(page.get_by_text(re.compile(r"\d+ s of 30 s — well under"))).to_be_visible()
    shot(page, "skills-map")

    page.reload()
    settle(page)
    expect(page.get_by_text("Storytelling and content · ◻️ Claimed: add an example")).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart")).to_be_visible()
    page.get_by_text("5. Your pitch").scroll_into_view_if_needed()
    shot(page, "skills-after-reload")
