"""Starting and killing the worker's processes (trusted side, Linux).

The grader marks itself a child subreaper, so a process the worker forks and
orphans is re-parented to the grader, where it can be found and killed. As root,
the worker runs under an unused uid of its own, which makes the process limit
bite and lets every process of that uid be killed at once at the end.
"""
import ctypes
import os
import signal
import subprocess
import sys
import time

from autograder.sandbox import limits as sandbox_limits

PR_SET_CHILD_SUBREAPER = 36
SANDBOX_UID_BASE = 200_000  # far above the uids of real accounts
PASSED_ENV = ("PATH", "LANG", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def become_subreaper() -> None:
    """Adopt orphaned descendants (Linux); elsewhere a no-op."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def sandbox_user() -> tuple[int, int] | None:
    """The (uid, gid) the worker runs as when the grader is root, else None.

    Each grader process gets an unused uid of its own (no account needed), so
    the process limit of one worker and the clean-up after it never touch
    another grader's worker in a batch run.
    """
    if os.geteuid() != 0:
        return None
    uid = SANDBOX_UID_BASE + os.getpid()
    return uid, uid


def unreachable_by_others(paths: list[str]) -> str | None:
    """The first folder or file on these paths that a uid other than the owner
    cannot traverse (a folder) or read (a file), or None."""
    for path in paths:
        part = os.path.realpath(path)
        while True:
            needed = 0o001 if os.path.isdir(part) else 0o004
            if not os.stat(part).st_mode & needed:
                return part
            if part == os.path.dirname(part):
                break
            part = os.path.dirname(part)
    return None


def check_interpreter_reachable() -> None:
    """As root, fail early, with the fix, if the sandbox uid could not run this Python."""
    import numpy
    blocked = unreachable_by_others([sys.executable, sys.prefix, sys.base_prefix, numpy.__file__])
    if blocked:
        raise RuntimeError(f"student code runs under an unprivileged uid, which cannot reach {blocked}; "
                           "create the virtual environment where every user can read it "
                           "(e.g. make VENV=/opt/autograder-venv, from /usr/bin/python3)")


def spawn(command: list[str], cwd: str, limits: dict, log_fd: int, pass_fds: tuple) -> subprocess.Popen:
    """Start the worker in its own session, limited, as the sandbox user when root."""
    user = sandbox_user()
    identity = {"user": user[0], "group": user[1], "extra_groups": []} if user else {}
    already = count_threads_of(user[0]) if user else 0
    env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
    env.update(HOME=cwd, PYTHONHASHSEED="0", MPLBACKEND="Agg", OPENBLAS_NUM_THREADS="1",
               OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONIOENCODING="utf-8")
    return subprocess.Popen(
        command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=log_fd, stderr=log_fd,
        pass_fds=pass_fds, start_new_session=True,
        preexec_fn=lambda: sandbox_limits.apply(limits, already), **identity)


def _pids():
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def _processes_of(uid):
    found = []
    for pid in _pids():
        try:
            if os.stat(f"/proc/{pid}").st_uid == uid:
                found.append(pid)
        except OSError:
            pass
    return found


def count_threads_of(uid: int) -> int:
    """Threads that count against RLIMIT_NPROC for uid."""
    total = 0
    for pid in _processes_of(uid):
        try:
            total += len(os.listdir(f"/proc/{pid}/task"))
        except OSError:
            pass
    return total


def adopted_children() -> list[int]:
    """The grader's children (the worker and adopted orphans), from its threads' children files."""
    try:
        children = []
        for task in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{task}/children") as listing:
                children += [int(pid) for pid in listing.read().split()]
        return children
    except OSError:  # a kernel without the children files: scan every process
        children = []
        for pid in _pids():
            try:
                with open(f"/proc/{pid}/stat") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) == os.getpid():
                        children.append(pid)
            except (OSError, IndexError, ValueError):
                pass
        return children


def _kill(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def sweep_orphans(keep: tuple = ()) -> None:
    """Kill and reap adopted descendants (all but `keep`) until none is left.

    Each round kills every child it sees; a child's own children are adopted once
    it dies and are seen in the next round. Without a uid to kill at once, a
    process that forks faster than this loop kills could outrun it; as root,
    kill_uid ends that race.
    """
    while True:
        strays = [pid for pid in adopted_children() if pid not in keep]
        if not strays:
            return
        for pid in strays:
            _kill(pid)
        for pid in strays:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


def kill_uid(uid: int, patience: float = 10.0) -> list[int]:
    """Kill every process of uid at once, until none is left; return the pids still
    there after `patience` seconds (none, unless the kernel could not kill them).

    A helper child takes the uid and calls kill(-1, SIGKILL), which signals every
    process of that uid but the caller in one step that a fork cannot race.
    """
    deadline = time.monotonic() + patience
    while _processes_of(uid) and time.monotonic() < deadline:
        helper = os.fork()
        if helper == 0:
            try:
                os.setresgid(uid, uid, uid)
                os.setgroups([])
                os.setresuid(uid, uid, uid)
                os.kill(-1, signal.SIGKILL)
            finally:
                os._exit(0)
        os.waitpid(helper, 0)
        sweep_orphans()
    return _processes_of(uid)


def kill_tree(process: subprocess.Popen) -> list[int]:
    """Kill the worker's session and every process that escaped it, then reap them;
    return the pids of the sandbox uid that survived (see kill_uid)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()
    user = sandbox_user()
    survivors = kill_uid(user[0]) if user else []
    sweep_orphans()
    return survivors
