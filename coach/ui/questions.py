"""Questions: the questions you will ask in the call, and the ones they may ask you, with your answer notes."""

from coach.ui import shell
from coach.ui.views.questions import render

shell.guarded(render)
