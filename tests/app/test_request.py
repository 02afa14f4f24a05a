"""The Request page through AppTest: the draft, word count, five-point and timing checks."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from coach.model import Profile, Workspace
from coach.outreach import business_days_between
from tests.app.helpers import app, demo, keyed, opened, store, texts

PAGE = "coach/ui/request.py"


def test_without_a_workspace_the_page_points_to_start() -> None:
    at = app().run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "Open or create a workspace on the Start page first." in texts(at)


def test_without_a_conversation_the_page_says_what_to_do() -> None:
    at, _ = opened(Workspace(profile=Profile(name="Ana")), PAGE)
    assert "Add the person and agency on the Start page, then come back to draft the request." in texts(at)


def test_the_demo_draft_passes_all_five_checks_with_a_word_count() -> None:
    at, _ = opened(demo(), PAGE)
    draft = at.text_area[0].value
    assert draft.startswith("Dear Jordan,") and "Professor Dana Whitfield suggested" in draft
    words = at.metric[0]
    assert words.label == "Words" and 40 < int(words.value) < 100
    assert len(at.success) >= 6  # five checks and the timing check
    assert not at.warning
    assert at.get("link_button")[0].proto.url.startswith("mailto:jordan.alvarez@northlight.example?subject=")


def test_editing_the_message_updates_the_count_and_checks_and_is_saved() -> None:
    at, token = opened(demo(), PAGE)
    long_text = at.text_area[0].value.replace("I'm Maya Chen", "I'm Maya Chen " + "truly " * 60)
    at.text_area[0].set_value(long_text).run()
    assert int(at.metric[0].value) > 100
    assert any("Cut" in w.value for w in at.warning)
    assert store().load(token).conversations[0].request.draft == long_text
    at.button(key="reset_draft").click().run()
    assert store().load(token).conversations[0].request.draft == ""
    assert "truly" not in at.text_area[0].value


def test_a_call_too_soon_and_a_mentioned_assignment_are_warned() -> None:
    ws = demo()
    today = date.today()
    soon = today + timedelta(days=1)
    ws.conversations[0].call_at = datetime.combine(soon, datetime.min.time()).replace(hour=10)
    at, _ = opened(ws, PAGE)
    assert business_days_between(today, soon) < 5
    assert any("business day" in w.value and "notice" in w.value for w in at.warning)
    at.text_area[0].set_value(at.text_area[0].value + "\nIt is for my class assignment.").run()
    assert any("assignment" in w.value and "Leave it out" in w.value for w in at.warning)


def test_slots_can_be_removed_added_and_suggested() -> None:
    at, token = opened(demo(), PAGE)
    cid = store().load(token).conversations[0].id
    at.button(key=next(b.key for b in at.button if b.key and b.key.endswith(f"{cid}.slot2.remove"))).click().run()
    assert len(store().load(token).conversations[0].request.slots) == 2
    at.button(key="add_slot").click().run()
    assert len(store().load(token).conversations[0].request.slots) == 3
    at.button(key="suggest_slots").click().run()
    slots = store().load(token).conversations[0].request.slots
    assert all(business_days_between(date.today(), s.date()) >= 5 for s in slots)
    assert not any("slot" in w.value.lower() for w in at.warning)


def test_the_connection_goes_first_in_the_draft() -> None:
    at, token = opened(demo(), PAGE)
    cid = store().load(token).conversations[0].id
    keyed(at.text_input, f"{cid}.connection").set_value("We met at the PRSSA regional conference").run()
    assert "We met at the PRSSA regional conference." in at.text_area[0].value.splitlines()[2]


def test_the_sidebar_picker_switches_conversation() -> None:
    at, token = opened(demo(), PAGE)
    second = store().load(token).conversations[1]
    at.sidebar.selectbox[0].set_value(second.id).run()
    assert at.text_area[0].value.startswith("Dear Lena,")
    progress = [p.proto.text for p in at.sidebar.get("progress")]
    assert progress[0] == "Start: 6/6"
    assert progress[1].startswith("Request: 6/7") and "Mark the day you sent the request" in progress[1]


def test_switching_back_and_forth_shows_each_conversations_own_progress_and_edits_count() -> None:
    at, token = opened(demo(), PAGE)
    first, second = store().load(token).conversations[:2]

    def request_line() -> str:
        return [p.proto.text for p in at.sidebar.get("progress")][1]

    assert request_line().startswith("Request: 6/7")
    keyed(at.date_input, f"{first.id}.request_sent").set_value(date.today()).run()
    assert request_line() == "Request: 7/7"
    at.sidebar.selectbox[0].set_value(second.id).run()
    assert request_line().startswith("Request: 6/7")
    at.sidebar.selectbox[0].set_value(first.id).run()
    assert request_line() == "Request: 7/7"
    at.sidebar.selectbox[0].set_value(second.id).run()
    assert request_line().startswith("Request: 6/7")
    keyed(at.date_input, f"{second.id}.request_sent").set_value(date.today()).run()
    assert request_line() == "Request: 7/7"


def test_marking_the_request_as_sent_completes_the_step() -> None:
    at, token = opened(demo(), PAGE)
    cid = store().load(token).conversations[0].id
    keyed(at.date_input, f"{cid}.request_sent").set_value(date.today()).run()
    assert store().load(token).conversations[0].request_sent == date.today()
    assert [p.proto.text for p in at.sidebar.get("progress")][1] == "Request: 7/7"
