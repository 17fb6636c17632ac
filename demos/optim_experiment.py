"""The optimiser experiment on the ill-conditioned quadratic.

    python demos/optim_experiment.py [--out DIR]

Runs every configuration of ``optim.EXPERIMENT`` (reference/optim.py) on
f(theta) = 0.5 * (1000 * theta_1**2 + theta_2**2) from theta0 = (1, 1) with
tolerance 1e-3 on the gradient norm and at most 1000 iterations, prints a table
(optimizer, outcome, iterations, final f) and writes the same table to
DIR/optim_experiment.txt. DIR defaults to out/optim in the repository.

Every SGD and momentum run of that table diverges: its step is above the
stability limit of the steep direction (SGD: lr < 2/1000). So the demo also
runs, from the same start with the same tolerance, SGD at lr = 0.0019 (just
under the limit) and momentum at lr = 0.03, printed as a second table, and draws
DIR/trajectories.png in three panels: the converging runs over the contours of
f (SGD's zig-zag across the steep direction and its crawl along the shallow
one, next to momentum and Adam); |theta_1| against the iteration on a log
scale, where each diverging run of the table is a straight line of its own
slope (SGD multiplies theta_1 by 1 - 1000 lr at each step); and f against the
iteration for every run.

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
DEFAULT_OUT = os.path.join(REPO, "out", "optim")
TABLE_FILE = "optim_experiment.txt"
PLOT_FILE = "trajectories.png"

# Runs at steps that converge, drawn next to the table's Adam: (name, kind, hyper-parameters).
# SGD is stable on f only for lr < 2/1000; momentum (m an exponential average) for lr < 0.038.
CONVERGING_RUNS = (
    ("SGD lr=0.0019", "sgd", {"lr": 0.0019}),
    ("momentum lr=0.02 beta1=0.9", "momentum", {"lr": 0.02, "beta1": 0.9}),
)
# SGD at lr = 0.0019 needs about 3,600 iterations, more than the table's 1000.
CONVERGING_MAX_ITERS = 10000
# The contour panels: (theta_1 min, theta_1 max, theta_2 min, theta_2 max). The zig-zag panel
# shows SGD's first ZIGZAG_STEPS steps, before theta_2 has moved much.
BOX = (-1.15, 1.15, -0.4, 1.1)
ZIGZAG_BOX = (-1.1, 1.1, 0.875, 1.01)
ZIGZAG_STEPS = 60


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


def run_config(optim, kind, hparams, record=False, max_iters=None):
    """
    Run one configuration of the experiment with optim's own minimize and steps.

    Inputs:
    - optim: a module with the optim.py API (minimize, make_step_fn,
      ill_conditioned_f, ill_conditioned_grad and the EXPERIMENT_* settings).
    - kind: str, the optimiser kind ("sgd", "momentum", "adam", "adamw").
    - hparams: dict, keyword arguments of optim.make_step_fn for this kind.
    - record: bool, whether to record the trajectory.
    - max_iters: int, the most updates; None means optim.EXPERIMENT_MAX_ITERS.

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
        tol=optim.EXPERIMENT_TOL,
        max_iters=optim.EXPERIMENT_MAX_ITERS if max_iters is None else max_iters)
    path = None
    if record:
        final = np.array(theta, dtype=float)
        if not points or not np.array_equal(points[-1], final):
            points.append(final)
        path = np.array(points)
    return theta, iterations, status, path


def experiment(optim=None, record=False, configs=None, max_iters=None):
    """
    Run every configuration of optim.EXPERIMENT (or of configs).

    Inputs:
    - optim: a module with the optim.py API; None means the reference.
    - record: bool, whether to return the trajectories as well.
    - configs: sequence of (name, kind, hparams); None means optim.EXPERIMENT.
    - max_iters: int, the most updates of each run; None means
      optim.EXPERIMENT_MAX_ITERS.

    Returns:
    - rows: list of tuples (name, status, iterations, final_f), one per
      configuration, in order; name is str, status is "converged", "diverged"
      or "max_iters", iterations is int and final_f is the float f(theta) at
      the final theta (inf or nan when theta is not finite).
    - paths (only when record is True): list of numpy arrays of shape (K, 2),
      the trajectories in the same order.
    """
    if optim is None:
        optim = load_reference()
    rows, paths = [], []
    for name, kind, hparams in optim.EXPERIMENT if configs is None else configs:
        theta, iterations, status, path = run_config(optim, kind, hparams, record=record,
                                                     max_iters=max_iters)
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


def _contours(ax, box, levels):
    """Draw the contours of f in box (x_min, x_max, y_min, y_max) on ax, at levels levels
    spaced evenly on a log scale from 1e-2 to the box's largest value of f."""
    import matplotlib

    x0, x1, y0, y1 = box
    xs, ys = np.meshgrid(np.linspace(x0, x1, 400), np.linspace(y0, y1, 400))
    fs = 0.5 * (1000.0 * xs ** 2 + ys ** 2)
    ax.contour(xs, ys, fs, levels=np.logspace(-2, np.log10(fs.max()), levels),
               norm=matplotlib.colors.LogNorm(), cmap="Greys", linewidths=0.6, zorder=1)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel(r"$\theta_1$ (steep direction: curvature 1000)")
    ax.set_ylabel(r"$\theta_2$ (shallow direction: curvature 1)")


def plot(runs, out_path, optim):
    """
    Draw the converging trajectories over the contours of f (SGD's first steps
    zoomed in), |theta_1| of the diverging runs and f of every run against the
    iteration, in a 2 x 2 grid.

    Inputs:
    - runs: list of tuples (name, kind, status, iterations, path), path a
      numpy array of shape (K, 2), the trajectory from experiment(record=True).
      Every run is drawn in the f panel; the converging SGD runs in the zig-zag
      panel; the other converging runs over the contours (with SGD's whole path
      thin below them); the diverging ones in the |theta_1| panel.
    - out_path: str, the PNG file to write.
    - optim: the module whose ill_conditioned_f and DIVERGENCE_BOUND are drawn.

    Returns nothing; writes out_path.
    """
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ((ax_zig, ax), (ax_div, ax_f)) = plt.subplots(2, 2, figsize=(14, 11))
    _contours(ax_zig, ZIGZAG_BOX, 30)
    _contours(ax, BOX, 18)
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    markers = ["o", "s", "^", "D", "v", "P", "X"]
    for i, run in enumerate(runs):
        # One colour and one marker per run in every panel, so that the legends agree.
        style = dict(color=colors[i % len(colors)], marker=markers[i % len(markers)])
        # AdamW's weight decay changes Adam's path little here: dashed, Adam shows between the dashes.
        style["linestyle"] = "--" if run[1] == "adamw" else "-"
        _draw_run((ax_zig, ax, ax_div, ax_f), i, run, style, optim)
    _label_trajectories(ax_zig, ax, optim)
    _label_divergence(ax_div, optim)
    _label_f(ax_f, optim)
    fig.tight_layout()
    fig.savefig(out_path, dpi=100)
    plt.close(fig)


def _draw_run(axes, i, run, style, optim):
    """Draw run number i, (name, kind, status, iterations, path), with its matplotlib style: in the f
    panel, and in the zig-zag and contour panels (converging SGD), the contour panel (other
    converging runs) or the |theta_1| panel (diverging runs). axes: (zig-zag, contours, |theta_1|, f)."""
    ax_zig, ax, ax_div, ax_f = axes
    name, kind, status, iterations, path = run
    label = f"{name}: {status} after {iterations}"
    with np.errstate(over="ignore", invalid="ignore"):
        fvals = np.array([optim.ill_conditioned_f(p) for p in path])
    # Every point of a short run is marked; about 12 points of a long one.
    ax_f.plot(np.arange(1, len(path) + 1), fvals, lw=1.3, ms=5,
              markevery=max(1, len(path) // 12), label=label, **style)
    if status == "diverged":
        ax_div.plot(np.arange(len(path)), np.abs(path[:, 0]), lw=1.3, ms=6, label=label, **style)
    elif kind == "sgd":
        first = path[:ZIGZAG_STEPS + 1]
        ax_zig.plot(first[:, 0], first[:, 1], lw=0.9, ms=3.5, zorder=3,
                    label=f"{name}: its first {len(first) - 1} steps", **style)
        ax.plot(path[:, 0], path[:, 1], lw=2.5, alpha=0.35, zorder=2, color=style["color"],
                label=f"{name} (the whole path)")
        ax_zig.annotate(f"then {iterations - (len(first) - 1):,} more steps down the "
                        rf"$\theta_2$ axis to $\theta_2$ = {path[-1, 1]:.1g}",
                        (0, ZIGZAG_BOX[2]), xytext=(0, 12), textcoords="offset points",
                        ha="center", fontsize=9, bbox=dict(facecolor="white", lw=0, pad=1.5),
                        arrowprops=dict(arrowstyle="->", color=style["color"]))
    else:
        ax.plot(path[:, 0], path[:, 1], lw=1.2, ms=3, zorder=3 + i, label=label, **style)


def _label_trajectories(ax_zig, ax, optim):
    """The start and the minimum, titles and legends of the zig-zag and the contour panels."""
    for panel in (ax_zig, ax):
        panel.plot(*optim.EXPERIMENT_THETA0, "ko", ms=7, zorder=20)
        panel.annotate("start (1, 1)", optim.EXPERIMENT_THETA0, xytext=(-8, 8),
                       textcoords="offset points", ha="right", fontsize=9)
    ax.plot(0, 0, "k*", ms=13, zorder=20)
    ax.annotate("minimum (0, 0)", (0, 0), xytext=(10, -4), textcoords="offset points", fontsize=9)
    ax_zig.set_title("SGD just under its stable step (2/1000): "
                     r"$\theta_1$ flips sign at every step," "\n"
                     r"shrinking by 0.9 each time, while $\theta_2$ barely moves", fontsize=10)
    ax_zig.legend(fontsize=8, loc="upper left")
    ax.set_title("Momentum and Adam at converging steps over the contours of f", fontsize=10)
    ax.legend(fontsize=8, loc="lower left")


def _label_divergence(ax_div, optim):
    """The divergence bound, axes, title and legend of the |theta_1| panel."""
    ax_div.set_yscale("log")
    ax_div.axhline(optim.DIVERGENCE_BOUND, color="gray", ls="--", lw=1)
    ax_div.annotate(f"divergence bound {optim.DIVERGENCE_BOUND:g}", (0, optim.DIVERGENCE_BOUND),
                    xytext=(4, 4), textcoords="offset points", fontsize=8, color="gray")
    ax_div.set_xlim(left=0)
    ax_div.set_xlabel("iteration")
    ax_div.set_ylabel(r"$|\theta_1|$ (log scale)")
    ax_div.set_title("The diverging runs of the table: SGD multiplies "
                     r"$\theta_1$ by $1 - 1000\,$lr at every step" "\n"
                     "(-99 at lr = 0.1, -4 at lr = 0.005)", fontsize=10)
    ax_div.legend(fontsize=8, loc="upper left")


def _label_f(ax_f, optim):
    """Axes, title and legend of the panel of f along every run."""
    ax_f.set_xscale("log")
    ax_f.set_yscale("log")
    ax_f.set_ylim(1e-9, 1e20)
    ax_f.set_xlabel("iteration + 1 (log scale)")
    ax_f.set_ylabel(r"$f(\theta)$ (log scale)")
    ax_f.set_title(f"f along every run (converged: gradient norm below {optim.EXPERIMENT_TOL:g})",
                   fontsize=10)
    ax_f.legend(fontsize=7.5, loc="upper right")


def main(argv=None):
    """
    Command-line entry point.

    Inputs:
    - argv: list of str, the arguments (None means sys.argv[1:]).

    Returns:
    - code: int, the exit status (0).
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=DEFAULT_OUT, help="directory for the table and the plot "
                                                           "(default: out/optim in the repository)")
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)

    optim = load_reference()
    rows, paths = experiment(optim, record=True)
    table = format_table(rows)
    print(f"f(theta) = 0.5 (1000 theta_1^2 + theta_2^2), theta0 = {optim.EXPERIMENT_THETA0}, "
          f"tol = {optim.EXPERIMENT_TOL:g}, max_iters = {optim.EXPERIMENT_MAX_ITERS}")
    print(table, end="")
    extra_rows, extra_paths = experiment(optim, record=True, configs=CONVERGING_RUNS,
                                         max_iters=CONVERGING_MAX_ITERS)
    print(f"\nconverging steps for the plot (same start and tol, max_iters = {CONVERGING_MAX_ITERS}):")
    print(format_table(extra_rows), end="")
    with open(os.path.join(args.out, TABLE_FILE), "w") as fh:
        fh.write(table)
    # The converging SGD and momentum first, then the table's runs: Adam is drawn over them.
    configs = list(CONVERGING_RUNS) + list(optim.EXPERIMENT)
    runs = [(name, kind, status, iterations, path)
            for (name, kind, _), (_, status, iterations, _), path
            in zip(configs, extra_rows + rows, extra_paths + paths, strict=True)]
    plot_path = os.path.join(args.out, PLOT_FILE)
    plot(runs, plot_path, optim)
    print(f"wrote {os.path.join(args.out, TABLE_FILE)} and {plot_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
