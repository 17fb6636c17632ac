"""The word-vector demos' 2-D projection and labelled scatter plot.

Labels are placed greedily, each at the nearest free spot around its point (no
overlap with another label or with any point), and tied to the point by a leader
line when they had to move away from it.
"""
import numpy as np

# Distances (pixels) from a point to the nearest edge of its label, tried in order.
RADII = (4, 10, 18, 28, 40, 55, 72, 92, 115, 140, 170, 200)
# Directions tried at each radius: right first, then around the circle.
DIRECTIONS = 16
PAD = 2.0  # pixels kept free around every label box
POINT_RADIUS = 4.0  # pixels around a point that no label may cover


def projection_2d(vectors):
    """
    Centre the rows of vectors and project them on the top two singular directions of their
    covariance, as CS224n's run.py does.

    Inputs:
    - vectors: numpy array of shape (n, d), one word's vector per row.

    Returns:
    - coords: numpy array of shape (n, 2).
    """
    centred = vectors - np.mean(vectors, axis=0)
    covariance = centred.T @ centred / len(vectors)
    U, _, _ = np.linalg.svd(covariance)
    return centred @ U[:, :2]


def _overlaps(box, boxes):
    """Whether box (x0, y0, x1, y1) meets any row of boxes (n, 4)."""
    if len(boxes) == 0:
        return False
    boxes = np.asarray(boxes)
    return bool(np.any((box[0] < boxes[:, 2]) & (boxes[:, 0] < box[2])
                       & (box[1] < boxes[:, 3]) & (boxes[:, 1] < box[3])))


def _crosses(a, b, segments):
    """Whether the segment from a to b (points of shape (2,)) crosses any of segments, a list of
    (start, end) pairs."""
    def side(p, q, r):
        return np.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]))

    return any(side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0
               for c, d in segments)


def _spots(point, half, frame):
    """
    The candidate places of a label, nearest first, inside the frame.

    Inputs:
    - point: numpy array of shape (2,), the labelled point in pixels.
    - half: numpy array of shape (2,), half the label box's width and height.
    - frame: tuple (x0, y0, x1, y1), the pixels the box must stay inside.

    Yields tuples (centre of shape (2,), box (x0, y0, x1, y1) of shape (4,), radius).
    """
    for radius in RADII:
        for angle in 2 * np.pi * np.arange(DIRECTIONS) / DIRECTIONS:
            # The box's nearest side or corner is `radius` away from the point towards `angle`.
            direction = np.round([np.cos(angle), np.sin(angle)], 12)
            centre = point + np.sign(direction) * (radius + half * np.abs(direction))
            box = np.concatenate([centre - half, centre + half])
            if box[0] >= frame[0] and box[1] >= frame[1] and box[2] <= frame[2] and box[3] <= frame[3]:
                yield centre, box, radius


def _at_point(point, half):
    """The spot right of the point, for a label that fits nowhere inside the frame."""
    centre = point + np.array([RADII[0] + half[0], 0])
    return centre, np.concatenate([centre - half, centre + half]), RADII[0]


def place_labels(points, sizes, frame):
    """
    Choose a box for every label, greedily, crowded points first: the nearest spot
    that covers no label or point and whose leader line crosses no other leader line
    and no other label.

    Inputs:
    - points: numpy array of shape (n, 2), the points in pixels.
    - sizes: numpy array of shape (n, 2), each label's width and height in pixels.
    - frame: tuple (x0, y0, x1, y1), the pixels the labels must stay inside.

    Returns:
    - centres: numpy array of shape (n, 2), each label's centre in pixels.
    - moved: numpy array of shape (n,) of bool, whether a label was put further
      than the first radius from its point (it then needs a leader line).
    """
    n = len(points)
    point_boxes = np.hstack([points - POINT_RADIUS, points + POINT_RADIUS])
    # Points with many neighbours have the fewest free spots: they choose first.
    distances = np.linalg.norm(points[:, None, :] - points[None, :, :], axis=2)
    order = np.argsort(-(distances < 60).sum(axis=1), kind="stable")
    centres = np.zeros((n, 2))
    moved = np.zeros(n, dtype=bool)
    placed, leaders, edges = [], [], []  # edges: the sides of the placed boxes, as segments
    for i in order:
        candidates = list(_spots(points[i], 0.5 * (sizes[i] + 2 * PAD), frame))

        def free(spot, avoid, i=i):
            centre, box, radius = spot
            return not (_overlaps(box, placed) or _overlaps(box, point_boxes)
                        or radius != RADII[0] and _crosses(points[i], centre, avoid))

        # The nearest spot that covers nothing and whose leader line crosses no other line and
        # passes under no label; failing that, one whose line crosses no other line; one whose line
        # crosses; the nearest spot inside the frame (with a line); at the point.
        spot = next((c for avoid in (leaders + edges, leaders, []) for c in candidates if free(c, avoid)),
                    None) or (candidates[0][:2] + (np.inf,) if candidates else None) \
            or _at_point(points[i], 0.5 * (sizes[i] + 2 * PAD))
        centre, box, radius = spot
        centres[i] = centre
        moved[i] = radius != RADII[0]
        placed.append(box)
        x0, y0, x1, y1 = box
        corners = [np.array(c) for c in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
        edges.extend(zip(corners, corners[1:] + corners[:1]))
        if moved[i]:
            leaders.append((points[i], centre))
    return centres, moved


def plot_words(words, coords, path, title, xlabel, ylabel, figsize=(8, 6.5)):
    """
    Save a scatter plot of the words' 2-D coordinates, every word labelled.

    Inputs:
    - words: list of n str, the labels.
    - coords: numpy array of shape (n, 2), the coordinates.
    - path: str, the PNG file to write.
    - title, xlabel, ylabel: str, the plot's title and axis labels.
    - figsize: tuple (width, height) in inches.

    Returns nothing; writes path.
    """
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=figsize)
    ax.scatter(coords[:, 0], coords[:, 1], s=14, color="tab:blue", zorder=3)
    span = np.ptp(coords, axis=0)
    span[span == 0] = 1.0
    # Room around the points for the labels that go outward.
    lo = coords.min(axis=0) - 0.15 * span
    hi = coords.max(axis=0) + 0.15 * span
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_title(title, fontsize=11)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.tight_layout()

    renderer = fig.canvas.get_renderer()
    texts = [ax.text(0, 0, word, fontsize=9, ha="center", va="center") for word in words]
    sizes = np.array([[t.get_window_extent(renderer).width, t.get_window_extent(renderer).height]
                      for t in texts])
    for t in texts:
        t.remove()
    points = ax.transData.transform(coords)
    frame = ax.get_window_extent(renderer)
    centres, moved = place_labels(points, sizes, (frame.x0, frame.y0, frame.x1, frame.y1))
    for word, xy, point, centre, leader in zip(words, coords, points, centres, moved, strict=True):
        ax.annotate(word, xy, xytext=tuple(centre - point), textcoords="offset pixels",
                    ha="center", va="center", fontsize=9, zorder=4,
                    bbox=dict(facecolor="white", alpha=0.8, linewidth=0, pad=1),
                    arrowprops=dict(arrowstyle="-", color="gray", lw=0.6, shrinkA=0, shrinkB=3)
                    if leader else None)
    fig.savefig(path, dpi=fig.dpi)
    plt.close(fig)
