"""`autograder audit` on the toy assignment: what it generates, how it bundles, how it
judges, and (slow) one whole audit that finds the toy's planted weak test."""
import ast
import json
import textwrap

import pytest

from autograder import cli
from autograder.audit import corpus, degenerate, generate, mutate
from autograder.audit.grade_versions import Audit
from tests.toy_grading import forgetting_imports, toy_copy

SOURCE = textwrap.dedent('''\
    import numpy as np


    def scale(x, factor):
        """Scale x."""
        y = np.asarray(x)
        # BEGIN SOLUTION (hint: multiply)
        out = y * factor
        total = np.sum(out, axis=-1, keepdims=True)
        # END SOLUTION
        return out, total


    def helper(x):
        return scale(x, 2)
    ''')
FUNCTIONS = {"m.py:scale": ["m.py:scale"], "m.py:helper": ["m.py:helper"]}


def call(function, args, value, kwargs=None, test="public/t.py::a", printed=""):
    return {"test": test, "function": function, "args": args, "kwargs": kwargs or {}, "value": value,
            "printed": printed}


def array(*shape, dtype="float64"):
    return {"array": list(shape), "dtype": dtype}


def sources():
    return {"m.py": generate.Source("m.py", SOURCE.encode())}


def apply(items, source=SOURCE):
    data = source.encode()
    for start, end, text in sorted((s for item in items for s in item.spans), reverse=True):
        data = data[:start] + text + data[end:]
    return data.decode()


RECORDED = [call("m.py:scale", [array(3, 2), {"type": "float"}],
                 {"seq": [array(3, 2), array(3, 1)], "length": 2}),
            call("m.py:scale", [array(4, 5, dtype="float32"), {"type": "float"}],
                 {"seq": [array(4, 5, dtype="float32"), array(4, 1, dtype="float32")], "length": 2})]


def test_degenerate_versions_compile_and_replace_the_whole_body_keeping_the_docstring():
    found = degenerate.degenerate(sources(), FUNCTIONS, RECORDED)
    kinds = {g.kind for g in found if g.unit == "m.py:scale"}
    assert {"return None", "pass", "raise NotImplementedError", "return 0", "return 0.0", "first argument returned",
            "solution region emptied"} <= kinds
    assert any(k.startswith("zeros shaped") for k in kinds) and any(k.startswith("inputs handed back") for k in kinds)
    for g in found:
        text = apply([g])
        tree = ast.parse(text)
        scale = generate.functions_of(tree)["scale"]
        assert ast.get_docstring(scale) == "Scale x."
        assert "def helper" in text
        if g.kind == "return None" and g.unit == "m.py:scale":
            assert [type(s).__name__ for s in scale.body] == ["Expr", "Return"]


def test_a_degenerate_version_leaves_the_function_s_aliases_unwritten_too(tmp_path):
    # The grader grades a written alias in place of an unwritten stub: a degenerate scale must find none.
    alias = "def scale(x, factor):\n    return x * factor\n\n\ndef other(x):\n    return x\n"
    functions = {"m.py:scale": ["m.py:scale", "q1_m.py:scale", "utils/m.py:scale"], "m.py:helper": ["m.py:helper"]}
    found = degenerate.degenerate(sources(), functions, RECORDED,
                                {"q1_m.py": generate.Source("q1_m.py", alias.encode())})
    scale = [g for g in found if g.unit == "m.py:scale"]
    assert scale and all([file for file, _ in g.also] == ["q1_m.py"] for g in scale)
    assert not [g for g in found if g.unit == "m.py:helper" and g.also]
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / "m.py").write_text(SOURCE)
    (tmp_path / "reference" / "q1_m.py").write_text(alias)
    generate.write(str(tmp_path / "reference"), [scale[0]], str(tmp_path / "out"))
    written = (tmp_path / "out" / "q1_m.py").read_text()
    assert "raise NotImplementedError" in written and "return x * factor" not in written and "return x\n" in written


def test_shapes_follow_the_argument_that_always_has_the_value_s_shape():
    found = {g.kind: g for g in degenerate.degenerate(sources(), FUNCTIONS, RECORDED) if g.unit == "m.py:scale"}
    zeros = apply([found["zeros shaped like the reference's value"]])
    assert "_np.zeros(_np.shape(x)" in zeros          # item 0 follows x (same shape and dtype in every call)
    assert "_np.zeros((4, 1), 'float32')" in zeros or "_np.zeros((3, 1), 'float64')" in zeros  # item 1: no argument
    echo = apply([found["inputs handed back (unchanged) where shaped like the value"]])
    assert "return (x, " in echo


def test_the_usual_printed_line_makes_a_degenerate_version():
    recorded = [call("m.py:helper", [array(2)], {"type": "NoneType"}, printed="All good!")] * 3
    found = {g.kind: g for g in degenerate.degenerate(sources(), FUNCTIONS, recorded) if g.unit == "m.py:helper"}
    assert "print('All good!')" in apply([found["prints the reference's usual line, checks nothing"]])


def test_mutants_change_only_solution_regions_and_have_stable_distinct_ids():
    found = mutate.mutants(sources(), FUNCTIONS)
    assert len({m.id for m in found}) == len(found) >= 8
    kinds = {m.kind for m in found}
    assert {"operator swapped", "statement removed", "axis changed", "keepdims changed", "sign flipped"} <= kinds
    for m in found:
        text = apply([m])
        ast.parse(text)
        assert text.splitlines()[:6] == SOURCE.splitlines()[:6] and "return scale(x, 2)" in text
        assert m.unit == "m.py:scale"
    assert [m.id for m in mutate.mutants(sources(), FUNCTIONS)] == [m.id for m in found]
    capped = mutate.mutants(sources(), FUNCTIONS, cap=3)
    assert len(capped) == 3 and {m.id for m in capped} <= {m.id for m in found}


def test_bundles_keep_conflicting_functions_apart():
    conflicting = generate.conflicts(RECORDED, sources(), FUNCTIONS)
    assert ("m.py:helper", "m.py:scale") in conflicting  # helper's reference calls scale
    items = [generate.Generated(f"{u}|{i}", "m.py", u, "k", "", ()) for u in FUNCTIONS for i in range(2)]
    bundles = generate.bundle(items, conflicting)
    assert len(bundles) == 4 and all(len(b) == 1 for b in bundles)
    together = generate.bundle(items, set())
    assert len(together) == 2 and all({g.unit for g in b} == set(FUNCTIONS) for b in together)
    recorded = [call("m.py:scale", [], {}, test="public/t.py::b"), call("m.py:helper", [], {}, test="public/t.py::b")]
    assert ("m.py:scale", "m.py:helper") in generate.conflicts(recorded, {}, FUNCTIONS)


def test_corpus_bundles_hold_one_item_per_file(tmp_path):
    items = [corpus.Variant(f"v{i}", f, ()) for i, f in enumerate(["a.py", "a.py", "b.py"])]
    assert [[v.name for v in b] for b in corpus.bundles(items)] == [["v0", "v2"], ["v1"]]


def test_a_variant_saved_as_an_alias_is_handed_in_under_that_name(tmp_path):
    reference = tmp_path / "reference"
    reference.mkdir()
    (reference / "a.py").write_text("y = 1\n")
    (reference / "b.py").write_text("z = 1\n")
    bundle = (corpus.Variant("renamed", "a.py", (("y = 1", "y = 2"),), saved_as="q_a.py"),
              corpus.Variant("kept", "b.py", (("z = 1", "z = 3"),)))
    corpus.build_bundle(bundle, tmp_path / "built", reference)
    assert sorted(p.name for p in (tmp_path / "built").iterdir()) == ["b.py", "q_a.py"]
    assert (tmp_path / "built" / "q_a.py").read_text() == "y = 2\n"


def judged(graded, members, reference_tests):
    """An Audit whose gradings are given: {name: results}, {name: members}."""
    audit = Audit.__new__(Audit)
    audit.assignment = type("A", (), {"functions": {"f.py:f": [], "f.py:g": []}})()
    audit.files, audit.equivalent, audit.min_kill_rate = ["f.py"], {}, 0.95
    audit.defects, audit.notes, audit.generated = [], [], []
    audit.base = {"reference": {"score": 2.0, "tests": reference_tests}, "starter": {"score": 0.0, "tests": []}}
    audit.graded, audit.members = graded, members
    audit._judge()
    return audit


def entry(number, function, score, output=""):
    return {"number": number, "name": f"test {number}", "tags": [function], "score": score, "max_score": 1.0,
            "output": output, "status": "passed" if score else "failed"}


REFERENCE_TESTS = [entry("1", "f.py:f", 1.0), entry("2", "f.py:g", 1.0)]


def test_judging_mutants_named_mistakes_and_collateral():
    named = corpus.Mutant("named", "f.py", "", "", ("f.py:f",), mistake="off by one")
    collateral = corpus.Mutant("collateral", "f.py", "", "", ("f.py:f",))
    audit = judged({"a": {"tests": [entry("1", "f.py:f", 0.0, "your result matches a known mistake: off by one"),
                                    entry("2", "f.py:g", 1.0)]},
                    "b": {"tests": [entry("1", "f.py:f", 0.0, "wrong"), entry("2", "f.py:g", 0.0)]}},
                   {"a": [named], "b": [collateral]}, REFERENCE_TESTS)
    assert audit.defects == ["hand-written mutant collateral also loses points on f.py:g"]
    wrong_name = corpus.Mutant("wrong_name", "f.py", "", "", ("f.py:f",), mistake="off by two")
    audit = judged({"a": {"tests": [entry("1", "f.py:f", 0.0, "matches a known mistake: off by one")]}},
                   {"a": [wrong_name]}, REFERENCE_TESTS)
    assert "not named the known mistake 'off by two'" in audit.defects[0]


def test_judging_variants_expected_failures_and_mistake_names():
    good, expected = corpus.Variant("good", "f.py", ()), corpus.Variant("xfail", "f.py", (), "pending fix")
    told = corpus.Variant("told", "f.py", ())
    audit = judged({"a": {"tests": [entry("1", "f.py:f", 1.0), entry("2", "f.py:g", 1.0)]},
                    "b": {"tests": [entry("1", "f.py:f", 0.0)]},
                    "c": {"tests": [entry("1", "f.py:f", 1.0, "note: matches a known mistake: x")]}},
                   {"a": [good], "b": [expected], "c": [told]}, REFERENCE_TESTS)
    outcomes = {v.name: outcome for v, outcome, _, _ in audit.variant_outcomes}
    assert outcomes == {"good": "full marks", "xfail": "expected failure", "told": "full marks"}
    assert len(audit.defects) == 1 and "told is told a known mistake" in audit.defects[0]
    passing = judged({"a": {"tests": [entry("1", "f.py:f", 1.0)]}}, {"a": [expected]}, REFERENCE_TESTS)
    assert "now gets full marks: remove its xfail" in passing.defects[0]


def test_judging_generated_versions_and_the_kill_rate():
    degenerate = generate.Generated("f.py:f|degenerate|return None", "f.py", "f.py:f", "return None", "", ())
    killed = [generate.Generated(f"f.py:g:{i}", "f.py", "f.py:g", "op", "", ()) for i in range(19)]
    survivor = generate.Generated("f.py:g:s", "f.py", "f.py:g", "op", "line 3: op", ())
    graded = {"d": {"tests": [entry("1", "f.py:f", 1.0), entry("2", "f.py:g", 1.0)]},
              "k": {"tests": [entry("1", "f.py:f", 1.0), entry("2", "f.py:g", 0.0)]},
              "s": {"tests": [entry("1", "f.py:f", 1.0), entry("2", "f.py:g", 1.0)]}}
    members = {"d": [degenerate], "s": [survivor], **{f"k{i}": [m] for i, m in enumerate(killed)}}
    graded.update({f"k{i}": graded["k"] for i in range(19)})
    audit = judged(graded, members, REFERENCE_TESTS)
    assert any("degenerate f.py:f (return None" in d for d in audit.defects)
    assert not any("generated" in d for d in audit.defects)  # 19 of 20 = 95%
    assert [g.id for g in audit.survivors] == ["f.py:g:s"]
    assert audit.function_stats["f.py:g"]["generated killed"] == 19


@pytest.mark.slow
def test_audit_of_the_toy_finds_its_weak_test(tmp_path):
    """The toy's count_calls has a test (3.2: f is not called for n = 0) that `return None`
    passes, and no solution region: the audit must report both and exit 1; double's
    generated mutants all die, its correct variant keeps full marks."""
    toy = toy_copy(tmp_path / "toy", files={"reference/double.py": textwrap.dedent('''\
        def double(x):
            # BEGIN SOLUTION (hint: twice x)
            y = 2 * x
            # END SOLUTION
            return y
        ''')})
    package = tmp_path / "toycorpus"
    (package / "variants").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "variants" / "__init__.py").write_text("")
    (package / "variants" / "double.py").write_text(textwrap.dedent('''\
        from autograder.audit.corpus import Variant
        VARIANTS = [Variant("added", "double.py", (("y = 2 * x", "y = x + x"),)),
                    Variant("wrong_but_marked", "double.py", (("y = 2 * x", "y = 3 * x"),), xfail="a test")]
        '''))
    out = tmp_path / "audit.md"
    with forgetting_imports(toy):
        status = cli.main(["audit", "--assignment-dir", str(toy), "--variants", str(package / "variants"),
                           "--out", str(out), "--work", str(tmp_path / "work"), "--jobs", "2"])
    report = out.read_text()
    assert status == 1
    assert "| 3.2 " in report and "degenerate count.py:count_calls (return None" in report
    assert "degenerate double.py:double" not in report
    assert "| added | double.py | full marks |" in report
    assert "| wrong_but_marked | double.py | expected failure" in report
    assert "`double.py:double` | 0 / 0 |" in report and "| 100% |" in report
    # count.py has no solution region, so the toy's starter keeps count_calls and its points: a defect too
    assert json.loads((tmp_path / "work" / "results" / "starter.json").read_text())["score"] == 3
    assert "the starter scores 3: 2.1, 3.2" in report
