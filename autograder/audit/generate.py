"""Submissions generated from the reference: degenerate bodies of every graded function
and mutants of the solution regions, each as byte spans of one reference file to replace.

Everything here reads the reference's source (never runs it) and, for the shapes of
return values, what grading the reference recorded (`autograder grade --record`): the
shape and dtype of every argument and value of every answered call.
"""
import ast
import collections
import dataclasses
import hashlib
import os
import random
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


# ---- what the reference's calls tell: shapes and conflicts --------------------------------------------

def shape_of(skeleton):
    """The shape numpy would give the value (None when it is not array-like)."""
    if "array" in skeleton:
        return tuple(skeleton["array"])
    if skeleton.get("type") in ("float", "int", "bool"):
        return ()
    if "seq" in skeleton and skeleton["seq"] and all(s.get("type") in ("float", "int") for s in skeleton["seq"]):
        return (skeleton["length"],)
    return None


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


class Shapes:
    """Expressions for values shaped like the reference's returns, from the recorded calls of
    one function: an array slot takes its shape (and dtype) from the argument that always
    has the same shape, else the shape it always had, else the first call's."""

    def __init__(self, calls, params, returned_names):
        self.params, self.returned_names = params, returned_names
        self.calls = [(c["value"], self._arguments(c)) for c in calls]
        self.printed = collections.Counter(c["printed"] for c in calls if c["printed"]).most_common(1)

    def _arguments(self, call):
        named = dict(zip(self.params, call["args"]))
        named.update({k: v for k, v in call["kwargs"].items() if k in self.params})
        return named

    def strings(self):
        """The short strings the reference returned, most common first."""
        found = collections.Counter()

        def visit(skeleton):
            if "value" in skeleton:
                found[skeleton["value"]] += 1
            for item in skeleton.get("seq", []):
                visit(item)
        for value, _ in self.calls:
            visit(value)
        return [text for text, _ in found.most_common(3)]

    def expression(self, fill, echo=False, string=None):
        """Source of a value like the reference's (tuples item by item), filled with fill
        ("zeros", "ones", "constant", "random"); echo: an argument shaped like an item
        stands for it (the inputs handed back); string: the text for a string item (else the
        one the reference returned most often)."""
        if not self.calls:
            return None
        names = self.returned_names
        return self._slot([value for value, _ in self.calls], [arguments for _, arguments in self.calls],
                          fill, echo, set(), names[0] if names and len(names) == 1 else None,
                          names if names and len(names) > 1 else None, string)

    def _slot(self, values, arguments, fill, echo, used, name=None, names=None, string=None):
        kinds = [_kind(v) for v in values]
        common = collections.Counter(kinds).most_common(1)[0][0]
        alike = [(v, a) for v, a, k in zip(values, arguments, kinds) if k == common]
        values, arguments = [v for v, _ in alike], [a for _, a in alike]
        first = values[0]
        if common == "seq":
            length = collections.Counter(v["length"] for v in values).most_common(1)[0][0]
            alike = [(v, a) for v, a in zip(values, arguments) if v["length"] == length]
            items = []
            for i in range(min(length, len(alike[0][0]["seq"]))):
                items.append(self._slot([v["seq"][i] for v, _ in alike], [a for _, a in alike], fill, echo, used,
                                        names[i] if names and i < len(names) else None, None, string))
            return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
        kind = first.get("type")
        if kind == "str":
            texts = collections.Counter(v.get("value", "") for v in values)
            return repr(string if string in texts else texts.most_common(1)[0][0])
        if shape_of(first) is None:
            return "None"
        if echo:
            source = self._source(values, arguments, used, name)
            if source:
                used.add(source)
                return source
        if common == "scalar" and kind in ("float", "int", "bool"):
            return {"float": {"zeros": "0.0", "ones": "1.0", "constant": "0.5",
                              "random": repr(random.Random(0).random())},
                    "int": {"zeros": "0", "ones": "1", "constant": "3", "random": str(random.Random(0).randint(2, 9))},
                    "bool": {"zeros": "False", "ones": "True", "constant": "True", "random": "False"}}[kind][fill]
        source = self._source(values, arguments, set(), None, dtype_too=True)
        if source:
            shape, dtype = f"_np.shape({source})", f"_np.result_type(_np.asarray({source}).dtype, _np.float16)"
        else:
            shapes = collections.Counter(shape_of(v) for v in values)
            shape = repr(shapes.most_common(1)[0][0])
            dtype = repr(collections.Counter(v.get("dtype", "float64") for v in values).most_common(1)[0][0])
        return {"zeros": f"_np.zeros({shape}, {dtype})", "ones": f"_np.ones({shape}, {dtype})",
                "constant": f"_np.full({shape}, 0.5, {dtype})",
                "random": f"_np.random.default_rng(0).standard_normal({shape}).astype({dtype})"}[fill]

    def _source(self, values, arguments, used, name, dtype_too=False):
        """The parameter that has this slot's shape (and kind) in every call where its shape is
        known (stand-ins served in the worker are not): first the returned name's (m for m or
        m_new), then the others in order."""
        preferred = [p for p in self.params if name and (name == p or name.startswith(p + "_"))]
        candidates = preferred + [p for p in self.params if p not in used and p not in preferred]
        for p in candidates:
            known = [(a[p], v) for v, a in zip(values, arguments) if p in a and shape_of(a[p]) is not None]
            if known and all(shape_of(arg) == shape_of(v) and _kind(arg) == _kind(v)
                             and (shape_of(v) != () or arg.get("type", "float") == v.get("type", "float"))
                             and (not dtype_too or arg.get("dtype", "float64") == v.get("dtype", "float64")
                                  or "dtype" not in v)
                             for arg, v in known):
                return p
        return None


def _kind(skeleton):
    """array (with dimensions), scalar (a number or a 0-d array), seq, or the type's name."""
    shape = shape_of(skeleton)
    if shape:
        return "array"
    if shape == ():
        return "scalar"
    return "seq" if "seq" in skeleton else skeleton.get("type", "?")


def returned_names(node):
    """The names a function's last return statement returns ((a, b) gives ["a", "b"])."""
    returns = [n for n in ast.walk(node) if isinstance(n, ast.Return) and n.value is not None]
    if not returns:
        return None
    value = returns[-1].value
    items = value.elts if isinstance(value, ast.Tuple) else [value]
    return [item.id if isinstance(item, ast.Name) else None for item in items]


# ---- degenerate versions ----------------------------------------------------------------------------

FILLS = ("zeros", "ones", "constant", "random")


def degenerate(sources, functions, calls, alias_sources=None):
    """Every degenerate version of every graded function found in the reference sources.
    functions: function id -> [its id, aliases]; the definitions of its aliases found in sources or
    alias_sources ({file: Source}) are made unwritten stubs (`raise NotImplementedError`) alongside, since
    the grader grades a written alias in place of an unwritten stub (submission/findings.py)."""
    recorded = collections.defaultdict(list)
    for call in calls:
        recorded[call["function"]].append(call)
    found = []
    for function_id in functions:
        file, qualname = function_id.split(":", 1)
        if file not in sources:
            continue
        source = sources[file]
        node = functions_of(source.tree).get(qualname)
        if node is None:
            continue
        params = parameters(node)
        shapes = Shapes(recorded.get(function_id, []), params, returned_names(node))
        bodies = {"return None": ["return None"], "pass": ["pass"],
                  "raise NotImplementedError": ["raise NotImplementedError"],
                  "return 0": ["return 0"], "return 0.0": ["return 0.0"]}
        if params:
            bodies["first argument returned"] = [f"return {params[0]}"]
        for fill in FILLS:
            value = shapes.expression(fill)
            if value and value != "None":
                bodies[f"{fill} shaped like the reference's value"] = ["import numpy as _np", f"return {value}"]
        echo = shapes.expression("zeros", echo=True)
        for string in [None] + shapes.strings()[1:]:
            value = shapes.expression("zeros", echo=True, string=string)
            if value and value not in ("None", f"{params[0] if params else ''}"):
                bodies[f"inputs handed back (unchanged) where shaped like the value{f', {string!r}' if string else ''}"
                       ] = ["import numpy as _np", f"return {value}"]
        if shapes.printed:
            line = shapes.printed[0][0]
            value = echo or "None"
            bodies["prints the reference's usual line, checks nothing"] = [
                "import numpy as _np", f"print({line!r})", f"return {value}"]
        also = _unwritten_aliases(functions[function_id][1:], {**(alias_sources or {}), **sources})
        for kind, lines in bodies.items():
            found.append(dataclasses.replace(_replace_body(source, node, function_id, kind, lines), also=also))
        regions = [r for r in source.regions if node.lineno < r.begin and r.end <= node.end_lineno]
        if regions:
            spans = tuple((source.starts[r.begin - 1], source.starts[r.end], f"{r.indent}pass\n".encode())
                          for r in regions)
            found.append(Generated(f"{function_id}|degenerate|solution region emptied", file, function_id,
                                   "solution region emptied", "the solution region emptied, the handout's lines kept",
                                   spans, also))
    return found


def _unwritten_aliases(aliases, sources):
    """((file, spans), ...) that make each alias (`file.py:name`) defined in sources an unwritten stub."""
    also = []
    for alias in aliases:
        file, qualname = alias.split(":", 1)
        node = functions_of(sources[file].tree).get(qualname) if file in sources else None
        if node is not None:
            also.append((file, _replace_body(sources[file], node, alias, "alias", ["raise NotImplementedError"]).spans))
    return tuple(also)


def _replace_body(source, node, function_id, kind, lines):
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
            and isinstance(body[0].value.value, str) and len(body) > 1:
        body = body[1:]
    indent = " " * body[0].col_offset
    start = source.starts[body[0].lineno - 1]
    end = source.offset(body[-1].end_lineno, body[-1].end_col_offset)
    text = "".join(f"{indent}{line}\n" for line in lines).rstrip("\n").encode()
    return Generated(f"{function_id}|degenerate|{kind}", source.file, function_id, kind, " / ".join(lines),
                     ((start, end, text),))


# ---- mutants of the solution regions ----------------------------------------------------------------

SWAPS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.Pow: ast.Mult,
         ast.FloorDiv: ast.Div, ast.Mod: ast.FloorDiv}
COMPARES = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
            ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In}


def _copy(node):
    return ast.parse(ast.unparse(node), mode="eval").body if isinstance(node, ast.expr) else \
        ast.parse(ast.unparse(node)).body[0]


def _variants(node):
    """(operator, replacement node) for one node: the standard mutation operators."""
    out = []
    if isinstance(node, ast.BinOp):
        if type(node.op) in SWAPS:
            new = _copy(node)
            new.op = SWAPS[type(node.op)]()
            out.append(("operator swapped", new))
        out.append(("operand dropped (left kept)", node.left))
        out.append(("operand dropped (right kept)", node.right))
    elif isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in COMPARES:
        new = _copy(node)
        new.ops = [COMPARES[type(node.ops[0])]()]
        out.append(("comparison swapped", new))
    elif isinstance(node, ast.BoolOp):
        new = _copy(node)
        new.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        out.append(("and/or swapped", new))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)):
        out.append(("sign or negation dropped", node.operand))
    elif isinstance(node, ast.Constant) and type(node.value) in (int, float, bool):
        value = node.value
        changed = [not value] if isinstance(value, bool) else \
            ([value + 1] if isinstance(value, int) else [value * 2 if value else 1.0])
        if isinstance(value, int) and not isinstance(value, bool) and value in (1, 2):
            changed.append(value - 1)
        for v in changed:
            out.append(("constant changed", ast.Constant(v)))
    elif isinstance(node, ast.Attribute) and node.attr == "T":
        out.append(("transpose dropped", node.value))
    elif isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "transpose" and node.args:
            out.append(("transpose dropped", node.args[0]))
        if name == "range" and node.args:
            new = _copy(node)
            new.args[-1 if len(node.args) < 3 else 1] = ast.BinOp(new.args[-1 if len(node.args) < 3 else 1],
                                                                  ast.Sub(), ast.Constant(1))
            out.append(("range off by one (stop - 1)", new))
            if len(node.args) >= 2:
                new = _copy(node)
                new.args[0] = ast.BinOp(new.args[0], ast.Add(), ast.Constant(1))
                out.append(("range off by one (start + 1)", new))
        for i, keyword in enumerate(node.keywords):
            if keyword.arg == "axis" and isinstance(keyword.value, (ast.Constant, ast.UnaryOp)):
                new = _copy(node)
                current = ast.unparse(keyword.value)
                new.keywords[i].value = ast.Constant(1 if current == "0" else 0)
                out.append(("axis changed", new))
                new = _copy(node)
                del new.keywords[i]
                out.append(("axis dropped", new))
            elif keyword.arg == "keepdims":
                new = _copy(node)
                new.keywords[i].value = ast.Constant(not getattr(keyword.value, "value", True))
                out.append(("keepdims changed", new))
        for i, argument in enumerate(node.args):
            if len(node.args) > 1 and isinstance(argument, ast.Name):
                new = _copy(node)
                new.args[i] = new.args[0 if i else 1]
                out.append((f"argument {argument.id} ignored", new))
    return out


def _statement_variants(node):
    out = []
    if isinstance(node, ast.AugAssign):
        out.append(("+= made =", ast.Assign([node.target], node.value, lineno=node.lineno)))
        new = _copy(node)
        if type(node.op) in SWAPS:
            new.op = SWAPS[type(node.op)]()
            out.append(("operator swapped", new))
    if isinstance(node, (ast.Assign, ast.AugAssign, ast.Return)) and node.value is not None \
            and not isinstance(node.value, (ast.Tuple, ast.Constant)) and not _makes_zeros(node.value):
        new = _copy(node)
        new.value = ast.UnaryOp(ast.USub(), new.value)
        out.append(("sign flipped", new))
    if not isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        out.append(("statement removed", ast.Pass()))
    return out


def _makes_zeros(node):
    """A call of zeros or zeros_like, whose negation is the same zeros (no mutant to grade)."""
    return isinstance(node, ast.Call) and (getattr(node.func, "attr", None) or getattr(node.func, "id", None)) in (
        "zeros", "zeros_like")


def mutants(sources, functions, cap=None, seed="audit"):
    """The generated mutants of every solution region, deduplicated by their code, at most
    `cap` per unit (a deterministic sample, by hash of the mutant's id)."""
    graded = {}
    for function_id in functions:
        file, qualname = function_id.split(":", 1)
        if file in sources:
            node = functions_of(sources[file].tree).get(qualname)
            if node is not None:
                graded[(file, node.lineno)] = function_id
    found = {}
    for file, source in sources.items():
        text = source.data.decode("utf-8")
        reference_dump = ast.dump(source.tree)
        for qualname, function in functions_of(source.tree).items():
            unit = graded.get((file, function.lineno), f"{file}:*")
            for node in ast.walk(function):
                if not isinstance(node, (ast.expr, ast.stmt)) or not source.in_region(node):
                    continue
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    continue
                options = _statement_variants(node) if isinstance(node, ast.stmt) else _variants(node)
                for operator, replacement in options:
                    start, end = source.span_of(node)
                    new = ast.unparse(replacement)
                    if isinstance(node, ast.expr):
                        new = f"({new})"
                    mutated = source.data[:start] + new.encode() + source.data[end:]
                    try:
                        dump = ast.dump(ast.parse(mutated))
                    except SyntaxError:
                        continue
                    if dump == reference_dump:
                        continue
                    original = ast.get_source_segment(text, node) or ""
                    digest = hashlib.sha1(f"{operator}|{original}|{new}".encode()).hexdigest()[:10]
                    line = original.splitlines()[0] if original else ""
                    item = Generated(f"{file}:{qualname}:{digest}", file, unit, operator,
                                     f"line {node.lineno}: {operator}: {line.strip()[:60]} -> {new[:60]}",
                                     ((start, end, new.encode()),))
                    found.setdefault(dump, item)
    by_unit = collections.defaultdict(list)
    for item in found.values():
        by_unit[item.unit].append(item)
    chosen = []
    for _unit, items in sorted(by_unit.items()):
        items.sort(key=lambda m: hashlib.sha1(f"{seed}|{m.id}".encode()).hexdigest())
        chosen += sorted(items[:cap] if cap else items, key=lambda m: m.id)
    return chosen


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
