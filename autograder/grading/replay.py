"""Generated inputs, paid for once: a property test's examples replayed from a cache.

A graded property test's inputs do not depend on the submission: hypothesis is
derandomised (checks/profiles.py), and a test that passes runs every example it
generates, in the same order, whatever code answered. So the first grading in which a
test passes records the keyword arguments hypothesis gave each example (and what the
test drew from `st.data()`), and later gradings call the test's body on them
directly (its `.hypothesis.inner_test`, hypothesis's public handle), without the
engine that generates, mutates and tracks them.

A replay that fails does not decide anything: the test's child process is restarted
and hypothesis runs the test as it always did (same examples, then shrinking), so a
failing test gets today's verdict, minimal counterexample and message. Only a call
that broke the test's session (a time-out, a crash) ends it at once: every later call
of the test, shrinking included, would raise the same problem again. Where failures
are not shrunk (checks/profiles.py's twins, for the audit), a failing check or problem
of the submission in a replay decides too: hypothesis would generate the same examples
up to that one and stop there.

The cache of recorded examples is replay_cache.py.
"""
import contextlib
import functools
import random
import time

import numpy as np
from hypothesis.errors import StopTest, UnsatisfiedAssumption

from autograder.grading.replay_cache import NotReplayable, carried, same, tag
from autograder.sandbox import wire
from autograder.sandbox.replies import Call, HarnessFault, SubmissionProblem

MAX_SENT_AHEAD_BYTES = 8 * 1024 * 1024  # a test's calls sent in one frame (the wire carries 64 MB)


def _seeded_states():
    """The states of random and numpy's global generator right after hypothesis seeds them (0)."""
    saved = random.getstate(), np.random.get_state()
    random.seed(0)
    np.random.seed(0)
    states = random.getstate(), np.random.get_state()
    random.setstate(saved[0])
    np.random.set_state(saved[1])
    return states


def _states_equal(a, b) -> bool:
    return a[0] == b[0] and all(same(x, y) if isinstance(x, np.ndarray) else x == y for x, y in zip(a[1], b[1]))


@contextlib.contextmanager
def kept_generators():
    """Give random and numpy's global generator back their states when the block ends (reading them
    costs about 0.3 ms: once a test, not once an example)."""
    saved = random.getstate(), np.random.get_state()
    try:
        yield
    finally:
        random.setstate(saved[0])
        np.random.set_state(saved[1])


def seed_as_hypothesis_does():
    """Seed random and numpy's global generator as hypothesis does before each example."""
    random.seed(0)
    np.random.seed(0)


class DrawRecorder:
    """Stands for the st.data() object while recording: draws through it, keeping each value."""

    def __init__(self, data, drawn: list):
        self._data, self._drawn = data, drawn

    def draw(self, strategy, label=None):
        value = self._data.draw(strategy, label=label)
        self._drawn.append(carried(value))
        return value


class DrawReplayer:
    """Stands for the st.data() object while replaying: gives back the recorded draws, in order."""

    def __init__(self, drawn: list):
        self._drawn = list(drawn)

    def draw(self, strategy, label=None):
        if not self._drawn:
            raise NotReplayable("the test drew more than was recorded")
        return self._drawn.pop(0)


class Diverged(BaseException):
    """A replayed test made other calls than were sent ahead for it, or the calls sent ahead failed as a
    whole: the test is replayed again with each call sent when made. A BaseException, so that no
    suite's `except Exception` mistakes it for a student's problem."""


class Recorder:
    """Records one run of a test: install() taps the calls the test makes through its `student` session
    and, for a property test (handle: its `.hypothesis`), wraps its inner test (functools.wraps keeps what
    hypothesis derives the test's seed from: its source, name and signature); restore() undoes both. A
    test without hypothesis is one example without arguments."""

    def __init__(self, handle, fixtures: dict):
        self.handle, self.fixtures = handle, set(fixtures)
        self.session = fixtures.get("student")
        self.examples, self.problem = [], None
        self.calls, self.call_bytes = None, 0  # the current example's calls, while it runs
        if handle is None:
            self.examples.append({"kwargs": {}, "data": [], "drawn": [], "calls": []})
            self.calls = self.examples[0]["calls"]
        else:
            self.inner = handle.inner_test
            self.seeded = _seeded_states()

    def install(self):
        if self.session is not None:
            self.session.intercept = self._tap
        if self.handle is None:
            return
        inner = self.inner

        @functools.wraps(inner)
        def recording(*args, **kwargs):
            if self.problem:  # nothing of this run will be kept: hypothesis may be shrinking a failure
                self.calls = None
                return inner(*args, **kwargs)
            example = {"kwargs": {}, "data": [], "drawn": [], "calls": []}
            try:
                if not _states_equal((random.getstate(), np.random.get_state()), self.seeded):
                    raise NotReplayable("hypothesis did not seed the global generators with 0")
                for name, value in kwargs.items():
                    if name in self.fixtures:
                        continue
                    if type(value).__name__ == "DataObject":
                        kwargs[name] = DrawRecorder(value, example["drawn"])
                        example["data"].append(name)
                    else:
                        example["kwargs"][name] = carried(value)
            except NotReplayable as problem:
                self.problem = self.problem or str(problem)
            self.calls = example["calls"]
            try:
                result = inner(*args, **kwargs)
            except (StopTest, UnsatisfiedAssumption):
                if example["calls"] != []:  # hypothesis dropped an example that had called the submission
                    self.problem = self.problem or "an example was dropped after calling the submission"
                raise
            except BaseException:
                self.problem = self.problem or "an example did not return"
                self.calls = None
                raise
            self.examples.append(example)
            return result
        self.handle.inner_test = recording

    def _tap(self, calls, timeout):
        """Session.call while recording: keep each call's request (for sending them ahead), then run it."""
        if self.calls is not None:
            try:
                if timeout is not None:
                    raise NotReplayable("a call with a time limit of its own")
                for call in calls:
                    request = carried([call.function_id, list(call.args), dict(call.kwargs)])
                    self.call_bytes += len(wire.encode(tag(request)))
                    self.calls.append(request)
                if self.call_bytes > MAX_SENT_AHEAD_BYTES:
                    raise NotReplayable("calls too large to send ahead in one frame")
            except NotReplayable:  # the test is still replayed, each call sent when it is made
                self.calls = None
                for example in self.examples:
                    example["calls"] = None
        return self.session.run_calls(calls, timeout)

    def restore(self):
        if self.handle is not None:
            self.handle.inner_test = self.inner
        if self.session is not None:
            self.session.intercept = None

    def recorded(self) -> list | None:
        """The examples, or None when the run cannot be replayed."""
        if self.problem or not self.examples:
            return None
        if self.calls is None:
            for example in self.examples:
                example["calls"] = None
        return self.examples


def sent_ahead(examples: list) -> list | None:
    """The calls of each example ([[Call, ...], ...]), when all of them can be sent ahead and there are
    some (else None)."""
    if any(example["calls"] is None for example in examples) or not any(e["calls"] for e in examples):
        return None
    return [[Call(function_id, tuple(args), kwargs) for function_id, args, kwargs in example["calls"]]
            for example in examples]


class SentAhead:
    """A replayed test's calls, sent to the worker before the test makes them, in two round trips: the
    first example's calls (where most failing tests fail), then all the others'. The test's calls are
    answered from the replies, in order, while they are the same calls; Diverged otherwise, and when a
    round trip fails as a whole. In a round trip the worker stops at the first call that gives no value:
    the test fails there, or asks for more and diverges."""

    def __init__(self, session, calls: list):
        self.session, self.waiting = session, []
        self.chunks = [chunk for chunk in (calls[0], [c for example in calls[1:] for c in example]) if chunk]
        session.intercept = self.answer

    def _send(self):
        session, calls = self.session, self.chunks.pop(0)
        sandbox, limits = session.sandbox, session.sandbox.limits
        left = limits["test_budget"] - session.spent
        if session.broken is not None or left <= 0 or any(
                sandbox.strikes.get(c.function_id, 0) >= limits["strikes"] for c in calls):
            raise Diverged
        started = time.monotonic()
        try:
            # Each call would have call_timeout seconds of its own: all of them together get that much.
            self.waiting = list(zip(calls, sandbox.call(calls, min(limits["call_timeout"], left), stop=True)))
        except (SubmissionProblem, HarnessFault):
            raise Diverged from None
        finally:
            session.spent += time.monotonic() - started

    def answer(self, calls, timeout):
        """Session.call while replaying."""
        if timeout is None and not self.waiting and self.chunks:
            self._send()
        if timeout is not None or len(calls) > len(self.waiting):
            raise Diverged
        for call, (sent, _) in zip(calls, self.waiting):
            if call.function_id != sent.function_id or not same(list(call.args), list(sent.args)) \
                    or not same(dict(call.kwargs), dict(sent.kwargs)):
                raise Diverged
        answered = self.waiting[:len(calls)]
        del self.waiting[:len(calls)]
        return [functools.partial(self.session.settle, outcome) for _, outcome in answered]

    def left(self) -> bool:
        """Whether calls were sent, or are to be sent, that the test has not made."""
        return bool(self.waiting or self.chunks)


def replay(body, fixtures: dict, examples: list, ahead: bool = False, seed: bool = True) -> None:
    """Call `body` (a property test's inner test, or a test without hypothesis) on each recorded example,
    in order, with the generators seeded as hypothesis seeds them when `seed`, and its calls sent ahead
    (SentAhead) when `ahead`; raises what the body raises (NotReplayable when it draws more than was
    recorded, Diverged when its calls are not those sent ahead)."""
    session = fixtures.get("student")
    sent = SentAhead(session, sent_ahead(examples)) if ahead else None
    try:
        with kept_generators() if seed else contextlib.nullcontext():
            for example in examples:
                kwargs = dict(fixtures, **example["kwargs"])
                for name in example["data"]:  # one st.data() argument at most: hypothesis allows no more
                    kwargs[name] = DrawReplayer(example["drawn"])
                if seed:
                    seed_as_hypothesis_does()
                body(**kwargs)
        if sent is not None and sent.left():
            raise Diverged  # calls were sent ahead that the test did not make
    finally:
        if session is not None:
            session.intercept = None
