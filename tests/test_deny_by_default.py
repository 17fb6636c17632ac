"""What student code sees and can use, in both confinements (confine.py): with namespaces (a root folder,
pids, network and IPC of its own) and without (AUTOGRADER_NAMESPACES=0: the uid, file permissions and
rlimits only, as in Gradescope's container). Each grading runs the command line in a process of its own,
so its sandbox uid (SANDBOX_UID_BASE + that pid) can be checked for leftovers afterwards.

Root only: as another user the worker runs as that user and nothing is confined (README).
"""
import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import pytest

from autograder.packaging.edits import build_edited
from autograder.sandbox import confine, limits, process
from tests.mutants import REFERENCE

PROJECT = pathlib.Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.skipif(os.geteuid() != 0, reason="the worker changes uid only as root"),
              pytest.mark.xdist_group("test_deny_by_default")]
MODES = {"namespaces": "1", "no namespaces": "0"}

# softmax.py looks around and reports what it saw in the message of the error it raises; at import it
# also lowers the process limit of the worker that imports it, which must cost the grader nothing.
PROBE = '''
import json, os, resource, socket

resource.prlimit(os.getppid(), resource.RLIMIT_NPROC, (0, 0))


def readable(path):
    try:
        if os.path.isdir(path):
            os.listdir(path)
        else:
            open(path, "rb").close()
        return True
    except OSError:
        return False


def softmax(x):
    seen = {{"uid": os.getuid()}}
    lines = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{{pid}}/cmdline", "rb") as handle:
                lines.append(handle.read().decode(errors="replace"))
        except OSError:
            pass
    seen["grader_seen"] = any({marker!r} in line for line in lines)
    seen["private"] = readable({private!r})
    seen["project"] = readable({project!r})
    try:
        socket.create_connection(("127.0.0.1", {port}), timeout=2).close()
        seen["network"] = True
    except OSError:
        seen["network"] = False
    raise RuntimeError("SEEN " + json.dumps(seen) + " END")
'''

# sigmoid fills shared memory that no address-space limit counts; sigmoid_grad raises a message that
# would redraw a terminal and is not UTF-8; relu is right.
SIGMOID = '''
import os

import numpy as np


def relu(x):
    return np.maximum(x, 0.0)


def sigmoid(x):
    descriptors = []
    for _ in range(60):  # 60 x 16 MB (the largest file) = 960 MB, past the 512 MB of memory
        descriptors.append(os.memfd_create("bomb"))
        os.write(descriptors[-1], b"x" * (16 << 20))
    return x


def sigmoid_grad(s):
    raise ValueError("\\ud800 \\x1b[2J\\x1b]0;owned\\x07 \\x9b31m \\u202e\\x08\\x08 cleared")
'''

# gradcheck_naive is the handout's own, under another file name.
GRADCHECK = '''
import types

from utils.gradcheck import gradcheck_naive as _provided

gradcheck_naive = types.FunctionType(_provided.__code__.replace(co_filename=__file__), globals())
'''

WRITER = '''
import os


def softmax(x):
    written = 0
    try:
        for number in range(100):  # 100 MB in files of 1 MB, each under the largest-file limit
            with open(f"filler-{{number}}", "wb") as handle:
                handle.write(b"x" * (1 << 20))
            written += 1
    except OSError:
        pass
    raise RuntimeError(f"WROTE {{written}} MB")
'''


def grade(submission, results, mode, *only, options=()):
    """Grade in a process of its own; return (results, the sandbox uid it used). options: more of grade's options."""
    env = dict(os.environ, AUTOGRADER_NAMESPACES=MODES[mode])
    command = [sys.executable, "-m", "autograder", "grade", "--submission", str(submission), "--results",
               str(results), "--profile", "quick", "--jobs", "1", *(a for f in only for a in ("--only", f)), *options]
    grader = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = grader.communicate(timeout=600)[0].decode(errors="replace")
    assert grader.returncode == 0, output
    return json.loads(pathlib.Path(results).read_bytes().decode("utf-8")), process.SANDBOX_UID_BASE + grader.pid


def left_behind(uid):
    """Processes of uid, and its files in the shared temporary folders."""
    files = [e.path for folder in process.SHARED_TMP if os.path.isdir(folder)
             for e in os.scandir(folder) if e.stat(follow_symlinks=False).st_uid == uid]
    return process._processes_of(uid), files


def outputs(results, function):
    return [t["output"] for t in results["tests"] if t["tags"][0] == function]


@pytest.fixture(scope="module", params=list(MODES))
def probed(request, tmp_path_factory):
    mode = request.param
    if mode == "namespaces" and not confine.namespaces_available():
        pytest.skip("this machine gives root no namespaces")
    folder = tmp_path_factory.mktemp("deny")
    private = folder / "grader-private"
    private.mkdir(mode=0o700)
    (private / "answers.txt").write_text("the reference")
    submission = folder / f"class-{os.getpid()}-marker"
    build_edited(REFERENCE, [], submission)
    listener = socket.create_server(("127.0.0.1", 0))
    (submission / "softmax.py").write_text(PROBE.format(marker=submission.name, private=str(private / "answers.txt"),
                                                        project=str(PROJECT / "assignment"),
                                                        port=listener.getsockname()[1]))
    (submission / "sigmoid.py").write_text(SIGMOID)
    (submission / "gradcheck.py").write_text(GRADCHECK)
    try:
        results, uid = grade(submission, folder / "results.json", mode, "softmax.py", "sigmoid.py", "gradcheck.py")
    finally:
        listener.close()
    seen = json.loads(outputs(results, "softmax.py:softmax")[0].split("SEEN ", 1)[1].split(" END", 1)[0])
    return mode, results, seen, uid


def test_student_code_runs_as_a_uid_of_its_own_that_leaves_nothing(probed):
    mode, results, seen, uid = probed
    assert seen["uid"] == uid
    assert left_behind(uid) == ([], [])


def test_private_folders_of_the_grader_are_out_of_reach(probed):
    mode, results, seen, uid = probed
    assert seen["private"] is False


def test_with_namespaces_nothing_else_of_the_host_is_seen(probed):
    mode, results, seen, uid = probed
    if mode != "namespaces":
        assert seen["grader_seen"] and seen["project"], "the probe must find them where nothing hides them"
        return
    assert seen == {"uid": uid, "grader_seen": False, "private": False, "project": False, "network": False}


def test_shared_memory_counts_against_the_memory_limit(probed):
    """960 MB of memfd in a 512 MB limit: the call fails, the grader goes on, and writes its report."""
    mode, results, seen, uid = probed
    if not results["extra_data"]["isolation"]["memory_cgroup"]:
        pytest.skip("no memory cgroup here: the OOM score alone protects the grader")
    failed = [o for o in outputs(results, "sigmoid.py:sigmoid") if "broke the process" in o or "memory" in o]
    assert failed, outputs(results, "sigmoid.py:sigmoid")


def test_text_from_the_worker_reaches_reports_as_safe_utf8(probed):
    mode, results, seen, uid = probed
    text = "\n".join(outputs(results, "sigmoid.py:sigmoid_grad"))
    assert "cleared" in text
    assert not any(ch in text for ch in "\x1b\x07\x08\x9b\u202e") and "\ud800" not in text


def test_the_handouts_code_under_another_name_earns_nothing(probed):
    mode, results, seen, uid = probed
    texts = outputs(results, "gradcheck.py:gradcheck_naive")
    assert texts and all("provided" in t and "write your own" in t for t in texts), texts
    assert all(t["score"] == 0 for t in results["tests"] if t["tags"][0] == "gradcheck.py:gradcheck_naive")


def test_a_worker_spoilt_by_student_code_is_never_the_graders_fault(probed):
    """The probe's import set the worker's process limit to 0: the next test gets a fresh worker."""
    mode, results, seen, uid = probed
    assert results["extra_data"]["harness_errors"] == []
    relu = [t for t in results["tests"] if t["tags"][0] == "sigmoid.py:relu"]
    assert relu and all(t["score"] == t["max_score"] for t in relu)


@pytest.mark.parametrize("mode", list(MODES))
def test_what_a_submission_writes_is_capped(mode, tmp_path):
    if mode == "namespaces" and not confine.namespaces_available():
        pytest.skip("this machine gives root no namespaces")
    submission = tmp_path / "writer"
    build_edited(REFERENCE, [], submission)
    (submission / "softmax.py").write_text(WRITER.format())
    results, uid = grade(submission, tmp_path / "results.json", mode, "softmax.py")
    texts = outputs(results, "softmax.py:softmax")
    wrote = [int(t.split("WROTE ", 1)[1].split(" MB")[0]) for t in texts if "WROTE " in t]
    if mode == "namespaces":  # a 64 MB tmpfs: the writes themselves fail, in every test
        assert len(wrote) == len(texts) and max(wrote) < 64, texts
    else:  # measured after each test: once past the limit, no later test runs
        assert wrote == [100] and len(texts) > 1, texts
        assert all("past the limit of 64 MB" in t for t in texts if "WROTE " not in t), texts
    assert left_behind(uid) == ([], [])


def test_a_planted_process_of_the_sandbox_uid_is_killed_before_the_worker_starts(tmp_path):
    uid = process.sandbox_user()[0]

    def become_the_sandbox_uid():
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
    planted = subprocess.Popen(["sleep", "300"], preexec_fn=become_the_sandbox_uid)
    try:
        for name in ("submission", "tmp"):
            (tmp_path / name).mkdir(mode=0o777)
        os.chmod(tmp_path, 0o755)
        worker = process.spawn([sys.executable, "-c", "pass"], str(tmp_path), limits.DEFAULTS,
                               str(tmp_path / "log"), ())
        assert not os.path.exists(f"/proc/{planted.pid}")  # killed, and reaped by the grader, its subreaper
        worker.wait(timeout=60)
        process.kill_tree(worker)
    finally:
        planted.kill()


def test_a_killed_grader_leaves_no_student_process(tmp_path):
    """The grader dies mid-call (SIGKILL, as a batch timeout does): with namespaces its worker and everything
    the submission started follow it (the parent-death signal ends the pid namespace's first process).
    Without, a process that left its session outlives the grader, and the batch kills the uid (batch/grade_class.py)."""
    if not confine.namespaces_available():
        pytest.skip("this machine gives root no namespaces")
    submission = tmp_path / "sleeper"
    build_edited(REFERENCE, [], submission)
    (submission / "softmax.py").write_text("import os, time\n\ndef softmax(x):\n    if os.fork() == 0:\n"
                                           "        os.setsid()\n    time.sleep(300)\n")
    grader = subprocess.Popen([sys.executable, "-m", "autograder", "grade", "--submission", str(submission),
                               "--results", str(tmp_path / "r.json"), "--only", "softmax.py", "--jobs", "1"],
                              cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    uid = process.SANDBOX_UID_BASE + grader.pid
    deadline = time.monotonic() + 120
    while len(running(uid)) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(running(uid)) >= 3, "the submission never started"
    grader.kill()
    grader.wait()
    deadline = time.monotonic() + 30
    while running(uid) and time.monotonic() < deadline:
        time.sleep(0.2)
    leftover = running(uid)
    process.kill_uid(uid)
    assert leftover == []


def running(uid):
    """The processes of uid that are not zombies (this test process may have become the subreaper that
    adopts a killed grader's children, and it does not reap them)."""
    alive = []
    for pid in process._processes_of(uid):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().rsplit(")", 1)[1].split()[0] != "Z":
                    alive.append(pid)
        except OSError:
            pass
    return alive


def test_without_namespaces_a_class_folder_others_can_read_is_refused(tmp_path, monkeypatch):
    """Student code sees every command line there, so it would find the class folder: a batch refuses to
    start, with the fix, unless the submissions are private (the red team's classmate breach)."""
    from autograder.batch.grade_class import BatchError, grade_all
    from tests.conftest import open_area_parent
    monkeypatch.setattr(confine, "_namespaces", False)
    if open_area_parent() is None:
        pytest.skip("no folder here that other users can read")
    open_class = pathlib.Path(tempfile.mkdtemp(dir=open_area_parent()))
    try:
        os.chmod(open_class, 0o755)
        build_edited(REFERENCE, [], open_class / "alice")
        with pytest.raises(BatchError, match=r"can be read by other users.*chmod 700"):
            grade_all({"alice": str(open_class / "alice")}, str(tmp_path / "out"))
    finally:
        shutil.rmtree(open_class)
