"""The report stage: from the grading's records (grading.suites.Graded), the assignment and the
policies' decision (policy.Decision), the one results document every output is read from.

results.json is this document; the terminal report (terminal.text), a student's check
(student.render), a batch's rows and the student-safe feedback (classout) are read from it
alone, so they agree by construction: a late penalty, say, is applied here once and every
output shows the score after it.

extra_data holds what instructors read and the other outputs need: limits, phase timings,
the grader's own errors, the files not graded, how the files were found, named mistakes,
faults, each test's id and seconds (`test_ids`, `test_seconds`, in the order of `tests`), the
assignment's title, the submission's path and the names its functions are shown under (`shown_as`).
"""
import os
import time

from autograder.report import results_json


def summary_text(results, notes=()):
    """The student-visible summary. It counts only the tests a student sees at once: counts
    that include hidden tests would tell, before the due date, how many of those failed.
    notes: sentences about how the submission's files were found, appended."""
    shown = [r for r in results if r.visibility == "visible"]
    total, possible = sum(r.score for r in shown), sum(r.max_score for r in shown)
    passed = sum(r.status == "passed" for r in shown)
    text = f"{total:g} / {possible:g} points; {passed} of {len(shown)} tests passed."
    if len(shown) < len(results):
        text = (f"On the tests you can see now: {text} The other tests are shown after the due date "
                "or when grades are published.")
    if any(r.harness_error for r in shown):
        text += " The grader itself failed on some tests, not because of your code; your instructor can see why."
    return " ".join([text, *notes])


def shown_names(assignment, submission):
    """{function id: the alias to show instead}, for each function whose canonical file the submission
    folder lacks but another of whose files it has (CS224n's handout has sigmoid in word2vec.py)."""
    shown = {}
    for function, aliases in assignment.functions.items():
        present = [alias for alias in aliases if os.path.isfile(os.path.join(submission, alias.split(":")[0]))]
        if present and present[0] != function:
            shown[function] = present[0]
    return shown


def build(graded, assignment, submission, decision):
    """The results document of one grading: graded (grading.suites.Graded), submission (the path graded),
    decision (policy.Decision, applied here and nowhere else)."""
    started = time.monotonic()
    results = graded.results
    phases = dict(graded.phases)
    extra = {"limits": graded.limits, "processes": graded.processes,
             "harness_errors": [{"test": r.node, "traceback": r.harness_error} for r in results if r.harness_error],
             "skipped_files": graded.skipped, "isolation": graded.isolation, "survivors": graded.survivors,
             "subtotals": results_json.subtotals(results, assignment.written), "layout": graded.layout,
             "notes": graded.notes,
             "named_mistakes": [{"test": r.node, "function": r.function_id, "mistake": m[:300]}
                                for r in results if r.status == "failed" for m in r.named_mistakes],
             "faults": [{"test": r.node, "function": r.function_id, "kind": r.fault, "message": r.output[:500]}
                        for r in results if r.fault],
             "test_ids": [r.node for r in results],
             "test_seconds": [round(r.seconds, 4) for r in results],  # a timing, as phases are
             "title": assignment.title, "submission": os.path.abspath(submission),
             "shown_as": shown_names(assignment, submission)}
    document = results_json.results_document(results, graded.seconds, summary_text(results, graded.notes), extra)
    decision.apply(document)
    phases["report"] = time.monotonic() - started
    extra["phases"] = {name: round(seconds, 4) for name, seconds in phases.items()}
    document["execution_time"] = round(graded.seconds + phases["report"], 3)
    return document
