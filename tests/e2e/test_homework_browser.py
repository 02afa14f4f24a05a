"""Homework in a real browser: research the bundled demo agency and turn a fact into a note."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.appserver import Server, go_to, open_demo, pick_conversation, settle, shot

pytestmark = pytest.mark.browser


def test_research_the_demo_agency_end_to_end(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    page = open_demo(browser, server)
    pick_conversation(page, "Lena Brooks · Harbor & Pine PR")  # not researched yet in the demo
    go_to(page, "Homework")
    page.wait_for_url(re.compile(r".*/homework\?ws=.+"))
    page.get_by_role("button", name="Use the demo agency (works offline)").click()
    settle(page, timeout=60_000)
    expect(page.get_by_text(re.compile(r"Northlight Communications · \d+ facts from \d+ pages"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Services \(\d+\)$"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Recent news and posts \(\d+\)$"))).to_be_visible()
    shot(page, "homework-facts")

    page.get_by_role("button", name="Add to my notes").first.click()
    settle(page)
    expect(page.get_by_label("The insight or idea I can offer")).to_have_count(1)
    expect(page.get_by_text("1 note so far", exact=False)).to_be_visible()
    page.get_by_label("The insight or idea I can offer").fill(
        "I would suggest measuring whether readers changed what they did, not only how many saw it.")
    page.get_by_label("The insight or idea I can offer").press("Control+Enter")
    settle(page)
    page.reload()
    settle(page)
    expect(page.get_by_label("The insight or idea I can offer")).to_have_value(re.compile("changed what they did"))
    shot(page, "homework-notes")
