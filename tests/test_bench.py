"""The benchmark runs (its quickest mode, one part) and prints its rows; the phase
table shows the engine's phases when results.json has them."""
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "bench" / "grading_time.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("grading_time", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_one_run_of_the_subset_prints_its_row_and_target(tmp_path):
    figures = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, str(SCRIPT), "--runs", "1", "--only", "subset", "--json", str(figures)],
                          check=False, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "softmax + sigmoid (--only)" in done.stdout and "target <= 0.5 s" in done.stdout and "CPU-s" in done.stdout
    assert json.loads(figures.read_text())["subset"]["median_s"] > 0


def test_phase_table_lists_recorded_phases_or_says_there_are_none(capsys):
    bench = load_bench()
    cases = {"reference": bench.Case("reference", [], "full", timings=[2.0, 4.0, 3.0]),
             "import": bench.Case("import", [], timings=[0.1])}
    cases["reference"].documents = [{"extra_data": {"phases": {"prepare": p, "tests": 2 * p}}} for p in (0.1, 0.3, 0.2)]
    bench.report_phases(cases, {})
    table = capsys.readouterr().out
    assert "prepare" in table and "0.20 s" in table and "tests" in table and "13%" in table
    cases["reference"].documents = [{}, {}, {}]
    bench.report_phases(cases, {})
    assert "the engine recorded no phases" in capsys.readouterr().out


@pytest.mark.slow
def test_the_batch_part_grades_a_small_class_and_reports_its_rate(tmp_path):
    figures = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, str(SCRIPT), "--runs", "1", "--only", "batch", "--batch-count", "2",
                           "--batch-profile", "quick", "--batch-only", "sigmoid.py", "--json", str(figures)],
                          check=False, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "submissions/minute" in done.stdout and "target >= 1.7 x" in done.stdout
    assert "quick profile, only sigmoid.py" in done.stdout
    batch = json.loads(figures.read_text())["batch"]
    assert batch["submissions"] == 2 and batch["speed_up"] > 0
