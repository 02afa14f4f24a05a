"""The whole flow in a real browser on the demo, from Start to the brief's PDF download."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.appserver import Server, go_to, open_demo, settle, shot

pytestmark = pytest.mark.browser


def test_every_step_then_download_the_one_page_brief(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    page = open_demo(browser, server, height=1000)
    checks = {
        "Request": page.get_by_text("Five-point check"),
        "Homework": page.get_by_text(re.compile(r"Northlight Communications · \d+ facts from \d+ pages")),
        "Questions": page.get_by_text("Your plan"),
        "Portfolio": page.get_by_text("Open a sample"),
        "Skills": page.get_by_role("heading", name="Skills"),
        "After the call": page.get_by_role("heading", name="After the call"),
        "Facilitator": page.get_by_text("This is a demo workspace"),
        "Brief": page.get_by_text("Prep brief: Jordan Alvarez, Northlight Communications"),
    }
    for step, shown in checks.items():
        go_to(page, step)
        expect(shown.first).to_be_visible(timeout=20_000)
        assert not page.get_by_text("Something went wrong").count(), step
    shot(page, "brief")

    with page.expect_download(timeout=30_000) as caught:
        page.get_by_role("button", name="Download the brief (PDF, one page)").click()
    pdf = PdfReader(io.BytesIO(open(caught.value.path(), "rb").read()))
    assert len(pdf.pages) == 1
    assert "Prep brief: Jordan Alvarez" in pdf.pages[0].extract_text()

    page.get_by_role("tab", name="Readiness overview").click()
    settle(page)
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    shot(page, "readiness")
