"""Day 5: 残差ブロック out = relu(x + relu(x @ W1 + b1) @ W2 + b2)。"""

import numpy as np


def residual_forward(x, W1, b1, W2, b2):
    """x: (N, D), W1: (D, H), b1: (H,), W2: (H, D), b2: (D,)。(out, cache) を返す。out: (N, D)。"""
    # TODO
    raise NotImplementedError


def residual_backward(dout, cache):
    """dout: (N, D)。(dx, dW1, db1, dW2, db2) を返す。"""
    # TODO: dx にはショートカット（恒等写像）経由の勾配も足す
    raise NotImplementedError
