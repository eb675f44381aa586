"""Progress for work that takes longer than a glance: a line after a second, then the time so far."""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

# Short builds print nothing extra; anything slower than this shows that it is still working.
QUIET_FOR_SECONDS = 1.0
TICK_SECONDS = 2.0


class Progress:
    """Says what is being done once it has taken over a second, and how long it has taken every few seconds.

    On a terminal the elapsed time is rewritten in place; on another stream each tick is its own line.
    """

    def __init__(self, label: str, *, stream: TextIO | None = None, enabled: bool = True):
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._started = 0.0
        self._shown = False

    def __enter__(self) -> Progress:
        self._started = time.monotonic()
        if self.enabled:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self.enabled:
            self._thread.join()
        if self._shown and self.stream.isatty():
            self.stream.write("\n")
            self.stream.flush()

    def _run(self) -> None:
        if self._stop.wait(QUIET_FOR_SECONDS):
            return
        while True:
            elapsed = time.monotonic() - self._started
            text = f"{self.label}... {elapsed:.0f} s"
            if self.stream.isatty():
                self.stream.write(f"\r{text}")
            else:
                self.stream.write(f"{text}\n")
            self.stream.flush()
            self._shown = True
            if self._stop.wait(TICK_SECONDS):
                return
