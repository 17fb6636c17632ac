"""Gradings forked from a warm process: one that has imported the grader (Python, numpy,
pytest, hypothesis: about 0.6 s of CPU) once, so a batch pays that once per core, not once
per submission.

    with WarmGrader() as grader:
        status = grader.run(["grade", "--submission", ...], stdout_path, stderr_path, timeout)

The warm process (`python -m autograder.warm`) reads one request per line on stdin,
forks a child that runs `autograder <argv>` with its stdout and stderr in the given
files, and answers on stdout with the child's pid, then with its exit status. It runs
one grading at a time and has run none itself: a child starts from the state a fresh
`python -m autograder` would have after its imports. Student code never runs in it;
it runs, as in any grading, in that grading's sandboxed worker.
"""
import contextlib
import gc
import json
import os
import select
import signal
import subprocess
import sys
import time

from autograder import child_environment


class WarmGraderDied(Exception):
    """The warm process ended or answered something else than its protocol."""


class WarmGrader:
    """A warm process and its pipes; run() one grading at a time."""

    def __init__(self):
        self.process = subprocess.Popen([sys.executable, "-m", "autograder.warm"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, env=child_environment())

    def run(self, argv: list, stdout_path: str, stderr_path: str, timeout: float) -> int | None:
        """The exit status of `autograder <argv>` (negative: killed by that signal), or None when it
        ran past `timeout` seconds and was killed."""
        request = {"argv": list(argv), "stdout": stdout_path, "stderr": stderr_path}
        self.process.stdin.write((json.dumps(request) + "\n").encode())
        self.process.stdin.flush()
        pid = self._answer(None)["pid"]
        try:
            return self._answer(time.monotonic() + timeout)["status"]
        except TimeoutError:
            os.kill(pid, signal.SIGKILL)  # the warm process reaps it and answers its status
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
            raise WarmGraderDied(f"the warm grading process answered {line[:200]!r}") from None

    def close(self) -> None:
        """End the warm process: at the end of its requests it exits."""
        with contextlib.suppress(OSError):  # it died already: what was left to send goes nowhere
            self.process.stdin.close()
        self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def serve() -> None:
    """The warm process's loop: fork one child per request, answer its pid, then its status."""
    from autograder import cli, grading  # noqa: F401  (grading: what every grading imports)
    gc.freeze()  # the children start with what is loaded so far frozen, as `python -m autograder` ends up
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    for line in requests:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(cli, request)
        answers.write((json.dumps({"pid": pid}) + "\n").encode())
        answers.flush()
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        answers.write((json.dumps({"status": code}) + "\n").encode())
        answers.flush()


def _child(cli, request):
    """Run one grading with the request's files as stdin (none), stdout and stderr; never return."""
    code = 1
    try:
        for descriptor, path, flags in ((0, os.devnull, os.O_RDONLY),
                                        (1, request["stdout"] or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                                        (2, request["stderr"] or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
            opened = os.open(path, flags, 0o644)
            os.dup2(opened, descriptor)
            os.close(opened)
        try:
            code = cli.main(request["argv"])
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 0 if exit_.code is None else 1
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


if __name__ == "__main__":
    serve()
