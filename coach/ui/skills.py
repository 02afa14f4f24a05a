"""Skills: map past roles to the field's competencies, see strengths and gaps for this agency, rehearse the pitch."""

from coach.ui import shell
from coach.ui.views.skills import render

shell.guarded(render)
