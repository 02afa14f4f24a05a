"""Demo personas for trying the app or running it in front of a room, offline.

The personas live in `content/demo/personas/` as ordinary workspace exports, read through the
same validating import as a user's file, so a broken demo fails the content test, not a demo.
What depends on the day (proposed slots, the call, the follow-ups) and the agency research are
added when a demo is created: the research reads the bundled demo site through the same
pipeline as a live one, so every step has real material to show.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

from coach.content import CONTENT_DIR, request_pack
from coach.followup import followup_pack, plan_followups
from coach.model import SITUATIONS, Workspace
from coach.outreach import suggest_slots
from coach.research.engine import research_sync
from coach.research.offline import DEMO_URL, demo_transport
from coach.research.types import ResearchResult
from coach.transfer import from_yaml

PERSONA_DIR = CONTENT_DIR / "demo" / "personas"


def persona_files(root: Path = PERSONA_DIR) -> dict[str, Path]:
    return {path.stem: path for path in sorted(root.glob("*.yaml"))}


def persona_label(workspace: Workspace) -> str:
    profile = workspace.profile
    return f"{profile.name} — {SITUATIONS[profile.situation].lower()}, {profile.field_of_interest}"


@cache
def persona_labels() -> dict[str, str]:
    """Persona key -> label, read once: the files do not change while the app runs."""
    return {key: persona_label(from_yaml(path.read_bytes())) for key, path in persona_files().items()}


@cache
def demo_research() -> ResearchResult:
    """The bundled demo agency, researched once per process (offline, about half a second)."""
    return research_sync(DEMO_URL, transport=demo_transport())


def _business_days_before(day: date, count: int) -> date:
    return np.busday_offset(day, -count, roll="backward").astype(date)


def demo_workspace(persona: str, today: date, root: Path = PERSONA_DIR) -> Workspace:
    """The persona's workspace with every step filled, dated around `today`.

    A conversation with after-call notes had its call on the last business day before today and
    gets a follow-up plan; the others have their request sent three business days ago and the
    call in the first considerate slot.
    """
    workspace = from_yaml(persona_files(root)[persona].read_bytes())
    workspace.demo = persona
    slots = suggest_slots(today, request_pack())
    demo_host = urlsplit(DEMO_URL).hostname
    for conversation in workspace.conversations:
        conversation.request.slots = slots
        if conversation.after.said:
            call_day = _business_days_before(today, 1)
            conversation.call_at = datetime.combine(call_day, time(15, 0))
            conversation.request_sent = _business_days_before(call_day, 8)
            conversation.followups = plan_followups(conversation.call_at, [], followup_pack())
        else:
            conversation.request_sent = _business_days_before(today, 3)
            conversation.call_at = slots[0]
        if urlsplit(conversation.agency.url).hostname == demo_host:
            conversation.homework.research = demo_research()
    return workspace
