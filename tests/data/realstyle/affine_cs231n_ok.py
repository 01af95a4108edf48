# day01.affine in the CS231n style: cache = (x, w, b), inputs of any shape (N, d_1, ..., d_k). Correct.
import numpy as np


def affine_forward(x, W, b):
    out = x.reshape(x.shape[0], -1).dot(W) + b
    cache = (x, W, b)
    return out, cache


def affine_backward(dout, cache):
    x, w, b = cache
    dx = dout.dot(w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T.dot(dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db
