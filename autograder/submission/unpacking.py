"""What unpacking a zip or a tar shares: the limits (Limits), the errors, the checks of a member's
name, and Unpacked, which writes the members kept (bounded, never through a link) and lists those left out."""
import dataclasses
import os
import stat

CHUNK = 64 * 1024
DIRECTORY_BYTES_PER_ENTRY = 512  # an entry is 46 bytes, its name, extra field and comment: a few hundred in practice


class ArchiveError(Exception):
    """The file cannot be unpacked at all. str() says what to do."""


class Stop(Exception):
    """Unpacking stops here; str() ends a sentence saying why."""


@dataclasses.dataclass(frozen=True)
class Limits:
    file_bytes: int
    total_bytes: int   # bytes inflated in all, of members kept or not
    files: int
    depth: int
    skipped_names: frozenset = frozenset()
    ratio: int = 100   # inflated bytes per compressed byte, past ratio_floor: honest files compress less than 20:1
    ratio_floor: int = 1024 * 1024
    header_bytes: int = 8 * 1024 * 1024  # a tar's extended headers (tarfile holds them in memory), in all:
    # pax headers and GNU long names take a few hundred bytes a member

    @property
    def members(self):
        """Entries an archive may hold: folders and left-out entries included."""
        return 4 * self.files + 100

    @property
    def directory_bytes(self):
        """Bytes a zip's central directory may take."""
        return DIRECTORY_BYTES_PER_ENTRY * self.members


class Unpacked:
    """What one unpacking has written so far under destination, and what it left out."""

    def __init__(self, destination, skipped, limits, deadline):
        self.destination, self.skipped, self.limits, self.deadline = destination, skipped, limits, deadline
        self.files = 0      # regular files written
        self.inflated = 0   # bytes of a zip's members charged (declared, and the slack past it), kept or not
        self.last = None    # the name of the last entry looked at
        self.rest = []      # names of the entries not looked at, when they are known (a zip)

    def member(self, name, is_dir, why):
        """Make the folders of the entry `name`; return (why it is left out, or None, and its path)."""
        self.last = name
        parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
        why = path_problem(name, parts, is_dir, self.limits) or why
        if why is None and not is_dir and self.files >= self.limits.files:
            why = f"past the limit of {self.limits.files} files"
        if why is None:
            why = make_folders(self.destination, parts if is_dir else parts[:-1])
        if why:
            self.skipped.append(f"{name}: {why}")
        return why, os.path.join(self.destination, *parts)

    def copy(self, name, source, target, declared=None):
        """Stream source (a member opened for reading) to the new file target, at most limits.file_bytes,
        in pieces no larger than what is left of its `declared` size (and 1), so that zipfile, which stops
        at the declared size, inflates at most unzip.ZIP_SLACK bytes past it. Exceptions of source.read propagate
        (target is then removed)."""
        why, read = None, 0
        try:
            handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        except FileExistsError:
            why = "the archive holds this name twice (or a folder of that name); the first was kept"
        except (OSError, ValueError) as error:
            why = f"cannot be written under its name ({error})"
        if why is None:
            try:
                with os.fdopen(handle, "wb") as out:
                    while not why:
                        chunk = source.read(CHUNK if declared is None else min(CHUNK, max(declared - read, 0) + 1))
                        read += len(chunk)
                        if not chunk:
                            break
                        if read > self.limits.file_bytes:
                            why = f"larger than {amount(self.limits.file_bytes)}"
                        elif self.deadline.passed():
                            why = self.deadline.why()
                        else:
                            out.write(chunk)
            except BaseException:
                os.remove(target)
                raise
            if why:
                os.remove(target)
        if why:
            self.skipped.append(f"{name}: {why}")
        else:
            self.files += 1


def path_problem(name, parts, is_dir, limits):
    """Why an entry is left out for its name alone, or None; parts: its path's parts."""
    if not parts or name.startswith(("/", "\\")) or (len(parts[0]) == 2 and parts[0][1] == ":"):
        return "an absolute path"
    if ".." in parts:
        return "a path outside the submission"
    if any(part in limits.skipped_names for part in parts):
        return "a cache or system folder"
    if not is_dir and parts[-1].startswith("._"):
        return "macOS metadata (AppleDouble), not a file of yours"
    if len(parts) - (0 if is_dir else 1) > limits.depth:
        return f"folders nested deeper than {limits.depth}"
    return None


def make_folders(destination, parts):
    """Create destination/parts... as real folders; why not, or None."""
    path = destination
    for part in parts:
        path = os.path.join(path, part)
        try:
            os.mkdir(path, 0o755)
        except FileExistsError:
            if not stat.S_ISDIR(os.lstat(path).st_mode):
                return "a file of the archive has the same name as this folder"
        except (OSError, ValueError) as error:
            return f"its folder cannot be made ({error})"
    return None


def amount(size):
    """A byte count for a sentence: '20 MB', '9.54 MB', '256 KB', '1,000 bytes'."""
    if size >= 2**20:
        return f"{size / 2**20:.3g} MB"
    return f"{size // 1024} KB" if size % 1024 == 0 else f"{size:,} bytes"


def listed(names, shown=3):
    return ", ".join(names[:shown]) + (", ..." if len(names) > shown else "")
