"""What comes back from a call into the submission: the problems a call can end in (the
student's, SubmissionProblem; the grader's, HarnessFault), the Reply of one that gave a value, the
records of how it used its stand-ins, and the short texts the grader keeps of the worker's output.
Everything here reads data from the worker and trusts none of it."""
import signal

from autograder.faults import GraderFault, StudentCodeFault
from autograder.sandbox import wire
from autograder.sandbox.safe import safe_text
from autograder.sandbox.show import show_call

STDOUT_LIMIT = 20_000  # characters of a call's output kept (the worker keeps as many; the grader does not trust it)


class SubmissionProblem(StudentCodeFault):
    """A call into the submission did not return a value. str() is for students."""


class NotFound(SubmissionProblem):
    """The function is missing, its file does not import, or it is the provided copy."""


class TimedOut(SubmissionProblem):
    pass


class Crashed(SubmissionProblem):
    pass


class Unreadable(SubmissionProblem):
    pass


class StudentRaised(SubmissionProblem):
    def __init__(self, message: str, error_type: str):
        super().__init__(message)
        self.error_type = error_type


class HarnessFault(GraderFault):
    """The grader, not the submission, failed. str() is for instructors."""


class Reply:
    """What a call gave back: its value, what it printed, the stand-ins' records."""

    def __init__(self, value, stdout: str, records: dict, resolved: str | None):
        self.value, self.stdout, self.records, self.resolved = value, stdout, records, resolved


class Call:
    """One call into the submission; str() shows it in messages (built only when needed)."""

    def __init__(self, function_id: str, args: tuple, kwargs: dict):
        self.function_id, self.args, self.kwargs = function_id, args, kwargs

    def __str__(self):
        return show_call(self.function_id, self.args, self.kwargs)


def standin_requests(call) -> list:
    """The stand-ins (wire.StandInRef) a call's arguments ask for, at any depth."""
    pending, found = [*call.args, *call.kwargs.values()], []
    while pending:
        value = pending.pop()
        if isinstance(value, wire.StandInRef):
            found.append(value)
        elif isinstance(value, (list, tuple)):
            pending += value
        elif isinstance(value, dict):
            pending += value.values()
    return found


class Record(dict):
    """How a stand-in was used, as the worker reported it. The submission's code runs in that process and
    can reach the records: one that lacks what the grader reads was spoilt by it, which is its fault."""

    def __missing__(self, key):
        raise Unreadable(f"the grader's record of how the code used its stand-ins lacks {key!r}: the code changed "
                         "the grader's objects in the process that runs it; leave them as they are")


def fits(value, kind) -> bool:
    """Whether a value from the worker is of a declared kind: a type or a tuple of types (isinstance);
    [kind], a list whose every item is of that kind; [kind1, kind2, ...], a list of exactly those
    items, in order."""
    if not isinstance(kind, list):
        return isinstance(value, kind)
    if not isinstance(value, list):
        return False
    if len(kind) == 1:
        return all(fits(item, kind[0]) for item in value)
    return len(value) == len(kind) and all(fits(item, part) for item, part in zip(value, kind))


def checked_records(records, requests, call, shapes) -> Record:
    """The reply's records, every dict a Record, with the record of each stand-in the call asked for (if
    any: a stand-in without report() has none) exactly the fields its file declares, of their kinds.
    shapes: stand-in name -> {field: kind} (layout.standin_records). Suites then read the records as
    they are: one of another shape was changed by the submission's code, which is its fault."""
    def wrapped(value):
        if isinstance(value, dict):
            return Record({key: wrapped(item) for key, item in value.items()})
        return [wrapped(item) for item in value] if isinstance(value, list) else value
    records = wrapped(records) if isinstance(records, dict) else Record()
    for request in requests:
        record, fields = records.get(request.slot), shapes.get(request.name, {})
        if record is None:
            continue
        if not (isinstance(record, dict) and set(record) == set(fields)
                and all(fits(record[name], kind) for name, kind in fields.items())):
            raise Unreadable(f"{call}\nchanged the record that the grader's stand-in {request.slot!r} keeps of its "
                             "calls: the code changed the grader's objects in the process that runs it; leave them "
                             "as they are")
    return records


def skeleton(value, depth: int = 0):
    """The shape of a value, as JSON data: {"array": shape, "dtype": name} for an array,
    {"seq": [...]} for a list or tuple (at most 16 items), {"type": name} otherwise (and a short
    string's value)."""
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        return {"array": list(value.shape), "dtype": str(value.dtype)}
    if isinstance(value, (list, tuple)) and depth < 4:
        return {"seq": [skeleton(item, depth + 1) for item in value[:16]], "length": len(value)}
    if isinstance(value, str) and len(value) <= 40:
        return {"type": "str", "value": value}
    return {"type": type(value).__name__}


def record_call(test, call, value, stdout):
    """What the audit learns from one answered call: the test, the function, the shapes of
    its arguments and of its value, and the first line it printed."""
    return {"test": test, "function": call.function_id, "args": [skeleton(a) for a in call.args],
            "kwargs": {k: skeleton(v) for k, v in call.kwargs.items()}, "value": skeleton(value),
            "printed": stdout.splitlines()[0][:200] if stdout.strip() else ""}


def log_tail(path: str, limit: int = 3000) -> str:
    """The end of the worker's log (in a folder only the grader can write)."""
    try:
        with open(path, "rb") as log:
            log.seek(max(0, log.seek(0, 2) - limit))
            return safe_text(log.read().decode("utf-8", "replace"))
    except OSError as error:
        return f"(unreadable: {error})"


def capped(value, limit: int) -> str:
    """A string from the worker, cut to `limit` characters; anything else gives ''."""
    if not isinstance(value, str):
        return ""
    return value if len(value) <= limit else value[:limit] + " [cut]"


def describe_exit(status) -> str:
    if isinstance(status, dict) and isinstance(status.get("signal"), int):
        try:
            return f"killed by {signal.Signals(status['signal']).name}"
        except ValueError:
            return f"killed by signal {status['signal']}"
    if isinstance(status, dict) and isinstance(status.get("exit"), int):
        return f"exit status {status['exit']}"
    return "it stopped"


def tail(traceback_text: str, lines: int = 8) -> str:
    return "\n".join(traceback_text.strip().splitlines()[-lines:])
