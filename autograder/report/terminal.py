"""The report a person reads in a terminal: points per function, first failures,
and, apart from them, the grader's own errors."""
import collections

from autograder.sandbox.safe import safe_text

MAX_MESSAGE_LINES = 14
MAX_TRACE_LINES = 12


def function_table(results):
    """{function_id: (score, max_score, first failing TestResult or None, harness errors)} in test order.
    A failed test of weight 0 (advice) is never a function's first failure."""
    table = collections.OrderedDict()
    for r in results:
        score, maximum, failure, errors = table.get(r.function_id, (0.0, 0.0, None, 0))
        if failure is None and r.status == "failed" and not r.harness_error and r.max_score > 0:
            failure = r
        table[r.function_id] = (score + r.score, maximum + r.max_score, failure, errors + bool(r.harness_error))
    return table


def render(title, results, slowest=0, skipped_files=(), survivors=(), subtotals=None, notes=()):
    """subtotals: gradescope.subtotals' {"code": ..., "written": ...}, shown under the total when
    written answers were graded; notes: sentences for the student about how the files were found."""
    table = function_table(results)
    width = max([len(f) for f in table] + [8])
    lines = [title, "", f"       {'function':<{width}}  {'points':>15}  harness errors"]
    for function_id, (score, maximum, _, errors) in table.items():
        mark = "ok  " if score == maximum else "FAIL"
        lines.append(f"  {mark} {function_id:<{width}}  {score:6.2f} / {maximum:6.2f}  {errors or '':>6}")
    total = sum(r.score for r in results)
    possible = sum(r.max_score for r in results)
    lines += ["", f"  Total: {total:.2f} / {possible:.2f}"]
    if subtotals and subtotals["written"]["max_score"]:
        lines += [f"    {name + ':':<9}{part['score']:6.2f} / {part['max_score']:.2f}"
                  for name, part in subtotals.items()]
    if notes:
        lines += ["", "About your files:"] + [f"  {note}" for note in notes]
    if survivors:
        lines += ["", f"Warning: processes of the student's uid outlived SIGKILL: {list(survivors)}"]
    if skipped_files:
        lines += ["", "Files of the submission that were not graded:"] + [f"  {s}" for s in skipped_files]
    failures = [(f, fail) for f, (_, _, fail, _) in table.items() if fail is not None]
    if failures:
        lines += ["", "First failure of each function:"]
    for function_id, failure in failures:
        message = failure.output.splitlines()
        if len(message) > MAX_MESSAGE_LINES:
            message = message[:MAX_MESSAGE_LINES] + ["  ..."]
        lines += ["", f"--- {function_id}: {failure.name}"] + [f"  {line}" for line in message]
    advice = [r for r in results if r.status == "failed" and r.max_score == 0 and not r.harness_error]
    if advice:
        lines += ["", "Advice (0 points, not deductions):"]
        lines += [f"  {r.function_id}: {r.name}" for r in advice]
    broken = [r for r in results if r.harness_error]
    if broken:
        lines += ["", f"Harness errors: the grader failed on {len(broken)} tests (not the student's mistakes):"]
        for r in broken:
            trace = r.harness_error.strip().splitlines()[-MAX_TRACE_LINES:]
            lines += ["", f"--- {r.node}"] + [f"  {line}" for line in trace]
    if slowest:
        lines += ["", f"Slowest {slowest} tests:"]
        lines += [f"  {r.seconds:6.2f} s  {r.node}" for r in sorted(results, key=lambda r: -r.seconds)[:slowest]]
    return safe_text("\n".join(lines)) + "\n"  # file names and messages from the submission: nothing redraws
