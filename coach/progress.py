"""How far each step is for one conversation, as shown in the sidebar.

Progress counts the things a professional would notice missing, not fields filled for their
own sake, and says what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coach.content import RequestPack
from coach.model import Conversation, Workspace
from coach.outreach import draft_request, request_checks, timing_warnings
from coach.research.prompts import HomeworkPack, check_notes


@dataclass(frozen=True)
class StepProgress:
    step: str
    done: int
    total: int
    next_hint: str

    @property
    def complete(self) -> bool:
        return self.done >= self.total


def start_progress(workspace: Workspace, conversation: Conversation | None) -> StepProgress:
    profile = workspace.profile
    items = [
        (bool(profile.name), "Add your name"),
        (bool(profile.field_of_interest), "Say which field interests you"),
        (conversation is not None, "Add a conversation"),
        (bool(conversation and conversation.person.name), "Name the person you will talk to"),
        (bool(conversation and conversation.agency.name), "Name their agency"),
        (bool(conversation and conversation.agency.url), "Add the agency's website"),
    ]
    return _tally("Start", items)


def request_progress(
    workspace: Workspace, conversation: Conversation | None, pack: RequestPack, today: date
) -> StepProgress:
    if conversation is None:
        return StepProgress("Request", 0, 7, "Add a conversation on the Start page")
    request = conversation.request
    text = request.draft or draft_request(workspace.profile, conversation, pack).body
    checks = request_checks(text, request.slots, pack)
    warnings = timing_warnings(request_sent_or(conversation, today), conversation.call_at and conversation.call_at.date(),
                               request.slots, text, pack)
    items = [(check.ok, check.reason) for check in checks]
    items.append((not warnings, warnings[0] if warnings else ""))
    items.append((conversation.request_sent is not None, "Mark the day you sent the request"))
    return _tally("Request", items)


def homework_progress(conversation: Conversation | None, pack: HomeworkPack) -> StepProgress:
    if conversation is None:
        return StepProgress("Homework", 0, 3, "Add a conversation on the Start page")
    homework = conversation.homework
    report = check_notes(homework.notes, homework.research, pack)
    written = sum(1 for n in homework.notes if n.learned.strip() or n.idea.strip() or n.question.strip())
    items = [
        (bool(homework.research and homework.research.facts), "Research the agency's site"),
        (written >= pack.depth.min_notes, f"Write at least {pack.depth.min_notes} notes"),
        (report.ready, report.reasons[0] if report.reasons else ""),
    ]
    return _tally("Homework", items)


def request_sent_or(conversation: Conversation, today: date) -> date:
    """The timing check measures notice from the day the request went out, or today if not yet."""
    return conversation.request_sent or today


def _tally(step: str, items: list[tuple[bool, str]]) -> StepProgress:
    missing = [hint for ok, hint in items if not ok]
    return StepProgress(step, len(items) - len(missing), len(items), missing[0] if missing else "")
