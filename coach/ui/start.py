"""Start: open a private workspace, describe yourself and the people you will talk to."""

from coach.ui import shell
from coach.ui.views.start import render

shell.guarded(render)
