"""Red-team attacks on the sandbox that are contained, kept so (issue 21; breaches/ holds the ones that are
not). One submission per confinement attacks several functions at once, each in its own way:

    softmax.py     looks around (descriptors, environment, the grader's log and harness, /proc, /sys, /etc,
                   abstract sockets, the root folder) and tries mounts in user, mount and network
                   namespaces of its own; it reports what it saw in the message of the error it raises
    sigmoid        right, and leaves a detached process burning CPU behind its first call
    relu           right only if that process is dead by the time relu's tests run
    relu_grad      right, and stops the worker's main process (SIGSTOP), which then never answers
    wire.py, ...   files named like the modules the worker itself imports, which exit at import

Root only, as tests/test_deny_by_default.py.
"""
import json
import os
import sys

import pytest

from autograder.packaging.edits import build_edited
from autograder.sandbox import confine, process
from tests.mutants import REFERENCE
from tests.test_deny_by_default import MODES, grade, left_behind, outputs
from tests.test_mutants import points_by_function

pytestmark = [pytest.mark.skipif(os.geteuid() != 0, reason="the worker changes uid only as root"),
              pytest.mark.xdist_group("test_redteam")]

LOOKS = '''
import ctypes
import json
import os

CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWNET, MS_BIND = 0x10000000, 0x20000, 0x40000000, 4096


def fails(action):
    try:
        action()
        return False
    except OSError:
        return True


def own_namespaces():
    """In a child: user, mount and network namespaces of the student's own, and the mounts they allow."""
    libc = ctypes.CDLL(None, use_errno=True)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        result = {"userns": libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET) == 0}
        target = os.environ["TMPDIR"].encode()
        scratch = os.path.dirname(os.getcwd()).encode()
        for name, args in (("sysfs", (b"none", target, b"sysfs", 0, None)),
                           ("proc", (b"none", target, b"proc", 0, None)),
                           ("scratch_without_submounts", (scratch, target, None, MS_BIND, None))):
            result[name] = result["userns"] and libc.mount(*args) == 0
            if result[name]:
                libc.umount2(target, 2)
        os.write(write, json.dumps(result).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(child, 0)
    with os.fdopen(read) as pipe:
        return json.loads(pipe.read() or "{}")


def softmax(x):
    status = dict(line.split(":\\t", 1) for line in open("/proc/self/status").read().splitlines() if ":\\t" in line)
    descriptors = {}
    for fd in os.listdir("/proc/self/fd"):
        try:
            descriptors[fd] = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # the listing's own descriptor, closed by now
            pass
    seen = {
        "other_descriptors": sorted(set(t.split(":")[0] for fd, t in descriptors.items() if int(fd) > 2)),
        "env": sorted(os.environ),
        "log_readable": not fails(lambda: open("../worker.log").close()),
        "harness_linked": not fails(lambda: os.link("../harness/worker.py", "linked")),
        "no_new_privs": status.get("NoNewPrivs", "").strip(),
        "capabilities": status.get("CapEff", "").strip(),
        "pids": len([p for p in os.listdir("/proc") if p.isdigit()]),
        "sys": os.path.exists("/sys/kernel"),
        "passwd": not fails(lambda: open("/etc/passwd").close()),
        "abstract_sockets": len(open("/proc/net/unix").read().splitlines()[1:]),
        "root": sorted(os.listdir("/")),
        "own_namespaces": own_namespaces(),
    }
    raise RuntimeError("SEEN " + json.dumps(seen) + " END")
'''

SIGMOID = '''
import os
import signal
import time

import numpy as np

BEAT = os.path.join(os.environ["TMPDIR"], "heartbeat")


def sigmoid(x):
    if not os.path.exists(BEAT) and os.fork() == 0:  # once: a detached grandchild that burns CPU
        os.setsid()
        if os.fork() == 0:
            while True:
                with open(BEAT, "w") as handle:
                    handle.write(repr(time.monotonic()))
                busy = time.monotonic() + 0.05
                while time.monotonic() < busy:
                    pass
        os._exit(0)
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def sigmoid_grad(s):
    return s * (1 - s)


def relu(x):
    try:
        before = open(BEAT).read()
    except OSError:
        raise RuntimeError("NO HEARTBEAT: sigmoid's process never started") from None
    time.sleep(0.3)
    if open(BEAT).read() != before:
        raise RuntimeError("ALIVE: sigmoid's process outlived its test")
    return np.maximum(x, 0.0)


def relu_grad(x):
    try:
        os.kill(os.getppid(), signal.SIGSTOP)
    except OSError:
        pass
    return (np.asarray(x) > 0).astype(float)
'''

SHADOWS = ("wire.py", "resolve.py", "json.py", "numpy.py", "random.py", "traceback.py")


@pytest.fixture(scope="module", params=list(MODES))
def attacked(request, tmp_path_factory):
    mode = request.param
    if mode == "namespaces" and not confine.namespaces_available():
        pytest.skip("this machine gives root no namespaces")
    submission = tmp_path_factory.mktemp("redteam") / "submission"
    build_edited(REFERENCE, [], submission)
    (submission / "softmax.py").write_text(LOOKS)
    (submission / "sigmoid.py").write_text(SIGMOID)
    for name in SHADOWS:
        (submission / name).write_text("raise SystemExit('a file of the submission replaced the worker's own')\n")
    # A short call timeout: a stopped worker costs one timeout per test it spoils.
    results, uid = grade(submission, submission.parent / "results.json", mode, "softmax.py", "sigmoid.py",
                         options=["--call-timeout", "3"])
    seen = json.loads(outputs(results, "softmax.py:softmax")[0].split("SEEN ", 1)[1].split(" END", 1)[0])
    return mode, results, seen, uid


def test_only_its_own_pipes_and_the_passed_environment_reach_the_worker(attacked):
    mode, results, seen, uid = attacked
    assert seen["other_descriptors"] == ["pipe"]
    allowed = set(process.PASSED_ENV) | {"HOME", "PYTHONHASHSEED", "MPLBACKEND", "OPENBLAS_NUM_THREADS",
                                         "OMP_NUM_THREADS", "MKL_NUM_THREADS", "PYTHONIOENCODING", "TMPDIR", "TMP",
                                         "TEMP"}
    assert set(seen["env"]) <= allowed, set(seen["env"]) - allowed


def test_the_graders_log_and_harness_are_out_of_reach_and_privileges_are_gone(attacked):
    mode, results, seen, uid = attacked
    assert not seen["log_readable"] and not seen["harness_linked"]
    assert seen["no_new_privs"] == "1" and int(seen["capabilities"], 16) == 0


def test_with_namespaces_the_host_is_out_of_sight_even_from_namespaces_of_its_own(attacked):
    mode, results, seen, uid = attacked
    if mode != "namespaces":
        assert seen["pids"] > 3 and seen["passwd"], "the probe must see the host where nothing hides it"
        return
    assert seen["pids"] <= 3 and not seen["sys"] and not seen["passwd"] and seen["abstract_sockets"] == 0
    interpreter = {p.split(os.sep)[1] for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    assert set(seen["root"]) <= {"bin", "dev", "etc", "lib", "lib32", "lib64", "libx32", "proc", "sbin", "tmp",
                                 "usr"} | interpreter, seen["root"]
    own = seen["own_namespaces"]
    assert not (own.get("sysfs") or own.get("proc") or own.get("scratch_without_submounts")), own


def test_a_process_left_running_by_one_test_is_gone_before_the_next(attacked):
    mode, results, seen, uid = attacked
    points = points_by_function(results)
    assert points["sigmoid.py:sigmoid"][0] == points["sigmoid.py:sigmoid"][1]
    assert points["sigmoid.py:relu"][0] == points["sigmoid.py:relu"][1], outputs(results, "sigmoid.py:relu")


def test_a_stopped_worker_costs_time_only(attacked):
    """SIGSTOP of the worker's main process: ignored with namespaces (the first process of a pid
    namespace), a timeout at the test's end without; never a wrong verdict or the grader's fault."""
    mode, results, seen, uid = attacked
    points = points_by_function(results)
    assert points["sigmoid.py:relu_grad"][0] == points["sigmoid.py:relu_grad"][1]
    assert results["extra_data"]["harness_errors"] == []


def test_files_named_like_the_workers_modules_replace_nothing(attacked):
    mode, results, seen, uid = attacked
    points = points_by_function(results)
    assert points["sigmoid.py:sigmoid_grad"][0] == points["sigmoid.py:sigmoid_grad"][1]


def test_nothing_of_the_sandbox_uid_is_left(attacked):
    mode, results, seen, uid = attacked
    assert left_behind(uid) == ([], [])
