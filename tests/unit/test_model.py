"""Model validation: what a user can type is checked where it is stored."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from coach.model import Conversation, Person, Profile, Workspace


@pytest.mark.parametrize("email", ["jo@acme.com", "jo.lee+pr@acme.co.uk", ""])
def test_good_emails_are_accepted(email: str) -> None:
    assert Person(email=email).email == email


@pytest.mark.parametrize("email", ["jo", "jo@acme", "jo @acme.com", "<jo@acme.com>"])
def test_bad_emails_are_refused(email: str) -> None:
    with pytest.raises(ValidationError, match="email address"):
        Person(email=email)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://x.org", "acme.com", "http://"])
def test_links_must_be_web_addresses(url: str) -> None:
    with pytest.raises(ValidationError, match="web address"):
        Profile(resume_url=url)


def test_time_zone_must_be_a_real_zone() -> None:
    assert Profile(timezone="Asia/Kolkata").timezone == "Asia/Kolkata"
    with pytest.raises(ValidationError, match="time zone"):
        Profile(timezone="Mars/Olympus")


def test_names_are_trimmed_and_capped() -> None:
    assert Profile(name="  Ana Ruiz  ").name == "Ana Ruiz"
    with pytest.raises(ValidationError):
        Profile(name="x" * 201)


def test_assignment_is_validated_too() -> None:
    person = Person()
    with pytest.raises(ValidationError):
        person.email = "nope"


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        Profile.model_validate({"name": "Ana", "nickname": "A"})


def test_conversation_labels_prefer_the_users_name_then_person_and_agency() -> None:
    conversation = Conversation()
    assert conversation.label == "New conversation"
    conversation.person.name = "Jo Lee"
    conversation.agency.name = "Acme"
    assert conversation.label == "Jo Lee · Acme"
    conversation.name = "First call"
    assert conversation.label == "First call"


def test_no_more_than_three_proposed_slots() -> None:
    with pytest.raises(ValidationError):
        Conversation.model_validate({"request": {"slots": ["2026-12-01T10:00:00"] * 4}})


def test_workspace_finds_conversations_by_id() -> None:
    a, b = Conversation(), Conversation()
    workspace = Workspace(conversations=[a, b])
    assert workspace.conversation(b.id) is workspace.conversations[1]
    assert workspace.conversation("missing") is None
