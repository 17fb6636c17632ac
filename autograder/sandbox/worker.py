"""The worker: the only process that imports student code.

Started by the grader as `python -I -B worker.py ROOT STANDIN_FILE... REQUEST_FD
REPLY_FD`, where ROOT holds `harness/` (this file, wire.py, resolve.py and the
assignment's stand-in files under standins/), `support/` (modules the handout
provides) and `submission/` (a scratch copy of the student's files, the
working directory). Only submission/ belongs to the student's uid.

The worker is a fork server. It preloads numpy and the stand-ins, then for each
graded test forks a child that serves that test's calls and exits, so one test
cannot leave state behind for the next. Everything it sends back is plain
data; the grader trusts none of it.
"""
import importlib.util
import io
import os
import random
import resource
import sys
import traceback

HARNESS = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HARNESS)

import numpy as np  # noqa: E402  (preloaded once, shared by every test's child)
import numpy.random  # noqa: E402,F401  (numpy 2 loads it lazily: once here, not once per test)

import resolve  # noqa: E402
import wire  # noqa: E402

STDOUT_LIMIT = 20_000
BUILT = {}  # slot -> stand-in built for the request being served
STANDINS = {}  # name -> factory, from the assignment's stand-in modules


def build_standin(name, slot, params):
    """Build the stand-in the grader asked for, by name, from the assignment's stand-in files."""
    factory = STANDINS.get(name)
    if factory is None:
        raise StandInError(f"the assignment defines no stand-in {name!r}")
    try:
        BUILT[slot] = factory(**params)
    except Exception as error:
        raise StandInError(f"building stand-in {name!r} raised {type(error).__name__}: {error}") from None
    return BUILT[slot]


class StandInError(Exception):
    """A stand-in the grader asked for could not be built: the grader's fault, not the student's."""


class BoundedText(io.TextIOBase):
    """A text stream that keeps the first `limit` characters written to it."""

    def __init__(self, limit):
        self.limit, self.parts, self.size, self.truncated = limit, [], 0, False

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        room = self.limit - self.size
        if len(text) > room:
            self.truncated = True
        kept = text[:max(room, 0)]
        self.parts.append(kept)
        self.size += len(kept)
        return len(text)

    def getvalue(self):
        return "".join(self.parts) + ("\n[output truncated]" if self.truncated else "")


class Channel:
    def __init__(self, request_fd, reply_fd):
        self.request_fd, self.reply_fd = request_fd, reply_fd

    def _read_exactly(self, count):
        chunks = []
        while count:
            chunk = os.read(self.request_fd, min(count, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            count -= len(chunk)
        return b"".join(chunks)

    def receive(self):
        length = wire.body_length(self._read_exactly(wire.PREFIX_BYTES))
        BUILT.clear()
        return wire.decode(self._read_exactly(length), make_standin=build_standin)

    def send(self, message):
        view = memoryview(wire.encode(message))
        while view:
            view = view[os.write(self.reply_fd, view):]


def unreadable_reply(what):
    return {"ok": False, "kind": "unreadable",
            "message": f"it returned {what}, which the grader cannot read; "
                       "return numbers, lists, tuples, dicts or numpy arrays"}


def run_call(resolver, request):
    """Run one student function; return the reply (a dict of plain data)."""
    found = resolver.resolve(request["target"])
    if not found["ok"]:
        return {k: v for k, v in found.items() if k != "function"}
    captured = BoundedText(STDOUT_LIMIT)
    sys.stdout = sys.stderr = captured
    try:
        value = found["function"](*request["args"], **request["kwargs"])
        wire.encode(value)  # a value the wire cannot carry is the student's error, reported as such
        reply = {"ok": True, "value": value}
    except wire.WireError as error:
        reply = unreadable_reply(str(error))
    except BaseException as error:  # (sys.exit and friends are the student's error too)
        reply = {"ok": False, "kind": "raised", "type": type(error).__name__,
                 "message": str(error)[:2000],
                 "traceback": "".join(traceback.format_exception(error))[-4000:]}
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    reply["stdout"] = captured.getvalue()
    reply["resolved"] = found["where"]
    reply["records"] = {slot: obj.report() for slot, obj in BUILT.items() if hasattr(obj, "report")}
    return reply


def serve_test(channel, begin):
    """Child process: serve one test's calls until told to end."""
    random.seed(begin["seed"])
    np.random.seed(begin["seed"])
    cpu = begin["cpu_seconds"]
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resolver = resolve.Resolver(begin["functions"], os.getcwd(), begin["support"])
    channel.send({"ok": True, "pid": os.getpid()})
    while True:
        try:
            request = channel.receive()
        except StandInError as error:
            channel.send({"ok": False, "kind": "standin", "message": str(error)[:2000]})
            continue
        if request["op"] == "call":
            channel.send(run_call(resolver, request))
        elif request["op"] == "batch":
            channel.send({"ok": True, "replies": [run_call(resolver, call) for call in request["calls"]]})
        else:
            break
    os._exit(0)


def describe_status(status):
    if os.WIFSIGNALED(status):
        return {"signal": os.WTERMSIG(status)}
    return {"exit": os.WEXITSTATUS(status)}


def main():
    root, standin_files = sys.argv[1], sys.argv[2:-2]
    request_fd, reply_fd = int(sys.argv[-2]), int(sys.argv[-1])
    for number, path in enumerate(standin_files):
        # Loaded by path under a private name: a stand-in file may share its name with a student file.
        spec = importlib.util.spec_from_file_location(f"_standins_{number}", os.path.join(HARNESS, path))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        STANDINS.update(module.STANDINS)
    sys.path[:0] = [os.path.join(root, "submission")]
    sys.path.append(os.path.join(root, "support"))
    channel = Channel(request_fd, reply_fd)
    while True:
        try:
            begin = channel.receive()
        except EOFError:
            return
        pid = os.fork()
        if pid == 0:
            try:
                serve_test(channel, begin)
            except BaseException:  # (a harness failure: leave its trace in the worker log)
                os.write(2, traceback.format_exc().encode())
            os._exit(70)
        _, status = os.waitpid(pid, 0)
        channel.send({"op": "ended", "status": describe_status(status)})


if __name__ == "__main__":
    main()
