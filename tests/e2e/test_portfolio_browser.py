"""Portfolio in a real browser: the demo's samples with coaching, the confidential view, kept across a reload."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.appserver import Server, settle, shot

pytestmark = pytest.mark.browser


def test_demo_portfolio_with_coaching_and_the_confidential_view(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_context(viewport={"width": 1280, "height": 1100}).new_page()
    page.goto(server.url)
    settle(page)
    page.get_by_role("tab", name="Try the demo").click()
    page.get_by_text("Maya Chen — student, healthcare PR").click()
    page.get_by_role("button", name="Try the demo").click()
    settle(page)
    page.wait_for_url("**/?ws=*")

    page.get_by_test_id("stSidebarNav").get_by_text("Portfolio").click()
    settle(page)
    page.wait_for_url(re.compile(r".*/portfolio\?ws=.+"))
    table = page.get_by_role("table")
    for title in ("Flu-shot campaign for Lakemont Health's campus clinic",
                  "Press release for the Riverbend Food Pantry spring drive", "Instagram audit for Bean There Café"):
        expect(table.get_by_text(title)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Ready to show: 4/5"))).to_be_visible()
    expect(page.get_by_text("The objective is specific, measurable and time-bound.")).to_be_visible()
    shot(page, "portfolio-details")

    page.get_by_text("Confidential version", exact=True).click()
    settle(page)
    expect(page.get_by_role("heading", name="Confidential")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Clinic bookings grew by \+42% over the six weeks"))).to_be_visible()
    page.get_by_text("Original", exact=True).first.click()  # the version radio
    settle(page)
    page.set_viewport_size({"width": 1280, "height": 2100})  # the app scrolls inside: a tall window shows both columns
    settle(page)
    shot(page, "portfolio-confidential")
    page.set_viewport_size({"width": 1280, "height": 1100})

    page.reload()
    settle(page)
    page.get_by_text("Confidential version", exact=True).click()
    settle(page)
    expect(page.get_by_text(re.compile(r"Clinic bookings grew by \+42% over the six weeks"))).to_be_visible()
    expect(page.get_by_role("radiogroup").get_by_text("Original")).to_be_visible()
    assert page.get_by_role("radio", name="Original").is_checked()
    expect(page.get_by_role("table").get_by_text("original").first).to_be_visible()
