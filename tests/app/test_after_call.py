"""The After the call page through AppTest: notes, the thank-you with its checks and countdown, the follow-up plan."""

from __future__ import annotations

from datetime import timedelta

from coach.followup import add_business_days, local_now
from coach.model import Profile, Workspace
from tests.app.helpers import app, demo, keyed, opened, store, texts

PAGE = "coach/ui/after_call.py"


def demo_after_call(hours_ago: float = 2) -> Workspace:
    """The demo with its first call `hours_ago` on the persona's clock."""
    ws = demo()
    now = local_now(ws.profile).replace(tzinfo=None, second=0, microsecond=0)
    ws.conversations[0].call_at = now - timedelta(hours=hours_ago)
    return ws


def note_box(at):  # type: ignore[no-untyped-def]
    return next(t for t in at.text_area if t.label == "Your note")


def test_without_a_workspace_the_page_points_to_start() -> None:
    at = app().run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "Open or create a workspace on the Start page first." in texts(at)


def test_without_a_conversation_the_page_says_what_to_do() -> None:
    at, _ = opened(Workspace(profile=Profile(name="Ana")), PAGE)
    assert "Add the person and agency on the Start page, then come back to note what was said." in texts(at)


def test_without_a_call_time_the_page_asks_for_it_and_the_plan_waits() -> None:
    at, token = opened(demo(), PAGE)
    assert not at.exception
    assert "Add the call's date and time: the 24-hour countdown" in texts(at)
    assert "Add the call's date and time above to plan the follow-ups." in texts(at)
    cid = store().load(token).conversations[0].id
    day = keyed(at.date_input, f"{cid}.after.call_at.day")
    day.set_value(local_now(demo().profile).date() - timedelta(days=1)).run()
    assert store().load(token).conversations[0].call_at is not None
    assert at.button(key=f"{cid}.plan.create")


def test_notes_are_saved_and_the_draft_and_checks_follow_them() -> None:
    at, token = opened(demo_after_call(), PAGE)
    cid = store().load(token).conversations[0].id
    assert "h" in texts(at) and "left." in texts(at)  # the countdown
    assert "Write down what they said and their advice first" in texts(at)
    keyed(at.text_area, f"{cid}.after.said").set_value(
        "Crisis work at Northlight starts with a holding statement within the first hour.").run()
    keyed(at.text_area, f"{cid}.after.untold").set_value("My flu-shot campaign lifted bookings from 640 to 910.").run()
    saved = store().load(token).conversations[0].after
    assert saved.said.startswith("Crisis work") and saved.untold.startswith("My flu-shot")
    note = note_box(at).value
    assert "holding statement within the first hour" in note and "640 to 910" in note
    assert saved.thank_you == ""  # still following the generated draft
    assert not at.warning, [w.value for w in at.warning]
    assert "A specific detail from the call." in texts(at)


def test_portfolio_link_only_after_they_asked() -> None:
    at, token = opened(demo_after_call(), PAGE)
    cid = store().load(token).conversations[0].id
    assert "example.org/maya-chen/portfolio" not in note_box(at).value
    keyed(at.checkbox, f"{cid}.after.portfolio_requested").check().run()
    assert store().load(token).conversations[0].after.portfolio_requested
    assert "https://example.org/maya-chen/portfolio" in note_box(at).value


def test_editing_the_note_is_saved_checked_and_can_start_again() -> None:
    at, token = opened(demo_after_call(), PAGE)
    cid = store().load(token).conversations[0].id
    note_box(at).set_value("Dear Jordon,\n\nI learned a lot. Great conversation!\n\nMaya").run()
    assert store().load(token).conversations[0].after.thank_you.startswith("Dear Jordon")
    warnings = "\n".join(w.value for w in at.warning)
    assert "could close any note" in warnings and "spelled “Jordan”" in warnings
    at.button(key=f"{cid}.thank_you.reset").click().run()
    assert store().load(token).conversations[0].after.thank_you == ""
    assert note_box(at).value.startswith("Dear Jordan,")


def test_exports_and_marking_the_note_sent() -> None:
    at, token = opened(demo_after_call(), PAGE)
    cid = store().load(token).conversations[0].id
    assert at.get("link_button")[0].proto.url.startswith("mailto:jordan.alvarez@northlight.example?subject=Thank%20you")
    downloads = {d.proto.label for d in at.get("download_button")}
    assert "Download .eml" in downloads
    assert note_box(at).value in [c.value for c in at.code]
    at.button(key=f"{cid}.thank_you.sent").click().run()
    saved = store().load(token).conversations[0]
    assert saved.after.thank_you_sent == local_now(saved_profile(token)).date()
    assert "Sent on" in texts(at)


def saved_profile(token: str) -> Profile:
    return store().load(token).profile


def test_the_plan_is_created_snoozed_done_and_its_outcome_saved() -> None:
    at, token = opened(demo_after_call(), PAGE)
    cid = store().load(token).conversations[0].id
    at.button(key=f"{cid}.plan.create").click().run()
    plan = store().load(token).conversations[0].followups
    assert [f.kind for f in plan] == ["thank-you", "acted-on-advice", "check-in", "periodic", "periodic", "periodic"]
    assert any(d.proto.label.startswith("Calendar file (.ics), 6 reminders") for d in at.get("download_button"))

    thank_you, acted = plan[0], plan[1]
    at.button(key=f"{thank_you.id}.done").click().run()
    saved = store().load(token).conversations[0]
    today = local_now(saved_profile(token)).date()
    assert saved.followups[0].done_on == today and saved.after.thank_you_sent == today

    at.session_state[f"{acted.id}.snooze"] = True  # open the popover
    at.run()
    at.button(key=f"{acted.id}.snooze.5").click().run()
    snoozed = next(f for f in store().load(token).conversations[0].followups if f.id == acted.id)
    assert snoozed.snoozed_until == add_business_days(max(today, acted.due), 5)
    assert "Snoozed" in texts(at)

    keyed(at.selectbox, f"{cid}.outcome").set_value("referral given").run()
    assert store().load(token).conversations[0].outcome == "referral given"

    keyed(at.selectbox, f"{cid}.plan.periodic").set_value(1).run()
    kinds = [f.kind for f in store().load(token).conversations[0].followups]
    assert kinds.count("periodic") == 1
    assert next(f for f in store().load(token).conversations[0].followups if f.id == acted.id).snoozed_until


def test_a_reminder_draft_opens_and_the_users_edit_is_saved() -> None:
    at, token = opened(demo_after_call(), PAGE)
    cid = store().load(token).conversations[0].id
    at.button(key=f"{cid}.plan.create").click().run()
    acted = store().load(token).conversations[0].followups[1]
    at.session_state[f"{acted.id}.open"] = True
    at.run()
    box = keyed(at.text_area, f"{acted.id}.draft." + next(
        t.key.rsplit(".", 1)[1] for t in at.text_area if t.key and f"{acted.id}.draft." in t.key))
    assert box.value.startswith("Dear Jordan,") and "[what you did" in box.value
    box.set_value("Dear Jordan,\n\nI built the media list you suggested.\n\nMaya").run()
    assert store().load(token).conversations[0].followups[1].draft.startswith("Dear Jordan,\n\nI built")
    keyed(at.text_input, f"{acted.id}.note").set_value("ask about spring internships").run()
    assert store().load(token).conversations[0].followups[1].note == "ask about spring internships"


def test_moving_the_call_offers_to_move_the_reminders_and_keeps_their_state() -> None:
    ws = demo_after_call()
    at, token = opened(ws, PAGE)
    cid = store().load(token).conversations[0].id
    at.button(key=f"{cid}.plan.create").click().run()
    first = store().load(token).conversations[0].followups[0]
    at.button(key=f"{first.id}.done").click().run()
    at.session_state[f"{cid}.call.open"] = True
    at.run()
    day = keyed(at.date_input, f"{cid}.after.call_at.day")
    day.set_value(day.value - timedelta(days=7)).run()
    assert "The call moved" in texts(at)
    at.button(key=f"{cid}.plan.update").click().run()
    moved = store().load(token).conversations[0].followups
    assert moved[0].id == first.id and moved[0].done_on is not None
    assert "The call moved" not in texts(at)


def test_referrals_can_be_added_named_and_removed() -> None:
    at, token = opened(demo_after_call(), PAGE)
    cid = store().load(token).conversations[0].id
    at.button(key=f"{cid}.referral.add").click().run()
    keyed(at.text_input, f"{cid}.referral0.name").set_value("Priya Shah").run()
    assert store().load(token).conversations[0].after.referrals[0].name == "Priya Shah"
    assert "I will also contact Priya Shah" in note_box(at).value
    at.button(key=f"{cid}.referral0.remove").click().run()
    assert store().load(token).conversations[0].after.referrals == []
