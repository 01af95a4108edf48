"""Day 3: 最適化手法。各関数は params をその場で更新し、履歴を state に保存する。"""

import numpy as np


def sgd(params, grads, state, lr=0.01):
    # TODO: w -= lr * g
    raise NotImplementedError


def momentum(params, grads, state, lr=0.01, momentum=0.9):
    # TODO: v = momentum * v - lr * g; w += v
    raise NotImplementedError


def nesterov(params, grads, state, lr=0.01, momentum=0.9):
    # TODO: v_prev = v; v = momentum * v - lr * g; w += -momentum * v_prev + (1 + momentum) * v
    raise NotImplementedError


def adagrad(params, grads, state, lr=0.01, eps=1e-7):
    # TODO: h += g * g; w -= lr * g / (sqrt(h) + eps)
    raise NotImplementedError


def rmsprop(params, grads, state, lr=0.01, decay=0.99, eps=1e-7):
    # TODO: h = decay * h + (1 - decay) * g * g; w -= lr * g / (sqrt(h) + eps)
    raise NotImplementedError


def adam(params, grads, state, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    # TODO: t += 1; m, v を更新; バイアス補正; w -= lr * m_hat / (sqrt(v_hat) + eps)
    raise NotImplementedError
