"""Request: a short, considerate message asking for the call, checked as the user edits it."""

from coach.ui import shell
from coach.ui.views.request import render

shell.guarded(render)
