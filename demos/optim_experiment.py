"""The optimiser experiment on the ill-conditioned quadratic.

    python demos/optim_experiment.py [--out DIR]

Runs every configuration of ``optim.EXPERIMENT`` (reference/optim.py) on
f(theta) = 0.5 * (1000 * theta_1**2 + theta_2**2) from theta0 = (1, 1) with
tolerance 1e-3 on the gradient norm and at most 1000 iterations, prints a table
(optimizer, outcome, iterations, final f), writes the same table to
DIR/optim_experiment.txt and draws the trajectories over the contours of f in
DIR/trajectories.png. DIR defaults to the current directory.

The configurations (names, optimiser kinds, hyper-parameters, theta0, tol,
max_iters) live in reference/optim.py, as provided code, so that this demo,
the project's tests and the autograder all run the same table. ``experiment()``
below runs the table against any module with the optim.py API, by default the
reference.
"""
import argparse
import os
import sys

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE_DIR = os.path.join(REPO, "reference")

# Plot box: trajectories are drawn inside it; diverging ones are cut where they leave it.
BOX = (-1.5, 1.5, -1.5, 1.5)  # (theta_1 min, theta_1 max, theta_2 min, theta_2 max)
TABLE_FILE = "optim_experiment.txt"
PLOT_FILE = "trajectories.png"


def load_reference():
    """
    Import the reference optim module, putting reference/ on sys.path.

    Returns:
    - optim: the module reference/optim.py.
    """
    if REFERENCE_DIR not in sys.path:
        sys.path.insert(0, REFERENCE_DIR)
    import optim
    return optim


def run_config(optim, kind, hparams, record=False):
    """
    Run one configuration of the experiment with optim's own minimize and steps.

    Inputs:
    - optim: a module with the optim.py API (minimize, make_step_fn,
      ill_conditioned_f, ill_conditioned_grad and the EXPERIMENT_* settings).
    - kind: str, the optimiser kind ("sgd", "momentum", "adam", "adamw").
    - hparams: dict, keyword arguments of optim.make_step_fn for this kind.
    - record: bool, whether to record the trajectory.

    Returns a tuple of:
    - theta: numpy array of shape (2,), the final parameters.
    - iterations: int, the number of updates minimize reports.
    - status: str, "converged", "diverged" or "max_iters".
    - path: numpy array of shape (K, 2), the points the gradient was evaluated
      at followed by the final theta (consecutive duplicates removed), or None
      when record is False.
    """
    points = []

    def grad_fn(theta):
        if record:
            points.append(np.array(theta, dtype=float))
        return optim.ill_conditioned_grad(theta)

    theta, iterations, status = optim.minimize(
        grad_fn, optim.EXPERIMENT_THETA0, optim.make_step_fn(kind, **hparams),
        tol=optim.EXPERIMENT_TOL, max_iters=optim.EXPERIMENT_MAX_ITERS)
    path = None
    if record:
        final = np.array(theta, dtype=float)
        if not points or not np.array_equal(points[-1], final):
            points.append(final)
        path = np.array(points)
    return theta, iterations, status, path


def experiment(optim=None, record=False):
    """
    Run every configuration of optim.EXPERIMENT.

    Inputs:
    - optim: a module with the optim.py API; None means the reference.
    - record: bool, whether to return the trajectories as well.

    Returns:
    - rows: list of tuples (name, status, iterations, final_f), one per
      configuration, in the order of optim.EXPERIMENT; name is str, status is
      "converged", "diverged" or "max_iters", iterations is int and final_f is
      the float f(theta) at the final theta (inf or nan when theta is not finite).
    - paths (only when record is True): list of numpy arrays of shape (K, 2),
      the trajectories in the same order.
    """
    if optim is None:
        optim = load_reference()
    rows, paths = [], []
    for name, kind, hparams in optim.EXPERIMENT:
        theta, iterations, status, path = run_config(optim, kind, hparams, record=record)
        with np.errstate(over="ignore", invalid="ignore"):
            final_f = optim.ill_conditioned_f(theta)
        rows.append((name, status, int(iterations), float(final_f)))
        paths.append(path)
    return (rows, paths) if record else rows


def format_table(rows):
    """
    Format the experiment rows as a plain-text table.

    Inputs:
    - rows: list of tuples (name, status, iterations, final_f) from experiment().

    Returns:
    - table: str, a header, a rule and one line per row, newline-terminated.
    """
    header = ("optimizer", "outcome", "iterations", "final f")
    cells = [(name, status, str(iterations), f"{final_f:.3e}")
             for name, status, iterations, final_f in rows]
    widths = [max(len(r[i]) for r in [header] + cells) for i in range(4)]
    align = ["<", "<", ">", ">"]

    def line(r):
        return "  ".join(f"{c:{a}{w}}" for c, a, w in zip(r, align, widths, strict=True)).rstrip()

    out = [line(header), "  ".join("-" * w for w in widths)] + [line(r) for r in cells]
    return "\n".join(out) + "\n"


def clip_to_box(path, box=BOX):
    """
    Cut a trajectory where it first leaves the plot box.

    Inputs:
    - path: numpy array of shape (K, 2), the trajectory.
    - box: tuple (x_min, x_max, y_min, y_max), the plot box.

    Returns a tuple of:
    - clipped: numpy array of shape (K', 2), K' <= K + 1: the points up to the
      last one inside the box, followed (if the path leaves the box) by the
      point where the segment to the first outside point crosses the border.
    - left: bool, whether the path leaves the box.
    """
    x0, x1, y0, y1 = box
    inside = (np.isfinite(path).all(axis=1)
              & (path[:, 0] >= x0) & (path[:, 0] <= x1)
              & (path[:, 1] >= y0) & (path[:, 1] <= y1))
    if inside.all():
        return path, False
    k = int(np.argmin(inside))  # the first point outside
    if k == 0:
        return path[:0], True
    a, b = path[k - 1], path[k]
    if not np.isfinite(b).all():
        return path[:k], True
    d = b - a
    # the largest s in [0, 1] that keeps a + s d inside the box
    s = 1.0
    for i, (lo, hi) in enumerate(((x0, x1), (y0, y1))):
        if d[i] > 0:
            s = min(s, (hi - a[i]) / d[i])
        elif d[i] < 0:
            s = min(s, (lo - a[i]) / d[i])
    return np.vstack([path[:k], a + s * d]), True


def plot(rows, paths, out_path, optim):
    """
    Draw the trajectories over the contours of f, and f against the iteration.

    Inputs:
    - rows: list of (name, status, iterations, final_f) from experiment().
    - paths: list of numpy arrays of shape (K, 2), the trajectories.
    - out_path: str, the PNG file to write.
    - optim: the module whose ill_conditioned_f is drawn.

    Returns nothing; writes out_path.
    """
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x0, x1, y0, y1 = BOX
    fig, (ax, ax_f) = plt.subplots(1, 2, figsize=(13, 5.5))
    xs, ys = np.meshgrid(np.linspace(x0, x1, 400), np.linspace(y0, y1, 400))
    fs = 0.5 * (1000.0 * xs ** 2 + ys ** 2)
    levels = np.logspace(-3, np.log10(fs.max()), 25)
    ax.contour(xs, ys, fs, levels=levels, norm=matplotlib.colors.LogNorm(),
               cmap="Greys", linewidths=0.6)

    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    styles = ["-", "--", ":", "-", "--"]
    for i, ((name, status, iterations, _), path) in enumerate(zip(rows, paths, strict=True)):
        color, style = colors[i % len(colors)], styles[i % len(styles)]
        # Several runs share their first segment: earlier runs are drawn wider and below.
        lw = max(4.0 - 0.7 * i, 1.0)
        label = f"{name}: {status} after {iterations}"
        clipped, left = clip_to_box(path)
        ax.plot(clipped[:, 0], clipped[:, 1], style, color=color, lw=lw, zorder=2 + i,
                marker=".", ms=3, label=label)
        if left and len(clipped):
            ax.plot(*clipped[-1], "x", color=color, ms=10, mew=2, zorder=2 + i)
        with np.errstate(over="ignore", invalid="ignore"):
            fvals = np.array([optim.ill_conditioned_f(p) for p in path])
        ax_f.semilogy(np.arange(len(fvals)), fvals, style, color=color, label=name)

    ax.plot(*optim.EXPERIMENT_THETA0, "ko", ms=6, zorder=20)
    ax.plot(0, 0, "k*", ms=12, zorder=20)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel(r"$\theta_1$")
    ax.set_ylabel(r"$\theta_2$")
    ax.set_title(r"$f = \frac{1}{2}(1000\,\theta_1^2 + \theta_2^2)$ from (1, 1); "
                 "x = where a run leaves the plot", fontsize=10)
    ax.legend(fontsize=8, loc="lower left")

    ax_f.set_xscale("symlog", linthresh=10)
    ax_f.set_xlim(left=0)
    ax_f.set_ylim(1e-12, 1e20)
    ax_f.set_xlabel("iteration")
    ax_f.set_ylabel(r"$f(\theta)$")
    ax_f.set_title("f along the trajectory (diverged runs stop at |theta_i| > 1e6)",
                   fontsize=10)
    ax_f.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out_path, dpi=120)
    plt.close(fig)


def main(argv=None):
    """
    Command-line entry point.

    Inputs:
    - argv: list of str, the arguments (None means sys.argv[1:]).

    Returns:
    - code: int, the exit status (0).
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=".", help="directory for the table and the plot "
                                                   "(default: the current directory)")
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)

    optim = load_reference()
    rows, paths = experiment(optim, record=True)
    table = format_table(rows)
    print(f"f(theta) = 0.5 (1000 theta_1^2 + theta_2^2), theta0 = {optim.EXPERIMENT_THETA0}, "
          f"tol = {optim.EXPERIMENT_TOL:g}, max_iters = {optim.EXPERIMENT_MAX_ITERS}")
    print(table, end="")
    with open(os.path.join(args.out, TABLE_FILE), "w") as fh:
        fh.write(table)
    plot_path = os.path.join(args.out, PLOT_FILE)
    plot(rows, paths, plot_path, optim)
    print(f"wrote {os.path.join(args.out, TABLE_FILE)} and {plot_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
