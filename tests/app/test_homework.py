"""The Homework page through AppTest: research, facts by kind, prompts, notes and the depth check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.model import Profile, Workspace
from coach.research import extract_pool
from tests.app.helpers import app, demo, keyed, opened, store, texts
from tests.loopback import serve_directory

PAGE = "coach/ui/homework.py"
SITES = Path(__file__).resolve().parents[1] / "research" / "sites"


def _research_demo():  # type: ignore[no-untyped-def]
    at, token = opened(demo(), PAGE)
    at.button(key="research_demo").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at, token


def test_without_a_workspace_the_page_points_to_start() -> None:
    at = app().run()
    at.switch_page(PAGE).run()
    assert "Open or create a workspace on the Start page first." in texts(at)


def test_the_demo_agency_is_researched_offline_and_saved_with_the_conversation() -> None:
    at, token = _research_demo()
    saved = store().load(token).conversations[0].homework.research
    assert saved is not None and saved.name == "Northlight Communications"
    assert len(saved.facts) >= 25 and saved.prompts
    labels = [e.label for e in at.expander]
    for group in ("Recent news and posts", "Services", "Clients", "Leaders", "Careers and internships"):
        assert any(label.startswith(group) for label in labels), labels
    news = next(e for e in at.expander if e.label.startswith("Recent news")).markdown[0].value.splitlines()
    dates = [re.search(r" · (\d{4}-\d{2}(?:-\d{2})?) · ", line).group(1) for line in news]
    assert dates == sorted(dates, reverse=True) and len(dates) >= 4
    assert all(re.search(r"\]\(https://northlight\.example/[^)\s]*\)$", line) for line in news), news


def test_a_reload_shows_the_saved_research_without_fetching_again() -> None:
    _, token = _research_demo()
    again = app()
    again.query_params["ws"] = token
    again.run()
    again.switch_page(PAGE).run()
    assert any(e.label.startswith("Services") for e in again.expander)
    assert "Northlight Communications" in texts(again)


def test_prompts_become_notes_and_the_depth_check_turns_ready() -> None:
    at, token = _research_demo()
    assert "Not yet" in texts(at) and "0 notes so far" in texts(at)
    for index in range(3):
        at.button(key=f"use_prompt.{index}").click().run()
    conversation = store().load(token).conversations[0]
    notes = conversation.homework.notes
    assert len(notes) == 3 and all(n.learned and n.question and not n.idea for n in notes)
    assert any("No insight or idea yet" in w.value for w in at.warning)
    # The note just added is the one open for editing; the others are listed with what to fix.
    assert [keyed(at.text_area, f"{notes[2].id}.idea")] and not [t for t in at.text_area if t.key.endswith(f"{notes[0].id}.idea")]
    assert len(re.findall(r"\d points? to fix", texts(at))) == 3
    for note in notes:
        at.selectbox(key=f"note_pick.{conversation.id}").set_value(note.id).run()
        keyed(at.text_area, f"{note.id}.learned").set_value(note.learned + " I noticed they lead with measured results.").run()
        keyed(at.text_area, f"{note.id}.idea").set_value(
            "I would offer to track whether the audience changed behaviour, not just coverage, over three months.").run()
    assert any("Ready" in s.value for s in at.success), texts(at)
    assert "Homework: 3/3" in [p.proto.text for p in at.sidebar.get("progress")][2]


def test_notes_can_be_added_blank_and_removed() -> None:
    at, token = opened(demo(), PAGE)
    at.button(key="add_note").click().run()
    (note,) = store().load(token).conversations[0].homework.notes
    at.button(key=f"remove_note.{note.id}").click().run()
    assert store().load(token).conversations[0].homework.notes == []


@pytest.mark.parametrize("raw, words", [("mailto:jo@acme.com", "web address"), ("   ", "address is empty"),
                                         ("javascript:alert(1)", "web address")])
def test_a_bad_address_gets_a_clear_message_and_saves_nothing(raw: str, words: str) -> None:
    at, token = opened(Workspace(profile=Profile(name="Ana"), conversations=[demo().conversations[0]]), PAGE)
    at.text_input[0].set_value(raw)
    at.button[0].click().run()
    assert not at.exception
    (error,) = at.error
    assert words.lower() in error.value.lower(), error.value
    assert store().load(token).conversations[0].homework.research is None


def test_a_loopback_address_is_refused_unless_private_networks_are_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COACH_ALLOW_PRIVATE_NETWORKS", raising=False)
    with serve_directory(SITES / "pr_agency") as base:
        at, token = opened(demo(), PAGE)
        at.text_input[0].set_value(base)
        at.button[0].click().run()
        assert not at.exception
        assert "Nothing could be read from" in texts(at) and "private" in texts(at).lower()
        assert store().load(token).conversations[0].homework.research is None

        monkeypatch.setenv("COACH_ALLOW_PRIVATE_NETWORKS", "1")
        at.text_input[0].set_value(base + "/")
        at.button[0].click().run()
        research = store().load(token).conversations[0].homework.research
        assert research.facts and any(f.kind == "news" and f.date for f in research.facts)


def test_a_pasted_page_adds_its_facts() -> None:
    html = (SITES / "pr_agency" / "services" / "index.html").read_text(encoding="utf-8")
    at, token = opened(demo(), PAGE)
    at.session_state["paste_open"] = True  # the user opens the paste section
    at.run()
    at.text_input(key="paste_url").set_value("https://agency.example/services/")
    at.text_area(key="paste_html").set_value(html)
    next(b for b in at.button if b.label == "Read this page").click().run()
    assert not at.exception and not at.error
    research = store().load(token).conversations[0].homework.research
    assert research is not None and any(f.kind == "service" for f in research.facts)
    assert all(f.source == "https://agency.example/services/" for f in research.facts)


def test_a_failed_research_keeps_the_research_saved_before() -> None:
    at, token = _research_demo()
    at.text_input[0].set_value("http://127.0.0.1:9/")
    at.button[0].click().run()
    assert "Nothing could be read from http://127.0.0.1:9/" in texts(at)
    assert store().load(token).conversations[0].homework.research.name == "Northlight Communications"
    assert any(e.label.startswith("Services") for e in at.expander)


def test_pasting_nothing_useful_says_so_and_saves_nothing() -> None:
    at, token = opened(demo(), PAGE)
    at.session_state["paste_open"] = True  # the user opens the paste section
    at.run()
    at.text_area(key="paste_html").set_value("<html><body><p>Lorem ipsum dolor sit amet</p></body></html>")
    next(b for b in at.button if b.label == "Read this page").click().run()
    assert any("Nothing was added" in e.value for e in at.error)
    assert store().load(token).conversations[0].homework.research is None


def test_the_first_prompts_show_and_the_rest_on_request() -> None:
    at, token = _research_demo()
    total = len(store().load(token).conversations[0].homework.research.prompts)
    assert total > 8
    assert len([b for b in at.button if b.label == "Add to my notes"]) == 8
    at.toggle(key="all_prompts").set_value(True).run()
    assert len([b for b in at.button if b.label == "Add to my notes"]) == total


def test_a_very_long_page_is_read_in_part_and_the_page_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COACH_ALLOW_PRIVATE_NETWORKS", "1")
    items = "".join(f"<li>Client number {i}</li>" for i in range(30000))
    (tmp_path / "index.html").write_text(
        f"<html><head><title>Northfield PR</title></head><body><ul>{items}</ul>"
        "<footer><address>12 Harbour Street, Leeds LS1 4AB</address></footer></body></html>", encoding="utf-8")
    with serve_directory(tmp_path) as base:
        at, token = opened(demo(), PAGE)
        at.text_input[0].set_value(base + "/")
        at.button[0].click().run(timeout=60)
    assert not at.exception and not at.error
    in_part = [c.value for c in at.caption if c.value.startswith("Read in part:")]
    assert len(in_part) == 1 and in_part[0].endswith("/ (very long, its start and end were read)"), in_part
    research = store().load(token).conversations[0].homework.research
    assert any(f.kind == "location" and "12 Harbour Street" in f.text for f in research.facts)


def test_opening_the_page_starts_the_extraction_worker_ahead_of_the_first_research(monkeypatch: pytest.MonkeyPatch) -> None:
    pool = extract_pool.ExtractPool()
    monkeypatch.setattr(extract_pool, "_shared", pool)
    try:
        assert pool.state == "idle"
        opened(demo(), PAGE)
        assert pool.state in ("starting", "ready")
    finally:
        pool.shutdown()
