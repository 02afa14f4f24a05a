"""The Skills page through AppTest: roles and words, accept/reject with reasons, evidence, gaps, chart, pitch, timer."""

from __future__ import annotations

import json
import time

import pyarrow as pa
import pytest

from coach.research.offline import DEMO_URL, demo_transport
from coach.research.engine import research_sync
from coach.research.types import ResearchResult
from coach.skills import skills_pack
from coach.ui.views.skills import TIMER_ELAPSED, TIMER_STARTED
from tests.app.helpers import app, demo, keyed, opened, store, texts

PAGE = "coach/ui/skills.py"


@pytest.fixture(scope="module")
def northlight() -> ResearchResult:
    """The demo agency, researched once for the module (offline, through the real pipeline)."""
    return research_sync(DEMO_URL, transport=demo_transport())


def _sam(research: ResearchResult | None = None):  # type: ignore[no-untyped-def]
    workspace = demo("career-changer")
    if research is not None:
        workspace.conversations[0].homework.research = research
    return opened(workspace, PAGE)


def _chart_rows(at) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    """The chart's data as the browser receives it (Arrow IPC bytes on the element)."""
    (chart,) = at.get("vega_lite_chart")
    assert json.loads(chart.proto.spec)["mark"]["type"] == "bar"
    return pa.ipc.open_stream(chart.proto.data.data).read_all().to_pylist()


def test_without_a_workspace_the_page_points_to_start() -> None:
    at = app().run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "Open or create a workspace on the Start page first." in texts(at)


def test_career_changers_see_the_step_highlighted_and_students_see_it_offered() -> None:
    at, _ = _sam()
    assert any("Made for career-changers" in s.value for s in at.success)
    student, _ = opened(demo("student"), PAGE)
    assert not student.success and "Most useful for career-changers, and open to everyone" in texts(student)


def test_suggestions_show_their_score_and_the_words_behind_it() -> None:
    at, _ = _sam()
    assert not at.exception
    said = texts(at)
    assert "**Strategic planning** · score" in said
    assert "“curriculum” +2" in said and "Teacher: Planned lessons for classes with very different needs and abilities +2" in said
    assert "O*NET OnLine by the U.S. Department of Labor" in said and "CC BY 4.0" in said


def test_accept_and_reject_are_saved_and_can_be_undone() -> None:
    at, token = _sam()
    at.button(key="accept.planning").click().run()
    at.button(key="reject.social").click().run()
    decisions = store().load(token).skills.decisions
    assert decisions["planning"] == "accepted" and decisions["social"] == "rejected"
    assert "**Strategic planning** · ◻️ Claimed: add an example" in texts(at)
    assert not any(b.key == "accept.planning" for b in at.button)
    at.button(key="undo.planning").click().run()
    at.button(key="claim.social").click().run()  # "Undo the rejection" on the gap
    assert "planning" not in store().load(token).skills.decisions
    assert "social" not in store().load(token).skills.decisions
    assert any(b.key == "accept.planning" for b in at.button)


def test_an_example_makes_a_strength_evidenced_and_a_missing_result_is_pointed_out() -> None:
    at, token = _sam()
    keyed(at.text_area, "skills.evidence.presenting").set_value("I ran weekly assemblies for the whole year group.").run()
    assert store().load(token).skills.evidence["presenting"].startswith("I ran weekly assemblies")
    assert "Add the result: a number, or what changed because of it." in texts(at)
    keyed(at.text_area, "skills.evidence.presenting").set_value("Ran 30 assemblies; attendance at clubs doubled.").run()
    assert "Add the result" not in texts(at) and "**Presenting** · ✅ Evidenced" in texts(at)


def test_roles_and_own_words_change_the_matches() -> None:
    at, token = opened(demo("student"), PAGE)
    assert "Pick a past role or describe what you did" in texts(at)
    keyed(at.multiselect, "skills.roles").set_value(["nurse"]).run()
    assert store().load(token).skills.roles == ["nurse"]
    assert "**Crisis and issues** · score" in texts(at)
    keyed(at.text_area, "skills.own_words").set_value("I like hiking and cooking").run()
    assert store().load(token).skills.own_words == "I like hiking and cooking"
    keyed(at.multiselect, "skills.roles").set_value([]).run()
    assert "Pick a past role or describe what you did" in texts(at) and "· score" not in texts(at)


def test_a_role_hinted_by_the_words_can_be_added_in_one_click() -> None:
    at, token = opened(demo("student"), PAGE)
    keyed(at.text_area, "skills.own_words").set_value("Six years as a nurse on a surgical ward.").run()
    at.button(key="add_role.nurse").click().run()
    assert store().load(token).skills.roles == ["nurse"]


def test_gaps_follow_the_agencys_facts_with_ways_to_close_them(northlight: ResearchResult) -> None:
    at, _ = _sam(northlight)
    said = texts(at)
    assert "4. Gaps, most important for Northlight Communications first" in said
    first = said.index("**1. Media relations** ★")
    second = said.index("**2. Crisis and issues** ★")
    assert first < second
    assert "Northlight Communications's site names it (service: “Media Relations”)" in said or \
        "site names it (service: “Media Relations”)" in said
    assert "Write three pitch emails for one of Northlight Communications' published campaigns" in said


def test_the_chart_renders_with_every_competency_and_the_agency_marks(northlight: ResearchResult) -> None:
    at, _ = _sam(northlight)
    rows = _chart_rows(at)
    assert [r["Competency"] for r in rows][0] == "★ Media relations"
    assert {r["Competency"].removeprefix("★ ") for r in rows} == {c.label for c in skills_pack().competencies}
    assert {"Evidenced", "Gap", "Suggested (decide)"} <= {r["Status"] for r in rows}
    at.button(key="accept.storytelling").click().run()
    assert any(r["Status"] == "Claimed (no example yet)" for r in _chart_rows(at))


def test_the_pitch_names_the_agency_fits_and_can_be_edited_and_reset(northlight: ResearchResult) -> None:
    at, token = _sam(northlight)
    conversation_id = store().load(token).conversations[0].id
    short = next(t for t in at.text_area if t.label == "30-second version")
    assert short.value.startswith("I'm Sam, a teacher") and "Northlight Communications" in short.value
    assert "Executive Visibility" in short.value or "Media Relations" in short.value
    assert any("fits 30 s" in c.value for c in at.caption)
    short.set_value("I'm Sam. Teaching taught me to plan for every kind of reader.").run()
    saved = store().load(token).conversations[0].pitch
    assert saved.short == "I'm Sam. Teaching taught me to plan for every kind of reader."
    at.button(key="reset_pitch.short").click().run()
    assert store().load(token).conversations[0].pitch.short == ""
    keyed(at.selectbox, f"{conversation_id}.pitch.chosen").set_value("long").run()
    assert store().load(token).conversations[0].pitch.chosen == "long"


def test_the_rehearsal_timer_starts_stops_and_reports_against_the_target() -> None:
    at, _ = _sam()
    assert at.button(key="timer_stop").disabled and not at.button(key="timer_start").disabled
    at.button(key="timer_start").click().run()
    assert at.session_state[TIMER_STARTED] is not None
    assert at.button(key="timer_start").disabled and not at.button(key="timer_stop").disabled
    assert any("/ 30 s" in m.value for m in at.markdown)
    at.session_state[TIMER_STARTED] = time.time() - 34  # as if the pitch had taken 34 seconds
    at.button(key="timer_stop").click().run()
    assert TIMER_STARTED not in at.session_state or at.session_state[TIMER_STARTED] is None
    assert 33 <= at.session_state[TIMER_ELAPSED] <= 40
    assert any("over the 30-second target" in w.value for w in at.warning)
    at.button(key="timer_start").click().run()
    at.session_state[TIMER_STARTED] = time.time() - 27
    at.button(key="timer_stop").click().run()
    assert any("of 30 s — on target" in s.value for s in at.success)


def test_the_sidebar_progress_and_reload_keep_the_decisions() -> None:
    at, token = _sam()
    at.button(key="accept.storytelling").click().run()
    again = app()
    again.query_params["ws"] = token
    again.run()
    again.switch_page(PAGE).run()
    assert "**Storytelling and content** · ◻️ Claimed: add an example" in texts(again)


def test_reruns_show_the_same_page(northlight: ResearchResult) -> None:
    """Cached matching must not drift: rerunning without a change shows exactly the same page."""
    at, _ = _sam(northlight)
    before = texts(at)
    for _ in range(3):
        at.run()
    assert not at.exception and texts(at) == before
