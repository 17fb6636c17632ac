"""Starting and killing the worker's processes (trusted side, Linux).

The grader marks itself a child subreaper, so a process the worker forks and
orphans is re-parented to the grader, where it can be found and killed. As root,
the worker runs under an unused uid of its own, which makes the process limit
bite and lets every process of that uid be killed at once at the end; confine.py
gives it namespaces, a root folder of its own and a memory cgroup where the host
allows them, and says what holds where it does not.
"""
import ctypes
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time

from autograder.sandbox import confine
from autograder.sandbox import limits as sandbox_limits

PR_SET_CHILD_SUBREAPER = 36
IPC_RMID = 0  # sys/ipc.h: remove a System V shared memory segment, semaphore set or message queue
SANDBOX_UID_BASE = 200_000  # far above the uids of real accounts
PASSED_ENV = ("PATH", "LANG", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
# The folders every user may write, and the size in MB of the tmpfs that covers each where root may (in memory).
LOG_LIMIT = 1 << 20  # bytes of the worker's output kept in its log
SHARED_TMP = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock")  # the folders every user may write
_libc = ctypes.CDLL(None, use_errno=True)  # loaded here, not in a forked child
_groups = iter(range(1 << 62))  # numbers the memory cgroups of this grader's workers
_as_caller = False  # run_as_caller: student code runs as the grader's own user, root or not


def become_subreaper() -> None:
    """Adopt orphaned descendants (Linux); elsewhere a no-op."""
    if sys.platform.startswith("linux"):
        _libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def run_as_caller() -> None:
    """From now on the worker runs as the grader's own user, even as root: for a student who checks their
    own files on their own machine (the handout's ./check), where a sandbox uid protects nothing and could
    not run an interpreter installed under /root (pyenv, conda)."""
    global _as_caller
    _as_caller = True


def sandbox_user() -> tuple[int, int] | None:
    """The (uid, gid) the worker runs as when the grader is root, else None (and after run_as_caller).

    Each grader process gets an unused uid of its own (no account needed), so
    the process limit of one worker and the clean-up after it never touch
    another grader's worker in a batch run.
    """
    if _as_caller or os.geteuid() != 0:
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


def spawn(command: list[str], scratch: str, limits: dict, log_path: str, pass_fds: tuple) -> subprocess.Popen:
    """Start the worker in its own session, limited, as the sandbox user when root, confined as far as
    the host allows (confine.py), with scratch/submission as its working folder and scratch/tmp as its
    TMPDIR. The returned Popen's `memory_group` is its cgroup (see kill_tree).

    log_path: where the worker's output is kept, in a folder only the grader can write.
    """
    user = sandbox_user()
    if user:  # a uid is used only once it owns no process and no file in the shared folders
        kill_uid(user[0])
        remove_leftovers_of(user[0])
    already = count_threads_of(user[0]) if user else 0
    cwd, tmp = os.path.join(scratch, "submission"), os.path.join(scratch, "tmp")
    env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
    env.update(HOME=cwd, PYTHONHASHSEED="0", MPLBACKEND="Agg", OPENBLAS_NUM_THREADS="1",
               OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONIOENCODING="utf-8", TMPDIR=tmp, TMP=tmp, TEMP=tmp)
    namespaces = bool(user) and confine.namespaces_available()
    group = confine.MemoryGroup(f"autograder-{os.getpid()}-{next(_groups)}", limits["memory_mb"]) if user else None
    if namespaces:
        os.makedirs(os.path.join(scratch, ".root"), mode=0o755, exist_ok=True)
    caps = (limits["writable_mb"], limits["writable_files"])

    def enter():  # in the child, after fork, before exec: as root, then as the sandbox user
        if user:
            group.join()
            if namespaces:
                confine.enter_namespaces()
                confine.build_root(scratch, {"submission": cwd, "tmp": None}, user, caps)
            confine.drop_privileges(user)
        os.chdir(cwd)
        sandbox_limits.apply(limits, already)

    # The worker's stdout and stderr go to a pipe that a thread of the grader copies into the log, which
    # lives in a folder only the grader can write: the grader never opens anything the worker could replace.
    output_read, output_write = os.pipe()
    log_fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o600)
    threading.Thread(target=_copy_output, args=(output_read, log_fd), daemon=True).start()
    try:
        worker = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=output_write,
                                  stderr=output_write, pass_fds=pass_fds, start_new_session=True, preexec_fn=enter)
    except subprocess.SubprocessError as error:  # enter() failed, e.g. cwd is not the sandbox user's to enter
        if group:
            group.remove()
        raise OSError(f"the worker could not enter {cwd} as its user: {error}") from None
    finally:
        os.close(output_write)  # from now on only the worker and its descendants hold it
    worker.memory_group = group
    return worker


def isolation() -> dict:
    """What confines student code on this machine: own_uid (a uid of its own), namespaces (its own
    root folder, pids, network and IPC: confine.py), memory_cgroup (memory counted in total)."""
    user = sandbox_user()
    group = confine.MemoryGroup(f"autograder-{os.getpid()}-probe", 64) if user else None
    if group:
        group.remove()
    return {"own_uid": user is not None, "namespaces": bool(user) and confine.namespaces_available(),
            "memory_cgroup": bool(group and group.path)}


def _copy_output(output_fd: int, log_fd: int) -> None:
    """Copy the worker's output to the log until the last process holding the pipe is gone,
    keeping at most LOG_LIMIT bytes in the log and dropping the rest."""
    with open(output_fd, "rb", buffering=0) as output, open(log_fd, "ab", buffering=0) as log:
        while chunk := output.read(1 << 16):
            log.write(chunk[:max(0, LOG_LIMIT - os.fstat(log_fd).st_size)])


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


def remove_leftovers_of(uid: int) -> None:
    """Remove what uid left that outlives its processes: its files in the shared temporary folders and
    its System V shared memory, semaphores and message queues, which without an IPC namespace of the
    worker's own would carry data to the next grading. Call only once no process of uid is left."""
    remove_files_of(uid)
    for kind, remove in (("shm", lambda i: _libc.shmctl(i, IPC_RMID, None)),
                         ("sem", lambda i: _libc.semctl(i, 0, IPC_RMID)),
                         ("msg", lambda i: _libc.msgctl(i, IPC_RMID, None))):
        try:
            with open(f"/proc/sysvipc/{kind}") as table:
                header, *rows = [line.split() for line in table]
        except (OSError, ValueError):
            continue
        for row in (dict(zip(header, values)) for values in rows):
            if str(uid) in (row.get("uid"), row.get("cuid")):
                remove(int(row[header[1]]))  # the id column: shmid, semid or msqid


def remove_files_of(uid: int, folders=SHARED_TMP, depth: int = 2) -> None:
    """Remove what uid owns at the top of the shared temporary folders (and in shared folders one
    level down, such as /tmp/.X11-unix), following no link. Call only once no process of uid is left."""
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                info = entry.stat(follow_symlinks=False)
                if info.st_uid == uid and stat.S_ISDIR(info.st_mode):
                    shutil.rmtree(entry.path)  # never follows links (it works on descriptors on Linux)
                elif info.st_uid == uid:
                    os.unlink(entry.path)
                elif stat.S_ISDIR(info.st_mode) and info.st_mode & 0o002 and depth > 1:
                    remove_files_of(uid, [entry.path], depth - 1)
            except OSError:
                pass


def usage_of(uid: int, folders: list[str]) -> tuple[int, int]:
    """(bytes on disk, entries) that uid owns in these folders and in its own entries of the shared
    temporary folders, walked on descriptors without following a link (os.fwalk)."""
    tops = list(folders)
    for shared in SHARED_TMP:
        try:
            tops += [e.path for e in os.scandir(shared) if e.stat(follow_symlinks=False).st_uid == uid]
        except OSError:
            pass
    size = count = 0
    for top in tops:
        try:
            info = os.lstat(top)
        except OSError:
            continue
        if info.st_uid == uid:
            size, count = size + info.st_blocks * 512, count + 1
        if not stat.S_ISDIR(info.st_mode):
            continue
        for _, folders_in, files, fd in os.fwalk(top):
            for name in folders_in + files:
                try:
                    info = os.stat(name, dir_fd=fd, follow_symlinks=False)
                except OSError:
                    continue
                if info.st_uid == uid:
                    size, count = size + info.st_blocks * 512, count + 1
    return size, count


def kill_tree(process: subprocess.Popen) -> list[int]:
    """Kill the worker's session and every process that escaped it, then reap them; as root,
    then remove what the sandbox uid left in the shared temporary folders. Return the pids of
    the sandbox uid that survived (see kill_uid)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()
    user = sandbox_user()
    survivors = kill_uid(user[0]) if user else []
    if user and not survivors:
        remove_leftovers_of(user[0])
        if process.memory_group:
            process.memory_group.remove()
    sweep_orphans()
    return survivors
