"""The grader's handle on a submission: calls into the worker, with time limits.

    sandbox = Sandbox(submission_dir, assignment)
    with sandbox.test("test_softmax.py::test_rows") as student:
        softmax = student.function("softmax.py:softmax")
        probabilities = softmax(np.array([1.0, 2.0]))

Every failure reaches the test as a SubmissionProblem whose message a student
can act on. Nothing the worker sends is unpickled: replies are wire frames,
decoded with validation.
"""
import contextlib
import functools
import os
import select
import shutil
import sys
import tempfile
import time
import zlib

from autograder.sandbox import process, wire
from autograder.submission.notebooks import convert_notebooks
from autograder.text import show_call, short_name

HERE = os.path.dirname(os.path.abspath(__file__))
WORKER_FILES = ("worker.py", "wire.py", "resolve.py")
SKIPPED_NAMES = {".git", "__pycache__", ".ipynb_checkpoints", ".venv"}
MAX_SUBMISSION_FILE = 20 * 1024 * 1024
DEFAULT_LIMITS = {
    "call_timeout": 10.0,      # seconds for one call
    "budget": 300.0,           # seconds of worker time for the whole submission
    "test_budget": 20.0,       # seconds of calls for one test (property tests call many times)
    "test_cpu_seconds": 60,    # CPU seconds for one test's child process
    "memory_mb": 512,          # address space of the worker; Gradescope's container has 768 MB
    "file_size_mb": 16,
    "processes": 8,
    "strikes": 2,              # time-outs of one function before it is no longer run
}


class SubmissionProblem(Exception):
    """A call into the submission did not return a value. str() is for students."""


class StudentRaised(SubmissionProblem):
    def __init__(self, message, error_type):
        super().__init__(message)
        self.error_type = error_type


class NotFound(SubmissionProblem):
    """The function is missing, its file does not import, or it is the provided copy."""


class TimedOut(SubmissionProblem):
    pass


class Crashed(SubmissionProblem):
    pass


class Unreadable(SubmissionProblem):
    pass


class Reply:
    """What a call gave back: value, printed output, stand-in records."""

    def __init__(self, value, stdout, records, resolved):
        self.value, self.stdout, self.records, self.resolved = value, stdout, records, resolved


class Call:
    """One call into the submission, remembered for failure messages."""

    def __init__(self, function_id, args, kwargs):
        self.function_id, self.args, self.kwargs = function_id, args, kwargs

    def __str__(self):
        return show_call(self.function_id, self.args, self.kwargs)


class StudentFunction:
    """A callable proxy for one graded function of the submission."""

    def __init__(self, session, function_id):
        self.session, self.function_id = session, function_id
        self.last = None

    def __call__(self, *args, **kwargs):
        return self.run(*args, **kwargs).value

    def run(self, *args, timeout=None, **kwargs):
        """Call and return the whole Reply (value, stdout, records)."""
        self.last = Call(self.function_id, args, kwargs)
        return self.session.call([self.last], timeout)[0]

    def batch(self, argument_tuples, timeout=None):
        """Call once per tuple of positional arguments, in one round trip; return the values.

        Meant for pure functions (finite differences); the first call that fails
        raises its problem, and `last` is then that call.
        """
        calls = [Call(self.function_id, tuple(args), {}) for args in argument_tuples]
        self.last = calls[0] if calls else None
        replies = []
        for call, reply in zip(calls, self.session.call(calls, timeout, lazy=True)):
            self.last = call
            replies.append(reply().value)
        return replies


class Session:
    """The calls of one graded test, served by one forked child of the worker."""

    def __init__(self, sandbox, name):
        self.sandbox, self.name = sandbox, name
        self.broken = None  # the problem that ended this test's child, if any
        self.spent = 0.0    # seconds this test's calls took

    def function(self, function_id):
        return StudentFunction(self, function_id)

    def call(self, calls, timeout=None, lazy=False):
        """Run calls in one round trip; return Replies, or with lazy=True
        functions that return each Reply or raise its problem."""
        if self.broken is not None:
            raise type(self.broken)(str(self.broken))
        left = self.sandbox.limits["test_budget"] - self.spent
        if left <= 0:
            self.broken = TimedOut(f"{calls[0]}\nwas not run: this test's calls already took "
                                   f"{self.spent:.0f} s in total; look for slow or endless work")
            raise self.broken
        started = time.monotonic()
        try:
            outcomes = self.sandbox.call(calls, min(timeout or self.sandbox.limits["call_timeout"], left))
        except (TimedOut, Crashed) as problem:
            self.broken = problem
            raise
        finally:
            self.spent += time.monotonic() - started
        outcomes = [functools.partial(self._settle, outcome) for outcome in outcomes]
        return outcomes if lazy else [outcome() for outcome in outcomes]

    def _settle(self, outcome):
        """Give a call's Reply; a problem that spoils the rest of the test ends it."""
        try:
            return outcome()
        except (TimedOut, Crashed) as problem:
            self.broken = problem
            raise


class Sandbox:
    def __init__(self, submission_dir, assignment, limits=None):
        self.submission_dir = os.path.abspath(submission_dir)
        self.assignment = assignment
        self.limits = dict(DEFAULT_LIMITS, **(limits or {}))
        self.spent = 0.0
        self.strikes = {}
        self.worker = None
        self.child_alive = False  # a test's child is serving calls
        self.root = None
        self.user = process.sandbox_user()  # (uid, gid) of the worker when the grader is root
        process.become_subreaper()

    # -- lifecycle ---------------------------------------------------------

    def _prepare_root(self):
        self.root = tempfile.mkdtemp(prefix="autograder-")
        harness = os.path.join(self.root, "harness")
        os.mkdir(harness)
        for name in WORKER_FILES:
            shutil.copy(os.path.join(HERE, name), harness)
        os.mkdir(os.path.join(harness, "standins"))
        for number, path in enumerate(self.assignment.standin_paths):
            shutil.copy(path, os.path.join(harness, "standins", f"{number}_{os.path.basename(path)}"))
        # The support folder is a package (e.g. utils/); without its __init__.py it
        # merges with a utils/ folder the submission may have, which comes first.
        package = os.path.basename(self.assignment.support_dir)
        shutil.copytree(self.assignment.support_dir, os.path.join(self.root, "support", package),
                        ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
        shutil.copytree(self.submission_dir, os.path.join(self.root, "submission"),
                        ignore=self._skipped, symlinks=False)
        convert_notebooks(os.path.join(self.root, "submission"))
        if self.user:
            for directory, _, files in os.walk(self.root):
                os.chown(directory, *self.user)
                for name in files:
                    os.chown(os.path.join(directory, name), *self.user)

    def _skipped(self, directory, names):
        skipped = set(SKIPPED_NAMES & set(names))
        for name in names:
            path = os.path.join(directory, name)
            if os.path.islink(path) or (os.path.isfile(path) and os.path.getsize(path) > MAX_SUBMISSION_FILE):
                skipped.add(name)
        return skipped

    def _start(self):
        if self.root is None:
            self._prepare_root()
        request_read, self.request_fd = os.pipe()
        self.reply_fd, reply_write = os.pipe()
        log = open(os.path.join(self.root, "worker.log"), "ab")
        command = [sys.executable, "-I", "-B", os.path.join(self.root, "harness", "worker.py"),
                   str(request_read), str(reply_write), self.root,
                   *(f"standins/{n}_{os.path.basename(p)}" for n, p in enumerate(self.assignment.standin_paths))]
        self.worker = process.spawn(command, os.path.join(self.root, "submission"), self.limits,
                                    log, (request_read, reply_write))
        log.close()
        os.close(request_read)
        os.close(reply_write)
        os.set_blocking(self.request_fd, False)

    def _stop(self):
        self.child_alive = False
        if self.worker is not None:
            process.kill_tree(self.worker)
            os.close(self.request_fd)
            os.close(self.reply_fd)
            self.worker = None

    def close(self):
        """Kill everything the submission started and delete the scratch copy."""
        self._stop()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    @contextlib.contextmanager
    def test(self, name):
        """A Session for one graded test; its child process ends with the block."""
        session = Session(self, name)
        self._begin(session)
        try:
            yield session
        finally:
            self._end(session)

    # -- protocol ----------------------------------------------------------

    def _begin(self, session):
        if self.worker is None:
            self._start()
        begin = {"op": "begin", "seed": zlib.crc32(session.name.encode()), "functions": self.assignment.functions,
                 "cpu_seconds": self.limits["test_cpu_seconds"],
                 "support": os.path.join(self.root, "support")}
        try:
            reply = self._exchange(begin, self.limits["call_timeout"], "starting the test")
            if not (isinstance(reply, dict) and reply.get("ok") is True):
                self._stop()
                raise Crashed("the process that runs your code failed to start this test; "
                              "look for code that runs at import time and breaks the interpreter")
            self.child_alive = True
        except SubmissionProblem as problem:
            session.broken = problem

    def _end(self, session):
        if self.worker is not None and self.worker.poll() is not None:
            self._stop()  # the submission killed the worker itself: nobody would answer "end"
        if self.child_alive:
            try:
                self._exchange({"op": "end"}, self.limits["call_timeout"], "ending the test")
            except SubmissionProblem:
                pass
        self.child_alive = False
        process.sweep_orphans(keep=(self.worker.pid,) if self.worker else ())

    def call(self, calls, timeout=None):
        """Run calls of one function in one round trip; return, per call, a
        function that gives its Reply or raises its SubmissionProblem."""
        name = calls[0].function_id
        if self.strikes.get(name, 0) >= self.limits["strikes"]:
            raise TimedOut(f"{short_name(name)} timed out in {self.strikes[name]} earlier tests, so it is "
                           f"no longer run; look for a loop that never ends in {name.split(':')[0]}")
        requests = [{"target": c.function_id, "args": list(c.args), "kwargs": dict(c.kwargs)} for c in calls]
        message = dict(requests[0], op="call") if len(calls) == 1 else {"op": "batch", "calls": requests}
        try:
            reply = self._exchange(message, timeout, str(calls[0]))
        except TimedOut:
            self.strikes[name] = self.strikes.get(name, 0) + 1
            raise
        if isinstance(reply, dict) and reply.get("op") == "ended":  # the test's child died mid-call
            self.child_alive = False
            raise Crashed(f"{calls[0]}\nended the process running it ({describe_exit(reply.get('status'))}): "
                          "look for sys.exit, os._exit, os.kill or code that crashes the interpreter")
        if len(calls) == 1:
            replies = [reply]
        elif isinstance(reply, dict) and isinstance(reply.get("replies"), list) \
                and len(reply["replies"]) == len(calls):
            replies = reply["replies"]
        else:
            replies = [reply] * len(calls)
        return [functools.partial(self._interpret, c, r) for c, r in zip(calls, replies)]

    def _interpret(self, call, reply):
        if not isinstance(reply, dict) or not isinstance(reply.get("ok"), bool):
            raise Unreadable(f"{call}\ngave the grader a reply it cannot read")
        where = reply.get("resolved")
        if reply["ok"]:
            return Reply(reply.get("value"), str(reply.get("stdout", "")), reply.get("records", {}), where)
        kind, message = reply.get("kind"), str(reply.get("message", ""))
        alias = f" (found as {where})" if where and where != call.function_id else ""
        if kind == "raised":
            error_type = str(reply.get("type", "Exception"))
            if error_type == "MemoryError":
                raise Crashed(f"{call}{alias}\nran out of memory (the limit is {self.limits['memory_mb']} MB); "
                              "look for arrays far larger than the input needs")
            if error_type == "NotImplementedError":
                raise StudentRaised(f"{call}\nis not implemented yet (it raised NotImplementedError: {message})",
                                    error_type)
            raise StudentRaised(f"{call}{alias}\nraised {error_type}: {message}\n"
                                f"{tail(str(reply.get('traceback', '')))}", error_type)
        if kind in ("missing", "import", "provided"):
            raise NotFound(f"could not call {call.function_id}: {message}")
        raise Unreadable(f"{call}{alias}\n{message}")

    def _exchange(self, message, timeout, what):
        """Send a message, wait for the reply; any failure kills the worker."""
        remaining = self.limits["budget"] - self.spent
        if remaining <= 0:
            raise TimedOut(f"{what}\nwas not run: the submission used up the grader's total time budget "
                           f"of {self.limits['budget']:.0f} s; look for functions that run too long")
        started = time.monotonic()
        deadline = started + min(timeout, remaining)
        try:
            self._write(wire.encode(message), deadline)
            length = wire.body_length(self._read_exactly(wire.PREFIX_BYTES, deadline))
            return wire.decode(self._read_exactly(length, deadline))
        except TimeoutError:
            self._stop()
            raise TimedOut(f"{what}\ndid not finish within {timeout:g} s; look for a loop that never ends "
                           "or work that grows too fast with the input size") from None
        except (OSError, EOFError, wire.WireError, ValueError) as error:
            self._stop()
            raise Crashed(f"{what}\nbroke the process running it ({describe_error(error)}); look for code "
                          "that exits, crashes the interpreter or uses too much memory") from None
        finally:
            self.spent += time.monotonic() - started

    def _write(self, frame, deadline):
        view = memoryview(frame)
        while view:
            wait_for(self.request_fd, select.POLLOUT, deadline)
            view = view[os.write(self.request_fd, view):]

    def _read_exactly(self, count, deadline):
        chunks = []
        while count:
            wait_for(self.reply_fd, select.POLLIN, deadline)
            chunk = os.read(self.reply_fd, min(count, 1 << 20))
            if not chunk:
                raise EOFError("the worker closed its reply pipe")
            chunks.append(chunk)
            count -= len(chunk)
        return b"".join(chunks)


def wait_for(fd, event, deadline):
    poller = select.poll()
    poller.register(fd, event)
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        ready = poller.poll(left * 1000)
        if ready:
            if ready[0][1] & (select.POLLERR | select.POLLNVAL):
                raise EOFError("the worker's pipe broke")
            return


def describe_exit(status):
    if isinstance(status, dict) and isinstance(status.get("signal"), int):
        try:
            import signal
            return f"killed by {signal.Signals(status['signal']).name}"
        except ValueError:
            return f"killed by signal {status['signal']}"
    if isinstance(status, dict) and isinstance(status.get("exit"), int):
        return f"exit status {status['exit']}"
    return "it stopped"


def describe_error(error):
    if isinstance(error, wire.WireError):
        return f"it sent {error}"
    return str(error) or type(error).__name__


def tail(traceback_text, lines=8):
    kept = traceback_text.strip().splitlines()[-lines:]
    return "\n".join(kept)
