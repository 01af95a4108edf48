# day03.optimizers: Adam in the book's form (bias correction folded into the step size),
# with 1e-7 written in instead of the eps argument.
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


def adagrad(params, grads, state, lr=0.01, eps=1e-7):
    h = state.setdefault("h", {k: np.zeros_like(w) for k, w in params.items()})
    for k in params:
        h[k] = h[k] + grads[k] * grads[k]
        params[k] = params[k] - lr * grads[k] / (np.sqrt(h[k]) + eps)


def rmsprop(params, grads, state, lr=0.01, decay=0.99, eps=1e-7):
    h = state.setdefault("h", {k: np.zeros_like(w) for k, w in params.items()})
    for k in params:
        h[k] = decay * h[k] + (1 - decay) * grads[k] * grads[k]
        params[k] = params[k] - lr * grads[k] / (np.sqrt(h[k]) + eps)


class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr, self.beta1, self.beta2 = lr, beta1, beta2
        self.iter = 0
        self.m = self.v = None

    def update(self, params, grads):
        if self.m is None:
            self.m = {k: np.zeros_like(w) for k, w in params.items()}
            self.v = {k: np.zeros_like(w) for k, w in params.items()}
        self.iter += 1
        lr_t = self.lr * np.sqrt(1.0 - self.beta2 ** self.iter) / (1.0 - self.beta1 ** self.iter)
        for k in params:
            self.m[k] += (1 - self.beta1) * (grads[k] - self.m[k])
            self.v[k] += (1 - self.beta2) * (grads[k] ** 2 - self.v[k])
            params[k] -= lr_t * self.m[k] / (np.sqrt(self.v[k]) + 1e-7)


def adam(params, grads, state, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if "opt" not in state:
        state["opt"] = Adam(lr, beta1, beta2)
    state["opt"].update(params, grads)
