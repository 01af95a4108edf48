"""Day 2: Inverted dropout（模範解答）。"""

import numpy as np


def dropout_forward(x, ratio, train, rng):
    if not train:
        return x.copy(), (None, ratio, False)
    mask = rng.random(x.shape) >= ratio
    out = x * mask / (1.0 - ratio)
    return out, (mask, ratio, True)


def dropout_backward(dout, cache):
    mask, ratio, train = cache
    if not train:
        return dout.copy()
    return dout * mask / (1.0 - ratio)
