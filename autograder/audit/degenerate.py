"""Degenerate versions of every graded function (return None, zeros shaped like the reference's
value, the inputs handed back, ...): each earns nothing on its function if the tests are sound.

The shapes of return values come from what grading the reference recorded (`autograder grade
--record`): the shape and dtype of every argument and value of every answered call.
"""
import ast
import collections
import dataclasses
import random

from autograder.audit.generate import Generated, functions_of, parameters


def shape_of(skeleton):
    """The shape numpy would give the value (None when it is not array-like)."""
    if "array" in skeleton:
        return tuple(skeleton["array"])
    if skeleton.get("type") in ("float", "int", "bool"):
        return ()
    if "seq" in skeleton and skeleton["seq"] and all(s.get("type") in ("float", "int") for s in skeleton["seq"]):
        return (skeleton["length"],)
    return None


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
                  "return 0": ["return 0"], "return 0.0": ["return 0.0"],
                  # Values of the wrong kind, item by item too: a check must say so, not fail in the grader.
                  "a string returned": ["return 'abc'"], "a dict returned": ["return {'a': 1}"],
                  "a huge number returned": ["return 2.0 ** 80"]}
        arity = len(returned_names(node) or ())
        if arity > 1:
            bodies["a tuple of strings returned"] = [f"return {tuple(['abc'] * arity)!r}"]
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
