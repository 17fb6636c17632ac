"""Gradings forked from a warm process: one that has imported the grader (Python, numpy,
pytest, hypothesis: about 0.6 s of CPU) once, so a batch pays that once per core, not once
per submission.

    with PreforkedGrader() as grader:
        status = grader.run({"submission": ..., "results": ...}, report_path, stderr_path, timeout)

The warm process (`python -m autograder.batch.preforked`) reads one request per line on stdin,
forks a child that calls api.grade (pipeline.grade) with the request's keywords, its
terminal report and stderr in the given files, and answers on stdout with the child's
pid, then with its exit status (autograder/faults.py's: 0 graded, 1 the grader's fault,
2 the configuration's or the call's, 3 nothing gradable); results.json, where the
keywords say, is what the grading leaves. It runs
one grading at a time and has run none itself: a child starts from the state a fresh
`python -m autograder grade` would have after its imports. Student code never runs in it;
it runs, as in any grading, in that grading's sandboxed worker.

Nothing of a grading outlives it, however it ends (finished, failed, or killed at its
timeout, which kills the child's whole process group): the warm process is a child
subreaper, so every process the grading started (its worker, in a session of its own,
and whatever that forked) is adopted by it and killed once the grading has ended; as
root, every process of the grading's sandbox uid is killed too and that uid's files in
the shared temporary folders removed; and the grading's temporary folder (TMPDIR, where
its scratch folder lives) is removed.
"""
import contextlib
import gc
import inspect
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from autograder import child_environment
from autograder.faults import GraderFault


class PreforkedGraderDied(GraderFault):
    """The warm process ended or answered something else than its protocol."""


class PreforkedGrader:
    """A warm process and its pipes; run() one grading at a time."""

    def __init__(self, cwd=None):
        """cwd: the warm process's working folder (None: this process's), where `autograder` is importable."""
        self.process = subprocess.Popen([sys.executable, "-m", "autograder.batch.preforked"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, env=child_environment(), cwd=cwd)

    def run(self, grading: dict, stdout_path: str | None, stderr_path: str | None, timeout: float) -> int | None:
        """The exit status of api.grade(**grading) (negative: killed by that signal), or None when it
        ran past `timeout` seconds and was killed; its terminal report goes to stdout_path."""
        request = {"grade": dict(grading), "stdout": stdout_path, "stderr": stderr_path}
        self.process.stdin.write((json.dumps(request) + "\n").encode())
        self.process.stdin.flush()
        pid = self._answer(None)["pid"]
        try:
            return self._answer(time.monotonic() + timeout)["status"]
        except TimeoutError:
            kill_group(pid)  # the warm process reaps it, cleans up after it and answers its status
            self._answer(None)
            return None

    def _answer(self, deadline):
        descriptor = self.process.stdout.fileno()
        while deadline is not None and not select.select([descriptor], [], [], max(deadline - time.monotonic(), 0))[0]:
            if time.monotonic() >= deadline:
                raise TimeoutError
        line = self.process.stdout.readline()
        try:
            return json.loads(line)
        except ValueError:
            raise PreforkedGraderDied(f"the warm grading process answered {line[:200]!r}") from None

    def close(self) -> None:
        """End the warm process: at the end of its requests it exits."""
        with contextlib.suppress(OSError):  # it died already: what was left to send goes nowhere
            self.process.stdin.close()
        self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def kill_group(pid: int) -> None:
    """SIGKILL the process group of a grading (its child makes one of its own as it starts; before
    that, the child alone)."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        os.kill(pid, signal.SIGKILL)


def serve() -> None:
    """The warm process's loop: fork one child per request, answer its pid, then (once nothing of the
    grading is left) its status."""
    # What every grading imports, loaded once here rather than once per grading.
    from autograder import pipeline  # noqa: F401
    from autograder.grading import suites  # noqa: F401
    from autograder.sandbox import process
    process.become_subreaper()  # what a grading leaves running comes to this process, to be killed
    gc.freeze()  # the children start with what is loaded so far frozen, as `python -m autograder` ends up
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    for line in requests:
        request = json.loads(line)
        folder = tempfile.mkdtemp(prefix="autograder-grading-")
        os.chmod(folder, 0o711)  # the sandbox uid passes through to its scratch folder and lists nothing
        pid = os.fork()
        if pid == 0:
            _child(pipeline, request, folder)
        answers.write((json.dumps({"pid": pid}) + "\n").encode())
        answers.flush()
        # Left unreaped until the clean-up is done, the child keeps its pid, and so its sandbox uid, its own.
        ended = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
        code = -ended.si_status if ended.si_code in (os.CLD_KILLED, os.CLD_DUMPED) else ended.si_status
        clean_up(process, pid, folder)
        answers.write((json.dumps({"status": code}) + "\n").encode())
        answers.flush()


def clean_up(process, pid: int, folder: str) -> None:
    """After the grading `pid` ended: kill every process it left (as root, every process of its sandbox
    uid, then) every descendant this subreaper adopted, reap them and the grading, and remove the
    grading's temporary folder, which holds its scratch folder."""
    uid = process.SANDBOX_UID_BASE + pid if process.sandbox_user() else None  # as sandbox_user() gave it the grading
    survivors = process.kill_uid(uid) if uid else []
    process.sweep_orphans()  # reaps the grading too
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
    if uid and not survivors:
        process.remove_leftovers_of(uid)
    remove_tree(folder)


def remove_tree(folder: str) -> None:
    """Remove folder, also where what ran in it took away the owner's rights on a folder inside."""
    for parent, names, _ in os.walk(folder):
        for name in names:  # before os.walk descends into it
            path = os.path.join(parent, name)
            if not os.path.islink(path):
                with contextlib.suppress(OSError):
                    os.chmod(path, 0o700)
    shutil.rmtree(folder, ignore_errors=True)


def _child(pipeline, request, folder):
    """Run one grading in a process group of its own with the request's files as stdin (none), stdout
    and stderr and `folder` as its temporary folder; never return."""
    code = 1
    try:
        os.setpgid(0, 0)
        os.environ["TMPDIR"] = tempfile.tempdir = folder
        for descriptor, path, flags in ((0, os.devnull, os.O_RDONLY),
                                        (1, request["stdout"] or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                                        (2, request["stderr"] or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
            opened = os.open(path, flags, 0o644)
            os.dup2(opened, descriptor)
            os.close(opened)
        code = _grade(pipeline, request["grade"])
    except BaseException:
        import traceback
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed or broken stream: nothing left to keep
                pass
        os._exit(code if isinstance(code, int) else 1)


def _grade(pipeline, keywords) -> int:
    """Grade as the request says, print the terminal report; return the exit status."""
    from autograder.faults import ConfigurationError, outcome
    from autograder.report import terminal
    try:
        inspect.signature(pipeline.grade).bind(**keywords)
    except TypeError as error:  # the caller's mistake, said as such (not a crash of the grader)
        sys.stderr.write(f"api.grade: {error}\n")
        return ConfigurationError.exit_status
    document, code, fault = outcome(pipeline.grade, **keywords)
    if document is not None:
        sys.stdout.write(terminal.text(document))
    if fault is not None:
        sys.stderr.write(f"{fault}\n")
    return code


if __name__ == "__main__":
    serve()
