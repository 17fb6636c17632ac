"""The report a person reads in a terminal: points per function, first failures."""
import collections

MAX_MESSAGE_LINES = 14


def function_table(results):
    """{function_id: (score, max_score, first failing TestResult or None)} in test order."""
    table = collections.OrderedDict()
    for r in results:
        score, maximum, failure = table.get(r.function_id, (0.0, 0.0, None))
        if failure is None and r.status == "failed":
            failure = r
        table[r.function_id] = (score + r.score, maximum + r.max_score, failure)
    return table


def render(title, results, slowest=0):
    table = function_table(results)
    width = max([len(f) for f in table] + [8])
    lines = [title, ""]
    for function_id, (score, maximum, _) in table.items():
        mark = "ok  " if score == maximum else "FAIL"
        lines.append(f"  {mark} {function_id:<{width}}  {score:6.2f} / {maximum:6.2f}")
    total = sum(r.score for r in results)
    possible = sum(r.max_score for r in results)
    lines += ["", f"  Total: {total:.2f} / {possible:.2f}"]
    failures = [(f, fail) for f, (_, _, fail) in table.items() if fail is not None]
    if failures:
        lines += ["", "First failure of each function:"]
    for function_id, failure in failures:
        message = failure.output.splitlines()
        if len(message) > MAX_MESSAGE_LINES:
            message = message[:MAX_MESSAGE_LINES] + ["  ..."]
        lines += ["", f"--- {function_id}: {failure.name}"] + [f"  {line}" for line in message]
    if slowest:
        lines += ["", f"Slowest {slowest} tests:"]
        lines += [f"  {r.seconds:6.2f} s  {r.node}" for r in sorted(results, key=lambda r: -r.seconds)[:slowest]]
    return "\n".join(lines) + "\n"
