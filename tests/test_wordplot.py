"""The label placement of the word plots (demos/wordplot.py): no label covers another label or a point,
no leader line crosses another."""
import importlib.util
import os

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec = importlib.util.spec_from_file_location("_wordplot_under_test", os.path.join(REPO, "demos", "wordplot.py"))
wordplot = importlib.util.module_from_spec(spec)
spec.loader.exec_module(wordplot)


def boxes_of(centres, sizes):
    return np.hstack([centres - sizes / 2, centres + sizes / 2])


def test_crowded_labels_do_not_overlap_each_other_or_the_points():
    # A cluster of 12 points within 20 pixels (as the sentiment words of the word2vec plot) and a few apart.
    rng = np.random.default_rng(0)
    points = np.vstack([400 + 20 * rng.random((12, 2)), [[100, 100], [700, 500], [150, 480]]])
    sizes = np.column_stack([rng.integers(25, 70, len(points)), np.full(len(points), 12)]).astype(float)
    frame = (0, 0, 800, 600)
    centres, moved = wordplot.place_labels(points, sizes, frame)

    boxes = boxes_of(centres, sizes)
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            a, b = boxes[i], boxes[j]
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (i, j, a, b)
        inside = (points[:, 0] > boxes[i, 0]) & (points[:, 0] < boxes[i, 2]) \
            & (points[:, 1] > boxes[i, 1]) & (points[:, 1] < boxes[i, 3])
        assert not inside.any(), (i, boxes[i], points[inside])
    assert np.all(boxes[:, :2] >= 0) and np.all(boxes[:, 2] <= 800) and np.all(boxes[:, 3] <= 600)
    # The isolated points keep their labels next to them; the crowded ones get leader lines.
    assert not moved[12:].any()
    assert moved[:12].any()
    assert np.all(np.linalg.norm(centres[12:] - points[12:], axis=1) < 60)
    leaders = [(points[i], centres[i]) for i in np.flatnonzero(moved)]
    for k, (a, b) in enumerate(leaders):
        assert not wordplot._crosses(a, b, leaders[:k] + leaders[k + 1:]), (a, b)


def test_crossing_leader_lines_are_told_apart_from_touching_or_parallel_ones():
    a, b = np.array([0.0, 0.0]), np.array([2.0, 2.0])
    assert wordplot._crosses(a, b, [(np.array([0.0, 2.0]), np.array([2.0, 0.0]))])
    assert not wordplot._crosses(a, b, [(np.array([1.0, 0.0]), np.array([3.0, 2.0]))])  # parallel
    assert not wordplot._crosses(a, b, [(np.array([3.0, 0.0]), np.array([2.5, 1.0]))])  # apart
