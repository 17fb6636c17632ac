"""What graded suites hold: the submission's functions as callables, with
time budgets, and every failure turned into a message a student can act on.

    sandbox = Sandbox(scratch, assignment, limits)       # scratch: submission.prepare's folder
    with sandbox.test("public/test_softmax.py::test_rows") as student:
        softmax = student.function("softmax.py:softmax")
        probabilities = softmax(np.array([1.0, 2.0]))
    sandbox.close()

A call that does not return a value raises a SubmissionProblem (the student's
fault; str() is for the student). A fault of the grader itself (the worker
cannot be started, a stand-in the assignment does not define) raises
HarnessFault, which the report keeps apart from the student's mistakes.
"""
import contextlib
import functools
import sys
import time
import zlib

from autograder.sandbox import channel, confine, layout, process
from autograder.sandbox.layout import worker_command
from autograder.sandbox.replies import (
    STDOUT_LIMIT,
    Call,
    Crashed,
    HarnessFault,
    NotFound,
    Reply,
    StudentRaised,
    SubmissionProblem,
    TimedOut,
    Unreadable,
    capped,
    checked_records,
    describe_exit,
    log_tail,
    record_call,
    standin_requests,
    tail,
)
from autograder.sandbox.show import short_name


class StudentFunction:
    """A callable proxy for one graded function of the submission."""

    def __init__(self, session: "Session", function_id: str):
        self.session, self.function_id = session, function_id
        self.last: Call | None = None
        self.resolved: str | None = None  # the candidate id that ran the last call that gave a value

    def __call__(self, *args, **kwargs):
        return self.run(*args, **kwargs).value

    def run(self, *args, timeout: float | None = None, **kwargs) -> Reply:
        """Call and return the whole Reply (value, stdout, records)."""
        self.last = Call(self.function_id, args, kwargs)
        reply = self.session.call([self.last], timeout)[0]()
        self.resolved = reply.resolved
        return reply

    def parameters(self) -> tuple | None:
        """The positional parameter names of the definition that the last call ran, as the grader read them
        from its source before any student code ran (prepare.parameter_names): the worker only names which
        candidate ran, so a reply can pick among the submission's own definitions and nothing else. None when
        unknown (no call gave a value yet, or the function is not bound by a def)."""
        return self.session.sandbox.scratch.parameters.get(self.resolved)

    def batch(self, argument_tuples: list[tuple], timeout: float | None = None) -> list:
        """Call once per tuple of positional arguments, in one round trip; return the values.

        Meant for pure functions (finite differences); the first call that fails
        raises its problem, and `last` is then that call.
        """
        calls = [Call(self.function_id, tuple(args), {}) for args in argument_tuples]
        self.last = calls[0] if calls else None
        values = []
        for call, settle in zip(calls, self.session.call(calls, timeout)):
            self.last = call
            values.append(settle().value)
        return values


class Session:
    """The calls of one graded test, served by one forked child of the worker."""

    def __init__(self, sandbox: "Sandbox", name: str):
        self.sandbox, self.name = sandbox, name
        self.broken: Exception | None = None  # what ended this test's child, if anything
        self.spent = 0.0                      # seconds this test's calls took
        self.intercept = None                 # replay.py's stand-in for run_calls, while it records or answers

    def function(self, function_id: str) -> StudentFunction:
        return StudentFunction(self, function_id)

    def call(self, calls: list[Call], timeout: float | None = None) -> list:
        """Run calls in one round trip; return, per call, a function that gives
        its Reply or raises its problem."""
        if self.intercept is not None:
            return self.intercept(calls, timeout)
        return self.run_calls(calls, timeout)

    def run_calls(self, calls: list[Call], timeout: float | None = None) -> list:
        if self.broken is not None:
            raise type(self.broken)(*self.broken.args)
        limits = self.sandbox.limits
        left = limits["test_budget"] - self.spent
        if left <= 0:
            self.broken = TimedOut(f"{calls[0]}\nwas not run: this test's calls already took "
                                   f"{self.spent:.0f} s in total; look for slow or endless work")
            raise self.broken
        started = time.monotonic()
        try:
            outcomes = self.sandbox.call(calls, min(timeout or limits["call_timeout"], left))
        except (TimedOut, Crashed, HarnessFault) as problem:
            self.broken = problem
            raise
        finally:
            self.spent += time.monotonic() - started
        return [functools.partial(self.settle, outcome) for outcome in outcomes]

    def settle(self, outcome):
        try:
            return outcome()
        except (TimedOut, Crashed) as problem:  # these spoil the rest of the test
            self.broken = problem
            raise


class Sandbox:
    """One submission's worker: started on the first test, restarted after a crash."""

    def __init__(self, scratch, assignment, limits: dict, fault: HarnessFault | None = None):
        """scratch: the prepared folder (None when preparing failed with `fault`, which
        every test then reports as a harness error)."""
        self.scratch, self.assignment, self.limits, self.fault = scratch, assignment, limits, fault
        self.spent = 0.0       # seconds of the whole submission's budget used
        self.strikes = {}      # function id -> time-outs so far
        self.worker = None     # the Channel, while a worker runs
        self.child_alive = False
        self.starting = 0.0    # seconds spent starting workers
        self.test_starts = 0.0  # seconds spent forking a child of the worker for each test
        self.survivors = []    # pids of the student's uid that SIGKILL did not end (none, normally)
        self.calls = None      # a list to record every answered call's shapes in (see record_call), or None
        self.current = None    # the name of the test being run
        self.oom_kills = 0     # the running worker's memory group's OOM kills seen so far
        self.exceeded = None   # the Crashed that every later test gets once the submission wrote too much
        self.ran_student_code = False  # the running worker served a call: its faults are then the student's
        self.student_ran = False       # some worker of this submission served a call (it may have spoilt the
        #                                scratch folder that later workers start in)
        self.resolved = set()  # the candidate ids the current test's calls resolved to
        self.called = self.called_before = False  # whether the current test made a call (before this one)
        process.become_subreaper()

    def close(self) -> None:
        """Kill everything the submission started."""
        self._stop()

    @contextlib.contextmanager
    def test(self, name: str):
        """A Session for one graded test; its child process ends with the block."""
        session = Session(self, name)
        self.resolved, self.called = set(), False
        self._begin(session)
        try:
            yield session
        finally:
            self._end()

    def restart(self, session: Session) -> None:
        """Give the running test a fresh child and budget, forgetting its calls (a replay that failed
        hands the test to hypothesis, which runs it as if nothing had run before)."""
        self._end()
        if self.calls is not None:
            self.calls[:] = [c for c in self.calls if c["test"] != session.name]
        session.broken, session.spent, session.intercept, self.resolved = None, 0.0, None, set()
        self._begin(session)

    def _stop(self):
        self.child_alive = False
        if self.worker is not None:
            self.worker.close()
            self.survivors += self.worker.survivors
            self.worker = None

    def start(self) -> HarnessFault | None:
        """Start the worker if none runs (it boots while pytest collects the suites);
        return the fault that kept it from starting, if any."""
        if self.fault is not None or self.worker is not None:
            return self.fault
        started = time.monotonic()
        self.ran_student_code, self.oom_kills = False, 0
        try:
            command = worker_command(self.scratch.root, sys.executable, self.assignment.standin_paths)
            self.worker = channel.Channel(command, self.scratch.root, self.limits, self.scratch.log)
        except OSError as error:
            return self._spoilt(f"the worker could not be started: {error}")
        finally:
            self.starting += time.monotonic() - started
        return None

    def _begin(self, session):
        """Start the test's child. Starting runs no student code, but a worker that served the submission's
        calls may have been spoilt by them (its limits changed, its processes used up, its pipe written
        to): then a fresh worker gets one more try, and only a worker that ran no student code and still
        fails is the grader's fault (e.g. a stand-in file that fails to load)."""
        self.current = session.name
        for _ in range(2):
            session.broken = self.exceeded or self.start()
            if session.broken is not None:
                return
            spoilt, failure = self.ran_student_code, self._start_child(session.name)
            if failure is None:
                self.child_alive = True
                return
            self._stop()
            if self.spent >= self.limits["budget"]:
                session.broken = failure
                return
            if not spoilt:
                break
        session.broken = self._spoilt(f"the worker failed while starting the test: {failure}\n"
                                      f"the end of {self.scratch.log}:\n{log_tail(self.scratch.log)}")

    def _spoilt(self, reason: str) -> SubmissionProblem | HarnessFault:
        """A worker that does not start: the grader's fault, unless the submission's code already ran in an
        earlier worker, since it may have spoilt what the next one starts from (where the worker has no root
        of its own, the submission's uid owns its folder: a chmod, a deleted file, a killed process)."""
        if not self.student_ran:
            return HarnessFault(reason)
        return Crashed(f"{reason.splitlines()[0]}\nafter the submission's code ran in an earlier test, no new "
                       "worker could start; look for code that changes permissions, deletes or replaces files, "
                       "or kills processes")

    def _start_child(self, name: str) -> SubmissionProblem | None:
        """Ask the worker for the test's child; the problem if it did not start one."""
        begin = {"op": "begin", "seed": zlib.crc32(name.encode()), "functions": self.scratch.findings.functions,
                 "cpu_seconds": self.limits["test_cpu_seconds"], "support": self.scratch.support}
        started = time.monotonic()
        try:
            reply = self._exchange(begin, self.limits["call_timeout"], "starting the test")
        except SubmissionProblem as problem:
            return problem
        finally:
            self.test_starts += time.monotonic() - started
        if isinstance(reply, dict) and reply.get("ok") is True:
            return None
        return Crashed(f"starting the test: the worker answered {capped(str(reply), 300)}")

    def _end(self):
        if self.worker is not None and not self.worker.alive():
            self._stop()  # the submission killed the worker itself: nobody would answer "end"
        if self.child_alive:
            with contextlib.suppress(SubmissionProblem):
                self._exchange({"op": "end"}, self.limits["call_timeout"], "ending the test")
        self.child_alive = False
        process.sweep_orphans(keep=(self.worker.process.pid,) if self.worker else ())
        self._check_writable_space()

    def _check_writable_space(self):
        """Where the worker has no capped tmpfs of its own (no namespaces), measure what its uid wrote
        after each test; past the caps, the worker is stopped and no later test runs."""
        user = process.sandbox_user()
        if self.worker is None or not user or confine.namespaces_available():
            return
        size, count = process.usage_of(user[0], [self.scratch.submission, self.scratch.tmp])
        megabytes, files = self.limits["writable_mb"], self.limits["writable_files"]
        if size > megabytes << 20 or count > files:
            self._stop()
            self.exceeded = Crashed(f"the submission wrote {size / 2**20:.0f} MB in {count} files and folders, "
                                    f"past the limit of {megabytes} MB and {files} files, so no later test ran; "
                                    "look for code that writes files in a loop")

    def call(self, calls: list[Call], timeout: float, stop: bool = False) -> list:
        """Run calls of one function in one round trip; return, per call, a
        function that gives its Reply or raises its SubmissionProblem. With `stop`, the worker
        stops at the first call that gives no value: the list then ends with that call's."""
        name = calls[0].function_id
        if self.strikes.get(name, 0) >= self.limits["strikes"]:
            raise TimedOut(f"{short_name(name)} timed out in {self.strikes[name]} earlier tests, so it is "
                           f"no longer run; look for a loop that never ends in {name.split(':')[0]}")
        requests = [{"target": c.function_id, "args": list(c.args), "kwargs": dict(c.kwargs)} for c in calls]
        message = dict(requests[0], op="call") if len(calls) == 1 else {"op": "batch", "calls": requests, "stop": stop}
        self.called_before, self.called = self.called, True
        self.ran_student_code = self.student_ran = True
        try:
            reply = self._exchange(message, timeout, calls[0])
        except TimedOut:
            self.strikes[name] = self.strikes.get(name, 0) + 1
            raise
        if isinstance(reply, dict) and reply.get("op") == "ended":  # the test's child died mid-call
            self.child_alive = False
            group = self.worker.process.memory_group if self.worker else None
            if group and group.oom_kills() > self.oom_kills:
                self.oom_kills = group.oom_kills()
                raise Crashed(f"{calls[0]}\nran out of memory (the limit is {self.limits['memory_mb']} MB for all "
                              "its processes, shared memory included); look for arrays or files in memory far "
                              "larger than the input needs")
            raise Crashed(f"{calls[0]}\nended the process running it ({describe_exit(reply.get('status'))}): "
                          "look for sys.exit, os._exit, os.kill or code that crashes the interpreter")
        if len(calls) == 1:
            replies = [reply]
        elif isinstance(reply, dict) and isinstance(reply.get("replies"), list) \
                and (len(reply["replies"]) == len(calls) or stop and 0 < len(reply["replies"]) < len(calls)):
            replies = reply["replies"]
        else:
            replies = [reply] * len(calls)
        return [functools.partial(self._interpret, c, r) for c, r in zip(calls, replies)]

    def _interpret(self, call, reply):
        if not isinstance(reply, dict) or not isinstance(reply.get("ok"), bool):
            raise Unreadable(f"{call}\ngave the grader a reply it cannot read")
        where = capped(reply.get("resolved"), 300) or None
        if where:
            self.resolved.add(where)
        if where in self.scratch.provided:  # the handout's code found by prepare: it earns nothing, whatever it returns
            raise NotFound(f"{call.function_id} earns no points: {self.scratch.provided[where]}")
        if reply["ok"]:
            stdout = capped(reply.get("stdout"), 2 * STDOUT_LIMIT)
            records = checked_records(reply.get("records"), standin_requests(call), call,
                                      layout.standin_records(tuple(self.assignment.standin_paths)))
            if self.calls is not None:
                self.calls.append(record_call(self.current, call, reply.get("value"), stdout))
            return Reply(reply.get("value"), stdout, records, where)
        kind, message = reply.get("kind"), capped(reply.get("message"), 2000)
        alias = f" (found as {where})" if where and where != call.function_id else ""
        if kind == "raised":
            error_type = capped(reply.get("type"), 100) or "Exception"
            if error_type == "MemoryError":
                raise Crashed(f"{call}{alias}\nran out of memory (the limit is {self.limits['memory_mb']} MB); "
                              "look for arrays far larger than the input needs")
            if error_type == "NotImplementedError":
                raise StudentRaised(f"{call}\nis not implemented yet (it raised NotImplementedError: {message})",
                                    error_type)
            raise StudentRaised(f"{call}{alias}\nraised {error_type}: {message}\n"
                                f"{tail(capped(reply.get('traceback'), 4000))}", error_type)
        file = reply.get("file") if isinstance(reply.get("file"), str) else None
        old = self.scratch.python2.get(file) if kind == "import" and file else None
        if old:
            raise NotFound(f"could not call {call.function_id}: {file} looks like Python 2 ({old}); "
                           "submissions must be Python 3: use print(...), range and pickle")
        if kind == "missing" and call.function_id in self.scratch.findings.hints:
            message += f"\n{self.scratch.findings.hints[call.function_id]}"
        if kind in ("missing", "import", "provided"):
            raise NotFound(f"could not call {call.function_id}: {message}")
        if kind == "standin" and not self.called_before and not self._standins_build(call):
            raise HarnessFault(f"{call}: {message}")
        if kind == "standin":  # they build here, and the submission's code had run in that process: it spoilt them
            raise Crashed(f"{call}\ncould not be given its arguments: {message}; the code of the submission "
                          "changed the grader's objects in the process that runs it")
        raise Unreadable(f"{call}{alias}\n{message}")

    def _standins_build(self, call) -> bool:
        """Whether every stand-in the call asks for builds in the grader, from the same files as in the worker."""
        factories = layout.standin_factories(tuple(self.assignment.standin_paths))
        try:
            for request in standin_requests(call):
                factories[request.name](**request.params)
        except Exception:
            return False
        return True

    def _exchange(self, message, timeout, what):
        """Send a message and wait for the reply, within the submission's budget;
        `what` (a Call or text) names it in messages."""
        remaining = self.limits["budget"] - self.spent
        if remaining <= 0:
            raise TimedOut(f"{what}\nwas not run: the submission used up the grader's total time budget "
                           f"of {self.limits['budget']:.0f} s; look for functions that run too long")
        started = time.monotonic()
        try:
            return self.worker.exchange(message, min(timeout, remaining))
        except channel.ChannelTimeout:
            self._stop()  # the channel killed the worker already: keep what it found
            raise TimedOut(f"{what}\ndid not finish within {min(timeout, remaining):g} s; look for a loop "
                           "that never ends or work that grows too fast with the input size") from None
        except channel.ChannelBroken as error:
            self._stop()
            raise Crashed(f"{what}\nbroke the process running it ({capped(str(error), 300)}); look for code "
                          "that exits, crashes the interpreter or uses too much memory") from None
        finally:
            self.spent += time.monotonic() - started
