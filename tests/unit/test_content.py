"""Every content pack loads through its schema and renders with sample data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coach.content import CONTENT_DIR, ContentError, RequestPack, load_pack, render, request_pack
from coach.demo import demo_workspace, persona_files, persona_label
from coach.followup import followup_pack
from coach.model import SITUATIONS
from coach.questions import questions_pack
from coach.portfolio import portfolio_pack
from coach.brief import brief_pack
from coach.facilitator import facilitator_pack
from coach.research.prompts import homework_pack
from coach.skills import skills_pack

SAMPLE = {
    "person_first_name": "Jo", "person_name": "Jo Lee", "agency_name": "Acme", "my_name": "Ana",
    "situation_phrase": "a student", "field": "PR", "connection": "We met at a panel.",
    "slots": ["Mon 7 Dec, 10:00"], "time_zone": "UTC",
}


def test_every_yaml_file_in_content_is_covered_by_a_loader() -> None:
    """A pack nobody loads would never be validated: each file must match a known loader."""
    for loader in (request_pack, homework_pack, questions_pack, portfolio_pack, followup_pack, brief_pack, skills_pack,
                   facilitator_pack):
        loader()
    loaded = {CONTENT_DIR / "request.yaml", CONTENT_DIR / "homework.yaml", CONTENT_DIR / "questions.yaml",
              CONTENT_DIR / "followup.yaml", CONTENT_DIR / "brief.yaml", CONTENT_DIR / "facilitator.yaml",
              CONTENT_DIR / "portfolio.yaml", *persona_files().values(),
              CONTENT_DIR / "skills" / "competencies.yaml", CONTENT_DIR / "skills" / "roles.yaml",
              CONTENT_DIR / "skills" / "pitch.yaml"}
    assert set(CONTENT_DIR.rglob("*.yaml")) == loaded


def test_request_pack_renders_with_and_without_optional_values() -> None:
    pack = request_pack()
    full = render(pack.body, **SAMPLE)
    assert "Dear Jo," in full and "We met at a panel." in full and "- Mon 7 Dec, 10:00" in full
    bare = render(pack.body, **{**SAMPLE, "person_first_name": "", "agency_name": "", "connection": "", "slots": []})
    assert "Dear there," in bare and "20 minutes" in bare
    assert render(pack.subject, **SAMPLE)
    assert set(pack.situation_phrases) == set(SITUATIONS)


def test_a_misspelt_variable_is_an_error_not_a_blank() -> None:
    with pytest.raises(Exception, match="undefined"):
        render("Hi {{ persn }}", person="Jo")


def test_templates_cannot_reach_python_internals() -> None:
    with pytest.raises(Exception):
        render("{{ ''.__class__.__mro__[1].__subclasses__() }}")


def test_a_broken_pack_fails_at_load_with_the_file_named(tmp_path: Path) -> None:
    (tmp_path / "request.yaml").write_text("subject: '{{ unclosed'\nbody: x\n")
    with pytest.raises(ContentError, match="request.yaml"):
        load_pack("request.yaml", RequestPack, root=tmp_path)
    (tmp_path / "bad.yaml").write_text("subject: [")
    with pytest.raises(ContentError, match="not valid YAML"):
        load_pack("bad.yaml", RequestPack, root=tmp_path)
    with pytest.raises(ContentError, match="cannot be read"):
        load_pack("missing.yaml", RequestPack, root=tmp_path)


@pytest.mark.parametrize("persona", sorted(persona_files()))
def test_demo_personas_load_and_get_future_slots(persona: str) -> None:
    today = date(2026, 11, 25)
    workspace = demo_workspace(persona, today)
    assert workspace.profile.name and workspace.conversations
    assert persona_label(workspace).startswith(workspace.profile.name)
    for conversation in workspace.conversations:
        assert len(conversation.request.slots) == 3
        assert all(slot.date() > today for slot in conversation.request.slots)


def test_there_is_a_student_and_a_career_changer_persona() -> None:
    situations = {demo_workspace(p, date.today()).profile.situation for p in persona_files()}
    assert {"student", "career-changer"} <= situations


def test_the_demos_fill_every_step_offline() -> None:
    """A facilitator can show every step without a network: across the personas each step has material."""
    from coach.followup import local_now
    from coach.readiness import steps

    today = date(2026, 11, 25)
    started: set[str] = set()
    for persona in persona_files():
        workspace = demo_workspace(persona, today)
        assert workspace.demo == persona and workspace.samples
        for conversation in workspace.conversations:
            progress = {s.step: s for s in steps(workspace, conversation, local_now(workspace.profile))}
            started |= {name for name, s in progress.items() if s.done}
            if conversation.after.said:
                assert conversation.call_at.date() < today and conversation.followups
            else:
                assert conversation.call_at.date() > today and conversation.homework.research.facts
                assert progress["Homework"].complete and progress["Questions"].complete, progress
    assert started == {"Start", "Request", "Homework", "Questions", "Portfolio", "Skills", "After the call"}


def test_every_facilitator_stop_opens_a_page_of_the_app() -> None:
    app_source = (CONTENT_DIR.parent / "app.py").read_text(encoding="utf-8")
    for stop in facilitator_pack().stops:
        assert f'st.Page("{stop.page}"' in app_source, stop.page
