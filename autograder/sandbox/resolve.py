"""Find a graded function in a submission, under its canonical id or an alias.

Runs in the worker (it imports student code). A function id is
`path/to/file.py:name`; the manifest lists, per canonical id, the ids to try in
order. Only files the submission has are tried, so a module the handout
provides never stands in for the student's own code.
"""
import filecmp
import importlib
import os


class Resolver:
    def __init__(self, functions, submission_dir, support_dir):
        self.functions = functions  # canonical id -> [ids to try, canonical first]
        self.submission_dir, self.support_dir = submission_dir, os.path.abspath(support_dir)

    def resolve(self, target):
        """{"ok": True, "function", "where"} or {"ok": False, "kind", "message"}."""
        candidates = self.functions.get(target, [target])
        present = [c for c in candidates if os.path.isfile(os.path.join(self.submission_dir, c.split(":")[0]))]
        if not present:
            files = ", ".join(sorted({c.split(":")[0] for c in candidates}))
            return failure("missing", f"no file of the submission defines it (looked for {files})")
        file, name = target.split(":")
        for candidate in present:
            relative, found_name = candidate.split(":")
            provided = os.path.join(self.support_dir, relative)
            if os.path.isfile(provided) and filecmp.cmp(provided, os.path.join(self.submission_dir, relative),
                                                        shallow=False):
                return failure("provided", f"it resolves to {relative}, the unchanged copy the handout provides; "
                                           f"write your own {name} in {file}")
            try:
                module = importlib.import_module(relative[:-len(".py")].replace("/", "."))
            except BaseException as error:  # a module may even call sys.exit
                return self._import_failure(relative, error)
            function = getattr(module, found_name, None)
            if callable(function):
                code_file = os.path.abspath(getattr(getattr(function, "__code__", None), "co_filename", ""))
                if code_file.startswith(self.support_dir + os.sep):
                    return failure("provided", f"{relative} takes {found_name} from a provided support module "
                                               "instead of defining it; write your own implementation")
                return {"ok": True, "function": function, "where": candidate}
        return failure("missing", f"the submission has no function by that name (looked for {', '.join(present)})")

    def _import_failure(self, relative, error):
        if isinstance(error, SyntaxError):  # the file that has it (maybe one relative imports); Python 2 is hinted
            bad = os.path.relpath(os.path.abspath(error.filename), self.submission_dir) if error.filename else relative
            return dict(failure("import", f"{bad} has a syntax error at line {error.lineno}: {error.msg}"
                                + (f" (imported by {relative})" if bad != relative else "")), file=bad)
        return failure("import", f"importing {relative} raised {type(error).__name__}: {str(error)[:500]}")


def failure(kind, message):
    return {"ok": False, "kind": kind, "message": message}
