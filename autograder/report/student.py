"""The report of a student's own check (`autograder check`, the handout's ./check): short enough to
read at a glance on an untouched starter, built from the results document alone.

One line per graded function (points, and "ok", "not written yet" or how many checks failed),
the total, then the first failure of every function that is written but fails; when none is,
the first failure of the first function not written yet, so the student sees where to start.
Advice (tests of 0 points) is listed only for functions that are written.
"""
import re

NOT_WRITTEN = "is not implemented yet (it raised NotImplementedError"
SUMMARY = re.compile(r"^[\d.]+ / [\d.]+ points; \d+ of \d+ tests passed\.\s*")
HEAD_LINES, TAIL_LINES = 6, 10  # of a long failure message: its call, then what was expected and what came back


def functions(document, labels=None):
    """{function's label: [its tests]} in test order (a test's first tag is its function id; labels: {function
    id: the name to show}, for a function the submission has under another of its names)."""
    table = {}
    for test in document["tests"]:
        function = test["tags"][0] if test.get("tags") else "?"
        table.setdefault((labels or {}).get(function, function), []).append(test)
    return table


def graded_failures(tests):
    return [t for t in tests if t["status"] != "passed" and t["max_score"] > 0]


def not_written(tests):
    """Whether every graded check of the function stopped at its stub's NotImplementedError."""
    failed = graded_failures(tests)
    return bool(failed) and len(failed) == len([t for t in tests if t["max_score"] > 0]) \
        and all(NOT_WRITTEN in t["output"] for t in failed)


def cut(message, head=HEAD_LINES, tail=TAIL_LINES):
    """The message's lines, the middle of a long one left out (its start names the call, its end the verdict)."""
    lines = message.splitlines()
    if len(lines) <= head + tail + 1:
        return lines
    return [*lines[:head], f"... ({len(lines) - head - tail} lines left out)", *lines[-tail:]]


def points(value):
    return f"{value:g}"


def render(title, document, labels=None):
    """The report's text for a results document (results_json.results_document's) of public tests."""
    table = functions(document, labels)
    width = max([len(f) for f in table] + [8])
    lines = [title]
    unwritten = [f for f, tests in table.items() if not_written(tests)]
    for function, tests in table.items():
        score, maximum = sum(t["score"] for t in tests), sum(t["max_score"] for t in tests)
        failed = graded_failures(tests)
        state = ("not written yet" if function in unwritten else
                 "ok" if not failed else f"{len(failed)} of {len([t for t in tests if t['max_score'] > 0])} "
                 "checks failed")
        lines.append(f"  {points(score):>5} / {points(maximum):<5} {function:<{width}}  {state}")
    subtotals = document.get("extra_data", {}).get("subtotals") or {}
    parts = ", ".join(f"{name} {points(part['score'])} / {points(part['max_score'])}"
                      for name, part in subtotals.items()) if subtotals.get("written", {}).get("max_score") else ""
    total = sum(t["max_score"] for t in document["tests"])
    lines.append(f"  Total: {points(document['score'])} / {points(total)}" + (f" ({parts})" if parts else ""))
    notes = SUMMARY.sub("", document.get("output", ""))
    if notes:
        lines += ["", notes]
    failing = [(f, graded_failures(tests)[0]) for f, tests in table.items()
               if f not in unwritten and graded_failures(tests)]
    if failing:
        for function, test in failing:
            lines += ["", f"--- {function}: {test['name']}", *(f"  {line}" for line in cut(test["output"]))]
    elif unwritten:
        function = unwritten[0]
        test = graded_failures(table[function])[0]
        lines += ["", f"Start with {function}; its first check, {test['name']}, says that it",
                  f"  {test['output'].splitlines()[-1]}"]
    advice = [t for f, tests in table.items() if f not in unwritten
              for t in tests if t["max_score"] == 0 and t["status"] != "passed"]
    if advice:
        lines += ["", "Advice (0 points, not deductions):", *(f"  {t['name']}" for t in advice)]
    return "\n".join(lines) + "\n"


def text(document):
    """The report of a check's results document (report/document.py's), titled and labelled from it."""
    extra = document.get("extra_data") or {}
    return render(f"{extra.get('title', 'The assignment')}, the public checks of {extra.get('submission', '')}:",
                  document, extra.get("shown_as"))
