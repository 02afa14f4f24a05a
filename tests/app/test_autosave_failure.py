"""A save that fails (a locked or full disk) is said plainly, and the tab shows what is really saved."""

from __future__ import annotations

import sqlite3

import pytest

from coach.model import Profile, Workspace
from coach.store import Store
from tests.app.helpers import keyed, opened, store


def fail_saves(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on every save raises as SQLite does on a full disk; returns the summaries it refused."""
    refused: list[str] = []

    def save(self: Store, token: str, workspace: Workspace, summary: str) -> int:
        refused.append(summary)
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Store, "save", save)
    return refused


def test_a_field_that_could_not_be_saved_goes_back_to_the_saved_value(monkeypatch: pytest.MonkeyPatch) -> None:
    at, token = opened(Workspace(profile=Profile(name="Ana", field_of_interest="Healthcare PR")))
    failing_saves = fail_saves(monkeypatch)
    keyed(at.text_input, "profile.field").set_value("Public affairs").run()
    assert failing_saves == ["Edited field that interests you"]
    assert not at.exception
    assert any("could not be saved" in e.value and "everything saved before is safe" in e.value for e in at.error)
    assert keyed(at.text_input, "profile.field").value == "Healthcare PR"
    assert store().load(token).profile.field_of_interest == "Healthcare PR"


def test_a_button_whose_change_could_not_be_saved_says_so_and_adds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    at, token = opened(Workspace(profile=Profile(name="Ana")))
    fail_saves(monkeypatch)
    at.button(key="add_conversation").click().run()
    assert not at.exception
    assert any("Your last change (added a conversation) could not be saved" in e.value for e in at.error)
    assert store().load(token).conversations == []
