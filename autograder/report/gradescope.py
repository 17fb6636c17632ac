"""Gradescope's results.json: built from TestResults, written atomically."""
import json
import os
import tempfile


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


def failure_document(message, execution_time, extra_data=None):
    """What to write when the grader could not grade at all: zero, with the reason."""
    return {"score": 0.0, "execution_time": round(execution_time, 3), "output": message,
            "output_format": "text", "stdout_visibility": "hidden", "tests": [], "extra_data": extra_data or {}}


def write_results(document, path):
    """Write JSON to path via a temporary file and a rename: never half-written."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".results-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=2, allow_nan=False)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)
