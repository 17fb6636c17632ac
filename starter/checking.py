"""Finite-difference checks of language_model.py's derivatives.

check_gradients() checks the loss derivative, then the gradient of every
parameter, against centred differences of the model's own loss at sampled
entries; print_gradients() prints a few entries of them for the hand-in. Both
take a model and a batch, or, called with no arguments, use a model with
D = 8 and N_H = 64 (other sizes than training uses) and the first 100 training cases.
"""
import numpy as np

EPS = 1e-4
THRESHOLD = 1e-4
NUM_CHECKS = 1000
PARAM_NAMES = ['word_embedding_weights', 'embed_to_hid_weights', 'hid_to_output_weights', 'hid_bias', 'output_bias']


def relative_error(a, b):
    """|a - b| / (|a| + |b|): 0 when a and b agree, 1 when one of them is 0 and the other not."""
    # YOUR CODE HERE (hint: the absolute difference divided by the sum of the absolute values)
    raise NotImplementedError("relative_error: the absolute difference divided by the sum of the absolute values")
    # END YOUR CODE


def softmax(z):
    """The row-wise softmax of a B x V matrix."""
    z = z - z.max(1).reshape((-1, 1))
    y = np.exp(z)
    return y / y.sum(1).reshape((-1, 1))


def check_output_derivatives(model, input_batch, target_batch):
    """Check model.compute_loss_derivative at random softmax inputs for this batch; print the
    verdict and return whether it passed. input_batch: B x 3 indices; target_batch: (B,) indices."""
    batch_size = input_batch.shape[0]
    z = np.random.normal(size=(batch_size, model.vocab_size))
    y = softmax(z)

    expanded_target_batch = model.indicator_matrix(target_batch)
    loss_derivative = model.compute_loss_derivative(y, expanded_target_batch)

    if loss_derivative is None:
        print('Loss derivative not implemented yet.')
        return False

    if loss_derivative.shape != (batch_size, model.vocab_size):
        print(f'Loss derivative should be size {(batch_size, model.vocab_size)} '
              f'but is actually {loss_derivative.shape}.')
        return False

    def obj(z):
        return model.compute_loss(softmax(z), expanded_target_batch)

    for _ in range(NUM_CHECKS):
        i, j = np.random.randint(0, loss_derivative.shape[0]), np.random.randint(0, loss_derivative.shape[1])
        # YOUR CODE HERE (hint: move z[i, j] by +EPS and by -EPS in copies of z, take the centred difference of obj, and compare it with loss_derivative[i, j] by relative_error)
        raise NotImplementedError("check_output_derivatives: move z[i, j] by +EPS and by -EPS in copies of z, take the centred difference of obj, and compare it with loss_derivative[i, j] by relative_error")
        # END YOUR CODE
        if rel > THRESHOLD:
            print(f'The loss derivative has a relative error of {rel} at loss_derivative[{i}, {j}], which is too large.'
                  )
            return False

    print('The loss derivative looks OK.')
    return True


def check_param_gradient(model, param_name, input_batch, target_batch):
    """Check the gradient that model.back_propagate gives for one parameter (param_name, e.g.
    'hid_bias') on this batch; print the verdict and return whether it passed."""
    activations = model.compute_activations(input_batch)
    expanded_target_batch = model.indicator_matrix(target_batch)
    loss_derivative = model.compute_loss_derivative(activations.output_layer, expanded_target_batch)
    param_gradient = model.back_propagate(input_batch, activations, loss_derivative)

    def obj(model):
        return model.compute_loss(model.compute_activations(input_batch).output_layer, expanded_target_batch)

    dims = getattr(model.params, param_name).shape
    gradient = getattr(param_gradient, param_name)
    if np.shape(gradient) != dims:
        print(f'The gradient for {param_name} should be size {dims} but is actually {np.shape(gradient)}.')
        return False

    for _ in range(NUM_CHECKS):
        slc = tuple(np.random.randint(0, n) for n in dims)
        # YOUR CODE HERE (hint: move the entry slc of the parameter by +EPS and by -EPS in two copies of the model (its copy method), take the centred difference of obj, and compare it with the gradient's entry by relative_error)
        raise NotImplementedError("check_param_gradient: move the entry slc of the parameter by +EPS and by -EPS in two copies of the model (its copy method), take the centred difference of obj, and compare it with the gradient's entry by relative_error")
        # END YOUR CODE
        if rel > THRESHOLD:
            print('The gradient for {} has a relative error of {} at {}[{}], which is too large.'.format(
                param_name, rel, param_name, ', '.join(str(int(i)) for i in slc)))
            return False

    print(f'The gradient for {param_name} looks OK.')
    return True


def load_partially_trained_model():
    """(model, input_batch, target_batch): a model with D = 8 and N_H = 64 drawn with a fixed
    seed, and the first 100 training cases. Imports language_model only here, so that the
    checks of a given model need nothing but that model."""
    import language_model
    data = language_model.load_data()
    rng = np.random.RandomState(421)
    params = language_model.Params(rng.normal(0., 0.5, (len(data['vocab']), 8)), rng.normal(0., 0.5, (64, 24)),
                                   rng.normal(0., 0.5, (len(data['vocab']), 64)), rng.normal(0., 0.5, 64),
                                   rng.normal(0., 0.5, len(data['vocab'])))
    return language_model.Model(params, data['vocab']), data['train_inputs'][:100], data['train_targets'][:100]


def check_gradients(model=None, input_batch=None, target_batch=None):
    """Check the loss derivative, then the gradient of every parameter, printing one verdict
    each. model: a language_model.Model; input_batch: B x 3 indices; target_batch: (B,) indices.
    With no arguments, the model and batch of load_partially_trained_model()."""
    np.random.seed(0)
    with np.errstate(all='ignore'):  # log(0) in a perturbed loss is harmless here
        if model is None:
            model, input_batch, target_batch = load_partially_trained_model()

        if not check_output_derivatives(model, input_batch, target_batch):
            return

        for param_name in PARAM_NAMES:
            check_param_gradient(model, param_name, input_batch, target_batch)


def print_gradients(model=None, input_batch=None, target_batch=None):
    """Print the entries of the loss derivative and of the gradients that the hand-in asks for.
    Arguments as check_gradients; the model needs V >= 122, D >= 8, N_H >= 36 and B >= 6."""
    if model is None:
        model, input_batch, target_batch = load_partially_trained_model()

    # YOUR CODE HERE (hint: the activations of input_batch, the loss derivative for the indicator matrix of target_batch, and back_propagate's gradient, with the model's own methods)
    raise NotImplementedError("print_gradients: the activations of input_batch, the loss derivative for the indicator matrix of target_batch, and back_propagate's gradient, with the model's own methods")
    # END YOUR CODE

    for i, j in [(2, 5), (2, 121), (5, 33), (5, 31)]:
        print(f'loss_derivative[{i}, {j}]', loss_derivative[i, j])
    print()
    for i, j in [(27, 2), (43, 3), (22, 4), (2, 5)]:
        print(f'param_gradient.word_embedding_weights[{i}, {j}]', param_gradient.word_embedding_weights[i, j])
    print()
    for i, j in [(10, 2), (15, 3), (30, 9), (35, 21)]:
        print(f'param_gradient.embed_to_hid_weights[{i}, {j}]', param_gradient.embed_to_hid_weights[i, j])
    print()
    for i in [10, 20]:
        print(f'param_gradient.hid_bias[{i}]', param_gradient.hid_bias[i])
    print()
    for i in [0, 1, 2, 3]:
        print(f'param_gradient.output_bias[{i}]', param_gradient.output_bias[i])
