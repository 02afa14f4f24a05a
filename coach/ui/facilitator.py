"""Facilitator: walk a room through the flow on a demo workspace, and reset it between sessions."""

from coach.ui import shell
from coach.ui.views.facilitator import render

shell.guarded(render)
