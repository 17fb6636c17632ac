"""Find a graded function in a submission, under its canonical id or an alias.

Runs in the worker (it imports student code). A function id is
`path/to/file.py:name`; the manifest lists, per canonical id, the ids to try in
order. Only files the submission has are tried, so a module the handout
provides never stands in for the student's own code.
"""
import dis
import filecmp
import hashlib
import importlib
import os
import types

PROVIDED = set()  # digests of the support modules' functions (provided_digests), read before any student code
DIGESTS = {}  # code object -> digest: a call resolves its function again, but dis runs once per code (about 1 ms)


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
                code = getattr(underlying(function), "__code__", None)
                if isinstance(code, types.CodeType) and known_digest(code) in PROVIDED:
                    return dict(failure("provided", f"{found_name} in {relative} runs the code of the handout's "
                                                    "provided support module, not code of its own; write your own "
                                                    "implementation"), resolved=candidate)
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


def underlying(function):
    """The plain function behind partials, bound methods and decorators (a few layers, no more)."""
    for _ in range(8):
        inner = getattr(function, "func", None) or getattr(function, "__func__", None) or \
            getattr(function, "__wrapped__", None)
        if not callable(inner):
            return function
        function = inner
    return function


def fingerprint(code: types.CodeType) -> tuple:
    """What a function's code is, whatever it is called and wherever it claims to come from: its
    instructions, with the constants and names they use (nested functions alike), and no file name, line
    numbers, names of arguments and locals, docstring, or constants and names that no instruction uses."""
    steps = []
    for step in dis.get_instructions(code):
        if step.opname in ("NOP", "CACHE", "EXTENDED_ARG", "RESUME"):
            continue
        if isinstance(step.argval, types.CodeType):
            steps.append((step.opname, fingerprint(step.argval)))
        elif step.opcode in dis.hasconst:
            steps.append((step.opname, type(step.argval).__name__, repr(step.argval)))
        elif step.opcode in dis.haslocal or step.opcode in dis.hasfree:
            steps.append((step.opname, step.arg))
        else:
            steps.append((step.opname, repr(step.argval)))
    return code.co_argcount, code.co_kwonlyargcount, tuple(steps)


def digest(code: types.CodeType) -> str:
    """The fingerprint of a function's code as a short string (the same interpreter gives the same one)."""
    return hashlib.sha256(repr(fingerprint(code)).encode()).hexdigest()


def known_digest(code: types.CodeType) -> str:
    """digest(code), computed once per code object of this process."""
    if code not in DIGESTS:
        DIGESTS[code] = digest(code)
    return DIGESTS[code]


def provided_digests(support_paths: list) -> set:
    """The digests of every function the support modules (folders or .py files) define, compiled in the
    grader and never run (layout.install hands them to the worker in a file)."""
    found = set()
    files = [p for p in support_paths if p.endswith(".py")]
    files += [os.path.join(d, n) for p in support_paths if os.path.isdir(p) for d, _, names in os.walk(p)
              for n in sorted(names) if n.endswith(".py")]
    for path in files:
        try:
            with open(path, "rb") as source:
                stack = [compile(source.read(), os.path.basename(path), "exec")]
        except (OSError, SyntaxError, ValueError):
            continue
        while stack:
            consts = [c for c in stack.pop().co_consts if isinstance(c, types.CodeType)]
            found.update(map(digest, consts))
            stack += consts
    return found
