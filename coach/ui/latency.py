"""Keep the garbage collector's long pauses out of reruns.

A rerun allocates tens of thousands of short-lived objects (protobuf messages, pydantic models,
Markdown strings), so the collector runs often; every few hundredth collection used to walk every
object of the server (modules, content packs, caches). In `bench/interaction.py` those full
collections took 190 ms each and made the slowest reruns; all collections together cost 3.6 s
over the bench's 440 actions. After the first run almost everything alive is long-lived:
`gc.freeze()` moves it out of the collector's reach (3.6 s fell to about 1 s, the longest pause
from 190 ms to about 20 ms). The thresholds were then chosen by running the bench with several
(same day, same machine): fewer young collections, each middle-generation collection after six
of them rather than ten so it has fewer survivors to walk, and the oldest generation ten times
rarer than CPython's default.
"""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_done = False

THRESHOLDS = (1500, 6, 100)  # CPython's defaults are (700, 10, 10)


def settle_after_first_run() -> None:
    """Freeze what the first run left alive and set the thresholds, once per process.

    Called at the end of a run, when the page has been sent: the one full collection it does
    (about 0.2 s) delays no one's page."""
    global _done
    if _done:
        return
    with _lock:
        if _done:
            return
        gc.collect()
        gc.freeze()
        gc.set_threshold(*THRESHOLDS)
        _done = True
