# day03.optimizers: AdaGrad as in the book's class, with the 1e-7 written into the update
# instead of the eps argument.
import numpy as np


def sgd(params, grads, state, lr=0.01):
    for k in params:
        params[k] = params[k] - lr * grads[k]


def momentum(params, grads, state, lr=0.01, momentum=0.9):
    v = state.setdefault("v", {k: np.zeros_like(w) for k, w in params.items()})
    for k in params:
        v[k] = momentum * v[k] - lr * grads[k]
        params[k] = params[k] + v[k]


def nesterov(params, grads, state, lr=0.01, momentum=0.9):
    v = state.setdefault("v", {k: np.zeros_like(w) for k, w in params.items()})
    for k in params:
        v_prev = v[k].copy()
        v[k] = momentum * v[k] - lr * grads[k]
        params[k] = params[k] - momentum * v_prev + (1 + momentum) * v[k]


class AdaGrad:
    def __init__(self, lr=0.01):
        self.lr = lr
        self.h = None

    def update(self, params, grads):
        if self.h is None:
            self.h = {k: np.zeros_like(w) for k, w in params.items()}
        for k in params:
            self.h[k] += grads[k] * grads[k]
            params[k] -= self.lr * grads[k] / (np.sqrt(self.h[k]) + 1e-7)


def adagrad(params, grads, state, lr=0.01, eps=1e-7):
    if "opt" not in state:
        state["opt"] = AdaGrad(lr)
    state["opt"].update(params, grads)


def rmsprop(params, grads, state, lr=0.01, decay=0.99, eps=1e-7):
    h = state.setdefault("h", {k: np.zeros_like(w) for k, w in params.items()})
    for k in params:
        h[k] = decay * h[k] + (1 - decay) * grads[k] * grads[k]
        params[k] = params[k] - lr * grads[k] / (np.sqrt(h[k]) + eps)


def adam(params, grads, state, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = state.setdefault("m", {k: np.zeros_like(w) for k, w in params.items()})
    v = state.setdefault("v", {k: np.zeros_like(w) for k, w in params.items()})
    state["t"] = t = state.get("t", 0) + 1
    for k in params:
        m[k] = beta1 * m[k] + (1 - beta1) * grads[k]
        v[k] = beta2 * v[k] + (1 - beta2) * grads[k] ** 2
        params[k] = params[k] - lr * (m[k] / (1 - beta1 ** t)) / (np.sqrt(v[k] / (1 - beta2 ** t)) + eps)
