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
    # Speaking pace for timing answers and stories aloud; 140 words a minute is a calm pace.
    speaking_wpm: int = Field(default=140, ge=80, le=220)
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


QuestionGroup = Literal["trends", "insights", "advice", "resources", "assignments"]


class PlannedQuestion(Record):
    """A question the user will ask in the call, in their order, with its share of the 20 minutes."""

    id: str = Field(default_factory=new_id)
    bank_id: Annotated[str, StringConstraints(max_length=80)] = ""  # the bank question it came from; empty if written by the user
    group: QuestionGroup = "insights"
    text: Annotated[str, StringConstraints(strip_whitespace=True, max_length=600)] = ""
    minutes: float = Field(default=3.0, ge=0.5, le=20)


class QuestionPlan(Record):
    """Both directions: the questions to ask, and answer notes for the questions they may ask you."""

    planned: list[PlannedQuestion] = Field(default_factory=list, max_length=8)
    answers: dict[Annotated[str, StringConstraints(max_length=80)], LongText] = Field(default_factory=dict)


class Pitch(Record):
    """"Why my skills apply to your workplace", fitted to one agency; empty text means "use the generated one"."""

    short: LongText = ""  # the 30-second version
    long: LongText = ""  # the 60-second version
    chosen: Literal["short", "long"] = "short"  # the one that goes into the brief


class Referral(Record):
    name: ShortText = ""
    how_to_reach: ShortText = ""
    note: ShortText = ""


class AfterCall(Record):
    """What happened in the call, written down soon after, and the thank-you built from it."""

    said: LongText = ""  # what they said
    advice: LongText = ""
    referrals: list[Referral] = Field(default_factory=list, max_length=20)
    untold: LongText = ""  # what I did not get to say
    promised: LongText = ""  # actions I promised
    portfolio_requested: bool = False
    resume_offered: bool = False  # they offered to pass the resume on; otherwise the thank-you leaves it out
    thank_you: LongText = ""  # the user's edited note; empty means "use the generated draft"
    thank_you_sent: date | None = None


FollowUpKind = Literal["thank-you", "acted-on-advice", "check-in", "periodic"]
Outcome = Literal["", "replied", "no reply", "referral given"]


class FollowUp(Record):
    """A dated reminder to keep in touch, with its own draft."""

    id: str = Field(default_factory=new_id)
    kind: FollowUpKind = "check-in"
    due: date
    snoozed_until: date | None = None
    done_on: date | None = None
    draft: LongText = ""
    note: ShortText = ""


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
    questions: QuestionPlan = Field(default_factory=QuestionPlan)
    pitch: Pitch = Field(default_factory=Pitch)
    after: AfterCall = Field(default_factory=AfterCall)
    followups: list[FollowUp] = Field(default_factory=list, max_length=30)
    outcome: Outcome = ""
    # The brief's "treat it as if a job were on the line" checklist: item id -> ticked.
    checklist: dict[Annotated[str, StringConstraints(max_length=80)], bool] = Field(default_factory=dict)

    @property
    def label(self) -> str:
        """How the conversation is named in pickers: the user's label, else person and agency."""
        if self.name:
            return self.name
        parts = [p for p in (self.person.name, self.agency.name) if p]
        return " · ".join(parts) if parts else "New conversation"


Number = Annotated[float, Field(allow_inf_nan=False, ge=-1e15, le=1e15)]
SampleType = Literal[
    "press release", "media pitch", "social campaign", "event", "content or blog", "research",
    "class project", "volunteer", "other",
]
MeasureSource = Literal[
    "web analytics", "coverage count", "survey", "sales or leads", "attendance", "social analytics",
    "media monitoring", "client records", "other",
]


class Metric(Record):
    """One measured result: a name, the value before and after, and the period it covers."""

    name: ShortText = ""
    baseline: Number | None = None
    after: Number | None = None
    unit: Annotated[str, StringConstraints(strip_whitespace=True, max_length=30)] = ""
    period: ShortText = ""


class WorkSample(Record):
    """A piece of work for the portfolio, told so that the reader sees whether it worked and how that was measured."""

    id: str = Field(default_factory=new_id)
    title: ShortText = ""
    type: SampleType = "class project"
    link: WebUrl = ""
    role: ShortText = ""
    objective: LongText = ""
    what_i_did: LongText = ""
    result: LongText = ""
    metrics: list[Metric] = Field(default_factory=list, max_length=12)
    method: LongText = ""  # how success was measured
    sources: list[MeasureSource] = Field(default_factory=list, max_length=9)
    learned: LongText = ""
    confidential: bool = False
    # Confidential rewrite: each real name the user lists, with the descriptor that replaces it.
    descriptors: dict[Annotated[str, StringConstraints(max_length=120)], ShortText] = Field(default_factory=dict)
    # Which version the brief and the thank-you note use.
    share_confidential: bool = False


MatchDecision = Literal["accepted", "rejected"]


class SkillsBridge(Record):
    """A career-changer's past roles mapped to the field's competencies, with their own evidence."""

    roles: list[Annotated[str, StringConstraints(max_length=80)]] = Field(default_factory=list, max_length=6)
    own_words: LongText = ""  # what they did, in their words
    decisions: dict[Annotated[str, StringConstraints(max_length=80)], MatchDecision] = Field(default_factory=dict)
    evidence: dict[Annotated[str, StringConstraints(max_length=80)], LongText] = Field(default_factory=dict)


class Workspace(Record):
    schema_version: Literal[1] = SCHEMA_VERSION
    profile: Profile = Field(default_factory=Profile)
    conversations: list[Conversation] = Field(default_factory=list, max_length=200)
    samples: list[WorkSample] = Field(default_factory=list, max_length=100)  # shared by all conversations
    skills: SkillsBridge = Field(default_factory=SkillsBridge)
    # The persona a demo workspace was made from; empty for a real one. "Reset demo" only acts on demo workspaces.
    demo: Annotated[str, StringConstraints(max_length=40)] = ""

    @model_validator(mode="after")
    def _unique_ids(self) -> Workspace:
        for what, ids in (("conversations", [c.id for c in self.conversations]), ("work samples", [s.id for s in self.samples])):
            if len(ids) != len(set(ids)):
                raise ValueError(f"two {what} share one id; each needs its own id")
        return self

    def conversation(self, conversation_id: str) -> Conversation | None:
        return next((c for c in self.conversations if c.id == conversation_id), None)

    def sample(self, sample_id: str) -> WorkSample | None:
        return next((s for s in self.samples if s.id == sample_id), None)


def zone(workspace: Workspace) -> ZoneInfo:
    return ZoneInfo(workspace.profile.timezone)
