"""What travels between the client and a Dask worker (cluster.py): a submission packed as plain
bytes, str, numbers, lists and dicts (pack), written back into a folder on the worker (unpack), files
read with a cap, and the digest of the project that says both sides grade with the same version.
Dask pickles these values between its processes: nothing here is an object a student controls."""
import contextlib
import hashlib
import io
import os
import stat
import zipfile

from autograder.submission.prepare import MAX_DEPTH, MAX_FILE_BYTES, MAX_FILES, MAX_TOTAL_BYTES, SKIPPED_NAMES

MAX_ENTRIES = 20_000      # files and folders of one submission folder sent (a homework has a few dozen)
NOWHERE = ".autograder-left-out"  # the target of the links that stand for what the grader leaves out unread


class ShipError(Exception):
    """A submission cannot be sent to a worker as it is. str() says why and what to do."""


def read_capped(path, cap, what):
    """The bytes of the file at path (not following a link), at most `cap`; ShipError otherwise."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(descriptor, "rb") as handle:
            data = handle.read(cap + 1)
    except OSError as error:
        raise ShipError(f"{what} {path} cannot be read on this machine ({error.strerror or error}); make it "
                        "readable (chmod a+r) and grade again") from None
    if len(data) > cap:
        raise ShipError(f"{what} {path} is larger than {cap // 2**20} MB, more than a cluster worker is sent")
    return data


def pack(path):
    """A submission (folder or archive) as a worker receives it, made of bytes, str, numbers and lists
    and dicts of them:

        archive: {"name": basename, "archive": bytes or None (past MAX_TOTAL_BYTES, which the grader
                  refuses unread), "size": bytes}
        folder:  {"name": basename, "zip": bytes (entry "N" holds files[N]), "files": [relative path],
                  "folders": [relative path, parents first], "sizes": {relative path: bytes} (files the
                  grader leaves out unread, past its limits), "others": [relative path] (links, FIFOs,
                  devices, which it leaves out as not regular files)}

    Only what the grader copies from a folder (prepare.copy_submission: the same limits, in the same
    order) is sent with its bytes; what it leaves out is sent as a stand-in that it leaves out with the
    same words. ShipError when a file cannot be read here or the folder holds more than MAX_ENTRIES."""
    name = os.path.basename(os.path.normpath(path))
    if not os.path.isdir(path):
        size = os.stat(path).st_size
        data = read_capped(path, MAX_TOTAL_BYTES, "the submission") if size <= MAX_TOTAL_BYTES else None
        return {"name": name, "archive": data, "size": size}
    shipment = {"name": name, "files": [], "folders": [], "sizes": {}, "others": []}
    buffer, total = io.BytesIO(), 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as packed:
        for directory, folders, files in os.walk(path):
            relative = os.path.relpath(directory, path)
            depth = 0 if relative == "." else relative.count(os.sep) + 1
            folders[:] = sorted(f for f in folders
                                if f not in SKIPPED_NAMES and not os.path.islink(os.path.join(directory, f)))
            if relative != ".":
                shipment["folders"].append(relative)
            if depth >= MAX_DEPTH:  # the grader leaves out what is deeper without looking
                folders[:] = []
                continue
            for file in sorted(files):
                full, shown = os.path.join(directory, file), os.path.normpath(os.path.join(relative, file))
                info = os.lstat(full)
                if not stat.S_ISREG(info.st_mode):
                    shipment["others"].append(shown)
                elif (info.st_size > MAX_FILE_BYTES or total + info.st_size > MAX_TOTAL_BYTES
                      or len(shipment["files"]) >= MAX_FILES):
                    shipment["sizes"][shown] = info.st_size
                else:
                    data = read_capped(full, MAX_FILE_BYTES, "the file")
                    packed.writestr(str(len(shipment["files"])), data)
                    shipment["files"].append(shown)
                    total += info.st_size
            entries = sum(len(shipment[k]) for k in ("files", "folders", "sizes", "others"))
            if entries > MAX_ENTRIES:
                raise ShipError(f"the submission {path} holds more than {MAX_ENTRIES} files and folders, more than "
                                "a cluster worker is sent; grade it without --cluster")
    shipment["zip"] = buffer.getvalue()
    return shipment


def capped(path, cap):
    """(the first `cap` bytes of the file at path, or None when there is none; whether it holds more)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(cap + 1)
    except OSError:
        return None, False
    return data[:cap], len(data) > cap


def unpack(shipment, folder):
    """Write pack's shipment under folder (fresh, this process's); return the submission's path there."""
    name = shipment["name"]
    if not name or name in (os.curdir, os.pardir) or os.sep in name or "\0" in name:
        raise ValueError(f"the shipment's name {name!r} is not a file name")
    target = os.path.join(folder, name)
    if "archive" in shipment:
        with open(target, "xb") as handle:
            if shipment["archive"] is None:
                handle.truncate(shipment["size"])  # sparse: the grader refuses it by its size, unread
            else:
                handle.write(shipment["archive"])
        return target
    os.mkdir(target)
    for relative in shipment["folders"]:
        os.makedirs(os.path.join(target, checked_relative(relative)), exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(shipment["zip"])) as packed:
        for number, relative in enumerate(shipment["files"]):
            with open(os.path.join(target, checked_relative(relative)), "xb") as handle:
                handle.write(packed.read(str(number)))
    for relative, size in shipment["sizes"].items():
        with open(os.path.join(target, checked_relative(relative)), "xb") as handle:
            handle.truncate(size)  # sparse: the grader leaves it out by its size, unread
    for relative in shipment["others"]:  # last: no file is written through one of these links
        os.symlink(NOWHERE, os.path.join(target, checked_relative(relative)))
    return target


def checked_relative(relative):
    """relative, a path below a folder (no absolute path, no `..`, no empty part); ValueError otherwise."""
    parts = relative.split(os.sep)
    if os.path.isabs(relative) or "\0" in relative or any(p in ("", os.curdir, os.pardir) for p in parts):
        raise ValueError(f"{relative!r} is not a path below the submission's folder")
    return relative


def digest(project, folders):
    """SHA-256 (hex) of the files under the project's `folders` (relative paths), their names included;
    caches (__pycache__, dot-folders) and compiled files aside, which differ between machines."""
    total = hashlib.sha256()
    for relative in folders:
        for directory, subfolders, files in os.walk(os.path.join(project, relative)):
            subfolders[:] = sorted(f for f in subfolders if f != "__pycache__" and not f.startswith("."))
            for file in sorted(f for f in files if not f.endswith(".pyc")):
                path = os.path.join(directory, file)
                total.update(os.path.relpath(path, project).encode("utf-8", "surrogateescape") + b"\0")
                with contextlib.suppress(OSError), open(path, "rb") as handle:
                    total.update(hashlib.sha256(handle.read()).digest())
    return total.hexdigest()
