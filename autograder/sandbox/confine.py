"""What the worker sees and how much memory it may use (trusted side; Linux, as root).

Deny by default. Where root may create namespaces (CAP_SYS_ADMIN), the worker is the first
process of new pid, mount, network and IPC namespaces, and its root folder is a read-only
tmpfs that holds only:

    the interpreter and its libraries   read-only binds (/usr, /lib*, /etc/ld.so.*, Python's prefixes)
    the scratch folder                  read-only bind at its own path, but for two capped tmpfs:
      submission/                       a fresh copy of the grader's copy, the only place it may write,
      tmp/                              and its TMPDIR
    /tmp, /dev/shm                      small private tmpfs
    /dev/null, zero, random, urandom    binds of the host's devices
    /proc                               its own pid namespace's: no other process of the host

so no network (the new loopback is down), no project, class or grader folder, no other
process. Without the privilege (Docker's default, so Gradescope) none of this exists, and only
the uid, file permissions and rlimits confine it (README, "What confines student code").
AUTOGRADER_NAMESPACES=0 forces that path, so tests cover both on any machine.

Memory is counted in total, shared memory and memfd included, where a memory cgroup can be
made (v2 or v1); the worker's oom_score_adj is 1000 everywhere, so the kernel's OOM killer
takes a worker before the grader.
"""
import ctypes
import os
import platform
import shutil
import sys

CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWPID, CLONE_NEWNET = 0x20000, 0x8000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT = 1, 2, 4, 8, 32
MS_BIND, MS_REC, MS_PRIVATE, MNT_DETACH = 4096, 16384, 1 << 18, 2
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS = 1, 4, 38
SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}.get(platform.machine())
READ_ONLY = ("/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32",
             "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime")
DEVICES = ("/dev/null", "/dev/zero", "/dev/random", "/dev/urandom")
PRIVATE_TMP_MB = {"/tmp": 64, "/dev/shm": 64}
_libc = ctypes.CDLL(None, use_errno=True)  # loaded here, not in a forked child
_namespaces = None


def namespaces_available() -> bool:
    """Whether workers get namespaces and a root of their own here: never when AUTOGRADER_NAMESPACES=0
    (read on every call), else as probed once, in a throwaway child."""
    global _namespaces
    if os.environ.get("AUTOGRADER_NAMESPACES", "1") == "0" or os.geteuid() != 0 or not SYS_PIVOT_ROOT:
        return False
    if _namespaces is None:
        child = os.fork()
        if child == 0:
            os._exit(0 if _libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC) == 0
                     and _mount(None, "/", None, MS_REC | MS_PRIVATE) else 1)
        _namespaces = os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) == 0
    return _namespaces


def _mount(source, target, kind, flags, options=None) -> bool:
    return _libc.mount(source and os.fsencode(source), os.fsencode(target), kind, flags, options) == 0


def _must(done: bool, what: str) -> None:
    if not done:
        raise OSError(ctypes.get_errno(), f"cannot {what}: {os.strerror(ctypes.get_errno())}")


def enter_namespaces() -> None:
    """In the spawned child, as root: enter new namespaces and fork. The child returns, as the first
    process of the new pid namespace; the parent stays behind, root and idle, holding no descriptor,
    until that child ends, and ends the same way (its pid is the one the grader knows)."""
    _must(_libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC) == 0, "create namespaces")
    child = os.fork()
    if child == 0:
        return
    os.closerange(0, os.sysconf("SC_OPEN_MAX"))  # the grader's pipes must close when the worker's do
    _libc.prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0)
    status = os.waitpid(child, 0)[1]
    os._exit(os.waitstatus_to_exitcode(status) % 256 if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))


def build_root(scratch: str, writable: dict, user: tuple[int, int], caps: tuple[int, int]) -> None:
    """In the first process of the new namespaces, as root: make `scratch` and the interpreter its whole
    world (see the module docstring) and enter it.

    writable: {folder inside scratch: the grader's copy of its content, or None}: each becomes a tmpfs
    of caps = (MB, files), owned by `user`, filled with a copy; the grader's copy is owned by root and
    never writable by `user`, so nothing `user` can change is read here.
    """
    _must(_mount(None, "/", None, MS_REC | MS_PRIVATE), "make the mounts private")
    new = os.path.join(scratch, ".root")
    _must(_mount("tmpfs", new, b"tmpfs", MS_NOSUID | MS_NODEV, b"size=1m,mode=0755"), "mount the new root")
    for folder, megabytes in PRIVATE_TMP_MB.items():  # first: a venv or a scratch folder may live in /tmp
        os.makedirs(new + folder)
        _must(_mount("tmpfs", new + folder, b"tmpfs", MS_NOSUID | MS_NODEV,
                     f"size={megabytes}m,nr_inodes=4096,mode=1777".encode()), f"mount {folder}")
    prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix}
    python = prefixes | {os.path.realpath(p) for p in prefixes}  # a venv may be a link: bound where it leads too
    for path in [*READ_ONLY, *sorted(python)]:
        if os.path.lexists(path) and not any(path.startswith(p + "/") for p in [*READ_ONLY, *python]):
            _bind(path, new + path, read_only=True)
    for path in DEVICES:
        _bind(path, new + path, read_only=False)
    _bind(scratch, new + scratch, read_only=True, recursive=False)
    for folder, source in writable.items():
        target = new + os.path.join(scratch, folder)
        _must(_mount("tmpfs", target, b"tmpfs", MS_NOSUID | MS_NODEV,
                     f"size={caps[0]}m,nr_inodes={caps[1]},mode=0700".encode()), f"mount {folder}")
        if source:
            shutil.copytree(source, target, symlinks=True, dirs_exist_ok=True)
        for directory, folders, files in os.walk(target):
            for name in [directory, *(os.path.join(directory, n) for n in folders + files)]:
                os.lchown(name, *user)
    os.makedirs(new + "/proc")
    _must(_mount("proc", new + "/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC), "mount /proc")
    os.symlink("/proc/self/fd", new + "/dev/fd")
    _must(_mount(None, new, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV), "seal the new root")
    os.chdir(new)
    # pivot_root(".", "."): the old root ends up on top of the new one, and is then detached.
    _must(_libc.syscall(SYS_PIVOT_ROOT, b".", b".") == 0, "enter the new root")
    _must(_libc.umount2(b".", MNT_DETACH) == 0, "detach the old root")
    os.chdir("/")


def _bind(source: str, target: str, read_only: bool, recursive: bool = True) -> None:
    if os.path.islink(source):  # /lib -> usr/lib on merged-/usr systems: the same link
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.symlink(os.readlink(source), target)
        return
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "x").close()
    _must(_mount(source, target, None, MS_BIND | (MS_REC if recursive else 0)), f"bind {source}")
    if read_only:
        _must(_mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV),
              f"make {source} read-only")


def drop_privileges(user: tuple[int, int]) -> None:
    """Become `user` for good: no groups, no way back through set-uid files, not traceable by
    processes of the same uid (the worker's test children), killed when its parent dies."""
    with open("/proc/self/oom_score_adj", "w") as adjust:  # the OOM killer's first choice, before the grader
        adjust.write("1000")
    os.setgroups([])
    os.setresgid(user[1], user[1], user[1])
    os.setresuid(user[0], user[0], user[0])
    _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    _libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    _libc.prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0)  # set after the uid change, which clears it


class MemoryGroup:
    """A memory cgroup of its own for one worker (v2, else v1), made where the grader may: every page its
    processes use counts, shared memory and memfd included, and swap is not an escape. `path` is None
    where none could be made (then only RLIMIT_AS and the OOM score hold)."""

    def __init__(self, name: str, megabytes: int):
        self.path = None
        size = str(megabytes << 20)
        for own, limits in ((_own_cgroup(v2=True), {"memory.max": size, "memory.swap.max": "0"}),
                            (_own_cgroup(v2=False), {"memory.limit_in_bytes": size,
                                                     "memory.memsw.limit_in_bytes": size})):
            if own is None:
                continue
            path = os.path.join(own, name)
            try:
                os.mkdir(path)
            except OSError:
                continue
            try:
                first, *rest = limits
                _write(os.path.join(path, first), limits[first])
                for limit in rest:  # swap accounting may be off: then there is no swap to escape to
                    if os.path.exists(os.path.join(path, limit)):
                        _write(os.path.join(path, limit), limits[limit])
                self.path = path
                return
            except OSError:
                os.rmdir(path)

    def join(self) -> None:
        """Move the calling process (the spawned child, before it forks) into the group."""
        if self.path:
            _write(os.path.join(self.path, "cgroup.procs"), str(os.getpid()))

    def oom_kills(self) -> int:
        """How many of its processes the kernel killed for want of memory so far."""
        for events in ("memory.events", "memory.oom_control"):  # v2, v1: both have an "oom_kill N" line
            try:
                with open(os.path.join(self.path or "", events)) as counts:
                    return next((int(line.split()[1]) for line in counts if line.startswith("oom_kill ")), 0)
            except (OSError, ValueError, IndexError):
                continue
        return 0

    def remove(self) -> None:
        """Once no process is left in it."""
        if self.path:
            try:
                os.rmdir(self.path)
            except OSError:
                pass


def _own_cgroup(v2: bool) -> str | None:
    """The folder of this process's cgroup in the unified hierarchy at /sys/fs/cgroup (v2) or in
    the memory controller's (v1), where it is mounted and lets this process make memory groups."""
    try:
        with open("/proc/self/cgroup") as listing:
            lines = [line.rstrip("\n").split(":", 2) for line in listing]
    except OSError:
        return None
    for _, controllers, path in lines:
        if v2 and controllers == "" and os.path.isfile("/sys/fs/cgroup/cgroup.controllers"):
            folder = os.path.join("/sys/fs/cgroup", path.lstrip("/"))
            try:  # children get a memory controller only where the parent hands it down
                _write(os.path.join(folder, "cgroup.subtree_control"), "+memory")
            except OSError:
                return None
            return folder
        if not v2 and "memory" in controllers.split(","):
            folder = os.path.join("/sys/fs/cgroup/memory", path.lstrip("/"))
            return folder if os.path.isdir(folder) else None
    return None


def _write(path: str, text: str) -> None:
    with open(path, "w") as handle:
        handle.write(text)
