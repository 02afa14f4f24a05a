"""Homework: read the agency's public site, then turn what it says into notes of your own."""

from coach.ui import shell
from coach.ui.views.homework import render

shell.guarded(render)
