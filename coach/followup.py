"""After the call: the thank-you note, its checks and countdown, the follow-up plan and its exports.

The thank-you is built from the user's notes (one specific thing learned, one action, the
point they did not get to make) and checked as they edit it. The follow-up plan is a list of
dated reminders counted from the call day in business days (numpy's busday functions, as in
`coach.outreach`); regenerating it keeps what the user marked done, snoozed, noted or wrote.
Dates are in the user's time zone: `Conversation.call_at` is a naive local time there, and
"today" is the date on the user's clock. Every rule is a plain function; wording lives in
`content/followup.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from difflib import SequenceMatcher
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr
from functools import cache
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

import numpy as np
from pydantic import Field, StringConstraints, model_validator

from coach.content import Pack, Template, load_pack, render
from coach.model import AfterCall, Conversation, FollowUp, FollowUpKind, Outcome, Profile
from coach.outreach import Check, Draft, mailto_link
from coach.progress import StepProgress
from coach.text import word_count

__all__ = [
    "Check", "Countdown", "Draft", "FollowUpPack", "KINDS", "OUTCOMES", "Status",
    "after_call_progress", "add_business_days", "calendar_file", "countdown", "countdown_check", "draft_followup",
    "draft_thank_you", "effective_due", "email_file", "followup_mailto", "followup_pack", "local_now",
    "mark_done", "mark_thank_you_sent", "next_followups", "plan_followups", "plan_is_current",
    "reminder_status", "snooze", "thank_you_checks", "thank_you_deadline", "thank_you_text",
]

KINDS: tuple[FollowUpKind, ...] = ("thank-you", "acted-on-advice", "check-in", "periodic")
OUTCOMES: dict[Outcome, str] = {
    "": "Not known yet",
    "replied": "They replied",
    "no reply": "No reply",
    "referral given": "They gave me a referral",
}
Status = Literal["done", "overdue", "today", "snoozed", "upcoming"]
PRODID = "-//Informational Interview Coach//Follow-up plan//EN"
UID_DOMAIN = "informational-interview-coach"

# --------------------------------------------------------------------------- the pack

Clock = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


class ThankYouRules(Pack):
    max_words: int = Field(gt=0)
    deadline_hours: int = Field(gt=0, le=72)
    same_day_before: Clock
    subject: Template
    body: Template


class ReminderRule(Pack):
    kind: FollowUpKind
    label: str
    title: Template  # the calendar event's summary
    why: str
    subject: Template  # empty for the thank-you: its draft is the thank-you note
    body: Template
    business_days: int = Field(default=0, ge=0, le=400)
    repeat: int = Field(default=1, ge=0, le=3)


class FollowUpPack(Pack):
    thank_you: ThankYouRules
    filler: list[str] = Field(min_length=1)
    resume_words: list[str] = Field(min_length=1)
    reminders: list[ReminderRule]
    snooze_business_days: list[int] = Field(min_length=1)
    tips: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_rule_per_kind(self) -> FollowUpPack:
        kinds = [r.kind for r in self.reminders]
        if sorted(kinds) != sorted(KINDS):
            raise ValueError(f"reminders must list each kind once: {', '.join(KINDS)}")
        return self

    def rule(self, kind: FollowUpKind) -> ReminderRule:
        return next(r for r in self.reminders if r.kind == kind)


@cache
def followup_pack() -> FollowUpPack:
    return load_pack("followup.yaml", FollowUpPack)


# --------------------------------------------------------------------------- dates


def local_now(profile: Profile, now: datetime | None = None) -> datetime:
    """The time on the user's clock (aware), from `now` (aware) or the real clock."""
    return (now or datetime.now(UTC)).astimezone(ZoneInfo(profile.timezone))


def add_business_days(day: date, count: int) -> date:
    """`count` working days (Mon–Fri) after `day`; a weekend `day` first rolls to Monday."""
    return np.busday_offset(day, count, roll="forward").astype(date)


def thank_you_deadline(call_at: datetime, timezone: str, hours: int = 24) -> datetime:
    """24 elapsed hours after the call starts, on the user's clock (a DST switch in between moves the local hour)."""
    start = call_at.replace(tzinfo=ZoneInfo(timezone))
    return (start.astimezone(UTC) + timedelta(hours=hours)).astimezone(ZoneInfo(timezone))


@dataclass(frozen=True)
class Countdown:
    deadline: datetime  # aware, in the user's zone
    remaining: timedelta  # negative once the mark has passed

    @property
    def passed(self) -> bool:
        return self.remaining <= timedelta(0)

    @property
    def left(self) -> str:
        """"5 h 12 min" (rounded down to the minute)."""
        minutes = int(abs(self.remaining).total_seconds() // 60)
        days, minutes = divmod(minutes, 24 * 60)
        hours, minutes = divmod(minutes, 60)
        return (f"{days} d " if days else "") + f"{hours} h {minutes} min"


def countdown(call_at: datetime, timezone: str, now: datetime, hours: int = 24) -> Countdown:
    deadline = thank_you_deadline(call_at, timezone, hours)
    # In UTC: subtracting two times that share a zone object gives wall-clock, not elapsed, time.
    return Countdown(deadline, deadline.astimezone(UTC) - now.astimezone(UTC))


def format_moment(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b}, {moment:%H:%M} {moment.tzname() or ''}".strip()


def format_day(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def short_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b} {day.year}"


# --------------------------------------------------------------------------- notes → sentences

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_STOP = frozenset(
    "a an the and or but if of to in on at for from by with about as into than then that this these those it its "
    "is are was were be been being do does did have has had i me my we our you your he she they them their his her "
    "will would can could should may might must not no so very really just also more most some any all one what "
    "when where which who how why there here out up down over after before said told says tell".split()
)
_MAX_SENTENCE_WORDS = 30


def _sentences(text: str) -> list[str]:
    return [s.strip(" -•*\t") for s in _SENTENCE.split(text) if s.strip(" -•*\t")]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def _specificity(sentence: str) -> float:
    """Names, numbers and uncommon words make a sentence specific; very long ones read as notes, not a note."""
    words = _WORD.findall(sentence)
    if not words:
        return 0.0
    names = sum(1 for w in words[1:] if w[0].isupper())
    numbers = sum(1 for w in words if any(ch.isdigit() for ch in w))
    content = sum(1 for w in words if w.lower() not in _STOP and len(w) > 3)
    score = 2 * names + 2 * numbers + content
    return score - (len(words) - _MAX_SENTENCE_WORDS) * 2 if len(words) > _MAX_SENTENCE_WORDS else score


def most_specific(text: str) -> str:
    """The most specific sentence of the notes: the "one thing learned" the thank-you names."""
    sentences = _sentences(text)
    return _sentence(max(sentences, key=_specificity)) if sentences else ""


def first_sentence(text: str) -> str:
    sentences = _sentences(text)
    return _sentence(sentences[0]) if sentences else ""


def _context(profile: Profile, conversation: Conversation) -> dict[str, object]:
    after = conversation.after
    learned = most_specific(after.said) or most_specific(after.advice)
    advice = first_sentence(after.advice)
    return {
        "person_first_name": conversation.person.first_name,
        "person_name": conversation.person.name,
        "agency_name": conversation.agency.name,
        "my_name": profile.name,
        "call_day": format_day(conversation.call_at.date()) if conversation.call_at else "",
        "learned": learned,
        "action": first_sentence(after.promised) or (advice if advice != learned else ""),
        "advice": advice,
        "untold": first_sentence(after.untold),
        "referrals": [r.name for r in after.referrals if r.name.strip()][:2],
        "portfolio_url": profile.portfolio_url if after.portfolio_requested else "",
        "resume_url": profile.resume_url if after.resume_offered else "",
    }


# --------------------------------------------------------------------------- the thank-you


def draft_thank_you(profile: Profile, conversation: Conversation, pack: FollowUpPack) -> Draft:
    context = _context(profile, conversation)
    return Draft(subject=render(pack.thank_you.subject, **context), body=_tidy(render(pack.thank_you.body, **context)))


def _tidy(body: str) -> str:
    """Optional sentences leave stray spaces and empty paragraphs behind: trim lines, keep one blank line between paragraphs."""
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.strip() for line in body.splitlines())).strip()


def thank_you_text(profile: Profile, conversation: Conversation, pack: FollowUpPack) -> str:
    """What the user will send: their edited note, else the generated draft."""
    return conversation.after.thank_you or draft_thank_you(profile, conversation, pack).body


def _tokens(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def _shared_phrase(text: str, notes: str, names: Sequence[str] = (), size: int = 4) -> str:
    """The first run of `size` words the text shares with the notes, holding two meaningful words, else ''.

    Names (the person, the agency, the user) do not count as meaningful: "your work at
    Northlight" is in every note and proves nothing about the call.
    """
    ignored = _STOP | {w for name in names for w in _tokens(name)}
    note_words = _tokens(notes)
    grams = {
        tuple(note_words[i:i + size]) for i in range(len(note_words) - size + 1)
        if sum(1 for w in note_words[i:i + size] if w not in ignored and len(w) > 3) >= 2
    }
    original = _WORD.findall(text)
    words = _tokens(text)
    for i in range(len(words) - size + 1):
        if tuple(words[i:i + size]) in grams:
            return " ".join(original[i:i + size])
    return ""


def _phrases_in(text: str, phrases: Sequence[str]) -> list[str]:
    folded = " ".join(_tokens(text))
    return [p for p in phrases if re.search(rf"(?<![\w']){re.escape(' '.join(_tokens(p)))}(?![\w'])", folded)]


def _misspelling(text: str, name: str) -> str:
    """A run of words in `text` that looks like `name` but is written differently (case included), else ''."""
    # Compare word runs with the name's own words, so punctuation in a name ("Harbor & Pine PR") is no difference.
    name = " ".join(_WORD.findall(name)) or name
    size = len(name.split())
    words = _WORD.findall(text)
    folded = name.lower()
    matcher = SequenceMatcher(None, b=folded)  # caches what it learns about the name across candidates
    for i in range(len(words) - size + 1):
        candidate = re.sub(r"['’]s?$", "", " ".join(words[i:i + size]))  # "Jordan's" is Jordan
        if candidate == name or abs(len(candidate) - len(name)) > len(name) // 4 + 1:
            continue  # cheap length filter first: a ratio of 0.8 needs similar lengths
        matcher.set_seq1(candidate.lower())
        if matcher.real_quick_ratio() >= 0.8 and matcher.quick_ratio() >= 0.8 and matcher.ratio() >= 0.8:
            return candidate
    return ""


def _spelled(text: str, name: str, who: str) -> Check:
    label = f"{who.capitalize()} spelled right"
    if not name:
        return Check(False, label, f"Add {who} on the Start page so the note can be checked against it.")
    wrong = _misspelling(text, name)
    found = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)
    if wrong:
        return Check(False, label, f"“{wrong}” is spelled “{name}” in your conversation: check it before you send.")
    if not found:
        return Check(False, label, f"Name {name} in the note, spelled exactly like that.")
    return Check(True, label, f"“{name}” appears exactly as in your conversation.")


def thank_you_checks(text: str, profile: Profile, conversation: Conversation, pack: FollowUpPack) -> list[Check]:
    """Length, a specific detail from the notes, names spelled right, no filler, the extras used only when welcome.

    The countdown is separate (`countdown`), because it changes with the clock, not the text.
    """
    after = conversation.after
    rules = pack.thank_you
    words = word_count(text)
    checks = [
        Check(
            words <= rules.max_words,
            f"Short: {words} words",
            f"At most {rules.max_words} words: read in one glance, sent the same day."
            if words <= rules.max_words
            else f"Cut {words - rules.max_words} or more words: a thank-you over {rules.max_words} words reads like homework.",
        ),
        _detail_check(text, after, _names(profile, conversation)),
        _spelled(text, conversation.person.first_name and _person_name_in(text, conversation.person.name), "their name"),
        _spelled(text, conversation.agency.name, "the agency's name"),
    ]
    filler = _phrases_in(text, pack.filler)
    checks.append(Check(
        not filler,
        "Specific, not generic",
        "No stock phrases: every line is about this conversation." if not filler
        else f"“{filler[0]}” could close any note to anyone: replace it with the one thing you learned.",
    ))
    if after.untold.strip():
        shared = _shared_phrase(text, after.untold, _names(profile, conversation))
        checks.append(Check(
            bool(shared), "Shares what you did not get to say",
            "The note adds the point you did not get to make." if shared
            else "Add the point you did not get to make in the call: the thank-you is the place for it.",
        ))
    link = bool(profile.portfolio_url) and profile.portfolio_url in text
    if after.portfolio_requested:
        checks.append(Check(
            link, "Portfolio link, as they asked",
            "The link they asked for is in the note." if link
            else ("Add your portfolio link: they asked to see your work." if profile.portfolio_url
                  else "They asked to see your work: add your portfolio link on the Start page, then to the note."),
        ))
    elif link:
        checks.append(Check(False, "Portfolio link only if asked",
                            "They did not ask for your portfolio: leave the link out, or tick that they asked for it."))
    resume = _phrases_in(text, pack.resume_words) or (bool(profile.resume_url) and profile.resume_url in text)
    if resume and not after.resume_offered:
        checks.append(Check(False, "No resume unless offered",
                            "Leave your resume out: send it only if they offered to pass it on (tick that in the notes)."))
    return checks


def _person_name_in(text: str, full_name: str) -> str:
    """The full name if the note uses it, else the first name (a thank-you greets by first name)."""
    return full_name if full_name in text else full_name.split()[0]


def _names(profile: Profile, conversation: Conversation) -> tuple[str, ...]:
    return (profile.name, conversation.person.name, conversation.agency.name)


def _detail_check(text: str, after: AfterCall, names: Sequence[str]) -> Check:
    notes = "\n".join([after.said, after.advice, *(f"{r.name} {r.note}" for r in after.referrals)])
    label = "A specific detail from the call"
    if not notes.strip():
        return Check(False, label, "Write down what they said and their advice first, then name one thing from it in the note.")
    shared = _shared_phrase(text, notes, names)
    if shared:
        return Check(True, label, f"It names something from your notes (“{shared}…”).")
    return Check(False, label, "Name one specific thing they told you, in words from your notes: it shows you listened.")


def countdown_check(conversation: Conversation, profile: Profile, now: datetime, pack: FollowUpPack) -> Check:
    """The 24-hour mark after the call on the user's clock, or the day the note went out."""
    hours = pack.thank_you.deadline_hours
    if conversation.call_at is None:
        return Check(False, f"Within {hours} hours", "Add the call's date and time to see how long you have.")
    clock = countdown(conversation.call_at, profile.timezone, now, hours)
    sent = conversation.after.thank_you_sent
    if sent:
        late = sent > clock.deadline.date()
        return Check(not late, "Sent", f"You sent it on {short_day(sent)}"
                     + (f", after the {hours}-hour mark; the follow-ups still count." if late else f", within {hours} hours."))
    local = now.astimezone(ZoneInfo(profile.timezone))
    if local < conversation.call_at.replace(tzinfo=ZoneInfo(profile.timezone)):
        return Check(True, f"Due {hours} hours after the call", f"Send it by {format_moment(clock.deadline)}.")
    if clock.passed:
        return Check(False, f"{hours}-hour mark passed {clock.left} ago",
                     f"It passed on {format_moment(clock.deadline)}. Send it today: a late, specific thank-you beats none.")
    return Check(True, f"{clock.left} left", f"Send it by {format_moment(clock.deadline)}, {hours} hours after the call.")


# --------------------------------------------------------------------------- exports


def email_file(profile: Profile, conversation: Conversation, draft: Draft) -> bytes:
    """An unsent email (`.eml`) that a mail program opens as a draft to the person."""
    message = EmailMessage(policy=SMTP)
    person = conversation.person
    if person.email:
        message["To"] = formataddr((person.name, person.email))
    message["Subject"] = draft.subject
    message["X-Unsent"] = "1"  # Outlook and Apple Mail open it as a draft to edit and send
    message.set_content(draft.body)
    return message.as_bytes()


def followup_mailto(conversation: Conversation, draft: Draft) -> str:
    return mailto_link(conversation.person.email, draft)


def calendar_file(profile: Profile, conversation: Conversation, pack: FollowUpPack, now: datetime) -> bytes:
    """Every open reminder as one iCalendar file: the thank-you timed after the call, the rest all-day.

    Each event's UID comes from its reminder's id, so importing an updated file moves events
    instead of duplicating them. The description is the reminder's draft.
    """
    from icalendar import Alarm, Calendar, Event  # imported on export only: keeps page reruns light

    zone = ZoneInfo(profile.timezone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Follow-ups: {conversation.label}")
    stamp = now.astimezone(UTC).replace(microsecond=0)
    for followup in conversation.followups:
        if followup.done_on:
            continue
        rule = pack.rule(followup.kind)
        draft = draft_followup(profile, conversation, followup, pack)
        event = Event()
        event.add("uid", f"{conversation.id}-{followup.id}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("summary", render(rule.title, **_context(profile, conversation)))
        event.add("description", f"{rule.why}\n\nSubject: {draft.subject}\n\n{draft.body}")
        day = effective_due(followup)
        timed = _thank_you_start(conversation, followup, pack)
        if timed:
            event.add("dtstart", timed.replace(tzinfo=zone))
            event.add("dtend", (timed + timedelta(minutes=30)).replace(tzinfo=zone))
        else:
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add("transp", "TRANSPARENT")  # an all-day reminder does not block the day
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", render(rule.title, **_context(profile, conversation)))
        alarm.add("trigger", timedelta(0) if timed else timedelta(hours=9))
        event.add_component(alarm)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _thank_you_start(conversation: Conversation, followup: FollowUp, pack: FollowUpPack) -> datetime | None:
    """The thank-you is a timed event: an hour after the call on the call day, else 09:00 on its day."""
    if followup.kind != "thank-you" or conversation.call_at is None:
        return None
    day = effective_due(followup)
    if day == conversation.call_at.date():
        return conversation.call_at + timedelta(hours=1)
    return datetime.combine(day, time(9, 0))


# --------------------------------------------------------------------------- the plan


def _schedule(call_at: datetime, pack: FollowUpPack, periodic: int | None = None) -> list[tuple[FollowUpKind, date]]:
    """(kind, due) for every reminder, counted from the call day."""
    call_day = call_at.date()
    cutoff = time.fromisoformat(pack.thank_you.same_day_before)
    plan: list[tuple[FollowUpKind, date]] = [
        ("thank-you", call_day if call_at.time() < cutoff else call_day + timedelta(days=1))
    ]
    previous = call_day
    for rule in pack.reminders:
        if rule.kind == "thank-you":
            continue
        count = rule.repeat if rule.kind != "periodic" or periodic is None else max(0, min(periodic, 3))
        for _ in range(count):
            previous = add_business_days(previous if rule.kind == "periodic" else call_day, rule.business_days)
            plan.append((rule.kind, previous))
    return plan


def plan_followups(
    call_at: datetime, existing: Sequence[FollowUp], pack: FollowUpPack, periodic: int | None = None
) -> list[FollowUp]:
    """The plan for a call at `call_at` (local); reminders already planned keep their id, state, draft and note.

    Reminders are matched by kind and order within the kind. A reminder the new plan no
    longer has is dropped unless it was done (that stays as history). `periodic` sets how many
    keep-in-touch reminders there are (0–3); None keeps the current number, or the pack's.
    """
    if periodic is None and any(f.kind == "periodic" for f in existing):
        periodic = sum(1 for f in existing if f.kind == "periodic")
    by_kind: dict[str, list[FollowUp]] = {}
    for followup in sorted(existing, key=lambda f: f.due):
        by_kind.setdefault(followup.kind, []).append(followup)
    plan: list[FollowUp] = []
    for kind, due in _schedule(call_at, pack, periodic):
        earlier = by_kind.get(kind, [])
        if earlier:
            kept = earlier.pop(0)
            plan.append(kept.model_copy(update={"due": due}))
        else:
            plan.append(FollowUp(kind=kind, due=due))
    plan.extend(f for rest in by_kind.values() for f in rest if f.done_on)
    return sorted(plan, key=lambda f: (f.due, KINDS.index(f.kind)))


def plan_is_current(conversation: Conversation, pack: FollowUpPack) -> bool:
    """True when the saved reminders fall on the dates the call time gives (false after the call moved)."""
    if conversation.call_at is None:
        return True
    planned = plan_followups(conversation.call_at, conversation.followups, pack)
    return [(f.id, f.due) for f in planned] == [(f.id, f.due) for f in sorted(
        conversation.followups, key=lambda f: (f.due, KINDS.index(f.kind)))]


def effective_due(followup: FollowUp) -> date:
    return followup.snoozed_until or followup.due


def reminder_status(followup: FollowUp, today: date) -> Status:
    if followup.done_on:
        return "done"
    due = effective_due(followup)
    if due < today:
        return "overdue"
    if due == today:
        return "today"
    return "snoozed" if followup.snoozed_until else "upcoming"


def next_followups(conversation: Conversation, n: int = 3) -> list[FollowUp]:
    """The next `n` open reminders, soonest first (overdue ones lead), whatever their date."""
    return sorted((f for f in conversation.followups if not f.done_on), key=lambda f: (effective_due(f), KINDS.index(f.kind)))[:n]


def snooze(followup: FollowUp, business_days: int, today: date) -> None:
    """Push the reminder `business_days` working days past the later of today and its current date."""
    followup.snoozed_until = add_business_days(max(today, effective_due(followup)), business_days)


def mark_done(conversation: Conversation, followup_id: str, day: date | None) -> None:
    """Mark a reminder done on `day` (None reopens it); the thank-you reminder and the note's sent day move together."""
    followup = next(f for f in conversation.followups if f.id == followup_id)
    followup.done_on = day
    if followup.kind == "thank-you":
        conversation.after.thank_you_sent = day


def mark_thank_you_sent(conversation: Conversation, day: date | None) -> None:
    conversation.after.thank_you_sent = day
    for followup in conversation.followups:
        if followup.kind == "thank-you":
            followup.done_on = day


def draft_followup(profile: Profile, conversation: Conversation, followup: FollowUp, pack: FollowUpPack) -> Draft:
    """The reminder's message: the thank-you note for the thank-you, the user's edit, else the pack's draft."""
    if followup.kind == "thank-you":
        generated = draft_thank_you(profile, conversation, pack)
        return Draft(generated.subject, conversation.after.thank_you or generated.body)
    generated = generated_followup(profile, conversation, followup.kind, pack)
    return Draft(generated.subject, followup.draft or generated.body)


def generated_followup(profile: Profile, conversation: Conversation, kind: FollowUpKind, pack: FollowUpPack) -> Draft:
    rule = pack.rule(kind)
    context = _context(profile, conversation)
    return Draft(render(rule.subject, **context), _tidy(render(rule.body, **context)))


# --------------------------------------------------------------------------- progress


def after_call_progress(
    conversation: Conversation | None, profile: Profile, pack: FollowUpPack, now: datetime
) -> StepProgress:
    """Five things: the call time, notes, a thank-you that passes its checks, sent, and a follow-up plan."""
    if conversation is None:
        return StepProgress("After the call", 0, 5, "Add a conversation on the Start page")
    after = conversation.after
    failing = [c for c in thank_you_checks(thank_you_text(profile, conversation, pack), profile, conversation, pack) if not c.ok]
    items = [
        (conversation.call_at is not None, "Add the call's date and time"),
        (bool(after.said.strip() or after.advice.strip()), "Write down what they said and their advice"),
        (not failing, failing[0].reason if failing else ""),
        (after.thank_you_sent is not None, f"Send the thank-you within {pack.thank_you.deadline_hours} hours and mark it sent"),
        (bool(conversation.followups), "Create the follow-up plan"),
    ]
    missing = [hint for ok, hint in items if not ok]
    return StepProgress("After the call", len(items) - len(missing), len(items), missing[0] if missing else "")
