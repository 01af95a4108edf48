"""Day 1: Affine レイヤ（out = x @ W + b, W: (D, M)）。"""

import numpy as np


def affine_forward(x, W, b):
    """x: (N, d1, ..., dk), W: (D, M), b: (M,)。(out, cache) を返す。out: (N, M)。"""
    # TODO: x を (N, D) に reshape してから
    raise NotImplementedError


def affine_backward(dout, cache):
    """dout: (N, M)。(dx, dW, db) を返す。dx は x の元の形状。"""
    # TODO
    raise NotImplementedError
