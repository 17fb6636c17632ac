"""Correct sgd.py and optim.py written as students write them."""
from tests.variants import variant

ADAM_STEP = """    m_hat = m_new / (1 - beta1 ** t)
    v_hat = v_new / (1 - beta2 ** t)
    theta_new = theta - lr * m_hat / (np.sqrt(v_hat) + eps)
"""

VARIANTS = [
    variant("sgd_in_place_on_the_copy", "sgd.py", ("""\
        loss, grad = f(x)
        x = x - step * grad
""", """        loss, grad = f(x)
        x -= step * grad
""")),
    variant("sgd_cs224n_answer_key", "sgd.py", ("    x = np.array(x0, copy=True)\n", "    x = x0\n"), ("""\
        loss, grad = f(x)
        x = x - step * grad
""", """        loss, grad = f(x)
        x -= step * grad
""")),
    variant("sgd_step_in_two_lines", "optim.py", ("    theta_new = theta - lr * grad\n",
                                                  "    update = lr * grad\n    theta_new = theta - update\n")),
    variant("adam_bias_correction_folded", "optim.py", (ADAM_STEP, """\
    # Kingma and Ba's form: corrections folded into the step; eps scaled as the docstring's
    lr_t = lr * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
    theta_new = theta - lr_t * m_new / (np.sqrt(v_new) + eps * np.sqrt(1 - beta2 ** t))
""")),
    variant("momentum_copy_then_update", "optim.py", ("""    m_new = beta1 * m + (1 - beta1) * grad
    theta_new = theta - lr * m_new
""", """    m_new = m.copy()
    m_new *= beta1
    m_new += (1 - beta1) * grad
    theta_new = theta.copy()
    theta_new -= lr * m_new
""")),
    variant("dropout_multiply_by_scale", "optim.py", ("""    mask = rng.random(h.shape) >= p_drop
    out = h * mask / (1 - p_drop)
""", """    keep = (rng.random(h.shape) >= p_drop).astype(h.dtype)
    out = h * keep * (1.0 / (1 - p_drop))
""")),
    variant("minimize_norm_by_hand", "optim.py", ("""        g = grad_fn(theta)
        if np.linalg.norm(g) < tol:
            return theta, t - 1, "converged"
""", """        g = np.asarray(grad_fn(theta))
        if np.sqrt(np.sum(g ** 2)) < tol:
            return theta, t - 1, "converged"
""")),
]
