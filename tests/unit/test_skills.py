"""The skills bridge as plain rules: the pack, matching with its reasons, the agency's emphasis, gaps and the pitch."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coach.content import ContentError
from coach.demo import demo_workspace
from coach.model import Conversation, SkillsBridge, Workspace
from coach.questions import spoken_seconds
from coach.research.types import Fact, ResearchResult
from coach.skills import (
    SKILLS_DIR,
    bridge_map,
    chosen_pitch,
    coverage_spec,
    find_matches,
    forms,
    gap_actions,
    has_result,
    load_skills_pack,
    match_text,
    pitch_drafts,
    pitch_timing,
    possessive,
    rank_gaps,
    skills_pack,
    skills_progress,
    suggested_roles,
    timer_report,
)

TEACHER = ("Nine years teaching secondary science to about 150 students a year. I planned the Year 9 curriculum, "
           "wrote and edited the weekly parent newsletter, ran the science open evening and explained tricky ideas "
           "with stories and short videos.")
NURSE = ("As a charge nurse on a busy A&E ward I triaged patients, explained diagnoses to worried families in plain "
         "language, trained new staff on infection control, and wrote the ward's patient leaflet on hand hygiene. "
         "During a norovirus outbreak I kept families updated and handled complaints calmly.")
VETERAN = ("Served 8 years in the Army as a logistics sergeant: planned convoy movements for 200 soldiers, briefed senior "
           "officers daily, led a team of 12, wrote after-action reports, and ran the unit's community open day and its "
           "Facebook page.")
PERSONAS = {"teacher": (["teacher"], TEACHER), "nurse": (["nurse"], NURSE), "veteran": (["military"], VETERAN)}


def _facts() -> list[Fact]:
    src = "https://northlight.example/"
    return [
        Fact(kind="service", text="Media Relations", source=src + "services/"),
        Fact(kind="service", text="Crisis & Issues Management", source=src + "services/"),
        Fact(kind="service", text="Content & Social", source=src + "services/"),
        Fact(kind="value", text="Accuracy before attention. We never trade a fact for a headline.", source=src + "about/"),
        Fact(kind="news", text="What AI changes in media relations", source=src + "news/", date="2026-10-01"),
        Fact(kind="client", text="Larkspur Home — A recall handled in the open", source=src + "work/"),
        Fact(kind="industry", text="Healthcare", source=src + "about/"),
        Fact(kind="leader", text="Renee Okonkwo — Head of Crisis & Issues", source=src + "team/"),
    ]


def _research() -> ResearchResult:
    return ResearchResult(url="https://northlight.example/", name="Northlight", facts=tuple(_facts()))


def _workspace(roles: list[str], words: str, accepted: dict[str, str] | None = None) -> tuple[Workspace, Conversation]:
    conversation = Conversation(person={"name": "Priya Raman"}, agency={"name": "Northlight"})
    conversation.homework.research = _research()
    accepted = accepted or {}
    skills = SkillsBridge(roles=roles, own_words=words, decisions={c: "accepted" for c in accepted},
                          evidence={c: e for c, e in accepted.items() if e})
    ws = Workspace(profile={"name": "Sam Okafor", "situation": "career-changer", "field_of_interest": "PR"},
                   conversations=[conversation], skills=skills)
    return ws, ws.conversations[0]


# --------------------------------------------------------------------------- the pack


def test_every_file_loads_and_meets_the_issue_minimums() -> None:
    pack = skills_pack()
    assert len(pack.competencies) >= 12 and len(pack.roles.roles) >= 20
    labels = {c.label for c in pack.competencies}
    assert {"Writing and editing", "Media relations", "Crisis and issues", "Ethics and judgement"} <= labels
    assert "27-3031.00" in pack.model.onet.occupations and "CC BY 4.0" in pack.model.onet.credit
    for c in pack.competencies:
        assert c.onet_skills and c.onet_activities and c.close and c.strong


def test_every_role_bridge_line_renders_short_enough_to_say() -> None:
    pack = skills_pack()
    for role in pack.roles.roles:
        for competency_id in role.bridges:
            row = bridge_map(SkillsBridge(roles=[role.id]), None, "Acme Communications", pack).row(competency_id)
            from coach.skills import bridge_line

            line = bridge_line(row, [role.id], "Acme Communications", pack)
            assert "Acme Communications" in line and "{" not in line, (role.id, line)
            assert len(line.split()) <= 30, (role.id, competency_id, line)


def test_gap_actions_render_with_the_agency_named() -> None:
    for c in skills_pack().competencies:
        actions = gap_actions(c, "Acme")
        assert actions and all(kind in {"course", "volunteer", "certificate", "sample"} for kind, _ in actions)
        assert all("{" not in text for _, text in actions)


def test_a_role_naming_an_unknown_competency_fails_at_load(tmp_path: Path) -> None:
    for name in ("competencies.yaml", "pitch.yaml"):
        (tmp_path / name).write_text((SKILLS_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    roles = (SKILLS_DIR / "roles.yaml").read_text(encoding="utf-8").replace("competencies: [projects]}", "competencies: [projekts]}", 1)
    (tmp_path / "roles.yaml").write_text(roles, encoding="utf-8")
    with pytest.raises(ContentError, match="roles.yaml.*projekts"):
        load_skills_pack(tmp_path)


def test_an_onet_name_not_in_the_catalogue_fails_at_load(tmp_path: Path) -> None:
    for name in ("roles.yaml", "pitch.yaml"):
        (tmp_path / name).write_text((SKILLS_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    model = (SKILLS_DIR / "competencies.yaml").read_text(encoding="utf-8").replace(
        "onet_skills: [Writing, Reading Comprehension]", "onet_skills: [Writting]", 1)
    (tmp_path / "competencies.yaml").write_text(model, encoding="utf-8")
    with pytest.raises(ContentError, match="Writting"):
        load_skills_pack(tmp_path)


# --------------------------------------------------------------------------- matching


def test_word_forms_cover_inflections_and_spellings() -> None:
    assert {"plans", "planned", "planning", "planner"} <= forms("plan")
    assert {"organised", "organized", "organising", "organizer"} <= forms("organise")
    assert {"stories", "writes", "writing"} <= forms("story") | forms("write")


def test_the_issue_example_maps_to_writing_presenting_and_planning() -> None:
    matches = {m.competency: m for m in find_matches([], "I taught 150 students and wrote the school newsletter")}
    assert set(matches) == {"writing", "presenting", "planning"}
    assert matches["writing"].words == ["wrote", "newsletter"] and matches["writing"].score == 4
    assert "taught" in matches["presenting"].words
    assert matches["planning"].explain() == "“taught” +1 · “150 students” +1 = 2"


@pytest.mark.parametrize("text", ["I like hiking and cooking", "I enjoy reading novels, playing football and walking my dog.",
                                  "", "   ", "Lorem ipsum dolor sit amet"])
def test_unrelated_text_maps_to_nothing(text: str) -> None:
    assert find_matches([], text) == []
    assert match_text(text) == {}


@pytest.mark.parametrize("who, expected, not_expected", [
    ("teacher", {"writing", "presenting", "planning", "storytelling", "projects"}, {"crisis", "media"}),
    ("nurse", {"crisis", "writing", "presenting", "clients"}, {"media", "digital"}),
    ("veteran", {"projects", "presenting", "writing", "planning", "social"}, {"media", "ethics"}),
])
def test_realistic_free_text_maps_to_what_a_person_would_expect(who: str, expected: set[str], not_expected: set[str]) -> None:
    _, words = PERSONAS[who]
    found = {m.competency for m in find_matches([], words)}
    assert expected <= found, found
    assert not (not_expected & found), found


def test_every_match_returns_the_words_and_tasks_behind_its_score() -> None:
    for match in find_matches(["nurse"], NURSE):
        assert match.score == sum(s.points for s in match.signals) >= 2
        for signal in match.signals:
            if signal.source == "words":
                assert signal.text.lower() in NURSE.lower()
            else:
                assert signal.role == "Nurse or healthcare worker" and signal.text in match.explain()


def test_picked_roles_add_their_tasks_and_the_strongest_match_comes_first() -> None:
    matches = find_matches(["teacher"], "")
    assert {m.competency for m in matches} == set(skills_pack().role("teacher").competencies)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_roles_are_hinted_from_own_words_but_never_picked() -> None:
    assert suggested_roles(NURSE) == [("nurse", "nurse")]
    assert suggested_roles(NURSE, ["nurse"]) == []
    assert suggested_roles("I like hiking") == []


# --------------------------------------------------------------------------- status, emphasis, gaps


def test_status_follows_decisions_and_evidence() -> None:
    ws, conversation = _workspace(["teacher"], "", {"writing": "Opens rose from 31% to 52%.", "presenting": ""})
    ws.skills.decisions["planning"] = "rejected"
    the_map = bridge_map(ws.skills, conversation.homework.research, "Northlight")
    assert the_map.row("writing").status == "evidenced"
    assert the_map.row("presenting").status == "claimed"
    assert the_map.row("planning").status == "gap"
    assert the_map.row("clients").status == "suggested"
    assert the_map.row("digital").status == "gap"
    assert [r.id for r in the_map.strengths] == ["writing", "presenting"]


def test_gaps_the_agency_stresses_come_first_with_the_fact_that_says_so() -> None:
    ws, conversation = _workspace(["teacher"], TEACHER)
    gaps = bridge_map(ws.skills, conversation.homework.research, "Northlight").gaps
    assert [g.id for g in gaps[:2]] == ["crisis", "media"] or [g.id for g in gaps[:2]] == ["media", "crisis"]
    assert gaps[0].emphasis and gaps[1].emphasis
    crisis = next(g for g in gaps if g.id == "crisis")
    assert crisis.emphasis.facts[0].text == "Crisis & Issues Management"
    assert "Crisis & Issues Management" in crisis.emphasis.reason("Northlight")
    assert all(g.emphasis is None for g in gaps[2:]) or gaps[2].emphasis.score <= gaps[1].emphasis.score


def test_without_research_gaps_keep_the_pack_order() -> None:
    ws, _ = _workspace(["teacher"], "")
    gaps = bridge_map(ws.skills, None).gaps
    order = [c.id for c in skills_pack().competencies]
    assert [g.id for g in gaps] == sorted((g.id for g in gaps), key=order.index)
    assert rank_gaps(bridge_map(ws.skills, None).rows) == gaps


def test_an_evidenced_competency_is_never_a_gap_even_when_the_agency_stresses_it() -> None:
    ws, conversation = _workspace([], "", {"crisis": "Handled a norovirus outbreak: 40 families updated daily, no complaints."})
    gaps = bridge_map(ws.skills, conversation.homework.research, "Northlight").gaps
    assert "crisis" not in [g.id for g in gaps] and gaps[0].id == "media"


def test_an_example_has_a_result_when_it_says_what_changed() -> None:
    assert has_result("Opens rose from 31% to 52%")
    assert has_result("Attendance doubled and parents signed up for the club")
    assert not has_result("I wrote the newsletter every week")


# --------------------------------------------------------------------------- the pitch


@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_each_persona_gets_a_30_second_pitch_that_names_the_agency_work(who: str) -> None:
    roles, words = PERSONAS[who]
    ws, conversation = _workspace(roles, words)
    for match in find_matches(roles, words)[:3]:
        ws.skills.decisions[match.competency] = "accepted"
    drafts = pitch_drafts(ws, conversation)
    short, long = drafts["short"], drafts["long"]
    assert spoken_seconds(short, ws.profile.speaking_wpm) <= 30, short
    assert spoken_seconds(long, ws.profile.speaking_wpm) <= 60, long
    assert "Northlight" in short and any(s in short for s in ("Media Relations", "Crisis & Issues Management", "Content & Social"))
    assert short.startswith("I'm Sam, ") and "{" not in short + long
    assert pitch_timing(short, 140, 30).fits


@pytest.mark.parametrize("situation, opening", [("student", "I'm Sam, a student moving into PR."),
                                                  ("career-changer", "I'm Sam, someone with years of work experience moving into PR."),
                                                  ("other", "I'm Sam, someone moving into PR.")])
def test_without_a_picked_role_the_pitch_opens_with_the_users_situation(situation: str, opening: str) -> None:
    ws, conversation = _workspace([], "")
    ws.profile.situation = situation  # type: ignore[assignment]
    drafts = pitch_drafts(ws, conversation)
    assert drafts["short"].startswith(opening) and drafts["long"].startswith(opening), drafts


def test_a_pitch_pack_without_a_phrase_for_every_situation_fails_at_load(tmp_path: Path) -> None:
    for name in ("competencies.yaml", "roles.yaml"):
        (tmp_path / name).write_text((SKILLS_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    pitch = (SKILLS_DIR / "pitch.yaml").read_text(encoding="utf-8").replace("    student: a student\n", "")
    (tmp_path / "pitch.yaml").write_text(pitch, encoding="utf-8")
    with pytest.raises(ContentError, match="student"):
        load_skills_pack(tmp_path)


def test_a_slow_speaker_still_gets_a_pitch_that_fits() -> None:
    ws, conversation = _workspace(["teacher"], TEACHER)
    for cid in ("writing", "presenting", "planning", "storytelling"):
        ws.skills.decisions[cid] = "accepted"
    ws.profile.speaking_wpm = 100
    drafts = pitch_drafts(ws, conversation)
    assert spoken_seconds(drafts["short"], 100) <= 30 and spoken_seconds(drafts["long"], 100) <= 60


def test_the_chosen_pitch_is_the_users_edit_or_the_generated_version() -> None:
    ws, conversation = _workspace(["nurse"], NURSE, {"crisis": ""})
    assert chosen_pitch(ws, conversation) == pitch_drafts(ws, conversation)["short"]
    conversation.pitch.long = "My own words."
    conversation.pitch.chosen = "long"
    assert chosen_pitch(ws, conversation) == "My own words."


def test_pitch_timing_and_the_rehearsal_report() -> None:
    assert pitch_timing("", 140, 30).message == "Nothing to say yet."
    long_text = " ".join(["word"] * 90)
    timing = pitch_timing(long_text, 140, 30)
    assert not timing.fits and "cut about 20 words" in timing.message
    assert "on target" in timer_report(28.4, 30)
    assert "5 s over" in timer_report(35.2, 30)
    assert "well under" in timer_report(9, 30)


def test_possessive() -> None:
    assert possessive("Northlight") == "Northlight's"
    assert possessive("Acme Communications") == "Acme Communications'"


# --------------------------------------------------------------------------- chart and progress


def test_the_coverage_chart_lists_every_competency_with_the_agency_stressed_first() -> None:
    ws, conversation = _workspace(["teacher"], TEACHER, {"writing": "Opens rose from 31% to 52%."})
    spec = coverage_spec(bridge_map(ws.skills, conversation.homework.research, "Northlight"))
    values = spec["data"]["values"] if "data" in spec else next(iter(spec["datasets"].values()))  # type: ignore[index]
    assert len(values) == len(skills_pack().competencies)
    stressed = [v["Agency stresses"] for v in values]
    assert stressed == sorted(stressed, key=lambda s: s != "yes") and stressed[0] == "yes"
    assert {v["Status"] for v in values} >= {"Evidenced", "Gap", "Suggested (decide)"}
    assert all(v["Competency"].startswith("★ ") == (v["Agency stresses"] == "yes") for v in values)


def test_progress_counts_roles_decisions_evidence_and_the_pitch() -> None:
    ws, conversation = _workspace([], "")
    empty = skills_progress(ws, conversation)
    assert (empty.done, empty.total) == (1, 5) and empty.next_hint == "Pick a past role or describe what you did"
    ws, conversation = _workspace(["teacher"], "", {"writing": "Opens rose 31% -> 52%.", "presenting": "Ran 12 assemblies."})
    for match in find_matches(["teacher"], ""):
        ws.skills.decisions.setdefault(match.competency, "rejected")
    done = skills_progress(ws, conversation)
    assert done.complete, done
    assert skills_progress(ws, None).total == 4


def test_the_demo_career_changer_has_a_teachers_bridge() -> None:
    ws = demo_workspace("career-changer", date(2026, 11, 25))
    assert ws.skills.roles == ["teacher"] and "newsletter" in ws.skills.own_words
    the_map = bridge_map(ws.skills, None, "Northlight Communications")
    assert the_map.row("writing").status == "evidenced" and the_map.suggested
