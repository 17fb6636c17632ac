"""Unpack a submission uploaded as an archive, safely, into a folder the grader owns.

    kind(path)                 # "zip", "tar" (.tar, .tar.gz, .tgz, .tar.bz2, .tar.xz), or None
    unsupported(path)          # the sentence for an archive of another kind (.rar, .7z, a bare .gz), or None
    unpack(path, destination, skipped, limits, deadline, notes)

Nothing in the archive is trusted, and the grader's work on it is bounded before
it starts where the format says the size up front:

- A zip's end record (zip64 included) and then its central directory, read here,
  must list at most limits.members entries in at most limits.directory_bytes
  bytes, or the archive is refused: Python's zipfile builds one object per entry
  of the directory it reads, whatever the archive holds. zipfile only ever sees
  the file through Bounded, which refuses any one read past directory_bytes.
- A zip member is read only if it is stored or deflated (zipfile inflates a bzip2
  or LZMA member's data without an output bound), declares at most limits.file_bytes,
  and declares at most limits.ratio times its compressed size (past
  limits.ratio_floor). zipfile stops at the declared size, and the member is charged
  that size (and ZIP_SLACK, what zipfile may inflate past it) before it is read, so
  a member that fails midway or is then left out counts in full.
- A tar is read as one stream (tarfile's "r|" mode, decompressed here), in which
  every byte inflated counts: member data, headers, and members skipped; past
  limits.ratio_floor it may inflate at most limits.ratio times the bytes read, and
  what tarfile reads to parse extended headers (pax, GNU long names and sparse maps,
  which it holds in memory) at most limits.header_bytes in all.
- limits.total_bytes bounds what is charged or counted in all. Member names are
  checked (no absolute path, no `..`, bounded depth), links, devices, FIFOs and
  sparse files are left out.

What is left out is listed in `skipped` as "name: why", as prepare() lists the files
of a folder it does not copy. When unpacking stops early (the total, the ratio, the
extended headers or the entry count of a tar, or the deadline), one sentence in
`notes`, for the student, says what was left out and why.
"""
import bz2
import dataclasses
import gzip
import io
import lzma
import os
import stat
import struct
import tarfile
import zipfile
import zlib

from autograder.submission.bounds import Deadline

CHUNK = 64 * 1024
ZIP_SLACK = 4096  # bytes zipfile may inflate past a member's declared size: it asks its decompressor for 4 KB at least
UNIX = 3  # ZipInfo.create_system of archives made on Unix, whose external_attr holds a file mode
KINDS = {".zip": "zip", ".tar": "tar", ".tar.gz": "tar", ".tgz": "tar", ".tar.bz2": "tar", ".tbz2": "tar",
         ".tar.xz": "tar", ".txz": "tar"}
OTHERS = {".rar": "a RAR archive", ".7z": "a 7-Zip archive", ".gz": "a gzip file", ".bz2": "a bzip2 file",
          ".xz": "an xz file", ".zst": "a zstd file", ".tar.zst": "a zstd-compressed tar archive"}
COMPRESSIONS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
METHOD_NAMES = {zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "LZMA", 9: "Deflate64"}
# The records of a zip's end, and of its central directory (APPNOTE.TXT 4.3.12-4.3.16).
END = struct.Struct("<4s4H2LH")
END_SIGNATURE = b"PK\x05\x06"
LOCATOR = struct.Struct("<4sLQL")
LOCATOR_SIGNATURE = b"PK\x06\x07"
END64 = struct.Struct("<4sQ2H2L4Q")
END64_SIGNATURE = b"PK\x06\x06"
ENTRY = struct.Struct("<4s24x3H12x")
ENTRY_SIGNATURE = b"PK\x01\x02"
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


def kind(path: str) -> str | None:
    """"zip" or "tar" for a file the grader unpacks, by its name; None otherwise."""
    lower = os.path.basename(path).lower()
    return next((found for ending, found in KINDS.items() if lower.endswith(ending)), None)


def unsupported(path: str) -> str | None:
    """The sentence refusing an archive or compressed file of a kind the grader does not unpack, or None."""
    lower = os.path.basename(path).lower()
    what = next((what for ending, what in sorted(OTHERS.items(), key=lambda o: -len(o[0]))
                 if lower.endswith(ending)), None)
    if what is None or kind(path):
        return None
    return (f"the submission {os.path.basename(path)} is {what}, which the grader does not unpack; pass a .zip, "
            ".tar or .tar.gz of the files (or the folder that holds them)")


def unpack(path: str, destination: str, skipped: list, limits: Limits, deadline: Deadline | None = None,
           notes: list | None = None) -> None:
    """Write the regular files of the archive at path (see kind()) under destination (created here).
    skipped: gets "name: why" per entry left out; notes: gets the sentence saying why unpacking stopped early.
    Raise ArchiveError when the archive cannot be unpacked at all."""
    deadline, notes, name = deadline or Deadline(), [] if notes is None else notes, os.path.basename(path)
    try:
        size = os.stat(path).st_size
    except OSError as error:
        raise ArchiveError(f"{name} cannot be read ({error.strerror}); make it readable and grade again") from None
    if size > limits.total_bytes:
        raise ArchiveError(f"{name} is larger than {amount(limits.total_bytes)}; upload only your Python files "
                           "or notebook")
    unpacked = Unpacked(destination, skipped, limits, deadline)
    try:
        if kind(path) == "tar":
            unpack_tar(path, unpacked)
        else:
            unpack_zip(path, unpacked)
    except Stop as stop:
        what = (f"{len(unpacked.rest)} entries of {name} ({listed(unpacked.rest)})" if unpacked.rest
                else f"the rest of {name}" + (f" after {unpacked.last}" if unpacked.last else ""))
        skipped.append(f"{name}: unpacking stopped, since {stop}")
        notes.append(f"Not graded: {what}, since {stop}; upload only your Python files or notebook.")


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
        at the declared size, inflates at most ZIP_SLACK bytes past it. Exceptions of source.read propagate
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


def unpack_zip(path, unpacked):
    name, limits = os.path.basename(path), unpacked.limits
    with Bounded(path, limits.directory_bytes) as handle:
        check_directory(handle, name, limits)
        try:
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise ArchiveError(f"{name} is not a zip archive that can be read ({error}); zip your files again "
                               "(or upload them unzipped)") from None
        os.mkdir(unpacked.destination, 0o755)
        with archive:
            members = archive.infolist()
            for index, info in enumerate(members):
                if unpacked.deadline.passed() or limits.total_bytes - unpacked.inflated <= ZIP_SLACK:
                    unpacked.rest = [i.filename for i in members[index:]]
                    raise Stop(unpacked.deadline.why() if unpacked.deadline.passed() else
                               f"unpacking it inflated {amount(limits.total_bytes)}, the limit for all its files")
                member = info.filename
                why, target = unpacked.member(member, info.is_dir(), zip_member_problem(
                    info, limits, limits.total_bytes - unpacked.inflated))
                if why or info.is_dir():
                    continue
                unpacked.inflated += info.file_size + ZIP_SLACK  # counted before reading: a read may fail midway
                try:
                    with archive.open(info) as source:
                        unpacked.copy(member, source, target, info.file_size)
                except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError, ValueError,
                        zlib.error) as error:
                    unpacked.skipped.append(f"{member}: cannot be unpacked ({type(error).__name__}: {error})")


def zip_member_problem(info, limits, total_left):
    """Why a zip member is left out before it is read (from what its directory entry says), or None."""
    if info.create_system == UNIX:
        mode = stat.S_IFMT(info.external_attr >> 16)
        if mode and mode not in (stat.S_IFREG, stat.S_IFDIR):
            return "a link or special file, not a regular file"
    if info.flag_bits & 0x1:
        return "encrypted"
    if info.is_dir():
        return None
    if info.compress_type not in COMPRESSIONS:
        method = METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
        return (f"compressed with {method}, which the grader does not unpack; zip it with the usual "
                "(deflate) compression")
    if info.file_size > limits.file_bytes:
        return f"larger than {amount(limits.file_bytes)}"
    if info.file_size + ZIP_SLACK > total_left:
        return f"past the limit of {amount(limits.total_bytes)} in all"
    if info.file_size > max(limits.ratio_floor, limits.ratio * info.compress_size):
        return (f"it would inflate {info.file_size // max(info.compress_size, 1):,} times (from "
                f"{info.compress_size:,} bytes to {info.file_size:,}), more than the {limits.ratio} times "
                "of any file of yours")
    return None


class Bounded(io.FileIO):
    """The zip file as zipfile reads it: one read of more than `most` bytes raises ArchiveError, so what
    zipfile parses at once (its central directory) stays bounded even where its reading of the end
    record differed from check_directory's."""

    def __init__(self, path, most):
        super().__init__(path, "rb")
        self.most = most

    def read(self, size=-1):
        wanted = size if size is not None and size >= 0 else os.fstat(self.fileno()).st_size - self.tell()
        if wanted > self.most:
            raise ArchiveError(f"{os.path.basename(self.name)} has a table of contents larger than "
                               f"{amount(self.most)}; zip only your Python files or notebook and upload it again")
        return super().read(size)


def check_directory(handle, name, limits):
    """Raise ArchiveError when the zip's end record or central directory lists more than limits.members
    entries, or a directory larger than limits.directory_bytes; read as zipfile reads them
    (zipfile._EndRecData, _RealGetContents), at most 64 KB and the directory itself."""
    size = os.fstat(handle.fileno()).st_size
    tail_start = max(size - (1 << 16) - END.size, 0)
    handle.seek(tail_start)
    tail = handle.read()
    if tail[-END.size:-END.size + 4] == END_SIGNATURE and tail[-2:] == b"\0\0":
        at = len(tail) - END.size
    else:
        at = tail.rfind(END_SIGNATURE)
        if at < 0 or len(tail) - at < END.size:
            return  # not a zip: zipfile says so
    _, _, _, _, entries, directory_size, _, _ = END.unpack_from(tail, at)
    start = tail_start + at - directory_size
    if tail_start + at >= LOCATOR.size + END64.size:
        handle.seek(tail_start + at - LOCATOR.size - END64.size)
        record = handle.read(END64.size + LOCATOR.size)
        if record[END64.size:END64.size + 4] == LOCATOR_SIGNATURE and record[:4] == END64_SIGNATURE:
            entries, directory_size = END64.unpack_from(record)[7:9]
            start = tail_start + at - LOCATOR.size - END64.size - directory_size
    too_many = (f"{name} lists {entries:,} entries" if entries > limits.members else
                f"{name} has a table of contents of {amount(directory_size)}"
                if directory_size > limits.directory_bytes else None)
    if too_many is None and start >= 0:
        counted = count_entries(handle, start, directory_size, limits.members)
        too_many = f"{name} holds more than {counted - 1:,} entries" if counted > limits.members else None
    if too_many:
        raise ArchiveError(f"{too_many}, more than the grader reads ({limits.members:,} entries in "
                           f"{amount(limits.directory_bytes)}); zip only your Python files or notebook (leave out "
                           "data, .git and virtual environments) and upload it again")


def count_entries(handle, start, size, most):
    """The entries of the central directory at [start, start + size), counted as zipfile parses them,
    up to most + 1."""
    handle.seek(start)
    directory = handle.read(size)
    count, at = 0, 0
    while at + ENTRY.size <= len(directory) and count <= most:
        signature, name_length, extra_length, comment_length = ENTRY.unpack_from(directory, at)
        if signature != ENTRY_SIGNATURE:
            break  # zipfile refuses the archive itself
        at += ENTRY.size + name_length + extra_length + comment_length
        count += 1
    return count


def unpack_tar(path, unpacked):
    name, limits = os.path.basename(path), unpacked.limits
    with open(path, "rb") as raw:
        stream = Inflated(raw, limits, unpacked.deadline)
        os.mkdir(unpacked.destination, 0o755)
        seen = 0
        try:
            with tarfile.open(fileobj=stream, mode="r|", bufsize=tarfile.BLOCKSIZE, tarinfo=stream.header_type(),
                              encoding="utf-8", errors="replace") as archive:
                for info in iter(archive.next, None):
                    seen += 1
                    if seen > limits.members:
                        raise Stop(f"it holds more than {limits.members:,} entries")
                    if unpacked.deadline.passed():
                        raise Stop(unpacked.deadline.why())
                    why, target = unpacked.member(info.name, info.isdir(), tar_member_problem(info, limits))
                    if not why and not info.isdir():
                        unpacked.copy(info.name, archive.extractfile(info), target)
        except (tarfile.TarError, OSError, EOFError, zlib.error, lzma.LZMAError, ValueError, RecursionError) as error:
            if not seen:
                raise ArchiveError(f"{name} is not a tar archive that can be read ({type(error).__name__}: "
                                   f"{error}); pack your files again (or upload them as a .zip)") from None
            unpacked.skipped.append(f"{name}: what follows {unpacked.last} cannot be read "
                                    f"({type(error).__name__}: {error})")


def tar_member_problem(info, limits):
    """Why a tar member is left out before its data is read (from its header), or None."""
    if info.issym() or info.islnk():
        return "a link, not a regular file"
    if info.ischr() or info.isblk() or info.isfifo():
        return "a device or FIFO, not a regular file"
    if info.issparse():
        return "a sparse file, not a regular file"
    if not (info.isreg() or info.isdir()):
        return "not a regular file"
    if info.size > limits.file_bytes:
        return f"larger than {amount(limits.file_bytes)}"
    return None


class Inflated:
    """The tar stream of an archive file, decompressed here (gzip, bzip2 and xz are recognised by their
    first bytes), as tarfile reads it. Every byte inflated counts toward limits.total_bytes; past
    limits.ratio_floor, at most limits.ratio bytes are inflated per byte of the file read; what tarfile
    reads while parsing extended headers (which it holds in memory) counts toward limits.header_bytes.
    Past one of those, or the deadline, read() raises Stop."""

    def __init__(self, raw, limits, deadline):
        self.raw, self.limits, self.deadline = raw, limits, deadline
        self.compressed, self.inflated, self.headers, self.parsing = 0, 0, 0, 0
        magic = raw.read(6)
        raw.seek(0)
        source = Counted(raw, self)
        self.stream = (gzip.GzipFile(fileobj=source, mode="rb") if magic.startswith(b"\x1f\x8b") else
                       bz2.BZ2File(source) if magic.startswith(b"BZh") else
                       lzma.LZMAFile(source) if magic == b"\xfd7zXZ\0" else source)

    def read(self, size=-1):
        data = self.stream.read(size)
        self.inflated += len(data)
        self.headers += len(data) if self.parsing else 0
        if self.inflated > self.limits.total_bytes:
            raise Stop(f"unpacking it inflated more than {amount(self.limits.total_bytes)}, the limit for all "
                       "its files")
        if self.inflated > max(self.limits.ratio_floor, self.limits.ratio * self.compressed):
            raise Stop(f"it inflates more than {self.limits.ratio} times its compressed size, which no file of "
                       "yours does")
        if self.headers > self.limits.header_bytes:
            raise Stop(f"its extended headers (pax or GNU long names) take more than "
                       f"{amount(self.limits.header_bytes)}")
        if self.deadline.passed():
            raise Stop(self.deadline.why())
        return data

    def header_type(self):
        """The TarInfo class whose header parsing counts toward limits.header_bytes (tarfile's documented
        hook, _proc_member, parses every header, nested pax and long-name headers included)."""
        stream = self

        class Header(tarfile.TarInfo):
            def _proc_member(self, archive):
                stream.parsing += 1
                try:
                    return super()._proc_member(archive)
                finally:
                    stream.parsing -= 1

        return Header


class Counted:
    """The archive file, counting into owner.compressed the bytes read from it."""

    def __init__(self, raw, owner):
        self.raw, self.owner = raw, owner

    def read(self, size=-1):
        data = self.raw.read(size)
        self.owner.compressed += len(data)
        return data


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
