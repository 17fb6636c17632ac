"""Runs the word2vec training demo (demos/train_word2vec.py) with a tiny budget."""
import math
import os
import re
import struct
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEMO = os.path.join(REPO, "demos", "train_word2vec.py")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def run_demo(out_dir, iterations, cwd):
    env = dict(os.environ, MPLBACKEND="Agg")
    return subprocess.run(
        [sys.executable, DEMO, "--iterations", str(iterations),
         "--out", str(out_dir)],
        cwd=str(cwd), env=env, capture_output=True, text=True, timeout=300)


def test_demo_trains_and_saves_a_png(tmp_path):
    out_dir = tmp_path / "w2v"
    proc = run_demo(out_dir, 20, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    progress = re.findall(r"^iter (\d+): (\S+)$", proc.stdout, re.MULTILINE)
    assert [int(i) for i, _ in progress] == [10, 20], proc.stdout
    losses = [float(v) for _, v in progress]
    assert all(math.isfinite(v) and v > 0 for v in losses), losses

    png = out_dir / "word_vectors.png"
    assert png.is_file()
    data = png.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    length, chunk = struct.unpack(">I4s", data[8:16])
    assert chunk == b"IHDR" and length == 13
    width, height = struct.unpack(">II", data[16:24])
    assert width > 100 and height > 100
    assert data[-12:-8] == b"\x00\x00\x00\x00" and data[-8:-4] == b"IEND"

    # the 24 plotted words are all in the corpus
    assert "not in the corpus" not in proc.stdout
    assert "saved %s" % png in proc.stdout
    # nothing is written outside the output directory
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w2v"]
