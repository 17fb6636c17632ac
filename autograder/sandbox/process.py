"""Starting, limiting and killing the worker process tree (trusted side, POSIX).

The grader marks itself a child subreaper, so a process the worker forks and
orphans is re-parented to the grader and can be found and killed; under root
the worker runs as an unprivileged user, which also makes the process limit
bite. (Processes are not killed by user: batch grading runs several workers
as the same user at once.)
"""
import ctypes
import os
import pwd
import resource
import signal
import subprocess
import sys

PR_SET_CHILD_SUBREAPER = 36
SANDBOX_USER_ENV = "AUTOGRADER_SANDBOX_USER"
DEFAULT_SANDBOX_USER = "autograder-student"
PASSED_ENV = ("PATH", "LANG", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def become_subreaper():
    """Adopt orphaned descendants (Linux); elsewhere a no-op."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def sandbox_user():
    """The (uid, gid) the worker runs as, or None when the grader is not root."""
    if os.geteuid() != 0:
        return None
    name = os.environ.get(SANDBOX_USER_ENV, DEFAULT_SANDBOX_USER)
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        raise RuntimeError(f"the sandbox user {name!r} does not exist; create it "
                           f"(`make venv` and setup.sh do when run as root) or set {SANDBOX_USER_ENV}") from None
    return entry.pw_uid, entry.pw_gid


def count_threads_of(uid):
    """Threads that count against RLIMIT_NPROC for uid."""
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc") if os.path.isdir("/proc") else []):
        try:
            if os.stat(f"/proc/{pid}").st_uid == uid:
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


def _children_of(parent):
    children = []
    for pid in filter(str.isdigit, os.listdir("/proc") if os.path.isdir("/proc") else []):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == parent:
                children.append(int(pid))
        except (OSError, IndexError, ValueError):
            pass
    return children


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
    sweep_orphans()
