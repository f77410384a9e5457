"""Work run in a forked child: it sees this process's memory, and only its result comes back."""

from __future__ import annotations

import os

import pytest

from build_tools import cores


def test_a_forked_child_reads_this_process_memory_and_returns_its_result() -> None:
    here = os.getpid()
    unpicklable = {"a lambda": lambda: None, "numbers": list(range(1000))}

    def work() -> tuple[int, int]:  # a closure: it could not be sent to a spawned process
        return os.getpid(), sum(unpicklable["numbers"])

    future = cores.in_forked_child(work)
    assert future is not None
    pid, total = future.result(timeout=60)
    assert pid != here and total == sum(range(1000))


def test_what_fails_in_the_child_is_raised_by_the_result() -> None:
    def work() -> None:
        raise ValueError("broken in the child")

    future = cores.in_forked_child(work)
    assert future is not None
    with pytest.raises(ValueError, match="broken in the child"):
        future.result(timeout=60)


def test_without_fork_nothing_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cores, "can_fork", lambda: False)
    assert cores.in_forked_child(lambda: 1) is None
