"""The word-vector demos' 2-D projection and labelled scatter plot.

Labels are placed greedily, each at the nearest free spot around its point (no
overlap with another label or with any point), and tied to the point by a leader
line when they had to move away from it.
"""
import numpy as np

# Distances (pixels) from a point to the nearest edge of its label, tried in order.
RADII = (4, 10, 18, 28, 40, 55, 72, 92, 115, 140)
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


def place_labels(points, sizes, frame):
    """
    Choose a box for every label, greedily, crowded points first.

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
    angles = 2 * np.pi * np.arange(DIRECTIONS) / DIRECTIONS
    centres = np.zeros((n, 2))
    moved = np.zeros(n, dtype=bool)
    placed = []
    for i in order:
        w, h = sizes[i] + 2 * PAD
        best = None
        for radius in RADII:
            for angle in angles:
                dx, dy = np.cos(angle), np.sin(angle)
                # The box's nearest edge is `radius` away from the point in direction (dx, dy).
                centre = points[i] + (radius + 0.5 * w * abs(dx)) * np.array([np.sign(dx), 0]) \
                    + (radius + 0.5 * h * abs(dy)) * np.array([0, np.sign(dy)])
                box = (centre[0] - w / 2, centre[1] - h / 2, centre[0] + w / 2, centre[1] + h / 2)
                inside = (box[0] >= frame[0] and box[1] >= frame[1]
                          and box[2] <= frame[2] and box[3] <= frame[3])
                clashes = _overlaps(box, placed) + _overlaps(box, point_boxes)
                if inside and not clashes:
                    best = (centre, box, radius)
                    break
                if inside and best is None:
                    best = (centre, box, None)  # the nearest spot inside, if no free one is found
            if best is not None and best[2] is not None:
                break
        if best is None:  # nowhere inside the frame: keep the label at its point
            centre = points[i] + np.array([RADII[0] + w / 2, 0])
            best = (centre, (centre[0] - w / 2, centre[1] - h / 2, centre[0] + w / 2, centre[1] + h / 2),
                    RADII[0])
        centre, box, radius = best
        centres[i] = centre
        moved[i] = radius != RADII[0]
        placed.append(box)
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
