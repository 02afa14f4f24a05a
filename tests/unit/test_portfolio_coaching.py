"""Coaching on work samples: each check with a passing and a failing example, and the AMEC level."""

from __future__ import annotations

from datetime import date

import pytest

from coach.demo import demo_workspace
from coach.model import Metric, WorkSample, Workspace
from coach.portfolio import (
    amec_level,
    ave_terms,
    check_ave,
    check_method,
    check_metrics,
    check_objective,
    check_result,
    check_verbs,
    coach_sample,
    portfolio_pack,
    portfolio_progress,
    vague_verbs,
)


def sample(**fields) -> WorkSample:  # type: ignore[no-untyped-def]
    return WorkSample(**fields)


def test_did_it_work_needs_a_stated_result() -> None:
    assert not check_result(sample()).ok
    assert "Did it work?" in check_result(sample(result="ok")).reasons[0]
    assert check_result(sample(result="Bookings grew by a third over the term.")).ok
    assert check_result(sample(metrics=[Metric(name="Sign-ups", after=40)])).ok


def test_how_it_was_measured_needs_a_method_in_words() -> None:
    failing = check_method(sample(sources=["survey"]))
    assert not failing.ok and "How was success measured?" in failing.reasons[0]
    assert check_method(sample(method="Surveyed 150 students before and after.")).ok


@pytest.mark.parametrize("level, result, method", [
    ("output", "We sent the press release to 40 reporters and published 12 posts.", ""),
    ("outtake", "The posts reached 9,000 people and got 300 clicks.", "Instagram Insights"),
    ("outtake", "Three outlets covered the drive.", "Counted the coverage."),
    ("outcome", "Sign-ups rose from 200 to 260 in a month.", ""),
    ("outcome", "Awareness of the clinic rose 20 points.", "Survey before and after"),
    ("outcome", "", "Counted registrations and bookings."),
    ("impact", "Donations grew from $4,000 to $6,500.", ""),
    ("impact", "Ticket sales rose 15% year on year.", "Box office records"),
    ("impact", "The council changed its policy after our campaign.", ""),
])
def test_amec_level_is_the_highest_the_evidence_shows(level: str, result: str, method: str) -> None:
    report = amec_level(sample(result=result, method=method))
    assert report.level == level, report
    assert report.evidence and report.label in report.reason
    assert report.next_step == portfolio_pack().levels[level].next


def test_amec_level_reads_metric_names_too_and_says_how_to_climb() -> None:
    report = amec_level(sample(metrics=[Metric(name="Newsletter sign-ups", baseline=10, after=25, period="May")]))
    assert report.level == "outcome"
    assert "sales" in report.next_step.lower()
    nothing = amec_level(sample(result="It went well."))
    assert nothing.level is None and nothing.rank == 0 and "audience" in nothing.next_step.lower()
    assert amec_level(sample(result="Awareness rose.")).rank == 3


@pytest.mark.parametrize("text", [
    "The coverage was worth $8,000 in AVE.",
    "We reported an ad value of £2,000.",
    "Earned media value: $12k.",
    "advertising value equivalency of the clips",
    "Media value of the launch was high.",
])
def test_ave_as_a_measure_is_flagged_with_the_barcelona_reason(text: str) -> None:
    check = check_ave(sample(result=text))
    assert not check.ok
    assert "Barcelona Principles" in check.reasons[0]


@pytest.mark.parametrize("text", [
    "We measured sign-ups, not AVE.",
    "Instead of ad value we ran a survey.",
    "The office is on Main Ave.",
    "Coverage reached 40,000 readers.",
])
def test_rejecting_ave_or_an_avenue_is_not_flagged(text: str) -> None:
    assert check_ave(sample(result=text, method=text)).ok, ave_terms(text)


def test_metrics_need_a_baseline_and_a_period() -> None:
    failing = check_metrics(sample(metrics=[Metric(name="Placements", after=3)]))
    assert not failing.ok
    assert any("no baseline" in r for r in failing.reasons) and any("no period" in r for r in failing.reasons)
    ok = check_metrics(sample(metrics=[Metric(name="Placements", baseline=0, after=3, period="spring term")]))
    assert ok.ok


def test_numbers_in_the_result_text_need_a_baseline_and_a_period() -> None:
    assert not check_metrics(sample(result="It went well.")).ok  # no figure at all
    lone = check_metrics(sample(result="We got 300 sign-ups."))
    assert not lone.ok and len(lone.reasons) == 2
    assert check_metrics(sample(result="Sign-ups grew from 200 to 300 in 6 weeks.")).ok
    period_only = check_metrics(sample(result="We got 300 sign-ups in 6 weeks."))
    assert period_only.reasons == (portfolio_pack().checks.text_number_no_baseline,)


@pytest.mark.parametrize("objective, missing", [
    ("", "Add the objective"),
    ("Raise awareness of the clinic.", "no number"),
    ("Raise awareness of the clinic.", "no time frame"),
    ("Raise awareness of the clinic.", "“Raise awareness” is vague"),
    ("Get 200 sign-ups.", "no time frame"),
    ("Get more sign-ups by the end of term.", "no number"),
    ("Improve engagement by spring 2026.", "no number"),
])
def test_an_objective_that_is_not_smart_is_flagged(objective: str, missing: str) -> None:
    check = check_objective(sample(objective=objective))
    assert not check.ok
    assert any(missing in r for r in check.reasons), check.reasons


@pytest.mark.parametrize("objective", [
    "Increase flu-shot bookings by 25% during the six-week autumn window.",
    "Raise awareness among first-years by 15 points by December.",
    "Get 200 newsletter sign-ups within 6 weeks.",
])
def test_a_smart_objective_passes(objective: str) -> None:
    assert check_objective(sample(objective=objective)).ok


def test_vague_verbs_are_named_with_stronger_ones() -> None:
    check = check_verbs(sample(what_i_did="Helped with the release and worked on the media list. Assisted the team."))
    assert not check.ok and len(check.reasons) == 3
    assert "“helped with”" in check.reasons[0] and "“drafted”" in check.reasons[0]
    assert [p for p, _ in vague_verbs("I was involved in it and participated in that")] == ["was involved in", "participated in"]
    assert check_verbs(sample(what_i_did="Wrote the release, pitched 12 reporters and ran the media list.")).ok


def test_coach_sample_runs_every_check_in_order() -> None:
    coaching = coach_sample(sample(result="Sign-ups grew from 200 to 300 in 6 weeks.", method="Registration records."))
    assert [c.name for c in coaching.checks] == ["result", "method", "ave", "metrics", "objective", "verbs"]
    assert [c.name for c in coaching.problems] == ["objective"]
    assert coaching.level.level == "outcome"


def test_readiness_counts_samples_results_methods_level_and_ave() -> None:
    empty = portfolio_progress(Workspace())
    assert (empty.done, empty.total) == (1, 5) and "at least 3" in empty.next_hint
    good = WorkSample(title="A", result="Sign-ups grew from 200 to 300 in 6 weeks.", method="Registration records.")
    outputs = WorkSample(title="B", result="We published 12 posts.", method="Counted the posts.")
    ready = portfolio_progress(Workspace(samples=[good, outputs, good.model_copy(update={"id": "x"})]))
    assert ready.complete and ready.step == "Portfolio"
    low = portfolio_progress(Workspace(samples=[outputs, outputs.model_copy(update={"id": "y"}),
                                                outputs.model_copy(update={"id": "z", "method": ""})]))
    assert (low.done, low.total) == (3, 5) and "measured" in low.next_hint


def test_the_student_demo_shows_each_kind_of_advice() -> None:
    workspace = demo_workspace("student", date(2026, 11, 25))
    assert len(workspace.samples) == 3
    levels = {s.id: amec_level(s).level for s in workspace.samples}
    assert levels["demo-flu-campaign"] == "outcome" and levels["demo-food-pantry"] == "outtake"
    pantry = coach_sample(workspace.sample("demo-food-pantry"))
    assert {c.name for c in pantry.problems} == {"ave", "metrics", "objective", "verbs"}
    progress = portfolio_progress(workspace)
    assert (progress.done, progress.total) == (4, 5) and "AVE" in progress.next_hint
