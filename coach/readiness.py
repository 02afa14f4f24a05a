"""Every step's progress for one conversation: the sidebar and the readiness overview read this.

It lives apart from `coach.progress` because it imports every step's module, and those modules
import `coach.progress` for `StepProgress`.
"""

from __future__ import annotations

from datetime import date, datetime

from coach.content import request_pack
from coach.followup import after_call_progress, followup_pack
from coach.model import Conversation, Workspace
from coach.portfolio import portfolio_progress
from coach.progress import StepProgress, homework_progress, request_progress, start_progress
from coach.questions import questions_pack, questions_progress
from coach.research.prompts import homework_pack
from coach.skills import skills_pack, skills_progress


def steps(workspace: Workspace, conversation: Conversation | None, now: datetime) -> list[StepProgress]:
    """In the order of the flow. `now` is the time on the user's clock (aware); reminders and notice count from its date."""
    today: date = now.date()
    return [
        start_progress(workspace, conversation),
        request_progress(workspace, conversation, request_pack(), today),
        homework_progress(conversation, homework_pack()),
        questions_progress(conversation, questions_pack(), workspace.profile.situation),
        portfolio_progress(workspace),
        skills_progress(workspace, conversation, skills_pack()),
        after_call_progress(conversation, workspace.profile, followup_pack(), now),
    ]
