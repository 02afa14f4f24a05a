"""Portfolio: work samples that show whether the work worked and how success was measured."""

from coach.ui import shell
from coach.ui.views.portfolio import render

shell.guarded(render)
