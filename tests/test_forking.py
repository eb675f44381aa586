"""Forked work: results in order, whatever the number of workers, and a child's failure redone in the parent."""

from __future__ import annotations

import os

import pytest

from bulletinpdf.run.forking import Forked, cores_for_jobs


def square_with_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


@pytest.mark.parametrize("workers", [1, 2, 3, 10])
def test_results_come_back_in_order(workers: int) -> None:
    with Forked(square_with_pid, range(7), workers=workers) as work:
        results = work.results()
    assert [value for value, _ in results] == [n * n for n in range(7)]
    made_here = {pid for _, pid in results} == {os.getpid()}
    assert made_here == (workers == 1)


def test_nothing_to_do() -> None:
    assert Forked(square_with_pid, [], workers=2).results() == []


def test_a_failing_child_is_redone_here_so_the_error_reads_as_without_forking() -> None:
    parent = os.getpid()

    def fails_in_a_child(n: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("only in the child")
        return n + 1

    assert Forked(fails_in_a_child, [1, 2, 3], workers=2).results() == [2, 3, 4]

    def always_fails(n: int) -> int:
        raise ValueError(f"bad {n}")

    with pytest.raises(ValueError, match="bad 1"):
        Forked(always_fails, [1, 2], workers=2).results()


def test_a_child_that_dies_is_redone_here() -> None:
    parent = os.getpid()

    def dies_in_a_child(n: int) -> int:
        if os.getpid() != parent:
            os._exit(9)
        return n

    assert Forked(dies_in_a_child, [5, 6], workers=2).results() == [5, 6]


def test_children_not_waited_for_are_reaped() -> None:
    with Forked(square_with_pid, range(4), workers=2) as work:
        pids = [pid for pid, _, _ in work.children]
    assert work.children == []
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_jobs_follow_bulletinpdf_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BULLETINPDF_JOBS", "1")
    assert cores_for_jobs() == 1
    monkeypatch.delenv("BULLETINPDF_JOBS")
    assert cores_for_jobs() == (os.cpu_count() or 1)
