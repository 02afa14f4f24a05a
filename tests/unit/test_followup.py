"""After the call: the thank-you draft and its checks, the 24-hour countdown, the follow-up plan and its files."""

from __future__ import annotations

import email
from datetime import UTC, date, datetime, timedelta
from email import policy
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from coach.followup import (
    add_business_days,
    after_call_progress,
    calendar_file,
    countdown,
    countdown_check,
    draft_followup,
    draft_thank_you,
    effective_due,
    email_file,
    followup_mailto,
    followup_pack,
    generated_followup,
    local_now,
    mark_done,
    mark_thank_you_sent,
    most_specific,
    next_followups,
    plan_followups,
    plan_is_current,
    reminder_status,
    snooze,
    thank_you_checks,
    thank_you_deadline,
    thank_you_text,
)
from coach.model import Agency, Conversation, FollowUp, Person, Profile, Referral

PACK = followup_pack()
SAID = ("Jordan moved from a newsroom to the agency after six years. Crisis work at Northlight starts with a "
        "holding statement within the first hour. They take interns each spring.")
ADVICE = "Start a media list of local health reporters and follow them for a month."
UNTOLD = "I ran a flu-shot campaign that lifted bookings from 640 to 910."


def profile(tz: str = "America/Chicago") -> Profile:
    return Profile(name="Maya Chen", timezone=tz, portfolio_url="https://example.org/maya/portfolio",
                   resume_url="https://example.org/maya/resume")


def conversation(call_at: datetime | None = datetime(2026, 3, 3, 10, 0), **after: object) -> Conversation:
    c = Conversation(id="c1", person=Person(name="Jordan Alvarez", email="jordan.alvarez@northlight.example"),
                     agency=Agency(name="Northlight Communications"), call_at=call_at)
    c.after.said, c.after.advice, c.after.untold = SAID, ADVICE, UNTOLD
    c.after.promised = "Send my flu campaign case study by Friday."
    for name, value in after.items():
        setattr(c.after, name, value)
    return c


def checks(text: str, c: Conversation | None = None, p: Profile | None = None) -> dict[str, object]:
    return {ch.label: ch for ch in thank_you_checks(text, p or profile(), c or conversation(), PACK)}


def failing(text: str, c: Conversation | None = None, p: Profile | None = None) -> list[str]:
    return [ch.label for ch in thank_you_checks(text, p or profile(), c or conversation(), PACK) if not ch.ok]


# --------------------------------------------------------------------------- the draft


def test_the_draft_names_what_was_learned_the_next_step_and_the_untold_point() -> None:
    draft = draft_thank_you(profile(), conversation(), PACK)
    assert draft.subject == "Thank you, Jordan — our conversation about Northlight Communications"
    assert draft.body.startswith("Dear Jordan,\n\n")
    assert "holding statement within the first hour" in draft.body
    assert "My next step: Send my flu campaign case study by Friday." in draft.body
    assert "One thing I did not get to mention: " + UNTOLD in draft.body
    assert "on Tuesday 3 March" in draft.body and draft.body.endswith("With thanks,\nMaya Chen")
    assert "\n\n\n" not in draft.body
    assert failing(draft.body) == []


def test_the_portfolio_link_only_if_asked_and_the_resume_only_if_offered() -> None:
    plain = draft_thank_you(profile(), conversation(), PACK).body
    assert "portfolio" not in plain and "resume" not in plain
    asked = draft_thank_you(profile(), conversation(portfolio_requested=True, resume_offered=True), PACK).body
    assert "https://example.org/maya/portfolio" in asked and "https://example.org/maya/resume" in asked


def test_the_most_specific_sentence_is_the_one_with_names_and_numbers() -> None:
    assert most_specific(SAID).startswith("Crisis work at Northlight")
    assert most_specific("It was good. They use Meltwater for 40 clients.") == "They use Meltwater for 40 clients."
    assert most_specific("") == ""


def test_without_notes_the_draft_still_reads_and_the_detail_check_asks_for_notes() -> None:
    c = conversation(said="", advice="", untold="", promised="")
    body = draft_thank_you(profile(), c, PACK).body
    assert "What stayed" not in body and "My next step" not in body and "\n\n\n" not in body
    assert "Write down what they said" in checks(body, c)["A specific detail from the call"].reason


def test_referrals_are_named_in_the_draft() -> None:
    c = conversation(referrals=[Referral(name="Priya Shah", how_to_reach="priya@example.org")])
    assert "I will also contact Priya Shah, as you suggested." in draft_thank_you(profile(), c, PACK).body


def test_the_users_edit_wins_over_the_draft() -> None:
    c = conversation(thank_you="My own words.")
    assert thank_you_text(profile(), c, PACK) == "My own words."
    assert thank_you_text(profile(), conversation(), PACK) == draft_thank_you(profile(), conversation(), PACK).body


# --------------------------------------------------------------------------- the checks


def test_length_passes_at_150_words_and_fails_above() -> None:
    base = draft_thank_you(profile(), conversation(), PACK).body
    words = len(base.split())
    assert checks(base)[f"Short: {words} words"].ok
    long = base + " truly" * (151 - words)
    label = "Short: 151 words"
    assert not checks(long)[label].ok and "Cut 1 or more words" in checks(long)[label].reason


def test_a_specific_detail_must_come_from_the_notes() -> None:
    label = "A specific detail from the call"
    assert checks("Dear Jordan, crisis work starts with a holding statement within the first hour.")[label].ok
    generic = "Dear Jordan, thank you for your time talking about your work at Northlight Communications."
    assert not checks(generic)[label].ok
    assert "Name one specific thing" in checks(generic)[label].reason


def test_names_must_be_spelled_as_in_the_conversation() -> None:
    name, agency = "Their name spelled right", "The agency's name spelled right"
    good = checks("Dear Jordan, thanks for your time at Northlight Communications. Jordan's advice helps.")
    assert good[name].ok and good[agency].ok
    typo = checks("Dear Jordon, thanks for your time at Northlite Communications.")
    assert not typo[name].ok and "“Jordon” is spelled “Jordan”" in typo[name].reason
    assert not typo[agency].ok and "Northlite Communications" in typo[agency].reason
    case = checks("Dear Jordan, thanks for your time at northlight communications.")
    assert not case[agency].ok
    missing = checks("Dear friend, thank you.")
    assert not missing[name].ok and "Name Jordan" in missing[name].reason
    assert not missing[agency].ok and "Northlight Communications" in missing[agency].reason


def test_generic_filler_is_called_out() -> None:
    label = "Specific, not generic"
    assert checks(draft_thank_you(profile(), conversation(), PACK).body)[label].ok
    for phrase in ("I learned a lot from you.", "It was a great conversation!", "So helpful, thanks for everything."):
        check = checks(f"Dear Jordan, {phrase}")[label]
        assert not check.ok and "could close any note" in check.reason


def test_the_untold_point_is_checked_only_when_there_is_one() -> None:
    label = "Shares what you did not get to say"
    assert checks(f"Dear Jordan, {UNTOLD}")[label].ok
    assert not checks("Dear Jordan, thank you.")[label].ok
    assert label not in checks("Dear Jordan, thank you.", conversation(untold=""))


def test_the_portfolio_link_is_required_when_asked_and_flagged_when_not() -> None:
    link = "https://example.org/maya/portfolio"
    asked = conversation(portfolio_requested=True)
    assert checks(f"See {link}", asked)["Portfolio link, as they asked"].ok
    assert not checks("No link here.", asked)["Portfolio link, as they asked"].ok
    assert not checks(f"See {link}")["Portfolio link only if asked"].ok
    assert "Portfolio link only if asked" not in checks("No link.")
    no_link = checks("No link.", asked, Profile(name="Maya"))["Portfolio link, as they asked"]
    assert "on the Start page" in no_link.reason


def test_a_resume_is_flagged_unless_they_offered_to_pass_it_on() -> None:
    text = "Dear Jordan, I have attached my resume."
    assert not checks(text)["No resume unless offered"].ok
    assert "No resume unless offered" not in checks(text, conversation(resume_offered=True))
    assert "No resume unless offered" not in checks("Dear Jordan, thank you.")


# --------------------------------------------------------------------------- the 24-hour mark


@pytest.mark.parametrize(
    ("tz", "call", "deadline_local"),
    [
        # US spring forward (Sun 8 Mar 2026, 02:00): 24 elapsed hours end at 11:00 daylight time.
        ("America/Chicago", datetime(2026, 3, 7, 10, 0), datetime(2026, 3, 8, 11, 0)),
        # A call on the switch day itself, before the switch.
        ("America/New_York", datetime(2026, 3, 8, 1, 30), datetime(2026, 3, 9, 2, 30)),
        # EU spring forward (Sun 29 Mar 2026): Saturday call.
        ("Europe/Berlin", datetime(2026, 3, 28, 18, 0), datetime(2026, 3, 29, 19, 0)),
        # EU fall back (Sun 25 Oct 2026): the clock gives an hour back.
        ("Europe/London", datetime(2026, 10, 24, 10, 0), datetime(2026, 10, 25, 9, 0)),
        # US fall back (Sun 1 Nov 2026).
        ("America/Los_Angeles", datetime(2026, 10, 31, 16, 0), datetime(2026, 11, 1, 15, 0)),
        # No DST: same local time the next day.
        ("Asia/Tokyo", datetime(2026, 3, 7, 10, 0), datetime(2026, 3, 8, 10, 0)),
    ],
)
def test_the_24_hour_mark_is_24_elapsed_hours_across_dst(tz: str, call: datetime, deadline_local: datetime) -> None:
    deadline = thank_you_deadline(call, tz)
    assert deadline.replace(tzinfo=None) == deadline_local
    # Elapsed time is measured in UTC: aware datetimes sharing a zone subtract as wall clocks.
    assert deadline.astimezone(UTC) - call.replace(tzinfo=ZoneInfo(tz)).astimezone(UTC) == timedelta(hours=24)
    assert deadline.tzinfo == ZoneInfo(tz)


def test_the_countdown_is_the_same_whatever_zone_now_is_given_in() -> None:
    call = datetime(2026, 3, 7, 10, 0)  # Chicago, 16:00 UTC
    now_utc = datetime(2026, 3, 8, 12, 30, tzinfo=UTC)
    for now in (now_utc, now_utc.astimezone(ZoneInfo("Asia/Tokyo")), now_utc.astimezone(ZoneInfo("America/Chicago"))):
        clock = countdown(call, "America/Chicago", now)
        assert clock.remaining == timedelta(hours=3, minutes=30) and clock.left == "3 h 30 min"
    assert countdown(call, "America/Chicago", now_utc + timedelta(days=2)).left == "1 d 20 h 30 min"


def test_countdown_check_before_during_after_and_sent() -> None:
    p, c = profile(), conversation(datetime(2026, 3, 7, 10, 0))
    at = lambda *a: datetime(*a, tzinfo=ZoneInfo("America/Chicago"))  # noqa: E731
    before = countdown_check(c, p, at(2026, 3, 6, 9, 0), PACK)
    assert before.ok and "Sun 8 Mar, 11:00 CDT" in before.reason
    during = countdown_check(c, p, at(2026, 3, 7, 15, 0), PACK)
    assert during.ok and during.label == "19 h 0 min left"
    passed = countdown_check(c, p, at(2026, 3, 8, 12, 0), PACK)
    assert not passed.ok and passed.label == "24-hour mark passed 1 h 0 min ago" and "Send it today" in passed.reason
    c.after.thank_you_sent = date(2026, 3, 7)
    assert countdown_check(c, p, at(2026, 3, 9, 12, 0), PACK).ok
    c.after.thank_you_sent = date(2026, 3, 10)
    late = countdown_check(c, p, at(2026, 3, 11, 12, 0), PACK)
    assert not late.ok and "after the 24-hour mark" in late.reason
    assert not countdown_check(conversation(None), p, at(2026, 3, 7, 12, 0), PACK).ok


def test_today_is_the_date_on_the_users_clock() -> None:
    moment = datetime(2026, 3, 6, 20, 0, tzinfo=UTC)  # Friday evening in London
    assert local_now(profile("Pacific/Auckland"), moment).date() == date(2026, 3, 7)
    assert local_now(profile("America/Los_Angeles"), moment).date() == date(2026, 3, 6)


# --------------------------------------------------------------------------- business days and the plan


def test_business_days_skip_weekends_and_a_weekend_start_rolls_to_monday() -> None:
    assert add_business_days(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Fri → Mon
    assert add_business_days(date(2026, 3, 7), 0) == date(2026, 3, 9)  # Sat → Mon
    assert add_business_days(date(2026, 3, 8), 7) == date(2026, 3, 18)  # Sun → Mon + 7
    assert add_business_days(date(2026, 3, 3), 5) == date(2026, 3, 10)


def kinds_and_days(plan: list[FollowUp]) -> list[tuple[str, date]]:
    return [(f.kind, f.due) for f in plan]


def test_the_plan_from_a_tuesday_morning_call() -> None:
    plan = plan_followups(datetime(2026, 3, 3, 10, 0), [], PACK)
    assert kinds_and_days(plan) == [
        ("thank-you", date(2026, 3, 3)),  # same day
        ("acted-on-advice", date(2026, 3, 12)),  # 7 business days: between one and two weeks
        ("check-in", date(2026, 3, 31)),  # 20 business days: a few weeks
        ("periodic", date(2026, 7, 30)),  # then about every four months
        ("periodic", date(2026, 11, 30)),
        ("periodic", date(2027, 3, 31)),
    ]
    for f in plan[1:]:
        assert f.due.weekday() < 5
    periodic = [f.due for f in plan if f.kind == "periodic"]
    assert all(100 <= (b - a).days <= 130 for a, b in zip(periodic, periodic[1:]))  # about three times a year


def test_a_late_call_gets_its_thank_you_the_next_day_and_a_weekend_call_counts_from_monday() -> None:
    friday_evening = plan_followups(datetime(2026, 3, 6, 17, 0), [], PACK)
    assert friday_evening[0].due == date(2026, 3, 7)
    assert friday_evening[1].due == date(2026, 3, 17)
    # A call on the Sunday of the US switch: counted from Monday 9 March.
    sunday = plan_followups(datetime(2026, 3, 8, 11, 0), [], PACK)
    assert kinds_and_days(sunday)[:3] == [
        ("thank-you", date(2026, 3, 8)), ("acted-on-advice", date(2026, 3, 18)), ("check-in", date(2026, 4, 6))]
    # And the EU one (29 March): the same business-day arithmetic, since dates have no clock change.
    eu = plan_followups(datetime(2026, 3, 28, 18, 0), [], PACK)
    assert kinds_and_days(eu)[:2] == [("thank-you", date(2026, 3, 29)), ("acted-on-advice", date(2026, 4, 8))]


def test_regenerating_keeps_ids_done_snoozed_drafts_and_notes() -> None:
    plan = plan_followups(datetime(2026, 3, 3, 10, 0), [], PACK)
    plan[0].done_on = date(2026, 3, 3)
    plan[1].snoozed_until = date(2026, 3, 20)
    plan[2].draft, plan[2].note = "My check-in.", "ask about the spring internship"
    again = plan_followups(datetime(2026, 3, 3, 10, 0), plan, PACK)
    assert [f.model_dump() for f in again] == [f.model_dump() for f in plan]
    moved = plan_followups(datetime(2026, 3, 10, 10, 0), plan, PACK)
    assert [f.id for f in moved] == [f.id for f in plan]
    assert moved[0].done_on == date(2026, 3, 3) and moved[1].snoozed_until == date(2026, 3, 20)
    assert moved[2].draft == "My check-in." and moved[1].due == date(2026, 3, 19)


def test_the_number_of_keep_in_touch_reminders_can_change_and_done_ones_stay() -> None:
    plan = plan_followups(datetime(2026, 3, 3, 10, 0), [], PACK)
    plan[3].done_on = date(2026, 7, 30)
    one = plan_followups(datetime(2026, 3, 3, 10, 0), plan, PACK, periodic=1)
    assert [f.kind for f in one].count("periodic") == 1 and one[3].id == plan[3].id
    none = plan_followups(datetime(2026, 3, 3, 10, 0), plan, PACK, periodic=0)
    assert [f.id for f in none if f.kind == "periodic"] == [plan[3].id]  # done stays as history
    kept = plan_followups(datetime(2026, 3, 3, 10, 0), one, PACK)
    assert [f.kind for f in kept].count("periodic") == 1


def test_plan_is_current_until_the_call_moves() -> None:
    c = conversation()
    c.followups = plan_followups(c.call_at, [], PACK)
    assert plan_is_current(c, PACK)
    c.call_at = datetime(2026, 3, 5, 10, 0)
    assert not plan_is_current(c, PACK)


def test_snooze_done_status_and_the_next_three() -> None:
    c = conversation()
    c.followups = plan_followups(c.call_at, [], PACK)
    thank_you, acted, check_in = c.followups[:3]
    today = date(2026, 3, 13)
    assert reminder_status(thank_you, today) == "overdue" and reminder_status(acted, today) == "overdue"
    assert reminder_status(check_in, date(2026, 3, 31)) == "today"
    assert reminder_status(check_in, today) == "upcoming"
    snooze(acted, 5, today)  # Fri 13 + 5 business days
    assert acted.snoozed_until == date(2026, 3, 20) and effective_due(acted) == date(2026, 3, 20)
    assert reminder_status(acted, today) == "snoozed"
    snooze(acted, 1, today)  # counted from the snoozed date, not from today
    assert acted.snoozed_until == date(2026, 3, 23)
    mark_done(c, thank_you.id, date(2026, 3, 3))
    assert c.after.thank_you_sent == date(2026, 3, 3) and reminder_status(thank_you, today) == "done"
    assert [f.kind for f in next_followups(c)] == ["acted-on-advice", "check-in", "periodic"]
    assert len(next_followups(c, n=10)) == 5
    mark_done(c, thank_you.id, None)
    assert c.after.thank_you_sent is None and next_followups(c)[0].kind == "thank-you"
    mark_thank_you_sent(c, date(2026, 3, 4))
    assert thank_you.done_on == date(2026, 3, 4)


# --------------------------------------------------------------------------- drafts and files


def test_every_reminder_has_a_draft_and_the_users_edit_wins() -> None:
    p, c = profile(), conversation()
    c.followups = plan_followups(c.call_at, [], PACK)
    for f in c.followups:
        draft = draft_followup(p, c, f, PACK)
        assert draft.subject and draft.body.startswith("Dear Jordan,") and draft.body.endswith("Maya Chen")
    assert "Start a media list" in draft_followup(p, c, c.followups[1], PACK).body
    c.followups[2].draft = "Hi Jordan, a quick update."
    assert draft_followup(p, c, c.followups[2], PACK).body == "Hi Jordan, a quick update."
    assert draft_followup(p, c, c.followups[0], PACK) == draft_thank_you(p, c, PACK)


def test_every_template_renders_for_an_empty_conversation() -> None:
    bare, p = Conversation(), Profile()
    assert "Dear there," in draft_thank_you(p, bare, PACK).body
    for rule in PACK.reminders[1:]:
        draft = generated_followup(p, bare, rule.kind, PACK)
        assert draft.subject and "Dear there," in draft.body and "\n\n\n" not in draft.body


def test_the_eml_parses_back_with_subject_recipient_and_body() -> None:
    p, c = profile(), conversation()
    draft = draft_thank_you(p, c, PACK)
    message = email.message_from_bytes(email_file(p, c, draft), policy=policy.default)
    assert message["Subject"] == draft.subject  # non-ASCII dash survives the encoding
    assert message["To"].addresses[0].addr_spec == "jordan.alvarez@northlight.example"
    assert message["To"].addresses[0].display_name == "Jordan Alvarez"
    assert message.get_content().replace("\r\n", "\n").strip() == draft.body  # CRLF on the wire, as RFC 5322 wants
    assert message["X-Unsent"] == "1"
    without = email.message_from_bytes(email_file(p, Conversation(), draft), policy=policy.default)
    assert without["To"] is None and without.get_content().replace("\r\n", "\n").strip() == draft.body


def test_the_mailto_link_carries_subject_and_body() -> None:
    c = conversation()
    draft = draft_thank_you(profile(), c, PACK)
    link = followup_mailto(c, draft)
    assert link.startswith("mailto:jordan.alvarez@northlight.example?subject=")
    assert unquote(link.split("&body=")[1]) == draft.body


def events(data: bytes) -> list:  # type: ignore[type-arg]
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_the_calendar_holds_every_open_reminder_with_dates_texts_and_stable_uids() -> None:
    p, c = profile(), conversation(datetime(2026, 3, 7, 10, 0))  # Saturday before the US switch
    c.followups = plan_followups(c.call_at, [], PACK)
    now = datetime(2026, 3, 7, 18, 0, tzinfo=UTC)
    parsed = events(calendar_file(p, c, PACK, now))
    assert len(parsed) == 6
    first = parsed[0]
    assert first.decoded("dtstart") == datetime(2026, 3, 7, 11, 0, tzinfo=ZoneInfo("America/Chicago"))
    assert first.decoded("dtend") - first.decoded("dtstart") == timedelta(minutes=30)
    assert str(first["summary"]) == "Send your thank-you to Jordan Alvarez"
    assert "holding statement within the first hour" in str(first["description"])
    assert "Subject: Thank you, Jordan" in str(first["description"])
    for event, followup in zip(parsed[1:], c.followups[1:], strict=True):
        assert event.decoded("dtstart") == followup.due  # all-day: a date, not a datetime
        assert event.decoded("dtend") == followup.due + timedelta(days=1)
        assert followup.due.weekday() < 5
    assert "Start a media list" in str(parsed[1]["description"])
    assert str(parsed[2]["summary"]) == "Check in with Jordan Alvarez (Northlight Communications)"
    uids = [str(e["uid"]) for e in parsed]
    assert len(set(uids)) == 6 and all(u.endswith("@informational-interview-coach") for u in uids)
    # Snoozed, done and regenerated: the same reminder keeps its UID, the done one leaves the file.
    snooze(c.followups[1], 5, date(2026, 3, 18))
    mark_done(c, c.followups[0].id, date(2026, 3, 7))
    c.followups = plan_followups(c.call_at, c.followups, PACK)
    again = events(calendar_file(p, c, PACK, now))
    assert [str(e["uid"]) for e in again] == uids[1:]
    assert again[0].decoded("dtstart") == date(2026, 3, 25)


def test_a_thank_you_due_the_next_day_is_timed_at_nine() -> None:
    p, c = profile("Europe/London"), conversation(datetime(2026, 10, 24, 17, 30))
    c.followups = plan_followups(c.call_at, [], PACK)
    first = events(calendar_file(p, c, PACK, datetime(2026, 10, 24, tzinfo=UTC)))[0]
    assert first.decoded("dtstart") == datetime(2026, 10, 25, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    assert first.decoded("dtstart").utcoffset() == timedelta(0)  # GMT again after the switch


# --------------------------------------------------------------------------- progress


def test_progress_counts_notes_a_passing_note_sent_and_a_plan() -> None:
    now = datetime(2026, 3, 3, 18, 0, tzinfo=UTC)
    empty = after_call_progress(Conversation(), Profile(), PACK, now)
    assert (empty.done, empty.total) == (0, 5) and empty.next_hint == "Add the call's date and time"
    assert after_call_progress(None, Profile(), PACK, now).next_hint == "Add a conversation on the Start page"
    c = conversation()
    assert after_call_progress(c, profile(), PACK, now).done == 3
    c.followups = plan_followups(c.call_at, [], PACK)
    mark_thank_you_sent(c, date(2026, 3, 3))
    assert after_call_progress(c, profile(), PACK, now).complete
    c.after.thank_you = "Dear Jordon, I learned a lot."
    progress = after_call_progress(c, profile(), PACK, now)
    assert progress.done == 4 and progress.next_hint


def test_an_agency_name_with_an_ampersand_is_not_called_misspelt() -> None:
    from coach.followup import _misspelling

    assert _misspelling("about your work at Harbor & Pine PR.", "Harbor & Pine PR") == ""
    assert _misspelling("about your work at Harbour & Pine PR.", "Harbor & Pine PR") == "Harbour Pine PR"
