"""A graded test's result as the report stage reads it (TestResult), how its failure reads to the
student, and the gates between tests: what the plugin records for every outcome."""
import dataclasses

from autograder.sandbox.replies import Crashed, NotFound, SubmissionProblem, TimedOut

MAX_OUTPUT = 20_000  # characters of one test's message: messages quote values that student code returned
HARNESS_MESSAGE = ("The grader itself failed on this test, so it could not check your code; this is not a mistake "
                   "of yours, and your instructor can see what went wrong.")
# A test of weight 0 is advice: it reports what goes beyond the original handout and never costs a point.
ADVICE = "Advice (0 points; this costs you nothing, the handout did not ask for it):"


@dataclasses.dataclass
class TestResult:
    __test__ = False  # a record, not a test for pytest to collect
    name: str
    node: str
    function_id: str
    tags: list
    number: str
    max_score: float
    score: float
    status: str
    output: str
    visibility: str
    seconds: float
    harness_error: str | None = None  # the grader's traceback when the grader, not the student, failed
    counts_with: tuple = ()           # tests whose passing this test's points need (checks.counts_with)
    named_mistakes: list = dataclasses.field(default_factory=list)  # known mistakes its failure names (diagnose)
    fault: str | None = None          # "syntax error", "timeout" or "crash" when the call gave no value (fault_kind)


SYNTAX_ERROR_SIGNS = ("has a syntax error at line", "looks like Python 2")


def fault_kind(error) -> str | None:
    """How a call of the submission failed to give a value, for the class report: "timeout", "crash",
    "syntax error" (its file does not compile, Python 2 included), or None (a wrong value, a raise, ...)."""
    if isinstance(error, TimedOut):
        return "timeout"
    if isinstance(error, Crashed):
        return "crash"
    if isinstance(error, NotFound) and any(sign in str(error) for sign in SYNTAX_ERROR_SIGNS):
        return "syntax error"
    return None


def apply_gates(results):
    """Withhold the points of a passed test whose counts_with test ran and failed (results: every
    TestResult of the submission, from all its grading processes)."""
    by_id = {r.node: r for r in results}
    for result in results:
        gates = [by_id[g] for g in result.counts_with if g in by_id and by_id[g].status == "failed"]
        if result.status == "passed" and gates:
            result.score, result.status = 0.0, "failed"
            result.output = (f"This check passed, but its points count only together with \"{gates[0].name}\" "
                             f"({gates[0].node}), which failed: a function that does nothing could pass this "
                             "check alone. Fix that one first.")


def student_facing(error):
    """The first assertion or submission problem inside hypothesis's wrappers
    (FlakyFailure, a group of distinct failures), else the error itself."""
    if isinstance(error, (AssertionError, SubmissionProblem)):
        return error
    for inner in getattr(error, "exceptions", ()):
        found = student_facing(inner)
        if isinstance(found, (AssertionError, SubmissionProblem)):
            return found
    return error
