"""Hypothesis strategies for valid workspaces, shared by the round-trip and store tests."""

from __future__ import annotations

from hypothesis import strategies as st

from coach.model import (
    AfterCall,
    Agency,
    FollowUp,
    Pitch,
    Referral,
    SkillsBridge,
    Metric,
    PlannedQuestion,
    QuestionPlan,
    WorkSample,
    Conversation,
    Homework,
    HomeworkNote,
    OutreachRequest,
    Person,
    Profile,
    Workspace,
)
from coach.research.types import Fact, PageInfo, Problem, ResearchResult

short = st.text(max_size=40).map(str.strip)
long = st.text(max_size=300)
emails = st.one_of(st.just(""), st.from_regex(r"[a-z0-9._]{1,10}@[a-z]{1,8}\.[a-z]{2,4}", fullmatch=True))
urls = st.one_of(st.just(""), st.from_regex(r"https?://[a-z]{1,10}\.[a-z]{2,4}(/[a-zA-Z0-9_~-]{0,12}){0,3}", fullmatch=True))
moments = st.datetimes(min_value=__import__("datetime").datetime(2000, 1, 1), max_value=__import__("datetime").datetime(2100, 1, 1))
fact_kinds = st.sampled_from(["name", "about", "service", "client", "news", "leader", "value", "location", "careers"])
iso_dates = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()), st.dates().map(lambda d: d.isoformat()[:7]))

profiles = st.builds(
    Profile,
    name=short,
    situation=st.sampled_from(["student", "career-changer", "other"]),
    field_of_interest=short,
    resume_url=urls,
    portfolio_url=urls,
    timezone=st.sampled_from(["UTC", "Europe/London", "America/New_York", "Asia/Kolkata"]),
)
facts = st.builds(Fact, kind=fact_kinds, text=st.text(min_size=1, max_size=80), source=st.just("https://a.example/x"), date=iso_dates)
research = st.one_of(
    st.none(),
    st.builds(
        ResearchResult,
        url=urls.filter(bool),
        name=short,
        fetched_at=st.just("2026-11-25T10:00:00+00:00"),
        pages=st.lists(st.builds(PageInfo, url=urls.filter(bool), kind=st.just("about"), title=short), max_size=3).map(tuple),
        facts=st.lists(facts, max_size=4).map(tuple),
        problems=st.lists(st.builds(Problem, url=urls.filter(bool), reason=short), max_size=2).map(tuple),
    ),
)
notes = st.builds(HomeworkNote, kind=st.one_of(st.none(), fact_kinds), source=urls, learned=long, idea=long, question=long)
numbers = st.one_of(st.none(), st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False))
questions = st.builds(
    QuestionPlan,
    planned=st.lists(st.builds(PlannedQuestion, bank_id=short, group=st.sampled_from(["trends", "advice"]), text=short,
                               minutes=st.floats(min_value=0.5, max_value=20)), max_size=3),
    answers=st.dictionaries(st.text(max_size=20), long, max_size=3),
)
samples = st.builds(
    WorkSample,
    title=short,
    type=st.sampled_from(["press release", "class project", "other"]),
    link=urls,
    objective=long,
    result=long,
    metrics=st.lists(st.builds(Metric, name=short, baseline=numbers, after=numbers, unit=st.text(max_size=10).map(str.strip),
                               period=short), max_size=3),
    method=long,
    sources=st.lists(st.sampled_from(["survey", "web analytics"]), max_size=2),
    confidential=st.booleans(),
    descriptors=st.dictionaries(st.text(max_size=20), short, max_size=2),
    share_confidential=st.booleans(),
)
conversations = st.builds(
    Conversation,
    name=short,
    person=st.builds(Person, name=short, title=short, email=emails, linkedin_url=urls),
    agency=st.builds(Agency, name=short, url=urls),
    request_sent=st.one_of(st.none(), st.dates()),
    call_at=st.one_of(st.none(), moments),
    request=st.builds(OutreachRequest, connection=st.text(max_size=100).map(str.strip), slots=st.lists(moments, max_size=3), draft=long),
    homework=st.builds(Homework, research=research, notes=st.lists(notes, max_size=3)),
    questions=questions,
    pitch=st.builds(Pitch, short=long, long=long, chosen=st.sampled_from(["short", "long"])),
    after=st.builds(AfterCall, said=long, untold=long, referrals=st.lists(st.builds(Referral, name=short), max_size=2),
                    portfolio_requested=st.booleans(), thank_you_sent=st.one_of(st.none(), st.dates())),
    followups=st.lists(st.builds(FollowUp, kind=st.sampled_from(["thank-you", "check-in"]), due=st.dates(),
                                 done_on=st.one_of(st.none(), st.dates()), draft=long), max_size=3),
    outcome=st.sampled_from(["", "replied", "no reply", "referral given"]),
)
workspaces = st.builds(
    Workspace,
    profile=profiles,
    conversations=st.lists(conversations, max_size=3, unique_by=lambda c: c.id),
    samples=st.lists(samples, max_size=3, unique_by=lambda s: s.id),
    skills=st.builds(SkillsBridge, roles=st.lists(st.sampled_from(["teacher", "nurse"]), max_size=2), own_words=long,
                     decisions=st.dictionaries(st.sampled_from(["writing", "presenting"]), st.sampled_from(["accepted", "rejected"])),
                     evidence=st.dictionaries(st.sampled_from(["writing", "presenting"]), long)),
)
