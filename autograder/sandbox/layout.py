"""The worker's part of the scratch folder: what the grader installs there, and its command line.

    scratch/     owned by the grader; the student's uid can only enter it
      harness/     worker.py, wire.py, resolve.py; standins/ (the assignment's stand-in files, numbered);
                   provided (the digests of the support modules' functions: resolve.py)
      support/     the modules the handout provides (e.g. utils/, tsne.py), importable by submissions
      submission/  the student's files (submission/prepare.py): the worker's working folder
      tmp/         the worker's TMPDIR
      worker.log   what the worker printed outside calls (for instructors)
      .root/       where confine.py mounts the worker's own root folder, where namespaces exist

Everything the grader later opens (the log) is in a folder the student's uid cannot write,
so it cannot be swapped for a link or a FIFO.
"""
import functools
import importlib.util
import os
import shutil

from autograder.sandbox import resolve

HERE = os.path.dirname(os.path.abspath(__file__))
WORKER_FILES = ("worker.py", "wire.py", "resolve.py")


def install(root: str, standin_paths: list[str], support_paths: list[str]) -> None:
    """Copy the worker's files, the stand-ins and the support modules (folders or files) into the scratch
    folder `root`."""
    os.makedirs(os.path.join(root, "harness", "standins"))
    for name in WORKER_FILES:
        shutil.copy(os.path.join(HERE, name), os.path.join(root, "harness"))
    for number, path in enumerate(standin_paths):
        shutil.copy(path, os.path.join(root, "harness", "standins", standin_file_name(number, path)))
    with open(os.path.join(root, "harness", "provided"), "w") as digests:  # what resolve.py refuses as provided
        digests.write("\n".join(sorted(provided_digests(tuple(support_paths)))))
    os.mkdir(os.path.join(root, "support"))
    for path in support_paths:
        target = os.path.join(root, "support", os.path.basename(path))
        if os.path.isdir(path):
            # Without an __init__.py the support folder would merge with a same-named folder of the submission.
            shutil.copytree(path, target, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
        else:
            shutil.copy(path, target)


@functools.cache
def provided_digests(support_paths: tuple) -> frozenset:
    """resolve.provided_digests, once per grader process."""
    return frozenset(resolve.provided_digests(list(support_paths)))


def standin_file_name(number: int, path: str) -> str:
    """The name of a stand-in file in harness/standins/: numbered, since two may share a name."""
    return f"{number}_{os.path.basename(path)}"


def worker_command(root: str, python: str, standin_paths: list[str]) -> list[str]:
    """The worker's command line, less the two pipe descriptors the channel appends."""
    return [python, "-I", "-B", os.path.join(root, "harness", "worker.py"), root,
            *(os.path.join("standins", standin_file_name(n, p)) for n, p in enumerate(standin_paths))]


@functools.cache
def _standin_modules(standin_paths: tuple) -> tuple:
    """Every stand-in file, imported in the grader by path under a private name (a stand-in file may
    share a student file's name)."""
    modules = []
    for number, path in enumerate(standin_paths):
        spec = importlib.util.spec_from_file_location(f"_grader_standins_{number}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules.append(module)
    return tuple(modules)


def standin_factories(standin_paths: tuple) -> dict:
    """name -> factory, from every stand-in file: the worker builds the same ones."""
    return {name: factory for module in _standin_modules(standin_paths) for name, factory in module.STANDINS.items()}


@functools.cache
def standin_records(standin_paths: tuple) -> dict:
    """name -> {field: kind}, what each stand-in's report() sends back (a stand-in file's RECORDS; see
    replies.fits for the kinds): the grader reads the worker's records only in these shapes."""
    return {name: fields for module in _standin_modules(standin_paths)
            for name, fields in getattr(module, "RECORDS", {}).items()}
