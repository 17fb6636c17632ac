"""Starting, limiting and killing the worker process tree (trusted side, POSIX).

The grader marks itself a child subreaper, so a process the worker forks and
orphans is re-parented to the grader and can be found and killed; under root
the worker runs as an unprivileged uid of its own, which makes the process
limit bite and lets every process of that uid be killed at the end.
"""
import ctypes
import os
import resource
import signal
import subprocess
import sys

PR_SET_CHILD_SUBREAPER = 36
SANDBOX_UID_BASE = 200_000  # far above the uids of real accounts
PASSED_ENV = ("PATH", "LANG", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def become_subreaper():
    """Adopt orphaned descendants (Linux); elsewhere a no-op."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def sandbox_user():
    """The (uid, gid) the worker runs as when the grader is root, else None.

    Each grader process gets an unused uid of its own (no account needed), so
    the process limit of one worker and the clean-up after it never touch
    another grader's worker in a batch run.
    """
    if os.geteuid() != 0:
        return None
    check_interpreter_reachable()
    uid = SANDBOX_UID_BASE + os.getpid()
    return uid, uid


def unreachable_by_others(paths):
    """The first directory or file on these paths that a uid other than the
    owner cannot traverse (or read), or None."""
    for path in paths:
        path = os.path.realpath(path)
        parts = [path] + [os.path.dirname(path)]
        while parts[-1] != os.path.dirname(parts[-1]):
            parts.append(os.path.dirname(parts[-1]))
        for part in parts:
            needed = 0o001 if os.path.isdir(part) else 0o004  # traverse a folder, read a file
            if not os.stat(part).st_mode & needed:
                return part
    return None


def check_interpreter_reachable():
    """As root, fail early, with the fix, if the sandbox uid could not run this Python."""
    import numpy
    blocked = unreachable_by_others([sys.executable, sys.prefix, sys.base_prefix, numpy.__file__])
    if blocked:
        raise RuntimeError(f"student code runs under an unprivileged uid, which cannot reach {blocked}; "
                           "create the virtual environment where every user can read it "
                           "(e.g. make VENV=/opt/autograder-venv, from /usr/bin/python3)")


def count_threads_of(uid):
    """Threads that count against RLIMIT_NPROC for uid."""
    total = 0
    for pid in _processes_of(uid):
        try:
            total += len(os.listdir(f"/proc/{pid}/task"))
        except OSError:
            pass
    return total


def limiter(limits, uid):
    """A preexec function that applies the resource limits in the child."""
    extra_processes = limits["processes"] + count_threads_of(uid)

    def apply():
        def cap(kind, value):
            _, hard = resource.getrlimit(kind)
            value = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(kind, (value, value))
        cap(resource.RLIMIT_AS, limits["memory_mb"] * 1024 * 1024)
        cap(resource.RLIMIT_FSIZE, limits["file_size_mb"] * 1024 * 1024)
        cap(resource.RLIMIT_CORE, 0)
        cap(resource.RLIMIT_NPROC, extra_processes)
    return apply


def worker_environment(home):
    env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
    env.update(HOME=home, PYTHONHASHSEED="0", MPLBACKEND="Agg", OPENBLAS_NUM_THREADS="1",
               OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONIOENCODING="utf-8")
    return env


def spawn(command, cwd, limits, log_file, pass_fds):
    """Start the worker in its own session, limited, as the sandbox user if root."""
    user = sandbox_user()
    uid = user[0] if user else os.getuid()
    identity = {"user": user[0], "group": user[1], "extra_groups": []} if user else {}
    return subprocess.Popen(
        command, cwd=cwd, env=worker_environment(cwd), stdin=subprocess.DEVNULL,
        stdout=log_file, stderr=subprocess.STDOUT, pass_fds=pass_fds,
        start_new_session=True, preexec_fn=limiter(limits, uid), **identity)


def _pids():
    """Every process id on this machine (none where there is no /proc)."""
    return [int(p) for p in os.listdir("/proc") if p.isdigit()] if os.path.isdir("/proc") else []


def _children_of(parent):
    children = []
    for pid in _pids():
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == parent:
                children.append(pid)
        except (OSError, IndexError, ValueError):
            pass
    return children


def _processes_of(uid):
    found = []
    for pid in _pids():
        try:
            if os.stat(f"/proc/{pid}").st_uid == uid:
                found.append(pid)
        except OSError:
            pass
    return found


def _kill(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def sweep_orphans(keep=()):
    """Kill and reap adopted descendants (all but `keep`) until none are left."""
    for _ in range(100):
        strays = [pid for pid in _children_of(os.getpid()) if pid not in keep]
        if not strays:
            return
        for pid in strays:
            _kill(pid)
        for pid in strays:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


def kill_tree(process):
    """Kill the worker's session, then every descendant that escaped it: as a
    subreaper, the grader inherits them all once their parents are dead."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()
    user = sandbox_user()
    for pid in _processes_of(user[0]) if user else ():
        _kill(pid)
    sweep_orphans()
