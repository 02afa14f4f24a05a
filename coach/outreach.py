"""The request for the call: the draft, the five-point checks and the timing check.

Professionals judge the request before the call: short, specific, considerate of their time,
asked well ahead and never tied to the asker's own deadline. Each rule is a plain function
returning `Check`s with reasons, so a student sees why, and a test pins each rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, time, timedelta
from urllib.parse import quote

import numpy as np

from coach.content import RequestPack, render
from coach.model import Conversation, Profile
from coach.text import word_count

_SIGNOFF = re.compile(
    r"^\s*(thank you|thanks|many thanks|best|best wishes|all the best|kind regards|regards|"
    r"warm regards|warmly|sincerely|cheers|with thanks|gratefully)\b[^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_NEGATION = re.compile(r"\b(not|no|never|without)\b|n't\b", re.IGNORECASE)
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Check:
    ok: bool
    label: str
    reason: str


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str


def format_slot(slot: datetime) -> str:
    return f"{slot:%a} {slot.day} {slot:%b}, {slot:%H:%M}"


def business_days_between(start: date, end: date) -> int:
    """Working days (Mon–Fri) after `start` up to and including `end`; negative when `end` is earlier."""
    return int(np.busday_count(start + ONE_DAY, end + ONE_DAY))


def suggest_slots(today: date, pack: RequestPack) -> list[datetime]:
    """Slots on the first business days that still give the professional enough notice."""
    first = np.busday_offset(today, pack.min_notice_business_days + 1, roll="forward")
    days = [np.busday_offset(first, i, roll="forward").astype(date) for i in range(len(pack.slot_times))]
    return [datetime.combine(day, time.fromisoformat(at)) for day, at in zip(days, pack.slot_times, strict=True)]


def next_business_day(moment: datetime) -> datetime:
    """The same time on the next working day: where an added slot goes."""
    return datetime.combine(np.busday_offset(moment.date(), 1, roll="forward").astype(date), moment.time())


def draft_request(profile: Profile, conversation: Conversation, pack: RequestPack) -> Draft:
    field = profile.field_of_interest or "public relations"
    context = {
        "person_first_name": conversation.person.first_name,
        "person_name": conversation.person.name,
        "agency_name": conversation.agency.name,
        "my_name": profile.name,
        "situation_phrase": pack.situation_phrases.get(profile.situation, "").format(field=field),
        "field": field,
        "connection": _sentence(conversation.request.connection),
        "slots": [format_slot(s) for s in conversation.request.slots],
        "time_zone": profile.timezone,
    }
    return Draft(subject=render(pack.subject, **context), body=render(pack.body, **context))


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def _body_without_signoff(text: str) -> str:
    match = None
    for match in _SIGNOFF.finditer(text):
        pass
    return text[: match.start()] if match else text


def _opening(text: str) -> str:
    """The first two sentences after the greeting line."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    if lines and re.match(r"^\s*(dear|hi|hello|good (morning|afternoon|evening))\b", lines[0], re.I):
        lines = lines[1:]
    sentences = [s for s in _SENTENCE_END.split(" ".join(lines)) if s.strip()]
    return " ".join(sentences[:2])


def _mentions(text: str, words: list[str]) -> list[str]:
    """The listed words or phrases that occur in `text` as whole words, in order of appearance."""
    return list(dict.fromkeys(m.lower() for m in _word_pattern(tuple(words)).findall(text)))


@lru_cache(maxsize=64)
def _word_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    longest_first = sorted(words, key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in longest_first)})(?!\w)", re.IGNORECASE)


def request_checks(text: str, slots: list[datetime], pack: RequestPack) -> list[Check]:
    """The five-point rules, each with the reason a student can act on."""
    words = word_count(text)
    body = _body_without_signoff(text)
    last_line = next((line.strip() for line in reversed(body.splitlines()) if line.strip()), "")
    job_sentences = [
        s for s in _SENTENCE_END.split(body) if _mentions(s, pack.job_ask_words) and not _NEGATION.search(s)
    ]
    opening = _opening(body)
    return [
        Check(
            words < pack.max_words,
            f"Short: {words} words",
            f"Under {pack.max_words} words reads in one glance on a phone."
            if words < pack.max_words
            else f"Cut {words - pack.max_words + 1} or more words: over {pack.max_words - 1} words asks too much of a busy reader.",
        ),
        Check(
            bool(_mentions(opening, pack.connection_cues)),
            "Connection first",
            "The opening says how you know of them."
            if _mentions(opening, pack.connection_cues)
            else "Open with your connection: who referred you, where you met, or what of theirs you read.",
        ),
        Check(
            bool(_mentions(body, pack.advice_words)) and not job_sentences,
            "Asks for advice, not a job",
            f"Drop the job request (\"{job_sentences[0].strip()[:80]}\"): an informational interview asks for insight."
            if job_sentences
            else (
                "It asks for their advice and insight."
                if _mentions(body, pack.advice_words)
                else "Say what you hope to learn: ask for their advice, insight or perspective."
            ),
        ),
        Check(
            last_line.endswith("?"),
            "Ends with a question",
            "The last line before your sign-off is a question they can answer with yes."
            if last_line.endswith("?")
            else "End with a question before the sign-off, such as \"Would one of these times suit you?\"",
        ),
        Check(
            2 <= len(slots) <= 3 and "20" in text,
            "Offers 2–3 slots of 20 minutes",
            f"It offers {len(slots)} slots and names 20 minutes."
            if 2 <= len(slots) <= 3 and "20" in text
            else (
                f"Offer two or three times (now {len(slots)}) so saying yes is one reply."
                if not 2 <= len(slots) <= 3
                else "Say the call takes 20 minutes."
            ),
        ),
    ]


def timing_warnings(
    request_day: date, call_day: date | None, slots: list[datetime], text: str, pack: RequestPack
) -> list[str]:
    """Warnings about notice and deadlines; empty when the request is considerate."""
    warnings = []
    days = sorted({call_day} if call_day else {s.date() for s in slots})
    if days:
        notice = business_days_between(request_day, days[0])
        if notice < pack.min_notice_business_days:
            what = "The call" if call_day else "Your earliest slot"
            when = "is before the request" if notice < 0 else f"is only {notice} business day{'s' if notice != 1 else ''} after the request"
            warnings.append(
                f"{what} ({days[0]:%a} {days[0].day} {days[0]:%b}) {when} ({request_day:%a} {request_day.day} {request_day:%b}). "
                f"Give at least {pack.min_notice_business_days} business days' notice: propose later times."
            )
    deadline = _mentions(text, pack.deadline_words)
    if deadline:
        warnings.append(
            f"The text mentions \"{deadline[0]}\": a request tied to your assignment or due date reads as "
            "their time serving your deadline. Leave it out."
        )
    return warnings


def mailto_link(email: str, draft: Draft) -> str:
    return f"mailto:{quote(email, safe='@')}?subject={quote(draft.subject)}&body={quote(draft.body)}"
