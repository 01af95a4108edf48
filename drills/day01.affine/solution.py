"""Day 1: Affine レイヤ（模範解答）。"""

import numpy as np


def affine_forward(x, W, b):
    x2 = x.reshape(x.shape[0], -1)
    out = x2 @ W + b
    return out, (x, x2, W)


def affine_backward(dout, cache):
    x, x2, W = cache
    dx = (dout @ W.T).reshape(x.shape)
    dW = x2.T @ dout
    db = np.sum(dout, axis=0)
    return dx, dW, db
