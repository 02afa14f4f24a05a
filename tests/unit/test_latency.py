"""The collector is settled once per server process, after the first run."""

from __future__ import annotations

import gc

from coach.ui import latency


def test_the_first_run_freezes_what_is_alive_and_raises_the_oldest_threshold_once() -> None:
    before = gc.get_threshold()
    try:
        latency._done = False
        latency.settle_after_first_run()
        frozen = gc.get_freeze_count()
        assert frozen > 0 and gc.get_threshold() == latency.THRESHOLDS
        gc.set_threshold(700, 10, 10)
        latency.settle_after_first_run()  # later runs change nothing
        assert gc.get_freeze_count() == frozen and gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*before)
