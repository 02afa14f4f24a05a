"""The whole app in a real browser: a workspace survives reloads and restarts and stays private."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.appserver import Server, go_to, open_demo, settle, shot

pytestmark = pytest.mark.browser


def _type(page, label: str, value: str) -> None:  # type: ignore[no-untyped-def]
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter")
    settle(page)


def _token(url: str) -> str:
    return parse_qs(urlparse(url).query)["ws"][0]


def test_a_workspace_survives_reload_and_restart_and_is_private(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server.url)
    settle(page)
    page.get_by_label("Your name", exact=True).fill("Ana Ruiz")
    page.get_by_role("button", name="Create my private workspace").click()
    settle(page)
    page.wait_for_url("**/?ws=*")
    token = _token(page.url)
    assert len(token) >= 32

    _type(page, "Field that interests you", "healthcare PR")
    _type(page, "Portfolio link", "https://ana.example/portfolio")
    page.get_by_role("button", name="Add a conversation").click()
    settle(page)
    _type(page, "Person's name", "Jordan Alvarez")
    _type(page, "Agency", "Northlight Communications")
    shot(page, "start-filled")

    page.reload()
    settle(page)
    expect(page.get_by_label("Field that interests you", exact=True)).to_have_value("healthcare PR")
    expect(page.get_by_label("Person's name", exact=True)).to_have_value("Jordan Alvarez")

    server.restart()
    page.goto(f"{server.url}/?ws={token}")
    settle(page)
    shot(page, "after-restart")
    expect(page.get_by_label("Your name", exact=True)).to_have_value("Ana Ruiz")
    expect(page.get_by_label("Portfolio link", exact=True)).to_have_value("https://ana.example/portfolio")
    expect(page.get_by_text("Jordan Alvarez · Northlight Communications").first).to_be_visible()

    # The export section is collapsed (drawn only when opened); the file it gives holds the work.
    page.get_by_text("Export or import a workspace file").click()
    settle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download workspace (.yaml)").click()
    exported = download.value.path().read_text(encoding="utf-8")
    assert "Ana Ruiz" in exported and "Jordan Alvarez" in exported
    shot(page, "start-export")

    stranger = browser.new_context().new_page()
    stranger.goto(server.url)
    settle(stranger)
    expect(stranger.get_by_role("button", name="Create my private workspace")).to_be_visible()
    body = stranger.locator("body").inner_text()
    assert "Ana Ruiz" not in body and "Jordan Alvarez" not in body and "healthcare PR" not in body
    shot(stranger, "stranger-start")
    context.close()


def test_switching_pages_keeps_the_token_and_the_request_is_drafted(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    page = open_demo(browser, server, height=1000)
    token = _token(page.url)

    go_to(page, "Request")
    page.wait_for_url("**/request?ws=*")
    assert _token(page.url) == token
    expect(page.get_by_label("Message", exact=True)).to_have_value(re.compile(r"^Dear Jordan,"))
    expect(page.get_by_text("Ends with a question").first).to_be_visible()
    shot(page, "request-demo")

    go_to(page, "Start")
    assert _token(page.url) == token
    expect(page.get_by_label("Your name", exact=True)).to_have_value("Maya Chen")
