"""Starting and killing the worker's processes (trusted side, Linux).

The grader marks itself a child subreaper, so a process the worker forks and
orphans is re-parented to the grader, where it can be found and killed. As root,
the worker runs under an unused uid of its own, which makes the process limit
bite and lets every process of that uid be killed at once at the end.

Where root also has CAP_SYS_ADMIN, the worker gets new network, mount and IPC
namespaces: no network (not even 127.0.0.1: the new loopback is down) and a
fresh tmpfs on each shared temporary folder, gone with the worker's last
process. Without the privilege, what the uid left in those folders is removed
once its processes are dead. isolation() says which applies here.
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

from autograder.sandbox import limits as sandbox_limits

PR_SET_CHILD_SUBREAPER = 36
SANDBOX_UID_BASE = 200_000  # far above the uids of real accounts
PASSED_ENV = ("PATH", "LANG", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
# The folders every user may write, and the size in MB of the tmpfs that covers each where root may (in memory).
LOG_LIMIT = 1 << 20  # bytes of the worker's output kept in its log
SHARED_TMP = {"/tmp": 64, "/var/tmp": 16, "/dev/shm": 64, "/run/lock": 1}
CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWNET = 0x00020000, 0x08000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_BIND, MS_REC, MS_PRIVATE, MNT_DETACH = 1, 2, 4, 4096, 16384, 1 << 18, 2
_libc = ctypes.CDLL(None, use_errno=True)  # loaded here, not in a forked child
_isolation = None
_hidden = []  # folders of the grader that workers must not see (hide_from_student_code)
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


def hide_from_student_code(folders: list[str]) -> None:
    """Folders of the grader (the reference, the hidden suites) that workers started from now
    on must not see: where the mount namespace allows, an empty read-only tmpfs covers each."""
    folders = sorted({os.path.realpath(f) for f in folders if f and os.path.isdir(f)})
    # A folder inside another hidden one is hidden with it (and could not be mounted on once covered).
    _hidden[:] = [f for f in folders if not any(f.startswith(other + os.sep) for other in folders)]


def spawn(command: list[str], cwd: str, limits: dict, log_path: str, pass_fds: tuple,
          tmp: str | None = None) -> subprocess.Popen:
    """Start the worker in its own session, limited, as the sandbox user when root,
    isolated where the grader has the privilege; cwd is entered as that user.

    log_path: where the worker's output is kept, in a folder only the grader can write.
    tmp: the submission's private temporary folder (TMPDIR, TMP, TEMP).
    """
    user = sandbox_user()
    already = count_threads_of(user[0]) if user else 0
    env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
    env.update(HOME=cwd, PYTHONHASHSEED="0", MPLBACKEND="Agg", OPENBLAS_NUM_THREADS="1",
               OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONIOENCODING="utf-8")
    if tmp:
        env.update(TMPDIR=tmp, TMP=tmp, TEMP=tmp)
    keep = _kept_folders([cwd, *([tmp] if tmp else []), *command, sys.prefix, sys.base_prefix])

    def enter():  # in the child, after fork, before exec: as root, then as the sandbox user
        if user:
            _isolate(keep, _hidden)
            os.setgroups([])
            os.setresgid(user[1], user[1], user[1])
            os.setresuid(user[0], user[0], user[0])
        os.chdir(cwd)
        sandbox_limits.apply(limits, already)

    # The worker's stdout and stderr go to a pipe that a thread of the grader copies into the log, which
    # lives in a folder only the grader can write: the grader never opens anything the worker could replace.
    output_read, output_write = os.pipe()
    log_fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o600)
    threading.Thread(target=_copy_output, args=(output_read, log_fd), daemon=True).start()
    try:
        return subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=output_write,
                                stderr=output_write, pass_fds=pass_fds, start_new_session=True, preexec_fn=enter)
    except subprocess.SubprocessError as error:  # enter() failed, e.g. cwd is not the sandbox user's to enter
        raise OSError(f"the worker could not enter {cwd} as its user: {error}") from None
    finally:
        os.close(output_write)  # from now on only the worker and its descendants hold it


def _copy_output(output_fd: int, log_fd: int) -> None:
    """Copy the worker's output to the log until the last process holding the pipe is gone,
    keeping at most LOG_LIMIT bytes in the log and dropping the rest."""
    with open(output_fd, "rb", buffering=0) as output, open(log_fd, "ab", buffering=0) as log:
        while chunk := output.read(1 << 16):
            log.write(chunk[:max(0, LOG_LIMIT - os.fstat(log_fd).st_size)])


def _kept_folders(paths: list[str]) -> dict:
    """{shared temporary folder: [its top-level entries that hold one of these absolute paths]}: what the
    worker must still see through the tmpfs that covers that folder (its scratch folder, say)."""
    kept = {}
    # A path counts as written (the venv's python is a link under the project) and as resolved.
    written = [path for path in paths if os.path.isabs(path)]
    for path in {*map(os.path.abspath, written), *map(os.path.realpath, written)}:
        for folder in SHARED_TMP:
            relative = os.path.relpath(path, folder)
            if relative != "." and relative.split(os.sep)[0] != "..":
                kept.setdefault(folder, set()).add(relative.split(os.sep)[0])
    return {folder: sorted(names) for folder, names in kept.items()}


def _mount(source, target, kind, flags, options=None) -> bool:
    return _libc.mount(source and os.fsencode(source), os.fsencode(target), kind, flags, options) == 0


def _isolate(keep: dict, hidden: list[str] = ()) -> tuple[bool, bool]:
    """In a forked child, as root: enter new network, IPC and mount namespaces (each where the
    privilege allows), cover each of SHARED_TMP with a fresh tmpfs and bind `keep` (see _kept_folders)
    back into it, and cover each `hidden` folder with an empty one (or raise OSError: never run
    student code that could read what it was meant not to). Return (no network, private tmp)."""
    network = _libc.unshare(CLONE_NEWNET) == 0
    _libc.unshare(CLONE_NEWIPC)  # System V shared memory and message queues outlive their processes
    # Never mount anything unless the new namespace's mounts are private: they would appear on the host.
    if _libc.unshare(CLONE_NEWNS) != 0 or not _mount("none", "/", None, MS_REC | MS_PRIVATE):
        return network, False  # hidden folders stay readable: isolation() says so (grader_files_hidden)
    private = True
    for folder in SHARED_TMP:
        if not os.path.isdir(folder) or os.path.islink(folder):
            continue
        names, handles = keep.get(folder, []), []
        try:
            for name in names:
                handles.append(os.open(os.path.join(folder, name), os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW))
            size = f"size={SHARED_TMP[folder]}m,nr_inodes=4096,mode=1777".encode()
            if not _mount("tmpfs", folder, b"tmpfs", MS_NOSUID | MS_NODEV, size):
                private = False
                continue
            for name, handle in zip(names, handles):
                os.mkdir(os.path.join(folder, name), 0o755)
                if not _mount(f"/proc/self/fd/{handle}", os.path.join(folder, name), None, MS_BIND | MS_REC):
                    raise OSError(f"cannot keep {name} in {folder}")
        except OSError:  # the worker must see its scratch folder: uncover this one
            _libc.umount2(os.fsencode(folder), MNT_DETACH)
            private = False
        finally:
            for handle in handles:
                os.close(handle)
    for folder in filter(os.path.isdir, hidden):  # one under a fresh tmpfs is gone already
        if not _mount("tmpfs", folder, b"tmpfs", MS_NOSUID | MS_NODEV | MS_RDONLY, b"size=4k,nr_inodes=1,mode=0"):
            raise OSError(f"cannot hide {folder} from student code")
    return network, private


def isolation() -> dict:
    """What spawn achieves on this machine, probed once in a throwaway child:
    own_uid (student code runs as a uid of its own), network (it reaches no network,
    not even 127.0.0.1), private_tmp (its /tmp, /var/tmp, /dev/shm are its own tmpfs),
    grader_files_hidden (the folders given to hide_from_student_code are covered)."""
    global _isolation
    if _isolation is None:
        network = private = False
        if sandbox_user() and sys.platform.startswith("linux"):
            child = os.fork()
            if child == 0:
                code = 0
                try:
                    network, private = _isolate({})
                    code = network | private << 1
                finally:
                    os._exit(code)
            code = os.waitstatus_to_exitcode(os.waitpid(child, 0)[1])
            network, private = bool(code & 1), bool(code & 2)
        _isolation = {"own_uid": sandbox_user() is not None, "network": network, "private_tmp": private}
    return dict(_isolation, grader_files_hidden=bool(_hidden) and _isolation["private_tmp"])


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
        remove_files_of(user[0])
    sweep_orphans()
    return survivors
