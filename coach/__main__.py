"""`python -m coach`: see `coach/cli.py`."""

from __future__ import annotations

import sys

from coach.cli import main

if __name__ == "__main__":
    sys.exit(main())
