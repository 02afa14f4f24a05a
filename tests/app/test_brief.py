"""The Brief page through AppTest: the brief gathers every step, the checklist saves, readiness shows."""

from __future__ import annotations

import io
from datetime import datetime

from pypdf import PdfReader

from coach.brief import brief_markdown, brief_pdf, build_brief
from coach.model import Profile, Workspace
from coach.questions import planned_from, questions_pack, suggest_questions
from tests.app.helpers import app, demo, opened, store, texts

PAGE = "coach/ui/brief.py"


def _prepared():  # type: ignore[no-untyped-def]
    ws = demo()
    conversation = ws.conversations[0]
    conversation.call_at = datetime(2026, 12, 3, 10, 0)
    conversation.homework.notes = []
    pack = questions_pack()
    conversation.questions.planned = [planned_from(s) for s in suggest_questions(pack, None, "student")[:4]]
    return ws


def test_without_a_workspace_the_page_points_to_start() -> None:
    at = app().run()
    at.switch_page(PAGE).run()
    assert "Open or create a workspace on the Start page first." in texts(at)


def test_the_brief_shows_who_when_questions_stories_and_what_is_missing() -> None:
    at, _ = opened(_prepared(), PAGE)
    assert not at.exception
    page = texts(at)
    assert "Prep brief: Jordan Alvarez, Northlight Communications" in page
    assert "Still empty: Homework" in page
    assert "Questions I will ask (" in page
    assert "Thursday 03 December 2026, 10:00 (America/Chicago), 20 minutes" in at.text[0].value
    assert any("regional healthcare system" in t.value for t in at.text), "the confidential version is used"
    assert not any("Lakemont Health" in t.value for t in at.text)
    labels = {b.proto.label for b in at.get("download_button")}
    assert labels == {"Download the brief (PDF, one page)", "Download as Markdown"}


def test_the_checklist_is_saved() -> None:
    at, token = opened(_prepared(), PAGE)
    box = next(c for c in at.checkbox if c.label.startswith("Resume updated"))
    box.check().run()
    assert store().load(token).conversations[0].checklist == {"resume": True}
    assert next(c for c in at.checkbox if c.label.startswith("Resume updated")).value is True


def test_the_readiness_overview_lists_every_step_of_every_conversation() -> None:
    at, _ = opened(_prepared(), PAGE)
    at.session_state["brief_tab"] = "Readiness overview"  # the overview is worked out only when its tab is open
    at.run()
    table = at.dataframe[0].value
    assert set(table["Conversation"]) == {"Jordan Alvarez · Northlight Communications", "Lena Brooks · Harbor & Pine PR"}
    assert list(dict.fromkeys(table["Step"])) == ["Start", "Request", "Homework", "Questions", "Portfolio", "Skills",
                                                  "After the call"]
    assert (table["Done"] <= table["Of"]).all()


def test_the_pdf_is_one_page_and_holds_the_brief() -> None:
    ws = _prepared()
    brief = build_brief(ws, ws.conversations[0])
    reader = PdfReader(io.BytesIO(brief_pdf(brief)))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Prep brief: Jordan Alvarez" in text and "Before the call" in text and "Questions I will ask" in text
    markdown = brief_markdown(brief)
    assert markdown.startswith("# Prep brief: Jordan Alvarez, Northlight Communications")
    assert "- [ ] Resume updated" in markdown


def test_a_long_brief_still_prints_on_one_page() -> None:
    ws = _prepared()
    for sample in ws.samples:
        sample.what_i_did = ("We planned, wrote, pitched and measured every part of the campaign in detail. " * 40)[:4900]
    brief = build_brief(ws, ws.conversations[0])
    assert len(PdfReader(io.BytesIO(brief_pdf(brief))).pages) == 1


def test_a_students_brief_has_no_pitch_and_a_career_changers_asks_for_one() -> None:
    student = build_brief(_prepared(), _prepared().conversations[0])
    assert student.pitch == "" and "Skills" not in student.missing
    changer = Workspace(profile=Profile(name="Sam", situation="career-changer"), conversations=[demo().conversations[0]])
    assert "Skills" in build_brief(changer, changer.conversations[0]).missing
