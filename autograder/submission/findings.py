"""Why a graded function would score 0 without a wrong value, found before any test runs
and said to the student: what the submission's file names, definitions and notebooks show.

    books = read_notebooks(folder, function_ids)          # before the notebooks are converted
    notes = set_aside_stubs(folder, books, graded, skipped)
    ...convert_notebooks...
    found = examine(Parser(folder), assignment, graded, provided, books, original_files)

Runs in the grader on the prepared copy, before the student's uid owns it: files are
parsed with ast and notebooks read as JSON, nothing is imported or run. It finds

- near-miss file names, when no file the grader tries for a function is there:
  `Softmax.py`, `softmax (1).py`, `softmax-1.py`, `softmax(2).py`, `softmax - Copy.py`,
  `softmax.py.txt`, `soft max.py`, or `softmax.py` inside a folder;
- files of another of the manifest's assignments uploaded to this one (named);
- a graded function defined only in a file the grader does not try, or under another case;
- a candidate that is an unwritten stub (it raises NotImplementedError, or does nothing)
  ahead of a written one, as when the handout's `sigmoid.py` stub stays and `sigmoid` is
  written in `word2vec.py`: the written one is tried first (Findings.functions);
- a .py that shadows a notebook defining the same graded function: said, and when the
  .py writes none of its graded functions (the starter's file, kept), it is left out so
  that the notebook is graded;
- where each function of a notebook module is defined (the notebook and its cell), and
  the names set by untagged cells that the notebook reader leaves out, so a failure of
  that function, a NameError included, can name them (explained()).
"""
import ast
import dataclasses
import os
import re

from autograder.submission.provided import MAX_CODE_BYTES, bound_names, is_string_statement, module_level

MAX_PARSED_BYTES = 1024 * 1024  # of all the .py files one submission's findings parse (real files are a few KB)
MAX_SHOWN = 3                       # files named in one sentence
# What browsers, operating systems and editors add to a file's name: "softmax (1).py", "softmax-1.py",
# "softmax - Copy.py", "Copy of softmax.py", "softmax.py.txt".
ADDED_SUFFIXES = (".txt", ".download", ".crdownload", ".part", ".html", ".htm")
DUPLICATE = re.compile(r"(\s*\(\d+\)|\s*-?\s*copy(\s*\(?\d+\)?)?|[\s_-]+\d+)$")
COPY_OF = re.compile(r"^copy of\s+")
SEPARATORS = re.compile(r"[\s_-]+")


@dataclasses.dataclass
class Findings:
    notes: list = dataclasses.field(default_factory=list)      # sentences for the student, each with what to do
    hints: dict = dataclasses.field(default_factory=dict)      # canonical id -> sentence for when it is not found
    functions: dict = dataclasses.field(default_factory=dict)  # canonical id -> candidate ids, in the order tried
    origins: dict = dataclasses.field(default_factory=dict)    # candidate id -> the notebook cell defining it
    dropped: dict = dataclasses.field(default_factory=dict)    # name -> "`statement` in <cell>" left out of a notebook


@dataclasses.dataclass
class Book:
    """What one notebook provides: path relative to the submission, the modules it would make
    (in its own folder), {module: {name: (cell label, definition)}} and the names of cells left out."""
    path: str
    modules: list
    definitions: dict
    dropped: dict


def read_notebooks(folder: str, function_ids: list) -> list:
    """[Book] of the notebooks under folder that notebook_modules.convert_notebooks converts, in its order.
    function_ids: the graded function ids, aliases included."""
    from autograder.submission import notebook_modules  # nbformat only when the submission has a notebook
    books, total = [], 0
    for directory, _, files in os.walk(folder):
        for name in sorted(n for n in files if n.endswith(".ipynb")):
            path = os.path.join(directory, name)
            size = os.path.getsize(path)
            total += size
            if size > notebook_modules.MAX_NOTEBOOK_BYTES or total > notebook_modules.MAX_NOTEBOOKS_BYTES:
                continue
            shown = os.path.relpath(path, folder).replace(os.sep, "/")
            try:
                cells = notebook_modules.read_cells(path)
                book = notebook_modules.Notebook(shown, cells, [], notebook_modules.Budget(None), [])
            except Exception:  # convert_notebooks says why it is left out
                continue
            modules = book.modules(function_ids)
            books.append(Book(shown, modules, module_definitions(book, modules),
                              left_out_names(shown, cells, notebook_modules)))
    return books


def module_definitions(book, modules: list) -> dict:
    """{module: {name: (label, definition)}}: per module the notebook makes, the last of its cells that
    defines each name at the top level (a later definition wins at import)."""
    cells = [(tagged, {node.name: (label, node) for node in ast.parse(code).body
                       if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))})
             for tagged, code, label, *_ in book.cells]
    found = {}
    for module in modules:
        found[module] = {}
        for tagged, defined in cells:
            if tagged in (None, module):
                found[module].update(defined)
    return found


def left_out_names(shown: str, cells, notebook_modules) -> dict:
    """{name: "`statement` in cell label"} of the assignments in untagged cells that the notebook reader leaves
    out."""
    dropped = {}
    for cell in cells.cells:
        source = notebook_modules.without_magics(cell.source) if cell.cell_type == "code" else None
        if source is None or notebook_modules.cell_file(cell):
            continue
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            continue
        for statement in tree.body:
            assigns = isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign))
            if assigns and not notebook_modules.kept_statements(
                    ast.Module(body=[statement], type_ignores=[])):
                for name in bound_names(statement):
                    dropped[name] = f"`{ast.unparse(statement)[:60]}` in {notebook_modules.cell_label(shown, cell)}"
    return dropped


def set_aside_stubs(folder: str, books: list, assignment, graded: dict, skipped: list) -> list:
    """Leave out each .py that would shadow a notebook's module when it writes none of the manifest's
    functions (the handout's stub file, kept) and the notebook writes one it shares; return a sentence per
    .py that shadows a notebook. graded: canonical id -> candidate ids; skipped: "path: why" is added per
    file left out."""
    parser, notes, claimed = Parser(folder), [], set()
    for book in books:
        directory = os.path.dirname(book.path)
        for module in book.modules:
            path = f"{directory}/{module}" if directory else module
            if path in claimed or not os.path.isfile(os.path.join(folder, path)):
                claimed.add(path)
                continue
            claimed.add(path)
            names = sorted({c.split(":")[1] for ids in graded.values() for c in ids if c.split(":")[0] == path})
            shared = [n for n in names if n.split(".")[0] in book.definitions.get(module, {})]
            if not shared:
                continue
            listed = " and ".join(shared[:MAX_SHOWN])
            if parser.untouched(path, file_functions(assignment, path)) \
                    and any(is_written(definition(book.definitions[module], n)) for n in shared):
                os.remove(os.path.join(folder, path))
                skipped.append(f"{path}: left out, since it writes none of its functions and "
                               f"{book.path} defines {listed}")
                notes.append(f"{path} was left out, since none of its functions is written yet, and "
                             f"{listed} graded from {book.path} instead.")
            else:
                notes.append(f"{path} and {book.path} both define {listed}, and {path} was graded, since a .py "
                             f"file comes before a notebook: if your work is in {book.path}, leave {path} out "
                             "of your upload.")
    return notes


def file_functions(assignment, path: str) -> list:
    """The names of every function of the manifest (selected or not) looked for in path."""
    return sorted({c.split(":")[1] for ids in assignment.all_functions.values() for c in ids
                   if c.split(":")[0] == path})


def definition(definitions: dict, name: str):
    """The definition of name ("f" or "Class.method") among a notebook module's {name: (label, node)}."""
    first, _, method = name.partition(".")
    node = definitions[first][1]
    if method:
        node = next((n for n in getattr(node, "body", []) if getattr(n, "name", None) == method), None)
    return node


def examine(parser: "Parser", assignment, graded: dict, provided: dict, books: list, original: list) -> Findings:
    """What the files say about each graded function. parser: the copy's files (Parser of its folder, after the
    notebooks were converted); graded: canonical id -> candidate ids; provided: the candidate ids that are the
    handout's code; original: the submission's files (relative paths) before notebooks were converted."""
    folder, found = parser.folder, Findings()
    found.functions = {canonical: list(ids) for canonical, ids in assignment.functions.items()}
    files = sorted({path.replace(os.sep, "/") for path in original})
    absent = []
    for canonical, candidates in graded.items():
        present = [c for c in candidates if os.path.isfile(os.path.join(folder, c.split(":")[0]))]
        if not present:
            absent.append(canonical)
            hint = near_miss(candidates, files) or elsewhere(parser, canonical, candidates, files)
            if hint:
                found.hints[canonical] = hint
                found.notes.append(hint)
            continue
        defined = [c for c in present if parser.defines(*c.split(":"))]
        if not defined:
            hint = elsewhere(parser, canonical, candidates, files)
            if hint:
                found.hints[canonical] = hint
            continue
        # An unwritten stub ahead of a written candidate is the handout's stub, kept: the written one is the
        # student's work (the original CS224n handouts put sigmoid in word2vec.py, next to its stub in sigmoid.py).
        written = [c for c in defined if c not in provided and parser.written(*c.split(":"))]
        if written and written[0] != defined[0] and not parser.written(*defined[0].split(":")):
            found.functions[canonical] = written + [c for c in candidates if c not in written]
            found.notes.append(f"{canonical.split(':')[1]} was graded from {written[0].split(':')[0]}, since the "
                               f"one in {defined[0].split(':')[0]} is not written yet (it raises NotImplementedError "
                               "or does nothing).")
    if absent:
        wrong = wrong_assignment(assignment, files)
        if wrong:  # first: it explains the rest
            found.notes.insert(0, wrong)
    claimed = set()
    for book in books:
        directory = os.path.dirname(book.path)
        found.dropped.update(book.dropped)
        for module in book.modules:
            path = f"{directory}/{module}" if directory else module
            if path in claimed or path in files:
                continue
            claimed.add(path)
            for candidate in (c for ids in graded.values() for c in ids if c.split(":")[0] == path):
                name = candidate.split(":")[1].split(".")[0]
                if name in book.definitions.get(module, {}):
                    found.origins[candidate] = book.definitions[module][name][0]
    found.notes = list(dict.fromkeys(found.notes))
    return found


def name_key(path: str) -> str | None:
    """The file's name as it was probably meant, for comparison: lower case, without what browsers and
    systems add to duplicates and downloads, without spaces, hyphens and underscores; None if not Python."""
    name = os.path.basename(path).lower()
    while name.endswith(ADDED_SUFFIXES) and name[:name.rfind(".")].endswith((".py", ".ipynb")):
        name = name[:name.rfind(".")]
    if not name.endswith(".py"):
        return None
    stem = COPY_OF.sub("", name[:-len(".py")].strip())
    while DUPLICATE.search(stem) and DUPLICATE.sub("", stem):
        stem = DUPLICATE.sub("", stem)
    return SEPARATORS.sub("", stem)


def near_miss(candidates: list, files: list) -> str | None:
    """A sentence when a file of the submission is probably one the grader tries, under another name or folder."""
    for wanted in dict.fromkeys(c.split(":")[0] for c in candidates):
        key = name_key(wanted)
        close = [f for f in files if f != wanted and name_key(f) == key]
        if close:
            have = close[0]
            same_name, same_folder = os.path.basename(have) == os.path.basename(wanted), \
                os.path.dirname(have) == os.path.dirname(wanted)
            place = wanted if "/" in wanted else "the top of your submission"
            what = (f"move it to {place}" if same_name else f"rename it {wanted}" if same_folder
                    else f"rename it {os.path.basename(wanted)} and move it to {place}")
            return (f"{wanted} is not in your submission, but `{have}` is: {what} (the grader looks for exact "
                    "names and places) and submit again.")
    return None


def elsewhere(parser, canonical: str, candidates: list, files: list) -> str | None:
    """A sentence when a graded function is defined where the grader does not look, or under another case."""
    wanted_files = list(dict.fromkeys(c.split(":")[0] for c in candidates))
    names = {c.split(":")[1].lower(): c.split(":")[1] for c in candidates}
    graded_name = canonical.split(":")[1]
    for path in [f for f in wanted_files if f in files] + [f for f in files if f.endswith(".py")
                                                           and f not in wanted_files]:
        for defined in parser.definitions(path):
            if defined.lower() not in names:
                continue
            if path in wanted_files and defined != names[defined.lower()]:
                return (f"{path} defines {defined}, but the grader calls {names[defined.lower()]} (names are "
                        f"case-sensitive): rename it {names[defined.lower()]}.")
            if path not in wanted_files:
                return (f"{path} defines {defined}, but the grader looks for {graded_name} only in "
                        f"{' or '.join(wanted_files)}: move it to {wanted_files[0]}.")
    return None


def wrong_assignment(assignment, files: list) -> str | None:
    """A sentence when the submission's files belong to another of the manifest's assignments."""
    own = {c.split(":")[0] for ids in assignment.functions.values() for c in ids}
    names = {f[:-len(".ipynb")] + ".py" if f.endswith(".ipynb") else f for f in files}
    best = None
    for title, theirs in assignment.other_assignments().items():
        hits = sorted(names & set(theirs) - own)
        if hits and (best is None or (len(hits), -len(theirs)) > (len(best[1]), -len(best[2]))):
            best = (title, hits, theirs)
    if best is None:
        return None
    title, hits, _ = best
    mine = ", ".join(dict.fromkeys(f.split(":")[0] for f in assignment.functions))
    which = f"{hits[0]} is a file" if len(hits) == 1 else f"{' and '.join(hits[:MAX_SHOWN])} are files"
    return (f"{which} of the assignment \"{title}\", not of \"{assignment.title}\", which grades {mine}: check that "
            "you uploaded to the right assignment.")


def is_stub(node) -> bool:
    """Whether a definition is not written yet: its body (docstrings aside) does nothing (pass, ...,
    return None), or raises NotImplementedError before any return, at its top level or in a loop there."""
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    body = [s for s in node.body if not is_string_statement(s)]
    if all(isinstance(s, ast.Pass) or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
           or (isinstance(s, ast.Return) and (s.value is None or (isinstance(s.value, ast.Constant)
                                                                   and s.value.value is None))) for s in body):
        return True
    return raises_first(body)


def is_written(node) -> bool:
    """Whether a definition (None: none) is there and is not a stub."""
    return node is not None and not is_stub(node)


def raises_first(statements: list) -> bool:
    """Whether statements raise NotImplementedError, directly or in a loop, before anything that returns."""
    for statement in statements:
        if isinstance(statement, ast.Raise):
            exception = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
            if isinstance(exception, ast.Name) and exception.id == "NotImplementedError":
                return True
        if isinstance(statement, (ast.For, ast.While)) and raises_first(statement.body):
            return True
        if any(isinstance(node, (ast.Return, ast.Yield, ast.YieldFrom)) for node in ast.walk(statement)):
            return False
    return False


class Parser:
    """The submission's .py files parsed once each, within MAX_PARSED_BYTES in all."""

    def __init__(self, folder: str):
        self.folder, self.parsed, self.trees = folder, 0, {}

    def statements(self, path: str) -> list | None:
        """The module-level statements of path (see provided.module_level); None when it cannot be parsed."""
        if path not in self.trees:
            self.trees[path] = None
            full = os.path.join(self.folder, path)
            size = os.path.getsize(full) if os.path.isfile(full) else None
            if size is not None and size <= MAX_CODE_BYTES and self.parsed + size <= MAX_PARSED_BYTES:
                self.parsed += size
                with open(full, "rb") as source:
                    try:
                        self.trees[path] = module_level(ast.parse(source.read()).body)
                    except (SyntaxError, ValueError, RecursionError, MemoryError):
                        pass
        return self.trees[path]

    def binding(self, path: str, name: str):
        """The statement that last binds name ("f" or "Class.method") in path, or None."""
        first, _, method = name.partition(".")
        statement = next((s for s in reversed(self.statements(path) or []) if first in bound_names(s)), None)
        if method:
            body = getattr(statement, "body", []) if isinstance(statement, ast.ClassDef) else []
            statement = next((s for s in reversed(body) if getattr(s, "name", None) == method), None)
        return statement

    def defines(self, path: str, name: str) -> bool:
        """Whether path binds name; a file that cannot be parsed is taken to (the worker then says why not)."""
        return self.statements(path) is None or self.binding(path, name) is not None

    def written(self, path: str, name: str) -> bool:
        """Whether path defines name and its definition is not a stub (is_stub); unknown counts as written."""
        if self.statements(path) is None:
            return True
        return is_written(self.binding(path, name))

    def untouched(self, path: str, names: list) -> bool:
        """Whether path writes none of names (each a stub or not defined)."""
        return not any(self.written(path, name) for name in names)

    def definitions(self, path: str) -> list:
        """The names path defines at the top level: functions, and Class.method for methods."""
        names = []
        for statement in self.statements(path) or []:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names.append(statement.name)
            elif isinstance(statement, ast.ClassDef):
                names += [f"{statement.name}.{s.name}" for s in statement.body
                          if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))]
        return names


def explained(output: str, resolved, found: Findings) -> str:
    """A failure's message with, before it, where the notebook functions it called are defined
    and the left-out notebook cells that set a name it reports as not defined.
    resolved: the candidate ids the test's calls resolved to."""
    context = [f"{c.split(':')[1]} is defined in {found.origins[c]}." for c in sorted(resolved) if c in found.origins]
    context += [f"{name} is set only by {where}, a statement the grader does not run (from a cell not tagged "
                "file:X.py it keeps only imports, definitions and constants such as `X = 1`): set it inside the "
                "function that uses it, or tag the cell with the file it belongs to."
                for name, where in sorted(found.dropped.items()) if f"name '{name}' is not defined" in output]
    return "\n".join([*context, output]) if context else output
