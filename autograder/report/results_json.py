"""Gradescope's results.json: built from TestResults, written atomically."""
import json
import os
import tempfile

from autograder.sandbox.safe import safe_text


def results_document(results, execution_time, summary, extra_data):
    """extra_data: for instructors (limits, phase timings, the grader's own errors); students never see it."""
    tests = [{
        "name": r.name, "number": r.number, "score": r.score, "max_score": r.max_score,
        "status": r.status, "output": r.output, "tags": r.tags, "visibility": r.visibility,
    } for r in results]
    return {
        "score": round(sum(r.score for r in results), 6),
        "execution_time": round(execution_time, 3),
        "output": summary,
        "output_format": "text",
        "test_output_format": "text",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": extra_data,
    }


def subtotals(results, written):
    """{"code": {"score", "max_score"}, "written": {...}}: the points of the tests of the written
    answers' functions (written: a set of function ids) apart from those of all other tests."""
    parts = {part: {"score": 0.0, "max_score": 0.0} for part in ("code", "written")}
    for r in results:
        part = parts["written" if r.function_id in written else "code"]
        part["score"] += r.score
        part["max_score"] += r.max_score
    return {name: {key: round(value, 6) for key, value in part.items()} for name, part in parts.items()}


MAX_RESULTS_BYTES = 1_000_000  # results.json in all; Gradescope shows every byte of it to someone
TRUNCATED = "\n[feedback cut: the results of this submission are capped at 1 MB]"


def capped(document, limit=MAX_RESULTS_BYTES):
    """The document, with the longest test outputs and harness tracebacks cut until its JSON fits in limit bytes."""
    texts = [(test, "output") for test in document["tests"]]
    texts += [(error, "traceback") for error in document.get("extra_data", {}).get("harness_errors", [])]
    while len(json.dumps(document)) > limit:
        holder, key = max(texts, key=lambda place: len(place[0][place[1]] or ""))
        text = holder[key] or ""
        if len(text) <= len(TRUNCATED) + 100:
            break  # nothing long is left to cut: what remains is structure, not feedback
        holder[key] = text[:len(text) // 2] + TRUNCATED
    return document


def failure_document(message, execution_time, extra_data=None):
    """What to write when the grader could not grade at all: zero, with the reason."""
    return {"score": 0.0, "execution_time": round(execution_time, 3), "output": message,
            "output_format": "text", "stdout_visibility": "hidden", "tests": [], "extra_data": extra_data or {}}


def safe_document(document):
    """document with every string (keys too) made safe to print and to encode (safe.safe_text): file names
    and messages that came from the submission may hold control characters or lone surrogates."""
    def clean(value):
        if isinstance(value, str):
            return safe_text(value)
        if isinstance(value, dict):
            return {clean(key): clean(item) for key, item in value.items()}
        return [clean(item) for item in value] if isinstance(value, (list, tuple)) else value
    return clean(document)


def write_results(document, path):
    """Write JSON to path via a temporary file and a rename: never half-written, every string safe."""
    document = capped(safe_document(document))
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".results-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=2, allow_nan=False)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)
