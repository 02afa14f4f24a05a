"""Demo personas for trying the app or running it in front of a room.

The personas live in `content/demo/personas/` as ordinary workspace exports, read through the
same validating import as a user's file, so a broken demo fails the content test, not a demo.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from coach.content import CONTENT_DIR, request_pack
from coach.model import SITUATIONS, Workspace
from coach.outreach import suggest_slots
from coach.transfer import from_yaml

PERSONA_DIR = CONTENT_DIR / "demo" / "personas"


def persona_files(root: Path = PERSONA_DIR) -> dict[str, Path]:
    return {path.stem: path for path in sorted(root.glob("*.yaml"))}


def persona_label(workspace: Workspace) -> str:
    profile = workspace.profile
    return f"{profile.name} — {SITUATIONS[profile.situation].lower()}, {profile.field_of_interest}"


def demo_workspace(persona: str, today: date, root: Path = PERSONA_DIR) -> Workspace:
    """The persona's workspace with proposed slots moved to considerate dates after `today`."""
    workspace = from_yaml(persona_files(root)[persona].read_bytes())
    workspace.demo = persona
    slots = suggest_slots(today, request_pack())
    for conversation in workspace.conversations:
        conversation.request.slots = slots
    return workspace
