"""Work shared out to forked processes, for the two cores of a staff laptop.

A forked child starts with everything the parent has (imports, fonts, the parsed issue, the layout), so nothing
but the results is sent between processes: each child pickles its results into a pipe and exits. Whatever goes
wrong in a child (an exception, a crash) is done again in the parent, so a failure reads exactly as it does
without forking.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def cores_for_jobs() -> int:
    """BULLETINPDF_JOBS, else every core; `make all` sets it to 1 when the issues already run side by side."""
    return max(1, int(os.environ.get("BULLETINPDF_JOBS") or os.cpu_count() or 1))


class Forked(Generic[Item, Result]):
    """`job(item)` for every item in up to `workers` forked children, started at once; `results()` waits.

    With one worker, or where fork does not exist, nothing starts: `results()` does the work itself, in order.
    """

    def __init__(self, job: Callable[[Item], Result], items: Sequence[Item], *, workers: int):
        self.job = job
        self.items = list(items)
        # Child process id and the read end of its pipe, per share of the items.
        self.children: list[tuple[int, int, list[int]]] = []
        workers = min(workers, len(self.items))
        if workers <= 1 or not hasattr(os, "fork"):
            return
        for first in range(workers):
            self._fork(list(range(first, len(self.items), workers)))

    def _fork(self, indices: list[int]) -> None:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: do its share, send it, and leave without running the parent's exit handlers
            os.close(read_end)
            status = 0
            try:
                payload = pickle.dumps([self.job(self.items[i]) for i in indices], pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as out:
                    out.write(payload)
            except BaseException:  # noqa: BLE001 - the parent does this share again and reports what happens
                status = 1
            os._exit(status)
        os.close(write_end)
        self.children.append((pid, read_end, indices))

    def __enter__(self) -> Forked[Item, Result]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Reaps children whose results were not asked for (the parent failed meanwhile)."""
        for pid, read_end, _ in self.children:
            os.close(read_end)  # a child still writing gets a broken pipe and exits
            os.waitpid(pid, 0)
        self.children = []

    def results(self) -> list[Result]:
        if not self.children:
            return [self.job(item) for item in self.items]
        found: dict[int, Result] = {}
        for pid, read_end, indices in self.children:
            with os.fdopen(read_end, "rb") as stream:
                payload = stream.read()
            _, status = os.waitpid(pid, 0)
            if status == 0 and payload:
                found.update(zip(indices, pickle.loads(payload)))
        self.children = []
        return [found[i] if i in found else self.job(item) for i, item in enumerate(self.items)]
