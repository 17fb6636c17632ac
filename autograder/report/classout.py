"""The outputs of a graded class: grades.csv, report.md, histogram.png and one feedback file per student.

Every row is read defensively from its results document: a row whose results cannot be read
becomes a harness-error row, never the end of the class's outputs. Every string that goes
out is made safe (`safe`): valid UTF-8 (a lone surrogate, as an undecodable file name gives,
becomes U+FFFD), no control character but newline and tab. Text cells of grades.csv never
read as spreadsheet formulas (`csv_text`).
"""
import collections
import csv
import dataclasses
import os
import statistics

from autograder.sandbox.safe import safe_text

GRADED, NOT_GRADED, HARNESS_ERROR = "graded", "not graded", "harness error"
FAULTS = (("syntax error", "Syntax errors"), ("timeout", "Timeouts"), ("crash", "Crashes"))
HARNESS_MESSAGE_START = "The grader itself failed on this test"  # plugin.HARNESS_MESSAGE: not a student failure
MOST_FAILED_ROWS = 20
SLOWEST_ROWS = 5
# Control characters (C0 but tab and newline, DEL, C1) redraw a terminal; lone surrogates cannot be encoded.
# OWASP's CSV-injection list; its tab and carriage return never start a cell, as one_line strips them.
FORMULA_STARTS = ("=", "+", "-", "@")


def safe(text) -> str:
    """text (str, bytes or anything str() takes) as a string any output can hold: CRLF becomes a
    newline, any other control character but newline and tab and any lone surrogate becomes U+FFFD."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    elif not isinstance(text, str):
        text = str(text)
    return safe_text(text.replace("\r\n", "\n"))


def one_line(text, limit=300) -> str:
    text = " ".join(safe(text).split())
    return text if len(text) <= limit else text[:limit] + " ..."


def csv_text(text) -> str:
    """A text cell of grades.csv: one safe line, with a leading apostrophe where a spreadsheet would
    otherwise read it as a formula."""
    text = one_line(text, 1000)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def plural(count, noun) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def cell(text) -> str:
    """Text for a cell of a Markdown table."""
    return one_line(text).replace("|", "\\|")


def number(value) -> float:
    """A finite float from a results document's field, 0.0 for anything else."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or abs(value) == float("inf"):
        return 0.0
    return float(value)


@dataclasses.dataclass
class Row:
    """One submission as the class outputs show it; every string safe."""
    name: str
    who: str
    sids: str
    names: str
    emails: str
    submitted_at: str
    status: str
    reason: str
    seconds: float
    tests: list          # [{"name", "function", "score", "max_score", "failed", "output", "visibility", "harness"}]
    score: float | None  # after the late penalty; None when the grader gave no results
    late_penalty: float  # the fraction taken off
    output: str          # the student-visible summary
    faults: list         # [(kind, function, message)]
    mistakes: list       # [(function, mistake)]

    def points(self):
        """{function id: (points, max points)}, by each test's first tag."""
        points = collections.OrderedDict()
        for test in self.tests:
            score, maximum = points.get(test["function"], (0.0, 0.0))
            points[test["function"]] = (score + test["score"], maximum + test["max_score"])
        return points

    @property
    def maximum(self):
        return sum(test["max_score"] for test in self.tests)


def read_row(submission, outcome) -> Row:
    """The Row of (Submission, Outcome); a row whose results cannot be read is a harness error."""
    students = [s for s in getattr(submission, "students", []) if isinstance(s, dict)]
    row = Row(name=safe(submission.name), who=safe(submission.who),
              sids="; ".join(safe(s.get("sid", "")) for s in students),
              names="; ".join(safe(s.get("name", "")) for s in students),
              emails="; ".join(safe(s.get("email", "")) for s in students),
              submitted_at=safe(getattr(submission, "submitted_at", "") or ""), status=HARNESS_ERROR,
              reason="", seconds=number(getattr(outcome, "seconds", 0.0)), tests=[], score=None, late_penalty=0.0,
              output="", faults=[], mistakes=[])
    try:
        read_results(row, outcome)
    except Exception as error:  # the grader's document, damaged: this row says so, the class goes on
        row.status, row.tests, row.score, row.faults, row.mistakes = HARNESS_ERROR, [], None, [], []
        row.reason = f"its results could not be read ({type(error).__name__}: {one_line(error, 200)})"
    return row


def read_results(row, outcome):
    document = outcome.document if isinstance(outcome.document, dict) else {}
    extra = document.get("extra_data") if isinstance(document.get("extra_data"), dict) else {}
    row.status = outcome.status if outcome.status in (GRADED, NOT_GRADED) else HARNESS_ERROR
    row.reason = one_line(outcome.reason)
    row.output = safe(document.get("output", ""))
    for test in document.get("tests") or []:
        tags = test.get("tags") or ["(untagged)"]
        output = safe(test.get("output") or "")
        row.tests.append({"name": safe(test.get("name", "")), "function": safe(tags[0]),
                          "score": number(test.get("score")), "max_score": number(test.get("max_score")),
                          "failed": test.get("status") == "failed", "output": output,
                          "visibility": safe(test.get("visibility", "visible")),
                          "harness": output.startswith(HARNESS_MESSAGE_START)})
    if row.tests or row.status != HARNESS_ERROR:
        row.score = number(document.get("score"))
    penalty = extra.get("late_penalty")
    row.late_penalty = number(penalty.get("fraction")) if isinstance(penalty, dict) else 0.0
    row.faults = [(safe(f.get("kind")), safe(f.get("function")), one_line(f.get("message", ""), 200))
                  for f in extra.get("faults") or [] if isinstance(f, dict)]
    row.mistakes = [(safe(m.get("function", "")), safe(m.get("mistake", "")))
                    for m in extra.get("named_mistakes") or [] if isinstance(m, dict)]


# -- grades.csv --------------------------------------------------------------

GRADES_COLUMNS = ["submission", "sid", "students", "emails", "submitted_at", "status", "code", "code_max",
                  "written", "written_max", "late_penalty", "total", "max", "percentage"]


def points_text(value) -> str:
    return f"{value:g}"


def write_grades(path, rows, functions, written, maxima):
    """grades.csv: one row per submission. code and written: points of the functions outside and inside
    `written` (before the late penalty); total: their sum less the late penalty; percentage: total of max.
    A row without results counts each function's maximum from `maxima` ({function: the class's max})."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow([*GRADES_COLUMNS, *(csv_text(f) for f in functions), "reason"])
        for row in rows:
            points = row.points() or {f: (0.0, maximum) for f, maximum in maxima.items()}
            known = row.score is not None
            parts = {part: [0.0, 0.0] for part in ("code", "written")}
            for function, (score, maximum) in points.items():
                part = parts["written" if function in written else "code"]
                part[0] += score
                part[1] += maximum
            maximum = parts["code"][1] + parts["written"][1]
            numbers = [*(points_text(v) for part in parts.values() for v in part), points_text(row.late_penalty),
                       points_text(row.score), points_text(maximum),
                       f"{100 * row.score / maximum:.2f}" if maximum else ""] if known else [""] * 8
            out.writerow([csv_text(row.name), csv_text(row.sids), csv_text(row.names), csv_text(row.emails),
                          csv_text(row.submitted_at), row.status, *numbers,
                          *(points_text(points.get(f, (0.0,))[0]) if known else "" for f in functions),
                          csv_text(row.reason)])


# -- histogram.png -------------------------------------------------------------

def write_histogram(path, totals, maximum):
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import pyplot
    figure, axes = pyplot.subplots(figsize=(7, 4))
    axes.hist(totals, bins=min(20, max(1, int(maximum) or 1)), range=(0, maximum or 1), edgecolor="black")
    axes.set_xlabel("total points (after late penalties)")
    axes.set_ylabel("graded submissions")
    axes.set_title(f"Totals of {len(totals)} graded submissions (max {maximum:g})")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    pyplot.close(figure)


# -- report.md -----------------------------------------------------------------

def class_report(rows, functions, title="", written=frozenset(), notes=()):
    """report.md: counts, totals and subtotals of the graded submissions only, each function's points,
    the tests failed most, syntax errors, timeouts and crashes by student, named mistakes, the slowest
    submissions, and the submissions not graded or with a harness error. notes: sentences for the top."""
    graded = [row for row in rows if row.status == GRADED]
    counts = collections.Counter(row.status for row in rows)
    maxima = collections.OrderedDict((f, 0.0) for f in functions)
    for row in graded:
        for function, (_, maximum) in row.points().items():
            maxima[function] = max(maxima.get(function, 0.0), maximum)
    lines = [f"# Class report{': ' + one_line(title) if title else ''}", "",
             f"{plural(len(rows), 'submission')}: {counts[GRADED]} graded, {counts[NOT_GRADED]} not graded "
             f"(their upload held nothing to grade), {counts[HARNESS_ERROR]} with a harness error (the grader's "
             "failure). The statistics count the graded submissions only; the others are listed at the end.", ""]
    lines += [one_line(note, 1000) for note in notes] + ([""] if notes else [])
    lines += totals_section(graded, maxima, written)
    lines += function_section(graded, maxima)
    lines += failed_most_section(graded)
    lines += faults_section(rows)
    lines += mistakes_section(rows)
    lines += slowest_section(rows)
    for status, heading in ((NOT_GRADED, "Not graded"), (HARNESS_ERROR, "Harness errors")):
        listed = [row for row in rows if row.status == status]
        if listed:
            lines += ["", f"## {heading}", ""] + [f"- {cell(row.who)}: {cell(row.reason)}" for row in listed]
    return "\n".join(lines) + "\n"


def totals_section(graded, maxima, written):
    if not graded:
        return ["No submission was graded: no statistics.", ""]
    totals = [row.score for row in graded]
    late = [row for row in graded if row.late_penalty]
    lines = [f"Totals (of {sum(maxima.values()):g}): mean {statistics.mean(totals):.2f}, median "
             f"{statistics.median(totals):g}, min {min(totals):g}, max {max(totals):g}"
             + (f", after the late penalties of {plural(len(late), 'late submission')}" if late else "") + ". "
             "See histogram.png."]
    code = [sum(s for f, (s, _) in row.points().items() if f not in written) for row in graded]
    written_points = [sum(s for f, (s, _) in row.points().items() if f in written) for row in graded]
    written_max = sum(m for f, m in maxima.items() if f in written)
    if written_max:
        lines.append(f"Code: mean {statistics.mean(code):.2f} of {sum(maxima.values()) - written_max:g}; "
                     f"written part: mean {statistics.mean(written_points):.2f} of {written_max:g} "
                     "(before late penalties).")
    return lines + [""]


def function_section(graded, maxima):
    lines = ["## Points per function", "",
             "| function | max | mean | median | full marks | partial | zero |", "|---|---|---|---|---|---|---|"]
    for function, maximum in maxima.items():
        scores = [row.points().get(function, (0.0, maximum))[0] for row in graded]
        if not scores:
            continue
        full = sum(abs(s - maximum) < 1e-9 for s in scores)
        zero = sum(s == 0 for s in scores)
        lines.append(f"| `{cell(function)}` | {maximum:g} | {statistics.mean(scores):.2f} | "
                     f"{statistics.median(scores):g} | {full} | {len(scores) - full - zero} | {zero} |")
    return lines


def failed_most_section(graded):
    """The graded tests (points above 0) that failed, most often first, each with the first message
    (in the submissions' order); failures of the grader itself are not counted."""
    failed, runs, first = collections.Counter(), collections.Counter(), {}
    for row in graded:
        for test in row.tests:
            if test["max_score"] <= 0 or test["harness"]:
                continue
            key = (test["function"], test["name"])
            runs[key] += 1
            if test["failed"]:
                failed[key] += 1
                first.setdefault(key, test["output"])
    lines = ["", "## Tests failed most", ""]
    if not failed:
        return lines + ["No graded test failed."]
    ranked = sorted(failed, key=lambda key: (-failed[key] / runs[key], -failed[key], key))
    most = ranked[0]
    lines += [f"Failed most: `{cell(most[1])}` ({failed[most]} of {plural(runs[most], 'submission')}); its first "
              f"message: {cell(one_line(first[most], 200))}", "",
              "| test | function | failed | of | rate | first message |", "|---|---|---|---|---|---|"]
    for key in ranked[:MOST_FAILED_ROWS]:
        lines.append(f"| {cell(key[1])} | `{cell(key[0])}` | {failed[key]} | {runs[key]} | "
                     f"{failed[key] / runs[key]:.0%} | {cell(one_line(first[key], 200))} |")
    if len(ranked) > MOST_FAILED_ROWS:
        lines.append(f"\n{len(ranked) - MOST_FAILED_ROWS} more tests failed at least once; see grades.csv "
                     "and each student's results.json.")
    return lines


def faults_section(rows):
    """Who had a syntax error, a timeout or a crash, with the functions it cost and the first message."""
    lines = ["", "## Syntax errors, timeouts and crashes", ""]
    found = False
    for kind, heading in FAULTS:
        listed = []
        for row in rows:
            faults = [(function, message) for k, function, message in row.faults if k == kind]
            if faults:
                functions = ", ".join(f"`{cell(f)}`" for f in dict.fromkeys(f for f, _ in faults))
                listed.append(f"- {cell(row.who)}: {functions}; first: {cell(faults[0][1])}")
        if listed:
            found = True
            lines += [f"### {heading} ({plural(len(listed), 'submission')})", "", *listed, ""]
    return lines if found else lines + ["None."]


def mistakes_section(rows):
    mistakes = collections.defaultdict(set)
    for row in rows:
        for function, mistake in row.mistakes:
            mistakes[(function, mistake)].add(row.who)
    lines = ["", "## Named mistakes", ""]
    if not mistakes:
        return lines + ["No failure matched a named mistake."]
    lines += ["| function | mistake | students | who |", "|---|---|---|---|"]
    for (function, mistake), who in sorted(mistakes.items(), key=lambda item: (-len(item[1]), item[0])):
        lines.append(f"| `{cell(function)}` | {cell(mistake)} | {len(who)} | {cell(', '.join(sorted(who)))} |")
    return lines


def slowest_section(rows):
    lines = ["", f"## Slowest submissions (the whole grading, of {len(rows)})", "",
             "| submission | seconds | status |", "|---|---|---|"]
    for row in sorted(rows, key=lambda row: -row.seconds)[:SLOWEST_ROWS]:
        lines.append(f"| {cell(row.who)} | {row.seconds:.1f} | {row.status} |")
    return lines


# -- feedback/NAME.txt ---------------------------------------------------------

def released(visibility, due_date_passed, published):
    """Whether a student sees a test of this visibility (Gradescope's rules): visible always,
    after_due_date once the due date passed, after_published once grades are published, hidden never."""
    return (visibility == "visible" or (visibility == "after_due_date" and due_date_passed)
            or (visibility == "after_published" and published))


def feedback(row, title="", due_date_passed=False, published=False):
    """The text a student may be given: the student-visible summary, the tests they may see with their
    points and messages, and the total only when every test is shown (as on Gradescope, where a test
    not shown hides the total). Nothing for instructors: no tracebacks, named mistakes or hidden output."""
    lines = [f"{one_line(title) or 'Feedback'}: {row.who}", ""]
    if row.status == HARNESS_ERROR:
        lines += ["The grader failed on this submission; this is not a problem with your code, and your "
                  "instructor will look at it.", ""]
    elif row.output:
        lines += [row.output.strip(), ""]
    shown = [test for test in row.tests if released(test["visibility"], due_date_passed, published)]
    if row.score is not None and row.tests and len(shown) == len(row.tests):
        lines += [f"Total: {row.score:g} / {row.maximum:g}"
                  + (f" (after a late penalty of {row.late_penalty:.0%})" if row.late_penalty else ""), ""]
    elif shown:
        lines += [f"Points on the tests shown here: {sum(t['score'] for t in shown):g} / "
                  f"{sum(t['max_score'] for t in shown):g}; your score also counts tests not shown here.", ""]
    for test in shown:
        mark = "FAIL" if test["failed"] else "ok  "
        lines.append(f"{mark} {test['name']}  ({test['score']:g} / {test['max_score']:g})")
        if test["failed"] and test["output"]:
            lines += [f"    {line}" for line in test["output"].splitlines()] + [""]
    return "\n".join(lines).rstrip() + "\n"


def feedback_file_name(name) -> str:
    """NAME.txt for a submission name: safe, with no path separator and no leading dot, within the
    255 bytes a file name may have."""
    name = one_line(name, 1000).replace("/", "_").replace("\\", "_").lstrip(".") or "submission"
    while len(name.encode()) > 200:
        name = name[:-1]
    return name + ".txt"


# -- all of them -----------------------------------------------------------------

def write_outputs(out, results, functions=(), written=frozenset(), title="", notes=(), due_date_passed=False,
                  published=False):
    """Write grades.csv, histogram.png, report.md and feedback/ into out; return the Rows.

    results: [(Submission, Outcome)]; functions: the function ids graded (each a column of grades.csv even
    when no submission has results); written: those that answer written questions (the written subtotal);
    notes: sentences for the top of report.md; due_date_passed, published: whether feedback files show the
    after_due_date and after_published tests."""
    rows = [read_row(submission, outcome) for submission, outcome in results]
    functions = list(dict.fromkeys([*functions, *(f for row in rows for f in row.points())]))
    graded = [row for row in rows if row.status == GRADED]
    maxima = {}
    for row in rows:
        for function, (_, maximum) in row.points().items():
            maxima[function] = max(maxima.get(function, 0.0), maximum)
    write_grades(os.path.join(out, "grades.csv"), rows, functions, written, maxima)
    write_histogram(os.path.join(out, "histogram.png"), [row.score for row in graded],
                    max([row.maximum for row in graded] or [sum(maxima.values())]))
    with open(os.path.join(out, "report.md"), "w", encoding="utf-8") as handle:
        handle.write(class_report(rows, functions, title, written, notes))
    folder = os.path.join(out, "feedback")
    os.makedirs(folder, exist_ok=True)
    used = set()
    for row in rows:
        name = feedback_file_name(row.name)
        while name in used:  # names that differ only in what safe() replaced
            name = name[:-len(".txt")] + "_.txt"
        used.add(name)
        with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
            handle.write(feedback(row, title, due_date_passed, published))
    return rows
