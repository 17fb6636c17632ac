"""The report a person reads in a terminal: points per function, first failures,
and, apart from them, the grader's own errors. Read from the results document alone
(report/document.py), so its total is results.json's score, late penalty included."""
import collections

from autograder.sandbox.safe import safe_text

MAX_MESSAGE_LINES = 14
MAX_TRACE_LINES = 12


def tests_with_runs(document):
    """[(test entry, {"test": id, "seconds": s}, whether the grader failed on it)] in the document's order
    (a document kept from an earlier grading may have no ids or seconds)."""
    extra = document.get("extra_data") or {}
    tests = document["tests"]
    ids, seconds = extra.get("test_ids") or [t["name"] for t in tests], extra.get("test_seconds") or [0.0] * len(tests)
    broken = {error.get("test") for error in extra.get("harness_errors") or []}
    return [(test, {"test": node, "seconds": spent}, node in broken)
            for test, node, spent in zip(tests, ids, seconds)]


def function_table(entries):
    """{function_id: (score, max_score, first failing test entry or None, harness errors)} in test order.
    A failed test of weight 0 (advice) is never a function's first failure."""
    table = collections.OrderedDict()
    for test, _, broken in entries:
        function = test["tags"][0] if test.get("tags") else "?"
        score, maximum, failure, errors = table.get(function, (0.0, 0.0, None, 0))
        if failure is None and test["status"] == "failed" and not broken and test["max_score"] > 0:
            failure = test
        table[function] = (score + test["score"], maximum + test["max_score"], failure, errors + broken)
    return table


def text(document, slowest=0):
    """The report of a results document; slowest: list that many of the slowest tests."""
    extra = document.get("extra_data") or {}
    lines = [f"{extra['title']}: {extra['submission']}" if "title" in extra else ""]
    if not document["tests"] or "cooldown" in extra:  # nothing graded now: what the student reads says why
        lines += ["", document["output"]]
    entries = tests_with_runs(document)
    if document["tests"]:
        lines += table_lines(document, entries)
    lines += file_lines(extra)
    lines += failure_lines(entries)
    lines += harness_lines(extra)
    if slowest:
        lines += ["", f"Slowest {slowest} tests:"]
        lines += [f"  {run.get('seconds', 0.0):6.2f} s  {run.get('test', test['name'])}"
                  for test, run, _ in sorted(entries, key=lambda entry: -entry[1].get("seconds", 0.0))[:slowest]]
    # file names and messages from the submission: nothing redraws the terminal
    return safe_text("\n".join(lines).lstrip("\n")) + "\n"


def table_lines(document, entries):
    """Points per function, the total (the document's score) and the subtotals of written answers."""
    table = function_table(entries)
    width = max([len(f) for f in table] + [8])
    lines = ["", f"       {'function':<{width}}  {'points':>15}  harness errors"]
    for function_id, (score, maximum, _, errors) in table.items():
        mark = "ok  " if score == maximum else "FAIL"
        lines.append(f"  {mark} {function_id:<{width}}  {score:6.2f} / {maximum:6.2f}  {errors or '':>6}")
    possible = sum(test["max_score"] for test in document["tests"])
    lines += ["", f"  Total: {document['score']:.2f} / {possible:.2f}"]
    penalty = (document.get("extra_data") or {}).get("late_penalty") or {}
    if penalty.get("fraction"):
        lines.append(f"    after a late penalty of {penalty['fraction']:.0%} "
                     f"(before it: {penalty['score_before']:.2f})")
    subtotals = (document.get("extra_data") or {}).get("subtotals")
    if subtotals and subtotals["written"]["max_score"]:
        lines += [f"    {name + ':':<9}{part['score']:6.2f} / {part['max_score']:.2f}"
                  for name, part in subtotals.items()]
    return lines


def file_lines(extra):
    lines = []
    if extra.get("notes"):
        lines += ["", "About your files:"] + [f"  {note}" for note in extra["notes"]]
    if extra.get("survivors"):
        lines += ["", f"Warning: processes of the student's uid outlived SIGKILL: {list(extra['survivors'])}"]
    if extra.get("skipped_files"):
        lines += ["", "Files of the submission that were not graded:"] + [f"  {s}" for s in extra["skipped_files"]]
    return lines


def failure_lines(entries):
    """The first failure of each function, then the advice (failed tests of 0 points)."""
    lines = []
    failures = [(f, fail) for f, (_, _, fail, _) in function_table(entries).items() if fail is not None]
    if failures:
        lines += ["", "First failure of each function:"]
    for function_id, failure in failures:
        message = failure["output"].splitlines()
        if len(message) > MAX_MESSAGE_LINES:
            message = message[:MAX_MESSAGE_LINES] + ["  ..."]
        lines += ["", f"--- {function_id}: {failure['name']}"] + [f"  {line}" for line in message]
    advice = [test for test, _, broken in entries if test["status"] == "failed" and test["max_score"] == 0
              and not broken]
    if advice:
        lines += ["", "Advice (0 points, not deductions):"]
        lines += [f"  {(test.get('tags') or ['?'])[0]}: {test['name']}" for test in advice]
    return lines


def harness_lines(extra):
    errors = extra.get("harness_errors") or []
    if not errors:
        return []
    lines = ["", f"Harness errors: the grader failed on {len(errors)} tests (not the student's mistakes):"
             if any(error.get("test") for error in errors) else
             "Harness error: the grader failed on this submission (not the student's mistake):"]
    for error in errors:
        trace = (error.get("traceback") or "").strip().splitlines()[-MAX_TRACE_LINES:]
        lines += ["", f"--- {error.get('test') or 'the whole grading'}"] + [f"  {line}" for line in trace]
    return lines
