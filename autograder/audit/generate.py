"""Submissions generated from the reference (degenerate.py: degenerate bodies of every graded
function; mutate.py: mutants of the solution regions), each as byte spans of one reference file
to replace; here what both share: the reference's sources, writing a version, bundling versions.

Everything here reads the reference's source; nothing runs it.
"""
import ast
import collections
import dataclasses
import os
import shutil

from autograder.packaging.starter import find_regions


@dataclasses.dataclass(frozen=True)
class Generated:
    """One generated submission of one function: `spans` ((start, end, bytes), ...) of `file`
    replaced, and those of other files in `also` ((file, spans), ...). unit: the graded function id
    whose tests judge it (file.py:* when the code is outside every graded function: all of that
    file's tests judge it)."""
    id: str
    file: str
    unit: str
    kind: str
    description: str
    spans: tuple
    also: tuple = ()


@dataclasses.dataclass
class Source:
    """A reference file: its bytes, line offsets, tree and solution regions."""
    file: str
    data: bytes

    def __post_init__(self):
        text = self.data.decode("utf-8")
        self.tree = ast.parse(text)
        self.starts = [0]
        for line in self.data.split(b"\n"):
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.regions = find_regions(text, self.file)

    def offset(self, line, col):
        return self.starts[line - 1] + col

    def span_of(self, node):
        return self.offset(node.lineno, node.col_offset), self.offset(node.end_lineno, node.end_col_offset)

    def in_region(self, node):
        return any(r.begin < node.lineno and node.end_lineno < r.end for r in self.regions)


def read_sources(reference_dir, files):
    return {f: Source(f, open(os.path.join(reference_dir, f), "rb").read()) for f in sorted(files)}


def functions_of(tree):
    """{qualname: FunctionDef} of a module (methods as Class.method; nested functions left out)."""
    found = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found[node.name] = node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    found[f"{node.name}.{item.name}"] = item
    return found


def parameters(node):
    names = [a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs]
    return names[1:] if names and names[0] in ("self", "cls") else names


def write(reference_dir, items, destination):
    """Copy reference_dir to destination and apply the spans of items (non-overlapping)."""
    shutil.copytree(reference_dir, destination, ignore=shutil.ignore_patterns("__pycache__"))
    by_file = collections.defaultdict(list)
    for item in items:
        by_file[item.file] += item.spans
        for file, spans in item.also:
            by_file[file] += spans
    for file, spans in by_file.items():
        path = os.path.join(destination, file)
        data = open(path, "rb").read()
        for start, end, text in sorted(spans, reverse=True):
            data = data[:start] + text + data[end:]
        with open(path, "wb") as handle:
            handle.write(data)


def conflicts(calls, sources, functions):
    """Pairs of graded functions whose generated versions may not share a grading: one test
    calls both (recorded), or the reference of one calls the other (same file, by name)."""
    pairs = set()
    for called in _by_test(calls).values():
        pairs |= {(a, b) for a in called for b in called if a != b}
    for function_id in functions:
        file, qualname = function_id.split(":", 1)
        node = functions_of(sources[file].tree).get(qualname) if file in sources else None
        if node is None:
            continue
        names = {n.func.id for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        for other in functions:
            if other != function_id and other.startswith(file + ":") and other.split(":", 1)[1] in names:
                pairs |= {(function_id, other), (other, function_id)}
    return pairs


def _by_test(calls):
    called = collections.defaultdict(set)
    for call in calls:
        called[call["test"]].add(call["function"])
    return called


def bundle(items, conflicting):
    """Items in bundles that one grading can judge: at most one per unit, no two units
    that conflict, a file-wide unit (file.py:*) alone among its file's units."""
    queues = collections.OrderedDict()
    for item in items:
        queues.setdefault(item.unit, collections.deque()).append(item)
    bundles = []
    while any(queues.values()):
        taken = []
        for unit, queue in queues.items():
            if not queue:
                continue
            file = unit.split(":")[0]
            if any((unit, other.unit) in conflicting or (other.unit.split(":")[0] == file and "*" in (
                    unit.split(":")[1], other.unit.split(":")[1])) for other in taken):
                continue
            taken.append(queue.popleft())
        bundles.append(taken)
    return bundles
