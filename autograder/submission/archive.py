"""Unpack a submission uploaded as a .zip, safely, into a folder the grader owns.

    unpack(zip_path, destination, skipped, limits)

Nothing in the archive is trusted: member names are checked (no absolute path,
no `..`, nothing outside destination, bounded depth), links and special files
are left out, members are streamed with byte caps (declared sizes are never
believed), and the number of members and the bytes in all are bounded. What is
left out is listed in `skipped` as "name: why", as prepare() lists the files of a
folder it does not copy.
"""
import dataclasses
import os
import stat
import zipfile

CHUNK = 64 * 1024
UNIX = 3  # ZipInfo.create_system of archives made on Unix, whose external_attr holds a file mode


class ArchiveError(Exception):
    """The file cannot be read as a zip archive at all. str() says what to do."""


@dataclasses.dataclass(frozen=True)
class Limits:
    file_bytes: int
    total_bytes: int
    files: int
    depth: int
    skipped_names: frozenset = frozenset()

    @property
    def members(self):
        """Members looked at, at most: folders and left-out entries included."""
        return 4 * self.files + 100


def unpack(zip_path: str, destination: str, skipped: list, limits: Limits) -> None:
    """Write the regular files of the archive at zip_path under destination (created here)."""
    try:
        size = os.stat(zip_path).st_size
    except OSError as error:
        raise ArchiveError(f"{os.path.basename(zip_path)} cannot be read ({error.strerror}); "
                           "make it readable and grade again") from None
    if size > limits.total_bytes:
        raise ArchiveError(f"{os.path.basename(zip_path)} is larger than {limits.total_bytes // 2**20} MB; "
                           "upload only your Python files or notebook")
    try:
        archive = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ArchiveError(f"{os.path.basename(zip_path)} is not a zip archive that can be read ({error}); "
                           "zip your files again (or upload them unzipped)") from None
    os.mkdir(destination, 0o755)
    total, count = 0, 0
    with archive:
        members = archive.infolist()
        if len(members) > limits.members:
            skipped.append(f"{os.path.basename(zip_path)}: more than {limits.members} entries; only the first "
                           "were looked at")
            members = members[:limits.members]
        for info in members:
            name = info.filename.replace("\\", "/")
            parts = [p for p in name.split("/") if p not in ("", ".")]
            why = member_problem(info, name, parts, limits)
            if why is None and not info.is_dir() and count >= limits.files:
                why = f"past the limit of {limits.files} files"
            if why:
                skipped.append(f"{name}: {why}")
                continue
            target = os.path.join(destination, *parts)
            if info.is_dir():
                make_folders(destination, parts)
                continue
            why = make_folders(destination, parts[:-1])
            if why is None:
                why, written = copy_member(archive, info, target, limits, limits.total_bytes - total)
                total += written
            if why:
                skipped.append(f"{name}: {why}")
            else:
                count += 1


def member_problem(info, name, parts, limits):
    """Why this member is left out before it is read, or None."""
    if not parts or name.startswith("/") or (parts and len(parts[0]) == 2 and parts[0][1] == ":"):
        return "an absolute path"
    if ".." in parts:
        return "a path outside the submission"
    if any(part in limits.skipped_names for part in parts):
        return "a cache or system folder"
    if len(parts) - (0 if info.is_dir() else 1) > limits.depth:
        return f"folders nested deeper than {limits.depth}"
    if info.create_system == UNIX:
        kind = stat.S_IFMT(info.external_attr >> 16)
        if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
            return "a link or special file, not a regular file"
    if info.flag_bits & 0x1:
        return "encrypted"
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


def copy_member(archive, info, target, limits, total_left):
    """Stream one member to target (a new file); return (why it was left out or None, bytes kept).
    At most limits.file_bytes, and total_left, are read, whatever the member declares."""
    cap = min(limits.file_bytes, max(total_left, 0))
    try:
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except FileExistsError:
        return "the archive holds this name twice (or a folder of that name); the first was kept", 0
    except (OSError, ValueError) as error:
        return f"cannot be written under its name ({error})", 0
    written, why = 0, None
    try:
        with archive.open(info) as source, os.fdopen(handle, "wb") as out:
            while True:
                chunk = source.read(CHUNK)
                if not chunk:
                    break
                written += len(chunk)
                if written > cap:
                    why = (f"larger than {limits.file_bytes // 2**20} MB" if cap == limits.file_bytes
                           else f"past the limit of {limits.total_bytes // 2**20} MB in all")
                    break
                out.write(chunk)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as error:
        why = f"cannot be unpacked ({type(error).__name__}: {error})"
    if why:
        os.remove(target)
        return why, 0
    return None, written
