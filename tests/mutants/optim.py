"""Mistakes students make in optim.py: the update rules, the minimize loop and dropout."""
import dataclasses

from tests.mutants import mutant

SGD, MOMENTUM = "optim.py:sgd_step", "optim.py:momentum_step"
ADAM, ADAMW = "optim.py:adam_step", "optim.py:adamw_step"
MINIMIZE, DROPOUT = "optim.py:minimize", "optim.py:dropout"

MOMENTUM_BODY = "    m_new = beta1 * m + (1 - beta1) * grad\n    theta_new = theta - lr * m_new\n"
ADAM_CORRECTION = ("    m_hat = m_new / (1 - beta1 ** t)\n    v_hat = v_new / (1 - beta2 ** t)\n"
                   "    theta_new = theta - lr * m_hat / (np.sqrt(v_hat) + eps)\n")
ADAM_RETURN = "    # END SOLUTION\n    return theta_new, m_new, v_new\n\n\ndef adamw_step"
ADAMW_BODY = ("    m_new = beta1 * m + (1 - beta1) * grad\n    v_new = beta2 * v + (1 - beta2) * grad * grad\n"
              "    m_hat = m_new / (1 - beta1 ** t)\n    v_hat = v_new / (1 - beta2 ** t)\n"
              "    theta_new = theta - lr * (m_hat / (np.sqrt(v_hat) + eps) + weight_decay * theta)\n")
ADAMW_STEP = "    theta_new = theta - lr * (m_hat / (np.sqrt(v_hat) + eps) + weight_decay * theta)\n"
LOOP_BODY = ("        g = grad_fn(theta)\n"
             "        if np.linalg.norm(g) < tol:\n"
             "            return theta, t - 1, \"converged\"\n"
             "        theta, state = step_fn(theta, g, state, t)\n"
             "        if not np.all(np.isfinite(theta)) or np.max(np.abs(theta)) > DIVERGENCE_BOUND:\n"
             "            return theta, t, \"diverged\"\n")
DROPOUT_BODY = ("    mask = rng.random(h.shape) >= p_drop\n"
                "    out = h * mask / (1 - p_drop)\n")
# From the evaluation-time shortcut to the end of dropout's solution (classic dropout edits both).
DROPOUT_REGION = ("    if not train or p_drop == 0:\n        return h.copy()\n    if rng is None:\n"
                  "        rng = np.random.default_rng()\n    # BEGIN SOLUTION (hint: keep each unit with probability "
                  "1 - p_drop, drawing from rng, and scale the kept ones so that the expectation is h) (full hint: "
                  "keep where rng.random(h.shape) >= p_drop, then divide the kept values by (1 - p_drop))\n"
                  + DROPOUT_BODY)

MUTANTS = [
    # sgd_step
    mutant("sgd_step_ascends", "optim.py", "theta_new = theta - lr * grad\n", "theta_new = theta + lr * grad\n", SGD),
    mutant("sgd_step_ignores_lr", "optim.py", "theta_new = theta - lr * grad\n", "theta_new = theta - grad\n", SGD),
    mutant("sgd_step_in_place", "optim.py", "    theta_new = theta - lr * grad\n",
           "    theta -= lr * grad\n    theta_new = theta\n", SGD),
    # momentum_step
    mutant("momentum_without_one_minus_beta", "optim.py", MOMENTUM_BODY,
           MOMENTUM_BODY.replace("(1 - beta1) * grad", "grad"), MOMENTUM),
    mutant("momentum_steps_with_grad", "optim.py", MOMENTUM_BODY,
           MOMENTUM_BODY.replace("lr * m_new", "lr * grad"), MOMENTUM),
    mutant("momentum_steps_with_old_m", "optim.py", MOMENTUM_BODY,
           MOMENTUM_BODY.replace("lr * m_new", "lr * m"), MOMENTUM),
    mutant("momentum_updates_m_in_place", "optim.py", MOMENTUM_BODY,
           "    m *= beta1\n    m += (1 - beta1) * grad\n    m_new = m\n    theta_new = theta - lr * m_new\n",
           MOMENTUM),
    # adam_step
    mutant("adam_without_bias_correction", "optim.py", ADAM_CORRECTION,
           "    theta_new = theta - lr * m_new / (np.sqrt(v_new) + eps)\n", ADAM),
    mutant("adam_bias_correction_t_plus_one", "optim.py", ADAM_CORRECTION,
           ADAM_CORRECTION.replace("** t)", "** (t + 1))"), ADAM),
    mutant("adam_bias_correction_t_from_zero", "optim.py", ADAM_CORRECTION,
           ADAM_CORRECTION.replace("** t)", "** (t - 1))"), ADAM),
    mutant("adam_eps_inside_sqrt", "optim.py", "lr * m_hat / (np.sqrt(v_hat) + eps)\n",
           "lr * m_hat / np.sqrt(v_hat + eps)\n", ADAM),
    mutant("adam_returns_corrected_moments", "optim.py", ADAM_CORRECTION + ADAM_RETURN,
           ADAM_CORRECTION + ADAM_RETURN.replace("m_new, v_new", "m_hat, v_hat"), ADAM),
    # adamw_step
    mutant("adamw_l2_in_gradient", "optim.py", ADAMW_BODY,
           "    grad = grad + weight_decay * theta\n"
           + ADAMW_BODY.replace(ADAMW_STEP, "    theta_new = theta - lr * m_hat / (np.sqrt(v_hat) + eps)\n"), ADAMW),
    mutant("adamw_decays_new_theta", "optim.py", ADAMW_STEP,
           "    theta_new = theta - lr * m_hat / (np.sqrt(v_hat) + eps)\n"
           "    theta_new = theta_new - lr * weight_decay * theta_new\n", ADAMW),
    mutant("adamw_decay_without_lr", "optim.py", ADAMW_STEP,
           "    theta_new = theta - lr * m_hat / (np.sqrt(v_hat) + eps) - weight_decay * theta\n", ADAMW),
    mutant("adamw_without_bias_correction", "optim.py", ADAMW_STEP,
           "    theta_new = theta - lr * (m_new / (np.sqrt(v_new) + eps) + weight_decay * theta)\n", ADAMW),
    # minimize
    mutant("minimize_counts_final_check", "optim.py", "return theta, t - 1, \"converged\"",
           "return theta, t, \"converged\"", MINIMIZE),
    mutant("minimize_diverged_count_off_by_one", "optim.py", "return theta, t, \"diverged\"",
           "return theta, t - 1, \"diverged\"", MINIMIZE),
    mutant("minimize_divergence_checked_first", "optim.py", LOOP_BODY,
           "        if not np.all(np.isfinite(theta)) or np.max(np.abs(theta)) > DIVERGENCE_BOUND:\n"
           "            return theta, t - 1, \"diverged\"\n"
           "        g = grad_fn(theta)\n"
           "        if np.linalg.norm(g) < tol:\n"
           "            return theta, t - 1, \"converged\"\n"
           "        theta, state = step_fn(theta, g, state, t)\n", MINIMIZE),
    mutant("minimize_bound_inclusive", "optim.py", "np.max(np.abs(theta)) > DIVERGENCE_BOUND",
           "np.max(np.abs(theta)) >= DIVERGENCE_BOUND", MINIMIZE),
    mutant("minimize_misses_nan", "optim.py", "if not np.all(np.isfinite(theta)) or np.max",
           "if np.max", MINIMIZE),
    mutant("minimize_aliases_theta0", "optim.py", "theta = np.array(theta0, dtype=np.float64)",
           "theta = np.asarray(theta0, dtype=np.float64)", MINIMIZE),
    mutant("minimize_drops_state", "optim.py", "        theta, state = step_fn(theta, g, state, t)\n",
           "        theta, _ = step_fn(theta, g, state, t)\n", MINIMIZE),
    mutant("minimize_t_from_zero", "optim.py", "        theta, state = step_fn(theta, g, state, t)\n",
           "        theta, state = step_fn(theta, g, state, t - 1)\n", MINIMIZE),
    mutant("minimize_one_update_short", "optim.py", "for t in range(1, max_iters + 1):",
           "for t in range(1, max_iters):", MINIMIZE),
    # dropout
    mutant("dropout_scale_one_over_p", "optim.py", DROPOUT_BODY,
           DROPOUT_BODY.replace("/ (1 - p_drop)", "/ p_drop"), DROPOUT),
    mutant("dropout_scale_times_keep", "optim.py", DROPOUT_BODY,
           DROPOUT_BODY.replace("/ (1 - p_drop)", "* (1 - p_drop)"), DROPOUT),
    mutant("dropout_not_inverted", "optim.py", DROPOUT_BODY,
           DROPOUT_BODY.replace(" / (1 - p_drop)", ""), DROPOUT),
    mutant("dropout_keeps_with_p_drop", "optim.py", DROPOUT_BODY,
           DROPOUT_BODY.replace(">= p_drop", "< p_drop"), DROPOUT),
    mutant("dropout_applied_at_eval", "optim.py", "    if not train or p_drop == 0:\n",
           "    if p_drop == 0:\n", DROPOUT),
    mutant("dropout_classic_scaling", "optim.py", DROPOUT_REGION,
           DROPOUT_REGION.replace("    if not train or p_drop == 0:\n",
                                  "    if not train:\n        return h * (1 - p_drop)\n    if p_drop == 0:\n")
           .replace(" / (1 - p_drop)\n", "\n"), DROPOUT),
    mutant("dropout_one_mask_for_all_rows", "optim.py", DROPOUT_BODY,
           DROPOUT_BODY.replace("rng.random(h.shape)", "rng.random(h.shape[-1])"), DROPOUT),
    mutant("dropout_own_fixed_seed_generator", "optim.py", DROPOUT_BODY,
           DROPOUT_BODY.replace("rng.random(h.shape)", "np.random.default_rng(0).random(h.shape)"), DROPOUT,
           told="dropped the same units for a generator seeded differently"),
]

# The named mistake (assignment/hints/optim.py) that a failing test must report for these mutants.
NAMED = {
    "sgd_step_ascends": "a step along the gradient",
    "momentum_without_one_minus_beta": "momentum without the (1 - beta1) factor",
    "momentum_steps_with_grad": "a step with grad instead of the new m",
    "momentum_steps_with_old_m": "a step with the old m",
    "adam_without_bias_correction": "Adam without bias correction",
    "adam_bias_correction_t_plus_one": "bias correction with t + 1",
    "adam_eps_inside_sqrt": "eps inside the square root",
    "adam_returns_corrected_moments": "returning the bias-corrected moments",
    "adamw_decays_new_theta": "decay applied to the updated parameters",
    "adamw_decay_without_lr": "decay without the learning rate",
    "minimize_counts_final_check": "counting the last gradient evaluation as an update",
    "dropout_scale_one_over_p": "dividing the kept units by p_drop",
    "dropout_scale_times_keep": "multiplying the kept units by (1 - p_drop)",
    "dropout_not_inverted": "non-inverted dropout",
}
MUTANTS = [dataclasses.replace(m, mistake=NAMED[m.name]) if m.name in NAMED else m for m in MUTANTS]
