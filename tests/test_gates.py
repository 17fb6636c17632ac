"""checks.counts_with: a test that a stub can pass alone earns its points only with its gate."""
from autograder.plugin import GradingPlugin, TestResult


def result(node, status, counts_with=()):
    return TestResult(name=f"f: {node}", node=node, function_id="f.py:f", tags=["f.py:f"], number="1",
                      max_score=1.0, score=1.0 if status == "passed" else 0.0, status=status,
                      output="" if status == "passed" else "wrong value", visibility="visible", seconds=0.0,
                      counts_with=counts_with)


def finish(*results):
    plugin = GradingPlugin(None, None)
    plugin.results = {r.node: r for r in results}
    plugin.pytest_sessionfinish()
    return plugin.results


def test_a_gated_test_loses_its_points_when_its_gate_fails():
    results = finish(result("public/t.py::values", "failed"),
                     result("public/t.py::unchanged", "passed", ("public/t.py::values",)))
    gated = results["public/t.py::unchanged"]
    assert (gated.status, gated.score) == ("failed", 0.0)
    assert "public/t.py::values" in gated.output and "count only together with" in gated.output


def test_a_gated_test_keeps_its_points_when_its_gate_passes_or_did_not_run():
    passed = finish(result("public/t.py::values", "passed"),
                    result("public/t.py::unchanged", "passed", ("public/t.py::values",)))
    alone = finish(result("public/t.py::unchanged", "passed", ("public/t.py::values",)))  # e.g. --select
    assert passed["public/t.py::unchanged"].score == alone["public/t.py::unchanged"].score == 1.0
