"""Find the handout's own code in a submission: graded functions that are a
provided implementation (up to comments, whitespace, docstrings, annotations and
the names of arguments and locals) or that only hand the work to one.

    provided = provided_functions(submission_dir, assignment.support_paths, assignment.functions)
    # {"utils/utils.py:softmax": "softmax in utils/utils.py is the handout's provided softmax ..."}

Runs in the grader while the submission is prepared, on the scratch copy before
the student's uid owns it. Files are parsed with ast, never imported or run.
"""
import ast
import os
import re

# ast.parse of dense code costs about 1 s and 200 MB per 256 KB; real solution files are
# a few KB, so a file with more code than this is refused rather than parsed (failing closed).
MAX_CODE_BYTES = 256 * 1024
BLANK_OR_COMMENT = re.compile(rb"^[ \t]*(#[^\n]*)?\n", re.MULTILINE)
MAX_HOPS = 4  # re-exports followed from one submission file to another


def provided_functions(submission_dir: str, support_paths: list, functions: dict) -> dict:
    """{candidate id: why it is the handout's code} for every candidate `file.py:name`
    of every graded function that the submission has and that is (or only uses) a
    provided implementation. `functions`: canonical id -> [candidate ids]; support_paths:
    the support folders (packages) and .py files (modules)."""
    if not support_paths:
        return {}
    checker = Checker(submission_dir, Support(support_paths))
    found = {}
    for canonical, candidates in functions.items():
        graded = canonical.split(":")[1]
        for candidate in candidates:
            file, name = candidate.split(":")
            if os.path.isfile(os.path.join(submission_dir, file)):
                reason = checker.judge(file, name, {name, graded})
                if reason:
                    found[candidate] = f"{name} in {file} {reason}; write your own {graded}"
    return found


class Support:
    """The provided functions, parsed from the support modules (the grader's own files)."""

    def __init__(self, support_paths: list):
        self.modules = {}  # dotted module name -> {function name: "utils/utils.py"}
        # Normalising a definition is the costly part: only those that could match one of the
        # submission's are normalised, found by a cheap key that normalising does not change.
        self.by_key = {}   # outline key -> [(definition, function name, "utils/utils.py")]
        self.shapes = {}   # outline key -> {normalised definition: (function name, "utils/utils.py")}
        for path, relative in sorted(module_files(support_paths)):
            with open(path, "rb") as source:
                tree = ast.parse(source.read())
            defined = self.modules.setdefault(relative[:-3].replace("/", "."), {})
            for node in tree.body:
                if isinstance(node, ast.FunctionDef):
                    defined[node.name] = relative
                    self.by_key.setdefault(outline(node), []).append((node, node.name, relative))

    def origin(self, function: ast.FunctionDef) -> tuple | None:
        """(name, file) of the provided function that `function` is, up to what shape() ignores."""
        key = outline(function)
        if key not in self.shapes:
            self.shapes[key] = {}
            for node, name, relative in self.by_key.get(key, []):
                self.shapes[key].setdefault(shape(node), (name, relative))
        return self.shapes[key].get(shape(function)) if self.shapes[key] else None


def module_files(support_paths: list):
    """(path, importable relative path such as "utils/utils.py" or "tsne.py") of every module of the
    support folders (each a package, importable by its folder's name) and .py files."""
    for support in support_paths:
        if not os.path.isdir(support):
            yield support, os.path.basename(support)
            continue
        package = os.path.basename(os.path.normpath(support))
        for directory, folders, files in os.walk(support):
            folders[:] = sorted(f for f in folders if f != "__pycache__")
            for name in sorted(f for f in files if f.endswith(".py")):
                path = os.path.join(directory, name)
                yield path, os.path.join(package, os.path.relpath(path, support)).replace(os.sep, "/")


class Checker:
    """Judges the submission's definitions, parsing each file at most once."""

    def __init__(self, submission_dir: str, support: Support):
        self.submission_dir, self.support = submission_dir, support
        self.trees = {}  # relative path -> list of module-level statements, None (does not parse) or a refusal

    def statements(self, relative: str):
        if relative not in self.trees:
            with open(os.path.join(self.submission_dir, relative), "rb") as source:
                code = source.read()
            if len(BLANK_OR_COMMENT.sub(b"", code)) > MAX_CODE_BYTES:
                self.trees[relative] = (f"is in a file with more than {MAX_CODE_BYTES // 1024} KB of code, too "
                                        "large for the grader to check against the handout's code")
            else:
                try:
                    self.trees[relative] = module_level(ast.parse(code).body)
                except (SyntaxError, ValueError, RecursionError, MemoryError):
                    self.trees[relative] = None  # it will not import either: the worker says so
        return self.trees[relative]

    def judge(self, relative: str, name: str, names: set, hops: int = 0) -> str | None:
        """Why `name` as `relative` defines it is the handout's code (a phrase after
        "softmax in softmax.py"), or None; `names`: the names a delegate may have."""
        statements = self.statements(relative)
        if statements is None or isinstance(statements, str):
            return statements
        imports = import_bindings(statements)
        binding = next((s for s in reversed(statements) if name in bound_names(s)), None)
        try:
            if isinstance(binding, ast.FunctionDef):
                origin = self.support.origin(binding)
                if origin:
                    return (f"is the handout's provided {origin[0]} ({origin[1]}), at most with comments, "
                            "names or docstrings changed")
                body = [s for s in binding.body if not is_string_statement(s)]
                imports.update(import_bindings([s for s in body if isinstance(s, (ast.Import, ast.ImportFrom))]))
                body = [s for s in body if not isinstance(s, (ast.Import, ast.ImportFrom))]
                if len(body) == 1 and isinstance(body[0], ast.Return) and isinstance(body[0].value, ast.Call):
                    return self.delegate(dotted(body[0].value.func, imports), names, "only calls", hops)
                # A longer body that still reaches the provided function of its own name, however it wraps it.
                for node in ast.walk(ast.Module(body=body, type_ignores=[])):
                    if isinstance(node, (ast.Name, ast.Attribute)) and isinstance(node.ctx, ast.Load):
                        reason = self.delegate(dotted(node, imports), names, "uses", hops)
                        if reason:
                            return reason
            elif isinstance(binding, ast.Assign):
                return self.delegate(dotted(binding.value, imports), names, "is only another name for", hops)
            elif isinstance(binding, ast.ImportFrom):
                return self.delegate(imports.get(name), names, "only re-exports", hops)
        except RecursionError:  # nesting deep enough to break the normaliser is no student's solution
            return "is nested too deeply for the grader to check against the handout's code"
        return None

    def delegate(self, target: str | None, names: set, verb: str, hops: int) -> str | None:
        """The reason when `target` (dotted) is a provided function named as in `names`."""
        if not target or "." not in target:
            return None
        module, function = target.rsplit(".", 1)
        if function not in names:
            return None
        file = module.replace(".", "/") + ".py"
        if os.path.isfile(os.path.join(self.submission_dir, file)):
            # The worker puts the submission before the support folder on sys.path: this is the student's file.
            inner = self.judge(file, function, names, hops + 1) if hops < MAX_HOPS else None
            return f"{verb} {function} in {file}, which {inner}" if inner else None
        if function in self.support.modules.get(module, {}):
            return f"{verb} the handout's provided {function} ({self.support.modules[module][function]})"
        return None


def module_level(statements: list) -> list:
    """The statements that run at import, the bodies of if/try/with blocks included, in order."""
    flat = []
    for statement in statements:
        flat.append(statement)
        if isinstance(statement, (ast.If, ast.Try, ast.With)):
            for field in ("body", "orelse", "finalbody"):
                flat.extend(module_level(getattr(statement, field, [])))
            for handler in getattr(statement, "handlers", []):
                flat.extend(module_level(handler.body))
    return flat


def bound_names(statement) -> set:
    """The module-level names a statement binds (functions, assignments, imports)."""
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {statement.name}
    if isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    if isinstance(statement, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in statement.names}
    return set()


def import_bindings(statements: list) -> dict:
    """{local name: dotted name it stands for} for the imports among statements."""
    bindings = {}
    for statement in statements:
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                local = alias.asname or alias.name.split(".")[0]
                bindings[local] = alias.name if alias.asname else local
        elif isinstance(statement, ast.ImportFrom) and not statement.level and statement.module:
            for alias in statement.names:
                bindings[alias.asname or alias.name] = f"{statement.module}.{alias.name}"
    return bindings


def dotted(node, imports: dict) -> str | None:
    """"utils.utils.softmax" for `softmax`, `u.softmax` or `utils.utils.softmax` as the imports bind them."""
    if isinstance(node, ast.Name):
        return imports.get(node.id)
    if isinstance(node, ast.Attribute):
        base = dotted(node.value, imports)
        return f"{base}.{node.attr}" if base else None
    return None


def is_string_statement(node) -> bool:
    """A docstring, or a bare string used as a comment."""
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def outline(function: ast.FunctionDef) -> tuple:
    """A key equal for two definitions with the same shape(): how many arguments, and the
    kinds of the body's statements as Normaliser leaves them (no docstrings, annotations
    dropped or made assignments, an empty body a pass)."""
    arguments = function.args
    count = len(arguments.posonlyargs) + len(arguments.args) + len(arguments.kwonlyargs)
    kinds = ["Assign" if isinstance(s, ast.AnnAssign) else type(s).__name__ for s in function.body
             if not is_string_statement(s) and not (isinstance(s, ast.AnnAssign) and s.value is None)]
    return count, tuple(kinds or ["Pass"])


def shape(function: ast.FunctionDef) -> str:
    """The definition without its name, docstrings, annotations or the names of its
    arguments and locals: equal for two definitions that differ only in those."""
    tree = Normaliser().visit(ast.parse(ast.unparse(function)).body[0])  # a copy, so the original is kept
    return ast.dump(tree)


class Normaliser(ast.NodeTransformer):
    """Renames arguments and locals to v0, v1, ... in order of appearance, and drops
    docstrings and annotations. Globals (np, random, helpers) keep their names."""

    def __init__(self):
        self.names = {}

    def local(self, name: str) -> str:
        return self.names.setdefault(name, f"v{len(self.names)}")

    def visit_FunctionDef(self, node):
        if self.names:  # a nested function's name is a local of the outer one
            node.name = self.local(node.name)
        else:
            node.name = "_"
            for argument in ast.walk(node):  # every name the function binds is local
                if isinstance(argument, ast.arg):
                    self.local(argument.arg)
                elif isinstance(argument, ast.Name) and isinstance(argument.ctx, ast.Store):
                    self.local(argument.id)
        node.returns, node.type_comment = None, None
        node.decorator_list = [self.visit(d) for d in node.decorator_list]
        node.args = self.visit(node.args)
        node.body = [self.visit(s) for s in node.body if not is_string_statement(s)] or [ast.Pass()]
        return node

    def visit_arg(self, node):
        node.arg, node.annotation, node.type_comment = self.local(node.arg), None, None
        return node

    def visit_Name(self, node):
        if node.id in self.names:
            node.id = self.names[node.id]
        return node

    def visit_AnnAssign(self, node):
        if node.value is None:
            return None
        return ast.Assign(targets=[self.visit(node.target)], value=self.visit(node.value), type_comment=None)

    def visit_ExceptHandler(self, node):
        if node.name:
            node.name = self.local(node.name)
        return self.generic_visit(node)
