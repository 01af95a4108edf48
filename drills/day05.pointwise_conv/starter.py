"""Day 5: 1×1 畳み込み pointwise_conv_forward / pointwise_conv_backward。"""

import numpy as np


def pointwise_conv_forward(x, W, b):
    """x: (N, C, H, W), W: (F, C), b: (F,)。(out, cache) を返す。out: (N, F, H, W)。"""
    # TODO: 各画素で out[n, :, h, w] = W @ x[n, :, h, w] + b
    raise NotImplementedError


def pointwise_conv_backward(dout, cache):
    """dout: (N, F, H, W)。(dx, dW, db) を返す。"""
    # TODO
    raise NotImplementedError
