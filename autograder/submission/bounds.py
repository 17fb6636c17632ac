"""How long preparing one submission (unpacking, notebooks to modules) may take.

    deadline = Deadline.for_budget(limits["budget"])    # when preparation starts
    ...
    if deadline.passed(): stop, and say in one sentence what was left out

Preparation runs in the grader, before any student code, on files the student
chose: without a bound of its own a crafted upload makes the grader work for
minutes whatever --budget says. It may take a tenth of the submission's budget,
and at least PREPARE_FLOOR seconds, which no real upload comes near.
"""
import time

PREPARE_SHARE = 0.1     # of the submission's budget of seconds
PREPARE_FLOOR = 5.0     # seconds: unpacking 100 MB or converting a large notebook takes about one


class Deadline:
    """A moment on the monotonic clock, `seconds` after the Deadline is made (None: no deadline)."""

    def __init__(self, seconds: float | None = None):
        self.seconds = seconds
        self.at = None if seconds is None else time.monotonic() + seconds

    @classmethod
    def for_budget(cls, budget: float) -> "Deadline":
        """The deadline of preparing a submission whose student code has `budget` seconds in all."""
        return cls(max(PREPARE_FLOOR, PREPARE_SHARE * budget))

    def passed(self) -> bool:
        return self.at is not None and time.monotonic() >= self.at

    def why(self) -> str:
        """The end of a sentence saying why something was left out."""
        return f"preparing the submission took longer than its limit of {self.seconds:g} s"
