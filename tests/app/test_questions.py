"""The Questions page through AppTest: pick, fit, reorder, remove, write your own, answer notes, tailoring."""

from __future__ import annotations

from coach.model import HomeworkNote, PlannedQuestion, Workspace
from coach.questions import facts_for, questions_pack
from tests.app.helpers import app, demo, keyed, opened, store, texts

PAGE = "coach/ui/questions.py"
THEIRS = "Questions they may ask you"


def open_group(at, group: str):  # type: ignore[no-untyped-def]
    at.session_state[f"questions.open.{group}"] = True
    return at.run()


def box(at, bank_id: str):  # type: ignore[no-untyped-def]
    """The suggestion's checkbox, whether ticked or not."""
    (found,) = [c for c in at.checkbox if (c.key or "").rsplit(".", 1)[0].endswith(f"pick.{bank_id}")]
    return found


def pick(at, *bank_ids: str) -> None:  # type: ignore[no-untyped-def]
    for bank_id in bank_ids:
        group = next(q.group for q in questions_pack().ask if q.id == bank_id)
        if not (f"questions.open.{group}" in at.session_state and at.session_state[f"questions.open.{group}"]):
            open_group(at, group)
        box(at, bank_id).check().run()
        assert not at.exception, [e.value for e in at.exception]


def plan(token: str) -> list[PlannedQuestion]:
    return store().load(token).conversations[0].questions.planned


def theirs(at):  # type: ignore[no-untyped-def]
    at.session_state["questions_tab"] = THEIRS
    return at.run()


def test_without_a_workspace_the_page_points_to_start() -> None:
    at = app().run()
    at.switch_page(PAGE).run()
    assert "Open or create a workspace on the Start page first." in texts(at)


def test_picked_questions_are_saved_with_their_bank_budget_and_the_plan_fits() -> None:
    at, token = opened(demo(), PAGE)
    assert any("No questions yet" in i.value for i in at.info)
    pick(at, "trends-ai", "insights-different", "advice-path")
    saved = plan(token)
    assert [(q.bank_id, q.group, q.minutes) for q in saved] == [
        ("trends-ai", "trends", 3), ("insights-different", "insights", 3), ("advice-path", "advice", 3)]
    assert "Northlight Communications" in saved[0].text  # generic text, rendered for the agency
    (fits,) = at.success
    assert "Fits the call" in fits.value and "9 of 15 minutes for 3 questions" in fits.value and "room for one more" in fits.value
    assert box(at, "trends-ai").value is True


def test_an_over_long_plan_is_flagged_and_a_full_plan_takes_no_more() -> None:
    at, token = opened(demo(), PAGE)
    pick(at, "trends-ai", "trends-media", "insights-different", "advice-path", "advice-skills", "resources-reading")
    (over,) = [w for w in at.warning if "Over time" in w.value]
    assert "17 minutes, 2 more than the 15 left" in over.value
    pick(at, "assign-project", "assign-follow-up")
    assert len(plan(token)) == 8
    assert box(at, "assign-sample").disabled and not box(at, "assign-project").disabled
    assert "as many as a 20-minute call holds" in texts(at)


def test_a_plan_leaning_on_one_group_is_warned() -> None:
    at, _ = opened(demo(), PAGE)
    pick(at, "advice-path", "advice-skills", "advice-mistakes")
    assert any("All 3 questions are about advice" in w.value for w in at.warning), texts(at)
    pick(at, "trends-ai", "insights-different")
    assert any("3 of 5 questions are advice" in w.value for w in at.warning)


def test_reorder_edit_and_remove_the_picked_question() -> None:
    at, token = opened(demo(), PAGE)
    pick(at, "trends-ai", "advice-path", "assign-follow-up")
    first, second, third = (q.id for q in plan(token))
    # The last one added is open in the editor: move it up twice, then down once.
    assert at.button(key="plan.down").disabled
    at.button(key="plan.up").click().run()
    at.button(key="plan.up").click().run()
    assert [q.id for q in plan(token)] == [third, first, second]
    assert at.button(key="plan.up").disabled
    at.button(key="plan.down").click().run()
    assert [q.id for q in plan(token)] == [first, third, second]

    at.radio[0].set_value(second).run()
    keyed(at.text_area, f"{second}.text").set_value("How did you get into PR, and who helped you most?").run()
    keyed(at.number_input, f"{second}.minutes").set_value(4.5).run()
    saved = {q.id: q for q in plan(token)}
    assert saved[second].text == "How did you get into PR, and who helped you most?" and saved[second].minutes == 4.5
    assert "8.5 of 15 minutes" in at.success[0].value

    at.button(key="plan.remove").click().run()
    assert [q.id for q in plan(token)] == [first, third]
    assert box(at, "advice-path").value is False


def test_unticking_a_suggestion_removes_it_from_the_plan() -> None:
    at, token = opened(demo(), PAGE)
    pick(at, "trends-ai", "trends-media")
    box(at, "trends-ai").uncheck().run()
    assert [q.bank_id for q in plan(token)] == ["trends-media"]


def test_write_your_own_question() -> None:
    at, token = opened(demo(), PAGE)
    at.text_input(key="own_text").set_value("What surprised you most in your first year at an agency?")
    at.selectbox(key="own_group").set_value("advice")
    next(b for b in at.button if b.label == "Add my question").click().run()
    (own,) = plan(token)
    assert (own.bank_id, own.group, own.minutes) == ("", "advice", questions_pack().call.own_minutes)
    assert own.text == "What surprised you most in your first year at an agency?"
    assert keyed(at.text_area, f"{own.id}.text").value == own.text


def test_an_empty_own_question_is_refused() -> None:
    at, token = opened(demo(), PAGE)
    next(b for b in at.button if b.label == "Add my question").click().run()
    assert any("Write the question first" in e.value for e in at.error)
    assert plan(token) == []


def test_answer_notes_are_saved_and_timed_at_the_users_pace() -> None:
    at, token = opened(demo(), PAGE)
    theirs(at)
    cid = store().load(token).conversations[0].id
    keyed(at.text_area, f"{cid}.answer.why-pr").set_value("I ran a campus health campaign and loved the media side.").run()
    assert store().load(token).conversations[0].questions.answers == {
        "why-pr": "I ran a campus health campaign and loved the media side."}
    assert "11 words · about 5 seconds at 140 words a minute: too short" in texts(at)
    assert ":orange-badge[:material/arrow_downward: Too short]" in texts(at)

    keyed(at.number_input, "profile.speaking_wpm").set_value(100).run()
    assert store().load(token).profile.speaking_wpm == 100
    assert "about 7 seconds at 100 words a minute" in texts(at)

    keyed(at.text_area, f"{cid}.answer.why-pr").set_value(" ".join(["word"] * 120)).run()
    assert "120 words · about 72 seconds at 100 words a minute: the right length" in texts(at)
    keyed(at.text_area, f"{cid}.answer.why-pr").set_value("   ").run()
    assert store().load(token).conversations[0].questions.answers == {}


def test_the_career_changer_question_appears_only_for_career_changers() -> None:
    student, _ = opened(demo("student"), PAGE)
    changer, _ = opened(demo("career-changer"), PAGE)
    open_group(changer, "advice")
    assert any(c.key.endswith("pick.advice-career-changer.0") for c in changer.checkbox)
    open_group(student, "advice")
    assert not any("career-changer" in c.key for c in student.checkbox)
    assert "Why change careers?" not in texts(theirs(student))
    assert "Why change careers?" in texts(theirs(changer))


def test_what_do_you_know_about_us_points_to_the_homework_notes() -> None:
    at, _ = opened(demo(), PAGE)
    assert any("No homework notes yet" in i.value for i in theirs(at).info)
    workspace = demo()
    workspace.conversations[0].homework.notes = [HomeworkNote(kind="news", learned="They published a health-trust survey.",
                                                              question="What surprised the team in the survey?")]
    at, _ = opened(workspace, PAGE)
    assert "From your homework notes" in texts(theirs(at))
    assert "- They published a health-trust survey." in texts(at)


def test_homework_note_questions_are_offered_in_the_plan() -> None:
    workspace = demo()
    workspace.conversations[0].homework.notes = [HomeworkNote(id="n1", kind="news", question="What surprised the team in the survey?")]
    at, token = opened(workspace, PAGE)
    assert "From your homework notes (1)" in [e.label for e in at.expander]
    open_group(at, "homework")
    box(at, "homework-n1").check().run()
    (question,) = plan(token)
    assert (question.text, question.group) == ("What surprised the team in the survey?", "trends")


def test_tailored_questions_use_the_researched_agencys_facts() -> None:
    at, token = opened(demo(), "coach/ui/homework.py")
    at.button(key="research_demo").click().run()
    research = store().load(token).conversations[0].homework.research
    assert research is not None and research.facts
    at.switch_page(PAGE).run()
    open_group(at, "trends")
    newest = facts_for(next(q for q in questions_pack().ask if q.id == "trends-news").tailored, research)[0]  # type: ignore[arg-type]
    assert newest.kind == "news" and newest.date
    label = box(at, "trends-news").label
    assert label.startswith(":material/travel_explore: Your newsroom mentions") and newest.date in label.replace("\\-", "-")
    assert "https://northlight.example/news/" in box(at, "trends-news").help.replace("\\", "")
    box(at, "trends-news").check().run()
    (question,) = plan(token)
    assert newest.text.rstrip(". ")[:40] in question.text and question.text.startswith("Your newsroom mentions")


def test_a_workspace_without_conversations_points_to_start() -> None:
    at, _ = opened(Workspace(), PAGE)
    assert "Add the person and agency on the Start page" in texts(at)
