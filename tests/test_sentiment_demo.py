"""The sentiment data set is what its generator writes, and the sentiment demo
(demos/sentiment.py) runs on a small sweep and saves its plot."""
import os
import re
import struct
import subprocess
import sys

import numpy as np
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GENERATOR = os.path.join(REPO, "data", "make_sentiment.py")
DEMO = os.path.join(REPO, "demos", "sentiment.py")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# regularization, train and dev accuracy, training cross-entropy, Newton iterations, gradient norm
ROW = re.compile(r"^ *(\S+) +(\d+\.\d\d) +(\d+\.\d\d) +(\d+\.\d{4}) +(\d+) +(\S+)$", re.MULTILINE)


def test_committed_sentiment_data_is_what_the_generator_writes():
    run = subprocess.run([sys.executable, GENERATOR, "--check"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def test_sentiment_data_has_five_labels_in_three_splits():
    with open(os.path.join(REPO, "data", "sentiment.txt"), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f]
    assert len(rows) >= 2000 and os.path.getsize(os.path.join(REPO, "data", "sentiment.txt")) < 300_000
    assert {split for split, _, _ in rows} == {"train", "dev", "test"}
    for split in ("train", "dev", "test"):
        assert {label for s, label, _ in rows if s == split} == {"0", "1", "2", "3", "4"}


def run_demo(tmp_path, *options):
    env = dict(os.environ, MPLBACKEND="Agg")
    return subprocess.run([sys.executable, DEMO, "--iterations", "30", "--regularizations", "0", "0.001", "1",
                           "--out", str(tmp_path / "out"), *options],
                          cwd=str(tmp_path), env=env, capture_output=True, text=True, timeout=600)


def png_size(path):
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.slow
@pytest.mark.parametrize("vectors", ["random", "saved"])
def test_demo_prints_the_sweep_and_saves_the_plot(tmp_path, vectors):
    options = ("--vectors", "random")  # whatever out/word2vec of the working copy holds
    if vectors == "saved":  # a word2vec checkpoint: centre and outside halves stacked, 2V rows
        with open(os.path.join(REPO, "data", "corpus.txt"), encoding="utf-8") as f:
            V = len(set(f.read().lower().split())) + 1  # the dataset's words and its "UNK"
        np.save(tmp_path / "saved_params_5000.npy", np.random.default_rng(1).standard_normal((2 * V, 4)))
        options = ("--vectors", str(tmp_path / "saved_params_5000.npy"))
    run = run_demo(tmp_path, *options)
    assert run.returncode == 0, run.stdout + run.stderr
    assert ("word2vec vectors from" if vectors == "saved" else "random vectors") in run.stdout

    rows = ROW.findall(run.stdout)
    assert [float(r[0]) for r in rows] == [0.0, 0.001, 1.0], run.stdout
    assert all(0.0 <= float(a) <= 100.0 for _, train, dev, *_ in rows for a in (train, dev))
    # Every strength is trained to convergence: the gradient is ~0, and the data term of the cost grows
    # with the strength (which only holds at the minima; the unconverged sweep of the original broke it).
    assert all(float(r[5]) < 1e-8 for r in rows), run.stdout
    assert "not converged" not in run.stdout
    train_ce = [float(r[3]) for r in rows]
    assert train_ce == sorted(train_ce) and train_ce[0] < train_ce[-1], run.stdout
    best = max(rows, key=lambda r: float(r[2]))
    chosen = re.search(r"^chosen regularization (\S+): test accuracy (\d+\.\d\d)$", run.stdout, re.MULTILINE)
    assert chosen and float(chosen.group(1)) == float(best[0])
    assert float(rows[[r[0] for r in rows].index(chosen.group(1))][2]) == float(best[2])

    png = tmp_path / "out" / "reg_v_acc.png"
    width, height = png_size(png)
    assert width > 100 and height > 100
    assert f"saved {png}" in run.stdout
