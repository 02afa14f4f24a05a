"""After the call: notes while they are fresh, a specific thank-you within 24 hours, and follow-ups that keep going."""

from coach.ui import shell
from coach.ui.views.after_call import render

shell.guarded(render)
