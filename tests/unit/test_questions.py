"""Questions both directions: the bank, tailoring with homework facts, plan timing and balance, spoken length, progress."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.content import ContentError, load_pack, render
from coach.model import Agency, Conversation, HomeworkNote, Person, PlannedQuestion, QuestionPlan
from coach.questions import (
    GROUPS,
    QuestionsPack,
    Tailoring,
    answer_length_check,
    fact_context,
    facts_for,
    group_balance,
    homework_points,
    homework_questions,
    moved,
    own_question,
    plan_fit,
    planned_from,
    questions_pack,
    questions_progress,
    spoken_seconds,
    suggest_questions,
    their_questions,
)
from coach.text import word_count
from coach.research.prompts import homework_pack
from coach.research.types import Fact, PageInfo, ResearchResult

PACK = questions_pack()
SITE = "https://acme.example"


def fact(kind: str, text: str, page: str = "/", date: str | None = None) -> Fact:
    return Fact(kind=kind, text=text, source=SITE + page, date=date)  # type: ignore[arg-type]


RICH = ResearchResult(
    url=SITE + "/",
    name="Acme PR",
    pages=(
        PageInfo(url=SITE + "/work/river", kind="work"),
        PageInfo(url=SITE + "/news/ai", kind="news"),
        PageInfo(url=SITE + "/news/bank", kind="news"),
        PageInfo(url=SITE + "/news/old", kind="news"),
        PageInfo(url=SITE + "/news/jobs", kind="news"),
        PageInfo(url=SITE + "/", kind="home"),
        PageInfo(url=SITE + "/services", kind="services"),
        PageInfo(url=SITE + "/clients", kind="clients"),
        PageInfo(url=SITE + "/team", kind="team"),
        PageInfo(url=SITE + "/careers", kind="careers"),
    ),
    facts=(
        fact("news", "An older post about measurement", "/news/old", "2024-01-01"),
        fact("news", "How we use AI in media relations", "/news/ai", "2026-03-12"),
        fact("news", "Acme wins the Hartley Bank account", "/news/bank", "2026-06-01"),
        fact("news", "We are hiring interns for the summer", "/news/jobs", "2026-09-01"),
        fact("news", "A homepage teaser dated later still", "/", "2026-10-01"),
        fact("service", "Media relations", "/services"),
        fact("service", "Crisis communications", "/services"),
        fact("client", "River Trust — Clean river, clear message: volunteer sign-ups rose 40%; coverage in 12 outlets", "/work/river"),
        fact("client", "Hartley Bank", "/clients"),
        fact("industry", "Financial services", "/clients"),
        fact("value", "We tell the truth, even when it is slow", "/about"),
        fact("careers", "Account Executive — London", "/careers"),
        fact("careers", "Summer internship programme", "/careers"),
        fact("leader", "Dana Fox — Founder & CEO", "/team"),
        fact("leader", "Jo Lee — Account Director", "/team"),
        fact("leader", "Sam Park — Head of Digital", "/team"),
        fact("award", "Awards", "/about"),
        fact("award", "PRWeek Awards 2025 — shortlisted, Consumer Campaign of the Year", "/about"),
        fact("contact", "hello@acme.example", "/contact"),
    ),
)

SAMPLE_FACT = Fact(kind="news", text="Acme: sample post; second clause", source=SITE + "/news/x", date="2026-01-02")


def by_id(suggestions):  # type: ignore[no-untyped-def]
    return {s.bank_id: s for s in suggestions}


def planned(*groups_and_minutes: tuple[str, float]) -> list[PlannedQuestion]:
    return [PlannedQuestion(group=g, text=f"Question {i}", minutes=m) for i, (g, m) in enumerate(groups_and_minutes)]  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the bank


def test_the_bank_loads_with_every_group_well_stocked() -> None:
    assert set(PACK.groups) == set(GROUPS)
    for group in GROUPS:
        assert len([q for q in PACK.ask if q.group == group]) >= 4, group
    assert PACK.call.minutes == 20 and 0 < PACK.call.available < 20
    assert PACK.call.max_questions == 8
    assert questions_pack() is PACK  # cached


@pytest.mark.parametrize("question", PACK.ask, ids=lambda q: q.id)
def test_every_bank_question_renders_with_and_without_facts(question) -> None:  # type: ignore[no-untyped-def]
    for context in ({"agency": "Acme PR", "person": "Jo"}, {"agency": "the agency", "person": "you"}):
        generic = render(question.text, **context)
        assert generic.endswith("?") and "{" not in generic
        if question.tailored:
            for sample in (SAMPLE_FACT, Fact(kind="news", text="x", source=SITE)):
                tailored = render(question.tailored.text, **fact_context(sample), **context)
                assert tailored.endswith("?") and "{" not in tailored
                assert tailored != generic
            assert "sample post" in render(question.tailored.text, **fact_context(SAMPLE_FACT), **context)
    assert 0.5 <= question.minutes <= 5


@pytest.mark.parametrize("question", PACK.theirs, ids=lambda q: q.id)
def test_every_question_they_may_ask_renders(question) -> None:  # type: ignore[no-untyped-def]
    for context in ({"agency": "Acme PR", "person": "Jo"}, {"agency": "the agency", "person": "you"}):
        assert render(question.text, **context).endswith("?")
        assert render(question.why, **context) and render(question.how, **context)


def test_the_questions_the_issue_names_are_in_the_bank() -> None:
    texts = {q.id: q.text for q in PACK.theirs}
    assert texts["why-pr"] == "Why PR?" and texts["know-us"] == "What do you know about us?"
    assert "did it work" in texts["project"] and texts["why-change"] == "Why change careers?"
    assert "reading" in texts["reading"] and "five years" in texts["five-years"]
    assert next(q for q in PACK.theirs if q.id == "know-us").homework


def _pack_yaml() -> dict:
    return yaml.safe_load((Path(__file__).resolve().parents[2] / "content" / "questions.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "break_it, words",
    [
        (lambda d: d["ask"].append(dict(d["ask"][0])), "unique"),
        (lambda d: d["groups"].pop("advice"), "groups must name"),
        (lambda d: d.__setitem__("ask", [q for q in d["ask"] if q["group"] != "resources"] + [{**d["ask"][0], "id": "r1", "group": "resources"}]),
         "at least two"),
        (lambda d: d["call"].__setitem__("intro_minutes", 10) or d["call"].__setitem__("wrap_up_minutes", 10), "no time"),
        (lambda d: d["answer"].__setitem__("min_seconds", 120), "below max_seconds"),
        (lambda d: d["ask"][0]["tailored"].__setitem__("needs", "gossip"), "needs"),
        (lambda d: d["ask"][0].__setitem__("text", "{{ unclosed"), "template syntax"),
        (lambda d: d["theirs"][0].__setitem__("situations", ["astronaut"]), "situations"),
    ],
)
def test_a_broken_bank_fails_at_load_with_the_reason(tmp_path: Path, break_it, words: str) -> None:  # type: ignore[no-untyped-def]
    data = _pack_yaml()
    break_it(data)
    (tmp_path / "questions.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError, match=words):
        load_pack("questions.yaml", QuestionsPack, root=tmp_path)


def test_the_unbroken_copy_loads(tmp_path: Path) -> None:
    (tmp_path / "questions.yaml").write_text(yaml.safe_dump(_pack_yaml(), allow_unicode=True), encoding="utf-8")
    assert load_pack("questions.yaml", QuestionsPack, root=tmp_path) == PACK


# --------------------------------------------------------------------------- tailoring


def test_without_research_every_question_is_generic_and_names_the_agency() -> None:
    suggestions = suggest_questions(PACK, None, "student", agency="Acme PR")
    assert suggestions and not any(s.tailored for s in suggestions)
    assert any("Acme PR" in s.text for s in suggestions)
    assert [s.group for s in suggestions] == sorted((s.group for s in suggestions), key=list(PACK.groups).index)
    assert all("the agency" not in s.text for s in suggestions if "Acme PR" in s.text)


def test_newest_news_from_the_newsroom_first_and_no_fact_used_twice() -> None:
    found = by_id(suggest_questions(PACK, RICH, "student", person="Jo Lee"))
    # The hiring post is skipped (not a trend); the home-page teaser only after newsroom posts.
    assert "Acme wins the Hartley Bank account" in found["trends-news"].text and "2026-06-01" in found["trends-news"].text
    assert "How we use AI in media relations" in found["insights-news"].text
    assert found["trends-news"].fact != found["insights-news"].fact
    tailored_facts = [s.fact for s in found.values() if s.fact]
    assert len(tailored_facts) == len(set(tailored_facts))


def test_each_kind_of_fact_tailors_its_question() -> None:
    found = by_id(suggest_questions(PACK, RICH, "student", person="Jo Lee"))
    assert found["trends-service"].text.startswith("You list Media relations among your services")
    assert "“Financial services”" in found["trends-industry"].text
    # A client fact on a case-study page is the campaign: headline and first result, not "a client".
    assert "River Trust — Clean river, clear message" in found["insights-work"].text
    assert "volunteer sign-ups rose 40%" in found["insights-work"].text and "coverage in 12" not in found["insights-work"].text
    assert "Hartley Bank among your clients" in found["insights-client"].text
    assert "PRWeek Awards 2025" in found["insights-award"].text  # the bare heading "Awards" is skipped
    assert "We tell the truth" in found["insights-value"].text
    assert "Account Executive — London" in found["advice-stand-out"].text
    assert "Summer internship programme" in found["assign-ready"].text


def test_the_referral_question_never_names_the_person_you_talk_to_or_the_founder() -> None:
    found = by_id(suggest_questions(PACK, RICH, "student", person="Jo Lee"))
    assert "Sam Park" in found["resources-people"].text
    only_jo = RICH.model_copy(update={"facts": tuple(f for f in RICH.facts if not f.text.startswith("Sam"))})
    assert not by_id(suggest_questions(PACK, only_jo, "student", person="Jo Lee"))["resources-people"].tailored


def test_facts_for_prefers_the_named_page_then_the_newest() -> None:
    spec = Tailoring(needs="news", text="{{ fact }}?", prefer_page="news")
    texts = [f.text for f in facts_for(spec, RICH)]
    assert texts[:4] == ["We are hiring interns for the summer", "Acme wins the Hartley Bank account",
                         "How we use AI in media relations", "An older post about measurement"]
    assert texts[-1] == "A homepage teaser dated later still"
    assert facts_for(spec, None) == []
    work = facts_for(Tailoring(needs="work", text="?"), RICH)
    assert [f.text[:11] for f in work] == ["River Trust"]
    assert all(f.kind != "client" or "River" not in f.text for f in facts_for(Tailoring(needs="client", text="?"), RICH))


def test_fact_context_splits_a_case_study_into_headline_and_first_result() -> None:
    context = fact_context(fact("client", "Brand — Campaign: sales rose 20%; awareness doubled.", "/work/x"))
    assert context == {"fact": "Brand — Campaign: sales rose 20%; awareness doubled", "date": "",
                       "headline": "Brand — Campaign", "detail": "sales rose 20%"}
    assert fact_context(fact("service", "Media relations."))["detail"] == ""


def test_career_changer_and_student_questions_appear_only_for_them() -> None:
    changer = by_id(suggest_questions(PACK, None, "career-changer"))
    student = by_id(suggest_questions(PACK, None, "student"))
    assert "advice-career-changer" in changer and "advice-career-changer" not in student
    assert "advice-student" in student and "advice-student" not in changer
    theirs = {q.id for q in their_questions(PACK, "career-changer")}
    assert "why-change" in theirs and "why-change" not in {q.id for q in their_questions(PACK, "student")}
    assert "why-change" not in {q.id for q in their_questions(PACK, "other")}


def test_homework_note_questions_become_suggestions_in_their_kinds_group() -> None:
    types = {kind: spec.question_type for kind, spec in homework_pack().kinds.items()}
    notes = [HomeworkNote(id="a", kind="news", question="What led to the AI post?"),
             HomeworkNote(id="b", kind="leader", question="  Whom do you read?  "),
             HomeworkNote(id="c", kind=None, question=""),
             HomeworkNote(id="d", kind=None, question="what led to the AI post?")]
    found = homework_questions(notes, types, 3)
    assert [(s.bank_id, s.group, s.text) for s in found] == [
        ("homework-a", "trends", "What led to the AI post?"), ("homework-b", "resources", "Whom do you read?")]


def test_a_suggestion_becomes_a_planned_question_with_its_bank_budget() -> None:
    suggestion = by_id(suggest_questions(PACK, None, "student"))["assign-follow-up"]
    question = planned_from(suggestion)
    assert (question.bank_id, question.group, question.minutes) == ("assign-follow-up", "assignments", 1)
    own = own_question("What surprised you most this year?", "trends", PACK)
    assert own.bank_id == "" and own.minutes == PACK.call.own_minutes


def test_moving_a_question_up_and_down_clamps_at_the_ends() -> None:
    plan = planned(("trends", 3), ("advice", 3), ("resources", 2))
    ids = [q.id for q in plan]
    assert [q.id for q in moved(plan, ids[2], -1)] == [ids[0], ids[2], ids[1]]
    assert [q.id for q in moved(plan, ids[0], -1)] == ids
    assert [q.id for q in moved(plan, ids[2], +1)] == ids
    assert [q.id for q in moved(plan, ids[0], +1)] == [ids[1], ids[0], ids[2]]
    with pytest.raises(LookupError):
        moved(plan, "gone", 1)


# --------------------------------------------------------------------------- plan timing and balance


def test_a_plan_within_the_time_left_fits() -> None:
    fit = plan_fit(planned(("trends", 3), ("insights", 3), ("advice", 3), ("resources", 2), ("assignments", 3)), PACK)
    assert fit.fits and fit.total == 14 and fit.available == 15 and fit.spare == 1 and fit.reasons == ()


def test_a_plan_exactly_at_the_limit_fits_and_one_over_does_not() -> None:
    assert plan_fit(planned(("trends", 7.5), ("advice", 7.5)), PACK).fits
    over = plan_fit(planned(("trends", 8), ("advice", 7.5)), PACK)
    assert not over.fits and over.total == 15.5
    (reason,) = over.reasons
    assert "15.5 minutes, 0.5 more than the 15 left of a 20-minute call after 2 for introductions and 3 for wrap-up" in reason


def test_more_questions_than_the_call_allows_is_a_reason() -> None:
    many = [PlannedQuestion(text="q", minutes=0.5) for _ in range(9)]
    fit = plan_fit(many, PACK)
    assert not fit.fits and any("9 questions is more than 8" in r for r in fit.reasons)


def test_a_balanced_plan_has_no_balance_warning() -> None:
    assert group_balance(planned(("trends", 3), ("insights", 3), ("advice", 3), ("assignments", 2)), PACK) == []
    assert group_balance(planned(("advice", 3), ("advice", 3)), PACK) == []  # too few to judge


def test_a_plan_in_too_few_groups_is_warned() -> None:
    (warning,) = group_balance(planned(("advice", 3), ("advice", 3), ("insights", 3)), PACK)
    assert warning.startswith("All 3 questions are about insights, advice: add one about trends or resources")


def test_a_plan_crowded_in_one_group_is_warned() -> None:
    warnings = group_balance(planned(("advice", 3), ("advice", 3), ("advice", 3), ("trends", 3), ("resources", 2)), PACK)
    assert warnings == ["3 of 5 questions are advice: swap one for insights or assignments."]


# --------------------------------------------------------------------------- spoken length


def test_spoken_seconds_follow_the_pace() -> None:
    text = " ".join(["word"] * 140)
    assert word_count(text) == 140
    assert spoken_seconds(text, 140) == 60 and spoken_seconds(text, 70 * 2) == 60
    assert spoken_seconds(text) == 60
    assert spoken_seconds(text, 0) == spoken_seconds(text, 80)  # unusable paces use the profile's range
    assert spoken_seconds(text, float("nan")) == 60


@pytest.mark.parametrize(
    "words, wpm, verdict",
    [(0, 140, "empty"), (100, 140, "short"), (139, 140, "short"), (140, 140, "right"), (210, 140, "right"),
     (211, 140, "long"), (150, 100, "right"), (170, 100, "long"), (250, 200, "right")],
)
def test_answer_length_verdicts(words: int, wpm: int, verdict: str) -> None:
    check = answer_length_check(" ".join(["word"] * words), wpm, PACK)
    assert check.verdict == verdict and check.words == words
    assert (check.min_words, check.max_words) == (wpm, wpm * 3 // 2)


def test_answer_length_messages_say_words_seconds_and_what_to_do() -> None:
    short = answer_length_check("I like people.", 140, PACK)
    assert short.message.startswith("3 words · about 1 second at 140 words a minute: too short")
    assert "aim for 140–210 words" in short.message
    assert "right length" in answer_length_check("w " * 175, 140, PACK).message
    assert "at most 210 words" in answer_length_check("w " * 300, 140, PACK).message
    assert "140–210 words" in answer_length_check("", 140, PACK).message


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.text(max_size=60),
       st.floats(allow_nan=True, allow_infinity=True), st.floats(min_value=1, max_value=400))
def test_spoken_seconds_never_raise_and_grow_with_words_and_shrink_with_pace(text: str, more: str, wpm: float, other: float) -> None:
    seconds = spoken_seconds(text, wpm)
    assert seconds >= 0
    assert spoken_seconds(text + " " + more, wpm) >= seconds
    low, high = sorted((wpm if wpm == wpm else 140, other))
    assert spoken_seconds(text, low) >= spoken_seconds(text, high)
    assert answer_length_check(text, wpm, PACK).verdict in ("empty", "short", "right", "long")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(GROUPS), st.floats(min_value=0.5, max_value=20)), max_size=10),
       st.tuples(st.sampled_from(GROUPS), st.floats(min_value=0.5, max_value=20)))
def test_plan_timing_never_raises_and_adding_a_question_never_helps(items, extra) -> None:  # type: ignore[no-untyped-def]
    plan = planned(*items)
    fit = plan_fit(plan, PACK)
    more = plan_fit([*plan, *planned(extra)], PACK)
    assert more.total >= fit.total
    assert not (fit.fits is False and more.fits is True)
    assert fit.fits == (not fit.reasons)
    group_balance(plan, PACK)


# --------------------------------------------------------------------------- progress


def _conversation(plan: list[PlannedQuestion], answers: dict[str, str] | None = None) -> Conversation:
    return Conversation(person=Person(name="Jo Lee"), agency=Agency(name="Acme PR"),
                        questions=QuestionPlan(planned=plan, answers=answers or {}))


KEY_ANSWERS = {"why-pr": "Because…", "know-us": "Your AI post…", "project": "My campus campaign…"}


def test_progress_without_a_conversation_points_to_start() -> None:
    progress = questions_progress(None, PACK)
    assert (progress.done, progress.total, progress.step) == (0, 4, "Questions")


def test_progress_is_complete_with_five_questions_in_three_groups_that_fit_and_key_answers() -> None:
    plan = planned(("trends", 3), ("insights", 3), ("advice", 3), ("resources", 2), ("assignments", 3))
    progress = questions_progress(_conversation(plan, KEY_ANSWERS), PACK, "student")
    assert progress.complete and progress.next_hint == ""


def test_progress_names_what_is_missing_first() -> None:
    progress = questions_progress(_conversation([]), PACK, "student")
    assert progress.done == 0 and progress.next_hint == "Choose at least 5 questions to ask (0 so far)"
    narrow = planned(("advice", 3), ("advice", 3), ("insights", 3), ("advice", 2), ("advice", 2))
    progress = questions_progress(_conversation(narrow, KEY_ANSWERS), PACK, "student")
    assert progress.done == 3 and progress.next_hint == "Cover at least 3 question groups (2 so far)"
    long = planned(("trends", 5), ("insights", 5), ("advice", 5), ("resources", 2), ("assignments", 3))
    progress = questions_progress(_conversation(long, KEY_ANSWERS), PACK, "student")
    assert progress.done == 3 and progress.next_hint.startswith("The plan needs 20 minutes")


def test_career_changers_also_need_why_change_careers() -> None:
    plan = planned(("trends", 3), ("insights", 3), ("advice", 3), ("resources", 2), ("assignments", 3))
    assert questions_progress(_conversation(plan, KEY_ANSWERS), PACK, "student").complete
    changer = questions_progress(_conversation(plan, KEY_ANSWERS), PACK, "career-changer")
    assert not changer.complete and changer.next_hint == "Note your answer to “Why change careers?”"
    assert questions_progress(_conversation(plan, {**KEY_ANSWERS, "why-change": "I taught…"}), PACK, "career-changer").complete
    assert questions_progress(_conversation(plan, KEY_ANSWERS), PACK).complete  # situation unknown: shared key questions
    blank = questions_progress(_conversation(plan, {**KEY_ANSWERS, "why-pr": "   "}), PACK)
    assert blank.next_hint == "Note your answer to “Why PR?”"


def test_homework_points_are_the_notes_learned_lines() -> None:
    notes = [HomeworkNote(learned="  Acme posted about AI.\n"), HomeworkNote(learned=""), HomeworkNote(learned="b"),
             HomeworkNote(learned="c"), HomeworkNote(learned="d")]
    assert homework_points(notes) == ["Acme posted about AI.", "b", "c"]
