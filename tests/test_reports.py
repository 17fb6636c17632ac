"""The reports: results.json stays within Gradescope's reach whatever student code printed."""
import json

from autograder.report import results_json


def test_results_are_capped_with_a_note():
    tests = [{"name": f"t{i}", "output": "x" * 50_000} for i in range(40)]
    document = results_json.capped({"tests": tests, "extra_data": {"harness_errors": [{"traceback": "y" * 300_000}]}})
    assert len(json.dumps(document)) <= results_json.MAX_RESULTS_BYTES
    assert all(t["output"].endswith(results_json.TRUNCATED) for t in document["tests"])
    assert document["extra_data"]["harness_errors"][0]["traceback"].endswith(results_json.TRUNCATED)


def test_a_named_mistake_is_found_in_a_failure_message():
    from autograder.checks import diagnose
    message = "softmax(x)\nreturned a wrong value\n  check:    " + diagnose.mistake_hint("summed over axis 0")
    assert diagnose.named_in(message) == ["summed over axis 0"]
    assert diagnose.named_in("returned a wrong value\n  check:    normalise each row") == []
