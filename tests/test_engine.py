"""Engine contracts, against the toy assignment (tests/toy/), through the real
command line: rubric overrides, visibility defaults, hide_errors, aliases and
support modules, limits in results.json, profiles, --select, --public-only.

Each whole grading starts a worker, so a few module-scoped gradings are shared
by many assertions."""
import json

import pytest

from autograder.grading.plugin import PROFILES
from autograder.grading.test_result import HARNESS_MESSAGE
from autograder.sandbox.limits import DEFAULTS
from tests.toy_grading import REFERENCE, SUBMISSIONS, TOY, by_number, grade, toy_copy

# One xdist group: the module's fixture grades once, on one worker.
pytestmark = pytest.mark.xdist_group("test_engine")

KNOWN, PROPERTY, COUNT, HIDDEN_DOUBLE, HIDDEN_COUNT = "1.1", "1.2", "2.1", "3.1", "3.2"


def examples(log):
    return len(log.read_text().splitlines()) if log.exists() else 0


@pytest.fixture(scope="module")
def wrong(tmp_path_factory):
    """The alias-named, half-wrong submission, full profile, --call-timeout 7:
    (results, terminal report, examples the property test ran)."""
    out = tmp_path_factory.mktemp("wrong")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TOY_EXAMPLE_LOG", str(out / "examples.log"))
        results, report = grade(TOY, SUBMISSIONS / "alias_wrong", out / "results.json", "--call-timeout", "7")
    return results, report, examples(out / "examples.log")


@pytest.fixture(scope="module")
def one_quick_test(tmp_path_factory):
    """The correct submission, one property test by node id, quick profile."""
    out = tmp_path_factory.mktemp("quick")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TOY_EXAMPLE_LOG", str(out / "examples.log"))
        results, report = grade(TOY, REFERENCE, out / "results.json", "--profile", "quick",
                                "--select", "public/test_double.py::test_double_property")
    return results, report, examples(out / "examples.log")


def test_alias_and_support_module_resolve(wrong):
    # alias_wrong/ has no double.py: its q1_double.py (an alias) imports the support module toy_helpers.
    tests = by_number(wrong[0])
    assert [tests[n]["status"] for n in (KNOWN, PROPERTY, HIDDEN_DOUBLE)] == ["passed"] * 3


def test_rubric_overrides_weight(wrong):
    known = by_number(wrong[0])[KNOWN]
    assert (known["max_score"], known["score"]) == (3.0, 3.0)  # @weight(1) in the suite, 3 in rubric.json


def test_rubric_hide_errors_replaces_the_message_of_a_failing_test(wrong):
    count = by_number(wrong[0])[COUNT]
    assert (count["status"], count["score"], count["output"]) == ("failed", 0.0, "Count the calls again.")


def test_failing_test_tells_the_student_what_went_wrong(wrong):
    hidden = by_number(wrong[0])[HIDDEN_COUNT]
    assert hidden["status"] == "failed"
    assert "called f 1 times, not 0" in hidden["output"]  # the suite's assert message, not hidden, not empty
    assert HARNESS_MESSAGE not in hidden["output"]


def test_visibility_defaults_per_tier_and_rubric_override(wrong):
    visibility = {n: t["visibility"] for n, t in by_number(wrong[0]).items()}
    assert visibility == {KNOWN: "visible", PROPERTY: "visible", COUNT: "visible",  # public: the manifest's
                          HIDDEN_DOUBLE: "after_published",                       # hidden: the manifest's
                          HIDDEN_COUNT: "visible"}                                # rubric.json's


def test_score_and_no_harness_errors(wrong):
    results, report, _ = wrong
    passed = sum(t["max_score"] for t in results["tests"] if t["status"] == "passed")
    assert results["score"] == passed == 5.0
    assert results["extra_data"]["harness_errors"] == []
    assert "Total: 5.00 / 8.00" in report and "First failure of each function" in report


def test_limits_resolve_defaults_then_manifest_then_command_line(wrong):
    manifest = json.loads((TOY / "manifest.json").read_text())["limits"]
    assert manifest == {"call_timeout": 5, "budget": 60}
    expected = dict(DEFAULTS, call_timeout=7.0, budget=60.0)  # call_timeout: the command line over the manifest
    assert wrong[0]["extra_data"]["limits"] == expected


def test_profiles_set_the_number_of_examples(wrong, one_quick_test):
    assert PROFILES["quick"] < PROFILES["full"]
    assert wrong[2] == PROFILES["full"]
    assert one_quick_test[2] == PROFILES["quick"]


def test_select_runs_exactly_one_test(one_quick_test):
    results = one_quick_test[0]
    assert [(t["number"], t["status"]) for t in results["tests"]] == [(PROPERTY, "passed")]


def test_public_only_without_a_reference_folder(tmp_path):
    """With no verb, as run_autograder calls it."""
    assignment = toy_copy(tmp_path / "toy", without=["reference"])
    results, _ = grade(assignment, REFERENCE, tmp_path / "results.json", "--public-only", verb=())
    assert sorted(by_number(results)) == [KNOWN, PROPERTY, COUNT]
    assert all(t["status"] == "passed" for t in results["tests"]), results["tests"]
    assert results["score"] == 6.0 and results["extra_data"]["harness_errors"] == []


def test_the_summary_counts_only_the_tests_a_student_sees_now(wrong):
    results = wrong[0]
    shown = [t for t in results["tests"] if t["visibility"] == "visible"]
    assert len(shown) < len(results["tests"])  # the toy has a test shown only once grades are published
    total, possible = sum(t["score"] for t in shown), sum(t["max_score"] for t in shown)
    passed = sum(t["status"] == "passed" for t in shown)
    assert results["output"].startswith(
        f"On the tests you can see now: {total:g} / {possible:g} points; {passed} of {len(shown)} tests passed.")


def test_the_reference_is_loaded_before_any_worker_starts(tmp_path, monkeypatch):
    """The grader imports the reference's files before student code first runs, so nothing a submission
    does meanwhile can reach what the grader imports for hidden tests."""
    import os
    import sys

    from autograder.sandbox.calls import Sandbox
    loaded_at_start = []
    start = Sandbox.start

    def recording_start(self):
        loaded_at_start.append({os.path.basename(module.__file__) for module in list(sys.modules.values())
                                if str(getattr(module, "__file__", None) or "").startswith(str(TOY / "reference"))})
        return start(self)
    monkeypatch.setattr(Sandbox, "start", recording_start)
    results, _ = grade(TOY, REFERENCE, tmp_path / "results.json")
    assert results["score"] > 0 and results["extra_data"]["harness_errors"] == []
    assert loaded_at_start and all(files >= {"count.py", "double.py"} for files in loaded_at_start)
