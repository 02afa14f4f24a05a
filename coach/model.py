"""The workspace: everything one person prepares, as typed, validated records.

One workspace holds a profile, any number of conversations (one per professional) and the
material shared by all of them (work samples, the skills bridge). Every step of the flow
keeps its data here, so the store, the YAML export and the brief all see one shape.
`SCHEMA_VERSION` changes when a saved shape changes; `coach.transfer.migrate` upgrades
older files.
"""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime
from functools import cache
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, available_timezones

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from coach.research.types import FactKind, ResearchResult

SCHEMA_VERSION = 1

Situation = Literal["student", "career-changer", "other"]
SITUATIONS: dict[str, str] = {
    "student": "Student",
    "career-changer": "Career-changer",
    "other": "Other",
}

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=5000)]

_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
_WEB = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def _web_url(value: str) -> str:
    if value and not _WEB.match(value):
        raise ValueError("must be a web address starting with http:// or https://")
    return value


def _email(value: str) -> str:
    if value and not _EMAIL.match(value):
        raise ValueError("must be an email address like name@agency.com")
    return value


def _timezone(value: str) -> str:
    if value not in known_timezones():
        raise ValueError("must be a time zone name such as Europe/London or America/New_York")
    return value


@cache
def known_timezones() -> frozenset[str]:
    """IANA zone names; read once because scanning the zone database takes milliseconds."""
    return frozenset(available_timezones() | {"UTC"})

WebUrl = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), AfterValidator(_web_url)]
Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254), AfterValidator(_email)]
TimeZoneName = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_timezone)]


def new_id() -> str:
    """A short random id for records inside one workspace (not a secret)."""
    return secrets.token_hex(6)


class Record(BaseModel):
    """Base for every saved record: unknown fields are errors, assignments are validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Profile(Record):
    name: ShortText = ""
    situation: Situation = "student"
    field_of_interest: ShortText = ""
    resume_url: WebUrl = ""
    portfolio_url: WebUrl = ""
    timezone: TimeZoneName = "UTC"

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else ""


class Person(Record):
    name: ShortText = ""
    title: ShortText = ""
    email: Email = ""
    linkedin_url: WebUrl = ""

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else ""


class Agency(Record):
    name: ShortText = ""
    url: WebUrl = ""


class OutreachRequest(Record):
    """The request for the call: how the asker knows the person, proposed slots, the draft."""

    connection: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""
    slots: list[datetime] = Field(default_factory=list, max_length=3)
    draft: LongText = ""


class HomeworkNote(Record):
    """A fact turned into the user's own words: what I learned, my idea, my question."""

    id: str = Field(default_factory=new_id)
    kind: FactKind | None = None
    source: Annotated[str, StringConstraints(max_length=2000)] = ""
    learned: LongText = ""
    idea: LongText = ""
    question: LongText = ""


class Homework(Record):
    research: ResearchResult | None = None
    notes: list[HomeworkNote] = Field(default_factory=list)


class Conversation(Record):
    """One informational interview: the person, their agency, dates, and each step's work."""

    id: str = Field(default_factory=new_id)
    name: ShortText = ""  # the user's own label; empty means "person · agency"
    person: Person = Field(default_factory=Person)
    agency: Agency = Field(default_factory=Agency)
    request_sent: date | None = None
    call_at: datetime | None = None
    request: OutreachRequest = Field(default_factory=OutreachRequest)
    homework: Homework = Field(default_factory=Homework)

    @property
    def label(self) -> str:
        """How the conversation is named in pickers: the user's label, else person and agency."""
        if self.name:
            return self.name
        parts = [p for p in (self.person.name, self.agency.name) if p]
        return " · ".join(parts) if parts else "New conversation"


class Workspace(Record):
    schema_version: Literal[1] = SCHEMA_VERSION
    profile: Profile = Field(default_factory=Profile)
    conversations: list[Conversation] = Field(default_factory=list, max_length=200)

    @model_validator(mode="after")
    def _unique_conversation_ids(self) -> Workspace:
        ids = [c.id for c in self.conversations]
        if len(ids) != len(set(ids)):
            raise ValueError("two conversations share one id; each conversation needs its own id")
        return self

    def conversation(self, conversation_id: str) -> Conversation | None:
        return next((c for c in self.conversations if c.id == conversation_id), None)


def zone(workspace: Workspace) -> ZoneInfo:
    return ZoneInfo(workspace.profile.timezone)
