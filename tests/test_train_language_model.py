"""Runs the language-model training demo (demos/train_language_model.py) for one short epoch."""
import os
import re
import subprocess
import sys

import numpy as np
import pytest

pytestmark = pytest.mark.slow

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEMO = os.path.join(REPO, "demos", "train_language_model.py")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NUMBER = r"(\d+\.\d+)"


def test_one_short_epoch_prints_its_results_and_saves_the_model_and_plots(tmp_path):
    out = tmp_path / "lm"
    proc = subprocess.run([sys.executable, DEMO, "--epochs", "1", "--batches", "5", "--out", str(out)],
                          cwd=str(tmp_path), env=dict(os.environ, MPLBACKEND="Agg"), capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    printed = proc.stdout

    epochs = re.findall(rf"^epoch (\d+): training cross-entropy {NUMBER}, validation cross-entropy {NUMBER}$",
                        printed, re.MULTILINE)
    assert [e for e, _, _ in epochs] == ["1"], printed
    assert 0 < float(epochs[0][2]) < np.log(233) + 0.1, printed  # about uniform after 5 small steps
    for split in ("train", "valid", "test"):
        assert re.search(rf"^Final {split} cross-entropy: {NUMBER}$", printed, re.MULTILINE), printed
    for context in ("i recommend this", "a waste of", "the king ruled", "she poured coffee"):
        assert len(re.findall(rf"^{context} \S+ Prob: {NUMBER}$", printed, re.MULTILINE)) == 3, printed
    for word in ("king", "coffee", "boring", "snow", "doctor"):
        block = printed.split(f"Nearest words of '{word}':\n")[1].split("\n\n")[0]
        assert len(re.findall(r"^\S+: \d+\.\d{3}$", block, re.MULTILINE)) == 5, block  # a few digits, not 16
    assert "epoch 1:" in proc.stderr  # the progress bar

    with np.load(out / "model.npz", allow_pickle=False) as model:
        shapes = {name: model[name].shape for name in model.files}
    assert shapes == {"vocab": (233,), "word_embedding_weights": (233, 16), "embed_to_hid_weights": (128, 48),
                      "hid_to_output_weights": (233, 128), "hid_bias": (128,), "output_bias": (233,)}
    for name in ("curves.png", "embeddings.png"):
        assert (out / name).read_bytes()[:8] == PNG_SIGNATURE
        assert f"saved {out / name}" in printed
    assert f"saved {out / 'model.npz'}" in printed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lm"]  # nothing written outside the output folder
