"""Questions in a real browser: plan questions that fit the call, note an answer, reload, all still there."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.appserver import Server, go_to, open_demo, pick_conversation, settle, shot

pytestmark = pytest.mark.browser


def test_plan_questions_and_note_an_answer_end_to_end(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    page = open_demo(browser, server, height=2000)
    pick_conversation(page, "Lena Brooks · Harbor & Pine PR")  # the demo's other call has its plan already
    go_to(page, "Questions")
    page.wait_for_url(re.compile(r".*/questions\?ws=.+"))
    expect(page.get_by_text("No questions yet", exact=False)).to_be_visible()

    for group, questions in (("Trends", ["How are AI tools changing"]),
                             ("Advice", ["How did you get into PR", "What is the most common mistake"]),
                             ("Resources", ["Which newsletters, podcasts"])):
        page.get_by_text(re.compile(rf"^{group} \(\d+\)$")).click()
        settle(page)
        for start in questions:
            page.get_by_test_id("stCheckbox").filter(has_text=start).locator("label").click()
            settle(page)
    expect(page.get_by_text(re.compile(r"Fits the call: 10 of 15 minutes for 4 questions"))).to_be_visible()
    expect(page.get_by_role("radiogroup")).to_contain_text("1. How are AI tools changing")
    shot(page, "questions-plan")

    # Move the last question to the top.
    page.get_by_role("button", name="Up").click()
    settle(page)
    page.get_by_role("button", name="Up").click()
    settle(page)
    page.get_by_role("button", name="Up").click()
    settle(page)
    expect(page.get_by_role("radiogroup")).to_contain_text("1. Which newsletters, podcasts")

    page.get_by_role("tab", name="Questions they may ask you").click()
    settle(page)
    answer = page.get_by_label("My answer notes").first
    answer.fill("A campus flu-shot campaign: I wrote the pitch, two local papers ran it, and sign-ups doubled.")
    answer.press("Control+Enter")
    settle(page)
    expect(page.get_by_text(re.compile(r"Too short\s*16 words · about 7 seconds at 140 words a minute: too short"))).to_be_visible()
    shot(page, "questions-answers")

    page.reload()
    settle(page)
    page.get_by_role("tab", name="Questions they may ask you").click()
    settle(page)
    expect(page.get_by_label("My answer notes").first).to_have_value(re.compile("sign-ups doubled"))
    page.get_by_role("tab", name="Questions to ask").click()
    settle(page)
    expect(page.get_by_role("radiogroup")).to_contain_text("1. Which newsletters, podcasts")
    expect(page.get_by_text(re.compile(r"Fits the call: 10 of 15 minutes for 4 questions"))).to_be_visible()
