"""Pause Python's cycle collector while a bulk job builds many long-lived objects.

An import of 200,000 people holds about a million validated records. Each time the collector's
counters trip, a full collection walks every one of them again, although none can be part of a
reference cycle: pausing it made the same import take 50–57 s instead of 74–81 s (see
docs/performance.md). Memory is still freed as usual by reference counting; only cycles wait
until the job ends, and a bulk job makes almost none.

Pauses nest and may overlap across threads (two uploads at once): the collector runs again when
the last of them ends, and only if it was running when the first began.

>>> import gc
>>> with paused_gc():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """No automatic cycle collection inside the block (also usable as a decorator)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
