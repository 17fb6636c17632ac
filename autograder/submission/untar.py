"""Unpack a tar (see archive.py for the bounds): read as one stream, decompressed here, every byte
inflated counted, and the extended headers tarfile parses counted apart."""
import bz2
import gzip
import lzma
import os
import tarfile
import zlib

from autograder.submission.unpacking import ArchiveError, Stop, amount


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
