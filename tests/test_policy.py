"""Late penalty and resubmission cooldown, from recorded submission_metadata.json
files (tests/data/metadata/, in Gradescope's documented format): off by default,
applied when rubric.json sets them, and told to the student without points."""
import json
from pathlib import Path

import pytest

from autograder.assignment import Assignment, AssignmentError
from autograder.report import policy
from tests.toy_grading import REFERENCE, TOY, grade, toy_copy

METADATA = Path(__file__).resolve().parent / "data" / "metadata"
LATE = {"penalty_per_day": 0.1, "max_penalty": 0.3, "after_late_due_date": 0.8}


def recorded(name):
    return policy.read_metadata(str(METADATA / f"{name}.json"))


def document(score=40.0):
    return {"score": score, "output": "On the tests you can see now: 5 / 6 points.", "tests": [], "extra_data": {}}


@pytest.mark.parametrize("name, fraction, said", [
    ("on_time", None, None),
    ("late_two_days", 0.2, "Submitted 1 day 10 hours after the due date: a late penalty of 20%"),
    ("after_late_due_date", 0.8, "after the late due date: a late penalty of 80%"),
])
def test_the_late_penalty_follows_the_due_dates(name, fraction, said):
    graded = policy.apply_late_penalty(document(), recorded(name), LATE)
    if fraction is None:
        assert graded["score"] == 40.0 and graded["extra_data"]["late_penalty"] == {"fraction": 0.0}
        return
    assert graded["score"] == pytest.approx(40.0 * (1 - fraction))
    assert said in graded["output"] and "40" not in graded["output"].split("points.")[1]  # no points told
    assert graded["extra_data"]["late_penalty"]["score_before"] == 40.0


def test_the_penalty_is_capped_and_a_grace_period_forgives():
    assert policy.late_penalty(recorded("late_two_days"), {"penalty_per_day": 0.5, "max_penalty": 0.3})[0] == 0.3
    assert policy.late_penalty(recorded("late_two_days"), {**LATE, "grace_minutes": 3000}) is None


def test_a_submission_too_soon_after_the_last_graded_one_keeps_its_results():
    kept = policy.cooldown_document(recorded("cooldown"), {"minutes": 60})
    # The last graded submission came at 20:55; the one at 21:05 was itself refused and starts nothing.
    assert kept["score"] == 40.0 and kept["tests"][0]["name"] == "softmax: rows sum to one"
    assert kept["output"].startswith("This submission was not graded: one graded submission per 60 minutes")
    assert "last came 15 minutes before it" in kept["output"] and "after 2024-02-01T21:55-08:00" in kept["output"]
    assert kept["extra_data"]["cooldown"]["previous"] == "2024-02-01T20:55:00.000000-08:00"
    assert policy.cooldown_document(recorded("cooldown"), {"minutes": 10}) is None
    assert policy.cooldown_document(recorded("on_time"), {"minutes": 60}) is None  # a first submission


def test_policies_are_off_by_default_and_checked(tmp_path):
    assert Assignment(str(toy_copy(tmp_path / "plain"))).policies == {}
    rubric = {"tests": {}, "late_policy": {"penalty_per_day": 2}}
    with pytest.raises(AssignmentError, match="penalty_per_day must be a number from 0 to 1"):
        Assignment(str(toy_copy(tmp_path / "bad", rubric=rubric)))
    with pytest.raises(AssignmentError, match="unknown field 'hours'"):
        Assignment(str(toy_copy(tmp_path / "bad2", rubric={"cooldown": {"hours": 1}})))


def test_the_command_line_keeps_the_last_results_during_a_cooldown(tmp_path):
    assignment = toy_copy(tmp_path / "toy", rubric={"cooldown": {"minutes": 60}})
    results, report = grade(assignment, REFERENCE, tmp_path / "r.json", "--metadata",
                            str(METADATA / "cooldown.json"))
    assert results["score"] == 40.0 and "This submission was not graded" in report


def test_the_terminal_report_and_results_json_agree_on_a_late_submission(tmp_path):
    """One report stage: the terminal's total is results.json's score, after the late penalty."""
    rubric = json.loads((TOY / "rubric.json").read_text())
    assignment = toy_copy(tmp_path / "toy", rubric={**rubric, "late_policy": LATE})
    late, report = grade(assignment, REFERENCE, tmp_path / "late.json", "--metadata",
                         str(METADATA / "late_two_days.json"))
    possible = sum(t["max_score"] for t in late["tests"])
    assert late["score"] == pytest.approx(0.8 * possible) and late["score"] < possible
    assert f"Total: {late['score']:.2f} / {possible:.2f}" in report
    assert "after a late penalty of 20%" in report
    assert late == json.loads((tmp_path / "late.json").read_text())


@pytest.mark.slow
def test_the_command_line_applies_a_late_penalty(tmp_path):
    rubric = json.loads((TOY / "rubric.json").read_text())
    assignment = toy_copy(tmp_path / "toy", rubric={**rubric, "late_policy": LATE})
    plain, _ = grade(toy_copy(tmp_path / "plain"), REFERENCE, tmp_path / "plain.json", "--public-only")
    late, _ = grade(assignment, REFERENCE, tmp_path / "late.json", "--public-only", "--metadata",
                    str(METADATA / "late_two_days.json"))
    assert late["score"] == pytest.approx(plain["score"] * 0.8) and "late penalty of 20%" in late["output"]
    missing, _ = grade(assignment, REFERENCE, tmp_path / "missing.json", "--public-only")
    assert missing["score"] == plain["score"] and "no submission metadata" in missing["extra_data"]["policy_problem"]
    assert json.loads((tmp_path / "late.json").read_text())["extra_data"]["late_penalty"]["fraction"] == 0.2
