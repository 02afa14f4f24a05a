"""Brief: the one-page prep brief for the picked conversation, and readiness across all of them."""

from coach.ui import shell
from coach.ui.views.brief import render

shell.guarded(render)
