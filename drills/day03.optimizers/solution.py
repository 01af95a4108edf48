"""Day 3: 最適化手法（模範解答）。"""

import numpy as np


def _zeros(state, name, params):
    if name not in state:
        state[name] = {k: np.zeros_like(w) for k, w in params.items()}
    return state[name]


def sgd(params, grads, state, lr=0.01):
    for k in params:
        params[k] = params[k] - lr * grads[k]


def momentum(params, grads, state, lr=0.01, momentum=0.9):
    v = _zeros(state, "v", params)
    for k in params:
        v[k] = momentum * v[k] - lr * grads[k]
        params[k] = params[k] + v[k]


def nesterov(params, grads, state, lr=0.01, momentum=0.9):
    v = _zeros(state, "v", params)
    for k in params:
        v_prev = v[k]
        v[k] = momentum * v[k] - lr * grads[k]
        params[k] = params[k] - momentum * v_prev + (1 + momentum) * v[k]


def adagrad(params, grads, state, lr=0.01, eps=1e-7):
    h = _zeros(state, "h", params)
    for k in params:
        h[k] = h[k] + grads[k] * grads[k]
        params[k] = params[k] - lr * grads[k] / (np.sqrt(h[k]) + eps)


def rmsprop(params, grads, state, lr=0.01, decay=0.99, eps=1e-7):
    h = _zeros(state, "h", params)
    for k in params:
        h[k] = decay * h[k] + (1 - decay) * grads[k] * grads[k]
        params[k] = params[k] - lr * grads[k] / (np.sqrt(h[k]) + eps)


def adam(params, grads, state, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = _zeros(state, "m", params)
    v = _zeros(state, "v", params)
    state["t"] = t = state.get("t", 0) + 1
    for k in params:
        g = grads[k]
        m[k] = beta1 * m[k] + (1 - beta1) * g
        v[k] = beta2 * v[k] + (1 - beta2) * g * g
        m_hat = m[k] / (1 - beta1**t)
        v_hat = v[k] / (1 - beta2**t)
        params[k] = params[k] - lr * m_hat / (np.sqrt(v_hat) + eps)
