"""Find a graded function in a submission, under its canonical name or an alias.

Runs inside the worker (it imports student code). A function id is
`path/to/file.py:name`; the assignment's manifest lists, for each canonical id,
the ids to try in order. Only files that exist in the submission are tried, so
a provided support module never stands in for the student's own code.
"""
import filecmp
import importlib
import os
import re

PY2_PATTERNS = [
    (re.compile(r"^\s*print\s+[^\s(=]"), "a print statement"),
    (re.compile(r"^\s*except\s+[\w.]+\s*,\s*\w+\s*:"), "`except X, e:`"),
    (re.compile(r"\bxrange\s*\("), "xrange"),
    (re.compile(r"^\s*import\s+cPickle\b"), "cPickle"),
]


def python2_hint(path):
    """Return 'line N: <construct>' if a file looks like Python 2, else None."""
    try:
        with open(path, encoding="utf-8", errors="replace") as source:
            for number, line in enumerate(source, 1):
                for pattern, construct in PY2_PATTERNS:
                    if pattern.search(line):
                        return f"line {number} uses {construct}"
    except OSError:
        return None
    return None


def module_name(relative_path):
    return relative_path[:-len(".py")].replace("/", ".")


class Resolver:
    def __init__(self, functions, submission_dir, support_dir):
        self.functions = functions          # canonical id -> [ids to try, canonical first]
        self.submission_dir = submission_dir
        self.support_dir = support_dir

    def resolve(self, target):
        """Return {"ok": True, "function", "where"} or {"ok": False, "kind", "message"}."""
        candidates = self.functions.get(target, [target])
        present = [c for c in candidates if os.path.isfile(self._path(c))]
        if not present:
            files = ", ".join(sorted({c.split(":")[0] for c in candidates}))
            return self._failure("missing", f"no file of the submission defines it (looked for {files})")
        for candidate in present:
            relative, name = candidate.split(":")
            if self._is_provided_copy(relative):
                return self._failure(
                    "provided", f"it resolves to {relative}, the unchanged copy the handout provides; "
                                f"write your own {target.split(':')[1]} in {target.split(':')[0]}")
            try:
                module = importlib.import_module(module_name(relative))
            except BaseException as error:  # (a module may even call sys.exit)
                return self._import_failure(relative, error)
            function = getattr(module, name, None)
            if callable(function):
                if self._defined_in_support(function):
                    return self._failure(
                        "provided", f"{relative} takes {name} from a provided support module instead of "
                                    "defining it; write your own implementation")
                return {"ok": True, "function": function, "where": candidate}
        looked = ", ".join(present)
        return self._failure("missing", f"the submission has no function by that name (looked for {looked})")

    def _path(self, candidate):
        return os.path.join(self.submission_dir, candidate.split(":")[0])

    def _is_provided_copy(self, relative):
        provided = os.path.join(self.support_dir, relative)
        return os.path.isfile(provided) and filecmp.cmp(provided, os.path.join(self.submission_dir, relative),
                                                        shallow=False)

    def _defined_in_support(self, function):
        code = getattr(function, "__code__", None)
        filename = os.path.abspath(getattr(code, "co_filename", ""))
        return filename.startswith(os.path.abspath(self.support_dir) + os.sep)

    def _import_failure(self, relative, error):
        if isinstance(error, SyntaxError):
            old = python2_hint(self._path(relative + ":"))
            if old:
                return self._failure("import", f"{relative} looks like Python 2 ({old}); "
                                               "submissions must be Python 3: use print(...), range and pickle")
            return self._failure("import", f"{relative} has a syntax error at line {error.lineno}: {error.msg}")
        return self._failure("import", f"importing {relative} raised {type(error).__name__}: {str(error)[:500]}")

    @staticmethod
    def _failure(kind, message):
        return {"ok": False, "kind": kind, "message": message}
