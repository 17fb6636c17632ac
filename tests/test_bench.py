"""The benchmark runs (its quickest mode, one part) and prints its rows; the phase
table shows the engine's phases when results.json has them; the floor is the sum of its
parts, and its checker part runs the reference on models it checks in full."""
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


def test_the_floor_is_the_sum_of_its_parts_and_bounds_the_batch_rate(capsys, monkeypatch):
    from bench import floors
    monkeypatch.setattr(floors, "fork_seconds", lambda: 0.002)
    monkeypatch.setattr(floors, "checker_seconds", lambda: 1.0)
    monkeypatch.setattr(floors.os, "cpu_count", lambda: 2)
    cases = {"reference": floors.Case("reference", [], "full", cpu=[8.0]),
             "import": floors.Case("import", [], cpu=[0.5]), "worker start": floors.Case("worker start", [], cpu=[0.2])}
    cases["reference"].documents = [{"tests": [{}] * 100, "extra_data": {"processes": 2}}]
    report = {}
    floors.report_floors(cases, report)
    # 0.5 to start, 2 x 0.2 for the workers, 100 x 0.002 for the forks, 1.0 for the checker; a batch grading
    # pays all but the start and one worker: 1.4 CPU-s, so at most 60 x 2 / 1.4 a minute on 2 cores.
    assert report["floors"]["floor_cpu_s"] == pytest.approx(2.1)
    assert report["floors"]["batch_rate_bound_per_min"] == pytest.approx(120 / 1.4)
    table = capsys.readouterr().out
    assert "target <= 1.5 CPU-s (missed)" in table and "target >= 60.0 /min (met)" in table


def test_the_checker_floor_runs_the_reference_on_the_all_right_models():
    """checker_seconds asserts that the reference printed six verdicts of OK for each model."""
    done = subprocess.run([sys.executable, "-c", "from bench import floors; print(floors.checker_seconds(runs=1))"],
                          check=False, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) > 0
