"""The recorded examples of an assignment's property tests, kept between gradings (replay.py replays them).

The cache: one file per test under `<assignment>/.replay/<key>/`, where the key hashes
every file of the assignment folder (suites, hints, stand-ins, fixtures), the engine's
strategies and profiles, the profile's settings and the versions of Python, hypothesis
and numpy: any change that could change what a test generates starts a new folder.
Files are frames of the wire format (no pickle), written atomically by the grader,
and read only when the grader's own uid owns them and nobody else can write them. The
cache is used only where student code cannot write it (the worker runs under another
uid, or in namespaces that show it only its scratch folder): elsewhere every test runs
under hypothesis.
"""
import contextlib
import hashlib
import os
import stat
import sys
import tempfile

import hypothesis
import numpy as np

from autograder.checks import profiles
from autograder.sandbox import confine, process, wire
from autograder.sandbox.safe import safe_text

FOLDER = ".replay"
ENGINE_FILES = ("checks/strategies.py", "checks/profiles.py", "grading/replay.py", "grading/replay_cache.py")
MAX_FILE_BYTES = 32 * 1024 * 1024


class NotReplayable(Exception):
    """A recorded run that cannot be replayed exactly (a value the wire format does not carry back
    unchanged, an example that hypothesis discarded, a random state that was not hypothesis's)."""


def cache_key(assignment_folder: str, profile: str) -> str:
    """A hash of everything a test's generated inputs depend on (see the module docstring)."""
    digest = hashlib.sha256()
    for part in (sys.version.split()[0], hypothesis.__version__, np.__version__, profiles.settings_text(profile)):
        digest.update(part.encode() + b"\0")
    engine = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    paths = [os.path.join(engine, relative) for relative in ENGINE_FILES]
    for parent, folders, names in os.walk(assignment_folder):
        folders[:] = sorted(f for f in folders if f != FOLDER and not f.startswith((".", "__pycache__")))
        paths += [os.path.join(parent, name) for name in sorted(names) if name.endswith((".py", ".json"))]
    for path in paths:
        digest.update(os.path.relpath(path, assignment_folder).encode() + b"\0")
        with open(path, "rb") as handle:
            digest.update(hashlib.sha256(handle.read()).digest())
    return digest.hexdigest()[:32]


class ReplayCache:
    """The recorded examples of one assignment's property tests, for one profile."""

    def __init__(self, assignment_folder: str, profile: str):
        self.folder = os.path.join(assignment_folder, FOLDER, cache_key(assignment_folder, profile))

    def _path(self, test_id: str) -> str:
        return os.path.join(self.folder, hashlib.sha256(test_id.encode()).hexdigest()[:32] + ".frame")

    def has(self, test_id: str) -> bool:
        return os.path.lexists(self._path(test_id))

    def load(self, test_id: str) -> list | None:
        """The recorded examples of the test, or None: [{"kwargs": {name: value}, "data": [the name of its
        st.data() argument, if any], "drawn": [what the test drew from it, in order]}, ...]."""
        path = self._path(test_id)
        try:
            descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            return None
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(handle.fileno())
            if (not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022
                    or info.st_size > MAX_FILE_BYTES):
                return None
            data = handle.read()
        try:
            document = untag(wire.read_frame(_reader(data)))
        except (wire.WireError, EOFError):
            return None
        if not (isinstance(document, dict) and document.get("test") == test_id
                and isinstance(document.get("examples"), list) and document["examples"]
                and all(map(well_formed, document["examples"]))):
            return None
        return document["examples"]

    def save(self, test_id: str, examples: list) -> None:
        """Write the test's examples (atomically: a reader sees the old file, the new one or none)."""
        os.makedirs(self.folder, mode=0o755, exist_ok=True)
        frame = wire.encode(tag({"test": test_id, "examples": examples}))
        descriptor, temporary = tempfile.mkstemp(dir=self.folder, suffix=".part")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(frame)
            os.chmod(temporary, 0o644)
            os.replace(temporary, self._path(test_id))
        except BaseException:
            with contextlib.suppress(OSError):
                os.remove(temporary)
            raise


def well_formed(example) -> bool:
    """Whether a recorded example has the shape Recorder gives it (a file of another version has not)."""
    if not (isinstance(example, dict) and set(example) == {"kwargs", "data", "drawn", "calls"}
            and isinstance(example["kwargs"], dict) and isinstance(example["drawn"], list)
            and isinstance(example["data"], list) and all(isinstance(n, str) for n in example["data"])):
        return False
    calls = example["calls"]
    return calls is None or isinstance(calls, list) and all(
        isinstance(c, list) and len(c) == 3 and isinstance(c[0], str) and isinstance(c[1], list)
        and isinstance(c[2], dict) for c in calls)


def _reader(data: bytes):
    position = [0]

    def read(count):
        chunk = data[position[0]:position[0] + count]
        position[0] += len(chunk)
        return chunk
    return read


def same(a, b) -> bool:
    """Whether two generated values are the same: types, dtypes, shapes and every bit."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (np.ndarray, np.generic)):
        return a.dtype == b.dtype and np.shape(a) == np.shape(b) and np.asarray(a).tobytes() == np.asarray(b).tobytes()
    if isinstance(a, float):
        return np.float64(a).tobytes() == np.float64(b).tobytes()
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return a == b


FLOAT64 = "__float64__"  # numpy's float64 scalars, which the wire carries as Python floats (their base class)


def tag(value):
    """value with every numpy float64 scalar tagged, for the wire format."""
    if isinstance(value, np.float64):
        return {FLOAT64: np.array(value)}
    if isinstance(value, (list, tuple)):
        return type(value)(tag(item) for item in value)
    if isinstance(value, dict):
        return {key: tag(item) for key, item in value.items()}
    return value


def untag(value):
    """tag's inverse."""
    if isinstance(value, dict) and list(value) == [FLOAT64] and isinstance(value[FLOAT64], np.ndarray):
        return np.float64(value[FLOAT64][()])
    if isinstance(value, (list, tuple)):
        return type(value)(untag(item) for item in value)
    if isinstance(value, dict):
        return {key: untag(item) for key, item in value.items()}
    return value


def carried(value):
    """value through the wire format and back, the way the cache keeps it; NotReplayable unless it comes
    back the same (a strategy that builds objects, text the trusted side would clean)."""
    try:
        back = untag(wire.read_frame(_reader(wire.encode(tag(value))), clean=safe_text))
    except (wire.WireError, EOFError) as error:
        raise NotReplayable(str(error)) from None
    if not same(value, back):
        raise NotReplayable(f"a value of type {type(value).__name__} does not come back the same")
    return back


def cache_for(assignment):
    """The replay cache of the assignment for the profile in force, or None where it must not be used:
    AUTOGRADER_NO_REPLAY is set, or student code runs as the grader's own uid with the grader's view of
    the files (it could then write the cache)."""
    if os.environ.get("AUTOGRADER_NO_REPLAY") or not (process.sandbox_user() or confine.namespaces_available()):
        return None
    return ReplayCache(assignment.folder, profiles.current())
