"""The request rules a professional would notice: length, connection, ask, question, slots, notice."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import parse_qs, urlparse

import pytest

from coach.content import request_pack
from coach.model import Agency, Conversation, OutreachRequest, Person, Profile
from coach.outreach import (
    Draft,
    business_days_between,
    draft_request,
    mailto_link,
    next_business_day,
    request_checks,
    suggest_slots,
    timing_warnings,
)

PACK = request_pack()
WED = date(2026, 11, 25)
SLOTS = [datetime(2026, 12, 7, 10), datetime(2026, 12, 8, 14)]

GOOD = """Dear Jo,

Professor Lee suggested I contact you after your talk on crisis communications.
I'm Ana, a student exploring healthcare PR.
I would value your advice on how you built your career at Acme.
I could talk on Mon 7 Dec at 10:00 or Tue 8 Dec at 14:00 (UTC).
Would one of them suit you for a 20-minute call?

Thank you,
Ana"""


def _by_label(text: str, slots: list[datetime] = SLOTS) -> dict[str, bool]:
    return {c.label.split(":")[0]: c.ok for c in request_checks(text, slots, PACK)}


def test_a_good_request_passes_every_check() -> None:
    assert all(_by_label(GOOD).values()), request_checks(GOOD, SLOTS, PACK)


def test_over_a_hundred_words_fails_the_length_check() -> None:
    long = GOOD.replace("I'm Ana", "I'm Ana " + "really " * 60)
    check = request_checks(long, SLOTS, PACK)[0]
    assert not check.ok and "Cut" in check.reason


def test_no_connection_in_the_opening_is_flagged() -> None:
    text = GOOD.replace("Professor Lee suggested I contact you after your talk on crisis communications.", "Hello.")
    assert _by_label(text)["Connection first"] is False


def test_asking_for_a_job_is_flagged_but_saying_you_are_not_is_fine() -> None:
    asking = GOOD.replace("I would value your advice", "Are there any openings for me? I would value your advice")
    assert _by_label(asking)["Asks for advice, not a job"] is False
    not_asking = GOOD.replace("I would value your advice", "I'm not asking for a job. I would value your advice")
    assert _by_label(not_asking)["Asks for advice, not a job"] is True


def test_no_question_before_the_signoff_is_flagged() -> None:
    text = GOOD.replace("Would one of them suit you for a 20-minute call?", "Let me know.")
    assert _by_label(text)["Ends with a question"] is False


@pytest.mark.parametrize("count, ok", [(0, False), (1, False), (2, True), (3, True)])
def test_two_or_three_slots_are_needed(count: int, ok: bool) -> None:
    slots = [datetime(2026, 12, 7 + i, 10) for i in range(count)]
    assert _by_label(GOOD, slots)["Offers 2–3 slots of 20 minutes"] is ok


def test_business_days_skip_weekends() -> None:
    assert business_days_between(WED, date(2026, 11, 27)) == 2  # Thu, Fri
    assert business_days_between(WED, date(2026, 11, 30)) == 3  # ... Mon
    assert business_days_between(WED, WED) == 0
    assert business_days_between(date(2026, 11, 30), WED) < 0


def test_a_call_fewer_than_five_business_days_out_is_warned() -> None:
    (warning,) = timing_warnings(WED, date(2026, 11, 30), [], GOOD, PACK)
    assert "only 3 business days" in warning and "at least 5" in warning


def test_enough_notice_and_no_deadline_gives_no_warning() -> None:
    assert timing_warnings(WED, date(2026, 12, 4), [], GOOD, PACK) == []


def test_earliest_slot_is_used_when_no_call_date_is_set() -> None:
    (warning,) = timing_warnings(WED, None, [datetime(2026, 12, 9, 10), datetime(2026, 11, 26, 9)], GOOD, PACK)
    assert warning.startswith("Your earliest slot (Thu 26 Nov)")


def test_a_call_before_the_request_is_warned() -> None:
    (warning,) = timing_warnings(WED, date(2026, 11, 20), [], GOOD, PACK)
    assert "before the request" in warning


@pytest.mark.parametrize("phrase", ["my assignment", "it is due Friday", "the deadline is Monday", "for my class"])
def test_mentioning_an_assignment_or_due_date_is_warned(phrase: str) -> None:
    warnings = timing_warnings(WED, date(2026, 12, 9), [], GOOD + f"\nThis is {phrase}.", PACK)
    assert len(warnings) == 1 and "Leave it out" in warnings[0]


def test_suggested_slots_give_enough_notice_and_fall_on_weekdays() -> None:
    for today in (WED, date(2026, 11, 27), date(2026, 11, 28)):
        slots = suggest_slots(today, PACK)
        assert len(slots) == 3
        assert all(s.weekday() < 5 for s in slots)
        assert business_days_between(today, slots[0].date()) >= PACK.min_notice_business_days
        assert timing_warnings(today, None, slots, GOOD, PACK) == []


def test_next_business_day_skips_the_weekend() -> None:
    assert next_business_day(datetime(2026, 11, 27, 14, 0)) == datetime(2026, 11, 30, 14, 0)


def test_the_generated_draft_passes_its_own_checks() -> None:
    conversation = Conversation(
        person=Person(name="Jordan Alvarez", email="jordan@northlight.example"),
        agency=Agency(name="Northlight"),
        request=OutreachRequest(connection="Professor Whitfield suggested I contact you", slots=suggest_slots(WED, PACK)),
    )
    draft = draft_request(Profile(name="Maya Chen", field_of_interest="healthcare PR"), conversation, PACK)
    assert draft.body.startswith("Dear Jordan,")
    assert "Professor Whitfield suggested I contact you." in draft.body
    assert "Northlight" in draft.subject
    assert all(c.ok for c in request_checks(draft.body, conversation.request.slots, PACK))
    assert "Thu 3 Dec, 10:00" in draft.body


def test_mailto_link_carries_subject_and_body() -> None:
    link = mailto_link("jo@acme.example", Draft("Hello & welcome?", "Line 1\nLine 2"))
    parsed = urlparse(link)
    assert parsed.scheme == "mailto" and parsed.path == "jo@acme.example"
    query = parse_qs(parsed.query)
    assert query == {"subject": ["Hello & welcome?"], "body": ["Line 1\nLine 2"]}
