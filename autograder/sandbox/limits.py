"""The limits of student code: defaults, resolution, and the worker's resource limits."""
import resource

DEFAULTS = {
    "call_timeout": 10.0,      # seconds for one call
    "budget": 300.0,           # seconds of worker time for the whole submission
    "test_budget": 20.0,       # seconds of calls for one test (property tests call many times)
    "test_cpu_seconds": 60,    # CPU seconds for one test's child process
    "memory_mb": 512,          # address space of the worker; Gradescope's container has 768 MB
    "file_size_mb": 16,        # largest file the worker may write
    "writable_mb": 64,         # all it may write in its folder and TMPDIR (a tmpfs where namespaces exist)
    "writable_files": 4096,    # files and folders it may have there
    "open_files": 256,         # descriptors per process (bounds memfd pages where no memory cgroup exists)
    "processes": 8,            # processes and threads of the sandbox uid beyond those it has
    "strikes": 2,              # time-outs of one function before it is no longer run
}


def resolve(manifest: dict | None = None, command_line: dict | None = None) -> dict:
    """The limits in force: the defaults, then the manifest's, then the command line's (None: not given).
    An unknown name or a value that is not a positive number raises ValueError naming it."""
    limits = dict(DEFAULTS)
    for source, values in (("the manifest", manifest or {}), ("the command line", command_line or {})):
        for name, value in values.items():
            if value is None:
                continue
            if name not in DEFAULTS:
                raise ValueError(f"{source} sets an unknown limit {name!r}; the limits are {', '.join(DEFAULTS)}")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"{source} sets limit {name!r} to {value!r}; it must be a positive number")
            limits[name] = type(DEFAULTS[name])(value)
    return limits


def apply(limits: dict, processes_now: int) -> None:
    """Set the worker's resource limits (in the child, before exec); processes_now: threads
    the worker's uid already has, which RLIMIT_NPROC counts too."""
    def cap(kind, value):
        _, hard = resource.getrlimit(kind)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(kind, (value, value))
    cap(resource.RLIMIT_AS, limits["memory_mb"] * 1024 * 1024)
    cap(resource.RLIMIT_FSIZE, limits["file_size_mb"] * 1024 * 1024)
    cap(resource.RLIMIT_CORE, 0)
    cap(resource.RLIMIT_NOFILE, limits["open_files"])
    cap(resource.RLIMIT_NPROC, limits["processes"] + processes_now)
    # A POSIX message queue outlives its processes, and where no mqueue file system is mounted the grader
    # cannot list it to remove it (System V objects it can: process.remove_leftovers_of): none may be made.
    cap(resource.RLIMIT_MSGQUEUE, 0)
