"""Facts into homework prompts, the thin-site message, and the depth check on notes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.model import HomeworkNote
from coach.research.prompts import build_prompts, check_notes, homework_pack, note_from_prompt, thin_site_advice, with_prompts
from coach.research.results import combine
from coach.research.types import Fact, PageInfo, ResearchResult

SITE = "https://acme.example"


def fact(kind: str, text: str, page: str = "/", date: str | None = None) -> Fact:
    return Fact(kind=kind, text=text, source=SITE + page, date=date)  # type: ignore[arg-type]


RICH = ResearchResult(
    url=SITE + "/",
    name="Acme PR",
    pages=(PageInfo(url=SITE + "/work/river", kind="work", title="River clean-up | Acme PR"),
           PageInfo(url=SITE + "/news/ai", kind="news", title="How we use AI in media relations | Acme PR")),
    facts=(
        fact("news", "How we use AI in media relations", "/news/ai", "2026-03-12"),
        fact("news", "Acme wins the Hartley Bank account", "/news/bank", "2026-06-01"),
        fact("news", "Older post", "/news/old", "2024-01-01"),
        fact("service", "Media relations", "/services"),
        fact("service", "Crisis communications", "/services"),
        fact("client", "River Trust", "/work/river"),
        fact("client", "Hartley Bank", "/clients"),
        fact("value", "We tell the truth, even when it is slow", "/about"),
        fact("careers", "Summer internship, applications open in January", "/careers"),
        fact("leader", "Dana Fox — Managing Director", "/team"),
        fact("contact", "hello@acme.example", "/contact"),
    ),
)


def test_prompts_have_three_parts_and_a_source() -> None:
    prompts = build_prompts(RICH.facts, "Acme PR", {p.url: p.kind for p in RICH.pages})
    assert prompts
    for prompt in prompts:
        assert prompt.learned and prompt.idea and prompt.question and prompt.source.startswith(SITE)


def test_newest_news_comes_first_and_every_kind_gets_a_turn_before_seconds() -> None:
    prompts = build_prompts(RICH.facts, "Acme PR", {p.url: p.kind for p in RICH.pages})
    assert "Hartley Bank account" in prompts[0].learned and "2026-06-01" in prompts[0].learned
    first_round = prompts[:7]
    assert {p.kind for p in first_round} == {"news", "client", "service", "value", "careers", "leader"}
    assert any("shows this work: River Trust" in p.learned for p in first_round), "case studies get their own turn"
    assert not any("hello@acme" in p.learned for p in prompts), "contact details are not homework"


def test_hints_fit_the_kind() -> None:
    prompts = {p.source: p for p in build_prompts(RICH.facts, "Acme PR", {p.url: p.kind for p in RICH.pages})}
    case_study = prompts[SITE + "/work/river"]
    assert "measure" in case_study.idea, "a case study asks what you would measure next"
    post = prompts[SITE + "/news/bank"]
    assert "trend" in post.idea or "reaction" in post.idea
    service = prompts[SITE + "/services"]
    assert "client" in service.idea and "channel" in service.idea


def test_with_prompts_fills_a_result() -> None:
    assert with_prompts(RICH).prompts == tuple(build_prompts(RICH.facts, "Acme PR", {p.url: p.kind for p in RICH.pages}))


def test_a_thin_site_is_said_plainly_with_where_else_to_look() -> None:
    thin = ResearchResult(url=SITE, name="Tiny PR", facts=(fact("name", "Tiny PR"), fact("about", "We do PR")))
    advice = thin_site_advice(thin, "Jo Lee")
    assert "says little" in advice[0] and "1 facts of 1 kinds" in advice[0]
    assert any("Jo Lee" in line and "posts" in line for line in advice)
    assert any("news coverage of Tiny PR" in line for line in advice)
    assert thin_site_advice(RICH) == []


def _note(learned: str, idea: str = "", question: str = "What would you advise?", source: str = SITE + "/a") -> HomeworkNote:
    return HomeworkNote(learned=learned, idea=idea, question=question, source=source)


IDEA = "I would measure whether clinic bookings rose in the weeks after the coverage, not just the clippings."


def test_three_deep_notes_from_two_pages_are_ready() -> None:
    notes = [
        _note("Their AI post says they draft pitches with AI but a human checks every fact.", IDEA, source=SITE + "/news/ai"),
        _note("The River Trust clean-up drew 400 volunteers and regional TV.", IDEA, source=SITE + "/work/river"),
        _note("They hire summer interns and applications open in January.", IDEA, source=SITE + "/careers"),
    ]
    report = check_notes(notes, RICH)
    assert report.ready and report.reasons == () and report.notes == ()


def test_fewer_than_three_notes_is_not_yet() -> None:
    report = check_notes([_note("They opened a Denver office last spring.", IDEA)], RICH)
    assert not report.ready and any("1 note so far" in r for r in report.reasons)


def test_a_note_that_only_restates_a_headline_is_flagged() -> None:
    notes = [_note("How we use AI in media relations", IDEA, source=SITE + "/news/ai")]
    (flags,) = check_notes(notes, RICH).notes
    assert any("only restates" in r for r in flags.reasons)


def test_a_note_that_adds_to_the_headline_is_not_flagged_as_restating() -> None:
    notes = [_note("How we use AI in media relations: they still have a human check every claim before pitching.", IDEA)]
    assert check_notes(notes, RICH).notes == ()


def test_a_note_without_an_idea_or_with_a_token_idea_is_flagged() -> None:
    notes = [_note("They opened a Denver office.", ""), _note("They hired a new head of digital.", "Good idea.")]
    flags = {f.note_id: f.reasons for f in check_notes(notes, RICH).notes}
    assert any("No insight or idea" in r for r in flags[notes[0].id])
    assert any("2 words" in r for r in flags[notes[1].id])


def test_all_notes_from_one_page_is_flagged() -> None:
    notes = [_note(f"Point {i} from the about page about their growth plans.", IDEA, source=SITE + "/about") for i in range(3)]
    report = check_notes(notes, RICH)
    assert not report.ready and any("one page" in r for r in report.reasons)


def test_blank_notes_do_not_count() -> None:
    assert "0 notes so far" in check_notes([HomeworkNote(), HomeworkNote()], None).reasons[0]


def test_a_note_from_a_prompt_leaves_the_idea_to_the_student() -> None:
    prompt = build_prompts(RICH.facts, "Acme PR")[0]
    note = note_from_prompt(prompt)
    assert note.learned == prompt.learned and note.question == prompt.question and note.idea == ""
    assert note.source == prompt.source


def test_every_kind_in_the_pack_renders() -> None:
    pack = homework_pack()
    facts = [fact(k if k != "work" else "client", f"Sample {k} fact", "/work/x" if k == "work" else f"/{k}", "2026-01-01")
             for k in pack.kinds]
    prompts = build_prompts(facts, "Acme PR", {SITE + "/work/x": "work"})
    assert {p.source for p in prompts} >= {SITE + "/work/x", SITE + "/news"}


def test_combine_adds_new_facts_and_pages_only_once() -> None:
    pasted = ResearchResult(url=SITE + "/blocked", name="", pages=(PageInfo(url=SITE + "/blocked"),),
                            facts=(fact("service", "media relations", "/blocked"), fact("service", "Events", "/blocked")))
    merged = combine(RICH, pasted)
    assert merged.name == "Acme PR"
    assert [f.text for f in merged.facts if f.kind == "service"] == ["Media relations", "Crisis communications", "Events"]
    assert merged.pages[-1].url == SITE + "/blocked"
    assert combine(None, pasted) is pasted


@settings(max_examples=100, deadline=None)
@given(st.lists(st.builds(HomeworkNote, learned=st.text(max_size=200), idea=st.text(max_size=200),
                          question=st.text(max_size=50), source=st.text(max_size=30)), max_size=6))
def test_the_depth_check_never_fails_on_any_notes(notes: list[HomeworkNote]) -> None:
    report = check_notes(notes, RICH)
    assert report.ready == (not report.reasons)
