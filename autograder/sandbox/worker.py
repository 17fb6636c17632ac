"""The worker: the only process that imports student code.

Run as `python -I -B worker.py ROOT STANDIN_FILE... REQUEST_FD REPLY_FD`; ROOT is the
scratch folder that submission/prepare.py builds. A fork server: it preloads numpy
and the stand-ins, then forks one child per graded test, which serves that test's
calls and exits, so no test leaves state behind for the next. It sends back plain
data only; the grader trusts none of it.
"""
import functools
import gc
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
STANDINS = {}  # name -> factory, from the assignment's stand-in files
REPORTS = {}   # stand-in class -> its report(), taken before any student code ran, so it cannot be swapped
BUILT = {}     # slot -> (stand-in built for the request being served, its report())
SERVING = [0]  # pid of the test's child


class StandInError(Exception):
    """A stand-in could not be built: the grader's fault, not the student's."""


def build_standin(name, slot, params):
    if name not in STANDINS:
        raise StandInError(f"the assignment defines no stand-in {name!r}")
    try:
        built = STANDINS[name](**params)
    except Exception as error:
        raise StandInError(f"building stand-in {name!r} raised {type(error).__name__}: {error}") from None
    BUILT[slot] = built, REPORTS.get(type(built))
    return built


class BoundedText(io.StringIO):
    """A text stream that keeps the first STDOUT_LIMIT characters written to it."""

    def write(self, text):
        super().write(str(text)[:max(STDOUT_LIMIT - self.tell(), 0)])
        return len(text)


def run_call(resolver, request):
    """Run one student function; return the reply (a dict of plain data)."""
    found = resolver.resolve(request["target"])
    if not found["ok"]:
        return found
    captured = sys.stdout = sys.stderr = BoundedText()
    try:
        value = found.pop("function")(*request["args"], **request["kwargs"])
        wire.encode(value)  # a value the wire cannot carry is the student's error, reported as such
        reply = {"ok": True, "value": value}
    except wire.WireError as error:
        reply = {"ok": False, "kind": "unreadable", "message": f"it returned {error}, which the grader cannot "
                 "read; return numbers, lists, tuples, dicts or numpy arrays"}
    except BaseException as error:  # sys.exit and friends are the student's doing too
        reply = {"ok": False, "kind": "raised", "type": type(error).__name__, "message": str(error)[:2000],
                 "traceback": "".join(traceback.format_exception(error))[-4000:]}
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        if os.getpid() != SERVING[0]:  # a process the student forked left the call: it must not answer
            os._exit(0)
    reply["stdout"] = captured.getvalue() + ("\n[output truncated]" if captured.tell() >= STDOUT_LIMIT else "")
    reply["resolved"] = found["where"]
    reply["records"] = {slot: report(obj) for slot, (obj, report) in BUILT.items() if report}
    return reply


def serve_test(read, send, begin):
    """Child process: serve one test's calls until told to end."""
    SERVING[0] = os.getpid()
    random.seed(begin["seed"])
    np.random.seed(begin["seed"])
    resource.setrlimit(resource.RLIMIT_CPU, (begin["cpu_seconds"], begin["cpu_seconds"] + 1))
    resolver = resolve.Resolver(begin["functions"], os.getcwd(), begin["support"])
    send({"ok": True})
    while True:
        BUILT.clear()
        try:
            request = wire.read_frame(read, make_standin=build_standin)
        except StandInError as error:
            send({"ok": False, "kind": "standin", "message": str(error)[:2000]})
            continue
        if request["op"] == "call":
            send(run_call(resolver, request))
        elif request["op"] == "batch":  # with "stop": up to the first call that gives no value
            replies = []
            for call in request["calls"]:
                replies.append(run_call(resolver, call))
                if request.get("stop") and not replies[-1]["ok"]:
                    break
            send({"ok": True, "replies": replies})
        else:
            os._exit(0)


def end_strays():
    """Kill and reap every other process of the namespace (all the test started), until none is left."""
    while True:
        try:
            os.kill(-1, 9)
        except ProcessLookupError:  # none left to signal, but maybe some to reap
            pass
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def main():
    root, standin_files = sys.argv[1], sys.argv[2:-2]
    read = functools.partial(os.read, int(sys.argv[-2]))
    write = functools.partial(os.write, int(sys.argv[-1]))

    def send(message):
        wire.write_all(write, wire.encode(message))
    for number, path in enumerate(standin_files):
        # Loaded by path under a private name: a stand-in file may share its name with a student file.
        spec = importlib.util.spec_from_file_location(f"_standins_{number}", os.path.join(HARNESS, path))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        STANDINS.update(module.STANDINS)
        REPORTS.update((c, c.report) for c in vars(module).values() if isinstance(c, type) and hasattr(c, "report"))
        # Reports of stand-ins whose type is not the module's own (a plain numpy array): type -> report(object).
        REPORTS.update(getattr(module, "REPORTS", {}))
    with open(os.path.join(HARNESS, "provided")) as digests:  # the grader's, of the support modules' functions
        resolve.PROVIDED.update(digests.read().split())
    sys.path[:0] = [os.path.join(root, "submission")]
    sys.path.append(os.path.join(root, "support"))
    # Every test's child imports the submission afresh: the first compiles it and leaves the bytecode in the
    # worker's own TMPDIR, where the later children read it (compiling costs about 4 ms a module a test).
    sys.pycache_prefix, sys.dont_write_bytecode = os.path.join(root, "tmp", "pycache"), False
    gc.freeze()  # the children then never write to the preloaded objects' pages: a cheaper fork and first call
    while True:
        try:
            begin = wire.read_frame(read)
        except EOFError:
            return
        pid = os.fork()
        if pid == 0:
            try:
                serve_test(read, send, begin)
            except BaseException:  # the harness failed: leave its trace in the worker log
                os.write(2, traceback.format_exc().encode())
            os._exit(70)
        _, status = os.waitpid(pid, 0)
        if os.getpid() == 1:  # the first process of its own pid namespace: what the test left is adopted here
            end_strays()
        ended = {"signal": os.WTERMSIG(status)} if os.WIFSIGNALED(status) else {"exit": os.WEXITSTATUS(status)}
        send({"op": "ended", "status": ended})


if __name__ == "__main__":
    main()
