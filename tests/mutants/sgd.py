"""Mistakes students make in sgd.py (the two-line loop body, and edits of the provided loop)."""
from tests.mutants import mutant

SGD = "sgd.py:sgd"
F = "sgd.py"

MUTANTS = [
    mutant("sgd_ascends", F, "        x = x - step * grad\n", "        x = x + step * grad\n", SGD),
    mutant("sgd_ignores_step", F, "        x = x - step * grad\n", "        x = x - grad\n", SGD),
    mutant("sgd_postprocessing_before_step", F,
           "        x = x - step * grad\n        # END SOLUTION\n\n        x = postprocessing(x)\n",
           "        x = postprocessing(x)\n        x = x - step * grad\n        # END SOLUTION\n\n", SGD),
    mutant("sgd_postprocessing_ignored", F, "        x = postprocessing(x)\n", "        postprocessing(x)\n", SGD),
    mutant("sgd_one_iteration_too_few", F, "range(start_iter + 1, iterations + 1)",
           "range(start_iter + 1, iterations)", SGD),
    mutant("sgd_two_evaluations_per_step", F, "        loss, grad = f(x)\n",
           "        loss = f(x)[0]\n        grad = f(x)[1]\n", SGD),
    mutant("sgd_no_annealing", F, "        if iter % ANNEAL_EVERY == 0:\n            step *= 0.5\n", "", SGD),
    mutant("sgd_stale_gradient", F, "        loss, grad = f(x)\n        x = x - step * grad\n",
           "        if iter == start_iter + 1:\n            loss, grad = f(x)\n        x = x - step * grad\n"
           "        loss = f(x)[0]\n", SGD),
]
