"""The sandbox's process helpers: the reachability check and the worker's uid."""
import os
import pathlib
import shutil
import sys
import tempfile
import threading

import pytest

from autograder.sandbox import limits, process
from tests.conftest import open_area_parent


def test_private_folders_are_reported(tmp_path):
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    (private / "python").write_text("")
    os.chmod(tmp_path, 0o755)
    assert process.unreachable_by_others([str(private / "python")]) == str(private)


def test_readable_paths_pass():
    folder = tempfile.mkdtemp()  # directly under the system's temporary folder, which everyone can traverse
    try:
        os.chmod(folder, 0o755)
        module = os.path.join(folder, "module.py")
        with open(module, "w"):
            pass
        os.chmod(module, 0o644)
        assert process.unreachable_by_others([module]) is None
    finally:
        shutil.rmtree(folder)


@pytest.mark.skipif(os.geteuid() != 0, reason="the worker changes uid only when the grader is root")
def test_each_grader_gets_its_own_unprivileged_uid():
    uid, gid = process.sandbox_user()
    assert uid == gid == process.SANDBOX_UID_BASE + os.getpid() and uid != 0


def test_the_workers_output_reaches_a_capped_log_through_a_pipe():
    """The worker's stdout and stderr are a pipe (not a file it could swap for a link or a FIFO)
    that the grader copies into the log, keeping the first LOG_LIMIT bytes of any flood."""
    folder = pathlib.Path(tempfile.mkdtemp(dir=open_area_parent()))
    os.chmod(folder, 0o755)
    log = folder / "worker.log"
    flood = process.LOG_LIMIT * 3
    code = ("import os, stat, sys\n"
            "print('stdout', stat.S_ISFIFO(os.fstat(1).st_mode), stat.S_ISFIFO(os.fstat(2).st_mode), flush=True)\n"
            f"os.write(2, b'x' * {flood})\n")
    before = set(threading.enumerate())
    try:
        for name in ("submission", "tmp"):
            (folder / name).mkdir(mode=0o777)
        child = process.spawn([sys.executable, "-c", code], str(folder), limits.DEFAULTS, str(log), ())
        assert child.wait(timeout=30) == 0
        for copier in set(threading.enumerate()) - before:
            copier.join(timeout=30)
        text = log.read_bytes()
    finally:
        shutil.rmtree(folder)
    assert text.startswith(b"stdout True True\n") and len(text) == process.LOG_LIMIT
