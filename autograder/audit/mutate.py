"""Mutants of the solution regions: the standard mutation operators (an operator, comparison,
constant, axis or range bound changed, an operand, transpose or statement dropped) applied to
every expression and statement the reference writes between its solution markers.
"""
import ast
import collections
import hashlib

from autograder.audit.generate import Generated, functions_of

SWAPS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.Pow: ast.Mult,
         ast.FloorDiv: ast.Div, ast.Mod: ast.FloorDiv}
COMPARES = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
            ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In}


def _copy(node):
    return ast.parse(ast.unparse(node), mode="eval").body if isinstance(node, ast.expr) else \
        ast.parse(ast.unparse(node)).body[0]


def _variants(node):
    """(operator, replacement node) for one expression: the standard mutation operators."""
    if isinstance(node, ast.Call):
        return _call_variants(node)
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
    return out


def _call_variants(node):
    """(operator, replacement node) for a call: transpose dropped, a range bound off by one, the
    axis changed or dropped, keepdims changed, an argument ignored."""
    out = []
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
